/*
 * numeric.c
 *	  Exact decimal arithmetic on packed 120-bit mantissas (see numeric.h):
 *	  the slow paths of add and compare, division with PostgreSQL's
 *	  select_div_scale, rounding, typmods, conversions and text I/O.
 */
#include "common/numeric.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define P19 ((uint128) 10000000000000000000ULL)

const uint128 num_pow10[39] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
	100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL, P19, P19 * 10, P19 * 100,
	P19 * 1000, P19 * 10000, P19 * 100000, P19 * 1000000, P19 * 10000000,
	P19 * 100000000, P19 * 1000000000, P19 * 10000000000ULL, P19 * 100000000000ULL,
	P19 * 1000000000000ULL, P19 * 10000000000000ULL, P19 * 100000000000000ULL,
	P19 * 1000000000000000ULL, P19 * 10000000000000000ULL, P19 * 100000000000000000ULL,
	P19 * 1000000000000000000ULL, P19 * P19,
};

static uint128
uabs(int128 m)
{
	return m < 0 ? -(uint128) m : (uint128) m;
}

/* ndigits counts the decimal digits of v (1 for 0). */
static int
ndigits(uint128 v)
{
	int			d = 1;

	while (d < 39 && v >= num_pow10[d])
		d++;
	return d;
}

NumStatus
num_add_slow(Numeric a, Numeric b, Numeric *r)
{
	int			sa = num_scale(a);
	int			sb = num_scale(b);
	int			s = sa > sb ? sa : sb;
	int128		ma;
	int128		mb;
	int128		m;

	if (!num_upscale(num_mant(a), s - sa, &ma) || !num_upscale(num_mant(b), s - sb, &mb) ||
		__builtin_add_overflow(ma, mb, &m) || !num_mant_fits(m))
		return NUM_OVERFLOW;
	*r = num_make(m, s);
	return NUM_OK;
}

NumStatus
num_mul_slow(Numeric a, Numeric b, Numeric *r)
{
	int			s = num_scale(a) + num_scale(b);
	int128		m;

	if (__builtin_mul_overflow(num_mant(a), num_mant(b), &m) || !num_mant_fits(m) ||
		s > NUM_MAX_SCALE)
		return NUM_OVERFLOW;
	*r = num_make(m, s);
	return NUM_OK;
}

int
num_cmp_slow(Numeric a, Numeric b)
{
	int			sa = num_scale(a);
	int			sb = num_scale(b);
	int128		ma = num_mant(a);
	int128		mb = num_mant(b);
	int			ga = (ma > 0) - (ma < 0);
	int			gb = (mb > 0) - (mb < 0);

	if (ga != gb || ga == 0)
		return (ga > gb) - (ga < gb);
	/* same sign: a mantissa that overflows when aligned is the larger one */
	if (sa < sb && !num_upscale(ma, sb - sa, &ma))
		return ga;
	if (sb < sa && !num_upscale(mb, sa - sb, &mb))
		return -gb;
	return (ma > mb) - (ma < mb);
}

/* ---- division ---- */

typedef struct U256 {
	uint64_t	w[4];			/* little-endian limbs */
} U256;

static bool
u256_mul_small(U256 *x, uint64_t m)
{
	uint128		carry = 0;

	for (int i = 0; i < 4; i++) {
		uint128		p = (uint128) x->w[i] * m + carry;

		x->w[i] = (uint64_t) p;
		carry = p >> 64;
	}
	return carry == 0;
}

/*
 * u256_divmod divides n by d (d < 2^126); false when the quotient needs more
 * than 128 bits.
 */
static bool
u256_divmod(const U256 *n, uint128 d, uint128 *q, uint128 *rem)
{
	uint128		r = 0;
	uint128		qq = 0;

	if (n->w[3] == 0 && n->w[2] == 0) {
		uint128		x = ((uint128) n->w[1] << 64) | n->w[0];

		*q = x / d;
		*rem = x % d;
		return true;
	}
	for (int i = 255; i >= 0; i--) {
		r = (r << 1) | ((n->w[i / 64] >> (i % 64)) & 1);
		if (r >= d) {
			r -= d;
			if (i >= 128)
				return false;
			qq |= (uint128) 1 << i;
		}
	}
	*q = qq;
	*rem = r;
	return true;
}

