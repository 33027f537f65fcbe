/*
 * op_agg.c
 *	  Hash aggregation.  open() drains the child: each row's group key is
 *	  encoded to bytes, hashed with xxh3 and found in an open-addressing
 *	  table that stores the hashes; one integer key uses an int64-keyed
 *	  table instead, and keys that pack into 16 bytes a packed-key cache in
 *	  front of the byte table.  Group keys and states live in flat per-group
 *	  arrays (realloc'd, no allocation per group).
 *	  next() emits the groups in batches.  Without GROUP BY there is exactly
 *	  one group, even over no rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "exec/expr.h"
#include "exec/op.h"
#include "exec/agg_bi.h"
#include "wire/buf.h"
#include "wire/typeio.h"

/*
 * One aggregate's state in one group: 48 bytes.  An aggregate uses one
 * member of the union, chosen by its function and argument type.
 */
typedef struct AggState {
	int64_t		count;
	bool		has;
	union {
		int64_t		isum;		/* sum of integers */
		struct {
			double		fsum;	/* sum/avg of double */
			double		fsxx;	/* variance of double: Youngs-Cramer's Sxx */
		};
		struct {
			Numeric		nsum;	/* numeric sum: sum(int8), sum/avg(numeric), avg(int) */
			Numeric		nsum2;	/* variance of numeric: the sum of squares */
		};
		Value		best;		/* min or max so far; bool_and/bool_or in best.u.b */
		void	   *ext;		/* exec/agg_bi.c's aggregates: their own state */
		struct {
			char	   *text;	/* string_agg: the text so far (task arena) */
			uint32_t	tlen;
			uint32_t	tcap;
		};
	};
} AggState;

/*
 * A set of byte strings: the values DISTINCT aggregates have seen, keyed
 * by group, aggregate and the value's canonical bytes.
 */
typedef struct ByteSet {
	uint64_t   *hashes;			/* 0 = empty */
	const uint8_t **keys;
	uint32_t   *lens;
	uint32_t	size;			/* power of two */
	uint32_t	n;
} ByteSet;

/* A group's key bytes (the byte-keyed table compares them). */
typedef struct Group {
	const uint8_t *kbytes;
	uint32_t	klen;
} Group;

/*
 * The packed-key cache: when every group key fits in 16 bytes (fixed-width
 * values as they lie, short strings as length and bytes, no NULLs), a row's
 * group is found by those bytes in a flat table; a row that does not fit,
 * and the first row of each packed key, go through the byte-keyed table,
 * which stays the authority.  Equal packed bytes mean equal values, so two
 * groups never share an entry (equal values with different bytes, such as
 * 'a' and 'a ' in character(n), just get two entries for one group).
 */
#define PACK_BYTES 16

typedef struct PackKey {
	uint64_t	lo;
	uint64_t	hi;
} PackKey;

static void encode_values(Buf *key, Vector **vals, int n, uint32_t row);
static void encode_row(Buf *key, Vector **vals, int n, uint32_t row);

typedef struct AggOp {
	Op			op;
	const Quarry__Aggregate *agg;
	int			ngroup_cols;
	int			naggs;
	Group	   *groups;			/* per group (malloc'd, like gkeys and states) */
	Value	   *gkeys;			/* per group: ngroup_cols key values */
	AggState   *states;			/* per group: naggs states */
	uint32_t	ngroups;
	uint32_t	groups_cap;
	uint64_t   *hashes;			/* table: hash of slot, 0 = empty */
	uint32_t   *slots;			/* table: group index */
	uint32_t	table_size;		/* power of two */
	uint32_t	emitted;
	Buf			key;
	Buf			dkey;			/* DISTINCT: group, aggregate, value */
	uint32_t	last_group;		/* the previous row's group, UINT32_MAX = none */
	/* one integer key: an int64-keyed table instead of key bytes */
	bool		int_key;
	int64_t    *ikeys;
	uint32_t   *igroups;		/* group index, UINT32_MAX = empty */
	uint32_t	isize;			/* power of two */
	uint32_t	null_group;		/* the NULL key's group, UINT32_MAX = none yet */
	ByteSet		seen;
	/* the packed-key cache (see PackKey) */
	bool		pack;
	bool		pack_exact;		/* integer keys only: the packed key is the key */
	int			pack_off[PACK_BYTES];	/* per group column: its first byte */
	int			pack_len[PACK_BYTES];	/* per string column: its longest string */
	PackKey    *pkeys;
	uint32_t   *pgroups;		/* group index, UINT32_MAX = empty */
	uint32_t	psize;			/* power of two */
	uint32_t	pn;
} AggOp;

#define GROUP_STATES(a, gi) (&(a)->states[(size_t) (gi) * (size_t) (a)->naggs])
#define GROUP_KEYS(a, gi) (&(a)->gkeys[(size_t) (gi) * (size_t) (a)->ngroup_cols])

static void
byteset_grow(ByteSet *set, Arena *arena)
{
	uint32_t	size = set->size ? set->size * 2 : 1024;
	uint64_t   *hashes = arena_zalloc(arena, sizeof(uint64_t) * size);
	const uint8_t **keys = arena_array(arena, const uint8_t *, size);
	uint32_t   *lens = arena_array(arena, uint32_t, size);

	for (uint32_t i = 0; i < set->size; i++) {
		uint32_t	j;

		if (set->hashes[i] == 0)
			continue;
		for (j = (uint32_t) set->hashes[i] & (size - 1); hashes[j] != 0; j = (j + 1) & (size - 1))
			;
		hashes[j] = set->hashes[i];
		keys[j] = set->keys[i];
		lens[j] = set->lens[i];
	}
	set->hashes = hashes;
	set->keys = keys;
	set->lens = lens;
	set->size = size;
}

/* byteset_add adds key; false when it was there already. */
static bool
byteset_add(ByteSet *set, Arena *arena, const uint8_t *key, uint32_t len)
{
	uint64_t	h = XXH3_64bits(key, len) | 1;
	uint32_t	i;

	if ((set->n + 1) * 2 > set->size)
		byteset_grow(set, arena);
	for (i = (uint32_t) h & (set->size - 1); set->hashes[i] != 0; i = (i + 1) & (set->size - 1))
		if (set->hashes[i] == h && set->lens[i] == len && memcmp(set->keys[i], key, len) == 0)
			return false;
	set->hashes[i] = h;
	set->keys[i] = arena_memdup(arena, key, len);
	set->lens[i] = len;
	set->n++;
	return true;
}

