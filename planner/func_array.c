/*
 * func_array.c
 *	  Binding arrays, regular expressions and the string functions of
 *	  catalog queries; exec/func_array.c runs them.
 *
 *	  INTERFACE ROUTINES
 *		func_array_expr			ARRAY[a, b, ...]: the elements' common type
 *		func_array_indirection	a[i] (slices are 0A000)
 *		func_array_any			x op ANY (array), x op ALL (array)
 *		func_array_regex		~, ~*, !~, !~* (also as OPERATOR(pg_catalog.~)), and
 *								LIKE's operators ~~, ~~*, !~~, !~~*
 *		func_array_call			array_to_string, array_lower, array_upper,
 *								array_length, cardinality, array_position,
 *								array_cat, string_to_array, regexp_replace,
 *								regexp_match, quote_ident, quote_literal,
 *								parse_ident, format, json_build_object,
 *								array_agg (as string_agg)
 *
 *	  An untyped literal where an array is expected takes the array type of
 *	  the other side's element ('{1,2}' beside an integer is integer[]), as
 *	  PostgreSQL's unknown-literal resolution does.
 */
#include "planner/func_array.h"
#include "planner/func_srf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_CALL_ARGS 100

static Quarry__Expr *
fail(BindCtx *cx, int location, const char *sqlstate, const char *fmt,...)
{
	char		msg[256];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(cx->err, sqlstate, "%s", msg);
	if (location >= 0)
		cx->err->position = location + 1;
	return NULL;
}

static Quarry__Expr *
int_const(BindCtx *cx, int64_t i)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = TYPE_INT4;
	v.u.i = i;
	return expr_const(cx->a, &v);
}

/* text_arg casts a string argument to text; NULL (no error) when it is not one. */
static Quarry__Expr *
text_arg(BindCtx *cx, Quarry__Expr *e, int location)
{
	if (!type_is_string((TypeId) e->type))
		return NULL;
	return bind_coerce(cx, e, TYPE_TEXT, location);
}

/* array_arg accepts an array, or an untyped literal read as an array of elem. */
static Quarry__Expr *
array_arg(BindCtx *cx, Quarry__Expr *e, TypeId elem, int location)
{
	TypeId		t;

	if (type_is_array((TypeId) e->type))
		return e;
	if (e->type != TYPE_UNKNOWN)
		return NULL;
	t = type_array_of(elem);
	if (t == TYPE_UNKNOWN)
		t = TYPE_TEXT_ARRAY;
	return bind_coerce(cx, e, t, location);
}

/* ---- ARRAY[...] and subscripts ---- */

Quarry__Expr *
func_array_expr(BindCtx *cx, const PgQuery__AArrayExpr *ae)
{
	int			n = (int) ae->n_elements;
	Quarry__Expr **args = arena_array(cx->a, Quarry__Expr *, n > 0 ? n : 1);
	TypeId		t = TYPE_UNKNOWN;
	TypeId		at;

	if (n == 0) {
		Value		v;

		/* ARRAY[] only makes sense under a cast, which reads this literal */
		memset(&v, 0, sizeof(v));
		v.type = TYPE_UNKNOWN;
		v.u.s.p = "{}";
		v.u.s.len = 2;
		return expr_const(cx->a, &v);
	}
	for (int i = 0; i < n; i++) {
		if ((args[i] = bind_expr(cx, ae->elements[i])) == NULL)
			return NULL;
		if (t == TYPE_UNKNOWN)
			t = (TypeId) args[i]->type;
		else if (args[i]->type != TYPE_UNKNOWN && args[i]->type != (int) t &&
				 (t = bind_common_type(t, (TypeId) args[i]->type)) == TYPE_UNKNOWN)
			return fail(cx, node_location(ae->elements[i]), ERRCODE_DATATYPE_MISMATCH,
						"ARRAY types %s and %s cannot be matched",
						type_info((TypeId) args[0]->type)->name,
						type_info((TypeId) args[i]->type)->name);
	}
	if (t == TYPE_UNKNOWN)
		t = TYPE_TEXT;
	if ((at = type_array_of(t)) == TYPE_UNKNOWN)
		return fail(cx, ae->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"arrays of type %s are not supported yet", type_info(t)->name);
	for (int i = 0; i < n; i++)
		if ((args[i] = bind_coerce(cx, args[i], t, node_location(ae->elements[i]))) == NULL)
			return NULL;
	return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_ARRAY_BUILD, at, n, args);
}

