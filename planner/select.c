/*
 * select.c
 *	  Binding and planning one SELECT.
 *
 *	  select_bind resolves every clause to expressions over column ids
 *	  before anything is planned, so scans know which columns are used.
 *	  select_join plans the FROM clause: single-item conjuncts become filters
 *	  on their item, then a greedy join order starts from the largest item
 *	  and adds, each step, the connected item that shrinks the result most,
 *	  hashing the smaller side.  select_finish adds the aggregate, HAVING,
 *	  the select list, ORDER BY and LIMIT.
 */
#include "planner/bind_int.h"
#include "planner/func_srf.h"
#include "planner/grouping.h"
#include "planner/storage.h"

#include <stdio.h>
#include <string.h>

/* bind_child makes the context of a subquery; skip_level for derived tables,
 * which cannot see the FROM items of the level they appear in. */
BindCtx *
bind_child(BindCtx *cx, bool skip_level)
{
	BindCtx    *sub = arena_new(cx->a, BindCtx);

	sub->a = cx->a;
	sub->cat = cx->cat;
	sub->q = cx->q;
	sub->err = cx->err;
	sub->parent = skip_level ? cx->parent : cx;
	sub->encloser = cx;
	sub->level = cx->level + 1;
	sub->with = cx->with;
	sub->param_below = cx->param_below;
	sub->ctes = cx->ctes;
	return sub;
}

static void
list_add(BindCtx *cx, Quarry__Expr *e, Quarry__Expr ***list, int *n, int *cap)
{
	if (*n == *cap) {
		int			c = *cap ? *cap * 2 : 8;
		Quarry__Expr **grown = arena_array(cx->a, Quarry__Expr *, c);

		if (*n > 0)
			memcpy(grown, *list, sizeof(Quarry__Expr *) * *n);
		*list = grown;
		*cap = c;
	}
	(*list)[(*n)++] = e;
}

static bool
in_list(Quarry__Expr *const *list, int n, const Quarry__Expr *e)
{
	for (int i = 0; i < n; i++)
		if (expr_equal(list[i], e))
			return true;
	return false;
}

static Quarry__Expr *
bool_node(BindCtx *cx, Quarry__ExprKind kind, Quarry__Expr **args, int n)
{
	Quarry__Expr *e;

	if (n == 1)
		return args[0];
	e = arena_new(cx->a, Quarry__Expr);
	quarry__expr__init(e);
	e->kind = kind;
	e->type = TYPE_BOOL;
	e->n_args = n;
	e->args = args;
	return e;
}

/*
 * factor_or pulls the conjuncts common to every arm of an OR out of it, as
 * PostgreSQL's prepqual does: (a = b AND x) OR (a = b AND y) becomes
 * a = b AND (x OR y), so the join key a = b is found.
 */
static void
factor_or(BindCtx *cx, Quarry__Expr *e, Quarry__Expr ***list, int *n, int *cap)
{
	int			narms = (int) e->n_args;
	Quarry__Expr ***arms = arena_array(cx->a, Quarry__Expr **, narms);
	int		   *counts = arena_array(cx->a, int, narms);
	Quarry__Expr **common = NULL;
	int			ncommon = 0;
	int			ccap = 0;
	bool		empty_arm = false;

	for (int i = 0; i < narms; i++) {
		int			c = 0;

		arms[i] = NULL;
		conj_split(cx, e->args[i], &arms[i], &counts[i], &c);
	}
	for (int k = 0; k < counts[0]; k++) {
		bool		everywhere = true;

		for (int i = 1; i < narms && everywhere; i++)
			everywhere = in_list(arms[i], counts[i], arms[0][k]);
		if (everywhere && !in_list(common, ncommon, arms[0][k]))
			list_add(cx, arms[0][k], &common, &ncommon, &ccap);
	}
	if (ncommon == 0) {
		list_add(cx, e, list, n, cap);
		return;
	}
	for (int c = 0; c < ncommon; c++)
		list_add(cx, common[c], list, n, cap);
	/* the OR of what is left of each arm; an arm left empty makes it true */
	for (int i = 0; i < narms; i++) {
		int			k = 0;

		for (int j = 0; j < counts[i]; j++)
			if (!in_list(common, ncommon, arms[i][j]))
				arms[i][k++] = arms[i][j];
		counts[i] = k;
		empty_arm |= k == 0;
	}
	if (empty_arm)
		return;
	Quarry__Expr **rest = arena_array(cx->a, Quarry__Expr *, narms);

	for (int i = 0; i < narms; i++)
		rest[i] = bool_node(cx, QUARRY__EXPR_KIND__EXPR_AND, arms[i], counts[i]);
	list_add(cx, bool_node(cx, QUARRY__EXPR_KIND__EXPR_OR, rest, narms), list, n, cap);
}

/* conj_split appends the AND-ed parts of e to a growable list. */
void
conj_split(BindCtx *cx, Quarry__Expr *e, Quarry__Expr ***list, int *n, int *cap)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_AND) {
		for (size_t i = 0; i < e->n_args; i++)
			conj_split(cx, e->args[i], list, n, cap);
		return;
	}
	if (e->kind == QUARRY__EXPR_KIND__EXPR_OR && e->n_args > 1) {
		factor_or(cx, e, list, n, cap);
		return;
	}
	list_add(cx, e, list, n, cap);
}

static FromItem *
item_new(BindCtx *cx, ItemKind kind)
{
	FromItem   *it = arena_new(cx->a, FromItem);

	it->kind = kind;
	return it;
}

static void
item_add_range(BindCtx *cx, FromItem *it, int lo, int hi)
{
	int		   *nlo = arena_array(cx->a, int, it->nranges + 1);
	int		   *nhi = arena_array(cx->a, int, it->nranges + 1);

	if (it->nranges > 0) {
		memcpy(nlo, it->lo, sizeof(int) * it->nranges);
		memcpy(nhi, it->hi, sizeof(int) * it->nranges);
	}
	nlo[it->nranges] = lo;
	nhi[it->nranges++] = hi;
	it->lo = nlo;
	it->hi = nhi;
}

static void
item_add_child(BindCtx *cx, FromItem *parent, FromItem *child)
{
	FromItem  **grown = arena_array(cx->a, FromItem *, parent->nitems + 1);

	if (parent->nitems > 0)
		memcpy(grown, parent->items, sizeof(FromItem *) * parent->nitems);
	grown[parent->nitems++] = child;
	parent->items = grown;
	for (int i = 0; i < child->nranges; i++)
		item_add_range(cx, parent, child->lo[i], child->hi[i]);
}

/* ---- FROM ---- */

static FromItem *bind_from_node(BindCtx *cx, const PgQuery__Node *n, FromItem *group);

static FromItem *
table_item(BindCtx *cx, CatTable *t, const char *alias)
{
	FromItem   *it = item_new(cx, ITEM_REL);
	const char **names = arena_array(cx->a, const char *, t->ncols + 1);
	int			first = cx->q->ncols;

	for (int i = 0; i < t->ncols; i++) {
		int			id = colinfo_new(cx, t->cols[i].name, t->cols[i].type, t->cols[i].typmod);
		ColInfo    *ci = colinfo(cx, id);

		ci->table_oid = t->oid;
		ci->attnum = (int16_t) (i + 1);
		ci->from_item = true;
		names[i] = t->cols[i].name;
	}
	scope_add(cx, alias, t->ncols, first, names)->reloid = t->oid;
	it->rel = rel_table(cx, t, first);
	item_add_range(cx, it, first, first + t->ncols);
	return it;
}

static const char *
alias_of(const PgQuery__Alias *a, const char *dflt)
{
	return a != NULL && a->aliasname != NULL && a->aliasname[0] ? a->aliasname : dflt;
}

/* rel_item makes planned relation r, its columns named names, a FROM item. */
static FromItem *
rel_item(BindCtx *cx, Rel *r, int n, const char **names, const Target *targets, const char *alias)
{
	FromItem   *it;

	for (int i = 0; i < n; i++) {
		ColInfo    *ci = colinfo(cx, r->ids[i]);

		ci->name = names[i];
		ci->level = cx->level;
		ci->from_item = true;
		if (targets != NULL && targets[i].origin >= 0) {
			ci->table_oid = colinfo(cx, targets[i].origin)->table_oid;
			ci->attnum = colinfo(cx, targets[i].origin)->attnum;
		}
	}
	scope_add(cx, alias, n, r->ids[0], names);
	it = item_new(cx, ITEM_REL);
	it->rel = r;
	item_add_range(cx, it, r->ids[0], r->ids[0] + n);
	return it;
}

/*
 * derived_item plans a subquery of FROM, a view's query or a CTE's as a
 * FROM item.  detached: a view's or CTE's query, which sees not the levels
 * around the reference but those around the WITH (a view: none) and only
 * the CTEs of scope.  cte: the CTE, for messages.
 */
static FromItem *
derived_item(BindCtx *cx, const PgQuery__Node *query, const char *alias,
			 PgQuery__Node **colnames, size_t ncolnames, bool detached,
			 const CteScope *scope, const PgQuery__CommonTableExpr *cte)
{
	BindCtx    *sub = bind_child(cx, true);
	SelectState st;
	Rel		   *r;
	const char **names;

	if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "this subquery in FROM is not supported yet");
		return NULL;
	}
	if (detached) {
		/* a CTE's query sees the levels around its WITH; a view's none */
		sub->parent = scope != NULL ? scope->owner->parent : NULL;
		sub->ctes = scope;
	}
	if ((r = select_plan(sub, query->select_stmt, &st)) == NULL)
		return NULL;
	if (ncolnames > (size_t) st.nvisible) {
		if (cte != NULL) {
			err_set(cx->err, "42P10", "WITH query \"%s\" has %d columns available but %zu columns specified",
					cte->ctename, st.nvisible, ncolnames);
			cx->err->position = cte->location + 1;
		} else
			err_set(cx->err, "42P10", "table \"%s\" has %d columns available but %zu columns specified",
					alias, st.nvisible, ncolnames);
		return NULL;
	}
	names = arena_array(cx->a, const char *, st.nvisible + 1);
	for (int i = 0; i < st.nvisible; i++)
		names[i] = (size_t) i < ncolnames && colnames[i]->node_case == PG_QUERY__NODE__NODE_STRING ?
			colnames[i]->string->sval : st.targets[i].name;
	return rel_item(cx, r, st.nvisible, names, st.targets, alias);
}

