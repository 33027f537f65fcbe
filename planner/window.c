/*
 * window.c
 *	  Window functions: binding `fn(args) OVER (...)` and planning the
 *	  Window nodes that compute them.
 *
 *	  window_bind_call binds one call in the select list or ORDER BY: the
 *	  function, its frame, its arguments and its window's PARTITION BY and
 *	  ORDER BY over column ids (a WINDOW clause's named windows included).
 *	  The call is kept in cx->wins and the expression becomes an
 *	  EXPR_WINREF to it, as aggregates become EXPR_AGGREF.  Windows are
 *	  computed after GROUP BY and HAVING, so their arguments and keys may
 *	  hold aggregates; plan_aggregate rewrites them over its output with
 *	  window_rewrite_calls.  window_plan then stacks one Window node per
 *	  distinct window (the same PARTITION BY and ORDER BY; frames may
 *	  differ), each over a projection of the keys and arguments that are
 *	  not plain columns, and turns the references into its output columns.
 *
 *	  window_bind_call, window_check_clause, window_rewrite_calls,
 *	  window_plan, expr_has_winref
 */
#include "planner/bind_int.h"

#include <stdio.h>
#include <string.h>

/* PostgreSQL's WindowDef.frameOptions bits (nodes/parsenodes.h) */
#define FRAMEOPTION_NONDEFAULT					0x00001
#define FRAMEOPTION_RANGE						0x00002
#define FRAMEOPTION_ROWS						0x00004
#define FRAMEOPTION_GROUPS						0x00008
#define FRAMEOPTION_START_UNBOUNDED_PRECEDING	0x00020
#define FRAMEOPTION_END_UNBOUNDED_PRECEDING		0x00040
#define FRAMEOPTION_START_UNBOUNDED_FOLLOWING	0x00080
#define FRAMEOPTION_END_UNBOUNDED_FOLLOWING		0x00100
#define FRAMEOPTION_START_CURRENT_ROW			0x00200
#define FRAMEOPTION_END_CURRENT_ROW				0x00400
#define FRAMEOPTION_START_OFFSET_PRECEDING		0x00800
#define FRAMEOPTION_END_OFFSET_PRECEDING		0x01000
#define FRAMEOPTION_START_OFFSET_FOLLOWING		0x02000
#define FRAMEOPTION_END_OFFSET_FOLLOWING		0x04000
#define FRAMEOPTION_EXCLUDE						0x38000
#define FRAMEOPTION_OFFSET						0x07800

#define ERRCODE_WINDOWING_ERROR "42P20"

/* A window definition with named references resolved. */
typedef struct WinDef {
	PgQuery__Node **part;
	size_t		npart;
	PgQuery__Node **order;
	size_t		norder;
	int			frame;
	const PgQuery__Node *start_offset;
	const PgQuery__Node *end_offset;
} WinDef;

static const struct {
	const char *name;
	Quarry__WindowFuncKind kind;
	int			min_args;
	int			max_args;
}			win_funcs[] = {
	{"row_number", QUARRY__WINDOW_FUNC_KIND__WIN_ROW_NUMBER, 0, 0},
	{"rank", QUARRY__WINDOW_FUNC_KIND__WIN_RANK, 0, 0},
	{"dense_rank", QUARRY__WINDOW_FUNC_KIND__WIN_DENSE_RANK, 0, 0},
	{"percent_rank", QUARRY__WINDOW_FUNC_KIND__WIN_PERCENT_RANK, 0, 0},
	{"cume_dist", QUARRY__WINDOW_FUNC_KIND__WIN_CUME_DIST, 0, 0},
	{"ntile", QUARRY__WINDOW_FUNC_KIND__WIN_NTILE, 1, 1},
	{"lag", QUARRY__WINDOW_FUNC_KIND__WIN_LAG, 1, 3},
	{"lead", QUARRY__WINDOW_FUNC_KIND__WIN_LEAD, 1, 3},
	{"first_value", QUARRY__WINDOW_FUNC_KIND__WIN_FIRST_VALUE, 1, 1},
	{"last_value", QUARRY__WINDOW_FUNC_KIND__WIN_LAST_VALUE, 1, 1},
	{"nth_value", QUARRY__WINDOW_FUNC_KIND__WIN_NTH_VALUE, 2, 2},
};

