/*
 * sublink.c
 *	  Subqueries in expressions, decorrelated into joins.
 *
 *	    [NOT] EXISTS (...)         a SEMI (ANTI) join; the subquery's WHERE
 *	                               conjuncts that mention outer columns become
 *	                               the join's keys (equalities) and residual
 *	    x [NOT] IN (SELECT y ...)  a SEMI (null-aware ANTI) join on x = y
 *	    (SELECT agg ...)           uncorrelated: a one-row relation cross-
 *	                               joined in; correlated by equalities: the
 *	                               subquery grouped by its side of them, then
 *	                               LEFT-joined on them
 *
 *	  Each becomes a SubJoin on the BindCtx; select.c attaches them after
 *	  the FROM clause (WHERE) or after the aggregate (HAVING).
 *
 *	  A correlated subquery these shapes do not fit (a correlation that is
 *	  not an equality, ORDER BY ... LIMIT per outer row, an outer column in
 *	  a FROM function's arguments or deeper in a nested subquery) is
 *	  planned again as an Apply: the subquery's plan reads the outer
 *	  columns as params and runs once per outer row (exec/op_apply.c).
 */
#include "planner/bind_int.h"

#include <string.h>

#include "common/planwalk.h"

static void
push_subjoin(BindCtx *cx, SubJoin *sj)
{
	SubJoin   **list = cx->in_having ? &cx->having_subjoins : &cx->subjoins;

	/* the select list's and ORDER BY's: joined after the aggregate, if any */
	sj->post = cx->aggs_allowed && !cx->in_agg_arg && !cx->in_having;
	while (*list != NULL)
		list = &(*list)->next;
	*list = sj;
}

typedef struct LevelCheck {
	BindCtx    *cx;
	int			level;
	bool		inner;			/* refers to the subquery's own columns */
	bool		outer;			/* refers to enclosing levels */
} LevelCheck;

static void
check_id(void *arg, int id)
{
	LevelCheck *lc = arg;

	if (colinfo(lc->cx, id)->level >= lc->level)
		lc->inner = true;
	else
		lc->outer = true;
}

static void
levels_of(BindCtx *sub, const Quarry__Expr *e, bool *inner, bool *outer)
{
	LevelCheck	lc = {sub, sub->level, false, false};

	expr_ids(e, check_id, &lc);
	*inner = lc.inner;
	*outer = lc.outer;
}

/*
 * Correlation: the subquery's WHERE conjuncts that mention outer columns,
 * taken out of its FROM group.  Equalities of an inner and an outer side
 * become key pairs; the rest the residual.
 */
typedef struct Correlation {
	Quarry__Expr **outer_keys;
	Quarry__Expr **inner_keys;
	int			nkeys;
	Quarry__Expr *residual;
	int			nresidual;
} Correlation;

static bool
key_pair(BindCtx *sub, Quarry__Expr *e, Correlation *co)
{
	bool		li,
				lo,
				ri,
				ro;

	if (e->kind != QUARRY__EXPR_KIND__EXPR_OP || e->op != QUARRY__EXPR_OP__OP_EQ)
		return false;
	levels_of(sub, e->args[0], &li, &lo);
	levels_of(sub, e->args[1], &ri, &ro);
	if (li && !lo && ro && !ri) {
		co->inner_keys[co->nkeys] = e->args[0];
		co->outer_keys[co->nkeys++] = e->args[1];
		return true;
	}
	if (ri && !ro && lo && !li) {
		co->inner_keys[co->nkeys] = e->args[1];
		co->outer_keys[co->nkeys++] = e->args[0];
		return true;
	}
	return false;
}

static void
extract_correlation(BindCtx *sub, FromItem *group, Correlation *co)
{
	int			k = 0;

	co->outer_keys = arena_array(sub->a, Quarry__Expr *, group->nconj + 2);
	co->inner_keys = arena_array(sub->a, Quarry__Expr *, group->nconj + 2);
	for (int c = 0; c < group->nconj; c++) {
		bool		inner;
		bool		outer;

		levels_of(sub, group->conj[c], &inner, &outer);
		if (!outer) {
			group->conj[k++] = group->conj[c];
			continue;
		}
		if (!key_pair(sub, group->conj[c], co)) {
			co->residual = expr_and(sub, co->residual, group->conj[c]);
			co->nresidual++;
		}
	}
	group->nconj = k;
}

static bool
is_aggregated(BindCtx *sub, const SelectState *st)
{
	const PgQuery__SelectStmt *s = st->s;

	return sub->naggs > 0 || st->ngroups > 0 || st->having != NULL ||
		s->n_distinct_clause > 0 || s->limit_count != NULL || s->limit_offset != NULL;
}

static const PgQuery__SelectStmt *plain_select(BindCtx *cx, const PgQuery__SubLink *sl);

/*
 * An IN subquery's test: one expression, or for (a, b) IN (SELECT x, y)
 * an EXPR_TEST_ROW whose args are the row's bound elements.
 */
#define EXPR_TEST_ROW ((Quarry__ExprKind) 121)

static Quarry__Expr *
bind_test(BindCtx *cx, const PgQuery__Node *node)
{
	const PgQuery__RowExpr *row;
	Quarry__Expr *e;

	if (node->node_case != PG_QUERY__NODE__NODE_ROW_EXPR)
		return bind_expr(cx, node);
	row = node->row_expr;
	e = arena_new(cx->a, Quarry__Expr);
	quarry__expr__init(e);
	e->kind = EXPR_TEST_ROW;
	e->n_args = row->n_args;
	e->args = arena_array(cx->a, Quarry__Expr *, row->n_args + 1);
	for (size_t i = 0; i < row->n_args; i++)
		if ((e->args[i] = bind_expr(cx, row->args[i])) == NULL)
			return NULL;
	return e;
}

static int
test_width(const Quarry__Expr *test)
{
	return test->kind == EXPR_TEST_ROW ? (int) test->n_args : 1;
}

static Quarry__Expr *
test_item(Quarry__Expr *test, int k)
{
	return test->kind == EXPR_TEST_ROW ? test->args[k] : test;
}