/* cte_item plans a reference to a CTE (recursive.c finds it). */
static FromItem *
cte_item(BindCtx *cx, const PgQuery__RangeVar *rv, bool *found)
{
	CteRef		ref;
	FromItem   *it;
	const char *alias = alias_of(rv->alias, rv->relname);

	if (!cte_reference(cx, rv, &ref, found) || !*found)
		return NULL;
	if (ref.rel != NULL)
		return rel_item(cx, ref.rel, ref.ncols, ref.names, NULL, alias);
	it = derived_item(cx, ref.cte->ctequery, alias, ref.cte->aliascolnames,
					  ref.cte->n_aliascolnames, true, ref.body_scope, ref.cte);
	cte_done(cx, &ref);
	return it;
}

static FromItem *
range_var_item(BindCtx *cx, const PgQuery__RangeVar *rv)
{
	CatTable   *t;
	FromItem   *it;
	bool		found;

	if ((it = cte_item(cx, rv, &found)) != NULL || found)
		return it;
	if (!bind_find_table(cx->a, cx->cat, rv, &t, cx->err))
		return NULL;
	if (t->view_sql != NULL) {
		const PgQuery__Node *q;	/* a view: its query, seeing no outer level */

		if (!storage_view_query(cx->a, t, cx->level, &q, cx->err))
			return NULL;
		return derived_item(cx, q, alias_of(rv->alias, t->name),
							rv->alias ? rv->alias->colnames : NULL,
							rv->alias ? rv->alias->n_colnames : 0, true, NULL, NULL);
	}
	return table_item(cx, t, alias_of(rv->alias, t->name));
}

static bool
bind_quals(BindCtx *cx, const PgQuery__Node *quals, FromItem *into)
{
	Quarry__Expr *e;
	int			cap = into->nconj;

	if (quals == NULL)
		return true;
	cx->win_clause = "JOIN conditions";
	e = bind_expr(cx, quals);
	cx->win_clause = NULL;
	if (e == NULL)
		return false;
	if (e->type != TYPE_BOOL) {
		err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "argument of JOIN/ON must be type boolean, not type %s",
				type_info((TypeId) e->type)->name);
		return false;
	}
	conj_split(cx, e, &into->conj, &into->nconj, &cap);
	return true;
}

/* left_lateral_of: the LATERAL subquery that is all of g, a LEFT join's right side, or NULL */
static Lateral *
left_lateral_of(const FromItem *g)
{
	if (g->kind != ITEM_GROUP || g->nitems != 0 || g->laterals == NULL ||
		g->laterals->next != NULL || g->laterals->sub == NULL)
		return NULL;
	return g->laterals;
}

static FromItem *
join_item(BindCtx *cx, const PgQuery__JoinExpr *j, FromItem *group)
{
	FromItem   *left;
	int			left_entry = cx->nentries;
	int			right_entry;
	bool		using = j->is_natural || j->n_using_clause > 0;

	if (j->jointype == PG_QUERY__JOIN_TYPE__JOIN_INNER) {
		/* an inner join flattens into the enclosing group */
		if (bind_from_node(cx, j->larg, group) == NULL)
			return NULL;
		right_entry = cx->nentries;
		if (bind_from_node(cx, j->rarg, group) == NULL)
			return NULL;
		if (using)				/* planner/join_using.c */
			return join_using_bind(cx, j, left_entry, right_entry, group) ? group : NULL;
		return bind_quals(cx, j->quals, group) ? group : NULL;
	}
	FromItem   *lj = item_new(cx, ITEM_LEFT);
	FromItem   *lg = item_new(cx, ITEM_GROUP);
	FromItem   *rg = item_new(cx, ITEM_GROUP);

	if ((left = bind_from_node(cx, j->larg, lg)) == NULL)
		return NULL;
	right_entry = cx->nentries;
	if (bind_from_node(cx, j->rarg, rg) == NULL)
		return NULL;
	if ((lg->laterals != NULL || rg->laterals != NULL) &&
		!(j->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT && lg->laterals == NULL && left_lateral_of(rg))) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"LATERAL items inside an outer join other than LEFT JOIN LATERAL (SELECT ...) are not supported yet");
		return NULL;
	}
	/* a RIGHT join is a LEFT join with the sides swapped */
	item_add_child(cx, lj, j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ? rg : lg);
	item_add_child(cx, lj, j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ? lg : rg);
	lj->full = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
	if (using ? !join_using_bind(cx, j, left_entry, right_entry, lj) : !bind_quals(cx, j->quals, lj))
		return NULL;
	item_add_child(cx, group, lj);
	return group;
}

/*
 * sample_item binds t TABLESAMPLE SYSTEM (p) or BERNOULLI (p) as the derived
 * table (SELECT * FROM t WHERE random() * 100 < p): each row is kept with
 * probability p percent (BERNOULLI's rule; SYSTEM's block sampling is
 * approximated by it).  REPEATABLE is 0A000: random() cannot be seeded.
 */
static FromItem *
sample_item(BindCtx *cx, const PgQuery__RangeTableSample *ts)
{
	const PgQuery__RangeVar *rv = ts->relation->range_var;
	const char *method = ts->n_method > 0 &&
		ts->method[ts->n_method - 1]->node_case == PG_QUERY__NODE__NODE_STRING ?
		ts->method[ts->n_method - 1]->string->sval : "";
	PgQuery__SelectStmt *q;
	PgQuery__RangeVar *plain;
	PgQuery__Node *from;
	PgQuery__Node *qn;
	Quarry__Expr *pct;
	Value		v;

	if (ts->relation->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "TABLESAMPLE of this FROM item is not supported");
		return NULL;
	}
	if (strcmp(method, "system") != 0 && strcmp(method, "bernoulli") != 0) {
		err_set(cx->err, ERRCODE_UNDEFINED_OBJECT, "tablesample method %s does not exist", method);
		cx->err->position = ts->location + 1;
		return NULL;
	}
	if (ts->n_args != 1) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR,
				"tablesample method %s requires 1 argument, not %zu", method, ts->n_args);
		cx->err->position = ts->location + 1;
		return NULL;
	}
	if (ts->repeatable != NULL) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "TABLESAMPLE ... REPEATABLE is not supported yet");
		cx->err->position = ts->location + 1;
		return NULL;
	}
	/* a constant percentage is checked now, as PostgreSQL checks it when it runs */
	if ((pct = bind_expr(cx, ts->args[0])) == NULL ||
		(pct = bind_coerce(cx, pct, TYPE_FLOAT8, node_location(ts->args[0]))) == NULL)
		return NULL;
	if (expr_const_value(pct, &v)) {
		if (v.is_null || v.u.f < 0 || v.u.f > 100) {
			err_set(cx->err, "2202H", v.is_null ? "TABLESAMPLE parameter cannot be null" :
					"sample percentage must be between 0 and 100");
			return NULL;
		}
	}
	if ((q = parse_in_arena(cx->a, "SELECT * FROM t", cx->err)) == NULL)
		return NULL;
	plain = arena_memdup(cx->a, rv, sizeof(*rv));
	plain->alias = NULL;
	from = arena_new(cx->a, PgQuery__Node);
	*from = (PgQuery__Node) PG_QUERY__NODE__INIT;
	from->node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
	from->range_var = plain;
	q->from_clause[0] = from;
	q->where_clause = func_srf_template(cx->a, "random() * 100 < (__p1)::float8", ts->args[0], cx->err);
	if (q->where_clause == NULL)
		return NULL;
	qn = arena_new(cx->a, PgQuery__Node);
	*qn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	qn->node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	qn->select_stmt = q;
	return derived_item(cx, qn, rv->alias ? rv->alias->aliasname : rv->relname,
						rv->alias ? rv->alias->colnames : NULL, rv->alias ? rv->alias->n_colnames : 0,
						false, NULL, NULL);
}

/* ---- LATERAL: items that read earlier items' columns ---- */

static void
add_lateral(BindCtx *cx, FromItem *group, Lateral *l)
{
	Lateral   **p = &group->laterals;

	while (*p != NULL)
		p = &(*p)->next;
	*p = l;
}

typedef struct SiblingCheck {
	BindCtx    *cx;
	bool		found;
} SiblingCheck;

static void
check_sibling(void *arg, int id)
{
	SiblingCheck *sc = arg;

	if (colinfo(sc->cx, id)->level == sc->cx->level)
		sc->found = true;
}

