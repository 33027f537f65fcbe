/*
 * row_compare.c
 *	  Row constructors in comparisons, bound by expansion into scalar
 *	  comparisons (a rewrite of the parse tree, then bind_expr):
 *
 *		(a, b) = (x, y)		a = x AND b = y
 *		(a, b) <> (x, y)	a <> x OR b <> y
 *		(a, b) < (x, y)		a < x OR (a = x AND b < y)  (<=, >, >= alike)
 *		(a, b) IN (r1, r2)	(a, b) = r1 OR (a, b) = r2
 *		(a, b) NOT IN (...)	(a, b) <> r1 AND (a, b) <> r2
 *
 *	  The three-valued results are PostgreSQL's: an ordering comparison
 *	  stops at the first unequal or NULL pair, and a NULL pair makes the
 *	  result NULL, which is what the OR/AND expansion yields.
 *
 *	  INTERFACE ROUTINES
 *		row_compare_applies		does this A_Expr compare row constructors?
 *		row_compare_bind		bind it
 */
#include "planner/row_compare.h"

#include <string.h>

static bool
is_row(const PgQuery__Node *n)
{
	return n != NULL && n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR;
}

/* row_compare_applies: an operator or IN list with a row constructor side. */
bool
row_compare_applies(const PgQuery__AExpr *ax)
{
	if (ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP)
		return is_row(ax->lexpr) || is_row(ax->rexpr);
	if (ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN)
		return is_row(ax->lexpr);
	return false;
}

static Quarry__Expr *
row_fail(BindCtx *cx, int location, const char *sqlstate, const char *msg)
{
	err_set(cx->err, sqlstate, "%s", msg);
	if (location >= 0)
		cx->err->position = location + 1;
	return NULL;
}

static PgQuery__Node *
op_tree(BindCtx *cx, const char *name, PgQuery__Node *l, PgQuery__Node *r, int location)
{
	PgQuery__AExpr *ax = arena_new(cx->a, PgQuery__AExpr);
	PgQuery__Node *n = arena_new(cx->a, PgQuery__Node);
	PgQuery__Node *s = arena_new(cx->a, PgQuery__Node);
	PgQuery__String *str = arena_new(cx->a, PgQuery__String);

	*str = (PgQuery__String) PG_QUERY__STRING__INIT;
	str->sval = (char *) name;
	*s = (PgQuery__Node) PG_QUERY__NODE__INIT;
	s->node_case = PG_QUERY__NODE__NODE_STRING;
	s->string = str;
	*ax = (PgQuery__AExpr) PG_QUERY__A__EXPR__INIT;
	ax->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
	ax->n_name = 1;
	ax->name = arena_array(cx->a, PgQuery__Node *, 1);
	ax->name[0] = s;
	ax->lexpr = l;
	ax->rexpr = r;
	ax->location = location;
	*n = (PgQuery__Node) PG_QUERY__NODE__INIT;
	n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	n->a_expr = ax;
	return n;
}

static PgQuery__Node *
bool_tree(BindCtx *cx, PgQuery__BoolExprType op, PgQuery__Node *x, PgQuery__Node *y)
{
	PgQuery__BoolExpr *be = arena_new(cx->a, PgQuery__BoolExpr);
	PgQuery__Node *n = arena_new(cx->a, PgQuery__Node);

	*be = (PgQuery__BoolExpr) PG_QUERY__BOOL_EXPR__INIT;
	be->boolop = op;
	be->n_args = y != NULL ? 2 : 1;
	be->args = arena_array(cx->a, PgQuery__Node *, 2);
	be->args[0] = x;
	be->args[1] = y;
	be->location = -1;
	*n = (PgQuery__Node) PG_QUERY__NODE__INIT;
	n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
	n->bool_expr = be;
	return n;
}

/*
 * expand_rows rewrites l op r (both row constructors) into scalar
 * comparisons; NULL with cx->err set on a bad comparison.
 */
