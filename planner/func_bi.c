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
#include "planner/func_srf.h"

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
	if (t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_INT8 || t == TYPE_NUMERIC || t == TYPE_FLOAT8)
		return node(c, fn, TYPE_TEXT);
	if (t == TYPE_FLOAT4) {
		if (!arg(c, 0, TYPE_FLOAT8))
			return NULL;
		return node(c, fn, TYPE_TEXT);
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

/* md5(text|bytea) -> text; sha224..sha512(bytea) -> bytea */
static Quarry__Expr *
bind_hash(BCall *c, Quarry__ScalarFunc fn)
{
	bool		md5 = fn == QUARRY__SCALAR_FUNC__FN_MD5;

	if (c->n != 1)
		return NULL;
	if (c->args[0]->type == TYPE_BYTEA || (!md5 && c->args[0]->type == TYPE_UNKNOWN)) {
		if (!arg(c, 0, TYPE_BYTEA))
			return NULL;
	} else if (!md5 || !arg(c, 0, TYPE_TEXT))
		return NULL;
	return node(c, fn, md5 ? TYPE_TEXT : TYPE_BYTEA);
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

/* to_json and the json_agg helpers take scalars (arrays and rows: 0A000) */
static Quarry__Expr *
bind_json(BCall *c, Quarry__ScalarFunc fn)
{
	int			want = fn == QUARRY__SCALAR_FUNC__FN_JSON_PAIR ? 2 : 1;

	if (c->n != want)
		return NULL;
	for (int i = 0; i < c->n; i++) {
		TypeId		t = (TypeId) c->args[i]->type;

		if (t == TYPE_UNKNOWN && (c->args[i] = bind_coerce(c->cx, c->args[i], TYPE_TEXT, c->locs[i])) == NULL)
			return NULL;
		if (type_is_array(t)) {
			err_set(c->cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "JSON of arrays is not supported yet");
			c->cx->err->position = c->fc->location + 1;
			return NULL;
		}
	}
	return node(c, fn, fn == QUARRY__SCALAR_FUNC__FN_TO_JSON ? TYPE_JSON : TYPE_TEXT);
}

static Quarry__Expr *
bind_json_wrap(BCall *c, Quarry__ScalarFunc fn)
{
	if (c->n != 2 || !arg(c, 0, TYPE_TEXT) || !arg(c, 1, TYPE_INT4))
		return NULL;
	return node(c, fn, TYPE_JSON);
}

/*
 * bind_json_agg binds json_agg(x) as [string_agg(x as JSON, ', ')] and
 * json_object_agg(k, v) as { string_agg("k" : v, ', ') }, as array_agg is
 * bound (planner/func_array.c): DISTINCT, FILTER and ORDER BY carry over.
 */
static Quarry__Expr *
bind_json_agg(BindCtx *cx, const PgQuery__FuncCall *fc, bool object)
{
	PgQuery__Node *wrap;
	PgQuery__FuncCall *agg;

	if (fc->n_args != (object ? 2u : 1u) || fc->agg_star) {
		err_set(cx->err, ERRCODE_UNDEFINED_FUNCTION, "function %s with %zu arguments does not exist",
				object ? "json_object_agg" : "json_agg", fc->n_args);
		cx->err->position = fc->location + 1;
		return NULL;
	}
	if (fc->over != NULL) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "%s is not supported as a window function yet",
				object ? "json_object_agg" : "json_agg");
		cx->err->position = fc->location + 1;
		return NULL;
	}
	wrap = func_srf_template(cx->a, object ?
							 "__quarry_json_wrap(string_agg(__quarry_json_pair(__p1, __p1), ', '), 1)" :
							 "__quarry_json_wrap(string_agg(__quarry_json_elem(__p1), ', '), 0)",
							 fc->args[0], cx->err);
	if (wrap == NULL)
		return NULL;
	agg = wrap->func_call->args[0]->func_call;
	if (object)
		agg->args[0]->func_call->args[1] = fc->args[1];
	agg->agg_distinct = fc->agg_distinct;
	agg->agg_filter = fc->agg_filter;
	agg->n_agg_order = fc->n_agg_order;
	agg->agg_order = fc->agg_order;
	agg->location = fc->location;
	return bind_expr(cx, wrap);
}

/*
 * bind_series: generate_series(lo, hi, step) in the select list
 * (planner/func_srf.c) counts and steps with these: integers by an
 * integer, timestamps (a date is timestamp with time zone) by an interval.
 */
