/*
 * func.c
 *	  Binding scalar functions and the special expression forms: CASE,
 *	  COALESCE, NULLIF, GREATEST/LEAST, IN lists, BETWEEN, LIKE/ILIKE,
 *	  IS [NOT] DISTINCT FROM, and the date and interval operators.
 *
 *	  Result types follow PostgreSQL: CASE, COALESCE and IN lists take
 *	  select_common_type's type (ELSE counts first in a CASE; a category
 *	  mismatch is 42804), functions resolve their overloads the way
 *	  PostgreSQL's implicit casts do (round(int) is double precision,
 *	  round(int, int) numeric), and a call nothing matches is 42883 with
 *	  PostgreSQL's hint.
 */
#include "planner/bind_int.h"
#include "planner/syscat.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "wire/typeio.h"

#define MAX_ARGS 8

static Quarry__Expr *
node(BindCtx *cx, Quarry__ExprKind kind, TypeId type, int nargs)
{
	Quarry__Expr *e = arena_new(cx->a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = kind;
	e->type = type;
	e->n_args = (size_t) nargs;
	e->args = arena_array(cx->a, Quarry__Expr *, nargs > 0 ? nargs : 1);
	return e;
}

static Quarry__Expr *
fail(BindCtx *cx, int location, const char *sqlstate, const char *msg)
{
	err_set(cx->err, sqlstate, "%s", msg);
	if (location >= 0)
		cx->err->position = location + 1;
	return NULL;
}

/* bind_func_node makes an EXPR_FUNC node over args. */
Quarry__Expr *
bind_func_node(BindCtx *cx, Quarry__ScalarFunc fn, TypeId type, int nargs, Quarry__Expr **args)
{
	Quarry__Expr *e = node(cx, QUARRY__EXPR_KIND__EXPR_FUNC, type, nargs);

	e->func = fn;
	for (int i = 0; i < nargs; i++)
		e->args[i] = args[i];
	return e;
}

static Quarry__Expr *
op_node(BindCtx *cx, Quarry__ExprOp op, TypeId type, Quarry__Expr *l, Quarry__Expr *r)
{
	Quarry__Expr *e = node(cx, QUARRY__EXPR_KIND__EXPR_OP, type, r ? 2 : 1);

	e->op = op;
	e->args[0] = l;
	if (r)
		e->args[1] = r;
	return e;
}

/* ---- select_common_type ---- */

static char
category(TypeId t)
{
	if (type_is_numeric(t) || type_is_oid(t))
		return 'N';				/* oid and the reg* types are numeric, as in pg_type */
	if (t == TYPE_UNKNOWN)
		return 'X';
	if (type_is_string(t))
		return 'S';
	if (t == TYPE_DATE || t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMPTZ)
		return 'D';
	if (t == TYPE_INTERVAL)
		return 'T';
	if (t == TYPE_BOOL)
		return 'B';
	return 'U';
}

static int
numeric_rank(TypeId t)
{
	switch (t) {
		case TYPE_INT2:
			return 1;
		case TYPE_INT4:
			return 2;
		case TYPE_INT8:
			return 3;
		case TYPE_NUMERIC:
			return 4;
		case TYPE_FLOAT4:
			return 5;			/* numeric casts to real implicitly, real to float8 */
		case TYPE_OID:
		case TYPE_REGCLASS:
		case TYPE_REGTYPE:
		case TYPE_REGPROC:
		case TYPE_REGNAMESPACE:
			return 7;			/* integers cast to oid implicitly, not back */
		default:
			return 6;
	}
}

/* implicit says whether PostgreSQL casts from to to implicitly. */
static bool
implicit(TypeId from, TypeId to)
{
	if (from == to)
		return true;
	if (category(from) == 'N' && category(to) == 'N')
		return numeric_rank(from) < numeric_rank(to);
	if (category(from) == 'S' && category(to) == 'S')
		return true;
	return (from == TYPE_DATE && (to == TYPE_TIMESTAMP || to == TYPE_TIMESTAMPTZ)) ||
		(from == TYPE_TIMESTAMP && to == TYPE_TIMESTAMPTZ);
}

static bool
preferred(TypeId t)
{
	return t == TYPE_FLOAT8 || t == TYPE_TEXT || t == TYPE_INTERVAL || t == TYPE_BOOL ||
		t == TYPE_TIMESTAMPTZ;
}

/*
 * select_common is PostgreSQL's select_common_type over exprs (in that
 * order); context names the construct in the 42804 message, or NULL to
 * return TYPE_UNKNOWN without an error.
 */
static TypeId
select_common(BindCtx *cx, Quarry__Expr **exprs, const int *locs, int n, const char *context)
{
	TypeId		ptype = (TypeId) exprs[0]->type;

	for (int i = 1; i < n; i++) {
		TypeId		ntype = (TypeId) exprs[i]->type;

		if (ntype == TYPE_UNKNOWN || ntype == ptype)
			continue;
		if (ptype == TYPE_UNKNOWN)
			ptype = ntype;
		else if (category(ntype) != category(ptype)) {
			char		msg[200];

			if (context == NULL)
				return TYPE_UNKNOWN;
			snprintf(msg, sizeof(msg), "%s types %s and %s cannot be matched", context,
					 type_info(ptype)->name, type_info(ntype)->name);
			fail(cx, locs[i], ERRCODE_DATATYPE_MISMATCH, msg);
			return TYPE_UNKNOWN;
		} else if (!preferred(ptype) && implicit(ptype, ntype) && !implicit(ntype, ptype))
			ptype = ntype;
	}
	return ptype == TYPE_UNKNOWN ? TYPE_TEXT : ptype;
}

static bool
coerce_all(BindCtx *cx, Quarry__Expr **exprs, const int *locs, int n, TypeId t)
{
	for (int i = 0; i < n; i++)
		if ((exprs[i] = bind_coerce(cx, exprs[i], t, locs[i])) == NULL)
			return false;
	return true;
}

/* ---- CASE, COALESCE, GREATEST/LEAST, NULLIF ---- */

static Quarry__Expr *
bind_bool_arg(BindCtx *cx, const PgQuery__Node *n, const char *what)
{
	Quarry__Expr *e = bind_expr(cx, n);
	char		msg[160];

	if (e == NULL)
		return NULL;
	if (e->type == TYPE_UNKNOWN)
		e = bind_coerce(cx, e, TYPE_BOOL, node_location(n));
	if (e != NULL && e->type != TYPE_BOOL) {
		snprintf(msg, sizeof(msg), "argument of %s must be type boolean, not type %s", what,
				 type_info((TypeId) e->type)->name);
		return fail(cx, node_location(n), ERRCODE_DATATYPE_MISMATCH, msg);
	}
	return e;
}

static Quarry__Expr *no_match(BindCtx *cx, const char *name, Quarry__Expr **args, int n,
							  int location, bool op);

/* common_pair casts a compared pair to their common type; 42883 when none. */
static bool
common_pair(BindCtx *cx, const char *opname, Quarry__Expr **pair, int location)
{
	TypeId		t = bind_common_type((TypeId) pair[0]->type, (TypeId) pair[1]->type);

	if (t == TYPE_UNKNOWN) {
		no_match(cx, opname, pair, 2, location, true);
		return false;
	}
	return (pair[0] = bind_coerce(cx, pair[0], t, location)) != NULL &&
		(pair[1] = bind_coerce(cx, pair[1], t, location)) != NULL;
}

/* eq_node binds l = r with the operator's implicit casts. */
static Quarry__Expr *
eq_node(BindCtx *cx, Quarry__Expr *l, Quarry__Expr *r, int location)
{
	Quarry__Expr *pair[2] = {l, r};

	if (!common_pair(cx, "=", pair, location))
		return NULL;
	return op_node(cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, pair[0], pair[1]);
}

static Quarry__Expr *
null_const(BindCtx *cx, TypeId t)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = t;
	v.is_null = true;
	return expr_const(cx->a, &v);
}

