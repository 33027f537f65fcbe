/*
 * test_exec_expr.c
 *	  Expression kernels: comparisons, arithmetic and its errors, three-valued
 *	  logic, NULL tests, casts; only selected rows are evaluated; full
 *	  batches; expr_check refuses malformed expressions.
 */
#include <math.h>

#include "exec_util.h"

#define NUL (INT64_MIN + 12345)	/* marks a NULL in the int inputs below */

TestSuite(exec_expr, .init = setup, .fini = teardown);

/* ---- input batches ---- */

/* ints makes a one-column batch of type t; NUL entries are NULL. */
static Batch *
ints(TypeId t, const int64_t *v, uint32_t n)
{
	int32_t		type = t;
	Batch	   *b = batch_new(&arena, 1, &type);

	for (uint32_t i = 0; i < n; i++) {
		Value		x = {.type = t, .is_null = v[i] == NUL};

		x.u.i = v[i];
		vec_set(&arena, &b->cols[0], i, &x);
	}
	b->count = n;
	return b;
}

/* bools makes a batch of ncols boolean columns from "tfn" strings. */
static Batch *
bools(int ncols, const char *const *cols)
{
	int32_t		types[3] = {TYPE_BOOL, TYPE_BOOL, TYPE_BOOL};
	Batch	   *b = batch_new(&arena, ncols, types);

	b->count = (uint32_t) strlen(cols[0]);
	for (int c = 0; c < ncols; c++)
		for (uint32_t i = 0; i < b->count; i++) {
			Value		x = {.type = TYPE_BOOL, .is_null = cols[c][i] == 'n'};

			x.u.b = cols[c][i] == 't';
			vec_set(&arena, &b->cols[c], i, &x);
		}
	return b;
}

static Vector *
eval_ok(const Quarry__Expr *e, const Batch *b)
{
	Err			err;
	Vector	   *v;

	err_clear(&err);
	v = expr_eval(e, b, &arena, &err);
	cr_assert_not_null(v, "%s: %s", err.sqlstate, err.message);
	cr_assert_eq(v->type, (TypeId) e->type);
	return v;
}

/* eval_fails_at checks that e fails on b; line is the caller's. */
static void
eval_fails_at(int line, const Quarry__Expr *e, const Batch *b, const char *sqlstate,
			  const char *msg)
{
	Err			err;

	err_clear(&err);
	cr_assert_null(expr_eval(e, b, &arena, &err), "line %d: evaluated", line);
	cr_assert_str_eq(err.sqlstate, sqlstate, "line %d", line);
	cr_assert_str_eq(err.message, msg, "line %d", line);
}

#define eval_fails(e, b, sqlstate, msg) eval_fails_at(__LINE__, e, b, sqlstate, msg)

/* expect_bools checks rows of a boolean vector against "tfn" (. = skip). */
static void
expect_bools(const Vector *v, const char *want)
{
	for (uint32_t i = 0; want[i]; i++) {
		char		got = vec_is_null(v, i) ? 'n' : ((const uint8_t *) v->data)[i] ? 't' : 'f';

		if (want[i] != '.')
			cr_assert_eq(got, want[i], "row %u: %c, want %c", i, got, want[i]);
	}
}

static void
expect_ints(const Vector *v, const int64_t *want, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		Value		x = vec_get(v, i);

		cr_assert_eq(x.is_null, want[i] == NUL, "row %u", i);
		if (!x.is_null)
			cr_assert_eq(x.u.i, want[i], "row %u: %lld, want %lld", i, (long long) x.u.i,
						 (long long) want[i]);
	}
}

/* ---- comparisons ---- */

