/*
 * plan.c
 *	  Plan fragments for the micro-benchmarks, built as the planner would
 *	  (protobuf-c structs of common/proto/plan.proto in an arena), and
 *	  MemSource: an operator that replays MicroData's batches so that one
 *	  operator can be timed without the scan under it.
 */
#include "bench/micro/micro.h"

#include <string.h>

Quarry__Expr *
px_col(Arena *a, int col, int32_t type)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_COLUMN;
	e->type = type;
	e->column = col;
	return e;
}

static Quarry__Expr *
px_const(Arena *a, int32_t type)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);
	Quarry__Datum *d = arena_new(a, Quarry__Datum);

	quarry__expr__init(e);
	quarry__datum__init(d);
	e->kind = QUARRY__EXPR_KIND__EXPR_CONST;
	e->type = type;
	e->value = d;
	return e;
}

Quarry__Expr *
px_int(Arena *a, int64_t v, int32_t type)
{
	Quarry__Expr *e = px_const(a, type);

	e->value->value_case = QUARRY__DATUM__VALUE_I;
	e->value->i = v;
	return e;
}

Quarry__Expr *
px_float(Arena *a, double v)
{
	Quarry__Expr *e = px_const(a, TYPE_FLOAT8);

	e->value->value_case = QUARRY__DATUM__VALUE_F;
	e->value->f = v;
	return e;
}

Quarry__Expr *
px_op(Arena *a, Quarry__ExprOp op, int32_t type, Quarry__Expr *l, Quarry__Expr *r)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_OP;
	e->type = type;
	e->op = op;
	e->n_args = 2;
	e->args = arena_array(a, Quarry__Expr *, 2);
	e->args[0] = l;
	e->args[1] = r;
	return e;
}

Quarry__Expr *
px_and(Arena *a, int n, Quarry__Expr **args)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_AND;
	e->type = TYPE_BOOL;
	e->n_args = (size_t) n;
	e->args = arena_memdup(a, args, sizeof(*args) * (size_t) n);
	return e;
}

static Quarry__PlanNode *
pn_new(Arena *a, int ntypes, const int32_t *types)
{
	Quarry__PlanNode *p = arena_new(a, Quarry__PlanNode);

	quarry__plan_node__init(p);
	p->n_output_types = (size_t) ntypes;
	p->output_types = arena_memdup(a, types, sizeof(int32_t) * (size_t) (ntypes ? ntypes : 1));
	return p;
}

/* pn_scan reads files holding table_types columns and outputs cols. */
Quarry__PlanNode *
pn_scan(Arena *a, char **files, size_t nfiles, const int32_t *table_types, int ntable,
		const int *cols, int ncols)
{
	int32_t		out[LI_NCOLS];
	Quarry__PlanNode *p;
	Quarry__Scan *s = arena_new(a, Quarry__Scan);

	quarry__scan__init(s);
	for (int i = 0; i < ncols; i++)
		out[i] = table_types[cols[i]];
	p = pn_new(a, ncols, out);
	s->n_files = nfiles;
	s->files = files;
	s->n_table_types = (size_t) ntable;
	s->table_types = arena_memdup(a, table_types, sizeof(int32_t) * (size_t) ntable);
	s->n_columns = (size_t) ncols;
	s->columns = arena_array(a, int32_t, ncols);
	for (int i = 0; i < ncols; i++)
		s->columns[i] = cols[i];
	p->node_case = QUARRY__PLAN_NODE__NODE_SCAN;
	p->scan = s;
	return p;
}

Quarry__PlanNode *
pn_filter(Arena *a, Quarry__PlanNode *in, Quarry__Expr *pred)
{
	Quarry__PlanNode *p = pn_new(a, (int) in->n_output_types, in->output_types);
	Quarry__Filter *f = arena_new(a, Quarry__Filter);

	quarry__filter__init(f);
	f->input = in;
	f->predicate = pred;
	p->node_case = QUARRY__PLAN_NODE__NODE_FILTER;
	p->filter = f;
	return p;
}