/*
 * weight_first gives PostgreSQL's base-10000 weight and first digit of a:
 * |a| = first * 10000^weight + less.
 */
static void
weight_first(Numeric a, int *weight, int *first)
{
	uint128		m = uabs(num_mant(a));
	int			s = num_scale(a);
	int			e;
	int			w;
	int			t;

	if (m == 0) {
		*weight = 0;
		*first = 0;
		return;
	}
	e = ndigits(m) - 1 - s;		/* decimal exponent of the leading digit */
	w = e >= 0 ? e / 4 : -((-e + 3) / 4);
	t = s + 4 * w;
	*weight = w;
	*first = t >= 0 ? (int) (m / num_pow10[t]) : (int) (m * num_pow10[-t]);
}

/* num_div_scale is PostgreSQL's select_div_scale for a / b. */
int
num_div_scale(Numeric a, Numeric b)
{
	int			w1;
	int			w2;
	int			f1;
	int			f2;
	int			qweight;
	int			rscale;

	weight_first(a, &w1, &f1);
	weight_first(b, &w2, &f2);
	qweight = w1 - w2;
	if (f1 <= f2)
		qweight--;
	rscale = 16 - qweight * 4;
	if (rscale < num_scale(a))
		rscale = num_scale(a);
	if (rscale < num_scale(b))
		rscale = num_scale(b);
	if (rscale < 0)
		rscale = 0;
	if (rscale > 1000)
		rscale = 1000;
	return rscale;
}

/* num_div_scaled computes a / b rounded half away from zero to rscale. */
NumStatus
num_div_scaled(Numeric a, Numeric b, int rscale, Numeric *r)
{
	int128		ma = num_mant(a);
	int128		mb = num_mant(b);
	int			k = rscale - num_scale(a) + num_scale(b);
	bool		neg = (ma < 0) != (mb < 0);
	U256		n = {{0, 0, 0, 0}};
	uint128		d = uabs(mb);
	uint128		q;
	uint128		rem;

	if (mb == 0)
		return NUM_DIV_ZERO;
	if (rscale > NUM_MAX_SCALE)
		return NUM_OVERFLOW;
	n.w[0] = (uint64_t) uabs(ma);
	n.w[1] = (uint64_t) (uabs(ma) >> 64);
	if (k < 0) {
		/* the divisor grows instead; past 10^38 the quotient rounds to 0 */
		if (-k > 38 || __builtin_mul_overflow(d, num_pow10[-k], &d) || d >= ((uint128) 1 << 126)) {
			*r = num_make(0, rscale);
			return NUM_OK;
		}
	}
	for (; k > 0; k -= k > 19 ? 19 : k)
		if (!u256_mul_small(&n, (uint64_t) num_pow10[k > 19 ? 19 : k]))
			return NUM_OVERFLOW;
	if (!u256_divmod(&n, d, &q, &rem))
		return NUM_OVERFLOW;
	if (rem >= d - rem)
		q++;
	if (q >= num_pow10[NUM_MAX_DIGITS])
		return NUM_OVERFLOW;
	*r = num_make(neg ? -(int128) q : (int128) q, rscale);
	return NUM_OK;
}

NumStatus
num_div(Numeric a, Numeric b, Numeric *r)
{
	if (num_mant(b) == 0)
		return NUM_DIV_ZERO;
	return num_div_scaled(a, b, num_div_scale(a, b), r);
}

