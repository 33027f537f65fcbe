/*
 * storage.h
 *	  What the binder asks of the storage layer, in three hooks:
 *
 *	  storage_fill_scan    a table's scan learns its columns' stored ids,
 *	                       their missing values and the table's OID
 *	                       (rel_materialize calls it);
 *	  storage_view_query   a view in FROM becomes its stored query, as a
 *	                       derived table with the view's column names
 *	                       (range_var_item calls it);
 *	  storage_table_function  read_csv(...) in FROM, a relation of external
 *	                       files (readcsv.c; bind_from_node calls it);
 *	  storage_push_filters copies the conjuncts of each Filter right above
 *	                       a Scan into the Scan, so it can skip row groups
 *	                       by their min/max (bind_select calls it last).
 */
#ifndef QUARRY_STORAGE_H
#define QUARRY_STORAGE_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/err.h"
#include "pg_query.pb-c.h"
#include "plan.pb-c.h"
#include "planner/catalog.h"

#define VIEW_MAX_DEPTH 64

void		storage_fill_scan(Arena *a, const CatTable *t, Quarry__Scan *scan);
CatTable   *storage_table_function(Arena *a, const PgQuery__RangeFunction *rf, Err *err);
void		storage_set_csv_dirs(const char *dirs);
bool		storage_csv_path_allowed(const char *real);
bool		storage_view_query(Arena *a, const CatTable *t, int depth,
							   const PgQuery__Node **query, Err *err) MUST_CHECK;
void		storage_push_filters(Arena *a, Quarry__PlanNode *root);
void		storage_walk_plan(Quarry__PlanNode *root,
							  void (*fn) (void *arg, Quarry__PlanNode *n), void *arg);

#endif							/* QUARRY_STORAGE_H */