static Quarry__Expr *
bind_series(BCall *c, Quarry__ScalarFunc fn)
{
	bool		count = fn == QUARRY__SCALAR_FUNC__FN_SERIES_COUNT;
	int			nval = count ? 2 : 1;
	int			step = count ? 2 : 1;
	TypeId		t = TYPE_INT4;
	bool		ints = true;

	if (c->n != 3)
		return NULL;
	for (int i = 0; i < c->n; i++) {
		TypeId		at = (TypeId) c->args[i]->type;

		if (i == step || (!count && i == 2))
			continue;
		if (type_is_datetime(at))
			ints = false;
		else if (at == TYPE_INT8)
			t = TYPE_INT8;
		else if (at != TYPE_INT2 && at != TYPE_INT4 && at != TYPE_UNKNOWN)
			ints = false;
	}
	if (c->args[step]->type == TYPE_INT8)
		t = TYPE_INT8;
	if (ints) {
		for (int i = 0; i < nval; i++)
			if (!arg(c, i, t))
				return NULL;
		if (!arg(c, step, t))
			return NULL;
	} else {
		t = ts_type(c, 0, nval);
		for (int i = 0; i < nval; i++)
			if (!arg(c, i, t))
				return NULL;
		if (!arg(c, step, TYPE_INTERVAL))
			return NULL;
	}
	if (!count && !arg(c, 2, TYPE_INT8))
		return NULL;
	return node(c, fn, count ? TYPE_INT8 : t);
}

static const struct {
	const char *name;
	Quarry__ScalarFunc fn;
	Quarry__Expr *(*bind) (BCall *c, Quarry__ScalarFunc fn);
}			funcs[] = {
	{"__quarry_series_count", QUARRY__SCALAR_FUNC__FN_SERIES_COUNT, bind_series},
	{"__quarry_series_nth", QUARRY__SCALAR_FUNC__FN_SERIES_NTH, bind_series},
	{"to_json", QUARRY__SCALAR_FUNC__FN_TO_JSON, bind_json},
	{"__quarry_json_elem", QUARRY__SCALAR_FUNC__FN_JSON_ELEM, bind_json},
	{"__quarry_json_pair", QUARRY__SCALAR_FUNC__FN_JSON_PAIR, bind_json},
	{"__quarry_json_wrap", QUARRY__SCALAR_FUNC__FN_JSON_WRAP, bind_json_wrap},
	{"to_char", QUARRY__SCALAR_FUNC__FN_TO_CHAR, bind_to_char},
	{"to_timestamp", QUARRY__SCALAR_FUNC__FN_TO_TIMESTAMP, bind_to_timestamp},
	{"to_date", QUARRY__SCALAR_FUNC__FN_TO_DATE, bind_to_timestamp},
	{"timezone", QUARRY__SCALAR_FUNC__FN_TIMEZONE, bind_timezone},
	{"md5", QUARRY__SCALAR_FUNC__FN_MD5, bind_hash},
	{"sha224", QUARRY__SCALAR_FUNC__FN_SHA224, bind_hash},
	{"sha256", QUARRY__SCALAR_FUNC__FN_SHA256, bind_hash},
	{"sha384", QUARRY__SCALAR_FUNC__FN_SHA384, bind_hash},
	{"sha512", QUARRY__SCALAR_FUNC__FN_SHA512, bind_hash},
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
	if ((strcmp(name, "json_agg") == 0 || strcmp(name, "json_object_agg") == 0) && fc->n_funcname <= 2) {
		*found = true;
		return bind_json_agg(cx, fc, name[5] == 'o');
	}
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

/* ---- aggregates ---- */

static Quarry__AggCall *
agg_fail(BindCtx *cx, int location, const char *sqlstate, const char *fmt, const char *name)
{
	err_set(cx->err, sqlstate, fmt, name);
	if (location >= 0)
		cx->err->position = location + 1;
	return NULL;
}

static Quarry__Expr *
agg_input(BindCtx *cx, const PgQuery__Node *n)
{
	Quarry__Expr *e;

	cx->in_agg_arg = true;
	e = bind_expr(cx, n);
	cx->in_agg_arg = false;
	return e;
}

static Quarry__Expr *
float8_input(BindCtx *cx, const PgQuery__Node *n)
{
	Quarry__Expr *e = agg_input(cx, n);

	if (e == NULL)
		return NULL;
	if (!type_is_numeric((TypeId) e->type) && e->type != TYPE_UNKNOWN)
		return NULL;
	return bind_coerce(cx, e, TYPE_FLOAT8, node_location(n));
}

/*
 * no_agg_function is 42883 for a call of an aggregate no overload takes,
 * naming the argument types as PostgreSQL does (direct arguments, then
 * the WITHIN GROUP ones).
 */
static bool
no_agg_function(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name)
{
	char		msg[512];
	size_t		len;
	int			k = 0;

	if (err_is_set(cx->err))
		return false;
	len = (size_t) snprintf(msg, sizeof(msg), "function %s(", name);
	for (size_t i = 0; i < fc->n_args + (fc->agg_within_group ? fc->n_agg_order : 0); i++) {
		const PgQuery__Node *n = i < fc->n_args ? fc->args[i] : fc->agg_order[i - fc->n_args];
		Quarry__Expr *e;

		if (n->node_case == PG_QUERY__NODE__NODE_SORT_BY)
			n = n->sort_by->node;
		if ((e = agg_input(cx, n)) == NULL)
			return false;
		if (len < sizeof(msg))
			len += (size_t) snprintf(msg + len, sizeof(msg) - len, "%s%s", k++ ? ", " : "",
									 type_info((TypeId) e->type)->name);
	}
	if (len < sizeof(msg))
		snprintf(msg + len, sizeof(msg) - len, ") does not exist");
	err_set(cx->err, ERRCODE_UNDEFINED_FUNCTION, "%s", msg);
	cx->err->position = fc->location + 1;
	err_hint(cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
	return false;
}

/* the ordered-set aggregates: percentile_cont, percentile_disc, mode */
static bool
bind_ordered(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, Quarry__AggCall *call)
{
	const PgQuery__SortBy *sb;
	bool		mode = call->func == QUARRY__AGG_FUNC__AGG_MODE;
	TypeId		t;

	if (!fc->agg_within_group || fc->n_agg_order != 1 ||
		fc->agg_order[0]->node_case != PG_QUERY__NODE__NODE_SORT_BY || fc->n_args != (mode ? 0 : 1))
		return no_agg_function(cx, fc, name);
	if (fc->agg_distinct) {
		agg_fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "DISTINCT in the ordered-set aggregate %s is not supported yet", name);
		return false;
	}
	sb = fc->agg_order[0]->sort_by;
	if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
		agg_fail(cx, sb->location, ERRCODE_FEATURE_NOT_SUPPORTED, "ORDER BY USING is not supported yet%s", "");
		return false;
	}
	call->descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
	if ((call->arg = agg_input(cx, sb->node)) == NULL)
		return false;
	t = (TypeId) call->arg->type;
	if (call->func == QUARRY__AGG_FUNC__AGG_PERCENTILE_CONT) {
		if (type_is_numeric(t) || t == TYPE_UNKNOWN)
			t = TYPE_FLOAT8;
		else if (t != TYPE_INTERVAL)
			return no_agg_function(cx, fc, name);
	} else if (t == TYPE_UNKNOWN)
		t = TYPE_TEXT;
	if ((call->arg = bind_coerce(cx, call->arg, t, sb->location)) == NULL)
		return false;
	call->type = t;
	if (mode)
		return true;
	/* the fraction: double precision, or an array of them */
	if ((call->arg2 = agg_input(cx, fc->args[0])) == NULL)
		return false;
	if (type_is_array((TypeId) call->arg2->type)) {
		if ((call->arg2 = bind_coerce(cx, call->arg2, TYPE_FLOAT8_ARRAY, node_location(fc->args[0]))) == NULL)
			return false;
		call->type = type_array_of(t);
		if (call->type == TYPE_UNKNOWN) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported yet",
					type_info(t)->name);
			cx->err->position = fc->location + 1;
			return false;
		}
	} else if ((!type_is_numeric((TypeId) call->arg2->type) && call->arg2->type != TYPE_UNKNOWN) ||
			   (call->arg2 = bind_coerce(cx, call->arg2, TYPE_FLOAT8, node_location(fc->args[0]))) == NULL)
		return no_agg_function(cx, fc, name);
	return true;
}