/* num_mod is a - trunc(a / b) * b, with the larger scale; its sign is a's. */
NumStatus
num_mod(Numeric a, Numeric b, Numeric *r)
{
	int			sa = num_scale(a);
	int			sb = num_scale(b);
	int			s = sa > sb ? sa : sb;
	int128		ma;
	int128		mb;

	if (num_mant(b) == 0)
		return NUM_DIV_ZERO;
	if (!num_upscale(num_mant(b), s - sb, &mb))
		return NUM_OVERFLOW;
	if (!num_upscale(num_mant(a), s - sa, &ma)) {
		/* |a| exceeds int128 once aligned; b is small enough to step down */
		return NUM_OVERFLOW;
	}
	*r = num_make(ma % mb, s);
	return NUM_OK;
}

/* u256_cmp orders two 256-bit numbers. */
static int
u256_cmp(const U256 *a, const U256 *b)
{
	for (int i = 3; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] > b->w[i] ? 1 : -1;
	return 0;
}

static U256
u128_square(uint128 q)
{
	uint64_t	lo = (uint64_t) q;
	uint64_t	hi = (uint64_t) (q >> 64);
	uint128		ll = (uint128) lo * lo;
	uint128		lh = (uint128) lo * hi;
	uint128		hh = (uint128) hi * hi;
	U256		r = {{(uint64_t) ll, 0, 0, 0}};
	uint128		mid = (ll >> 64) + (uint64_t) lh * (uint128) 2;
	uint128		carry;

	r.w[1] = (uint64_t) mid;
	carry = (mid >> 64) + (lh >> 64) * 2 + (uint64_t) hh;
	r.w[2] = (uint64_t) carry;
	r.w[3] = (uint64_t) ((carry >> 64) + (uint64_t) (hh >> 64));
	return r;
}

/*
 * num_sqrt computes the square root of a >= 0 rounded half up to rscale
 * digits, as PostgreSQL's sqrt_var: an integer square root of
 * m * 10^(2 rscale - s) by Newton's method, then one rounding step.
 */
NumStatus
num_sqrt(Numeric a, int rscale, Numeric *r)
{
	int128		m = num_mant(a);
	int			t = 2 * rscale - num_scale(a);
	U256		x = {{0, 0, 0, 0}};
	U256		q2;
	uint128		q;
	uint128		rem;
	int			bits = 0;

	if (m < 0)
		return NUM_SYNTAX;
	if (rscale > NUM_MAX_SCALE)
		return NUM_OVERFLOW;
	x.w[0] = (uint64_t) m;
	x.w[1] = (uint64_t) ((uint128) m >> 64);
	if (t < 0) {
		/* drop digits below the result's: floor of the shifted value */
		uint128		v = (uint128) m;

		v = -t > 38 ? 0 : v / num_pow10[-t];
		x.w[0] = (uint64_t) v;
		x.w[1] = (uint64_t) (v >> 64);
	}
	for (; t > 0; t -= t > 19 ? 19 : t)
		if (!u256_mul_small(&x, (uint64_t) num_pow10[t > 19 ? 19 : t]))
			return NUM_OVERFLOW;
	for (int i = 255; i >= 0; i--)
		if ((x.w[i / 64] >> (i % 64)) & 1) {
			bits = i + 1;
			break;
		}
	if (bits == 0) {
		*r = num_make(0, rscale);
		return NUM_OK;
	}
	if (bits > 250)
		return NUM_OVERFLOW;
	q = (uint128) 1 << ((bits + 1) / 2);	/* above the root */
	for (;;) {
		uint128		d;
		uint128		next;

		if (!u256_divmod(&x, q, &d, &rem))
			return NUM_OVERFLOW;
		next = (q + d) / 2;
		if (next >= q)
			break;
		q = next;
	}
	/* round half up: x > q^2 + q means the root is past q + 1/2 */
	q2 = u128_square(q);
	{
		U256		lim = q2;
		uint128		lo = ((uint128) lim.w[1] << 64 | lim.w[0]) + q;

		if (lo < q) {			/* carry into the upper half */
			if (++lim.w[2] == 0)
				lim.w[3]++;
		}
		lim.w[0] = (uint64_t) lo;
		lim.w[1] = (uint64_t) (lo >> 64);
		if (u256_cmp(&x, &lim) > 0)
			q++;
	}
	if (q >= num_pow10[NUM_MAX_DIGITS])
		return NUM_OVERFLOW;
	*r = num_make((int128) q, rscale);
	return NUM_OK;
}

