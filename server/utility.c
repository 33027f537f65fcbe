/*
 * utility.c
 *	  The statements of the protocol issue, reached from the session's
 *	  dispatch (session_utility): transaction control, SET / RESET / SHOW,
 *	  cursors, COPY, DEALLOCATE, DISCARD and roles.  Also where a statement
 *	  that went asynchronous (a cursor's task, COPY) resumes.
 */
#include "explain.h"
#include "pgconn.h"

#include <string.h>

#include "portal.h"
#include "roles.h"
#include "wire/pgmsg.h"

/* session_statement_done resumes after an asynchronous statement ended. */
void
session_statement_done(PgConn *c)
{
	if (c->extended)
		pgconn_resume(c);
	else
		session_continue(c);
}

static bool
deallocate(PgConn *c, const PgQuery__DeallocateStmt *s, Err *err)
{
	if (s->name == NULL || s->name[0] == '\0') {
		PreparedStmt *next;

		for (PreparedStmt *p = c->stmts; p != NULL; p = next) {
			next = p->next;
			if (p->name[0] != '\0')
				portal_drop_stmt(c, p);
		}
		pgmsg_command_complete(&c->out, "DEALLOCATE ALL");
		return true;
	}
	if (portal_find_stmt(c, s->name) == NULL)
		return err_set(err, "26000", "prepared statement \"%s\" does not exist", s->name);
	portal_drop_stmt(c, portal_find_stmt(c, s->name));
	pgmsg_command_complete(&c->out, "DEALLOCATE");
	return true;
}

static bool
discard(PgConn *c, const PgQuery__DiscardStmt *s, Err *err)
{
	if (s->target == PG_QUERY__DISCARD_MODE__DISCARD_ALL) {
		if (c->txn != 'I')
			return err_set(err, "25001", "DISCARD ALL cannot run inside a transaction block");
		portal_drop_all(c);
		if (!settings_reset_all(c, err))
			return false;
		pgmsg_command_complete(&c->out, "DISCARD ALL");
		return true;
	}
	pgmsg_command_complete(&c->out, s->target == PG_QUERY__DISCARD_MODE__DISCARD_PLANS ?
						   "DISCARD PLANS" : s->target == PG_QUERY__DISCARD_MODE__DISCARD_TEMP ?
						   "DISCARD TEMP" : "DISCARD SEQUENCES");
	return true;
}

/* LISTEN, UNLISTEN and NOTIFY are accepted; no notification is ever delivered. */
static bool
listen_notify(PgConn *c, const PgQuery__Node *n)
{
	pgmsg_command_complete(&c->out, n->node_case == PG_QUERY__NODE__NODE_LISTEN_STMT ? "LISTEN" :
						   n->node_case == PG_QUERY__NODE__NODE_UNLISTEN_STMT ? "UNLISTEN" :
						   "NOTIFY");
	return true;
}

static const char *
statement_name(const PgQuery__Node *n)
{
	const ProtobufCFieldDescriptor *f =
		protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);

	return f ? f->name : "unknown";
}

/* session_utility runs one statement the session's own switch does not know. */
bool
session_utility(PgConn *c, const PgQuery__Node *n, Err *err)
{
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
			return txn_statement(c, n->transaction_stmt, err);
		case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
			return settings_set_stmt(c, n->variable_set_stmt, err);
		case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
			return settings_show_stmt(c, n->variable_show_stmt, err);
		case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
			return cursor_declare(c, n->declare_cursor_stmt, err);
		case PG_QUERY__NODE__NODE_FETCH_STMT:
			return cursor_fetch(c, n->fetch_stmt, err);
		case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
			return cursor_close(c, n->close_portal_stmt, err);
		case PG_QUERY__NODE__NODE_COPY_STMT:
			return copy_statement(c, n->copy_stmt, err);
		case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
			return deallocate(c, n->deallocate_stmt, err);
		case PG_QUERY__NODE__NODE_DISCARD_STMT:
			return discard(c, n->discard_stmt, err);
		case PG_QUERY__NODE__NODE_LISTEN_STMT:
		case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
		case PG_QUERY__NODE__NODE_NOTIFY_STMT:
			return listen_notify(c, n);
		case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
			return explain_statement(c, n->explain_stmt, err);
		case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
		case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
		case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
			return roles_statement(c, n, err);
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "statement %s is not supported yet", statement_name(n));
	}
}
