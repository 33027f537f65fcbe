/*
 * test_wire_typeio.c
 *	  Values as PostgreSQL 15 reads and writes them: float8 and real output,
 *	  integer, boolean, real, bytea and uuid input with their errors, casts,
 *	  and DataRow messages in text and binary format.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wire/typeio.h"

static Arena arena;

static void
setup(void)
{
	arena_init(&arena);
}

static void
teardown(void)
{
	arena_reset(&arena);
}

TestSuite(wire_typeio, .init = setup, .fini = teardown);

static void
expect_float(double v, const char *want)
{
	char		out[64];
	size_t		n = typeio_float8_out(v, out, sizeof(out));

	cr_assert_str_eq(out, want, "%.17g printed as %s, want %s", v, out, want);
	cr_assert_eq(n, strlen(want));
}

Test(wire_typeio, float8_out_fixed)
{
	expect_float(0.1, "0.1");
	expect_float(1.0 / 3.0, "0.3333333333333333");
	expect_float(2.0 / 3.0, "0.6666666666666666");
	expect_float(100, "100");
	expect_float(1.5, "1.5");
	expect_float(-2.75, "-2.75");
	expect_float(0.0001, "0.0001");
	expect_float(123456789012345.0, "123456789012345");
	expect_float(0.1 + 0.2, "0.30000000000000004");
	expect_float(3.141592653589793, "3.141592653589793");
	expect_float(1e14, "100000000000000");
	expect_float(0.001, "0.001");
	expect_float(nextafter(0.001, 0), "0.0009999999999999998");
}

Test(wire_typeio, float8_out_exponent)
{
	expect_float(1e20, "1e+20");
	expect_float(1e-7, "1e-07");
	expect_float(1e15, "1e+15");
	expect_float(1234567890123456.0, "1.234567890123456e+15");
	expect_float(1.5e-5, "1.5e-05");
	expect_float(-1.5e-5, "-1.5e-05");
	expect_float(1e100, "1e+100");
	expect_float(1.7976931348623157e308, "1.7976931348623157e+308");
	expect_float(5e-324, "5e-324");
	expect_float(9223372036854775808.0, "9.223372036854776e+18");
	expect_float(0.00001, "1e-05");
}

Test(wire_typeio, float8_out_special)
{
	expect_float(0.0, "0");
	expect_float(-0.0, "-0");
	expect_float(NAN, "NaN");
	expect_float(INFINITY, "Infinity");
	expect_float(-INFINITY, "-Infinity");
}

/* parse_ok parses s as type and returns the value. */
static Value
parse_ok(TypeId type, const char *s)
{
	Value		v;
	Err			err;

	err_clear(&err);
	cr_assert(typeio_parse(&arena, type, s, strlen(s), &v, &err), "\"%s\": %s", s, err.message);
	cr_assert_eq(v.type, type);
	cr_assert_not(v.is_null);
	return v;
}

/* parse_fails parses s as type and checks the SQLSTATE and message. */
static void
parse_fails(TypeId type, const char *s, const char *sqlstate, const char *message)
{
	Value		v;
	Err			err;

	err_clear(&err);
	cr_assert_not(typeio_parse(&arena, type, s, strlen(s), &v, &err), "\"%s\" parsed", s);
	cr_assert_str_eq(err.sqlstate, sqlstate, "\"%s\"", s);
	cr_assert_str_eq(err.message, message);
}

Test(wire_typeio, parse_integers)
{
	cr_assert_eq(parse_ok(TYPE_INT4, "42").u.i, 42);
	cr_assert_eq(parse_ok(TYPE_INT4, "  -17  ").u.i, -17);
	cr_assert_eq(parse_ok(TYPE_INT4, "+5").u.i, 5);
	cr_assert_eq(parse_ok(TYPE_INT4, "2147483647").u.i, INT32_MAX);
	cr_assert_eq(parse_ok(TYPE_INT4, "-2147483648").u.i, INT32_MIN);
	cr_assert_eq(parse_ok(TYPE_INT2, "-32768").u.i, INT16_MIN);
	cr_assert_eq(parse_ok(TYPE_INT8, "9223372036854775807").u.i, INT64_MAX);
	cr_assert_eq(parse_ok(TYPE_INT8, "-9223372036854775808").u.i, INT64_MIN);
}

