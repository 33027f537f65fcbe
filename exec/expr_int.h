/*
 * expr_int.h
 *	  Private to the expression kernels (expr.c, func.c): the loop over a
 *	  batch's live rows and small vector helpers.
 */
#ifndef QUARRY_EXPR_INT_H
#define QUARRY_EXPR_INT_H

#include "exec/expr.h"

#define FOR_LIVE(in, k, row) \
	for (uint32_t k = 0, row = 0, n_ = batch_rows(in); \
		 k < n_ && ((row = batch_row(in, k)), true); k++)

static inline Vector *
vec_new(Arena *a, TypeId type)
{
	Vector	   *v = arena_new(a, Vector);

	vec_alloc(a, v, type);
	return v;
}

/* either_null marks out's row NULL when l's or r's is; r may be NULL. */
static inline bool
either_null(Arena *a, Vector *out, const Vector *l, const Vector *r, uint32_t row)
{
	if (vec_is_null(l, row) || (r != NULL && vec_is_null(r, row))) {
		vec_set_null(a, out, row);
		return true;
	}
	return false;
}

/* vec_copy_value copies row of src into the same row of dst (same type). */
static inline void
vec_copy_value(Arena *a, Vector *dst, const Vector *src, uint32_t row)
{
	int			w = type_phys_width(src->phys);

	if (vec_is_null(src, row)) {
		vec_set_null(a, dst, row);
		return;
	}
	vec_set_valid(dst, row);
	memcpy((char *) dst->data + (size_t) row * w, (const char *) src->data + (size_t) row * w,
		   (size_t) w);
}

Vector	   *eval_func(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err);
Vector	   *eval_func_array(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err);
Vector	   *eval_func_bi(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err);

/* one row's value of a function evaluated row by row (func_array.c's eval_rows) */
typedef bool (*RowFunc) (const Quarry__Expr *e, const Value *argv, int n, Arena *a, Value *out,
						 Err *err);
Vector	   *eval_rows(const Quarry__Expr *e, const Batch *in, Arena *a, bool strict, RowFunc row_fn,
					  Err *err);
bool		func_check(const Quarry__Expr *e, Err *err);

#endif							/* QUARRY_EXPR_INT_H */
