/*
 * test_types_numeric.c
 *	  common/numeric.c: text I/O with scales, PostgreSQL's division scale and
 *	  rounding, typmods, conversions, comparisons across scales and the
 *	  35-digit limit.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "common/numeric.h"

static Numeric
num(const char *s)
{
	Numeric		n;

	cr_assert_eq(num_parse(s, strlen(s), &n), NUM_OK, "parse %s", s);
	return n;
}

static void
expect_text(Numeric n, const char *want)
{
	char		buf[NUM_OUT_MAX];

	num_out(n, buf);
	cr_assert_str_eq(buf, want);
}

Test(types_numeric, parse_keeps_scale)
{
	expect_text(num("1.50"), "1.50");
	expect_text(num("  -0.000 "), "0.000");
	expect_text(num("1e3"), "1000");
	expect_text(num("1.5e1"), "15");
	expect_text(num("1.50e-1"), "0.150");
	expect_text(num("+.5"), "0.5");
	expect_text(num("5."), "5");
	expect_text(num("0001.10"), "1.10");
	expect_text(num("-12345678901234567890.123"), "-12345678901234567890.123");
}

Test(types_numeric, parse_errors)
{
	Numeric		n;
	static const char *const bad[] = {"", " ", "abc", "1.2.3", "1e", "1e+", "--1", "1 2", ".", "e5"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(num_parse(bad[i], strlen(bad[i]), &n), NUM_SYNTAX, "%s", bad[i]);
	cr_assert_eq(num_parse("NaN", 3, &n), NUM_UNSUPPORTED);
	cr_assert_eq(num_parse("1e36", 4, &n), NUM_OVERFLOW);
	cr_assert_eq(num_parse("123456789012345678901234567890123456", 36, &n), NUM_OVERFLOW);
	cr_assert_eq(num_parse("12345678901234567890123456789012345", 35, &n), NUM_OK);
}

Test(types_numeric, add_sub_mul_scales)
{
	Numeric		r;

	cr_assert_eq(num_add(num("1.5"), num("2.25"), &r), NUM_OK);
	expect_text(r, "3.75");
	cr_assert_eq(num_sub(num("1.5"), num("2.25"), &r), NUM_OK);
	expect_text(r, "-0.75");
	cr_assert_eq(num_mul(num("1.5"), num("2.25"), &r), NUM_OK);
	expect_text(r, "3.375");
	cr_assert_eq(num_mul(num("2.00"), num("0.10"), &r), NUM_OK);
	expect_text(r, "0.2000");
	cr_assert_eq(num_add(num("99999999999999999999999999999999999"), num("1"), &r), NUM_OVERFLOW);
}

Test(types_numeric, division_scale_and_rounding)
{
	Numeric		r;
	static const char *const cases[][3] = {
		{"1.0", "3", "0.33333333333333333333"},
		{"10", "4.0", "2.5000000000000000"},
		{"2", "3.0", "0.66666666666666666667"},
		{"100.00", "3", "33.3333333333333333"},
		{"0.001", "3", "0.00033333333333333333"},
		{"-10.5", "4", "-2.6250000000000000"},
		{"1", "7.000000000000000000", "0.14285714285714285714"},
		{"12345.678", "0.001", "12345678.000000000000"},
		{"5", "2", "2.5000000000000000"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(num_div(num(cases[i][0]), num(cases[i][1]), &r), NUM_OK);
		expect_text(r, cases[i][2]);
	}
	cr_assert_eq(num_div(num("1"), num("0.00"), &r), NUM_DIV_ZERO);
	cr_assert_eq(num_mod(num("7.5"), num("2"), &r), NUM_OK);
	expect_text(r, "1.5");
	cr_assert_eq(num_mod(num("-7.5"), num("2"), &r), NUM_OK);
	expect_text(r, "-1.5");
}

Test(types_numeric, compare_across_scales)
{
	cr_assert_eq(num_cmp(num("1.5"), num("1.50")), 0);
	cr_assert_lt(num_cmp(num("1.5"), num("1.51")), 0);
	cr_assert_gt(num_cmp(num("2"), num("1.99")), 0);
	cr_assert_lt(num_cmp(num("-2"), num("1.99")), 0);
	cr_assert_gt(num_cmp(num("12345678901234567890123456789012345"), num("0.0000000000001")), 0);
	cr_assert_eq(num_cmp(num_normalize(num("1.500")), num("1.5")), 0);
	cr_assert_eq(num_normalize(num("1.500")), num("1.5"));
	cr_assert_eq(num_normalize(num("0.00")), num("0"));
}

Test(types_numeric, round_trunc_typmod)
{
	Numeric		r;

	cr_assert_eq(num_round(num("2.5"), 0, &r), NUM_OK);
	expect_text(r, "3");
	cr_assert_eq(num_round(num("-2.5"), 0, &r), NUM_OK);
	expect_text(r, "-3");
	cr_assert_eq(num_round(num("1234.5"), -2, &r), NUM_OK);
	expect_text(r, "1200");
	cr_assert_eq(num_round(num("1.5"), 3, &r), NUM_OK);
	expect_text(r, "1.500");
	cr_assert_eq(num_trunc(num("-2.567"), 1, &r), NUM_OK);
	expect_text(r, "-2.5");
	/* numeric(5,2): ((5 << 16) | 2) + 4 */
	cr_assert_eq(num_apply_typmod(num("123.456"), (5 << 16 | 2) + 4, &r), NUM_OK);
	expect_text(r, "123.46");
	cr_assert_eq(num_apply_typmod(num("999.995"), (5 << 16 | 2) + 4, &r), NUM_FIELD_OVERFLOW);
	cr_assert_eq(num_apply_typmod(num("0.5"), (1 << 16 | 1) + 4, &r), NUM_OK);
	expect_text(r, "0.5");
}

Test(types_numeric, conversions)
{
	Numeric		r;
	int64_t		i;

	cr_assert(num_to_int(num("2.5"), &i));
	cr_assert_eq(i, 3);
	cr_assert(num_to_int(num("-2.5"), &i));
	cr_assert_eq(i, -3);
	cr_assert_not(num_to_int(num("9223372036854775808"), &i));
	cr_assert_eq(num_from_double(0.1, &r), NUM_OK);
	expect_text(r, "0.1");
	cr_assert_eq(num_from_double(1.0 / 3, &r), NUM_OK);
	expect_text(r, "0.333333333333333");
	cr_assert(num_to_double(num("0.1")) == 0.1);
	expect_text(num_from_int(INT64_MIN), "-9223372036854775808");
}

Test(types_numeric, square_root_rounds_at_scale)
{
	Numeric		r;

	cr_assert_eq(num_sqrt(num("2"), 16, &r), NUM_OK);
	expect_text(r, "1.4142135623730950");
	cr_assert_eq(num_sqrt(num("0.25"), 4, &r), NUM_OK);
	expect_text(r, "0.5000");
	cr_assert_eq(num_sqrt(num("0"), 3, &r), NUM_OK);
	expect_text(r, "0.000");
	cr_assert_eq(num_sqrt(num("99999999999999999999"), 10, &r), NUM_OK);
	expect_text(r, "9999999999.9999999999");
	cr_assert_eq(num_sqrt(num("-1"), 2, &r), NUM_SYNTAX);
}
