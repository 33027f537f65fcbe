/*
 * session.c
 *	  Running the statements of a Query message, one after another, as
 *	  PostgreSQL's simple query protocol does: each statement answers with
 *	  its rows and CommandComplete; the first error ends the message.
 *
 *	  SELECT is bound and planned here and runs as a task on a worker
 *	  (coord_submit); the session resumes in on_select_done.  DDL and
 *	  INSERT ... VALUES are applied to the metastore and table files here.
 */
#include "pgconn.h"

#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "planner/parse.h"
#include "tablewrite.h"
#include "wire/pgmsg.h"
#include "wire/typeio.h"

static Catalog
catalog_of(PgConn *c)
{
	Catalog		cat = {metastore_find_table, c->co->ms, c->params};

	return cat;
}

/* ---- SELECT ---- */

static void
send_row_description(PgConn *c)
{
	PgField    *f = arena_array(&c->query_arena, PgField, c->select.ncols + 1);

	for (int i = 0; i < c->select.ncols; i++) {
		const OutCol *oc = &c->select.cols[i];

		f[i].name = oc->name;
		f[i].table_oid = oc->table_oid;
		f[i].column = oc->column;
		f[i].type_oid = type_info(oc->type)->oid;
		f[i].typlen = type_info(oc->type)->typlen;
		f[i].typmod = oc->typmod;
		f[i].format = 0;
	}
	pgmsg_row_description(&c->out, f, c->select.ncols);
}

static void
on_select_done(PgConn *c, const QueryResult *res, const Err *err)
{
	char		tag[32];

	c->running = NULL;
	if (err != NULL) {
		pgconn_statement_error(c, err);
		pgconn_query_finished(c);
		return;
	}
	send_row_description(c);
	buf_put(&c->out, res->rows->data, res->rows->len);
	snprintf(tag, sizeof(tag), "SELECT %lld", (long long) res->nrows);
	pgmsg_command_complete(&c->out, tag);
	pgconn_flush(c);
	session_continue(c);
}

static bool
run_select(PgConn *c, const PgQuery__SelectStmt *stmt, Err *err)
{
	Catalog		cat = catalog_of(c);
	Quarry__Fragment frag = QUARRY__FRAGMENT__INIT;
	uint8_t    *packed;
	size_t		len;

	if (!bind_select(&c->query_arena, &cat, stmt, &c->select, err))
		return false;
	frag.root = c->select.root;
	len = quarry__fragment__get_packed_size(&frag);
	packed = arena_alloc(&c->query_arena, len + 1);
	quarry__fragment__pack(&frag, packed);
	c->state = CONN_BUSY;
	c->running = coord_submit(c->co, c, packed, len, on_select_done);
	return true;
}

/* ---- DDL ---- */

static bool
run_create_table(PgConn *c, const PgQuery__CreateStmt *stmt, Err *err)
{
	CreateTableDef def;
	bool		existed;

	if (!bind_create_table(&c->query_arena, stmt, &def, err) ||
		!metastore_create_table(c->co->ms, &def, &existed, err))
		return false;
	if (existed) {
		char		msg[200];

		snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping", def.name);
		pgmsg_notice(&c->out, "NOTICE", ERRCODE_DUPLICATE_TABLE, msg);
	}
	pgmsg_command_complete(&c->out, "CREATE TABLE");
	return true;
}

static bool
run_drop(PgConn *c, const PgQuery__DropStmt *stmt, Err *err)
{
	if (stmt->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "only DROP TABLE is supported yet");
	for (size_t i = 0; i < stmt->n_objects; i++) {
		const PgQuery__List *names = stmt->objects[i]->list;
		const char *schema = NULL;
		const char *name;
		bool		existed;

		if (names->n_items == 2)
			schema = names->items[0]->string->sval;
		name = names->items[names->n_items - 1]->string->sval;
		if (!metastore_drop_table(c->co->ms, schema, name, stmt->missing_ok, &existed, err))
			return false;
		if (!existed) {
			char		msg[200];

			snprintf(msg, sizeof(msg), "table \"%s\" does not exist, skipping", name);
			pgmsg_notice(&c->out, "NOTICE", "00000", msg);
		}
	}
	pgmsg_command_complete(&c->out, "DROP TABLE");
	return true;
}

