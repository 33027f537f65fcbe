/*
 * rel.c
 *	  Planned relations.  A Rel is a plan node plus the ids of its output
 *	  columns; placing an expression above it maps the expression's ids to
 *	  the node's positions.  Base tables stay unbuilt until they are used,
 *	  so their scans read only the columns the query references.
 */
#include "planner/bind_int.h"
#include "planner/storage.h"

#include <stdio.h>
#include <string.h>

Quarry__PlanNode *
plan_node_new(Arena *a, int ntypes)
{
	Quarry__PlanNode *n = arena_new(a, Quarry__PlanNode);

	quarry__plan_node__init(n);
	n->n_output_types = ntypes;
	n->output_types = arena_array(a, int32_t, ntypes > 0 ? ntypes : 1);
	return n;
}

static Rel *
rel_new(BindCtx *cx, int nids)
{
	Rel		   *r = arena_new(cx->a, Rel);

	r->ids = arena_array(cx->a, int, nids > 0 ? nids : 1);
	r->nids = nids;
	return r;
}

/* rel_table is a base table whose columns are ids first_id...; scanned later. */
Rel *
rel_table(BindCtx *cx, CatTable *t, int first_id)
{
	Rel		   *r = rel_new(cx, 0);

	r->table = t;
	r->first_id = first_id;
	r->rows = r->base_rows = t->rows > 0 ? (double) t->rows : 1000;
	return r;
}

Rel *
rel_from_plan(BindCtx *cx, Quarry__PlanNode *plan, int *ids, int nids, double rows)
{
	Rel		   *r = rel_new(cx, nids);

	r->plan = plan;
	if (nids > 0)
		memcpy(r->ids, ids, sizeof(int) * nids);
	r->rows = r->base_rows = rows;
	return r;
}

/* rel_materialize builds a base table's scan of the columns in use. */
void
rel_materialize(BindCtx *cx, Rel *r)
{
	CatTable   *t = r->table;
	Quarry__PlanNode *n;
	Quarry__Scan *scan;
	int			k = 0;

	if (t == NULL)
		return;
	if (t->kind == 's') {
		syscat_values(cx, r);	/* pg_catalog: the rows themselves (syscat.c) */
		return;
	}
	r->ids = arena_array(cx->a, int, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++)
		if (colinfo(cx, r->first_id + i)->used)
			r->ids[k++] = r->first_id + i;
	r->nids = k;
	n = plan_node_new(cx->a, k);
	n->node_case = QUARRY__PLAN_NODE__NODE_SCAN;
	n->scan = scan = arena_new(cx->a, Quarry__Scan);
	quarry__scan__init(scan);
	scan->n_files = t->nfiles;
	scan->files = (char **) t->files;
	scan->n_table_types = t->ncols;
	scan->table_types = arena_array(cx->a, int32_t, t->ncols);
	for (int i = 0; i < t->ncols; i++)
		scan->table_types[i] = t->cols[i].type;
	scan->n_columns = k;
	scan->columns = arena_array(cx->a, int32_t, k + 1);
	for (int i = 0; i < k; i++) {
		scan->columns[i] = r->ids[i] - r->first_id;
		n->output_types[i] = t->cols[scan->columns[i]].type;
	}
	storage_fill_scan(cx->a, t, scan);	/* stored column ids, missing values */
	r->plan = n;
	r->table = NULL;
}

static int
position_of(const Rel *r, int id)
{
	for (int i = 0; i < r->nids; i++)
		if (r->ids[i] == id)
			return i;
	return -1;
}

static bool
all_ids_in(const Rel *r, const Quarry__Expr *e)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN && position_of(r, e->column) < 0)
		return false;
	for (size_t i = 0; i < e->n_args; i++)
		if (!all_ids_in(r, e->args[i]))
			return false;
	return true;
}

/* rel_has_ids reports whether r provides every column e refers to. */
bool
rel_has_ids(const Rel *r, const Quarry__Expr *e)
{
	if (r->table != NULL)
		return expr_ids_within(e, r->first_id, r->first_id + r->table->ncols);
	return all_ids_in(r, e);
}