Test(wire_typeio, parse_integer_errors)
{
	parse_fails(TYPE_INT4, "abc", "22P02", "invalid input syntax for type integer: \"abc\"");
	parse_fails(TYPE_INT4, "", "22P02", "invalid input syntax for type integer: \"\"");
	parse_fails(TYPE_INT4, "12x", "22P02", "invalid input syntax for type integer: \"12x\"");
	parse_fails(TYPE_INT4, "1.5", "22P02", "invalid input syntax for type integer: \"1.5\"");
	parse_fails(TYPE_INT2, "x", "22P02", "invalid input syntax for type smallint: \"x\"");
	parse_fails(TYPE_INT8, "--1", "22P02", "invalid input syntax for type bigint: \"--1\"");
	parse_fails(TYPE_INT4, "2147483648", "22003",
				"value \"2147483648\" is out of range for type integer");
	parse_fails(TYPE_INT4, "-2147483649", "22003",
				"value \"-2147483649\" is out of range for type integer");
	parse_fails(TYPE_INT2, "32768", "22003", "value \"32768\" is out of range for type smallint");
	parse_fails(TYPE_INT8, "9223372036854775808", "22003",
				"value \"9223372036854775808\" is out of range for type bigint");
}

Test(wire_typeio, parse_long_integer_text)
{
	char		s[128];
	char		want[256];

	/* leading zeros beyond any fixed buffer still give the value */
	memset(s, '0', 100);
	strcpy(s + 100, "7");
	cr_assert_eq(parse_ok(TYPE_INT4, s).u.i, 7);
	/* and junk far into the text is still junk */
	s[0] = '1';
	memset(s + 1, ' ', 80);
	strcpy(s + 81, "x");
	snprintf(want, sizeof(want), "invalid input syntax for type integer: \"%s\"", s);
	parse_fails(TYPE_INT4, s, "22P02", want);
}

