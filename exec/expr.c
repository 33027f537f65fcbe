/*
 * expr.c
 *	  Expression kernels.  Each node evaluates its children to vectors, then
 *	  runs one loop over the live rows specialised by physical type (the
 *	  macros below), so no function pointer is called per row.
 */
#include "exec/expr.h"

#include <math.h>
#include <string.h>

#include "common/datetime.h"
#include "exec/expr_int.h"
#include "wire/typeio.h"

/* ---- constants ---- */

#define FILL(CT, X) \
	FOR_LIVE(in, k, row) \
		((CT *) out->data)[row] = (X)

/* fill_const writes v into every live row of out with one typed loop. */
static void
fill_const(Arena *a, Vector *out, const Value *v, const Batch *in)
{
	if (v->is_null) {
		FOR_LIVE(in, k, row)
			vec_set_null(a, out, row);
		return;
	}
	switch (out->phys) {
		case PHYS_BOOL:
			FILL(uint8_t, v->u.b);
			break;
		case PHYS_I16:
			FILL(int16_t, (int16_t) v->u.i);
			break;
		case PHYS_I32:
			FILL(int32_t, (int32_t) v->u.i);
			break;
		case PHYS_I64:
			FILL(int64_t, v->u.i);
			break;
		case PHYS_F64:
			FILL(double, v->u.f);
			break;
		case PHYS_DEC:
			FILL(Numeric, v->u.n);
			break;
		case PHYS_IV:
			FILL(Interval, v->u.iv);
			break;
		case PHYS_STR:
			{
				StrView		sv = str_make(a, v->u.s.p, v->u.s.len);

				FILL(StrView, sv);
				break;
			}
		case PHYS_NONE:
			break;
	}
}

static Vector *
eval_const(const Quarry__Expr *e, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);
	const Quarry__Datum *d = e->value;
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = (TypeId) e->type;
	v.is_null = d == NULL || d->is_null || d->value_case == QUARRY__DATUM__VALUE__NOT_SET;
	if (!v.is_null) {
		switch (d->value_case) {
			case QUARRY__DATUM__VALUE_B:
				v.u.b = d->b;
				break;
			case QUARRY__DATUM__VALUE_I:
				v.u.i = d->i;
				break;
			case QUARRY__DATUM__VALUE_F:
				v.u.f = d->f;
				break;
			default:
				v.u.s.p = (const char *) d->s.data;
				v.u.s.len = (uint32_t) d->s.len;
				if (out->phys == PHYS_DEC || out->phys == PHYS_IV) {
					if (d->s.len != 16)
						v.is_null = true;
					else
						memcpy(&v.u, d->s.data, 16);
				}
				break;
		}
	}
	fill_const(a, out, &v, in);
	return out;
}

/* ---- comparisons ---- */

static int
cmp_f64(double x, double y)
{
	if (isnan(x))
		return isnan(y) ? 0 : 1;
	if (isnan(y))
		return -1;
	return (x > y) - (x < y);
}

static int
interval_cmp(const Interval *x, const Interval *y)
{
	int128		a = interval_cmp_key(*x);
	int128		b = interval_cmp_key(*y);

	return (a > b) - (a < b);
}

#define CMP_LOOP(CT, CMP) \
	FOR_LIVE(in, k, row) { \
		if (either_null(a, out, l, r, row)) \
			continue; \
		CT x = ((const CT *) l->data)[row]; \
		CT y = ((const CT *) r->data)[row]; \
		res[row] = expr_cmp_holds(op, CMP); \
	}