/* is_series_call: FROM generate_series(...) */
static bool
is_series_call(const PgQuery__RangeFunction *rf)
{
	const PgQuery__Node *call;
	const PgQuery__Node *last;

	if (rf->n_functions != 1 || rf->is_rowsfrom || rf->functions[0]->node_case != PG_QUERY__NODE__NODE_LIST ||
		rf->functions[0]->list->n_items < 1)
		return false;
	call = rf->functions[0]->list->items[0];
	if (call->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return false;
	last = call->func_call->funcname[call->func_call->n_funcname - 1];
	return last->node_case == PG_QUERY__NODE__NODE_STRING &&
		strcmp(last->string->sval, "generate_series") == 0;
}

/* series_type: generate_series's overload for the arguments, coercing them. */
static TypeId
series_type(BindCtx *cx, Quarry__Expr **a, int n, int location)
{
	TypeId		t = TYPE_UNKNOWN;
	bool		stamps = n == 3 && a[2]->type == TYPE_INTERVAL;

	for (int i = 0; i < 2; i++) {
		TypeId		at = (TypeId) a[i]->type;

		if (at == TYPE_DATE || at == TYPE_TIMESTAMPTZ)
			t = TYPE_TIMESTAMPTZ;
		else if (at == TYPE_TIMESTAMP && t != TYPE_TIMESTAMPTZ)
			t = TYPE_TIMESTAMP;
		stamps |= t != TYPE_UNKNOWN;
	}
	if (stamps) {
		if (n != 3) {
			err_set(cx->err, ERRCODE_UNDEFINED_FUNCTION, "function generate_series(%s, %s) does not exist",
					type_info((TypeId) a[0]->type)->name, type_info((TypeId) a[1]->type)->name);
			cx->err->position = location + 1;
			return TYPE_UNKNOWN;
		}
		if (t == TYPE_UNKNOWN)
			t = TYPE_TIMESTAMPTZ;
		if ((a[2] = bind_coerce(cx, a[2], TYPE_INTERVAL, location)) == NULL)
			return TYPE_UNKNOWN;
	} else {
		t = TYPE_INT4;
		for (int i = 0; i < n; i++) {
			TypeId		at = (TypeId) a[i]->type;

			if (at == TYPE_INT8)
				t = TYPE_INT8;
			else if (at != TYPE_UNKNOWN && !type_is_integer(at)) {
				err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
						"generate_series over %s is not supported yet", type_info(at)->name);
				cx->err->position = location + 1;
				return TYPE_UNKNOWN;
			}
		}
		if (n == 3 && (a[2] = bind_coerce(cx, a[2], t, location)) == NULL)
			return TYPE_UNKNOWN;
	}
	for (int i = 0; i < 2; i++)
		if ((a[i] = bind_coerce(cx, a[i], t, location)) == NULL)
			return TYPE_UNKNOWN;
	return t;
}

/*
 * series_item binds generate_series(start, stop[, step]) in FROM: a Series
 * over one row, or, when its arguments read earlier FROM items' columns,
 * a Lateral of group applied to their join.  Returns the item, group for a
 * lateral one, or NULL.
 */
static FromItem *
series_item(BindCtx *cx, const PgQuery__RangeFunction *rf, FromItem *group)
{
	const PgQuery__FuncCall *fc = rf->functions[0]->list->items[0]->func_call;
	const char *alias = alias_of(rf->alias, "generate_series");
	const char *col = rf->alias && rf->alias->n_colnames > 0 &&
		rf->alias->colnames[0]->node_case == PG_QUERY__NODE__NODE_STRING ?
		rf->alias->colnames[0]->string->sval : alias;
	const char **names = arena_array(cx->a, const char *, 1);
	Lateral    *l = arena_new(cx->a, Lateral);
	SiblingCheck sc = {cx, false};
	int			n = (int) fc->n_args;
	FromItem   *it;

	if (rf->ordinality || n < 2 || n > 3 || fc->agg_star ||
		fc->func_variadic) {
		err_set(cx->err, n < 2 || n > 3 ? ERRCODE_UNDEFINED_FUNCTION : ERRCODE_FEATURE_NOT_SUPPORTED,
				n < 2 || n > 3 ? "function generate_series with %d arguments does not exist" :
				"generate_series WITH ORDINALITY is not supported yet", n);
		cx->err->position = fc->location + 1;
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		if ((l->series[i] = bind_expr(cx, fc->args[i])) == NULL)
			return NULL;
		expr_ids(l->series[i], check_sibling, &sc);
	}
	if ((l->type = series_type(cx, l->series, n, fc->location)) == TYPE_UNKNOWN)
		return NULL;
	l->id = colinfo_new(cx, col, l->type, -1);
	colinfo(cx, l->id)->from_item = true;
	names[0] = col;
	scope_add(cx, alias, 1, l->id, names);
	if (sc.found) {
		/* func_srf.c's positions of the select list's set-returning functions */
		l->late = strcmp(alias, "?srf?") == 0;
		add_lateral(cx, group, l);
		return group;
	}
	{
		Quarry__PlanNode *one = plan_node_new(cx->a, 0);
		Rel		   *r;

		one->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
		one->one_row = arena_new(cx->a, Quarry__OneRow);
		quarry__one_row__init(one->one_row);
		if ((r = rel_series(cx, rel_from_plan(cx, one, NULL, 0, 1), l->series, l->type, l->id)) == NULL)
			return NULL;
		it = item_new(cx, ITEM_REL);
		it->rel = r;
		item_add_range(cx, it, l->id, l->id + 1);
		return it;
	}
}

/*
 * lateral_subquery binds LATERAL (SELECT ...) AS t: it sees the FROM items
 * before it, whose columns become params of an Apply run per row of their
 * join (sublink.c).
 */
static FromItem *
lateral_subquery(BindCtx *cx, const PgQuery__RangeSubselect *rs, FromItem *group)
{
	BindCtx    *sub = bind_child(cx, false);
	SelectState st;
	Rel		   *r;
	const char **names;
	Lateral    *l = arena_new(cx->a, Lateral);

	if (rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "this subquery in FROM is not supported yet");
		return NULL;
	}
	sub->param_below = sub->level;	/* the items before it (and outer levels): params */
	if ((r = select_plan(sub, rs->subquery->select_stmt, &st)) == NULL)
		return NULL;
	if (rs->alias->n_colnames > (size_t) st.nvisible) {
		err_set(cx->err, "42P10", "table \"%s\" has %d columns available but %zu columns specified",
				rs->alias->aliasname, st.nvisible, rs->alias->n_colnames);
		return NULL;
	}
	rel_materialize(sub, r);
	names = arena_array(cx->a, const char *, st.nvisible + 1);
	for (int i = 0; i < st.nvisible; i++) {
		ColInfo    *ci = colinfo(cx, r->ids[i]);

		names[i] = (size_t) i < rs->alias->n_colnames &&
			rs->alias->colnames[i]->node_case == PG_QUERY__NODE__NODE_STRING ?
			rs->alias->colnames[i]->string->sval : st.targets[i].name;
		ci->name = names[i];
		ci->level = cx->level;
		ci->from_item = true;
	}
	scope_add(cx, rs->alias->aliasname, st.nvisible, r->ids[0], names);
	l->sub = sub;
	l->rel = r;
	add_lateral(cx, group, l);
	return group;
}

/* bind_from_node adds one FROM element to group; returns group or NULL. */
static FromItem *
bind_from_node(BindCtx *cx, const PgQuery__Node *n, FromItem *group)
{
	FromItem   *it;

	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_RANGE_VAR:
			it = range_var_item(cx, n->range_var);
			break;
		case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
			if (n->range_subselect->alias == NULL) {
				err_set(cx->err, ERRCODE_SYNTAX_ERROR, "subquery in FROM must have an alias");
				return NULL;
			}
			if (n->range_subselect->lateral)
				return lateral_subquery(cx, n->range_subselect, group);
			it = derived_item(cx, n->range_subselect->subquery, n->range_subselect->alias->aliasname,
							  n->range_subselect->alias->colnames,
							  n->range_subselect->alias->n_colnames, false, NULL, NULL);
			break;
		case PG_QUERY__NODE__NODE_JOIN_EXPR:
			return join_item(cx, n->join_expr, group);
		case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
			if (is_series_call(n->range_function)) {
				if ((it = series_item(cx, n->range_function, group)) == group)
					return group;	/* a lateral one */
				break;
			}
			{
				/* read_csv(...): a relation of external files (planner/readcsv.c) */
				CatTable   *t = storage_table_function(cx->a, n->range_function, cx->err);

				if (t == NULL)
					return NULL;
				it = table_item(cx, t, alias_of(n->range_function->alias, t->name));
				break;
			}
		case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE:
			it = sample_item(cx, n->range_table_sample);
			break;
		default:
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "this kind of FROM item is not supported yet");
			return NULL;
	}
	if (it == NULL)
		return NULL;
	item_add_child(cx, group, it);
	return group;
}

/* ---- WHERE ---- */

static bool
bind_where(BindCtx *cx, const PgQuery__Node *where, FromItem *group)
{
	Quarry__Expr *e;
	int			cap = group->nconj;
	bool		handled;

	if (where == NULL)
		return true;
	/* an AND of conjuncts: subqueries among them become joins */
	if (where->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
		where->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
		for (size_t i = 0; i < where->bool_expr->n_args; i++)
			if (!bind_where(cx, where->bool_expr->args[i], group))
				return false;
		return true;
	}
	if (!sublink_conjunct(cx, where, &handled))
		return false;
	if (handled)
		return true;
	cx->win_clause = "WHERE";
	e = bind_expr(cx, where);
	cx->win_clause = NULL;
	if (e == NULL)
		return false;
	if (e->type == TYPE_UNKNOWN && (e = bind_coerce(cx, e, TYPE_BOOL, node_location(where))) == NULL)
		return false;
	if (e->type != TYPE_BOOL) {
		err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "argument of WHERE must be type boolean, not type %s",
				type_info((TypeId) e->type)->name);
		cx->err->position = node_location(where) + 1;
		return false;
	}
	conj_split(cx, e, &group->conj, &group->nconj, &cap);
	return true;
}

/* ---- select list, GROUP BY, HAVING, ORDER BY ---- */

