/*
 * op_hashjoin.c
 *	  Hash join: open() drains the build child into the task arena and
 *	  chains its rows into a bucket array by key hash; next() probes with
 *	  one probe batch at a time.
 *
 *	  Probing collects up to BATCH_SIZE (probe row, build row) candidate
 *	  pairs with equal keys, gathers them into one batch (probe columns then
 *	  build columns), and runs the residual over it.  INNER returns the
 *	  surviving pairs; LEFT also remembers which probe rows matched and,
 *	  when the probe batch is done, returns the others with NULL build
 *	  columns; SEMI and ANTI return the probe batch itself with a selection
 *	  of the rows that did (or did not) match.
 */
#include <string.h>

#include "exec/expr.h"
#include "exec/keys.h"
#include "exec/op.h"
#include "wire/typeio.h"

typedef struct BuildRow {
	uint32_t	batch;
	uint32_t	row;
	uint64_t	hash;
	uint32_t	next;			/* 1-based index of the next row in the chain; 0 = end */
	bool		null_key;		/* never matches; kept for FULL */
	int64_t		ikey;			/* the key, when it is one integer */
} BuildRow;

/* A RIGHT join answers with build rows, once every probe row has been seen. */
static inline bool
is_right(Quarry__JoinType t)
{
	return t == QUARRY__JOIN_TYPE__JOIN_RIGHT_SEMI || t == QUARRY__JOIN_TYPE__JOIN_RIGHT_ANTI;
}

static inline bool
emits_pairs(Quarry__JoinType t)
{
	return t == QUARRY__JOIN_TYPE__JOIN_INNER || t == QUARRY__JOIN_TYPE__JOIN_LEFT ||
		t == QUARRY__JOIN_TYPE__JOIN_FULL;
}

typedef struct JoinOp {
	Op			op;
	const Quarry__HashJoin *hj;
	Op		   *build;
	int			nkeys;
	bool		int_key;		/* one integer key: hash and compare it directly */
	int			nprobe;			/* probe columns */
	int			nbuild;			/* build columns */

	/* the build side */
	Batch	  **bbatches;
	Vector	 ***bkeys;			/* key vectors per build batch */
	uint32_t	nbb;
	uint32_t	bb_cap;
	BuildRow   *rows;
	uint32_t	nrows;
	uint32_t	rows_cap;
	uint32_t   *buckets;		/* 1-based row index of each chain's head */
	uint32_t	mask;
	bool		build_has_null;

	/* the probe batch in progress */
	Batch	   *pb;
	Vector	  **pkeys;
	uint64_t   *phash;
	int64_t    *pikey;			/* int_key: the probe rows' keys */
	uint32_t	pk;				/* next live probe row to look at */
	uint32_t	chain;			/* 1-based build row to resume at, 0 = start pk's chain */
	bool	   *matched;		/* per probe row position */
	bool		pairs_done;		/* all pairs of pb have been produced */
	bool	   *build_matched;	/* FULL: per build row */
	uint32_t	unmatched_next;	/* FULL: next build row to look at at the end */
	Arena		probe_arena;	/* pkeys, phash; reset per probe batch */

	uint32_t	pair_probe[BATCH_SIZE];
	uint32_t	pair_build[BATCH_SIZE];
} JoinOp;

static inline int64_t
int_at(const Vector *v, uint32_t row)
{
	switch (v->phys) {
		case PHYS_I16:
			return ((const int16_t *) v->data)[row];
		case PHYS_I32:
			return ((const int32_t *) v->data)[row];
		default:
			return ((const int64_t *) v->data)[row];
	}
}

static inline uint64_t
int_hash(int64_t k)
{
	uint64_t	h = (uint64_t) k * 0x9E3779B97F4A7C15ULL;

	return h ^ (h >> 29);
}

/* row_hash hashes one row's keys (vectors keys); sets *ikey for int keys. */
static inline uint64_t
row_hash(const JoinOp *j, Vector *const *keys, uint32_t row, int64_t *ikey)
{
	if (j->nkeys == 0)
		return 0;
	if (j->int_key) {
		*ikey = int_at(keys[0], row);
		return int_hash(*ikey);
	}
	return key_hash(keys, j->nkeys, row);
}

