/*
 * op_window.c
 *	  Window: window functions over partitions of sorted rows.
 *
 *	  open() reads the input through a Sort (op_sort.c) by the partition
 *	  keys then the ORDER BY keys, keeps the sorted batches in the task
 *	  arena, and computes every function for every row into result vectors
 *	  beside them: a partition is a run of rows equal on the partition keys
 *	  (NULLs equal), a peer group a run equal on the ORDER BY keys.
 *	  next() returns each kept batch with the result columns appended.
 *
 *	  Frames: ROWS bounds count rows, RANGE bounds (no offsets) are the
 *	  partition's ends or the row's peer group.  Both ends of every frame
 *	  only move forward from row to row, so count, sum and avg add the rows
 *	  that enter the frame and subtract those that leave it (a numeric sum
 *	  starts again when the last value of its scale leaves; float sums,
 *	  which subtraction would round differently, whenever the start moves,
 *	  as in PostgreSQL), and min and max keep a monotonic deque of the
 *	  frame's candidates.  In memory only, like Sort.
 */
#include <string.h>

#include "common/numeric.h"
#include "exec/expr.h"
#include "exec/keys.h"
#include "exec/op.h"
#include "wire/typeio.h"

/* A window aggregate's state over the rows of a frame (count, sum, avg). */
typedef struct WinAcc {
	int64_t		count;			/* rows (count(*)) or non-NULL values */
	int64_t		isum;
	double		fsum;
	Numeric		nsum;
	int			maxscale;		/* numeric: the largest scale added ... */
	int64_t		nmaxscale;		/* ... and how many values in the state have it */
	bool		lost_scale;		/* the last of them left: the sum's scale is wrong */
} WinAcc;

typedef struct WinOp {
	Op			op;
	const Quarry__Window *win;
	int			ninput;
	int			nfuncs;
	Batch	  **batches;
	uint32_t	nbatches;
	uint32_t	batches_cap;
	uint32_t   *first;			/* per batch: the global number of its first row */
	uint32_t	nrows;
	bool		uniform;		/* every batch but the last holds BATCH_SIZE rows */
	Vector	  **res;			/* per batch: nfuncs result vectors */
	uint32_t   *gstart;			/* per row: its peer group [gstart, gend) */
	uint32_t   *gend;
	uint32_t   *deque;			/* window_minmax's row numbers */
	uint32_t	emitted;
} WinOp;