/*
 * bind_case binds searched and simple CASE: args are WHEN, THEN pairs then
 * ELSE (NULL when absent); a simple CASE compares its operand with = .
 */
Quarry__Expr *
bind_case(BindCtx *cx, const PgQuery__CaseExpr *ce)
{
	int			n = (int) ce->n_args;
	Quarry__Expr *e = node(cx, QUARRY__EXPR_KIND__EXPR_CASE, TYPE_UNKNOWN, 2 * n + 1);
	Quarry__Expr **results = arena_array(cx->a, Quarry__Expr *, n + 1);
	int		   *locs = arena_array(cx->a, int, n + 1);
	Quarry__Expr *operand = NULL;
	TypeId		t;

	if (ce->arg != NULL && (operand = bind_expr(cx, ce->arg)) == NULL)
		return NULL;
	for (int i = 0; i < n; i++) {
		const PgQuery__CaseWhen *w = ce->args[i]->case_when;
		Quarry__Expr *cond;

		if (operand != NULL) {
			Quarry__Expr *val = bind_expr(cx, w->expr);

			cond = val ? eq_node(cx, operand, val, w->location) : NULL;
		} else
			cond = bind_bool_arg(cx, w->expr, "CASE/WHEN");
		if (cond == NULL || (results[i + 1] = bind_expr(cx, w->result)) == NULL)
			return NULL;
		e->args[2 * i] = cond;
		locs[i + 1] = node_location(w->result);
	}
	/* PostgreSQL puts ELSE first when it picks the result type */
	results[0] = ce->defresult ? bind_expr(cx, ce->defresult) : null_const(cx, TYPE_UNKNOWN);
	locs[0] = ce->defresult ? node_location(ce->defresult) : -1;
	if (results[0] == NULL ||
		(t = select_common(cx, results, locs, n + 1, "CASE")) == TYPE_UNKNOWN ||
		!coerce_all(cx, results, locs, n + 1, t))
		return NULL;
	for (int i = 0; i < n; i++)
		e->args[2 * i + 1] = results[i + 1];
	e->args[2 * n] = results[0];
	e->type = t;
	return e;
}

static Quarry__Expr *
bind_list(BindCtx *cx, Quarry__ExprKind kind, PgQuery__Node **items, int n, const char *context)
{
	Quarry__Expr *e = node(cx, kind, TYPE_UNKNOWN, n);
	int		   *locs = arena_array(cx->a, int, n + 1);
	TypeId		t;

	for (int i = 0; i < n; i++) {
		if ((e->args[i] = bind_expr(cx, items[i])) == NULL)
			return NULL;
		locs[i] = node_location(items[i]);
	}
	if ((t = select_common(cx, e->args, locs, n, context)) == TYPE_UNKNOWN ||
		!coerce_all(cx, e->args, locs, n, t))
		return NULL;
	e->type = t;
	return e;
}

Quarry__Expr *
bind_coalesce(BindCtx *cx, const PgQuery__CoalesceExpr *ce)
{
	return bind_list(cx, QUARRY__EXPR_KIND__EXPR_COALESCE, ce->args, (int) ce->n_args, "COALESCE");
}

Quarry__Expr *
bind_min_max(BindCtx *cx, const PgQuery__MinMaxExpr *mm)
{
	bool		greatest = mm->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
	Quarry__Expr *e = bind_list(cx, QUARRY__EXPR_KIND__EXPR_FUNC, mm->args, (int) mm->n_args,
								greatest ? "GREATEST" : "LEAST");

	if (e == NULL)
		return NULL;
	e->func = greatest ? QUARRY__SCALAR_FUNC__FN_GREATEST : QUARRY__SCALAR_FUNC__FN_LEAST;
	return e;
}

/* nullif is CASE WHEN l = r THEN NULL ELSE l END, with l's type. */
static Quarry__Expr *
bind_nullif(BindCtx *cx, const PgQuery__AExpr *ax)
{
	Quarry__Expr *l = bind_expr(cx, ax->lexpr);
	Quarry__Expr *r = l ? bind_expr(cx, ax->rexpr) : NULL;
	Quarry__Expr *cond;
	Quarry__Expr *e;

	if (r == NULL)
		return NULL;
	if (l->type == TYPE_UNKNOWN && (l = bind_coerce(cx, l, TYPE_TEXT, -1)) == NULL)
		return NULL;
	if ((cond = eq_node(cx, l, r, ax->location)) == NULL)
		return NULL;
	e = node(cx, QUARRY__EXPR_KIND__EXPR_CASE, (TypeId) l->type, 3);
	e->args[0] = cond;
	e->args[1] = null_const(cx, (TypeId) l->type);
	e->args[2] = l;
	return e;
}

/* ---- IN lists, BETWEEN, DISTINCT FROM ---- */

static Quarry__Expr *
not_node(BindCtx *cx, Quarry__Expr *x)
{
	Quarry__Expr *e = node(cx, QUARRY__EXPR_KIND__EXPR_NOT, TYPE_BOOL, 1);

	e->args[0] = x;
	return e;
}

