/*
 * grouping.c
 *	  GROUP BY ROLLUP (...), CUBE (...), GROUPING SETS (...) (nested, mixed
 *	  with plain items, with ()) and GROUPING(a, b).
 *
 *	  The GROUP BY clause expands, as in PostgreSQL, into a list of grouping
 *	  sets (duplicates kept): each set is a bit mask over the distinct
 *	  grouping expressions (SelectState.groups).  The aggregation is planned
 *	  as the Append (UNION ALL) of one Aggregate per set over its own copy of
 *	  the input, each projected to the same columns: every grouping
 *	  expression (NULL where the set does not group by it), the aggregates,
 *	  then one hidden int4 per grouping expression, 1 where the set leaves it
 *	  out.  GROUPING(a, b) is arithmetic over those hidden columns (a's bit is
 *	  the high one); HAVING, windows, ORDER BY and LIMIT then apply to the
 *	  union as to any grouped result.
 *
 *	  INTERFACE ROUTINES
 *		grouping_has_sets		does GROUP BY use ROLLUP/CUBE/GROUPING SETS or (a, b)?
 *		grouping_bind_sets		bind the grouping expressions, expand the sets
 *		grouping_bind_func		bind GROUPING(...) (EXPR_GROUPING)
 *		grouping_check_unused	GROUPING(...) in a query that does not group
 *		grouping_rewrite		GROUPING(...) over the Aggregate's output
 *		grouping_union			one Aggregate per set, appended
 */
#include "planner/grouping.h"

#include "common/planwalk.h"

#include <string.h>

#define MAX_GROUP_EXPRS 64
#define MAX_SETS 4096

typedef struct SetList {
	uint64_t   *masks;
	int			n;
	int			cap;
} SetList;

typedef struct Expander {
	BindCtx    *cx;
	SelectState *st;
	GroupItemFn bind_one;
	Quarry__Expr **exprs;		/* the distinct grouping expressions */
	int			nexprs;
} Expander;

static bool
set_add(Expander *x, SetList *l, uint64_t m)
{
	if (l->n >= MAX_SETS)
		return err_set(x->cx->err, "54001", "too many grouping sets present (maximum 4096)");
	if (l->n == l->cap) {
		int			cap = l->cap > 0 ? l->cap * 2 : 8;
		uint64_t   *grown = arena_array(x->cx->a, uint64_t, cap);

		if (l->n > 0)
			memcpy(grown, l->masks, sizeof(uint64_t) * l->n);
		l->masks = grown;
		l->cap = cap;
	}
	l->masks[l->n++] = m;
	return true;
}

bool
grouping_has_sets(const PgQuery__SelectStmt *s)
{
	for (size_t i = 0; i < s->n_group_clause; i++) {
		const PgQuery__Node *n = s->group_clause[i];

		if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET ||
			(n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
			 n->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST))
			return true;		/* GROUP BY (a, b) is GROUP BY a, b: one set */
	}
	return false;
}

/* expr_bit binds one grouping expression and returns its bit. */
static bool
expr_bit(Expander *x, const PgQuery__Node *node, uint64_t *bit)
{
	Quarry__Expr *e = x->bind_one(x->cx, node, x->st);
	int			i;

	if (e == NULL)
		return false;
	for (i = 0; i < x->nexprs && !expr_equal(x->exprs[i], e); i++)
		;
	if (i == x->nexprs) {
		if (x->nexprs >= MAX_GROUP_EXPRS)
			return err_set(x->cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "more than 64 grouping expressions are not supported yet");
		x->exprs[x->nexprs++] = e;
	}
	*bit = (uint64_t) 1 << i;
	return true;
}

/*
 * simple_mask: an element of ROLLUP/CUBE or a plain item: an expression,
 * a parenthesized list (a, b) (one element) or ().
 */
static bool
simple_mask(Expander *x, const PgQuery__Node *node, uint64_t *mask)
{
	uint64_t	bit;

	*mask = 0;
	if (node->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
		node->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST) {
		for (size_t i = 0; i < node->row_expr->n_args; i++) {
			if (!expr_bit(x, node->row_expr->args[i], &bit))
				return false;
			*mask |= bit;
		}
		return true;
	}
	if (node->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
		const PgQuery__GroupingSet *gs = node->grouping_set;

		if (gs->kind != PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY &&
			gs->kind != PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE)
			return err_set(x->cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "nested ROLLUP, CUBE or GROUPING SETS inside ROLLUP or CUBE are not supported");
		for (size_t i = 0; i < gs->n_content; i++) {
			if (!simple_mask(x, gs->content[i], &bit))
				return false;
			*mask |= bit;
		}
		return true;
	}
	if (!expr_bit(x, node, &bit))
		return false;
	*mask = bit;
	return true;
}

