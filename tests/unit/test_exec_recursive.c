/*
 * test_exec_recursive.c
 *	  RecursiveUnion and WorkTableScan (exec/op_recursive.c): UNION ALL
 *	  runs until a run returns nothing, UNION drops rows seen before (so a
 *	  cycle ends, NULLs equal), runs of more than a batch, cancel between
 *	  runs, and malformed plans.
 */
#include "exec_util.h"

#include <pthread.h>
#include <time.h>

TestSuite(exec_recursive, .init = setup, .fini = teardown);

static Quarry__PlanNode *
one_row(int64_t v, TypeId t)
{
	Quarry__PlanNode *p = node(1, (const int32_t[]) {t});
	Quarry__Values *vals = arena_new(&arena, Quarry__Values);
	Quarry__ValuesRow *row = arena_new(&arena, Quarry__ValuesRow);

	quarry__values__init(vals);
	quarry__values_row__init(row);
	row->n_values = 1;
	row->values = arena_array(&arena, Quarry__Datum *, 1);
	row->values[0] = cint(t, v)->value;
	vals->n_rows = 1;
	vals->rows = arena_array(&arena, Quarry__ValuesRow *, 1);
	vals->rows[0] = row;
	p->node_case = QUARRY__PLAN_NODE__NODE_VALUES;
	p->values = vals;
	return p;
}

static Quarry__PlanNode *
work_table(int id, TypeId t)
{
	Quarry__PlanNode *p = node(1, (const int32_t[]) {t});

	p->node_case = QUARRY__PLAN_NODE__NODE_WORK_TABLE_SCAN;
	p->work_table_scan = arena_new(&arena, Quarry__WorkTableScan);
	quarry__work_table_scan__init(p->work_table_scan);
	p->work_table_scan->id = id;
	return p;
}

static Quarry__PlanNode *
recursive_union(Quarry__PlanNode *non_recursive, Quarry__PlanNode *recursive, bool distinct, int id)
{
	Quarry__PlanNode *p = node((int) non_recursive->n_output_types, non_recursive->output_types);

	p->node_case = QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION;
	p->recursive_union = arena_new(&arena, Quarry__RecursiveUnion);
	quarry__recursive_union__init(p->recursive_union);
	p->recursive_union->non_recursive = non_recursive;
	p->recursive_union->recursive = recursive;
	p->recursive_union->distinct = distinct;
	p->recursive_union->id = id;
	return p;
}

/* step: expr(n) over the work table's rows where n < bound (bound < 0: all). */
static Quarry__PlanNode *
step(int id, Quarry__Expr *expr, int64_t bound)
{
	Quarry__PlanNode *in = work_table(id, TYPE_INT4);

	if (bound >= 0)
		in = filter(in, op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, bound)));
	return project(in, 1, (Quarry__Expr *[]) {expr});
}

Test(exec_recursive, union_all_counts)
{
	Quarry__Expr *plus1 = op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1));
	Result		r = run_ok(recursive_union(one_row(1, TYPE_INT4), step(7, plus1, 3000), false, 7));

	cr_assert_eq(r.nrows, 3000);
	for (int i = 0; i < 3000; i++)
		cr_assert_eq(AT(r, i, 0).u.i, i + 1);
}

Test(exec_recursive, union_ends_on_a_cycle)
{
	/* n -> (n + 1) % 5 never stops under UNION ALL; UNION stops after 5 rows */
	Quarry__Expr *next = op2(XOP(MOD), TYPE_INT4,
							 op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1)),
							 cint(TYPE_INT4, 5));
	Result		r = run_ok(recursive_union(one_row(0, TYPE_INT4), step(1, next, -1), true, 1));

	cr_assert_eq(r.nrows, 5);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(AT(r, i, 0).u.i, i);
}