static bool
bind_target(BindCtx *cx, const PgQuery__ResTarget *rt, Target *t)
{
	if ((t->expr = bind_expr(cx, rt->val)) == NULL)
		return false;
	if (expr_is_numeric_literal(t->expr))
		return numeric_unsupported(cx, t->expr->location - 1);
	if (t->expr->type == TYPE_UNKNOWN && (t->expr = bind_coerce(cx, t->expr, TYPE_TEXT, -1)) == NULL)
		return false;
	t->name = rt->name && rt->name[0] ? rt->name : figure_colname(rt->val);
	t->origin = t->expr->kind == QUARRY__EXPR_KIND__EXPR_COLUMN ? t->expr->column : -1;
	t->typmod = -1;
	if (rt->val->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
		TypeId		type;

		if (!bind_type_name(rt->val->type_cast->type_name, &type, &t->typmod, cx->err))
			return false;
	}
	return true;
}

static bool
is_star(const PgQuery__Node *val, const char **qual)
{
	const PgQuery__ColumnRef *cr;

	if (val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return false;
	cr = val->column_ref;
	if (cr->fields[cr->n_fields - 1]->node_case != PG_QUERY__NODE__NODE_A_STAR)
		return false;
	/* [[db.]schema.]table.*: the schema is not checked */
	*qual = cr->n_fields >= 2 ? cr->fields[cr->n_fields - 2]->string->sval : NULL;
	return true;
}

/* expand_star adds the columns of every FROM item (or the one named qual). */
static bool
expand_star(BindCtx *cx, const char *qual, int location, Target *t, int *n)
{
	bool		found = false;

	for (int e = 0; e < cx->nentries; e++) {
		const RangeEntry *re = cx->entries[e];

		if (qual != NULL ? re->alias == NULL || strcmp(qual, re->alias) != 0 : re->hidden)
			continue;
		found = true;
		for (int i = 0; i < re->ncols; i++, (*n)++) {
			t[*n].name = re->names[i];
			t[*n].expr = scope_entry_column(cx, re, i, -1, !cx->star_unused);
			t[*n].origin = t[*n].expr->kind == QUARRY__EXPR_KIND__EXPR_COLUMN ?
				t[*n].expr->column : -1;
			t[*n].typmod = -1;
		}
	}
	if (!found) {
		if (qual != NULL)
			err_set(cx->err, ERRCODE_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"", qual);
		else
			err_set(cx->err, ERRCODE_SYNTAX_ERROR, "SELECT * with no tables specified is not valid");
		cx->err->position = location + 1;
		return false;
	}
	return true;
}

static int
star_width(BindCtx *cx)
{
	int			n = 0;

	for (int e = 0; e < cx->nentries; e++)
		n += cx->entries[e]->ncols;
	return n;
}

static bool
bind_targets(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	int			cap = (int) (s->n_target_list * (size_t) (star_width(cx) + 1) + s->n_sort_clause) + 1;
	Target	   *t = arena_array(cx->a, Target, cap);
	int			n = 0;

	for (size_t i = 0; i < s->n_target_list; i++) {
		const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
		const char *qual;

		if (is_star(rt->val, &qual)) {
			if ((rt->val->column_ref->n_fields == 4 && !scope_ref_database(cx, rt->val->column_ref)) ||
				!expand_star(cx, qual, rt->val->column_ref->location, t, &n))
				return false;
		} else if (!bind_target(cx, rt, &t[n++]))
			return false;
	}
	st->targets = t;
	st->nvisible = st->ntargets = n;
	return true;
}

/*
 * sort_target finds an ORDER BY item among the targets (a position, an
 * output name, or an equal expression) or appends it as a hidden target.
 */
/* is_distinct_on: SELECT DISTINCT ON (...), not a plain DISTINCT */
static bool
is_distinct_on(const PgQuery__SelectStmt *s)
{
	return s->n_distinct_clause > 0 && s->distinct_clause[0] != NULL &&
		s->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET;
}

static int
sort_target(BindCtx *cx, const PgQuery__Node *node, SelectState *st)
{
	Quarry__Expr *e;

	if (node->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		int			pos = node->a_const->ival->ival;

		if (pos < 1 || pos > st->nvisible) {
			err_set(cx->err, ERRCODE_INVALID_COLUMN_REF, "ORDER BY position %d is not in select list", pos);
			cx->err->position = node->a_const->location + 1;
			return -1;
		}
		return pos - 1;
	}
	if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
		node->column_ref->n_fields == 1 &&
		node->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
		const char *name = node->column_ref->fields[0]->string->sval;

		for (int i = 0; i < st->nvisible; i++)
			if (strcmp(st->targets[i].name, name) == 0)
				return i;
	}
	if ((e = bind_expr(cx, node)) == NULL)
		return -1;
	if (expr_is_numeric_literal(e)) {
		numeric_unsupported(cx, e->location - 1);
		return -1;
	}
	if (e->type == TYPE_UNKNOWN && (e = bind_coerce(cx, e, TYPE_TEXT, -1)) == NULL)
		return -1;
	for (int i = 0; i < st->ntargets; i++)
		if (expr_equal(st->targets[i].expr, e))
			return i;
	if (st->s->n_distinct_clause > 0 && st->ndistinct_on == 0 && !is_distinct_on(st->s)) {
		err_set(cx->err, ERRCODE_INVALID_COLUMN_REF,
				"for SELECT DISTINCT, ORDER BY expressions must appear in select list");
		cx->err->position = node_location(node) + 1;
		return -1;
	}
	st->targets[st->ntargets].name = "?sort?";
	st->targets[st->ntargets].expr = e;
	st->targets[st->ntargets].origin = -1;
	st->targets[st->ntargets].typmod = -1;
	return st->ntargets++;
}

bool
select_bind_order(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	int			nkeys = (int) s->n_sort_clause;

	st->keys = arena_array(cx->a, Quarry__SortKey *, nkeys + 1);
	for (int k = 0; k < nkeys; k++) {
		const PgQuery__SortBy *sb = s->sort_clause[k]->sort_by;
		Quarry__SortKey *key;
		int			ti;

		if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
			return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "ORDER BY USING is not supported yet");
		if ((ti = sort_target(cx, sb->node, st)) < 0)
			return false;
		st->keys[k] = key = arena_new(cx->a, Quarry__SortKey);
		quarry__sort_key__init(key);
		key->column = ti;
		key->descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		key->nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
			(sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key->descending);
	}
	return true;
}

/* group_expr binds a GROUP BY item: a select-list position, name, or expression. */
static Quarry__Expr *
group_expr(BindCtx *cx, const PgQuery__Node *node, SelectState *st)
{
	Quarry__Expr *e;

	if (node->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		int			pos = node->a_const->ival->ival;

		if (pos < 1 || pos > st->nvisible) {
			err_set(cx->err, ERRCODE_INVALID_COLUMN_REF, "GROUP BY position %d is not in select list", pos);
			cx->err->position = node->a_const->location + 1;
			return NULL;
		}
		return st->targets[pos - 1].expr;
	}
	/* a bare name that is no input column may name an output column */
	if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
		node->column_ref->n_fields == 1 &&
		node->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
		Err			saved = *cx->err;

		if ((e = bind_expr(cx, node)) != NULL)
			return e;
		for (int i = 0; i < st->nvisible; i++)
			if (strcmp(st->targets[i].name, node->column_ref->fields[0]->string->sval) == 0) {
				*cx->err = saved;
				return st->targets[i].expr;
			}
		return NULL;
	}
	if ((e = bind_expr(cx, node)) != NULL && e->type == TYPE_UNKNOWN)
		e = bind_coerce(cx, e, TYPE_TEXT, -1);
	return e;
}

/* group_item binds and checks one GROUP BY expression. */
static Quarry__Expr *
group_item(BindCtx *cx, const PgQuery__Node *node, SelectState *st)
{
	Quarry__Expr *e = group_expr(cx, node, st);

	if (e == NULL)
		return NULL;
	if (expr_has_aggref(e)) {
		err_set(cx->err, ERRCODE_GROUPING_ERROR, "aggregate functions are not allowed in GROUP BY");
		return NULL;
	}
	if (!window_check_group(cx, e))	/* an output name of a window call */
		return NULL;
	return e;
}

static bool
bind_groups(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	bool		allowed = cx->aggs_allowed;

	st->ngroups = (int) s->n_group_clause;
	st->groups = arena_array(cx->a, Quarry__Expr *, st->ngroups + 1);
	cx->aggs_allowed = false;
	cx->win_clause = "GROUP BY";
	if (grouping_has_sets(s)) {
		if (!grouping_bind_sets(cx, s, st, group_item))	/* planner/grouping.c */
			return false;
	} else
		for (int g = 0; g < st->ngroups; g++)
			if ((st->groups[g] = group_item(cx, s->group_clause[g], st)) == NULL)
				return false;
	cx->aggs_allowed = allowed;
	cx->win_clause = NULL;
	return true;
}

static bool
unsupported_clauses(BindCtx *cx, const PgQuery__SelectStmt *s)
{
	if (s->n_values_lists > 0)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "VALUES lists are not supported yet");
	if (s->into_clause != NULL)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "SELECT INTO is not supported yet");
	if (s->n_locking_clause > 0)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "FOR UPDATE is not supported yet");
	return true;
}

/*
 * bind_distinct_on binds DISTINCT ON (...) items as ORDER BY items are
 * bound (positions, names, expressions); with an ORDER BY, its first items
 * must be DISTINCT ON's (42P10), as PostgreSQL requires.
 */
