/*
 * typeio.c
 *	  Values to and from PostgreSQL's text and binary formats.
 *
 *	  float8 text output follows PostgreSQL 12+ with extra_float_digits = 1:
 *	  the shortest digits that read back to the same double, in fixed notation
 *	  for decimal exponents -4 .. 14 and in exponent notation otherwise.
 */
#include "wire/typeio.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wire/array.h"
#include "wire/pgmsg.h"
#include "wire/typebin.h"

/* mantissa_digits copies the digits of "-d.ddde+x" (no sign, no point) to out. */
static size_t
mantissa_digits(const char *s, char *out)
{
	size_t		n = 0;

	for (; *s != '\0' && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			out[n++] = *s;
	return n;
}

/*
 * decimal_is reports whether the decimal digits ("%.*e" form) are exactly
 * m: same sign and exponent, m's exact expansion the same digits then
 * zeros (glibc prints a long double's exact expansion).
 */
static bool
decimal_is(const char *digits, long double m)
{
	static _Thread_local char big[1200];
	char		d1[64];
	char		d2[1200];
	size_t		n1;
	size_t		n2;

	snprintf(big, sizeof(big), "%.1100Le", m);
	if ((digits[0] == '-') != (big[0] == '-') ||
		atoi(strchr(digits, 'e') + 1) != atoi(strchr(big, 'e') + 1))
		return false;
	n1 = mantissa_digits(digits, d1);
	n2 = mantissa_digits(big, d2);
	if (n1 > n2 || memcmp(d1, d2, n1) != 0)
		return false;
	for (size_t i = n1; i < n2; i++)
		if (d2[i] != '0')
			return false;
	return true;
}

/*
 * typeio_is_midpoint: the digits lie exactly halfway between v and a
 * neighbouring value of its type (float4 when is_float4).  Such digits read
 * back to v (ties go to even) but Ryu, which PostgreSQL uses, does not
 * choose them.  long double holds the midpoints exactly; the decimal
 * comparison runs only when the digits round to one.
 */
bool
typeio_is_midpoint(double v, const char *digits, bool is_float4)
{
	long double d = strtold(digits, NULL);
	long double lo;
	long double hi;

	if (is_float4) {
		lo = ((long double) v + (long double) nextafterf((float) v, -INFINITY)) / 2;
		hi = ((long double) v + (long double) nextafterf((float) v, INFINITY)) / 2;
	} else {
		lo = ((long double) v + (long double) nextafter(v, -INFINITY)) / 2;
		hi = ((long double) v + (long double) nextafter(v, INFINITY)) / 2;
	}
	return (d == lo && decimal_is(digits, lo)) || (d == hi && decimal_is(digits, hi));
}

/* typeio_float8_out writes v as PostgreSQL does and returns the length. */
size_t
typeio_float8_out(double v, char *out, size_t outlen)
{
	char		digits[40];
	int			prec;
	int			exp10;

	if (isnan(v))
		return (size_t) snprintf(out, outlen, "NaN");
	if (isinf(v))
		return (size_t) snprintf(out, outlen, v > 0 ? "Infinity" : "-Infinity");
	if (v == 0)
		return (size_t) snprintf(out, outlen, signbit(v) ? "-0" : "0");
	for (prec = 1; prec <= 17; prec++) {
		snprintf(digits, sizeof(digits), "%.*e", prec - 1, v);
		if (strtod(digits, NULL) == v && !typeio_is_midpoint(v, digits, false))
			break;
	}
	exp10 = atoi(strchr(digits, 'e') + 1);
	if (exp10 < -4 || exp10 >= 15) {
		char	   *e = strchr(digits, 'e');
		int			n;

		*e = '\0';
		n = snprintf(out, outlen, "%se%c%02d", digits, exp10 < 0 ? '-' : '+', abs(exp10));
		return (size_t) n;
	}
	/* fixed notation with exactly the significant digits needed */
	{
		int			decimals = prec - 1 - exp10;

		if (decimals < 0)
			decimals = 0;
		return (size_t) snprintf(out, outlen, "%.*f", decimals, v);
	}
}

/*
 * parse_int reads an integer; text too long for the stack buffer (leading
 * zeros or spaces) is copied into a, never cut short.
 */
static bool
parse_int(Arena *a, TypeId type, const char *s, size_t len, Value *out, Err *err)
{
	char		stackbuf[64];
	char	   *buf = stackbuf;
	char	   *end;
	long long	v;
	const char *tname = type == TYPE_INT2 ? "smallint" : type == TYPE_INT4 ? "integer" : "bigint";

	if (len >= sizeof(stackbuf))
		buf = arena_strndup(a, s, len);
	else {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	errno = 0;
	v = strtoll(buf, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (end == buf || *end != '\0')
		return err_set(err, ERRCODE_INVALID_TEXT_REPR,
					   "invalid input syntax for type %s: \"%.*s\"", tname, (int) len, s);
	if (errno == ERANGE ||
		(type == TYPE_INT4 && (v < INT32_MIN || v > INT32_MAX)) ||
		(type == TYPE_INT2 && (v < INT16_MIN || v > INT16_MAX)))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
					   "value \"%.*s\" is out of range for type %s", (int) len, s, tname);
	out->u.i = v;
	return true;
}

/* parse_oid reads an OID (0 .. 4294967295; a negative int4 wraps, as oidin). */
static bool
parse_oid(Arena *a, TypeId type, const char *s, size_t len, Value *out, Err *err)
{
	if (!parse_int(a, TYPE_INT8, s, len, out, err)) {
		err_set(err, ERRCODE_INVALID_TEXT_REPR, "invalid input syntax for type %s: \"%.*s\"",
				type_info(type)->name, (int) len, s);
		return false;
	}
	if (out->u.i < INT32_MIN || out->u.i > UINT32_MAX)
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
					   "value \"%.*s\" is out of range for type %s", (int) len, s,
					   type_info(type)->name);
	out->u.i = (int32_t) (uint32_t) out->u.i;
	return true;
}

/* The coordinator names reg* values (typeio.h); without it they print as numbers. */
bool		(*typeio_oid_namer) (Buf *b, TypeId type, uint32_t oid);

/*
 * parse_bool accepts what PostgreSQL's boolin does: true, false, yes, no,
 * on, off, 1, 0 in any case, any unique prefix of them ("o" is not), with
 * leading and trailing whitespace ignored.
 */
static bool
parse_bool(const char *s, size_t len, Value *out, Err *err)
{
	static const struct {
		const char *word;
		size_t		min;		/* shortest prefix accepted */
		bool		value;
	}			words[] = {
		{"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false},
		{"on", 2, true}, {"off", 2, false}, {"1", 1, true}, {"0", 1, false},
	};
	const char *p = s;
	size_t		n = len;

	while (n > 0 && isspace((unsigned char) *p)) {
		p++;
		n--;
	}
	while (n > 0 && isspace((unsigned char) p[n - 1]))
		n--;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (n >= words[i].min && n <= strlen(words[i].word) &&
			strncasecmp(p, words[i].word, n) == 0) {
			out->u.b = words[i].value;
			return true;
		}
	return err_set(err, ERRCODE_INVALID_TEXT_REPR,
				   "invalid input syntax for type boolean: \"%.*s\"", (int) len, s);
}

/* typeio_parse reads the text form s of a value of type into *out. */
bool
typeio_parse(Arena *a, TypeId type, const char *s, size_t len, Value *out, Err *err)
{
	bool		handled;

	out->type = type;
	out->is_null = false;
	if (type_is_array(type))
		return array_in(a, type, s, len, out, err);	/* wire/array.c */
	if (typeio_parse_ext(a, type, s, len, out, err, &handled))
		return true;
	if (handled)
		return false;
	switch (type) {
		case TYPE_BOOL:
			return parse_bool(s, len, out, err);
		case TYPE_INT2:
		case TYPE_INT4:
		case TYPE_INT8:
			return parse_int(a, type, s, len, out, err);
		case TYPE_OID:
		case TYPE_XID:
		case TYPE_REGCLASS:
		case TYPE_REGTYPE:
		case TYPE_REGPROC:
		case TYPE_REGNAMESPACE:
			return parse_oid(a, type, s, len, out, err);
		case TYPE_NUMERIC:
		case TYPE_DATE:
		case TYPE_TIMESTAMP:
		case TYPE_TIMESTAMPTZ:
		case TYPE_INTERVAL:
			return typeio_parse_more(a, type, s, len, out, err);
		case TYPE_FLOAT8:
			{
				char	   *buf = arena_strndup(a, s, len);
				char	   *end;

				errno = 0;
				out->u.f = strtod(buf, &end);
				if (end == buf || *end != '\0')
					return err_set(err, ERRCODE_INVALID_TEXT_REPR,
								   "invalid input syntax for type double precision: \"%s\"", buf);
				if (errno == ERANGE && (out->u.f == HUGE_VAL || out->u.f == -HUGE_VAL))
					return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
								   "\"%s\" is out of range for type double precision", buf);
				return true;
			}
		default:
			out->u.s.p = arena_strndup(a, s, len);
			out->u.s.len = (uint32_t) len;
			return true;
	}
}

/* typeio_text appends the text form of a non-NULL value. */
void
typeio_text(Buf *b, const Value *v)
{
	char		tmp[64];
	int			n;

	if (typeio_text_more(b, v) || typeio_text_ext(b, v))
		return;
	if (type_is_oid(v->type) || v->type == TYPE_XID) {
		if (v->type != TYPE_OID && v->type != TYPE_XID && typeio_oid_namer != NULL &&
			typeio_oid_namer(b, v->type, (uint32_t) v->u.i))
			return;
		n = snprintf(tmp, sizeof(tmp), "%u", (uint32_t) v->u.i);
		buf_put(b, tmp, (size_t) n);
		return;
	}
	switch (type_info(v->type)->phys) {
		case PHYS_BOOL:
			buf_put_u8(b, v->u.b ? 't' : 'f');
			return;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			n = snprintf(tmp, sizeof(tmp), "%" PRId64, v->u.i);
			buf_put(b, tmp, (size_t) n);
			return;
		case PHYS_F64:
			buf_put(b, tmp, typeio_float8_out(v->u.f, tmp, sizeof(tmp)));
			return;
		case PHYS_STR:
			buf_put(b, v->u.s.p, v->u.s.len);
			return;
		case PHYS_DEC:			/* typeio_text_more wrote these */
		case PHYS_IV:
		case PHYS_NONE:
			return;
	}
}

static void
put_binary(Buf *b, const Value *v)
{
	uint64_t	bits;

	if (type_is_array(v->type)) {
		array_send(b, v);		/* wire/array.c */
		return;
	}
	switch (type_info(v->type)->phys) {
		case PHYS_BOOL:
			buf_put_u8(b, v->u.b ? 1 : 0);
			return;
		case PHYS_I16:
			buf_put_u16(b, (uint16_t) v->u.i);
			return;
		case PHYS_I32:
			buf_put_u32(b, (uint32_t) v->u.i);
			return;
		case PHYS_I64:
			buf_put_u64(b, (uint64_t) v->u.i);
			return;
		case PHYS_F64:
			if (v->type == TYPE_FLOAT4) {
				float		f4 = (float) v->u.f;	/* real: 4 bytes on the wire */
				uint32_t	b4;

				memcpy(&b4, &f4, 4);
				buf_put_u32(b, b4);
				return;
			}
			memcpy(&bits, &v->u.f, 8);
			buf_put_u64(b, bits);
			return;
		case PHYS_STR:
			buf_put(b, v->u.s.p, v->u.s.len);
			return;
		case PHYS_DEC:
			typebin_put_numeric(b, v->u.n);	/* wire/typebin.c */
			return;
		case PHYS_IV:
			typebin_put_interval(b, &v->u.iv);
			return;
		case PHYS_NONE:
			return;
	}
}

/* typeio_binary appends the binary form of a non-NULL value. */
void
typeio_binary(Buf *b, const Value *v)
{
	put_binary(b, v);
}

/*
 * typeio_datarow appends a DataRow for one row of batch.  formats has one
 * entry per column, or one for all, or none (all text), as Bind gives them.
 */
void
typeio_datarow(Buf *b, const Batch *batch, uint32_t row, const int32_t *formats,
			   int nformats)
{
	size_t		m = pgmsg_begin(b, 'D');

	buf_put_u16(b, (uint16_t) batch->ncols);
	for (int c = 0; c < batch->ncols; c++) {
		Value		v = vec_get(&batch->cols[c], row);
		int			fmt = nformats == 0 ? 0 : nformats == 1 ? formats[0] : formats[c];
		size_t		lenpos;

		if (v.is_null) {
			buf_put_u32(b, UINT32_MAX);
			continue;
		}
		lenpos = b->len;
		buf_put_u32(b, 0);
		if (fmt == 1)
			put_binary(b, &v);
		else
			typeio_text(b, &v);
		buf_set_u32(b, lenpos, (uint32_t) (b->len - lenpos - 4));
	}
	pgmsg_end(b, m);
}

/* vec_set stores x at row of v; long strings are copied into a. */
void
vec_set(Arena *a, Vector *v, uint32_t row, const Value *x)
{
	if (x->is_null) {
		vec_set_null(a, v, row);
		return;
	}
	vec_set_valid(v, row);
	switch (v->phys) {
		case PHYS_BOOL:
			((uint8_t *) v->data)[row] = x->u.b;
			break;
		case PHYS_I16:
			((int16_t *) v->data)[row] = (int16_t) x->u.i;
			break;
		case PHYS_I32:
			((int32_t *) v->data)[row] = (int32_t) x->u.i;
			break;
		case PHYS_I64:
			((int64_t *) v->data)[row] = x->u.i;
			break;
		case PHYS_F64:
			((double *) v->data)[row] = x->u.f;
			break;
		case PHYS_STR:
			((StrView *) v->data)[row] = str_make(a, x->u.s.p, x->u.s.len);
			break;
		case PHYS_DEC:
			((Numeric *) v->data)[row] = x->u.n;
			break;
		case PHYS_IV:
			((Interval *) v->data)[row] = x->u.iv;
			break;
		case PHYS_NONE:
			break;
	}
}

static bool
int_out_of_range(TypeId target, int64_t v, Err *err)
{
	if ((target == TYPE_INT4 && (v < INT32_MIN || v > INT32_MAX)) ||
		(target == TYPE_INT2 && (v < INT16_MIN || v > INT16_MAX)))
		return !err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
						target == TYPE_INT2 ? "smallint out of range" : "integer out of range");
	return false;
}

