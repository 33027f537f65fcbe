/*
 * func.c
 *	  Scalar function kernels (EXPR_FUNC): LIKE, the string functions,
 *	  numeric rounding, date and interval arithmetic, extract.
 *
 *	  Each function evaluates its arguments to vectors and runs one loop
 *	  over the live rows.  LIKE compiles a constant pattern once per batch
 *	  and takes a fast path when the pattern has no _ or escape: literal
 *	  segments between %s found in order with memmem (prefix, suffix,
 *	  contains, '%a%b%').  Strings are UTF-8; positions count characters.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "common/datetime.h"
#include "exec/expr_int.h"
#include "wire/buf.h"
#include "wire/typeio.h"

#define MAX_FUNC_ARGS 8

typedef struct Str {
	const char *p;
	uint32_t	len;
} Str;

static inline Str
str_at(const Vector *v, uint32_t row)
{
	const StrView *s = (const StrView *) v->data + row;
	Str			r = {str_data(s), s->len};

	if (v->type == TYPE_BPCHAR)
		while (r.len > 0 && r.p[r.len - 1] == ' ')
			r.len--;
	return r;
}

static inline void
set_str(Arena *a, Vector *out, uint32_t row, const char *p, uint32_t len)
{
	((StrView *) out->data)[row] = str_make(a, p, len);
}

/* utf8_advance returns the byte offset after n characters of s (or len). */
static uint32_t
utf8_advance(const char *s, uint32_t len, uint32_t from, int64_t n)
{
	uint32_t	i = from;

	while (i < len && n > 0) {
		i++;
		while (i < len && ((unsigned char) s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

static int64_t
utf8_len(const char *s, uint32_t len)
{
	int64_t		n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += ((unsigned char) s[i] & 0xC0) != 0x80;
	return n;
}

/* ---- LIKE ---- */

typedef struct LikePat {
	const char *p;
	uint32_t	len;
	char		escape;			/* 0 = none */
	bool		simple;			/* no _ and no escape: segments between %s */
	Str			segs[64];
	int			nsegs;
	bool		anchored_start;
	bool		anchored_end;
} LikePat;

static void
like_compile(LikePat *lp, Str pat, char escape)
{
	uint32_t	start = 0;

	lp->p = pat.p;
	lp->len = pat.len;
	lp->escape = escape;
	lp->simple = true;
	lp->nsegs = 0;
	for (uint32_t i = 0; i < pat.len; i++)
		if (pat.p[i] == '_' || (escape && pat.p[i] == escape))
			lp->simple = false;
	if (!lp->simple)
		return;
	lp->anchored_start = pat.len == 0 || pat.p[0] != '%';
	lp->anchored_end = pat.len == 0 || pat.p[pat.len - 1] != '%';
	for (uint32_t i = 0; i <= pat.len; i++)
		if (i == pat.len || pat.p[i] == '%') {
			if (i > start || (lp->nsegs == 0 && lp->anchored_start && lp->anchored_end)) {
				if (lp->nsegs == 64) {
					lp->simple = false;
					return;
				}
				lp->segs[lp->nsegs].p = pat.p + start;
				lp->segs[lp->nsegs++].len = i - start;
			}
			start = i + 1;
		}
}

/* like_simple matches segments in order; the first and last may be anchored. */
static bool
like_simple(const LikePat *lp, Str s)
{
	uint32_t	pos = 0;
	int			first = 0;
	int			last = lp->nsegs;

	if (lp->nsegs == 0)
		return true;			/* all %s */
	if (lp->anchored_start && lp->anchored_end && lp->nsegs == 1)
		return s.len == lp->segs[0].len && memcmp(s.p, lp->segs[0].p, s.len) == 0;
	if (lp->anchored_start) {
		const Str  *g = &lp->segs[0];

		if (s.len < g->len || memcmp(s.p, g->p, g->len) != 0)
			return false;
		pos = g->len;
		first = 1;
	}
	if (lp->anchored_end) {
		const Str  *g = &lp->segs[lp->nsegs - 1];

		if (s.len < pos + g->len || memcmp(s.p + s.len - g->len, g->p, g->len) != 0)
			return false;
		s.len -= g->len;
		last = lp->nsegs - 1;
	}
	for (int i = first; i < last; i++) {
		const Str  *g = &lp->segs[i];
		const char *hit;

		if (pos > s.len)
			return false;
		hit = memmem(s.p + pos, s.len - pos, g->p, g->len);
		if (hit == NULL)
			return false;
		pos = (uint32_t) (hit - s.p) + g->len;
	}
	return pos <= s.len;
}

/* like_general handles _ and the escape character, backtracking on %. */
static bool
like_general(const char *s, uint32_t slen, const char *p, uint32_t plen, char esc)
{
	uint32_t	si = 0;
	uint32_t	pi = 0;
	uint32_t	star_p = UINT32_MAX;
	uint32_t	star_s = 0;

	while (si < slen) {
		if (pi < plen && p[pi] == '%') {
			star_p = ++pi;
			star_s = si;
			continue;
		}
		if (pi < plen && p[pi] == '_') {
			pi++;
			si = utf8_advance(s, slen, si, 1);
			continue;
		}
		if (pi < plen) {
			uint32_t	q = pi;

			if (esc && p[q] == esc && q + 1 < plen)
				q++;
			if (p[q] == s[si]) {
				pi = q + 1;
				si++;
				continue;
			}
		}
		if (star_p == UINT32_MAX)
			return false;
		pi = star_p;
		star_s = utf8_advance(s, slen, star_s, 1);
		si = star_s;
	}
	while (pi < plen && p[pi] == '%')
		pi++;
	return pi == plen;
}

static bool
like_match(const LikePat *lp, Str s)
{
	if (lp->simple)
		return like_simple(lp, s);
	return like_general(s.p, s.len, lp->p, lp->len, lp->escape);
}

static char *
lower_copy(Arena *a, Str s)
{
	char	   *p = arena_alloc(a, s.len + 1);

	for (uint32_t i = 0; i < s.len; i++)
		p[i] = (char) tolower((unsigned char) s.p[i]);
	return p;
}

static bool
like_escape(const Vector *ev, uint32_t row, char *esc, Err *err)
{
	Str			e;

	*esc = '\\';
	if (ev == NULL)
		return true;
	e = str_at(ev, row);
	if (e.len > 1) {
		err_set(err, "22025", "invalid escape string");
		err_hint(err, "Escape string must be empty or one character.");
		return false;
	}
	*esc = e.len == 1 ? e.p[0] : 0;
	return true;
}

static Vector *
eval_like(const Quarry__Expr *e, Vector **args, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, TYPE_BOOL);
	uint8_t    *res = out->data;
	bool		ci = e->func == QUARRY__SCALAR_FUNC__FN_ILIKE ||
		e->func == QUARRY__SCALAR_FUNC__FN_NOT_ILIKE;
	bool		neg = e->func == QUARRY__SCALAR_FUNC__FN_NOT_LIKE ||
		e->func == QUARRY__SCALAR_FUNC__FN_NOT_ILIKE;
	bool		constant = e->args[1]->kind == QUARRY__EXPR_KIND__EXPR_CONST &&
		(e->n_args < 3 || e->args[2]->kind == QUARRY__EXPR_KIND__EXPR_CONST);
	Vector	   *ev = e->n_args > 2 ? args[2] : NULL;
	LikePat    *lp = arena_new(a, LikePat);
	bool		compiled = false;

	FOR_LIVE(in, k, row) {
		Str			s;
		Str			p;

		if (either_null(a, out, args[0], args[1], row) || (ev && either_null(a, out, ev, NULL, row)))
			continue;
		s.p = str_data((const StrView *) args[0]->data + row);
		s.len = ((const StrView *) args[0]->data)[row].len;
		if (!compiled || !constant) {
			char		esc;

			if (!like_escape(ev, row, &esc, err))
				return NULL;
			p = str_at(args[1], row);
			if (ci)
				p.p = lower_copy(a, p);
			like_compile(lp, p, esc);
			compiled = true;
		}
		if (ci)
			s.p = lower_copy(a, s);
		res[row] = like_match(lp, s) != neg;
	}
	return out;
}

/* ---- string functions ---- */

static Vector *
eval_substr(Vector **args, int nargs, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		Str			s;
		int64_t		start;
		int64_t		end = INT64_MAX;
		uint32_t	b0;
		uint32_t	b1;

		if (either_null(a, out, args[0], args[1], row) ||
			(nargs > 2 && either_null(a, out, args[2], NULL, row)))
			continue;
		s = str_at(args[0], row);
		start = ((const int32_t *) args[1]->data)[row];
		if (nargs > 2) {
			int64_t		len = ((const int32_t *) args[2]->data)[row];

			if (len < 0) {
				err_set(err, "22011", "negative substring length not allowed");
				return NULL;
			}
			end = start + len;
		}
		if (start < 1)
			start = 1;
		if (end <= start) {
			set_str(a, out, row, "", 0);
			continue;
		}
		b0 = utf8_advance(s.p, s.len, 0, start - 1);
		b1 = end == INT64_MAX ? s.len : utf8_advance(s.p, s.len, b0, end - start);
		set_str(a, out, row, s.p + b0, b1 - b0);
	}
	return out;
}

/* strpos_of is the 1-based character position of needle in hay, 0 if absent. */
static int32_t
strpos_of(Str hay, Str needle)
{
	const char *hit;

	if (needle.len == 0)
		return 1;
	hit = memmem(hay.p, hay.len, needle.p, needle.len);
	if (hit == NULL)
		return 0;
	return (int32_t) utf8_len(hay.p, (uint32_t) (hit - hay.p)) + 1;
}

static Vector *
eval_strpos(Vector *hay, Vector *needle, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_INT4);

	FOR_LIVE(in, k, row) {
		if (either_null(a, out, hay, needle, row))
			continue;
		((int32_t *) out->data)[row] = strpos_of(str_at(hay, row), str_at(needle, row));
	}
	return out;
}

static Vector *
eval_length(Vector *v, bool octets, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_INT4);

	FOR_LIVE(in, k, row) {
		Str			s;

		if (either_null(a, out, v, NULL, row))
			continue;
		s = str_at(v, row);
		if (octets && v->type == TYPE_BPCHAR)
			s.len = ((const StrView *) v->data)[row].len;
		((int32_t *) out->data)[row] = (int32_t) (octets ? s.len : utf8_len(s.p, s.len));
	}
	return out;
}