/* plan_exists plans an EXISTS / IN subquery as a SubJoin (without its type). */
static SubJoin *
plan_semi(BindCtx *cx, const PgQuery__SubLink *sl, Quarry__Expr *test, bool anti,
		  bool *correlated)
{
	BindCtx    *sub = bind_child(cx, false);
	SelectState st;
	Correlation co = {0};
	SubJoin    *sj = arena_new(cx->a, SubJoin);
	Rel		   *r;
	bool		ok;

	*correlated = false;

	/* EXISTS ignores its select list: SELECT * must not make scans read everything */
	sub->star_unused = test == NULL;
	if (sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return NULL;
	ok = select_bind(sub, plain_select(cx, sl), &st);
	*correlated = sub->correlated;
	if (!ok)
		return NULL;
	/* an aggregated or limited EXISTS does project its select list */
	if (sub->star_unused && is_aggregated(sub, &st))
		for (int i = 0; i < st.ntargets; i++)
			if (st.targets[i].origin >= 0)
				colinfo(sub, st.targets[i].origin)->used = true;
	extract_correlation(sub, st.from, &co);
	if (co.nkeys + co.nresidual > 0 && is_aggregated(sub, &st)) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"correlated EXISTS and IN subqueries with aggregates are not supported yet");
		return NULL;
	}
	if ((r = select_join(sub, st.from)) == NULL)
		return NULL;
	if (test != NULL || is_aggregated(sub, &st)) {
		if ((r = select_finish(sub, &st, r, NULL, 0)) == NULL)
			return NULL;
	}
	sj->rel = r;
	sj->nkeys = co.nkeys;
	sj->probe_keys = co.outer_keys;
	sj->build_keys = co.inner_keys;
	sj->residual = co.residual;
	sj->type = anti ? QUARRY__JOIN_TYPE__JOIN_ANTI : QUARRY__JOIN_TYPE__JOIN_SEMI;
	if (test != NULL) {
		int			ntest = test_width(test);

		if (st.nvisible != ntest) {
			err_set(cx->err, ERRCODE_SYNTAX_ERROR, st.nvisible > ntest ?
					"subquery has too many columns" : "subquery has too few columns");
			cx->err->position = sl->location + 1;
			return NULL;
		}
		if (co.nresidual > 0 && !anti) {
			/* the select list is all that is left of the subquery's rows (Apply) */
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					"IN subqueries with correlations other than equalities are not supported yet");
			return NULL;
		}
		if (anti && co.nkeys + co.nresidual > 0) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "correlated NOT IN is not supported yet");
			return NULL;
		}
		if (ntest > 1) {
			Quarry__Expr **probe = arena_array(cx->a, Quarry__Expr *, sj->nkeys + ntest + 1);
			Quarry__Expr **build = arena_array(cx->a, Quarry__Expr *, sj->nkeys + ntest + 1);

			memcpy(probe, sj->probe_keys, sizeof(Quarry__Expr *) * sj->nkeys);
			memcpy(build, sj->build_keys, sizeof(Quarry__Expr *) * sj->nkeys);
			sj->probe_keys = probe;
			sj->build_keys = build;
		}
		for (int k = 0; k < ntest; k++) {
			Quarry__Expr *y = expr_column(cx->a, r->ids[k], (TypeId) r->plan->output_types[k]);
			Quarry__Expr *pair[2] = {test_item(test, k), y};

			if (!bind_common_pair(cx, pair, sl->location))
				return NULL;
			sj->probe_keys[sj->nkeys] = pair[0];
			sj->build_keys[sj->nkeys++] = pair[1];
		}
		sj->null_aware = anti;
	}
	return sj;
}

/* ---- Apply: a subquery run once per outer row ---- */

typedef struct ParamSet {
	BindCtx    *sub;
	int		   *ids;
	int			n;
	int			cap;
} ParamSet;

/* collect_param notes a param of the subquery's own Apply (not a nested one's). */
static void
collect_param(Quarry__Expr *e, void *arg)
{
	ParamSet   *ps = arg;

	if (colinfo(ps->sub, e->column)->level >= ps->sub->level)
		return;
	for (int i = 0; i < ps->n; i++)
		if (ps->ids[i] == e->column)
			return;
	if (ps->n == ps->cap) {
		int			cap = ps->cap ? ps->cap * 2 : 8;
		int		   *grown = arena_array(ps->sub->a, int, cap);

		if (ps->n > 0)
			memcpy(grown, ps->ids, sizeof(int) * ps->n);
		ps->ids = grown;
		ps->cap = cap;
	}
	ps->ids[ps->n++] = e->column;
}

/* apply_child: the context of a subquery planned to run per outer row. */
static BindCtx *
apply_child(BindCtx *cx)
{
	BindCtx    *sub = bind_child(cx, false);

	sub->param_below = sub->level;	/* enclosing columns become params */
	return sub;
}

/*
 * sublink_apply_subjoin makes r, planned in sub (apply_child, or a LATERAL
 * subquery's context), a SubJoin run per outer row.
 */
SubJoin *
sublink_apply_subjoin(BindCtx *sub, Rel *r, Quarry__JoinType type)
{
	SubJoin    *sj = arena_new(sub->a, SubJoin);
	ParamSet	ps = {sub, NULL, 0, 0};

	rel_materialize(sub, r);
	plan_params(&r->plan->base, collect_param, &ps);
	sj->rel = r;
	sj->apply = true;
	sj->param_ids = ps.ids;
	sj->nparams = ps.n;
	sj->type = type;
	return sj;
}

/*
 * apply_semi: [NOT] EXISTS and [NOT] IN as an Apply SEMI (ANTI).  For IN,
 * the subquery's rows are filtered by test = y; NOT IN keeps the rows
 * where that is true or NULL (COALESCE(test = y, true)), so a NULL
 * comparison makes the outer row fail as PostgreSQL's NOT IN does.
 */
static SubJoin *
apply_semi(BindCtx *cx, const PgQuery__SubLink *sl, Quarry__Expr *test, bool anti)
{
	BindCtx    *sub = apply_child(cx);
	SelectState st;
	Rel		   *r;

	if ((r = select_plan(sub, sl->subselect->select_stmt, &st)) == NULL)
		return NULL;
	if (test != NULL) {
		Quarry__Expr *eq = NULL;
		Value		yes = {.type = TYPE_BOOL, .u.b = true};
		int			ntest = test_width(test);

		if (st.nvisible != ntest) {
			err_set(cx->err, ERRCODE_SYNTAX_ERROR, st.nvisible > ntest ?
					"subquery has too many columns" : "subquery has too few columns");
			cx->err->position = sl->location + 1;
			return NULL;
		}
		for (int k = 0; k < ntest; k++) {
			/* a row: the ANDed pairs, NULL when no pair is false and one is NULL */
			Quarry__Expr *pair[2] = {test_item(test, k), NULL};
			Quarry__Expr *one;

			pair[1] = expr_column(cx->a, r->ids[k], (TypeId) r->plan->output_types[k]);
			if (!bind_common_pair(cx, pair, sl->location))
				return NULL;
			one = expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_OP, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL,
							pair[0], pair[1]);
			eq = eq == NULL ? one : expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_AND,
											  QUARRY__EXPR_OP__OP_NONE, TYPE_BOOL, eq, one);
		}
		if (anti)
			eq = expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_COALESCE, QUARRY__EXPR_OP__OP_NONE,
						   TYPE_BOOL, eq, expr_const(cx->a, &yes));
		if ((r = rel_filter(sub, r, eq)) == NULL)
			return NULL;
	}
	return sublink_apply_subjoin(sub, r, anti ? QUARRY__JOIN_TYPE__JOIN_ANTI : QUARRY__JOIN_TYPE__JOIN_SEMI);
}

