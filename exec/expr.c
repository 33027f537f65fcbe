/*
 * expr.c
 *	  Expression kernels.  Each node evaluates its children to vectors, then
 *	  runs one loop over the live rows specialised by physical type (the
 *	  macros below), so no function pointer is called per row.
 */
#include "exec/expr.h"

#include <math.h>
#include <string.h>

#include "wire/typeio.h"

#define FOR_LIVE(in, k, row) \
	for (uint32_t k = 0, row = 0, n_ = batch_rows(in); \
		 k < n_ && ((row = batch_row(in, k)), true); k++)

static Vector *
vec_new(Arena *a, TypeId type)
{
	Vector	   *v = arena_new(a, Vector);

	vec_alloc(a, v, type);
	return v;
}

static bool
either_null(Arena *a, Vector *out, const Vector *l, const Vector *r, uint32_t row)
{
	if (vec_is_null(l, row) || (r != NULL && vec_is_null(r, row))) {
		vec_set_null(a, out, row);
		return true;
	}
	return false;
}

/* ---- constants ---- */

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
				break;
		}
	}
	FOR_LIVE(in, k, row)
		vec_set(a, out, row, &v);
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

static bool
cmp_result(Quarry__ExprOp op, int c)
{
	switch (op) {
		case QUARRY__EXPR_OP__OP_EQ:
			return c == 0;
		case QUARRY__EXPR_OP__OP_NE:
			return c != 0;
		case QUARRY__EXPR_OP__OP_LT:
			return c < 0;
		case QUARRY__EXPR_OP__OP_LE:
			return c <= 0;
		case QUARRY__EXPR_OP__OP_GT:
			return c > 0;
		default:
			return c >= 0;
	}
}

#define CMP_LOOP(CT, CMP) \
	FOR_LIVE(in, k, row) { \
		if (either_null(a, out, l, r, row)) \
			continue; \
		CT x = ((const CT *) l->data)[row]; \
		CT y = ((const CT *) r->data)[row]; \
		res[row] = cmp_result(op, CMP); \
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
			CMP_LOOP(StrView, str_compare(&x, &y));
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

static Vector *
eval_arith(TypeId t, Quarry__ExprOp op, const Vector *l, const Vector *r, const Batch *in,
		   Arena *a, Err *err)
{
	Vector	   *out = vec_new(a, t);

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
				if (either_null(a, out, l, r, row))
					continue;
				if (!float_result(op, ((const double *) l->data)[row],
								  r ? ((const double *) r->data)[row] : 0,
								  (double *) out->data + row, err))
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
eval_concat(const Vector *l, const Vector *r, const Batch *in, Arena *a)
{
	Vector	   *out = vec_new(a, TYPE_TEXT);

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
			return eval_concat(l, r, in, a);
		default:
			return eval_arith((TypeId) e->type, e->op, l, r, in, a, err);
	}
}

/* ---- boolean logic, three-valued ---- */

static Vector *
eval_and_or(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	bool		is_and = e->kind == QUARRY__EXPR_KIND__EXPR_AND;
	Vector	   *out = vec_new(a, TYPE_BOOL);
	uint8_t    *res = out->data;
	uint8_t    *unknown = arena_zalloc(a, BATCH_SIZE);

	FOR_LIVE(in, k, row)
		res[row] = is_and;
	for (size_t i = 0; i < e->n_args; i++) {
		Vector	   *v = expr_eval(e->args[i], in, a, err);

		if (v == NULL)
			return NULL;
		FOR_LIVE(in, k, row) {
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

		if (!value_cast(a, &x, (TypeId) e->type, &y, err))
			return NULL;
		vec_set(a, out, row, &y);
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
		default:
			err_set(err, ERRCODE_INTERNAL_ERROR, "unknown expression kind %d", (int) e->kind);
			return NULL;
	}
}

/*
 * expr_check validates a received expression against its input's column
 * types, so a malformed fragment is an error and never a crash.
 */
bool
expr_check(const Quarry__Expr *e, int ncols, const int32_t *types, Err *err)
{
	size_t		want = 0;

	if (e == NULL || !type_is_valid(e->type))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid expression in plan fragment");
	switch (e->kind) {
		case QUARRY__EXPR_KIND__EXPR_CONST:
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
			break;
		case QUARRY__EXPR_KIND__EXPR_NOT:
		case QUARRY__EXPR_KIND__EXPR_IS_NULL:
		case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
		case QUARRY__EXPR_KIND__EXPR_CAST:
			if (e->n_args != 1)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid expression in plan fragment");
			break;
		default:
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "unknown expression kind in plan fragment");
	}
	for (size_t i = 0; i < e->n_args; i++)
		if (!expr_check(e->args[i], ncols, types, err))
			return false;
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
				uint32_t	n = x->u.s.len < y->u.s.len ? x->u.s.len : y->u.s.len;
				int			c = memcmp(x->u.s.p, y->u.s.p, n);

				if (c != 0)
					return c;
				return (x->u.s.len > y->u.s.len) - (x->u.s.len < y->u.s.len);
			}
		case PHYS_NONE:
			break;
	}
	return 0;
}