static void
encode_values(Buf *key, Vector **vals, int n, uint32_t row)
{
	for (int c = 0; c < n; c++) {
		Value		v = vec_get(vals[c], row);

		buf_put_u8(key, v.is_null);
		if (v.is_null)
			continue;
		if (type_info(v.type)->phys == PHYS_STR) {
			/* character(n): trailing blanks do not count */
			while (v.type == TYPE_BPCHAR && v.u.s.len > 0 && v.u.s.p[v.u.s.len - 1] == ' ')
				v.u.s.len--;
			buf_put_u32(key, v.u.s.len);
			buf_put(key, v.u.s.p, v.u.s.len);
			continue;
		}
		/* numeric: 1.5 and 1.50 are one group */
		if (v.type == TYPE_NUMERIC)
			v.u.n = num_normalize(v.u.n);
		/* float8 = holds for -0 and 0, and for any two NaNs: one group each */
		if (type_info(v.type)->phys == PHYS_F64 && v.u.f == 0)
			v.u.f = 0;
		else if (type_info(v.type)->phys == PHYS_F64 && isnan(v.u.f))
			v.u.f = NAN;
		buf_put(key, &v.u, sizeof(v.u));
	}
}

static void
grow_table(AggOp *a)
{
	uint32_t	size = a->table_size ? a->table_size * 2 : 1024;
	Arena	   *arena = a->op.cx->arena;
	uint64_t   *hashes = arena_zalloc(arena, sizeof(uint64_t) * size);
	uint32_t   *slots = arena_alloc(arena, sizeof(uint32_t) * size);

	for (uint32_t i = 0; i < a->table_size; i++) {
		uint32_t	j;

		if (a->hashes[i] == 0)
			continue;
		for (j = (uint32_t) a->hashes[i] & (size - 1); hashes[j] != 0; j = (j + 1) & (size - 1))
			;
		hashes[j] = a->hashes[i];
		slots[j] = a->slots[i];
	}
	a->hashes = hashes;
	a->slots = slots;
	a->table_size = size;
}

/* grow_array reallocates *p from n to cap elements of size each, zeroing the new ones. */
static void
grow_array(void **p, size_t size, uint32_t n, uint32_t cap)
{
	char	   *q = realloc(*p, size * cap + 1);

	if (q == NULL) {
		fprintf(stderr, "quarry: out of memory growing an aggregate\n");
		abort();
	}
	memset(q + size * n, 0, size * (cap - n));
	*p = q;
}

/* free_groups releases the per-group arrays with the task arena. */
static void
free_groups(void *arg)
{
	AggOp	   *a = arg;

	free(a->groups);
	free(a->gkeys);
	free(a->states);
	a->groups = NULL;
	a->gkeys = NULL;
	a->states = NULL;
}

/* new_group adds the group of row (its key bytes in a->key) and returns its index. */
static uint32_t
new_group(AggOp *a, Vector **keyvecs, uint32_t row)
{
	Arena	   *arena = a->op.cx->arena;
	uint32_t	gi;
	Value	   *keys;

	if (a->ngroups == a->groups_cap) {
		uint32_t	cap = a->groups_cap ? a->groups_cap * 2 : 64;

		if (a->groups_cap == 0)
			arena_on_reset(arena, free_groups, a);
		grow_array((void **) &a->groups, sizeof(Group), a->ngroups, cap);
		grow_array((void **) &a->gkeys, sizeof(Value) * a->ngroup_cols, a->ngroups, cap);
		grow_array((void **) &a->states, sizeof(AggState) * a->naggs, a->ngroups, cap);
		a->groups_cap = cap;
	}
	gi = a->ngroups++;
	if (a->key.len > 0)
		a->groups[gi].kbytes = arena_memdup(arena, a->key.data, a->key.len);
	a->groups[gi].klen = (uint32_t) a->key.len;
	keys = GROUP_KEYS(a, gi);
	for (int c = 0; c < a->ngroup_cols; c++) {
		keys[c] = vec_get(keyvecs[c], row);
		if (!keys[c].is_null && type_info(keys[c].type)->phys == PHYS_STR)
			keys[c].u.s.p = arena_memdup(arena, keys[c].u.s.p, keys[c].u.s.len);
	}
	return gi;
}

/* find_group returns the group of row, creating it when new. */
static uint32_t
find_group(AggOp *a, Vector **keyvecs, uint32_t row)
{
	uint64_t	h;
	uint32_t	i;

	if (a->ngroup_cols == 0)
		return 0;
	encode_row(&a->key, keyvecs, a->ngroup_cols, row);
	/* runs of one group are common (data sorted or clustered by the key) */
	if (a->last_group != UINT32_MAX) {
		const Group *g = &a->groups[a->last_group];

		if (g->klen == a->key.len && memcmp(g->kbytes, a->key.data, a->key.len) == 0)
			return a->last_group;
	}
	h = XXH3_64bits(a->key.data, a->key.len) | 1;
	if ((a->ngroups + 1) * 2 > a->table_size)
		grow_table(a);
	for (i = (uint32_t) h & (a->table_size - 1); a->hashes[i] != 0; i = (i + 1) & (a->table_size - 1)) {
		const Group *g = &a->groups[a->slots[i]];

		if (a->hashes[i] == h && g->klen == a->key.len &&
			memcmp(g->kbytes, a->key.data, a->key.len) == 0)
			return a->last_group = a->slots[i];
	}
	a->hashes[i] = h;
	a->slots[i] = a->ngroups;
	return a->last_group = new_group(a, keyvecs, row);
}

/* text_append adds len bytes to a string_agg state, growing it in the arena. */
static void
text_append(AggOp *a, AggState *s, const char *p, uint32_t len)
{
	if (s->tlen + len > s->tcap) {
		uint32_t	cap = s->tcap ? s->tcap : 64;
		char	   *grown;

		while (cap < s->tlen + len)
			cap *= 2;
		grown = arena_alloc(a->op.cx->arena, cap);
		if (s->tlen > 0)
			memcpy(grown, s->text, s->tlen);
		s->text = grown;
		s->tcap = cap;
	}
	memcpy(s->text + s->tlen, p, len);
	s->tlen += len;
}

/*
 * variance_accum adds v to a variance state: double precision as
 * PostgreSQL's float8_accum (Youngs-Cramer), numbers as numeric sums of
 * values and squares (PostgreSQL's do_numeric_accum).
 */
