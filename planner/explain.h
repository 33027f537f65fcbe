/*
 * explain.h
 *	  EXPLAIN: a plan fragment as indented text lines, one node a line.
 */
#ifndef QUARRY_EXPLAIN_H
#define QUARRY_EXPLAIN_H

#include "common/arena.h"
#include "plan.pb-c.h"
#include "planner/distribute.h"

/* explain_lines returns the lines of root's plan (NULL-terminated). */
const char **explain_lines(Arena *a, const Quarry__PlanNode *root, int *nlines);
const char **explain_stage_lines(Arena *a, const DistPlan *plan, const char *const *extra,
								 const int64_t *const *node_rows,
								 const int64_t *const *node_time_us, const int *nnodes,
								 int *nlines);
const char *explain_stage_output(Arena *a, const DistStage *st);

#endif							/* QUARRY_EXPLAIN_H */