Test(exec_expr, int_comparisons)
{
	static const int64_t in[] = {1, 5, NUL, 7};
	Batch	   *b = ints(TYPE_INT4, in, 4);
	static const struct {
		Quarry__ExprOp op;
		const char *want;
	}			cases[] = {
		{XOP(EQ), "ftnf"}, {XOP(NE), "tfnt"}, {XOP(LT), "tfnf"},
		{XOP(LE), "ttnf"}, {XOP(GT), "ffnt"}, {XOP(GE), "ftnt"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_bools(eval_ok(op2(cases[i].op, TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 5)), b),
					 cases[i].want);
	/* a NULL constant makes every row NULL */
	expect_bools(eval_ok(op2(XOP(EQ), TYPE_BOOL, col(0, TYPE_INT4), cnull(TYPE_INT4)), b), "nnnn");
}

Test(exec_expr, text_and_float_comparisons)
{
	int32_t		types[] = {TYPE_TEXT, TYPE_FLOAT8};
	Batch	   *b = batch_new(&arena, 2, types);
	static const char *const s[] = {"abc", "abd", "ab", "a string longer than twelve"};
	const double f[] = {1.5, NAN, -INFINITY, 0.0};

	for (uint32_t i = 0; i < 4; i++) {
		Value		x = {.type = TYPE_TEXT};
		Value		y = {.type = TYPE_FLOAT8};

		x.u.s.p = s[i];
		x.u.s.len = (uint32_t) strlen(s[i]);
		vec_set(&arena, &b->cols[0], i, &x);
		y.u.f = f[i];
		vec_set(&arena, &b->cols[1], i, &y);
	}
	b->count = 4;
	expect_bools(eval_ok(op2(XOP(LT), TYPE_BOOL, col(0, TYPE_TEXT), cstr("abd")), b), "tftt");
	expect_bools(eval_ok(op2(XOP(EQ), TYPE_BOOL, col(0, TYPE_TEXT),
							 cstr("a string longer than twelve")), b), "ffft");
	/* PostgreSQL: NaN equals NaN and sorts above every other value */
	expect_bools(eval_ok(op2(XOP(EQ), TYPE_BOOL, col(1, TYPE_FLOAT8), col(1, TYPE_FLOAT8)), b), "tttt");
	expect_bools(eval_ok(op2(XOP(GT), TYPE_BOOL, col(1, TYPE_FLOAT8), cflt(0.0)), b), "ttff");
	expect_bools(eval_ok(op2(XOP(LT), TYPE_BOOL, col(1, TYPE_FLOAT8), cflt(INFINITY)), b), "tftt");
}

/* ---- arithmetic ---- */

Test(exec_expr, int_arithmetic)
{
	static const int64_t in[] = {-7, 7, NUL, 0};
	Batch	   *b = ints(TYPE_INT4, in, 4);
	Quarry__Expr *c = col(0, TYPE_INT4);

	expect_ints(eval_ok(op2(XOP(ADD), TYPE_INT4, c, cint(TYPE_INT4, 2)), b), (int64_t[]) {-5, 9, NUL, 2}, 4);
	expect_ints(eval_ok(op2(XOP(SUB), TYPE_INT4, c, cint(TYPE_INT4, 2)), b), (int64_t[]) {-9, 5, NUL, -2}, 4);
	expect_ints(eval_ok(op2(XOP(MUL), TYPE_INT4, c, cint(TYPE_INT4, -3)), b), (int64_t[]) {21, -21, NUL, 0}, 4);
	/* division truncates toward zero, the remainder takes the dividend's sign */
	expect_ints(eval_ok(op2(XOP(DIV), TYPE_INT4, c, cint(TYPE_INT4, 2)), b), (int64_t[]) {-3, 3, NUL, 0}, 4);
	expect_ints(eval_ok(op2(XOP(MOD), TYPE_INT4, c, cint(TYPE_INT4, 2)), b), (int64_t[]) {-1, 1, NUL, 0}, 4);
	expect_ints(eval_ok(op2(XOP(MOD), TYPE_INT4, c, cint(TYPE_INT4, -1)), b), (int64_t[]) {0, 0, NUL, 0}, 4);
	expect_ints(eval_ok(op1(KIND(OP), XOP(NEG), TYPE_INT4, c), b), (int64_t[]) {7, -7, NUL, 0}, 4);
}

Test(exec_expr, int_overflow)
{
	static const int64_t i4[] = {INT32_MAX, INT32_MIN};
	static const int64_t i2[] = {INT16_MAX, INT16_MIN};
	static const int64_t i8[] = {INT64_MAX, INT64_MIN};
	Batch	   *b4 = ints(TYPE_INT4, i4, 2);
	Batch	   *b2 = ints(TYPE_INT2, i2, 2);
	Batch	   *b8 = ints(TYPE_INT8, i8, 2);

	eval_fails(op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1)), b4, "22003", "integer out of range");
	eval_fails(op2(XOP(SUB), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1)), b4 , "22003", "integer out of range");
	eval_fails(op2(XOP(MUL), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 2)), b4, "22003", "integer out of range");
	eval_fails(op2(XOP(DIV), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, -1)), b4, "22003", "integer out of range");
	eval_fails(op1(KIND(OP), XOP(NEG), TYPE_INT4, col(0, TYPE_INT4)), b4, "22003", "integer out of range");
	eval_fails(op2(XOP(ADD), TYPE_INT2, col(0, TYPE_INT2), cint(TYPE_INT2, 1)), b2, "22003", "smallint out of range");
	eval_fails(op2(XOP(ADD), TYPE_INT8, col(0, TYPE_INT8), cint(TYPE_INT8, 1)), b8, "22003", "bigint out of range");
	eval_fails(op2(XOP(MUL), TYPE_INT8, col(0, TYPE_INT8), cint(TYPE_INT8, -1)), b8, "22003", "bigint out of range");
	eval_fails(op2(XOP(DIV), TYPE_INT8, col(0, TYPE_INT8), cint(TYPE_INT8, -1)), ints(TYPE_INT8, i8 + 1, 1),
			   "22003", "bigint out of range");
	/* INT64_MIN % -1 is 0, not a trap */
	expect_ints(eval_ok(op2(XOP(MOD), TYPE_INT8, col(0, TYPE_INT8), cint(TYPE_INT8, -1)), b8),
				(int64_t[]) {0, 0}, 2);
}

