/*
 * typeio_ext.c
 *	  Text I/O and casts of real (float4), bytea and uuid, as PostgreSQL 15
 *	  reads and writes them.
 *
 *	  real is kept as a double rounded to float precision; its text output
 *	  is the shortest digits that read back to the same float, in fixed
 *	  notation for decimal exponents -4 .. 5 and in exponent notation
 *	  otherwise (extra_float_digits = 1).  bytea is its raw bytes, printed
 *	  in the hex format (\x0102) and read in hex or escape format.  uuid is
 *	  its 16 bytes, printed lower-case with hyphens and read with optional
 *	  braces, upper case and hyphens after any group of four digits.
 *
 *	  typeio_float4_out, typeio_float4_from_double: real's output and the
 *	  rounding every real value goes through.
 *	  typeio_parse_ext, typeio_text_ext, value_cast_ext: called first by
 *	  typeio.c's input, output and cast functions.
 *	  typeio_bytea_encode, typeio_bytea_decode: encode() and decode() in
 *	  the hex, base64 and escape formats.
 */
#include "wire/typeio.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* typeio_float4_out writes v (a float value) as PostgreSQL does; returns the length. */
size_t
typeio_float4_out(double v, char *out, size_t outlen)
{
	char		digits[40];
	float		f = (float) v;
	int			prec;
	int			exp10;

	if (isnan(v))
		return (size_t) snprintf(out, outlen, "NaN");
	if (isinf(v))
		return (size_t) snprintf(out, outlen, v > 0 ? "Infinity" : "-Infinity");
	if (v == 0)
		return (size_t) snprintf(out, outlen, signbit(v) ? "-0" : "0");
	for (prec = 1; prec <= 9; prec++) {
		snprintf(digits, sizeof(digits), "%.*e", prec - 1, (double) f);
		if (strtof(digits, NULL) == f && !typeio_is_midpoint((double) f, digits, true))
			break;
	}
	exp10 = atoi(strchr(digits, 'e') + 1);
	if (exp10 < -4 || exp10 >= 6) {
		*strchr(digits, 'e') = '\0';
		return (size_t) snprintf(out, outlen, "%se%c%02d", digits, exp10 < 0 ? '-' : '+',
								 abs(exp10));
	}
	{
		int			decimals = prec - 1 - exp10;

		return (size_t) snprintf(out, outlen, "%.*f", decimals < 0 ? 0 : decimals, (double) f);
	}
}

/*
 * typeio_float4_from_double rounds v to real as PostgreSQL's float84 and
 * real arithmetic do: a finite value too large is an overflow, a nonzero
 * one that rounds to zero an underflow (22003).
 */
bool
typeio_float4_from_double(double v, double *out, Err *err)
{
	float		f = (float) v;

	if (isinf(f) && !isinf(v))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
	if (f == 0.0f && v != 0.0)
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: underflow");
	*out = (double) f;
	return true;
}

/* parse_float4 is float4in: strtof with surrounding whitespace, 22P02 and 22003. */
static bool
parse_float4(Arena *a, const char *s, size_t len, Value *out, Err *err)
{
	char	   *buf = arena_strndup(a, s, len);
	char	   *p = buf;
	char	   *end;
	float		f;

	while (isspace((unsigned char) *p))
		p++;
	errno = 0;
	f = strtof(p, &end);
	if (end == p)
		return err_set(err, ERRCODE_INVALID_TEXT_REPR,
					   "invalid input syntax for type real: \"%s\"", buf);
	if (errno == ERANGE && (f == 0.0f || isinf(f)))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
					   "\"%s\" is out of range for type real", buf);
	while (isspace((unsigned char) *end))
		end++;
	if (*end != '\0')
		return err_set(err, ERRCODE_INVALID_TEXT_REPR,
					   "invalid input syntax for type real: \"%s\"", buf);
	out->u.f = (double) f;
	return true;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* hex_decode reads pairs of hex digits from s + i on, whitespace between pairs. */
