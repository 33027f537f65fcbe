/*
 * numeric.h
 *	  Exact decimal numbers: PostgreSQL's numeric in 16 bytes.
 *
 *	  A Numeric is an int128 packing a 120-bit two's-complement mantissa m
 *	  and an 8-bit display scale s as m * 256 + s; its value is m / 10^s.
 *	  The scale belongs to each value, like PostgreSQL's dscale, so 1.50
 *	  keeps scale 2 in an unconstrained numeric column.  A mantissa holds at
 *	  most NUM_MAX_DIGITS decimal digits; a result needing more is 22003
 *	  "value overflows numeric format" (PostgreSQL itself goes to 131072
 *	  digits).  Arithmetic is integer arithmetic on the mantissas, never
 *	  through double, with PostgreSQL's result scales: add and subtract take
 *	  the larger scale, multiply the sum of the scales, divide
 *	  select_div_scale's (at least 16 significant digits) with the quotient
 *	  rounded half away from zero.
 *
 *	  The hot operations (add, subtract, multiply, compare) are inline so
 *	  the executor's loops over vectors call no function per row when the
 *	  scales agree.
 *
 *	  Interface: num_make, num_mant, num_scale, num_add, num_sub, num_mul,
 *	  num_div, num_mod, num_cmp, num_neg, num_round, num_trunc_scale,
 *	  num_from_int, num_to_int, num_from_double, num_to_double, num_parse,
 *	  num_out, num_apply_typmod, num_normalize, num_div_scale.
 */
#ifndef QUARRY_NUMERIC_H
#define QUARRY_NUMERIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

typedef int128 Numeric;

#define NUM_MAX_DIGITS 35
#define NUM_MAX_SCALE 255
#define NUM_OUT_MAX 300			/* longest text: sign, point, 255 decimals */

/* What a numeric operation can run into besides success. */
typedef enum NumStatus {
	NUM_OK = 0,
	NUM_OVERFLOW,				/* 22003 value overflows numeric format */
	NUM_DIV_ZERO,				/* 22012 division by zero */
	NUM_SYNTAX,					/* 22P02 invalid input syntax */
	NUM_FIELD_OVERFLOW,			/* 22003 numeric field overflow (typmod) */
	NUM_UNSUPPORTED				/* 0A000 NaN and Infinity */
} NumStatus;

extern const uint128 num_pow10[39];

static inline int128
num_mant(Numeric x)
{
	return x >> 8;
}

static inline int
num_scale(Numeric x)
{
	return (int) (x & 0xff);
}

static inline Numeric
num_make(int128 m, int scale)
{
	return (Numeric) (((uint128) m << 8) | (uint128) (unsigned) scale);
}

/* num_mant_fits says whether m has at most NUM_MAX_DIGITS digits. */
static inline bool
num_mant_fits(int128 m)
{
	return m < (int128) num_pow10[NUM_MAX_DIGITS] && m > -(int128) num_pow10[NUM_MAX_DIGITS];
}

/* num_upscale multiplies m by 10^d; false when that overflows int128. */
static inline bool
num_upscale(int128 m, int d, int128 *out)
{
	/* the common case: one 64 x 64 -> 128-bit multiply, which cannot overflow */
	if (d <= 18 && m == (int64_t) m) {
		*out = (int128) (int64_t) m * (int64_t) num_pow10[d];
		return true;
	}
	if (d > 38) {
		*out = 0;
		return m == 0;
	}
	return !__builtin_mul_overflow(m, (int128) num_pow10[d], out);
}

NumStatus	num_add_slow(Numeric a, Numeric b, Numeric *r);
NumStatus	num_mul_slow(Numeric a, Numeric b, Numeric *r);
int			num_cmp_slow(Numeric a, Numeric b);

/*
 * num_add aligns the scales inline when the smaller-scale mantissa fits in
 * int64 and the gap is at most 18 digits (1 - 0.05): one 64 x 64-bit
 * multiply; every other case goes to num_add_slow.
 */
static inline NumStatus
num_add(Numeric a, Numeric b, Numeric *r)
{
	int			sa = num_scale(a);
	int			sb = num_scale(b);
	int128		ma = num_mant(a);
	int128		mb = num_mant(b);
	int128		m;

	if (sa > sb && sa - sb <= 18 && mb == (int64_t) mb)
		mb = (int128) (int64_t) mb * (int64_t) num_pow10[sa - sb];
	else if (sb > sa && sb - sa <= 18 && ma == (int64_t) ma) {
		ma = (int128) (int64_t) ma * (int64_t) num_pow10[sb - sa];
		sa = sb;
	} else if (sa != sb)
		return num_add_slow(a, b, r);
	m = ma + mb;				/* both below 2^123: no overflow */
	if (!num_mant_fits(m))
		return NUM_OVERFLOW;
	*r = num_make(m, sa);
	return NUM_OK;
}

static inline Numeric
num_neg(Numeric a)
{
	return num_make(-num_mant(a), num_scale(a));
}

static inline NumStatus
num_sub(Numeric a, Numeric b, Numeric *r)
{
	return num_add(a, num_neg(b), r);
}

static inline NumStatus
num_mul(Numeric a, Numeric b, Numeric *r)
{
	int			s = num_scale(a) + num_scale(b);
	int128		ma = num_mant(a);
	int128		mb = num_mant(b);
	int128		m;

	if (ma != (int64_t) ma || mb != (int64_t) mb)
		return num_mul_slow(a, b, r);
	/* 64 x 64 -> 128 bits: no overflow, only the digit limit to check */
	m = (int128) (int64_t) ma * (int64_t) mb;
	if (!num_mant_fits(m) || s > NUM_MAX_SCALE)
		return NUM_OVERFLOW;
	*r = num_make(m, s);
	return NUM_OK;
}

/* num_cmp orders by value: 1.5 = 1.50. */
static inline int
num_cmp(Numeric a, Numeric b)
{
	if (num_scale(a) == num_scale(b))
		return (a > b) - (a < b);
	return num_cmp_slow(a, b);
}

NumStatus	num_div(Numeric a, Numeric b, Numeric *r);
NumStatus	num_div_scaled(Numeric a, Numeric b, int rscale, Numeric *r);
int			num_div_scale(Numeric a, Numeric b);
NumStatus	num_mod(Numeric a, Numeric b, Numeric *r);
NumStatus	num_sqrt(Numeric a, int rscale, Numeric *r);
NumStatus	num_round(Numeric a, int scale, Numeric *r);
NumStatus	num_trunc(Numeric a, int scale, Numeric *r);
Numeric		num_from_int(int64_t v);
bool		num_to_int(Numeric a, int64_t *out);
NumStatus	num_from_double(double v, Numeric *r);
double		num_to_double(Numeric a);
NumStatus	num_parse(const char *s, size_t len, Numeric *r);
size_t		num_out(Numeric a, char *buf);
Numeric		num_normalize(Numeric a);
int			num_digits_before_point(Numeric a);

NumStatus	num_apply_typmod(Numeric a, int32_t typmod, Numeric *r);

static inline int
num_typmod_precision(int32_t typmod)
{
	return ((typmod - 4) >> 16) & 0xffff;
}

static inline int
num_typmod_scale(int32_t typmod)
{
	return (int) (int16_t) ((typmod - 4) & 0xffff);
}

#endif							/* QUARRY_NUMERIC_H */
