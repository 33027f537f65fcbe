/*
 * typeio.h
 *	  Text and binary I/O of values as PostgreSQL writes and reads them.
 */
#ifndef QUARRY_TYPEIO_H
#define QUARRY_TYPEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "common/types.h"
#include "wire/buf.h"

size_t		typeio_float8_out(double v, char *out, size_t outlen);
bool		typeio_is_midpoint(double v, const char *digits, bool is_float4);
bool		typeio_parse(Arena *a, TypeId type, const char *s, size_t len, Value *out,
						 Err *err) MUST_CHECK;
void		typeio_text(Buf *b, const Value *v);
/* set on the coordinator: writes the name of a reg* value (regclass: its relation's) */
extern bool (*typeio_oid_namer) (Buf *b, TypeId type, uint32_t oid);
void		typeio_binary(Buf *b, const Value *v);
void		typeio_datarow(Buf *b, const Batch *batch, uint32_t row, const int32_t *formats,
						   int nformats);
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

/* typeio_ext.c: real, bytea and uuid. */
size_t		typeio_float4_out(double v, char *out, size_t outlen);
bool		typeio_float4_from_double(double v, double *out, Err *err) MUST_CHECK;
bool		typeio_parse_ext(Arena *a, TypeId type, const char *s, size_t len, Value *out,
							 Err *err, bool *handled);
bool		typeio_text_ext(Buf *b, const Value *v);
bool		value_cast_ext(Arena *a, const Value *in, TypeId target, Value *out, Err *err,
						   bool *handled);
bool		typeio_bytea_encode(Buf *b, const char *fmt, size_t fmtlen, const char *p, size_t len,
								Err *err) MUST_CHECK;
bool		typeio_bytea_decode(Arena *a, const char *fmt, size_t fmtlen, const char *s, size_t len,
								Value *out, Err *err) MUST_CHECK;

/*
 * vec_get reads row of v into a Value (strings point into the vector).
 * Inline: the per-row paths (sort, join keys, aggregates) call it in loops.
 */
static inline Value
vec_get(const Vector *v, uint32_t row)
{
	Value		x;

	memset(&x, 0, sizeof(x));
	x.type = v->type;
	if (vec_is_null(v, row)) {
		x.is_null = true;
		return x;
	}
	switch (v->phys) {
		case PHYS_BOOL:
			x.u.b = ((const uint8_t *) v->data)[row] != 0;
			break;
		case PHYS_I16:
			x.u.i = ((const int16_t *) v->data)[row];
			break;
		case PHYS_I32:
			x.u.i = ((const int32_t *) v->data)[row];
			break;
		case PHYS_I64:
			x.u.i = ((const int64_t *) v->data)[row];
			break;
		case PHYS_F64:
			x.u.f = ((const double *) v->data)[row];
			break;
		case PHYS_STR:
			{
				const StrView *s = (const StrView *) v->data + row;

				x.u.s.p = str_data(s);
				x.u.s.len = s->len;
				break;
			}
		case PHYS_DEC:
			x.u.n = ((const Numeric *) v->data)[row];
			break;
		case PHYS_IV:
			x.u.iv = ((const Interval *) v->data)[row];
			break;
		case PHYS_NONE:
			break;
	}
	return x;
}

#endif							/* QUARRY_TYPEIO_H */
