/*
 * qcf_stats.c
 *	  Column statistics of .qcf chunks and files: null counts, min and max
 *	  (strings cut to QCF_STAT_STR_MAX bytes: the cut min is still a lower
 *	  bound, a cut max is dropped), and HyperLogLog sketches of 2^10
 *	  registers for the distinct-count estimate.
 *
 *	  Exported: qcf_stats_of (a chunk's stats), qcf_stats_merge,
 *	  qcf_hll_add/merge/estimate, qcf_hash_value, qcf_hll_add_column.
 */
#include "exec/qcf_int.h"

#include <math.h>
#include <string.h>
#include <xxhash.h>

static inline uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

static inline uint64_t
hash_f64(double d)
{
	uint64_t	k;

	if (d == 0)
		d = 0;					/* -0 and 0 are one value */
	if (isnan(d))
		d = NAN;
	memcpy(&k, &d, 8);
	return mix64(k);
}

/* qcf_hash_value hashes a non-NULL value as the writer's sketches do. */
uint64_t
qcf_hash_value(const Value *v)
{
	switch (type_info(v->type)->phys) {
		case PHYS_BOOL:
			return mix64((uint64_t) v->u.b);
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			return mix64((uint64_t) v->u.i);
		case PHYS_F64:
			return hash_f64(v->u.f);
		case PHYS_STR:
			return XXH3_64bits(v->u.s.p, v->u.s.len);
		case PHYS_DEC:
			return XXH3_64bits(&v->u.n, sizeof(Numeric));
		default:
			return 0;
	}
}

void
qcf_hll_add(uint8_t *regs, uint64_t hash)
{
	uint32_t	idx = (uint32_t) (hash >> (64 - QCF_HLL_BITS));
	uint64_t	rest = (hash << QCF_HLL_BITS) | (UINT64_C(1) << (QCF_HLL_BITS - 1));
	uint8_t		rank = (uint8_t) (__builtin_clzll(rest) + 1);

	if (rank > regs[idx])
		regs[idx] = rank;
}

void
qcf_hll_merge(uint8_t *into, const uint8_t *from)
{
	for (int i = 0; i < QCF_HLL_REGS; i++)
		if (from[i] > into[i])
			into[i] = from[i];
}

/* qcf_hll_estimate is HyperLogLog's estimate with the small-range correction. */
double
qcf_hll_estimate(const uint8_t *regs)
{
	double		m = QCF_HLL_REGS;
	double		sum = 0;
	int			zeros = 0;
	double		e;

	for (int i = 0; i < QCF_HLL_REGS; i++) {
		sum += ldexp(1.0, -regs[i]);
		zeros += regs[i] == 0;
	}
	e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
	if (e <= 2.5 * m && zeros > 0)
		e = m * log(m / zeros);
	return e;
}

static bool
is_valid(const QcfColumn *c, uint32_t i)
{
	return c->validity == NULL || (c->validity[i / 64] >> (i % 64) & 1);
}

/* qcf_hll_add_column adds the valid values of c to a sketch. */
void
qcf_hll_add_column(uint8_t *regs, const QcfColumn *c)
{
	for (uint32_t i = 0; i < c->rows; i++) {
		if (!is_valid(c, i))
			continue;
		if (c->ints != NULL)
			qcf_hll_add(regs, mix64((uint64_t) c->ints[i]));
		else if (c->f64 != NULL)
			qcf_hll_add(regs, hash_f64(c->f64[i]));
		else if (c->phys == PHYS_STR)
			qcf_hll_add(regs, XXH3_64bits(c->bytes + c->offs[i], c->offs[i + 1] - c->offs[i]));
		else if (c->phys == PHYS_DEC)
			qcf_hll_add(regs, XXH3_64bits(c->raw + (size_t) i * sizeof(Numeric), sizeof(Numeric)));
	}
}

static int
cmp_f64(double x, double y)
{
	if (isnan(x))
		return isnan(y) ? 0 : 1;
	if (isnan(y))
		return -1;
	return (x > y) - (x < y);
}

/* qcf_value_cmp orders two non-NULL values of one physical type. */
int
qcf_value_cmp(const Value *x, const Value *y)
{
	uint32_t	n;
	int			c;

	switch (type_info(x->type)->phys) {
		case PHYS_BOOL:
			return (x->u.b > y->u.b) - (x->u.b < y->u.b);
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			return (x->u.i > y->u.i) - (x->u.i < y->u.i);
		case PHYS_F64:
			return cmp_f64(x->u.f, y->u.f);
		case PHYS_DEC:
			return num_cmp(x->u.n, y->u.n);
		case PHYS_STR:
			n = x->u.s.len < y->u.s.len ? x->u.s.len : y->u.s.len;
			c = memcmp(x->u.s.p, y->u.s.p, n);
			if (c != 0)
				return c;
			return (x->u.s.len > y->u.s.len) - (x->u.s.len < y->u.s.len);
		default:
			return 0;
	}
}