/*
 * func_bi_agg binds a call of corr, covar_pop, covar_samp, regr_* (two
 * double precision arguments, Y then X) or an ordered-set aggregate, with
 * its FILTER.  Over a window they are 0A000.
 */
Quarry__AggCall *
func_bi_agg(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, Quarry__AggFunc f, bool window)
{
	Quarry__AggCall *call = arena_new(cx->a, Quarry__AggCall);

	quarry__agg_call__init(call);
	call->func = f;
	if (window || fc->over != NULL)
		return agg_fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
						"%s is not supported as a window function yet", name);
	if (f >= QUARRY__AGG_FUNC__AGG_PERCENTILE_CONT) {
		if (!bind_ordered(cx, fc, name, call))
			return NULL;
	} else {
		if (fc->agg_within_group)
			return agg_fail(cx, fc->location, ERRCODE_WRONG_OBJECT_TYPE,
							"%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name);
		if (fc->agg_star || fc->n_args != 2 || (call->arg = float8_input(cx, fc->args[0])) == NULL ||
			(call->arg2 = float8_input(cx, fc->args[1])) == NULL) {
			no_agg_function(cx, fc, name);
			return NULL;
		}
		call->type = f == QUARRY__AGG_FUNC__AGG_REGR_COUNT ? TYPE_INT8 : TYPE_FLOAT8;
		call->distinct = fc->agg_distinct;
	}
	if (fc->agg_filter != NULL) {
		bool		allowed = cx->aggs_allowed;

		cx->agg_clause = NULL;
		call->filter = agg_input(cx, fc->agg_filter);
		cx->aggs_allowed = allowed;
		if (call->filter == NULL)
			return NULL;
		if (call->filter->type == TYPE_UNKNOWN &&
			(call->filter = bind_coerce(cx, call->filter, TYPE_BOOL, -1)) == NULL)
			return NULL;
		if (call->filter->type != TYPE_BOOL) {
			err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "argument of FILTER must be type boolean, not type %s",
					type_info((TypeId) call->filter->type)->name);
			cx->err->position = node_location(fc->agg_filter) + 1;
			return NULL;
		}
	}
	return call;
}
