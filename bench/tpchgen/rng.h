/*
 * rng.h
 *	  The generator's random numbers: a counter-based splitmix64 stream.
 *
 *	  Every row draws from its own stream, seeded from (seed, stream id,
 *	  row key), so a row's values do not depend on which thread made it or
 *	  on what was generated before it: output is identical for any --jobs
 *	  and --chunks.
 */
#ifndef TPCHGEN_RNG_H
#define TPCHGEN_RNG_H

#include <stdint.h>

typedef struct Rng
{
	uint64_t	state;
} Rng;

/* Stream ids: one per kind of row (or per special selection). */
typedef enum RngStream
{
	RNG_TEXT = 1,
	RNG_REGION,
	RNG_NATION,
	RNG_SUPPLIER,
	RNG_SUPPLIER_BBB,
	RNG_CUSTOMER,
	RNG_PART,
	RNG_PARTSUPP,
	RNG_ORDER
} RngStream;

/* rng_mix is splitmix64's finaliser: a good 64-bit bijective hash. */
static inline uint64_t
rng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* rng_seed positions r at the start of row `key` of `stream`. */
static inline void
rng_seed(Rng *r, uint64_t seed, RngStream stream, uint64_t key)
{
	r->state = rng_mix(rng_mix(seed ^ ((uint64_t) stream << 56)) + key);
}

/* rng_next returns the next 64 random bits. */
static inline uint64_t
rng_next(Rng *r)
{
	r->state += UINT64_C(0x9e3779b97f4a7c15);
	return rng_mix(r->state);
}

/*
 * rng_range returns a uniform integer in [lo, hi]; hi - lo must be below
 * 2^32 (it always is here).  Multiply-shift, no modulo.
 */
static inline int64_t
rng_range(Rng *r, int64_t lo, int64_t hi)
{
	uint64_t	n = (uint64_t) (hi - lo) + 1;

	return lo + (int64_t) (((rng_next(r) >> 32) * n) >> 32);
}

#endif							/* TPCHGEN_RNG_H */
