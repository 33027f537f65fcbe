/*
 * bind_expr.c
 *	  Binding expressions: names to columns, literals to typed constants,
 *	  operators and functions to typed Expr nodes with PostgreSQL's implicit
 *	  casts.  Casts of constants are folded here.
 */
#include "planner/bind_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "planner/func_array.h"
#include "planner/grouping.h"
#include "planner/func_bi.h"
#include "planner/params.h"
#include "planner/row_compare.h"
#include "wire/typeio.h"


static Quarry__Expr *
expr_new(Arena *a, Quarry__ExprKind kind, TypeId type)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = kind;
	e->type = type;
	return e;
}

static void
expr_set_args(Arena *a, Quarry__Expr *e, int n, Quarry__Expr *x, Quarry__Expr *y)
{
	e->n_args = n;
	e->args = arena_array(a, Quarry__Expr *, n);
	e->args[0] = x;
	if (n > 1)
		e->args[1] = y;
}

/*
 * expr_pair builds kind (an operator op for EXPR_OP) of type over x and y:
 * the planner's own comparisons and COALESCEs.
 */
Quarry__Expr *
expr_pair(Arena *a, Quarry__ExprKind kind, Quarry__ExprOp op, TypeId type, Quarry__Expr *x,
		  Quarry__Expr *y)
{
	Quarry__Expr *e = expr_new(a, kind, type);

	e->op = op;
	expr_set_args(a, e, 2, x, y);
	return e;
}

/* expr_const makes a constant node holding v (strings are copied). */
Quarry__Expr *
expr_const(Arena *a, const Value *v)
{
	Quarry__Expr *e = expr_new(a, QUARRY__EXPR_KIND__EXPR_CONST, v->type);
	Quarry__Datum *d = arena_new(a, Quarry__Datum);

	quarry__datum__init(d);
	d->is_null = v->is_null;
	if (!v->is_null) {
		switch (type_info(v->type)->phys) {
			case PHYS_BOOL:
				d->value_case = QUARRY__DATUM__VALUE_B;
				d->b = v->u.b;
				break;
			case PHYS_I16:
			case PHYS_I32:
			case PHYS_I64:
				d->value_case = QUARRY__DATUM__VALUE_I;
				d->i = v->u.i;
				break;
			case PHYS_F64:
				d->value_case = QUARRY__DATUM__VALUE_F;
				d->f = v->u.f;
				break;
			case PHYS_DEC:
			case PHYS_IV:
				/* 16 bytes as they lie in a vector */
				d->value_case = QUARRY__DATUM__VALUE_S;
				d->s.data = arena_memdup(a, &v->u, 16);
				d->s.len = 16;
				break;
			default:
				d->value_case = QUARRY__DATUM__VALUE_S;
				d->s.data = arena_memdup(a, v->u.s.p, v->u.s.len);
				d->s.len = v->u.s.len;
				break;
		}
	}
	e->value = d;
	return e;
}

/* expr_const_value reads a constant node back into a Value. */
bool
expr_const_value(const Quarry__Expr *e, Value *out)
{
	const Quarry__Datum *d = e->value;

	if (e->kind != QUARRY__EXPR_KIND__EXPR_CONST || d == NULL)
		return false;
	memset(out, 0, sizeof(*out));
	out->type = (TypeId) e->type;
	out->is_null = d->is_null;
	switch (d->value_case) {
		case QUARRY__DATUM__VALUE_B:
			out->u.b = d->b;
			break;
		case QUARRY__DATUM__VALUE_I:
			out->u.i = d->i;
			break;
		case QUARRY__DATUM__VALUE_F:
			out->u.f = d->f;
			break;
		case QUARRY__DATUM__VALUE_S:
			out->u.s.p = (const char *) d->s.data;
			out->u.s.len = (uint32_t) d->s.len;
			if (type_info(out->type)->phys == PHYS_DEC || type_info(out->type)->phys == PHYS_IV) {
				if (d->s.len == 16)
					memcpy(&out->u, d->s.data, 16);
				else
					out->is_null = true;
			}
			break;
		default:
			out->is_null = true;
			break;
	}
	return true;
}

Quarry__Expr *
expr_column(Arena *a, int column, TypeId type)
{
	Quarry__Expr *e = expr_new(a, QUARRY__EXPR_KIND__EXPR_COLUMN, type);

	e->column = column;
	return e;
}

/* expr_equal compares two bound expressions structurally. */
bool
expr_equal(const Quarry__Expr *x, const Quarry__Expr *y)
{
	Value		vx;
	Value		vy;

	if (x->kind != y->kind || x->type != y->type || x->column != y->column ||
		x->op != y->op || x->n_args != y->n_args)
		return false;
	if (x->kind == QUARRY__EXPR_KIND__EXPR_CONST) {
		expr_const_value(x, &vx);
		expr_const_value(y, &vy);
		if (vx.is_null || vy.is_null)
			return vx.is_null == vy.is_null;
		if (type_info(vx.type)->phys == PHYS_STR)
			return vx.u.s.len == vy.u.s.len && memcmp(vx.u.s.p, vy.u.s.p, vx.u.s.len) == 0;
		return memcmp(&vx.u, &vy.u, sizeof(vx.u)) == 0;
	}
	for (size_t i = 0; i < x->n_args; i++)
		if (!expr_equal(x->args[i], y->args[i]))
			return false;
	return true;
}

bool
expr_has_aggref(const Quarry__Expr *e)
{
	if (e->kind == EXPR_AGGREF)
		return true;
	for (size_t i = 0; i < e->n_args; i++)
		if (expr_has_aggref(e->args[i]))
			return true;
	return false;
}

/* node_location is the parse location of a node, or -1. */
int
node_location(const PgQuery__Node *n)
{
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_COLUMN_REF:
			return n->column_ref->location;
		case PG_QUERY__NODE__NODE_A_CONST:
			return n->a_const->location;
		case PG_QUERY__NODE__NODE_A_EXPR:
			return n->a_expr->location;
		case PG_QUERY__NODE__NODE_FUNC_CALL:
			return n->func_call->location;
		case PG_QUERY__NODE__NODE_TYPE_CAST:
			{
				/* the leftmost of the cast and its argument, as exprLocation */
				int			arg = node_location(n->type_cast->arg);

				return arg >= 0 && arg < n->type_cast->location ? arg : n->type_cast->location;
			}
		case PG_QUERY__NODE__NODE_BOOL_EXPR:
			return n->bool_expr->location;
		case PG_QUERY__NODE__NODE_NULL_TEST:
			return n->null_test->location;
		default:
			return -1;
	}
}