static bool
fail(BindCtx *cx, int location, const char *sqlstate, const char *msg)
{
	err_set(cx->err, sqlstate, "%s", msg);
	if (location >= 0)
		cx->err->position = location + 1;
	return false;
}

/* ---- binding ---- */

static const PgQuery__WindowDef *
find_window(BindCtx *cx, const char *name)
{
	const PgQuery__SelectStmt *s = cx->win_select;

	for (size_t i = 0; s != NULL && i < s->n_window_clause; i++) {
		const PgQuery__WindowDef *w = s->window_clause[i]->window_def;

		if (w != NULL && strcmp(w->name, name) == 0)
			return w;
	}
	return NULL;
}

/* resolve_def applies PostgreSQL's rules for a window based on another. */
static bool
resolve_def(BindCtx *cx, const PgQuery__WindowDef *w, WinDef *out, int depth)
{
	const PgQuery__WindowDef *ref;
	char		msg[200];

	out->part = w->partition_clause;
	out->npart = w->n_partition_clause;
	out->order = w->order_clause;
	out->norder = w->n_order_clause;
	out->frame = w->frame_options;
	out->start_offset = w->start_offset;
	out->end_offset = w->end_offset;
	if (w->refname == NULL || w->refname[0] == '\0')
		return true;
	if ((ref = find_window(cx, w->refname)) == NULL || depth > 100) {
		snprintf(msg, sizeof(msg), "window \"%s\" does not exist", w->refname);
		return fail(cx, w->location, ERRCODE_UNDEFINED_OBJECT, msg);
	}
	if (w->n_partition_clause > 0) {
		snprintf(msg, sizeof(msg), "cannot override PARTITION BY clause of window \"%s\"", w->refname);
		return fail(cx, w->location, ERRCODE_WINDOWING_ERROR, msg);
	}
	if (w->n_order_clause > 0 && ref->n_order_clause > 0) {
		snprintf(msg, sizeof(msg), "cannot override ORDER BY clause of window \"%s\"", w->refname);
		return fail(cx, w->location, ERRCODE_WINDOWING_ERROR, msg);
	}
	if (ref->frame_options & FRAMEOPTION_NONDEFAULT) {
		snprintf(msg, sizeof(msg), "cannot copy window \"%s\" because it has a frame clause", w->refname);
		return fail(cx, w->location, ERRCODE_WINDOWING_ERROR, msg);
	}
	{
		WinDef		base;

		if (!resolve_def(cx, ref, &base, depth + 1))
			return false;
		out->part = base.part;
		out->npart = base.npart;
		if (out->norder == 0) {
			out->order = base.order;
			out->norder = base.norder;
		}
	}
	return true;
}

/* over_def resolves a call's OVER: OVER w names a WINDOW clause entry. */
static bool
over_def(BindCtx *cx, const PgQuery__WindowDef *over, WinDef *out)
{
	if (over->name != NULL && over->name[0] != '\0') {
		const PgQuery__WindowDef *w = find_window(cx, over->name);
		char		msg[200];

		if (w == NULL) {
			snprintf(msg, sizeof(msg), "window \"%s\" does not exist", over->name);
			return fail(cx, over->location, ERRCODE_UNDEFINED_OBJECT, msg);
		}
		return resolve_def(cx, w, out, 0);
	}
	return resolve_def(cx, over, out, 0);
}

/* win_expr binds a PARTITION BY or ORDER BY item of a window. */
static Quarry__Expr *
win_expr(BindCtx *cx, const PgQuery__Node *node)
{
	Quarry__Expr *e;

	cx->in_win_arg = true;
	cx->win_clause = "window definitions";
	e = bind_expr(cx, node);
	cx->win_clause = NULL;
	cx->in_win_arg = false;
	if (e != NULL && expr_is_numeric_literal(e)) {
		numeric_unsupported(cx, e->location - 1);
		return NULL;
	}
	if (e != NULL && e->type == TYPE_UNKNOWN)
		e = bind_coerce(cx, e, TYPE_TEXT, -1);
	return e;
}