static PgQuery__Node *
expand_rows(BindCtx *cx, const char *op, const PgQuery__Node *ln, const PgQuery__Node *rn,
			int location)
{
	const PgQuery__RowExpr *l = ln->row_expr;
	const PgQuery__RowExpr *r = rn->row_expr;
	int			n = (int) l->n_args;
	PgQuery__Node *acc = NULL;
	const char *strict;

	if (l->n_args != r->n_args) {
		row_fail(cx, location, ERRCODE_SYNTAX_ERROR,
				 "unequal number of entries in row expressions");
		return NULL;
	}
	if (n == 0) {
		row_fail(cx, location, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "cannot compare rows of zero length");
		return NULL;
	}
	if (strcmp(op, "=") == 0 || strcmp(op, "<>") == 0 || strcmp(op, "!=") == 0) {
		bool		eq = op[0] == '=';

		for (int i = n - 1; i >= 0; i--) {
			PgQuery__Node *c = op_tree(cx, eq ? "=" : "<>", l->args[i], r->args[i], location);

			acc = acc == NULL ? c :
				bool_tree(cx, eq ? PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR :
						  PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, c, acc);
		}
		return acc;
	}
	if (strcmp(op, "<") == 0 || strcmp(op, "<=") == 0)
		strict = "<";
	else if (strcmp(op, ">") == 0 || strcmp(op, ">=") == 0)
		strict = ">";
	else {
		row_fail(cx, location, ERRCODE_UNDEFINED_FUNCTION,
				 "could not determine interpretation of row comparison operator");
		return NULL;
	}
	/* a1 op' x1 OR (a1 = x1 AND (... an op xn)) */
	acc = op_tree(cx, op, l->args[n - 1], r->args[n - 1], location);
	for (int i = n - 2; i >= 0; i--) {
		PgQuery__Node *lt = op_tree(cx, strict, l->args[i], r->args[i], location);
		PgQuery__Node *eq = op_tree(cx, "=", l->args[i], r->args[i], location);

		acc = bool_tree(cx, PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, lt,
						bool_tree(cx, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, eq, acc));
	}
	return acc;
}

/* expand_in: (a, b) IN (r1, ...) as ORed row equalities, NOT IN as ANDed <>. */
static PgQuery__Node *
expand_in(BindCtx *cx, const PgQuery__AExpr *ax, bool negate)
{
	const PgQuery__List *list = ax->rexpr->list;
	PgQuery__Node *acc = NULL;

	for (int i = (int) list->n_items - 1; i >= 0; i--) {
		PgQuery__Node *c;

		if (!is_row(list->items[i])) {
			row_fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					 "comparing a row constructor with a non-row value is not supported yet");
			return NULL;
		}
		if ((c = expand_rows(cx, negate ? "<>" : "=", ax->lexpr, list->items[i],
							 ax->location)) == NULL)
			return NULL;
		acc = acc == NULL ? c :
			bool_tree(cx, negate ? PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR :
					  PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, c, acc);
	}
	return acc;
}

/* row_compare_bind binds an A_Expr row_compare_applies accepted. */
Quarry__Expr *
row_compare_bind(BindCtx *cx, const PgQuery__AExpr *ax)
{
	const char *name;
	PgQuery__Node *tree;

	if (ax->n_name < 1 || ax->name[ax->n_name - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return row_fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
						"this kind of expression is not supported yet");
	name = ax->name[ax->n_name - 1]->string->sval;
	if (ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN) {
		if (ax->rexpr == NULL || ax->rexpr->node_case != PG_QUERY__NODE__NODE_LIST)
			return row_fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
							"this kind of expression is not supported yet");
		tree = expand_in(cx, ax, strcmp(name, "<>") == 0);
	} else if (!is_row(ax->lexpr) || !is_row(ax->rexpr))
		return row_fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
						"comparing a row constructor with a non-row value is not supported yet");
	else
		tree = expand_rows(cx, name, ax->lexpr, ax->rexpr, ax->location);
	return tree != NULL ? bind_expr(cx, tree) : NULL;
}