static Vector *
eval_case_map(Vector *v, int how, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		Str			s;
		char	   *p;
		bool		word_start = true;

		if (either_null(a, out, v, NULL, row))
			continue;
		s = str_at(v, row);
		p = arena_alloc(a, s.len + 1);
		for (uint32_t i = 0; i < s.len; i++) {
			unsigned char c = (unsigned char) s.p[i];

			if (how == 0)
				p[i] = (char) toupper(c);
			else if (how == 1)
				p[i] = (char) tolower(c);
			else {
				p[i] = (char) (word_start ? toupper(c) : tolower(c));
				word_start = !isalnum(c);
			}
		}
		set_str(a, out, row, p, s.len);
	}
	return out;
}

static bool
in_set(Str set, char c)
{
	return memchr(set.p, c, set.len) != NULL;
}

static Vector *
eval_trim(Vector **args, int nargs, bool left, bool right, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);
	Str			blank = {" ", 1};

	FOR_LIVE(in, k, row) {
		Str			s;
		Str			set;

		if (either_null(a, out, args[0], nargs > 1 ? args[1] : NULL, row))
			continue;
		s = str_at(args[0], row);
		set = nargs > 1 ? str_at(args[1], row) : blank;
		while (left && s.len > 0 && in_set(set, s.p[0])) {
			s.p++;
			s.len--;
		}
		while (right && s.len > 0 && in_set(set, s.p[s.len - 1]))
			s.len--;
		set_str(a, out, row, s.p, s.len);
	}
	return out;
}

static Vector *
eval_concat_fn(Vector **args, int nargs, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		uint32_t	total = 0;
		char	   *p;

		for (int i = 0; i < nargs; i++)
			if (!vec_is_null(args[i], row))
				total += str_at(args[i], row).len;
		p = arena_alloc(a, total + 1);
		total = 0;
		for (int i = 0; i < nargs; i++)
			if (!vec_is_null(args[i], row)) {
				Str			s = str_at(args[i], row);

				memcpy(p + total, s.p, s.len);
				total += s.len;
			}
		set_str(a, out, row, p, total);
	}
	return out;
}

/* text_result copies n bytes at p into row of out (a new string). */
static char *
text_buf(Arena *a, size_t n)
{
	return arena_alloc(a, n + 1);
}

static Vector *
eval_replace(Vector **args, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		Str			s;
		Str			from;
		Str			to;
		Buf			b;
		const char *p;
		const char *hit;

		if (either_null(a, out, args[0], args[1], row) || either_null(a, out, args[2], NULL, row))
			continue;
		s = str_at(args[0], row);
		from = str_at(args[1], row);
		to = str_at(args[2], row);
		if (from.len == 0) {
			set_str(a, out, row, s.p, s.len);
			continue;
		}
		buf_init(&b);
		for (p = s.p; (hit = memmem(p, s.len - (uint32_t) (p - s.p), from.p, from.len)) != NULL;
			 p = hit + from.len) {
			buf_put(&b, p, (size_t) (hit - p));
			buf_put(&b, to.p, to.len);
		}
		buf_put(&b, p, s.len - (size_t) (p - s.p));
		set_str(a, out, row, (const char *) b.data, (uint32_t) b.len);
		buf_free(&b);
	}
	return out;
}