static bool
bind_keys(BindCtx *cx, const WinDef *d, WinCall *w)
{
	w->npart = (int) d->npart;
	w->part = arena_array(cx->a, Quarry__Expr *, w->npart + 1);
	for (int k = 0; k < w->npart; k++)
		if ((w->part[k] = win_expr(cx, d->part[k])) == NULL)
			return false;
	w->norder = (int) d->norder;
	w->order = arena_array(cx->a, Quarry__Expr *, w->norder + 1);
	w->desc = arena_array(cx->a, bool, w->norder + 1);
	w->nulls_first = arena_array(cx->a, bool, w->norder + 1);
	for (int k = 0; k < w->norder; k++) {
		const PgQuery__SortBy *sb = d->order[k]->sort_by;

		if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
			return fail(cx, sb->location, ERRCODE_FEATURE_NOT_SUPPORTED,
						"ORDER BY USING is not supported yet");
		if ((w->order[k] = win_expr(cx, sb->node)) == NULL)
			return false;
		w->desc[k] = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		w->nulls_first[k] = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
			(sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && w->desc[k]);
	}
	return true;
}

/* frame_offset binds a ROWS offset: a constant, not NULL, not negative. */
static bool
frame_offset(BindCtx *cx, const PgQuery__Node *node, bool start, int64_t *out)
{
	Quarry__Expr *e;
	Value		v;

	cx->in_win_arg = true;
	e = bind_expr(cx, node);
	cx->in_win_arg = false;
	if (e == NULL)
		return false;
	if (e->type == TYPE_UNKNOWN || type_is_integer((TypeId) e->type))
		e = bind_coerce(cx, e, TYPE_INT8, node_location(node));
	if (e == NULL)
		return false;
	if (!expr_const_value(e, &v) || (!v.is_null && v.type != TYPE_INT8))
		return fail(cx, node_location(node), ERRCODE_FEATURE_NOT_SUPPORTED,
					"a ROWS frame offset must be an integer constant");
	if (v.is_null)
		return fail(cx, -1, "22004", start ? "frame starting offset must not be null" :
					"frame ending offset must not be null");
	if (v.u.i < 0)
		return fail(cx, -1, "22013", start ? "frame starting offset must not be negative" :
					"frame ending offset must not be negative");
	*out = v.u.i;
	return true;
}

static Quarry__FrameBound
bound_of(int fo, bool start)
{
	if (fo & (start ? FRAMEOPTION_START_UNBOUNDED_PRECEDING : FRAMEOPTION_END_UNBOUNDED_PRECEDING))
		return QUARRY__FRAME_BOUND__FRAME_UNBOUNDED_PRECEDING;
	if (fo & (start ? FRAMEOPTION_START_UNBOUNDED_FOLLOWING : FRAMEOPTION_END_UNBOUNDED_FOLLOWING))
		return QUARRY__FRAME_BOUND__FRAME_UNBOUNDED_FOLLOWING;
	if (fo & (start ? FRAMEOPTION_START_OFFSET_PRECEDING : FRAMEOPTION_END_OFFSET_PRECEDING))
		return QUARRY__FRAME_BOUND__FRAME_PRECEDING;
	if (fo & (start ? FRAMEOPTION_START_OFFSET_FOLLOWING : FRAMEOPTION_END_OFFSET_FOLLOWING))
		return QUARRY__FRAME_BOUND__FRAME_FOLLOWING;
	return QUARRY__FRAME_BOUND__FRAME_CURRENT_ROW;
}

/*
 * bind_frame: the default frame (RANGE UNBOUNDED PRECEDING to CURRENT ROW),
 * RANGE without offsets and ROWS with any bounds; GROUPS, RANGE offsets and
 * EXCLUDE are 0A000.
 */