static bool
hex_decode(Arena *a, const char *s, size_t len, size_t i, Value *out, Err *err)
{
	char	   *dst = arena_alloc(a, len / 2 + 1);
	size_t		n = 0;

	while (i < len) {
		int			hi;
		int			lo;

		if (isspace((unsigned char) s[i])) {
			i++;
			continue;
		}
		if ((hi = hex_value(s[i])) < 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "invalid hexadecimal digit: \"%.*s\"", s[i] & 0x80 ? 0 : 1, s + i);
		if (i + 1 >= len)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "invalid hexadecimal data: odd number of digits");
		if ((lo = hex_value(s[i + 1])) < 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "invalid hexadecimal digit: \"%.*s\"", s[i + 1] & 0x80 ? 0 : 1,
						   s + i + 1);
		dst[n++] = (char) (hi << 4 | lo);
		i += 2;
	}
	out->u.s.p = dst;
	out->u.s.len = (uint32_t) n;
	return true;
}

static bool
is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* parse_bytea reads PostgreSQL's hex format or its escape format (\\, \ooo). */
static bool
parse_bytea(Arena *a, const char *s, size_t len, Value *out, Err *err)
{
	char	   *dst;
	size_t		n = 0;

	if (len >= 2 && s[0] == '\\' && s[1] == 'x')
		return hex_decode(a, s, len, 2, out, err);
	dst = arena_alloc(a, len + 1);
	for (size_t i = 0; i < len;) {
		if (s[i] != '\\')
			dst[n++] = s[i++];
		else if (i + 1 < len && s[i + 1] == '\\') {
			dst[n++] = '\\';
			i += 2;
		} else if (i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
				   is_octal(s[i + 2]) && is_octal(s[i + 3])) {
			dst[n++] = (char) ((s[i + 1] - '0') << 6 | (s[i + 2] - '0') << 3 | (s[i + 3] - '0'));
			i += 4;
		} else
			return err_set(err, ERRCODE_INVALID_TEXT_REPR, "invalid input syntax for type bytea");
	}
	out->u.s.p = dst;
	out->u.s.len = (uint32_t) n;
	return true;
}

/* parse_uuid is PostgreSQL's string_to_uuid. */
static bool
parse_uuid(Arena *a, const char *s, size_t len, Value *out, Err *err)
{
	unsigned char *dst = arena_alloc(a, 16);
	size_t		i = 0;
	bool		braces = len > 0 && s[0] == '{';

	if (braces)
		i++;
	for (int k = 0; k < 16; k++) {
		if (i + 1 >= len || hex_value(s[i]) < 0 || hex_value(s[i + 1]) < 0)
			goto syntax;
		dst[k] = (unsigned char) (hex_value(s[i]) << 4 | hex_value(s[i + 1]));
		i += 2;
		if (i < len && s[i] == '-' && k % 2 == 1 && k < 15)
			i++;
	}
	if (braces && (i >= len || s[i++] != '}'))
		goto syntax;
	if (i != len)
		goto syntax;
	out->u.s.p = (const char *) dst;
	out->u.s.len = 16;
	return true;
syntax:
	return err_set(err, ERRCODE_INVALID_TEXT_REPR, "invalid input syntax for type uuid: \"%.*s\"",
				   (int) len, s);
}

/*
 * typeio_parse_ext reads real, bytea and uuid; *handled says whether type
 * is one of them.
 */
bool
typeio_parse_ext(Arena *a, TypeId type, const char *s, size_t len, Value *out, Err *err,
				 bool *handled)
{
	*handled = true;
	switch (type) {
		case TYPE_FLOAT4:
			return parse_float4(a, s, len, out, err);
		case TYPE_BYTEA:
			return parse_bytea(a, s, len, out, err);
		case TYPE_UUID:
			return parse_uuid(a, s, len, out, err);
		default:
			*handled = false;
			return false;
	}
}

static void
put_hex(Buf *b, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		buf_put_u8(b, (uint8_t) hex[p[i] >> 4]);
		buf_put_u8(b, (uint8_t) hex[p[i] & 15]);
	}
}

/* typeio_text_ext writes real, bytea and uuid values; false for other types. */
bool
typeio_text_ext(Buf *b, const Value *v)
{
	const unsigned char *p = (const unsigned char *) v->u.s.p;
	char		tmp[64];

	switch (v->type) {
		case TYPE_FLOAT4:
			buf_put(b, tmp, typeio_float4_out(v->u.f, tmp, sizeof(tmp)));
			return true;
		case TYPE_BYTEA:
			buf_put(b, "\\x", 2);
			put_hex(b, p, v->u.s.len);
			return true;
		case TYPE_UUID:
			for (uint32_t i = 0; i < v->u.s.len; i++) {
				if (i == 4 || i == 6 || i == 8 || i == 10)
					buf_put_u8(b, '-');
				put_hex(b, p + i, 1);
			}
			return true;
		default:
			return false;
	}
}