/* single_row: r as a scalar subquery's one row (NULLs for none, 21000 for more). */
static Rel *
single_row(BindCtx *cx, Rel *r)
{
	Quarry__PlanNode *one = plan_node_new(cx->a, (int) r->plan->n_output_types);

	memcpy(one->output_types, r->plan->output_types, sizeof(int32_t) * r->plan->n_output_types);
	one->node_case = QUARRY__PLAN_NODE__NODE_SINGLE_ROW;
	one->single_row = arena_new(cx->a, Quarry__SingleRow);
	quarry__single_row__init(one->single_row);
	one->single_row->input = r->plan;
	r->plan = one;
	r->rows = 1;
	return r;
}

/* apply_scalar: (SELECT ...) as a value, run once per outer row. */
static Quarry__Expr *
apply_scalar(BindCtx *cx, const PgQuery__SubLink *sl)
{
	BindCtx    *sub = apply_child(cx);
	SelectState st;
	Rel		   *r;
	int			value;

	if ((r = select_plan(sub, sl->subselect->select_stmt, &st)) == NULL)
		return NULL;
	if (st.nvisible != 1) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "subquery must return only one column");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	rel_materialize(sub, r);
	push_subjoin(cx, sublink_apply_subjoin(sub, single_row(cx, r), QUARRY__JOIN_TYPE__JOIN_INNER));
	value = r->ids[0];
	colinfo(cx, value)->level = cx->level;
	return expr_column(cx->a, value, colinfo(cx, value)->type);
}

/* retry_as_apply: a correlated subquery decorrelation gave up on (0A000) is planned as an Apply. */
static bool
retry_as_apply(BindCtx *cx, bool correlated)
{
	if (!correlated || strcmp(cx->err->sqlstate, ERRCODE_FEATURE_NOT_SUPPORTED) != 0)
		return false;
	err_clear(cx->err);
	return true;
}

static bool
is_sublink(const PgQuery__Node *n, PgQuery__SubLinkType type)
{
	return n->node_case == PG_QUERY__NODE__NODE_SUB_LINK && n->sub_link->sub_link_type == type;
}

/*
 * sublink_conjunct handles a WHERE conjunct that is [NOT] EXISTS or
 * [NOT] IN (subquery); *handled is false for any other conjunct.
 */
bool
sublink_conjunct(BindCtx *cx, const PgQuery__Node *node, bool *handled)
{
	bool		anti = false;
	const PgQuery__SubLink *sl;
	Quarry__Expr *test = NULL;
	SubJoin    *sj;
	bool		correlated;

	*handled = false;
	if (node->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
		node->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR &&
		node->bool_expr->n_args == 1) {
		anti = true;
		node = node->bool_expr->args[0];
	}
	if (!is_sublink(node, PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) &&
		!is_sublink(node, PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK))
		return true;
	sl = node->sub_link;
	if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK) {
		if (sl->n_oper_name > 0 && !(sl->n_oper_name == 1 &&
									 strcmp(sl->oper_name[0]->string->sval, "=") == 0))
			return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "ANY/SOME with operators other than = is not supported yet");
		if ((test = bind_test(cx, sl->testexpr)) == NULL)
			return false;
	}
	if (anti && test != NULL && test_width(test) > 1) {
		/* (a, b) NOT IN (SELECT ...): NULL pairs need the Apply's COALESCE(row =, true) */
		if ((sj = apply_semi(cx, sl, test, anti)) == NULL)
			return false;
	} else if ((sj = plan_semi(cx, sl, test, anti, &correlated)) == NULL) {
		if (!retry_as_apply(cx, correlated) || (sj = apply_semi(cx, sl, test, anti)) == NULL)
			return false;
	}
	push_subjoin(cx, sj);
	*handled = true;
	return true;
}

/*
 * count_default: a correlated subquery that is a count is LEFT-joined, so
 * an outer row no group matches would see NULL; its count is 0.
 */
static Quarry__Expr *
count_default(BindCtx *cx, Quarry__Expr *value, bool counted)
{
	Value		zero = {.type = TYPE_INT8};

	if (!counted)
		return value;
	return expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_COALESCE, QUARRY__EXPR_OP__OP_NONE, TYPE_INT8,
					 value, expr_const(cx->a, &zero));
}

/*
 * ---- a correlated lookup: (SELECT x FROM ... WHERE inner = outer ...) ----
 *
 * Catalog queries (psql's \d, pgjdbc, SQLAlchemy) look one value up per
 * outer row with a subquery that is not an aggregate.  It is planned as the
 * aggregate case is, with min(x) grouped by the inner keys, so an outer
 * row joins at most one row (PostgreSQL's 21000 for several rows is not
 * raised: one of them is taken).  A residual conjunct of outer columns
 * alone guards the value (CASE WHEN ... THEN x END); one that mixes levels
 * is rewritten over the inner keys its outer columns equal and filters the
 * subquery's rows.  Without keys, a subquery whose only correlation is
 * such a guard is planned uncorrelated.  Anything else stays 0A000.
 */

typedef struct KeySubst {
	const Correlation *co;
	bool		ok;
} KeySubst;

/* subst_outer copies e with each outer key column replaced by its inner key. */
static Quarry__Expr *
subst_outer(BindCtx *sub, const Quarry__Expr *e, KeySubst *ks)
{
	Quarry__Expr *c = arena_memdup(sub->a, e, sizeof(*e));

	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN && colinfo(sub, e->column)->level < sub->level) {
		for (int k = 0; k < ks->co->nkeys; k++) {
			const Quarry__Expr *o = ks->co->outer_keys[k];

			if (o->kind == QUARRY__EXPR_KIND__EXPR_COLUMN && o->column == e->column &&
				o->type == ks->co->inner_keys[k]->type)
				return ks->co->inner_keys[k];
		}
		ks->ok = false;
		return c;
	}
	if (e->n_args > 0) {
		c->args = arena_array(sub->a, Quarry__Expr *, e->n_args);
		for (size_t i = 0; i < e->n_args; i++)
			c->args[i] = subst_outer(sub, e->args[i], ks);
	}
	return c;
}

/*
 * lookup_correlation turns a non-aggregate correlated subquery into the
 * aggregate form: min() of its value; *guard gets the outer-only residual.
 * False (nothing changed) when it does not fit.
 */
