/*
 * op_recursive.c
 *	  RecursiveUnion and WorkTableScan: WITH RECURSIVE.
 *
 *	  RecursiveUnion returns its non-recursive input's rows and keeps them
 *	  as the working table.  Then, until a run returns no rows, it builds
 *	  its recursive input afresh (in an arena of its own, reset for every
 *	  run, so a million runs take no more memory than one), runs it (its
 *	  WorkTableScan reads the working table) and returns what it produced,
 *	  which becomes the next working table.  For UNION (distinct), every
 *	  row returned is also kept in a hash set (exec/keys.h's hashing, NULLs
 *	  equal) and a row equal to one returned before is dropped, so a
 *	  cyclic graph ends.  UNION ALL keeps only two working tables.
 *
 *	  The task's cancel flag is checked between runs (and by every
 *	  operator between batches); the rows held (working tables, the
 *	  distinct set) are bounded by RECURSIVE_MEMORY_LIMIT (53200).
 *	  EXPLAIN ANALYZE sees each node of the recursive input with its rows
 *	  summed over the runs; only the input's top node has a time (the runs'
 *	  total, ours less the non-recursive input's): timing every node took
 *	  more than the runs themselves of a counting CTE.
 *
 *	  op_recursive_union_new, op_work_table_scan_new
 */
#include "exec/op.h"

#include <stdlib.h>
#include <string.h>

#include "exec/expr.h"
#include "exec/keys.h"
#include "wire/typeio.h"

#define RECURSIVE_MEMORY_LIMIT ((size_t) 1 << 30)

/* WorkTable: the rows a RecursiveUnion's previous run returned. */
typedef struct WorkTable {
	int32_t		id;
	Batch	  **batches;
	int			nbatches;
	int			cap;
	struct WorkTable *next;		/* an enclosing RecursiveUnion's */
} WorkTable;

/* SeenRow: a row returned by a UNION (distinct), in the store. */
typedef struct SeenRow {
	uint64_t	hash;
	const Batch *batch;
	uint32_t	row;
} SeenRow;

typedef enum {
	RU_NON_RECURSIVE,
	RU_RECURSIVE,
	RU_DONE
} RuPhase;

typedef struct RecursiveUnionOp {
	Op			op;
	const Quarry__RecursiveUnion *ru;
	Op		   *non_recursive;
	RuPhase		phase;
	/* working tables: wt is read by the running run, next is being filled */
	WorkTable	wt;
	WorkTable	next;
	Arena		tables[2];		/* wt's rows in tables[cur], next's in the other */
	int			cur;
	/* the running recursive input */
	ExecCtx		run_cx;
	Arena		run_arena;
	Op		   *run;
	ExecStats	stats;			/* per node of the recursive input, in op->cx */
	/* UNION: every row returned, and an open-addressing index over them */
	Arena		store;
	Batch	   *store_batch;
	SeenRow    *seen;
	size_t		nseen;
	size_t		seen_cap;
	uint32_t   *slots;			/* 1-based index into seen; 0 = empty */
	size_t		nslots;
} RecursiveUnionOp;

/* ---- working tables ---- */

static void
wt_add(Arena *a, WorkTable *t, Batch *b)
{
	if (t->nbatches == t->cap) {
		int			cap = t->cap ? t->cap * 2 : 8;
		Batch	  **grown = arena_array(a, Batch *, cap);

		if (t->nbatches > 0)
			memcpy(grown, t->batches, sizeof(Batch *) * t->nbatches);
		t->batches = grown;
		t->cap = cap;
	}
	t->batches[t->nbatches++] = b;
}

/* copy_rows copies rows sel[0..n) of b into a batch of exactly n rows in a. */
static Batch *
copy_rows(Arena *a, const Batch *b, const uint32_t *sel, uint32_t n, const int32_t *types)
{
	Batch	   *o = arena_new(a, Batch);

	o->ncols = b->ncols;
	o->cols = arena_array(a, Vector, b->ncols > 0 ? b->ncols : 1);
	o->arena = a;
	o->count = n;
	for (int c = 0; c < b->ncols; c++) {
		const Vector *sv = &b->cols[c];
		Vector	   *dv = &o->cols[c];
		int			w = type_phys_width(sv->phys);

		dv->type = (TypeId) types[c];
		dv->phys = sv->phys;
		dv->validity = NULL;
		dv->data = arena_alloc(a, (size_t) w * (n > 0 ? n : 1));
		for (uint32_t k = 0; k < n; k++) {
			uint32_t	r = sel[k];

			if (vec_is_null(sv, r)) {
				vec_set_null(a, dv, k);
				memset((char *) dv->data + (size_t) k * w, 0, w);
			} else if (sv->phys == PHYS_STR) {
				const StrView *s = (const StrView *) sv->data + r;

				((StrView *) dv->data)[k] = s->len <= STR_INLINE ? *s :
					str_make(a, str_data(s), s->len);
			} else
				memcpy((char *) dv->data + (size_t) k * w, (const char *) sv->data + (size_t) r * w, w);
		}
	}
	return o;
}