static bool
variance_accum(AggState *s, const Value *v, Err *err)
{
	NumStatus	st;
	Numeric		x;
	Numeric		x2;

	if (type_is_float(v->type)) {
		double		n = (double) s->count;

		s->fsum += v->u.f;
		if (s->count > 1) {
			double		tmp = v->u.f * n - s->fsum;

			s->fsxx += tmp * tmp / (n * (n - 1));
		}
		return true;
	}
	x = v->type == TYPE_NUMERIC ? v->u.n : num_from_int(v->u.i);
	if ((st = num_add(s->nsum, x, &s->nsum)) != NUM_OK ||
		(st = num_mul(x, x, &x2)) != NUM_OK || (st = num_add(s->nsum2, x2, &s->nsum2)) != NUM_OK)
		return numeric_error(st, err);
	return true;
}

/*
 * variance_final is PostgreSQL's numeric_stddev_internal: (N sumX2 -
 * sumX^2) / (N (N - 1)) (or N^2), at select_div_scale's scale, then its
 * square root for stddev; NULL with fewer than two rows (one for the
 * population forms).
 */
static bool
variance_final(const Quarry__AggCall *call, const AggState *s, Value *v, Err *err)
{
	bool		sample = call->func == QUARRY__AGG_FUNC__AGG_VAR_SAMP ||
		call->func == QUARRY__AGG_FUNC__AGG_STDDEV_SAMP;
	bool		root = call->func == QUARRY__AGG_FUNC__AGG_STDDEV_SAMP ||
		call->func == QUARRY__AGG_FUNC__AGG_STDDEV_POP;
	Numeric		n = num_from_int(s->count);
	Numeric		num;
	Numeric		sq;
	Numeric		den;
	NumStatus	st;

	v->is_null = s->count == 0 || (sample && s->count == 1);
	if (v->is_null)
		return true;
	if (call->type == TYPE_FLOAT8) {
		double		var = s->fsxx / (sample ? (double) s->count - 1 : (double) s->count);

		v->u.f = root ? sqrt(var) : var;
		return true;
	}
	if ((st = num_mul(s->nsum, s->nsum, &sq)) != NUM_OK ||
		(st = num_mul(n, s->nsum2, &num)) != NUM_OK || (st = num_sub(num, sq, &num)) != NUM_OK)
		return numeric_error(st, err);
	if (num_mant(num) <= 0) {
		v->u.n = num_make(0, 0);
		return true;
	}
	if ((st = num_mul(n, sample ? num_from_int(s->count - 1) : n, &den)) != NUM_OK ||
		(st = num_div(num, den, &v->u.n)) != NUM_OK ||
		(root && (st = num_sqrt(v->u.n, num_scale(v->u.n), &v->u.n)) != NUM_OK))
		return numeric_error(st, err);
	return true;
}

static bool
update_state(AggOp *a, const Quarry__AggCall *call, AggState *s, const Vector *arg,
			 const Vector *arg2, uint32_t row, Err *err)
{
	Value		v;

	if (call->func == QUARRY__AGG_FUNC__AGG_COUNT_STAR) {
		s->count++;
		return true;
	}
	if (agg_bi_func(call->func))
		return agg_bi_update(a->op.cx->arena, call, &s->ext, arg, arg2, row, err);
	if (vec_is_null(arg, row))
		return true;
	v = vec_get(arg, row);
	s->count++;
	s->has = true;
	switch (call->func) {
		case QUARRY__AGG_FUNC__AGG_SUM:
		case QUARRY__AGG_FUNC__AGG_AVG:
			if (type_is_float(v.type)) {
				s->fsum += v.u.f;
				/* sum(real) adds in float (float4pl); avg(real) in double */
				if (call->type == TYPE_FLOAT4 && !typeio_float4_from_double(s->fsum, &s->fsum, err))
					return false;
			} else if (v.type == TYPE_NUMERIC) {
				NumStatus	st = num_add(s->nsum, v.u.n, &s->nsum);

				if (st != NUM_OK)
					return numeric_error(st, err);
			} else if (call->type == TYPE_NUMERIC)
				s->nsum += (int128) v.u.i * 256;	/* mantissa += v, scale 0 */
			else if (__builtin_add_overflow(s->isum, v.u.i, &s->isum))
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "bigint out of range");
			return true;
		case QUARRY__AGG_FUNC__AGG_VAR_SAMP:
		case QUARRY__AGG_FUNC__AGG_VAR_POP:
		case QUARRY__AGG_FUNC__AGG_STDDEV_SAMP:
		case QUARRY__AGG_FUNC__AGG_STDDEV_POP:
			return variance_accum(s, &v, err);
		case QUARRY__AGG_FUNC__AGG_BOOL_AND:
			s->best.u.b = (s->count == 1 || s->best.u.b) && v.u.b;
			return true;
		case QUARRY__AGG_FUNC__AGG_BOOL_OR:
			s->best.u.b = (s->count > 1 && s->best.u.b) || v.u.b;
			return true;
		case QUARRY__AGG_FUNC__AGG_STRING_AGG:
			if (s->count > 1 && !vec_is_null(arg2, row)) {
				Value		d = vec_get(arg2, row);

				text_append(a, s, d.u.s.p, d.u.s.len);
			}
			text_append(a, s, v.u.s.p, v.u.s.len);
			return true;
		case QUARRY__AGG_FUNC__AGG_MIN:
		case QUARRY__AGG_FUNC__AGG_MAX:
			if (s->count > 1) {
				int			c = value_cmp(&v, &s->best);

				if (call->func == QUARRY__AGG_FUNC__AGG_MIN ? c >= 0 : c <= 0)
					return true;
			}
			if (type_info(v.type)->phys == PHYS_STR)
				v.u.s.p = arena_memdup(a->op.cx->arena, v.u.s.p, v.u.s.len);
			s->best = v;
			return true;
		default:
			return true;
	}
}

/*
 * first_seen says whether row's argument of DISTINCT aggregate i is new in
 * group g (NULLs are skipped by the aggregate anyway).
 */
static bool
first_seen(AggOp *a, uint32_t gi, int i, Vector *arg, uint32_t row)
{
	uint16_t	ai = (uint16_t) i;

	if (vec_is_null(arg, row))
		return false;
	buf_reset(&a->dkey);
	buf_put(&a->dkey, &gi, sizeof(gi));
	buf_put(&a->dkey, &ai, sizeof(ai));
	encode_values(&a->dkey, &arg, 1, row);
	return byteset_add(&a->seen, a->op.cx->arena, a->dkey.data, (uint32_t) a->dkey.len);
}

/* float4_add is sum(real)'s step: float4pl, rounded to float, 22003 on overflow. */
static inline bool
float4_add(double *acc, double x, Err *err)
{
	return typeio_float4_from_double(*acc + x, acc, err);
}