static bool
lookup_correlation(BindCtx *cx, BindCtx *sub, SelectState *st, Correlation *co,
				   Quarry__Expr **guard)
{
	Quarry__Expr **conj = NULL;
	int			n = 0;
	int			cap = 0;
	Quarry__Expr **moved;
	int			nmoved = 0;
	Quarry__AggCall *call;
	Quarry__Expr *ref;
	Quarry__Expr *value = st->targets[0].expr;

	if (sub->naggs > 0 || st->ngroups > 0 || st->having != NULL ||
		st->s->limit_count != NULL || st->s->limit_offset != NULL ||
		st->s->n_distinct_clause > 0 || st->ntargets != 1 || value->type == TYPE_UNKNOWN)
		return false;
	*guard = NULL;
	{
		bool		inner;
		bool		outer;

		levels_of(sub, value, &inner, &outer);
		if (outer)
			return false;		/* the value itself reads outer columns */
	}
	if (co->residual != NULL)
		conj_split(cx, co->residual, &conj, &n, &cap);
	if (co->nkeys == 0) {
		/* only conjuncts of outer columns: an uncorrelated subquery, guarded */
		for (int i = 0; i < n; i++) {
			bool		inner;
			bool		outer;

			levels_of(sub, conj[i], &inner, &outer);
			if (inner)
				return false;
		}
		*guard = co->residual;
		co->residual = NULL;
		co->nresidual = 0;
		return true;
	}
	moved = arena_array(cx->a, Quarry__Expr *, n + 1);
	for (int i = 0; i < n; i++) {
		bool		inner;
		bool		outer;

		levels_of(sub, conj[i], &inner, &outer);
		if (!inner)
			*guard = expr_and(cx, *guard, conj[i]);
		else {
			KeySubst	ks = {co, true};

			moved[nmoved] = subst_outer(sub, conj[i], &ks);
			levels_of(sub, moved[nmoved], &inner, &outer);
			if (!ks.ok || outer)
				return false;
			nmoved++;
		}
	}
	for (int i = 0; i < nmoved; i++) {
		Quarry__Expr **grown = arena_array(sub->a, Quarry__Expr *, st->from->nconj + 1);

		if (st->from->nconj > 0)
			memcpy(grown, st->from->conj, sizeof(Quarry__Expr *) * st->from->nconj);
		grown[st->from->nconj++] = moved[i];
		st->from->conj = grown;
	}
	co->residual = NULL;
	co->nresidual = 0;
	/* the value as min(value), grouped by the inner keys */
	call = arena_new(sub->a, Quarry__AggCall);
	quarry__agg_call__init(call);
	call->func = QUARRY__AGG_FUNC__AGG_MIN;
	call->arg = value;
	call->type = value->type;
	sub->aggs = arena_array(sub->a, Quarry__AggCall *, 1);
	sub->aggs[0] = call;
	sub->naggs = sub->aggs_cap = 1;
	sub->grouped = true;
	ref = arena_new(sub->a, Quarry__Expr);
	quarry__expr__init(ref);
	ref->kind = EXPR_AGGREF;
	ref->type = value->type;
	ref->column = 0;
	st->targets[0].expr = ref;
	st->targets[0].origin = -1;
	return true;
}

/* guarded: CASE WHEN guard THEN value END */
static Quarry__Expr *
guarded(BindCtx *cx, Quarry__Expr *guard, Quarry__Expr *value)
{
	Quarry__Expr *e;
	Value		null = {.type = (TypeId) value->type, .is_null = true};

	if (guard == NULL)
		return value;
	e = arena_new(cx->a, Quarry__Expr);
	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_CASE;
	e->type = value->type;
	e->n_args = 3;
	e->args = arena_array(cx->a, Quarry__Expr *, 3);
	e->args[0] = guard;
	e->args[1] = value;
	e->args[2] = expr_const(cx->a, &null);
	return e;
}

static PgQuery__Node *
str_node(BindCtx *cx, const char *s)
{
	PgQuery__Node *n = arena_new(cx->a, PgQuery__Node);
	PgQuery__String *str = arena_new(cx->a, PgQuery__String);

	*str = (PgQuery__String) PG_QUERY__STRING__INIT;
	str->sval = (char *) s;
	*n = (PgQuery__Node) PG_QUERY__NODE__INIT;
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	return n;
}

/* func_node: the call name(args...) as a parse-tree node. */
static PgQuery__Node *
func_node(BindCtx *cx, const char *name, PgQuery__Node **args, int nargs, int location)
{
	PgQuery__Node *n = arena_new(cx->a, PgQuery__Node);
	PgQuery__FuncCall *fc = arena_new(cx->a, PgQuery__FuncCall);

	*fc = (PgQuery__FuncCall) PG_QUERY__FUNC_CALL__INIT;
	fc->n_funcname = 1;
	fc->funcname = arena_array(cx->a, PgQuery__Node *, 1);
	fc->funcname[0] = str_node(cx, name);
	fc->n_args = (size_t) nargs;
	fc->args = args;
	fc->location = location;
	*n = (PgQuery__Node) PG_QUERY__NODE__INIT;
	n->node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
	n->func_call = fc;
	return n;
}

/* target_list1: a one-entry target list computing val. */
static PgQuery__Node **
target_list1(BindCtx *cx, PgQuery__Node *val, int location)
{
	PgQuery__Node **list = arena_array(cx->a, PgQuery__Node *, 1);
	PgQuery__ResTarget *rt = arena_new(cx->a, PgQuery__ResTarget);

	*rt = (PgQuery__ResTarget) PG_QUERY__RES_TARGET__INIT;
	rt->val = val;
	rt->location = location;
	list[0] = arena_new(cx->a, PgQuery__Node);
	*list[0] = (PgQuery__Node) PG_QUERY__NODE__INIT;
	list[0]->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	list[0]->res_target = rt;
	return list;
}

/*
 * plain_select: a subquery that is a set operation or VALUES as
 * SELECT * FROM (subquery) AS __quarry_set, which the join planning of
 * EXISTS, IN and scalar subqueries takes; others unchanged.
 */
static const PgQuery__SelectStmt *
plain_select(BindCtx *cx, const PgQuery__SubLink *sl)
{
	const PgQuery__SelectStmt *s = sl->subselect->select_stmt;
	PgQuery__SelectStmt *sel;
	PgQuery__RangeSubselect *rs;
	PgQuery__Alias *alias;
	PgQuery__ColumnRef *cr;
	PgQuery__Node *star;
	PgQuery__Node *crn;
	PgQuery__Node *rsn;

	if (s->op == PG_QUERY__SET_OPERATION__SETOP_NONE && s->n_values_lists == 0)
		return s;
	star = arena_new(cx->a, PgQuery__Node);
	*star = (PgQuery__Node) PG_QUERY__NODE__INIT;
	star->node_case = PG_QUERY__NODE__NODE_A_STAR;
	star->a_star = arena_new(cx->a, PgQuery__AStar);
	*star->a_star = (PgQuery__AStar) PG_QUERY__A__STAR__INIT;
	cr = arena_new(cx->a, PgQuery__ColumnRef);
	*cr = (PgQuery__ColumnRef) PG_QUERY__COLUMN_REF__INIT;
	cr->n_fields = 1;
	cr->fields = arena_array(cx->a, PgQuery__Node *, 1);
	cr->fields[0] = star;
	cr->location = sl->location;
	crn = arena_new(cx->a, PgQuery__Node);
	*crn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	crn->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
	crn->column_ref = cr;
	alias = arena_new(cx->a, PgQuery__Alias);
	*alias = (PgQuery__Alias) PG_QUERY__ALIAS__INIT;
	alias->aliasname = "__quarry_set";
	rs = arena_new(cx->a, PgQuery__RangeSubselect);
	*rs = (PgQuery__RangeSubselect) PG_QUERY__RANGE_SUBSELECT__INIT;
	rs->subquery = sl->subselect;
	rs->alias = alias;
	rsn = arena_new(cx->a, PgQuery__Node);
	*rsn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	rsn->node_case = PG_QUERY__NODE__NODE_RANGE_SUBSELECT;
	rsn->range_subselect = rs;
	sel = arena_new(cx->a, PgQuery__SelectStmt);
	*sel = (PgQuery__SelectStmt) PG_QUERY__SELECT_STMT__INIT;
	sel->n_target_list = 1;
	sel->target_list = target_list1(cx, crn, sl->location);
	sel->n_from_clause = 1;
	sel->from_clause = arena_array(cx->a, PgQuery__Node *, 1);
	sel->from_clause[0] = rsn;
	sel->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	sel->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	return sel;
}