/* eval_pad: lpad and rpad to n characters with fill (default a blank). */
static Vector *
eval_pad(Vector **args, int nargs, bool left, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);
	Str			blank = {" ", 1};

	FOR_LIVE(in, k, row) {
		Str			s;
		Str			fill;
		int64_t		n;
		int64_t		have;
		char	   *p;
		size_t		len = 0;

		if (either_null(a, out, args[0], args[1], row) ||
			(nargs > 2 && either_null(a, out, args[2], NULL, row)))
			continue;
		s = str_at(args[0], row);
		fill = nargs > 2 ? str_at(args[2], row) : blank;
		n = ((const int32_t *) args[1]->data)[row];
		have = utf8_len(s.p, s.len);
		if (n <= 0) {
			set_str(a, out, row, "", 0);
			continue;
		}
		if (have >= n || fill.len == 0) {
			uint32_t	cut = utf8_advance(s.p, s.len, 0, n);

			set_str(a, out, row, s.p, cut);
			continue;
		}
		p = text_buf(a, s.len + (size_t) (n - have) * fill.len);
		if (!left) {
			memcpy(p, s.p, s.len);
			len = s.len;
		}
		for (int64_t i = 0, f = 0; i < n - have; i++) {
			uint32_t	next = utf8_advance(fill.p, fill.len, (uint32_t) f, 1);

			memcpy(p + len, fill.p + f, next - (uint32_t) f);
			len += next - (uint32_t) f;
			f = next >= fill.len ? 0 : next;
		}
		if (left) {
			memcpy(p + len, s.p, s.len);
			len += s.len;
		}
		set_str(a, out, row, p, (uint32_t) len);
	}
	return out;
}

static Vector *
eval_left_right(Vector **args, int fn, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		Str			s;
		int64_t		n;
		int64_t		have;
		int64_t		take;
		uint32_t	b0;

		if (either_null(a, out, args[0], args[1], row))
			continue;
		s = str_at(args[0], row);
		n = ((const int32_t *) args[1]->data)[row];
		have = utf8_len(s.p, s.len);
		take = n >= 0 ? (n < have ? n : have) : (have + n > 0 ? have + n : 0);
		if (fn == QUARRY__SCALAR_FUNC__FN_LEFT)
			set_str(a, out, row, s.p, utf8_advance(s.p, s.len, 0, take));
		else {
			b0 = utf8_advance(s.p, s.len, 0, have - take);
			set_str(a, out, row, s.p + b0, s.len - b0);
		}
	}
	return out;
}

static Vector *
eval_repeat_reverse(Vector **args, int fn, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		Str			s;
		char	   *p;

		if (either_null(a, out, args[0], fn == QUARRY__SCALAR_FUNC__FN_REPEAT ? args[1] : NULL, row))
			continue;
		s = str_at(args[0], row);
		if (fn == QUARRY__SCALAR_FUNC__FN_REPEAT) {
			int64_t		n = ((const int32_t *) args[1]->data)[row];

			n = n < 0 ? 0 : n;
			p = text_buf(a, (size_t) n * s.len);
			for (int64_t i = 0; i < n; i++)
				memcpy(p + (size_t) i * s.len, s.p, s.len);
			set_str(a, out, row, p, (uint32_t) (n * s.len));
			continue;
		}
		p = text_buf(a, s.len);
		for (uint32_t i = 0; i < s.len;) {
			uint32_t	next = utf8_advance(s.p, s.len, i, 1);

			memcpy(p + s.len - next, s.p + i, next - i);
			i = next;
		}
		set_str(a, out, row, p, s.len);
	}
	return out;
}

/* split_part: the n-th field (from the end when n < 0); 0 is an error. */
static Vector *
eval_split_part(Vector **args, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

	FOR_LIVE(in, k, row) {
		Str			s;
		Str			d;
		int32_t		n;
		const char *fields[1024];
		uint32_t	lens[1024];
		int			nf = 0;
		const char *p;
		const char *hit;

		if (either_null(a, out, args[0], args[1], row) || either_null(a, out, args[2], NULL, row))
			continue;
		s = str_at(args[0], row);
		d = str_at(args[1], row);
		n = ((const int32_t *) args[2]->data)[row];
		if (n == 0) {
			err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "field position must not be zero");
			return NULL;
		}
		if (d.len == 0) {
			if (n == 1 || n == -1)
				set_str(a, out, row, s.p, s.len);
			else
				set_str(a, out, row, "", 0);
			continue;
		}
		for (p = s.p; nf < 1023 && (hit = memmem(p, s.len - (uint32_t) (p - s.p), d.p, d.len)) != NULL;
			 p = hit + d.len) {
			fields[nf] = p;
			lens[nf++] = (uint32_t) (hit - p);
		}
		fields[nf] = p;
		lens[nf++] = s.len - (uint32_t) (p - s.p);
		if (n < 0)
			n = nf + n + 1;
		if (n < 1 || n > nf)
			set_str(a, out, row, "", 0);
		else
			set_str(a, out, row, fields[n - 1], lens[n - 1]);
	}
	return out;
}

static Vector *
eval_starts_with(Vector **args, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_BOOL);

	FOR_LIVE(in, k, row) {
		Str			s;
		Str			p;

		if (either_null(a, out, args[0], args[1], row))
			continue;
		s = str_at(args[0], row);
		p = str_at(args[1], row);
		((uint8_t *) out->data)[row] = s.len >= p.len && memcmp(s.p, p.p, p.len) == 0;
	}
	return out;
}

/* ---- numeric functions ---- */

static Vector *
eval_abs(Vector *v, TypeId t, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, t);

	FOR_LIVE(in, k, row) {
		Value		x;

		if (either_null(a, out, v, NULL, row))
			continue;
		x = vec_get(v, row);
		if (t == TYPE_NUMERIC)
			x.u.n = num_mant(x.u.n) < 0 ? num_neg(x.u.n) : x.u.n;
		else if (type_is_float(t))
			x.u.f = fabs(x.u.f);
		else {
			if ((t == TYPE_INT2 && x.u.i == INT16_MIN) || (t == TYPE_INT4 && x.u.i == INT32_MIN) ||
				x.u.i == INT64_MIN) {
				err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, t == TYPE_INT2 ? "smallint out of range" :
						t == TYPE_INT4 ? "integer out of range" : "bigint out of range");
				return NULL;
			}
			x.u.i = x.u.i < 0 ? -x.u.i : x.u.i;
		}
		vec_set(a, out, row, &x);
	}
	return out;
}