static Vector *
eval_compare(Quarry__ExprOp op, const Vector *l, const Vector *r, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_BOOL);
	uint8_t    *res = out->data;

	switch (l->phys) {
		case PHYS_BOOL:
			CMP_LOOP(uint8_t, (x > y) - (x < y));
			break;
		case PHYS_I16:
			CMP_LOOP(int16_t, (x > y) - (x < y));
			break;
		case PHYS_I32:
			CMP_LOOP(int32_t, (x > y) - (x < y));
			break;
		case PHYS_I64:
			CMP_LOOP(int64_t, (x > y) - (x < y));
			break;
		case PHYS_F64:
			CMP_LOOP(double, cmp_f64(x, y));
			break;
		case PHYS_STR:
			if (op == QUARRY__EXPR_OP__OP_EQ || op == QUARRY__EXPR_OP__OP_NE) {
				/* equality needs no order: no trimming, and a length check first */
				bool		eq = op == QUARRY__EXPR_OP__OP_EQ;

				op = QUARRY__EXPR_OP__OP_EQ;	/* the loops below give 0 when op holds */
				if (l->type == TYPE_BPCHAR) {
					CMP_LOOP(StrView, str_equal_bpchar(&x, &y) == eq ? 0 : 1);
				} else {
					CMP_LOOP(StrView, str_equal_fast(&x, &y) == eq ? 0 : 1);
				}
			} else if (l->type == TYPE_BPCHAR) {
				CMP_LOOP(StrView, str_compare_bpchar(&x, &y));
			} else {
				CMP_LOOP(StrView, str_compare(&x, &y));
			}
			break;
		case PHYS_DEC:
			CMP_LOOP(Numeric, num_cmp(x, y));
			break;
		case PHYS_IV:
			CMP_LOOP(Interval, interval_cmp(&x, &y));
			break;
		case PHYS_NONE:
			break;
	}
	return out;
}

/* ---- arithmetic ---- */

static bool
int_result(TypeId t, Quarry__ExprOp op, int64_t x, int64_t y, int64_t *res, Err *err)
{
	bool		overflow = false;

	switch (op) {
		case QUARRY__EXPR_OP__OP_ADD:
			overflow = __builtin_add_overflow(x, y, res);
			break;
		case QUARRY__EXPR_OP__OP_SUB:
			overflow = __builtin_sub_overflow(x, y, res);
			break;
		case QUARRY__EXPR_OP__OP_MUL:
			overflow = __builtin_mul_overflow(x, y, res);
			break;
		case QUARRY__EXPR_OP__OP_DIV:
		case QUARRY__EXPR_OP__OP_MOD:
			if (y == 0)
				return err_set(err, ERRCODE_DIVISION_BY_ZERO, "division by zero");
			if (y == -1) {
				/* INT64_MIN / -1 overflows; x % -1 is always 0 */
				*res = op == QUARRY__EXPR_OP__OP_MOD ? 0 : 0 - (uint64_t) x;
				overflow = op == QUARRY__EXPR_OP__OP_DIV && x == INT64_MIN;
			} else
				*res = op == QUARRY__EXPR_OP__OP_DIV ? x / y : x % y;
			break;
		case QUARRY__EXPR_OP__OP_NEG:
			overflow = __builtin_sub_overflow((int64_t) 0, x, res);
			break;
		default:
			return err_set(err, ERRCODE_INTERNAL_ERROR, "bad integer operator %d", (int) op);
	}
	if (overflow ||
		(t == TYPE_INT4 && (*res < INT32_MIN || *res > INT32_MAX)) ||
		(t == TYPE_INT2 && (*res < INT16_MIN || *res > INT16_MAX)))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE,
					   t == TYPE_INT2 ? "smallint out of range" :
					   t == TYPE_INT4 ? "integer out of range" : "bigint out of range");
	return true;
}

static bool
float_result(Quarry__ExprOp op, double x, double y, double *res, Err *err)
{
	switch (op) {
		case QUARRY__EXPR_OP__OP_ADD:
			*res = x + y;
			break;
		case QUARRY__EXPR_OP__OP_SUB:
			*res = x - y;
			break;
		case QUARRY__EXPR_OP__OP_MUL:
			*res = x * y;
			if (*res == 0 && x != 0 && y != 0)
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: underflow");
			break;
		case QUARRY__EXPR_OP__OP_DIV:
			if (y == 0)
				return err_set(err, ERRCODE_DIVISION_BY_ZERO, "division by zero");
			*res = x / y;
			break;
		case QUARRY__EXPR_OP__OP_NEG:
			*res = -x;
			return true;
		default:
			return err_set(err, ERRCODE_INTERNAL_ERROR, "bad float operator %d", (int) op);
	}
	if (isinf(*res) && !isinf(x) && !isinf(y))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range: overflow");
	return true;
}

#define ARITH_LOOP(CT) \
	FOR_LIVE(in, k, row) { \
		int64_t		res_; \
		if (either_null(a, out, l, r, row)) \
			continue; \
		if (!int_result(t, op, ((const CT *) l->data)[row], \
						r ? ((const CT *) r->data)[row] : 0, &res_, err)) \
			return NULL; \
		((CT *) out->data)[row] = (CT) res_; \
	}

/*
 * NUM_LOOP runs one numeric operation over the live rows; x and y are the
 * operands, res the output array.  Without NULLs it skips the bitmap tests.
 */