Test(wire_typeio, parse_bool)
{
	static const char *const yes[] = {"t", "true", "TRUE", "yes", "on", "1", "y", "tr", "ye", "  true  "};
	static const char *const no[] = {"f", "false", "no", "off", "OFF", "0", "n", "fal", "of", "\tf\n"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_assert_eq(parse_ok(TYPE_BOOL, yes[i]).u.b, true, "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_assert_eq(parse_ok(TYPE_BOOL, no[i]).u.b, false, "%s", no[i]);
	parse_fails(TYPE_BOOL, "junk", "22P02", "invalid input syntax for type boolean: \"junk\"");
	parse_fails(TYPE_BOOL, "o", "22P02", "invalid input syntax for type boolean: \"o\"");
	parse_fails(TYPE_BOOL, "truex", "22P02", "invalid input syntax for type boolean: \"truex\"");
	parse_fails(TYPE_BOOL, "2", "22P02", "invalid input syntax for type boolean: \"2\"");
	parse_fails(TYPE_BOOL, "", "22P02", "invalid input syntax for type boolean: \"\"");
}

Test(wire_typeio, parse_float_and_text)
{
	Value		v = parse_ok(TYPE_FLOAT8, "1.5e-05");

	cr_assert_eq(v.u.f, 1.5e-05);
	cr_assert(isinf(parse_ok(TYPE_FLOAT8, "-Infinity").u.f));
	cr_assert(isnan(parse_ok(TYPE_FLOAT8, "NaN").u.f));
	parse_fails(TYPE_FLOAT8, "1.5x", "22P02",
				"invalid input syntax for type double precision: \"1.5x\"");
	parse_fails(TYPE_FLOAT8, "1e999", "22003", "\"1e999\" is out of range for type double precision");
	v = parse_ok(TYPE_TEXT, "it's");
	cr_assert_eq(v.u.s.len, 4);
	cr_assert(memcmp(v.u.s.p, "it's", 4) == 0);
}

/* cast casts in to target; err receives any error. */
static bool
cast(Value in, TypeId target, Value *out, Err *err)
{
	err_clear(err);
	return value_cast(&arena, &in, target, out, err);
}

static Value
fval(double f)
{
	Value		v = {.type = TYPE_FLOAT8};

	v.u.f = f;
	return v;
}

static Value
ival(TypeId t, int64_t i)
{
	Value		v = {.type = t};

	v.u.i = i;
	return v;
}

Test(wire_typeio, cast_float_to_int_rounds_half_even)
{
	static const struct {
		double		in;
		int64_t		out;
	}			cases[] = {
		{2.5, 2}, {3.5, 4}, {-2.5, -2}, {-3.5, -4}, {0.5, 0}, {1.5, 2},
		{2.4999, 2}, {2.5001, 3}, {-0.0, 0}, {2147483647.4, 2147483647},
	};
	Value		out;
	Err			err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert(cast(fval(cases[i].in), TYPE_INT4, &out, &err), "%g: %s", cases[i].in, err.message);
		cr_assert_eq(out.type, TYPE_INT4);
		cr_assert_eq(out.u.i, cases[i].out, "%g -> %lld", cases[i].in, (long long) out.u.i);
	}
}

Test(wire_typeio, cast_overflow)
{
	Value		out;
	Err			err;

	cr_assert_not(cast(fval(2147483647.5), TYPE_INT4, &out, &err));
	cr_assert_str_eq(err.sqlstate, "22003");
	cr_assert_str_eq(err.message, "integer out of range");
	cr_assert_not(cast(fval(32767.5), TYPE_INT2, &out, &err));
	cr_assert_str_eq(err.message, "smallint out of range");
	cr_assert_not(cast(fval(1e19), TYPE_INT8, &out, &err));
	cr_assert_str_eq(err.message, "bigint out of range");
	cr_assert_not(cast(fval(NAN), TYPE_INT8, &out, &err));
	cr_assert_str_eq(err.sqlstate, "22003");
	cr_assert(cast(fval(-9223372036854775808.0), TYPE_INT8, &out, &err));
	cr_assert_eq(out.u.i, INT64_MIN);
	cr_assert_not(cast(ival(TYPE_INT8, 2147483648LL), TYPE_INT4, &out, &err));
	cr_assert_str_eq(err.message, "integer out of range");
	cr_assert_not(cast(ival(TYPE_INT4, -32769), TYPE_INT2, &out, &err));
	cr_assert_str_eq(err.message, "smallint out of range");
	cr_assert(cast(ival(TYPE_INT4, -32768), TYPE_INT2, &out, &err));
	cr_assert_eq(out.u.i, -32768);
}

Test(wire_typeio, cast_text_and_null)
{
	Value		s = {.type = TYPE_TEXT};
	Value		null = {.type = TYPE_INT4, .is_null = true};
	Value		out;
	Err			err;

	s.u.s.p = "123";
	s.u.s.len = 3;
	cr_assert(cast(s, TYPE_INT8, &out, &err));
	cr_assert_eq(out.u.i, 123);
	s.u.s.p = "abc";
	cr_assert_not(cast(s, TYPE_INT4, &out, &err));
	cr_assert_str_eq(err.sqlstate, "22P02");
	cr_assert_str_eq(err.message, "invalid input syntax for type integer: \"abc\"");
	cr_assert(cast(fval(1e20), TYPE_TEXT, &out, &err));
	cr_assert_eq(out.u.s.len, 5);
	cr_assert(memcmp(out.u.s.p, "1e+20", 5) == 0);
	cr_assert(cast(ival(TYPE_INT2, 7), TYPE_FLOAT8, &out, &err));
	cr_assert_eq(out.u.f, 7.0);
	cr_assert(cast(null, TYPE_TEXT, &out, &err));
	cr_assert(out.is_null);
	cr_assert_eq(out.type, TYPE_TEXT);
	Value		b = {.type = TYPE_BOOL};

	cr_assert_not(cast(b, TYPE_INT4, &out, &err));
	cr_assert_str_eq(err.sqlstate, "42846");
	cr_assert_str_eq(err.message, "cannot cast type boolean to integer");
}

/* row_batch builds one row: int4 7, text 'hi', NULL int8, float8 1.5, bool t. */
static Batch *
row_batch(void)
{
	static const int32_t types[] = {TYPE_INT4, TYPE_TEXT, TYPE_INT8, TYPE_FLOAT8, TYPE_BOOL};
	Batch	   *b = batch_new(&arena, 5, types);
	Value		v = ival(TYPE_INT4, 7);

	vec_set(&arena, &b->cols[0], 0, &v);
	v.type = TYPE_TEXT;
	v.u.s.p = "hi";
	v.u.s.len = 2;
	vec_set(&arena, &b->cols[1], 0, &v);
	v.type = TYPE_INT8;
	v.is_null = true;
	vec_set(&arena, &b->cols[2], 0, &v);
	v = fval(1.5);
	vec_set(&arena, &b->cols[3], 0, &v);
	v.type = TYPE_BOOL;
	v.u.b = true;
	vec_set(&arena, &b->cols[4], 0, &v);
	b->count = 1;
	return b;
}

static void
expect_bytes(const Buf *b, const uint8_t *want, size_t n)
{
	cr_assert_eq(b->len, n, "length %zu, want %zu", b->len, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(b->data[i], want[i], "byte %zu: %02x, want %02x", i, b->data[i], want[i]);
}

Test(wire_typeio, datarow_text)
{
	/* DataRow: Byte1('D') Int32(len) Int16(cols), per column Int32 len (-1 NULL) + bytes */
	static const uint8_t want[] = {'D', 0, 0, 0, 33, 0, 5,
		0, 0, 0, 1, '7',
		0, 0, 0, 2, 'h', 'i',
		0xff, 0xff, 0xff, 0xff,
		0, 0, 0, 3, '1', '.', '5',
	0, 0, 0, 1, 't'};
	Buf			b;

	buf_init(&b);
	typeio_datarow(&b, row_batch(), 0, NULL, 0);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_typeio, datarow_binary)
{
	static const uint8_t want[] = {'D', 0, 0, 0, 41, 0, 5,
		0, 0, 0, 4, 0, 0, 0, 7,
		0, 0, 0, 2, 'h', 'i',
		0xff, 0xff, 0xff, 0xff,
		0, 0, 0, 8, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 1, 1};
	const int32_t one[] = {1};
	Buf			b;

	buf_init(&b);
	typeio_datarow(&b, row_batch(), 0, one, 1);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_typeio, datarow_mixed_formats)
{
	static const uint8_t want[] = {'D', 0, 0, 0, 36, 0, 5,
		0, 0, 0, 4, 0, 0, 0, 7,
		0, 0, 0, 2, 'h', 'i',
		0xff, 0xff, 0xff, 0xff,
		0, 0, 0, 3, '1', '.', '5',
	0, 0, 0, 1, 1};
	const int32_t fmts[] = {1, 0, 1, 0, 1};
	Buf			b;

	buf_init(&b);
	typeio_datarow(&b, row_batch(), 0, fmts, 5);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_typeio, datarow_int2_int8_negative_binary)
{
	static const int32_t types[] = {TYPE_INT2, TYPE_INT8};
	static const uint8_t want[] = {'D', 0, 0, 0, 24, 0, 2,
		0, 0, 0, 2, 0xff, 0xfe,
	0, 0, 0, 8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd};
	const int32_t one[] = {1};
	Batch	   *bt = batch_new(&arena, 2, types);
	Value		v = ival(TYPE_INT2, -2);
	Buf			b;

	vec_set(&arena, &bt->cols[0], 0, &v);
	v = ival(TYPE_INT8, -3);
	vec_set(&arena, &bt->cols[1], 0, &v);
	bt->count = 1;
	buf_init(&b);
	typeio_datarow(&b, bt, 0, one, 1);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_typeio, vec_get_set_roundtrip)
{
	static const int32_t types[] = {TYPE_VARCHAR};
	Batch	   *b = batch_new(&arena, 1, types);
	const char *longs = "a string longer than twelve bytes";
	Value		v = {.type = TYPE_VARCHAR};
	Value		got;

	v.u.s.p = longs;
	v.u.s.len = (uint32_t) strlen(longs);
	vec_set(&arena, &b->cols[0], 3, &v);
	v.is_null = true;
	vec_set(&arena, &b->cols[0], 4, &v);
	got = vec_get(&b->cols[0], 3);
	cr_assert_not(got.is_null);
	cr_assert_eq(got.u.s.len, strlen(longs));
	cr_assert(memcmp(got.u.s.p, longs, got.u.s.len) == 0);
	cr_assert_neq((void *) got.u.s.p, (void *) longs);	/* copied into the arena */
	cr_assert(vec_get(&b->cols[0], 4).is_null);
	v.is_null = false;
	vec_set(&arena, &b->cols[0], 4, &v);
	cr_assert_not(vec_get(&b->cols[0], 4).is_null);
}

/* ---- real, bytea, uuid (wire/typeio_ext.c) ---- */

static void
expect_float4(float v, const char *want)
{
	char		out[64];
	size_t		n = typeio_float4_out((double) v, out, sizeof(out));

	cr_assert_str_eq(out, want, "%.9g printed as %s, want %s", (double) v, out, want);
	cr_assert_eq(n, strlen(want));
}

Test(wire_typeio, float4_out)
{
	expect_float4(0.1f, "0.1");
	expect_float4(1.0f / 3.0f, "0.33333334");
	expect_float4(100000.0f, "100000");
	expect_float4(1000000.0f, "1e+06");
	expect_float4(123456789.0f, "1.2345679e+08");
	expect_float4(0.0001f, "0.0001");
	expect_float4(0.00001f, "1e-05");
	expect_float4(3.4028235e38f, "3.4028235e+38");
	expect_float4(1e-45f, "1e-45");
	expect_float4(-0.0f, "-0");
	expect_float4(NAN, "NaN");
	expect_float4(-INFINITY, "-Infinity");
	/* 3.529169e+07 reads back to the same float but lies halfway: not Ryu's */
	expect_float4(35291688.0f, "3.5291688e+07");
	expect_float(3.3259801463952672e16, "3.3259801463952672e+16");
}

Test(wire_typeio, float4_parse)
{
	cr_assert_eq(parse_ok(TYPE_FLOAT4, " 0.1 ").u.f, (double) 0.1f);
	cr_assert(isinf(parse_ok(TYPE_FLOAT4, "-inf").u.f));
	parse_fails(TYPE_FLOAT4, "1e39", "22003", "\"1e39\" is out of range for type real");
	parse_fails(TYPE_FLOAT4, "1e-50", "22003", "\"1e-50\" is out of range for type real");
	parse_fails(TYPE_FLOAT4, "x", "22P02", "invalid input syntax for type real: \"x\"");
}

Test(wire_typeio, bytea_and_uuid)
{
	Value		v = parse_ok(TYPE_BYTEA, "\\x00Ff");
	Buf			b;

	cr_assert_eq(v.u.s.len, 2);
	cr_assert_eq((unsigned char) v.u.s.p[1], 0xff);
	v = parse_ok(TYPE_BYTEA, "a\\\\\\000");
	cr_assert_eq(v.u.s.len, 3);
	parse_fails(TYPE_BYTEA, "\\x0", "22023", "invalid hexadecimal data: odd number of digits");
	parse_fails(TYPE_BYTEA, "\\q", "22P02", "invalid input syntax for type bytea");
	buf_init(&b);
	typeio_text(&b, &v);
	cr_assert_eq(b.len, 8);
	cr_assert(memcmp(b.data, "\\x615c00", 8) == 0);
	buf_reset(&b);
	v = parse_ok(TYPE_UUID, "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}");
	typeio_text(&b, &v);
	cr_assert_eq(b.len, 36);
	cr_assert(memcmp(b.data, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", 36) == 0);
	buf_free(&b);
	parse_fails(TYPE_UUID, "a0eebc99-9c0b", "22P02", "invalid input syntax for type uuid: \"a0eebc99-9c0b\"");
}