static bool
bind_frame(BindCtx *cx, const WinDef *d, Quarry__WindowFunc *fn, int location)
{
	int			fo = d->frame;

	fn->rows = false;
	fn->start = QUARRY__FRAME_BOUND__FRAME_UNBOUNDED_PRECEDING;
	fn->end = QUARRY__FRAME_BOUND__FRAME_CURRENT_ROW;
	if (!(fo & FRAMEOPTION_NONDEFAULT))
		return true;
	if (fo & FRAMEOPTION_GROUPS)
		return fail(cx, location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"GROUPS window frames are not supported yet");
	if (fo & FRAMEOPTION_EXCLUDE)
		return fail(cx, location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"EXCLUDE in a window frame is not supported yet");
	if ((fo & FRAMEOPTION_RANGE) && (fo & FRAMEOPTION_OFFSET))
		return fail(cx, location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"RANGE window frames with an offset PRECEDING or FOLLOWING are not supported yet");
	fn->rows = (fo & FRAMEOPTION_ROWS) != 0;
	fn->start = bound_of(fo, true);
	fn->end = bound_of(fo, false);
	if ((fn->start == QUARRY__FRAME_BOUND__FRAME_PRECEDING ||
		 fn->start == QUARRY__FRAME_BOUND__FRAME_FOLLOWING) &&
		!frame_offset(cx, d->start_offset, true, &fn->start_offset))
		return false;
	if ((fn->end == QUARRY__FRAME_BOUND__FRAME_PRECEDING ||
		 fn->end == QUARRY__FRAME_BOUND__FRAME_FOLLOWING) &&
		!frame_offset(cx, d->end_offset, false, &fn->end_offset))
		return false;
	return true;
}

static bool
no_such_function(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name,
				 Quarry__Expr **args, int nargs)
{
	char		msg[256];
	int			n = snprintf(msg, sizeof(msg), "function %s(", name);

	for (int i = 0; i < nargs && n < (int) sizeof(msg); i++)
		n += snprintf(msg + n, sizeof(msg) - n, "%s%s", i > 0 ? ", " : "",
					  type_info((TypeId) args[i]->type)->name);
	if (n < (int) sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ") does not exist");
	fail(cx, fc->location, ERRCODE_UNDEFINED_FUNCTION, msg);
	err_hint(cx->err, "No function matches the given name and argument types. You might need to add explicit type casts.");
	return false;
}

static Quarry__Expr *
raw_arg(BindCtx *cx, const PgQuery__Node *node)
{
	Quarry__Expr *e;

	cx->in_win_arg = true;
	e = bind_expr(cx, node);
	cx->in_win_arg = false;
	if (e != NULL && expr_is_numeric_literal(e)) {
		numeric_unsupported(cx, e->location - 1);
		return NULL;
	}
	return e;
}

/* coerce_args gives a window function's arguments the types it takes. */
static bool
coerce_args(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, Quarry__WindowFuncKind kind,
			WinCall *w)
{
	int			n = w->nargs;
	int			first_int = kind == QUARRY__WINDOW_FUNC_KIND__WIN_NTILE ? 0 : 1;
	TypeId		t;

	/* the integer arguments: ntile's buckets, lag's offset, nth_value's n */
	for (int i = first_int; i < n && i < 2; i++) {
		if (!type_is_integer((TypeId) w->args[i]->type) && w->args[i]->type != TYPE_UNKNOWN)
			return no_such_function(cx, fc, name, w->args, n);
		if ((w->args[i] = bind_coerce(cx, w->args[i], TYPE_INT4, node_location(fc->args[i]))) == NULL)
			return false;
	}
	if (first_int == 1 && n > 0 && w->args[0]->type == TYPE_UNKNOWN &&
		(w->args[0] = bind_coerce(cx, w->args[0], n == 3 && w->args[2]->type != TYPE_UNKNOWN ?
								  (TypeId) w->args[2]->type : TYPE_TEXT, -1)) == NULL)
		return false;
	if (n == 3) {
		/* lag/lead's default: the value and it take their common type */
		t = w->args[2]->type == TYPE_UNKNOWN ? (TypeId) w->args[0]->type :
			bind_common_type((TypeId) w->args[0]->type, (TypeId) w->args[2]->type);
		if (t == TYPE_UNKNOWN)
			return no_such_function(cx, fc, name, w->args, n);
		if ((w->args[0] = bind_coerce(cx, w->args[0], t, -1)) == NULL ||
			(w->args[2] = bind_coerce(cx, w->args[2], t, node_location(fc->args[2]))) == NULL)
			return false;
	}
	return true;
}

