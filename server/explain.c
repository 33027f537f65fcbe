/*
 * explain.c
 *	  EXPLAIN SELECT ...: the plan as rows of one text column, answered on
 *	  the coordinator.  EXPLAIN ANALYZE waits for stages and their metrics.
 */
#include "explain.h"

#include <string.h>

#include "planner/explain.h"
#include "portal.h"
#include "wire/pgmsg.h"

static void
describe(PgConn *c, BoundSelect *out)
{
	memset(out, 0, sizeof(*out));
	out->ncols = 1;
	out->cols = arena_array(&c->query_arena, OutCol, 1);
	out->cols[0].name = "QUERY PLAN";
	out->cols[0].type = TYPE_TEXT;
	out->cols[0].typmod = -1;
}

/* explain_statement answers EXPLAIN with the plan's lines. */
bool
explain_statement(PgConn *c, const PgQuery__ExplainStmt *s, Err *err)
{
	Catalog		cat = {metastore_find_table, c->co->ms, c->params};
	BoundSelect sel;
	BoundSelect desc;
	const char **lines;
	int			n;

	for (size_t i = 0; i < s->n_options; i++)
		if (strcmp(s->options[i]->def_elem->defname, "analyze") == 0)
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "EXPLAIN ANALYZE is not supported yet");
	if (s->query == NULL || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "EXPLAIN of this statement is not supported yet");
	if (!bind_select(&c->query_arena, &cat, s->query->select_stmt, &sel, err))
		return false;
	lines = explain_lines(&c->query_arena, sel.root, &n);
	if (!c->extended) {
		describe(c, &desc);
		portal_row_description(c, &desc, NULL, 0);
	}
	for (int i = 0; i < n; i++) {
		size_t		m = pgmsg_begin(&c->out, 'D');
		size_t		len = strlen(lines[i]);

		buf_put_u16(&c->out, 1);
		buf_put_u32(&c->out, (uint32_t) len);
		buf_put(&c->out, lines[i], len);
		pgmsg_end(&c->out, m);
	}
	pgmsg_command_complete(&c->out, "EXPLAIN");
	return true;
}
