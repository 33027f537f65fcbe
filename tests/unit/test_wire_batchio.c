/*
 * test_wire_batchio.c
 *	  Batch blocks: round trips of every type with NULLs, inline and long
 *	  strings, selection vectors, empty and full batches; damaged blocks are
 *	  refused with XX001, never a crash.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "wire/batchio.h"
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

TestSuite(wire_batchio, .init = setup, .fini = teardown);

static const int32_t all_types[] = {
	TYPE_BOOL, TYPE_INT2, TYPE_INT4, TYPE_INT8, TYPE_FLOAT8, TYPE_TEXT, TYPE_VARCHAR
};

#define NTYPES ((int) (sizeof(all_types) / sizeof(all_types[0])))

/* string_of writes row i's string: lengths cycle through 0..40 bytes. */
static uint32_t
string_of(uint32_t i, char *out)
{
	uint32_t	len = i % 41;

	for (uint32_t k = 0; k < len; k++)
		out[k] = (char) ('a' + (i + k) % 26);
	return len;
}

/* is_null_at decides which rows of column c are NULL. */
static bool
is_null_at(int c, uint32_t i)
{
	return (i + (uint32_t) c) % 7 == 3;
}

/* value_at is row i of column c: distinct per row, extreme at the ends. */
static Value
value_at(int c, uint32_t i, char *sbuf)
{
	Value		v = {.type = (TypeId) all_types[c]};

	v.is_null = is_null_at(c, i);
	switch (all_types[c]) {
		case TYPE_BOOL:
			v.u.b = i % 2 == 0;
			break;
		case TYPE_INT2:
			v.u.i = i == 0 ? INT16_MIN : (int16_t) (i * 13 - 1000);
			break;
		case TYPE_INT4:
			v.u.i = i == 0 ? INT32_MIN : (int32_t) (i * 100003);
			break;
		case TYPE_INT8:
			v.u.i = i == 0 ? INT64_MAX : (int64_t) i * -1000000007LL;
			break;
		case TYPE_FLOAT8:
			v.u.f = i == 0 ? -0.0 : i / 3.0;
			break;
		default:
			v.u.s.p = sbuf;
			v.u.s.len = string_of(i, sbuf);
			break;
	}
	return v;
}

static Batch *
full_batch(uint32_t rows)
{
	Batch	   *b = batch_new(&arena, NTYPES, all_types);
	char		sbuf[64];

	for (int c = 0; c < NTYPES; c++)
		for (uint32_t i = 0; i < rows; i++) {
			Value		v = value_at(c, i, sbuf);

			vec_set(&arena, &b->cols[c], i, &v);
		}
	b->count = rows;
	return b;
}

/* expect_row asserts that row got of out holds the values of row want. */
static void
expect_row(const Batch *out, uint32_t got, uint32_t want)
{
	char		sbuf[64];

	for (int c = 0; c < NTYPES; c++) {
		Value		x = vec_get(&out->cols[c], got);
		Value		w = value_at(c, want, sbuf);

		cr_assert_eq(x.is_null, w.is_null, "col %d row %u", c, want);
		if (w.is_null)
			continue;
		switch (type_info(w.type)->phys) {
			case PHYS_BOOL:
				cr_assert_eq(x.u.b, w.u.b);
				break;
			case PHYS_F64:
				cr_assert(memcmp(&x.u.f, &w.u.f, 8) == 0, "col %d row %u: %g", c, want, x.u.f);
				break;
			case PHYS_STR:
				cr_assert_eq(x.u.s.len, w.u.s.len, "col %d row %u", c, want);
				cr_assert(memcmp(x.u.s.p, w.u.s.p, w.u.s.len) == 0, "col %d row %u", c, want);
				break;
			default:
				cr_assert_eq(x.u.i, w.u.i, "col %d row %u", c, want);
				break;
		}
	}
}

static Batch *
roundtrip(const Batch *in, Buf *block)
{
	Err			err;
	Batch	   *out;

	err_clear(&err);
	buf_init(block);
	batchio_encode(block, in);
	out = batchio_decode(&arena, block->data, block->len, &err);
	cr_assert_not_null(out, "%s", err.message);
	cr_assert_eq(out->ncols, in->ncols);
	cr_assert_null(out->sel);
	for (int c = 0; c < in->ncols; c++) {
		cr_assert_eq(out->cols[c].type, in->cols[c].type);
		cr_assert_eq(out->cols[c].phys, in->cols[c].phys);
	}
	return out;
}