Quarry__Expr *
func_array_indirection(BindCtx *cx, const PgQuery__AIndirection *ind)
{
	Quarry__Expr *e = bind_expr(cx, ind->arg);
	int			loc = node_location(ind->arg);

	if (e == NULL)
		return NULL;
	for (size_t k = 0; k < ind->n_indirection; k++) {
		const PgQuery__Node *n = ind->indirection[k];
		Quarry__Expr *args[2];

		if (n->node_case != PG_QUERY__NODE__NODE_A_INDICES)
			return fail(cx, loc, ERRCODE_FEATURE_NOT_SUPPORTED,
						"field selection is not supported yet");
		if (n->a_indices->is_slice || n->a_indices->uidx == NULL)
			return fail(cx, loc, ERRCODE_FEATURE_NOT_SUPPORTED,
						"array slices are not supported yet");
		if (!type_is_array((TypeId) e->type))
			return fail(cx, loc, ERRCODE_DATATYPE_MISMATCH,
						"cannot subscript type %s because it does not support subscripting",
						type_info((TypeId) e->type)->name);
		args[0] = e;
		if ((args[1] = bind_expr(cx, n->a_indices->uidx)) == NULL ||
			(args[1] = bind_coerce(cx, args[1], TYPE_INT4, node_location(n->a_indices->uidx))) == NULL)
			return NULL;
		e = bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_ARRAY_SUBSCRIPT,
						   type_array_elem((TypeId) e->type), 2, args);
	}
	return e;
}

/* ---- x op ANY / ALL (array) ---- */

static const struct {
	const char *name;
	Quarry__ExprOp op;
}			cmp_ops[] = {
	{"=", QUARRY__EXPR_OP__OP_EQ}, {"<>", QUARRY__EXPR_OP__OP_NE}, {"!=", QUARRY__EXPR_OP__OP_NE},
	{"<", QUARRY__EXPR_OP__OP_LT}, {"<=", QUARRY__EXPR_OP__OP_LE},
	{">", QUARRY__EXPR_OP__OP_GT}, {">=", QUARRY__EXPR_OP__OP_GE},
};

static const char *
op_name(const PgQuery__AExpr *ax)
{
	const PgQuery__Node *last = ax->n_name > 0 ? ax->name[ax->n_name - 1] : NULL;

	return last != NULL && last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "";
}

Quarry__Expr *
func_array_any(BindCtx *cx, const PgQuery__AExpr *ax)
{
	const char *name = op_name(ax);
	bool		all = ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL;
	Quarry__Expr *args[3];
	TypeId		elem;
	TypeId		t;
	size_t		i;

	for (i = 0; i < sizeof(cmp_ops) / sizeof(cmp_ops[0]) && strcmp(cmp_ops[i].name, name) != 0; i++)
		;
	if (i == sizeof(cmp_ops) / sizeof(cmp_ops[0]))
		return fail(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"operator %s with %s (array) is not supported yet", name, all ? "ALL" : "ANY");
	if ((args[0] = bind_expr(cx, ax->lexpr)) == NULL || (args[1] = bind_expr(cx, ax->rexpr)) == NULL)
		return NULL;
	if (args[0]->type == TYPE_UNKNOWN && type_is_array((TypeId) args[1]->type) &&
		(args[0] = bind_coerce(cx, args[0], type_array_elem((TypeId) args[1]->type),
							   node_location(ax->lexpr))) == NULL)
		return NULL;
	if (args[0]->type == TYPE_UNKNOWN && (args[0] = bind_coerce(cx, args[0], TYPE_TEXT, -1)) == NULL)
		return NULL;
	if ((args[1] = array_arg(cx, args[1], (TypeId) args[0]->type, node_location(ax->rexpr))) == NULL) {
		if (!err_is_set(cx->err))
			fail(cx, ax->location, ERRCODE_WRONG_OBJECT_TYPE,
				 "op ANY/ALL (array) requires array on right side");
		return NULL;
	}
	elem = type_array_elem((TypeId) args[1]->type);
	t = bind_common_type((TypeId) args[0]->type, elem);
	if (t == TYPE_UNKNOWN)
		return fail(cx, ax->location, ERRCODE_UNDEFINED_FUNCTION,
					"operator does not exist: %s %s %s", type_info((TypeId) args[0]->type)->name,
					name, type_info(elem)->name);
	if ((args[0] = bind_coerce(cx, args[0], t, node_location(ax->lexpr))) == NULL)
		return NULL;
	args[2] = int_const(cx, cmp_ops[i].op);
	return bind_func_node(cx, all ? QUARRY__SCALAR_FUNC__FN_ARRAY_ALL :
						  QUARRY__SCALAR_FUNC__FN_ARRAY_ANY, TYPE_BOOL, 3, args);
}

