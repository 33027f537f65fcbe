/*
 * txn.c
 *	  Transaction blocks: BEGIN / START TRANSACTION, COMMIT, ROLLBACK,
 *	  SAVEPOINT, RELEASE, ROLLBACK TO, and the ReadyForQuery status I
 *	  (idle), T (in a block) or E (failed block: every statement but
 *	  COMMIT, ROLLBACK and ROLLBACK TO is 25P02).
 *
 *	  What a transaction guarantees (docs/ARCHITECTURE.md says the same):
 *	  a block's first write opens the block's own metastore connection
 *	  (metastore_txn.c) holding SQLite's one write lock; from then on every
 *	  statement of the session reads and writes through it (conn_metastore),
 *	  so the block sees its own writes, other sessions see none of them
 *	  until COMMIT, and ROLLBACK (or a failed block's COMMIT, or a dropped
 *	  connection) undoes them all.  A write while another block holds the
 *	  lock fails at once with 40001.  Outside a block each statement
 *	  commits when it ends.  READ ONLY blocks refuse writes (25006).
 */
#include "pgconn.h"

#include <stdlib.h>
#include <string.h>

#include "portal.h"
#include "wire/pgmsg.h"

static bool
ends_failed_block(const PgQuery__Node *n)
{
	if (n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
		return false;
	switch (n->transaction_stmt->kind) {
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
			return true;
		default:
			return false;
	}
}

static const char *
write_name(const PgQuery__Node *n)
{
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_INSERT_STMT:
			return "INSERT";
		case PG_QUERY__NODE__NODE_CREATE_STMT:
			return "CREATE TABLE";
		case PG_QUERY__NODE__NODE_DROP_STMT:
			return "DROP TABLE";
		case PG_QUERY__NODE__NODE_COPY_STMT:
			return n->copy_stmt->is_from ? "COPY FROM" : NULL;
		default:
			return NULL;
	}
}

static bool statement_writes(const PgQuery__Node *n);

static bool
select_writes(const PgQuery__SelectStmt *s)
{
	if (s == NULL)
		return false;
	if (s->into_clause != NULL || select_writes(s->larg) || select_writes(s->rarg))
		return true;
	for (size_t i = 0; s->with_clause != NULL && i < s->with_clause->n_ctes; i++) {
		const PgQuery__CommonTableExpr *cte = s->with_clause->ctes[i]->common_table_expr;

		if (cte != NULL && cte->ctequery != NULL && statement_writes(cte->ctequery))
			return true;
	}
	return false;
}

/*
 * statement_writes: may n change the metastore?  Reads, session and
 * transaction statements do not; anything else is taken as a write.
 */
static bool
statement_writes(const PgQuery__Node *n)
{
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_SELECT_STMT:
			return select_writes(n->select_stmt);
		case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
			return n->explain_stmt->query != NULL && statement_writes(n->explain_stmt->query);
		case PG_QUERY__NODE__NODE_COPY_STMT:
			return n->copy_stmt->is_from;
		case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
		case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
		case PG_QUERY__NODE__NODE_FETCH_STMT:
		case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
		case PG_QUERY__NODE__NODE_PREPARE_STMT:
		case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
		case PG_QUERY__NODE__NODE_DISCARD_STMT:
		case PG_QUERY__NODE__NODE_LISTEN_STMT:
		case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
		case PG_QUERY__NODE__NODE_NOTIFY_STMT:
			return false;
		default:
			return true;
	}
}

static bool
serialization_failure(Err *err)
{
	err_set(err, "40001", "could not serialize access: another transaction block is writing");
	err_hint(err, "The transaction might succeed if retried.");
	return false;
}

/*
 * may_write gets c the right to write: in a block its own metastore
 * connection (the write lock, held until the block ends); outside one,
 * no other block may hold the lock.  Either way 40001 at once if taken.
 */
static bool
may_write(PgConn *c, Err *err)
{
	if (c->txn == 'T' || c->txn_multi) {
		if (c->block_ms == NULL &&
			(c->block_ms = metastore_block_begin(c->co->ms, c->nsavepoints, err)) == NULL)
			return false;
		return true;
	}
	for (PgConn *o = c->co->conns; o != NULL; o = o->next)
		if (o != c && o->block_ms != NULL)
			return serialization_failure(err);
	return true;
}

/*
 * txn_check refuses statements in a failed block or writes in a READ ONLY
 * one, and gives a write its metastore (may_write).
 */
bool
txn_check(PgConn *c, const PgQuery__Node *n, Err *err)
{
	const char *w;

	if (c->txn == 'E' && !ends_failed_block(n))
		return err_set(err, "25P02",
					   "current transaction is aborted, commands ignored until end of transaction block");
	if (c->txn == 'T' && c->txn_read_only && (w = write_name(n)) != NULL)
		return err_set(err, "25006", "cannot execute %s in a read-only transaction", w);
	if (c->txn != 'E' && statement_writes(n))
		return may_write(c, err);
	return true;
}

/* conn_metastore is the metastore c's statements read and write. */
Metastore *
conn_metastore(PgConn *c)
{
	return c->block_ms != NULL ? c->block_ms : c->co->ms;
}

static void
drop_savepoints(PgConn *c, int keep)
{
	while (c->nsavepoints > keep)
		free(c->savepoints[--c->nsavepoints]);
	if (keep == 0) {
		free(c->savepoints);
		c->savepoints = NULL;
	}
}