/* func_args binds a window function's arguments and gives its result type. */
static bool
func_args(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, int f, WinCall *w)
{
	Quarry__WindowFuncKind kind = win_funcs[f].kind;
	int			n = (int) fc->n_args;

	w->args = arena_array(cx->a, Quarry__Expr *, n + 1);
	w->nargs = n;
	for (int i = 0; i < n; i++)
		if ((w->args[i] = raw_arg(cx, fc->args[i])) == NULL)
			return false;
	if (n < win_funcs[f].min_args || n > win_funcs[f].max_args || fc->agg_star)
		return no_such_function(cx, fc, name, w->args, n);
	if (!coerce_args(cx, fc, name, kind, w))
		return false;
	switch (kind) {
		case QUARRY__WINDOW_FUNC_KIND__WIN_ROW_NUMBER:
		case QUARRY__WINDOW_FUNC_KIND__WIN_RANK:
		case QUARRY__WINDOW_FUNC_KIND__WIN_DENSE_RANK:
			w->fn->type = TYPE_INT8;
			break;
		case QUARRY__WINDOW_FUNC_KIND__WIN_PERCENT_RANK:
		case QUARRY__WINDOW_FUNC_KIND__WIN_CUME_DIST:
			w->fn->type = TYPE_FLOAT8;
			break;
		case QUARRY__WINDOW_FUNC_KIND__WIN_NTILE:
			w->fn->type = TYPE_INT4;
			break;
		default:
			w->fn->type = w->args[0]->type;
			break;
	}
	return true;
}

/* agg_args binds count, sum, avg, min or max over a window. */
static bool
agg_args(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, Quarry__AggFunc f,
		 WinCall *w)
{
	Quarry__AggCall *call;
	char		msg[200];

	if (f != QUARRY__AGG_FUNC__AGG_COUNT && f != QUARRY__AGG_FUNC__AGG_SUM &&
		f != QUARRY__AGG_FUNC__AGG_AVG && f != QUARRY__AGG_FUNC__AGG_MIN &&
		f != QUARRY__AGG_FUNC__AGG_MAX) {
		snprintf(msg, sizeof(msg), "%s over a window is not supported yet", name);
		return fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED, msg);
	}
	if ((call = bind_agg_call(cx, fc, name, f, true)) == NULL)
		return false;
	w->fn->kind = QUARRY__WINDOW_FUNC_KIND__WIN_AGGREGATE;
	w->fn->agg = call->func;
	w->fn->type = call->type;
	w->nargs = call->arg != NULL ? 1 : 0;
	w->args = arena_array(cx->a, Quarry__Expr *, 1);
	w->args[0] = call->arg;
	w->filter = call->filter;
	return true;
}

static bool
exprs_equal(Quarry__Expr **x, Quarry__Expr **y, int n)
{
	for (int i = 0; i < n; i++)
		if (!expr_equal(x[i], y[i]))
			return false;
	return true;
}

/* same_window: equal PARTITION BY and ORDER BY (one Window node computes both). */
static bool
same_window(const WinCall *a, const WinCall *b)
{
	if (a->npart != b->npart || a->norder != b->norder ||
		!exprs_equal(a->part, b->part, a->npart) || !exprs_equal(a->order, b->order, a->norder))
		return false;
	for (int k = 0; k < a->norder; k++)
		if (a->desc[k] != b->desc[k] || a->nulls_first[k] != b->nulls_first[k])
			return false;
	return true;
}

static bool
same_call(const WinCall *a, const WinCall *b)
{
	const Quarry__WindowFunc *x = a->fn;
	const Quarry__WindowFunc *y = b->fn;

	return x->kind == y->kind && x->agg == y->agg && x->type == y->type && x->rows == y->rows &&
		x->start == y->start && x->end == y->end && x->start_offset == y->start_offset &&
		x->end_offset == y->end_offset && a->nargs == b->nargs &&
		exprs_equal(a->args, b->args, a->nargs) && same_window(a, b) &&
		(a->filter == NULL ? b->filter == NULL : b->filter != NULL && expr_equal(a->filter, b->filter));
}

