/*
 * test_exec_join.c
 *	  The hash join: every join type, NULL keys, empty sides, residuals,
 *	  cross joins, text keys with long chains, and outputs that cross batch
 *	  boundaries.  Both sides scan the test table t of exec_util.h, with
 *	  id = i, grp = one of three names (NULL when i % 4 = 3), val = i % 10
 *	  (NULL when i % 7 = 0).
 */
#include "exec_util.h"

#define JT(x) QUARRY__JOIN_TYPE__JOIN_##x

TestSuite(exec_join, .init = setup, .fini = teardown);

/* join builds a HashJoin of probe and build on one key pair. */
static Quarry__PlanNode *
join(Quarry__PlanNode *probe, Quarry__PlanNode *build, Quarry__Expr *pkey, Quarry__Expr *bkey,
	 Quarry__JoinType type, Quarry__Expr *residual)
{
	bool		pairs = type != JT(SEMI) && type != JT(ANTI);
	int			np = (int) probe->n_output_types;
	int			nb = (int) build->n_output_types;
	int32_t		types[16];
	Quarry__PlanNode *p;
	Quarry__HashJoin *hj = arena_new(&arena, Quarry__HashJoin);

	memcpy(types, probe->output_types, sizeof(int32_t) * np);
	memcpy(types + np, build->output_types, sizeof(int32_t) * nb);
	p = node(np + (pairs ? nb : 0), types);
	*hj = (Quarry__HashJoin) QUARRY__HASH_JOIN__INIT;
	hj->probe = probe;
	hj->build = build;
	hj->type = type;
	hj->residual = residual;
	if (pkey != NULL) {
		hj->n_probe_keys = hj->n_build_keys = 1;
		hj->probe_keys = arena_array(&arena, Quarry__Expr *, 1);
		hj->build_keys = arena_array(&arena, Quarry__Expr *, 1);
		hj->probe_keys[0] = pkey;
		hj->build_keys[0] = bkey;
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_HASH_JOIN;
	p->hash_join = hj;
	return p;
}

/* id_val is a scan of (id, val); rows_below keeps id < n. */
static Quarry__PlanNode *
id_val(void)
{
	return scan(2, (const int32_t[]) {0, 2});
}

static Quarry__PlanNode *
rows_below(Quarry__PlanNode *in, int n)
{
	return filter(in, op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, n)));
}

static int
count_nonnull_val(int n)
{
	int			c = 0;

	for (int i = 0; i < n; i++)
		c += !val_null(i);
	return c;
}

Test(exec_join, inner_on_int_keys_across_batches)
{
	Result		r;

	write_table(5000, 700);
	/* probe (id, val) joins build (id, val) on probe.val = build.id */
	r = run_ok(join(id_val(), id_val(), col(1, TYPE_INT4), col(0, TYPE_INT4), JT(INNER), NULL));
	cr_assert_eq(r.nrows, count_nonnull_val(5000));
	for (int i = 0; i < r.nrows; i++)
		cr_assert_eq(AT(r, i, 1).u.i, AT(r, i, 2).u.i, "key columns differ in row %d", i);
}

Test(exec_join, semi_and_anti)
{
	Result		semi;
	Result		anti;

	write_table(3000, 1000);
	semi = run_ok(join(id_val(), id_val(), col(0, TYPE_INT4), col(1, TYPE_INT4), JT(SEMI), NULL));
	anti = run_ok(join(id_val(), id_val(), col(0, TYPE_INT4), col(1, TYPE_INT4), JT(ANTI), NULL));
	cr_assert_eq(semi.nrows, 10, "ids 0..9 occur among the vals");
	cr_assert_eq(anti.nrows, 2990);
	cr_assert_eq(semi.ncols, 2, "SEMI outputs the probe's columns only");
}

Test(exec_join, null_aware_anti_sees_the_build_side_null)
{
	Result		r;
	Quarry__JoinType t = JT(ANTI);
	Quarry__PlanNode *p;

	write_table(100, 100);
	/* NOT IN (SELECT val ...): val has NULLs, so no row qualifies */
	p = join(id_val(), id_val(), col(0, TYPE_INT4), col(1, TYPE_INT4), t, NULL);
	p->hash_join->null_aware = true;
	r = run_ok(p);
	cr_assert_eq(r.nrows, 0);
	/* without the NULLs (build keeps val IS NOT NULL) ids 10.. qualify */
	p = join(id_val(), filter(id_val(), with_args(mk(KIND(IS_NOT_NULL), TYPE_BOOL), 1,
											   col(1, TYPE_INT4), NULL, NULL)),
			 col(0, TYPE_INT4), col(1, TYPE_INT4), t, NULL);
	p->hash_join->null_aware = true;
	r = run_ok(p);
	cr_assert_eq(r.nrows, 90);
}