/* view_of is a shallow copy of b in scratch: readers may set its selection. */
static Batch *
view_of(Arena *scratch, const Batch *b)
{
	Batch	   *v = arena_new(scratch, Batch);

	*v = *b;
	return v;
}

/* ---- the distinct set ---- */

static bool
rows_equal(const Batch *x, uint32_t xr, const Batch *y, uint32_t yr)
{
	for (int c = 0; c < x->ncols; c++) {
		Value		a = vec_get(&x->cols[c], xr);
		Value		b = vec_get(&y->cols[c], yr);

		if (a.is_null != b.is_null || (!a.is_null && value_cmp(&a, &b) != 0))
			return false;
	}
	return true;
}

static void
seen_rehash(RecursiveUnionOp *ru, size_t nslots)
{
	free(ru->slots);
	ru->slots = calloc(nslots, sizeof(uint32_t));
	ru->nslots = nslots;
	if (ru->slots == NULL)
		return;
	for (size_t i = 0; i < ru->nseen; i++) {
		size_t		s = ru->seen[i].hash & (nslots - 1);

		while (ru->slots[s] != 0)
			s = (s + 1) & (nslots - 1);
		ru->slots[s] = (uint32_t) (i + 1);
	}
}

/* seen_room makes room for one more row; false when out of memory. */
static bool
seen_room(RecursiveUnionOp *ru, Err *err)
{
	if (ru->nseen == ru->seen_cap) {
		size_t		cap = ru->seen_cap ? ru->seen_cap * 2 : 1024;
		SeenRow    *grown = cap < UINT32_MAX ? realloc(ru->seen, cap * sizeof(SeenRow)) : NULL;

		if (grown == NULL)
			return err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		ru->seen = grown;
		ru->seen_cap = cap;
	}
	if ((ru->nseen + 1) * 2 > ru->nslots) {
		seen_rehash(ru, ru->nslots ? ru->nslots * 2 : 2048);
		if (ru->slots == NULL)
			return err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
	}
	return true;
}

/*
 * seen_add adds row r of b (hash h) unless an equal row is there; true
 * when it was added.  The entry points at b until seen_move re-points it.
 */
static bool
seen_add(RecursiveUnionOp *ru, const Batch *b, uint32_t r, uint64_t h)
{
	size_t		s = h & (ru->nslots - 1);

	for (; ru->slots[s] != 0; s = (s + 1) & (ru->nslots - 1)) {
		const SeenRow *e = &ru->seen[ru->slots[s] - 1];

		if (e->hash == h && rows_equal(e->batch, e->row, b, r))
			return false;
	}
	ru->seen[ru->nseen] = (SeenRow) {h, b, r};
	ru->slots[s] = (uint32_t) ++ru->nseen;
	return true;
}

/* store_row copies row r of b into the store; returns its place. */
static void
store_row(RecursiveUnionOp *ru, const Batch *b, uint32_t r, const Batch **where, uint32_t *row)
{
	if (ru->store_batch == NULL || ru->store_batch->count == BATCH_SIZE) {
		ru->store_batch = batch_new(&ru->store, ru->op.ncols, ru->op.types);
		ru->store_batch->count = 0;
	}
	batch_copy_row(ru->store_batch, ru->store_batch->count, b, r);
	*where = ru->store_batch;
	*row = ru->store_batch->count++;
}

/*
 * keep_new narrows b's live rows to those not returned before (UNION),
 * adding them to the set and the store; returns how many are in sel.
 */
