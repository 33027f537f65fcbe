/*
 * dml_int.h
 *	  Private to planner/dml.c and planner/dml_plan.c: the helpers the
 *	  binding of INSERT, UPDATE and DELETE share.
 */
#ifndef QUARRY_DML_INT_H
#define QUARRY_DML_INT_H

#include "planner/bind_int.h"
#include "planner/dml.h"

/* What an UPDATE ... FROM or DELETE ... USING (or with subqueries) matches. */
typedef struct DmlMatch {
	PgQuery__RangeVar *target;
	PgQuery__Node **from;		/* FROM / USING items */
	size_t		nfrom;
	PgQuery__Node *where;
	PgQuery__WithClause *with;
	PgQuery__Node **set;		/* UPDATE: per table column its SET value or NULL; DELETE: NULL */
	int		   *locs;
	PgQuery__Node **ret;		/* RETURNING list */
	size_t		nret;
} DmlMatch;

/* dml.c */
Quarry__Expr *dml_assign_coerce(BindCtx *cx, Quarry__Expr *e, const CatColumn *col,
								const char *what, int location);
Quarry__PlanNode *dml_project_node(Arena *a, Quarry__PlanNode *input, Quarry__Expr **exprs,
								   int n);
Quarry__Expr *dml_default_expr(BindCtx *cx, const CatColumn *col);
bool		dml_target_columns(BindCtx *cx, const PgQuery__InsertStmt *stmt, const CatTable *t,
							   int *map, int *n);
PgQuery__SelectStmt *dml_select_of(Arena *a, PgQuery__RangeVar *rv, PgQuery__Node **vals, int n);
bool		dml_to_table(Quarry__Expr *e, const Quarry__Scan *scan);
bool		dml_set_values(BindCtx *cx, const PgQuery__UpdateStmt *stmt, const CatTable *t,
						   PgQuery__Node **vals, int *locs);
bool		dml_is_constant(const PgQuery__Node *n);

bool		dml_bind_over_table(BindCtx *cx, PgQuery__RangeVar *rv, PgQuery__Node **vals, int n,
								Quarry__Expr **out);
bool		dml_where_type(BindCtx *cx, Quarry__Expr **pred, const PgQuery__Node *where);

/* dml_conflict.c */
bool		dml_bind_conflict_update(BindCtx *cx, const PgQuery__InsertStmt *stmt,
									 InsertSelect *out);

/* dml_plan.c */
bool		dml_no_conflict(const PgQuery__InsertStmt *stmt, Err *err);
PgQuery__SelectStmt *dml_with(Arena *a, PgQuery__SelectStmt *s, PgQuery__WithClause *with);
bool		dml_bind_returning(BindCtx *cx, PgQuery__RangeVar *rv, PgQuery__Node **list, size_t n,
							   BoundSelect *ret, Quarry__Expr ***exprs);
bool		dml_bind_rewrite_returning(BindCtx *cx, const DmlMatch *m, PgQuery__Node **list,
									   size_t n, RewriteDef *out);
bool		dml_bind_matches(BindCtx *cx, const DmlMatch *m, RewriteDef *out);

#endif							/* QUARRY_DML_INT_H */