#define NUM_LOOP(CALL) \
	if (l->validity == NULL && (r == NULL || r->validity == NULL)) { \
		FOR_LIVE(in, k, row) { \
			Numeric		x = ((const Numeric *) l->data)[row]; \
			Numeric		y = r ? ((const Numeric *) r->data)[row] : 0; \
			NumStatus	st_ = CALL; \
			if (st_ != NUM_OK) \
				return numeric_error(st_, err) ? NULL : NULL; \
		} \
	} else { \
		FOR_LIVE(in, k, row) { \
			Numeric		x; \
			Numeric		y; \
			NumStatus	st_; \
			if (either_null(a, out, l, r, row)) \
				continue; \
			x = ((const Numeric *) l->data)[row]; \
			y = r ? ((const Numeric *) r->data)[row] : 0; \
			if ((st_ = CALL) != NUM_OK) \
				return numeric_error(st_, err) ? NULL : NULL; \
		} \
	}

static NumStatus
num_neg_to(Numeric x, Numeric y, Numeric *res)
{
	(void) y;
	*res = num_neg(x);
	return NUM_OK;
}

/*
 * dec_fast runs +, - and * over two NULL-free numeric vectors in one
 * branch-free pass, assuming every mantissa is below 2^57 in magnitude and,
 * for + and -, that each side has the scale of its first live row.  Sums at
 * one common scale (after multiplying one side by at most 10^15) and
 * products then stay below 10^35, the digit limit, so no row can overflow.
 * The pass also checks those assumptions (a value's low 64 bits end in its
 * scale; its mantissa x >> 8 is in [-2^57, 2^57) exactly when its high 64
 * bits are in [-2, 1]); false when they failed, and the caller recomputes
 * the batch with the general loop.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "dec_fast reads int128 halves");

static bool
dec_fast(Quarry__ExprOp op, const Vector *l, const Vector *r, const Batch *in, Numeric *res)
{
	const Numeric *x = l->data;
	const Numeric *y = r->data;
	const uint64_t *xw = l->data;
	const uint64_t *yw = r->data;
	uint64_t	bad = 0;
	uint32_t	first;

	if (l->validity != NULL || r->validity != NULL || batch_rows(in) == 0 ||
		(op != QUARRY__EXPR_OP__OP_ADD && op != QUARRY__EXPR_OP__OP_SUB &&
		 op != QUARRY__EXPR_OP__OP_MUL))
		return false;
	first = batch_row(in, 0);
	if (op == QUARRY__EXPR_OP__OP_MUL) {
		/* scales below 128 each keep their sum within NUM_MAX_SCALE */
		FOR_LIVE(in, k, row) {
			int64_t		ma = (int64_t) (xw[2 * row] >> 8 | xw[2 * row + 1] << 56);
			int64_t		mb = (int64_t) (yw[2 * row] >> 8 | yw[2 * row + 1] << 56);

			bad |= ((xw[2 * row + 1] + 2) | (yw[2 * row + 1] + 2)) & ~(uint64_t) 3;
			bad |= (xw[2 * row] | yw[2 * row]) & 0x80;
			res[row] = num_make((int128) ma * mb,
								(int) (xw[2 * row] & 0xff) + (int) (yw[2 * row] & 0xff));
		}
		return bad == 0;
	}
	{
		int			sl = num_scale(x[first]);
		int			sr = num_scale(y[first]);
		int			s = sl > sr ? sl : sr;
		int64_t		fl;
		int64_t		fr;

		if (s - sl > 15 || s - sr > 15)
			return false;
		fl = (int64_t) num_pow10[s - sl];
		fr = (int64_t) num_pow10[s - sr];
		if (op == QUARRY__EXPR_OP__OP_SUB)
			fr = -fr;
		FOR_LIVE(in, k, row) {
			int64_t		ma = (int64_t) (xw[2 * row] >> 8 | xw[2 * row + 1] << 56);
			int64_t		mb = (int64_t) (yw[2 * row] >> 8 | yw[2 * row + 1] << 56);

			bad |= ((xw[2 * row + 1] + 2) | (yw[2 * row + 1] + 2)) & ~(uint64_t) 3;
			bad |= ((xw[2 * row] & 0xff) ^ (uint64_t) sl) | ((yw[2 * row] & 0xff) ^ (uint64_t) sr);
			res[row] = num_make((int128) ma * fl + (int128) mb * fr, s);
		}
	}
	return bad == 0;
}