Test(exec_recursive, union_nulls_are_equal)
{
	Quarry__PlanNode *nul = project(work_table(2, TYPE_INT4), 1,
									(Quarry__Expr *[]) {cnull(TYPE_INT4)});
	Quarry__PlanNode *first = project(one_row(1, TYPE_INT4), 1,
									  (Quarry__Expr *[]) {cnull(TYPE_INT4)});
	Result		r = run_ok(recursive_union(first, nul, true, 2));

	cr_assert_eq(r.nrows, 1);
	cr_assert(AT(r, 0, 0).is_null);
}

Test(exec_recursive, runs_wider_than_a_batch)
{
	/* each run doubles the rows: 1, 2, 4, ... 4096 (rows 2n and 2n+1 of n) */
	Quarry__PlanNode *wt = work_table(3, TYPE_INT4);
	Quarry__PlanNode *twice = filter(wt, op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4),
											 cint(TYPE_INT4, 4096)));
	Quarry__PlanNode *even = project(twice, 1, (Quarry__Expr *[]) {
		op2(XOP(MUL), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 2))});
	Quarry__PlanNode *odd = project(filter(work_table(3, TYPE_INT4),
										   op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4),
											   cint(TYPE_INT4, 4096))),
									1, (Quarry__Expr *[]) {
		op2(XOP(ADD), TYPE_INT4, op2(XOP(MUL), TYPE_INT4, col(0, TYPE_INT4),
									 cint(TYPE_INT4, 2)), cint(TYPE_INT4, 1))});
	Quarry__PlanNode *both = node(1, (const int32_t[]) {TYPE_INT4});
	Result		r;
	int64_t		sum = 0;

	both->node_case = QUARRY__PLAN_NODE__NODE_APPEND;
	both->append = arena_new(&arena, Quarry__Append);
	quarry__append__init(both->append);
	both->append->n_inputs = 2;
	both->append->inputs = arena_array(&arena, Quarry__PlanNode *, 2);
	both->append->inputs[0] = even;
	both->append->inputs[1] = odd;
	r = run_ok(recursive_union(one_row(1, TYPE_INT4), both, true, 3));
	cr_assert_eq(r.nrows, 8191);	/* 1 .. 8191, each once */
	for (int i = 0; i < r.nrows; i++)
		sum += AT(r, i, 0).u.i;
	cr_assert_eq(sum, (int64_t) 8191 * 8192 / 2);
}

static void *
cancel_later(void *arg)
{
	struct timespec ts = {0, 100 * 1000 * 1000};

	nanosleep(&ts, NULL);
	atomic_store((atomic_bool *) arg, true);
	return NULL;
}

Test(exec_recursive, cancel_ends_an_endless_recursion)
{
	Quarry__Expr *same = col(0, TYPE_INT4);
	atomic_bool cancel = false;
	pthread_t	th;
	Result		res;
	Err			err;

	pthread_create(&th, NULL, cancel_later, &cancel);
	cr_assert_not(run_plan(recursive_union(one_row(1, TYPE_INT4), step(4, same, -1), false, 4),
						   &cancel, &res, &err));
	pthread_join(th, NULL);
	cr_assert_str_eq(err.sqlstate, ERRCODE_QUERY_CANCELED);
}

Test(exec_recursive, malformed_plans_are_refused)
{
	Quarry__Expr *plus1 = op2(XOP(ADD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1));

	run_fails(work_table(5, TYPE_INT4), ERRCODE_PROTOCOL_VIOLATION);
	/* the work table of another id */
	run_fails(recursive_union(one_row(1, TYPE_INT4), step(6, plus1, 10), false, 5),
			  ERRCODE_PROTOCOL_VIOLATION);
	/* a recursive input of other types */
	run_fails(recursive_union(one_row(1, TYPE_INT4),
							  project(work_table(5, TYPE_INT4), 1,
									  (Quarry__Expr *[]) {cint(TYPE_INT8, 1)}), false, 5),
			  ERRCODE_PROTOCOL_VIOLATION);
}