static bool
bind_distinct_on(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	int			n = (int) s->n_distinct_clause;

	if (!is_distinct_on(s))
		return true;			/* no DISTINCT, or a plain one */
	st->distinct_on = arena_array(cx->a, int, n + 1);
	for (int k = 0; k < n; k++)
		if ((st->distinct_on[k] = sort_target(cx, s->distinct_clause[k], st)) < 0)
			return false;
	st->ndistinct_on = n;
	for (int k = 0; k < (int) s->n_sort_clause && k < n; k++) {
		bool		found = false;

		for (int d = 0; d < n; d++)
			found |= st->distinct_on[d] == (int) st->keys[k]->column;
		if (!found) {
			err_set(cx->err, "42P10", "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
			cx->err->position = node_location(s->distinct_clause[0]) + 1;
			return false;
		}
	}
	return true;
}

/*
 * distinct_on keeps the first row (in ORDER BY order) of each DISTINCT ON
 * group of r: row_number() OVER (PARTITION BY the items ORDER BY the
 * ORDER BY keys) = 1.
 */
static Rel *
distinct_on(BindCtx *cx, SelectState *st, Rel *r, int nextra)
{
	int			n = r->nids;
	Quarry__PlanNode *w = plan_node_new(cx->a, n + 1);
	Quarry__Window *win = arena_new(cx->a, Quarry__Window);
	Quarry__WindowFunc *fn = arena_new(cx->a, Quarry__WindowFunc);
	int		   *ids = arena_array(cx->a, int, n + 2);
	Quarry__Expr **cols = arena_array(cx->a, Quarry__Expr *, n + 1);
	Quarry__Expr *eq;
	Value		one = {.type = TYPE_INT8, .u.i = 1};
	Rel		   *numbered;

	rel_materialize(cx, r);
	quarry__window__init(win);
	quarry__window_func__init(fn);
	fn->kind = QUARRY__WINDOW_FUNC_KIND__WIN_ROW_NUMBER;
	fn->type = TYPE_INT8;
	win->input = r->plan;
	win->n_partition_by = (size_t) st->ndistinct_on;
	win->partition_by = arena_array(cx->a, int32_t, st->ndistinct_on + 1);
	for (int k = 0; k < st->ndistinct_on; k++)
		win->partition_by[k] = st->distinct_on[k] + nextra;
	win->n_order_by = st->s->n_sort_clause;
	win->order_by = st->keys;	/* already past the extras */
	win->n_funcs = 1;
	win->funcs = arena_array(cx->a, Quarry__WindowFunc *, 1);
	win->funcs[0] = fn;
	memcpy(w->output_types, r->plan->output_types, sizeof(int32_t) * n);
	w->output_types[n] = TYPE_INT8;
	w->node_case = QUARRY__PLAN_NODE__NODE_WINDOW;
	w->window = win;
	memcpy(ids, r->ids, sizeof(int) * n);
	ids[n] = colinfo_new(cx, "?row_number?", TYPE_INT8, -1);
	numbered = rel_from_plan(cx, w, ids, n + 1, r->rows);
	eq = expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_OP, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL,
				   expr_column(cx->a, ids[n], TYPE_INT8), expr_const(cx->a, &one));
	if ((numbered = rel_filter(cx, numbered, eq)) == NULL)
		return NULL;
	numbered->rows = r->rows / 2 + 1;
	for (int i = 0; i < n; i++)
		cols[i] = expr_column(cx->a, r->ids[i], (TypeId) r->plan->output_types[i]);
	return rel_project(cx, numbered, cols, n, r->ids);
}

/* select_bind binds every clause of s at cx's level. */
bool
select_bind(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	memset(st, 0, sizeof(*st));
	if (!func_srf_rewrite(cx->a, &s, cx->err))	/* set-returning functions: func_srf.c */
		return false;
	st->s = s;
	if (!unsupported_clauses(cx, s))
		return false;
	if (s->with_clause != NULL) {
		cx->with = s->with_clause;
		if (!cte_push_scope(cx, s->with_clause))
			return false;
	}
	if (!window_check_clause(cx, s))	/* planner/window.c */
		return false;
	st->from = item_new(cx, ITEM_GROUP);
	for (size_t i = 0; i < s->n_from_clause; i++)
		if (bind_from_node(cx, s->from_clause[i], st->from) == NULL)
			return false;
	if (!bind_where(cx, s->where_clause, st->from))
		return false;
	cx->aggs_allowed = true;
	cx->wins_allowed = true;	/* window functions: the select list and ORDER BY */
	if (!bind_targets(cx, s, st) || !select_bind_order(cx, s, st) || !bind_distinct_on(cx, s, st))
		return false;
	cx->wins_allowed = false;
	if (!bind_groups(cx, s, st))
		return false;
	if (s->having_clause != NULL) {
		cx->in_having = true;
		cx->win_clause = "HAVING";
		st->having = bind_expr(cx, s->having_clause);
		cx->win_clause = NULL;
		cx->in_having = false;
		if (st->having == NULL)
			return false;
	}
	cx->aggs_allowed = false;
	cx->grouping = cx->naggs > 0 || st->ngroups > 0 || st->having != NULL || st->nsets > 0;
	return grouping_check_unused(cx, st);
}

/* ---- FROM planning: filters, join order ---- */

typedef struct JoinPlan {
	BindCtx    *cx;
	FromItem   *group;
	Rel		  **rels;
	Quarry__Expr **conj;
	uint64_t   *mask;			/* items each conjunct refers to */
	bool	   *done;
	int			nconj;
} JoinPlan;

static int owner_of(const FromItem *group, int id);

/* from_owner is the index of the member of group that provides column id, or -1. */
int
from_owner(const FromItem *group, int id)
{
	return owner_of(group, id);
}

static int
owner_of(const FromItem *group, int id)
{
	for (int i = 0; i < group->nitems; i++)
		for (int r = 0; r < group->items[i]->nranges; r++)
			if (id >= group->items[i]->lo[r] && id < group->items[i]->hi[r])
				return i;
	return -1;
}

typedef struct MaskCtx {
	const FromItem *group;
	BindCtx    *cx;
	uint64_t	mask;
	bool		foreign;		/* refers to a column no item provides here */
} MaskCtx;

static void
mask_id(void *arg, int id)
{
	MaskCtx    *m = arg;
	int			o = owner_of(m->group, id);

	if (o >= 0)
		m->mask |= UINT64_C(1) << o;
	else if (colinfo(m->cx, id)->level >= m->cx->level)
		m->foreign = true;		/* e.g. a subquery's value: joined in later */
}

static uint64_t
expr_mask(JoinPlan *jp, const Quarry__Expr *e, bool *foreign)
{
	MaskCtx		m = {jp->group, jp->cx, 0, false};

	expr_ids(e, mask_id, &m);
	*foreign = m.foreign;
	return m.mask;
}

static double
selectivity(const Quarry__Expr *e)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_OP && e->op == QUARRY__EXPR_OP__OP_EQ)
		return 0.1;
	if (e->kind == QUARRY__EXPR_KIND__EXPR_OP)
		return 0.35;
	return 0.25;
}

static Rel *plan_item(BindCtx *cx, FromItem *it);

/*
 * or_restriction derives, from an OR over several items, a filter on item
 * i alone: the OR of each arm's conjuncts on i, when every arm has some.
 * The OR itself still applies at the join; the derived filter only thins
 * item i first, as PostgreSQL's extract_restriction_or_clauses does.
 */
static Quarry__Expr *
or_restriction(JoinPlan *jp, const Quarry__Expr *e, int i)
{
	BindCtx    *cx = jp->cx;
	Quarry__Expr **arms = arena_array(cx->a, Quarry__Expr *, e->n_args);

	for (size_t a = 0; a < e->n_args; a++) {
		Quarry__Expr **conj = NULL;
		int			n = 0;
		int			cap = 0;
		Quarry__Expr **mine;
		int			k = 0;

		conj_split(cx, e->args[a], &conj, &n, &cap);
		mine = arena_array(cx->a, Quarry__Expr *, n + 1);
		for (int c = 0; c < n; c++) {
			bool		foreign;

			if (expr_mask(jp, conj[c], &foreign) == (UINT64_C(1) << i) && !foreign)
				mine[k++] = conj[c];
		}
		if (k == 0)
			return NULL;
		arms[a] = bool_node(cx, QUARRY__EXPR_KIND__EXPR_AND, mine, k);
	}
	return bool_node(cx, QUARRY__EXPR_KIND__EXPR_OR, arms, (int) e->n_args);
}

/* push_or_restrictions thins items with the filters or_restriction derives. */
static bool
push_or_restrictions(JoinPlan *jp)
{
	for (int c = 0; c < jp->nconj; c++) {
		const Quarry__Expr *e = jp->conj[c];
		uint64_t	m = jp->mask[c];

		if (jp->done[c] || e->kind != QUARRY__EXPR_KIND__EXPR_OR || (m & (m - 1)) == 0)
			continue;
		for (int i = 0; i < jp->group->nitems; i++) {
			Quarry__Expr *f;

			if ((m & (UINT64_C(1) << i)) == 0 || (f = or_restriction(jp, e, i)) == NULL)
				continue;
			if (rel_filter(jp->cx, jp->rels[i], f) == NULL)
				return false;
			jp->rels[i]->rows *= 0.5;
		}
	}
	return true;
}

/* push_filters applies each single-item conjunct to its item. */
static bool
push_filters(JoinPlan *jp)
{
	for (int c = 0; c < jp->nconj; c++) {
		uint64_t	m = jp->mask[c];
		int			i;

		if (jp->done[c] || m == 0 || (m & (m - 1)) != 0)
			continue;
		i = __builtin_ctzll(m);
		if (rel_filter(jp->cx, jp->rels[i], jp->conj[c]) == NULL)
			return false;
		jp->rels[i]->rows *= selectivity(jp->conj[c]);
		jp->done[c] = true;
	}
	return true;
}

