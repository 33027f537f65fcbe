/*
 * txn.c
 *	  Transaction blocks as clients see them: BEGIN / START TRANSACTION,
 *	  COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO, and the
 *	  ReadyForQuery status I (idle), T (in a block) or E (failed block:
 *	  every statement but COMMIT, ROLLBACK and ROLLBACK TO is 25P02).
 *
 *	  What a transaction guarantees (docs/ARCHITECTURE.md says the same):
 *	  each statement that writes (INSERT, COPY, DDL) commits atomically when
 *	  it ends, inside a block or not; ROLLBACK does not undo writes that
 *	  already ended.  Reads see every write that ended before they started.
 *	  A block gives the protocol behaviour drivers need (status, aborted
 *	  state, cursors that live until COMMIT), not isolation from other
 *	  sessions.  READ ONLY blocks refuse writes (25006).
 */
#include "pgconn.h"

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

/* txn_check refuses statements in a failed block or writes in a READ ONLY one. */
bool
txn_check(PgConn *c, const PgQuery__Node *n, Err *err)
{
	const char *w;

	if (c->txn == 'E' && !ends_failed_block(n))
		return err_set(err, "25P02",
					   "current transaction is aborted, commands ignored until end of transaction block");
	if (c->txn == 'T' && c->txn_read_only && (w = write_name(n)) != NULL)
		return err_set(err, "25006", "cannot execute %s in a read-only transaction", w);
	return true;
}

/* txn_failed: an error inside a block fails the block. */
void
txn_failed(PgConn *c)
{
	if (c->txn == 'T')
		c->txn = 'E';
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

static void
end(PgConn *c, bool commit, const char *tag)
{
	if (c->txn == 'I')
		pgmsg_notice(&c->out, "WARNING", "25P01", "there is no transaction in progress");
	if (c->txn == 'E')
		tag = "ROLLBACK";
	portal_drop_at_txn_end(c, commit && c->txn == 'T');
	c->txn = 'I';
	c->txn_read_only = false;
	pgmsg_command_complete(&c->out, tag);
}

static bool
savepoint(PgConn *c, const char *what, const char *tag, Err *err)
{
	if (c->txn == 'I')
		return err_set(err, "25P01", "%s can only be used in transaction blocks", what);
	if (strcmp(what, "ROLLBACK TO SAVEPOINT") == 0)
		c->txn = 'T';
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
			end(c, true, "COMMIT");
			return true;
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
			end(c, false, "ROLLBACK");
			return true;
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
			return savepoint(c, "SAVEPOINT", "SAVEPOINT", err);
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
			return savepoint(c, "RELEASE SAVEPOINT", "RELEASE", err);
		case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
			return savepoint(c, "ROLLBACK TO SAVEPOINT", "ROLLBACK", err);
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "two-phase commit is not supported");
	}
}