static Quarry__Expr *
bind_in_list(BindCtx *cx, const PgQuery__AExpr *ax, bool negate)
{
	const PgQuery__List *list = ax->rexpr->list;
	int			n = (int) list->n_items + 1;
	Quarry__Expr *e = node(cx, QUARRY__EXPR_KIND__EXPR_IN_LIST, TYPE_BOOL, n);
	int		   *locs = arena_array(cx->a, int, n);
	TypeId		t;

	if ((e->args[0] = bind_expr(cx, ax->lexpr)) == NULL)
		return NULL;
	locs[0] = node_location(ax->lexpr);
	for (int i = 1; i < n; i++) {
		if ((e->args[i] = bind_expr(cx, list->items[i - 1])) == NULL)
			return NULL;
		locs[i] = node_location(list->items[i - 1]);
	}
	t = select_common(cx, e->args, locs, n, NULL);
	if (t == TYPE_UNKNOWN) {
		/* no common type: the error of the first = that fails */
		for (int i = 1; i < n; i++)
			if (eq_node(cx, e->args[0], e->args[i], ax->location) == NULL)
				return NULL;
		return fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"IN lists of mixed types are not supported yet");
	}
	if (t == TYPE_BPCHAR && e->args[0]->type != TYPE_BPCHAR)
		t = TYPE_TEXT;
	if (!coerce_all(cx, e->args, locs, n, t))
		return NULL;
	return negate ? not_node(cx, e) : e;
}

static Quarry__Expr *
cmp_node(BindCtx *cx, Quarry__ExprOp op, Quarry__Expr *l, Quarry__Expr *r, int location)
{
	Quarry__Expr *pair[2] = {l, r};
	const char *name = op == QUARRY__EXPR_OP__OP_GE ? ">=" : op == QUARRY__EXPR_OP__OP_LE ? "<=" : "<>";

	if (!common_pair(cx, name, pair, location))
		return NULL;
	return op_node(cx, op, TYPE_BOOL, pair[0], pair[1]);
}

static Quarry__Expr *
and_or(BindCtx *cx, Quarry__ExprKind kind, Quarry__Expr *x, Quarry__Expr *y)
{
	Quarry__Expr *e = node(cx, kind, TYPE_BOOL, 2);

	e->args[0] = x;
	e->args[1] = y;
	return e;
}

/*
 * bind_between rewrites x BETWEEN a AND b as x >= a AND x <= b, as
 * PostgreSQL does; SYMMETRIC ORs in the swapped bounds, NOT negates.
 */
static Quarry__Expr *
bind_between(BindCtx *cx, const PgQuery__AExpr *ax)
{
	const PgQuery__List *list = ax->rexpr->list;
	bool		negate = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
		ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
	bool		sym = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
		ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
	Quarry__Expr *x = bind_expr(cx, ax->lexpr);
	Quarry__Expr *lo = x ? bind_expr(cx, list->items[0]) : NULL;
	Quarry__Expr *hi = lo ? bind_expr(cx, list->items[1]) : NULL;
	Quarry__Expr *a;
	Quarry__Expr *b;
	Quarry__Expr *e;

	if (hi == NULL)
		return NULL;
	if ((a = cmp_node(cx, QUARRY__EXPR_OP__OP_GE, x, lo, ax->location)) == NULL ||
		(b = cmp_node(cx, QUARRY__EXPR_OP__OP_LE, x, hi, ax->location)) == NULL)
		return NULL;
	e = and_or(cx, QUARRY__EXPR_KIND__EXPR_AND, a, b);
	if (sym) {
		Quarry__Expr *c = cmp_node(cx, QUARRY__EXPR_OP__OP_GE, x, hi, ax->location);
		Quarry__Expr *d = cmp_node(cx, QUARRY__EXPR_OP__OP_LE, x, lo, ax->location);

		if (c == NULL || d == NULL)
			return NULL;
		e = and_or(cx, QUARRY__EXPR_KIND__EXPR_OR, e, and_or(cx, QUARRY__EXPR_KIND__EXPR_AND, c, d));
	}
	return negate ? not_node(cx, e) : e;
}

static Quarry__Expr *
is_null_node(BindCtx *cx, Quarry__Expr *x, bool is_null)
{
	Quarry__Expr *e = node(cx, is_null ? QUARRY__EXPR_KIND__EXPR_IS_NULL :
						   QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL, TYPE_BOOL, 1);

	e->args[0] = x;
	return e;
}

static Quarry__Expr *
bool_const(BindCtx *cx, bool b)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = TYPE_BOOL;
	v.u.b = b;
	return expr_const(cx->a, &v);
}

/*
 * x IS DISTINCT FROM y: CASE WHEN x IS NULL THEN y IS NOT NULL WHEN y IS
 * NULL THEN true ELSE x <> y END (NOT DISTINCT negates it).
 */
static Quarry__Expr *
bind_distinct(BindCtx *cx, const PgQuery__AExpr *ax, bool negate)
{
	Quarry__Expr *x = bind_expr(cx, ax->lexpr);
	Quarry__Expr *y = x ? bind_expr(cx, ax->rexpr) : NULL;
	Quarry__Expr *ne;
	Quarry__Expr *e;

	if (y == NULL || (ne = cmp_node(cx, QUARRY__EXPR_OP__OP_NE, x, y, ax->location)) == NULL)
		return NULL;
	x = ne->args[0];
	y = ne->args[1];
	e = node(cx, QUARRY__EXPR_KIND__EXPR_CASE, TYPE_BOOL, 5);
	e->args[0] = is_null_node(cx, x, true);
	e->args[1] = is_null_node(cx, y, false);
	e->args[2] = is_null_node(cx, y, true);
	e->args[3] = bool_const(cx, true);
	e->args[4] = ne;
	return negate ? not_node(cx, e) : e;
}

/*
 * bind_boolean_test: x IS TRUE is coalesce(x, false), IS FALSE
 * coalesce(NOT x, false), IS UNKNOWN x IS NULL, and the NOT forms negate.
 */
Quarry__Expr *
bind_boolean_test(BindCtx *cx, const PgQuery__BooleanTest *bt)
{
	Quarry__Expr *x = bind_bool_arg(cx, bt->arg, "IS TRUE");
	Quarry__Expr *e;
	bool		negate = bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE ||
		bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE ||
		bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_NOT_UNKNOWN;

	if (x == NULL)
		return NULL;
	if (bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_UNKNOWN ||
		bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_NOT_UNKNOWN)
		return is_null_node(cx, x, !negate);
	if (bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_FALSE ||
		bt->booltesttype == PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE)
		x = not_node(cx, x);
	e = node(cx, QUARRY__EXPR_KIND__EXPR_COALESCE, TYPE_BOOL, 2);
	e->args[0] = x;
	e->args[1] = bool_const(cx, false);
	return negate ? not_node(cx, e) : e;
}

