/*
 * op_basic.c
 *	  The streaming operators: OneRow, Filter, Project and Limit.
 */
#include <string.h>

#include "exec/expr.h"
#include "exec/op.h"

/* ---- OneRow: a single row with no columns, for SELECT without FROM ---- */

typedef struct OneRowOp {
	Op			op;
	bool		done;
} OneRowOp;

static bool
one_row_open(Op *op, Err *err)
{
	return true;
}

static OpStatus
one_row_next(Op *op, Batch **out, Err *err)
{
	OneRowOp   *o = (OneRowOp *) op;

	if (o->done)
		return OP_DONE;
	o->done = true;
	arena_reset(&op->scratch);
	*out = batch_new(&op->scratch, 0, NULL);
	(*out)->count = 1;
	return OP_BATCH;
}

static const OpVtbl one_row_vtbl = {"OneRow", one_row_open, one_row_next, NULL};

Op *
op_one_row_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	OneRowOp   *o = arena_new(cx->arena, OneRowOp);

	op_init(&o->op, &one_row_vtbl, cx, plan);
	return &o->op;
}

/* ---- shared by the operators with one child ---- */

static bool
child_open(Op *op, Err *err)
{
	return exec_open(op->child, err);
}

static void
child_close(Op *op)
{
	exec_close(op->child);
}

static Op *
with_child(Op *op, const Quarry__PlanNode *input, Err *err)
{
	if ((op->child = exec_build(op->cx, input, err)) == NULL)
		return NULL;
	return op;
}

/*
 * same_types_as_child checks that an operator passing its child's batches
 * through declares the child's column types, which its parent trusts.
 */
static bool
same_types_as_child(const Op *op, Err *err)
{
	if (op->ncols != op->child->ncols ||
		(op->ncols > 0 && memcmp(op->types, op->child->types, sizeof(int32_t) * op->ncols) != 0))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "%s output does not match its input",
					   op->vt->name);
	return true;
}

/* ---- Filter: narrows the selection vector, copies nothing ---- */

typedef struct FilterOp {
	Op			op;
	const Quarry__Expr *pred;
} FilterOp;

static OpStatus
filter_next(Op *op, Batch **out, Err *err)
{
	FilterOp   *f = (FilterOp *) op;

	for (;;) {
		Batch	   *b;
		OpStatus	st = exec_next(op->child, &b, err);
		Vector	   *v;
		uint32_t   *sel;
		uint32_t	n = 0;

		if (st != OP_BATCH)
			return st;
		arena_reset(&op->scratch);
		if ((v = expr_eval(f->pred, b, &op->scratch, err)) == NULL)
			return OP_FAILED;
		sel = arena_alloc(&op->scratch, sizeof(uint32_t) * BATCH_SIZE);
		for (uint32_t k = 0; k < batch_rows(b); k++) {
			uint32_t	row = batch_row(b, k);

			sel[n] = row;
			n += !vec_is_null(v, row) && ((const uint8_t *) v->data)[row];
		}
		if (n == 0)
			continue;
		if (n < batch_rows(b)) {
			b->sel = sel;
			b->nsel = n;
		}
		*out = b;
		return OP_BATCH;
	}
}

static const OpVtbl filter_vtbl = {"Filter", child_open, filter_next, child_close};

Op *
op_filter_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	FilterOp   *f = arena_new(cx->arena, FilterOp);

	op_init(&f->op, &filter_vtbl, cx, plan);
	f->pred = plan->filter->predicate;
	if (with_child(&f->op, plan->filter->input, err) == NULL || !same_types_as_child(&f->op, err))
		return NULL;
	if (!expr_check(f->pred, f->op.child->ncols, f->op.child->types, err))
		return NULL;
	if (f->pred->type != TYPE_BOOL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "filter predicate is not boolean");
		return NULL;
	}
	return &f->op;
}

/* ---- Project: evaluates expressions, keeps the input's selection ---- */

typedef struct ProjectOp {
	Op			op;
	const Quarry__Project *proj;
} ProjectOp;

static OpStatus
project_next(Op *op, Batch **out, Err *err)
{
	ProjectOp  *p = (ProjectOp *) op;
	Batch	   *b;
	Batch	   *o;
	OpStatus	st = exec_next(op->child, &b, err);

	if (st != OP_BATCH)
		return st;
	arena_reset(&op->scratch);
	o = arena_new(&op->scratch, Batch);
	o->ncols = op->ncols;
	o->cols = arena_array(&op->scratch, Vector, op->ncols > 0 ? op->ncols : 1);
	o->count = b->count;
	o->sel = b->sel;
	o->nsel = b->nsel;
	o->arena = &op->scratch;
	for (int c = 0; c < op->ncols; c++) {
		Vector	   *v = expr_eval(p->proj->exprs[c], b, &op->scratch, err);

		if (v == NULL)
			return OP_FAILED;
		o->cols[c] = *v;
	}
	*out = o;
	return OP_BATCH;
}

static const OpVtbl project_vtbl = {"Project", child_open, project_next, child_close};

Op *
op_project_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	ProjectOp  *p = arena_new(cx->arena, ProjectOp);

	op_init(&p->op, &project_vtbl, cx, plan);
	p->proj = plan->project;
	if (with_child(&p->op, plan->project->input, err) == NULL)
		return NULL;
	if (p->proj->n_exprs != plan->n_output_types) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "project expressions do not match its output");
		return NULL;
	}
	for (size_t i = 0; i < p->proj->n_exprs; i++) {
		if (!expr_check(p->proj->exprs[i], p->op.child->ncols, p->op.child->types, err))
			return NULL;
		if (p->proj->exprs[i]->type != plan->output_types[i]) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "project expression type mismatch");
			return NULL;
		}
	}
	return &p->op;
}