/* rel_expr copies e with its ids replaced by r's output positions. */
Quarry__Expr *
rel_expr(BindCtx *cx, const Rel *r, const Quarry__Expr *e)
{
	Quarry__Expr *c = arena_memdup(cx->a, e, sizeof(*e));

	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		c->column = position_of(r, e->column);
		if (c->column < 0 && colinfo(cx, e->column)->level < cx->param_below) {
			/* an enclosing query's column, in a subquery run per row: a param */
			c->kind = QUARRY__EXPR_KIND__EXPR_PARAM;
			c->column = e->column;
			return c;
		}
		if (c->column < 0) {
			/*
			 * A column used where the plan cannot provide it: a reference
			 * to an enclosing query that decorrelation does not reach, or
			 * a subquery where only WHERE's are planned (JOIN ... ON).
			 */
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					cx->correlated || cx->parent != NULL ?
					"a correlated reference in this position of a subquery is not supported yet" :
					"a subquery in this position is not supported yet");
			snprintf(cx->err->detail, sizeof(cx->err->detail),
					 "The planner could not place column %d here.", e->column);
			return NULL;
		}
		return c;
	}
	if (e->n_args > 0) {
		c->args = arena_array(cx->a, Quarry__Expr *, e->n_args);
		for (size_t i = 0; i < e->n_args; i++)
			if ((c->args[i] = rel_expr(cx, r, e->args[i])) == NULL)
				return NULL;
	}
	return c;
}

static void
copy_types(Quarry__PlanNode *n, const Quarry__PlanNode *from, int offset, int count)
{
	memcpy(n->output_types + offset, from->output_types, sizeof(int32_t) * count);
}

/* rel_filter keeps r's rows for which pred (over ids) is true. */
Rel *
rel_filter(BindCtx *cx, Rel *r, Quarry__Expr *pred)
{
	Quarry__PlanNode *n;
	Quarry__Expr *p;

	rel_materialize(cx, r);
	if ((p = rel_expr(cx, r, pred)) == NULL)
		return NULL;
	n = plan_node_new(cx->a, r->nids);
	copy_types(n, r->plan, 0, r->nids);
	n->node_case = QUARRY__PLAN_NODE__NODE_FILTER;
	n->filter = arena_new(cx->a, Quarry__Filter);
	quarry__filter__init(n->filter);
	n->filter->input = r->plan;
	n->filter->predicate = p;
	r->plan = n;
	return r;
}

static Quarry__Expr **
map_keys(BindCtx *cx, const Rel *r, Quarry__Expr **keys, int n)
{
	Quarry__Expr **out = arena_array(cx->a, Quarry__Expr *, n + 1);

	for (int i = 0; i < n; i++)
		if ((out[i] = rel_expr(cx, r, keys[i])) == NULL)
			return NULL;
	return out;
}

/*
 * rel_join joins probe and build on probe_keys[i] = build_keys[i] (each over
 * its side's ids) with residual over both.  SEMI and ANTI keep probe's ids.
 */
