/*
 * test_exec_apply.c
 *	  Apply (exec/op_apply.c): the inner plan run once per outer row with
 *	  the row's values as params (INNER, LEFT, SEMI, ANTI), a nested Apply
 *	  reading both levels, string and numeric params, EXPLAIN ANALYZE's
 *	  per-node sums over the runs, malformed plans; and Series
 *	  (exec/op_series.c): steps, NULLs, zero steps, more than a batch.
 */
#include "exec_util.h"

TestSuite(exec_apply, .init = setup, .fini = teardown);

/* values: a Values node of n int4 rows 1..n (n < 0: none) */
static Quarry__PlanNode *
values(int n)
{
	Quarry__PlanNode *p = node(1, (const int32_t[]) {TYPE_INT4});
	Quarry__Values *vals = arena_new(&arena, Quarry__Values);

	quarry__values__init(vals);
	vals->n_rows = n > 0 ? (size_t) n : 0;
	vals->rows = arena_array(&arena, Quarry__ValuesRow *, n > 0 ? n : 1);
	for (int i = 0; i < n; i++) {
		Quarry__ValuesRow *row = arena_new(&arena, Quarry__ValuesRow);

		quarry__values_row__init(row);
		row->n_values = 1;
		row->values = arena_array(&arena, Quarry__Datum *, 1);
		row->values[0] = cint(TYPE_INT4, i + 1)->value;
		vals->rows[i] = row;
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_VALUES;
	p->values = vals;
	return p;
}

static Quarry__Expr *
param(int id, TypeId t)
{
	Quarry__Expr *e = mk(QUARRY__EXPR_KIND__EXPR_PARAM, t);

	e->column = id;
	return e;
}

/* apply: outer's rows, each with inner's over param id 100 = outer column 0 */
static Quarry__PlanNode *
apply(Quarry__PlanNode *outer, Quarry__PlanNode *inner, Quarry__JoinType type)
{
	bool		semi = type == QUARRY__JOIN_TYPE__JOIN_SEMI || type == QUARRY__JOIN_TYPE__JOIN_ANTI;
	int			n = (int) outer->n_output_types + (semi ? 0 : (int) inner->n_output_types);
	int32_t		types[8];
	Quarry__PlanNode *p;

	memcpy(types, outer->output_types, sizeof(int32_t) * outer->n_output_types);
	if (!semi)
		memcpy(types + outer->n_output_types, inner->output_types,
			   sizeof(int32_t) * inner->n_output_types);
	p = node(n, types);
	p->node_case = QUARRY__PLAN_NODE__NODE_APPLY;
	p->apply = arena_new(&arena, Quarry__Apply);
	quarry__apply__init(p->apply);
	p->apply->outer = outer;
	p->apply->inner = inner;
	p->apply->type = type;
	p->apply->n_param_ids = p->apply->n_params = 1;
	p->apply->param_ids = arena_array(&arena, int32_t, 1);
	p->apply->param_ids[0] = 100;
	p->apply->params = arena_array(&arena, Quarry__Expr *, 1);
	p->apply->params[0] = col(0, (TypeId) outer->output_types[0]);
	return p;
}

/* below: inner rows 1..5 less than the param */
static Quarry__PlanNode *
below(void)
{
	return filter(values(5), op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), param(100, TYPE_INT4)));
}

Test(exec_apply, inner_left_semi_anti)
{
	Result		r = run_ok(apply(values(4), below(), QUARRY__JOIN_TYPE__JOIN_INNER));

	/* outer 1: none; 2: 1; 3: 1, 2; 4: 1, 2, 3 */
	cr_assert_eq(r.nrows, 6);
	cr_assert_eq(AT(r, 0, 0).u.i, 2);
	cr_assert_eq(AT(r, 0, 1).u.i, 1);
	cr_assert_eq(AT(r, 5, 0).u.i, 4);
	cr_assert_eq(AT(r, 5, 1).u.i, 3);
	r = run_ok(apply(values(4), below(), QUARRY__JOIN_TYPE__JOIN_LEFT));
	cr_assert_eq(r.nrows, 7);
	cr_assert_eq(AT(r, 0, 0).u.i, 1);
	cr_assert(AT(r, 0, 1).is_null);
	r = run_ok(apply(values(4), below(), QUARRY__JOIN_TYPE__JOIN_SEMI));
	cr_assert_eq(r.nrows, 3);
	cr_assert_eq(r.ncols, 1);
	cr_assert_eq(AT(r, 0, 0).u.i, 2);
	r = run_ok(apply(values(4), below(), QUARRY__JOIN_TYPE__JOIN_ANTI));
	cr_assert_eq(r.nrows, 1);
	cr_assert_eq(AT(r, 0, 0).u.i, 1);
	r = run_ok(apply(values(-1), below(), QUARRY__JOIN_TYPE__JOIN_LEFT));
	cr_assert_eq(r.nrows, 0);
}

Test(exec_apply, more_than_a_batch)
{
	/* 3000 outer rows, each with one inner row: the output spans batches */
	Quarry__PlanNode *one = filter(values(5), op2(XOP(EQ), TYPE_BOOL, col(0, TYPE_INT4),
												   cint(TYPE_INT4, 1)));
	Result		r = run_ok(apply(values(3000), one, QUARRY__JOIN_TYPE__JOIN_INNER));

	cr_assert_eq(r.nrows, 3000);
	for (int i = 0; i < 3000; i++)
		cr_assert_eq(AT(r, i, 0).u.i, i + 1);
}

