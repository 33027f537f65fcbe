/*
 * extended.c
 *	  The extended query protocol: Parse, Bind, Describe, Execute, Close,
 *	  Sync and Flush, on the statements and portals of portal.c.
 *
 *	  Parse parses the SQL once and binds it with placeholder parameters to
 *	  infer their types and, for a query, its columns.  Bind turns the
 *	  values into constants and binds again, so a SELECT portal holds an
 *	  ordinary plan.  Execute runs the portal's task once and hands out its
 *	  rows up to the row limit (PortalSuspended); utility statements run
 *	  through the session's dispatch with c->params set.  After an error,
 *	  messages are skipped until Sync, which answers ReadyForQuery.
 */
#include "pgconn.h"

#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "planner/dml.h"
#include "planner/parse.h"
#include "explain.h"
#include "portal.h"
#include "wire/pgmsg.h"
#include "wire/typebin.h"
#include "wire/typeio.h"

/* fail reports err and skips messages until Sync. */
static bool
fail(PgConn *c, const Err *err)
{
	pgconn_statement_error(c, err);
	c->state = CONN_SKIP_TO_SYNC;
	return true;
}

/* ---- Parse ---- */

static bool
infer_select(PgConn *c, PreparedStmt *s, const PgQuery__SelectStmt *sel, ParamCtx *pc,
			 Err *err)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), pc, c->database};

	if (!bind_select(&s->arena, &cat, sel, &s->select, err) ||
		!params_infer(pc, s->select.root, err))
		return false;
	s->returns_rows = true;
	return true;
}

/* infer_write types the parameters of UPDATE, DELETE and INSERT ... SELECT. */
static bool
infer_write(PreparedStmt *s, const Catalog *cat, ParamCtx *pc, Err *err)
{
	const PgQuery__Node *n = s->node;
	RewriteDef	d;
	InsertSelect is;
	bool		ok;

	if (n->node_case == PG_QUERY__NODE__NODE_INSERT_STMT) {
		const PgQuery__Node *sel = n->insert_stmt->select_stmt;
		PgQuery__InsertStmt *ins = n->insert_stmt;

		if (sel == NULL || sel->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
			sel->select_stmt->n_values_lists > 0)
		{
			if (!params_infer_insert(pc, cat, ins, err) ||
				!bind_write_returning(&s->arena, cat, ins->relation, ins->returning_list,
									  ins->n_returning_list, &s->select, err))
				return false;
			s->returns_rows = s->select.ncols > 0;
			return true;
		}
		if (!bind_insert_select(&s->arena, cat, ins, &is, err) || !params_infer(pc, is.root, err))
			return false;
		s->select = is.ret;
		s->returns_rows = is.ret.ncols > 0;
		return true;
	}
	ok = n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ?
		bind_update(&s->arena, cat, n->update_stmt, &d, err) :
		bind_delete(&s->arena, cat, n->delete_stmt, &d, err);
	if (!ok || !params_infer_expr(pc, d.predicate, err) ||
		(d.matches != NULL && !params_infer(pc, d.matches, err)))
		return false;
	s->select = d.ret;
	s->returns_rows = d.ret.ncols > 0;
	for (int i = 0; n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT && i < d.table->ncols; i++)
		if (!params_infer_expr(pc, d.set[i], err))
			return false;
	return true;
}

/* infer binds s once with placeholder parameters: their types, its columns. */
static bool
infer(PgConn *c, PreparedStmt *s, ParamCtx *pc, Err *err)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), pc, c->database};
	const PgQuery__Node *n = s->node;

	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_SELECT_STMT:
			return infer_select(c, s, n->select_stmt, pc, err);
		case PG_QUERY__NODE__NODE_INSERT_STMT:
		case PG_QUERY__NODE__NODE_UPDATE_STMT:
		case PG_QUERY__NODE__NODE_DELETE_STMT:
			return infer_write(s, &cat, pc, err);
		case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
			if (n->declare_cursor_stmt->query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
				BoundSelect sel;

				return bind_select(&s->arena, &cat, n->declare_cursor_stmt->query->select_stmt,
								   &sel, err) && params_infer(pc, sel.root, err);
			}
			return true;
		case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
			s->returns_rows = settings_describe_show(n->variable_show_stmt, &s->arena, &s->select);
			return true;
		case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
			/* the query's parameters are typed by binding it; the result is the plan's lines */
			if (n->explain_stmt->query != NULL &&
				n->explain_stmt->query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
				!infer_select(c, s, n->explain_stmt->query->select_stmt, pc, err))
				return false;
			explain_describe(&s->arena, &s->select);
			s->returns_rows = true;
			return true;
		case PG_QUERY__NODE__NODE_FETCH_STMT:
			s->returns_rows = !n->fetch_stmt->ismove;
			return true;
		default:
			return true;
	}
}

