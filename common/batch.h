/*
 * batch.h
 *	  Column vectors and batches (DESIGN.md section 4).
 *
 *	  A Vector holds one column of up to BATCH_SIZE values of one type: a
 *	  validity bitmap (NULL when no value is NULL) and fixed-width values or
 *	  16-byte string views, Arrow's layout.  A Batch is a set of vectors of
 *	  equal length plus an optional selection vector naming the live rows.
 */
#ifndef QUARRY_BATCH_H
#define QUARRY_BATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/arena.h"
#include "common/types.h"

#define BATCH_SIZE 2048
#define STR_INLINE 12

/*
 * StrView: 16 bytes.  The length, then up to 12 bytes inline; a longer
 * string keeps its first 4 bytes inline (a prefix for quick comparisons)
 * and a pointer to all of its bytes, which live in an arena that outlives
 * the batch's use.  The pointer is stored as bytes, so the view has no
 * padding and vectors of views are exactly 16 bytes a row.
 */
typedef struct StrView {
	uint32_t	len;
	union {
		char		inl[STR_INLINE];
		struct {
			char		prefix[4];
			char		ptr[sizeof(const char *)];
		}			ref;
	}			u;
} StrView;

_Static_assert(sizeof(StrView) == 16, "StrView must be 16 bytes");

static inline const char *
str_data(const StrView *s)
{
	const char *p;

	if (s->len <= STR_INLINE)
		return s->u.inl;
	memcpy(&p, s->u.ref.ptr, sizeof(p));
	return p;
}

typedef struct Vector {
	TypeId		type;
	PhysType	phys;
	uint64_t   *validity;		/* bit i set = row i valid; NULL = all valid */
	void	   *data;
} Vector;

typedef struct Batch {
	int			ncols;
	Vector	   *cols;
	uint32_t	count;			/* rows in the vectors */
	uint32_t   *sel;			/* live rows, ascending; NULL = all count rows */
	uint32_t	nsel;
	Arena	   *arena;			/* where string bytes of this batch live */
} Batch;

/* vec_is_null reports whether row i is NULL.  No bitmap means no NULLs. */
static inline bool
vec_is_null(const Vector *v, uint32_t i)
{
	return v->validity != NULL &&
		(v->validity[i / 64] & (UINT64_C(1) << (i % 64))) == 0;
}

static inline uint32_t
batch_rows(const Batch *b)
{
	return b->sel ? b->nsel : b->count;
}

/* batch_row maps the k-th live row to its position in the vectors. */
static inline uint32_t
batch_row(const Batch *b, uint32_t k)
{
	return b->sel ? b->sel[k] : k;
}

/*
 * mem_equal_small compares n bytes without a call for n up to 16 (two
 * overlapping loads of 8 or 4 bytes): the strings SQL compares for
 * equality are mostly that short, and a libc memcmp call per row was most
 * of Q12's time.
 */
static inline bool
mem_equal_small(const char *x, const char *y, uint32_t n)
{
	uint64_t	a8;
	uint64_t	b8;
	uint64_t	c8;
	uint64_t	d8;
	uint32_t	a4;
	uint32_t	b4;
	uint32_t	c4;
	uint32_t	d4;

	if (n >= 8 && n <= 16) {
		memcpy(&a8, x, 8);
		memcpy(&b8, y, 8);
		memcpy(&c8, x + n - 8, 8);
		memcpy(&d8, y + n - 8, 8);
		return ((a8 ^ b8) | (c8 ^ d8)) == 0;
	}
	if (n >= 4 && n < 8) {
		memcpy(&a4, x, 4);
		memcpy(&b4, y, 4);
		memcpy(&c4, x + n - 4, 4);
		memcpy(&d4, y + n - 4, 4);
		return ((a4 ^ b4) | (c4 ^ d4)) == 0;
	}
	if (n < 4) {
		for (uint32_t i = 0; i < n; i++)
			if (x[i] != y[i])
				return false;
		return true;
	}
	return memcmp(x, y, n) == 0;
}

/* str_equal_fast is str_equal, inline. */
static inline bool
str_equal_fast(const StrView *a, const StrView *b)
{
	return a->len == b->len && mem_equal_small(str_data(a), str_data(b), a->len);
}

/*
 * str_equal_bpchar: a = b for character(n), where trailing blanks do not
 * count: the common prefix is equal and the longer one goes on in blanks.
 */
static inline bool
str_equal_bpchar(const StrView *a, const StrView *b)
{
	const char *x = str_data(a);
	const char *y = str_data(b);
	uint32_t	n = a->len < b->len ? a->len : b->len;
	const char *rest = a->len > b->len ? x + n : y + n;
	uint32_t	nrest = (a->len > b->len ? a->len : b->len) - n;

	if (!mem_equal_small(x, y, n))
		return false;
	for (uint32_t i = 0; i < nrest; i++)
		if (rest[i] != ' ')
			return false;
	return true;
}

StrView		str_make(Arena *a, const char *s, uint32_t len);
int			str_compare(const StrView *a, const StrView *b);
int			str_compare_bpchar(const StrView *a, const StrView *b);
bool		str_equal(const StrView *a, const StrView *b);

Batch	   *batch_new(Arena *a, int ncols, const int32_t *types);
void		vec_alloc(Arena *a, Vector *v, TypeId type);
void		vec_set_null(Arena *a, Vector *v, uint32_t i);
void		vec_set_valid(Vector *v, uint32_t i);
void		batch_copy_row(Batch *dst, uint32_t di, const Batch *src, uint32_t si);
void		batch_copy_cols(Batch *dst, int first, uint32_t di, const Batch *src, uint32_t si);
Batch	   *batch_compact(Arena *a, const Batch *b, const int32_t *types);

#endif							/* QUARRY_BATCH_H */