/* add_call keeps w in cx->wins (or finds an equal call) and refers to it. */
static Quarry__Expr *
add_call(BindCtx *cx, WinCall *w, int location)
{
	Quarry__Expr *ref = arena_new(cx->a, Quarry__Expr);
	int			i;

	for (i = 0; i < cx->nwins && !same_call(cx->wins[i], w); i++)
		;
	if (i == cx->nwins) {
		if (cx->nwins == cx->wins_cap) {
			WinCall   **grown;

			cx->wins_cap = cx->wins_cap ? cx->wins_cap * 2 : 8;
			grown = arena_array(cx->a, WinCall *, cx->wins_cap);
			if (cx->nwins > 0)
				memcpy(grown, cx->wins, sizeof(*grown) * cx->nwins);
			cx->wins = grown;
		}
		cx->wins[cx->nwins++] = w;
	}
	quarry__expr__init(ref);
	ref->kind = EXPR_WINREF;
	ref->type = w->fn->type;
	ref->column = i;
	ref->location = location + 1;
	return ref;
}

/* windows_refused: 42803/42P20 where PostgreSQL does not allow windows. */
static bool
windows_refused(BindCtx *cx, const PgQuery__FuncCall *fc)
{
	char		msg[200];

	if (cx->in_agg_arg)
		return fail(cx, fc->location, ERRCODE_GROUPING_ERROR,
					"aggregate function calls cannot contain window function calls");
	if (cx->in_win_arg && cx->win_clause == NULL)
		return fail(cx, fc->location, ERRCODE_WINDOWING_ERROR,
					"window function calls cannot be nested");
	if (!cx->wins_allowed || cx->in_win_arg) {
		snprintf(msg, sizeof(msg), "window functions are not allowed in %s",
				 cx->win_clause != NULL ? cx->win_clause : "this context");
		return fail(cx, fc->location, ERRCODE_WINDOWING_ERROR, msg);
	}
	return true;
}

/* window_bind_call binds fn(args) OVER (...) (see the file's comment). */
Quarry__Expr *
window_bind_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name)
{
	WinCall    *w = arena_new(cx->a, WinCall);
	WinDef		d;
	Quarry__AggFunc agg;
	size_t		f;
	char		msg[200];

	if (!windows_refused(cx, fc) || !over_def(cx, fc->over, &d))
		return NULL;
	w->fn = arena_new(cx->a, Quarry__WindowFunc);
	quarry__window_func__init(w->fn);
	w->result_id = -1;
	for (f = 0; f < sizeof(win_funcs) / sizeof(win_funcs[0]) &&
		 strcmp(win_funcs[f].name, name) != 0; f++)
		;
	if (fc->n_funcname > 2)
		f = sizeof(win_funcs) / sizeof(win_funcs[0]);
	if (f < sizeof(win_funcs) / sizeof(win_funcs[0])) {
		if (fc->agg_distinct || fc->n_agg_order > 0)
			return fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED, fc->agg_distinct ?
						"DISTINCT is not implemented for window functions" :
						"aggregate ORDER BY is not implemented for window functions"), NULL;
		if (fc->agg_filter != NULL)
			return fail(cx, fc->location, ERRCODE_FEATURE_NOT_SUPPORTED,
						"FILTER is not implemented for non-aggregate window functions"), NULL;
		w->fn->kind = win_funcs[f].kind;
		if (!func_args(cx, fc, name, (int) f, w))
			return NULL;
	} else if (bind_agg_lookup(name, &agg) && fc->n_funcname <= 2) {
		if (!agg_args(cx, fc, name, agg, w))
			return NULL;
	} else {
		snprintf(msg, sizeof(msg), "OVER specified, but %s is not a window function nor an aggregate function", name);
		return fail(cx, fc->location, ERRCODE_WRONG_OBJECT_TYPE, msg), NULL;
	}
	if (!bind_keys(cx, &d, w) || !bind_frame(cx, &d, w->fn, fc->over->location))
		return NULL;
	return add_call(cx, w, fc->location);
}

/* window_check_clause checks s's WINDOW clause and makes it visible to OVER. */
bool
window_check_clause(BindCtx *cx, const PgQuery__SelectStmt *s)
{
	char		msg[200];

	cx->win_select = s;
	for (size_t i = 0; i < s->n_window_clause; i++) {
		const PgQuery__WindowDef *w = s->window_clause[i]->window_def;

		for (size_t j = 0; j < i; j++)
			if (strcmp(s->window_clause[j]->window_def->name, w->name) == 0) {
				snprintf(msg, sizeof(msg), "window \"%s\" is already defined", w->name);
				return fail(cx, w->location, ERRCODE_WINDOWING_ERROR, msg);
			}
	}
	return true;
}

