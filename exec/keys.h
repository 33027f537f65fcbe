/*
 * keys.h
 *	  Hashing and comparing join and grouping keys: values that are equal by
 *	  SQL's = hash alike.
 */
#ifndef QUARRY_KEYS_H
#define QUARRY_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/batch.h"

uint64_t	key_hash(Vector *const *keys, int nkeys, uint32_t row);
bool		key_has_null(Vector *const *keys, int nkeys, uint32_t row);
bool		key_equal(Vector *const *a, uint32_t arow, Vector *const *b, uint32_t brow, int nkeys);
int			key_compare_value(const Vector *a, uint32_t arow, const Vector *b, uint32_t brow);

/*
 * key_compare orders two non-NULL values of one type (row arow of a, brow
 * of b) as value_cmp does; integer columns are compared in place, without
 * building Values, as sorts and windows do it for every pair of rows.
 */
static inline int
key_compare(const Vector *a, uint32_t arow, const Vector *b, uint32_t brow)
{
	switch (a->phys) {
		case PHYS_I32:
			{
				int32_t		x = ((const int32_t *) a->data)[arow];
				int32_t		y = ((const int32_t *) b->data)[brow];

				return (x > y) - (x < y);
			}
		case PHYS_I64:
			{
				int64_t		x = ((const int64_t *) a->data)[arow];
				int64_t		y = ((const int64_t *) b->data)[brow];

				return (x > y) - (x < y);
			}
		case PHYS_I16:
			{
				int16_t		x = ((const int16_t *) a->data)[arow];
				int16_t		y = ((const int16_t *) b->data)[brow];

				return (x > y) - (x < y);
			}
		default:
			return key_compare_value(a, arow, b, brow);
	}
}

#endif							/* QUARRY_KEYS_H */