Test(wire_batchio, every_type_with_nulls)
{
	Batch	   *in = full_batch(100);
	Buf			block;
	Batch	   *out = roundtrip(in, &block);

	cr_assert_eq(out->count, 100);
	for (uint32_t i = 0; i < 100; i++)
		expect_row(out, i, i);
	buf_free(&block);
}

Test(wire_batchio, full_batch_2048)
{
	Batch	   *in = full_batch(BATCH_SIZE);
	Buf			block;
	Batch	   *out = roundtrip(in, &block);

	cr_assert_eq(out->count, BATCH_SIZE);
	for (uint32_t i = 0; i < BATCH_SIZE; i++)
		expect_row(out, i, i);
	buf_free(&block);
}

Test(wire_batchio, strings_inline_and_long)
{
	static const int32_t types[] = {TYPE_TEXT};
	static const char *const strs[] = {
		"", "a", "twelve bytes", "thirteen byte", "a much longer string than twelve bytes",
		"same prefix one", "same prefix two",
	};
	Batch	   *in = batch_new(&arena, 1, types);
	Buf			block;
	Batch	   *out;

	for (uint32_t i = 0; i < 7; i++) {
		Value		v = {.type = TYPE_TEXT};

		v.u.s.p = strs[i];
		v.u.s.len = (uint32_t) strlen(strs[i]);
		vec_set(&arena, &in->cols[0], i, &v);
	}
	in->count = 7;
	out = roundtrip(in, &block);
	buf_free(&block);
	for (uint32_t i = 0; i < 7; i++) {
		const StrView *s = (const StrView *) out->cols[0].data + i;
		const StrView *w = (const StrView *) in->cols[0].data + i;

		cr_assert_eq(s->len, strlen(strs[i]));
		cr_assert(memcmp(str_data(s), strs[i], s->len) == 0, "%s", strs[i]);
		cr_assert(str_equal(s, w));
		cr_assert_eq(str_compare(s, w), 0);
		if (s->len > STR_INLINE)
			cr_assert(memcmp(s->u.ref.prefix, strs[i], 4) == 0);
	}
	/* the decoded strings do not point into the (freed) block */
	/* (views are not NUL-terminated: compare the view's own bytes) */
	cr_assert(memcmp(str_data((const StrView *) out->cols[0].data + 4),
					 "a much longer string than twelve bytes", 38) == 0);
}

Test(wire_batchio, selection_only_live_rows)
{
	Batch	   *in = full_batch(300);
	uint32_t	sel[] = {0, 3, 4, 150, 298, 299};
	Buf			block;
	Buf			dense;
	Batch	   *out;

	in->sel = sel;
	in->nsel = 6;
	out = roundtrip(in, &block);
	cr_assert_eq(out->count, 6);
	for (uint32_t k = 0; k < 6; k++)
		expect_row(out, k, sel[k]);
	/* the block is as small as a dense batch of those rows */
	buf_init(&dense);
	batchio_encode(&dense, out);
	cr_assert_eq(dense.len, block.len);
	cr_assert(memcmp(dense.data, block.data, block.len) == 0);
	buf_free(&dense);
	buf_free(&block);
}

Test(wire_batchio, empty_selection_and_zero_rows)
{
	Batch	   *in = full_batch(10);
	uint32_t	sel[1];
	Buf			block;
	Batch	   *out;

	in->sel = sel;
	in->nsel = 0;
	out = roundtrip(in, &block);
	cr_assert_eq(out->count, 0);
	buf_free(&block);
	in = batch_new(&arena, NTYPES, all_types);
	out = roundtrip(in, &block);
	cr_assert_eq(out->count, 0);
	cr_assert_eq(out->ncols, NTYPES);
	/* rows u32, ncols u16, then per column type and has_nulls only */
	cr_assert_eq(block.len, 4 + 2 + 2 * NTYPES + 0);
	buf_free(&block);
}

Test(wire_batchio, no_columns)
{
	Batch	   *in = batch_new(&arena, 0, NULL);
	Buf			block;
	Batch	   *out;

	in->count = 5;
	out = roundtrip(in, &block);
	cr_assert_eq(out->count, 5);
	cr_assert_eq(out->ncols, 0);
	buf_free(&block);
}