/*
 * exists_value binds EXISTS (...) used as a value (not a WHERE conjunct):
 * COALESCE((SELECT bool_or(true) FROM ... WHERE ...), false), which the
 * aggregate case plans (grouped by its correlation keys, LEFT-joined).
 * ORDER BY, DISTINCT and a positive constant LIMIT do not change whether a
 * row exists and are dropped; GROUP BY, HAVING, OFFSET and set operations
 * stay 0A000.
 */
static Quarry__Expr *
exists_value(BindCtx *cx, const PgQuery__SubLink *sl)
{
	const PgQuery__SelectStmt *s = sl->subselect->select_stmt;
	PgQuery__SelectStmt *q = arena_memdup(cx->a, s, sizeof(*s));
	PgQuery__SubLink *esl = arena_memdup(cx->a, sl, sizeof(*sl));
	PgQuery__Node *sub = arena_memdup(cx->a, sl->subselect, sizeof(*sl->subselect));
	PgQuery__AConst *k = arena_new(cx->a, PgQuery__AConst);
	PgQuery__Boolean *t = arena_new(cx->a, PgQuery__Boolean);
	PgQuery__Node **arg = arena_array(cx->a, PgQuery__Node *, 1);
	Quarry__Expr *e;
	Value		no = {.type = TYPE_BOOL};
	bool		limit_ok = s->limit_count == NULL ||
		(s->limit_count->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		 s->limit_count->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL &&
		 s->limit_count->a_const->ival->ival > 0);

	if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE || s->n_group_clause > 0 ||
		s->having_clause != NULL || s->limit_offset != NULL || !limit_ok) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"EXISTS, IN and ANY subqueries are supported only as WHERE conjuncts for now");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	*t = (PgQuery__Boolean) PG_QUERY__BOOLEAN__INIT;
	t->boolval = true;
	*k = (PgQuery__AConst) PG_QUERY__A__CONST__INIT;
	k->val_case = PG_QUERY__A__CONST__VAL_BOOLVAL;
	k->boolval = t;
	k->location = -1;
	arg[0] = arena_new(cx->a, PgQuery__Node);
	*arg[0] = (PgQuery__Node) PG_QUERY__NODE__INIT;
	arg[0]->node_case = PG_QUERY__NODE__NODE_A_CONST;
	arg[0]->a_const = k;
	q->n_target_list = 1;
	q->target_list = target_list1(cx, func_node(cx, "bool_or", arg, 1, sl->location), sl->location);
	q->n_sort_clause = 0;
	q->n_distinct_clause = 0;
	q->limit_count = NULL;
	sub->select_stmt = q;
	esl->sub_link_type = PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
	esl->subselect = sub;
	if ((e = sublink_scalar(cx, esl)) == NULL)
		return NULL;
	return expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_COALESCE, QUARRY__EXPR_OP__OP_NONE, TYPE_BOOL,
					 e, expr_const(cx->a, &no));
}

/*
 * array_node is COALESCE((SELECT array_agg(q.v) FROM (subquery) q(v)), '{}'):
 * the rows of sl's one-column subquery as one array, an empty one for no
 * rows.  The subquery must not be correlated (it becomes a derived table).
 */
static PgQuery__Node *
array_node(BindCtx *cx, const PgQuery__SubLink *sl)
{
	const char *q = "__quarry_any";
	const char *c = "__quarry_any_value";
	PgQuery__Alias *alias = arena_new(cx->a, PgQuery__Alias);
	PgQuery__RangeSubselect *rs = arena_new(cx->a, PgQuery__RangeSubselect);
	PgQuery__Node *rsn = arena_new(cx->a, PgQuery__Node);
	PgQuery__ColumnRef *cr = arena_new(cx->a, PgQuery__ColumnRef);
	PgQuery__Node *crn = arena_new(cx->a, PgQuery__Node);
	PgQuery__Node **agg_arg = arena_array(cx->a, PgQuery__Node *, 1);
	PgQuery__SelectStmt *sel = arena_new(cx->a, PgQuery__SelectStmt);
	PgQuery__Node *seln = arena_new(cx->a, PgQuery__Node);
	PgQuery__SubLink *esl = arena_new(cx->a, PgQuery__SubLink);
	PgQuery__Node *esln = arena_new(cx->a, PgQuery__Node);
	PgQuery__AConst *empty = arena_new(cx->a, PgQuery__AConst);
	PgQuery__String *estr = arena_new(cx->a, PgQuery__String);
	PgQuery__Node *emptyn = arena_new(cx->a, PgQuery__Node);
	PgQuery__CoalesceExpr *co = arena_new(cx->a, PgQuery__CoalesceExpr);
	PgQuery__Node *con = arena_new(cx->a, PgQuery__Node);

	*alias = (PgQuery__Alias) PG_QUERY__ALIAS__INIT;
	alias->aliasname = (char *) q;
	alias->n_colnames = 1;
	alias->colnames = arena_array(cx->a, PgQuery__Node *, 1);
	alias->colnames[0] = str_node(cx, c);
	*rs = (PgQuery__RangeSubselect) PG_QUERY__RANGE_SUBSELECT__INIT;
	rs->subquery = sl->subselect;
	rs->alias = alias;
	*rsn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	rsn->node_case = PG_QUERY__NODE__NODE_RANGE_SUBSELECT;
	rsn->range_subselect = rs;
	*cr = (PgQuery__ColumnRef) PG_QUERY__COLUMN_REF__INIT;
	cr->n_fields = 2;
	cr->fields = arena_array(cx->a, PgQuery__Node *, 2);
	cr->fields[0] = str_node(cx, q);
	cr->fields[1] = str_node(cx, c);
	cr->location = -1;
	*crn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	crn->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
	crn->column_ref = cr;
	agg_arg[0] = crn;
	*sel = (PgQuery__SelectStmt) PG_QUERY__SELECT_STMT__INIT;
	sel->n_target_list = 1;
	sel->target_list = target_list1(cx, func_node(cx, "array_agg", agg_arg, 1, sl->location),
									sl->location);
	sel->n_from_clause = 1;
	sel->from_clause = arena_array(cx->a, PgQuery__Node *, 1);
	sel->from_clause[0] = rsn;
	sel->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	sel->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	*seln = (PgQuery__Node) PG_QUERY__NODE__INIT;
	seln->node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	seln->select_stmt = sel;
	*esl = (PgQuery__SubLink) PG_QUERY__SUB_LINK__INIT;
	esl->sub_link_type = PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
	esl->subselect = seln;
	esl->location = sl->location;
	*esln = (PgQuery__Node) PG_QUERY__NODE__INIT;
	esln->node_case = PG_QUERY__NODE__NODE_SUB_LINK;
	esln->sub_link = esl;
	*estr = (PgQuery__String) PG_QUERY__STRING__INIT;
	estr->sval = "{}";
	*empty = (PgQuery__AConst) PG_QUERY__A__CONST__INIT;
	empty->val_case = PG_QUERY__A__CONST__VAL_SVAL;
	empty->sval = estr;
	empty->location = -1;
	*emptyn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	emptyn->node_case = PG_QUERY__NODE__NODE_A_CONST;
	emptyn->a_const = empty;
	*co = (PgQuery__CoalesceExpr) PG_QUERY__COALESCE_EXPR__INIT;
	co->n_args = 2;
	co->args = arena_array(cx->a, PgQuery__Node *, 2);
	co->args[0] = esln;
	co->args[1] = emptyn;
	co->location = sl->location;
	*con = (PgQuery__Node) PG_QUERY__NODE__INIT;
	con->node_case = PG_QUERY__NODE__NODE_COALESCE_EXPR;
	con->coalesce_expr = co;
	return con;
}