static bool
prepare(PgConn *c, PreparedStmt *s, const PgParse *m, Err *err)
{
	PgQuery__ParseResult *tree = parse_sql(&s->arena, s->sql, err);
	TypeId	   *declared;
	ParamCtx	pc;

	if (tree == NULL)
		return false;
	if (tree->n_stmts > 1)
		return err_set(err, ERRCODE_SYNTAX_ERROR,
					   "cannot insert multiple commands into a prepared statement");
	s->node = tree->n_stmts == 1 ? tree->stmts[0]->stmt : NULL;
	declared = arena_array(&s->arena, TypeId, m->nparams + 1);
	for (int i = 0; i < m->nparams; i++)
		declared[i] = params_type_of_oid(m->param_oids[i]);
	params_init(&pc, &s->arena, m->nparams, declared);
	if (s->node != NULL && !infer(c, s, &pc, err))
		return false;
	params_finish(&pc);
	s->nparams = pc.nparams;
	s->param_types = pc.types;
	return true;
}

static bool
on_parse(PgConn *c, const uint8_t *body, uint32_t len)
{
	Arena		a;
	PgParse		m;
	PreparedStmt *s;
	Err			err;

	err_clear(&err);
	arena_init(&a);
	if (!pgmsg_parse_parse(body, len, &a, &m, &err)) {
		arena_reset(&a);
		pgconn_fatal(c, err.sqlstate, err.message);
		return false;
	}
	log_debug("parse %s: %s", m.name, m.query);
	if (m.name[0] != '\0' && portal_find_stmt(c, m.name) != NULL) {
		err_set(&err, "42P05", "prepared statement \"%s\" already exists", m.name);
		arena_reset(&a);
		return fail(c, &err);
	}
	if (m.name[0] == '\0' && (s = portal_find_stmt(c, "")) != NULL)
		portal_drop_stmt(c, s);
	s = portal_new_stmt(m.name, m.query);
	if (!prepare(c, s, &m, &err)) {
		portal_release_stmt(s);
		arena_reset(&a);
		return fail(c, &err);
	}
	arena_reset(&a);
	portal_add_stmt(c, s);
	pgmsg_empty(&c->out, '1');
	return true;
}

/* ---- Bind ---- */

static bool
bind_values(Portal *p, const PgBind *m, Err *err)
{
	Value	   *vals = arena_array(&p->arena, Value, m->nparams + 1);

	for (int i = 0; i < m->nparams; i++) {
		TypeId		t = p->params.types[i];
		bool		ok;

		vals[i].type = t;
		if (m->lengths[i] < 0) {
			vals[i].is_null = true;
			continue;
		}
		if (pgmsg_format_of(m->formats, m->nformats, i) == 1)
			ok = typebin_parse(&p->arena, t, m->values[i], (size_t) m->lengths[i], &vals[i], err);
		else
			ok = typeio_parse(&p->arena, t, (const char *) m->values[i], (size_t) m->lengths[i],
							  &vals[i], err);
		if (!ok) {
			if (strcmp(err->sqlstate, "22P03") == 0)
				snprintf(err->message, sizeof(err->message),
						 "incorrect binary data format in bind parameter %d", i + 1);
			return false;
		}
	}
	p->params.values = vals;
	return true;
}

