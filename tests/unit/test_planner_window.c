/*
 * test_planner_window.c
 *	  Window functions in the binder, over a fake catalog holding
 *	  t (a int4, b text, d float8): what is 0A000 (frames PostgreSQL has
 *	  and Quarry not yet, so tests/sql cannot record them), where windows
 *	  are refused with PostgreSQL's SQLSTATE and position, result types, and
 *	  the Window nodes planned (one per distinct window, stacked).  Every
 *	  plan it makes must pass the executor's checks.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "exec/op.h"
#include "planner/bind.h"
#include "planner/explain.h"
#include "planner/parse.h"

static Arena arena;

static void
setup(void)
{
	arena_init(&arena);
}

static void
teardown(void)
{
	arena_reset(&arena);
}

TestSuite(planner_window, .init = setup, .fini = teardown);

static CatColumn t_cols[] = {
	{.name = "a", .type = TYPE_INT4, .typmod = -1},
	{.name = "b", .type = TYPE_TEXT, .typmod = -1},
	{.name = "d", .type = TYPE_FLOAT8, .typmod = -1},
};
static CatTable t_table = {.oid = 16384, .schema = "public", .name = "t", .ncols = 3, .cols = t_cols};

static bool
fake_find(void *arg, const char *schema, const char *name, Arena *a, CatTable **out, Err *err)
{
	(void) arg;
	(void) a;
	(void) err;
	*out = NULL;
	if (strcmp(name, "t") == 0 && (schema == NULL || strcmp(schema, "public") == 0))
		*out = &t_table;
	return true;
}

static const Catalog cat = {.find_table = fake_find};

static BoundSelect
select_ok(const char *sql)
{
	Err			err;
	PgQuery__ParseResult *tree;
	BoundSelect bs;
	Arena		task;
	ExecCtx		cx = {.arena = &task};

	err_clear(&err);
	tree = parse_sql(&arena, sql, &err);
	cr_assert_not_null(tree, "%s: %s", sql, err.message);
	cr_assert(bind_select(&arena, &cat, tree->stmts[0]->stmt->select_stmt, &bs, &err), "%s: %s %s",
			  sql, err.sqlstate, err.message);
	arena_init(&task);
	cr_assert_not_null(exec_build(&cx, bs.root, &err), "%s: executor refuses: %s", sql, err.message);
	arena_reset(&task);
	return bs;
}

static Err
select_fails(const char *sql, const char *sqlstate, int position)
{
	Err			err;
	PgQuery__ParseResult *tree;
	BoundSelect bs;

	err_clear(&err);
	tree = parse_sql(&arena, sql, &err);
	cr_assert_not_null(tree, "%s: %s", sql, err.message);
	cr_assert_not(bind_select(&arena, &cat, tree->stmts[0]->stmt->select_stmt, &bs, &err),
				  "%s bound", sql);
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s: %s %s", sql, err.sqlstate, err.message);
	if (position >= 0)
		cr_assert_eq(err.position, position, "%s: position %d", sql, err.position);
	return err;
}

/* windows counts the Window nodes on the plan's single-input spine. */
static int
windows(const Quarry__PlanNode *n, int *funcs)
{
	int			count = 0;

	*funcs = 0;
	while (n != NULL) {
		switch (n->node_case) {
			case QUARRY__PLAN_NODE__NODE_WINDOW:
				count++;
				*funcs += (int) n->window->n_funcs;
				n = n->window->input;
				break;
			case QUARRY__PLAN_NODE__NODE_PROJECT:
				n = n->project->input;
				break;
			case QUARRY__PLAN_NODE__NODE_SORT:
				n = n->sort->input;
				break;
			case QUARRY__PLAN_NODE__NODE_LIMIT:
				n = n->limit->input;
				break;
			case QUARRY__PLAN_NODE__NODE_FILTER:
				n = n->filter->input;
				break;
			case QUARRY__PLAN_NODE__NODE_AGGREGATE:
				n = n->aggregate->input;
				break;
			default:
				n = NULL;
				break;
		}
	}
	return count;
}