Test(exec_join, left_keeps_unmatched_probe_rows_with_nulls)
{
	Result		r;
	int			unmatched = 0;

	write_table(2100, 2048);
	r = run_ok(join(id_val(), rows_below(id_val(), 5), col(1, TYPE_INT4), col(0, TYPE_INT4),
					JT(LEFT), NULL));
	cr_assert_eq(r.nrows, 2100);
	for (int i = 0; i < r.nrows; i++) {
		bool		matched = !AT(r, i, 1).is_null && AT(r, i, 1).u.i < 5;

		cr_assert_eq(AT(r, i, 2).is_null, !matched);
		unmatched += !matched;
	}
	cr_assert_gt(unmatched, 0);
}

Test(exec_join, full_adds_unmatched_build_rows)
{
	Result		r;
	Quarry__PlanNode *build = filter(rows_below(id_val(), 5),
									 op2(XOP(GE), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 1)));
	int			both = 0;
	int			probe_only = 0;
	int			build_only = 0;

	write_table(50, 50);
	/* probe ids 0..2, build ids 1..4: 1 and 2 match */
	r = run_ok(join(rows_below(id_val(), 3), build, col(0, TYPE_INT4), col(0, TYPE_INT4), JT(FULL), NULL));
	for (int i = 0; i < r.nrows; i++) {
		both += !AT(r, i, 0).is_null && !AT(r, i, 2).is_null;
		probe_only += AT(r, i, 2).is_null;
		build_only += AT(r, i, 0).is_null;
	}
	cr_assert_eq(r.nrows, 5);
	cr_assert_eq(both, 2);
	cr_assert_eq(probe_only, 1);
	cr_assert_eq(build_only, 2);
}

Test(exec_join, residual_filters_pairs)
{
	Result		r;
	Quarry__Expr *res = op2(XOP(GT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 4990));

	write_table(5000, 1000);
	r = run_ok(join(id_val(), id_val(), col(1, TYPE_INT4), col(0, TYPE_INT4), JT(INNER), res));
	for (int i = 0; i < r.nrows; i++)
		cr_assert_gt(AT(r, i, 0).u.i, 4990);
	cr_assert_eq(r.nrows, count_nonnull_val(5000) - count_nonnull_val(4991));
}

Test(exec_join, cross_join_without_keys)
{
	Result		r;

	write_table(10, 10);
	r = run_ok(join(rows_below(id_val(), 5), rows_below(id_val(), 3), NULL, NULL, JT(INNER), NULL));
	cr_assert_eq(r.nrows, 15);
}

Test(exec_join, empty_build_side)
{
	Quarry__PlanNode *none;
	Result		inner;
	Result		left;
	Result		anti;

	write_table(30, 30);
	none = rows_below(id_val(), -1);
	inner = run_ok(join(id_val(), none, col(0, TYPE_INT4), col(0, TYPE_INT4), JT(INNER), NULL));
	left = run_ok(join(id_val(), rows_below(id_val(), -1), col(0, TYPE_INT4), col(0, TYPE_INT4),
					   JT(LEFT), NULL));
	anti = run_ok(join(id_val(), rows_below(id_val(), -1), col(1, TYPE_INT4), col(1, TYPE_INT4),
					   JT(ANTI), NULL));
	cr_assert_eq(inner.nrows, 0);
	cr_assert_eq(left.nrows, 30);
	cr_assert_eq(anti.nrows, 30, "x NOT IN (empty) holds even for NULL x");
}

Test(exec_join, text_keys_with_long_chains)
{
	Result		r;
	int			sizes[3] = {0};
	long		want = 0;
	Quarry__PlanNode *grp = scan(2, (const int32_t[]) {0, 1});

	write_table(600, 250);
	for (int i = 0; i < 600; i++)
		if (!grp_null(i))
			sizes[i % 4 % 3]++;
	for (int g = 0; g < 3; g++)
		want += (long) sizes[g] * sizes[g];
	r = run_ok(join(grp, scan(2, (const int32_t[]) {0, 1}), col(1, TYPE_TEXT), col(1, TYPE_TEXT),
					JT(INNER), NULL));
	cr_assert_eq(r.nrows, want, "%d rows, want %ld", r.nrows, want);
	for (int i = 0; i < r.nrows; i += 997)
		cr_assert_eq(AT(r, i, 1).u.s.len, AT(r, i, 3).u.s.len);
}

Test(exec_join, mismatched_key_types_are_refused)
{
	Err			err;

	write_table(10, 10);
	err = run_fails(join(id_val(), scan(1, (const int32_t[]) {3}), col(0, TYPE_INT4),
						 col(0, TYPE_FLOAT8), JT(INNER), NULL), "08P01");
	cr_assert(strstr(err.message, "join key") != NULL, "%s", err.message);
}
