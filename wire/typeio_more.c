/*
 * typeio_more.c
 *	  Text I/O, casts and typmods of numeric, date, timestamp, interval and
 *	  character(n); typeio.c calls in here for those types.
 *
 *	  Casts follow PostgreSQL: numeric to an integer rounds half away from
 *	  zero, numeric to double goes through the text form, double to numeric
 *	  keeps 15 significant digits, character(n) to text drops the trailing
 *	  blanks, timestamp to date drops the time of day.
 */
#include "wire/typeio.h"

#include <stdio.h>
#include <string.h>

#include "common/datetime.h"

/* numeric_error turns a failed numeric operation into its SQLSTATE; false. */
bool
numeric_error(NumStatus st, Err *err)
{
	switch (st) {
		case NUM_DIV_ZERO:
			return err_set(err, ERRCODE_DIVISION_BY_ZERO, "division by zero");
		case NUM_UNSUPPORTED:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "numeric NaN and Infinity are not supported");
		case NUM_FIELD_OVERFLOW:
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "numeric field overflow");
		default:
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value overflows numeric format");
	}
}

bool
typeio_parse_more(Arena *a, TypeId type, const char *s, size_t len, Value *out, Err *err)
{
	NumStatus	st;

	switch (type) {
		case TYPE_NUMERIC:
			if ((st = num_parse(s, len, &out->u.n)) == NUM_OK)
				return true;
			if (st == NUM_SYNTAX)
				return err_set(err, ERRCODE_INVALID_TEXT_REPR,
							   "invalid input syntax for type numeric: \"%.*s\"", (int) len, s);
			return numeric_error(st, err);
		case TYPE_DATE:
			{
				int32_t		d;

				if (!date_parse(s, len, &d, err))
					return false;
				out->u.i = d;
				return true;
			}
		case TYPE_TIMESTAMP:
			return timestamp_parse(s, len, &out->u.i, err);
		case TYPE_TIMESTAMPTZ:
			return timestamptz_parse(s, len, &out->u.i, err);
		case TYPE_INTERVAL:
			return interval_parse(s, len, &out->u.iv, err);
		default:
			return err_set(err, ERRCODE_INTERNAL_ERROR, "no input function for type %s",
						   type_info(type)->name);
	}
}

/* typeio_text_more writes the types typeio_text does not know; false if not one. */
bool
typeio_text_more(Buf *b, const Value *v)
{
	char		tmp[NUM_OUT_MAX];

	switch (v->type) {
		case TYPE_NUMERIC:
			buf_put(b, tmp, num_out(v->u.n, tmp));
			return true;
		case TYPE_DATE:
			buf_put(b, tmp, date_out((int32_t) v->u.i, tmp));
			return true;
		case TYPE_TIMESTAMP:
			buf_put(b, tmp, timestamp_out(v->u.i, tmp));
			return true;
		case TYPE_TIMESTAMPTZ:
			buf_put(b, tmp, timestamptz_out(v->u.i, tmp));
			return true;
		case TYPE_INTERVAL:
			buf_put(b, tmp, interval_out(v->u.iv, tmp));
			return true;
		default:
			return false;
	}
}

static bool
int_range(TypeId t, int64_t v, Err *err)
{
	if ((t == TYPE_INT4 && (v < INT32_MIN || v > INT32_MAX)) ||
		(t == TYPE_INT2 && (v < INT16_MIN || v > INT16_MAX)))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
					   t == TYPE_INT2 ? "smallint out of range" : "integer out of range");
	return true;
}

static bool
cast_numeric(const Value *in, TypeId target, Value *out, Err *err, bool *handled)
{
	NumStatus	st;

	*handled = true;
	if (target == TYPE_NUMERIC && type_is_integer(in->type)) {
		out->u.n = num_from_int(in->u.i);
		return true;
	}
	if (target == TYPE_NUMERIC && in->type == TYPE_FLOAT8) {
		if ((st = num_from_double(in->u.f, &out->u.n)) != NUM_OK)
			return numeric_error(st, err);
		return true;
	}
	if (in->type == TYPE_NUMERIC && type_is_integer(target)) {
		if (!num_to_int(in->u.n, &out->u.i))
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
						   target == TYPE_INT8 ? "bigint out of range" :
						   target == TYPE_INT2 ? "smallint out of range" : "integer out of range");
		return int_range(target, out->u.i, err);
	}
	if (in->type == TYPE_NUMERIC && target == TYPE_FLOAT8) {
		out->u.f = num_to_double(in->u.n);
		return true;
	}
	*handled = false;
	return false;
}

