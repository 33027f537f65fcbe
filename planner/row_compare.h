/*
 * row_compare.h
 *	  Row constructors in comparisons: (a, b) op (x, y), (a, b) [NOT] IN
 *	  ((x, y), ...), bound by expansion into scalar comparisons.
 */
#ifndef QUARRY_ROW_COMPARE_H
#define QUARRY_ROW_COMPARE_H

#include "planner/bind_int.h"

bool		row_compare_applies(const PgQuery__AExpr *ax);
Quarry__Expr *row_compare_bind(BindCtx *cx, const PgQuery__AExpr *ax);

#endif							/* QUARRY_ROW_COMPARE_H */