Test(exec_expr, division_by_zero)
{
	static const int64_t in[] = {1, 2};
	Batch	   *b = ints(TYPE_INT4, in, 2);

	eval_fails(op2(XOP(DIV), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 0)), b, "22012", "division by zero");
	eval_fails(op2(XOP(MOD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 0)), b, "22012", "division by zero");
	/* NULL / 0 is NULL, no error */
	expect_ints(eval_ok(op2(XOP(DIV), TYPE_INT4, cnull(TYPE_INT4), cint(TYPE_INT4, 0)), b),
				(int64_t[]) {NUL, NUL}, 2);
}

Test(exec_expr, float_arithmetic)
{
	int32_t		type = TYPE_FLOAT8;
	Batch	   *b = batch_new(&arena, 1, &type);
	Quarry__Expr *c = col(0, TYPE_FLOAT8);
	Quarry__Expr *k = cflt(1e308);
	Vector	   *v;
	Value		x = {.type = TYPE_FLOAT8};

	x.u.f = 10;
	vec_set(&arena, &b->cols[0], 0, &x);
	b->count = 1;
	v = eval_ok(op2(XOP(DIV), TYPE_FLOAT8, k, c), b);
	cr_assert_eq(((double *) v->data)[0], 1e308 / 10.0);
	eval_fails(op2(XOP(MUL), TYPE_FLOAT8, c, k), b, "22003", "value out of range: overflow");
	eval_fails(op2(XOP(ADD), TYPE_FLOAT8, k, k), b, "22003", "value out of range: overflow");
	k->value->f = 1e-308;
	eval_fails(op2(XOP(MUL), TYPE_FLOAT8, k, k), b, "22003", "value out of range: underflow");
	k->value->f = 0;
	eval_fails(op2(XOP(DIV), TYPE_FLOAT8, c, k), b, "22012", "division by zero");
}

Test(exec_expr, concat)
{
	Batch	   *b = bools(1, (const char *[]) {"tt"});
	Vector	   *v = eval_ok(op2(XOP(CONCAT), TYPE_TEXT, cstr("ab"), cstr("cd")), b);
	Value		x = vec_get(v, 1);

	cr_assert_eq(x.u.s.len, 4);
	cr_assert(memcmp(x.u.s.p, "abcd", 4) == 0);
	v = eval_ok(op2(XOP(CONCAT), TYPE_TEXT, cstr("twelve bytes"), cstr(", and more")), b);
	x = vec_get(v, 0);
	cr_assert_eq(x.u.s.len, 22);
	cr_assert(memcmp(x.u.s.p, "twelve bytes, and more", 22) == 0);
	expect_bools(eval_ok(op1(KIND(IS_NULL), XOP(NONE), TYPE_BOOL,
							 op2(XOP(CONCAT), TYPE_TEXT, cnull(TYPE_TEXT), cstr("x"))), b), "tt");
}

/* ---- logic ---- */