static bool
keep_build_batch(JoinOp *j, Batch *b, Err *err)
{
	Arena	   *a = j->op.cx->arena;
	Batch	   *copy = batch_compact(a, b, j->build->types);
	Vector	  **keys = arena_array(a, Vector *, j->nkeys + 1);

	for (int k = 0; k < j->nkeys; k++)
		if ((keys[k] = expr_eval(j->hj->build_keys[k], copy, a, err)) == NULL)
			return false;
	if (j->nbb == j->bb_cap) {
		uint32_t	cap = j->bb_cap ? j->bb_cap * 2 : 16;
		Batch	  **nb = arena_array(a, Batch *, cap);
		Vector	 ***nk = arena_array(a, Vector **, cap);

		if (j->nbb) {
			memcpy(nb, j->bbatches, sizeof(*nb) * j->nbb);
			memcpy(nk, j->bkeys, sizeof(*nk) * j->nbb);
		}
		j->bbatches = nb;
		j->bkeys = nk;
		j->bb_cap = cap;
	}
	j->bbatches[j->nbb] = copy;
	j->bkeys[j->nbb++] = keys;
	return true;
}

static void
add_build_rows(JoinOp *j)
{
	Arena	   *a = j->op.cx->arena;
	uint32_t	bi = j->nbb - 1;
	Batch	   *b = j->bbatches[bi];

	if (j->nrows + b->count > j->rows_cap) {
		uint32_t	cap = j->rows_cap ? j->rows_cap : 1024;
		BuildRow   *nr;

		while (cap < j->nrows + b->count)
			cap *= 2;
		nr = arena_array(a, BuildRow, cap);
		if (j->nrows)
			memcpy(nr, j->rows, sizeof(BuildRow) * j->nrows);
		j->rows = nr;
		j->rows_cap = cap;
	}
	for (uint32_t r = 0; r < b->count; r++) {
		BuildRow   *br = &j->rows[j->nrows++];

		br->batch = bi;
		br->row = r;
		br->null_key = key_has_null(j->bkeys[bi], j->nkeys, r);
		if (br->null_key) {
			j->build_has_null = true;
			continue;
		}
		br->hash = row_hash(j, j->bkeys[bi], r, &br->ikey);
	}
}

static void
link_buckets(JoinOp *j)
{
	uint32_t	size = 16;

	while (size < j->nrows * 2)
		size *= 2;
	j->buckets = arena_zalloc(j->op.cx->arena, sizeof(uint32_t) * size);
	j->mask = size - 1;
	/* insert in reverse so each chain lists rows in build order */
	for (uint32_t i = j->nrows; i-- > 0;) {
		uint32_t	slot = (uint32_t) j->rows[i].hash & j->mask;

		if (j->rows[i].null_key)
			continue;
		j->rows[i].next = j->buckets[slot];
		j->buckets[slot] = i + 1;
	}
}

static bool
join_open(Op *op, Err *err)
{
	JoinOp	   *j = (JoinOp *) op;
	Batch	   *b;
	OpStatus	st;

	if (!exec_open(j->build, err) || !exec_open(op->child, err))
		return false;
	while ((st = exec_next(j->build, &b, err)) == OP_BATCH) {
		if (!keep_build_batch(j, b, err))
			return false;
		add_build_rows(j);
	}
	if (st != OP_DONE)
		return false;
	link_buckets(j);
	if (j->hj->type == QUARRY__JOIN_TYPE__JOIN_FULL || is_right(j->hj->type))
		j->build_matched = arena_zalloc(j->op.cx->arena, sizeof(bool) * (j->nrows + 1));
	return true;
}

/* next_probe_batch fetches a probe batch and evaluates its keys. */
static OpStatus
next_probe_batch(JoinOp *j, Err *err)
{
	OpStatus	st = exec_next(j->op.child, &j->pb, err);

	if (st != OP_BATCH)
		return st;
	arena_reset(&j->probe_arena);
	j->pkeys = arena_array(&j->probe_arena, Vector *, j->nkeys + 1);
	for (int k = 0; k < j->nkeys; k++)
		if ((j->pkeys[k] = expr_eval(j->hj->probe_keys[k], j->pb, &j->probe_arena, err)) == NULL)
			return OP_FAILED;
	j->phash = arena_alloc(&j->probe_arena, sizeof(uint64_t) * BATCH_SIZE);
	j->pikey = arena_alloc(&j->probe_arena, sizeof(int64_t) * BATCH_SIZE);
	j->matched = arena_zalloc(&j->probe_arena, sizeof(bool) * BATCH_SIZE);
	for (uint32_t k = 0; k < batch_rows(j->pb); k++) {
		uint32_t	row = batch_row(j->pb, k);

		j->phash[row] = row_hash(j, j->pkeys, row, &j->pikey[row]);
	}
	j->pk = 0;
	j->chain = 0;
	j->pairs_done = false;
	return OP_BATCH;
}

