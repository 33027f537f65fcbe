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
#include "ddl.h"
#include "wire/pgmsg.h"
#include "wire/typeio.h"

static Catalog
catalog_of(PgConn *c)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), c->params, c->database};

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
		/* storage: ddl.c and dml.c */
		case PG_QUERY__NODE__NODE_CREATE_STMT:
			return ddl_create_table(c, n->create_stmt, err);
		case PG_QUERY__NODE__NODE_INSERT_STMT:
			return dml_insert(c, n->insert_stmt, err);
		case PG_QUERY__NODE__NODE_DROP_STMT:
			return ddl_drop(c, n->drop_stmt, err);
		case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
			return ddl_create_schema(c, n->create_schema_stmt, err);
		case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
			return ddl_alter_table(c, n->alter_table_stmt, err);
		case PG_QUERY__NODE__NODE_RENAME_STMT:
			return ddl_rename(c, n->rename_stmt, err);
		case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
			return ddl_truncate(c, n->truncate_stmt, err);
		case PG_QUERY__NODE__NODE_VIEW_STMT:
			return ddl_create_view(c, n->view_stmt, err);
		case PG_QUERY__NODE__NODE_INDEX_STMT:
			return ddl_create_index(c, n->index_stmt, err);	/* ddl_meta.c */
		case PG_QUERY__NODE__NODE_COMMENT_STMT:
			return ddl_comment(c, n->comment_stmt, err);
		case PG_QUERY__NODE__NODE_VACUUM_STMT:
			return ddl_analyze(c, n->vacuum_stmt, err);
		case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
			return dml_create_table_as(c, n->create_table_as_stmt, err);
		case PG_QUERY__NODE__NODE_UPDATE_STMT:
			return dml_update(c, n->update_stmt, err);
		case PG_QUERY__NODE__NODE_DELETE_STMT:
			return dml_delete(c, n->delete_stmt, err);
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

	syscat_enter(c);			/* pg_catalog shows this session (syscat.c) */
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
	txn_message_start(c, c->tree->n_stmts);
	session_continue(c);
}