Test(exec_expr, three_valued_and_or_not)
{
	/* every pair of (t, f, NULL) */
	Batch	   *b = bools(2, (const char *[]) {"tttfffnnn", "tfntfntfn"});
	Quarry__Expr *x = col(0, TYPE_BOOL);
	Quarry__Expr *y = col(1, TYPE_BOOL);

	expect_bools(eval_ok(with_args(mk(KIND(AND), TYPE_BOOL), 2, x, y, NULL), b), "tfnfffnfn");
	expect_bools(eval_ok(with_args(mk(KIND(OR), TYPE_BOOL), 2, x, y, NULL), b), "ttttfntnn");
	expect_bools(eval_ok(op1(KIND(NOT), XOP(NONE), TYPE_BOOL, x), b), "ffftttnnn");
	expect_bools(eval_ok(op1(KIND(NOT), XOP(NONE), TYPE_BOOL, y), b), "ftnftnftn");
}

Test(exec_expr, three_argument_and_or)
{
	Batch	   *b = bools(3, (const char *[]) {"tttn", "ttnn", "tfnn"});
	Quarry__Expr *x = col(0, TYPE_BOOL);
	Quarry__Expr *y = col(1, TYPE_BOOL);
	Quarry__Expr *z = col(2, TYPE_BOOL);

	expect_bools(eval_ok(with_args(mk(KIND(AND), TYPE_BOOL), 3, x, y, z), b), "tfnn");
	expect_bools(eval_ok(with_args(mk(KIND(OR), TYPE_BOOL), 3, x, y, z), b), "tttn");
}

Test(exec_expr, null_tests)
{
	static const int64_t in[] = {1, NUL, 3, NUL};
	Batch	   *b = ints(TYPE_INT8, in, 4);

	expect_bools(eval_ok(op1(KIND(IS_NULL), XOP(NONE), TYPE_BOOL, col(0, TYPE_INT8)), b), "ftft");
	expect_bools(eval_ok(op1(KIND(IS_NOT_NULL), XOP(NONE), TYPE_BOOL, col(0, TYPE_INT8)), b), "tftf");
	expect_bools(eval_ok(op1(KIND(IS_NULL), XOP(NONE), TYPE_BOOL, cnull(TYPE_TEXT)), b), "tttt");
}

/* ---- casts ---- */

Test(exec_expr, casts)
{
	static const int64_t in[] = {42, NUL, -1};
	Batch	   *b = ints(TYPE_INT4, in, 3);
	Vector	   *v = eval_ok(op1(KIND(CAST), XOP(NONE), TYPE_FLOAT8, col(0, TYPE_INT4)), b);
	Value		x;

	cr_assert_eq(((double *) v->data)[0], 42.0);
	cr_assert(vec_is_null(v, 1));
	v = eval_ok(op1(KIND(CAST), XOP(NONE), TYPE_TEXT, col(0, TYPE_INT4)), b);
	x = vec_get(v, 2);
	cr_assert_eq(x.u.s.len, 2);
	cr_assert(memcmp(x.u.s.p, "-1", 2) == 0);
	cr_assert(vec_is_null(v, 1));
	expect_ints(eval_ok(op1(KIND(CAST), XOP(NONE), TYPE_INT2, cstr(" 12 ")), b), (int64_t[]) {12, 12, 12}, 3);
	expect_ints(eval_ok(op1(KIND(CAST), XOP(NONE), TYPE_INT8,
							op1(KIND(CAST), XOP(NONE), TYPE_FLOAT8, cstr("2.5"))), b),
				(int64_t[]) {2, 2, 2}, 3);
	eval_fails(op1(KIND(CAST), XOP(NONE), TYPE_INT4, cstr("abc")), b, "22P02",
			   "invalid input syntax for type integer: \"abc\"");
	eval_fails(op1(KIND(CAST), XOP(NONE), TYPE_INT2, cint(TYPE_INT4, 40000)), b, "22003",
			   "smallint out of range");
}

/* ---- selection vectors ---- */

Test(exec_expr, unselected_rows_not_evaluated)
{
	static const int64_t in[] = {10, 0, 5, INT32_MAX, NUL};
	Batch	   *b = ints(TYPE_INT4, in, 5);
	uint32_t	sel[] = {0, 2, 4};
	Vector	   *v;

	b->sel = sel;
	b->nsel = 3;
	/* 100 / 0 and INT32_MAX + 1 are in rows 1 and 3, outside the selection */
	v = eval_ok(op2(XOP(DIV), TYPE_INT4, cint(TYPE_INT4, 100), col(0, TYPE_INT4)), b);
	cr_assert_eq(((int32_t *) v->data)[0], 10);
	cr_assert_eq(((int32_t *) v->data)[2], 20);
	cr_assert(vec_is_null(v, 4));
	v = eval_ok(op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1)), b);
	cr_assert_eq(((int32_t *) v->data)[2], 6);
	eval_ok(op1(KIND(CAST), XOP(NONE), TYPE_INT2, col(0, TYPE_INT4)), b);
	/* and the error still comes once the row is selected */
	sel[1] = 1;
	eval_fails(op2(XOP(DIV), TYPE_INT4, cint(TYPE_INT4, 100), col(0, TYPE_INT4)), b, "22012", "division by zero");
}