/* fast_ok: the aggregate has a typed per-batch loop (update_fast). */
static bool
fast_ok(const Quarry__AggCall *call)
{
	return !call->distinct && call->filter == NULL &&
		(call->func == QUARRY__AGG_FUNC__AGG_COUNT_STAR ||
		 call->func == QUARRY__AGG_FUNC__AGG_COUNT || call->func == QUARRY__AGG_FUNC__AGG_SUM ||
		 call->func == QUARRY__AGG_FUNC__AGG_AVG);
}

/*
 * SUM_LOOP runs one aggregate over the batch: S is the row's state, X its
 * argument of type CT; rows with a NULL argument are skipped.
 */
#define SUM_LOOP(CT, BODY) \
	for (uint32_t k = 0; k < n; k++) { \
		uint32_t	row = batch_row(b, k); \
		AggState   *S; \
		CT			X; \
		if (arg->validity != NULL && vec_is_null(arg, row)) \
			continue; \
		S = &a->states[(size_t) gidx[k] * naggs + i]; \
		X = ((const CT *) arg->data)[row]; \
		S->count++; \
		S->has = true; \
		BODY; \
	}

/*
 * update_fast updates aggregate i for every live row of b with one typed
 * loop (no per-row dispatch); gidx holds each live row's group.
 */
static bool
update_fast(AggOp *a, int i, const Vector *arg, const Batch *b, const uint32_t *gidx, Err *err)
{
	const Quarry__AggCall *call = a->agg->aggs[i];
	uint32_t	n = batch_rows(b);
	size_t		naggs = (size_t) a->naggs;

	if (call->func == QUARRY__AGG_FUNC__AGG_COUNT_STAR ||
		(call->func == QUARRY__AGG_FUNC__AGG_COUNT && arg->validity == NULL)) {
		for (uint32_t k = 0; k < n; k++)
			a->states[(size_t) gidx[k] * naggs + i].count++;
		return true;
	}
	if (call->func == QUARRY__AGG_FUNC__AGG_COUNT) {
		for (uint32_t k = 0; k < n; k++)
			a->states[(size_t) gidx[k] * naggs + i].count += !vec_is_null(arg, batch_row(b, k));
		return true;
	}
	switch (arg->phys) {
		case PHYS_F64:
			if (call->type == TYPE_FLOAT4) {
				SUM_LOOP(double, if (!float4_add(&S->fsum, X, err)) return false);
				return true;
			}
			SUM_LOOP(double, S->fsum += X);
			return true;
		case PHYS_DEC:
			/*
			 * At the sum's scale, adding is adding mantissas: X's low byte
			 * is its scale, the rest its mantissa times 256.  The digit
			 * limit is checked when the sum is finalized.
			 */
			SUM_LOOP(Numeric, {
				if (num_scale(X) == num_scale(S->nsum))
					S->nsum += X & ~(Numeric) 0xff;
				else {
					NumStatus	st = num_add(S->nsum, X, &S->nsum);

					if (st != NUM_OK)
						return numeric_error(st, err);
				}
			});
			return true;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			if (call->type == TYPE_NUMERIC && arg->phys == PHYS_I64) {
				SUM_LOOP(int64_t, S->nsum += (int128) X * 256);
			} else if (call->type == TYPE_NUMERIC && arg->phys == PHYS_I32) {
				SUM_LOOP(int32_t, S->nsum += (int128) X * 256);
			} else if (call->type == TYPE_NUMERIC) {
				SUM_LOOP(int16_t, S->nsum += (int128) X * 256);
			} else if (arg->phys == PHYS_I32) {
				/* int64 sums of int4 cannot overflow within 2^32 rows */
				SUM_LOOP(int32_t, S->isum += X);
			} else if (arg->phys == PHYS_I64) {
				SUM_LOOP(int64_t, if (__builtin_add_overflow(S->isum, X, &S->isum))
						 return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "bigint out of range"));
			} else {
				SUM_LOOP(int16_t, S->isum += X);
			}
			return true;
		case PHYS_NONE:
		case PHYS_BOOL:
		case PHYS_STR:
		case PHYS_IV:
			break;
	}
	return err_set(err, ERRCODE_INTERNAL_ERROR, "no sum over this type");
}

/*
 * With few groups, a batch's rows are first sorted by group (Runs), and
 * each aggregate then runs over one group's rows at a time with its state
 * in registers: updating the same few states row after row would chain
 * every update through memory (store-to-load forwarding).  The rows of a
 * group keep their order, so sums add in the same order as row by row.
 */
#define RUNS_MAX_GROUPS 256

typedef struct Runs {
	uint32_t	ng;				/* groups 0..ng */
	uint32_t   *start;			/* ng + 1: group g's rows are rows[start[g]..start[g+1]) */
	uint32_t   *rows;			/* row positions, sorted by group */
} Runs;

static void
make_runs(AggOp *a, const Batch *b, const uint32_t *gidx, Runs *r)
{
	uint32_t	n = batch_rows(b);
	uint32_t   *next;

	r->ng = a->ngroups;
	r->start = arena_zalloc(&a->op.scratch, sizeof(uint32_t) * (r->ng + 1));
	next = arena_alloc(&a->op.scratch, sizeof(uint32_t) * (r->ng + 1));
	r->rows = arena_alloc(&a->op.scratch, sizeof(uint32_t) * (n + 1));
	for (uint32_t k = 0; k < n; k++)
		r->start[gidx[k] + 1]++;
	for (uint32_t g = 0; g < r->ng; g++)
		r->start[g + 1] += r->start[g];
	memcpy(next, r->start, sizeof(uint32_t) * r->ng);
	for (uint32_t k = 0; k < n; k++)
		r->rows[next[gidx[k]]++] = batch_row(b, k);
}

/*
 * RUN_LOOP runs one aggregate over group g's rows: ACC is the state's
 * accumulator held in a local, X each non-NULL argument of type CT.
 */
#define RUN_LOOP(CT, ACC, BODY) \
	do { \
		uint32_t	nn_ = 0; \
		if (arg->validity == NULL) { \
			for (uint32_t p = lo; p < hi; p++) { \
				CT			X = ((const CT *) arg->data)[r->rows[p]]; \
				BODY; \
			} \
			nn_ = hi - lo; \
		} else { \
			for (uint32_t p = lo; p < hi; p++) { \
				CT			X; \
				if (vec_is_null(arg, r->rows[p])) \
					continue; \
				X = ((const CT *) arg->data)[r->rows[p]]; \
				nn_++; \
				BODY; \
			} \
		} \
		S->count += nn_; \
		S->has |= nn_ > 0; \
		(void) (ACC); \
	} while (0)

