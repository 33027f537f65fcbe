/*
 * op_sort.c
 *	  Sort: open() copies every input row into the task arena (dense
 *	  batches), sorts an array of row references by the keys, and next()
 *	  gathers the rows in order.  In memory only for now; spilling comes with
 *	  the memory limits.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/expr.h"
#include "exec/keys.h"
#include "exec/op.h"
#include "wire/typeio.h"

typedef struct RowRef {
	uint32_t	batch;
	uint32_t	row;
} RowRef;

typedef struct SortOp {
	Op			op;
	const Quarry__Sort *sort;
	Batch	  **batches;
	uint32_t	nbatches;
	uint32_t	batches_cap;
	RowRef	   *rows;
	size_t		nrows;
	size_t		emitted;
} SortOp;

static void
keep_batch(SortOp *s, const Batch *b)
{
	Arena	   *arena = s->op.cx->arena;
	Batch	   *copy = batch_compact(arena, b, s->op.types);

	if (s->nbatches == s->batches_cap) {
		uint32_t	cap = s->batches_cap ? s->batches_cap * 2 : 16;
		Batch	  **grown = arena_array(arena, Batch *, cap);

		if (s->nbatches > 0)
			memcpy(grown, s->batches, sizeof(Batch *) * s->nbatches);
		s->batches = grown;
		s->batches_cap = cap;
	}
	s->batches[s->nbatches++] = copy;
	s->nrows += copy->count;
}

/* compare_rows orders two rows by the sort keys; qsort_r's comparator. */
static int
compare_rows(const void *pa, const void *pb, void *arg)
{
	const SortOp *s = arg;
	const RowRef *ra = pa;
	const RowRef *rb = pb;

	for (size_t k = 0; k < s->sort->n_keys; k++) {
		const Quarry__SortKey *key = s->sort->keys[k];
		const Vector *x = &s->batches[ra->batch]->cols[key->column];
		const Vector *y = &s->batches[rb->batch]->cols[key->column];
		bool		xnull = vec_is_null(x, ra->row);
		bool		ynull = vec_is_null(y, rb->row);
		int			c;

		if (xnull || ynull) {
			if (xnull && ynull)
				continue;
			c = xnull ? 1 : -1;
			return key->nulls_first ? -c : c;
		}
		c = key_compare(x, ra->row, y, rb->row);
		if (c != 0)
			return key->descending ? -c : c;
	}
	/* equal keys keep their input order, as a stable sort would */
	if (ra->batch != rb->batch)
		return ra->batch < rb->batch ? -1 : 1;
	return (ra->row > rb->row) - (ra->row < rb->row);
}

static bool
sort_open(Op *op, Err *err)
{
	SortOp	   *s = (SortOp *) op;
	Batch	   *b;
	OpStatus	st;
	size_t		i = 0;

	if (!exec_open(op->child, err))
		return false;
	while ((st = exec_next(op->child, &b, err)) == OP_BATCH)
		keep_batch(s, b);
	if (st != OP_DONE)
		return false;
	s->rows = arena_array(op->cx->arena, RowRef, s->nrows + 1);
	for (uint32_t bi = 0; bi < s->nbatches; bi++)
		for (uint32_t r = 0; r < s->batches[bi]->count; r++, i++) {
			s->rows[i].batch = bi;
			s->rows[i].row = r;
		}
	qsort_r(s->rows, s->nrows, sizeof(RowRef), compare_rows, s);
	return exec_check_cancel(op->cx, err);
}

static OpStatus
sort_next(Op *op, Batch **out, Err *err)
{
	SortOp	   *s = (SortOp *) op;
	Batch	   *b;
	uint32_t	n = 0;

	if (s->emitted == s->nrows)
		return OP_DONE;
	arena_reset(&op->scratch);
	b = batch_new(&op->scratch, op->ncols, op->types);
	for (; n < BATCH_SIZE && s->emitted < s->nrows; n++, s->emitted++) {
		const RowRef *r = &s->rows[s->emitted];

		batch_copy_row(b, n, s->batches[r->batch], r->row);
	}
	b->count = n;
	*out = b;
	return OP_BATCH;
}

static void
sort_close(Op *op)
{
	exec_close(op->child);
}

static const OpVtbl sort_vtbl = {"Sort", sort_open, sort_next, sort_close};

Op *
op_sort_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	SortOp	   *s = arena_new(cx->arena, SortOp);

	op_init(&s->op, &sort_vtbl, cx, plan);
	s->sort = plan->sort;
	if ((s->op.child = exec_build(cx, plan->sort->input, err)) == NULL)
		return NULL;
	if (s->op.child->ncols != s->op.ncols ||
		(s->op.ncols > 0 &&
		 memcmp(s->op.child->types, s->op.types, sizeof(int32_t) * s->op.ncols) != 0)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "sort output does not match its input");
		return NULL;
	}
	for (size_t k = 0; k < s->sort->n_keys; k++)
		if (s->sort->keys[k]->column < 0 || s->sort->keys[k]->column >= s->op.ncols) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid sort key in plan fragment");
			return NULL;
		}
	return &s->op;
}