static Vector *
eval_numeric(Quarry__ExprOp op, const Vector *l, const Vector *r, const Batch *in,
			 Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, TYPE_NUMERIC);
	Numeric    *res = out->data;

	if (r != NULL && dec_fast(op, l, r, in, res))
		return out;
	switch (op) {
		case QUARRY__EXPR_OP__OP_ADD:
			NUM_LOOP(num_add(x, y, &res[row]));
			break;
		case QUARRY__EXPR_OP__OP_SUB:
			NUM_LOOP(num_sub(x, y, &res[row]));
			break;
		case QUARRY__EXPR_OP__OP_MUL:
			NUM_LOOP(num_mul(x, y, &res[row]));
			break;
		case QUARRY__EXPR_OP__OP_DIV:
			NUM_LOOP(num_div(x, y, &res[row]));
			break;
		case QUARRY__EXPR_OP__OP_MOD:
			NUM_LOOP(num_mod(x, y, &res[row]));
			break;
		case QUARRY__EXPR_OP__OP_NEG:
			NUM_LOOP(num_neg_to(x, y, &res[row]));
			break;
		default:
			err_set(err, ERRCODE_INTERNAL_ERROR, "bad numeric operator %d", (int) op);
			return NULL;
	}
	return out;
}

static Vector *
eval_arith(TypeId t, Quarry__ExprOp op, const Vector *l, const Vector *r, const Batch *in,
		   Arena *a, Err *err)
{
	Vector	   *out;

	if (l->phys == PHYS_DEC)
		return eval_numeric(op, l, r, in, a, err);
	out = vec_new(a, t);
	switch (l->phys) {
		case PHYS_I16:
			ARITH_LOOP(int16_t);
			break;
		case PHYS_I32:
			ARITH_LOOP(int32_t);
			break;
		case PHYS_I64:
			ARITH_LOOP(int64_t);
			break;
		case PHYS_F64:
			FOR_LIVE(in, k, row) {
				double	   *res = (double *) out->data + row;

				if (either_null(a, out, l, r, row))
					continue;
				if (!float_result(op, ((const double *) l->data)[row],
								  r ? ((const double *) r->data)[row] : 0, res, err))
					return NULL;
				/* real: each result rounded to float, as float4pl and its kin compute */
				if (t == TYPE_FLOAT4 && !typeio_float4_from_double(*res, res, err))
					return NULL;
			}
			break;
		default:
			err_set(err, ERRCODE_INTERNAL_ERROR, "arithmetic on a non-numeric vector");
			return NULL;
	}
	return out;
}

static Vector *
eval_concat(TypeId t, const Vector *l, const Vector *r, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, t);	/* text, or bytea for byteacat */

	FOR_LIVE(in, k, row) {
		const StrView *x = (const StrView *) l->data + row;
		const StrView *y = (const StrView *) r->data + row;
		char	   *s;

		if (either_null(a, out, l, r, row))
			continue;
		s = arena_alloc(a, (size_t) x->len + y->len + 1);
		memcpy(s, str_data(x), x->len);
		memcpy(s + x->len, str_data(y), y->len);
		((StrView *) out->data)[row] = str_make(a, s, x->len + y->len);
	}
	return out;
}

static Vector *
eval_op(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *l = expr_eval(e->args[0], in, a, err);
	Vector	   *r = NULL;

	if (l == NULL)
		return NULL;
	if (e->n_args > 1 && (r = expr_eval(e->args[1], in, a, err)) == NULL)
		return NULL;
	switch (e->op) {
		case QUARRY__EXPR_OP__OP_EQ:
		case QUARRY__EXPR_OP__OP_NE:
		case QUARRY__EXPR_OP__OP_LT:
		case QUARRY__EXPR_OP__OP_LE:
		case QUARRY__EXPR_OP__OP_GT:
		case QUARRY__EXPR_OP__OP_GE:
			return eval_compare(e->op, l, r, in, a);
		case QUARRY__EXPR_OP__OP_CONCAT:
			return eval_concat((TypeId) e->type, l, r, in, a);
		default:
			return eval_arith((TypeId) e->type, e->op, l, r, in, a, err);
	}
}

/* ---- boolean logic, three-valued ---- */

/*
 * undecided_view is in narrowed to the rows whose AND (OR) result is not yet
 * false (true), so later arguments are not evaluated where an earlier one
 * decided: `x <> 0 AND 10 / x > 1` divides only where x <> 0, as
 * PostgreSQL's left-to-right evaluation does.
 */
