/*
 * test_exec_ops.c
 *	  The streaming and sorting operators over a table file in a temporary
 *	  directory: scan, filter, project, sort and limit across batch
 *	  boundaries; damaged files, cancellation and malformed plans.
 *	  Aggregation is in test_exec_agg.c; the helpers in exec_util.h.
 */
#include "exec_util.h"

TestSuite(exec_ops, .init = setup, .fini = teardown);

/* ---- scan, filter, project, sort, limit ---- */

Test(exec_ops, scan_all_rows)
{
	Result		r;

	write_table(5000, 2048);
	r = run_ok(scan_all());
	cr_assert_eq(r.nrows, 5000);
	for (int i = 0; i < 5000; i++) {
		cr_assert_eq(AT(r, i, 0).u.i, i);
		cr_assert_eq(AT(r, i, 1).is_null, grp_null(i));
		if (!grp_null(i))
			cr_assert(str_is(&AT(r, i, 1), names[i % 4 % 3]), "row %d", i);
		cr_assert_eq(AT(r, i, 2).is_null, val_null(i));
		if (!val_null(i))
			cr_assert_eq(AT(r, i, 2).u.i, i % 10);
		cr_assert_eq(AT(r, i, 3).u.f, i / 2.0);
	}
}

Test(exec_ops, scan_columns_reordered)
{
	Result		r;

	write_table(10, 4);
	r = run_ok(scan(2, (const int32_t[]) {3, 0}));
	cr_assert_eq(r.nrows, 10);
	cr_assert_eq(r.ncols, 2);
	cr_assert_eq(AT(r, 9, 0).u.f, 4.5);
	cr_assert_eq(AT(r, 9, 1).u.i, 9);
}

Test(exec_ops, filter_project_sort_limit)
{
	Quarry__Expr *exprs[2];
	Quarry__PlanNode *p;
	Result		r;
	int			want[5];
	int			n = 0;

	write_table(5000, 2048);
	/* SELECT id, id * 2 FROM t WHERE val = 3 ORDER BY id DESC LIMIT 5 OFFSET 2 */
	p = filter(scan_all(), op2(XOP(EQ), TYPE_BOOL, col(2, TYPE_INT4), cint(TYPE_INT4, 3)));
	exprs[0] = col(0, TYPE_INT4);
	exprs[1] = op2(XOP(MUL), TYPE_INT4, col(0, TYPE_INT4), cint(TYPE_INT4, 2));
	p = limit(sort(project(p, 2, exprs), 1, (const int[]) {0, 1, 0}), 5, 2);
	r = run_ok(p);
	for (int i = 4999, skip = 2; i >= 0 && n < 5; i--)
		if (!val_null(i) && i % 10 == 3 && skip-- <= 0)
			want[n++] = i;
	cr_assert_eq(r.nrows, 5);
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(AT(r, i, 0).u.i, want[i], "row %d: %lld", i, (long long) AT(r, i, 0).u.i);
		cr_assert_eq(AT(r, i, 1).u.i, 2 * want[i]);
	}
}

Test(exec_ops, filter_drops_null_and_false)
{
	Result		r;

	write_table(100, 30);
	/* val > 7: NULL rows and false rows both go */
	r = run_ok(filter(scan_all(), op2(XOP(GT), TYPE_BOOL, col(2, TYPE_INT4), cint(TYPE_INT4, 7))));
	cr_assert_eq(r.nrows, 17);	/* 8s and 9s, less the NULLs of 28, 49 and 98 */
	for (int i = 0; i < r.nrows; i++)
		cr_assert_geq(AT(r, i, 2).u.i, 8);
}

