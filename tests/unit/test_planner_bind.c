/*
 * test_planner_bind.c
 *	  The binder over a fake catalog holding one table,
 *	  t (a int4, b text, c varchar(10) not null, d float8, e int8): output
 *	  names and types, plan shapes, errors with SQLSTATE and position,
 *	  CREATE TABLE and INSERT.  Every plan it makes must also pass the
 *	  executor's checks.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "exec/op.h"
#include "planner/bind.h"
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

TestSuite(planner_bind, .init = setup, .fini = teardown);

static CatColumn t_cols[] = {
	{.name = "a", .type = TYPE_INT4, .typmod = -1},
	{.name = "b", .type = TYPE_TEXT, .typmod = -1},
	{.name = "c", .type = TYPE_VARCHAR, .typmod = 14, .not_null = true},
	{.name = "d", .type = TYPE_FLOAT8, .typmod = -1},
	{.name = "e", .type = TYPE_INT8, .typmod = -1},
};
/* designated: fields the catalog grows later start at zero */
static CatTable t_table = {.oid = 16384, .schema = "public", .name = "t", .ncols = 5, .cols = t_cols};

static bool
fake_find(void *arg, const char *schema, const char *name, Arena *a, CatTable **out, Err *err)
{
	*out = NULL;
	if (strcmp(name, "t") == 0 && (schema == NULL || strcmp(schema, "public") == 0))
		*out = &t_table;
	return true;
}

static const Catalog cat = {.find_table = fake_find};

/* parse_one parses sql, which must hold one statement, and returns it. */
static PgQuery__Node *
parse_one(const char *sql)
{
	Err			err;
	PgQuery__ParseResult *tree;

	err_clear(&err);
	tree = parse_sql(&arena, sql, &err);
	cr_assert_not_null(tree, "%s: %s", sql, err.message);
	cr_assert_eq(tree->n_stmts, 1);
	return tree->stmts[0]->stmt;
}

/* executor_accepts builds the plan's operators, as a worker would. */
static void
executor_accepts(const Quarry__PlanNode *plan, const char *sql)
{
	Arena		task;
	ExecCtx		cx = {.arena = &task};
	Err			err;

	arena_init(&task);
	err_clear(&err);
	cr_assert_not_null(exec_build(&cx, plan, &err), "%s: executor refuses: %s", sql, err.message);
	arena_reset(&task);
}

static BoundSelect
select_ok(const char *sql)
{
	PgQuery__Node *n = parse_one(sql);
	BoundSelect bs;
	Err			err;

	err_clear(&err);
	cr_assert_eq(n->node_case, PG_QUERY__NODE__NODE_SELECT_STMT);
	cr_assert(bind_select(&arena, &cat, n->select_stmt, &bs, &err), "%s: %s %s", sql,
			  err.sqlstate, err.message);
	executor_accepts(bs.root, sql);
	return bs;
}

/* select_fails binds sql, which must fail with sqlstate at position. */
static Err
select_fails(const char *sql, const char *sqlstate, int position)
{
	Err			err;
	PgQuery__ParseResult *tree;
	BoundSelect bs;

	err_clear(&err);
	tree = parse_sql(&arena, sql, &err);
	if (tree != NULL)
		cr_assert_not(bind_select(&arena, &cat, tree->stmts[0]->stmt->select_stmt, &bs, &err),
					  "%s bound", sql);
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s: %s", sql, err.message);
	cr_assert_eq(err.position, position, "%s: position %d", sql, err.position);
	return err;
}

static void
expect_col(const BoundSelect *bs, int i, const char *name, TypeId type)
{
	cr_assert_lt(i, bs->ncols);
	cr_assert_str_eq(bs->cols[i].name, name);
	cr_assert_eq(bs->cols[i].type, type, "%s: type %d", name, bs->cols[i].type);
	cr_assert_eq(bs->root->output_types[i], (int32_t) type);
}

/* ---- output columns ---- */

Test(planner_bind, constant_columns)
{
	BoundSelect bs = select_ok("SELECT 1, 'x', '1'::int, 2::int8, true, NULL");

	cr_assert_eq(bs.ncols, 6);
	cr_assert_eq(bs.root->n_output_types, 6);
	expect_col(&bs, 0, "?column?", TYPE_INT4);
	expect_col(&bs, 1, "?column?", TYPE_TEXT);
	expect_col(&bs, 2, "int4", TYPE_INT4);
	expect_col(&bs, 3, "int8", TYPE_INT8);
	expect_col(&bs, 4, "?column?", TYPE_BOOL);	/* PG 15: a Boolean A_Const, no cast */
	expect_col(&bs, 5, "?column?", TYPE_TEXT);
	cr_assert_eq(bs.root->node_case, QUARRY__PLAN_NODE__NODE_PROJECT);
	cr_assert_eq(bs.root->project->input->node_case, QUARRY__PLAN_NODE__NODE_ONE_ROW);
}