/* ---- regular expressions ---- */

/*
 * func_array_regex binds a ~ b, a ~* b, a !~ b, a !~* b as FN_REGEX_MATCH
 * with flags (1 case-insensitive, 2 negated); *found is false for other
 * operator names.
 */
Quarry__Expr *
func_array_regex(BindCtx *cx, const char *op, const PgQuery__AExpr *ax, bool *found)
{
	Quarry__Expr *args[3];
	int			flags = 0;

	*found = false;
	if (strcmp(op, "~~") == 0 || strcmp(op, "!~~") == 0 || strcmp(op, "~~*") == 0 ||
		strcmp(op, "!~~*") == 0) {
		/* LIKE's operators spelled out (OPERATOR(pg_catalog.~~)): LIKE itself */
		PgQuery__AExpr like = *ax;

		like.kind = op[strlen(op) - 1] == '*' ? PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE :
			PG_QUERY__A__EXPR__KIND__AEXPR_LIKE;
		*found = true;
		return bind_special_aexpr(cx, &like);
	}
	if (strcmp(op, "~") == 0)
		flags = 0;
	else if (strcmp(op, "~*") == 0)
		flags = 1;
	else if (strcmp(op, "!~") == 0)
		flags = 2;
	else if (strcmp(op, "!~*") == 0)
		flags = 3;
	else
		return NULL;
	*found = true;
	if (ax->lexpr == NULL)
		return fail(cx, ax->location, ERRCODE_UNDEFINED_FUNCTION, "operator does not exist: %s", op);
	if ((args[0] = bind_expr(cx, ax->lexpr)) == NULL || (args[1] = bind_expr(cx, ax->rexpr)) == NULL)
		return NULL;
	for (int i = 0; i < 2; i++) {
		Quarry__Expr *t = text_arg(cx, args[i], node_location(i ? ax->rexpr : ax->lexpr));

		if (t == NULL) {
			if (!err_is_set(cx->err))
				fail(cx, ax->location, ERRCODE_UNDEFINED_FUNCTION,
					 "operator does not exist: %s %s %s", type_info((TypeId) args[0]->type)->name,
					 op, type_info((TypeId) args[1]->type)->name);
			return NULL;
		}
		args[i] = t;
	}
	args[2] = int_const(cx, flags);
	return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_REGEX_MATCH, TYPE_BOOL, 3, args);
}

/* ---- functions ---- */

typedef struct ACall {
	BindCtx    *cx;
	const PgQuery__FuncCall *fc;
	const char *name;
	Quarry__Expr **args;
	int		   *locs;
	int			n;
} ACall;