static bool
cast_datetime(const Value *in, TypeId target, Value *out, Err *err, bool *handled)
{
	*handled = true;
	/* sessions run in UTC: timestamp and timestamptz hold the same microseconds */
	if ((in->type == TYPE_TIMESTAMP && target == TYPE_TIMESTAMPTZ) ||
		(in->type == TYPE_TIMESTAMPTZ && target == TYPE_TIMESTAMP))
		return true;
	if (in->type == TYPE_DATE && (target == TYPE_TIMESTAMP || target == TYPE_TIMESTAMPTZ)) {
		out->u.i = in->u.i == DATE_NOEND ? TS_NOEND : in->u.i == DATE_NOBEGIN ? TS_NOBEGIN :
			in->u.i * USECS_PER_DAY;
		return true;
	}
	if ((in->type == TYPE_TIMESTAMP || in->type == TYPE_TIMESTAMPTZ) && target == TYPE_DATE) {
		int64_t		ts = in->u.i;
		int64_t		days = ts / USECS_PER_DAY - (ts % USECS_PER_DAY < 0);

		out->u.i = ts == TS_NOEND ? DATE_NOEND : ts == TS_NOBEGIN ? DATE_NOBEGIN : days;
		return true;
	}
	*handled = false;
	return false;
}

/*
 * value_cast_more converts among the types of this file; *handled says
 * whether it knew the pair (when not, value_cast goes on).
 */
bool
value_cast_more(Arena *a, const Value *in, TypeId target, Value *out, Err *err, bool *handled)
{
	if (in->type == TYPE_NUMERIC || target == TYPE_NUMERIC) {
		bool		ok = cast_numeric(in, target, out, err, handled);

		if (*handled)
			return ok;
	}
	if (type_is_datetime(in->type) && type_is_datetime(target)) {
		bool		ok = cast_datetime(in, target, out, err, handled);

		if (*handled)
			return ok;
	}
	if (in->type == TYPE_BPCHAR && (target == TYPE_TEXT || target == TYPE_VARCHAR)) {
		uint32_t	n = in->u.s.len;

		while (n > 0 && in->u.s.p[n - 1] == ' ')
			n--;
		out->u.s.len = n;
		*handled = true;
		return true;
	}
	*handled = false;
	return false;
}

/* char_prefix_len is the byte length of the first n UTF-8 characters of s. */
static uint32_t
char_prefix_len(const char *s, uint32_t len, uint32_t n, uint32_t *chars)
{
	uint32_t	c = 0;
	uint32_t	i;

	for (i = 0; i < len; i++) {
		if (((unsigned char) s[i] & 0xC0) != 0x80) {
			if (c == n)
				break;
			c++;
		}
	}
	*chars = c;
	return i;
}

static bool
string_typmod(Arena *a, Value *v, int32_t typmod, bool explicit_cast, Err *err)
{
	uint32_t	n = (uint32_t) (typmod - 4);
	uint32_t	chars;
	uint32_t	keep = char_prefix_len(v->u.s.p, v->u.s.len, n, &chars);

	if (keep < v->u.s.len) {
		for (uint32_t i = keep; i < v->u.s.len && !explicit_cast; i++)
			if (v->u.s.p[i] != ' ')
				return err_set(err, ERRCODE_STRING_TOO_LONG, "value too long for type %s(%d)",
							   type_info(v->type)->name, (int) n);
		v->u.s.len = keep;
	} else if (v->type == TYPE_BPCHAR && chars < n) {
		char	   *p = arena_alloc(a, v->u.s.len + (n - chars) + 1);

		memcpy(p, v->u.s.p, v->u.s.len);
		memset(p + v->u.s.len, ' ', n - chars);
		v->u.s.p = p;
		v->u.s.len += n - chars;
	}
	return true;
}

/*
 * value_apply_typmod coerces v to its type's modifier: numeric(p,s) rounds
 * and checks the integer digits, character(n) pads or cuts, varchar(n)
 * cuts.  An explicit cast cuts strings silently; an assignment only cuts
 * blanks and otherwise fails with 22001.
 */
bool
value_apply_typmod(Arena *a, Value *v, int32_t typmod, bool explicit_cast, Err *err)
{
	NumStatus	st;

	if (v->is_null || typmod < 4)
		return true;
	switch (v->type) {
		case TYPE_NUMERIC:
			if ((st = num_apply_typmod(v->u.n, typmod, &v->u.n)) == NUM_OK)
				return true;
			numeric_error(st, err);
			if (st == NUM_FIELD_OVERFLOW) {
				int			p = num_typmod_precision(typmod);
				int			s = num_typmod_scale(typmod);

				if (p - s != 0)
					err_detail(err, "A field with precision %d, scale %d must round to an absolute value less than 10^%d.",
							   p, s, p - s);
				else
					err_detail(err, "A field with precision %d, scale %d must round to an absolute value less than 1.",
							   p, s);
			}
			return false;
		case TYPE_BPCHAR:
		case TYPE_VARCHAR:
			return string_typmod(a, v, typmod, explicit_cast, err);
		default:
			return true;
	}
}
