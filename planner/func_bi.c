/*
 * func_bi.c
 *	  Binding the functions BI dashboards and analysts send; exec/func_bi.c
 *	  runs them.
 *
 *	  INTERFACE ROUTINES
 *		func_bi_call	to_char, to_timestamp, to_date, timezone (also
 *						x AT TIME ZONE z), md5, concat_ws, age,
 *						justify_interval, justify_days, justify_hours,
 *						make_date, make_timestamp, date_bin
 *
 *	  Overloads resolve the way PostgreSQL's implicit casts do: a date
 *	  where a timestamp is taken is timestamp with time zone (the preferred
 *	  type).  A call no overload takes is left to the caller, which reports
 *	  42883 with PostgreSQL's hint.
 */
#include "planner/func_bi.h"

#include <stdio.h>
#include <string.h>

#include "wire/typeio.h"

#define MAX_BI_ARGS 100

typedef struct BCall {
	BindCtx    *cx;
	const PgQuery__FuncCall *fc;
	Quarry__Expr **args;
	int		   *locs;
	int			n;
} BCall;

static bool
is_int4ish(TypeId t)
{
	return t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_UNKNOWN;
}

/* arg casts args[i] to t when PostgreSQL would implicitly. */
static bool
arg(BCall *c, int i, TypeId t)
{
	TypeId		have = (TypeId) c->args[i]->type;
	bool		ok;

	if (t == TYPE_TEXT)
		ok = type_is_string(have) || have == TYPE_UNKNOWN;
	else if (t == TYPE_INT4)
		ok = is_int4ish(have);
	else if (t == TYPE_FLOAT8)
		ok = type_is_numeric(have) || have == TYPE_UNKNOWN;
	else if (t == TYPE_TIMESTAMPTZ)
		ok = have == TYPE_DATE || have == TYPE_TIMESTAMP || have == TYPE_TIMESTAMPTZ ||
			have == TYPE_UNKNOWN;
	else if (t == TYPE_TIMESTAMP)
		ok = have == TYPE_DATE || have == TYPE_TIMESTAMP || have == TYPE_UNKNOWN;
	else
		ok = have == t || have == TYPE_UNKNOWN;
	if (!ok)
		return false;
	return (c->args[i] = bind_coerce(c->cx, c->args[i], t, c->locs[i])) != NULL;
}

static Quarry__Expr *
node(BCall *c, Quarry__ScalarFunc fn, TypeId t)
{
	return bind_func_node(c->cx, fn, t, c->n, c->args);
}

/* ts_type: timestamp when every argument is one (or untyped), else timestamptz */
static TypeId
ts_type(BCall *c, int from, int to)
{
	bool		any = false;

	for (int i = from; i < to; i++) {
		if (c->args[i]->type == TYPE_TIMESTAMP)
			any = true;
		else if (c->args[i]->type != TYPE_UNKNOWN)
			return TYPE_TIMESTAMPTZ;
	}
	return any ? TYPE_TIMESTAMP : TYPE_TIMESTAMPTZ;
}

static Quarry__Expr *
bind_to_char(BCall *c, Quarry__ScalarFunc fn)
{
	TypeId		t;

	if (c->n != 2 || !arg(c, 1, TYPE_TEXT))
		return NULL;
	t = (TypeId) c->args[0]->type;
	if (type_is_numeric(t)) {
		err_set(c->cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "to_char of numbers is not supported yet");
		c->cx->err->position = c->fc->location + 1;
		return NULL;
	}
	if (t == TYPE_DATE)
		t = TYPE_TIMESTAMPTZ;
	if ((t != TYPE_TIMESTAMP && t != TYPE_TIMESTAMPTZ && t != TYPE_INTERVAL) || !arg(c, 0, t))
		return NULL;
	return node(c, fn, TYPE_TEXT);
}

static Quarry__Expr *
bind_to_timestamp(BCall *c, Quarry__ScalarFunc fn)
{
	if (c->n == 1 && arg(c, 0, TYPE_FLOAT8))
		return node(c, QUARRY__SCALAR_FUNC__FN_TO_TIMESTAMP_EPOCH, TYPE_TIMESTAMPTZ);
	if (c->n == 2 && arg(c, 0, TYPE_TEXT) && arg(c, 1, TYPE_TEXT))
		return node(c, fn, fn == QUARRY__SCALAR_FUNC__FN_TO_DATE ? TYPE_DATE : TYPE_TIMESTAMPTZ);
	return NULL;
}

static Quarry__Expr *
bind_timezone(BCall *c, Quarry__ScalarFunc fn)
{
	TypeId		t;

	if (c->n != 2 || !arg(c, 0, TYPE_TEXT))
		return NULL;
	t = c->args[1]->type == TYPE_TIMESTAMP ? TYPE_TIMESTAMP : TYPE_TIMESTAMPTZ;
	if (!arg(c, 1, t))
		return NULL;
	return node(c, fn, t == TYPE_TIMESTAMP ? TYPE_TIMESTAMPTZ : TYPE_TIMESTAMP);
}

static Quarry__Expr *
bind_text1(BCall *c, Quarry__ScalarFunc fn)
{
	if (c->n != 1 || !arg(c, 0, TYPE_TEXT))
		return NULL;
	return node(c, fn, TYPE_TEXT);
}

static Quarry__Expr *
bind_concat_ws(BCall *c, Quarry__ScalarFunc fn)
{
	if (c->n < 2)
		return NULL;
	for (int i = 0; i < c->n; i++)
		if ((c->args[i] = bind_coerce(c->cx, c->args[i], TYPE_TEXT, c->locs[i])) == NULL)
			return NULL;
	return node(c, fn, TYPE_TEXT);
}