static Quarry__Expr *
no_match(ACall *c)
{
	char		msg[256];
	int			k;

	if (err_is_set(c->cx->err))
		return NULL;
	k = snprintf(msg, sizeof(msg), "function %s(", c->name);
	for (int i = 0; i < c->n && k < (int) sizeof(msg); i++)
		k += snprintf(msg + k, sizeof(msg) - (size_t) k, "%s%s", i ? ", " : "",
					  type_info((TypeId) c->args[i]->type)->name);
	if (k < (int) sizeof(msg))
		snprintf(msg + k, sizeof(msg) - (size_t) k, ") does not exist");
	fail(c->cx, c->fc->location, ERRCODE_UNDEFINED_FUNCTION, "%s", msg);
	err_hint(c->cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
	return NULL;
}

static bool
want_text(ACall *c, int i)
{
	return (c->args[i] = text_arg(c->cx, c->args[i], c->locs[i])) != NULL;
}

static bool
want_any_text(ACall *c, int i)
{
	return (c->args[i] = bind_coerce(c->cx, c->args[i], TYPE_TEXT, c->locs[i])) != NULL;
}

static bool
want_int(ACall *c, int i)
{
	TypeId		t = (TypeId) c->args[i]->type;

	if (t != TYPE_UNKNOWN && !type_is_integer(t))
		return false;
	return (c->args[i] = bind_coerce(c->cx, c->args[i], TYPE_INT4, c->locs[i])) != NULL;
}

static bool
want_array(ACall *c, int i)
{
	return (c->args[i] = array_arg(c->cx, c->args[i], TYPE_TEXT, c->locs[i])) != NULL;
}

static Quarry__Expr *
node_of(ACall *c, Quarry__ScalarFunc fn, TypeId type)
{
	return bind_func_node(c->cx, fn, type, c->n, c->args);
}

static Quarry__Expr *
bind_array_func(ACall *c, Quarry__ScalarFunc fn)
{
	switch (fn) {
		case QUARRY__SCALAR_FUNC__FN_ARRAY_TO_STRING:
			if (c->n < 2 || c->n > 3 || !want_array(c, 0) || !want_text(c, 1) ||
				(c->n == 3 && !want_text(c, 2)))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_LOWER:
		case QUARRY__SCALAR_FUNC__FN_ARRAY_UPPER:
		case QUARRY__SCALAR_FUNC__FN_ARRAY_LENGTH:
			if (c->n != 2 || !want_array(c, 0) || !want_int(c, 1))
				return no_match(c);
			return node_of(c, fn, TYPE_INT4);
		case QUARRY__SCALAR_FUNC__FN_CARDINALITY:
			if (c->n != 1 || !want_array(c, 0))
				return no_match(c);
			return node_of(c, fn, TYPE_INT4);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_POSITION:
			{
				TypeId		elem;

				if (c->n != 2 || !want_array(c, 0))
					return no_match(c);
				elem = type_array_elem((TypeId) c->args[0]->type);
				if (c->args[1]->type != (int) elem &&
					(c->args[1]->type != TYPE_UNKNOWN ||
					 (c->args[1] = bind_coerce(c->cx, c->args[1], elem, c->locs[1])) == NULL))
					return no_match(c);
				return node_of(c, fn, TYPE_INT4);
			}
		case QUARRY__SCALAR_FUNC__FN_ARRAY_CAT:
			if (c->n != 2)
				return no_match(c);
			if (c->args[0]->type == TYPE_UNKNOWN && type_is_array((TypeId) c->args[1]->type))
				c->args[0] = bind_coerce(c->cx, c->args[0], (TypeId) c->args[1]->type, c->locs[0]);
			if (c->args[0] == NULL || !want_array(c, 0) ||
				(c->args[1] = array_arg(c->cx, c->args[1],
										type_array_elem((TypeId) c->args[0]->type), c->locs[1])) == NULL ||
				c->args[0]->type != c->args[1]->type)
				return no_match(c);
			return node_of(c, fn, (TypeId) c->args[0]->type);
		default:
			return no_match(c);
	}
}

static Quarry__Expr *
bind_text_func(ACall *c, Quarry__ScalarFunc fn)
{
	switch (fn) {
		case QUARRY__SCALAR_FUNC__FN_RANDOM:
			if (c->n != 0)
				return no_match(c);
			return node_of(c, fn, TYPE_FLOAT8);
		case QUARRY__SCALAR_FUNC__FN_GEN_RANDOM_UUID:
			if (c->n != 0)
				return no_match(c);
			return node_of(c, fn, TYPE_UUID);
		case QUARRY__SCALAR_FUNC__FN_ENCODE:
			if (c->n != 2 || (c->args[0]->type != TYPE_BYTEA && c->args[0]->type != TYPE_UNKNOWN) ||
				(c->args[0] = bind_coerce(c->cx, c->args[0], TYPE_BYTEA, c->locs[0])) == NULL ||
				!want_text(c, 1))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_DECODE:
			if (c->n != 2 || !want_text(c, 0) || !want_text(c, 1))
				return no_match(c);
			return node_of(c, fn, TYPE_BYTEA);
		case QUARRY__SCALAR_FUNC__FN_STRING_TO_ARRAY:
			if (c->n < 2 || c->n > 3 || !want_text(c, 0) || !want_text(c, 1) ||
				(c->n == 3 && !want_text(c, 2)))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT_ARRAY);
		case QUARRY__SCALAR_FUNC__FN_REGEXP_REPLACE:
			if (c->n < 3 || c->n > 4)
				return no_match(c);
			for (int i = 0; i < c->n; i++)
				if (!want_text(c, i))
					return no_match(c);
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_REGEXP_SPLIT_TO_ARRAY:
		case QUARRY__SCALAR_FUNC__FN_REGEXP_MATCH:
			if (c->n < 2 || c->n > 3)
				return no_match(c);
			for (int i = 0; i < c->n; i++)
				if (!want_text(c, i))
					return no_match(c);
			return node_of(c, fn, TYPE_TEXT_ARRAY);
		case QUARRY__SCALAR_FUNC__FN_QUOTE_IDENT:
			if (c->n != 1 || !want_text(c, 0))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_QUOTE_LITERAL:
			if (c->n != 1 || !want_any_text(c, 0))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_PARSE_IDENT:
			if (c->n < 1 || c->n > 2 || !want_text(c, 0) ||
				(c->n == 2 && (c->args[1] = bind_coerce(c->cx, c->args[1], TYPE_BOOL, c->locs[1])) == NULL))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT_ARRAY);
		case QUARRY__SCALAR_FUNC__FN_FORMAT:
			if (c->n < 1 || !want_text(c, 0))
				return no_match(c);
			for (int i = 1; i < c->n; i++)
				if (!want_any_text(c, i))
					return NULL;
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_ELEM_TEXT:
			if (c->n != 1 || (c->args[0]->type == TYPE_UNKNOWN && !want_any_text(c, 0)))
				return no_match(c);
			return node_of(c, fn, TYPE_TEXT);
		case QUARRY__SCALAR_FUNC__FN_JSON_BUILD_OBJECT:
			if (c->n % 2 != 0)
				return fail(c->cx, c->fc->location, ERRCODE_INVALID_PARAMETER_VALUE,
							"argument list must have even number of elements");
			for (int i = 0; i < c->n; i++)
				if (c->args[i]->type == TYPE_UNKNOWN && !want_any_text(c, i))
					return NULL;
			return node_of(c, fn, TYPE_JSON);
		default:
			return no_match(c);
	}
}

