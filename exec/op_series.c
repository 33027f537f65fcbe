/*
 * op_series.c
 *	  Series: generate_series(start, stop[, step]) for each input row.
 *
 *	  The arguments are evaluated over each input batch; every live row
 *	  then yields its values start, start + step, ... up to stop (down to
 *	  it for a negative step), after the row's own columns, BATCH_SIZE rows
 *	  at a time.  Integers step by an integer (default 1); timestamps by an
 *	  interval, with PostgreSQL's calendar arithmetic.
 */
#include "exec/op.h"

#include <string.h>

#include "common/datetime.h"
#include "exec/expr.h"

typedef struct SeriesOp {
	Op			op;
	int			nin;			/* input columns */
	TypeId		type;			/* the value's type */
	Arena		batch_arena;	/* arguments of the current input batch */
	Batch	   *in;				/* current input batch, or NULL */
	Vector	   *start;
	Vector	   *stop;
	Vector	   *step;			/* NULL: 1 */
	uint32_t	k;				/* next live row of in */
	bool		active;			/* a row's series is under way */
	uint32_t	row;			/* its row */
	int64_t		cur;			/* next value (integer or timestamp) */
	int64_t		last;
	int64_t		istep;
	Interval	ivstep;
	bool		done;			/* input exhausted */
} SeriesOp;

static bool
series_open(Op *op, Err *err)
{
	return exec_open(op->child, err);
}

static int64_t
int_at(const Vector *v, uint32_t i)
{
	switch (v->phys) {
		case PHYS_I16:
			return ((const int16_t *) v->data)[i];
		case PHYS_I32:
			return ((const int32_t *) v->data)[i];
		default:
			return ((const int64_t *) v->data)[i];
	}
}

/* begin_row sets up row's series: 1, or 0 when it has none, or -1 on error. */
static int
begin_row(SeriesOp *s, uint32_t row, Err *err)
{
	bool		timestamps = s->type == TYPE_TIMESTAMP || s->type == TYPE_TIMESTAMPTZ;

	if (vec_is_null(s->start, row) || vec_is_null(s->stop, row) ||
		(s->step != NULL && vec_is_null(s->step, row)))
		return 0;
	s->cur = int_at(s->start, row);
	s->last = int_at(s->stop, row);
	if (timestamps) {
		Interval	zero = {0, 0, 0};

		s->ivstep = ((const Interval *) s->step->data)[row];
		if (interval_cmp_key(s->ivstep) == interval_cmp_key(zero)) {
			err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "step size cannot equal zero");
			return -1;
		}
		s->istep = interval_cmp_key(s->ivstep) > 0 ? 1 : -1;
	} else {
		s->istep = s->step != NULL ? int_at(s->step, row) : 1;
		if (s->istep == 0) {
			err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "step size cannot equal zero");
			return -1;
		}
	}
	s->row = row;
	return 1;
}

/* advance moves cur one step on; false when it passed last (or overflowed). */
static bool
advance(SeriesOp *s, Err *err)
{
	if (s->type == TYPE_TIMESTAMP || s->type == TYPE_TIMESTAMPTZ) {
		int64_t		next;

		if (!timestamp_add_interval(s->cur, s->ivstep, 1, &next, err)) {
			err_clear(err);
			return false;
		}
		s->cur = next;
		return true;
	}
	return !__builtin_add_overflow(s->cur, s->istep, &s->cur);
}

static bool
in_range(const SeriesOp *s)
{
	return s->istep > 0 ? s->cur <= s->last : s->cur >= s->last;
}

