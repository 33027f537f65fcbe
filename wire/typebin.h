/*
 * typebin.h
 *	  Binary input of values (Bind parameters in format 1), as PostgreSQL's
 *	  typreceive functions read them.  Output is typeio_datarow's.
 */
#ifndef QUARRY_TYPEBIN_H
#define QUARRY_TYPEBIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/types.h"
#include "wire/buf.h"

void		typebin_put_numeric(Buf *b, Numeric x);
void		typebin_put_interval(Buf *b, const Interval *iv);
bool		typebin_parse(Arena *a, TypeId type, const uint8_t *p, size_t len, Value *out,
						  Err *err) MUST_CHECK;

#endif							/* QUARRY_TYPEBIN_H */