static inline void
locate(const WinOp *w, uint32_t i, uint32_t *b, uint32_t *r)
{
	uint32_t	lo = 0;
	uint32_t	hi = w->nbatches;

	if (w->uniform) {
		*b = i / BATCH_SIZE;
		*r = i % BATCH_SIZE;
		return;
	}
	while (hi - lo > 1) {
		uint32_t	mid = (lo + hi) / 2;

		if (w->first[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	*b = lo;
	*r = i - w->first[lo];
}

static inline Value
cell(const WinOp *w, int col, uint32_t i)
{
	uint32_t	b;
	uint32_t	r;

	locate(w, i, &b, &r);
	return vec_get(&w->batches[b]->cols[col], r);
}

static inline void
put(WinOp *w, int f, uint32_t i, const Value *v)
{
	uint32_t	b;
	uint32_t	r;

	locate(w, i, &b, &r);
	vec_set(w->op.cx->arena, &w->res[b][f], r, v);
}

/* same_value: rows i and j are equal in column col (NULLs equal). */
static inline bool
same_value(const WinOp *w, int col, uint32_t i, uint32_t j)
{
	uint32_t	bi;
	uint32_t	ri;
	uint32_t	bj;
	uint32_t	rj;
	const Vector *x;
	const Vector *y;
	bool		xnull;

	locate(w, i, &bi, &ri);
	locate(w, j, &bj, &rj);
	x = &w->batches[bi]->cols[col];
	y = &w->batches[bj]->cols[col];
	xnull = vec_is_null(x, ri);
	if (xnull != vec_is_null(y, rj))
		return false;
	return xnull || key_compare(x, ri, y, rj) == 0;
}

/* same_keys: rows i and j are equal on every column of cols. */
static bool
same_keys(const WinOp *w, const int32_t *cols, int n, uint32_t i, uint32_t j)
{
	for (int k = 0; k < n; k++)
		if (!same_value(w, cols[k], i, j))
			return false;
	return true;
}

static bool
same_order(const WinOp *w, uint32_t i, uint32_t j)
{
	for (size_t k = 0; k < w->win->n_order_by; k++)
		if (!same_value(w, w->win->order_by[k]->column, i, j))
			return false;
	return true;
}

/* peer_groups fills gstart/gend for the partition [ps, pe). */
static void
peer_groups(WinOp *w, uint32_t ps, uint32_t pe)
{
	uint32_t	gs = ps;

	while (gs < pe) {
		uint32_t	ge = gs + 1;

		while (ge < pe && same_order(w, gs, ge))
			ge++;
		for (uint32_t i = gs; i < ge; i++) {
			w->gstart[i] = gs;
			w->gend[i] = ge;
		}
		gs = ge;
	}
}

/* ---- frames and aggregates ---- */

static uint32_t
bound(const WinOp *w, const Quarry__WindowFunc *fn, bool start, uint32_t i, uint32_t ps,
	  uint32_t pe)
{
	Quarry__FrameBound b = start ? fn->start : fn->end;
	int64_t		off = start ? fn->start_offset : fn->end_offset;
	int64_t		x;
	int			past = start ? 0 : 1;	/* the end is exclusive */

	switch (b) {
		case QUARRY__FRAME_BOUND__FRAME_UNBOUNDED_PRECEDING:
			return ps;
		case QUARRY__FRAME_BOUND__FRAME_UNBOUNDED_FOLLOWING:
			return pe;
		case QUARRY__FRAME_BOUND__FRAME_CURRENT_ROW:
			if (fn->rows)
				return i + past;
			return start ? w->gstart[i] : w->gend[i];
		case QUARRY__FRAME_BOUND__FRAME_PRECEDING:
			x = (int64_t) i - off + past;
			break;
		default:
			x = (int64_t) i + off + past;
			break;
	}
	return x < (int64_t) ps ? ps : x > (int64_t) pe ? pe : (uint32_t) x;
}

/* invertible: rows leaving the frame can be taken out of the state. */
static bool
invertible(const Quarry__WindowFunc *fn, TypeId arg)
{
	switch (fn->agg) {
		case QUARRY__AGG_FUNC__AGG_COUNT_STAR:
		case QUARRY__AGG_FUNC__AGG_COUNT:
			return true;
		case QUARRY__AGG_FUNC__AGG_SUM:
		case QUARRY__AGG_FUNC__AGG_AVG:
			return type_is_integer(arg) || arg == TYPE_NUMERIC;
		default:
			return false;
	}
}

/*
 * numeric_step adds or removes a numeric.  A sum's scale is the largest of
 * its values' (as PostgreSQL's): when the last value of that scale leaves,
 * lost_scale asks for the state to be built again from the frame's rows,
 * as PostgreSQL restarts its aggregate then.
 */
static NumStatus
numeric_step(WinAcc *a, Numeric x, int sign)
{
	int			sc = num_scale(x);

	if (sign < 0) {
		if (sc == a->maxscale && --a->nmaxscale == 0)
			a->lost_scale = true;
		return num_sub(a->nsum, x, &a->nsum);
	}
	if (sc > a->maxscale || a->nmaxscale == 0) {
		a->maxscale = sc > a->maxscale ? sc : a->maxscale;
		a->nmaxscale = 0;
	}
	a->nmaxscale += sc == a->maxscale;
	return num_add(a->nsum, x, &a->nsum);
}

/* passes: row i counts for fn (no FILTER, or its FILTER is true). */
static inline bool
passes(const WinOp *w, const Quarry__WindowFunc *fn, uint32_t i)
{
	Value		v;

	if (!fn->has_filter)
		return true;
	v = cell(w, fn->filter, i);
	return !v.is_null && v.u.b;
}

/* acc_step adds (sign 1) or removes (-1) row i's value. */
static bool
acc_step(const WinOp *w, const Quarry__WindowFunc *fn, WinAcc *a, uint32_t i, int sign, Err *err)
{
	Value		v;
	NumStatus	st = NUM_OK;

	if (!passes(w, fn, i))
		return true;
	if (fn->agg == QUARRY__AGG_FUNC__AGG_COUNT_STAR) {
		a->count += sign;
		return true;
	}
	v = cell(w, fn->args[0], i);
	if (v.is_null)
		return true;
	a->count += sign;
	switch (fn->agg) {
		case QUARRY__AGG_FUNC__AGG_SUM:
		case QUARRY__AGG_FUNC__AGG_AVG:
			if (type_is_float(v.type))
				a->fsum += v.u.f;
			else if (v.type == TYPE_NUMERIC)
				st = numeric_step(a, v.u.n, sign);
			else if (fn->type == TYPE_NUMERIC)
				a->nsum += (int128) v.u.i * 256 * sign; /* mantissa += v, scale 0 */
			else if (__builtin_add_overflow(a->isum, v.u.i * sign, &a->isum))
				return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "bigint out of range");
			return st == NUM_OK || numeric_error(st, err);
		default:
			return true;			/* count: min and max go through window_minmax */
	}
}

static bool
acc_result(const Quarry__WindowFunc *fn, const WinAcc *a, Value *v, Err *err)
{
	NumStatus	st = NUM_OK;

	memset(v, 0, sizeof(*v));
	v->type = (TypeId) fn->type;
	if (fn->agg == QUARRY__AGG_FUNC__AGG_COUNT_STAR || fn->agg == QUARRY__AGG_FUNC__AGG_COUNT) {
		v->u.i = a->count;
		return true;
	}
	if (a->count == 0) {
		v->is_null = true;
		return true;
	}
	switch (fn->agg) {
		case QUARRY__AGG_FUNC__AGG_SUM:
			if (type_is_float((TypeId) fn->type))
				v->u.f = fn->type == TYPE_FLOAT4 ? (double) (float) a->fsum : a->fsum;
			else if (fn->type == TYPE_NUMERIC) {
				v->u.n = a->nsum;
				if (!num_mant_fits(num_mant(a->nsum)))
					st = NUM_OVERFLOW;
			} else
				v->u.i = a->isum;
			break;
		case QUARRY__AGG_FUNC__AGG_AVG:
			if (fn->type == TYPE_FLOAT8)
				v->u.f = a->fsum / (double) a->count;
			else
				st = num_div(a->nsum, num_from_int(a->count), &v->u.n);
			break;
		default:
			break;
	}
	return st == NUM_OK || numeric_error(st, err);
}

/*
 * window_minmax: min or max over each row's frame with a monotonic deque
 * of row numbers whose values only get worse from front to back (ties
 * keep the earlier row, as the aggregate keeps the first of equal values),
 * so any frame costs O(1) a row however far its start moves.
 */
static void
window_minmax(WinOp *w, int f, uint32_t ps, uint32_t pe)
{
	const Quarry__WindowFunc *fn = w->win->funcs[f];
	int			want = fn->agg == QUARRY__AGG_FUNC__AGG_MIN ? -1 : 1;
	uint32_t   *dq = w->deque;
	uint32_t	head = 0;
	uint32_t	tail = 0;
	uint32_t	ce = ps;

	for (uint32_t i = ps; i < pe; i++) {
		uint32_t	fs = bound(w, fn, true, i, ps, pe);
		uint32_t	fe = bound(w, fn, false, i, ps, pe);
		Value		v;

		if (ce < fs) {
			head = tail = 0;
			ce = fs;
		}
		for (; ce < fe; ce++) {
			Value		x = cell(w, fn->args[0], ce);

			if (x.is_null || !passes(w, fn, ce))
				continue;
			while (tail > head) {
				Value		b = cell(w, fn->args[0], dq[tail - 1]);

				if (value_cmp(&x, &b) * want <= 0)
					break;
				tail--;
			}
			dq[tail++] = ce;
		}
		while (head < tail && dq[head] < fs)
			head++;
		if (head < tail)
			v = cell(w, fn->args[0], dq[head]);
		else {
			memset(&v, 0, sizeof(v));
			v.type = (TypeId) fn->type;
			v.is_null = true;
		}
		put(w, f, i, &v);
	}
}

/* window_agg computes aggregate f over each row's frame in [ps, pe). */
static bool
window_agg(WinOp *w, int f, uint32_t ps, uint32_t pe, Err *err)
{
	const Quarry__WindowFunc *fn = w->win->funcs[f];
	bool		inv = fn->n_args == 0 ||
		invertible(fn, (TypeId) w->op.child->types[fn->args[0]]);
	WinAcc		a;
	uint32_t	cs = ps;		/* the state holds rows [cs, ce) */
	uint32_t	ce = ps;
	Value		v;

	if (fn->agg == QUARRY__AGG_FUNC__AGG_MIN || fn->agg == QUARRY__AGG_FUNC__AGG_MAX) {
		window_minmax(w, f, ps, pe);
		return true;
	}
	memset(&a, 0, sizeof(a));
	for (uint32_t i = ps; i < pe; i++) {
		uint32_t	fs = bound(w, fn, true, i, ps, pe);
		uint32_t	fe = bound(w, fn, false, i, ps, pe);

		if (fe < fs)
			fe = fs;			/* an empty frame */
		if (fs > ce || (fs > cs && !inv)) {
			memset(&a, 0, sizeof(a));
			cs = ce = fs;
		}
		for (; cs < fs; cs++)
			if (!acc_step(w, fn, &a, cs, -1, err))
				return false;
		if (a.lost_scale) {
			memset(&a, 0, sizeof(a));
			ce = fs;
		}
		for (; ce < fe; ce++)
			if (!acc_step(w, fn, &a, ce, 1, err))
				return false;
		if (!acc_result(fn, &a, &v, err))
			return false;
		put(w, f, i, &v);
	}
	return true;
}

/* ---- the other functions ---- */

static Value
int_value(TypeId t, int64_t i)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = t;
	v.u.i = i;
	return v;
}

static Value
float_value(double f)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = TYPE_FLOAT8;
	v.u.f = f;
	return v;
}

