/*
 * func_bi.h
 *	  Binding the functions BI tools send: to_char, to_timestamp, to_date,
 *	  timezone (AT TIME ZONE), md5, concat_ws, age, justify_*, make_date,
 *	  make_timestamp, date_bin.  Run by exec/func_bi.c.
 */
#ifndef QUARRY_FUNC_BI_H
#define QUARRY_FUNC_BI_H

#include "planner/bind_int.h"

Quarry__Expr *func_bi_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, bool *found);

Quarry__AggCall *func_bi_agg(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name,
							 Quarry__AggFunc f, bool window);

#endif							/* QUARRY_FUNC_BI_H */
