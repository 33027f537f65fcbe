/*
 * agg_bi.c
 *	  The statistics aggregates and the ordered-set aggregates, for
 *	  op_agg.c: each keeps its own state (a pointer in the group's
 *	  AggState, allocated in the task arena).
 *
 *	  corr, covar_pop, covar_samp and regr_* accumulate PostgreSQL's
 *	  float8_regr_accum state (N, Sx, Sxx, Sy, Syy, Sxy, Youngs-Cramer) and
 *	  finish as its float8_corr and kin do, so results print the same.
 *	  percentile_cont, percentile_disc and mode collect the group's
 *	  non-NULL values, sort them (value_cmp; DESC reversed) when the group
 *	  ends and pick as PostgreSQL's orderedsetaggs.c does.
 */
#include "exec/agg_bi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/datetime.h"
#include "exec/expr.h"
#include "wire/array.h"
#include "wire/typeio.h"

typedef struct Regr {
	double		n;
	double		sx;
	double		sxx;
	double		sy;
	double		syy;
	double		sxy;
} Regr;

typedef struct Ordered {
	Value	   *vals;
	uint32_t	n;
	uint32_t	cap;
	Value		frac;			/* the first row's fraction (float8 or float8[]) */
	bool		has_frac;
} Ordered;

bool
agg_bi_func(int func)
{
	return func >= QUARRY__AGG_FUNC__AGG_CORR && func <= QUARRY__AGG_FUNC__AGG_MODE;
}

static bool
is_ordered(int func)
{
	return func >= QUARRY__AGG_FUNC__AGG_PERCENTILE_CONT;
}

/* agg_bi_check validates a received call's argument types. */
bool
agg_bi_check(const Quarry__AggCall *call, Err *err)
{
	bool		ok;

	if (!is_ordered(call->func))
		ok = call->arg2 != NULL && call->arg->type == TYPE_FLOAT8 && call->arg2->type == TYPE_FLOAT8;
	else if (call->func == QUARRY__AGG_FUNC__AGG_MODE)
		ok = call->arg2 == NULL && call->type == call->arg->type;
	else
		ok = call->arg2 != NULL &&
			(call->arg2->type == TYPE_FLOAT8 ? call->type == call->arg->type :
			 call->arg2->type == TYPE_FLOAT8_ARRAY && call->type == (int32_t) type_array_of((TypeId) call->arg->type)) &&
			(call->func != QUARRY__AGG_FUNC__AGG_PERCENTILE_CONT || call->arg->type == TYPE_FLOAT8 ||
			 call->arg->type == TYPE_INTERVAL);
	return ok || err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid aggregate in plan fragment");
}

static void
regr_accum(Regr *s, double y, double x)
{
	double		n0 = s->n;

	s->n += 1.0;
	s->sx += x;
	s->sy += y;
	if (n0 > 0.0) {
		double		tx = x * s->n - s->sx;
		double		ty = y * s->n - s->sy;
		double		scale = 1.0 / (s->n * n0);

		s->sxx += tx * tx * scale;
		s->syy += ty * ty * scale;
		s->sxy += tx * ty * scale;
		if (isinf(s->sx) || isinf(s->sxx))
			s->sxx = s->sxy = isinf(x) || isinf(s->sx) ? NAN : s->sxx;
		if (isinf(s->sy) || isinf(s->syy))
			s->syy = s->sxy = isinf(y) || isinf(s->sy) ? NAN : s->syy;
	} else {
		if (isnan(x) || isinf(x))
			s->sxx = s->sxy = NAN;
		if (isnan(y) || isinf(y))
			s->syy = s->sxy = NAN;
	}
}