/*
 * value_cast converts in to target as PostgreSQL's casts do: text to
 * anything through the type's input function, anything to text through its
 * output, numeric types among themselves with range checks.
 */
bool
value_cast(Arena *a, const Value *in, TypeId target, Value *out, Err *err)
{
	bool		handled = false;

	*out = *in;
	out->type = target;
	if (in->is_null || in->type == target)
		return true;
	if (type_is_array(in->type) && type_is_array(target))
		return array_cast(a, in, target, out, err);	/* wire/array.c */
	if (value_cast_more(a, in, target, out, err, &handled))
		return true;
	if (handled)
		return false;
	if (value_cast_ext(a, in, target, out, err, &handled))
		return true;
	if (handled)
		return false;
	if (type_info(in->type)->phys == PHYS_STR)
		return typeio_parse(a, target, in->u.s.p, in->u.s.len, out, err);
	if (type_is_string(target)) {
		Buf			b;

		buf_init(&b);
		typeio_text(&b, in);
		out->u.s.p = arena_strndup(a, (const char *) b.data, b.len);
		out->u.s.len = (uint32_t) b.len;
		buf_free(&b);
		return true;
	}
	if (type_is_integer(in->type) && target == TYPE_FLOAT8) {
		out->u.f = (double) in->u.i;
		return true;
	}
	if (type_is_integer(in->type) && type_is_integer(target))
		return !int_out_of_range(target, in->u.i, err);
	/* oid, the reg* types and integers convert as numbers (PostgreSQL's binary casts) */
	if ((type_is_oid(in->type) || type_is_integer(in->type) || in->type == TYPE_XID) &&
		(type_is_oid(target) || type_is_integer(target) || target == TYPE_XID)) {
		if (type_is_oid(in->type) && type_is_integer(target) && target != TYPE_INT2)
			out->u.i = target == TYPE_INT8 ? (int64_t) (uint32_t) in->u.i : in->u.i;
		else if (type_is_integer(target))
			return !int_out_of_range(target, in->u.i, err);
		else
			out->u.i = (int32_t) (uint32_t) in->u.i;
		return true;
	}
	if (in->type == TYPE_FLOAT8 && type_is_integer(target)) {
		double		r = rint(in->u.f);

		if (isnan(r) || r < -9223372036854775808.0 || r >= 9223372036854775808.0)
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
						   target == TYPE_INT8 ? "bigint out of range" :
						   target == TYPE_INT2 ? "smallint out of range" : "integer out of range");
		out->u.i = (int64_t) r;
		return !int_out_of_range(target, out->u.i, err);
	}
	return err_set(err, "42846", "cannot cast type %s to %s",
				   type_info(in->type)->name, type_info(target)->name);
}