/* expand appends the grouping sets node stands for to out. */
static bool
expand(Expander *x, const PgQuery__Node *node, SetList *out)
{
	const PgQuery__GroupingSet *gs;
	uint64_t   *m;
	int			n;

	if (node->node_case != PG_QUERY__NODE__NODE_GROUPING_SET ||
		node->grouping_set->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY ||
		node->grouping_set->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE) {
		uint64_t	one;

		return simple_mask(x, node, &one) && set_add(x, out, one);
	}
	gs = node->grouping_set;
	if (gs->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS) {
		for (size_t i = 0; i < gs->n_content; i++)
			if (!expand(x, gs->content[i], out))
				return false;
		return true;
	}
	n = (int) gs->n_content;
	m = arena_array(x->cx->a, uint64_t, n + 1);
	if (n > 12 && gs->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE)
		return err_set(x->cx->err, "54001", "CUBE is limited to 12 elements");
	for (int i = 0; i < n; i++)
		if (!simple_mask(x, gs->content[i], &m[i]))
			return false;
	if (gs->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP) {
		for (int k = n; k >= 0; k--) {
			uint64_t	s = 0;

			for (int i = 0; i < k; i++)
				s |= m[i];
			if (!set_add(x, out, s))
				return false;
		}
		return true;
	}
	for (uint32_t sub = 0; sub < (1u << n); sub++) {	/* CUBE: every subset */
		uint64_t	s = 0;

		for (int i = 0; i < n; i++)
			if (!(sub & (1u << i)))
				s |= m[i];
		if (!set_add(x, out, s))
			return false;
	}
	return true;
}

/*
 * grouping_bind_sets binds GROUP BY with grouping sets: st->groups gets
 * the distinct expressions, st->sets the cross product of the items' sets.
 */
bool
grouping_bind_sets(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st,
				   GroupItemFn bind_one)
{
	Expander	x = {cx, st, bind_one, arena_array(cx->a, Quarry__Expr *, MAX_GROUP_EXPRS), 0};
	SetList		acc = {0};

	if (!set_add(&x, &acc, 0))
		return false;
	for (size_t i = 0; i < s->n_group_clause; i++) {
		SetList		item = {0};
		SetList		next = {0};

		if (!expand(&x, s->group_clause[i], &item))
			return false;
		for (int a = 0; a < acc.n; a++)
			for (int b = 0; b < item.n; b++)
				if (!set_add(&x, &next, acc.masks[a] | item.masks[b]))
					return false;
		acc = next;
	}
	st->groups = x.exprs;
	st->ngroups = x.nexprs;
	st->sets = acc.masks;
	st->nsets = acc.n;
	return true;
}

/* grouping_bind_func binds GROUPING(a, ...): checked against GROUP BY later. */
Quarry__Expr *
grouping_bind_func(BindCtx *cx, const PgQuery__GroupingFunc *gf)
{
	Quarry__Expr *e = arena_new(cx->a, Quarry__Expr);

	if (cx->agg_clause != NULL || cx->in_agg_arg) {
		if (cx->agg_clause != NULL)
			err_set(cx->err, ERRCODE_GROUPING_ERROR, "grouping operations are not allowed in %s",
					cx->agg_clause);
		else
			err_set(cx->err, ERRCODE_GROUPING_ERROR, "aggregate function calls cannot be nested");
		cx->err->position = gf->location + 1;
		return NULL;
	}
	if (!cx->aggs_allowed) {
		err_set(cx->err, ERRCODE_GROUPING_ERROR, "grouping operations are not allowed in %s",
				cx->win_clause != NULL ? cx->win_clause : "this context");
		cx->err->position = gf->location + 1;
		return NULL;
	}
	if (gf->n_args > 31) {
		err_set(cx->err, "54023", "GROUPING must have fewer than 32 arguments");
		cx->err->position = gf->location + 1;
		return NULL;
	}
	quarry__expr__init(e);
	e->kind = EXPR_GROUPING;
	e->type = TYPE_INT4;
	e->location = gf->location + 1;
	e->n_args = gf->n_args;
	e->args = arena_array(cx->a, Quarry__Expr *, gf->n_args + 1);
	for (size_t i = 0; i < gf->n_args; i++)
		if ((e->args[i] = bind_expr(cx, gf->args[i])) == NULL)
			return NULL;
	return e;
}

static const Quarry__Expr *
find_grouping(const Quarry__Expr *e)
{
	if (e == NULL)
		return NULL;
	if (e->kind == EXPR_GROUPING)
		return e;
	for (size_t i = 0; i < e->n_args; i++) {
		const Quarry__Expr *f = find_grouping(e->args[i]);

		if (f != NULL)
			return f;
	}
	return NULL;
}

static bool
not_grouping_expr(BindCtx *cx, const Quarry__Expr *e)
{
	err_set(cx->err, ERRCODE_GROUPING_ERROR,
			"arguments to GROUPING must be grouping expressions of the associated query level");
	cx->err->position = e->location;
	return false;
}

/* grouping_check_unused: GROUPING() in a query without GROUP BY is 42803. */
bool
grouping_check_unused(BindCtx *cx, SelectState *st)
{
	const Quarry__Expr *g = NULL;

	if (st->ngroups > 0)
		return true;
	for (int t = 0; t < st->ntargets; t++)
		if ((g = find_grouping(st->targets[t].expr)) != NULL)
			break;
	if (g == NULL)
		g = find_grouping(st->having);
	if (g != NULL)
		return not_grouping_expr(cx, g->n_args > 0 && g->args[0]->location > 0 ? g->args[0] : g);
	return true;
}

