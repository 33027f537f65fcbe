/*
 * write_match.h
 *	  The rows an UPDATE ... FROM, a DELETE ... USING or a DELETE/UPDATE
 *	  whose WHERE has subqueries matches (plan.proto Write.matches): a map
 *	  from a table row's values (NULLs equal) to its new values.
 *
 *	  The matches plan outputs the table's columns of every matched row,
 *	  then (UPDATE) each column's new value.  A stored row whose values
 *	  equal a matched row's is matched: a row's match depends only on its
 *	  values, so equal rows are matched alike.  A row matched several
 *	  times takes the first match's new values, as PostgreSQL takes one.
 *	  ON CONFLICT DO NOTHING uses the same map of a unique key's values.
 */
#ifndef QUARRY_WRITE_MATCH_H
#define QUARRY_WRITE_MATCH_H

#include <stdbool.h>

#include "exec/op.h"

typedef struct WriteMatch WriteMatch;

WriteMatch *write_match_new(Arena *a, int ncols);
bool		write_match_keep(WriteMatch *m, const Batch *b, Err *err) MUST_CHECK;
WriteMatch *write_match_build(ExecCtx *cx, const Quarry__PlanNode *plan, int ncols, Err *err);
bool		write_match_find(WriteMatch *m, const Batch *b, uint32_t row, const Batch **mb,
							 uint32_t *mrow);
bool		write_match_has(WriteMatch *m, const Batch *b, uint32_t row);
void		write_match_add(WriteMatch *m, const Batch *b, uint32_t row);
void		write_match_free(WriteMatch *m);

#endif							/* QUARRY_WRITE_MATCH_H */