static const Quarry__Expr *
find_winref(const Quarry__Expr *e)
{
	const Quarry__Expr *w;

	if (e->kind == EXPR_WINREF)
		return e;
	for (size_t i = 0; i < e->n_args; i++)
		if ((w = find_winref(e->args[i])) != NULL)
			return w;
	return NULL;
}

/* window_check_group: 42P20 for a GROUP BY item naming a window call's output. */
bool
window_check_group(BindCtx *cx, const Quarry__Expr *e)
{
	const Quarry__Expr *w = find_winref(e);

	if (w == NULL)
		return true;
	err_set(cx->err, ERRCODE_WINDOWING_ERROR, "window functions are not allowed in GROUP BY");
	cx->err->position = w->location;
	return false;
}

bool
expr_has_winref(const Quarry__Expr *e)
{
	if (e->kind == EXPR_WINREF)
		return true;
	for (size_t i = 0; i < e->n_args; i++)
		if (expr_has_winref(e->args[i]))
			return true;
	return false;
}

/* window_rewrite_calls replaces each key and argument of every call by fn's result. */
bool
window_rewrite_calls(BindCtx *cx, Quarry__Expr *(*fn) (BindCtx *, Quarry__Expr *, const void *),
					 const void *arg)
{
	for (int i = 0; i < cx->nwins; i++) {
		WinCall    *w = cx->wins[i];

		for (int k = 0; k < w->nargs; k++)
			if ((w->args[k] = fn(cx, w->args[k], arg)) == NULL)
				return false;
		if (w->filter != NULL && (w->filter = fn(cx, w->filter, arg)) == NULL)
			return false;
		for (int k = 0; k < w->npart; k++)
			if ((w->part[k] = fn(cx, w->part[k], arg)) == NULL)
				return false;
		for (int k = 0; k < w->norder; k++)
			if ((w->order[k] = fn(cx, w->order[k], arg)) == NULL)
				return false;
	}
	return true;
}

/* ---- planning ---- */

/* The projection under one Window node: r's columns, then computed ones. */
typedef struct WinInput {
	Quarry__Expr **exprs;
	int		   *ids;
	int			n;
	int			nbase;
} WinInput;

static int
input_column(BindCtx *cx, WinInput *in, Quarry__Expr *e)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN)
		for (int i = 0; i < in->nbase; i++)
			if (in->ids[i] == e->column)
				return i;
	for (int i = in->nbase; i < in->n; i++)
		if (expr_equal(in->exprs[i], e))
			return i;
	in->exprs[in->n] = e;
	in->ids[in->n] = colinfo_new(cx, "?window?", (TypeId) e->type, -1);
	return in->n++;
}

static Quarry__SortKey *
sort_key(BindCtx *cx, int column, bool desc, bool nulls_first)
{
	Quarry__SortKey *k = arena_new(cx->a, Quarry__SortKey);

	quarry__sort_key__init(k);
	k->column = column;
	k->descending = desc;
	k->nulls_first = nulls_first;
	return k;
}

static int
needed_exprs(BindCtx *cx, WinCall *const *calls, int ncalls)
{
	int			n = calls[0]->npart + calls[0]->norder;

	(void) cx;
	for (int i = 0; i < ncalls; i++)
		n += calls[i]->nargs + 1;	/* and a FILTER */
	return n;
}

/*
 * window_node plans one Window node computing calls (one window) over r:
 * a projection of the keys and arguments that are not columns of r, when
 * there are any, then the Window.
 */