/* update_runs is update_fast over a batch sorted into runs of one group. */
static bool
update_runs(AggOp *a, int i, const Vector *arg, const Runs *r, Err *err)
{
	const Quarry__AggCall *call = a->agg->aggs[i];

	for (uint32_t g = 0; g < r->ng; g++) {
		uint32_t	lo = r->start[g];
		uint32_t	hi = r->start[g + 1];
		AggState   *S = &GROUP_STATES(a, g)[i];

		if (lo == hi)
			continue;
		if (call->func == QUARRY__AGG_FUNC__AGG_COUNT_STAR ||
			(call->func == QUARRY__AGG_FUNC__AGG_COUNT && arg->validity == NULL)) {
			S->count += hi - lo;
			continue;
		}
		if (call->func == QUARRY__AGG_FUNC__AGG_COUNT) {
			for (uint32_t p = lo; p < hi; p++)
				S->count += !vec_is_null(arg, r->rows[p]);
			continue;
		}
		switch (arg->phys) {
			case PHYS_F64:
				{
					double		acc = S->fsum;

					if (call->type == TYPE_FLOAT4)
						RUN_LOOP(double, acc, if (!float4_add(&acc, X, err)) return false);
					else
						RUN_LOOP(double, acc, acc += X);
					S->fsum = acc;
					break;
				}
			case PHYS_DEC:
				{
					Numeric		acc = S->nsum;

					/* at the sum's scale, adding is adding mantissas (update_fast) */
					RUN_LOOP(Numeric, acc, {
						if (num_scale(X) == num_scale(acc))
							acc += X & ~(Numeric) 0xff;
						else {
							NumStatus	st = num_add(acc, X, &acc);

							if (st != NUM_OK)
								return numeric_error(st, err);
						}
					});
					S->nsum = acc;
					break;
				}
			case PHYS_I16:
			case PHYS_I32:
			case PHYS_I64:
				if (call->type == TYPE_NUMERIC) {
					Numeric		acc = S->nsum;

					if (arg->phys == PHYS_I64)
						RUN_LOOP(int64_t, acc, acc += (int128) X * 256);
					else if (arg->phys == PHYS_I32)
						RUN_LOOP(int32_t, acc, acc += (int128) X * 256);
					else
						RUN_LOOP(int16_t, acc, acc += (int128) X * 256);
					S->nsum = acc;
				} else {
					int64_t		acc = S->isum;

					if (arg->phys == PHYS_I64)
						RUN_LOOP(int64_t, acc, if (__builtin_add_overflow(acc, X, &acc))
								 return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "bigint out of range"));
					else if (arg->phys == PHYS_I32)
						RUN_LOOP(int32_t, acc, acc += X);
					else
						RUN_LOOP(int16_t, acc, acc += X);
					S->isum = acc;
				}
				break;
			default:
				return err_set(err, ERRCODE_INTERNAL_ERROR, "no sum over this type");
		}
	}
	return true;
}

/*
 * encode_row writes row's group key as bytes: a NULL flag per column, then
 * fixed-width values as they lie or strings as length and bytes.  numeric
 * is normalized and character(n) loses its trailing blanks, so values that
 * are equal have equal bytes.
 */
static void
encode_row(Buf *key, Vector **vals, int n, uint32_t row)
{
	uint8_t    *p;

	key->len = 0;
	for (int c = 0; c < n; c++) {
		const Vector *v = vals[c];
		size_t		w = (size_t) type_phys_width(v->phys);

		buf_reserve(key, 21);
		p = key->data + key->len;
		p[0] = vec_is_null(v, row);
		if (p[0]) {
			key->len += 1;
			continue;
		}
		if (v->phys == PHYS_STR) {
			const StrView *sv = (const StrView *) v->data + row;
			const char *s = str_data(sv);
			uint32_t	len = sv->len;

			while (v->type == TYPE_BPCHAR && len > 0 && s[len - 1] == ' ')
				len--;
			memcpy(p + 1, &len, 4);
			key->len += 5;
			buf_put(key, s, len);
			continue;
		}
		/* fixed sizes so the copies inline */
		switch (w) {
			case 1:
				p[1] = ((const uint8_t *) v->data)[row];
				break;
			case 2:
				memcpy(p + 1, (const int16_t *) v->data + row, 2);
				break;
			case 4:
				memcpy(p + 1, (const int32_t *) v->data + row, 4);
				break;
			case 8:
				memcpy(p + 1, (const int64_t *) v->data + row, 8);
				break;
			default:
				memcpy(p + 1, (const char *) v->data + (size_t) row * 16, 16);
				break;
		}
		if (v->phys == PHYS_DEC) {
			Numeric		x;

			memcpy(&x, p + 1, 16);
			x = num_normalize(x);
			memcpy(p + 1, &x, 16);
		} else if (v->phys == PHYS_F64) {
			double		f;

			memcpy(&f, p + 1, 8);
			f = f == 0 ? 0 : isnan(f) ? NAN : f;
			memcpy(p + 1, &f, 8);
		}
		key->len += 1 + w;
	}
}

/*
 * int_slot is Fibonacci hashing: the top bits of the product, which depend
 * on every bit of the key (the middle bits left runs of order keys in long
 * probe sequences).
 */
static inline uint32_t
int_slot(int64_t key, uint32_t size)
{
	uint64_t	h = (uint64_t) key * UINT64_C(0x9E3779B97F4A7C15);

	return (uint32_t) (h >> (64 - __builtin_ctz(size)));
}

static void
int_grow(AggOp *a)
{
	uint32_t	size = a->isize ? a->isize * 2 : 1024;
	Arena	   *arena = a->op.cx->arena;
	int64_t    *keys = arena_alloc(arena, sizeof(int64_t) * size);
	uint32_t   *groups = arena_alloc(arena, sizeof(uint32_t) * size);

	memset(groups, 0xff, sizeof(uint32_t) * size);
	for (uint32_t i = 0; i < a->isize; i++) {
		uint32_t	j;

		if (a->igroups[i] == UINT32_MAX)
			continue;
		for (j = int_slot(a->ikeys[i], size); groups[j] != UINT32_MAX; j = (j + 1) & (size - 1))
			;
		keys[j] = a->ikeys[i];
		groups[j] = a->igroups[i];
	}
	a->ikeys = keys;
	a->igroups = groups;
	a->isize = size;
}