/* collect_pairs fills the pair arrays; returns how many it found. */
static uint32_t
collect_pairs(JoinOp *j)
{
	uint32_t	n = 0;
	uint32_t	nlive = batch_rows(j->pb);

	while (j->pk < nlive) {
		uint32_t	prow = batch_row(j->pb, j->pk);
		uint32_t	i;

		if (j->chain == 0) {
			if (j->nkeys > 0 && key_has_null(j->pkeys, j->nkeys, prow)) {
				j->pk++;
				continue;
			}
			j->chain = j->buckets[(uint32_t) j->phash[prow] & j->mask];
		}
		for (i = j->chain; i != 0; i = j->rows[i - 1].next) {
			const BuildRow *br = &j->rows[i - 1];

			if (n == BATCH_SIZE) {
				j->chain = i;
				return n;
			}
			if (br->hash != j->phash[prow] ||
				(j->int_key ? br->ikey != j->pikey[prow] :
				 !key_equal(j->pkeys, prow, j->bkeys[br->batch], br->row, j->nkeys)))
				continue;
			j->pair_probe[n] = prow;
			j->pair_build[n++] = i - 1;
		}
		j->chain = 0;
		j->pk++;
	}
	j->pairs_done = true;
	return n;
}

static void
gather_column(Vector *dst, const Vector *src, const uint32_t *rows, uint32_t n, Arena *a)
{
	int			w = type_phys_width(src->phys);

	for (uint32_t i = 0; i < n; i++) {
		if (vec_is_null(src, rows[i]))
			vec_set_null(a, dst, i);
		else
			memcpy((char *) dst->data + (size_t) i * w, (const char *) src->data + (size_t) rows[i] * w, w);
	}
}

/*
 * gather_build copies build rows pair_build[0..n) into o's columns from
 * first on (each already allocated with its build column's type).
 */
static void
gather_build(JoinOp *j, Batch *o, int first, uint32_t n)
{
	Arena	   *a = o->arena;

	for (int c = 0; c < j->nbuild; c++) {
		Vector	   *dst = &o->cols[first + c];
		int			w = type_phys_width(dst->phys);

		for (uint32_t i = 0; i < n; i++) {
			const BuildRow *br = &j->rows[j->pair_build[i]];
			const Vector *src = &j->bbatches[br->batch]->cols[c];

			if (vec_is_null(src, br->row))
				vec_set_null(a, dst, i);
			else
				memcpy((char *) dst->data + (size_t) i * w,
					   (const char *) src->data + (size_t) br->row * w, w);
		}
	}
}

/* pair_batch gathers n pairs into a batch of probe then build columns. */
static Batch *
pair_batch(JoinOp *j, uint32_t n)
{
	Arena	   *a = &j->op.scratch;
	Batch	   *o = arena_new(a, Batch);

	o->ncols = j->nprobe + j->nbuild;
	o->cols = arena_array(a, Vector, o->ncols + 1);
	o->count = n;
	o->arena = a;
	for (int c = 0; c < j->nprobe; c++) {
		vec_alloc(a, &o->cols[c], j->pb->cols[c].type);
		gather_column(&o->cols[c], &j->pb->cols[c], j->pair_probe, n, a);
	}
	for (int c = 0; c < j->nbuild; c++)
		vec_alloc(a, &o->cols[j->nprobe + c], (TypeId) j->build->types[c]);
	gather_build(j, o, j->nprobe, n);
	return o;
}

/* residual_filter narrows o to the pairs that pass the residual. */
static bool
residual_filter(JoinOp *j, Batch *o, Err *err)
{
	Vector	   *v;
	uint32_t	n = 0;

	if (j->hj->residual == NULL)
		return true;
	if ((v = expr_eval(j->hj->residual, o, &j->op.scratch, err)) == NULL)
		return false;
	o->sel = arena_alloc(&j->op.scratch, sizeof(uint32_t) * BATCH_SIZE);
	for (uint32_t i = 0; i < o->count; i++) {
		o->sel[n] = i;
		n += !vec_is_null(v, i) && ((const uint8_t *) v->data)[i];
	}
	o->nsel = n;
	return true;
}