static const struct {
	const char *name;
	Quarry__ScalarFunc fn;
	Quarry__Expr *(*bind) (ACall *c, Quarry__ScalarFunc fn);
}			funcs[] = {
	{"array_to_string", QUARRY__SCALAR_FUNC__FN_ARRAY_TO_STRING, bind_array_func},
	{"array_lower", QUARRY__SCALAR_FUNC__FN_ARRAY_LOWER, bind_array_func},
	{"array_upper", QUARRY__SCALAR_FUNC__FN_ARRAY_UPPER, bind_array_func},
	{"array_length", QUARRY__SCALAR_FUNC__FN_ARRAY_LENGTH, bind_array_func},
	{"cardinality", QUARRY__SCALAR_FUNC__FN_CARDINALITY, bind_array_func},
	{"array_position", QUARRY__SCALAR_FUNC__FN_ARRAY_POSITION, bind_array_func},
	{"array_cat", QUARRY__SCALAR_FUNC__FN_ARRAY_CAT, bind_array_func},
	{"string_to_array", QUARRY__SCALAR_FUNC__FN_STRING_TO_ARRAY, bind_text_func},
	{"regexp_replace", QUARRY__SCALAR_FUNC__FN_REGEXP_REPLACE, bind_text_func},
	{"regexp_match", QUARRY__SCALAR_FUNC__FN_REGEXP_MATCH, bind_text_func},
	{"regexp_split_to_array", QUARRY__SCALAR_FUNC__FN_REGEXP_SPLIT_TO_ARRAY, bind_text_func},
	{"quote_ident", QUARRY__SCALAR_FUNC__FN_QUOTE_IDENT, bind_text_func},
	{"quote_literal", QUARRY__SCALAR_FUNC__FN_QUOTE_LITERAL, bind_text_func},
	{"parse_ident", QUARRY__SCALAR_FUNC__FN_PARSE_IDENT, bind_text_func},
	{"format", QUARRY__SCALAR_FUNC__FN_FORMAT, bind_text_func},
	{"json_build_object", QUARRY__SCALAR_FUNC__FN_JSON_BUILD_OBJECT, bind_text_func},
	{"__quarry_array_elem", QUARRY__SCALAR_FUNC__FN_ARRAY_ELEM_TEXT, bind_text_func},
	{"random", QUARRY__SCALAR_FUNC__FN_RANDOM, bind_text_func},
	{"gen_random_uuid", QUARRY__SCALAR_FUNC__FN_GEN_RANDOM_UUID, bind_text_func},
	{"encode", QUARRY__SCALAR_FUNC__FN_ENCODE, bind_text_func},
	{"decode", QUARRY__SCALAR_FUNC__FN_DECODE, bind_text_func},
};

