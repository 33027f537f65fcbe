/*
 * typebin.c
 *	  Binary input of values: big-endian integers, IEEE 754 doubles, bytes
 *	  for strings.  A length that does not fit the type is 22P03, as
 *	  PostgreSQL reports "incorrect binary data format".
 */
#include "wire/typebin.h"

#include <string.h>

#include "common/numeric.h"
#include "wire/array.h"
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

#define NUMERIC_NEG 0x4000
#define NUMERIC_NAN 0xC000

/* groups splits |m| / 10^scale into base-10000 digits aligned on the point. */
static int
groups(uint128 m, int scale, int16_t *d, int *weight)
{
	char		dig[80];
	char		pad[200];
	int			n = 0;
	int			len;
	int			ilen;
	int			first = 0;
	int			ng;

	do {
		dig[n++] = (char) ('0' + (int) (m % 10));
		m /= 10;
	} while (m != 0);
	while (n <= scale)
		dig[n++] = '0';
	ilen = n - scale;			/* digits before the point */
	len = 0;
	for (int k = (4 - ilen % 4) % 4; k > 0; k--)
		pad[len++] = '0';
	for (int k = n - 1; k >= 0; k--)
		pad[len++] = dig[k];
	while ((len - ((4 - ilen % 4) % 4) - ilen) % 4 != 0)
		pad[len++] = '0';
	ng = len / 4;
	*weight = (ilen + (4 - ilen % 4) % 4) / 4 - 1;
	for (int g = 0; g < ng; g++)
		d[g] = (int16_t) ((pad[4 * g] - '0') * 1000 + (pad[4 * g + 1] - '0') * 100 +
						  (pad[4 * g + 2] - '0') * 10 + (pad[4 * g + 3] - '0'));
	while (first < ng && d[first] == 0) {
		first++;
		(*weight)--;
	}
	while (ng > first && d[ng - 1] == 0)
		ng--;
	memmove(d, d + first, sizeof(int16_t) * (size_t) (ng - first));
	return ng - first;
}

/* typebin_put_numeric writes numeric_send's form: ndigits, weight, sign, dscale, digits. */
void
typebin_put_numeric(Buf *b, Numeric x)
{
	int128		m = num_mant(x);
	int			scale = num_scale(x);
	int16_t		d[32];
	int			weight = 0;
	int			n = 0;

	if (m != 0)
		n = groups(m < 0 ? (uint128) (-m) : (uint128) m, scale, d, &weight);
	if (n == 0)
		weight = 0;
	buf_put_u16(b, (uint16_t) n);
	buf_put_u16(b, (uint16_t) (int16_t) weight);
	buf_put_u16(b, m < 0 ? NUMERIC_NEG : 0);
	buf_put_u16(b, (uint16_t) scale);
	for (int i = 0; i < n; i++)
		buf_put_u16(b, (uint16_t) d[i]);
}

/* typebin_put_interval writes interval_send's form: time, day, month. */
void
typebin_put_interval(Buf *b, const Interval *iv)
{
	buf_put_u64(b, (uint64_t) iv->time);
	buf_put_u32(b, (uint32_t) iv->day);
	buf_put_u32(b, (uint32_t) iv->month);
}

/* numeric_in reads numeric_recv's form. */
static bool
numeric_in(Reader *r, size_t len, Numeric *out, Err *err)
{
	int			n = (int16_t) reader_u16(r);
	int			weight = (int16_t) reader_u16(r);
	int			sign = reader_u16(r);
	int			scale = (int16_t) reader_u16(r);
	int128		m = 0;

	if (!r->ok || n < 0 || len != 8 + 2 * (size_t) n)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "insufficient data left in message");
	if (sign == NUMERIC_NAN)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "numeric NaN is not supported");
	if ((sign != 0 && sign != NUMERIC_NEG) || scale < 0 || scale > NUM_MAX_SCALE)
		return err_set(err, "22P03", "invalid sign in external \"numeric\" value");
	for (int i = 0; i < n; i++) {
		int			digit = reader_u16(r);
		int			exp = 4 * (weight - i) + scale;
		int128		term;

		if (digit > 9999)
			return err_set(err, "22P03", "invalid digit in external \"numeric\" value");
		if (exp < 0) {
			m += digit / (int) num_pow10[-exp < 4 ? -exp : 4];
			continue;
		}
		if (exp > NUM_MAX_DIGITS || __builtin_mul_overflow((int128) digit, (int128) num_pow10[exp], &term) ||
			__builtin_add_overflow(m, term, &m) || !num_mant_fits(m))
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value overflows numeric format");
	}
	*out = num_make(sign == NUMERIC_NEG ? -m : m, scale);
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
	if (type_is_array(type))
		return array_recv(a, type, p, len, out, err);	/* wire/array.c */
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
			if (type == TYPE_FLOAT4) {
				uint32_t	b4;
				float		f4;

				if (!fixed(len, 4, err))
					return false;
				b4 = reader_u32(&r);
				memcpy(&f4, &b4, 4);
				out->u.f = (double) f4;
				return true;
			}
			if (!fixed(len, 8, err))
				return false;
			bits = reader_u64(&r);
			memcpy(&out->u.f, &bits, 8);
			return true;
		case PHYS_STR:
			if (type == TYPE_UUID && !fixed(len, 16, err))
				return false;
			out->u.s.p = arena_strndup(a, (const char *) p, len);
			out->u.s.len = (uint32_t) len;
			return true;
		case PHYS_DEC:
			return numeric_in(&r, len, &out->u.n, err);
		case PHYS_IV:
			if (!fixed(len, 16, err))
				return false;
			out->u.iv.time = (int64_t) reader_u64(&r);
			out->u.iv.day = (int32_t) reader_u32(&r);
			out->u.iv.month = (int32_t) reader_u32(&r);
			return true;
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "binary input of type %s is not supported yet", type_info(type)->name);
	}
}