/* ---- rounding ---- */

static NumStatus
rescale(Numeric a, int scale, bool round, Numeric *r)
{
	int			s = num_scale(a);
	int128		m = num_mant(a);
	uint128		u;
	int			d;

	if (scale > NUM_MAX_SCALE)
		return NUM_OVERFLOW;
	if (scale >= s) {
		if (!num_upscale(m, scale - s, &m) || !num_mant_fits(m))
			return NUM_OVERFLOW;
		*r = num_make(m, scale);
		return NUM_OK;
	}
	d = s - scale;
	u = uabs(m);
	if (d > 38)
		u = 0;
	else {
		uint128		rem = u % num_pow10[d];

		u /= num_pow10[d];
		if (round && rem >= num_pow10[d] - rem)
			u++;
	}
	m = m < 0 ? -(int128) u : (int128) u;
	if (scale < 0) {
		if (!num_upscale(m, -scale, &m) || !num_mant_fits(m))
			return NUM_OVERFLOW;
		scale = 0;
	}
	*r = num_make(m, scale);
	return NUM_OK;
}

/* num_round rounds half away from zero to scale digits (scale < 0: tens...). */
NumStatus
num_round(Numeric a, int scale, Numeric *r)
{
	return rescale(a, scale, true, r);
}

NumStatus
num_trunc(Numeric a, int scale, Numeric *r)
{
	return rescale(a, scale, false, r);
}

/* num_digits_before_point counts the integer digits of a (0 for |a| < 1). */
int
num_digits_before_point(Numeric a)
{
	uint128		m = uabs(num_mant(a));
	int			n;

	if (m == 0)
		return 0;
	n = ndigits(m) - num_scale(a);
	return n > 0 ? n : 0;
}

/*
 * num_apply_typmod coerces a to numeric(p,s): rounded to s decimals, and
 * NUM_FIELD_OVERFLOW when more than p - s integer digits remain.
 */
NumStatus
num_apply_typmod(Numeric a, int32_t typmod, Numeric *r)
{
	int			p;
	int			s;
	NumStatus	st;

	if (typmod < 4) {
		*r = a;
		return NUM_OK;
	}
	p = num_typmod_precision(typmod);
	s = num_typmod_scale(typmod);
	if ((st = num_round(a, s, r)) != NUM_OK)
		return st == NUM_OVERFLOW ? NUM_FIELD_OVERFLOW : st;
	if (num_digits_before_point(*r) > p - s)
		return NUM_FIELD_OVERFLOW;
	return NUM_OK;
}

/* num_normalize drops trailing fraction zeros: equal values become equal bits. */
Numeric
num_normalize(Numeric a)
{
	int128		m = num_mant(a);
	int			s = num_scale(a);

	if (m == 0)
		return num_make(0, 0);
	while (s > 0 && m % 10 == 0) {
		m /= 10;
		s--;
	}
	return num_make(m, s);
}

/* ---- conversions ---- */

Numeric
num_from_int(int64_t v)
{
	return num_make(v, 0);
}

/* num_to_int rounds half away from zero to an int64; false when out of range. */
bool
num_to_int(Numeric a, int64_t *out)
{
	Numeric		r;
	int128		m;

	if (num_round(a, 0, &r) != NUM_OK)
		return false;
	m = num_mant(r);
	if (m < INT64_MIN || m > INT64_MAX)
		return false;
	*out = (int64_t) m;
	return true;
}

/* num_from_double converts as PostgreSQL's float8_numeric: 15 significant digits. */
NumStatus
num_from_double(double v, Numeric *r)
{
	char		buf[64];

	if (v != v || v - v != 0)
		return NUM_UNSUPPORTED;
	snprintf(buf, sizeof(buf), "%.*g", 15, v);
	return num_parse(buf, strlen(buf), r);
}

/* num_to_double goes through the text form, as PostgreSQL's numeric_float8. */
double
num_to_double(Numeric a)
{
	char		buf[NUM_OUT_MAX];

	num_out(a, buf);
	return strtod(buf, NULL);
}