Test(planner_bind, table_columns_and_aliases)
{
	BoundSelect bs = select_ok("SELECT a AS x, b, c, a + 1, a::int8, t.d FROM t");

	expect_col(&bs, 0, "x", TYPE_INT4);
	expect_col(&bs, 1, "b", TYPE_TEXT);
	expect_col(&bs, 2, "c", TYPE_VARCHAR);
	expect_col(&bs, 3, "?column?", TYPE_INT4);
	expect_col(&bs, 4, "a", TYPE_INT8);
	expect_col(&bs, 5, "d", TYPE_FLOAT8);
	/* RowDescription's table OID, attribute number and typmod */
	cr_assert_eq(bs.cols[0].table_oid, 16384);
	cr_assert_eq(bs.cols[0].column, 1);
	cr_assert_eq(bs.cols[2].column, 3);
	cr_assert_eq(bs.cols[2].typmod, 14);
	cr_assert_eq(bs.cols[3].table_oid, 0);
	cr_assert_eq(bs.cols[3].column, 0);
	cr_assert_eq(bs.cols[3].typmod, -1);
}

Test(planner_bind, star)
{
	BoundSelect bs = select_ok("SELECT * FROM t");

	cr_assert_eq(bs.ncols, 5);
	for (int i = 0; i < 5; i++) {
		expect_col(&bs, i, t_cols[i].name, t_cols[i].type);
		cr_assert_eq(bs.cols[i].column, i + 1);
	}
	cr_assert_eq(bs.root->project->input->node_case, QUARRY__PLAN_NODE__NODE_SCAN);
}

Test(planner_bind, several_stars)
{
	BoundSelect bs = select_ok("SELECT *, a, *, * FROM t ORDER BY a + e, d");
	uint8_t    *buf;
	size_t		len;
	Quarry__PlanNode *copy;

	cr_assert_eq(bs.ncols, 16);
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 5; i++)
			expect_col(&bs, (k == 0 ? 0 : 1) + 5 * k + i, t_cols[i].name, t_cols[i].type);
	expect_col(&bs, 5, "a", TYPE_INT4);
	/* the plan is intact: it serialises and comes back the same size */
	len = quarry__plan_node__get_packed_size(bs.root);
	buf = arena_alloc(&arena, len);
	cr_assert_eq(quarry__plan_node__pack(bs.root, buf), len);
	copy = quarry__plan_node__unpack(NULL, len, buf);
	cr_assert_not_null(copy);
	cr_assert_eq(copy->n_output_types, 16);
	quarry__plan_node__free_unpacked(copy, NULL);
}

Test(planner_bind, aggregate_types)
{
	BoundSelect bs = select_ok("SELECT count(*), count(b), sum(a), sum(d), min(b), max(e), avg(d) FROM t");

	expect_col(&bs, 0, "count", TYPE_INT8);
	expect_col(&bs, 1, "count", TYPE_INT8);
	expect_col(&bs, 2, "sum", TYPE_INT8);
	expect_col(&bs, 3, "sum", TYPE_FLOAT8);
	expect_col(&bs, 4, "min", TYPE_TEXT);
	expect_col(&bs, 5, "max", TYPE_INT8);
	expect_col(&bs, 6, "avg", TYPE_FLOAT8);
	cr_assert_eq(bs.root->project->input->node_case, QUARRY__PLAN_NODE__NODE_AGGREGATE);
	cr_assert_eq(bs.root->project->input->aggregate->n_aggs, 7);
	cr_assert_eq(bs.root->project->input->aggregate->n_group_by, 0);
}

Test(planner_bind, group_by_having)
{
	BoundSelect bs = select_ok("SELECT b, count(*) AS n FROM t GROUP BY b HAVING sum(a) > 10");
	const Quarry__PlanNode *filter = bs.root->project->input;

	expect_col(&bs, 0, "b", TYPE_TEXT);
	expect_col(&bs, 1, "n", TYPE_INT8);
	/* as PostgreSQL's markTargetListOrigins: a grouped column keeps its origin */
	cr_assert_eq(bs.cols[0].table_oid, 16384);
	cr_assert_eq(bs.cols[0].column, 2);
	cr_assert_eq(bs.cols[1].table_oid, 0);
	cr_assert_eq(filter->node_case, QUARRY__PLAN_NODE__NODE_FILTER);
	cr_assert_eq(filter->filter->input->node_case, QUARRY__PLAN_NODE__NODE_AGGREGATE);
	cr_assert_eq(filter->filter->input->aggregate->n_group_by, 1);
	cr_assert_eq(filter->filter->input->aggregate->n_aggs, 2);
	select_ok("SELECT a + 1, count(*) FROM t GROUP BY a + 1 ORDER BY 1");
	select_ok("SELECT b FROM t GROUP BY 1");
}