/* pn_agg groups by group[] and computes funcs over args (NULL for count(*)). */
Quarry__PlanNode *
pn_agg(Arena *a, Quarry__PlanNode *in, int ngroup, Quarry__Expr **group, int naggs,
	   Quarry__AggFunc *funcs, Quarry__Expr **args, int32_t *types)
{
	int32_t		out[16];
	Quarry__PlanNode *p;
	Quarry__Aggregate *g = arena_new(a, Quarry__Aggregate);

	quarry__aggregate__init(g);
	for (int i = 0; i < ngroup; i++)
		out[i] = group[i]->type;
	for (int i = 0; i < naggs; i++)
		out[ngroup + i] = types[i];
	p = pn_new(a, ngroup + naggs, out);
	g->input = in;
	g->n_group_by = (size_t) ngroup;
	g->group_by = ngroup ? arena_memdup(a, group, sizeof(*group) * (size_t) ngroup) : NULL;
	g->n_aggs = (size_t) naggs;
	g->aggs = arena_array(a, Quarry__AggCall *, naggs);
	for (int i = 0; i < naggs; i++) {
		g->aggs[i] = arena_new(a, Quarry__AggCall);
		quarry__agg_call__init(g->aggs[i]);
		g->aggs[i]->func = funcs[i];
		g->aggs[i]->arg = args[i];
		g->aggs[i]->type = types[i];
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	p->aggregate = g;
	return p;
}

Quarry__PlanNode *
pn_sort(Arena *a, Quarry__PlanNode *in, int nkeys, const int *cols)
{
	Quarry__PlanNode *p = pn_new(a, (int) in->n_output_types, in->output_types);
	Quarry__Sort *s = arena_new(a, Quarry__Sort);

	quarry__sort__init(s);
	s->input = in;
	s->n_keys = (size_t) nkeys;
	s->keys = arena_array(a, Quarry__SortKey *, nkeys);
	for (int i = 0; i < nkeys; i++) {
		s->keys[i] = arena_new(a, Quarry__SortKey);
		quarry__sort_key__init(s->keys[i]);
		s->keys[i]->column = cols[i];
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_SORT;
	p->sort = s;
	return p;
}

/* pn_hashjoin: an inner equi-join on one key; probe's columns, then build's. */
Quarry__PlanNode *
pn_hashjoin(Arena *a, Quarry__PlanNode *probe, Quarry__PlanNode *build, Quarry__Expr *probe_key,
			Quarry__Expr *build_key)
{
	size_t		np = probe->n_output_types;
	size_t		nb = build->n_output_types;
	int32_t    *types = arena_array(a, int32_t, np + nb);
	Quarry__PlanNode *p;
	Quarry__HashJoin *j = arena_new(a, Quarry__HashJoin);

	memcpy(types, probe->output_types, sizeof(int32_t) * np);
	memcpy(types + np, build->output_types, sizeof(int32_t) * nb);
	p = pn_new(a, (int) (np + nb), types);
	quarry__hash_join__init(j);
	j->probe = probe;
	j->build = build;
	j->n_probe_keys = 1;
	j->probe_keys = arena_array(a, Quarry__Expr *, 1);
	j->probe_keys[0] = probe_key;
	j->n_build_keys = 1;
	j->build_keys = arena_array(a, Quarry__Expr *, 1);
	j->build_keys[0] = build_key;
	j->type = QUARRY__JOIN_TYPE__JOIN_INNER;
	p->node_case = QUARRY__PLAN_NODE__NODE_HASH_JOIN;
	p->hash_join = j;
	return p;
}

/* ---- MemSource: replays MicroData's batches, projecting cols ---- */

typedef struct MemSource {
	Op			op;
	const MicroData *d;
	const int  *cols;
	uint32_t	next;
} MemSource;

static bool
mem_open(Op *op, Err *err)
{
	((MemSource *) op)->next = 0;
	return true;
}

static OpStatus
mem_next(Op *op, Batch **out, Err *err)
{
	MemSource  *m = (MemSource *) op;
	const Batch *src;
	Batch	   *b;

	if (m->next == m->d->nbatches)
		return OP_DONE;
	src = m->d->batches[m->next++];
	arena_reset(&op->scratch);
	b = arena_new(&op->scratch, Batch);
	b->ncols = op->ncols;
	b->cols = arena_array(&op->scratch, Vector, op->ncols);
	for (int c = 0; c < op->ncols; c++)
		b->cols[c] = src->cols[m->cols[c]];
	b->count = src->count;
	b->arena = src->arena;
	*out = b;
	return OP_BATCH;
}

static const OpVtbl mem_vtbl = {"MemSource", mem_open, mem_next, NULL};

/*
 * mem_source_new makes the MemSource; the caller builds the operator above
 * it over a Scan of the same columns, then points its child here.
 */
Op *
mem_source_new(ExecCtx *cx, const MicroData *d, const int *cols, int ncols)
{
	MemSource  *m = arena_new(cx->arena, MemSource);
	int32_t    *types = arena_array(cx->arena, int32_t, ncols);
	Quarry__PlanNode *p;

	for (int i = 0; i < ncols; i++)
		types[i] = d->types[cols[i]];
	p = pn_new(cx->arena, ncols, types);
	p->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
	op_init(&m->op, &mem_vtbl, cx, p);
	m->d = d;
	m->cols = arena_memdup(cx->arena, cols, sizeof(int) * (size_t) ncols);
	return &m->op;
}

/* drain opens op, pulls every batch and counts the rows; keeps the last batch. */
bool
drain(Op *op, uint64_t *rows_out, Batch **last, Err *err)
{
	Batch	   *b;
	OpStatus	st;
	uint64_t	rows = 0;

	if (!exec_open(op, err))
		return false;
	while ((st = exec_next(op, &b, err)) == OP_BATCH) {
		rows += batch_rows(b);
		if (last)
			*last = b;
	}
	exec_close(op);
	if (rows_out)
		*rows_out = rows;
	return st == OP_DONE;
}