/*
 * bind_sql_value: CURRENT_DATE and LOCALTIMESTAMP are read once, when the
 * statement is bound (PostgreSQL: at transaction start); the user names
 * are Quarry's one role.
 */
Quarry__Expr *
bind_sql_value(BindCtx *cx, const PgQuery__SQLValueFunction *sv)
{
	Value		v;
	Err			ignore;

	memset(&v, 0, sizeof(v));
	err_clear(&ignore);
	switch (sv->op) {
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
			if (!typeio_parse(cx->a, TYPE_DATE, "today", 5, &v, &ignore))
				break;
			return expr_const(cx->a, &v);
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
			if (!typeio_parse(cx->a, TYPE_TIMESTAMP, "now", 3, &v, &ignore))
				break;
			return expr_const(cx->a, &v);
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
			if (!typeio_parse(cx->a, TYPE_TIMESTAMPTZ, "now", 3, &v, &ignore))
				break;
			return expr_const(cx->a, &v);
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
		case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
			if (syscat_hooks()->session_value != NULL)	/* the session's, as name */
				return syscat_sql_value(cx, sv->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA ?
										"current_schema" :
										sv->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG ?
										"current_database" : "current_user");
			v.type = TYPE_TEXT;
			v.u.s.p = sv->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA ? "public" : "quarry";
			v.u.s.len = (uint32_t) strlen(v.u.s.p);
			return expr_const(cx->a, &v);
		default:
			break;
	}
	return fail(cx, sv->location, ERRCODE_FEATURE_NOT_SUPPORTED,
				"the type time is not supported yet");
}

/* ---- LIKE ---- */

static Quarry__Expr *
string_arg(BindCtx *cx, Quarry__Expr *e, int location, bool keep_bpchar)
{
	if (e->type == TYPE_BPCHAR && keep_bpchar)
		return e;
	if (e->type == TYPE_UNKNOWN || e->type == TYPE_VARCHAR || e->type == TYPE_BPCHAR)
		return bind_coerce(cx, e, TYPE_TEXT, location);
	return e;
}

static Quarry__Expr *
bind_like(BindCtx *cx, const PgQuery__AExpr *ax)
{
	const char *name = ax->name[0]->string->sval;
	bool		negate = name[0] == '!';
	bool		ci = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE;
	Quarry__Expr *args[3];
	int			n = 2;
	const PgQuery__Node *pat = ax->rexpr;
	Quarry__ScalarFunc fn = ci ? (negate ? QUARRY__SCALAR_FUNC__FN_NOT_ILIKE : QUARRY__SCALAR_FUNC__FN_ILIKE) :
		(negate ? QUARRY__SCALAR_FUNC__FN_NOT_LIKE : QUARRY__SCALAR_FUNC__FN_LIKE);

	if ((args[0] = bind_expr(cx, ax->lexpr)) == NULL)
		return NULL;
	if (pat->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && pat->func_call->n_args == 2 &&
		strcmp(pat->func_call->funcname[pat->func_call->n_funcname - 1]->string->sval,
			   "like_escape") == 0) {
		if ((args[2] = bind_expr(cx, pat->func_call->args[1])) == NULL ||
			(args[2] = string_arg(cx, args[2], -1, false)) == NULL)
			return NULL;
		pat = pat->func_call->args[0];
		n = 3;
	}
	if ((args[1] = bind_expr(cx, pat)) == NULL)
		return NULL;
	if (args[0]->type == TYPE_UNKNOWN && args[1]->type == TYPE_UNKNOWN)
		args[0] = bind_coerce(cx, args[0], TYPE_TEXT, -1);
	if (!type_is_string((TypeId) args[0]->type) || !type_is_string((TypeId) args[1]->type))
		return no_match(cx, name, args, 2, ax->location, true);
	if ((args[0] = string_arg(cx, args[0], -1, true)) == NULL ||
		(args[1] = string_arg(cx, args[1], -1, false)) == NULL)
		return NULL;
	return bind_func_node(cx, fn, TYPE_BOOL, n, args);
}

/* bind_special_aexpr binds the A_Expr kinds other than plain operators. */
Quarry__Expr *
bind_special_aexpr(BindCtx *cx, const PgQuery__AExpr *ax)
{
	const char *name = ax->n_name > 0 && ax->name[0]->node_case == PG_QUERY__NODE__NODE_STRING ?
		ax->name[0]->string->sval : "";

	switch (ax->kind) {
		case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
			if (ax->rexpr->node_case == PG_QUERY__NODE__NODE_LIST)
				return bind_in_list(cx, ax, strcmp(name, "<>") == 0);
			break;
		case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
		case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
			return bind_like(cx, ax);
		case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
		case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
		case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
		case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
			return bind_between(cx, ax);
		case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
			return bind_nullif(cx, ax);
		case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
		case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
			return bind_distinct(cx, ax, ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT);
		default:
			break;
	}
	return fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
				"this kind of expression is not supported yet");
}

/* ---- dates and intervals ---- */

static Quarry__Expr *
no_match(BindCtx *cx, const char *name, Quarry__Expr **args, int n, int location, bool op)
{
	char		msg[256];
	int			k;

	if (op && n == 2)
		snprintf(msg, sizeof(msg), "operator does not exist: %s %s %s",
				 type_info((TypeId) args[0]->type)->name, name, type_info((TypeId) args[1]->type)->name);
	else if (op)
		snprintf(msg, sizeof(msg), "operator does not exist: %s %s", name,
				 type_info((TypeId) args[0]->type)->name);
	else {
		k = snprintf(msg, sizeof(msg), "function %s(", name);
		for (int i = 0; i < n && k < (int) sizeof(msg); i++)
			k += snprintf(msg + k, sizeof(msg) - (size_t) k, "%s%s", i ? ", " : "",
						  type_info((TypeId) args[i]->type)->name);
		if (k < (int) sizeof(msg))
			snprintf(msg + k, sizeof(msg) - (size_t) k, ") does not exist");
	}
	fail(cx, location, ERRCODE_UNDEFINED_FUNCTION, msg);
	err_hint(cx->err, op ? "No operator matches the given name and argument types. You might need to add explicit type casts." :
			 "No function matches the given name and argument types. You might need to add explicit type casts.");
	return NULL;
}