static bool
float4_to_int(double f, TypeId target, Value *out, Err *err)
{
	double		r = rint(f);
	const char *msg = target == TYPE_INT8 ? "bigint out of range" :
		target == TYPE_INT2 ? "smallint out of range" : "integer out of range";

	if (isnan(r) || r < -9223372036854775808.0 || r >= 9223372036854775808.0 ||
		(target == TYPE_INT4 && (r < -2147483648.0 || r >= 2147483648.0)) ||
		(target == TYPE_INT2 && (r < -32768.0 || r >= 32768.0)))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "%s", msg);
	out->u.i = (int64_t) r;
	return true;
}

/* float4_numeric is PostgreSQL's: six significant digits (FLT_DIG). */
static bool
float4_to_numeric(double f, Value *out, Err *err)
{
	char		buf[64];
	NumStatus	st;

	if (isnan(f) || isinf(f))
		return numeric_error(NUM_UNSUPPORTED, err);
	snprintf(buf, sizeof(buf), "%.*g", 6, f);
	if ((st = num_parse(buf, strlen(buf), &out->u.n)) != NUM_OK)
		return numeric_error(st, err);
	return true;
}

/*
 * value_cast_ext casts to and from real, and from bytea and uuid to
 * strings; *handled says whether it was such a cast.
 */
bool
value_cast_ext(Arena *a, const Value *in, TypeId target, Value *out, Err *err, bool *handled)
{
	*handled = true;
	if (target == TYPE_FLOAT4 && type_is_integer(in->type)) {
		out->u.f = (double) (float) in->u.i;
		return true;
	}
	if (target == TYPE_FLOAT4 && in->type == TYPE_FLOAT8)
		return typeio_float4_from_double(in->u.f, &out->u.f, err);
	if (target == TYPE_FLOAT4 && in->type == TYPE_NUMERIC) {
		char		buf[NUM_OUT_MAX];
		size_t		n = num_out(in->u.n, buf);

		return parse_float4(a, buf, n, out, err);
	}
	if (in->type == TYPE_FLOAT4 && target == TYPE_FLOAT8)
		return true;
	if (in->type == TYPE_FLOAT4 && type_is_integer(target))
		return float4_to_int(in->u.f, target, out, err);
	if (in->type == TYPE_FLOAT4 && target == TYPE_NUMERIC)
		return float4_to_numeric(in->u.f, out, err);
	if ((in->type == TYPE_BYTEA || in->type == TYPE_UUID) && type_is_string(target)) {
		Buf			b;

		buf_init(&b);
		typeio_text_ext(&b, in);
		out->u.s.p = arena_strndup(a, (const char *) b.data, b.len);
		out->u.s.len = (uint32_t) b.len;
		buf_free(&b);
		return true;
	}
	*handled = false;
	return false;
}

/* ---- encode(bytea, format) and decode(text, format) ---- */

static const char base64_chars[] =
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* base64_encode is PostgreSQL's: a newline after every 76 characters. */
static void
base64_encode(Buf *b, const unsigned char *s, size_t len)
{
	uint32_t	acc = 0;
	int			pos = 2;
	size_t		line = 0;

	for (size_t i = 0; i < len; i++) {
		acc |= (uint32_t) s[i] << (pos * 8);
		if (--pos < 0) {
			for (int k = 3; k >= 0; k--)
				buf_put_u8(b, (uint8_t) base64_chars[(acc >> (6 * k)) & 0x3f]);
			line += 4;
			pos = 2;
			acc = 0;
		}
		if (line >= 76) {
			buf_put_u8(b, '\n');
			line = 0;
		}
	}
	if (pos != 2) {
		buf_put_u8(b, (uint8_t) base64_chars[(acc >> 18) & 0x3f]);
		buf_put_u8(b, (uint8_t) base64_chars[(acc >> 12) & 0x3f]);
		buf_put_u8(b, pos == 0 ? (uint8_t) base64_chars[(acc >> 6) & 0x3f] : '=');
		buf_put_u8(b, '=');
	}
}