/* unmatched_batch: LEFT's probe rows without a match, build columns NULL. */
static Batch *
unmatched_batch(JoinOp *j)
{
	uint32_t	n = 0;

	for (uint32_t k = 0; k < batch_rows(j->pb); k++) {
		uint32_t	row = batch_row(j->pb, k);

		if (!j->matched[row])
			j->pair_probe[n++] = row;
	}
	if (n == 0)
		return NULL;
	Arena	   *a = &j->op.scratch;
	Batch	   *o = arena_new(a, Batch);

	o->ncols = j->nprobe + j->nbuild;
	o->cols = arena_array(a, Vector, o->ncols + 1);
	o->count = n;
	o->arena = a;
	for (int c = 0; c < j->nprobe; c++) {
		vec_alloc(a, &o->cols[c], j->pb->cols[c].type);
		gather_column(&o->cols[c], &j->pb->cols[c], j->pair_probe, n, a);
	}
	for (int c = 0; c < j->nbuild; c++) {
		Vector	   *dst = &o->cols[j->nprobe + c];

		vec_alloc(a, dst, (TypeId) j->build->types[c]);
		for (uint32_t i = 0; i < n; i++)
			vec_set_null(a, dst, i);
	}
	return o;
}

/* semi_anti_batch selects the probe rows that matched (SEMI) or not (ANTI). */
static Batch *
semi_anti_batch(JoinOp *j)
{
	bool		anti = j->hj->type == QUARRY__JOIN_TYPE__JOIN_ANTI;
	bool		null_aware = anti && j->hj->null_aware && j->nrows > 0;
	uint32_t   *sel = arena_alloc(&j->op.scratch, sizeof(uint32_t) * BATCH_SIZE);
	uint32_t	n = 0;

	for (uint32_t k = 0; k < batch_rows(j->pb); k++) {
		uint32_t	row = batch_row(j->pb, k);
		bool		keep = anti ? !j->matched[row] : j->matched[row];

		if (keep && null_aware &&
			(j->build_has_null || key_has_null(j->pkeys, j->nkeys, row)))
			keep = false;
		sel[n] = row;
		n += keep;
	}
	if (n == 0)
		return NULL;
	j->pb->sel = sel;
	j->pb->nsel = n;
	return j->pb;
}

static bool
mark_matches(JoinOp *j, const Batch *o)
{
	for (uint32_t k = 0; k < batch_rows(o); k++) {
		j->matched[j->pair_probe[batch_row(o, k)]] = true;
		if (j->build_matched != NULL)
			j->build_matched[j->pair_build[batch_row(o, k)]] = true;
	}
	return true;
}

/*
 * build_rows_batch returns, after the last probe batch, the build rows
 * FULL adds (unmatched, probe side NULL), RIGHT_SEMI keeps (matched) or
 * RIGHT_ANTI keeps (unmatched); NULL when there are no more.
 */
static Batch *
build_rows_batch(JoinOp *j)
{
	Arena	   *a = &j->op.scratch;
	bool		want = j->hj->type == QUARRY__JOIN_TYPE__JOIN_RIGHT_SEMI;
	int			nprobe = is_right(j->hj->type) ? 0 : j->nprobe;
	uint32_t	n = 0;
	Batch	   *o;

	while (j->unmatched_next < j->nrows && n < BATCH_SIZE) {
		if (j->build_matched[j->unmatched_next] == want)
			j->pair_build[n++] = j->unmatched_next;
		j->unmatched_next++;
	}
	if (n == 0)
		return NULL;
	o = batch_new(a, j->op.ncols, j->op.types);
	o->count = n;
	for (int c = 0; c < nprobe; c++)
		for (uint32_t i = 0; i < n; i++)
			vec_set_null(a, &o->cols[c], i);
	gather_build(j, o, nprobe, n);
	return o;
}

/* finish_probe_batch returns what a finished probe batch yields, or NULL. */
static Batch *
finish_probe_batch(JoinOp *j)
{
	switch (j->hj->type) {
		case QUARRY__JOIN_TYPE__JOIN_LEFT:
		case QUARRY__JOIN_TYPE__JOIN_FULL:
			return unmatched_batch(j);
		case QUARRY__JOIN_TYPE__JOIN_SEMI:
		case QUARRY__JOIN_TYPE__JOIN_ANTI:
			return semi_anti_batch(j);
		default:
			return NULL;
	}
}

