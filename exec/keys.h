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

#endif							/* QUARRY_KEYS_H */