static bool
fail_at(BindCtx *cx, int location, const char *sqlstate, const char *msg)
{
	err_set(cx->err, sqlstate, "%s", msg);
	if (location >= 0)
		cx->err->position = location + 1;
	return false;
}

/* ---- literals and casts ---- */

static Quarry__Expr *
bind_const(BindCtx *cx, const PgQuery__AConst *c)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	if (c->isnull) {
		v.type = TYPE_UNKNOWN;
		v.is_null = true;
		return expr_const(cx->a, &v);
	}
	switch (c->val_case) {
		case PG_QUERY__A__CONST__VAL_IVAL:
			v.type = TYPE_INT4;
			v.u.i = c->ival->ival;
			break;
		case PG_QUERY__A__CONST__VAL_FVAL:
			{
				/*
				 * integers too big for int4 arrive as Float: int8 when they
				 * fit, else numeric, as are all decimal literals
				 */
				const char *s = c->fval->fval;

				if (strpbrk(s, ".eE") == NULL &&
					typeio_parse(cx->a, TYPE_INT8, s, strlen(s), &v, cx->err)) {
					if (v.u.i >= INT32_MIN && v.u.i <= INT32_MAX)
						v.type = TYPE_INT4;
					break;
				}
				err_clear(cx->err);
				if (!typeio_parse(cx->a, TYPE_NUMERIC, s, strlen(s), &v, cx->err)) {
					cx->err->position = c->location + 1;
					return NULL;
				}
				break;
			}
		case PG_QUERY__A__CONST__VAL_BOOLVAL:
			v.type = TYPE_BOOL;
			v.u.b = c->boolval->boolval;
			break;
		case PG_QUERY__A__CONST__VAL_SVAL:
			v.type = TYPE_UNKNOWN;
			v.u.s.p = c->sval->sval;
			v.u.s.len = (uint32_t) strlen(c->sval->sval);
			break;
		default:
			fail_at(cx, c->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"bit string literals are not supported yet");
			return NULL;
	}
	return expr_const(cx->a, &v);
}

/* cast_value converts a constant to target, as the cast would at run time. */
static bool
cast_value(BindCtx *cx, const Value *in, TypeId target, Value *out, int location)
{
	if (value_cast(cx->a, in, target, out, cx->err))
		return true;
	/* PostgreSQL points at a literal it could not read, not at a failed cast */
	if (location >= 0 && cx->err->position == 0 && in->type == TYPE_UNKNOWN)
		cx->err->position = location + 1;
	return false;
}

static bool
cast_allowed(TypeId from, TypeId to)
{
	if (from == to || from == TYPE_UNKNOWN || type_is_string(to))
		return true;
	if (type_is_numeric(from) && type_is_numeric(to))
		return true;
	if ((type_is_oid(from) || type_is_integer(from) || from == TYPE_XID) &&
		(type_is_oid(to) || type_is_integer(to) || to == TYPE_XID))
		return true;
	if ((from == TYPE_DATE || from == TYPE_TIMESTAMP || from == TYPE_TIMESTAMPTZ) &&
		(to == TYPE_DATE || to == TYPE_TIMESTAMP || to == TYPE_TIMESTAMPTZ))
		return true;
	if (type_is_string(from))
		return true;
	if (type_is_array(from) && type_is_array(to))
		return true;			/* element by element (wire/array.c) */
	return false;
}

/*
 * bind_coerce casts e to target: constants are converted now, other
 * expressions get a CAST node.  A cast that does not exist is 42846.
 */
Quarry__Expr *
bind_coerce(BindCtx *cx, Quarry__Expr *e, TypeId target, int location)
{
	Value		v;
	Value		out;
	Quarry__Expr *c;

	if (e->type == (int) target)
		return e;
	if (!cast_allowed((TypeId) e->type, target)) {
		char		msg[160];

		snprintf(msg, sizeof(msg), "cannot cast type %s to %s",
				 type_info((TypeId) e->type)->name, type_info(target)->name);
		fail_at(cx, location, "42846", msg);
		return NULL;
	}
	if (expr_const_value(e, &v)) {
		if (type_is_oid(target) && type_is_string(v.type) && !v.is_null)
			return syscat_reg_const(cx, &v, target, location);	/* 'pg_class'::regclass */
		if (!cast_value(cx, &v, target, &out, location))
			return NULL;
		return expr_const(cx->a, &out);
	}
	if ((target == TYPE_REGCLASS || target == TYPE_REGTYPE) && type_is_string((TypeId) e->type))
		return syscat_reg_cast(cx, e, target, location);	/* names looked up now */
	c = expr_new(cx->a, QUARRY__EXPR_KIND__EXPR_CAST, target);
	expr_set_args(cx->a, c, 1, e, NULL);
	return c;
}

/*
 * bind_coerce_typmod casts e to target and its typmod (numeric(p,s),
 * character(n), varchar(n)) as an explicit cast does: strings are cut to
 * n characters, numerics rounded to s decimals.
 */
Quarry__Expr *
bind_coerce_typmod(BindCtx *cx, Quarry__Expr *e, TypeId target, int32_t typmod, int location)
{
	Value		v;
	Quarry__Expr *c;

	if ((e = bind_coerce(cx, e, target, location)) == NULL || typmod < 4)
		return e;
	if (expr_const_value(e, &v)) {
		if (!value_apply_typmod(cx->a, &v, typmod, true, cx->err))
			return NULL;
		return expr_const(cx->a, &v);
	}
	c = expr_new(cx->a, QUARRY__EXPR_KIND__EXPR_CAST, target);
	c->typmod = typmod;
	expr_set_args(cx->a, c, 1, e, NULL);
	return c;
}

static int
typmod_int(const PgQuery__TypeName *tn, size_t i, bool *ok)
{
	const PgQuery__Node *n = tn->typmods[i];

	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
		return n->a_const->ival->ival;
	*ok = false;
	return 0;
}

/*
 * type_modifier reads numeric(p[,s]) as ((p << 16) | s) + 4 and
 * character(n) / varchar(n) as n + 4, with PostgreSQL's range checks.
 */
