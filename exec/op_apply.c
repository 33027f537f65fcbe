/*
 * op_apply.c
 *	  Apply: a correlated subquery run once per outer row (a parameterised
 *	  nested loop, SQL Server's Apply, PostgreSQL's SubPlan).
 *
 *	  At open the inner plan is copied once and its parameters (EXPR_PARAM
 *	  expressions whose column is one of the Apply's param_ids) are found.
 *	  For each outer row, the params are evaluated over the outer batch,
 *	  written into those expressions as constants, and the inner plan is
 *	  built, drained and closed in an arena of its own that the next row
 *	  resets.  A nested Apply's own parameters stay EXPR_PARAM until it
 *	  runs; ours are already constants in the plan it copies.
 *
 *	  Catalog queries (psql's \d, SQLAlchemy's get_columns) run subqueries
 *	  over a handful of rows this way; big outer inputs pay one inner run
 *	  per row, which the planner avoids whenever it can decorrelate.
 */
#include "exec/op.h"

#include <string.h>

#include "common/planwalk.h"
#include "exec/expr.h"

typedef struct ApplyOp {
	Op			op;
	Op		   *outer;
	Quarry__PlanNode *inner;	/* our copy, params rewritten per row */
	Quarry__Expr **slots;		/* EXPR_PARAMs of inner that are ours */
	int		   *slot_param;		/* the param each slot takes */
	int			nslots;
	int			slots_cap;
	Quarry__JoinType type;
	int			nouter;			/* outer's columns */
	Arena		batch_arena;	/* params of the current outer batch */
	Arena		row_arena;		/* the inner run of the current row */
	ExecCtx		row_cx;
	Batch	   *ob;				/* current outer batch, or NULL */
	Vector	  **pv;				/* params evaluated over ob */
	uint32_t	k;				/* next live row of ob */
	Op		   *io;				/* the inner run of row k - 1, or NULL */
	Batch	   *ib;				/* its current batch */
	uint32_t	ip;				/* next live row of ib */
	bool		matched;		/* row k - 1 got an inner row */
	bool		outer_done;
	Quarry__Datum *datums;		/* one per param */
	const Quarry__PlanNode **copy_nodes;	/* inner's nodes, pre-order ... */
	const Quarry__PlanNode **orig_nodes;	/* ... and the plan's, which EXPLAIN knows */
	int			nnodes;
	ExecStats	stats;			/* the inner runs' per-node sums */
} ApplyOp;

typedef struct SlotFind {
	ApplyOp    *a;
	const Quarry__Apply *plan;
} SlotFind;

static void
find_slot(Quarry__Expr *e, void *arg)
{
	SlotFind   *sf = arg;
	ApplyOp    *a = sf->a;

	for (size_t p = 0; p < sf->plan->n_param_ids; p++) {
		if (sf->plan->param_ids[p] != e->column)
			continue;
		if (a->nslots == a->slots_cap) {
			int			cap = a->slots_cap ? a->slots_cap * 2 : 8;
			Quarry__Expr **s = arena_array(a->op.cx->arena, Quarry__Expr *, cap);
			int		   *sp = arena_array(a->op.cx->arena, int, cap);

			if (a->nslots > 0) {
				memcpy(s, a->slots, sizeof(*s) * a->nslots);
				memcpy(sp, a->slot_param, sizeof(int) * a->nslots);
			}
			a->slots = s;
			a->slot_param = sp;
			a->slots_cap = cap;
		}
		a->slots[a->nslots] = e;
		a->slot_param[a->nslots++] = (int) p;
		return;
	}
}


/* pair_nodes lists copy's nodes beside orig's, walking both in pre-order. */
static void
pair_nodes(ApplyOp *a, const Quarry__PlanNode *copy, const Quarry__PlanNode *orig)
{
	const Quarry__PlanNode *ck[PLAN_MAX_CHILDREN];
	const Quarry__PlanNode *ok[PLAN_MAX_CHILDREN];
	int			n;

	if (copy == NULL || orig == NULL)
		return;
	if ((a->nnodes & (a->nnodes + 1)) == 0 || a->nnodes == 0) {
		int			cap = a->nnodes == 0 ? 8 : (a->nnodes + 1) * 2;
		const Quarry__PlanNode **c = arena_array(a->op.cx->arena, const Quarry__PlanNode *, cap);
		const Quarry__PlanNode **o = arena_array(a->op.cx->arena, const Quarry__PlanNode *, cap);

		if (a->nnodes > 0) {
			memcpy(c, a->copy_nodes, sizeof(*c) * a->nnodes);
			memcpy(o, a->orig_nodes, sizeof(*o) * a->nnodes);
		}
		a->copy_nodes = c;
		a->orig_nodes = o;
	}
	a->copy_nodes[a->nnodes] = copy;
	a->orig_nodes[a->nnodes++] = orig;
	n = plan_children(copy, ck, PLAN_MAX_CHILDREN);
	if (plan_children(orig, ok, PLAN_MAX_CHILDREN) != n)
		return;
	for (int i = 0; i < n; i++)
		pair_nodes(a, ck[i], ok[i]);
}