static Rel *
window_node(BindCtx *cx, Rel *r, WinCall **calls, int ncalls)
{
	const WinCall *w0 = calls[0];
	int			cap;
	WinInput	in;
	Quarry__Window *win = arena_new(cx->a, Quarry__Window);
	Quarry__PlanNode *n;
	int		   *ids;

	rel_materialize(cx, r);
	cap = r->nids + needed_exprs(cx, calls, ncalls) + 1;
	in.exprs = arena_array(cx->a, Quarry__Expr *, cap);
	in.ids = arena_array(cx->a, int, cap);
	in.n = in.nbase = r->nids;
	for (int i = 0; i < r->nids; i++) {
		in.ids[i] = r->ids[i];
		in.exprs[i] = expr_column(cx->a, r->ids[i], (TypeId) r->plan->output_types[i]);
	}
	quarry__window__init(win);
	win->n_partition_by = (size_t) w0->npart;
	win->partition_by = arena_array(cx->a, int32_t, w0->npart + 1);
	for (int k = 0; k < w0->npart; k++)
		win->partition_by[k] = input_column(cx, &in, w0->part[k]);
	win->n_order_by = (size_t) w0->norder;
	win->order_by = arena_array(cx->a, Quarry__SortKey *, w0->norder + 1);
	for (int k = 0; k < w0->norder; k++)
		win->order_by[k] = sort_key(cx, input_column(cx, &in, w0->order[k]), w0->desc[k],
									w0->nulls_first[k]);
	win->n_funcs = (size_t) ncalls;
	win->funcs = arena_array(cx->a, Quarry__WindowFunc *, ncalls);
	for (int i = 0; i < ncalls; i++) {
		Quarry__WindowFunc *fn = arena_memdup(cx->a, calls[i]->fn, sizeof(*fn));

		fn->n_args = (size_t) calls[i]->nargs;
		fn->args = arena_array(cx->a, int32_t, calls[i]->nargs + 1);
		for (int k = 0; k < calls[i]->nargs; k++)
			fn->args[k] = input_column(cx, &in, calls[i]->args[k]);
		if (calls[i]->filter != NULL) {
			fn->has_filter = true;
			fn->filter = input_column(cx, &in, calls[i]->filter);
		}
		win->funcs[i] = fn;
	}
	if (in.n > in.nbase && (r = rel_project(cx, r, in.exprs, in.n, in.ids)) == NULL)
		return NULL;
	n = plan_node_new(cx->a, in.n + ncalls);
	memcpy(n->output_types, r->plan->output_types, sizeof(int32_t) * in.n);
	ids = arena_array(cx->a, int, in.n + ncalls);
	memcpy(ids, in.ids, sizeof(int) * in.n);
	for (int i = 0; i < ncalls; i++) {
		n->output_types[in.n + i] = calls[i]->fn->type;
		ids[in.n + i] = calls[i]->result_id =
			colinfo_new(cx, "?window?", (TypeId) calls[i]->fn->type, -1);
	}
	win->input = r->plan;
	n->node_case = QUARRY__PLAN_NODE__NODE_WINDOW;
	n->window = win;
	n->est_rows = r->rows;
	return rel_from_plan(cx, n, ids, in.n + ncalls, r->rows);
}

/* winref_rewrite turns window references into the Window outputs' columns. */
static Quarry__Expr *
winref_rewrite(BindCtx *cx, Quarry__Expr *e)
{
	Quarry__Expr *c;

	if (e->kind == EXPR_WINREF)
		return expr_column(cx->a, cx->wins[e->column]->result_id, (TypeId) e->type);
	if (e->n_args == 0)
		return e;
	c = arena_memdup(cx->a, e, sizeof(*e));
	c->args = arena_array(cx->a, Quarry__Expr *, e->n_args);
	for (size_t i = 0; i < e->n_args; i++)
		c->args[i] = winref_rewrite(cx, e->args[i]);
	return c;
}

/* window_plan adds the Window nodes above r and rewrites st's targets. */
Rel *
window_plan(BindCtx *cx, SelectState *st, Rel *r)
{
	bool	   *done = arena_array(cx->a, bool, cx->nwins);
	WinCall   **group = arena_array(cx->a, WinCall *, cx->nwins);

	memset(done, 0, sizeof(bool) * cx->nwins);
	for (int i = 0; i < cx->nwins; i++) {
		int			n = 0;

		if (done[i])
			continue;
		for (int j = i; j < cx->nwins; j++)
			if (!done[j] && same_window(cx->wins[i], cx->wins[j])) {
				group[n++] = cx->wins[j];
				done[j] = true;
			}
		if ((r = window_node(cx, r, group, n)) == NULL)
			return NULL;
	}
	for (int t = 0; t < st->ntargets; t++)
		st->targets[t].expr = winref_rewrite(cx, st->targets[t].expr);
	return r;
}
