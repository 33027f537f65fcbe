/*
 * expr.h
 *	  Evaluating bound expressions over a batch.
 *
 *	  expr_eval computes e for the live rows of in and returns a vector whose
 *	  row i holds the value for in's row i (rows outside the selection are
 *	  undefined).  Column references return the input vector itself.
 */
#ifndef QUARRY_EXPR_H
#define QUARRY_EXPR_H

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "plan.pb-c.h"

/* expr_cmp_holds: does comparison op hold when x compared with y gives c (<0, 0, >0)? */
static inline bool
expr_cmp_holds(Quarry__ExprOp op, int c)
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

Vector	   *expr_eval(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err);
int			value_cmp(const Value *x, const Value *y);
bool		expr_check(const Quarry__Expr *e, int ncols, const int32_t *types, Err *err) MUST_CHECK;

#endif							/* QUARRY_EXPR_H */