static bool
type_modifier(const PgQuery__TypeName *tn, TypeId type, int32_t *typmod, Err *err)
{
	bool		ok = true;
	int			p;
	int			s = 0;

	if (tn->n_typmods == 0)
		return true;
	if (type_is_float(type) || type == TYPE_BYTEA || type == TYPE_UUID)
		return err_set(err, ERRCODE_SYNTAX_ERROR, "type modifier is not allowed for type \"%s\"",
					   type == TYPE_FLOAT4 ? "float4" : type == TYPE_FLOAT8 ? "float8" :
					   type_info(type)->name);
	if (type == TYPE_NUMERIC) {
		p = typmod_int(tn, 0, &ok);
		if (tn->n_typmods > 1)
			s = typmod_int(tn, 1, &ok);
		if (!ok || tn->n_typmods > 2)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "invalid NUMERIC type modifier");
		if (p < 1 || p > 1000)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "NUMERIC precision %d must be between 1 and 1000", p);
		if (s < -1000 || s > 1000)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "NUMERIC scale %d must be between -1000 and 1000", s);
		*typmod = ((p << 16) | (s & 0xffff)) + 4;
		return true;
	}
	if (type == TYPE_VARCHAR || type == TYPE_BPCHAR) {
		const char *tname = type == TYPE_VARCHAR ? "varchar" : "char";

		p = typmod_int(tn, 0, &ok);
		if (!ok || tn->n_typmods > 1)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "invalid type modifier");
		if (p < 1)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "length for type %s must be at least 1", tname);
		if (p > 10485760)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "length for type %s cannot exceed 10485760", tname);
		*typmod = p + 4;
	}
	return true;
}

/* bind_type_name maps a TypeName to a TypeId and typmod (varchar(n): n + 4). */
bool
bind_type_name(const PgQuery__TypeName *tn, TypeId *type, int32_t *typmod, Err *err)
{
	const char *name = NULL;

	if (tn->n_names > 0 && tn->names[tn->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING)
		name = tn->names[tn->n_names - 1]->string->sval;
	*typmod = -1;
	if (tn->n_array_bounds > 0 && name != NULL && type_from_name(name) != TYPE_UNKNOWN &&
		type_array_of(type_from_name(name)) != TYPE_UNKNOWN) {
		*type = type_array_of(type_from_name(name));	/* int[], text[][] as one dimension */
		return true;
	}
	if (tn->n_array_bounds > 0 || name == NULL) {
		err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "array types are not supported yet");
		err->position = tn->location + 1;
		return false;
	}
	*type = type_from_name(name);
	if (*type == TYPE_UNKNOWN) {
		err_set(err, ERRCODE_UNDEFINED_OBJECT, "type \"%s\" does not exist", name);
		err->position = tn->location + 1;
		return false;
	}
	if (!type_modifier(tn, *type, typmod, err)) {
		err->position = tn->location + 1;
		return false;
	}
	return true;
}

/*
 * expr_is_numeric_literal: decimal literals are numeric constants now, so
 * no expression is an untyped one any more.  Kept until select.c drops it.
 */
bool
expr_is_numeric_literal(const Quarry__Expr *e)
{
	return false;
}

bool
numeric_unsupported(BindCtx *cx, int location)
{
	fail_at(cx, location, ERRCODE_FEATURE_NOT_SUPPORTED, "type numeric is not supported yet");
	return false;
}

static Quarry__Expr *
bind_type_cast(BindCtx *cx, const PgQuery__TypeCast *tc)
{
	Quarry__Expr *arg;
	TypeId		type;
	int32_t		typmod;

	if (!bind_type_name(tc->type_name, &type, &typmod, cx->err))
		return NULL;
	if ((arg = bind_expr(cx, tc->arg)) == NULL)
		return NULL;
	if (type == TYPE_INTERVAL && tc->type_name->n_typmods > 0)
		return bind_interval_fields(cx, arg, tc->type_name, node_location(tc->arg));
	return bind_coerce_typmod(cx, arg, type, typmod,
							  tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST ?
							  node_location(tc->arg) : tc->location);
}

/* ---- operators ---- */

static int
int_rank(TypeId t)
{
	return t == TYPE_INT2 ? 1 : t == TYPE_INT4 ? 2 : 3;
}

/* common_type picks the type both operands are cast to, or TYPE_UNKNOWN. */
static TypeId
common_type(TypeId l, TypeId r)
{
	if (l == r)
		return l == TYPE_UNKNOWN ? TYPE_TEXT : l;
	if (l == TYPE_UNKNOWN)
		return r;
	if (r == TYPE_UNKNOWN)
		return l;
	if (type_is_integer(l) && type_is_integer(r))
		return int_rank(l) > int_rank(r) ? l : r;
	/* real with anything else numeric is double precision (float48pl, float48eq) */
	if (type_is_numeric(l) && type_is_numeric(r))
		return type_is_float(l) || type_is_float(r) ? TYPE_FLOAT8 : TYPE_NUMERIC;
	/* bpchar = varchar is bpchareq (one exact match); with text, text wins */
	if ((l == TYPE_BPCHAR && r == TYPE_VARCHAR) || (l == TYPE_VARCHAR && r == TYPE_BPCHAR))
		return TYPE_BPCHAR;
	if (type_is_string(l) && type_is_string(r))
		return TYPE_TEXT;
	if ((l == TYPE_DATE && r == TYPE_TIMESTAMP) || (l == TYPE_TIMESTAMP && r == TYPE_DATE))
		return TYPE_TIMESTAMP;
	/* oid and the reg* types compare as oids; integers become oids (int4 -> oid) */
	if ((type_is_oid(l) || type_is_integer(l)) && (type_is_oid(r) || type_is_integer(r)))
		return TYPE_OID;
	if ((l == TYPE_TIMESTAMPTZ && (r == TYPE_DATE || r == TYPE_TIMESTAMP)) ||
		(r == TYPE_TIMESTAMPTZ && (l == TYPE_DATE || l == TYPE_TIMESTAMP)))
		return TYPE_TIMESTAMPTZ;
	return TYPE_UNKNOWN;
}

/* bind_common_type is common_type for func.c: CASE, COALESCE, IN lists. */
TypeId
bind_common_type(TypeId l, TypeId r)
{
	return common_type(l, r);
}

static Quarry__Expr *array_concat(BindCtx *cx, Quarry__Expr *l, Quarry__Expr *r,
								  const PgQuery__AExpr *ax);
static Quarry__Expr *no_operator(BindCtx *cx, const char *name, TypeId l, TypeId r, bool unary,
								 int location);

/*
 * bind_common_pair casts two expressions compared for equality (IN's
 * sides, join keys) to their common type; 42883 when there is none.
 */
bool
bind_common_pair(BindCtx *cx, Quarry__Expr **pair, int location)
{
	TypeId		t = common_type((TypeId) pair[0]->type, (TypeId) pair[1]->type);

	if (t == TYPE_UNKNOWN) {
		no_operator(cx, "=", (TypeId) pair[0]->type, (TypeId) pair[1]->type, false, location);
		return false;
	}
	return (pair[0] = bind_coerce(cx, pair[0], t, location)) != NULL &&
		(pair[1] = bind_coerce(cx, pair[1], t, location)) != NULL;
}