/* ntile deals the partition's rows into buckets, the first ones a row larger. */
static bool
window_ntile(WinOp *w, int f, uint32_t ps, uint32_t pe, Err *err)
{
	const Quarry__WindowFunc *fn = w->win->funcs[f];
	Value		nb = cell(w, fn->args[0], ps);
	uint32_t	total = pe - ps;
	int64_t		small;
	int64_t		big_buckets;

	if (nb.is_null) {
		for (uint32_t i = ps; i < pe; i++) {
			Value		v = value_null(TYPE_INT4);

			put(w, f, i, &v);
		}
		return true;
	}
	if (nb.u.i <= 0)
		return err_set(err, "22014", "argument of ntile must be greater than zero");
	small = total / nb.u.i;
	big_buckets = total % nb.u.i;	/* the first ones hold small + 1 rows */
	for (uint32_t k = 0; k < total; k++) {
		int64_t		bucket;
		int64_t		in_big = big_buckets * (small + 1);
		Value		v;

		if (k < in_big)
			bucket = k / (small + 1);
		else
			bucket = big_buckets + (small > 0 ? (k - in_big) / small : 0);
		v = int_value(TYPE_INT4, bucket + 1);
		put(w, f, ps + k, &v);
	}
	return true;
}

static bool
window_lag(WinOp *w, int f, uint32_t ps, uint32_t pe, bool lead)
{
	const Quarry__WindowFunc *fn = w->win->funcs[f];

	for (uint32_t i = ps; i < pe; i++) {
		int64_t		off = 1;
		int64_t		j;
		Value		v;

		if (fn->n_args > 1) {
			Value		o = cell(w, fn->args[1], i);

			if (o.is_null) {
				v = value_null((TypeId) fn->type);
				put(w, f, i, &v);
				continue;
			}
			off = o.u.i;
		}
		j = lead ? (int64_t) i + off : (int64_t) i - off;
		if (j >= (int64_t) ps && j < (int64_t) pe)
			v = cell(w, fn->args[0], (uint32_t) j);
		else if (fn->n_args > 2)
			v = cell(w, fn->args[2], i);
		else
			v = value_null((TypeId) fn->type);
		put(w, f, i, &v);
	}
	return true;
}

