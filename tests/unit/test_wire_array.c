/*
 * test_wire_array.c
 *	  Arrays as PostgreSQL 15 reads and writes them: array_in's literal
 *	  syntax and errors, array_out's quoting, int2vector's text form,
 *	  casts between array types, and array_send / array_recv.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "wire/array.h"
#include "wire/typebin.h"
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

TestSuite(wire_array, .init = setup, .fini = teardown);

/* expect_in reads s as type and checks the canonical text it becomes. */
static void
expect_in(TypeId type, const char *s, const char *want)
{
	Value		v;
	Err			err;

	err_clear(&err);
	cr_assert(array_in(&arena, type, s, strlen(s), &v, &err), "%s: %s", s, err.message);
	cr_assert_eq(v.u.s.len, strlen(want), "%s became %.*s, want %s", s, (int) v.u.s.len,
				 v.u.s.p, want);
	cr_assert(memcmp(v.u.s.p, want, v.u.s.len) == 0, "%s became %.*s, want %s", s,
			  (int) v.u.s.len, v.u.s.p, want);
}

static void
expect_error(TypeId type, const char *s, const char *sqlstate)
{
	Value		v;
	Err			err;

	err_clear(&err);
	cr_assert_not(array_in(&arena, type, s, strlen(s), &v, &err), "%s was accepted", s);
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s: %s", s, err.message);
}

Test(wire_array, text_input_and_output)
{
	expect_in(TYPE_INT4_ARRAY, "{1, 2 ,3}", "{1,2,3}");
	expect_in(TYPE_INT4_ARRAY, " { } ", "{}");
	expect_in(TYPE_INT4_ARRAY, "{NULL,null,1}", "{NULL,NULL,1}");
	expect_in(TYPE_TEXT_ARRAY, "{a,\"b,c\",  d  }", "{a,\"b,c\",d}");
	expect_in(TYPE_TEXT_ARRAY, "{\"\",\"NULL\",\"x\\\"y\",\"a\\\\b\"}",
			  "{\"\",\"NULL\",\"x\\\"y\",\"a\\\\b\"}");
	expect_in(TYPE_BOOL_ARRAY, "{t,false,NULL}", "{t,f,NULL}");
	expect_in(TYPE_INT2VECTOR, "1 2  3", "1 2 3");
	expect_in(TYPE_INT2VECTOR, "", "");
}

Test(wire_array, text_input_errors)
{
	expect_error(TYPE_INT4_ARRAY, "{1,x}", ERRCODE_INVALID_TEXT_REPR);
	expect_error(TYPE_INT4_ARRAY, "{1,2", ERRCODE_INVALID_TEXT_REPR);
	expect_error(TYPE_INT4_ARRAY, "1,2", ERRCODE_INVALID_TEXT_REPR);
	expect_error(TYPE_INT4_ARRAY, "{1,,2}", ERRCODE_INVALID_TEXT_REPR);
	expect_error(TYPE_INT4_ARRAY, "{1} x", ERRCODE_INVALID_TEXT_REPR);
	expect_error(TYPE_INT4_ARRAY, "{{1},{2}}", ERRCODE_FEATURE_NOT_SUPPORTED);
	expect_error(TYPE_INT4_ARRAY, "[0:1]={1,2}", ERRCODE_FEATURE_NOT_SUPPORTED);
	expect_error(TYPE_INT2_ARRAY, "{40000}", ERRCODE_NUMERIC_OUT_OF_RANGE);
}

Test(wire_array, parse_bounds)
{
	ArrayVals	x;
	Err			err;

	err_clear(&err);
	cr_assert(array_parse(&arena, TYPE_INT2VECTOR, "5 6", 3, &x, &err));
	cr_assert_eq(x.lbound, 0);
	cr_assert_eq(x.n, 2);
	cr_assert_eq(x.v[1].u.i, 6);
	cr_assert(array_parse(&arena, TYPE_TEXT_ARRAY, "{a,NULL}", 8, &x, &err));
	cr_assert_eq(x.lbound, 1);
	cr_assert(x.v[1].is_null);
}

Test(wire_array, casts)
{
	Value		in;
	Value		out;
	Err			err;

	memset(&in, 0, sizeof(in));
	in.type = TYPE_INT2VECTOR;
	in.u.s.p = "1 2";
	in.u.s.len = 3;
	err_clear(&err);
	cr_assert(value_cast(&arena, &in, TYPE_INT4_ARRAY, &out, &err), "%s", err.message);
	cr_assert_eq(out.u.s.len, 5);
	cr_assert(memcmp(out.u.s.p, "{1,2}", 5) == 0);
	in.type = TYPE_TEXT_ARRAY;
	in.u.s.p = "{1,x}";
	in.u.s.len = 5;
	cr_assert_not(value_cast(&arena, &in, TYPE_INT4_ARRAY, &out, &err));
}

Test(wire_array, binary_round_trip)
{
	static const char *const texts[] = {"{1,NULL,3}", "{}", "{-5}"};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		Value		v;
		Value		back;
		Err			err;
		Buf			b;

		err_clear(&err);
		cr_assert(array_in(&arena, TYPE_INT8_ARRAY, texts[i], strlen(texts[i]), &v, &err));
		buf_init(&b);
		array_send(&b, &v);
		cr_assert(typebin_parse(&arena, TYPE_INT8_ARRAY, b.data, b.len, &back, &err), "%s",
				  err.message);
		cr_assert_eq(back.u.s.len, v.u.s.len);
		cr_assert(memcmp(back.u.s.p, v.u.s.p, v.u.s.len) == 0);
		/* the wrong element type is refused */
		cr_assert_not(typebin_parse(&arena, TYPE_INT4_ARRAY, b.data, b.len, &back, &err));
		buf_free(&b);
	}
}

Test(wire_array, binary_layout)
{
	Value		v;
	Err			err;
	Buf			b;
	static const uint8_t want[] = {
		0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 21,	/* one dimension, no NULLs, int2 */
		0, 0, 0, 2, 0, 0, 0, 0,	/* two elements from 0 (int2vector) */
		0, 0, 0, 2, 0, 1, 0, 0, 0, 2, 0, 2,
	};

	err_clear(&err);
	cr_assert(array_in(&arena, TYPE_INT2VECTOR, "1 2", 3, &v, &err));
	buf_init(&b);
	array_send(&b, &v);
	cr_assert_eq(b.len, sizeof(want));
	cr_assert(memcmp(b.data, want, sizeof(want)) == 0);
	buf_free(&b);
}
