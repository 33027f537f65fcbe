/*
 * explain.c
 *	  EXPLAIN SELECT ...: the plan as rows of one text column, answered on
 *	  the coordinator.  EXPLAIN ANALYZE waits for stages and their metrics.
 */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "planner/distribute.h"
#include "planner/explain.h"
#include "portal.h"
#include "wire/pgmsg.h"

/* explain_describe: EXPLAIN's result, one text column "QUERY PLAN" (also for Describe). */
void
explain_describe(Arena *a, BoundSelect *out)
{
	memset(out, 0, sizeof(*out));
	out->ncols = 1;
	out->cols = arena_array(a, OutCol, 1);
	out->cols[0].name = "QUERY PLAN";
	out->cols[0].type = TYPE_TEXT;
	out->cols[0].typmod = -1;
}

static void
send_lines(PgConn *c, const char **lines, int n)
{
	for (int i = 0; i < n; i++) {
		size_t		m = pgmsg_begin(&c->out, 'D');
		size_t		len = strlen(lines[i]);

		buf_put_u16(&c->out, 1);
		buf_put_u32(&c->out, (uint32_t) len);
		buf_put(&c->out, lines[i], len);
		pgmsg_end(&c->out, m);
	}
}

#define MAX_STAGES 256

/* on_analyze_done prints the plan's stages with what their tasks did. */
static void
on_analyze_done(PgConn *c, const QueryResult *res, const Err *err)
{
	CoordStageStats st[MAX_STAGES];
	const DistPlan *plan;
	const char **extra;
	int64_t   **rows;
	int64_t   **times;
	int		   *nnodes;
	const char **lines;
	char		total[120];
	int64_t		bytes = 0;
	int			nst;
	int			n;
	BoundSelect desc;

	c->running = NULL;
	if (err != NULL) {
		pgconn_async_error(c, err);
		return;
	}
	plan = coord_query_plan(res->query);
	coord_query_stats(res->query, st, MAX_STAGES, &nst);
	extra = arena_array(&c->query_arena, const char *, plan->nstages + 1);
	rows = arena_array(&c->query_arena, int64_t *, plan->nstages + 1);
	times = arena_array(&c->query_arena, int64_t *, plan->nstages + 1);
	nnodes = arena_array(&c->query_arena, int, plan->nstages + 1);
	for (int i = 0; i < nst && i < plan->nstages; i++) {
		char		line[256];

		snprintf(line, sizeof(line),
				 "  actual: %d task%s, %lld rows, %.3f ms, shuffle write: %lld bytes, %d retries",
				 st[i].tasks, st[i].tasks == 1 ? "" : "s", (long long) st[i].rows,
				 st[i].time_us / 1000.0, (long long) st[i].shuffle_bytes, st[i].retries);
		extra[i] = arena_strdup(&c->query_arena, line);
		rows[i] = st[i].node_rows;
		times[i] = st[i].node_time_us;
		nnodes[i] = st[i].nnodes;
		bytes += st[i].shuffle_bytes;
	}
	lines = explain_stage_lines(&c->query_arena, plan, extra, (const int64_t *const *) rows,
								(const int64_t *const *) times, nnodes, &n);
	if (!c->extended) {			/* the extended protocol's Describe sent it */
		explain_describe(&c->query_arena, &desc);
		portal_row_description(c, &desc, NULL, 0);
	}
	send_lines(c, lines, n);
	snprintf(total, sizeof(total), "Result: %lld rows; shuffled %lld bytes; Execution Time: %.3f ms",
			 (long long) res->nrows, (long long) bytes, coord_query_elapsed_us(res->query) / 1000.0);
	lines = &(const char *) {total};
	send_lines(c, lines, 1);
	pgmsg_command_complete(&c->out, "EXPLAIN");
	pgconn_flush(c);
	session_statement_done(c);
}

/* explain_statement answers EXPLAIN with the plan's stages and their lines. */
bool
explain_statement(PgConn *c, const PgQuery__ExplainStmt *s, Err *err)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), c->params, c->database};
	BoundSelect sel;
	BoundSelect desc;
	DistOptions opt;
	DistPlan	plan;
	const char **lines;
	bool		analyze = false;
	int			n;

	for (size_t i = 0; i < s->n_options; i++)
		if (strcmp(s->options[i]->def_elem->defname, "analyze") == 0)
			analyze = true;
	if (s->query == NULL || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "EXPLAIN of this statement is not supported yet");
	if (!bind_select(&c->query_arena, &cat, s->query->select_stmt, &sel, err))
		return false;
	if (analyze) {
		Quarry__Fragment frag = QUARRY__FRAGMENT__INIT;
		uint8_t    *packed;
		size_t		len;

		frag.root = sel.root;
		len = quarry__fragment__get_packed_size(&frag);
		packed = arena_alloc(&c->query_arena, len + 1);
		quarry__fragment__pack(&frag, packed);
		c->state = CONN_BUSY;
		c->running = coord_submit(c->co, c, packed, len, on_analyze_done);
		return true;
	}
	coord_dist_options(c->co, &opt);
	if (dist_plan(&c->query_arena, sel.root, &opt, &plan))
		lines = explain_stage_lines(&c->query_arena, &plan, NULL, NULL, NULL, NULL, &n);
	else
		lines = explain_lines(&c->query_arena, sel.root, &n);
	if (!c->extended) {
		explain_describe(&c->query_arena, &desc);
		portal_row_description(c, &desc, NULL, 0);
	}
	send_lines(c, lines, n);
	pgmsg_command_complete(&c->out, "EXPLAIN");
	return true;
}