/* end_inner closes the current row's inner run and adds its counts to the stats. */
static void
end_inner(ApplyOp *a)
{
	if (a->io == NULL)
		return;
	exec_close(a->io);
	a->io = NULL;
	exec_fold_stats(a->op.cx, &a->stats, &a->row_cx, a->copy_nodes, a->orig_nodes, a->nnodes);
	a->row_cx.nops = a->row_cx.ops_cap = 0;
	a->row_cx.ops = NULL;
}

static bool
apply_open(Op *op, Err *err)
{
	ApplyOp    *a = (ApplyOp *) op;
	const Quarry__Apply *plan = op->plan->apply;
	SlotFind	sf = {a, plan};

	if ((a->inner = plan_copy(op->cx->arena, plan->inner)) == NULL) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory copying a subquery's plan");
		return false;
	}
	plan_params(&a->inner->base, find_slot, &sf);
	pair_nodes(a, a->inner, plan->inner);
	for (int s = 0; s < a->nslots; s++) {
		a->slots[s]->kind = QUARRY__EXPR_KIND__EXPR_CONST;
		a->slots[s]->value = &a->datums[a->slot_param[s]];
	}
	return exec_open(a->outer, err);
}

/* datum_of stores row i of v in d (as constants hold values: see plan.proto's Datum). */
static void
datum_of(const Vector *v, uint32_t i, Quarry__Datum *d)
{
	quarry__datum__init(d);
	if (vec_is_null(v, i)) {
		d->is_null = true;
		return;
	}
	switch (v->phys) {
		case PHYS_BOOL:
			d->value_case = QUARRY__DATUM__VALUE_B;
			d->b = ((const uint8_t *) v->data)[i] != 0;
			break;
		case PHYS_I16:
			d->value_case = QUARRY__DATUM__VALUE_I;
			d->i = ((const int16_t *) v->data)[i];
			break;
		case PHYS_I32:
			d->value_case = QUARRY__DATUM__VALUE_I;
			d->i = ((const int32_t *) v->data)[i];
			break;
		case PHYS_I64:
			d->value_case = QUARRY__DATUM__VALUE_I;
			d->i = ((const int64_t *) v->data)[i];
			break;
		case PHYS_F64:
			d->value_case = QUARRY__DATUM__VALUE_F;
			d->f = ((const double *) v->data)[i];
			break;
		case PHYS_STR:
			{
				const StrView *s = (const StrView *) v->data + i;

				d->value_case = QUARRY__DATUM__VALUE_S;
				d->s.data = (uint8_t *) str_data(s);
				d->s.len = s->len;
				break;
			}
		default:				/* PHYS_DEC, PHYS_IV: their 16 bytes */
			d->value_case = QUARRY__DATUM__VALUE_S;
			d->s.data = (uint8_t *) v->data + (size_t) i * 16;
			d->s.len = 16;
			break;
	}
}

/* next_outer fetches the next outer batch and evaluates the params over it. */
static OpStatus
next_outer(ApplyOp *a, Err *err)
{
	const Quarry__Apply *plan = a->op.plan->apply;
	OpStatus	st = exec_next(a->outer, &a->ob, err);

	if (st != OP_BATCH) {
		a->ob = NULL;
		a->outer_done = st == OP_DONE;
		return st;
	}
	arena_reset(&a->batch_arena);
	for (size_t p = 0; p < plan->n_params; p++)
		if ((a->pv[p] = expr_eval(plan->params[p], a->ob, &a->batch_arena, err)) == NULL)
			return OP_FAILED;
	a->k = 0;
	return OP_BATCH;
}

/* start_row runs the inner plan for live row k of the outer batch. */
static bool
start_row(ApplyOp *a, Err *err)
{
	uint32_t	row = batch_row(a->ob, a->k);

	end_inner(a);
	arena_reset(&a->row_arena);
	a->row_cx.nops = a->row_cx.ops_cap = 0;
	a->row_cx.ops = NULL;
	for (size_t p = 0; p < a->op.plan->apply->n_params; p++)
		datum_of(a->pv[p], row, &a->datums[p]);
	a->k++;
	a->ib = NULL;
	a->matched = false;
	if ((a->io = exec_build(&a->row_cx, a->inner, err)) == NULL)
		return false;
	if (!exec_open(a->io, err)) {
		end_inner(a);
		return false;
	}
	return true;
}

/* emit adds outer row orow (and inner row irow of ib, or NULLs) to out. */
static void
emit(ApplyOp *a, Batch *out, uint32_t orow, const Batch *ib, uint32_t irow)
{
	uint32_t	di = out->count++;

	batch_copy_cols(out, 0, di, a->ob, orow);
	if (a->type == QUARRY__JOIN_TYPE__JOIN_SEMI || a->type == QUARRY__JOIN_TYPE__JOIN_ANTI)
		return;
	if (ib != NULL)
		batch_copy_cols(out, a->nouter, di, ib, irow);
	else
		for (int c = a->nouter; c < out->ncols; c++)
			vec_set_null(out->arena, &out->cols[c], di);
}