/*
 * int_groups finds the group of every live row when the only group key is
 * an integer (or date): the value itself is the key, no bytes are built.
 */
static void
int_groups(AggOp *a, Vector *key, const Batch *b, uint32_t *gidx)
{
	uint32_t	n = batch_rows(b);
	int64_t    *vals = arena_alloc(&a->op.scratch, sizeof(int64_t) * (n + 1));
	bool		have_prev = false;
	int64_t		prev = 0;

	for (uint32_t k = 0; k < n; k++) {
		uint32_t	row = batch_row(b, k);

		vals[k] = key->phys == PHYS_I32 ? ((const int32_t *) key->data)[row] :
			key->phys == PHYS_I64 ? ((const int64_t *) key->data)[row] :
			((const int16_t *) key->data)[row];
	}
	/* a big table: fetch the batch's slots before probing them */
	if (a->isize >= (1u << 16) && (a->ngroups + n) * 2 <= a->isize)
		for (uint32_t k = 0; k < n; k++) {
			uint32_t	i = int_slot(vals[k], a->isize);

			__builtin_prefetch(&a->ikeys[i]);
			__builtin_prefetch(&a->igroups[i]);
		}
	for (uint32_t k = 0; k < n; k++) {
		uint32_t	row = batch_row(b, k);
		int64_t		v = vals[k];
		uint32_t	i;

		if (vec_is_null(key, row)) {
			if (a->null_group == UINT32_MAX) {
				a->key.len = 0;
				a->null_group = new_group(a, &key, row);
			}
			gidx[k] = a->null_group;
			have_prev = false;
			continue;
		}
		/* runs of one key are common (lineitem is in order key order) */
		if (have_prev && v == prev) {
			gidx[k] = gidx[k - 1];
			continue;
		}
		if ((a->ngroups + 1) * 2 > a->isize)
			int_grow(a);
		for (i = int_slot(v, a->isize); a->igroups[i] != UINT32_MAX && a->ikeys[i] != v;
			 i = (i + 1) & (a->isize - 1))
			;
		if (a->igroups[i] == UINT32_MAX) {
			a->key.len = 0;
			a->ikeys[i] = v;
			a->igroups[i] = new_group(a, &key, row);
		}
		gidx[k] = a->igroups[i];
		have_prev = true;
		prev = v;
	}
}

/*
 * pack_plan decides whether the group keys can use the packed-key cache:
 * fixed-width columns take their width, the string columns share the rest
 * (a length byte and at least one byte each).
 */
static void
pack_plan(AggOp *a)
{
	int			fixed = 0;
	int			nstr = 0;
	int			per = 0;
	int			off = 0;
	bool		exact = true;

	if (a->ngroup_cols == 0 || a->ngroup_cols > PACK_BYTES)
		return;
	for (int c = 0; c < a->ngroup_cols; c++) {
		PhysType	ph = type_info((TypeId) a->agg->group_by[c]->type)->phys;

		if (ph == PHYS_STR)
			nstr++;
		else if (ph == PHYS_NONE)
			return;
		else
			fixed += type_phys_width(ph);
		/* floats and numerics have several spellings of one value */
		exact &= ph == PHYS_I16 || ph == PHYS_I32 || ph == PHYS_I64;
	}
	if (fixed > PACK_BYTES)
		return;
	if (nstr > 0 && (per = (PACK_BYTES - fixed) / nstr) < 2)
		return;
	a->pack_exact = exact;
	for (int c = 0; c < a->ngroup_cols; c++) {
		PhysType	ph = type_info((TypeId) a->agg->group_by[c]->type)->phys;

		a->pack_off[c] = off;
		a->pack_len[c] = ph == PHYS_STR ? per - 1 : 0;
		off += ph == PHYS_STR ? per : type_phys_width(ph);
	}
	a->pack = true;
}

/* pack_column writes column c of the live rows' packed keys; clears fits[k] when one does not fit. */
static void
pack_column(const AggOp *a, int c, const Vector *v, const Batch *b, PackKey *pk, uint8_t *fits)
{
	uint32_t	n = batch_rows(b);
	int			off = a->pack_off[c];

	if (v->validity != NULL)
		for (uint32_t k = 0; k < n; k++)
			if (vec_is_null(v, batch_row(b, k)))
				fits[k] = 0;
	if (v->phys == PHYS_STR) {
		uint32_t	max = (uint32_t) a->pack_len[c];

		for (uint32_t k = 0; k < n; k++) {
			const StrView *sv = (const StrView *) v->data + batch_row(b, k);
			uint8_t    *p = (uint8_t *) &pk[k] + off;

			if (sv->len > max) {
				fits[k] = 0;
				continue;
			}
			p[0] = (uint8_t) sv->len;
			memcpy(p + 1, str_data(sv), sv->len);
		}
		return;
	}
	switch (type_phys_width(v->phys)) {
		case 1:
			for (uint32_t k = 0; k < n; k++)
				memcpy((uint8_t *) &pk[k] + off, (const uint8_t *) v->data + batch_row(b, k), 1);
			break;
		case 2:
			for (uint32_t k = 0; k < n; k++)
				memcpy((uint8_t *) &pk[k] + off, (const uint16_t *) v->data + batch_row(b, k), 2);
			break;
		case 4:
			for (uint32_t k = 0; k < n; k++)
				memcpy((uint8_t *) &pk[k] + off, (const uint32_t *) v->data + batch_row(b, k), 4);
			break;
		case 8:
			for (uint32_t k = 0; k < n; k++)
				memcpy((uint8_t *) &pk[k] + off, (const uint64_t *) v->data + batch_row(b, k), 8);
			break;
		default:
			for (uint32_t k = 0; k < n; k++)
				memcpy((uint8_t *) &pk[k] + off, (const char *) v->data + (size_t) batch_row(b, k) * 16, 16);
			break;
	}
}

static inline uint32_t
pack_slot(const PackKey *k, uint32_t size)
{
	uint64_t	h = k->lo * UINT64_C(0x9E3779B97F4A7C15) + k->hi;

	h ^= h >> 29;
	h *= UINT64_C(0xBF58476D1CE4E5B9);
	return (uint32_t) (h >> 32) & (size - 1);
}