/* num_ceil_floor rounds toward +inf (dir 1) or -inf (dir -1) to scale 0. */
static NumStatus
num_ceil_floor(Numeric x, int dir, Numeric *r)
{
	NumStatus	st = num_trunc(x, 0, r);

	if (st == NUM_OK && num_cmp(*r, x) != 0 && (dir > 0) == (num_mant(x) > 0))
		st = num_add(*r, num_make(dir, 0), r);
	return st;
}

static Vector *
eval_round(const Quarry__Expr *e, Vector **args, int nargs, const Batch *in, Arena *a,
		   Err *err)
{
	TypeId		t = (TypeId) e->type;
	Vector	   *out = vec_new(a, t);
	int			fn = e->func;

	FOR_LIVE(in, k, row) {
		NumStatus	st = NUM_OK;
		int32_t		scale = 0;

		if (either_null(a, out, args[0], nargs > 1 ? args[1] : NULL, row))
			continue;
		if (nargs > 1)
			scale = ((const int32_t *) args[1]->data)[row];
		if (t == TYPE_FLOAT8) {
			double		x = ((const double *) args[0]->data)[row];

			((double *) out->data)[row] = fn == QUARRY__SCALAR_FUNC__FN_ROUND ? rint(x) :
				fn == QUARRY__SCALAR_FUNC__FN_TRUNC ? trunc(x) :
				fn == QUARRY__SCALAR_FUNC__FN_CEIL ? ceil(x) :
				fn == QUARRY__SCALAR_FUNC__FN_FLOOR ? floor(x) : (x > 0) - (x < 0);
			continue;
		} else {
			Numeric		x = ((const Numeric *) args[0]->data)[row];
			Numeric    *r = (Numeric *) out->data + row;

			if (scale > 1000)
				scale = 1000;
			if (scale < -1000)
				scale = -1000;
			switch (fn) {
				case QUARRY__SCALAR_FUNC__FN_ROUND:
					st = num_round(x, scale, r);
					break;
				case QUARRY__SCALAR_FUNC__FN_TRUNC:
					st = num_trunc(x, scale, r);
					break;
				case QUARRY__SCALAR_FUNC__FN_CEIL:
					st = num_ceil_floor(x, 1, r);
					break;
				case QUARRY__SCALAR_FUNC__FN_FLOOR:
					st = num_ceil_floor(x, -1, r);
					break;
				default:
					*r = num_make((num_mant(x) > 0) - (num_mant(x) < 0), 0);
					break;
			}
		}
		if (st != NUM_OK) {
			numeric_error(st, err);
			return NULL;
		}
	}
	return out;
}

/*
 * num_sqrt_scale is PostgreSQL's numeric_sqrt result scale: 16 significant
 * digits, at least the argument's scale.
 */
static int
num_sqrt_scale(Numeric x)
{
	int128		m = num_mant(x);
	uint128		u = m < 0 ? -(uint128) m : (uint128) m;
	int			nd = 1;
	int			e;
	int			w;
	int			rscale;

	while (nd < 39 && u >= num_pow10[nd])
		nd++;
	e = u == 0 ? 0 : nd - 1 - num_scale(x);
	w = e >= 0 ? e / 4 : -((-e + 3) / 4);	/* base-10000 weight */
	rscale = 16 - ((w + 1) * 4 / 2 - 1);
	if (rscale < num_scale(x))
		rscale = num_scale(x);
	if (rscale < 0)
		rscale = 0;
	return rscale > 1000 ? 1000 : rscale;
}

static bool
float_fn(int fn, double x, double y, double *r, Err *err)
{
	switch (fn) {
		case QUARRY__SCALAR_FUNC__FN_SQRT:
			if (x < 0)
				return err_set(err, "2201F", "cannot take square root of a negative number");
			*r = sqrt(x);
			return true;
		case QUARRY__SCALAR_FUNC__FN_CBRT:
			*r = cbrt(x);
			return true;
		case QUARRY__SCALAR_FUNC__FN_EXP:
			*r = exp(x);
			if (isinf(*r) && !isinf(x))
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
			if (*r == 0 && !isinf(x))
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: underflow");
			return true;
		case QUARRY__SCALAR_FUNC__FN_LN:
		case QUARRY__SCALAR_FUNC__FN_LOG10:
			if (x == 0)
				return err_set(err, "2201E", "cannot take logarithm of zero");
			if (x < 0)
				return err_set(err, "2201E", "cannot take logarithm of a negative number");
			*r = fn == QUARRY__SCALAR_FUNC__FN_LN ? log(x) : log10(x);
			return true;
		default:
			if (x == 0 && y < 0)
				return err_set(err, "2201F", "zero raised to a negative power is undefined");
			if (x < 0 && floor(y) != y)
				return err_set(err, "2201F", "a negative number raised to a non-integer power yields a complex result");
			*r = pow(x, y);
			if (isinf(*r) && !isinf(x) && !isinf(y))
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
			if (*r == 0 && x != 0 && !isinf(y))
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: underflow");
			return true;
	}
}

static Vector *
eval_float_fn(const Quarry__Expr *e, Vector **args, int n, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);

	FOR_LIVE(in, k, row) {
		if (either_null(a, out, args[0], n > 1 ? args[1] : NULL, row))
			continue;
		if (e->type == TYPE_NUMERIC) {
			Numeric		x = ((const Numeric *) args[0]->data)[row];
			NumStatus	st;

			if (num_mant(x) < 0) {
				err_set(err, "2201F", "cannot take square root of a negative number");
				return NULL;
			}
			if ((st = num_sqrt(x, num_sqrt_scale(x), (Numeric *) out->data + row)) != NUM_OK) {
				numeric_error(st, err);
				return NULL;
			}
			continue;
		}
		if (!float_fn(e->func, ((const double *) args[0]->data)[row],
					  n > 1 ? ((const double *) args[1]->data)[row] : 0,
					  (double *) out->data + row, err))
			return NULL;
	}
	return out;
}

/* ---- dates and intervals ---- */

static bool
date_range_ok(int64_t d, Err *err)
{
	if (d < DATE_MIN_DAYS || d >= DATE_END_DAYS)
		return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "date out of range");
	return true;
}