static OpStatus
apply_next(Op *op, Batch **outp, Err *err)
{
	ApplyOp    *a = (ApplyOp *) op;
	bool		semi = a->type == QUARRY__JOIN_TYPE__JOIN_SEMI ||
		a->type == QUARRY__JOIN_TYPE__JOIN_ANTI;
	Batch	   *out;

	arena_reset(&op->scratch);
	out = batch_new(&op->scratch, op->ncols, op->types);
	while (out->count < BATCH_SIZE) {
		if (a->io == NULL) {
			/* the next outer row */
			if (!exec_check_cancel(op->cx, err))
				return OP_FAILED;
			while (a->ob == NULL || a->k >= batch_rows(a->ob)) {
				OpStatus	st;

				if (a->outer_done)
					break;
				if ((st = next_outer(a, err)) == OP_FAILED)
					return OP_FAILED;
			}
			if (a->ob == NULL)
				break;
			if (!start_row(a, err))
				return OP_FAILED;
		}
		/* inner rows of the current outer row */
		if (a->ib == NULL || a->ip >= batch_rows(a->ib)) {
			OpStatus	st = semi && a->matched ? OP_DONE : exec_next(a->io, &a->ib, err);
			uint32_t	orow = batch_row(a->ob, a->k - 1);

			if (st == OP_FAILED)
				return OP_FAILED;
			if (st == OP_BATCH) {
				a->ip = 0;
				if (batch_rows(a->ib) > 0)
					a->matched = true;
				continue;
			}
			/* inner done: the outer row's own verdict */
			if ((a->type == QUARRY__JOIN_TYPE__JOIN_LEFT && !a->matched) ||
				(a->type == QUARRY__JOIN_TYPE__JOIN_SEMI && a->matched) ||
				(a->type == QUARRY__JOIN_TYPE__JOIN_ANTI && !a->matched))
				emit(a, out, orow, NULL, 0);
			end_inner(a);
			a->ib = NULL;
			continue;
		}
		if (semi) {
			a->ip = batch_rows(a->ib);
			continue;
		}
		emit(a, out, batch_row(a->ob, a->k - 1), a->ib, batch_row(a->ib, a->ip));
		a->ip++;
	}
	if (out->count == 0)
		return OP_DONE;
	*outp = out;
	return OP_BATCH;
}

static void
apply_close(Op *op)
{
	ApplyOp    *a = (ApplyOp *) op;

	end_inner(a);
	arena_reset(&a->row_arena);
	arena_reset(&a->batch_arena);
	exec_close(a->outer);
}

static const OpVtbl apply_vtbl = {"Apply", apply_open, apply_next, apply_close};

Op *
op_apply_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	ApplyOp    *a = arena_new(cx->arena, ApplyOp);
	const Quarry__Apply *ap = plan->apply;
	int			want;

	op_init(&a->op, &apply_vtbl, cx, plan);
	a->type = ap->type;
	if (ap->outer == NULL || ap->inner == NULL || ap->n_params != ap->n_param_ids ||
		(a->outer = exec_build(cx, ap->outer, err)) == NULL) {
		if (a->outer == NULL && ap->outer != NULL && ap->inner != NULL &&
			ap->n_params == ap->n_param_ids)
			return NULL;		/* outer's own error */
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Apply node");
		return NULL;
	}
	a->nouter = a->outer->ncols;
	want = a->nouter;
	if (a->type == QUARRY__JOIN_TYPE__JOIN_INNER || a->type == QUARRY__JOIN_TYPE__JOIN_LEFT)
		want += (int) ap->inner->n_output_types;
	else if (a->type != QUARRY__JOIN_TYPE__JOIN_SEMI && a->type != QUARRY__JOIN_TYPE__JOIN_ANTI)
		want = -1;
	if (want != a->op.ncols) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Apply node");
		return NULL;
	}
	for (int c = 0; c < a->nouter; c++)
		if (a->outer->types[c] != a->op.types[c]) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Apply node");
			return NULL;
		}
	for (size_t p = 0; p < ap->n_params; p++)
		if (!expr_check(ap->params[p], a->outer->ncols, a->outer->types, err))
			return NULL;
	a->pv = arena_array(cx->arena, Vector *, ap->n_params + 1);
	a->datums = arena_array(cx->arena, Quarry__Datum, ap->n_params + 1);
	arena_init(&a->batch_arena);
	arena_init(&a->row_arena);
	a->row_cx.arena = &a->row_arena;
	a->row_cx.cancel = cx->cancel;
	a->row_cx.shuffle = cx->shuffle;
	a->row_cx.worktables = cx->worktables;	/* inside a recursive term */
	return &a->op;
}