static void
pack_grow(AggOp *a)
{
	uint32_t	size = a->psize ? a->psize * 2 : 256;
	Arena	   *arena = a->op.cx->arena;
	PackKey    *keys = arena_alloc(arena, sizeof(PackKey) * size);
	uint32_t   *groups = arena_alloc(arena, sizeof(uint32_t) * size);

	memset(groups, 0xff, sizeof(uint32_t) * size);
	for (uint32_t i = 0; i < a->psize; i++) {
		uint32_t	j;

		if (a->pgroups[i] == UINT32_MAX)
			continue;
		for (j = pack_slot(&a->pkeys[i], size); groups[j] != UINT32_MAX; j = (j + 1) & (size - 1))
			;
		keys[j] = a->pkeys[i];
		groups[j] = a->pgroups[i];
	}
	a->pkeys = keys;
	a->pgroups = groups;
	a->psize = size;
}

/* pack_groups finds the group of every live row through the packed-key cache. */
static void
pack_groups(AggOp *a, Vector **keyvecs, const Batch *b, uint32_t *gidx)
{
	Arena	   *scratch = &a->op.scratch;
	uint32_t	n = batch_rows(b);
	PackKey    *pk = arena_zalloc(scratch, sizeof(PackKey) * (n + 1));
	uint8_t    *fits = arena_alloc(scratch, n + 1);

	memset(fits, 1, n);
	for (int c = 0; c < a->ngroup_cols; c++)
		pack_column(a, c, keyvecs[c], b, pk, fits);
	for (uint32_t k = 0; k < n; k++) {
		uint32_t	i;

		if (!fits[k]) {
			gidx[k] = find_group(a, keyvecs, batch_row(b, k));
			continue;
		}
		if (k > 0 && fits[k - 1] && pk[k].lo == pk[k - 1].lo && pk[k].hi == pk[k - 1].hi) {
			gidx[k] = gidx[k - 1];
			continue;
		}
		if ((a->pn + 1) * 2 > a->psize)
			pack_grow(a);
		for (i = pack_slot(&pk[k], a->psize); a->pgroups[i] != UINT32_MAX; i = (i + 1) & (a->psize - 1))
			if (a->pkeys[i].lo == pk[k].lo && a->pkeys[i].hi == pk[k].hi)
				break;
		if (a->pgroups[i] == UINT32_MAX) {
			a->pkeys[i] = pk[k];
			if (a->pack_exact) {
				/* no other spelling of this key: a new group, bypassing the byte table */
				a->key.len = 0;
				a->pgroups[i] = new_group(a, keyvecs, batch_row(b, k));
			} else
				a->pgroups[i] = find_group(a, keyvecs, batch_row(b, k));
			a->pn++;
		}
		gidx[k] = a->pgroups[i];
	}
}

static bool
consume(AggOp *a, Batch *b, Err *err)
{
	Arena	   *scratch = &a->op.scratch;
	Vector	   *keyvecs[a->ngroup_cols + 1];
	Vector	   *argvecs[a->naggs + 1];
	Vector	   *filters[a->naggs + 1];
	Vector	   *arg2vecs[a->naggs + 1];
	uint32_t   *gidx;
	uint32_t	n = batch_rows(b);
	bool		use_runs;
	Runs		runs = {0, NULL, NULL};

	arena_reset(scratch);
	gidx = arena_array(scratch, uint32_t, n + 1);
	for (int c = 0; c < a->ngroup_cols; c++)
		if ((keyvecs[c] = expr_eval(a->agg->group_by[c], b, scratch, err)) == NULL)
			return false;
	for (int i = 0; i < a->naggs; i++) {
		const Quarry__AggCall *call = a->agg->aggs[i];

		argvecs[i] = NULL;
		filters[i] = NULL;
		if (call->arg != NULL && (argvecs[i] = expr_eval(call->arg, b, scratch, err)) == NULL)
			return false;
		if (call->filter != NULL && (filters[i] = expr_eval(call->filter, b, scratch, err)) == NULL)
			return false;
		arg2vecs[i] = NULL;
		if (call->arg2 != NULL && (arg2vecs[i] = expr_eval(call->arg2, b, scratch, err)) == NULL)
			return false;
	}
	if (a->int_key)
		int_groups(a, keyvecs[0], b, gidx);
	else if (a->pack)
		pack_groups(a, keyvecs, b, gidx);
	else
		for (uint32_t k = 0; k < n; k++)
			gidx[k] = find_group(a, keyvecs, batch_row(b, k));
	use_runs = a->ngroups <= RUNS_MAX_GROUPS && n >= 64;
	if (use_runs)
		make_runs(a, b, gidx, &runs);
	for (int i = 0; i < a->naggs; i++) {
		const Quarry__AggCall *call = a->agg->aggs[i];

		if (fast_ok(call)) {
			if (!(use_runs ? update_runs(a, i, argvecs[i], &runs, err) :
				  update_fast(a, i, argvecs[i], b, gidx, err)))
				return false;
			continue;
		}
		for (uint32_t k = 0; k < n; k++) {
			uint32_t	row = batch_row(b, k);

			if (filters[i] != NULL &&
				(vec_is_null(filters[i], row) || !((const uint8_t *) filters[i]->data)[row]))
				continue;
			if (call->distinct && !first_seen(a, gidx[k], i, argvecs[i], row))
				continue;
			if (!update_state(a, call, &GROUP_STATES(a, gidx[k])[i], argvecs[i], arg2vecs[i],
							  row, err))
				return false;
		}
	}
	return true;
}

static bool
agg_open(Op *op, Err *err)
{
	AggOp	   *a = (AggOp *) op;
	Batch	   *b;
	OpStatus	st;

	if (!exec_open(op->child, err))
		return false;
	if (a->ngroup_cols == 0)
		new_group(a, NULL, 0);
	while ((st = exec_next(op->child, &b, err)) == OP_BATCH)
		if (!consume(a, b, err))
			return false;
	return st == OP_DONE;
}