static Vector *
eval_date_arith(const Quarry__Expr *e, Vector **args, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);

	FOR_LIVE(in, k, row) {
		int64_t		x;
		int64_t		y;

		if (either_null(a, out, args[0], args[1], row))
			continue;
		x = ((const int32_t *) args[0]->data)[row];
		y = ((const int32_t *) args[1]->data)[row];
		switch (e->func) {
			case QUARRY__SCALAR_FUNC__FN_DATE_ADD_DAYS:
			case QUARRY__SCALAR_FUNC__FN_DATE_SUB_DAYS:
				if (x == DATE_NOBEGIN || x == DATE_NOEND) {
					((int32_t *) out->data)[row] = (int32_t) x;
					continue;
				}
				x += e->func == QUARRY__SCALAR_FUNC__FN_DATE_ADD_DAYS ? y : -y;
				if (!date_range_ok(x, err))
					return NULL;
				((int32_t *) out->data)[row] = (int32_t) x;
				break;
			default:
				if (x == DATE_NOBEGIN || x == DATE_NOEND || y == DATE_NOBEGIN || y == DATE_NOEND) {
					err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE,
							"cannot subtract infinite dates");
					return NULL;
				}
				((int32_t *) out->data)[row] = (int32_t) (x - y);
				break;
		}
	}
	return out;
}

static Interval
iv_justify_hours(int64_t t)
{
	Interval	r = {t % USECS_PER_DAY, (int32_t) (t / USECS_PER_DAY), 0};

	return r;
}

static bool
iv_mul(Interval x, double f, Interval *r, Err *err)
{
	double		months = x.month * f;
	double		days = x.day * f;
	double		whole_m = trunc(months);
	double		whole_d;
	double		t;

	if (isnan(f) || fabs(months) > INT32_MAX || fabs(days) > INT32_MAX)
		return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
	days += (months - whole_m) * 30;
	whole_d = trunc(days);
	t = (double) x.time * f + (days - whole_d) * (double) USECS_PER_DAY;
	r->month = (int32_t) whole_m;
	r->day = (int32_t) whole_d;
	r->time = (int64_t) rint(t);
	return true;
}

static Vector *
eval_interval(const Quarry__Expr *e, Vector **args, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);
	int			fn = e->func;

	FOR_LIVE(in, k, row) {
		Value		x;
		Value		y;
		Value		r;

		if (either_null(a, out, args[0], e->n_args > 1 ? args[1] : NULL, row))
			continue;
		x = vec_get(args[0], row);
		if (e->n_args > 1)
			y = vec_get(args[1], row);
		r.type = (TypeId) e->type;
		r.is_null = false;
		switch (fn) {
			case QUARRY__SCALAR_FUNC__FN_TS_ADD_IV:
			case QUARRY__SCALAR_FUNC__FN_TS_SUB_IV:
				if (!timestamp_add_interval(x.u.i, y.u.iv,
											fn == QUARRY__SCALAR_FUNC__FN_TS_ADD_IV ? 1 : -1,
											&r.u.i, err))
					return NULL;
				break;
			case QUARRY__SCALAR_FUNC__FN_TS_DIFF:
				if (x.u.i == TS_NOBEGIN || x.u.i == TS_NOEND || y.u.i == TS_NOBEGIN ||
					y.u.i == TS_NOEND) {
					err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE,
							"cannot subtract infinite timestamps");
					return NULL;
				}
				r.u.iv = iv_justify_hours(x.u.i - y.u.i);
				break;
			case QUARRY__SCALAR_FUNC__FN_IV_ADD:
			case QUARRY__SCALAR_FUNC__FN_IV_SUB:
				{
					int			sign = fn == QUARRY__SCALAR_FUNC__FN_IV_ADD ? 1 : -1;

					r.u.iv.month = x.u.iv.month + sign * y.u.iv.month;
					r.u.iv.day = x.u.iv.day + sign * y.u.iv.day;
					r.u.iv.time = x.u.iv.time + sign * y.u.iv.time;
					break;
				}
			case QUARRY__SCALAR_FUNC__FN_IV_NEG:
				r.u.iv.month = -x.u.iv.month;
				r.u.iv.day = -x.u.iv.day;
				r.u.iv.time = -x.u.iv.time;
				break;
			default:
				if (!iv_mul(x.u.iv, y.u.f, &r.u.iv, err))
					return NULL;
				break;
		}
		vec_set(a, out, row, &r);
	}
	return out;
}

/* ---- extract ---- */

typedef enum Field {
	F_BAD, F_YEAR, F_MONTH, F_DAY, F_QUARTER, F_DECADE, F_CENTURY, F_MILLENNIUM,
	F_DOW, F_ISODOW, F_DOY, F_WEEK, F_ISOYEAR, F_EPOCH, F_JULIAN, F_HOUR, F_MINUTE,
	F_SECOND, F_MILLISECONDS, F_MICROSECONDS, F_TIMEZONE
} Field;

static Field
field_of(Str s)
{
	static const struct {
		const char *name;
		Field		f;
	}			names[] = {
		{"year", F_YEAR}, {"years", F_YEAR}, {"y", F_YEAR}, {"yr", F_YEAR}, {"yrs", F_YEAR},
		{"month", F_MONTH}, {"months", F_MONTH}, {"mon", F_MONTH}, {"mons", F_MONTH},
		{"day", F_DAY}, {"days", F_DAY}, {"d", F_DAY},
		{"quarter", F_QUARTER}, {"qtr", F_QUARTER}, {"decade", F_DECADE},
		{"decades", F_DECADE}, {"century", F_CENTURY}, {"centuries", F_CENTURY},
		{"millennium", F_MILLENNIUM}, {"millennia", F_MILLENNIUM}, {"dow", F_DOW},
		{"isodow", F_ISODOW}, {"doy", F_DOY}, {"week", F_WEEK}, {"weeks", F_WEEK},
		{"isoyear", F_ISOYEAR}, {"epoch", F_EPOCH}, {"julian", F_JULIAN}, {"j", F_JULIAN},
		{"hour", F_HOUR}, {"hours", F_HOUR}, {"h", F_HOUR}, {"hr", F_HOUR},
		{"minute", F_MINUTE}, {"minutes", F_MINUTE}, {"min", F_MINUTE}, {"m", F_MINUTE},
		{"second", F_SECOND}, {"seconds", F_SECOND}, {"sec", F_SECOND}, {"s", F_SECOND},
		{"millisecond", F_MILLISECONDS}, {"milliseconds", F_MILLISECONDS},
		{"ms", F_MILLISECONDS}, {"microsecond", F_MICROSECONDS},
		{"microseconds", F_MICROSECONDS}, {"us", F_MICROSECONDS},
		{"timezone", F_TIMEZONE}, {"timezone_hour", F_TIMEZONE}, {"timezone_minute", F_TIMEZONE},
	};
	char		low[32];

	if (s.len >= sizeof(low))
		return F_BAD;
	for (uint32_t i = 0; i < s.len; i++)
		low[i] = (char) tolower((unsigned char) s.p[i]);
	low[s.len] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, low) == 0)
			return names[i].f;
	return F_BAD;
}