/*
 * grouping_rewrite turns GROUPING(a, b) into (absent_a * 2) + absent_b over
 * the hidden columns absent_ids (NULL without grouping sets: 0).
 */
Quarry__Expr *
grouping_rewrite(BindCtx *cx, Quarry__Expr *e, Quarry__Expr **groups, int ngroups,
				 const int *absent_ids)
{
	Value		v = {.type = TYPE_INT4};
	Quarry__Expr *acc = NULL;

	for (size_t i = 0; i < e->n_args; i++) {
		int			g;
		Quarry__Expr *bit;

		for (g = 0; g < ngroups && !expr_equal(e->args[i], groups[g]); g++)
			;
		if (g == ngroups) {
			not_grouping_expr(cx, e->args[i]->location > 0 ? e->args[i] : e);
			return NULL;
		}
		if (absent_ids == NULL)
			continue;
		bit = expr_column(cx->a, absent_ids[g], TYPE_INT4);
		if (acc == NULL)
			acc = bit;
		else {
			v.u.i = 2;
			acc = expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_OP, QUARRY__EXPR_OP__OP_MUL,
							TYPE_INT4, acc, expr_const(cx->a, &v));
			acc = expr_pair(cx->a, QUARRY__EXPR_KIND__EXPR_OP, QUARRY__EXPR_OP__OP_ADD,
							TYPE_INT4, acc, bit);
		}
	}
	if (acc == NULL) {
		v.u.i = 0;
		acc = expr_const(cx->a, &v);
	}
	return acc;
}

/* set_branch: the template Aggregate grouped by set only, projected to the union's columns. */
static Quarry__PlanNode *
set_branch(BindCtx *cx, const Quarry__PlanNode *tmpl, uint64_t set, int ng)
{
	Quarry__PlanNode *an = plan_copy(cx->a, tmpl);
	Quarry__Aggregate *agg = an->aggregate;
	int			naggs = (int) agg->n_aggs;
	int			nout = ng + naggs + ng;
	int			pos[MAX_GROUP_EXPRS];
	int			k = 0;
	Quarry__PlanNode *pn = plan_node_new(cx->a, nout);
	Quarry__Project *pr = arena_new(cx->a, Quarry__Project);

	for (int g = 0; g < ng; g++) {
		pos[g] = -1;
		if (set & ((uint64_t) 1 << g)) {
			agg->group_by[k] = agg->group_by[g];
			an->output_types[k] = tmpl->output_types[g];
			pos[g] = k++;
		}
	}
	for (int i = 0; i < naggs; i++)
		an->output_types[k + i] = tmpl->output_types[ng + i];
	agg->n_group_by = k;
	an->n_output_types = k + naggs;
	quarry__project__init(pr);
	pr->input = an;
	pr->n_exprs = nout;
	pr->exprs = arena_array(cx->a, Quarry__Expr *, nout);
	for (int g = 0; g < ng; g++) {
		Value		v = {.type = (TypeId) tmpl->output_types[g], .is_null = pos[g] < 0};

		pr->exprs[g] = pos[g] >= 0 ?
			expr_column(cx->a, pos[g], (TypeId) tmpl->output_types[g]) : expr_const(cx->a, &v);
		pn->output_types[g] = tmpl->output_types[g];
	}
	for (int i = 0; i < naggs; i++) {
		pr->exprs[ng + i] = expr_column(cx->a, k + i, (TypeId) tmpl->output_types[ng + i]);
		pn->output_types[ng + i] = tmpl->output_types[ng + i];
	}
	for (int g = 0; g < ng; g++) {
		Value		v = {.type = TYPE_INT4, .u.i = pos[g] < 0 ? 1 : 0};

		pr->exprs[ng + naggs + g] = expr_const(cx->a, &v);
		pn->output_types[ng + naggs + g] = TYPE_INT4;
	}
	pn->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
	pn->project = pr;
	return pn;
}

/*
 * grouping_union plans st's grouping sets from agg, an Aggregate node over
 * all of st->groups: the Append of one branch per set.  Its columns are
 * agg's, then one absent flag per grouping expression.
 */
Quarry__PlanNode *
grouping_union(BindCtx *cx, SelectState *st, Quarry__PlanNode *agg)
{
	int			ng = st->ngroups;
	int			nout = (int) agg->n_output_types + ng;
	Quarry__PlanNode *n = plan_node_new(cx->a, nout);
	Quarry__Append *ap = arena_new(cx->a, Quarry__Append);

	quarry__append__init(ap);
	ap->n_inputs = st->nsets;
	ap->inputs = arena_array(cx->a, Quarry__PlanNode *, st->nsets);
	for (int s = 0; s < st->nsets; s++)
		ap->inputs[s] = set_branch(cx, agg, st->sets[s], ng);
	memcpy(n->output_types, ap->inputs[0]->output_types, sizeof(int32_t) * nout);
	n->node_case = QUARRY__PLAN_NODE__NODE_APPEND;
	n->append = ap;
	return n;
}
