/*
 * op_hashjoin.c
 *	  Hash join: open() drains the build child into the task arena and
 *	  sorts its rows by bucket of key hash (JoinTable); next() probes with
 *	  one probe batch at a time.  One or two integer keys are hashed and
 *	  compared as integers.
 *
 *	  Probing collects up to BATCH_SIZE (probe row, build row) candidate
 *	  pairs with equal keys, gathers them into one batch (probe columns then
 *	  build columns), and runs the residual over it.  INNER returns the
 *	  surviving pairs; LEFT also remembers which probe rows matched and,
 *	  when the probe batch is done, returns the others with NULL build
 *	  columns; SEMI and ANTI return the probe batch itself with a selection
 *	  of the rows that did (or did not) match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/expr.h"
#include "exec/keys.h"
#include "exec/op.h"
#include "wire/typeio.h"

/*
 * A build row's location: its batch times BATCH_SIZE plus its row.  Build
 * batches are compacted, so they hold at most BATCH_SIZE rows.
 */
#define LOC_SHIFT 11
#define LOC_ROW_MASK (BATCH_SIZE - 1)
_Static_assert(BATCH_SIZE == 1 << LOC_SHIFT, "LOC_SHIFT must match BATCH_SIZE");

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

/*
 * The build side's table: the rows with non-NULL keys sorted by bucket
 * (a counting sort by hash slot), so one bucket's rows lie next to each
 * other in build order.  Bucket i's rows are [offsets[i], offsets[i+1]).
 * A probe reads one offset pair, then consecutive hashes and keys, instead
 * of chasing a chain across the build rows.
 */
typedef struct JoinEntry {
	int64_t		ikey;			/* int keys: the first key */
	int64_t		ikey2;			/* two int keys: the second */
	uint32_t	loc;			/* the row's location */
	uint32_t	pad;
} JoinEntry;					/* one cache miss finds keys and location */

typedef struct JoinTable {
	uint32_t   *offsets;		/* size + 1 */
	uint64_t   *hash;			/* per sorted row; not kept for int keys */
	JoinEntry  *ent;			/* per sorted row */
	uint32_t	mask;			/* size - 1 */
	uint32_t	nrows;			/* rows in the table */
} JoinTable;