Test(planner_bind, where_order_limit_shape)
{
	BoundSelect bs = select_ok("SELECT a FROM t WHERE a > 1 ORDER BY b DESC LIMIT 3 OFFSET 2");
	const Quarry__PlanNode *n = bs.root;

	/* Project(drop b) <- Limit <- Sort <- Project(a, b) <- Filter <- Scan */
	cr_assert_eq(bs.ncols, 1);
	cr_assert_eq(n->node_case, QUARRY__PLAN_NODE__NODE_PROJECT);
	n = n->project->input;
	cr_assert_eq(n->node_case, QUARRY__PLAN_NODE__NODE_LIMIT);
	cr_assert_eq(n->limit->count, 3);
	cr_assert_eq(n->limit->offset, 2);
	n = n->limit->input;
	cr_assert_eq(n->node_case, QUARRY__PLAN_NODE__NODE_SORT);
	cr_assert_eq(n->sort->n_keys, 1);
	cr_assert_eq(n->sort->keys[0]->column, 1);
	cr_assert(n->sort->keys[0]->descending);
	cr_assert(n->sort->keys[0]->nulls_first);	/* DESC defaults to NULLS FIRST */
	n = n->sort->input;
	cr_assert_eq(n->node_case, QUARRY__PLAN_NODE__NODE_PROJECT);
	cr_assert_eq(n->n_output_types, 2);
	cr_assert_eq(n->project->input->node_case, QUARRY__PLAN_NODE__NODE_FILTER);
	select_ok("SELECT a FROM t ORDER BY a NULLS FIRST LIMIT ALL");
}

/* ---- errors ---- */

Test(planner_bind, undefined_table)
{
	Err			err = select_fails("SELECT * FROM nope", "42P01", 15);

	cr_assert_str_eq(err.message, "relation \"nope\" does not exist");
	err = select_fails("SELECT 1 FROM other.t", "42P01", 15);
	cr_assert_str_eq(err.message, "relation \"other.t\" does not exist");
}

Test(planner_bind, undefined_column)
{
	Err			err = select_fails("SELECT a, zz FROM t", "42703", 11);

	cr_assert_str_eq(err.message, "column \"zz\" does not exist");
	err = select_fails("SELECT 1 FROM t WHERE t.zz = 1", "42703", 23);
	cr_assert_str_eq(err.message, "column t.zz does not exist");
	err = select_fails("SELECT u.a FROM t", "42P01", 8);
	cr_assert_str_eq(err.message, "missing FROM-clause entry for table \"u\"");
}

Test(planner_bind, ungrouped_column)
{
	Err			err = select_fails("SELECT a, count(*) FROM t", "42803", 8);

	cr_assert_str_eq(err.message,
					 "column \"t.a\" must appear in the GROUP BY clause or be used in an aggregate function");
	err = select_fails("SELECT b, a FROM t GROUP BY b", "42803", 11);
	err = select_fails("SELECT a FROM t WHERE count(*) > 1", "42803", 23);
	cr_assert_str_eq(err.message, "aggregate functions are not allowed in WHERE");
}

Test(planner_bind, operator_does_not_exist)
{
	Err			err = select_fails("SELECT b + 1 FROM t", "42883", 10);

	cr_assert_str_eq(err.message, "operator does not exist: text + integer");
	cr_assert_str_eq(err.hint, "No operator matches the given name and argument types. "
					 "You might need to add explicit type casts.");
	/* an unknown literal is coerced to the other side's type: 22P02, not 42883 */
	err = select_fails("SELECT 'a' + 1", "22P02", 8);
	cr_assert_str_eq(err.message, "invalid input syntax for type integer: \"a\"");
	cr_assert_eq(select_ok("SELECT '2' + 1").cols[0].type, TYPE_INT4);
}

Test(planner_bind, syntax_error)
{
	Err			err = select_fails("SELEC 1", "42601", 1);

	cr_assert_str_eq(err.message, "syntax error at or near \"SELEC\"");
	err = select_fails("SELECT a FROM t WHERE", "42601", 22);
	cr_assert_str_eq(err.message, "syntax error at end of input");
}

Test(planner_bind, where_must_be_boolean)
{
	Err			err = select_fails("SELECT * FROM t WHERE a", "42804", 23);

	cr_assert_str_eq(err.message, "argument of WHERE must be type boolean, not type integer");
}

Test(planner_bind, from_clause_not_supported)
{
	Err			err = select_fails("SELECT * FROM pg_ls_dir('.')", "0A000", 0);

	cr_assert(strstr(err.message, "not supported yet") != NULL, "%s", err.message);
	select_fails("SELECT * FROM t FULL JOIN LATERAL (SELECT t.a) AS s ON true", "0A000", 0);
	select_fails("SELECT a FROM t FOR UPDATE", "0A000", 0);
}