static const Batch *
undecided_view(const Batch *in, const uint8_t *res, bool is_and, Arena *a)
{
	Batch	   *v = arena_memdup(a, in, sizeof(Batch));
	uint32_t	n = 0;

	v->sel = arena_alloc(a, sizeof(uint32_t) * BATCH_SIZE);
	FOR_LIVE(in, k, row) {
		v->sel[n] = row;
		n += res[row] == is_and;
	}
	v->nsel = n;
	return v;
}

static Vector *
eval_and_or(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	bool		is_and = e->kind == QUARRY__EXPR_KIND__EXPR_AND;
	Vector	   *out = vec_new(a, TYPE_BOOL);
	uint8_t    *res = out->data;
	uint8_t    *unknown = arena_zalloc(a, BATCH_SIZE);
	const Batch *live = in;

	FOR_LIVE(in, k, row)
		res[row] = is_and;
	for (size_t i = 0; i < e->n_args; i++) {
		Vector	   *v;

		if (i > 0 && (live = undecided_view(in, res, is_and, a))->nsel == 0)
			break;
		if ((v = expr_eval(e->args[i], live, a, err)) == NULL)
			return NULL;
		FOR_LIVE(live, k, row) {
			if (vec_is_null(v, row))
				unknown[row] = 1;
			else if (((const uint8_t *) v->data)[row] != is_and)
				res[row] = !is_and;
		}
	}
	/* AND: false wins over NULL; OR: true wins over NULL */
	FOR_LIVE(in, k, row)
		if (unknown[row] && res[row] == is_and)
			vec_set_null(a, out, row);
	return out;
}

static Vector *
eval_not_null_test(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *v = expr_eval(e->args[0], in, a, err);
	Vector	   *out;
	uint8_t    *res;

	if (v == NULL)
		return NULL;
	out = vec_new(a, TYPE_BOOL);
	res = out->data;
	FOR_LIVE(in, k, row) {
		switch (e->kind) {
			case QUARRY__EXPR_KIND__EXPR_IS_NULL:
				res[row] = vec_is_null(v, row);
				break;
			case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
				res[row] = !vec_is_null(v, row);
				break;
			default:
				if (vec_is_null(v, row))
					vec_set_null(a, out, row);
				else
					res[row] = !((const uint8_t *) v->data)[row];
				break;
		}
	}
	return out;
}

static Vector *
eval_cast(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *v = expr_eval(e->args[0], in, a, err);
	Vector	   *out;

	if (v == NULL)
		return NULL;
	out = vec_new(a, (TypeId) e->type);
	FOR_LIVE(in, k, row) {
		Value		x = vec_get(v, row);
		Value		y;

		if (!value_cast(a, &x, (TypeId) e->type, &y, err) ||
			(e->typmod >= 4 && !value_apply_typmod(a, &y, e->typmod, true, err)))
			return NULL;
		vec_set(a, out, row, &y);
	}
	return out;
}

/* ---- CASE, COALESCE, IN lists ---- */

/* live_rows lists the live rows of in (ascending) in a new array. */
static uint32_t *
live_rows(const Batch *in, Arena *a, uint32_t *n)
{
	uint32_t   *rows = arena_array(a, uint32_t, batch_rows(in) + 1);

	*n = 0;
	FOR_LIVE(in, k, row)
		rows[(*n)++] = row;
	return rows;
}

/* eval_on evaluates e over the rows listed and copies them into out. */
static bool
eval_on(const Quarry__Expr *e, const Batch *in, uint32_t *rows, uint32_t n, Vector *out,
		Arena *a, Err *err)
{
	Batch		sub = *in;
	Vector	   *v;

	if (n == 0)
		return true;
	sub.sel = rows;
	sub.nsel = n;
	if ((v = expr_eval(e, &sub, a, err)) == NULL)
		return false;
	for (uint32_t k = 0; k < n; k++)
		vec_copy_value(a, out, v, rows[k]);
	return true;
}

/*
 * eval_case runs each WHEN over the rows no earlier WHEN took, and each
 * THEN only over the rows its WHEN took, so a branch never runs (nor
 * fails) on rows that do not reach it.
 */