/* iso_week gives the ISO 8601 week and its year of a date. */
static void
iso_week(int32_t days, int *week, int *isoyear)
{
	int			y;
	int			m;
	int			d;
	int			isodow = (int) (((days + 5) % 7 + 7) % 7) + 1;	/* 2000-01-01 was a Saturday */
	int32_t		thursday = days - isodow + 4;
	int32_t		jan1;

	date_to_ymd(thursday, &y, &m, &d);
	jan1 = date_from_ymd(y, 1, 1);
	*week = (thursday - jan1) / 7 + 1;
	*isoyear = y;
}

static int64_t
year_field(int y)
{
	return y > 0 ? y : y - 1;
}

/*
 * date_field computes a calendar field of a day as PostgreSQL does (BC
 * years negative, centuries and millennia without a year 0).
 */
static int64_t
date_field(Field f, int32_t days)
{
	int			y;
	int			m;
	int			d;
	int			w;
	int			iy;

	date_to_ymd(days, &y, &m, &d);
	switch (f) {
		case F_YEAR:
			return year_field(y);
		case F_MONTH:
			return m;
		case F_DAY:
			return d;
		case F_QUARTER:
			return (m - 1) / 3 + 1;
		case F_DECADE:
			return y > 0 ? y / 10 : -((8 - (y - 1)) / 10);
		case F_CENTURY:
			return y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);
		case F_MILLENNIUM:
			return y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);
		case F_DOW:
			return ((days + 6) % 7 + 7) % 7;
		case F_ISODOW:
			return ((days + 5) % 7 + 7) % 7 + 1;
		case F_DOY:
			return days - date_from_ymd(y, 1, 1) + 1;
		case F_WEEK:
			iso_week(days, &w, &iy);
			return w;
		case F_ISOYEAR:
			iso_week(days, &w, &iy);
			return year_field(iy);
		case F_JULIAN:
			return (int64_t) days + 2451545;
		default:
			return 0;
	}
}

static bool
unit_error(Field f, Str name, TypeId t, Err *err)
{
	if (f == F_BAD)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "unit \"%.*s\" not recognized for type %s",
					   (int) name.len, name.p, type_info(t)->name);
	return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "unit \"%.*s\" not supported for type %s",
				   (int) name.len, name.p, type_info(t)->name);
}

/* extract_date: *null for the fields of an infinite date that have no value. */
static bool
extract_date(Field f, Str name, int32_t days, Numeric *r, bool *null, Err *err)
{
	if (days == DATE_NOBEGIN || days == DATE_NOEND) {
		bool		neg = days == DATE_NOBEGIN;

		if (f == F_BAD || f >= F_HOUR)
			return unit_error(f, name, TYPE_DATE, err);
		if (f == F_YEAR || f == F_DECADE || f == F_CENTURY || f == F_MILLENNIUM ||
			f == F_JULIAN || f == F_ISOYEAR || f == F_EPOCH)
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "numeric %sInfinity is not supported", neg ? "-" : "");
		*null = true;
		return true;
	}
	if (f == F_EPOCH) {
		*r = num_make((int128) ((int64_t) days + 10957) * 86400, 0);
		return true;
	}
	if (f == F_BAD || f >= F_HOUR)
		return unit_error(f, name, TYPE_DATE, err);
	*r = num_make(date_field(f, days), 0);
	return true;
}

static bool
extract_timestamp(Field f, Str name, int64_t ts, Numeric *r, bool tz, Err *err)
{
	int64_t		days = ts / USECS_PER_DAY;
	int64_t		t = ts % USECS_PER_DAY;

	if (t < 0) {
		t += USECS_PER_DAY;
		days--;
	}
	switch (f) {
		case F_TIMEZONE:
			if (tz) {
				*r = num_make(0, 0);	/* the session's zone is UTC */
				return true;
			}
			/* FALLTHROUGH */
		case F_BAD:
			return unit_error(f, name, tz ? TYPE_TIMESTAMPTZ : TYPE_TIMESTAMP, err);
		case F_HOUR:
			*r = num_make(t / (3600 * USECS_PER_SEC), 0);
			return true;
		case F_MINUTE:
			*r = num_make(t / (60 * USECS_PER_SEC) % 60, 0);
			return true;
		case F_SECOND:
			*r = num_make(t % (60 * USECS_PER_SEC), 6);
			return true;
		case F_MILLISECONDS:
			*r = num_make(t % (60 * USECS_PER_SEC), 3);
			return true;
		case F_MICROSECONDS:
			*r = num_make(t % (60 * USECS_PER_SEC), 0);
			return true;
		case F_EPOCH:
			*r = num_make((int128) ts + (int128) 946684800 * USECS_PER_SEC, 6);
			return true;
		case F_JULIAN:
			{
				NumStatus	st = num_div(num_make(t, 0), num_make(USECS_PER_DAY, 0), r);

				if (st == NUM_OK)
					st = num_add(*r, num_make(days + 2451545, 0), r);
				return st == NUM_OK || numeric_error(st, err);
			}
		default:
			*r = num_make(date_field(f, (int32_t) days), 0);
			return true;
	}
}

static bool
extract_interval(Field f, Str name, Interval iv, Numeric *r, Err *err)
{
	switch (f) {
		case F_YEAR:
			*r = num_make(iv.month / 12, 0);
			return true;
		case F_MONTH:
			*r = num_make(iv.month % 12, 0);
			return true;
		case F_DAY:
			*r = num_make(iv.day, 0);
			return true;
		case F_QUARTER:
			*r = num_make((iv.month % 12) / 3 + 1, 0);
			return true;
		case F_DECADE:
			*r = num_make(iv.month / 120, 0);
			return true;
		case F_CENTURY:
			*r = num_make(iv.month / 1200, 0);
			return true;
		case F_MILLENNIUM:
			*r = num_make(iv.month / 12000, 0);
			return true;
		case F_HOUR:
			*r = num_make(iv.time / (3600 * USECS_PER_SEC), 0);
			return true;
		case F_MINUTE:
			*r = num_make(iv.time / (60 * USECS_PER_SEC) % 60, 0);
			return true;
		case F_SECOND:
			*r = num_make(iv.time % (60 * USECS_PER_SEC), 6);
			return true;
		case F_MILLISECONDS:
			*r = num_make(iv.time % (60 * USECS_PER_SEC), 3);
			return true;
		case F_MICROSECONDS:
			*r = num_make(iv.time % (60 * USECS_PER_SEC), 0);
			return true;
		case F_EPOCH:
			{
				int64_t		secs = ((int64_t) (365.25 * (iv.month / 12)) +
									(int64_t) 30 * (iv.month % 12) + iv.day) * 86400;

				*r = num_make((int128) secs * USECS_PER_SEC + iv.time, 6);
				return true;
			}
		default:
			return unit_error(f, name, TYPE_INTERVAL, err);
	}
}