/* ---- CREATE TABLE and INSERT ---- */

Test(planner_bind, create_table)
{
	PgQuery__Node *n = parse_one("CREATE TABLE IF NOT EXISTS s.x (id int NOT NULL, "
								 "name varchar(20), score double precision, ok boolean NULL)");
	CreateTableDef def;
	Err			err;

	err_clear(&err);
	cr_assert(bind_create_table(&arena, n->create_stmt, &def, &err), "%s", err.message);
	cr_assert_str_eq(def.schema, "s");
	cr_assert_str_eq(def.name, "x");
	cr_assert(def.if_not_exists);
	cr_assert_eq(def.ncols, 4);
	cr_assert_str_eq(def.cols[0].name, "id");
	cr_assert_eq(def.cols[0].type, TYPE_INT4);
	cr_assert(def.cols[0].not_null);
	cr_assert_eq(def.cols[1].type, TYPE_VARCHAR);
	cr_assert_eq(def.cols[1].typmod, 24);
	cr_assert_not(def.cols[1].not_null);
	cr_assert_eq(def.cols[2].type, TYPE_FLOAT8);
	cr_assert_eq(def.cols[3].type, TYPE_BOOL);
	cr_assert_not(def.cols[3].not_null);
}

Test(planner_bind, create_table_errors)
{
	PgQuery__Node *n = parse_one("CREATE TABLE x (a int, b text, a int8)");
	CreateTableDef def;
	Err			err;

	err_clear(&err);
	cr_assert_not(bind_create_table(&arena, n->create_stmt, &def, &err));
	cr_assert_str_eq(err.sqlstate, "42701");
	cr_assert_str_eq(err.message, "column \"a\" specified more than once");
	n = parse_one("CREATE TABLE x (a int, b blob)");
	err_clear(&err);
	cr_assert_not(bind_create_table(&arena, n->create_stmt, &def, &err));
	cr_assert_str_eq(err.sqlstate, "42704");
	cr_assert_str_eq(err.message, "type \"blob\" does not exist");
	cr_assert_eq(err.position, 26);
}

Test(planner_bind, insert_rows)
{
	PgQuery__Node *n = parse_one("INSERT INTO t (b, a, d) VALUES ('q', 7, 1.5), ('r', NULL, 2)");
	InsertDef def;
	Err			err;

	err_clear(&err);
	cr_assert(bind_insert(&arena, &cat, n->insert_stmt, &def, &err), "%s", err.message);
	cr_assert_eq(def.table, &t_table);
	cr_assert_eq(def.nrows, 2);
	cr_assert_eq(def.rows[0][0].type, TYPE_INT4);
	cr_assert_eq(def.rows[0][0].u.i, 7);
	cr_assert_eq(def.rows[0][1].u.s.len, 1);
	cr_assert_eq(def.rows[0][1].u.s.p[0], 'q');
	cr_assert(def.rows[0][2].is_null);	/* c is not named: NULL */
	cr_assert_eq(def.rows[0][3].u.f, 1.5);
	cr_assert(def.rows[0][4].is_null);
	cr_assert(def.rows[1][0].is_null);
	cr_assert_eq(def.rows[1][3].type, TYPE_FLOAT8);
	cr_assert_eq(def.rows[1][3].u.f, 2.0);
}

Test(planner_bind, insert_errors)
{
	static const struct {
		const char *sql;
		const char *sqlstate;
		const char *message;
	}			cases[] = {
		{"INSERT INTO t (a) VALUES ('abc')", "22P02", "invalid input syntax for type integer: \"abc\""},
		{"INSERT INTO t (zz) VALUES (1)", "42703", "column \"zz\" of relation \"t\" does not exist"},
		{"INSERT INTO t (a) VALUES (1, 2)", "42601", "INSERT has more expressions than target columns"},
		{"INSERT INTO t (a, b) VALUES (1)", "42601", "INSERT has more target columns than expressions"},
		{"INSERT INTO t (a, a) VALUES (1, 2)", "42701", "column \"a\" specified more than once"},
		{"INSERT INTO nope VALUES (1)", "42P01", "relation \"nope\" does not exist"},
		{"INSERT INTO t (a) VALUES (3000000000)", "22003", "integer out of range"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		PgQuery__Node *n = parse_one(cases[i].sql);
		InsertDef	def;
		Err			err;

		err_clear(&err);
		cr_assert_not(bind_insert(&arena, &cat, n->insert_stmt, &def, &err), "%s", cases[i].sql);
		cr_assert_str_eq(err.sqlstate, cases[i].sqlstate, "%s: %s", cases[i].sql, err.message);
		cr_assert_str_eq(err.message, cases[i].message);
	}
}