static TypeId
resolve_unknown(TypeId t, TypeId other)
{
	if (t != TYPE_UNKNOWN)
		return t;
	/* an unknown literal beside a date or timestamp is an interval or an integer */
	return other == TYPE_INTERVAL ? TYPE_TIMESTAMP : TYPE_INTERVAL;
}

/*
 * bind_datetime_op binds + - * with a date, timestamp or interval operand
 * (l is NULL for unary minus): date +- integer, date - date, date or
 * timestamp +- interval, timestamp - timestamp, interval +- interval,
 * interval * number.
 */
Quarry__Expr *
bind_datetime_op(BindCtx *cx, const char *name, Quarry__Expr *l, Quarry__Expr *r, int location)
{
	Quarry__Expr *args[2] = {l, r};
	TypeId		lt;
	TypeId		rt;
	char		op = name[0];

	if (l == NULL) {
		args[0] = r;
		return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_IV_NEG, TYPE_INTERVAL, 1, args);
	}
	lt = (TypeId) l->type;
	rt = (TypeId) r->type;
	if (op == '+' && (type_is_integer(lt) || lt == TYPE_INTERVAL) && rt != TYPE_INTERVAL) {
		/* commute: integer + date, interval + timestamp */
		args[0] = r;
		args[1] = l;
		lt = (TypeId) r->type;
		rt = (TypeId) l->type;
	}
	if (lt == TYPE_DATE && (type_is_integer(rt) || rt == TYPE_UNKNOWN) && op != '*' && name[1] == '\0') {
		if (rt == TYPE_UNKNOWN && op == '-')
			rt = TYPE_DATE;		/* date - 'literal' is date - date */
		if (rt != TYPE_DATE) {
			if ((args[1] = bind_coerce(cx, args[1], TYPE_INT4, location)) == NULL)
				return NULL;
			return bind_func_node(cx, op == '+' ? QUARRY__SCALAR_FUNC__FN_DATE_ADD_DAYS :
								  QUARRY__SCALAR_FUNC__FN_DATE_SUB_DAYS, TYPE_DATE, 2, args);
		}
	}
	if (lt == TYPE_UNKNOWN)
		lt = resolve_unknown(lt, rt);
	if (rt == TYPE_UNKNOWN)
		rt = lt == TYPE_DATE && op == '-' ? TYPE_DATE : resolve_unknown(rt, lt);
	if (op == '-' && name[1] == '\0' && lt == TYPE_DATE && rt == TYPE_DATE) {
		if ((args[0] = bind_coerce(cx, args[0], TYPE_DATE, location)) == NULL ||
			(args[1] = bind_coerce(cx, args[1], TYPE_DATE, location)) == NULL)
			return NULL;
		return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_DATE_DIFF, TYPE_INT4, 2, args);
	}
	if ((op == '+' || op == '-') && name[1] == '\0' &&
		(lt == TYPE_DATE || lt == TYPE_TIMESTAMP || lt == TYPE_TIMESTAMPTZ) && rt == TYPE_INTERVAL) {
		TypeId		ts = lt == TYPE_TIMESTAMPTZ ? TYPE_TIMESTAMPTZ : TYPE_TIMESTAMP;

		if ((args[0] = bind_coerce(cx, args[0], ts, location)) == NULL ||
			(args[1] = bind_coerce(cx, args[1], TYPE_INTERVAL, location)) == NULL)
			return NULL;
		return bind_func_node(cx, op == '+' ? QUARRY__SCALAR_FUNC__FN_TS_ADD_IV :
							  QUARRY__SCALAR_FUNC__FN_TS_SUB_IV, ts, 2, args);
	}
	if (op == '-' && name[1] == '\0' && (lt == TYPE_TIMESTAMP || lt == TYPE_TIMESTAMPTZ) &&
		(rt == TYPE_TIMESTAMP || rt == TYPE_TIMESTAMPTZ || rt == TYPE_DATE)) {
		TypeId		ts = lt == TYPE_TIMESTAMPTZ || rt == TYPE_TIMESTAMPTZ ? TYPE_TIMESTAMPTZ : TYPE_TIMESTAMP;

		if ((args[0] = bind_coerce(cx, args[0], ts, location)) == NULL ||
			(args[1] = bind_coerce(cx, args[1], ts, location)) == NULL)
			return NULL;
		return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_TS_DIFF, TYPE_INTERVAL, 2, args);
	}
	if ((op == '+' || op == '-') && name[1] == '\0' && lt == TYPE_INTERVAL && rt == TYPE_INTERVAL) {
		if ((args[0] = bind_coerce(cx, args[0], TYPE_INTERVAL, location)) == NULL ||
			(args[1] = bind_coerce(cx, args[1], TYPE_INTERVAL, location)) == NULL)
			return NULL;
		return bind_func_node(cx, op == '+' ? QUARRY__SCALAR_FUNC__FN_IV_ADD :
							  QUARRY__SCALAR_FUNC__FN_IV_SUB, TYPE_INTERVAL, 2, args);
	}
	if (op == '*' && name[1] == '\0' && (lt == TYPE_INTERVAL || rt == TYPE_INTERVAL) &&
		(type_is_numeric(lt) || type_is_numeric(rt))) {
		if (lt != TYPE_INTERVAL) {
			args[0] = r;
			args[1] = l;
		}
		if ((args[1] = bind_coerce(cx, args[1], TYPE_FLOAT8, location)) == NULL)
			return NULL;
		return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_IV_MUL, TYPE_INTERVAL, 2, args);
	}
	args[0] = l;
	args[1] = r;
	return no_match(cx, name, args, 2, location, true);
}

/* ---- interval fields ---- */

/* PostgreSQL's INTERVAL_MASK bits of the field names */
#define IV_MONTH (1 << 1)
#define IV_YEAR (1 << 2)
#define IV_DAY (1 << 3)
#define IV_HOUR (1 << 10)
#define IV_MINUTE (1 << 11)
#define IV_SECOND (1 << 12)

/* span is strspn over len bytes that need not end in a NUL. */
static uint32_t
span(const char *p, uint32_t len, const char *set)
{
	uint32_t	i = 0;

	while (i < len && strchr(set, p[i]) != NULL && p[i] != '\0')
		i++;
	return i;
}

/*
 * bind_interval_fields casts to INTERVAL 'x' DAY and the like: a bare
 * number counts in the smallest field named, and fields below it are
 * dropped, as PostgreSQL's interval typmods do.
 */