/* window_value: first_value, last_value and nth_value over each row's frame. */
static bool
window_value(WinOp *w, int f, uint32_t ps, uint32_t pe, Err *err)
{
	const Quarry__WindowFunc *fn = w->win->funcs[f];

	for (uint32_t i = ps; i < pe; i++) {
		uint32_t	fs = bound(w, fn, true, i, ps, pe);
		uint32_t	fe = bound(w, fn, false, i, ps, pe);
		int64_t		at = fs;
		Value		v = value_null((TypeId) fn->type);

		if (fn->kind == QUARRY__WINDOW_FUNC_KIND__WIN_LAST_VALUE)
			at = (int64_t) fe - 1;
		else if (fn->kind == QUARRY__WINDOW_FUNC_KIND__WIN_NTH_VALUE) {
			Value		n = cell(w, fn->args[1], i);

			if (!n.is_null && n.u.i <= 0)
				return err_set(err, "22016", "argument of nth_value must be greater than zero");
			at = n.is_null ? -1 : (int64_t) fs + n.u.i - 1;
		}
		if (at >= (int64_t) fs && at < (int64_t) fe)
			v = cell(w, fn->args[0], (uint32_t) at);
		put(w, f, i, &v);
	}
	return true;
}

/* window_rank: row_number, rank, dense_rank, percent_rank, cume_dist. */
static void
window_rank(WinOp *w, int f, uint32_t ps, uint32_t pe)
{
	Quarry__WindowFuncKind kind = w->win->funcs[f]->kind;
	int64_t		dense = 0;
	double		n = pe - ps;

	for (uint32_t i = ps; i < pe; i++) {
		uint32_t	gs = w->gstart[i];
		Value		v;

		dense += gs == i;
		switch (kind) {
			case QUARRY__WINDOW_FUNC_KIND__WIN_ROW_NUMBER:
				v = int_value(TYPE_INT8, i - ps + 1);
				break;
			case QUARRY__WINDOW_FUNC_KIND__WIN_RANK:
				v = int_value(TYPE_INT8, gs - ps + 1);
				break;
			case QUARRY__WINDOW_FUNC_KIND__WIN_DENSE_RANK:
				v = int_value(TYPE_INT8, dense);
				break;
			case QUARRY__WINDOW_FUNC_KIND__WIN_PERCENT_RANK:
				v = float_value(n > 1 ? (gs - ps) / (n - 1) : 0);
				break;
			default:
				v = float_value((w->gend[i] - ps) / n);
				break;
		}
		put(w, f, i, &v);
	}
}