static uint32_t
keep_new(RecursiveUnionOp *ru, const Batch *b, uint32_t *sel, Err *err)
{
	Vector	   *cols[64];
	Vector	  **keys = b->ncols <= 64 ? cols : arena_array(&ru->op.scratch, Vector *, b->ncols);
	size_t		first = ru->nseen;
	uint32_t	n = 0;

	for (int c = 0; c < b->ncols; c++)
		keys[c] = &b->cols[c];
	for (uint32_t k = 0; k < batch_rows(b); k++) {
		uint32_t	r = batch_row(b, k);

		if (!seen_room(ru, err))
			return UINT32_MAX;
		if (seen_add(ru, b, r, key_hash(keys, b->ncols, r)))
			sel[n++] = r;
	}
	/* the batch goes away: the new entries point into the store instead */
	for (size_t i = first; i < ru->nseen; i++)
		store_row(ru, b, ru->seen[i].row, &ru->seen[i].batch, &ru->seen[i].row);
	return n;
}

static size_t
held_bytes(const RecursiveUnionOp *ru)
{
	return ru->tables[0].total + ru->tables[1].total + ru->store.total +
		ru->seen_cap * sizeof(SeenRow) + ru->nslots * sizeof(uint32_t);
}

/*
 * take returns the rows of b to pass on (NULL: none), copied into the next
 * working table.
 */
static Batch *
take(RecursiveUnionOp *ru, const Batch *b, Err *err)
{
	Arena	   *a = &ru->tables[1 - ru->cur];
	uint32_t   *sel = arena_alloc(&ru->op.scratch, sizeof(uint32_t) * (batch_rows(b) + 1));
	uint32_t	n = 0;
	Batch	   *copy;

	if (batch_rows(b) == 0)
		return NULL;
	if (ru->ru->distinct) {
		if ((n = keep_new(ru, b, sel, err)) == UINT32_MAX)
			return NULL;
	} else
		for (uint32_t k = 0; k < batch_rows(b); k++)
			sel[n++] = batch_row(b, k);
	if (n == 0)
		return NULL;
	copy = copy_rows(a, b, sel, n, ru->op.types);
	wt_add(a, &ru->next, copy);
	if (held_bytes(ru) > RECURSIVE_MEMORY_LIMIT) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		err_detail(err, "WITH RECURSIVE query holds more than %zu MB of rows.",
				   RECURSIVE_MEMORY_LIMIT >> 20);
		return NULL;
	}
	return view_of(&ru->op.scratch, copy);
}

/* ---- runs of the recursive input ---- */

static void
end_run(RecursiveUnionOp *ru)
{
	if (ru->run != NULL) {
		exec_close(ru->run);
		exec_fold_stats(ru->op.cx, &ru->stats, &ru->run_cx, NULL, NULL, 0);
		ru->run = NULL;
	}
	/* also what a build that failed half-way made */
	ru->run_cx.nops = 0;
	ru->run_cx.ops_cap = 0;
	ru->run_cx.ops = NULL;
	arena_reset(&ru->run_arena);
}

/*
 * next_run makes the rows just returned the working table and starts a
 * run of the recursive input over them; false with phase RU_DONE when
 * there were none, or with err set.
 */
static bool
next_run(RecursiveUnionOp *ru, Err *err)
{
	end_run(ru);
	arena_reset(&ru->tables[ru->cur]);	/* the old working table */
	ru->cur = 1 - ru->cur;
	ru->wt.batches = ru->next.batches;
	ru->wt.nbatches = ru->next.nbatches;
	ru->next.batches = NULL;
	ru->next.nbatches = ru->next.cap = 0;
	if (ru->wt.nbatches == 0) {
		ru->phase = RU_DONE;
		return false;
	}
	if (!exec_check_cancel(ru->op.cx, err))
		return false;
	ru->phase = RU_RECURSIVE;
	if ((ru->run = exec_build(&ru->run_cx, ru->ru->recursive, err)) == NULL)
		return false;
	if (ru->run->ncols != ru->op.ncols ||
		(ru->op.ncols > 0 && memcmp(ru->run->types, ru->op.types, sizeof(int32_t) * ru->op.ncols) != 0))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "recursive input does not match its output");
	return exec_open(ru->run, err);
}

static bool
ru_open(Op *op, Err *err)
{
	RecursiveUnionOp *ru = (RecursiveUnionOp *) op;

	ru->phase = RU_NON_RECURSIVE;
	ru->cur = 0;
	ru->wt.batches = ru->next.batches = NULL;
	ru->wt.nbatches = ru->next.nbatches = 0;
	ru->wt.cap = ru->next.cap = 0;
	ru->store_batch = NULL;
	return exec_open(ru->non_recursive, err);
}