static const struct {
	const char *name;
	Quarry__ExprOp op;
	bool		comparison;
}			operators[] = {
	{"=", QUARRY__EXPR_OP__OP_EQ, true}, {"<>", QUARRY__EXPR_OP__OP_NE, true},
	{"!=", QUARRY__EXPR_OP__OP_NE, true}, {"<", QUARRY__EXPR_OP__OP_LT, true},
	{"<=", QUARRY__EXPR_OP__OP_LE, true}, {">", QUARRY__EXPR_OP__OP_GT, true},
	{">=", QUARRY__EXPR_OP__OP_GE, true}, {"+", QUARRY__EXPR_OP__OP_ADD, false},
	{"-", QUARRY__EXPR_OP__OP_SUB, false}, {"*", QUARRY__EXPR_OP__OP_MUL, false},
	{"/", QUARRY__EXPR_OP__OP_DIV, false}, {"%", QUARRY__EXPR_OP__OP_MOD, false},
	{"||", QUARRY__EXPR_OP__OP_CONCAT, false},
};

static Quarry__Expr *
no_operator(BindCtx *cx, const char *name, TypeId l, TypeId r, bool unary, int location)
{
	char		msg[200];

	if (unary)
		snprintf(msg, sizeof(msg), "operator does not exist: %s %s", name,
				 type_info(r)->name);
	else
		snprintf(msg, sizeof(msg), "operator does not exist: %s %s %s",
				 type_info(l)->name, name, type_info(r)->name);
	fail_at(cx, location, ERRCODE_UNDEFINED_FUNCTION, msg);
	err_hint(cx->err, "No operator matches the given name and argument types. You might need to add explicit type casts.");
	return NULL;
}

static Quarry__Expr *
bind_unary_minus(BindCtx *cx, Quarry__Expr *arg, int location)
{
	Value		v;
	Quarry__Expr *e;

	if (arg->type == TYPE_INTERVAL)
		return bind_datetime_op(cx, "-", NULL, arg, location);
	if (!type_is_numeric((TypeId) arg->type))
		return no_operator(cx, "-", TYPE_UNKNOWN, (TypeId) arg->type, true, location);
	if (expr_const_value(arg, &v) && !v.is_null) {
		if (type_is_float(v.type))
			v.u.f = -v.u.f;
		else if (v.type == TYPE_NUMERIC)
			v.u.n = num_neg(v.u.n);
		else
			v.u.i = -v.u.i;
		return expr_const(cx->a, &v);
	}
	e = expr_new(cx->a, QUARRY__EXPR_KIND__EXPR_OP, (TypeId) arg->type);
	e->op = QUARRY__EXPR_OP__OP_NEG;
	expr_set_args(cx->a, e, 1, arg, NULL);
	return e;
}

static Quarry__Expr *
bind_operator(BindCtx *cx, const PgQuery__AExpr *ax)
{
	const char *name;
	Quarry__Expr *l = NULL;
	Quarry__Expr *r;
	Quarry__Expr *e;
	TypeId		t;
	int			i;
	int			nops = (int) (sizeof(operators) / sizeof(operators[0]));

	if (row_compare_applies(ax))
		return row_compare_bind(cx, ax);	/* planner/row_compare.c */
	if (ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ||
		ax->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL)
		return func_array_any(cx, ax);	/* planner/func_array.c */
	if (ax->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP)
		return bind_special_aexpr(cx, ax);
	if (ax->n_name == 2 && ax->name[1]->node_case == PG_QUERY__NODE__NODE_STRING) {
		/* OPERATOR(pg_catalog.op) */
		PgQuery__AExpr plain = *ax;

		plain.n_name = 1;
		plain.name = ax->name + 1;
		return bind_operator(cx, &plain);
	}
	if (ax->n_name == 1 && ax->name[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
		bool		found;
		Quarry__Expr *re = func_array_regex(cx, ax->name[0]->string->sval, ax, &found);

		if (found)
			return re;
	}
	if (ax->n_name != 1 || ax->name[0]->node_case != PG_QUERY__NODE__NODE_STRING) {
		fail_at(cx, ax->location, ERRCODE_FEATURE_NOT_SUPPORTED,
				"this kind of expression is not supported yet");
		return NULL;
	}
	name = ax->name[0]->string->sval;
	if (ax->lexpr != NULL && (l = bind_expr(cx, ax->lexpr)) == NULL)
		return NULL;
	if ((r = bind_expr(cx, ax->rexpr)) == NULL)
		return NULL;
	if (l == NULL && strcmp(name, "-") == 0)
		return bind_unary_minus(cx, r, ax->location);
	if (l == NULL && strcmp(name, "+") == 0 && type_is_numeric((TypeId) r->type))
		return r;
	for (i = 0; i < nops && strcmp(operators[i].name, name) != 0; i++)
		;
	if (l == NULL || i == nops)
		return no_operator(cx, name, l ? (TypeId) l->type : TYPE_UNKNOWN,
						   (TypeId) r->type, l == NULL, ax->location);
	if (!operators[i].comparison && operators[i].op != QUARRY__EXPR_OP__OP_CONCAT &&
		(type_is_datetime((TypeId) l->type) || type_is_datetime((TypeId) r->type)))
		return bind_datetime_op(cx, name, l, r, ax->location);
	if (operators[i].op == QUARRY__EXPR_OP__OP_CONCAT &&
		(type_is_array((TypeId) l->type) || type_is_array((TypeId) r->type)))
		return array_concat(cx, l, r, ax);
	t = common_type((TypeId) l->type, (TypeId) r->type);
	if (operators[i].op == QUARRY__EXPR_OP__OP_CONCAT && t != TYPE_BYTEA &&
		(type_is_string((TypeId) l->type) || type_is_string((TypeId) r->type)))
		t = TYPE_TEXT;		/* bytea || 'lit' is byteacat; bytea || text is text */
	if (t == TYPE_UNKNOWN ||
		(!operators[i].comparison && operators[i].op != QUARRY__EXPR_OP__OP_CONCAT &&
		 !type_is_numeric(t)) ||
		(operators[i].op == QUARRY__EXPR_OP__OP_CONCAT && t != TYPE_TEXT && t != TYPE_BYTEA &&
		 !type_is_string(t)) ||
		(operators[i].op == QUARRY__EXPR_OP__OP_MOD && type_is_float(t)))
		return no_operator(cx, name, (TypeId) l->type, (TypeId) r->type, false, ax->location);
	if ((l = bind_coerce(cx, l, t, node_location(ax->lexpr))) == NULL ||
		(r = bind_coerce(cx, r, t, node_location(ax->rexpr))) == NULL)
		return NULL;
	e = expr_new(cx->a, QUARRY__EXPR_KIND__EXPR_OP, operators[i].comparison ? TYPE_BOOL : t);
	e->op = operators[i].op;
	expr_set_args(cx->a, e, 2, l, r);
	return e;
}

/*
 * array_concat binds || with an array side: array || array (array_cat),
 * array || element and element || array (a one-element array first).  An
 * untyped literal takes the other side's type, as in PostgreSQL.
 */
static Quarry__Expr *
array_concat(BindCtx *cx, Quarry__Expr *l, Quarry__Expr *r, const PgQuery__AExpr *ax)
{
	Quarry__Expr *args[2] = {l, r};
	TypeId		at = type_is_array((TypeId) l->type) ? (TypeId) l->type : (TypeId) r->type;
	TypeId		elem = type_array_elem(at);

	for (int k = 0; k < 2; k++) {
		int			loc = node_location(k == 0 ? ax->lexpr : ax->rexpr);

		if (args[k]->type == (int32_t) at)
			continue;
		if (args[k]->type == TYPE_UNKNOWN) {
			if ((args[k] = bind_coerce(cx, args[k], at, loc)) == NULL)
				return NULL;
			continue;
		}
		if (type_is_array((TypeId) args[k]->type) ||
			(args[k] = bind_coerce(cx, args[k], elem, loc)) == NULL)
			return no_operator(cx, "||", (TypeId) l->type, (TypeId) r->type, false, ax->location);
		args[k] = bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_ARRAY_BUILD, at, 1, &args[k]);
	}
	return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_ARRAY_CAT, at, 2, args);
}