static Vector *
eval_extract(const Quarry__Expr *e, Vector **args, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);
	TypeId		t = args[1]->type;
	bool		as_double = e->func == QUARRY__SCALAR_FUNC__FN_DATE_PART;

	FOR_LIVE(in, k, row) {
		Str			name;
		Field		f;
		Numeric		r;
		bool		ok;
		bool		null = false;

		if (either_null(a, out, args[0], args[1], row))
			continue;
		name = str_at(args[0], row);
		f = field_of(name);
		if (t == TYPE_DATE && as_double)
			ok = extract_timestamp(f, name, ((const int32_t *) args[1]->data)[row] * USECS_PER_DAY,
								   &r, false, err);
		else if (t == TYPE_DATE)
			ok = extract_date(f, name, ((const int32_t *) args[1]->data)[row], &r, &null, err);
		else if (t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMPTZ)
			ok = extract_timestamp(f, name, ((const int64_t *) args[1]->data)[row], &r,
								   t == TYPE_TIMESTAMPTZ, err);
		else
			ok = extract_interval(f, name, ((const Interval *) args[1]->data)[row], &r, err);
		if (!ok)
			return NULL;
		if (null) {
			vec_set_null(a, out, row);
			continue;
		}
		if (as_double)
			((double *) out->data)[row] = num_to_double(r);
		else
			((Numeric *) out->data)[row] = r;
	}
	return out;
}

/* eval_greatest picks the largest (or smallest) non-NULL argument. */
static Vector *
eval_greatest(const Quarry__Expr *e, Vector **args, int n, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);
	int			sign = e->func == QUARRY__SCALAR_FUNC__FN_GREATEST ? 1 : -1;

	FOR_LIVE(in, k, row) {
		int			best = -1;

		for (int i = 0; i < n; i++) {
			Value		x;
			Value		b;

			if (vec_is_null(args[i], row))
				continue;
			if (best < 0) {
				best = i;
				continue;
			}
			x = vec_get(args[i], row);
			b = vec_get(args[best], row);
			if (value_cmp(&x, &b) * sign > 0)
				best = i;
		}
		if (best < 0)
			vec_set_null(a, out, row);
		else
			vec_copy_value(a, out, args[best], row);
	}
	return out;
}

/* date_trunc rounds a timestamp down to the start of the field's unit. */
static bool
trunc_timestamp(Str name, int64_t ts, TypeId type, int64_t *out, Err *err)
{
	Field		f = field_of(name);
	int64_t		days = ts / USECS_PER_DAY;
	int64_t		t = ts % USECS_PER_DAY;
	int64_t		unit = 1;
	int			y;
	int			m;
	int			d;

	if (ts == TS_NOBEGIN || ts == TS_NOEND) {
		*out = ts;
		return true;
	}
	if (t < 0) {
		t += USECS_PER_DAY;
		days--;
	}
	date_to_ymd((int32_t) days, &y, &m, &d);
	switch (f) {
		case F_MICROSECONDS:
			*out = ts;
			return true;
		case F_MILLISECONDS:
			unit = 1000;
			break;
		case F_SECOND:
			unit = USECS_PER_SEC;
			break;
		case F_MINUTE:
			unit = 60 * USECS_PER_SEC;
			break;
		case F_HOUR:
			unit = 3600 * USECS_PER_SEC;
			break;
		case F_DAY:
			unit = USECS_PER_DAY;
			break;
		case F_WEEK:
			*out = (days - (((days + 5) % 7 + 7) % 7)) * USECS_PER_DAY;
			return true;
		case F_MONTH:
		case F_QUARTER:
		case F_YEAR:
		case F_DECADE:
		case F_CENTURY:
		case F_MILLENNIUM:
			if (f == F_QUARTER)
				m = (m - 1) / 3 * 3 + 1;
			if (f >= F_YEAR && f != F_QUARTER && f != F_MONTH)
				m = 1;
			if (f == F_DECADE)
				y = y > 0 ? y / 10 * 10 : -((9 - y) / 10 * 10);
			if (f == F_CENTURY)
				y = y > 0 ? (y - 1) / 100 * 100 + 1 : -((99 - y) / 100 * 100) + 1;
			if (f == F_MILLENNIUM)
				y = y > 0 ? (y - 1) / 1000 * 1000 + 1 : -((999 - y) / 1000 * 1000) + 1;
			*out = (int64_t) date_from_ymd(y, m, 1) * USECS_PER_DAY;
			return true;
		default:
			return unit_error(F_BAD, name, type, err);
	}
	*out = days * USECS_PER_DAY + t / unit * unit;
	return true;
}

static Vector *
eval_date_trunc(Vector **args, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, args[1]->type);

	FOR_LIVE(in, k, row) {
		if (either_null(a, out, args[0], args[1], row))
			continue;
		if (!trunc_timestamp(str_at(args[0], row), ((const int64_t *) args[1]->data)[row],
							 args[1]->type, (int64_t *) out->data + row, err))
			return NULL;
	}
	return out;
}

/* ---- dispatch ---- */

