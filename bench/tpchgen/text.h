/*
 * text.h
 *	  The pseudo-text pool of TPC-H clause 4.2.2.14: sentences built from a
 *	  small grammar over weighted word lists, concatenated into one large
 *	  buffer.  A comment column value is a random slice of the pool, so
 *	  generating one costs two random numbers and no copy.
 *
 *	  text_pool_build   fill a pool of the given size (parallel, deterministic)
 *	  text_pool_free    release it
 *	  text_comment      a random slice of length [minlen, maxlen]
 *	  text_sentence     one sentence (used by the pool and by tests)
 */
#ifndef TPCHGEN_TEXT_H
#define TPCHGEN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "tpchgen.h"

typedef struct TextPool
{
	char	   *buf;
	size_t		len;
} TextPool;

/* Longest sentence text_sentence can produce, terminator and space included. */
#define TEXT_SENTENCE_MAX 256

extern bool text_pool_build(TextPool *pool, size_t len, uint64_t seed, int jobs);
extern void text_pool_free(TextPool *pool);
extern size_t text_sentence(Rng *r, char *out);

/* text_comment returns a slice of the pool of length in [minlen, maxlen]. */
static inline TpchStr
text_comment(const TextPool *pool, Rng *r, int minlen, int maxlen)
{
	TpchStr		s;
	int64_t		len = rng_range(r, minlen, maxlen);
	int64_t		off = rng_range(r, 0, (int64_t) pool->len - len);

	s.ptr = pool->buf + off;
	s.len = (uint32_t) len;
	return s;
}

#endif							/* TPCHGEN_TEXT_H */