static OpStatus
join_next(Op *op, Batch **out, Err *err)
{
	JoinOp	   *j = (JoinOp *) op;
	bool		pairs_out = emits_pairs(j->hj->type);

	for (;;) {
		if (j->pb == NULL) {
			OpStatus	st = next_probe_batch(j, err);

			if (st == OP_DONE && j->build_matched != NULL) {
				arena_reset(&op->scratch);
				if ((*out = build_rows_batch(j)) != NULL)
					return OP_BATCH;
			}
			if (st != OP_BATCH)
				return st;
		}
		arena_reset(&op->scratch);
		if (!j->pairs_done) {
			uint32_t	n = collect_pairs(j);
			Batch	   *o;

			if (n == 0)
				continue;
			o = pair_batch(j, n);
			if (!residual_filter(j, o, err))
				return OP_FAILED;
			mark_matches(j, o);
			if (pairs_out && batch_rows(o) > 0) {
				*out = o;
				return OP_BATCH;
			}
			continue;
		}
		*out = finish_probe_batch(j);
		j->pb = NULL;
		if (*out != NULL)
			return OP_BATCH;
	}
}

static void
join_close(Op *op)
{
	JoinOp	   *j = (JoinOp *) op;

	exec_close(op->child);
	exec_close(j->build);
	arena_reset(&j->probe_arena);
}

static const OpVtbl join_vtbl = {"HashJoin", join_open, join_next, join_close};

static bool
check_keys(JoinOp *j, Err *err)
{
	const Quarry__HashJoin *hj = j->hj;

	if (hj->n_probe_keys != hj->n_build_keys)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "join keys do not pair up");
	for (size_t k = 0; k < hj->n_probe_keys; k++) {
		if (!expr_check(hj->probe_keys[k], j->op.child->ncols, j->op.child->types, err) ||
			!expr_check(hj->build_keys[k], j->build->ncols, j->build->types, err))
			return false;
		if (hj->probe_keys[k]->type != hj->build_keys[k]->type)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "join key types differ");
	}
	return true;
}

static bool
check_output(JoinOp *j, const Quarry__PlanNode *plan, Err *err)
{
	Quarry__JoinType t = j->hj->type;
	int32_t		all[j->nprobe + j->nbuild + 1];
	const int32_t *want_types = all;
	size_t		want = (size_t) j->nprobe + (emits_pairs(t) ? (size_t) j->nbuild : 0);

	if (j->nprobe > 0)
		memcpy(all, j->op.child->types, sizeof(int32_t) * j->nprobe);
	if (j->nbuild > 0)
		memcpy(all + j->nprobe, j->build->types, sizeof(int32_t) * j->nbuild);
	if (is_right(t)) {
		want = (size_t) j->nbuild;
		want_types = all + j->nprobe;
	}
	if (plan->n_output_types != want)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "join output does not match its inputs");
	if (want > 0 && memcmp(want_types, plan->output_types, sizeof(int32_t) * want) != 0)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "join output types do not match its inputs");
	if (j->hj->residual != NULL &&
		(!expr_check(j->hj->residual, j->nprobe + j->nbuild, all, err) ||
		 j->hj->residual->type != TYPE_BOOL))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid join residual");
	return true;
}

Op *
op_hashjoin_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	JoinOp	   *j = arena_new(cx->arena, JoinOp);
	const Quarry__HashJoin *hj = plan->hash_join;

	op_init(&j->op, &join_vtbl, cx, plan);
	j->hj = hj;
	j->nkeys = (int) hj->n_probe_keys;
	arena_init(&j->probe_arena);
	if ((j->op.child = exec_build(cx, hj->probe, err)) == NULL ||
		(j->build = exec_build(cx, hj->build, err)) == NULL)
		return NULL;
	j->nprobe = j->op.child->ncols;
	j->nbuild = j->build->ncols;
	if (!check_keys(j, err) || !check_output(j, plan, err))
		return NULL;
	j->int_key = j->nkeys == 1 && (hj->probe_keys[0]->type == TYPE_INT2 ||
								   hj->probe_keys[0]->type == TYPE_INT4 ||
								   hj->probe_keys[0]->type == TYPE_INT8);
	if (hj->null_aware && hj->residual != NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "null-aware join with a residual");
		return NULL;
	}
	return &j->op;
}