bool
agg_bi_update(Arena *a, const Quarry__AggCall *call, void **state, const Vector *arg,
			  const Vector *arg2, uint32_t row, Err *err)
{
	Value		v;

	if (!is_ordered(call->func)) {
		Regr	   *s = *state;

		if (vec_is_null(arg, row) || vec_is_null(arg2, row))
			return true;
		if (s == NULL) {
			s = arena_alloc(a, sizeof(Regr));
			memset(s, 0, sizeof(*s));
			*state = s;
		}
		regr_accum(s, vec_get(arg, row).u.f, vec_get(arg2, row).u.f);
		return true;
	} else {
		Ordered    *s = *state;

		if (s == NULL) {
			s = arena_alloc(a, sizeof(Ordered));
			memset(s, 0, sizeof(*s));
			*state = s;
		}
		if (!s->has_frac && arg2 != NULL) {
			s->frac = vec_get(arg2, row);
			if (!s->frac.is_null && type_info(s->frac.type)->phys == PHYS_STR)
				s->frac.u.s.p = arena_memdup(a, s->frac.u.s.p, s->frac.u.s.len);
			s->has_frac = true;
		}
		if (vec_is_null(arg, row))
			return true;
		v = vec_get(arg, row);
		if (type_info(v.type)->phys == PHYS_STR)
			v.u.s.p = arena_memdup(a, v.u.s.p, v.u.s.len);
		if (s->n == s->cap) {
			uint32_t	cap = s->cap ? s->cap * 2 : 16;
			Value	   *grown = arena_alloc(a, sizeof(Value) * cap);

			if (s->n > 0)
				memcpy(grown, s->vals, sizeof(Value) * s->n);
			s->vals = grown;
			s->cap = cap;
		}
		s->vals[s->n++] = v;
		(void) err;
		return true;
	}
}

static bool
regr_final(int func, const Regr *s, Value *v)
{
	static const Regr empty;
	const Regr *r = s ? s : &empty;

	v->is_null = false;
	if (func == QUARRY__AGG_FUNC__AGG_REGR_COUNT) {
		v->u.i = (int64_t) r->n;
		return true;
	}
	v->is_null = true;
	if (r->n < 1.0)
		return true;
	switch (func) {
		case QUARRY__AGG_FUNC__AGG_CORR:
			if (r->sxx <= 0 || r->syy <= 0)
				return true;
			v->u.f = r->sxy / sqrt(r->sxx * r->syy);
			break;
		case QUARRY__AGG_FUNC__AGG_COVAR_POP:
			v->u.f = r->sxy / r->n;
			break;
		case QUARRY__AGG_FUNC__AGG_COVAR_SAMP:
			if (r->n < 2.0)
				return true;
			v->u.f = r->sxy / (r->n - 1.0);
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_SLOPE:
			if (r->sxx <= 0)
				return true;
			v->u.f = r->sxy / r->sxx;
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_INTERCEPT:
			if (r->sxx <= 0)
				return true;
			v->u.f = (r->sy - r->sx * r->sxy / r->sxx) / r->n;
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_R2:
			if (r->sxx <= 0)
				return true;
			v->u.f = r->syy <= 0 ? 1.0 : (r->sxy * r->sxy) / (r->sxx * r->syy);
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_AVGX:
			v->u.f = r->sx / r->n;
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_AVGY:
			v->u.f = r->sy / r->n;
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_SXX:
			v->u.f = r->sxx;
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_SYY:
			v->u.f = r->syy;
			break;
		case QUARRY__AGG_FUNC__AGG_REGR_SXY:
			v->u.f = r->sxy;
			break;
		default:
			return true;
	}
	v->is_null = false;
	return true;
}

static int
cmp_asc(const void *x, const void *y)
{
	return value_cmp(x, y);
}

static int
cmp_desc(const void *x, const void *y)
{
	return value_cmp(y, x);
}

static bool
check_frac(double f, Err *err)
{
	if (f < 0 || f > 1 || isnan(f))
		return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "percentile value %g is not between 0 and 1", f);
	return true;
}