Test(planner_window, unsupported_frames_are_0A000)
{
	Err			err;

	err = select_fails("SELECT sum(a) OVER (ORDER BY a RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
					   "0A000", -1);
	cr_assert(strstr(err.message, "RANGE") != NULL, "%s", err.message);
	err = select_fails("SELECT sum(a) OVER (ORDER BY a GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t",
					   "0A000", -1);
	cr_assert(strstr(err.message, "GROUPS") != NULL, "%s", err.message);
	err = select_fails("SELECT sum(a) OVER (ORDER BY a ROWS UNBOUNDED PRECEDING EXCLUDE TIES) FROM t",
					   "0A000", -1);
	cr_assert(strstr(err.message, "EXCLUDE") != NULL, "%s", err.message);
	err = select_fails("SELECT sum(a) OVER (ORDER BY a ROWS BETWEEN a PRECEDING AND CURRENT ROW) FROM t",
					   "0A000", -1);
	select_fails("SELECT string_agg(b, ',') OVER () FROM t", "0A000", 8);
}

Test(planner_window, refused_where_postgres_refuses)
{
	Err			err = select_fails("SELECT a FROM t WHERE rank() OVER () > 1", "42P20", 23);

	cr_assert_str_eq(err.message, "window functions are not allowed in WHERE");
	err = select_fails("SELECT 1 FROM t JOIN t u ON row_number() OVER () = u.a", "42P20", 29);
	cr_assert_str_eq(err.message, "window functions are not allowed in JOIN conditions");
	select_fails("SELECT 1 FROM t GROUP BY rank() OVER ()", "42P20", 26);
	select_fails("SELECT 1 FROM t GROUP BY a HAVING rank() OVER () > 1", "42P20", 35);
	select_fails("SELECT a FROM t LIMIT rank() OVER ()", "42P20", 23);
	select_fails("SELECT sum(rank() OVER ()) FROM t", "42803", 12);
	select_fails("SELECT sum(rank() OVER ()) OVER () FROM t", "42P20", 12);
	select_fails("SELECT rank() OVER (PARTITION BY rank() OVER ()) FROM t", "42P20", 34);
	select_fails("SELECT rank() OVER w FROM t", "42704", 20);
	select_fails("SELECT lower(b) OVER () FROM t", "42809", 8);
	select_fails("SELECT rank(a) OVER () FROM t", "42883", 8);
	select_fails("SELECT a, rank() OVER (ORDER BY b) FROM t GROUP BY a", "42803", -1);
}

Test(planner_window, result_types)
{
	BoundSelect bs = select_ok("SELECT row_number() OVER (), ntile(2) OVER (), cume_dist() OVER (),"
							   " sum(a) OVER (), avg(d) OVER (), lag(b, 1, 'x') OVER (),"
							   " lead(a, 1, 2.5::float8) OVER (), count(*) OVER () FROM t");
	TypeId		want[] = {TYPE_INT8, TYPE_INT4, TYPE_FLOAT8, TYPE_INT8, TYPE_FLOAT8, TYPE_TEXT,
	TYPE_FLOAT8, TYPE_INT8};

	cr_assert_eq(bs.ncols, 8);
	for (int i = 0; i < 8; i++)
		cr_assert_eq(bs.cols[i].type, want[i], "column %d: type %d", i, bs.cols[i].type);
}

Test(planner_window, one_node_per_window)
{
	int			funcs;
	BoundSelect bs = select_ok("SELECT rank() OVER w, sum(a) OVER w, count(*) OVER (w ROWS 1 PRECEDING)"
							   " FROM t WINDOW w AS (PARTITION BY b ORDER BY a)");

	cr_assert_eq(windows(bs.root, &funcs), 1);
	cr_assert_eq(funcs, 3);
	bs = select_ok("SELECT rank() OVER (ORDER BY a), sum(a) OVER (PARTITION BY b),"
				   " rank() OVER (ORDER BY a) FROM t ORDER BY row_number() OVER (ORDER BY a DESC)");
	cr_assert_eq(windows(bs.root, &funcs), 3);
	cr_assert_eq(funcs, 3, "equal calls are computed once: %d", funcs);
	bs = select_ok("SELECT b, sum(sum(a)) OVER (ORDER BY b), rank() OVER (ORDER BY count(*) DESC)"
				   " FROM t GROUP BY b HAVING count(*) > 1");
	cr_assert_eq(windows(bs.root, &funcs), 2);
}

Test(planner_window, explain_names_the_window)
{
	BoundSelect bs = select_ok("SELECT a, rank() OVER (PARTITION BY b ORDER BY a DESC),"
							   " sum(d) OVER (PARTITION BY b ORDER BY a DESC ROWS 2 PRECEDING) FROM t");
	int			n;
	const char **lines = explain_lines(&arena, bs.root, &n);
	bool		found = false;

	for (int i = 0; i < n; i++)
		found |= strstr(lines[i], "Window  (partition by $1; order by $0 desc; rank, sum rows)") != NULL;
	cr_assert(found, "no Window line in EXPLAIN");
}
