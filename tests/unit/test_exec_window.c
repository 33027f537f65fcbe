/*
 * test_exec_window.c
 *	  The Window operator (exec/op_window.c) over the table file t of
 *	  exec_util.h, written in batches of 700 rows so the input's batches are
 *	  not all full: partitions with a NULL key, ROWS frames, lag, whole
 *	  partitions without keys, EXPLAIN ANALYZE's row counts through
 *	  common/planwalk.c, and malformed plans.  Results are checked against
 *	  sums computed here row by row.
 */
#include "exec_util.h"

TestSuite(exec_window, .init = setup, .fini = teardown);

#define NROWS 5000
#define WIN(x) QUARRY__WINDOW_FUNC_KIND__WIN_##x
#define BOUND(x) QUARRY__FRAME_BOUND__FRAME_##x

static Quarry__WindowFunc *
wfunc(Quarry__WindowFuncKind kind, Quarry__AggFunc agg, TypeId type, int arg)
{
	Quarry__WindowFunc *f = arena_new(&arena, Quarry__WindowFunc);

	*f = (Quarry__WindowFunc) QUARRY__WINDOW_FUNC__INIT;
	f->kind = kind;
	f->agg = agg;
	f->type = type;
	f->end = BOUND(CURRENT_ROW);
	if (arg >= 0) {
		f->n_args = 1;
		f->args = arena_memdup(&arena, &arg, sizeof(int32_t));
	}
	return f;
}

/* window over t: partition by part (or none), order by id, funcs. */
static Quarry__PlanNode *
window(int part, Quarry__WindowFunc **funcs, int nfuncs)
{
	Quarry__PlanNode *in = scan_all();
	int32_t		types[8];
	Quarry__PlanNode *p;
	Quarry__Window *w = arena_new(&arena, Quarry__Window);

	memcpy(types, t_types, sizeof(t_types));
	for (int f = 0; f < nfuncs; f++)
		types[4 + f] = funcs[f]->type;
	p = node(4 + nfuncs, types);
	*w = (Quarry__Window) QUARRY__WINDOW__INIT;
	w->input = in;
	if (part >= 0) {
		Quarry__SortKey *k = arena_new(&arena, Quarry__SortKey);

		*k = (Quarry__SortKey) QUARRY__SORT_KEY__INIT;
		k->column = 0;
		w->n_partition_by = 1;
		w->partition_by = arena_memdup(&arena, &part, sizeof(int32_t));
		w->n_order_by = 1;
		w->order_by = arena_memdup(&arena, &k, sizeof(k));
	}
	w->n_funcs = (size_t) nfuncs;
	w->funcs = arena_memdup(&arena, funcs, sizeof(*funcs) * (size_t) nfuncs);
	p->node_case = QUARRY__PLAN_NODE__NODE_WINDOW;
	p->window = w;
	return p;
}

/* group: row i's partition in sort order: "a group ...", "alpha", "beta", then NULL. */
static int
group(int i)
{
	static const int rank_of[] = {1, 2, 0};

	return grp_null(i) ? 3 : rank_of[i % 4 % 3];
}

