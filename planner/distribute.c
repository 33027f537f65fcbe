/*
 * distribute.c
 *	  Cutting a plan into stages at exchanges.  See distribute.h.
 *
 *	  dist() walks the tree bottom-up; each call returns the distribution of
 *	  the subtree it was given and may replace parts of that subtree by
 *	  ShuffleRead nodes whose map side became a stage of its own
 *	  (exchange()).  A post-pass gives every stage its task count, its
 *	  reads and its parents.
 *
 *	  dist_plan, dist_reads_nothing, dist_kind_name
 */
#include "planner/distribute.h"

#include <string.h>

#include "common/planwalk.h"
#include "common/types.h"
#include "planner/bind_int.h"

#define MAX_HASH_KEYS 16

typedef struct Part {
	DistKind	kind;
	int			nkeys;			/* DIST_HASH: the columns rows are placed by; 0 = unknown */
	int			keys[MAX_HASH_KEYS];
	Quarry__Scan *split;		/* DIST_SPLIT */
	double		split_rows;		/* DIST_SPLIT: rows of the split scan's files */
	DistPiece  *pieces;			/* DIST_SPLIT */
	int			npieces;
	double		rows;			/* estimated */
} Part;

typedef struct Dist {
	Arena	   *a;
	const DistOptions *opt;
	DistStage  *stages;
	int			nstages;
	int			cap;
} Dist;

static Part dist(Dist *d, Quarry__PlanNode **np);

const char *
dist_kind_name(DistKind k)
{
	switch (k) {
		case DIST_REPL:
			return "single";
		case DIST_SPLIT:
			return "scan split";
		case DIST_HASH:
			return "partitions";
	}
	return "?";
}

/* ---- building plan nodes and expressions ---- */

static Quarry__PlanNode *
node_new(Arena *a, const int32_t *types, size_t ntypes)
{
	Quarry__PlanNode *n = arena_new(a, Quarry__PlanNode);

	quarry__plan_node__init(n);
	n->n_output_types = ntypes;
	n->output_types = arena_array(a, int32_t, ntypes + 1);
	if (ntypes > 0)
		memcpy(n->output_types, types, sizeof(int32_t) * ntypes);
	return n;
}

static Quarry__Expr *
op_expr(Arena *a, Quarry__ExprOp op, int32_t type, Quarry__Expr *x, Quarry__Expr *y)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_OP;
	e->op = op;
	e->type = type;
	e->n_args = 2;
	e->args = arena_array(a, Quarry__Expr *, 2);
	e->args[0] = x;
	e->args[1] = y;
	return e;
}