Test(exec_expr, full_batch_boundaries)
{
	int64_t    *in = arena_array(&arena, int64_t, BATCH_SIZE);
	Batch	   *b;
	Vector	   *v;
	uint32_t   *sel = arena_array(&arena, uint32_t, BATCH_SIZE);

	for (int i = 0; i < BATCH_SIZE; i++)
		in[i] = i == 0 || i == 63 || i == 64 || i == BATCH_SIZE - 1 ? NUL : i;
	b = ints(TYPE_INT8, in, BATCH_SIZE);
	v = eval_ok(op2(XOP(ADD), TYPE_INT8, op2(XOP(MUL), TYPE_INT8, col(0, TYPE_INT8), cint(TYPE_INT8, 2)),
					cint(TYPE_INT8, 1)), b);
	for (int i = 0; i < BATCH_SIZE; i++) {
		cr_assert_eq(vec_is_null(v, (uint32_t) i), in[i] == NUL, "row %d", i);
		if (in[i] != NUL)
			cr_assert_eq(((int64_t *) v->data)[i], 2 * i + 1, "row %d", i);
	}
	v = eval_ok(op1(KIND(IS_NULL), XOP(NONE), TYPE_BOOL, col(0, TYPE_INT8)), b);
	for (int i = 0; i < BATCH_SIZE; i++)
		cr_assert_eq(((uint8_t *) v->data)[i], in[i] == NUL, "row %d", i);
	/* every third row selected, the last row too */
	b->nsel = 0;
	for (uint32_t i = 0; i < BATCH_SIZE; i += 3)
		sel[b->nsel++] = i;
	sel[b->nsel++] = BATCH_SIZE - 1;
	b->sel = sel;
	v = eval_ok(op2(XOP(GE), TYPE_BOOL, col(0, TYPE_INT8), cint(TYPE_INT8, 1024)), b);
	for (uint32_t k = 0; k < b->nsel; k++) {
		uint32_t	i = sel[k];

		cr_assert_eq(vec_is_null(v, i), in[i] == NUL, "row %u", i);
		if (in[i] != NUL)
			cr_assert_eq(((uint8_t *) v->data)[i], i >= 1024, "row %u", i);
	}
}

Test(exec_expr, constants_fill_live_rows)
{
	static const int64_t in[] = {0, 0, 0};
	Batch	   *b = ints(TYPE_INT4, in, 3);
	Vector	   *v = eval_ok(cint(TYPE_INT8, -5), b);

	expect_ints(v, (int64_t[]) {-5, -5, -5}, 3);
	expect_ints(eval_ok(cnull(TYPE_INT8), b), (int64_t[]) {NUL, NUL, NUL}, 3);
	cr_assert_eq(eval_ok(col(0, TYPE_INT4), b), &b->cols[0]);
}

/* ---- expr_check ---- */

static void
check_fails(const Quarry__Expr *e, const char *why)
{
	static const int32_t types[] = {TYPE_INT4, TYPE_TEXT, TYPE_BOOL};
	Err			err;

	err_clear(&err);
	cr_assert_not(expr_check(e, 3, types, &err), "accepted: %s", why);
	cr_assert_str_eq(err.sqlstate, "08P01", "%s", why);
}

static void
check_ok(const Quarry__Expr *e)
{
	static const int32_t types[] = {TYPE_INT4, TYPE_TEXT, TYPE_BOOL};
	Err			err;

	err_clear(&err);
	cr_assert(expr_check(e, 3, types, &err), "%s", err.message);
}