/* equi_side reports whether conjunct c is left = right with the sides in a and b. */
static bool
equi_sides(JoinPlan *jp, int c, uint64_t a, uint64_t b, Quarry__Expr **ka, Quarry__Expr **kb)
{
	const Quarry__Expr *e = jp->conj[c];
	bool		f;
	uint64_t	l;
	uint64_t	r;

	if (e->kind != QUARRY__EXPR_KIND__EXPR_OP || e->op != QUARRY__EXPR_OP__OP_EQ)
		return false;
	l = expr_mask(jp, e->args[0], &f);
	if (f)
		return false;
	r = expr_mask(jp, e->args[1], &f);
	if (f || l == 0 || r == 0)
		return false;
	if ((l & ~a) == 0 && (r & ~b) == 0) {
		*ka = e->args[0];
		*kb = e->args[1];
		return true;
	}
	if ((l & ~b) == 0 && (r & ~a) == 0) {
		*ka = e->args[1];
		*kb = e->args[0];
		return true;
	}
	return false;
}

static bool
connected(JoinPlan *jp, uint64_t cur, int i)
{
	Quarry__Expr *ka;
	Quarry__Expr *kb;

	for (int c = 0; c < jp->nconj; c++)
		if (!jp->done[c] && equi_sides(jp, c, cur, UINT64_C(1) << i, &ka, &kb))
			return true;
	return false;
}

static double
join_estimate(const Rel *probe, const Rel *build, bool keyed)
{
	if (!keyed)
		return probe->rows * build->rows;
	return probe->rows * (build->base_rows > 0 ? build->rows / build->base_rows : 1);
}

/* pick_next chooses the item to join with the set cur, or -1 when all are in. */
static int
pick_next(JoinPlan *jp, uint64_t cur, const Rel *acc)
{
	int			best = -1;
	double		best_rows = 0;
	bool		best_keyed = false;

	for (int i = 0; i < jp->group->nitems; i++) {
		bool		keyed;
		double		est;

		if (cur & (UINT64_C(1) << i))
			continue;
		keyed = connected(jp, cur, i);
		est = join_estimate(acc, jp->rels[i], keyed);
		if (best < 0 || (keyed && !best_keyed) ||
			(keyed == best_keyed && (est < best_rows ||
									 (est == best_rows && jp->rels[i]->rows < jp->rels[best]->rows)))) {
			best = i;
			best_rows = est;
			best_keyed = keyed;
		}
	}
	return best;
}

/* expr_and is a AND b; a may be NULL (then b itself). */
Quarry__Expr *
expr_and(BindCtx *cx, Quarry__Expr *a, Quarry__Expr *b)
{
	Quarry__Expr **args;

	if (a == NULL)
		return b;
	args = arena_array(cx->a, Quarry__Expr *, 2);
	args[0] = a;
	args[1] = b;
	return bool_node(cx, QUARRY__EXPR_KIND__EXPR_AND, args, 2);
}

/* join_step joins item i to acc (the set cur) with every conjunct that now applies. */
static Rel *
join_step(JoinPlan *jp, Rel *acc, uint64_t cur, int i)
{
	BindCtx    *cx = jp->cx;
	uint64_t	next = cur | (UINT64_C(1) << i);
	Quarry__Expr **ka = arena_array(cx->a, Quarry__Expr *, jp->nconj + 1);
	Quarry__Expr **kb = arena_array(cx->a, Quarry__Expr *, jp->nconj + 1);
	Quarry__Expr *residual = NULL;
	Rel		   *other = jp->rels[i];
	double		est;
	int			nkeys = 0;

	for (int c = 0; c < jp->nconj; c++) {
		if (jp->done[c] || (jp->mask[c] & ~next) != 0 || jp->mask[c] == 0)
			continue;
		jp->done[c] = true;
		if (equi_sides(jp, c, cur, UINT64_C(1) << i, &ka[nkeys], &kb[nkeys])) {
			Quarry__Expr *l = ka[nkeys];
			Quarry__Expr *r = kb[nkeys];

			if (l->type == r->type) {
				nkeys++;
				continue;
			}
		}
		residual = expr_and(cx, residual, jp->conj[c]);
	}
	est = join_estimate(acc, other, nkeys > 0);
	/* hash the smaller side */
	if (other->rows <= acc->rows)
		acc = rel_join(cx, acc, other, ka, kb, nkeys, residual, QUARRY__JOIN_TYPE__JOIN_INNER);
	else
		acc = rel_join(cx, other, acc, kb, ka, nkeys, residual, QUARRY__JOIN_TYPE__JOIN_INNER);
	if (acc != NULL) {
		acc->rows = est;
		acc->base_rows = est;
	}
	return acc;
}

typedef struct ItemOf {
	const FromItem *group;
	int			item;			/* -1: none yet; -2: several or none */
} ItemOf;

static void
item_of(void *arg, int id)
{
	ItemOf	   *io = arg;
	int			o = owner_of(io->group, id);

	if (o < 0 || (io->item >= 0 && io->item != o))
		io->item = -2;
	else if (io->item == -1)
		io->item = o;
}

/*
 * push_semijoins attaches each IN or EXISTS semi-join whose outer keys all
 * come from one item, and that is smaller than the item, to that item
 * before the joins are ordered (and takes it off *list), so the item's
 * rows are thinned before they meet the other tables: TPC-H Q18's orders
 * are cut to the 57 big orders before lineitem is joined to them.  The
 * others are attached after the joins (sublink_attach).
 */
static bool
push_semijoins(JoinPlan *jp, SubJoin **list)
{
	for (SubJoin **p = list; *p != NULL;) {
		SubJoin    *sj = *p;
		ItemOf		io = {jp->group, -1};
		Rel		   *r;
		double		rows;

		if (sj->type != QUARRY__JOIN_TYPE__JOIN_SEMI || sj->null_aware ||
			sj->residual != NULL || sj->nkeys == 0) {
			p = &sj->next;
			continue;
		}
		for (int k = 0; k < sj->nkeys; k++)
			expr_ids(sj->probe_keys[k], item_of, &io);
		if (io.item < 0 || jp->rels[io.item]->rows < sj->rel->rows) {
			p = &sj->next;
			continue;
		}
		rows = sj->rel->rows;
		r = rel_join(jp->cx, jp->rels[io.item], sj->rel, sj->probe_keys, sj->build_keys,
					 sj->nkeys, NULL, QUARRY__JOIN_TYPE__JOIN_SEMI);
		if (r == NULL)
			return false;
		r->rows = r->base_rows = rows > 1 ? rows : 1;
		jp->rels[io.item] = r;
		*p = sj->next;
	}
	return true;
}

/*
 * apply_laterals applies g's LATERAL items (the late ones: the select
 * list's set-returning functions, which may read subquery values) in
 * order to acc, the join of g's other items.
 */
static Rel *
apply_laterals(BindCtx *cx, FromItem *g, Rel *acc, bool late)
{
	for (Lateral *l = g->laterals; l != NULL && acc != NULL; l = l->next)
		if (l->late == late)
			acc = l->sub != NULL ?
				sublink_apply(cx, acc, sublink_apply_subjoin(l->sub, l->rel,
															 QUARRY__JOIN_TYPE__JOIN_INNER)) :
				rel_series(cx, acc, l->series, l->type, l->id);
	return acc;
}

static Rel *
plan_group(BindCtx *cx, FromItem *g)
{
	JoinPlan	jp = {cx, g, NULL, g->conj, NULL, NULL, g->nconj};
	Rel		   *acc;
	uint64_t	cur;
	int			start = 0;
	bool	   *foreign;
	int			k = 0;

	if (g->nitems > 64) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "more than 64 tables in one FROM");
		return NULL;
	}
	if (g->nitems == 0) {
		Quarry__PlanNode *n = plan_node_new(cx->a, 0);

		n->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
		n->one_row = arena_new(cx->a, Quarry__OneRow);
		quarry__one_row__init(n->one_row);
		acc = rel_from_plan(cx, n, NULL, 0, 1);
	} else {
		jp.rels = arena_array(cx->a, Rel *, g->nitems);
		for (int i = 0; i < g->nitems; i++)
			if ((jp.rels[i] = plan_item(cx, g->items[i])) == NULL)
				return NULL;
		acc = NULL;
	}
	jp.mask = arena_array(cx->a, uint64_t, g->nconj + 1);
	jp.done = arena_array(cx->a, bool, g->nconj + 1);
	foreign = arena_array(cx->a, bool, g->nconj + 1);
	for (int c = 0; c < g->nconj; c++) {
		jp.mask[c] = expr_mask(&jp, g->conj[c], &foreign[c]);
		/* leave conjuncts on columns joined in later for the caller */
		jp.done[c] = foreign[c];
	}
	if (g->nitems > 0) {
		if (!push_filters(&jp) || !push_or_restrictions(&jp))
			return NULL;
		if (g == cx->where_group && !push_semijoins(&jp, &cx->subjoins))
			return NULL;
		g->item_rels = jp.rels;
		for (int i = 1; i < g->nitems; i++)
			if (jp.rels[i]->rows > jp.rels[start]->rows)
				start = i;
		acc = jp.rels[start];
		cur = UINT64_C(1) << start;
		for (int n = 1; n < g->nitems && acc != NULL; n++) {
			int			i = pick_next(&jp, cur, acc);

			acc = join_step(&jp, acc, cur, i);
			cur |= UINT64_C(1) << i;
		}
		if (acc == NULL)
			return NULL;
	}
	if ((acc = apply_laterals(cx, g, acc, false)) == NULL)
		return NULL;
	/* what is left: conjuncts without columns (constants); foreign ones stay */
	for (int c = 0; c < g->nconj; c++)
		if (!jp.done[c] && jp.mask[c] == 0) {
			if ((acc = rel_filter(cx, acc, g->conj[c])) == NULL)
				return NULL;
			jp.done[c] = true;
		}
	/* keep only the foreign conjuncts in the group for select_join's caller */
	for (int c = 0; c < g->nconj; c++)
		if (foreign[c])
			g->conj[k++] = g->conj[c];
	g->nconj = k;
	return acc;
}