static bool
bind_portal(PgConn *c, Portal *p, const PgBind *m, Err *err)
{
	PreparedStmt *s = p->stmt;

	params_init(&p->params, &p->arena, s->nparams, s->param_types);
	if (!bind_values(p, m, err))
		return false;
	p->nformats = m->nresult_formats;
	p->formats = arena_memdup(&p->arena, m->result_formats, sizeof(int16_t) * (m->nresult_formats + 1));
	if (s->node != NULL && s->node->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
		!portal_bind_select(c, p, err))
		return false;
	if (p->is_select && p->nformats > 1 && p->nformats != p->select.ncols)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "bind message has %d result formats but query has %d columns",
					   p->nformats, p->select.ncols);
	return true;
}

static bool
on_bind(PgConn *c, const uint8_t *body, uint32_t len)
{
	Arena		a;
	PgBind		m;
	PreparedStmt *s;
	Portal	   *p;
	Err			err;
	bool		ok;

	err_clear(&err);
	arena_init(&a);
	if (!pgmsg_parse_bind(body, len, &a, &m, &err)) {
		arena_reset(&a);
		pgconn_fatal(c, err.sqlstate, err.message);
		return false;
	}
	if ((s = portal_find_stmt(c, m.statement)) == NULL)
		err_set(&err, "26000", "prepared statement \"%s\" does not exist", m.statement);
	else if (m.portal[0] != '\0' && portal_find(c, m.portal) != NULL)
		err_set(&err, "42P03", "portal \"%s\" already exists", m.portal);
	else if (m.nparams != s->nparams)
		err_set(&err, ERRCODE_PROTOCOL_VIOLATION,
				"bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
				m.nparams, m.statement, s->nparams);
	if (err_is_set(&err) || (s->node != NULL && !txn_check(c, s->node, &err))) {
		arena_reset(&a);
		return fail(c, &err);
	}
	if (m.portal[0] == '\0' && (p = portal_find(c, "")) != NULL)
		portal_drop(c, p);
	p = portal_new(c, m.portal, s);
	ok = bind_portal(c, p, &m, &err);
	arena_reset(&a);
	if (!ok) {
		portal_drop(c, p);
		return fail(c, &err);
	}
	pgmsg_empty(&c->out, '2');
	return true;
}

/* ---- Describe ---- */

static void
describe_rows(PgConn *c, const PgQuery__Node *n, const BoundSelect *sel, bool returns_rows,
			  const int16_t *formats, int nformats)
{
	BoundSelect fetched;

	if (n != NULL && n->node_case == PG_QUERY__NODE__NODE_FETCH_STMT && returns_rows) {
		if (cursor_describe_fetch(c, n->fetch_stmt, &fetched)) {
			portal_row_description(c, &fetched, formats, nformats);
			return;
		}
		returns_rows = false;
	}
	if (returns_rows)
		portal_row_description(c, sel, formats, nformats);
	else
		pgmsg_empty(&c->out, 'n');
}

static bool
on_describe(PgConn *c, const uint8_t *body, uint32_t len)
{
	PgTarget	m;
	Err			err;

	err_clear(&err);
	if (!pgmsg_parse_target(body, len, &m, &err)) {
		pgconn_fatal(c, err.sqlstate, err.message);
		return false;
	}
	if (m.kind == 'S') {
		PreparedStmt *s = portal_find_stmt(c, m.name);
		uint32_t   *oids;

		if (s == NULL) {
			err_set(&err, "26000", "prepared statement \"%s\" does not exist", m.name);
			return fail(c, &err);
		}
		oids = arena_array(&s->arena, uint32_t, s->nparams + 1);
		for (int i = 0; i < s->nparams; i++)
			oids[i] = type_info(s->param_types[i])->oid;
		pgmsg_parameter_description(&c->out, oids, s->nparams);
		describe_rows(c, s->node, &s->select, s->returns_rows, NULL, 0);
	} else {
		Portal	   *p = portal_find(c, m.name);

		if (p == NULL) {
			err_set(&err, "34000", "portal \"%s\" does not exist", m.name);
			return fail(c, &err);
		}
		describe_rows(c, p->node, p->is_select ? &p->select : &p->stmt->select,
					  p->is_select || p->stmt->returns_rows, p->formats, p->nformats);
	}
	return true;
}