static bool
is_word(const char *p, size_t n, const char *w)
{
	return n == strlen(w) && strncasecmp(p, w, n) == 0;
}

/* parse_exponent reads [eE][+-]digits at *pp; false on a malformed one. */
static bool
parse_exponent(const char **pp, const char *end, int *exp)
{
	const char *p = *pp + 1;
	bool		neg = false;
	long		e = 0;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (p == end || !isdigit((unsigned char) *p))
		return false;
	for (; p < end && isdigit((unsigned char) *p); p++)
		if ((e = e * 10 + (*p - '0')) > 1000)
			return false;
	*exp = (int) (neg ? -e : e);
	*pp = p;
	return true;
}

/*
 * num_parse reads PostgreSQL's numeric text: blanks, a sign, digits with an
 * optional point, an optional exponent, blanks.  The scale is the number of
 * fraction digits less the exponent, never below 0 ("1.50" has scale 2,
 * "1e3" is 1000).
 */
NumStatus
num_parse(const char *s, size_t len, Numeric *r)
{
	const char *p = s;
	const char *end = s + len;
	bool		neg = false;
	bool		any = false;
	bool		point = false;
	int			frac = 0;
	int			exp = 0;
	int			sig = 0;
	uint128		m = 0;
	int			scale;
	int128		sm;

	while (p < end && isspace((unsigned char) *p))
		p++;
	while (end > p && isspace((unsigned char) end[-1]))
		end--;
	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (is_word(p, (size_t) (end - p), "nan") || is_word(p, (size_t) (end - p), "infinity") ||
		is_word(p, (size_t) (end - p), "inf"))
		return NUM_UNSUPPORTED;
	for (; p < end; p++) {
		if (isdigit((unsigned char) *p)) {
			any = true;
			if (m != 0 || *p != '0')
				sig++;
			if (sig > 38)
				return NUM_OVERFLOW;
			m = m * 10 + (uint128) (*p - '0');
			frac += point;
		} else if (*p == '.' && !point)
			point = true;
		else
			break;
	}
	if (!any)
		return NUM_SYNTAX;
	if (p < end && (*p == 'e' || *p == 'E') && !parse_exponent(&p, end, &exp))
		return NUM_SYNTAX;
	if (p != end)
		return NUM_SYNTAX;
	scale = frac - exp;
	sm = (int128) m;
	if (scale < 0) {
		if (!num_upscale(sm, -scale, &sm))
			return NUM_OVERFLOW;
		scale = 0;
	}
	if (!num_mant_fits(sm) || scale > NUM_MAX_SCALE)
		return NUM_OVERFLOW;
	*r = num_make(neg ? -sm : sm, scale);
	return NUM_OK;
}

/* num_out writes a's text (exactly scale decimals) into buf; returns its length. */
size_t
num_out(Numeric a, char *buf)
{
	int128		m = num_mant(a);
	int			s = num_scale(a);
	uint128		u = uabs(m);
	char		digits[40];
	int			nd = 0;
	char	   *p = buf;

	do {
		uint64_t	chunk = (uint64_t) (u % P19);
		int			k = 0;

		u /= P19;
		do {
			digits[nd++] = (char) ('0' + chunk % 10);
			chunk /= 10;
			k++;
		} while (chunk != 0 || (u != 0 && k < 19));
	} while (u != 0);
	if (m < 0)
		*p++ = '-';
	if (nd <= s) {
		*p++ = '0';
		*p++ = '.';
		for (int i = 0; i < s - nd; i++)
			*p++ = '0';
		for (int i = nd - 1; i >= 0; i--)
			*p++ = digits[i];
	} else {
		for (int i = nd - 1; i >= s; i--)
			*p++ = digits[i];
		if (s > 0) {
			*p++ = '.';
			for (int i = s - 1; i >= 0; i--)
				*p++ = digits[i];
		}
	}
	*p = '\0';
	return (size_t) (p - buf);
}