/* txn_conn_end: the connection goes; its block's writes are rolled back. */
void
txn_conn_end(PgConn *c)
{
	Err			ignored;

	err_clear(&ignored);
	metastore_block_end(&c->block_ms, false, &ignored);
	drop_savepoints(c, 0);
}

/*
 * txn_failed: an error inside a block fails the block; one in the implicit
 * transaction of a multi-statement Query undoes its writes.
 */
void
txn_failed(PgConn *c)
{
	Err			ignored;

	if (c->txn == 'T')
		c->txn = 'E';
	else if (c->txn == 'I' && c->block_ms != NULL) {
		err_clear(&ignored);
		metastore_block_end(&c->block_ms, false, &ignored);
	}
}

/*
 * txn_message_start: the statements of one Query message, when there are
 * several, run as one implicit transaction (as in PostgreSQL): its writes
 * go through a block's metastore and commit when the message ends, unless
 * a statement fails.  BEGIN makes it a block; COMMIT / ROLLBACK end it.
 */
void
txn_message_start(PgConn *c, size_t nstmts)
{
	c->txn_multi = nstmts > 1;
}

/* txn_message_end commits the implicit transaction; false with err if that fails. */
bool
txn_message_end(PgConn *c, Err *err)
{
	c->txn_multi = false;
	if (c->txn != 'I' || c->block_ms == NULL)
		return true;
	return metastore_block_end(&c->block_ms, true, err);
}

static bool
read_only_option(const PgQuery__TransactionStmt *t)
{
	bool		ro = false;

	for (size_t i = 0; i < t->n_options; i++) {
		const PgQuery__DefElem *d = t->options[i]->def_elem;

		if (d != NULL && strcmp(d->defname, "transaction_read_only") == 0 && d->arg != NULL &&
			d->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			d->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
			ro = d->arg->a_const->ival->ival != 0;
	}
	return ro;
}

static void
begin(PgConn *c, const PgQuery__TransactionStmt *t, const char *tag)
{
	if (c->txn != 'I')
		pgmsg_notice(&c->out, "WARNING", "25001", "there is already a transaction in progress");
	else {
		c->txn = 'T';
		c->txn_read_only = read_only_option(t);
	}
	pgmsg_command_complete(&c->out, tag);
}

/* end commits (COMMIT of a block that did not fail) or rolls back the block. */
static bool
end(PgConn *c, bool commit, const char *tag, Err *err)
{
	bool		ok;

	if (c->txn == 'I')
		pgmsg_notice(&c->out, "WARNING", "25P01", "there is no transaction in progress");
	if (c->txn == 'E')
		tag = "ROLLBACK";
	commit = commit && (c->txn == 'T' || (c->txn == 'I' && c->txn_multi));
	ok = metastore_block_end(&c->block_ms, commit, err);
	portal_drop_at_txn_end(c, commit && ok);
	drop_savepoints(c, 0);
	c->txn = 'I';
	c->txn_read_only = false;
	if (ok)
		pgmsg_command_complete(&c->out, tag);
	return ok;
}

/* find_savepoint is the newest open savepoint called name, or -1. */
static int
find_savepoint(const PgConn *c, const char *name)
{
	for (int i = c->nsavepoints - 1; i >= 0; i--)
		if (strcmp(c->savepoints[i], name) == 0)
			return i;
	return -1;
}

static bool
savepoint(PgConn *c, const PgQuery__TransactionStmt *t, const char *what, const char *tag,
		  Err *err)
{
	const char *name = t->savepoint_name ? t->savepoint_name : "";
	int			i;

	if (c->txn == 'I')
		return err_set(err, "25P01", "%s can only be used in transaction blocks", what);
	if (t->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT) {
		if (c->block_ms != NULL && !metastore_savepoint(c->block_ms, err))
			return false;
		c->savepoints = realloc(c->savepoints, sizeof(char *) * (c->nsavepoints + 1));
		c->savepoints[c->nsavepoints++] = strdup(name);
	} else if ((i = find_savepoint(c, name)) < 0)
		return err_set(err, "3B001", "savepoint \"%s\" does not exist", name);
	else if (t->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE) {
		if (c->block_ms != NULL && !metastore_release(c->block_ms, i, err))
			return false;
		drop_savepoints(c, i);
	} else {
		if (c->block_ms != NULL && !metastore_rollback_to(c->block_ms, i, err))
			return false;
		drop_savepoints(c, i + 1);
		c->txn = 'T';
	}
	pgmsg_command_complete(&c->out, tag);
	return true;
}

/* txn_statement runs one transaction-control statement. */
bool
txn_statement(PgConn *c, const PgQuery__TransactionStmt *t, Err *err)
{
	switch (t->kind) {
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
			begin(c, t, "BEGIN");
			return true;
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
			begin(c, t, "START TRANSACTION");
			return true;
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
			return end(c, true, "COMMIT", err);
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
			return end(c, false, "ROLLBACK", err);
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
			return savepoint(c, t, "SAVEPOINT", "SAVEPOINT", err);
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
			return savepoint(c, t, "RELEASE SAVEPOINT", "RELEASE", err);
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
			return savepoint(c, t, "ROLLBACK TO SAVEPOINT", "ROLLBACK", err);
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "two-phase commit is not supported");
	}
}