Quarry__Expr *
bind_interval_fields(BindCtx *cx, Quarry__Expr *arg, const PgQuery__TypeName *tn, int location)
{
	static const struct {
		int			mask;
		const char *unit;
	}			fields[] = {
		{IV_SECOND, "second"}, {IV_MINUTE, "minute"}, {IV_HOUR, "hour"}, {IV_DAY, "day"},
		{IV_MONTH, "month"}, {IV_YEAR, "year"},
	};
	const PgQuery__Node *m = tn->typmods[0];
	int			mask;
	int			f = 0;
	Value		v;
	Quarry__Expr *e;

	if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
		m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
		return bind_coerce(cx, arg, TYPE_INTERVAL, location);
	mask = m->a_const->ival->ival;
	while (f < 5 && !(mask & fields[f].mask))
		f++;
	if (arg->type == TYPE_UNKNOWN && expr_const_value(arg, &v) && !v.is_null &&
		(mask & IV_YEAR) && (mask & IV_MONTH) && v.u.s.len > 0 &&
		span(v.u.s.p, v.u.s.len, "0123456789-") == v.u.s.len && memchr(v.u.s.p + 1, '-', v.u.s.len - 1)) {
		/* SQL's year-month literal: '1-2' YEAR TO MONTH */
		const char *dash = memchr(v.u.s.p + 1, '-', v.u.s.len - 1);

		v.u.s.p = arena_printf(cx->a, "%.*s years %s months", (int) (dash - v.u.s.p), v.u.s.p,
							   arena_strndup(cx->a, dash + 1, v.u.s.len - (size_t) (dash + 1 - v.u.s.p)));
		v.u.s.len = (uint32_t) strlen(v.u.s.p);
		arg = expr_const(cx->a, &v);
	} else if (arg->type == TYPE_UNKNOWN && expr_const_value(arg, &v) && !v.is_null &&
			   span(v.u.s.p, v.u.s.len, "+-0123456789. ") == v.u.s.len) {
		v.u.s.p = arena_printf(cx->a, "%.*s %s", (int) v.u.s.len, v.u.s.p, fields[f].unit);
		v.u.s.len = (uint32_t) strlen(v.u.s.p);
		arg = expr_const(cx->a, &v);
	}
	if ((e = bind_coerce(cx, arg, TYPE_INTERVAL, location)) == NULL || !expr_const_value(e, &v) ||
		v.is_null)
		return e;
	switch (fields[f].mask) {
		case IV_YEAR:
			v.u.iv.month = v.u.iv.month / 12 * 12;
			/* FALLTHROUGH */
		case IV_MONTH:
			v.u.iv.day = 0;
			/* FALLTHROUGH */
		case IV_DAY:
			v.u.iv.time = 0;
			break;
		case IV_HOUR:
			v.u.iv.time -= v.u.iv.time % (INT64_C(3600) * 1000000);
			break;
		case IV_MINUTE:
			v.u.iv.time -= v.u.iv.time % (INT64_C(60) * 1000000);
			break;
		default:
			break;
	}
	return expr_const(cx->a, &v);
}

/* ---- functions ---- */

typedef struct Call {
	BindCtx    *cx;
	const PgQuery__FuncCall *fc;
	const char *name;
	Quarry__Expr *args[MAX_ARGS];
	int			locs[MAX_ARGS];
	int			n;
} Call;

static bool
want(Call *c, int i, TypeId t)
{
	Quarry__Expr *e = c->args[i];

	if (t == TYPE_TEXT) {
		if (!type_is_string((TypeId) e->type))
			return false;
		return (c->args[i] = string_arg(c->cx, e, c->locs[i], false)) != NULL;
	}
	if (e->type != TYPE_UNKNOWN && !implicit((TypeId) e->type, t))
		return false;
	return (c->args[i] = bind_coerce(c->cx, e, t, c->locs[i])) != NULL;
}

static Quarry__Expr *
call_fail(Call *c)
{
	if (err_is_set(c->cx->err))
		return NULL;
	return no_match(c->cx, c->name, c->args, c->n, c->fc->location, false);
}

static Quarry__Expr *
call_node(Call *c, Quarry__ScalarFunc fn, TypeId type)
{
	return bind_func_node(c->cx, fn, type, c->n, c->args);
}

static Quarry__Expr *
bind_string_func(Call *c, Quarry__ScalarFunc fn)
{
	switch (fn) {
		case QUARRY__SCALAR_FUNC__FN_SUBSTR:
			if (c->n < 2 || c->n > 3 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_INT4) ||
				(c->n == 3 && !want(c, 2, TYPE_INT4)))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_STRPOS:
			if (c->n != 2 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_TEXT))
				return call_fail(c);
			return call_node(c, fn, TYPE_INT4);
		case QUARRY__SCALAR_FUNC__FN_LENGTH:
		case QUARRY__SCALAR_FUNC__FN_OCTET_LENGTH:
			if (c->n == 1 && c->args[0]->type == TYPE_BYTEA)
				return call_node(c, fn, TYPE_INT4);	/* byteaoctetlen: bytes */
			if (c->n != 1 || !type_is_string((TypeId) c->args[0]->type) ||
				(c->args[0] = string_arg(c->cx, c->args[0], c->locs[0], true)) == NULL)
				return call_fail(c);
			return call_node(c, fn, TYPE_INT4);
		case QUARRY__SCALAR_FUNC__FN_BTRIM:
		case QUARRY__SCALAR_FUNC__FN_LTRIM:
		case QUARRY__SCALAR_FUNC__FN_RTRIM:
			if (c->n < 1 || c->n > 2 || !want(c, 0, TYPE_TEXT) || (c->n == 2 && !want(c, 1, TYPE_TEXT)))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_CONCAT:
			for (int i = 0; i < c->n; i++)
				if ((c->args[i] = bind_coerce(c->cx, c->args[i], TYPE_TEXT, c->locs[i])) == NULL)
					return NULL;
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_REPLACE:
			if (c->n != 3 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_TEXT) || !want(c, 2, TYPE_TEXT))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_LPAD:
		case QUARRY__SCALAR_FUNC__FN_RPAD:
			if (c->n < 2 || c->n > 3 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_INT4) ||
				(c->n == 3 && !want(c, 2, TYPE_TEXT)))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_LEFT:
		case QUARRY__SCALAR_FUNC__FN_RIGHT:
		case QUARRY__SCALAR_FUNC__FN_REPEAT:
			if (c->n != 2 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_INT4))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_SPLIT_PART:
			if (c->n != 3 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_TEXT) || !want(c, 2, TYPE_INT4))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_STARTS_WITH:
			if (c->n != 2 || !want(c, 0, TYPE_TEXT) || !want(c, 1, TYPE_TEXT))
				return call_fail(c);
			return call_node(c, fn, TYPE_BOOL);
		default:
			if (c->n != 1 || !want(c, 0, TYPE_TEXT))
				return call_fail(c);
			return call_node(c, fn, TYPE_TEXT);
	}
}

