/*
 * func_array.h
 *	  Binding arrays (ARRAY[...], subscripts, op ANY/ALL (array), the array
 *	  functions), regular expressions (~, ~*, !~, !~*, regexp_replace) and
 *	  the string functions the catalog queries use (quote_ident,
 *	  string_to_array, parse_ident, format, json_build_object).  Run by
 *	  exec/func_array.c.
 */
#ifndef QUARRY_FUNC_ARRAY_H
#define QUARRY_FUNC_ARRAY_H

#include "planner/bind_int.h"

Quarry__Expr *func_array_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name,
							  bool *found);
Quarry__Expr *func_array_expr(BindCtx *cx, const PgQuery__AArrayExpr *ae);
Quarry__Expr *func_array_indirection(BindCtx *cx, const PgQuery__AIndirection *ind);
Quarry__Expr *func_array_any(BindCtx *cx, const PgQuery__AExpr *ax);
Quarry__Expr *func_array_regex(BindCtx *cx, const char *op, const PgQuery__AExpr *ax,
							   bool *found);

#endif							/* QUARRY_FUNC_ARRAY_H */