/* plan_left: a LEFT JOIN; ON conjuncts on the right side alone filter it. */
static Rel *
plan_left(BindCtx *cx, FromItem *it)
{
	FromItem   *l = it->items[0];
	FromItem   *r = it->items[1];
	FromItem	pair = {.kind = ITEM_GROUP, .items = it->items, .nitems = 2};
	JoinPlan	jp = {cx, &pair, NULL, it->conj, NULL, NULL, it->nconj};
	Quarry__Expr **ka = arena_array(cx->a, Quarry__Expr *, it->nconj + 1);
	Quarry__Expr **kb = arena_array(cx->a, Quarry__Expr *, it->nconj + 1);
	Quarry__Expr *residual = NULL;
	int			nkeys = 0;
	int			cap = r->nconj;
	Rel		   *lr;
	Rel		   *rr;
	Lateral    *lat;

	if (!it->full && (lat = left_lateral_of(r)) != NULL) {
		/* LEFT JOIN LATERAL (SELECT ...) ON cond: the subquery's rows that meet cond, per left row */
		Rel		   *inner = lat->rel;

		if ((lr = plan_item(cx, l)) == NULL)
			return NULL;
		for (int c = 0; c < it->nconj; c++)
			if ((inner = rel_filter(lat->sub, inner, it->conj[c])) == NULL)
				return NULL;
		return sublink_apply(cx, lr, sublink_apply_subjoin(lat->sub, inner, QUARRY__JOIN_TYPE__JOIN_LEFT));
	}
	jp.done = arena_array(cx->a, bool, it->nconj + 1);
	jp.mask = arena_array(cx->a, uint64_t, it->nconj + 1);
	for (int c = 0; c < it->nconj; c++) {
		bool		foreign;

		jp.mask[c] = expr_mask(&jp, it->conj[c], &foreign);
		if (jp.mask[c] == 2 && !foreign && !it->full)
			conj_split(cx, it->conj[c], &r->conj, &r->nconj, &cap);
		else if (!foreign && equi_sides(&jp, c, 1, 2, &ka[nkeys], &kb[nkeys]) &&
				 ka[nkeys]->type == kb[nkeys]->type)
			nkeys++;
		else
			residual = expr_and(cx, residual, it->conj[c]);
	}
	if ((lr = plan_item(cx, l)) == NULL || (rr = plan_item(cx, r)) == NULL)
		return NULL;
	/* subqueries of the ON clause: joined to the side they read first */
	if (cx->subjoins != NULL &&
		((rr = sublink_attach_for(cx, rr, &cx->subjoins, it->conj, it->nconj)) == NULL ||
		 (lr = sublink_attach_for(cx, lr, &cx->subjoins, it->conj, it->nconj)) == NULL))
		return NULL;
	return rel_join(cx, lr, rr, ka, kb, nkeys, residual,
					it->full ? QUARRY__JOIN_TYPE__JOIN_FULL : QUARRY__JOIN_TYPE__JOIN_LEFT);
}

static Rel *
plan_item(BindCtx *cx, FromItem *it)
{
	switch (it->kind) {
		case ITEM_REL:
			return it->rel;
		case ITEM_LEFT:
			return plan_left(cx, it);
		default:
			{
				Rel		   *r = plan_group(cx, it);

				if (r != NULL && it->nconj > 0) {
					err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
							"this subquery reference inside a JOIN is not supported yet");
					return NULL;
				}
				return r;
			}
	}
}

/*
 * defer_post_subjoins moves the subqueries of the select list and ORDER BY
 * of an aggregating SELECT to those joined after the aggregate, with
 * HAVING's: they are computed once per group, over its group columns.
 */
static void
defer_post_subjoins(BindCtx *cx)
{
	SubJoin   **p = &cx->subjoins;

	while (*p != NULL) {
		SubJoin    *sj = *p;

		if (!sj->post) {
			p = &sj->next;
			continue;
		}
		*p = sj->next;
		sj->next = cx->having_subjoins;
		cx->having_subjoins = sj;
	}
}

/* select_join plans the FROM group; its conjuncts on subquery values are
 * applied once those subqueries are joined in. */
Rel *
select_join(BindCtx *cx, FromItem *group)
{
	Rel		   *r;

	cx->where_group = group;	/* its WHERE's semi-joins may go to one item */
	r = plan_group(cx, group);
	cx->where_group = NULL;
	if (r == NULL)
		return NULL;
	if (cx->grouping)
		defer_post_subjoins(cx);
	if ((r = sublink_attach(cx, r, cx->subjoins, group)) == NULL ||
		(r = apply_laterals(cx, group, r, true)) == NULL)
		return NULL;
	for (int c = 0; c < group->nconj; c++)
		if ((r = rel_filter(cx, r, group->conj[c])) == NULL)
			return NULL;
	return r;
}

/* ---- aggregate, select list, ORDER BY, LIMIT ---- */

typedef struct AggMap {
	Quarry__Expr **groups;
	int			ngroups;
	int		   *group_ids;
	int		   *agg_ids;
	int		   *absent_ids;		/* GROUPING SETS: 1 where a set leaves a group out */
} AggMap;

/*
 * agg_rewrite turns an expression over the input into one over the
 * Aggregate's output, or fails with 42803 on an ungrouped column.
 */
static Quarry__Expr *
agg_rewrite(BindCtx *cx, Quarry__Expr *e, const AggMap *m)
{
	Quarry__Expr *c;

	for (int g = 0; g < m->ngroups; g++)
		if (expr_equal(e, m->groups[g]))
			return expr_column(cx->a, m->group_ids[g], (TypeId) e->type);
	if (e->kind == EXPR_AGGREF)
		return expr_column(cx->a, m->agg_ids[e->column], (TypeId) e->type);
	if (e->kind == EXPR_GROUPING)
		return grouping_rewrite(cx, e, m->groups, m->ngroups, m->absent_ids);
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		ColInfo    *ci = colinfo(cx, e->column);

		if (ci->level == cx->level && ci->from_item) {
			err_set(cx->err, ERRCODE_GROUPING_ERROR,
					"column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function",
					ci->qual, ci->name);
			cx->err->position = e->location;
			return NULL;
		}
		return e;
	}
	c = arena_memdup(cx->a, e, sizeof(*e));
	if (e->n_args > 0) {
		c->args = arena_array(cx->a, Quarry__Expr *, e->n_args);
		for (size_t i = 0; i < e->n_args; i++)
			if ((c->args[i] = agg_rewrite(cx, e->args[i], m)) == NULL)
				return NULL;
	}
	return c;
}

/* agg_rewrite_any is agg_rewrite for window_rewrite_calls (window.c). */
static Quarry__Expr *
agg_rewrite_any(BindCtx *cx, Quarry__Expr *e, const void *m)
{
	return agg_rewrite(cx, e, m);
}

