/*
 * batchio.h
 *	  Batches to bytes and back: the block format of the skeleton's table
 *	  files and, later, of shuffle blocks.
 *
 *	  block := u32 rows, u16 ncols, per column: u8 type, u8 has_nulls,
 *	           [validity: ceil(rows/8) bytes], values
 *	  values := rows fixed-width little-endian values, or for strings
 *	            rows u32 lengths then the bytes, concatenated
 *	  Only live rows (the selection) are written.
 */
#ifndef QUARRY_BATCHIO_H
#define QUARRY_BATCHIO_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "wire/buf.h"

void		batchio_encode(Buf *out, const Batch *b);
Batch	   *batchio_decode(Arena *a, const uint8_t *p, size_t len, Err *err);

#endif							/* QUARRY_BATCHIO_H */