/*
 * bind_math_func: abs keeps its argument's type; round, trunc, ceil,
 * floor and sign take numeric or double precision (an integer goes to
 * double precision, PostgreSQL's preferred type), round and trunc with a
 * scale only numeric.
 */
static Quarry__Expr *
bind_math_func(Call *c, Quarry__ScalarFunc fn)
{
	TypeId		t;

	if (c->n < 1 || c->n > 2 || (c->n == 2 && fn != QUARRY__SCALAR_FUNC__FN_ROUND &&
								 fn != QUARRY__SCALAR_FUNC__FN_TRUNC))
		return call_fail(c);
	t = (TypeId) c->args[0]->type;
	if (!type_is_numeric(t) && t != TYPE_UNKNOWN)
		return call_fail(c);
	if (fn == QUARRY__SCALAR_FUNC__FN_ABS) {
		if (c->n != 1)
			return call_fail(c);
		if (t == TYPE_UNKNOWN && !want(c, 0, TYPE_FLOAT8))
			return NULL;
		return call_node(c, fn, (TypeId) c->args[0]->type);
	}
	if (c->n == 2)
		t = TYPE_NUMERIC;
	else if (t != TYPE_NUMERIC)
		t = TYPE_FLOAT8;
	if (!want(c, 0, t) || (c->n == 2 && !want(c, 1, TYPE_INT4)))
		return call_fail(c);
	return call_node(c, fn, t);
}

static Quarry__Expr *
bind_extract(Call *c, Quarry__ScalarFunc fn)
{
	TypeId		t;

	if (c->n != 2 || !want(c, 0, TYPE_TEXT))
		return call_fail(c);
	t = (TypeId) c->args[1]->type;
	if (t == TYPE_UNKNOWN)
		t = TYPE_TIMESTAMP;
	if (t == TYPE_DATE && fn == QUARRY__SCALAR_FUNC__FN_DATE_PART)
		t = TYPE_DATE;
	if (!type_is_datetime(t) || !want(c, 1, t))
		return call_fail(c);
	return call_node(c, fn, fn == QUARRY__SCALAR_FUNC__FN_EXTRACT ? TYPE_NUMERIC : TYPE_FLOAT8);
}

/* pg_typeof names its argument's type (as text: regtype prints the same). */
static Quarry__Expr *
bind_pg_typeof(Call *c, Quarry__ScalarFunc fn)
{
	Value		v;

	if (c->n != 1)
		return call_fail(c);
	memset(&v, 0, sizeof(v));
	v.type = TYPE_TEXT;
	v.u.s.p = type_info((TypeId) c->args[0]->type)->name;
	v.u.s.len = (uint32_t) strlen(v.u.s.p);
	return expr_const(c->cx->a, &v);
}

/*
 * date_trunc(text, timestamp) -> timestamp; timestamp with time zone (the
 * preferred type, so also for a date) -> timestamp with time zone.
 */
static Quarry__Expr *
bind_date_trunc(Call *c, Quarry__ScalarFunc fn)
{
	TypeId		t = c->n == 2 && c->args[1]->type == TYPE_TIMESTAMP ? TYPE_TIMESTAMP : TYPE_TIMESTAMPTZ;

	if (c->n != 2 || !want(c, 0, TYPE_TEXT) ||
		(c->args[1]->type != TYPE_DATE && c->args[1]->type != TYPE_TIMESTAMP &&
		 c->args[1]->type != TYPE_TIMESTAMPTZ && c->args[1]->type != TYPE_UNKNOWN) ||
		!want(c, 1, t))
		return call_fail(c);
	return call_node(c, fn, t);
}

/*
 * bind_float_func: sqrt, power, exp, ln, log, cbrt over double precision
 * (an integer argument goes to double precision, the preferred type);
 * sqrt also over numeric.  numeric power, exp, ln and log are not built.
 */
static Quarry__Expr *
bind_float_func(Call *c, Quarry__ScalarFunc fn)
{
	int			want_n = fn == QUARRY__SCALAR_FUNC__FN_POWER ? 2 : 1;

	if (c->n != want_n)
		return call_fail(c);
	for (int i = 0; i < c->n; i++)
		if (!type_is_numeric((TypeId) c->args[i]->type) && c->args[i]->type != TYPE_UNKNOWN)
			return call_fail(c);
	if (fn == QUARRY__SCALAR_FUNC__FN_SQRT && c->args[0]->type == TYPE_NUMERIC)
		return call_node(c, fn, TYPE_NUMERIC);
	for (int i = 0; i < c->n; i++)
		if (c->args[i]->type == TYPE_NUMERIC) {
			char		msg[160];

			snprintf(msg, sizeof(msg), "%s of numeric is not supported yet", c->name);
			fail(c->cx, c->fc->location, ERRCODE_FEATURE_NOT_SUPPORTED, msg);
			err_hint(c->cx->err, "Cast the arguments to double precision.");
			return NULL;
		}
	for (int i = 0; i < c->n; i++)
		if (!want(c, i, TYPE_FLOAT8))
			return call_fail(c);
	return call_node(c, fn, TYPE_FLOAT8);
}

/* now() and its kin: the time the statement is bound, as timestamp with time zone */
static Quarry__Expr *
bind_now(Call *c, Quarry__ScalarFunc fn)
{
	Value		v;
	Err			ignore;

	if (c->n != 0)
		return call_fail(c);
	memset(&v, 0, sizeof(v));
	err_clear(&ignore);
	if (!typeio_parse(c->cx->a, TYPE_TIMESTAMPTZ, "now", 3, &v, &ignore))
		return call_fail(c);
	return expr_const(c->cx->a, &v);
}

/* mod(a, b) is a % b with the operator's types */
static Quarry__Expr *
bind_mod(Call *c, Quarry__ScalarFunc fn)
{
	TypeId		t;
	Quarry__Expr *e;

	if (c->n != 2)
		return call_fail(c);
	t = bind_common_type((TypeId) c->args[0]->type, (TypeId) c->args[1]->type);
	if (t == TYPE_TEXT)
		t = TYPE_UNKNOWN;
	if ((!type_is_integer(t) && t != TYPE_NUMERIC) || !want(c, 0, t) || !want(c, 1, t))
		return call_fail(c);
	e = op_node(c->cx, QUARRY__EXPR_OP__OP_MOD, t, c->args[0], c->args[1]);
	return e;
}