Test(exec_expr, check_accepts_well_formed)
{
	check_ok(op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1)));
	check_ok(op2(XOP(LT), TYPE_BOOL, col(1, TYPE_TEXT), cstr("x")));
	check_ok(op2(XOP(CONCAT), TYPE_TEXT, col(1, TYPE_TEXT), cstr("x")));
	check_ok(with_args(mk(KIND(AND), TYPE_BOOL), 2, col(2, TYPE_BOOL), cnull(TYPE_BOOL), NULL));
	check_ok(op1(KIND(IS_NULL), XOP(NONE), TYPE_BOOL, col(0, TYPE_INT4)));
	check_ok(op1(KIND(CAST), XOP(NONE), TYPE_INT8, col(0, TYPE_INT4)));
	check_ok(op1(KIND(OP), XOP(NEG), TYPE_INT4, col(0, TYPE_INT4)));
}

Test(exec_expr, check_rejects_bad_columns)
{
	check_fails(col(3, TYPE_INT4), "column past the end");
	check_fails(col(-1, TYPE_INT4), "negative column");
	check_fails(col(0, TYPE_INT8), "column type mismatch");
	check_fails(col(0, (TypeId) 0), "type unknown");
	check_fails(col(0, (TypeId) 99), "type 99");
	check_fails(NULL, "no expression");
}

Test(exec_expr, check_rejects_bad_shapes)
{
	Quarry__Expr *bad_kind = mk((Quarry__ExprKind) 42, TYPE_INT4);

	check_fails(bad_kind, "unknown kind");
	check_fails(op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT8, 1)), "args of two types");
	check_fails(op1(KIND(OP), XOP(ADD), TYPE_INT4, col(0, TYPE_INT4)), "binary op with one arg");
	check_fails(op2(XOP(NEG), TYPE_INT4, col(0, TYPE_INT4), col(0, TYPE_INT4)), "unary op with two");
	check_fails(with_args(mk(KIND(AND), TYPE_BOOL), 0, NULL, NULL, NULL), "AND of nothing");
	check_fails(with_args(mk(KIND(OR), TYPE_BOOL), 2, col(2, TYPE_BOOL), col(0, TYPE_INT4), NULL),
				"OR of an integer");
	check_fails(op1(KIND(NOT), XOP(NONE), TYPE_BOOL, col(1, TYPE_TEXT)), "NOT of text");
	check_fails(with_args(mk(KIND(CAST), TYPE_INT8), 2, col(0, TYPE_INT4), col(0, TYPE_INT4), NULL),
				"cast of two args");
	check_fails(op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), col(3, TYPE_INT4)), "bad column below");
}

Test(exec_expr, check_rejects_wrong_result_types)
{
	Quarry__Expr *s;

	/* each of these would make a kernel write or read past a vector */
	check_fails(op2(XOP(ADD), TYPE_INT8, col(0, TYPE_INT4), cint(TYPE_INT4, 1)), "int8 sum of int4");
	check_fails(op2(XOP(ADD), TYPE_INT2, col(0, TYPE_INT4), cint(TYPE_INT4, 1)), "int2 sum of int4");
	check_fails(op2(XOP(ADD), TYPE_TEXT, col(1, TYPE_TEXT), col(1, TYPE_TEXT)), "sum of text");
	check_fails(op2(XOP(ADD), TYPE_BOOL, col(2, TYPE_BOOL), col(2, TYPE_BOOL)), "sum of bool");
	check_fails(op1(KIND(OP), XOP(NEG), TYPE_INT8, col(0, TYPE_INT4)), "int8 negation of int4");
	check_fails(op2(XOP(EQ), TYPE_INT8, col(0, TYPE_INT4), col(0, TYPE_INT4)), "comparison typed int8");
	check_fails(op2(XOP(CONCAT), TYPE_TEXT, col(0, TYPE_INT4), col(0, TYPE_INT4)), "concat of ints");
	check_fails(op2(XOP(CONCAT), TYPE_INT4, col(1, TYPE_TEXT), col(1, TYPE_TEXT)), "concat typed int4");
	check_fails(op2((Quarry__ExprOp) 77, TYPE_INT4, col(0, TYPE_INT4), col(0, TYPE_INT4)), "op 77");
	check_fails(op1(KIND(IS_NULL), XOP(NONE), TYPE_INT4, col(0, TYPE_INT4)), "IS NULL typed int4");
	check_fails(with_args(mk(KIND(AND), TYPE_TEXT), 1, col(2, TYPE_BOOL), NULL, NULL), "AND typed text");
	check_fails(cint(TYPE_TEXT, 5), "text constant holding an integer");
	s = cstr("5");
	s->type = TYPE_INT8;
	check_fails(s, "int8 constant holding a string");
}