static Quarry__Expr *
bind_age(BCall *c, Quarry__ScalarFunc fn)
{
	TypeId		t;

	if (c->n == 1) {
		Value		v;
		Err			ignore;
		Quarry__Expr **args = arena_array(c->cx->a, Quarry__Expr *, 2);

		t = ts_type(c, 0, 1);
		if (!arg(c, 0, t))
			return NULL;
		memset(&v, 0, sizeof(v));
		err_clear(&ignore);
		if (!typeio_parse(c->cx->a, t, "today", 5, &v, &ignore))
			return NULL;
		args[0] = expr_const(c->cx->a, &v);
		args[1] = c->args[0];
		return bind_func_node(c->cx, fn, TYPE_INTERVAL, 2, args);
	}
	if (c->n != 2)
		return NULL;
	t = ts_type(c, 0, 2);
	if (!arg(c, 0, t) || !arg(c, 1, t))
		return NULL;
	return node(c, fn, TYPE_INTERVAL);
}

static Quarry__Expr *
bind_justify(BCall *c, Quarry__ScalarFunc fn)
{
	if (c->n != 1 || !arg(c, 0, TYPE_INTERVAL))
		return NULL;
	return node(c, fn, TYPE_INTERVAL);
}

static Quarry__Expr *
bind_make(BCall *c, Quarry__ScalarFunc fn)
{
	int			want = fn == QUARRY__SCALAR_FUNC__FN_MAKE_DATE ? 3 : 6;

	if (c->n != want)
		return NULL;
	for (int i = 0; i < c->n; i++)
		if (!arg(c, i, i == 5 ? TYPE_FLOAT8 : TYPE_INT4))
			return NULL;
	return node(c, fn, fn == QUARRY__SCALAR_FUNC__FN_MAKE_DATE ? TYPE_DATE : TYPE_TIMESTAMP);
}

static Quarry__Expr *
bind_date_bin(BCall *c, Quarry__ScalarFunc fn)
{
	TypeId		t;

	if (c->n != 3 || !arg(c, 0, TYPE_INTERVAL))
		return NULL;
	t = ts_type(c, 1, 3);
	if (!arg(c, 1, t) || !arg(c, 2, t))
		return NULL;
	return node(c, fn, t);
}

static const struct {
	const char *name;
	Quarry__ScalarFunc fn;
	Quarry__Expr *(*bind) (BCall *c, Quarry__ScalarFunc fn);
}			funcs[] = {
	{"to_char", QUARRY__SCALAR_FUNC__FN_TO_CHAR, bind_to_char},
	{"to_timestamp", QUARRY__SCALAR_FUNC__FN_TO_TIMESTAMP, bind_to_timestamp},
	{"to_date", QUARRY__SCALAR_FUNC__FN_TO_DATE, bind_to_timestamp},
	{"timezone", QUARRY__SCALAR_FUNC__FN_TIMEZONE, bind_timezone},
	{"md5", QUARRY__SCALAR_FUNC__FN_MD5, bind_text1},
	{"concat_ws", QUARRY__SCALAR_FUNC__FN_CONCAT_WS, bind_concat_ws},
	{"age", QUARRY__SCALAR_FUNC__FN_AGE, bind_age},
	{"justify_interval", QUARRY__SCALAR_FUNC__FN_JUSTIFY_INTERVAL, bind_justify},
	{"justify_days", QUARRY__SCALAR_FUNC__FN_JUSTIFY_DAYS, bind_justify},
	{"justify_hours", QUARRY__SCALAR_FUNC__FN_JUSTIFY_HOURS, bind_justify},
	{"make_date", QUARRY__SCALAR_FUNC__FN_MAKE_DATE, bind_make},
	{"make_timestamp", QUARRY__SCALAR_FUNC__FN_MAKE_TIMESTAMP, bind_make},
	{"date_bin", QUARRY__SCALAR_FUNC__FN_DATE_BIN, bind_date_bin},
};

/*
 * func_bi_call binds a call of one of this file's functions; *found is
 * false when the name is not one of them, or no overload takes the
 * arguments (without an error set: the caller reports 42883).
 */
Quarry__Expr *
func_bi_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, bool *found)
{
	BCall		c;
	size_t		i;
	Quarry__Expr *e;

	*found = false;
	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]) && strcmp(funcs[i].name, name) != 0; i++)
		;
	if (i == sizeof(funcs) / sizeof(funcs[0]) || fc->n_funcname > 2 || fc->n_args > MAX_BI_ARGS)
		return NULL;
	if (fc->agg_star || fc->agg_distinct || fc->over != NULL) {
		*found = true;
		err_set(cx->err, ERRCODE_WRONG_OBJECT_TYPE, "%s is not an aggregate or window function here", name);
		cx->err->position = fc->location + 1;
		return NULL;
	}
	memset(&c, 0, sizeof(c));
	c.cx = cx;
	c.fc = fc;
	c.n = (int) fc->n_args;
	c.args = arena_array(cx->a, Quarry__Expr *, c.n + 1);
	c.locs = arena_array(cx->a, int, c.n + 1);
	for (int k = 0; k < c.n; k++) {
		if ((c.args[k] = bind_expr(cx, fc->args[k])) == NULL) {
			*found = true;
			return NULL;
		}
		c.locs[k] = node_location(fc->args[k]);
	}
	e = funcs[i].bind(&c, funcs[i].fn);
	*found = e != NULL || err_is_set(cx->err);
	return e;
}