static int
base64_value(char c)
{
	const char *p = c != '\0' ? strchr(base64_chars, c) : NULL;

	return p == NULL ? -1 : (int) (p - base64_chars);
}

/* base64_decode is PostgreSQL's: whitespace skipped, '=' only as padding. */
static bool
base64_decode(Arena *a, const char *s, size_t len, Value *out, Err *err)
{
	unsigned char *dst = arena_alloc(a, len + 1);
	size_t		n = 0;
	uint32_t	acc = 0;
	int			pos = 0;
	int			end = 0;

	for (size_t i = 0; i < len; i++) {
		char		c = s[i];
		int			v = 0;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=') {
			if (end == 0 && pos != 2 && pos != 3)
				return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
							   "unexpected \"=\" while decoding base64 sequence");
			if (end == 0)
				end = pos == 2 ? 1 : 2;
		} else if ((v = base64_value(c)) < 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "invalid symbol \"%.*s\" found while decoding base64 sequence",
						   c & 0x80 ? 0 : 1, s + i);
		acc = (acc << 6) + (uint32_t) v;
		if (++pos == 4) {
			dst[n++] = (unsigned char) (acc >> 16);
			if (end == 0 || end > 1)
				dst[n++] = (unsigned char) (acc >> 8);
			if (end == 0 || end > 2)
				dst[n++] = (unsigned char) acc;
			acc = 0;
			pos = 0;
		}
	}
	if (pos != 0) {
		err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "invalid base64 end sequence");
		err_hint(err, "Input data is missing padding, is truncated, or is otherwise corrupted.");
		return false;
	}
	out->u.s.p = (const char *) dst;
	out->u.s.len = (uint32_t) n;
	return true;
}

/* escape_encode: NUL and bytes >= 0x80 as \ooo, a backslash doubled. */
static void
escape_encode(Buf *b, const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == 0 || s[i] >= 0x80) {
			buf_put_u8(b, '\\');
			buf_put_u8(b, (uint8_t) ('0' + (s[i] >> 6)));
			buf_put_u8(b, (uint8_t) ('0' + ((s[i] >> 3) & 7)));
			buf_put_u8(b, (uint8_t) ('0' + (s[i] & 7)));
		} else if (s[i] == '\\')
			buf_put(b, "\\\\", 2);
		else
			buf_put_u8(b, s[i]);
	}
}

typedef enum { ENC_HEX, ENC_BASE64, ENC_ESCAPE, ENC_NONE } Encoding;

static Encoding
encoding_of(const char *fmt, size_t len, Err *err)
{
	static const char *const names[] = {"hex", "base64", "escape"};

	for (int i = 0; i < 3; i++)
		if (len == strlen(names[i]) && strncasecmp(fmt, names[i], len) == 0)
			return (Encoding) i;
	err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "unrecognized encoding: \"%.*s\"", (int) len, fmt);
	return ENC_NONE;
}

/* typeio_bytea_encode is encode(bytea, format): hex, base64 or escape. */
bool
typeio_bytea_encode(Buf *b, const char *fmt, size_t fmtlen, const char *p, size_t len, Err *err)
{
	const unsigned char *s = (const unsigned char *) p;

	switch (encoding_of(fmt, fmtlen, err)) {
		case ENC_HEX:
			put_hex(b, s, len);
			return true;
		case ENC_BASE64:
			base64_encode(b, s, len);
			return true;
		case ENC_ESCAPE:
			escape_encode(b, s, len);
			return true;
		default:
			return false;
	}
}

/* typeio_bytea_decode is decode(text, format): hex, base64 or escape. */
bool
typeio_bytea_decode(Arena *a, const char *fmt, size_t fmtlen, const char *s, size_t len,
					Value *out, Err *err)
{
	out->type = TYPE_BYTEA;
	out->is_null = false;
	switch (encoding_of(fmt, fmtlen, err)) {
		case ENC_HEX:
			return hex_decode(a, s, len, 0, out, err);
		case ENC_BASE64:
			return base64_decode(a, s, len, out, err);
		case ENC_ESCAPE:
			if (len >= 2 && s[0] == '\\' && s[1] == 'x') {
				/* the escape decoder sees "\x" as a bad escape, as PostgreSQL's */
				return err_set(err, ERRCODE_INVALID_TEXT_REPR, "invalid input syntax for type bytea");
			}
			return parse_bytea(a, s, len, out, err);
		default:
			return false;
	}
}