static Quarry__Expr *
bind_bool_expr(BindCtx *cx, const PgQuery__BoolExpr *bx)
{
	Quarry__ExprKind kind = bx->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR ?
		QUARRY__EXPR_KIND__EXPR_AND : bx->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ?
		QUARRY__EXPR_KIND__EXPR_OR : QUARRY__EXPR_KIND__EXPR_NOT;
	Quarry__Expr *e = expr_new(cx->a, kind, TYPE_BOOL);

	e->n_args = bx->n_args;
	e->args = arena_array(cx->a, Quarry__Expr *, bx->n_args);
	for (size_t i = 0; i < bx->n_args; i++) {
		Quarry__Expr *arg = bind_expr(cx, bx->args[i]);

		if (arg == NULL)
			return NULL;
		if (arg->type != TYPE_BOOL) {
			char		msg[200];

			if (arg->type == TYPE_UNKNOWN)
				arg = bind_coerce(cx, arg, TYPE_BOOL, node_location(bx->args[i]));
			if (arg == NULL)
				return NULL;
			if (arg->type != TYPE_BOOL) {
				snprintf(msg, sizeof(msg), "argument of %s must be type boolean, not type %s",
						 kind == QUARRY__EXPR_KIND__EXPR_AND ? "AND" :
						 kind == QUARRY__EXPR_KIND__EXPR_OR ? "OR" : "NOT",
						 type_info((TypeId) arg->type)->name);
				fail_at(cx, node_location(bx->args[i]), ERRCODE_DATATYPE_MISMATCH, msg);
				return NULL;
			}
		}
		e->args[i] = arg;
	}
	return e;
}

static Quarry__Expr *
bind_null_test(BindCtx *cx, const PgQuery__NullTest *nt)
{
	Quarry__Expr *arg = bind_expr(cx, nt->arg);
	Quarry__Expr *e;

	if (arg == NULL)
		return NULL;
	if (arg->type == TYPE_UNKNOWN && (arg = bind_coerce(cx, arg, TYPE_TEXT, -1)) == NULL)
		return NULL;
	e = expr_new(cx->a, nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ?
				 QUARRY__EXPR_KIND__EXPR_IS_NULL : QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL,
				 TYPE_BOOL);
	expr_set_args(cx->a, e, 1, arg, NULL);
	return e;
}

/* ---- aggregates ---- */

static const char *
func_name(const PgQuery__FuncCall *fc)
{
	const PgQuery__Node *last = fc->funcname[fc->n_funcname - 1];

	return last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "?";
}