/*
 * any_value binds x op ANY (SELECT y ...) and x op ALL (SELECT y ...) used
 * as a value (in the select list, under OR or CASE) as x op ANY (array_node),
 * which has IN's and NOT IN's NULL rules.
 */
static Quarry__Expr *
any_value(BindCtx *cx, const PgQuery__SubLink *sl)
{
	PgQuery__AExpr *ax = arena_new(cx->a, PgQuery__AExpr);
	PgQuery__Node *axn = arena_new(cx->a, PgQuery__Node);

	if (sl->testexpr == NULL || sl->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"row comparisons with a subquery are supported only as WHERE conjuncts for now");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	if (sl->subselect->select_stmt->op == PG_QUERY__SET_OPERATION__SETOP_NONE &&
		sl->subselect->select_stmt->n_target_list > 1) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "subquery has too many columns");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	*ax = (PgQuery__AExpr) PG_QUERY__A__EXPR__INIT;
	ax->kind = sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK ?
		PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
	if (sl->n_oper_name > 0) {
		ax->n_name = sl->n_oper_name;
		ax->name = sl->oper_name;
	} else {
		ax->n_name = 1;			/* IN: = ANY */
		ax->name = arena_array(cx->a, PgQuery__Node *, 1);
		ax->name[0] = str_node(cx, "=");
	}
	ax->lexpr = sl->testexpr;
	ax->rexpr = array_node(cx, sl);
	ax->location = sl->location;
	*axn = (PgQuery__Node) PG_QUERY__NODE__INIT;
	axn->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	axn->a_expr = ax;
	return bind_expr(cx, axn);
}

/*
 * scalar_decorrelated plans (SELECT ...) as a join: uncorrelated, a one-row
 * relation cross-joined in; correlated, grouped by its equality keys and
 * LEFT-joined on them.  *correlated tells whether it reads outer columns.
 */
static Quarry__Expr *
scalar_decorrelated(BindCtx *cx, const PgQuery__SubLink *sl, bool *correlated)
{
	BindCtx    *sub;
	SelectState st;
	Correlation co = {0};
	SubJoin    *sj;
	Rel		   *r;
	int			value;
	bool		counted;
	bool		ok;
	Quarry__Expr *guard = NULL;

	sub = bind_child(cx, false);
	ok = select_bind(sub, plain_select(cx, sl), &st);
	*correlated = sub->correlated;	/* also when binding its FROM failed on it */
	if (!ok)
		return NULL;
	counted = st.nvisible == 1 && st.targets[0].expr->kind == EXPR_AGGREF &&
		(sub->aggs[st.targets[0].expr->column]->func == QUARRY__AGG_FUNC__AGG_COUNT ||
		 sub->aggs[st.targets[0].expr->column]->func == QUARRY__AGG_FUNC__AGG_COUNT_STAR);
	if (st.nvisible != 1) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "subquery must return only one column");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	extract_correlation(sub, st.from, &co);
	if (co.nkeys + co.nresidual > 0 && sub->naggs == 0)
		lookup_correlation(cx, sub, &st, &co, &guard);	/* a lookup: min() by the keys */
	if (co.nkeys + co.nresidual > 0 &&
		(co.nresidual > 0 || sub->naggs == 0 || st.ngroups > 0 || st.having != NULL)) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"correlated scalar subqueries are supported only as aggregates over equality correlations");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	if ((r = select_join(sub, st.from)) == NULL)
		return NULL;
	sj = arena_new(cx->a, SubJoin);
	sj->input_rows = r->rows;
	if ((r = select_finish(sub, &st, r, co.inner_keys, co.nkeys)) == NULL)
		return NULL;
	sj->nkeys = co.nkeys;
	sj->probe_keys = co.outer_keys;
	sj->build_keys = arena_array(cx->a, Quarry__Expr *, co.nkeys + 1);
	for (int k = 0; k < co.nkeys; k++)
		sj->build_keys[k] = expr_column(cx->a, r->ids[k], (TypeId) co.inner_keys[k]->type);
	value = r->ids[co.nkeys];
	if (co.nkeys == 0)
		r = single_row(cx, r);
	sj->rel = r;
	sj->type = co.nkeys > 0 ? QUARRY__JOIN_TYPE__JOIN_LEFT : QUARRY__JOIN_TYPE__JOIN_INNER;
	push_subjoin(cx, sj);
	colinfo(cx, value)->level = cx->level;
	return guarded(cx, guard,
				   count_default(cx, expr_column(cx->a, value, colinfo(cx, value)->type), counted));
}

/* sublink_scalar binds (SELECT ...) used as a value. */
Quarry__Expr *
sublink_scalar(BindCtx *cx, const PgQuery__SubLink *sl)
{
	Quarry__Expr *e;
	bool		correlated = false;

	if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK &&
		sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
		return exists_value(cx, sl);	/* EXISTS as a value: bool_or(true) */
	if ((sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK ||
		 sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK) &&
		sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
		return any_value(cx, sl);	/* IN, ANY, ALL as a value: op ANY (array) */
	if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK &&
		sl->subselect->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		if (sl->subselect->select_stmt->op == PG_QUERY__SET_OPERATION__SETOP_NONE &&
			sl->subselect->select_stmt->n_target_list > 1) {
			err_set(cx->err, ERRCODE_SYNTAX_ERROR, "subquery must return only one column");
			cx->err->position = sl->location + 1;
			return NULL;
		}
		return bind_expr(cx, array_node(cx, sl));	/* ARRAY(SELECT ...) */
	}
	if (sl->sub_link_type != PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ||
		sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"EXISTS, IN and ANY subqueries are supported only as WHERE conjuncts for now");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	if (cx->q == NULL) {
		/* no query around it (INSERT ... VALUES): nothing to join the subquery to */
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "subqueries are not supported here yet");
		cx->err->position = sl->location + 1;
		return NULL;
	}
	if ((e = scalar_decorrelated(cx, sl, &correlated)) == NULL && retry_as_apply(cx, correlated))
		e = apply_scalar(cx, sl);
	return e;
}

