/*
 * agg_bi.h
 *	  The statistics aggregates (corr, covar_*, regr_*) and the ordered-set
 *	  aggregates (percentile_cont, percentile_disc, mode) of op_agg.c.
 */
#ifndef QUARRY_AGG_BI_H
#define QUARRY_AGG_BI_H

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "plan.pb-c.h"
#include "common/types.h"

bool		agg_bi_func(int func);
bool		agg_bi_check(const Quarry__AggCall *call, Err *err);
bool		agg_bi_update(Arena *a, const Quarry__AggCall *call, void **state, const Vector *arg,
						  const Vector *arg2, uint32_t row, Err *err);
bool		agg_bi_final(Arena *a, const Quarry__AggCall *call, void *state, Value *v, Err *err);

#endif							/* QUARRY_AGG_BI_H */