static Vector *
eval_case(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);
	uint32_t	nrest;
	uint32_t   *rest = live_rows(in, a, &nrest);
	uint32_t   *hit = arena_array(a, uint32_t, nrest + 1);
	Batch		sub = *in;
	size_t		i;

	for (i = 0; i + 1 < e->n_args && nrest > 0; i += 2) {
		Vector	   *c;
		uint32_t	nhit = 0;
		uint32_t	nmiss = 0;

		sub.sel = rest;
		sub.nsel = nrest;
		if ((c = expr_eval(e->args[i], &sub, a, err)) == NULL)
			return NULL;
		for (uint32_t k = 0; k < nrest; k++) {
			uint32_t	row = rest[k];

			if (!vec_is_null(c, row) && ((const uint8_t *) c->data)[row])
				hit[nhit++] = row;
			else
				rest[nmiss++] = row;
		}
		nrest = nmiss;
		if (!eval_on(e->args[i + 1], in, hit, nhit, out, a, err))
			return NULL;
	}
	if (!eval_on(e->args[e->n_args - 1], in, rest, nrest, out, a, err))
		return NULL;
	return out;
}

static Vector *
eval_coalesce(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, (TypeId) e->type);
	uint32_t	nrest;
	uint32_t   *rest = live_rows(in, a, &nrest);
	Batch		sub = *in;

	for (size_t i = 0; i < e->n_args && nrest > 0; i++) {
		Vector	   *v;
		uint32_t	nnull = 0;

		sub.sel = rest;
		sub.nsel = nrest;
		if ((v = expr_eval(e->args[i], &sub, a, err)) == NULL)
			return NULL;
		for (uint32_t k = 0; k < nrest; k++) {
			uint32_t	row = rest[k];

			if (vec_is_null(v, row))
				rest[nnull++] = row;
			else
				vec_copy_value(a, out, v, row);
		}
		nrest = nnull;
	}
	for (uint32_t k = 0; k < nrest; k++)
		vec_set_null(a, out, rest[k]);
	return out;
}

#define IN_LOOP(CT, EQ) \
	FOR_LIVE(in, k, row) { \
		CT x; \
		CT y; \
		if (res[row] == 1 || vec_is_null(probe, row)) \
			continue; \
		if (vec_is_null(item, row)) { \
			res[row] = 2; \
			continue; \
		} \
		x = ((const CT *) probe->data)[row]; \
		y = ((const CT *) item->data)[row]; \
		if (EQ) \
			res[row] = 1; \
	}

/* in_item marks in res the rows whose probe equals item: 1 found, 2 saw a NULL. */
static void
in_item(const Vector *probe, const Vector *item, uint8_t *res, const Batch *in)
{
	switch (probe->phys) {
		case PHYS_BOOL:
			IN_LOOP(uint8_t, x == y);
			break;
		case PHYS_I16:
			IN_LOOP(int16_t, x == y);
			break;
		case PHYS_I32:
			IN_LOOP(int32_t, x == y);
			break;
		case PHYS_I64:
			IN_LOOP(int64_t, x == y);
			break;
		case PHYS_F64:
			IN_LOOP(double, cmp_f64(x, y) == 0);
			break;
		case PHYS_STR:
			if (probe->type == TYPE_BPCHAR) {
				IN_LOOP(StrView, str_equal_bpchar(&x, &y));
			} else {
				IN_LOOP(StrView, str_equal_fast(&x, &y));
			}
			break;
		case PHYS_DEC:
			IN_LOOP(Numeric, num_cmp(x, y) == 0);
			break;
		case PHYS_IV:
			IN_LOOP(Interval, interval_cmp(&x, &y) == 0);
			break;
		case PHYS_NONE:
			break;
	}
}

/*
 * eval_in_list: true when args[0] equals an item, else NULL when args[0]
 * or an item is NULL, else false (so NOT IN with a NULL item is NULL).
 */
static Vector *
eval_in_list(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, TYPE_BOOL);
	uint8_t    *res = arena_zalloc(a, BATCH_SIZE);
	Vector	   *probe = expr_eval(e->args[0], in, a, err);

	if (probe == NULL)
		return NULL;
	for (size_t i = 1; i < e->n_args; i++) {
		Vector	   *item = expr_eval(e->args[i], in, a, err);

		if (item == NULL)
			return NULL;
		in_item(probe, item, res, in);
	}
	FOR_LIVE(in, k, row) {
		if (vec_is_null(probe, row) || res[row] == 2)
			vec_set_null(a, out, row);
		((uint8_t *) out->data)[row] = res[row] == 1;
		if (res[row] == 1)
			vec_set_valid(out, row);
	}
	return out;
}