/* ---- INSERT ... VALUES ---- */

/* write_rows appends the bound VALUES rows to the table in one write. */
static bool
write_rows(PgConn *c, const InsertDef *def, Err *err)
{
	const CatTable *t = def->table;
	int32_t    *types = arena_array(&c->query_arena, int32_t, t->ncols + 1);
	TableWrite	w;
	Arena		a;
	bool		ok = true;

	for (int i = 0; i < t->ncols; i++)
		types[i] = t->cols[i].type;
	if (!tablewrite_begin(&w, c->co->ms, t, err))
		return false;
	arena_init(&a);
	for (int r = 0; ok && r < def->nrows; r += BATCH_SIZE) {
		Batch	   *b = batch_new(&a, t->ncols, types);

		for (int k = r; k < def->nrows && k < r + BATCH_SIZE; k++, b->count++)
			for (int col = 0; col < t->ncols; col++)
				vec_set(&a, &b->cols[col], b->count, &def->rows[k][col]);
		ok = tablewrite_append(&w, b, err);
		arena_reset(&a);
	}
	if (!ok) {
		tablewrite_abort(&w);
		return false;
	}
	return tablewrite_commit(&w, err);
}

static bool
run_insert(PgConn *c, const PgQuery__InsertStmt *stmt, Err *err)
{
	Catalog		cat = catalog_of(c);
	InsertDef	def;
	char		tag[48];

	if (!bind_insert(&c->query_arena, &cat, stmt, &def, err))
		return false;
	for (int r = 0; r < def.nrows; r++)
		if (!tablewrite_check_row(def.table, def.rows[r], err))
			return false;
	if (!write_rows(c, &def, err))
		return false;
	snprintf(tag, sizeof(tag), "INSERT 0 %d", def.nrows);
	pgmsg_command_complete(&c->out, tag);
	return true;
}

/* ---- the statement loop ---- */

/* run_statement runs one statement; false with err set on failure. */
static bool
run_statement(PgConn *c, const PgQuery__Node *n, Err *err)
{
	if (!txn_check(c, n, err))
		return false;
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_SELECT_STMT:
			return run_select(c, n->select_stmt, err);
		case PG_QUERY__NODE__NODE_CREATE_STMT:
			return run_create_table(c, n->create_stmt, err);
		case PG_QUERY__NODE__NODE_INSERT_STMT:
			return run_insert(c, n->insert_stmt, err);
		case PG_QUERY__NODE__NODE_DROP_STMT:
			return run_drop(c, n->drop_stmt, err);
		default:
			return session_utility(c, n, err);	/* utility.c */
	}
}

/* session_run_statement runs one statement for the extended protocol's Execute. */
bool
session_run_statement(PgConn *c, const PgQuery__Node *n, Err *err)
{
	return run_statement(c, n, err);
}

/* session_continue runs statements until one goes to a worker or all are done. */
void
session_continue(PgConn *c)
{
	Err			err;

	c->state = CONN_READY;
	while (c->tree != NULL && c->next_stmt < c->tree->n_stmts) {
		const PgQuery__RawStmt *raw = c->tree->stmts[c->next_stmt++];

		err_clear(&err);
		if (raw->stmt == NULL)
			continue;
		if (!run_statement(c, raw->stmt, &err)) {
			pgconn_statement_error(c, &err);
			break;
		}
		if (c->state == CONN_BUSY || c->state == CONN_COPY_IN) {
			pgconn_flush(c);
			return;
		}
	}
	pgconn_query_finished(c);
}

/* session_start parses a Query message's string and runs its statements. */
void
session_start(PgConn *c, const char *sql)
{
	Err			err;

	err_clear(&err);
	log_debug("statement: %s", sql);
	c->next_stmt = 0;
	c->tree = parse_sql(&c->query_arena, sql, &err);
	if (c->tree == NULL) {
		pgconn_statement_error(c, &err);
		pgconn_query_finished(c);
		return;
	}
	if (c->tree->n_stmts == 0) {
		pgmsg_empty_query(&c->out);
		pgconn_query_finished(c);
		return;
	}
	session_continue(c);
}
