/*
 * bind_int.h
 *	  Private to the binder: the binding context and expression helpers.
 */
#ifndef QUARRY_BIND_INT_H
#define QUARRY_BIND_INT_H

#include "planner/bind.h"

/* Planner-only expression kind: a reference to aggregate number `column`. */
#define EXPR_AGGREF ((Quarry__ExprKind) 100)

/*
 * A decimal literal such as 1.5 is numeric in PostgreSQL, which Quarry does
 * not have yet.  It stays an untyped constant holding its text, marked by
 * this column value, until a cast or an operator gives it double precision
 * or an integer type; anywhere else it is 0A000.
 */
#define NUMERIC_LITERAL_MARK (-2)

typedef struct BindCtx {
	Arena	   *a;
	const Catalog *cat;
	CatTable   *table;			/* the FROM table, or NULL */
	const char *alias;			/* the name the table goes by in this query */
	bool		in_agg_arg;		/* binding an aggregate's argument */
	bool		aggs_allowed;
	bool		grouped;		/* the query has an Aggregate */
	int			naggs;
	int			aggs_cap;
	Quarry__AggCall **aggs;
	Err		   *err;
} BindCtx;

Quarry__Expr *bind_expr(BindCtx *cx, const PgQuery__Node *node);
Quarry__Expr *bind_coerce(BindCtx *cx, Quarry__Expr *e, TypeId target, int location);
Quarry__Expr *expr_const(Arena *a, const Value *v);
Quarry__Expr *expr_column(Arena *a, int column, TypeId type);
bool		expr_equal(const Quarry__Expr *x, const Quarry__Expr *y);
bool		expr_has_aggref(const Quarry__Expr *e);
bool		expr_const_value(const Quarry__Expr *e, Value *out);
int			node_location(const PgQuery__Node *node);
bool		expr_is_numeric_literal(const Quarry__Expr *e);
bool		numeric_unsupported(BindCtx *cx, int location);
const char *figure_colname(const PgQuery__Node *node);

#endif							/* QUARRY_BIND_INT_H */