/* expr_eval evaluates e over the live rows of in; NULL with err on failure. */
Vector *
expr_eval(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	switch (e->kind) {
		case QUARRY__EXPR_KIND__EXPR_CONST:
			return eval_const(e, in, a);
		case QUARRY__EXPR_KIND__EXPR_COLUMN:
			return &in->cols[e->column];
		case QUARRY__EXPR_KIND__EXPR_OP:
			return eval_op(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_AND:
		case QUARRY__EXPR_KIND__EXPR_OR:
			return eval_and_or(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_NOT:
		case QUARRY__EXPR_KIND__EXPR_IS_NULL:
		case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
			return eval_not_null_test(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_CAST:
			return eval_cast(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_CASE:
			return eval_case(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_COALESCE:
			return eval_coalesce(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_IN_LIST:
			return eval_in_list(e, in, a, err);
		case QUARRY__EXPR_KIND__EXPR_FUNC:
			return eval_func(e, in, a, err);
		default:
			err_set(err, ERRCODE_INTERNAL_ERROR, "unknown expression kind %d", (int) e->kind);
			return NULL;
	}
}

/* const_ok reports whether a constant's datum holds a value of its type. */
static bool
const_ok(const Quarry__Expr *e)
{
	const Quarry__Datum *d = e->value;

	if (d == NULL || d->is_null || d->value_case == QUARRY__DATUM__VALUE__NOT_SET)
		return true;
	switch (type_info((TypeId) e->type)->phys) {
		case PHYS_BOOL:
			return d->value_case == QUARRY__DATUM__VALUE_B;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			return d->value_case == QUARRY__DATUM__VALUE_I;
		case PHYS_F64:
			return d->value_case == QUARRY__DATUM__VALUE_F;
		case PHYS_STR:
			return d->value_case == QUARRY__DATUM__VALUE_S;
		default:
			return true;		/* types whose constants this file does not read */
	}
}

/*
 * op_types_ok reports whether an operator's result type is the one its
 * kernel produces from operands of args[0]'s type: the kernels size their
 * output by e->type and walk it by the operands' width.
 */
static bool
op_types_ok(const Quarry__Expr *e)
{
	TypeId		arg = (TypeId) e->args[0]->type;

	switch (e->op) {
		case QUARRY__EXPR_OP__OP_EQ:
		case QUARRY__EXPR_OP__OP_NE:
		case QUARRY__EXPR_OP__OP_LT:
		case QUARRY__EXPR_OP__OP_LE:
		case QUARRY__EXPR_OP__OP_GT:
		case QUARRY__EXPR_OP__OP_GE:
			return e->type == TYPE_BOOL;
		case QUARRY__EXPR_OP__OP_ADD:
		case QUARRY__EXPR_OP__OP_SUB:
		case QUARRY__EXPR_OP__OP_MUL:
		case QUARRY__EXPR_OP__OP_DIV:
		case QUARRY__EXPR_OP__OP_NEG:
			return e->type == (int32_t) arg && type_is_numeric(arg);
		case QUARRY__EXPR_OP__OP_MOD:
			return e->type == (int32_t) arg && (type_is_integer(arg) || arg == TYPE_NUMERIC);
		case QUARRY__EXPR_OP__OP_CONCAT:
			return (e->type == TYPE_TEXT && type_is_string(arg)) ||
				(e->type == TYPE_BYTEA && arg == TYPE_BYTEA);
		default:
			return false;
	}
}

/*
 * special_ok checks CASE, COALESCE, IN lists and functions: the arguments
 * their kernels read have the types they assume.
 */
static bool
special_ok(const Quarry__Expr *e, Err *err)
{
	bool		ok = e->n_args > 0;

	switch (e->kind) {
		case QUARRY__EXPR_KIND__EXPR_CASE:
			ok = ok && e->n_args % 2 == 1;
			for (size_t i = 0; ok && i + 1 < e->n_args; i += 2)
				ok = e->args[i]->type == TYPE_BOOL && e->args[i + 1]->type == e->type;
			ok = ok && e->args[e->n_args - 1]->type == e->type;
			break;
		case QUARRY__EXPR_KIND__EXPR_COALESCE:
			for (size_t i = 0; ok && i < e->n_args; i++)
				ok = e->args[i]->type == e->type;
			break;
		case QUARRY__EXPR_KIND__EXPR_IN_LIST:
			ok = e->type == TYPE_BOOL;
			for (size_t i = 1; ok && i < e->n_args; i++)
				ok = e->args[i]->type == e->args[0]->type;
			break;
		default:
			return func_check(e, err);
	}
	if (!ok)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid expression in plan fragment");
	return true;
}

/*
 * expr_check validates a received expression against its input's column
 * types, so a malformed fragment is an error and never a crash.
 */
bool
expr_check(const Quarry__Expr *e, int ncols, const int32_t *types, Err *err)
{
	size_t		want = 0;
	bool		boolean = false;	/* the kind yields a boolean */

	if (e == NULL || !type_is_valid(e->type))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid expression in plan fragment");
	switch (e->kind) {
		case QUARRY__EXPR_KIND__EXPR_CONST:
			if (!const_ok(e))
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid constant in plan fragment");
			break;
		case QUARRY__EXPR_KIND__EXPR_COLUMN:
			if (e->column < 0 || e->column >= ncols || types[e->column] != e->type)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid column reference in plan fragment");
			break;
		case QUARRY__EXPR_KIND__EXPR_OP:
			want = e->op == QUARRY__EXPR_OP__OP_NEG ? 1 : 2;
			if (e->n_args != want || (want == 2 && e->args[0]->type != e->args[1]->type))
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid operator in plan fragment");
			break;
		case QUARRY__EXPR_KIND__EXPR_AND:
		case QUARRY__EXPR_KIND__EXPR_OR:
			if (e->n_args == 0)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid AND/OR in plan fragment");
			boolean = true;
			break;
		case QUARRY__EXPR_KIND__EXPR_NOT:
		case QUARRY__EXPR_KIND__EXPR_IS_NULL:
		case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
			boolean = true;
			/* FALLTHROUGH */
		case QUARRY__EXPR_KIND__EXPR_CAST:
			if (e->n_args != 1)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid expression in plan fragment");
			break;
		case QUARRY__EXPR_KIND__EXPR_CASE:
		case QUARRY__EXPR_KIND__EXPR_COALESCE:
		case QUARRY__EXPR_KIND__EXPR_IN_LIST:
		case QUARRY__EXPR_KIND__EXPR_FUNC:
			if (!special_ok(e, err))
				return false;
			break;
		default:
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "unknown expression kind in plan fragment");
	}
	if (boolean && e->type != TYPE_BOOL)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "non-boolean result type in plan fragment");
	for (size_t i = 0; i < e->n_args; i++)
		if (!expr_check(e->args[i], ncols, types, err))
			return false;
	if (e->kind == QUARRY__EXPR_KIND__EXPR_OP && !op_types_ok(e))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "operator result type does not match its operands in plan fragment");
	if ((e->kind == QUARRY__EXPR_KIND__EXPR_AND || e->kind == QUARRY__EXPR_KIND__EXPR_OR ||
		 e->kind == QUARRY__EXPR_KIND__EXPR_NOT))
		for (size_t i = 0; i < e->n_args; i++)
			if (e->args[i]->type != TYPE_BOOL)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "non-boolean operand in plan fragment");
	return true;
}

/* value_cmp orders two non-NULL values of one type as the sort operators do. */
int
value_cmp(const Value *x, const Value *y)
{
	switch (type_info(x->type)->phys) {
		case PHYS_BOOL:
			return (x->u.b > y->u.b) - (x->u.b < y->u.b);
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			return (x->u.i > y->u.i) - (x->u.i < y->u.i);
		case PHYS_F64:
			return cmp_f64(x->u.f, y->u.f);
		case PHYS_STR:
			{
				uint32_t	xl = x->u.s.len;
				uint32_t	yl = y->u.s.len;
				uint32_t	n;
				int			c;

				if (x->type == TYPE_BPCHAR) {
					while (xl > 0 && x->u.s.p[xl - 1] == ' ')
						xl--;
					while (yl > 0 && y->u.s.p[yl - 1] == ' ')
						yl--;
				}
				n = xl < yl ? xl : yl;
				c = memcmp(x->u.s.p, y->u.s.p, n);
				if (c != 0)
					return c;
				return (xl > yl) - (xl < yl);
			}
		case PHYS_DEC:
			return num_cmp(x->u.n, y->u.n);
		case PHYS_IV:
			return interval_cmp(&x->u.iv, &y->u.iv);
		case PHYS_NONE:
			break;
	}
	return 0;
}
