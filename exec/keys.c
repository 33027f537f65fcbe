/*
 * keys.c
 *	  Key hashing: xxh3 over each value's canonical bytes, combined per key
 *	  column.  Equality goes through value_cmp, so it follows each type's
 *	  comparison rules.
 */
#include "exec/keys.h"

#include <string.h>
#include <xxhash.h>

#include "common/datetime.h"
#include "exec/expr.h"
#include "wire/typeio.h"

/* key_compare_value: key_compare through Values, for the other types. */
int
key_compare_value(const Vector *a, uint32_t arow, const Vector *b, uint32_t brow)
{
	Value		x = vec_get(a, arow);
	Value		y = vec_get(b, brow);

	return value_cmp(&x, &y);
}

static uint64_t
value_hash(const Value *v)
{
	double		f;

	switch (type_info(v->type)->phys) {
		case PHYS_STR:
			{
				uint32_t	len = v->u.s.len;

				/* character(n): equal values differ only in trailing blanks */
				while (v->type == TYPE_BPCHAR && len > 0 && v->u.s.p[len - 1] == ' ')
					len--;
				return XXH3_64bits(v->u.s.p, len);
			}
		case PHYS_DEC:
			{
				Numeric		n = num_normalize(v->u.n);	/* 1.5 = 1.50 */

				return XXH3_64bits(&n, sizeof(n));
			}
		case PHYS_IV:
			{
				int128		k = interval_cmp_key(v->u.iv);	/* 1 day = 24 hours */

				return XXH3_64bits(&k, sizeof(k));
			}
		case PHYS_F64:
			f = v->u.f == 0 ? 0 : v->u.f;	/* -0 = 0 */
			return XXH3_64bits(&f, sizeof(f));
		case PHYS_BOOL:
			return XXH3_64bits(&v->u.b, sizeof(v->u.b));
		default:
			return XXH3_64bits(&v->u.i, sizeof(v->u.i));
	}
}

/* key_hash hashes row's key values; NULLs hash to a fixed value. */
uint64_t
key_hash(Vector *const *keys, int nkeys, uint32_t row)
{
	uint64_t	h = 0x9E3779B97F4A7C15ULL;

	for (int k = 0; k < nkeys; k++) {
		Value		v = vec_get(keys[k], row);

		h = (h ^ (v.is_null ? 0x51ED270B7A1E2BB9ULL : value_hash(&v))) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return h;
}

bool
key_has_null(Vector *const *keys, int nkeys, uint32_t row)
{
	for (int k = 0; k < nkeys; k++)
		if (vec_is_null(keys[k], row))
			return true;
	return false;
}

/* key_equal: both rows' keys are non-NULL and equal column by column. */
bool
key_equal(Vector *const *a, uint32_t arow, Vector *const *b, uint32_t brow, int nkeys)
{
	for (int k = 0; k < nkeys; k++) {
		Value		x = vec_get(a[k], arow);
		Value		y = vec_get(b[k], brow);

		if (x.is_null || y.is_null || value_cmp(&x, &y) != 0)
			return false;
	}
	return true;
}