static bool
compute_partition(WinOp *w, uint32_t ps, uint32_t pe, Err *err)
{
	peer_groups(w, ps, pe);
	for (int f = 0; f < w->nfuncs; f++) {
		bool		ok = true;

		switch (w->win->funcs[f]->kind) {
			case QUARRY__WINDOW_FUNC_KIND__WIN_AGGREGATE:
				ok = window_agg(w, f, ps, pe, err);
				break;
			case QUARRY__WINDOW_FUNC_KIND__WIN_NTILE:
				ok = window_ntile(w, f, ps, pe, err);
				break;
			case QUARRY__WINDOW_FUNC_KIND__WIN_LAG:
			case QUARRY__WINDOW_FUNC_KIND__WIN_LEAD:
				ok = window_lag(w, f, ps, pe,
								w->win->funcs[f]->kind == QUARRY__WINDOW_FUNC_KIND__WIN_LEAD);
				break;
			case QUARRY__WINDOW_FUNC_KIND__WIN_FIRST_VALUE:
			case QUARRY__WINDOW_FUNC_KIND__WIN_LAST_VALUE:
			case QUARRY__WINDOW_FUNC_KIND__WIN_NTH_VALUE:
				ok = window_value(w, f, ps, pe, err);
				break;
			default:
				window_rank(w, f, ps, pe);
				break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* ---- the operator ---- */

static bool
keep_batch(WinOp *w, const Batch *b, Err *err)
{
	Arena	   *arena = w->op.cx->arena;

	if (batch_rows(b) == 0)
		return true;
	if ((uint64_t) w->nrows + batch_rows(b) >= UINT32_MAX)
		return err_set(err, ERRCODE_INSUFFICIENT_RESOURCES, "too many rows for a window");
	if (w->nbatches == w->batches_cap) {
		uint32_t	cap = w->batches_cap ? w->batches_cap * 2 : 16;
		Batch	  **grown = arena_array(arena, Batch *, cap);
		uint32_t   *first = arena_array(arena, uint32_t, cap);

		if (w->nbatches > 0) {
			memcpy(grown, w->batches, sizeof(Batch *) * w->nbatches);
			memcpy(first, w->first, sizeof(uint32_t) * w->nbatches);
		}
		w->batches = grown;
		w->first = first;
		w->batches_cap = cap;
	}
	w->first[w->nbatches] = w->nrows;
	w->batches[w->nbatches++] = batch_compact(arena, b, w->op.child->types);
	w->nrows += batch_rows(b);
	return true;
}

static bool
compute_all(WinOp *w, Err *err)
{
	Arena	   *arena = w->op.cx->arena;
	const Quarry__Window *win = w->win;
	uint32_t	ps = 0;

	w->uniform = true;
	for (uint32_t b = 0; b + 1 < w->nbatches; b++)
		w->uniform &= w->batches[b]->count == BATCH_SIZE;
	w->res = arena_array(arena, Vector *, w->nbatches + 1);
	for (uint32_t b = 0; b < w->nbatches; b++) {
		w->res[b] = arena_array(arena, Vector, w->nfuncs + 1);
		for (int f = 0; f < w->nfuncs; f++)
			vec_alloc(arena, &w->res[b][f], (TypeId) win->funcs[f]->type);
	}
	w->gstart = arena_array(arena, uint32_t, w->nrows + 1);
	w->gend = arena_array(arena, uint32_t, w->nrows + 1);
	w->deque = arena_array(arena, uint32_t, w->nrows + 1);
	while (ps < w->nrows) {
		uint32_t	pe = ps + 1;

		while (pe < w->nrows &&
			   same_keys(w, win->partition_by, (int) win->n_partition_by, pe - 1, pe))
			pe++;
		if (!compute_partition(w, ps, pe, err) || !exec_check_cancel(w->op.cx, err))
			return false;
		ps = pe;
	}
	return true;
}

static bool
window_open(Op *op, Err *err)
{
	WinOp	   *w = (WinOp *) op;
	Batch	   *b;
	OpStatus	st;

	if (!exec_open(op->child, err))
		return false;
	while ((st = exec_next(op->child, &b, err)) == OP_BATCH)
		if (!keep_batch(w, b, err))
			return false;
	if (st != OP_DONE)
		return false;
	return compute_all(w, err);
}

static OpStatus
window_next(Op *op, Batch **out, Err *err)
{
	WinOp	   *w = (WinOp *) op;
	const Batch *in;
	Batch	   *b;

	(void) err;
	if (w->emitted == w->nbatches)
		return OP_DONE;
	arena_reset(&op->scratch);
	in = w->batches[w->emitted];
	b = arena_new(&op->scratch, Batch);
	b->ncols = op->ncols;
	b->cols = arena_array(&op->scratch, Vector, op->ncols + 1);
	memcpy(b->cols, in->cols, sizeof(Vector) * w->ninput);
	memcpy(b->cols + w->ninput, w->res[w->emitted], sizeof(Vector) * w->nfuncs);
	b->count = in->count;
	b->arena = op->cx->arena;
	w->emitted++;
	*out = b;
	return OP_BATCH;
}

static void
window_close(Op *op)
{
	exec_close(op->child);
}

static const OpVtbl window_vtbl = {"Window", window_open, window_next, window_close};

/* sorted_input: the Window's input under a Sort by its partition and order keys. */
static const Quarry__PlanNode *
sorted_input(ExecCtx *cx, const Quarry__Window *win)
{
	Quarry__PlanNode *n = arena_new(cx->arena, Quarry__PlanNode);
	Quarry__Sort *s = arena_new(cx->arena, Quarry__Sort);
	size_t		nk = win->n_partition_by + win->n_order_by;

	if (nk == 0)
		return win->input;
	quarry__plan_node__init(n);
	quarry__sort__init(s);
	s->input = win->input;
	s->n_keys = nk;
	s->keys = arena_array(cx->arena, Quarry__SortKey *, nk);
	for (size_t k = 0; k < win->n_partition_by; k++) {
		Quarry__SortKey *key = arena_new(cx->arena, Quarry__SortKey);

		quarry__sort_key__init(key);
		key->column = win->partition_by[k];
		s->keys[k] = key;
	}
	for (size_t k = 0; k < win->n_order_by; k++)
		s->keys[win->n_partition_by + k] = win->order_by[k];
	n->node_case = QUARRY__PLAN_NODE__NODE_SORT;
	n->sort = s;
	n->n_output_types = win->input->n_output_types;
	n->output_types = win->input->output_types;
	return n;
}

/* check_plan: the columns a Window names exist and its functions fit their outputs. */
static bool
check_plan(const WinOp *w, Err *err)
{
	const Quarry__Window *win = w->win;
	int			nin = w->ninput;

	if (w->op.ncols != nin + w->nfuncs ||
		(nin > 0 && memcmp(w->op.types, w->op.child->types, sizeof(int32_t) * nin) != 0))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "window output does not match its input");
	for (size_t k = 0; k < win->n_partition_by; k++)
		if (win->partition_by[k] < 0 || win->partition_by[k] >= nin)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid window key in plan fragment");
	for (size_t k = 0; k < win->n_order_by; k++)
		if (win->order_by[k]->column < 0 || win->order_by[k]->column >= nin)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid window key in plan fragment");
	for (int f = 0; f < w->nfuncs; f++) {
		const Quarry__WindowFunc *fn = win->funcs[f];
		size_t		need = fn->kind == QUARRY__WINDOW_FUNC_KIND__WIN_AGGREGATE ?
			(fn->agg == QUARRY__AGG_FUNC__AGG_COUNT_STAR ? 0 : 1) :
			fn->kind == QUARRY__WINDOW_FUNC_KIND__WIN_NTILE ||
			fn->kind >= QUARRY__WINDOW_FUNC_KIND__WIN_LAG ? 1 : 0;

		if (fn->type != w->op.types[nin + f] || fn->n_args < need || fn->n_args > 3)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid window function in plan fragment");
		for (size_t k = 0; k < fn->n_args; k++)
			if (fn->args[k] < 0 || fn->args[k] >= nin)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid window function in plan fragment");
		if (fn->has_filter && (fn->filter < 0 || fn->filter >= nin ||
							   w->op.child->types[fn->filter] != TYPE_BOOL))
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid window FILTER in plan fragment");
	}
	return true;
}

Op *
op_window_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	WinOp	   *w = arena_new(cx->arena, WinOp);

	op_init(&w->op, &window_vtbl, cx, plan);
	w->win = plan->window;
	w->nfuncs = (int) w->win->n_funcs;
	if (w->win->input == NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "window without input in plan fragment");
		return NULL;
	}
	w->ninput = (int) w->win->input->n_output_types;
	if ((w->op.child = exec_build(cx, sorted_input(cx, w->win), err)) == NULL)
		return NULL;
	return check_plan(w, err) ? &w->op : NULL;
}