Rel *
rel_join(BindCtx *cx, Rel *probe, Rel *build, Quarry__Expr **pkeys, Quarry__Expr **bkeys,
		 int nkeys, Quarry__Expr *residual, Quarry__JoinType type)
{
	bool		right = type == QUARRY__JOIN_TYPE__JOIN_RIGHT_SEMI ||
		type == QUARRY__JOIN_TYPE__JOIN_RIGHT_ANTI;
	bool		pairs = !right && type != QUARRY__JOIN_TYPE__JOIN_SEMI &&
		type != QUARRY__JOIN_TYPE__JOIN_ANTI;
	Rel		   *r;
	Quarry__HashJoin *hj;

	rel_materialize(cx, probe);
	rel_materialize(cx, build);
	if (right) {
		/* a RIGHT semi or anti join answers with the build side's rows */
		r = rel_new(cx, build->nids);
		memcpy(r->ids, build->ids, sizeof(int) * build->nids);
		r->plan = plan_node_new(cx->a, r->nids);
		copy_types(r->plan, build->plan, 0, build->nids);
	} else {
		r = rel_new(cx, probe->nids + (pairs ? build->nids : 0));
		memcpy(r->ids, probe->ids, sizeof(int) * probe->nids);
		if (pairs)
			memcpy(r->ids + probe->nids, build->ids, sizeof(int) * build->nids);
		r->plan = plan_node_new(cx->a, r->nids);
		copy_types(r->plan, probe->plan, 0, probe->nids);
		if (pairs)
			copy_types(r->plan, build->plan, probe->nids, build->nids);
	}
	r->plan->node_case = QUARRY__PLAN_NODE__NODE_HASH_JOIN;
	r->plan->hash_join = hj = arena_new(cx->a, Quarry__HashJoin);
	quarry__hash_join__init(hj);
	hj->probe = probe->plan;
	hj->build = build->plan;
	probe->plan->est_rows = probe->rows;	/* for distribute.c's broadcast choice */
	build->plan->est_rows = build->rows;
	hj->type = type;
	hj->n_probe_keys = hj->n_build_keys = nkeys;
	if ((hj->probe_keys = map_keys(cx, probe, pkeys, nkeys)) == NULL ||
		(hj->build_keys = map_keys(cx, build, bkeys, nkeys)) == NULL)
		return NULL;
	if (residual != NULL) {
		Rel		   *both = rel_new(cx, probe->nids + build->nids);

		memcpy(both->ids, probe->ids, sizeof(int) * probe->nids);
		memcpy(both->ids + probe->nids, build->ids, sizeof(int) * build->nids);
		if ((hj->residual = rel_expr(cx, both, residual)) == NULL)
			return NULL;
	}
	return r;
}

/* rel_project computes exprs (over r's ids) as new columns out_ids. */
Rel *
rel_project(BindCtx *cx, Rel *r, Quarry__Expr **exprs, int n, int *out_ids)
{
	Quarry__PlanNode *p;
	Rel		   *o;

	rel_materialize(cx, r);
	p = plan_node_new(cx->a, n);
	p->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
	p->project = arena_new(cx->a, Quarry__Project);
	quarry__project__init(p->project);
	p->project->input = r->plan;
	p->project->n_exprs = n;
	p->project->exprs = arena_array(cx->a, Quarry__Expr *, n + 1);
	for (int i = 0; i < n; i++) {
		if ((p->project->exprs[i] = rel_expr(cx, r, exprs[i])) == NULL)
			return NULL;
		p->output_types[i] = exprs[i]->type;
	}
	o = rel_new(cx, n);
	memcpy(o->ids, out_ids, sizeof(int) * n);
	o->plan = p;
	o->rows = r->rows;
	o->base_rows = r->base_rows;
	return o;
}

/*
 * rel_series: generate_series(args[0], args[1][, args[2]]) for each row of
 * r (over OneRow: generate_series in FROM), its value as column id.
 */
Rel *
rel_series(BindCtx *cx, Rel *r, Quarry__Expr *const *args, TypeId type, int id)
{
	Quarry__PlanNode *n;
	Quarry__Series *sr;
	Rel		   *o;
	Value		lo;
	Value		hi;
	double		rows = 10;

	rel_materialize(cx, r);
	n = plan_node_new(cx->a, r->nids + 1);
	copy_types(n, r->plan, 0, r->nids);
	n->output_types[r->nids] = type;
	n->node_case = QUARRY__PLAN_NODE__NODE_SERIES;
	n->series = sr = arena_new(cx->a, Quarry__Series);
	quarry__series__init(sr);
	sr->input = r->plan;
	if ((sr->start = rel_expr(cx, r, args[0])) == NULL || (sr->stop = rel_expr(cx, r, args[1])) == NULL ||
		(args[2] != NULL && (sr->step = rel_expr(cx, r, args[2])) == NULL))
		return NULL;
	if (args[2] == NULL && (type == TYPE_INT4 || type == TYPE_INT8) &&
		expr_const_value(args[0], &lo) && expr_const_value(args[1], &hi) && !lo.is_null && !hi.is_null)
		rows = hi.u.i >= lo.u.i ? (double) (hi.u.i - lo.u.i + 1) : 0;
	o = rel_new(cx, r->nids + 1);
	memcpy(o->ids, r->ids, sizeof(int) * r->nids);
	o->ids[r->nids] = id;
	o->plan = n;
	o->rows = o->base_rows = r->rows * rows;
	n->est_rows = o->rows;
	return o;
}