static OpStatus
series_next(Op *op, Batch **outp, Err *err)
{
	SeriesOp   *s = (SeriesOp *) op;
	const Quarry__Series *plan = op->plan->series;
	Batch	   *out;
	Vector	   *vals;

	arena_reset(&op->scratch);
	out = batch_new(&op->scratch, op->ncols, op->types);
	vals = &out->cols[s->nin];
	while (out->count < BATCH_SIZE) {
		if (!s->active) {
			while (s->in == NULL || s->k >= batch_rows(s->in)) {
				OpStatus	st;

				if (s->done)
					goto emit;
				if ((st = exec_next(op->child, &s->in, err)) == OP_FAILED)
					return OP_FAILED;
				if (st == OP_DONE) {
					s->done = true;
					s->in = NULL;
					goto emit;
				}
				arena_reset(&s->batch_arena);
				s->k = 0;
				if ((s->start = expr_eval(plan->start, s->in, &s->batch_arena, err)) == NULL ||
					(s->stop = expr_eval(plan->stop, s->in, &s->batch_arena, err)) == NULL)
					return OP_FAILED;
				s->step = NULL;
				if (plan->step != NULL &&
					(s->step = expr_eval(plan->step, s->in, &s->batch_arena, err)) == NULL)
					return OP_FAILED;
			}
			switch (begin_row(s, batch_row(s->in, s->k++), err)) {
				case -1:
					return OP_FAILED;
				case 0:
					continue;
				default:
					s->active = true;
					break;
			}
			if (!in_range(s)) {
				s->active = false;
				continue;
			}
			if (!exec_check_cancel(op->cx, err))
				return OP_FAILED;
		}
		{
			uint32_t	di = out->count++;

			batch_copy_cols(out, 0, di, s->in, s->row);
			vec_set_valid(vals, di);
			switch (vals->phys) {
				case PHYS_I32:
					((int32_t *) vals->data)[di] = (int32_t) s->cur;
					break;
				default:
					((int64_t *) vals->data)[di] = s->cur;
					break;
			}
		}
		if (!advance(s, err) || !in_range(s))
			s->active = false;
	}
emit:
	if (out->count == 0)
		return OP_DONE;
	*outp = out;
	return OP_BATCH;
}

static void
series_close(Op *op)
{
	SeriesOp   *s = (SeriesOp *) op;

	arena_reset(&s->batch_arena);
	exec_close(op->child);
}

static const OpVtbl series_vtbl = {"Series", series_open, series_next, series_close};

Op *
op_series_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	SeriesOp   *s = arena_new(cx->arena, SeriesOp);
	const Quarry__Series *sp = plan->series;
	TypeId		t;

	op_init(&s->op, &series_vtbl, cx, plan);
	if (sp->input == NULL || sp->start == NULL || sp->stop == NULL || plan->n_output_types < 1 ||
		(s->op.child = exec_build(cx, sp->input, err)) == NULL) {
		if (s->op.child == NULL && sp->input != NULL && sp->start != NULL && sp->stop != NULL &&
			plan->n_output_types >= 1)
			return NULL;		/* the input's own error */
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Series node");
		return NULL;
	}
	s->nin = s->op.child->ncols;
	t = s->type = (TypeId) plan->output_types[plan->n_output_types - 1];
	if ((size_t) s->nin + 1 != plan->n_output_types) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Series node");
		return NULL;
	}
	if (!expr_check(sp->start, s->nin, s->op.child->types, err) ||
		!expr_check(sp->stop, s->nin, s->op.child->types, err) ||
		(sp->step != NULL && !expr_check(sp->step, s->nin, s->op.child->types, err)))
		return NULL;
	if (!(((t == TYPE_INT4 || t == TYPE_INT8) && (sp->step == NULL || type_is_integer(sp->step->type))) ||
		  ((t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMPTZ) && sp->step != NULL &&
		   sp->step->type == TYPE_INTERVAL)) ||
		sp->start->type != (int32_t) t || sp->stop->type != (int32_t) t) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Series node");
		return NULL;
	}
	for (int c = 0; c < s->nin; c++)
		if (s->op.child->types[c] != plan->output_types[c]) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed Series node");
			return NULL;
		}
	arena_init(&s->batch_arena);
	return &s->op;
}
