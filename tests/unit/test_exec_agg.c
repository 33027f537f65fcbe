/*
 * test_exec_agg.c
 *	  Hash aggregation over the table file t of exec_util.h: with and
 *	  without GROUP BY, empty input, NULL keys, float keys, thousands of
 *	  groups (several output batches, hash-table growth) and overflow.
 */
#include "exec_util.h"

TestSuite(exec_agg, .init = setup, .fini = teardown);

Test(exec_agg, aggregate_without_group_by)
{
	Result		r;
	int64_t		count = 0;
	int64_t		sum = 0;

	write_table(3000, 2048);
	for (int i = 0; i < 3000; i++)
		if (!val_null(i)) {
			count++;
			sum += i % 10;
		}
	r = run_ok(aggregate(scan_all(), 0, NULL, 6, (const int[]) {
		AGG(COUNT_STAR), -1, AGG(COUNT), 2, AGG(SUM), 2, AGG(MIN), 0, AGG(MAX), 1, AGG(AVG), 3}));
	cr_assert_eq(r.nrows, 1);
	cr_assert_eq(AT(r, 0, 0).u.i, 3000);
	cr_assert_eq(AT(r, 0, 1).u.i, count);
	cr_assert_eq(AT(r, 0, 2).u.i, sum);
	cr_assert_eq(AT(r, 0, 3).u.i, 0);
	cr_assert(str_is(&AT(r, 0, 4), "beta"));
	cr_assert_eq(AT(r, 0, 5).u.f, 2999 / 4.0);
}

Test(exec_agg, aggregate_empty_input)
{
	Quarry__PlanNode *none;
	Result		r;

	write_table(50, 50);
	none = filter(scan_all(), op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 0)));
	r = run_ok(aggregate(none, 0, NULL, 4, (const int[]) {
		AGG(COUNT_STAR), -1, AGG(COUNT), 2, AGG(SUM), 2, AGG(MAX), 1}));
	cr_assert_eq(r.nrows, 1);
	cr_assert_not(AT(r, 0, 0).is_null);
	cr_assert_eq(AT(r, 0, 0).u.i, 0);
	cr_assert_eq(AT(r, 0, 1).u.i, 0);
	cr_assert(AT(r, 0, 2).is_null);
	cr_assert(AT(r, 0, 3).is_null);
	/* with GROUP BY, no input means no groups */
	none = filter(scan_all(), op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 0)));
	cr_assert_eq(run_ok(aggregate(none, 1, (const int[]) {1}, 1, (const int[]) {AGG(COUNT_STAR), -1})).nrows, 0);
}

Test(exec_agg, group_by_with_null_keys)
{
	Result		r;
	int64_t		want[4] = {0};

	write_table(1000, 300);
	for (int i = 0; i < 1000; i++)
		want[grp_null(i) ? 3 : i % 4 % 3]++;
	/* SELECT grp, count(*), count(val) FROM t GROUP BY grp ORDER BY grp NULLS FIRST */
	r = run_ok(sort(aggregate(scan_all(), 1, (const int[]) {1}, 2, (const int[]) {
		AGG(COUNT_STAR), -1, AGG(COUNT), 2}), 1, (const int[]) {0, 0, 1}));
	cr_assert_eq(r.nrows, 4);
	cr_assert(AT(r, 0, 0).is_null);
	cr_assert_eq(AT(r, 0, 1).u.i, want[3]);
	cr_assert(str_is(&AT(r, 1, 0), names[2]));
	cr_assert_eq(AT(r, 1, 1).u.i, want[2]);
	cr_assert(str_is(&AT(r, 2, 0), "alpha"));
	cr_assert_eq(AT(r, 2, 1).u.i, want[0]);
	cr_assert(str_is(&AT(r, 3, 0), "beta"));
	cr_assert_eq(AT(r, 3, 1).u.i, want[1]);
	cr_assert_leq(AT(r, 3, 2).u.i, want[1]);
}

Test(exec_agg, many_groups)
{
	Quarry__Expr *exprs[2];
	Result		r;

	write_table(12000, 2048);
	/* SELECT id % 5000, count(*), sum(val) ... GROUP BY 1 ORDER BY 1: 5000 groups */
	exprs[0] = op2(XOP(MOD), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 5000));
	exprs[1] = col(2, TYPE_INT4);
	r = run_ok(sort(aggregate(project(scan_all(), 2, exprs), 1, (const int[]) {0}, 2,
							  (const int[]) {AGG(COUNT_STAR), -1, AGG(SUM), 1}),
					1, (const int[]) {0, 0, 0}));
	cr_assert_eq(r.nrows, 5000);
	for (int g = 0; g < 5000; g++) {
		int64_t		count = 0;
		int64_t		sum = 0;
		bool		any = false;

		for (int i = g; i < 12000; i += 5000) {
			count++;
			if (!val_null(i)) {
				sum += i % 10;
				any = true;
			}
		}
		cr_assert_eq(AT(r, g, 0).u.i, g);
		cr_assert_eq(AT(r, g, 1).u.i, count, "group %d", g);
		cr_assert_eq(AT(r, g, 2).is_null, !any, "group %d", g);
		if (any)
			cr_assert_eq(AT(r, g, 2).u.i, sum, "group %d", g);
	}
}

Test(exec_agg, float_zero_and_minus_zero_group_together)
{
	Quarry__Expr *exprs[1];
	Quarry__Expr *cast = mk(KIND(CAST), TYPE_FLOAT8);
	Result		r;

	write_table(4, 4);
	/* f * (id - 1)::float8 gives -0, 0, 1, 3 for rows 0..3 */
	cast->n_args = 1;
	cast->args = arena_array(&arena, Quarry__Expr *, 1);
	cast->args[0] = op2(XOP(SUB), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 1));
	exprs[0] = op2(XOP(MUL), TYPE_FLOAT8, col(3, TYPE_FLOAT8), cast);
	/* PostgreSQL: -0 = 0, so GROUP BY makes them one group */
	r = run_ok(sort(aggregate(project(scan_all(), 1, exprs), 1, (const int[]) {0}, 1,
							  (const int[]) {AGG(COUNT_STAR), -1}), 1, (const int[]) {0, 0, 0}));
	cr_assert_eq(r.nrows, 3);
	cr_assert_eq(AT(r, 0, 0).u.f, 0.0);
	cr_assert_eq(AT(r, 0, 1).u.i, 2);
	cr_assert_eq(AT(r, 1, 0).u.f, 1.0);
	cr_assert_eq(AT(r, 2, 0).u.f, 3.0);
}

Test(exec_agg, sum_overflow)
{
	Quarry__PlanNode *big;
	Quarry__Expr *exprs[1];
	Quarry__Expr *k = mk(KIND(CONST), TYPE_INT8);

	write_table(3, 3);
	k->value = arena_new(&arena, Quarry__Datum);
	*k->value = (Quarry__Datum) QUARRY__DATUM__INIT;
	k->value->value_case = QUARRY__DATUM__VALUE_I;
	k->value->i = INT64_MAX / 2;
	exprs[0] = k;
	big = project(scan_all(), 1, exprs);
	run_fails(aggregate(big, 0, NULL, 1, (const int[]) {AGG(SUM), 0}), "22003");
}