Test(exec_ops, limit_offset_across_batches)
{
	Result		r;

	write_table(5000, 2048);
	r = run_ok(limit(scan_all(), 100, 2000));
	cr_assert_eq(r.nrows, 100);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(AT(r, i, 0).u.i, 2000 + i);
	r = run_ok(limit(scan_all(), -1, 4990));
	cr_assert_eq(r.nrows, 10);
	cr_assert_eq(AT(r, 9, 0).u.i, 4999);
	r = run_ok(limit(scan_all(), 3000, 1000));
	cr_assert_eq(r.nrows, 3000);
	cr_assert_eq(AT(r, 2999, 0).u.i, 3999);
	cr_assert_eq(run_ok(limit(scan_all(), 0, 0)).nrows, 0);
	cr_assert_eq(run_ok(limit(scan_all(), 10, 5000)).nrows, 0);
	/* a limit over a filtered (selection-vector) input: the 301st.. 303rd val = 1 */
	r = run_ok(limit(filter(scan_all(), op2(XOP(EQ), TYPE_BOOL, col(2, TYPE_INT4), cint(TYPE_INT4, 1))), 3, 300));
	cr_assert_eq(r.nrows, 3);
	for (int i = 0, seen = 0, k = 0; i < 5000 && k < 3; i++)
		if (!val_null(i) && i % 10 == 1 && seen++ >= 300)
			cr_assert_eq(AT(r, k++, 0).u.i, i);
}

/* ---- sort ---- */

/* ref_key is key k of ref_cmp: val with NULLs, then id. */
static const int *ref_keys;
static int	ref_nkeys;

/* ref_cmp orders table rows i and j as a Sort with ref_keys must. */
static int
ref_cmp(const void *pa, const void *pb)
{
	int			i = *(const int *) pa;
	int			j = *(const int *) pb;

	for (int k = 0; k < ref_nkeys; k++) {
		const int  *key = ref_keys + 3 * k;
		bool		ni = key[0] == 2 && val_null(i);
		bool		nj = key[0] == 2 && val_null(j);
		int			c;

		if (ni || nj) {
			if (ni && nj)
				continue;
			c = ni ? 1 : -1;
			return key[2] ? -c : c;
		}
		c = key[0] == 2 ? (i % 10 > j % 10) - (i % 10 < j % 10) : (i > j) - (i < j);
		if (c != 0)
			return key[1] ? -c : c;
	}
	return (i > j) - (i < j);	/* stable */
}

/* expect_sorted runs a sort of 20 rows by keys and compares with ref_cmp. */
static void
expect_sorted(int nkeys, const int *keys)
{
	int			ids[20];
	Result		r = run_ok(sort(scan_all(), nkeys, keys));

	for (int i = 0; i < 20; i++)
		ids[i] = i;
	ref_keys = keys;
	ref_nkeys = nkeys;
	qsort(ids, 20, sizeof(int), ref_cmp);
	cr_assert_eq(r.nrows, 20);
	for (int i = 0; i < 20; i++)
		cr_assert_eq(AT(r, i, 0).u.i, ids[i], "position %d: id %lld, want %d", i,
					 (long long) AT(r, i, 0).u.i, ids[i]);
}

Test(exec_ops, sort_nulls_and_direction)
{
	write_table(20, 7);
	/* val: NULL at ids 0, 7, 14; each of 0..9 twice otherwise, but 0 once */
	expect_sorted(1, (const int[]) {2, 0, 0});			/* val */
	expect_sorted(1, (const int[]) {2, 0, 1});			/* val NULLS FIRST */
	expect_sorted(1, (const int[]) {2, 1, 1});			/* val DESC (NULLS FIRST) */
	expect_sorted(1, (const int[]) {2, 1, 0});			/* val DESC NULLS LAST */
	expect_sorted(2, (const int[]) {2, 1, 0, 0, 1, 0});	/* val DESC NULLS LAST, id DESC */
	expect_sorted(2, (const int[]) {2, 0, 1, 0, 1, 0});	/* val NULLS FIRST, id DESC */
}