static Rel *
plan_aggregate(BindCtx *cx, SelectState *st, Rel *r, Quarry__Expr **extra, int nextra)
{
	int			ng = nextra + st->ngroups;
	AggMap		m = {arena_array(cx->a, Quarry__Expr *, ng + 1), ng,
	arena_array(cx->a, int, ng + 1), arena_array(cx->a, int, cx->naggs + 1), NULL};
	Quarry__Aggregate *agg = arena_new(cx->a, Quarry__Aggregate);
	Quarry__PlanNode *n;
	int		   *ids = arena_array(cx->a, int, ng + cx->naggs + ng + 1);
	int			nids = ng + cx->naggs;
	double		rows = r->rows / 10 + 1;

	if (nextra > 0)
		memcpy(m.groups, extra, sizeof(Quarry__Expr *) * nextra);
	if (st->ngroups > 0)
		memcpy(m.groups + nextra, st->groups, sizeof(Quarry__Expr *) * st->ngroups);
	rel_materialize(cx, r);
	quarry__aggregate__init(agg);
	agg->input = r->plan;
	agg->n_group_by = ng;
	agg->group_by = arena_array(cx->a, Quarry__Expr *, ng + 1);
	agg->n_aggs = cx->naggs;
	agg->aggs = arena_array(cx->a, Quarry__AggCall *, cx->naggs + 1);
	n = plan_node_new(cx->a, ng + cx->naggs);
	for (int g = 0; g < ng; g++) {
		if ((agg->group_by[g] = rel_expr(cx, r, m.groups[g])) == NULL)
			return NULL;
		n->output_types[g] = m.groups[g]->type;
		ids[g] = m.group_ids[g] = colinfo_new(cx, "?group?", (TypeId) m.groups[g]->type, -1);
	}
	for (int i = 0; i < cx->naggs; i++) {
		Quarry__AggCall *call = arena_memdup(cx->a, cx->aggs[i], sizeof(Quarry__AggCall));

		if (call->arg != NULL && (call->arg = rel_expr(cx, r, call->arg)) == NULL)
			return NULL;
		if (call->filter != NULL && (call->filter = rel_expr(cx, r, call->filter)) == NULL)
			return NULL;
		if (call->arg2 != NULL && (call->arg2 = rel_expr(cx, r, call->arg2)) == NULL)
			return NULL;
		agg->aggs[i] = call;
		n->output_types[ng + i] = call->type;
		ids[ng + i] = m.agg_ids[i] = colinfo_new(cx, "?agg?", (TypeId) call->type, -1);
	}
	if (cx->nagg_order > 0) {
		/* string_agg(... ORDER BY col): the input is sorted so first */
		agg->n_input_order = (size_t) cx->nagg_order;
		agg->input_order = arena_array(cx->a, Quarry__SortKey *, cx->nagg_order);
		for (int k = 0; k < cx->nagg_order; k++) {
			Quarry__Expr *e = rel_expr(cx, r, cx->agg_order[k]);
			Quarry__SortKey *sk = arena_new(cx->a, Quarry__SortKey);

			if (e == NULL)
				return NULL;
			quarry__sort_key__init(sk);
			sk->column = e->column;
			sk->descending = cx->agg_order_desc[k];
			sk->nulls_first = cx->agg_order_nulls_first[k];
			agg->input_order[k] = sk;
		}
	}
	n->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	n->aggregate = agg;
	if (st->nsets > 0) {
		/* GROUPING SETS: one Aggregate per set, appended (planner/grouping.c) */
		if (nextra > 0) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					"GROUPING SETS in a correlated subquery are not supported yet");
			return NULL;
		}
		n = grouping_union(cx, st, n);
		m.absent_ids = ids + nids;
		for (int g = 0; g < ng; g++)
			m.absent_ids[g] = colinfo_new(cx, "?absent?", TYPE_INT4, -1);
		nids += ng;
		rows *= st->nsets;
	}
	for (int t = 0; t < st->ntargets; t++)
		if ((st->targets[t].expr = agg_rewrite(cx, st->targets[t].expr, &m)) == NULL)
			return NULL;
	if (st->having != NULL && (st->having = agg_rewrite(cx, st->having, &m)) == NULL)
		return NULL;
	/* subqueries joined after the aggregate read its group columns */
	for (SubJoin *sj = cx->having_subjoins; sj != NULL; sj = sj->next) {
		for (int k = 0; k < sj->nkeys; k++)
			if ((sj->probe_keys[k] = agg_rewrite(cx, sj->probe_keys[k], &m)) == NULL)
				return NULL;
		if (sj->residual != NULL && (sj->residual = agg_rewrite(cx, sj->residual, &m)) == NULL)
			return NULL;
		if (sj->apply && sj->nparams > 0) {
			sj->param_exprs = arena_array(cx->a, Quarry__Expr *, sj->nparams);
			for (int k = 0; k < sj->nparams; k++) {
				int			id = sj->param_ids[k];

				sj->param_exprs[k] = agg_rewrite(cx, expr_column(cx->a, id, colinfo(cx, id)->type), &m);
				if (sj->param_exprs[k] == NULL)
					return NULL;
			}
		}
	}
	if (!window_rewrite_calls(cx, agg_rewrite_any, &m))
		return NULL;
	return rel_from_plan(cx, n, ids, nids, rows);
}

static Quarry__PlanNode *
wrap(BindCtx *cx, Quarry__PlanNode *input, Quarry__PlanNode__NodeCase kind)
{
	Quarry__PlanNode *n = plan_node_new(cx->a, (int) input->n_output_types);

	memcpy(n->output_types, input->output_types, sizeof(int32_t) * input->n_output_types);
	n->node_case = kind;
	return n;
}

static bool
limit_value(BindCtx *cx, const PgQuery__Node *node, const char *what, int64_t *out)
{
	Quarry__Expr *e;
	Value		v;

	cx->win_clause = what;
	e = bind_expr(cx, node);
	cx->win_clause = NULL;
	if (e == NULL)
		return false;
	if (!expr_const_value(e, &v) || (!v.is_null && !type_is_integer(v.type)))
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "%s must be an integer constant", what);
	if (v.is_null) {
		*out = -1;
		return true;
	}
	if (v.u.i < 0)
		return err_set(cx->err, "2201W", "%s must not be negative", what);
	*out = v.u.i;
	return true;
}

Rel *
select_sort_limit(BindCtx *cx, SelectState *st, Rel *r)
{
	const PgQuery__SelectStmt *s = st->s;
	Quarry__PlanNode *n = r->plan;

	if (s->n_sort_clause > 0) {
		Quarry__PlanNode *sort = wrap(cx, n, QUARRY__PLAN_NODE__NODE_SORT);

		sort->sort = arena_new(cx->a, Quarry__Sort);
		quarry__sort__init(sort->sort);
		sort->sort->input = n;
		sort->sort->n_keys = s->n_sort_clause;
		sort->sort->keys = st->keys;
		n = sort;
	}
	if (s->limit_count != NULL || s->limit_offset != NULL) {
		Quarry__PlanNode *lim = wrap(cx, n, QUARRY__PLAN_NODE__NODE_LIMIT);

		lim->limit = arena_new(cx->a, Quarry__Limit);
		quarry__limit__init(lim->limit);
		lim->limit->input = n;
		lim->limit->count = -1;
		if ((s->limit_count && !limit_value(cx, s->limit_count, "LIMIT", &lim->limit->count)) ||
			(s->limit_offset && !limit_value(cx, s->limit_offset, "OFFSET", &lim->limit->offset)))
			return NULL;
		if (lim->limit->offset < 0)
			lim->limit->offset = 0;
		n = lim;
	}
	r->plan = n;
	return r;
}

/* select_distinct groups the visible targets (SELECT DISTINCT). */
Rel *
select_distinct(BindCtx *cx, Rel *r, int nvisible)
{
	Quarry__PlanNode *n = plan_node_new(cx->a, nvisible);
	Quarry__Aggregate *agg = arena_new(cx->a, Quarry__Aggregate);

	quarry__aggregate__init(agg);
	agg->input = r->plan;
	agg->n_group_by = nvisible;
	agg->group_by = arena_array(cx->a, Quarry__Expr *, nvisible + 1);
	for (int i = 0; i < nvisible; i++) {
		agg->group_by[i] = expr_column(cx->a, i, (TypeId) r->plan->output_types[i]);
		n->output_types[i] = r->plan->output_types[i];
	}
	n->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	n->aggregate = agg;
	r->plan = n;
	return r;
}

/*
 * select_finish plans what comes after FROM and WHERE.  extra (over the
 * input's ids) are grouped by and output first: a correlated scalar
 * subquery's keys.  The result's ids are the outputs, then hidden sort keys
 * are dropped.
 */
Rel *
select_finish(BindCtx *cx, SelectState *st, Rel *r, Quarry__Expr **extra, int nextra)
{
	int			nout = nextra + st->ntargets;
	Quarry__Expr **exprs = arena_array(cx->a, Quarry__Expr *, nout + 1);
	int		   *ids = arena_array(cx->a, int, nout + 1);

	if (nextra > 0 || cx->naggs > 0 || st->ngroups > 0 || st->having != NULL || st->nsets > 0) {
		if ((r = plan_aggregate(cx, st, r, extra, nextra)) == NULL)
			return NULL;
		for (int i = 0; i < nextra; i++)
			extra[i] = expr_column(cx->a, r->ids[i], (TypeId) extra[i]->type);
		if ((r = sublink_attach(cx, r, cx->having_subjoins, NULL)) == NULL)
			return NULL;
		if (st->having != NULL && (r = rel_filter(cx, r, st->having)) == NULL)
			return NULL;
	}
	if (cx->nwins > 0) {
		/* window functions: after GROUP BY and HAVING, before DISTINCT and ORDER BY */
		if (nextra > 0) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					"window functions in a correlated subquery are not supported yet");
			return NULL;
		}
		if ((r = window_plan(cx, st, r)) == NULL)
			return NULL;
	}
	for (int i = 0; i < nout; i++) {
		exprs[i] = i < nextra ? extra[i] : st->targets[i - nextra].expr;
		ids[i] = colinfo_new(cx, i < nextra ? "?key?" : st->targets[i - nextra].name,
							 (TypeId) exprs[i]->type, -1);
	}
	/* sort keys refer to target positions; shift them past the extras */
	for (size_t k = 0; k < st->s->n_sort_clause; k++)
		st->keys[k]->column += nextra;
	if ((r = rel_project(cx, r, exprs, nout, ids)) == NULL)
		return NULL;
	if (st->ndistinct_on > 0) {
		if ((r = distinct_on(cx, st, r, nextra)) == NULL)
			return NULL;
	} else if (st->s->n_distinct_clause > 0 && (r = select_distinct(cx, r, nout)) == NULL)
		return NULL;
	if ((r = select_sort_limit(cx, st, r)) == NULL)
		return NULL;
	if (st->ntargets > st->nvisible) {
		int			nvis = nextra + st->nvisible;
		Quarry__Expr **cols = arena_array(cx->a, Quarry__Expr *, nvis + 1);

		for (int i = 0; i < nvis; i++)
			cols[i] = expr_column(cx->a, r->ids[i], (TypeId) r->plan->output_types[i]);
		r = rel_project(cx, r, cols, nvis, r->ids);
	}
	return r;
}

/* select_plan binds and plans a whole SELECT at cx's level. */
Rel *
select_plan(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	Rel		   *r;

	if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		if (s->with_clause != NULL && !cte_push_scope(cx, s->with_clause))
			return NULL;		/* WITH ... SELECT ... UNION ...: for both sides */
		return setop_plan(cx, s, st);
	}
	if (s->n_values_lists > 0)
		return values_plan(cx, s, st);	/* setop.c */
	if (!select_bind(cx, s, st) || (r = select_join(cx, st->from)) == NULL)
		return NULL;
	return select_finish(cx, st, r, NULL, 0);
}