/* pick one percentile from the sorted values into *out (of type t) */
static bool
pick(const Quarry__AggCall *call, const Ordered *s, double f, TypeId t, Value *out, Err *err)
{
	memset(out, 0, sizeof(*out));
	out->type = t;
	if (!check_frac(f, err))
		return false;
	if (s->n == 0) {
		out->is_null = true;
		return true;
	}
	if (call->func == QUARRY__AGG_FUNC__AGG_PERCENTILE_DISC) {
		int64_t		rownum = (int64_t) ceil(f * (double) s->n);

		*out = s->vals[rownum <= 1 ? 0 : rownum - 1];
		return true;
	} else {
		double		pos = f * (double) (s->n - 1);
		int64_t		lo = (int64_t) floor(pos);
		int64_t		hi = (int64_t) ceil(pos);
		double		prop = pos - (double) lo;
		const Value *x = &s->vals[lo];
		const Value *y = &s->vals[hi];

		*out = *x;
		if (lo == hi)
			return true;
		if (t == TYPE_INTERVAL) {
			/* interval_lerp: lo + (hi - lo) * prop, with interval_mul's spill */
			Interval	d;
			double		month;
			double		day;
			double		time;
			int32_t		m;
			int32_t		dd;

			d.month = y->u.iv.month - x->u.iv.month;
			d.day = y->u.iv.day - x->u.iv.day;
			d.time = y->u.iv.time - x->u.iv.time;
			month = d.month * prop;
			day = d.day * prop;
			m = (int32_t) month;
			dd = (int32_t) day;
			day += (month - m) * 30;
			time = (double) d.time * prop + (day - dd) * (double) USECS_PER_DAY;
			dd = (int32_t) day;
			out->u.iv.month = x->u.iv.month + m;
			out->u.iv.day = x->u.iv.day + dd;
			out->u.iv.time = x->u.iv.time + (int64_t) rint(time);
			return true;
		}
		out->u.f = x->u.f + (y->u.f - x->u.f) * prop;
		return true;
	}
}

static bool
ordered_final(Arena *a, const Quarry__AggCall *call, Ordered *s, Value *v, Err *err)
{
	static Ordered empty;
	TypeId		t = (TypeId) call->type;

	if (s == NULL)
		s = &empty;
	if (s->n > 1)
		qsort(s->vals, s->n, sizeof(Value), call->descending ? cmp_desc : cmp_asc);
	memset(v, 0, sizeof(*v));
	v->type = t;
	if (call->func == QUARRY__AGG_FUNC__AGG_MODE) {
		uint32_t	best = 0;
		uint32_t	best_n = 0;

		v->is_null = s->n == 0;
		for (uint32_t i = 0, run = 0; i < s->n; i++) {
			run = i > 0 && value_cmp(&s->vals[i], &s->vals[i - 1]) == 0 ? run + 1 : 1;
			if (run > best_n) {
				best_n = run;
				best = i;
			}
		}
		if (s->n > 0)
			*v = s->vals[best];
		v->type = t;
		return true;
	}
	if (!s->has_frac || s->frac.is_null) {
		v->is_null = true;
		return true;
	}
	if (type_is_array(s->frac.type)) {
		ArrayVals	fr;
		ArrayVals	res;

		if (!array_parse(a, s->frac.type, s->frac.u.s.p, s->frac.u.s.len, &fr, err))
			return false;
		res.type = t;
		res.n = fr.n;
		res.lbound = 1;
		res.v = arena_alloc(a, sizeof(Value) * (size_t) (fr.n + 1));
		for (int i = 0; i < fr.n; i++) {
			if (fr.v[i].is_null) {
				memset(&res.v[i], 0, sizeof(Value));
				res.v[i].type = type_array_elem(t);
				res.v[i].is_null = true;
				continue;
			}
			if (!pick(call, s, fr.v[i].u.f, type_array_elem(t), &res.v[i], err))
				return false;
		}
		if (s->n == 0) {
			v->is_null = true;
			return true;
		}
		array_value(a, &res, v);
		v->type = t;
		return true;
	}
	if (!pick(call, s, s->frac.u.f, t, v, err))
		return false;
	v->type = t;
	return true;
}

bool
agg_bi_final(Arena *a, const Quarry__AggCall *call, void *state, Value *v, Err *err)
{
	memset(v, 0, sizeof(*v));
	v->type = (TypeId) call->type;
	if (is_ordered(call->func))
		return ordered_final(a, call, state, v, err);
	return regr_final(call->func, state, v);
}