static void
str_minmax(const QcfColumn *c, TypeId type, QcfStats *st, Arena *a)
{
	int64_t		lo = -1;
	int64_t		hi = -1;

	for (uint32_t i = 0; i < c->rows; i++) {
		Value		v = {.type = type};
		Value		m = {.type = type};

		if (!is_valid(c, i))
			continue;
		v.u.s.p = c->bytes + c->offs[i];
		v.u.s.len = (uint32_t) (c->offs[i + 1] - c->offs[i]);
		m.u.s.p = lo < 0 ? NULL : c->bytes + c->offs[lo];
		m.u.s.len = lo < 0 ? 0 : (uint32_t) (c->offs[lo + 1] - c->offs[lo]);
		if (lo < 0 || qcf_value_cmp(&v, &m) < 0)
			lo = i;
		m.u.s.p = hi < 0 ? NULL : c->bytes + c->offs[hi];
		m.u.s.len = hi < 0 ? 0 : (uint32_t) (c->offs[hi + 1] - c->offs[hi]);
		if (hi < 0 || qcf_value_cmp(&v, &m) > 0)
			hi = i;
	}
	if (lo < 0)
		return;
	st->has_min = true;
	st->min.u.s.len = (uint32_t) (c->offs[lo + 1] - c->offs[lo]);
	if (st->min.u.s.len > QCF_STAT_STR_MAX)
		st->min.u.s.len = QCF_STAT_STR_MAX;
	st->min.u.s.p = arena_strndup(a, c->bytes + c->offs[lo], st->min.u.s.len);
	st->max.u.s.len = (uint32_t) (c->offs[hi + 1] - c->offs[hi]);
	st->has_max = st->max.u.s.len <= QCF_STAT_STR_MAX;
	if (st->has_max)
		st->max.u.s.p = arena_strndup(a, c->bytes + c->offs[hi], st->max.u.s.len);
}

static void
fixed_minmax(const QcfColumn *c, QcfStats *st)
{
	bool		any = false;

	for (uint32_t i = 0; i < c->rows; i++) {
		if (!is_valid(c, i))
			continue;
		if (c->ints != NULL) {
			if (!any || c->ints[i] < st->min.u.i)
				st->min.u.i = c->ints[i];
			if (!any || c->ints[i] > st->max.u.i)
				st->max.u.i = c->ints[i];
		} else {
			if (!any || cmp_f64(c->f64[i], st->min.u.f) < 0)
				st->min.u.f = c->f64[i];
			if (!any || cmp_f64(c->f64[i], st->max.u.f) > 0)
				st->max.u.f = c->f64[i];
		}
		any = true;
	}
	st->has_min = st->has_max = any;
	if (any && c->phys == PHYS_BOOL) {
		st->min.u.b = st->min.u.i != 0;
		st->max.u.b = st->max.u.i != 0;
	}
}

static void
dec_minmax(const QcfColumn *c, QcfStats *st)
{
	bool		any = false;

	for (uint32_t i = 0; i < c->rows; i++) {
		Numeric		x;

		if (!is_valid(c, i))
			continue;
		memcpy(&x, c->raw + (size_t) i * sizeof(Numeric), sizeof(x));
		if (!any || num_cmp(x, st->min.u.n) < 0)
			st->min.u.n = x;
		if (!any || num_cmp(x, st->max.u.n) > 0)
			st->max.u.n = x;
		any = true;
	}
	st->has_min = st->has_max = any;
}

/* qcf_stats_of computes the null count, min and max of a chunk. */
void
qcf_stats_of(const QcfColumn *c, TypeId type, QcfStats *st, Arena *a)
{
	memset(st, 0, sizeof(*st));
	st->min.type = st->max.type = type;
	for (uint32_t i = 0; c->validity != NULL && i < c->rows; i++)
		st->nulls += !is_valid(c, i);
	if (c->phys == PHYS_STR)
		str_minmax(c, type, st, a);
	else if (c->ints != NULL || c->f64 != NULL)
		fixed_minmax(c, st);
	else if (c->phys == PHYS_DEC)
		dec_minmax(c, st);
}

static Value
value_copy(const Value *v, Arena *a)
{
	Value		r = *v;

	if (type_info(v->type)->phys == PHYS_STR)
		r.u.s.p = arena_strndup(a, v->u.s.p, v->u.s.len);
	return r;
}

/* qcf_stats_merge folds from into into (strings are copied into a). */
void
qcf_stats_merge(QcfStats *into, const QcfStats *from, Arena *a)
{
	into->nulls += from->nulls;
	if (!from->has_min)
		return;
	if (!into->has_min) {
		into->has_min = true;
		into->has_max = from->has_max;
		into->min = value_copy(&from->min, a);
		if (from->has_max)
			into->max = value_copy(&from->max, a);
		return;
	}
	if (qcf_value_cmp(&from->min, &into->min) < 0)
		into->min = value_copy(&from->min, a);
	if (!from->has_max)
		into->has_max = false;
	else if (into->has_max && qcf_value_cmp(&from->max, &into->max) > 0)
		into->max = value_copy(&from->max, a);
}