/* final_value computes an aggregate's result from its state. */
static bool
final_value(const Quarry__AggCall *call, const AggState *s, Value *v, Err *err)
{
	NumStatus	st = NUM_OK;

	memset(v, 0, sizeof(*v));
	v->type = (TypeId) call->type;
	switch (call->func) {
		case QUARRY__AGG_FUNC__AGG_COUNT_STAR:
		case QUARRY__AGG_FUNC__AGG_COUNT:
			v->u.i = s->count;
			return true;
		case QUARRY__AGG_FUNC__AGG_SUM:
			v->is_null = !s->has;
			if (type_is_float(call->type))
				v->u.f = s->fsum;
			else if (call->type == TYPE_NUMERIC) {
				v->u.n = s->nsum;
				if (!num_mant_fits(num_mant(s->nsum)))
					st = NUM_OVERFLOW;
			} else
				v->u.i = s->isum;
			break;
		case QUARRY__AGG_FUNC__AGG_AVG:
			v->is_null = !s->has;
			if (!s->has)
				return true;
			if (call->type == TYPE_FLOAT8)
				v->u.f = s->fsum / (double) s->count;
			else
				st = num_div(s->nsum, num_from_int(s->count), &v->u.n);
			break;
		case QUARRY__AGG_FUNC__AGG_VAR_SAMP:
		case QUARRY__AGG_FUNC__AGG_VAR_POP:
		case QUARRY__AGG_FUNC__AGG_STDDEV_SAMP:
		case QUARRY__AGG_FUNC__AGG_STDDEV_POP:
			return variance_final(call, s, v, err);
		case QUARRY__AGG_FUNC__AGG_BOOL_AND:
		case QUARRY__AGG_FUNC__AGG_BOOL_OR:
			v->is_null = !s->has;
			v->u.b = s->best.u.b;
			return true;
		case QUARRY__AGG_FUNC__AGG_STRING_AGG:
			v->is_null = !s->has;
			v->u.s.p = s->tlen > 0 ? s->text : "";
			v->u.s.len = s->tlen;
			return true;
		default:
			if (!s->has)
				v->is_null = true;
			else
				*v = s->best;
			return true;
	}
	return st == NUM_OK || numeric_error(st, err);
}

static OpStatus
agg_next(Op *op, Batch **out, Err *err)
{
	AggOp	   *a = (AggOp *) op;
	Batch	   *b;
	uint32_t	n = 0;

	if (a->emitted == a->ngroups)
		return OP_DONE;
	arena_reset(&op->scratch);
	b = batch_new(&op->scratch, op->ncols, op->types);
	for (; n < BATCH_SIZE && a->emitted < a->ngroups; n++, a->emitted++) {
		const Value *keys = GROUP_KEYS(a, a->emitted);
		const AggState *states = GROUP_STATES(a, a->emitted);

		for (int c = 0; c < a->ngroup_cols; c++)
			vec_set(&op->scratch, &b->cols[c], n, &keys[c]);
		for (int i = 0; i < a->naggs; i++) {
			Value		v;

			if (agg_bi_func(a->agg->aggs[i]->func) ?
				!agg_bi_final(a->op.cx->arena, a->agg->aggs[i], states[i].ext, &v, err) :
				!final_value(a->agg->aggs[i], &states[i], &v, err))
				return OP_FAILED;

			vec_set(&op->scratch, &b->cols[a->ngroup_cols + i], n, &v);
		}
	}
	b->count = n;
	*out = b;
	return OP_BATCH;
}

static void
agg_close(Op *op)
{
	AggOp	   *a = (AggOp *) op;

	buf_free(&a->key);
	buf_free(&a->dkey);
	exec_close(op->child);
}

static const OpVtbl agg_vtbl = {"HashAggregate", agg_open, agg_next, agg_close};


/* sorted_input: the Aggregate's input under a Sort by its input_order. */
static const Quarry__PlanNode *
sorted_input(ExecCtx *cx, const Quarry__Aggregate *agg)
{
	Quarry__PlanNode *n = arena_new(cx->arena, Quarry__PlanNode);
	Quarry__Sort *s = arena_new(cx->arena, Quarry__Sort);

	quarry__plan_node__init(n);
	quarry__sort__init(s);
	s->input = agg->input;
	s->n_keys = agg->n_input_order;
	s->keys = agg->input_order;
	n->node_case = QUARRY__PLAN_NODE__NODE_SORT;
	n->sort = s;
	n->n_output_types = agg->input->n_output_types;
	n->output_types = agg->input->output_types;
	return n;
}

Op *
op_agg_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	AggOp	   *a = arena_new(cx->arena, AggOp);
	const Quarry__Aggregate *agg = plan->aggregate;

	op_init(&a->op, &agg_vtbl, cx, plan);
	a->agg = agg;
	a->ngroup_cols = (int) agg->n_group_by;
	a->naggs = (int) agg->n_aggs;
	buf_init(&a->key);
	buf_init(&a->dkey);
	a->null_group = UINT32_MAX;
	a->last_group = UINT32_MAX;
	if (agg->n_group_by == 1) {
		PhysType	ph = type_info((TypeId) agg->group_by[0]->type)->phys;

		a->int_key = ph == PHYS_I16 || ph == PHYS_I32 || ph == PHYS_I64;
	}
	if (!a->int_key)
		pack_plan(a);
	if (plan->n_output_types != agg->n_group_by + agg->n_aggs) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "aggregate output does not match its plan");
		return NULL;
	}
	if ((a->op.child = exec_build(cx, agg->n_input_order > 0 ? sorted_input(cx, agg) : agg->input,
									err)) == NULL)
		return NULL;
	for (int c = 0; c < a->ngroup_cols; c++) {
		if (!expr_check(agg->group_by[c], a->op.child->ncols, a->op.child->types, err))
			return NULL;
		if (agg->group_by[c]->type != plan->output_types[c]) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "aggregate group key type does not match its output");
			return NULL;
		}
	}
	for (int i = 0; i < a->naggs; i++) {
		const Quarry__AggCall *call = agg->aggs[i];

		if ((call->arg == NULL) != (call->func == QUARRY__AGG_FUNC__AGG_COUNT_STAR) ||
			!type_is_valid(call->type) || call->type != plan->output_types[a->ngroup_cols + i]) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid aggregate in plan fragment");
			return NULL;
		}
		if (call->arg != NULL &&
			!expr_check(call->arg, a->op.child->ncols, a->op.child->types, err))
			return NULL;
		if (agg_bi_func(call->func)) {
			if (call->arg2 != NULL &&
				!expr_check(call->arg2, a->op.child->ncols, a->op.child->types, err))
				return NULL;
			if (!agg_bi_check(call, err))
				return NULL;
		} else if ((call->func == QUARRY__AGG_FUNC__AGG_STRING_AGG) != (call->arg2 != NULL) ||
			(call->arg2 != NULL &&
			 (!expr_check(call->arg2, a->op.child->ncols, a->op.child->types, err) ||
			  !type_is_string((TypeId) call->arg2->type) || !type_is_string((TypeId) call->arg->type)))) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid string_agg in plan fragment");
			return NULL;
		}
		if (call->filter != NULL &&
			(!expr_check(call->filter, a->op.child->ncols, a->op.child->types, err) ||
			 call->filter->type != TYPE_BOOL)) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid aggregate filter in plan fragment");
			return NULL;
		}
	}
	return &a->op;
}