typedef struct JoinOp {
	Op			op;
	const Quarry__HashJoin *hj;
	Op		   *build;
	int			nkeys;
	int			int_keys;		/* 1 or 2: every key is an integer; 0 otherwise */
	int			nprobe;			/* probe columns */
	int			nbuild;			/* build columns */
	bool		exists_only;	/* SEMI/ANTI without residual: no pairs needed */
	bool	   *need;			/* per pair-batch column: gathered (only the
								 * residual's when pairs are not output) */

	/* the build side */
	Batch	  **bbatches;
	Vector	 ***bkeys;			/* key vectors per build batch */
	uint32_t	nbb;
	uint32_t	bb_cap;
	uint32_t	nrows;			/* build rows, NULL keys included */
	JoinTable	t;
	const char ***bdata;		/* per build column, per batch: the values */
	const uint64_t ***bvalid;	/* per build column, per batch: the bitmap */
	bool	   *bnulls;			/* per build column: some batch has a bitmap */
	bool		build_has_null;

	/* the probe batch in progress */
	Batch	   *pb;
	Vector	  **pkeys;
	uint64_t   *phash;
	int64_t    *pikey;			/* int keys: the probe rows' first key */
	int64_t    *pikey2;			/* two int keys: the second */
	uint32_t   *pstart;			/* per probe row: its bucket's first sorted row */
	uint32_t   *pend;			/* and its end; pstart = pend for a NULL key */
	uint32_t	pk;				/* next live probe row to look at */
	uint32_t	pos;			/* sorted row to resume at within pk's bucket */
	bool		in_bucket;		/* pos is set */
	bool	   *matched;		/* per probe row position */
	bool		pairs_done;		/* all pairs of pb have been produced */
	bool	   *build_matched;	/* FULL, RIGHT: per build row location */
	uint32_t	unmatched_next;	/* FULL, RIGHT: next build location to look at */
	Arena		probe_arena;	/* pkeys, phash; reset per probe batch */

	uint32_t	pair_probe[BATCH_SIZE];
	uint32_t	pair_build[BATCH_SIZE];	/* build row locations */
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

static inline uint64_t
int2_hash(int64_t k1, int64_t k2)
{
	uint64_t	h = ((uint64_t) k1 * 0x9E3779B97F4A7C15ULL) ^
		((uint64_t) k2 * 0xC2B2AE3D27D4EB4FULL);

	return h ^ (h >> 29) ^ (h >> 47);
}

/*
 * hash_rows hashes the live rows of keys (rows rows[0..n), or 0..n when
 * rows is NULL) into hash[k], and their int keys into ik/ik2.  Rows with a
 * NULL key get no hash; the caller skips them.
 */
static void
hash_rows(const JoinOp *j, Vector *const *keys, const uint32_t *rows, uint32_t n,
		  uint64_t *hash, int64_t *ik, int64_t *ik2)
{
	if (j->int_keys == 1) {
		const Vector *v = keys[0];

#define INT1_LOOP(CT) \
		for (uint32_t k = 0; k < n; k++) { \
			int64_t		x = ((const CT *) v->data)[rows ? rows[k] : k]; \
			ik[k] = x; \
			hash[k] = int_hash(x); \
		}
		if (v->phys == PHYS_I32)
			INT1_LOOP(int32_t)
		else if (v->phys == PHYS_I64)
			INT1_LOOP(int64_t)
		else
			INT1_LOOP(int16_t)
#undef INT1_LOOP
	} else if (j->int_keys == 2) {
		for (uint32_t k = 0; k < n; k++) {
			uint32_t	row = rows ? rows[k] : k;
			int64_t		x = int_at(keys[0], row);
			int64_t		y = int_at(keys[1], row);

			ik[k] = x;
			ik2[k] = y;
			hash[k] = int2_hash(x, y);
		}
	} else if (j->nkeys == 0) {
		memset(hash, 0, sizeof(uint64_t) * n);
	} else {
		for (uint32_t k = 0; k < n; k++)
			hash[k] = key_hash(keys, j->nkeys, rows ? rows[k] : k);
	}
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
	j->nrows += copy->count;
	return true;
}

/* index_columns makes the per-column tables of build batch values. */
static void
index_columns(JoinOp *j)
{
	Arena	   *a = j->op.cx->arena;

	j->bdata = arena_array(a, const char **, j->nbuild + 1);
	j->bvalid = arena_array(a, const uint64_t **, j->nbuild + 1);
	j->bnulls = arena_array(a, bool, j->nbuild + 1);
	for (int c = 0; c < j->nbuild; c++) {
		j->bdata[c] = arena_array(a, const char *, j->nbb + 1);
		j->bvalid[c] = arena_array(a, const uint64_t *, j->nbb + 1);
		for (uint32_t bi = 0; bi < j->nbb; bi++) {
			const Vector *v = &j->bbatches[bi]->cols[c];

			j->bdata[c][bi] = v->data;
			j->bvalid[c][bi] = v->validity;
			j->bnulls[c] |= v->validity != NULL;
		}
	}
}

/*
 * build_table hashes every build row with non-NULL keys and sorts them by
 * bucket: count per bucket, prefix sums, then a stable scatter.
 */
static void
build_table(JoinOp *j)
{
	Arena	   *a = j->op.cx->arena;
	JoinTable  *t = &j->t;
	uint32_t	size = 16;
	uint32_t	n = 0;
	uint64_t   *h = malloc(sizeof(uint64_t) * (j->nrows + 1));
	int64_t    *k1 = malloc(sizeof(int64_t) * (j->nrows + 1));
	int64_t    *k2 = j->int_keys == 2 ? malloc(sizeof(int64_t) * (j->nrows + 1)) : NULL;
	uint32_t   *loc = malloc(sizeof(uint32_t) * (j->nrows + 1));
	uint32_t	rows[BATCH_SIZE];

	if (h == NULL || k1 == NULL || loc == NULL || (j->int_keys == 2 && k2 == NULL)) {
		fprintf(stderr, "quarry: out of memory building a hash table\n");
		abort();
	}
	for (uint32_t bi = 0; bi < j->nbb; bi++) {
		const Batch *b = j->bbatches[bi];
		uint32_t	m = 0;

		bool		nullable = false;

		for (int k = 0; k < j->nkeys; k++)
			nullable |= j->bkeys[bi][k]->validity != NULL;
		for (uint32_t r = 0; r < b->count; r++) {
			rows[m] = r;
			m += !nullable || !key_has_null(j->bkeys[bi], j->nkeys, r);
		}
		if (m < b->count)
			j->build_has_null = true;
		hash_rows(j, j->bkeys[bi], rows, m, h + n, k1 + n, k2 ? k2 + n : NULL);
		for (uint32_t k = 0; k < m; k++)
			loc[n + k] = (bi << LOC_SHIFT) | rows[k];
		n += m;
	}
	while (size < n)
		size *= 2;
	t->mask = size - 1;
	t->nrows = n;
	t->offsets = arena_zalloc(a, sizeof(uint32_t) * ((size_t) size + 1));
	if (j->int_keys == 0)
		t->hash = arena_alloc(a, sizeof(uint64_t) * (n + 1));
	t->ent = arena_alloc(a, sizeof(JoinEntry) * (n + 1));
	/* the counts and the scatter hit random buckets: fetch a few rows ahead */
	for (uint32_t r = 0; r < n; r++) {
		if (r + 16 < n)
			__builtin_prefetch(&t->offsets[(uint32_t) h[r + 16] & t->mask]);
		t->offsets[(uint32_t) h[r] & t->mask]++;
	}
	/* offsets[i] becomes the end of bucket i; the scatter moves it to the start */
	for (uint32_t i = 0, sum = 0; i <= size; i++) {
		sum += t->offsets[i];
		t->offsets[i] = sum;
	}
	for (uint32_t r = n; r-- > 0;) {
		uint32_t	p;

		if (r >= 16)
			__builtin_prefetch(&t->offsets[(uint32_t) h[r - 16] & t->mask], 1);
		if (r >= 8) {
			/* the bucket's count is final once fetched: its slot is known */
			uint32_t	q = t->offsets[(uint32_t) h[r - 8] & t->mask];

			if (q > 0)
				__builtin_prefetch(&t->ent[q - 1], 1);
		}
		p = --t->offsets[(uint32_t) h[r] & t->mask];
		if (t->hash != NULL)
			t->hash[p] = h[r];
		t->ent[p].loc = loc[r];
		t->ent[p].ikey = j->int_keys > 0 ? k1[r] : 0;
		t->ent[p].ikey2 = k2 != NULL ? k2[r] : 0;
		t->ent[p].pad = 0;
	}
	free(h);
	free(k1);
	free(k2);
	free(loc);
}

static bool
join_open(Op *op, Err *err)
{
	JoinOp	   *j = (JoinOp *) op;
	Batch	   *b;
	OpStatus	st;

	if (!exec_open(j->build, err) || !exec_open(op->child, err))
		return false;
	while ((st = exec_next(j->build, &b, err)) == OP_BATCH)
		if (!keep_build_batch(j, b, err))
			return false;
	if (st != OP_DONE)
		return false;
	build_table(j);
	index_columns(j);
	if (j->hj->type == QUARRY__JOIN_TYPE__JOIN_FULL || is_right(j->hj->type))
		j->build_matched = arena_zalloc(j->op.cx->arena,
										sizeof(bool) * ((size_t) j->nbb * BATCH_SIZE + 1));
	return true;
}

/*
 * next_probe_batch fetches a probe batch, evaluates and hashes its keys,
 * and finds each live row's bucket, prefetching the buckets and then their
 * first rows so that the misses overlap.
 */
static OpStatus
next_probe_batch(JoinOp *j, Err *err)
{
	OpStatus	st = exec_next(j->op.child, &j->pb, err);
	const JoinTable *t = &j->t;
	uint32_t	n;
	uint32_t   *rows;
	bool		prefetch;
	bool		nullable = false;

	if (st != OP_BATCH)
		return st;
	arena_reset(&j->probe_arena);
	n = batch_rows(j->pb);
	j->pkeys = arena_array(&j->probe_arena, Vector *, j->nkeys + 1);
	for (int k = 0; k < j->nkeys; k++)
		if ((j->pkeys[k] = expr_eval(j->hj->probe_keys[k], j->pb, &j->probe_arena, err)) == NULL)
			return OP_FAILED;
	/* per live row k, not per row position */
	j->phash = arena_alloc(&j->probe_arena, sizeof(uint64_t) * BATCH_SIZE);
	j->pikey = arena_alloc(&j->probe_arena, sizeof(int64_t) * BATCH_SIZE);
	j->pikey2 = arena_alloc(&j->probe_arena, sizeof(int64_t) * BATCH_SIZE);
	j->pstart = arena_alloc(&j->probe_arena, sizeof(uint32_t) * BATCH_SIZE);
	j->pend = arena_alloc(&j->probe_arena, sizeof(uint32_t) * BATCH_SIZE);
	j->matched = arena_zalloc(&j->probe_arena, sizeof(bool) * BATCH_SIZE);
	rows = j->pb->sel;
	if (rows == NULL) {
		rows = arena_alloc(&j->probe_arena, sizeof(uint32_t) * BATCH_SIZE);
		for (uint32_t k = 0; k < n; k++)
			rows[k] = k;
	}
	hash_rows(j, j->pkeys, rows, n, j->phash, j->pikey, j->pikey2);
	/* prefetching pays only when the table is bigger than the caches near the core */
	prefetch = t->mask >= (1u << 16);
	if (prefetch)
		for (uint32_t k = 0; k < n; k++)
			__builtin_prefetch(&t->offsets[(uint32_t) j->phash[k] & t->mask]);
	for (uint32_t k = 0; k < n; k++) {
		uint32_t	slot = (uint32_t) j->phash[k] & t->mask;

		j->pstart[k] = t->offsets[slot];
		j->pend[k] = t->offsets[slot + 1];
		if (prefetch && j->pstart[k] < j->pend[k]) {
			__builtin_prefetch(&t->ent[j->pstart[k]]);
			if (j->int_keys == 0)
				__builtin_prefetch(&t->hash[j->pstart[k]]);
		}
	}
	for (int c = 0; c < j->nkeys; c++)
		if (j->pkeys[c]->validity != NULL)
			nullable = true;
	if (nullable)
		for (uint32_t k = 0; k < n; k++)
			if (key_has_null(j->pkeys, j->nkeys, rows[k]))
				j->pend[k] = j->pstart[k];
	j->pk = 0;
	j->in_bucket = false;
	j->pairs_done = false;
	return OP_BATCH;
}

/* key_matches: sorted build row p has probe row k's key (k-th live row). */
static inline bool
key_matches(const JoinOp *j, uint32_t p, uint32_t k, uint32_t prow)
{
	const JoinTable *t = &j->t;
	uint32_t	loc;

	if (j->int_keys == 1)
		return t->ent[p].ikey == j->pikey[k];
	if (j->int_keys == 2)
		return t->ent[p].ikey == j->pikey[k] && t->ent[p].ikey2 == j->pikey2[k];
	if (t->hash[p] != j->phash[k])
		return false;
	loc = t->ent[p].loc;
	return key_equal(j->pkeys, prow, j->bkeys[loc >> LOC_SHIFT], loc & LOC_ROW_MASK, j->nkeys);
}

/* mark_exists sets matched for the live probe rows with an equal build key. */
static void
mark_exists(JoinOp *j)
{
	uint32_t	nlive = batch_rows(j->pb);

	for (uint32_t k = 0; k < nlive; k++) {
		uint32_t	prow = batch_row(j->pb, k);

		for (uint32_t p = j->pstart[k]; p < j->pend[k]; p++)
			if (key_matches(j, p, k, prow)) {
				j->matched[prow] = true;
				break;
			}
	}
	j->pairs_done = true;
}

/* collect_pairs fills the pair arrays; returns how many it found. */
static uint32_t
collect_pairs(JoinOp *j)
{
	uint32_t	n = 0;
	uint32_t	nlive = batch_rows(j->pb);

	while (j->pk < nlive) {
		uint32_t	k = j->pk;
		uint32_t	prow = batch_row(j->pb, k);
		uint32_t	p = j->in_bucket ? j->pos : j->pstart[k];
		uint32_t	end = j->pend[k];

		for (; p < end; p++) {
			if (!key_matches(j, p, k, prow))
				continue;
			if (n == BATCH_SIZE) {
				j->pos = p;
				j->in_bucket = true;
				return n;
			}
			j->pair_probe[n] = prow;
			j->pair_build[n++] = j->t.ent[p].loc;
		}
		j->in_bucket = false;
		j->pk++;
	}
	j->pairs_done = true;
	return n;
}

/*
 * GATHER copies n values of type CT from SRC(i) (an expression of i) to
 * dst; SKIP(i) says row i is NULL.
 */
#define GATHER(CT, SRC, NULLS, SKIP) \
	do { \
		CT		   *d_ = (CT *) dst->data; \
		if (!(NULLS)) { \
			for (uint32_t i = 0; i < n; i++) \
				d_[i] = *(const CT *) (SRC); \
		} else { \
			for (uint32_t i = 0; i < n; i++) { \
				if (SKIP) \
					vec_set_null(a, dst, i); \
				else \
					d_[i] = *(const CT *) (SRC); \
			} \
		} \
	} while (0)

typedef struct Pair16 {
	uint64_t	lo;
	uint64_t	hi;
} Pair16;

/* gather_column copies src's rows rows[0..n) into dst, typed by width. */
static void
gather_column(Vector *dst, const Vector *src, const uint32_t *rows, uint32_t n, Arena *a)
{
	bool		nulls = src->validity != NULL;

	switch (type_phys_width(src->phys)) {
		case 1:
			GATHER(uint8_t, (const uint8_t *) src->data + rows[i], nulls, vec_is_null(src, rows[i]));
			break;
		case 2:
			GATHER(uint16_t, (const uint16_t *) src->data + rows[i], nulls, vec_is_null(src, rows[i]));
			break;
		case 4:
			GATHER(uint32_t, (const uint32_t *) src->data + rows[i], nulls, vec_is_null(src, rows[i]));
			break;
		case 8:
			GATHER(uint64_t, (const uint64_t *) src->data + rows[i], nulls, vec_is_null(src, rows[i]));
			break;
		default:
			GATHER(Pair16, (const Pair16 *) src->data + rows[i], nulls, vec_is_null(src, rows[i]));
			break;
	}
}

static inline bool
loc_is_null(const uint64_t *const *valid, uint32_t loc)
{
	const uint64_t *v = valid[loc >> LOC_SHIFT];
	uint32_t	r = loc & LOC_ROW_MASK;

	return v != NULL && (v[r / 64] & (UINT64_C(1) << (r % 64))) == 0;
}

/*
 * gather_build copies build rows pair_build[0..n) (locations) into o's
 * columns from first on (each already allocated with its build column's
 * type); with need, only the build columns it marks.
 */
static void
gather_build(JoinOp *j, Batch *o, int first, uint32_t n, const bool *need)
{
	Arena	   *a = o->arena;
	const uint32_t *locs = j->pair_build;

	for (int c = 0; c < j->nbuild; c++) {
		Vector	   *dst = &o->cols[first + c];
		const char *const *data = j->bdata[c];

		if (need != NULL && !need[c])
			continue;
		const uint64_t *const *valid = j->bvalid[c];
		bool		nulls = j->bnulls[c];

#define BSRC(CT) ((const CT *) data[locs[i] >> LOC_SHIFT] + (locs[i] & LOC_ROW_MASK))
		switch (type_phys_width(dst->phys)) {
			case 1:
				GATHER(uint8_t, BSRC(uint8_t), nulls, loc_is_null(valid, locs[i]));
				break;
			case 2:
				GATHER(uint16_t, BSRC(uint16_t), nulls, loc_is_null(valid, locs[i]));
				break;
			case 4:
				GATHER(uint32_t, BSRC(uint32_t), nulls, loc_is_null(valid, locs[i]));
				break;
			case 8:
				GATHER(uint64_t, BSRC(uint64_t), nulls, loc_is_null(valid, locs[i]));
				break;
			default:
				GATHER(Pair16, BSRC(Pair16), nulls, loc_is_null(valid, locs[i]));
				break;
		}
#undef BSRC
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
		if (j->need[c])
			gather_column(&o->cols[c], &j->pb->cols[c], j->pair_probe, n, a);
	}
	for (int c = 0; c < j->nbuild; c++)
		vec_alloc(a, &o->cols[j->nprobe + c], (TypeId) j->build->types[c]);
	gather_build(j, o, j->nprobe, n, j->need + j->nprobe);
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

	while (j->unmatched_next < j->nbb * BATCH_SIZE && n < BATCH_SIZE) {
		uint32_t	loc = j->unmatched_next++;

		if ((loc & LOC_ROW_MASK) >= j->bbatches[loc >> LOC_SHIFT]->count) {
			/* past this batch's rows: on to the next batch */
			j->unmatched_next = ((loc >> LOC_SHIFT) + 1) << LOC_SHIFT;
			continue;
		}
		if (j->build_matched[loc] == want)
			j->pair_build[n++] = loc;
	}
	if (n == 0)
		return NULL;
	o = batch_new(a, j->op.ncols, j->op.types);
	o->count = n;
	for (int c = 0; c < nprobe; c++)
		for (uint32_t i = 0; i < n; i++)
			vec_set_null(a, &o->cols[c], i);
	gather_build(j, o, nprobe, n, NULL);
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
		if (!j->pairs_done && j->exists_only)
			mark_exists(j);
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

/* mark_columns marks the input columns e refers to. */
static void
mark_columns(const Quarry__Expr *e, bool *need, int ncols)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN && e->column >= 0 && e->column < ncols)
		need[e->column] = true;
	for (size_t i = 0; i < e->n_args; i++)
		mark_columns(e->args[i], need, ncols);
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
	if (j->nkeys == 1 || j->nkeys == 2) {
		j->int_keys = j->nkeys;
		for (int k = 0; k < j->nkeys; k++) {
			PhysType	ph = type_info((TypeId) hj->probe_keys[k]->type)->phys;

			if (ph != PHYS_I16 && ph != PHYS_I32 && ph != PHYS_I64)
				j->int_keys = 0;
		}
	}
	j->exists_only = hj->residual == NULL &&
		(hj->type == QUARRY__JOIN_TYPE__JOIN_SEMI || hj->type == QUARRY__JOIN_TYPE__JOIN_ANTI);
	j->need = arena_array(cx->arena, bool, j->nprobe + j->nbuild + 1);
	if (emits_pairs(hj->type))
		memset(j->need, 1, sizeof(bool) * (j->nprobe + j->nbuild));
	else if (hj->residual != NULL)
		mark_columns(hj->residual, j->need, j->nprobe + j->nbuild);
	if (hj->null_aware && hj->residual != NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "null-aware join with a residual");
		return NULL;
	}
	return &j->op;
}