Test(exec_ops, sort_spot_checks)
{
	Result		r;

	write_table(20, 20);
	/* ORDER BY val, id: val 0 is id 10 alone; the NULLs 0, 7, 14 last */
	r = run_ok(sort(scan_all(), 2, (const int[]) {2, 0, 0, 0, 0, 0}));
	cr_assert_eq(AT(r, 0, 0).u.i, 10);
	cr_assert_eq(AT(r, 1, 0).u.i, 1);
	cr_assert_eq(AT(r, 2, 0).u.i, 11);
	cr_assert_eq(AT(r, 17, 0).u.i, 0);
	cr_assert_eq(AT(r, 18, 0).u.i, 7);
	cr_assert_eq(AT(r, 19, 0).u.i, 14);
	cr_assert(AT(r, 19, 2).is_null);
}

Test(exec_ops, sort_is_stable_across_batches)
{
	static const char *const order[] = {"beta", "alpha", "a group name longer than twelve", NULL};
	Result		r;

	write_table(6000, 1000);
	/* ORDER BY grp DESC NULLS LAST: 1500 rows a name, equal names in scan order */
	r = run_ok(sort(scan_all(), 1, (const int[]) {1, 1, 0}));
	cr_assert_eq(r.nrows, 6000);
	for (int i = 0; i < 6000; i++) {
		const char *want = order[i / 1500];

		if (want == NULL)
			cr_assert(AT(r, i, 1).is_null, "row %d", i);
		else
			cr_assert(str_is(&AT(r, i, 1), want), "row %d", i);
		if (i % 1500 > 0)
			cr_assert_gt(AT(r, i, 0).u.i, AT(r, i - 1, 0).u.i, "row %d", i);
	}
}

Test(exec_ops, sort_several_types)
{
	Result		r;

	write_table(8, 3);
	/* ORDER BY f DESC, then id on float ties (none) */
	r = run_ok(sort(scan_all(), 2, (const int[]) {3, 1, 0, 0, 0, 0}));
	cr_assert_eq(r.nrows, 8);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(AT(r, i, 3).u.f, (7 - i) / 2.0);
	/* an empty input sorts to nothing */
	cr_assert_eq(run_ok(sort(limit(scan_all(), 0, 0), 1, (const int[]) {0, 0, 0})).nrows, 0);
}

/* ---- one row, damaged files, cancellation ---- */

Test(exec_ops, one_row_project)
{
	Quarry__PlanNode *one = node(0, (const int32_t[]) {0});
	Quarry__Expr *exprs[1] = {cint(TYPE_INT4, 42)};
	Result		r;

	one->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
	one->one_row = arena_new(&arena, Quarry__OneRow);
	*one->one_row = (Quarry__OneRow) QUARRY__ONE_ROW__INIT;
	r = run_ok(project(one, 1, exprs));
	cr_assert_eq(r.nrows, 1);
	cr_assert_eq(AT(r, 0, 0).u.i, 42);
}

/* damage rewrites byte at of the table file with its complement. */
static void
damage(long at)
{
	FILE	   *f = fopen(path, "r+b");
	int			c;

	cr_assert_not_null(f);
	fseek(f, at, SEEK_SET);
	c = fgetc(f);
	fseek(f, at, SEEK_SET);
	fputc(~c & 0xff, f);
	fclose(f);
}

/*
 * expect_corrupted scans the damaged table: XX001 naming the file, whatever
 * the file format's own reason (why) for refusing it.
 */
static void
expect_corrupted(const char *why)
{
	char		want[256];
	Err			err = run_fails(scan_all(), "XX001");

	snprintf(want, sizeof(want), "table file \"%s\" is corrupted: ", path);
	cr_assert(strncmp(err.message, want, strlen(want)) == 0, "%s: %s", why, err.message);
}

Test(exec_ops, flipped_byte_in_block)
{
	write_table(3000, 2048);
	/* magic(4), then the first block's u32 length and u64 checksum, then data */
	damage(4 + 12 + 100);
	expect_corrupted("checksum mismatch");
}

Test(exec_ops, flipped_byte_in_second_block_after_rows)
{
	Result		res;
	Err			err;
	long		second;
	FILE	   *f;
	uint32_t	len;

	write_table(3000, 2048);
	f = fopen(path, "rb");
	fseek(f, 4, SEEK_SET);
	cr_assert_eq(fread(&len, 4, 1, f), 1);
	fclose(f);
	second = 4 + 12 + (long) len;
	damage(second + 12 + 7);
	cr_assert_not(run_plan(scan_all(), NULL, &res, &err));
	cr_assert_str_eq(err.sqlstate, "XX001");
	cr_assert(strstr(err.message, path) != NULL, "%s", err.message);
}