/*
 * bind_array_agg binds array_agg(x) as string_agg over x's elements as
 * array_out writes them (NULL as NULL), braced: one aggregate Quarry
 * already has.  DISTINCT and FILTER carry over; ORDER BY inside the call
 * is refused by the aggregate binder, as for string_agg.
 */
static Quarry__Expr *
bind_array_agg(BindCtx *cx, const PgQuery__FuncCall *fc)
{
	PgQuery__Node *agg;
	Quarry__Expr *e;
	const Quarry__AggCall *call;
	TypeId		at;

	if (fc->n_args != 1 || fc->agg_star)
		return fail(cx, fc->location, ERRCODE_UNDEFINED_FUNCTION,
					"function array_agg with %zu arguments does not exist", fc->n_args);
	agg = func_srf_template(cx->a, "string_agg(__quarry_array_elem(__p1), ',')", fc->args[0],
							cx->err);
	if (agg == NULL)
		return NULL;
	agg->func_call->agg_distinct = fc->agg_distinct;
	agg->func_call->agg_filter = fc->agg_filter;
	agg->func_call->n_agg_order = fc->n_agg_order;
	agg->func_call->agg_order = fc->agg_order;
	agg->func_call->over = fc->over;
	agg->func_call->location = fc->location;
	if ((e = bind_expr(cx, agg)) == NULL)
		return NULL;
	if (e->kind != EXPR_AGGREF)
		return fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"array_agg is not supported here yet");
	call = cx->aggs[e->column];
	at = type_array_of((TypeId) call->arg->args[0]->type);
	if (at == TYPE_UNKNOWN)
		return fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"arrays of type %s are not supported yet",
					type_info((TypeId) call->arg->args[0]->type)->name);
	return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_ARRAY_FROM_LIST, at, 1, &e);
}

/*
 * func_array_call binds a call of one of this file's functions; *found is
 * false when the name is not one of them.
 */
Quarry__Expr *
func_array_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, bool *found)
{
	ACall		c;
	size_t		i;

	*found = false;
	if (strcmp(name, "array_agg") == 0 && fc->n_funcname <= 2) {
		*found = true;
		return bind_array_agg(cx, fc);
	}
	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]) && strcmp(funcs[i].name, name) != 0; i++)
		;
	if (i == sizeof(funcs) / sizeof(funcs[0]) || fc->n_funcname > 2)
		return NULL;
	*found = true;
	if (fc->agg_star || fc->agg_distinct || fc->over != NULL || fc->n_args > MAX_CALL_ARGS)
		return fail(cx, fc->location, ERRCODE_WRONG_OBJECT_TYPE,
					"%s is not an aggregate or window function here", name);
	memset(&c, 0, sizeof(c));
	c.cx = cx;
	c.fc = fc;
	c.name = name;
	c.n = (int) fc->n_args;
	c.args = arena_array(cx->a, Quarry__Expr *, c.n + 1);
	c.locs = arena_array(cx->a, int, c.n + 1);
	for (int k = 0; k < c.n; k++) {
		if ((c.args[k] = bind_expr(cx, fc->args[k])) == NULL)
			return NULL;
		c.locs[k] = node_location(fc->args[k]);
	}
	return funcs[i].bind(&c, funcs[i].fn);
}