Vector *
eval_func(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *args[MAX_FUNC_ARGS];
	int			n = (int) e->n_args;

	if (e->func >= QUARRY__SCALAR_FUNC__FN_TO_CHAR)
		return eval_func_bi(e, in, a, err);	/* exec/func_bi.c */
	if (e->func >= QUARRY__SCALAR_FUNC__FN_ARRAY_BUILD)
		return eval_func_array(e, in, a, err);	/* exec/func_array.c */
	if (n > MAX_FUNC_ARGS) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "too many function arguments in plan fragment");
		return NULL;
	}
	for (int i = 0; i < n; i++)
		if ((args[i] = expr_eval(e->args[i], in, a, err)) == NULL)
			return NULL;
	switch (e->func) {
		case QUARRY__SCALAR_FUNC__FN_LIKE:
		case QUARRY__SCALAR_FUNC__FN_ILIKE:
		case QUARRY__SCALAR_FUNC__FN_NOT_LIKE:
		case QUARRY__SCALAR_FUNC__FN_NOT_ILIKE:
			return eval_like(e, args, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_SUBSTR:
			return eval_substr(args, n, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_POSITION:
			return eval_strpos(args[1], args[0], in, a);
		case QUARRY__SCALAR_FUNC__FN_STRPOS:
			return eval_strpos(args[0], args[1], in, a);
		case QUARRY__SCALAR_FUNC__FN_LENGTH:
			return eval_length(args[0], args[0]->type == TYPE_BYTEA, in, a);
		case QUARRY__SCALAR_FUNC__FN_OCTET_LENGTH:
			return eval_length(args[0], true, in, a);
		case QUARRY__SCALAR_FUNC__FN_UPPER:
			return eval_case_map(args[0], 0, in, a);
		case QUARRY__SCALAR_FUNC__FN_LOWER:
			return eval_case_map(args[0], 1, in, a);
		case QUARRY__SCALAR_FUNC__FN_INITCAP:
			return eval_case_map(args[0], 2, in, a);
		case QUARRY__SCALAR_FUNC__FN_BTRIM:
			return eval_trim(args, n, true, true, in, a);
		case QUARRY__SCALAR_FUNC__FN_LTRIM:
			return eval_trim(args, n, true, false, in, a);
		case QUARRY__SCALAR_FUNC__FN_RTRIM:
			return eval_trim(args, n, false, true, in, a);
		case QUARRY__SCALAR_FUNC__FN_CONCAT:
			return eval_concat_fn(args, n, in, a);
		case QUARRY__SCALAR_FUNC__FN_ABS:
			return eval_abs(args[0], (TypeId) e->type, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_ROUND:
		case QUARRY__SCALAR_FUNC__FN_TRUNC:
		case QUARRY__SCALAR_FUNC__FN_CEIL:
		case QUARRY__SCALAR_FUNC__FN_FLOOR:
		case QUARRY__SCALAR_FUNC__FN_SIGN:
			return eval_round(e, args, n, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_EXTRACT:
		case QUARRY__SCALAR_FUNC__FN_DATE_PART:
			return eval_extract(e, args, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_GREATEST:
		case QUARRY__SCALAR_FUNC__FN_LEAST:
			return eval_greatest(e, args, n, in, a);
		case QUARRY__SCALAR_FUNC__FN_REPLACE:
			return eval_replace(args, in, a);
		case QUARRY__SCALAR_FUNC__FN_LPAD:
		case QUARRY__SCALAR_FUNC__FN_RPAD:
			return eval_pad(args, n, e->func == QUARRY__SCALAR_FUNC__FN_LPAD, in, a);
		case QUARRY__SCALAR_FUNC__FN_LEFT:
		case QUARRY__SCALAR_FUNC__FN_RIGHT:
			return eval_left_right(args, e->func, in, a);
		case QUARRY__SCALAR_FUNC__FN_REPEAT:
		case QUARRY__SCALAR_FUNC__FN_REVERSE:
			return eval_repeat_reverse(args, e->func, in, a);
		case QUARRY__SCALAR_FUNC__FN_SPLIT_PART:
			return eval_split_part(args, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_STARTS_WITH:
			return eval_starts_with(args, in, a);
		case QUARRY__SCALAR_FUNC__FN_DATE_TRUNC:
			return eval_date_trunc(args, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_SQRT:
		case QUARRY__SCALAR_FUNC__FN_POWER:
		case QUARRY__SCALAR_FUNC__FN_EXP:
		case QUARRY__SCALAR_FUNC__FN_LN:
		case QUARRY__SCALAR_FUNC__FN_LOG10:
		case QUARRY__SCALAR_FUNC__FN_CBRT:
			return eval_float_fn(e, args, n, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_DATE_ADD_DAYS:
		case QUARRY__SCALAR_FUNC__FN_DATE_SUB_DAYS:
		case QUARRY__SCALAR_FUNC__FN_DATE_DIFF:
			return eval_date_arith(e, args, in, a, err);
		case QUARRY__SCALAR_FUNC__FN_TS_ADD_IV:
		case QUARRY__SCALAR_FUNC__FN_TS_SUB_IV:
		case QUARRY__SCALAR_FUNC__FN_TS_DIFF:
		case QUARRY__SCALAR_FUNC__FN_IV_ADD:
		case QUARRY__SCALAR_FUNC__FN_IV_SUB:
		case QUARRY__SCALAR_FUNC__FN_IV_NEG:
		case QUARRY__SCALAR_FUNC__FN_IV_MUL:
			return eval_interval(e, args, in, a, err);
		default:
			err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "function %d is not supported by this worker",
					(int) e->func);
			return NULL;
	}
}

/* func_check validates a received function call's shape. */
bool
func_check(const Quarry__Expr *e, Err *err)
{
	/* exec/func_array.c's functions (ARRAY[...], json_build_object) take any number */
	if (e->n_args > MAX_FUNC_ARGS && e->func < QUARRY__SCALAR_FUNC__FN_ARRAY_BUILD)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "too many function arguments in plan fragment");
	switch (e->func) {
		case QUARRY__SCALAR_FUNC__FN_LIKE:
		case QUARRY__SCALAR_FUNC__FN_ILIKE:
		case QUARRY__SCALAR_FUNC__FN_NOT_LIKE:
		case QUARRY__SCALAR_FUNC__FN_NOT_ILIKE:
		case QUARRY__SCALAR_FUNC__FN_POSITION:
		case QUARRY__SCALAR_FUNC__FN_STRPOS:
			for (size_t i = 0; i < e->n_args; i++)
				if (!type_is_string((TypeId) e->args[i]->type))
					goto bad;
			return e->n_args >= 2 || !err_set(err, ERRCODE_PROTOCOL_VIOLATION, "bad arguments");
		case QUARRY__SCALAR_FUNC__FN_SUBSTR:
			if (e->n_args < 2 || e->args[1]->type != TYPE_INT4 ||
				(e->n_args > 2 && e->args[2]->type != TYPE_INT4))
				goto bad;
			return true;
		case QUARRY__SCALAR_FUNC__FN_ROUND:
		case QUARRY__SCALAR_FUNC__FN_TRUNC:
			if (e->n_args > 1 && e->args[1]->type != TYPE_INT4)
				goto bad;
			/* FALLTHROUGH */
		case QUARRY__SCALAR_FUNC__FN_CEIL:
		case QUARRY__SCALAR_FUNC__FN_FLOOR:
		case QUARRY__SCALAR_FUNC__FN_SIGN:
			if (e->args[0]->type != e->type ||
				(e->type != TYPE_NUMERIC && e->type != TYPE_FLOAT8))
				goto bad;
			return true;
		case QUARRY__SCALAR_FUNC__FN_EXTRACT:
		case QUARRY__SCALAR_FUNC__FN_DATE_PART:
			if (e->n_args != 2 || !type_is_datetime((TypeId) e->args[1]->type))
				goto bad;
			return true;
		default:
			return true;
	}
bad:
	return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid function call in plan fragment");
}