static Quarry__Expr *
cast_expr(Arena *a, Quarry__Expr *x, int32_t type)
{
	Quarry__Expr *e = arena_new(a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_CAST;
	e->type = type;
	e->typmod = -1;
	e->n_args = 1;
	e->args = arena_array(a, Quarry__Expr *, 1);
	e->args[0] = x;
	return e;
}

static bool
is_col(const Quarry__Expr *e)
{
	return e != NULL && e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN;
}

/* ---- estimates ---- */

static double
width(const Quarry__PlanNode *n)
{
	double		w = 0;

	for (size_t i = 0; i < n->n_output_types; i++)
		w += type_info((TypeId) n->output_types[i])->phys == PHYS_STR ? 24 : 8;
	return w > 0 ? w : 1;
}

static double
rows_of(const Quarry__PlanNode *n, const Part *p)
{
	return n->est_rows > 0 ? n->est_rows : p->rows;
}

static bool
small(Dist *d, const Quarry__PlanNode *n, const Part *p)
{
	return rows_of(n, p) * width(n) <= (double) d->opt->broadcast_threshold;
}

/* ---- stages ---- */

static DistStage *
stage_new(Dist *d)
{
	DistStage  *s;

	if (d->nstages == d->cap) {
		int			cap = d->cap ? d->cap * 2 : 8;
		DistStage  *grown = arena_array(d->a, DistStage, cap);

		if (d->nstages > 0)
			memcpy(grown, d->stages, sizeof(DistStage) * d->nstages);
		d->stages = grown;
		d->cap = cap;
	}
	s = &d->stages[d->nstages];
	memset(s, 0, sizeof(*s));
	s->id = d->nstages++;
	return s;
}

static void
stage_take(DistStage *s, Quarry__PlanNode *root, const Part *p)
{
	s->root = root;
	s->kind = p->kind;
	s->split = p->split;
	s->pieces = p->pieces;
	s->ntasks = p->kind == DIST_SPLIT ? p->npieces : 1;
}

/*
 * exchange makes *np, whose distribution is p, the map side of a new
 * stage that shuffles its rows by keys (SHUFFLE_HASH) or into one
 * partition (SHUFFLE_SINGLE), and puts the reduce side's ShuffleRead in
 * its place.  Returns the read's distribution.
 */
static Part
exchange(Dist *d, Quarry__PlanNode **np, const Part *p, Quarry__ShuffleKind kind,
		 Quarry__Expr **keys, int nkeys)
{
	Quarry__PlanNode *child = *np;
	DistStage  *s = stage_new(d);
	Quarry__ShuffleOutput *out = arena_new(d->a, Quarry__ShuffleOutput);
	Quarry__PlanNode *r = node_new(d->a, child->output_types, child->n_output_types);
	Part		rp;

	stage_take(s, child, p);
	quarry__shuffle_output__init(out);
	out->shuffle = s->id;
	out->kind = kind;
	out->partitions = kind == QUARRY__SHUFFLE_KIND__SHUFFLE_HASH ? d->opt->partitions : 1;
	out->n_keys = (size_t) nkeys;
	out->keys = keys;
	out->raw = d->opt->raw_shuffle;
	s->out = out;

	r->node_case = QUARRY__PLAN_NODE__NODE_SHUFFLE_READ;
	r->shuffle_read = arena_new(d->a, Quarry__ShuffleRead);
	quarry__shuffle_read__init(r->shuffle_read);
	r->shuffle_read->shuffle = s->id;
	r->est_rows = rows_of(child, p);
	*np = r;

	memset(&rp, 0, sizeof(rp));
	rp.rows = r->est_rows;
	if (kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE) {
		rp.kind = DIST_REPL;
		return rp;
	}
	rp.kind = DIST_HASH;
	for (int i = 0; i < nkeys && nkeys <= MAX_HASH_KEYS; i++) {
		if (!is_col(keys[i])) {
			rp.nkeys = 0;
			break;
		}
		rp.keys[rp.nkeys++] = keys[i]->column;
	}
	return rp;
}

static Part
gather(Dist *d, Quarry__PlanNode **np, const Part *p)
{
	if (p->kind == DIST_REPL)
		return *p;
	return exchange(d, np, p, QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE, NULL, 0);
}

/* hashed_on: p places rows by exactly these key columns, in this order. */
static bool
hashed_on(const Part *p, Quarry__Expr **keys, int nkeys)
{
	if (p->kind != DIST_HASH || p->nkeys != nkeys)
		return false;
	for (int i = 0; i < nkeys; i++)
		if (!is_col(keys[i]) || keys[i]->column != p->keys[i])
			return false;
	return true;
}

/* ---- scans ---- */

/* split_scan cuts a scan's row groups into at most slots contiguous pieces. */
static Part
dist_scan(Dist *d, Quarry__PlanNode *n)
{
	Quarry__Scan *s = n->scan;
	Part		p;
	int64_t		rows = 0;
	int		   *rgs = arena_array(d->a, int, s->n_files + 1);
	int			total = 0;
	int			ntasks;
	int			per;
	int			f = 0;
	int			at = 0;

	memset(&p, 0, sizeof(p));
	p.kind = DIST_REPL;
	for (size_t i = 0; i < s->n_files; i++) {
		int64_t		b = 0;
		int64_t		r = 0;

		if (s->csv != NULL) {
			rgs[i] = 1;			/* a CSV file is one piece */
			b = 0;
			if (d->opt->row_groups != NULL)
				(void) d->opt->row_groups(d->opt->arg, s->files[i], &r, &b);
			r = b / 64;
		} else {
			rgs[i] = d->opt->row_groups ? d->opt->row_groups(d->opt->arg, s->files[i], &r, &b) : -1;
			if (rgs[i] < 0)
				return p;		/* cannot split what we cannot read */
		}
		total += rgs[i];
		rows += r;
	}
	p.rows = n->est_rows > 0 ? n->est_rows : (double) rows;
	if (s->csv != NULL && s->csv->n_range_start > 0)
		return p;				/* already cut (a write's part) */
	if (total < 2 || d->opt->slots < 2)
		return p;				/* one row group: one task reads it */
	ntasks = total < d->opt->slots ? total : d->opt->slots;
	per = (total + ntasks - 1) / ntasks;
	p.kind = DIST_SPLIT;
	p.split = s;
	p.split_rows = (double) rows;
	p.pieces = arena_array(d->a, DistPiece, ntasks);
	for (int t = 0; t < ntasks && f < (int) s->n_files; t++) {
		DistPiece  *pc = &p.pieces[p.npieces++];
		int			want = per;
		int			cap = (int) s->n_files + 1;

		pc->file = arena_array(d->a, int, cap);
		pc->rg_start = arena_array(d->a, int32_t, cap);
		pc->rg_end = arena_array(d->a, int32_t, cap);
		while (want > 0 && f < (int) s->n_files) {
			int			take = rgs[f] - at < want ? rgs[f] - at : want;

			if (take > 0) {
				pc->file[pc->nranges] = f;
				pc->rg_start[pc->nranges] = at;
				pc->rg_end[pc->nranges] = at + take;
				pc->nranges++;
			}
			want -= take;
			at += take;
			if (at >= rgs[f]) {
				f++;
				at = 0;
			}
		}
	}
	return p;
}

/* ---- aggregation ---- */

static bool
decomposable(const Quarry__Aggregate *agg)
{
	for (size_t i = 0; i < agg->n_aggs; i++) {
		const Quarry__AggCall *c = agg->aggs[i];

		if (c->distinct)
			return false;
		switch (c->func) {
			case QUARRY__AGG_FUNC__AGG_COUNT_STAR:
			case QUARRY__AGG_FUNC__AGG_COUNT:
			case QUARRY__AGG_FUNC__AGG_MIN:
			case QUARRY__AGG_FUNC__AGG_MAX:
			case QUARRY__AGG_FUNC__AGG_BOOL_AND:
			case QUARRY__AGG_FUNC__AGG_BOOL_OR:
				break;
			case QUARRY__AGG_FUNC__AGG_SUM:
			case QUARRY__AGG_FUNC__AGG_AVG:
				if (c->type != TYPE_INT8 && c->type != TYPE_NUMERIC && c->type != TYPE_FLOAT8 &&
					c->type != TYPE_FLOAT4)	/* sum(real): float4pl combines partial sums too */
					return false;
				break;
			default:
				return false;
		}
	}
	return true;
}

static Quarry__AggCall *
agg_call(Arena *a, Quarry__AggFunc func, Quarry__Expr *arg, int32_t type, Quarry__Expr *filter)
{
	Quarry__AggCall *c = arena_new(a, Quarry__AggCall);

	quarry__agg_call__init(c);
	c->func = func;
	c->arg = arg;
	c->type = type;
	c->filter = filter;
	return c;
}

/*
 * two_phase replaces *np (an Aggregate over rows distributed as p) by a
 * partial Aggregate, an exchange on the group columns, a final Aggregate
 * and, when there is an avg, a Project dividing sums by counts.
 */
static Part
two_phase(Dist *d, Quarry__PlanNode **np, const Part *p)
{
	Quarry__PlanNode *n = *np;
	Quarry__Aggregate *agg = n->aggregate;
	int			ng = (int) agg->n_group_by;
	int			na = (int) agg->n_aggs;
	int			npart = 0;
	int32_t    *ptypes = arena_array(d->a, int32_t, ng + 2 * na + 1);
	Quarry__AggCall **pcalls = arena_array(d->a, Quarry__AggCall *, 2 * na + 1);
	Quarry__AggCall **fcalls = arena_array(d->a, Quarry__AggCall *, 2 * na + 1);
	int		   *first = arena_array(d->a, int, na + 1);	/* partial column of agg i */
	bool		any_avg = false;
	Quarry__PlanNode *partial;
	Quarry__PlanNode *final;
	Quarry__Expr **keys = arena_array(d->a, Quarry__Expr *, ng + 1);
	Part		rp;

	memcpy(ptypes, n->output_types, sizeof(int32_t) * ng);
	for (int i = 0; i < na; i++) {
		const Quarry__AggCall *c = agg->aggs[i];
		int			col = ng + npart;

		first[i] = col;
		switch (c->func) {
			case QUARRY__AGG_FUNC__AGG_COUNT_STAR:
			case QUARRY__AGG_FUNC__AGG_COUNT:
				pcalls[npart] = agg_call(d->a, c->func, c->arg, TYPE_INT8, c->filter);
				ptypes[ng + npart] = TYPE_INT8;
				fcalls[npart++] = agg_call(d->a, QUARRY__AGG_FUNC__AGG_SUM,
										   expr_column(d->a, col, TYPE_INT8), TYPE_INT8, NULL);
				break;
			case QUARRY__AGG_FUNC__AGG_AVG:
				any_avg = true;
				pcalls[npart] = agg_call(d->a, QUARRY__AGG_FUNC__AGG_SUM, c->arg, c->type, c->filter);
				ptypes[ng + npart] = c->type;
				fcalls[npart++] = agg_call(d->a, QUARRY__AGG_FUNC__AGG_SUM,
										   expr_column(d->a, col, (TypeId) c->type), c->type, NULL);
				pcalls[npart] = agg_call(d->a, QUARRY__AGG_FUNC__AGG_COUNT, c->arg, TYPE_INT8, c->filter);
				ptypes[ng + npart] = TYPE_INT8;
				fcalls[npart++] = agg_call(d->a, QUARRY__AGG_FUNC__AGG_SUM,
										   expr_column(d->a, col + 1, TYPE_INT8), TYPE_INT8, NULL);
				break;
			default:			/* SUM, MIN, MAX, BOOL_AND, BOOL_OR merge as themselves */
				pcalls[npart] = agg_call(d->a, c->func, c->arg, c->type, c->filter);
				pcalls[npart]->arg2 = c->arg2;
				ptypes[ng + npart] = c->type;
				fcalls[npart++] = agg_call(d->a, c->func, expr_column(d->a, col, (TypeId) c->type), c->type, NULL);
				break;
		}
	}

	partial = node_new(d->a, ptypes, ng + npart);
	partial->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	partial->aggregate = arena_new(d->a, Quarry__Aggregate);
	quarry__aggregate__init(partial->aggregate);
	partial->aggregate->input = agg->input;
	partial->aggregate->n_group_by = agg->n_group_by;
	partial->aggregate->group_by = agg->group_by;
	partial->aggregate->n_aggs = (size_t) npart;
	partial->aggregate->aggs = pcalls;
	partial->est_rows = p->rows;

	for (int i = 0; i < ng; i++)
		keys[i] = expr_column(d->a, i, (TypeId) ptypes[i]);
	rp = ng > 0 ? exchange(d, &partial, p, QUARRY__SHUFFLE_KIND__SHUFFLE_HASH, keys, ng)
		: gather(d, &partial, p);

	final = node_new(d->a, ptypes, ng + npart);
	final->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	final->aggregate = arena_new(d->a, Quarry__Aggregate);
	quarry__aggregate__init(final->aggregate);
	final->aggregate->input = partial;
	final->aggregate->n_group_by = (size_t) ng;
	final->aggregate->group_by = arena_array(d->a, Quarry__Expr *, ng + 1);
	for (int i = 0; i < ng; i++)
		final->aggregate->group_by[i] = expr_column(d->a, i, (TypeId) ptypes[i]);
	final->aggregate->n_aggs = (size_t) npart;
	final->aggregate->aggs = fcalls;

	if (any_avg) {
		Quarry__PlanNode *proj = node_new(d->a, n->output_types, n->n_output_types);
		Quarry__Expr **exprs = arena_array(d->a, Quarry__Expr *, ng + na + 1);

		proj->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
		proj->project = arena_new(d->a, Quarry__Project);
		quarry__project__init(proj->project);
		proj->project->input = final;
		for (int i = 0; i < ng; i++)
			exprs[i] = expr_column(d->a, i, (TypeId) ptypes[i]);
		for (int i = 0; i < na; i++) {
			const Quarry__AggCall *c = agg->aggs[i];
			Quarry__Expr *sum = expr_column(d->a, first[i], (TypeId) ptypes[first[i]]);

			if (c->func == QUARRY__AGG_FUNC__AGG_AVG)
				exprs[ng + i] = op_expr(d->a, QUARRY__EXPR_OP__OP_DIV, c->type, sum,
										cast_expr(d->a, expr_column(d->a, first[i] + 1, TYPE_INT8),
												  c->type));
			else
				exprs[ng + i] = sum;
		}
		proj->project->n_exprs = (size_t) (ng + na);
		proj->project->exprs = exprs;
		final = proj;
	}
	final->est_rows = n->est_rows;
	*np = final;
	rp.rows = p->rows;
	return rp;
}

static Part
dist_agg(Dist *d, Quarry__PlanNode **np)
{
	Quarry__Aggregate *agg = (*np)->aggregate;
	Part		p = dist(d, &agg->input);
	int			ng = (int) agg->n_group_by;
	Part		out;

	if (p.kind == DIST_REPL)
		return p;
	memset(&out, 0, sizeof(out));
	out.rows = p.rows;
	/* rows already placed by some of the group columns: group in place */
	if (ng > 0 && p.kind == DIST_HASH && p.nkeys > 0) {
		bool		ok = true;

		for (int k = 0; k < p.nkeys && ok; k++) {
			ok = false;
			for (int i = 0; i < ng && !ok; i++)
				if (is_col(agg->group_by[i]) && agg->group_by[i]->column == p.keys[k]) {
					out.keys[out.nkeys++] = i;
					ok = true;
				}
		}
		if (ok) {
			out.kind = DIST_HASH;
			return out;
		}
		out.nkeys = 0;
	}
	if (decomposable(agg))
		return two_phase(d, np, &p);
	if (ng == 0)
		return gather(d, &agg->input, &p);
	out = exchange(d, &agg->input, &p, QUARRY__SHUFFLE_KIND__SHUFFLE_HASH, agg->group_by, ng);
	out.nkeys = ng <= MAX_HASH_KEYS ? ng : 0;
	for (int i = 0; i < out.nkeys; i++)
		out.keys[i] = i;
	return out;
}

/* ---- joins ---- */

static Part
dist_join(Dist *d, Quarry__PlanNode **np)
{
	Quarry__PlanNode *n = *np;
	Quarry__HashJoin *hj = n->hash_join;
	Part		pp = dist(d, &hj->probe);
	Part		pb = dist(d, &hj->build);
	int			nkeys = (int) hj->n_probe_keys;
	int			nprobe = (int) hj->probe->n_output_types;
	bool		bcast_ok = hj->type == QUARRY__JOIN_TYPE__JOIN_INNER ||
		hj->type == QUARRY__JOIN_TYPE__JOIN_LEFT || hj->type == QUARRY__JOIN_TYPE__JOIN_SEMI ||
		hj->type == QUARRY__JOIN_TYPE__JOIN_ANTI;
	Part		out;

	if (pp.kind == DIST_REPL && pb.kind == DIST_REPL) {
		pp.rows = pp.rows > pb.rows ? pp.rows : pb.rows;
		return pp;
	}
	/*
	 * Two split scans: one is read whole by every task (if small), the
	 * other stays split.  An inner join may keep either side split: keep
	 * the one with the bigger table, so the smaller one is read again.
	 */
	if (hj->type == QUARRY__JOIN_TYPE__JOIN_INNER && pp.kind == DIST_SPLIT &&
		pb.kind == DIST_SPLIT && pp.split_rows < pb.split_rows && small(d, hj->probe, &pp))
		pp.kind = DIST_REPL;
	else if (pb.kind == DIST_SPLIT && bcast_ok && pp.kind != DIST_REPL && small(d, hj->build, &pb))
		pb.kind = DIST_REPL;	/* a small split scan is read whole instead */
	if (pb.kind == DIST_REPL && bcast_ok)
		return pp;				/* every task reads the build side whole */
	if (pp.kind == DIST_REPL && hj->type == QUARRY__JOIN_TYPE__JOIN_INNER) {
		out = pb;				/* pairs of the whole probe side with each build piece */
		for (int i = 0; i < out.nkeys; i++)
			out.keys[i] += nprobe;
		return out;
	}
	if (bcast_ok && (nkeys == 0 || hj->null_aware || small(d, hj->build, &pb))) {
		(void) gather(d, &hj->build, &pb);
		return pp;
	}
	if (nkeys == 0 || hj->null_aware || nkeys > MAX_HASH_KEYS) {
		(void) gather(d, &hj->build, &pb);
		return gather(d, &hj->probe, &pp);
	}
	/* partitioned: both sides hashed alike on the keys */
	if (!hashed_on(&pp, hj->probe_keys, nkeys))
		pp = exchange(d, &hj->probe, &pp, QUARRY__SHUFFLE_KIND__SHUFFLE_HASH, hj->probe_keys, nkeys);
	if (!hashed_on(&pb, hj->build_keys, nkeys))
		pb = exchange(d, &hj->build, &pb, QUARRY__SHUFFLE_KIND__SHUFFLE_HASH, hj->build_keys, nkeys);
	out = pp;
	out.rows = pp.rows > pb.rows ? pp.rows : pb.rows;
	if (hj->type == QUARRY__JOIN_TYPE__JOIN_RIGHT_SEMI || hj->type == QUARRY__JOIN_TYPE__JOIN_RIGHT_ANTI)
		out = pb;				/* the output is the build side's rows */
	else if (hj->type == QUARRY__JOIN_TYPE__JOIN_FULL)
		out.nkeys = 0;			/* NULL-extended rows carry no probe key */
	return out;
}

/* ---- sort, limit and the rest ---- */

/*
 * trace finds the table column that column col of n's output is, through
 * filters, plain projections, joins and exchanges; false when it is
 * computed.
 */
static bool
trace(Dist *d, const Quarry__PlanNode *n, int col, const Quarry__Scan **scan, int *tcol)
{
	switch (n->node_case) {
		case QUARRY__PLAN_NODE__NODE_SCAN:
			if (n->scan->csv != NULL || col < 0 || (size_t) col >= n->scan->n_columns)
				return false;
			*scan = n->scan;
			*tcol = n->scan->columns[col];
			return true;
		case QUARRY__PLAN_NODE__NODE_FILTER:
			return trace(d, n->filter->input, col, scan, tcol);
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			if ((size_t) col >= n->project->n_exprs || !is_col(n->project->exprs[col]))
				return false;
			return trace(d, n->project->input, n->project->exprs[col]->column, scan, tcol);
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			{
				const Quarry__HashJoin *hj = n->hash_join;
				int			nprobe = (int) hj->probe->n_output_types;

				if (hj->type == QUARRY__JOIN_TYPE__JOIN_RIGHT_SEMI ||
					hj->type == QUARRY__JOIN_TYPE__JOIN_RIGHT_ANTI)
					return trace(d, hj->build, col, scan, tcol);
				if (col < nprobe)
					return trace(d, hj->probe, col, scan, tcol);
				return trace(d, hj->build, col - nprobe, scan, tcol);
			}
		case QUARRY__PLAN_NODE__NODE_SHUFFLE_READ:
			if (n->shuffle_read->shuffle < 0 || n->shuffle_read->shuffle >= d->nstages)
				return false;
			return trace(d, d->stages[n->shuffle_read->shuffle].root, col, scan, tcol);
		default:
			return false;
	}
}

/*
 * dist_sort: range-partition the input by the first sort key when bounds
 * for it are known, else gather it into one task.
 */
static Part
dist_sort(Dist *d, Quarry__PlanNode *n)
{
	Quarry__Sort *sort = n->sort;
	Part		p = dist(d, &sort->input);
	const Quarry__Scan *scan;
	const Quarry__SortKey *k0;
	Quarry__Datum **bounds;
	Quarry__Expr **key;
	int			tcol;
	int			nb;
	Part		out;

	if (p.kind == DIST_REPL)
		return p;
	if (sort->n_keys == 0 || d->opt->range_bounds == NULL || d->opt->partitions < 2)
		return gather(d, &sort->input, &p);
	k0 = sort->keys[0];
	if (!trace(d, sort->input, k0->column, &scan, &tcol) ||
		(nb = d->opt->range_bounds(d->opt->arg, scan, tcol, d->opt->partitions, d->a, &bounds)) < 1)
		return gather(d, &sort->input, &p);
	key = arena_array(d->a, Quarry__Expr *, 1);
	key[0] = expr_column(d->a, k0->column, (TypeId) sort->input->output_types[k0->column]);
	out = exchange(d, &sort->input, &p, QUARRY__SHUFFLE_KIND__SHUFFLE_RANGE, key, 1);
	{
		Quarry__ShuffleOutput *so = d->stages[d->nstages - 1].out;

		so->partitions = nb + 1;
		so->n_bounds = (size_t) nb;
		so->bounds = bounds;
		so->descending = k0->descending;
		so->nulls_first = k0->nulls_first;
	}
	out.nkeys = 0;				/* placed by ranges, not by a hash */
	return out;
}

static Quarry__PlanNode *
limit_node(Arena *a, Quarry__PlanNode *input, int64_t count)
{
	Quarry__PlanNode *l = node_new(a, input->output_types, input->n_output_types);

	l->node_case = QUARRY__PLAN_NODE__NODE_LIMIT;
	l->limit = arena_new(a, Quarry__Limit);
	quarry__limit__init(l->limit);
	l->limit->input = input;
	l->limit->count = count;
	return l;
}

static Part
dist_limit(Dist *d, Quarry__PlanNode **np)
{
	Quarry__Limit *lim = (*np)->limit;
	Quarry__PlanNode *in = lim->input;
	int64_t		keep = lim->count >= 0 ? lim->count + lim->offset : -1;
	Part		p;

	if (in->node_case == QUARRY__PLAN_NODE__NODE_SORT) {
		Quarry__Sort *sort = in->sort;

		p = dist(d, &sort->input);
		if (p.kind == DIST_REPL)
			return p;
		if (keep >= 0) {
			/* top-N in every task first */
			Quarry__PlanNode *local = node_new(d->a, in->output_types, in->n_output_types);

			local->node_case = QUARRY__PLAN_NODE__NODE_SORT;
			local->sort = arena_new(d->a, Quarry__Sort);
			quarry__sort__init(local->sort);
			local->sort->input = sort->input;
			local->sort->n_keys = sort->n_keys;
			local->sort->keys = sort->keys;
			sort->input = limit_node(d->a, local, keep);
		}
		return gather(d, &sort->input, &p);
	}
	p = dist(d, &lim->input);
	if (p.kind == DIST_REPL)
		return p;
	if (keep >= 0)
		lim->input = limit_node(d->a, lim->input, keep);
	return gather(d, &lim->input, &p);
}

/* placed_within: p places rows by a hash of some of cols, so equal cols meet. */
static bool
placed_within(const Part *p, const int32_t *cols, int ncols)
{
	if (p->kind != DIST_HASH || p->nkeys == 0)
		return false;
	for (int i = 0; i < p->nkeys; i++) {
		int			j;

		for (j = 0; j < ncols && cols[j] != p->keys[i]; j++)
			;
		if (j == ncols)
			return false;
	}
	return true;
}

/*
 * dist_window: each task needs whole partitions, so the input is
 * hash-exchanged on the PARTITION BY columns unless it is placed by them
 * already; a window without PARTITION BY gathers into one task.
 */
static Part
dist_window(Dist *d, Quarry__PlanNode *n)
{
	Quarry__Window *w = n->window;
	Part		p = dist(d, &w->input);
	int			nk = (int) w->n_partition_by;
	Quarry__Expr **keys;
	Part		out;

	if (p.kind == DIST_REPL)
		return p;
	if (nk == 0 || nk > MAX_HASH_KEYS)
		return gather(d, &w->input, &p);
	keys = arena_array(d->a, Quarry__Expr *, nk);
	for (int k = 0; k < nk; k++)
		keys[k] = expr_column(d->a, w->partition_by[k],
							  (TypeId) w->input->output_types[w->partition_by[k]]);
	if (placed_within(&p, w->partition_by, nk))
		return p;				/* the Window's first columns are its input's */
	out = exchange(d, &w->input, &p, QUARRY__SHUFFLE_KIND__SHUFFLE_HASH, keys, nk);
	out.nkeys = nk;
	for (int k = 0; k < nk; k++)
		out.keys[k] = w->partition_by[k];
	return out;
}

/*
 * dist_recursive: a RecursiveUnion (WITH RECURSIVE) runs whole in one
 * task, like a small table: its non-recursive input is gathered; its
 * recursive input is rebuilt for every run over the working table, so it
 * is never cut (its scans read their tables whole).  Above it, plans are
 * distributed as usual (a split join that reads it whole computes it in
 * each of its tasks).  No exchange of its own: a count over a million
 * generated rows would spend a third of its time shuffling them.
 */
static Part
dist_recursive(Dist *d, Quarry__PlanNode **np)
{
	Quarry__RecursiveUnion *ru = (*np)->recursive_union;
	Part		p = dist(d, &ru->non_recursive);

	(void) gather(d, &ru->non_recursive, &p);
	memset(&p, 0, sizeof(p));
	p.kind = DIST_REPL;
	p.rows = (*np)->est_rows > 0 ? (*np)->est_rows : 1000;
	return p;
}

static Part
dist(Dist *d, Quarry__PlanNode **np)
{
	Quarry__PlanNode *n = *np;
	Part		p;

	memset(&p, 0, sizeof(p));
	p.kind = DIST_REPL;
	p.rows = n->est_rows > 0 ? n->est_rows : 1;
	switch (n->node_case) {
		case QUARRY__PLAN_NODE__NODE_SCAN:
			return dist_scan(d, n);
		case QUARRY__PLAN_NODE__NODE_FILTER:
			p = dist(d, &n->filter->input);
			p.rows = n->est_rows > 0 ? n->est_rows : p.rows / 2;
			return p;
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			{
				Quarry__Project *pr = n->project;
				Part		in = dist(d, &pr->input);
				int			nk = 0;

				if (in.kind != DIST_HASH || in.nkeys == 0)
					return in;
				for (int k = 0; k < in.nkeys; k++)
					for (size_t j = 0; j < pr->n_exprs; j++)
						if (is_col(pr->exprs[j]) && pr->exprs[j]->column == in.keys[k]) {
							in.keys[nk++] = (int) j;
							break;
						}
				in.nkeys = nk == in.nkeys ? nk : 0;
				return in;
			}
		case QUARRY__PLAN_NODE__NODE_AGGREGATE:
			return dist_agg(d, np);
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			return dist_join(d, np);
		case QUARRY__PLAN_NODE__NODE_SORT:
			return dist_sort(d, n);
		case QUARRY__PLAN_NODE__NODE_LIMIT:
			return dist_limit(d, np);
		case QUARRY__PLAN_NODE__NODE_SINGLE_ROW:
			p = dist(d, &n->single_row->input);
			return gather(d, &n->single_row->input, &p);
		case QUARRY__PLAN_NODE__NODE_APPEND:
			{
				Part		all;
				double		rows = 0;

				memset(&all, 0, sizeof(all));
				all.kind = DIST_REPL;
				for (size_t i = 0; i < n->append->n_inputs; i++) {
					Part		c = dist(d, &n->append->inputs[i]);

					rows += c.rows;
					(void) gather(d, &n->append->inputs[i], &c);
				}
				all.rows = rows;
				return all;
			}
		case QUARRY__PLAN_NODE__NODE_SERIES:
			/* each input row's series in the task that has the row: keys hold */
			p = dist(d, &n->series->input);
			p.rows = n->est_rows > 0 ? n->est_rows : p.rows;
			return p;
		case QUARRY__PLAN_NODE__NODE_APPLY:
			/*
			 * Each task runs the inner side whole for each of its outer
			 * rows: inner is not cut (its scans read every file).  Outer's
			 * columns come first, so its placement holds for the output.
			 */
			p = dist(d, &n->apply->outer);
			p.rows = n->est_rows > 0 ? n->est_rows : p.rows;
			return p;
		case QUARRY__PLAN_NODE__NODE_WINDOW:
			return dist_window(d, n);
		case QUARRY__PLAN_NODE__NODE_SHUFFLE_READ:
			/* a subtree met twice (shared by two parents) was cut already */
			if (n->shuffle_read->shuffle >= 0 && n->shuffle_read->shuffle < d->nstages &&
				d->stages[n->shuffle_read->shuffle].out->kind != QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE)
				p.kind = DIST_HASH;
			return p;
		case QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION:
			return dist_recursive(d, np);
		default:
			return p;			/* OneRow, Values: one task computes them */
	}
}

/* ---- the post-pass ---- */

static void
collect_reads(Arena *a, DistStage *s, Quarry__PlanNode *n)
{
	const Quarry__PlanNode *kids[PLAN_MAX_CHILDREN];
	int			k;

	if (n == NULL)
		return;
	if (n->node_case == QUARRY__PLAN_NODE__NODE_SHUFFLE_READ) {
		Quarry__ShuffleRead **reads = arena_array(a, Quarry__ShuffleRead *, s->nreads + 1);
		int		   *parents = arena_array(a, int, s->nreads + 1);

		if (s->nreads > 0) {
			memcpy(reads, s->reads, sizeof(*reads) * s->nreads);
			memcpy(parents, s->parents, sizeof(int) * s->nreads);
		}
		reads[s->nreads] = n->shuffle_read;
		parents[s->nreads] = n->shuffle_read->shuffle;
		s->reads = reads;
		s->parents = parents;
		s->nreads++;
		s->nparents = s->nreads;
		return;
	}
	k = plan_children(n, kids, PLAN_MAX_CHILDREN);
	for (int i = 0; i < k; i++)
		collect_reads(a, s, (Quarry__PlanNode *) kids[i]);
}

/*
 * dist_plan cuts root into stages (root itself is rewritten in place).
 * Returns false when the plan cannot be distributed (the caller runs it as
 * one task).
 */
bool
dist_plan(Arena *a, Quarry__PlanNode *root, const DistOptions *opt, DistPlan *out)
{
	Dist		d = {.a = a, .opt = opt};
	Quarry__PlanNode *top = root;
	Part		p;
	DistStage  *result;

	memset(out, 0, sizeof(*out));
	if (root->node_case == QUARRY__PLAN_NODE__NODE_WRITE || opt->slots < 2)
		return false;			/* one stage: nothing to gain from exchanges */
	p = dist(&d, &top);
	result = stage_new(&d);
	stage_take(result, top, &p);
	for (int i = 0; i < d.nstages; i++) {
		DistStage  *s = &d.stages[i];

		collect_reads(a, s, s->root);
		if (s->kind == DIST_HASH) {
			/* one task per partition of the shuffles it reads partition by partition */
			s->ntasks = 0;
			for (int r = 0; r < s->nreads; r++) {
				const Quarry__ShuffleOutput *po = d.stages[s->parents[r]].out;

				if (po->kind != QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE && po->partitions > s->ntasks)
					s->ntasks = po->partitions;
			}
		}
		if (s->ntasks < 1)
			s->ntasks = 1;
	}
	out->stages = d.stages;
	out->nstages = d.nstages;
	out->partitions = opt->partitions;
	return true;
}

/*
 * small_series: a Series the coordinator may run in its event loop (which
 * nothing can interrupt): over one row, with constant bounds a few
 * thousand apart.  Any other (generate_series(1, 1e12), one per row of a
 * relation) goes to a worker, where cancel and statement_timeout reach it.
 */
static bool
small_series(const Quarry__Series *s)
{
	const Quarry__Datum *lo = s->start->value;
	const Quarry__Datum *hi = s->stop->value;

	if (s->input == NULL || s->input->node_case != QUARRY__PLAN_NODE__NODE_ONE_ROW ||
		s->start->kind != QUARRY__EXPR_KIND__EXPR_CONST ||
		s->stop->kind != QUARRY__EXPR_KIND__EXPR_CONST ||
		(s->step != NULL && s->step->kind != QUARRY__EXPR_KIND__EXPR_CONST) ||
		(s->start->type != TYPE_INT4 && s->start->type != TYPE_INT8))
		return false;
	if (lo == NULL || hi == NULL || lo->is_null || hi->is_null)
		return true;			/* no rows */
	return hi->i - lo->i < 100000 && lo->i - hi->i < 100000;
}

/* dist_reads_nothing: the plan reads no table file and no shuffle. */
bool
dist_reads_nothing(const Quarry__PlanNode *n)
{
	const Quarry__PlanNode *kids[PLAN_MAX_CHILDREN];
	int			k;

	if (n == NULL)
		return true;
	if (n->node_case == QUARRY__PLAN_NODE__NODE_SCAN ||
		n->node_case == QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION ||	/* may run long: a worker */
		n->node_case == QUARRY__PLAN_NODE__NODE_SHUFFLE_READ ||
		n->node_case == QUARRY__PLAN_NODE__NODE_WRITE ||
		(n->node_case == QUARRY__PLAN_NODE__NODE_SERIES && !small_series(n->series)))
		return false;
	k = plan_children(n, kids, PLAN_MAX_CHILDREN);
	for (int i = 0; i < k; i++)
		if (!dist_reads_nothing(kids[i]))
			return false;
	return true;					/* OneRow, Values and what sits on them */
}
