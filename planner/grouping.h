/*
 * grouping.h
 *	  GROUP BY ROLLUP / CUBE / GROUPING SETS and GROUPING(): planned as the
 *	  UNION ALL of one aggregation per grouping set.
 */
#ifndef QUARRY_GROUPING_H
#define QUARRY_GROUPING_H

#include "planner/bind_int.h"

/* a planner-only expression kind: GROUPING(args), until agg_rewrite */
#define EXPR_GROUPING ((Quarry__ExprKind) 120)

typedef Quarry__Expr *(*GroupItemFn) (BindCtx *cx, const PgQuery__Node *node, SelectState *st);

bool		grouping_has_sets(const PgQuery__SelectStmt *s);
bool		grouping_bind_sets(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st,
							   GroupItemFn bind_one);
Quarry__Expr *grouping_bind_func(BindCtx *cx, const PgQuery__GroupingFunc *gf);
bool		grouping_check_unused(BindCtx *cx, SelectState *st);
Quarry__Expr *grouping_rewrite(BindCtx *cx, Quarry__Expr *e, Quarry__Expr **groups, int ngroups,
							   const int *absent_ids);
Quarry__PlanNode *grouping_union(BindCtx *cx, SelectState *st, Quarry__PlanNode *agg);

#endif							/* QUARRY_GROUPING_H */