/*
 * attach_right joins a SEMI or ANTI subquery the other way round when the
 * outer side is the smaller one: the hash table is built on the outer rows,
 * the subquery's rows probe it, and the outer rows that matched (or not)
 * come out at the end.
 */
static Rel *
attach_right(BindCtx *cx, Rel *r, SubJoin *sj)
{
	Quarry__JoinType t = sj->type == QUARRY__JOIN_TYPE__JOIN_SEMI ?
		QUARRY__JOIN_TYPE__JOIN_RIGHT_SEMI : QUARRY__JOIN_TYPE__JOIN_RIGHT_ANTI;
	double		rows = r->rows;
	Rel		   *out = rel_join(cx, sj->rel, r, sj->build_keys, sj->probe_keys, sj->nkeys,
							   sj->residual, t);

	if (out != NULL)
		out->rows = out->base_rows = rows / 2 + 1;
	return out;
}

typedef struct OwnerCheck {
	const FromItem *group;
	int			item;			/* -1: none yet; -2: several */
} OwnerCheck;

static void
check_owner(void *arg, int id)
{
	OwnerCheck *oc = arg;
	int			o = from_owner(oc->group, id);

	if (o < 0 || (oc->item >= 0 && oc->item != o))
		oc->item = -2;
	else if (oc->item == -1)
		oc->item = o;
}

/* aggregate_below finds the Aggregate under a grouped subquery's Project. */
static Quarry__Aggregate *
aggregate_below(Quarry__PlanNode *n)
{
	while (n->node_case == QUARRY__PLAN_NODE__NODE_PROJECT ||
		   n->node_case == QUARRY__PLAN_NODE__NODE_FILTER)
		n = n->node_case == QUARRY__PLAN_NODE__NODE_PROJECT ? n->project->input : n->filter->input;
	return n->node_case == QUARRY__PLAN_NODE__NODE_AGGREGATE ? n->aggregate : NULL;
}


/*
 * Below this many rows a subquery is not worth thinning first: copying the
 * outer plan (catalog queries carry their rows in Values nodes) costs more
 * than grouping or probing the rows.
 */
#define REDUCE_MIN_ROWS 10000

/*
 * reduce_grouped thins a correlated scalar subquery before it groups: when
 * its outer keys all come from one FROM item smaller than the subquery's
 * input, the input is semi-joined with that item's (filtered) rows on the
 * keys, so only the groups the outer query can use are built.  When the
 * outer relation so far (the item after the joins and semi-joins already
 * attached) is estimated smaller still, its rows are the ones used.  TPC-H
 * Q17 groups 200 parts' lineitems instead of all 200,000 parts'; Q20 the
 * lineitems of the 'forest%' parts' suppliers.
 */
static void
reduce_grouped(BindCtx *cx, SubJoin *sj, const FromItem *group, Rel *outer)
{
	OwnerCheck	oc = {group, -1};
	Quarry__Aggregate *agg = aggregate_below(sj->rel->plan);
	Quarry__HashJoin *hj;
	Quarry__PlanNode *semi;
	Rel		   *item;

	if (sj->input_rows < REDUCE_MIN_ROWS)
		return;
	for (int k = 0; k < sj->nkeys; k++)
		expr_ids(sj->probe_keys[k], check_owner, &oc);
	if (oc.item < 0 || agg == NULL || agg->n_group_by < (size_t) sj->nkeys ||
		group->item_rels == NULL)
		return;
	item = group->item_rels[oc.item];
	if (outer != NULL && outer->plan != NULL && outer->rows < item->rows)
		item = outer;
	if (item->plan == NULL || item->rows > sj->input_rows)
		return;
	for (int k = 0; k < sj->nkeys; k++)
		if (agg->group_by[k]->type != sj->probe_keys[k]->type)
			return;
	semi = plan_node_new(cx->a, (int) agg->input->n_output_types);
	memcpy(semi->output_types, agg->input->output_types,
		   sizeof(int32_t) * agg->input->n_output_types);
	hj = arena_new(cx->a, Quarry__HashJoin);
	quarry__hash_join__init(hj);
	hj->type = QUARRY__JOIN_TYPE__JOIN_SEMI;
	hj->probe = agg->input;
	if ((hj->build = plan_copy(cx->a, item->plan)) == NULL)
		return;
	hj->n_probe_keys = hj->n_build_keys = sj->nkeys;
	hj->probe_keys = agg->group_by;
	hj->build_keys = arena_array(cx->a, Quarry__Expr *, sj->nkeys);
	for (int k = 0; k < sj->nkeys; k++)
		if ((hj->build_keys[k] = rel_expr(cx, item, sj->probe_keys[k])) == NULL) {
			err_clear(cx->err);
			return;
		}
	semi->node_case = QUARRY__PLAN_NODE__NODE_HASH_JOIN;
	semi->hash_join = hj;
	agg->input = semi;
}

/*
 * reduce_by_outer thins an EXISTS, NOT EXISTS or IN subquery that is much
 * bigger than the outer relation r: its rows are first semi-joined with
 * (a copy of) r on the correlation keys, since a row whose keys no outer
 * row has can match nothing.  Not for NOT IN, where a NULL key anywhere
 * matters.  A subquery over lineitem would shrink to the lineitems of
 * the few orders left after its filters... but r is computed a second time
 * for it, so only when r is one table's filtered rows (TPC-H Q4: the
 * lineitems of the quarter's orders; Q21's r, four tables joined, is not).
 */
/* joins_pairs: the plan joins tables into pairs somewhere (more than filters and semi-joins). */
static bool
joins_pairs(const Quarry__PlanNode *n)
{
	if (n == NULL)
		return false;
	switch (n->node_case) {
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			if (n->hash_join->type == QUARRY__JOIN_TYPE__JOIN_INNER ||
				n->hash_join->type == QUARRY__JOIN_TYPE__JOIN_LEFT ||
				n->hash_join->type == QUARRY__JOIN_TYPE__JOIN_FULL)
				return true;
			return joins_pairs(n->hash_join->probe) || joins_pairs(n->hash_join->build);
		case QUARRY__PLAN_NODE__NODE_FILTER:
			return joins_pairs(n->filter->input);
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			return joins_pairs(n->project->input);
		case QUARRY__PLAN_NODE__NODE_SCAN:
		case QUARRY__PLAN_NODE__NODE_VALUES:
			return false;
		default:
			return true;		/* aggregates and the rest: not cheap to compute twice */
	}
}