/* ---- Execute ---- */

/* execute_rows sends the next slice of a SELECT portal's rows. */
static void
execute_rows(PgConn *c, Portal *p)
{
	int64_t		n = portal_send_rows(c, p, c->exec_max, true);

	if (c->exec_max > 0 && n == c->exec_max) {
		p->state = p->state == PORTAL_DONE ? PORTAL_ROWS : p->state;
		pgmsg_empty(&c->out, 's');
	} else {
		char		tag[32];

		snprintf(tag, sizeof(tag), "SELECT %lld", (long long) n);
		pgmsg_command_complete(&c->out, tag);
	}
}

static void
on_execute_ran(PgConn *c, Portal *p)
{
	execute_rows(c, p);
	pgconn_resume(c);
}

static bool
execute_utility(PgConn *c, Portal *p, Err *err)
{
	bool		ok;

	c->params = &p->params;
	c->active_portal = p;		/* COMMIT and ROLLBACK end other portals, not this one */
	ok = session_run_statement(c, p->node, err);
	c->active_portal = NULL;
	c->params = NULL;
	if (ok && c->state != CONN_BUSY && c->state != CONN_COPY_IN)
		p->state = PORTAL_DONE;
	return ok;
}

static bool
on_execute(PgConn *c, const uint8_t *body, uint32_t len)
{
	PgExecute	m;
	Portal	   *p;
	Err			err;

	err_clear(&err);
	if (!pgmsg_parse_execute(body, len, &m, &err)) {
		pgconn_fatal(c, err.sqlstate, err.message);
		return false;
	}
	if ((p = portal_find(c, m.portal)) == NULL) {
		err_set(&err, "34000", "portal \"%s\" does not exist", m.portal);
		return fail(c, &err);
	}
	c->extended = true;
	c->exec_max = m.max_rows;
	if (p->node == NULL)
		pgmsg_empty_query(&c->out);
	else if (!txn_check(c, p->node, &err))
		return fail(c, &err);
	else if (!p->is_select) {
		if (!execute_utility(c, p, &err))
			return fail(c, &err);
	} else if (p->state == PORTAL_READY) {
		c->on_ran = on_execute_ran;
		if (!portal_start(c, p, &err))
			return fail(c, &err);
	} else
		execute_rows(c, p);
	return true;
}

/* ---- Close, Sync ---- */

static bool
on_close(PgConn *c, const uint8_t *body, uint32_t len)
{
	PgTarget	m;
	Err			err;

	err_clear(&err);
	if (!pgmsg_parse_target(body, len, &m, &err)) {
		pgconn_fatal(c, err.sqlstate, err.message);
		return false;
	}
	if (m.kind == 'S') {
		PreparedStmt *s = portal_find_stmt(c, m.name);

		if (s != NULL)
			portal_drop_stmt(c, s);
	} else {
		Portal	   *p = portal_find(c, m.name);

		if (p != NULL)
			portal_drop(c, p);
	}
	pgmsg_empty(&c->out, '3');
	return true;
}

/*
 * extended_sync ends an extended-protocol exchange: outside a transaction
 * block its portals go (the implicit transaction ends), then ReadyForQuery.
 */
void
extended_sync(PgConn *c)
{
	c->state = CONN_READY;
	if (c->txn == 'I')
		portal_drop_at_txn_end(c, true);
	arena_reset(&c->query_arena);	/* what Execute's statements allocated */
	settings_report(c);
	pgmsg_ready(&c->out, c->txn);
	pgconn_flush(c);
}

/* extended_message handles one extended-protocol message; false if c is gone. */
bool
extended_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len)
{
	switch (type) {
		case 'P':
			return on_parse(c, body, len);
		case 'B':
			return on_bind(c, body, len);
		case 'D':
			return on_describe(c, body, len);
		case 'E':
			return on_execute(c, body, len);
		case 'C':
			return on_close(c, body, len);
		case 'S':
			extended_sync(c);
			return true;
		default:
			pgconn_flush(c);
			return true;
	}
}