Test(exec_ops, damaged_magic_and_truncation)
{
	write_table(100, 100);
	damage(0);
	expect_corrupted("bad magic number");
	write_table(100, 100);
	cr_assert_eq(truncate(path, 4 + 12 + 10), 0);
	expect_corrupted("truncated block");
	write_table(100, 100);
	cr_assert_eq(truncate(path, 4 + 6), 0);
	expect_corrupted("truncated block header");
	write_table(100, 100);
	damage(4 + 3);				/* the length's high byte: far too long */
	expect_corrupted("block length out of range");
}

Test(exec_ops, missing_file)
{
	Err			err = run_fails(scan_all(), "58P01");	/* undefined_file, as PostgreSQL */

	cr_assert(strstr(err.message, path) != NULL, "%s", err.message);
}

Test(exec_ops, cancel_flag)
{
	atomic_bool cancel = true;
	Result		res;
	Err			err;

	write_table(10, 10);
	cr_assert_not(run_plan(limit(scan_all(), 5, 0), &cancel, &res, &err));
	cr_assert_str_eq(err.sqlstate, "57014");
	cr_assert_str_eq(err.message, "canceling statement due to user request");
	/* a blocking operator notices it too */
	cr_assert_not(run_plan(sort(scan_all(), 1, (const int[]) {0, 0, 0}), &cancel, &res, &err));
	cr_assert_str_eq(err.sqlstate, "57014");
	cancel = false;
	cr_assert(run_plan(scan_all(), &cancel, &res, &err));
	free(res.v);
}

/* ---- malformed plans are refused, never run ---- */

static void
build_fails(const Quarry__PlanNode *plan, const char *why)
{
	Arena		task;
	ExecCtx		cx = {.arena = &task};
	Err			err;

	arena_init(&task);
	err_clear(&err);
	cr_assert_null(exec_build(&cx, plan, &err), "built: %s", why);
	cr_assert_str_eq(err.sqlstate, "08P01", "%s: %s", why, err.message);
	arena_reset(&task);
}

Test(exec_ops, malformed_plans)
{
	Quarry__PlanNode *p;

	build_fails(NULL, "no node");
	build_fails(node(1, (const int32_t[]) {TYPE_INT4}), "no node kind");
	build_fails(scan(1, (const int32_t[]) {4}), "scan column past the table");
	p = scan(1, (const int32_t[]) {0});
	p->output_types[0] = TYPE_INT8;
	build_fails(p, "scan output type wrong");
	build_fails(filter(scan_all(), col(0, TYPE_INT4)), "integer predicate");
	build_fails(filter(scan_all(), col(9, TYPE_BOOL)), "predicate column past the input");
	build_fails(sort(scan_all(), 1, (const int[]) {4, 0, 0}), "sort key past the output");
	p = aggregate(scan_all(), 0, NULL, 1, (const int[]) {AGG(COUNT_STAR), 0});
	build_fails(p, "count(*) with an argument");
}

Test(exec_ops, output_types_must_match_input)
{
	Quarry__PlanNode *p;

	/* operators that pass their input through must declare its types */
	p = sort(scan_all(), 1, (const int[]) {0, 0, 0});
	p->output_types[1] = TYPE_INT2;
	build_fails(p, "sort declares int2 for text");
	p = limit(scan_all(), 1, 0);
	p->output_types[0] = TYPE_TEXT;
	build_fails(p, "limit declares text for int4");
	p = filter(scan_all(), op2(XOP(EQ), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 1)));
	p->n_output_types = 3;
	build_fails(p, "filter drops a column");
	p = aggregate(scan_all(), 1, (const int[]) {1}, 0, NULL);
	p->output_types[0] = TYPE_INT8;
	build_fails(p, "group key declared int8 for text");
}
