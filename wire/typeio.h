/*
 * typeio.h
 *	  Text and binary I/O of values as PostgreSQL writes and reads them.
 */
#ifndef QUARRY_TYPEIO_H
#define QUARRY_TYPEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "common/types.h"
#include "wire/buf.h"

size_t		typeio_float8_out(double v, char *out, size_t outlen);
bool		typeio_parse(Arena *a, TypeId type, const char *s, size_t len, Value *out,
						 Err *err) MUST_CHECK;
void		typeio_text(Buf *b, const Value *v);
void		typeio_datarow(Buf *b, const Batch *batch, uint32_t row, const int32_t *formats,
						   int nformats);
Value		vec_get(const Vector *v, uint32_t row);
void		vec_set(Arena *a, Vector *v, uint32_t row, const Value *x);
bool		value_cast(Arena *a, const Value *in, TypeId target, Value *out, Err *err) MUST_CHECK;

/* typeio_more.c: numeric, date, timestamp, interval and character(n). */
bool		typeio_parse_more(Arena *a, TypeId type, const char *s, size_t len, Value *out,
							  Err *err) MUST_CHECK;
bool		typeio_text_more(Buf *b, const Value *v);
bool		value_cast_more(Arena *a, const Value *in, TypeId target, Value *out, Err *err,
							bool *handled);
bool		value_apply_typmod(Arena *a, Value *v, int32_t typmod, bool explicit_cast,
							   Err *err) MUST_CHECK;
bool		numeric_error(NumStatus st, Err *err);

#endif							/* QUARRY_TYPEIO_H */