Test(wire_batchio, block_layout)
{
	static const int32_t types[] = {TYPE_INT4, TYPE_TEXT};
	/* 2 rows: int4 {1, NULL}, text {"ab", NULL}: see batchio.h */
	static const uint8_t want[] = {
		0, 0, 0, 2, 0, 2,
		TYPE_INT4, 1, 0x01, 1, 0, 0, 0, 0, 0, 0, 0,
		TYPE_TEXT, 1, 0x01, 2, 0, 0, 0, 0, 0, 0, 0, 'a', 'b',
	};
	Batch	   *in = batch_new(&arena, 2, types);
	Value		v = {.type = TYPE_INT4};
	Buf			block;

	v.u.i = 1;
	vec_set(&arena, &in->cols[0], 0, &v);
	((int32_t *) in->cols[0].data)[1] = 0;	/* a NULL's value bytes are unspecified */
	vec_set_null(&arena, &in->cols[0], 1);
	v.type = TYPE_TEXT;
	v.u.s.p = "ab";
	v.u.s.len = 2;
	vec_set(&arena, &in->cols[1], 0, &v);
	vec_set_null(&arena, &in->cols[1], 1);
	in->count = 2;
	buf_init(&block);
	batchio_encode(&block, in);
	cr_assert_eq(block.len, sizeof(want));
	cr_assert(memcmp(block.data, want, sizeof(want)) == 0);
	buf_free(&block);
}

/* expect_corrupt decodes bytes that must be refused. */
static void
expect_corrupt(const uint8_t *p, size_t len, const char *what)
{
	Err			err;

	err_clear(&err);
	cr_assert_null(batchio_decode(&arena, p, len, &err), "%s decoded", what);
	cr_assert_str_eq(err.sqlstate, "XX001", "%s", what);
	cr_assert_str_eq(err.message, "invalid batch block");
}

Test(wire_batchio, every_truncation_refused)
{
	Buf			block;

	buf_init(&block);
	batchio_encode(&block, full_batch(64));
	for (size_t len = 0; len < block.len; len++) {
		char		what[48];

		snprintf(what, sizeof(what), "prefix of %zu bytes", len);
		expect_corrupt(block.data, len, what);
		arena_reset(&arena);
	}
	buf_free(&block);
}

Test(wire_batchio, trailing_bytes_refused)
{
	Buf			block;

	buf_init(&block);
	batchio_encode(&block, full_batch(8));
	buf_put_u8(&block, 0);
	expect_corrupt(block.data, block.len, "block plus one byte");
	buf_free(&block);
}

Test(wire_batchio, bad_headers_refused)
{
	Buf			block;
	Batch	   *in = full_batch(4);

	buf_init(&block);
	batchio_encode(&block, in);
	block.data[0] = 0xff;		/* rows far above BATCH_SIZE */
	expect_corrupt(block.data, block.len, "huge row count");
	block.data[0] = 0;
	block.data[6] = 0;			/* column type UNKNOWN */
	expect_corrupt(block.data, block.len, "type 0");
	block.data[6] = 200;
	expect_corrupt(block.data, block.len, "type 200");
	block.data[6] = TYPE_BOOL;
	block.data[4] = 0xff;		/* ncols */
	expect_corrupt(block.data, block.len, "too many columns");
	buf_free(&block);
}

Test(wire_batchio, huge_string_length_refused)
{
	static const int32_t types[] = {TYPE_TEXT};
	Batch	   *in = batch_new(&arena, 1, types);
	Value		v = {.type = TYPE_TEXT};
	Buf			block;

	v.u.s.p = "xyz";
	v.u.s.len = 3;
	vec_set(&arena, &in->cols[0], 0, &v);
	in->count = 1;
	buf_init(&block);
	batchio_encode(&block, in);
	/* rows(4) ncols(2) type(1) has_nulls(1), then the u32 length */
	memset(block.data + 8, 0xff, 4);
	expect_corrupt(block.data, block.len, "length 0xffffffff");
	buf_free(&block);
}

Test(wire_batchio, every_flipped_byte_safe)
{
	Buf			block;

	buf_init(&block);
	batchio_encode(&block, full_batch(40));
	for (size_t i = 0; i < block.len; i++)
		for (int bit = 0; bit < 8; bit += 3) {
			Err			err;
			Batch	   *out;

			block.data[i] ^= (uint8_t) (1 << bit);
			err_clear(&err);
			out = batchio_decode(&arena, block.data, block.len, &err);
			if (out == NULL)
				cr_assert_str_eq(err.sqlstate, "XX001", "byte %zu bit %d", i, bit);
			else
				cr_assert_leq(out->count, BATCH_SIZE);
			block.data[i] ^= (uint8_t) (1 << bit);
			arena_reset(&arena);
		}
	buf_free(&block);
}
