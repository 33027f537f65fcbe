/*
 * array.h
 *	  One-dimensional arrays as PostgreSQL reads and writes them.
 *
 *	  An array value is its PostgreSQL text form ({1,2}, {"a b",NULL}) in
 *	  a string vector, canonical (as array_out prints it), with the array
 *	  type carrying the element type (common/types.c).  int2vector and
 *	  oidvector are arrays whose text form is "1 2" and whose lower bound
 *	  is 0.  Operations parse the text into element Values; catalog arrays
 *	  are short, so nothing is cached.
 */
#ifndef QUARRY_ARRAY_H
#define QUARRY_ARRAY_H

#include "common/arena.h"
#include "common/err.h"
#include "common/types.h"
#include "wire/buf.h"

typedef struct ArrayVals {
	TypeId		type;			/* the array type */
	int			n;
	int			lbound;			/* 1, or 0 for int2vector and oidvector */
	Value	   *v;				/* n element values of the element type */
} ArrayVals;

bool		array_parse(Arena *a, TypeId type, const char *s, size_t len, ArrayVals *out,
						Err *err) MUST_CHECK;
void		array_text(Buf *b, const ArrayVals *x);
void		array_put_elem(Buf *b, const Value *v);
bool		array_in(Arena *a, TypeId type, const char *s, size_t len, Value *out,
					 Err *err) MUST_CHECK;
void		array_value(Arena *a, const ArrayVals *x, Value *out);
bool		array_cast(Arena *a, const Value *in, TypeId target, Value *out,
						   Err *err) MUST_CHECK;
void		array_send(Buf *b, const Value *v);
bool		array_recv(Arena *a, TypeId type, const uint8_t *p, size_t len, Value *out,
					   Err *err) MUST_CHECK;
int			array_lbound(TypeId type);

#endif							/* QUARRY_ARRAY_H */