Test(exec_apply, nested_reads_both_levels)
{
	/*
	 * outer x in 1..3; middle y in 1..3 with y <= x; innermost: the rows
	 * z of 1..5 with z = x + y (param 100 is x, 200 is y).
	 */
	Quarry__PlanNode *innermost = filter(values(5), op2(XOP(EQ), TYPE_BOOL, col(0, TYPE_INT4),
														op2(XOP(ADD), TYPE_INT4, param(100, TYPE_INT4),
															param(200, TYPE_INT4))));
	Quarry__PlanNode *middle = filter(values(3), op2(XOP(LE), TYPE_BOOL, col(0, TYPE_INT4),
													 param(100, TYPE_INT4)));
	Quarry__PlanNode *mid_apply = apply(middle, innermost, QUARRY__JOIN_TYPE__JOIN_INNER);
	Result		r;

	mid_apply->apply->param_ids[0] = 200;
	r = run_ok(apply(values(3), mid_apply, QUARRY__JOIN_TYPE__JOIN_INNER));
	/* x=1: y=1 z=2; x=2: y=1 z=3, y=2 z=4; x=3: y=1 z=4, y=2 z=5, y=3 z=6 (none) */
	cr_assert_eq(r.nrows, 5);
	for (int i = 0; i < r.nrows; i++)
		cr_assert_eq(AT(r, i, 2).u.i, AT(r, i, 0).u.i + AT(r, i, 1).u.i);
}

Test(exec_apply, explain_analyze_sums_the_runs)
{
	Quarry__PlanNode *plan = apply(values(4), below(), QUARRY__JOIN_TYPE__JOIN_INNER);
	Arena		task;
	ExecCtx		cx = {.arena = &task};
	Err			err;
	Op		   *op;
	Batch	   *b;
	int64_t		rows[8];
	int64_t		us[8];
	int			n;

	arena_init(&task);
	err_clear(&err);
	cr_assert((op = exec_build(&cx, plan, &err)) != NULL && exec_open(op, &err), "%s", err.message);
	while (exec_next(op, &b, &err) == OP_BATCH)
		;
	exec_close(op);
	n = exec_node_rows(&cx, plan, rows, us, 8);
	/* Apply, outer Values, inner Filter, inner Values */
	cr_assert_eq(n, 4);
	cr_assert_eq(rows[0], 6);
	cr_assert_eq(rows[1], 4);
	cr_assert_eq(rows[2], 6);
	cr_assert_eq(rows[3], 20);
	arena_reset(&task);
}

Test(exec_apply, malformed)
{
	Quarry__PlanNode *p = apply(values(2), below(), QUARRY__JOIN_TYPE__JOIN_INNER);

	p->apply->n_params = 0;
	run_fails(p, "08P01");
	p = apply(values(2), below(), QUARRY__JOIN_TYPE__JOIN_INNER);
	p->n_output_types = 1;
	run_fails(p, "08P01");
	/* a param no Apply fills is an error, not a crash */
	run_fails(below(), "08P01");
}

static Quarry__PlanNode *
series(Quarry__PlanNode *in, Quarry__Expr *start, Quarry__Expr *stop, Quarry__Expr *step)
{
	int32_t		types[8];
	Quarry__PlanNode *p;

	memcpy(types, in->output_types, sizeof(int32_t) * in->n_output_types);
	types[in->n_output_types] = start->type;
	p = node((int) in->n_output_types + 1, types);
	p->node_case = QUARRY__PLAN_NODE__NODE_SERIES;
	p->series = arena_new(&arena, Quarry__Series);
	quarry__series__init(p->series);
	p->series->input = in;
	p->series->start = start;
	p->series->stop = stop;
	p->series->step = step;
	return p;
}

Test(exec_apply, series)
{
	Result		r = run_ok(series(values(3), cint(TYPE_INT4, 1), col(0, TYPE_INT4), NULL));

	cr_assert_eq(r.nrows, 6);
	cr_assert_eq(AT(r, 5, 0).u.i, 3);
	cr_assert_eq(AT(r, 5, 1).u.i, 3);
	r = run_ok(series(values(1), cint(TYPE_INT8, 10), cint(TYPE_INT8, 1), cint(TYPE_INT8, -4)));
	cr_assert_eq(r.nrows, 3);
	cr_assert_eq(AT(r, 2, 1).u.i, 2);
	r = run_ok(series(values(1), cint(TYPE_INT8, 1), cint(TYPE_INT8, 5000), NULL));
	cr_assert_eq(r.nrows, 5000);
	cr_assert_eq(AT(r, 4999, 1).u.i, 5000);
	r = run_ok(series(values(2), cint(TYPE_INT4, 1), cnull(TYPE_INT4), NULL));
	cr_assert_eq(r.nrows, 0);
	/* the last int8 does not overflow into more rows */
	r = run_ok(series(values(1), cint(TYPE_INT8, INT64_MAX - 1), cint(TYPE_INT8, INT64_MAX), NULL));
	cr_assert_eq(r.nrows, 2);
	run_fails(series(values(1), cint(TYPE_INT4, 1), cint(TYPE_INT4, 3), cint(TYPE_INT4, 0)), "22023");
	run_fails(series(values(1), cint(TYPE_INT4, 1), cint(TYPE_INT8, 3), NULL), "08P01");
}