Test(exec_window, partitions_frames_lag)
{
	Quarry__WindowFunc *f[4];
	Result		r;
	int			prev_group = -1;

	write_table(NROWS, 700);
	f[0] = wfunc(WIN(ROW_NUMBER), 0, TYPE_INT8, -1);
	f[1] = wfunc(WIN(AGGREGATE), AGG(SUM), TYPE_INT8, 2);	/* sum(val) ROWS 2 PRECEDING */
	f[1]->rows = true;
	f[1]->start = BOUND(PRECEDING);
	f[1]->start_offset = 2;
	f[2] = wfunc(WIN(LAG), 0, TYPE_INT4, 2);
	f[3] = wfunc(WIN(AGGREGATE), AGG(COUNT_STAR), TYPE_INT8, -1);	/* the whole partition */
	f[3]->end = BOUND(UNBOUNDED_FOLLOWING);
	r = run_ok(window(1, f, 4));
	cr_assert_eq(r.nrows, NROWS);
	for (int k = 0; k < NROWS; k++) {
		int			id = (int) AT(r, k, 0).u.i;
		int			g = group(id);
		int64_t		rn = 0;
		int64_t		size = 0;
		int64_t		sum = 0;
		int			nvals = 0;
		int			seen = 0;
		int			prev = -1;

		cr_assert_geq(g, prev_group, "row %d: partitions out of order", k);
		prev_group = g;
		for (int j = 0; j < NROWS; j++)
			if (group(j) == g) {
				size++;
				rn += j <= id;
				if (j < id)
					prev = j;
			}
		for (int j = id; j >= 0 && seen < 3; j--)
			if (group(j) == g) {
				seen++;
				if (!val_null(j)) {
					sum += j % 10;
					nvals++;
				}
			}
		cr_assert_eq(AT(r, k, 4).u.i, rn, "row_number of id %d", id);
		cr_assert_eq(AT(r, k, 5).is_null, nvals == 0, "sum of id %d", id);
		if (nvals > 0)
			cr_assert_eq(AT(r, k, 5).u.i, sum, "sum of id %d", id);
		cr_assert_eq(AT(r, k, 6).is_null, prev < 0 || val_null(prev), "lag of id %d", id);
		if (!AT(r, k, 6).is_null)
			cr_assert_eq(AT(r, k, 6).u.i, prev % 10, "lag of id %d", id);
		cr_assert_eq(AT(r, k, 7).u.i, size, "count of id %d", id);
	}
}

Test(exec_window, one_partition_without_keys)
{
	Quarry__WindowFunc *f[3];
	Result		r;
	int64_t		sum = 0;

	write_table(NROWS, 700);
	f[0] = wfunc(WIN(RANK), 0, TYPE_INT8, -1);
	f[1] = wfunc(WIN(LAST_VALUE), 0, TYPE_INT4, 0);
	f[2] = wfunc(WIN(AGGREGATE), AGG(SUM), TYPE_INT8, 2);
	for (int i = 0; i < NROWS; i++)
		sum += val_null(i) ? 0 : i % 10;
	r = run_ok(window(-1, f, 3));
	cr_assert_eq(r.nrows, NROWS);
	for (int k = 0; k < NROWS; k++) {
		cr_assert_eq(AT(r, k, 0).u.i, k, "input order kept");
		cr_assert_eq(AT(r, k, 4).u.i, 1);
		cr_assert_eq(AT(r, k, 5).u.i, NROWS - 1);
		cr_assert_eq(AT(r, k, 6).u.i, sum);
	}
}

Test(exec_window, node_rows_count_the_window)
{
	Quarry__WindowFunc *f = wfunc(WIN(ROW_NUMBER), 0, TYPE_INT8, -1);
	Quarry__PlanNode *plan;
	Arena		task;
	ExecCtx		cx = {.arena = &task};
	Op		   *op;
	Batch	   *b;
	Err			err;
	int64_t		rows[4];
	int64_t		us[4];

	write_table(NROWS, 700);
	plan = window(1, &f, 1);
	arena_init(&task);
	err_clear(&err);
	cr_assert_not_null(op = exec_build(&cx, plan, &err), "%s", err.message);
	cr_assert(exec_open(op, &err), "%s", err.message);
	while (exec_next(op, &b, &err) == OP_BATCH)
		;
	cr_assert_eq(exec_node_rows(&cx, plan, rows, us, 4), 2);
	cr_assert_eq(rows[0], NROWS);
	cr_assert_eq(rows[1], NROWS, "the Scan under the Window: %lld", (long long) rows[1]);
	exec_close(op);
	arena_reset(&task);
}

Test(exec_window, malformed_plans)
{
	Quarry__WindowFunc *f = wfunc(WIN(LAG), 0, TYPE_INT4, 2);
	Quarry__PlanNode *p;

	write_table(10, 10);
	p = window(9, &f, 1);		/* no column 9 */
	run_fails(p, "08P01");
	f->args[0] = 7;
	run_fails(window(1, &f, 1), "08P01");
	f->args[0] = 2;
	f->type = TYPE_TEXT;		/* not its output's type */
	p = window(1, &f, 1);
	p->output_types[4] = TYPE_INT4;
	run_fails(p, "08P01");
}
