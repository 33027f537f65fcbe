/*
 * typebin.c
 *	  Binary input of values: big-endian integers, IEEE 754 doubles, bytes
 *	  for strings.  A length that does not fit the type is 22P03, as
 *	  PostgreSQL reports "incorrect binary data format".
 */
#include "wire/typebin.h"

#include <string.h>

#include "wire/buf.h"

static bool
bad_format(Err *err)
{
	return err_set(err, "22P03", "incorrect binary data format");
}

/* fixed checks a fixed-width value's length as PostgreSQL's receive functions do. */
static bool
fixed(size_t len, size_t want, Err *err)
{
	if (len < want)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "insufficient data left in message");
	if (len > want)
		return bad_format(err);
	return true;
}

/* typebin_parse reads the binary form of a value of type into *out. */
bool
typebin_parse(Arena *a, TypeId type, const uint8_t *p, size_t len, Value *out, Err *err)
{
	Reader		r;
	uint64_t	bits;

	memset(out, 0, sizeof(*out));
	out->type = type;
	reader_init(&r, p, len);
	switch (type_info(type)->phys) {
		case PHYS_BOOL:
			if (!fixed(len, 1, err))
				return false;
			out->u.b = p[0] != 0;
			return true;
		case PHYS_I16:
			if (!fixed(len, 2, err))
				return false;
			out->u.i = (int16_t) reader_u16(&r);
			return true;
		case PHYS_I32:
			if (!fixed(len, 4, err))
				return false;
			out->u.i = (int32_t) reader_u32(&r);
			return true;
		case PHYS_I64:
			if (!fixed(len, 8, err))
				return false;
			out->u.i = (int64_t) reader_u64(&r);
			return true;
		case PHYS_F64:
			if (!fixed(len, 8, err))
				return false;
			bits = reader_u64(&r);
			memcpy(&out->u.f, &bits, 8);
			return true;
		case PHYS_STR:
			out->u.s.p = arena_strndup(a, (const char *) p, len);
			out->u.s.len = (uint32_t) len;
			return true;
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "binary input of type %s is not supported yet", type_info(type)->name);
	}
}