static const struct {
	const char *name;
	Quarry__ScalarFunc fn;
	Quarry__Expr *(*bind) (Call *c, Quarry__ScalarFunc fn);
}			funcs[] = {
	{"substring", QUARRY__SCALAR_FUNC__FN_SUBSTR, bind_string_func},
	{"substr", QUARRY__SCALAR_FUNC__FN_SUBSTR, bind_string_func},
	{"position", QUARRY__SCALAR_FUNC__FN_STRPOS, bind_string_func},
	{"strpos", QUARRY__SCALAR_FUNC__FN_STRPOS, bind_string_func},
	{"length", QUARRY__SCALAR_FUNC__FN_LENGTH, bind_string_func},
	{"char_length", QUARRY__SCALAR_FUNC__FN_LENGTH, bind_string_func},
	{"character_length", QUARRY__SCALAR_FUNC__FN_LENGTH, bind_string_func},
	{"octet_length", QUARRY__SCALAR_FUNC__FN_OCTET_LENGTH, bind_string_func},
	{"upper", QUARRY__SCALAR_FUNC__FN_UPPER, bind_string_func},
	{"lower", QUARRY__SCALAR_FUNC__FN_LOWER, bind_string_func},
	{"initcap", QUARRY__SCALAR_FUNC__FN_INITCAP, bind_string_func},
	{"btrim", QUARRY__SCALAR_FUNC__FN_BTRIM, bind_string_func},
	{"ltrim", QUARRY__SCALAR_FUNC__FN_LTRIM, bind_string_func},
	{"rtrim", QUARRY__SCALAR_FUNC__FN_RTRIM, bind_string_func},
	{"concat", QUARRY__SCALAR_FUNC__FN_CONCAT, bind_string_func},
	{"abs", QUARRY__SCALAR_FUNC__FN_ABS, bind_math_func},
	{"round", QUARRY__SCALAR_FUNC__FN_ROUND, bind_math_func},
	{"trunc", QUARRY__SCALAR_FUNC__FN_TRUNC, bind_math_func},
	{"ceil", QUARRY__SCALAR_FUNC__FN_CEIL, bind_math_func},
	{"ceiling", QUARRY__SCALAR_FUNC__FN_CEIL, bind_math_func},
	{"floor", QUARRY__SCALAR_FUNC__FN_FLOOR, bind_math_func},
	{"sign", QUARRY__SCALAR_FUNC__FN_SIGN, bind_math_func},
	{"extract", QUARRY__SCALAR_FUNC__FN_EXTRACT, bind_extract},
	{"date_part", QUARRY__SCALAR_FUNC__FN_DATE_PART, bind_extract},
	{"pg_typeof", QUARRY__SCALAR_FUNC__FN_NONE, bind_pg_typeof},
	{"replace", QUARRY__SCALAR_FUNC__FN_REPLACE, bind_string_func},
	{"lpad", QUARRY__SCALAR_FUNC__FN_LPAD, bind_string_func},
	{"rpad", QUARRY__SCALAR_FUNC__FN_RPAD, bind_string_func},
	{"left", QUARRY__SCALAR_FUNC__FN_LEFT, bind_string_func},
	{"right", QUARRY__SCALAR_FUNC__FN_RIGHT, bind_string_func},
	{"repeat", QUARRY__SCALAR_FUNC__FN_REPEAT, bind_string_func},
	{"reverse", QUARRY__SCALAR_FUNC__FN_REVERSE, bind_string_func},
	{"split_part", QUARRY__SCALAR_FUNC__FN_SPLIT_PART, bind_string_func},
	{"starts_with", QUARRY__SCALAR_FUNC__FN_STARTS_WITH, bind_string_func},
	{"date_trunc", QUARRY__SCALAR_FUNC__FN_DATE_TRUNC, bind_date_trunc},
	{"mod", QUARRY__SCALAR_FUNC__FN_MOD, bind_mod},
	{"now", QUARRY__SCALAR_FUNC__FN_NONE, bind_now},
	{"sqrt", QUARRY__SCALAR_FUNC__FN_SQRT, bind_float_func},
	{"power", QUARRY__SCALAR_FUNC__FN_POWER, bind_float_func},
	{"pow", QUARRY__SCALAR_FUNC__FN_POWER, bind_float_func},
	{"exp", QUARRY__SCALAR_FUNC__FN_EXP, bind_float_func},
	{"ln", QUARRY__SCALAR_FUNC__FN_LN, bind_float_func},
	{"log", QUARRY__SCALAR_FUNC__FN_LOG10, bind_float_func},
	{"log10", QUARRY__SCALAR_FUNC__FN_LOG10, bind_float_func},
	{"cbrt", QUARRY__SCALAR_FUNC__FN_CBRT, bind_float_func},
	{"transaction_timestamp", QUARRY__SCALAR_FUNC__FN_NONE, bind_now},
	{"statement_timestamp", QUARRY__SCALAR_FUNC__FN_NONE, bind_now},
	{"clock_timestamp", QUARRY__SCALAR_FUNC__FN_NONE, bind_now},
};

/*
 * bind_scalar_func binds a call of a scalar function; *found is false when
 * no function has the name (the caller reports 42883).
 */
Quarry__Expr *
bind_scalar_func(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, bool *found)
{
	Call		c;
	size_t		i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]) && strcmp(funcs[i].name, name) != 0; i++)
		;
	if (i == sizeof(funcs) / sizeof(funcs[0]) || fc->n_funcname > 2)
		return NULL;
	*found = true;
	if (fc->agg_star || fc->agg_distinct || fc->over != NULL || fc->n_args > MAX_ARGS) {
		char		msg[160];

		snprintf(msg, sizeof(msg), "%s is not an aggregate or window function here", name);
		return fail(cx, fc->location, ERRCODE_WRONG_OBJECT_TYPE, msg);
	}
	memset(&c, 0, sizeof(c));
	c.cx = cx;
	c.fc = fc;
	c.name = name;
	c.n = (int) fc->n_args;
	for (int k = 0; k < c.n; k++) {
		if ((c.args[k] = bind_expr(cx, fc->args[k])) == NULL)
			return NULL;
		c.locs[k] = node_location(fc->args[k]);
	}
	return funcs[i].bind(&c, funcs[i].fn);
}