static void
reduce_by_outer(BindCtx *cx, SubJoin *sj, Rel *r)
{
	Quarry__PlanNode *copy;
	Rel		   *outer;
	Rel		   *red;
	double		rows = sj->rel->rows;

	if (sj->null_aware || sj->nkeys == 0 || r->rows * 4 >= rows || rows < REDUCE_MIN_ROWS)
		return;
	rel_materialize(cx, r);
	/* r is computed twice: only when it is one table's filtered rows */
	if (r->plan == NULL || joins_pairs(r->plan) || (copy = plan_copy(cx->a, r->plan)) == NULL)
		return;
	outer = rel_from_plan(cx, copy, r->ids, r->nids, r->rows);
	red = rel_join(cx, sj->rel, outer, sj->build_keys, sj->probe_keys, sj->nkeys, NULL,
				   QUARRY__JOIN_TYPE__JOIN_SEMI);
	if (red == NULL) {
		err_clear(cx->err);
		return;
	}
	red->rows = red->base_rows = rows < r->rows * 4 + 1 ? rows : r->rows * 4 + 1;
	sj->rel = red;
}

/*
 * sublink_apply runs sj's subquery per row of r: an Apply whose params are
 * the outer columns the subquery reads (params themselves, when they
 * belong to a level further out and r is in a subquery run per row too).
 */
Rel *
sublink_apply(BindCtx *cx, Rel *r, SubJoin *sj)
{
	bool		semi = sj->type == QUARRY__JOIN_TYPE__JOIN_SEMI ||
		sj->type == QUARRY__JOIN_TYPE__JOIN_ANTI;
	int			nout;
	int		   *ids;
	Quarry__PlanNode *n;
	Quarry__Apply *ap;

	rel_materialize(cx, r);
	nout = r->nids + (semi ? 0 : sj->rel->nids);
	ids = arena_array(cx->a, int, nout + 1);
	n = plan_node_new(cx->a, nout);
	memcpy(n->output_types, r->plan->output_types, sizeof(int32_t) * r->nids);
	memcpy(ids, r->ids, sizeof(int) * r->nids);
	if (!semi) {
		memcpy(n->output_types + r->nids, sj->rel->plan->output_types,
			   sizeof(int32_t) * sj->rel->nids);
		memcpy(ids + r->nids, sj->rel->ids, sizeof(int) * sj->rel->nids);
	}
	ap = arena_new(cx->a, Quarry__Apply);
	quarry__apply__init(ap);
	ap->outer = r->plan;
	ap->inner = sj->rel->plan;
	ap->type = sj->type;
	ap->n_param_ids = ap->n_params = (size_t) sj->nparams;
	ap->param_ids = arena_array(cx->a, int32_t, sj->nparams + 1);
	ap->params = arena_array(cx->a, Quarry__Expr *, sj->nparams + 1);
	for (int k = 0; k < sj->nparams; k++) {
		int			id = sj->param_ids[k];

		ap->param_ids[k] = id;
		ap->params[k] = rel_expr(cx, r, sj->param_exprs != NULL ? sj->param_exprs[k] :
								 expr_column(cx->a, id, colinfo(cx, id)->type));
		if (ap->params[k] == NULL)
			return NULL;
	}
	n->node_case = QUARRY__PLAN_NODE__NODE_APPLY;
	n->apply = ap;
	n->est_rows = semi ? r->rows / 2 + 1 : r->rows;
	return rel_from_plan(cx, n, ids, nout, n->est_rows);
}

/* sublink_attach joins each SubJoin of list to r; group is r's FROM group, if any. */
Rel *
sublink_attach(BindCtx *cx, Rel *r, SubJoin *list, const FromItem *group)
{
	for (SubJoin *sj = list; sj != NULL && r != NULL; sj = sj->next) {
		Quarry__PlanNode *hj;

		if (sj->apply) {
			r = sublink_apply(cx, r, sj);
			continue;
		}
		if (sj->type == QUARRY__JOIN_TYPE__JOIN_LEFT && sj->nkeys > 0 && group != NULL)
			reduce_grouped(cx, sj, group, r);
		if (sj->type == QUARRY__JOIN_TYPE__JOIN_SEMI || sj->type == QUARRY__JOIN_TYPE__JOIN_ANTI)
			reduce_by_outer(cx, sj, r);

		if ((sj->type == QUARRY__JOIN_TYPE__JOIN_SEMI || sj->type == QUARRY__JOIN_TYPE__JOIN_ANTI) &&
			!sj->null_aware && sj->nkeys > 0 && r->rows < sj->rel->rows) {
			r = attach_right(cx, r, sj);
			continue;
		}
		r = rel_join(cx, r, sj->rel, sj->probe_keys, sj->build_keys, sj->nkeys, sj->residual,
					 sj->type);
		if (r == NULL)
			return NULL;
		hj = r->plan;
		hj->hash_join->null_aware = sj->null_aware;
	}
	return r;
}

/* ---- subqueries in an outer join's ON clause ---- */

typedef struct IdSearch {
	const Rel  *rel;
	bool		found;
} IdSearch;

static void
find_rel_id(void *arg, int id)
{
	IdSearch   *is = arg;

	for (int i = 0; i < is->rel->nids; i++)
		if (is->rel->ids[i] == id)
			is->found = true;
}

typedef struct ReadCheck {
	BindCtx    *cx;
	const Rel  *own;			/* the subquery's own columns */
	const Rel  *over;			/* what it may read besides outer levels */
	bool		ok;
} ReadCheck;

static void
check_read(void *arg, int id)
{
	ReadCheck  *rc = arg;
	IdSearch	own = {rc->own, false};
	IdSearch	over = {rc->over, false};

	if (colinfo(rc->cx, id)->level < rc->cx->level)
		return;
	find_rel_id(&own, id);
	find_rel_id(&over, id);
	rc->ok &= own.found || over.found;
}

/* reads_within: does sj read only r's columns (and enclosing levels')? */
static bool
reads_within(BindCtx *cx, const SubJoin *sj, const Rel *r)
{
	ReadCheck	rc = {cx, sj->rel, r, true};

	for (int k = 0; k < sj->nkeys; k++)
		expr_ids(sj->probe_keys[k], check_read, &rc);
	if (sj->residual != NULL)
		expr_ids(sj->residual, check_read, &rc);
	for (int k = 0; k < sj->nparams; k++)
		check_read(&rc, sj->param_ids[k]);
	return rc.ok;
}

/*
 * sublink_attach_for joins to r, and takes off *list, each subquery whose
 * value one of conj reads and that reads only r's columns: the ON clause
 * of an outer join is evaluated at the join, so its subqueries must be
 * joined to one side first (an uncorrelated one to either).
 */
Rel *
sublink_attach_for(BindCtx *cx, Rel *r, SubJoin **list, Quarry__Expr *const *conj, int nconj)
{
	rel_materialize(cx, r);
	for (SubJoin **p = list; *p != NULL && r != NULL;) {
		SubJoin    *sj = *p;
		IdSearch	is = {sj->rel, false};

		for (int c = 0; c < nconj && !is.found; c++)
			expr_ids(conj[c], find_rel_id, &is);
		if (!is.found || sj->type == QUARRY__JOIN_TYPE__JOIN_SEMI ||
			sj->type == QUARRY__JOIN_TYPE__JOIN_ANTI || !reads_within(cx, sj, r)) {
			p = &sj->next;
			continue;
		}
		*p = sj->next;
		sj->next = NULL;
		r = sublink_attach(cx, r, sj, NULL);
	}
	return r;
}