static OpStatus
ru_next(Op *op, Batch **out, Err *err)
{
	RecursiveUnionOp *ru = (RecursiveUnionOp *) op;

	arena_reset(&op->scratch);
	while (ru->phase != RU_DONE) {
		Op		   *in = ru->phase == RU_NON_RECURSIVE ? ru->non_recursive : ru->run;
		Batch	   *b;
		OpStatus	st = exec_next(in, &b, err);

		if (st == OP_FAILED)
			return OP_FAILED;
		if (st == OP_BATCH) {
			if ((*out = take(ru, b, err)) != NULL)
				return OP_BATCH;
			if (err_is_set(err))
				return OP_FAILED;
			continue;
		}
		if (!next_run(ru, err) && ru->phase != RU_DONE)
			return OP_FAILED;
	}
	return OP_DONE;
}

static void
ru_close(Op *op)
{
	RecursiveUnionOp *ru = (RecursiveUnionOp *) op;

	exec_close(ru->non_recursive);
	end_run(ru);
	/* the runs' time: ours (complete now) less the non-recursive input's */
	for (int i = 0; i < ru->stats.n; i++)
		if (ru->stats.ops[i]->plan == ru->ru->recursive && op->time_ns > ru->non_recursive->time_ns)
			ru->stats.ops[i]->time_ns = op->time_ns - ru->non_recursive->time_ns;
	free(ru->seen);
	free(ru->slots);
	ru->seen = NULL;
	ru->slots = NULL;
	ru->nseen = ru->seen_cap = ru->nslots = 0;
	arena_reset(&ru->tables[0]);
	arena_reset(&ru->tables[1]);
	arena_reset(&ru->store);
	ru->phase = RU_DONE;
}

static const OpVtbl recursive_union_vtbl = {"RecursiveUnion", ru_open, ru_next, ru_close};

Op *
op_recursive_union_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	RecursiveUnionOp *ru = arena_new(cx->arena, RecursiveUnionOp);
	const Quarry__RecursiveUnion *r = plan->recursive_union;

	op_init(&ru->op, &recursive_union_vtbl, cx, plan);
	ru->ru = r;
	if (r->non_recursive == NULL || r->recursive == NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "recursive union without its inputs");
		return NULL;
	}
	if ((ru->non_recursive = exec_build(cx, r->non_recursive, err)) == NULL)
		return NULL;
	if (ru->non_recursive->ncols != ru->op.ncols ||
		(ru->op.ncols > 0 && memcmp(ru->non_recursive->types, ru->op.types,
									sizeof(int32_t) * ru->op.ncols) != 0)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "recursive union input does not match its output");
		return NULL;
	}
	for (int i = 0; i < 2; i++)
		arena_init(&ru->tables[i]);
	arena_init(&ru->store);
	arena_init(&ru->run_arena);
	ru->wt.id = r->id;
	ru->wt.next = cx->worktables;
	ru->run_cx.arena = &ru->run_arena;
	ru->run_cx.cancel = cx->cancel;
	ru->run_cx.shuffle = cx->shuffle;
	ru->run_cx.worktables = &ru->wt;
	ru->run_cx.untimed = true;	/* a million short runs: no clock reads */
	ru->phase = RU_DONE;
	return &ru->op;
}

/* ---- WorkTableScan ---- */

typedef struct WorkScanOp {
	Op			op;
	const WorkTable *wt;
	int			at;
} WorkScanOp;

static bool
ws_open(Op *op, Err *err)
{
	((WorkScanOp *) op)->at = 0;
	return true;
}

static OpStatus
ws_next(Op *op, Batch **out, Err *err)
{
	WorkScanOp *ws = (WorkScanOp *) op;

	arena_reset(&op->scratch);
	if (ws->at >= ws->wt->nbatches)
		return OP_DONE;
	*out = view_of(&op->scratch, ws->wt->batches[ws->at++]);
	return OP_BATCH;
}

static const OpVtbl work_table_scan_vtbl = {"WorkTableScan", ws_open, ws_next, NULL};

Op *
op_work_table_scan_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	WorkScanOp *ws = arena_new(cx->arena, WorkScanOp);
	const WorkTable *t = cx->worktables;

	while (t != NULL && t->id != plan->work_table_scan->id)
		t = t->next;
	if (t == NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "work table scan outside its recursive union");
		return NULL;
	}
	op_init(&ws->op, &work_table_scan_vtbl, cx, plan);
	ws->wt = t;
	return &ws->op;
}