/* ---- Limit: skips offset rows, stops after count ---- */

typedef struct LimitOp {
	Op			op;
	int64_t		skip;
	int64_t		left;			/* -1 = unlimited */
} LimitOp;

static OpStatus
limit_next(Op *op, Batch **out, Err *err)
{
	LimitOp    *l = (LimitOp *) op;

	while (l->left != 0) {
		Batch	   *b;
		OpStatus	st = exec_next(op->child, &b, err);
		uint32_t	n;
		uint32_t   *sel;
		uint32_t	k = 0;
		uint32_t	m = 0;

		if (st != OP_BATCH)
			return st;
		n = batch_rows(b);
		if (l->skip >= n) {
			l->skip -= n;
			continue;
		}
		arena_reset(&op->scratch);
		sel = arena_alloc(&op->scratch, sizeof(uint32_t) * BATCH_SIZE);
		for (k = (uint32_t) l->skip; k < n && (l->left < 0 || (int64_t) m < l->left); k++)
			sel[m++] = batch_row(b, k);
		l->skip = 0;
		if (l->left > 0)
			l->left -= m;
		b->sel = sel;
		b->nsel = m;
		*out = b;
		return OP_BATCH;
	}
	return OP_DONE;
}

static const OpVtbl limit_vtbl = {"Limit", child_open, limit_next, child_close};

Op *
op_limit_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	LimitOp    *l = arena_new(cx->arena, LimitOp);

	op_init(&l->op, &limit_vtbl, cx, plan);
	l->skip = plan->limit->offset > 0 ? plan->limit->offset : 0;
	l->left = plan->limit->count;
	if (with_child(&l->op, plan->limit->input, err) == NULL || !same_types_as_child(&l->op, err))
		return NULL;
	return &l->op;
}

/* ---- SingleRow: a scalar subquery's one row ---- */

typedef struct SingleRowOp {
	Op			op;
	bool		done;
} SingleRowOp;

static OpStatus
single_row_next(Op *op, Batch **out, Err *err)
{
	SingleRowOp *s = (SingleRowOp *) op;
	Batch	   *b;
	OpStatus	st;
	uint32_t	n = 0;

	if (s->done)
		return OP_DONE;
	s->done = true;
	arena_reset(&op->scratch);
	*out = batch_new(&op->scratch, op->ncols, op->types);
	(*out)->count = 1;
	while ((st = exec_next(op->child, &b, err)) == OP_BATCH) {
		n += batch_rows(b);
		if (n > 1) {
			err_set(err, "21000", "more than one row returned by a subquery used as an expression");
			return OP_FAILED;
		}
		if (batch_rows(b) == 1)
			batch_copy_row(*out, 0, b, batch_row(b, 0));
	}
	if (st != OP_DONE)
		return OP_FAILED;
	if (n == 0)
		for (int c = 0; c < op->ncols; c++)
			vec_set_null(&op->scratch, &(*out)->cols[c], 0);
	return OP_BATCH;
}

static const OpVtbl single_row_vtbl = {"SingleRow", child_open, single_row_next, child_close};

Op *
op_single_row_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	SingleRowOp *s = arena_new(cx->arena, SingleRowOp);

	op_init(&s->op, &single_row_vtbl, cx, plan);
	if (with_child(&s->op, plan->single_row->input, err) == NULL)
		return NULL;
	if (s->op.child->ncols != s->op.ncols ||
		memcmp(s->op.child->types, s->op.types, sizeof(int32_t) * s->op.ncols) != 0) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "single-row output does not match its input");
		return NULL;
	}
	return &s->op;
}

/* ---- Append: every input's rows in turn (UNION ALL) ---- */

typedef struct AppendOp {
	Op			op;
	Op		  **inputs;
	int			ninputs;
	int			current;
} AppendOp;

static bool
append_open(Op *op, Err *err)
{
	AppendOp   *ap = (AppendOp *) op;

	for (int i = 0; i < ap->ninputs; i++)
		if (!exec_open(ap->inputs[i], err))
			return false;
	return true;
}

static OpStatus
append_next(Op *op, Batch **out, Err *err)
{
	AppendOp   *ap = (AppendOp *) op;

	while (ap->current < ap->ninputs) {
		OpStatus	st = exec_next(ap->inputs[ap->current], out, err);

		if (st != OP_DONE)
			return st;
		ap->current++;
	}
	return OP_DONE;
}

static void
append_close(Op *op)
{
	AppendOp   *ap = (AppendOp *) op;

	for (int i = 0; i < ap->ninputs; i++)
		exec_close(ap->inputs[i]);
}

static const OpVtbl append_vtbl = {"Append", append_open, append_next, append_close};

Op *
op_append_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	AppendOp   *ap = arena_new(cx->arena, AppendOp);
	const Quarry__Append *a = plan->append;

	op_init(&ap->op, &append_vtbl, cx, plan);
	ap->ninputs = (int) a->n_inputs;
	ap->inputs = arena_array(cx->arena, Op *, ap->ninputs + 1);
	for (int i = 0; i < ap->ninputs; i++) {
		if ((ap->inputs[i] = exec_build(cx, a->inputs[i], err)) == NULL)
			return NULL;
		if (ap->inputs[i]->ncols != ap->op.ncols ||
			memcmp(ap->inputs[i]->types, ap->op.types, sizeof(int32_t) * ap->op.ncols) != 0) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "append input does not match its output");
			return NULL;
		}
	}
	return &ap->op;
}