static bool
agg_result_type(BindCtx *cx, Quarry__AggFunc f, TypeId arg, TypeId *out,
				const char *name, int location)
{
	char		msg[200];

	switch (f) {
		case QUARRY__AGG_FUNC__AGG_COUNT_STAR:
		case QUARRY__AGG_FUNC__AGG_COUNT:
			*out = TYPE_INT8;
			return true;
		case QUARRY__AGG_FUNC__AGG_MIN:
		case QUARRY__AGG_FUNC__AGG_MAX:
			if (arg == TYPE_BYTEA || arg == TYPE_UUID)
				break;			/* PostgreSQL 15 has no min or max of them */
			*out = arg == TYPE_UNKNOWN ? TYPE_TEXT : arg;
			return arg != TYPE_BOOL || fail_at(cx, location, ERRCODE_UNDEFINED_FUNCTION, "function min(boolean) does not exist");
		case QUARRY__AGG_FUNC__AGG_BOOL_AND:
		case QUARRY__AGG_FUNC__AGG_BOOL_OR:
			if (arg == TYPE_BOOL) {
				*out = TYPE_BOOL;
				return true;
			}
			break;
		case QUARRY__AGG_FUNC__AGG_STRING_AGG:
			if (type_is_string(arg)) {
				*out = TYPE_TEXT;
				return true;
			}
			snprintf(msg, sizeof(msg), "function string_agg(%s, unknown) does not exist",
					 type_info(arg)->name);
			fail_at(cx, location, ERRCODE_UNDEFINED_FUNCTION, msg);
			err_hint(cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
			return false;
		case QUARRY__AGG_FUNC__AGG_SUM:
			if (arg == TYPE_INT2 || arg == TYPE_INT4) {
				*out = TYPE_INT8;
				return true;
			}
			if (arg == TYPE_FLOAT4) {
				*out = TYPE_FLOAT4;	/* float4pl: the sum is real */
				return true;
			}
			/* FALLTHROUGH */
		case QUARRY__AGG_FUNC__AGG_VAR_SAMP:
		case QUARRY__AGG_FUNC__AGG_VAR_POP:
		case QUARRY__AGG_FUNC__AGG_STDDEV_SAMP:
		case QUARRY__AGG_FUNC__AGG_STDDEV_POP:
		case QUARRY__AGG_FUNC__AGG_AVG:
			if (type_is_float(arg)) {
				*out = TYPE_FLOAT8;
				return true;
			}
			if (type_is_integer(arg) || arg == TYPE_NUMERIC) {
				*out = TYPE_NUMERIC;
				return true;
			}
			break;
		default:
			break;
	}
	snprintf(msg, sizeof(msg), "function %s(%s) does not exist", name, type_info(arg)->name);
	fail_at(cx, location, ERRCODE_UNDEFINED_FUNCTION, msg);
	err_hint(cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
	return false;
}

/* no_function reports an unknown function with its argument types, as PostgreSQL does. */
static Quarry__Expr *
no_function(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name)
{
	char		msg[256];
	int			n = snprintf(msg, sizeof(msg), "function %s(", name);

	for (size_t i = 0; i < fc->n_args && n < (int) sizeof(msg); i++) {
		Quarry__Expr *arg = bind_expr(cx, fc->args[i]);

		if (arg == NULL)
			return NULL;
		n += snprintf(msg + n, sizeof(msg) - n, "%s%s", i > 0 ? ", " : "",
					  type_info((TypeId) arg->type)->name);
	}
	if (n < (int) sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ") does not exist");
	fail_at(cx, fc->location, ERRCODE_UNDEFINED_FUNCTION, msg);
	err_hint(cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
	return NULL;
}


/*
 * bind_agg_order binds ORDER BY inside string_agg (and array_agg): the
 * query's aggregate input is sorted so before it is grouped.  Every ordered
 * aggregate of a query must ask for the same order.
 */
static bool
bind_agg_order(BindCtx *cx, const PgQuery__FuncCall *fc)
{
	int			n = (int) fc->n_agg_order;
	Quarry__Expr **keys = arena_array(cx->a, Quarry__Expr *, n + 1);
	bool	   *desc = arena_array(cx->a, bool, n + 1);
	bool	   *nf = arena_array(cx->a, bool, n + 1);

	for (int k = 0; k < n; k++) {
		const PgQuery__SortBy *sb;

		if (fc->agg_order[k]->node_case != PG_QUERY__NODE__NODE_SORT_BY)
			return fail_at(cx, fc->location, ERRCODE_SYNTAX_ERROR, "bad ORDER BY in an aggregate"), false;
		sb = fc->agg_order[k]->sort_by;
		if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
			fail_at(cx, sb->location, ERRCODE_FEATURE_NOT_SUPPORTED, "ORDER BY USING is not supported yet");
			return false;
		}
		cx->in_agg_arg = true;
		keys[k] = bind_expr(cx, sb->node);
		cx->in_agg_arg = false;
		if (keys[k] == NULL)
			return false;
		if (keys[k]->kind != QUARRY__EXPR_KIND__EXPR_COLUMN) {
			fail_at(cx, sb->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"ORDER BY an expression inside an aggregate is not supported yet (order by a column)");
			return false;
		}
		desc[k] = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		nf[k] = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
			(sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && desc[k]);
	}
	if (cx->nagg_order > 0) {
		bool		same = cx->nagg_order == n;

		for (int k = 0; k < n && same; k++)
			same = expr_equal(cx->agg_order[k], keys[k]) && cx->agg_order_desc[k] == desc[k] &&
				cx->agg_order_nulls_first[k] == nf[k];
		if (!same) {
			fail_at(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"aggregates ordered in different ways in one query are not supported yet");
			return false;
		}
		return true;
	}
	cx->nagg_order = n;
	cx->agg_order = keys;
	cx->agg_order_desc = desc;
	cx->agg_order_nulls_first = nf;
	return true;
}

/* bind_agg_lookup finds the aggregate called name. */
bool
bind_agg_lookup(const char *name, Quarry__AggFunc *f)
{
	static const struct {
		const char *name;
		Quarry__AggFunc f;
	}			aggs[] = {
		{"count", QUARRY__AGG_FUNC__AGG_COUNT}, {"sum", QUARRY__AGG_FUNC__AGG_SUM},
		{"min", QUARRY__AGG_FUNC__AGG_MIN}, {"max", QUARRY__AGG_FUNC__AGG_MAX},
		{"avg", QUARRY__AGG_FUNC__AGG_AVG}, {"bool_and", QUARRY__AGG_FUNC__AGG_BOOL_AND},
		{"every", QUARRY__AGG_FUNC__AGG_BOOL_AND}, {"bool_or", QUARRY__AGG_FUNC__AGG_BOOL_OR},
		{"string_agg", QUARRY__AGG_FUNC__AGG_STRING_AGG},
		{"var_samp", QUARRY__AGG_FUNC__AGG_VAR_SAMP}, {"variance", QUARRY__AGG_FUNC__AGG_VAR_SAMP},
		{"var_pop", QUARRY__AGG_FUNC__AGG_VAR_POP},
		{"stddev_samp", QUARRY__AGG_FUNC__AGG_STDDEV_SAMP}, {"stddev", QUARRY__AGG_FUNC__AGG_STDDEV_SAMP},
		{"stddev_pop", QUARRY__AGG_FUNC__AGG_STDDEV_POP},
		/* planner/func_bi.c binds these */
		{"corr", QUARRY__AGG_FUNC__AGG_CORR}, {"covar_pop", QUARRY__AGG_FUNC__AGG_COVAR_POP},
		{"covar_samp", QUARRY__AGG_FUNC__AGG_COVAR_SAMP},
		{"regr_slope", QUARRY__AGG_FUNC__AGG_REGR_SLOPE},
		{"regr_intercept", QUARRY__AGG_FUNC__AGG_REGR_INTERCEPT},
		{"regr_count", QUARRY__AGG_FUNC__AGG_REGR_COUNT}, {"regr_r2", QUARRY__AGG_FUNC__AGG_REGR_R2},
		{"regr_avgx", QUARRY__AGG_FUNC__AGG_REGR_AVGX}, {"regr_avgy", QUARRY__AGG_FUNC__AGG_REGR_AVGY},
		{"regr_sxx", QUARRY__AGG_FUNC__AGG_REGR_SXX}, {"regr_syy", QUARRY__AGG_FUNC__AGG_REGR_SYY},
		{"regr_sxy", QUARRY__AGG_FUNC__AGG_REGR_SXY},
		{"percentile_cont", QUARRY__AGG_FUNC__AGG_PERCENTILE_CONT},
		{"percentile_disc", QUARRY__AGG_FUNC__AGG_PERCENTILE_DISC},
		{"mode", QUARRY__AGG_FUNC__AGG_MODE},
	};

	for (size_t i = 0; i < sizeof(aggs) / sizeof(aggs[0]); i++)
		if (strcmp(aggs[i].name, name) == 0) {
			*f = aggs[i].f;
			return true;
		}
	return false;
}

/* agg_arg binds an aggregate's argument: nested aggregates are refused,
 * except in a window aggregate's (sum(sum(x)) OVER ()). */
static Quarry__Expr *
agg_arg(BindCtx *cx, const PgQuery__Node *node, bool window)
{
	bool	   *flag = window ? &cx->in_win_arg : &cx->in_agg_arg;
	Quarry__Expr *e;

	*flag = true;
	e = bind_expr(cx, node);
	*flag = false;
	return e;
}

static bool
window_agg_options(BindCtx *cx, const PgQuery__FuncCall *fc)
{
	if (fc->agg_distinct)
		return fail_at(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "DISTINCT is not implemented for window functions"), false;
	if (fc->n_agg_order > 0)
		return fail_at(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "aggregate ORDER BY is not implemented for window functions"), false;
	return true;
}

/*
 * bind_agg_call binds a call of aggregate f: its argument, result type,
 * FILTER and ORDER BY.  window: it runs over a window (window.c), so its
 * argument may hold aggregates of the query's groups.
 */
Quarry__AggCall *
bind_agg_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, Quarry__AggFunc f,
			  bool window)
{
	Quarry__AggCall *call;
	Quarry__Expr *arg = NULL;
	TypeId		rtype;
	char		msg[200];

	if (f >= QUARRY__AGG_FUNC__AGG_CORR)
		return func_bi_agg(cx, fc, name, f, window);	/* planner/func_bi.c */
	if (window && !window_agg_options(cx, fc))
		return NULL;
	if (fc->agg_star && f == QUARRY__AGG_FUNC__AGG_COUNT)
		f = QUARRY__AGG_FUNC__AGG_COUNT_STAR;
	else if (fc->n_args != (f == QUARRY__AGG_FUNC__AGG_STRING_AGG ? 2 : 1)) {
		snprintf(msg, sizeof(msg), "function %s with %zu arguments does not exist", name, fc->n_args);
		fail_at(cx, fc->location, ERRCODE_UNDEFINED_FUNCTION, msg);
		return NULL;
	} else {
		if ((arg = agg_arg(cx, fc->args[0], window)) == NULL)
			return NULL;
		if (arg->type == TYPE_UNKNOWN && (arg = bind_coerce(cx, arg, f == QUARRY__AGG_FUNC__AGG_BOOL_AND || f == QUARRY__AGG_FUNC__AGG_BOOL_OR ? TYPE_BOOL : TYPE_TEXT, -1)) == NULL)
			return NULL;
	}
	if (!agg_result_type(cx, f, arg ? (TypeId) arg->type : TYPE_UNKNOWN, &rtype, name, fc->location))
		return NULL;
	if (fc->n_agg_order > 0 && f == QUARRY__AGG_FUNC__AGG_STRING_AGG &&
		!bind_agg_order(cx, fc))
		return NULL;			/* other aggregates do not depend on the order */
	call = arena_new(cx->a, Quarry__AggCall);
	quarry__agg_call__init(call);
	call->func = f;
	call->arg = arg;
	call->type = rtype;
	call->distinct = fc->agg_distinct && arg != NULL;
	if (f == QUARRY__AGG_FUNC__AGG_STRING_AGG) {
		/* string_agg(text, text): both sides as text */
		call->arg2 = agg_arg(cx, fc->args[1], window);
		if (call->arg2 == NULL || (call->arg = bind_coerce(cx, arg, TYPE_TEXT, -1)) == NULL)
			return NULL;
		if (!type_is_string((TypeId) call->arg2->type) ||
			(call->arg2 = bind_coerce(cx, call->arg2, TYPE_TEXT, -1)) == NULL) {
			if (!err_is_set(cx->err)) {
				snprintf(msg, sizeof(msg), "function string_agg(%s, %s) does not exist",
						 type_info((TypeId) arg->type)->name, type_info((TypeId) call->arg2->type)->name);
				fail_at(cx, fc->location, ERRCODE_UNDEFINED_FUNCTION, msg);
				err_hint(cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
			}
			return NULL;
		}
	}
	if (fc->agg_filter != NULL) {
		bool		allowed = cx->aggs_allowed;

		/* a window aggregate's FILTER sees the rows after grouping: no aggregates */
		cx->aggs_allowed &= !window;
		cx->agg_clause = window ? "FILTER" : NULL;
		call->filter = agg_arg(cx, fc->agg_filter, window);
		cx->aggs_allowed = allowed;
		cx->agg_clause = NULL;
		if (call->filter == NULL)
			return NULL;
		if (call->filter->type == TYPE_UNKNOWN &&
			(call->filter = bind_coerce(cx, call->filter, TYPE_BOOL, -1)) == NULL)
			return NULL;
		if (call->filter->type != TYPE_BOOL) {
			snprintf(msg, sizeof(msg), "argument of FILTER must be type boolean, not type %s",
					 type_info((TypeId) call->filter->type)->name);
			fail_at(cx, node_location(fc->agg_filter), ERRCODE_DATATYPE_MISMATCH, msg);
			return NULL;
		}
	}
	return call;
}

static Quarry__Expr *
bind_func_call(BindCtx *cx, const PgQuery__FuncCall *fc)
{
	const char *name = func_name(fc);
	Quarry__AggCall *call;
	Quarry__AggFunc f;
	Quarry__Expr *ref;

	if (fc->over != NULL)
		return window_bind_call(cx, fc, name);	/* planner/window.c */
	if (!bind_agg_lookup(name, &f) || fc->n_funcname > 2) {
		bool		found = false;
		Quarry__Expr *e = bind_scalar_func(cx, fc, name, &found);

		if (!found && !err_is_set(cx->err))
			e = func_array_call(cx, fc, name, &found);	/* planner/func_array.c */
		if (!found && !err_is_set(cx->err))
			e = func_bi_call(cx, fc, name, &found);	/* planner/func_bi.c */
		if (!found && !err_is_set(cx->err))
			e = syscat_func(cx, fc, name, &found);	/* planner/syscat_func.c */
		return found ? e : no_function(cx, fc, name);
	}
	if (!cx->aggs_allowed || cx->in_agg_arg) {
		char		msg[80];

		snprintf(msg, sizeof(msg), "aggregate functions are not allowed in %s",
				 cx->win_clause != NULL ? cx->win_clause : "WHERE");
		fail_at(cx, fc->location, ERRCODE_GROUPING_ERROR,
				cx->in_agg_arg ? "aggregate function calls cannot be nested" :
				cx->agg_clause != NULL ? "aggregate functions are not allowed in FILTER" : msg);
		return NULL;
	}
	if ((call = bind_agg_call(cx, fc, name, f, false)) == NULL)
		return NULL;
	if (cx->naggs == cx->aggs_cap) {
		Quarry__AggCall **grown;

		cx->aggs_cap = cx->aggs_cap ? cx->aggs_cap * 2 : 8;
		grown = arena_array(cx->a, Quarry__AggCall *, cx->aggs_cap);
		if (cx->naggs > 0)
			memcpy(grown, cx->aggs, sizeof(*grown) * cx->naggs);
		cx->aggs = grown;
	}
	cx->aggs[cx->naggs] = call;
	ref = expr_new(cx->a, EXPR_AGGREF, (TypeId) call->type);
	ref->column = cx->naggs++;
	return ref;
}

/* bind_expr binds one expression node in cx's scope. */
Quarry__Expr *
bind_expr(BindCtx *cx, const PgQuery__Node *node)
{
	switch (node->node_case) {
		case PG_QUERY__NODE__NODE_A_CONST:
			return bind_const(cx, node->a_const);
		case PG_QUERY__NODE__NODE_COLUMN_REF:
			return scope_column_ref(cx, node->column_ref);
		case PG_QUERY__NODE__NODE_SUB_LINK:
			return sublink_scalar(cx, node->sub_link);
		case PG_QUERY__NODE__NODE_TYPE_CAST:
			return bind_type_cast(cx, node->type_cast);
		case PG_QUERY__NODE__NODE_A_EXPR:
			return bind_operator(cx, node->a_expr);
		case PG_QUERY__NODE__NODE_BOOL_EXPR:
			return bind_bool_expr(cx, node->bool_expr);
		case PG_QUERY__NODE__NODE_NULL_TEST:
			return bind_null_test(cx, node->null_test);
		case PG_QUERY__NODE__NODE_FUNC_CALL:
			return bind_func_call(cx, node->func_call);
		case PG_QUERY__NODE__NODE_PARAM_REF:
			return bind_param(cx, node->param_ref);
		case PG_QUERY__NODE__NODE_CASE_EXPR:
			return bind_case(cx, node->case_expr);
		case PG_QUERY__NODE__NODE_COALESCE_EXPR:
			return bind_coalesce(cx, node->coalesce_expr);
		case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
			return bind_min_max(cx, node->min_max_expr);
		case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
			return bind_boolean_test(cx, node->boolean_test);
		case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
			return bind_sql_value(cx, node->sqlvalue_function);
		case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
			return func_array_expr(cx, node->a_array_expr);
		case PG_QUERY__NODE__NODE_A_INDIRECTION:
			return func_array_indirection(cx, node->a_indirection);
		case PG_QUERY__NODE__NODE_GROUPING_FUNC:
			return grouping_bind_func(cx, node->grouping_func);	/* planner/grouping.c */
		case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
			/* one collation, C: COLLATE "C" and pg_catalog."default" change nothing */
			return bind_expr(cx, node->collate_clause->arg);
		default:
			fail_at(cx, node_location(node), ERRCODE_FEATURE_NOT_SUPPORTED,
					"this kind of expression is not supported yet");
			return NULL;
	}
}

/*
 * colname_strength names an output column as PostgreSQL's FigureColname
 * does and says how sure it is: 2 for a column or function name, 1 for a
 * type name, 0 for "?column?".  An outer cast's type name wins only over
 * a weaker inner name.
 */
static int
colname_strength(const PgQuery__Node *node, const char **name)
{
	switch (node->node_case) {
		case PG_QUERY__NODE__NODE_COLUMN_REF:
			{
				const PgQuery__ColumnRef *cr = node->column_ref;
				const PgQuery__Node *last = cr->fields[cr->n_fields - 1];

				if (last->node_case != PG_QUERY__NODE__NODE_STRING)
					return 0;
				*name = last->string->sval;
				return 2;
			}
		case PG_QUERY__NODE__NODE_FUNC_CALL:
			*name = func_name(node->func_call);
			return 2;
		case PG_QUERY__NODE__NODE_GROUPING_FUNC:
			*name = "grouping";
			return 2;
		case PG_QUERY__NODE__NODE_TYPE_CAST:
			{
				const PgQuery__TypeName *tn = node->type_cast->type_name;
				int			strength = colname_strength(node->type_cast->arg, name);

				if (strength <= 1 && tn->n_names > 0 &&
					tn->names[tn->n_names - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
					*name = tn->names[tn->n_names - 1]->string->sval;
					return 1;
				}
				return strength;
			}
		case PG_QUERY__NODE__NODE_CASE_EXPR:
			{
				int			strength = node->case_expr->defresult == NULL ? 0 :
					colname_strength(node->case_expr->defresult, name);

				if (strength <= 1) {
					*name = "case";
					return 1;
				}
				return strength;
			}
		case PG_QUERY__NODE__NODE_COALESCE_EXPR:
			*name = "coalesce";
			return 2;
		case PG_QUERY__NODE__NODE_SUB_LINK:
			{
				/* (SELECT x ...) is named as its target; EXISTS and ARRAY as themselves */
				const PgQuery__SubLink *sl = node->sub_link;
				const PgQuery__SelectStmt *sub;

				if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK ||
					sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) {
					*name = sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK ? "exists" : "array";
					return 2;
				}
				if (sl->sub_link_type != PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ||
					sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
					return 0;
				for (sub = sl->subselect->select_stmt; sub->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
					 sub->larg != NULL; sub = sub->larg)
					;
				if (sub->n_target_list < 1 ||
					sub->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
					return 0;
				*name = sub->target_list[0]->res_target->name && sub->target_list[0]->res_target->name[0] ?
					sub->target_list[0]->res_target->name :
					figure_colname(sub->target_list[0]->res_target->val);
				return 2;
			}
		case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
			*name = "array";
			return 2;
		case PG_QUERY__NODE__NODE_A_INDIRECTION:
			return colname_strength(node->a_indirection->arg, name);
		case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
			return colname_strength(node->collate_clause->arg, name);
		case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
			*name = node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
			return 2;
		case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
			switch (node->sqlvalue_function->op) {
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
					*name = "current_date";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
					*name = "localtimestamp";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
					*name = "current_timestamp";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
					*name = "current_user";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
					*name = "session_user";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
					*name = "user";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
					*name = "current_catalog";
					break;
				case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
					*name = "current_schema";
					break;
				default:
					return 0;
			}
			return 2;
		case PG_QUERY__NODE__NODE_A_EXPR:
			if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
				*name = "nullif";
				return 2;
			}
			return 0;
		default:
			return 0;
	}
}

/* figure_colname names an output column as PostgreSQL's FigureColname does. */
const char *
figure_colname(const PgQuery__Node *node)
{
	const char *name = "?column?";

	colname_strength(node, &name);
	return name;
}
