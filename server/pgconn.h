/*
 * pgconn.h
 *	  One client connection: the start-up and message loop of protocol v3
 *	  on a libevent bufferevent, and the session state that statements use.
 */
#ifndef QUARRY_PGCONN_H
#define QUARRY_PGCONN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/arena.h"
#include "coordinator.h"
#include "planner/bind.h"
#include "pg_query.pb-c.h"
#include "wire/buf.h"

struct bufferevent;
struct event;
struct AuthExchange;

/* What a connection's one timer waits for. */
typedef enum TimerKind {
	TIMER_NONE,
	TIMER_AUTH_TIMEOUT,			/* authentication_timeout */
	TIMER_AUTH_FAILED,			/* auth_failure_delay, then the FATAL */
	TIMER_STATEMENT,			/* statement_timeout */
	TIMER_IDLE_IN_TXN			/* idle_in_transaction_session_timeout */
} TimerKind;

typedef enum ConnState {
	CONN_STARTUP,				/* waiting for the start-up packet */
	CONN_AUTH,					/* in the authentication exchange (startup.c) */
	CONN_AUTH_FAILED,			/* a failed login waits auth_failure_delay */
	CONN_READY,					/* reading messages */
	CONN_BUSY,					/* a statement is running on a worker */
	CONN_SKIP_TO_SYNC,			/* an extended-protocol error: skip to Sync */
	CONN_COPY_IN,				/* COPY FROM STDIN: reading CopyData */
	CONN_CLOSING				/* flush the output, then close */
} ConnState;

struct PgConn {
	Coordinator *co;
	struct bufferevent *bev;
	ConnState	state;
	bool		loopback;
	bool		ssl;			/* TLS is on */
	bool		superuser;		/* the role is a superuser (is_superuser) */
	struct sockaddr_storage peer;
	struct event *timer;
	TimerKind	timer_kind;
	struct AuthExchange *auth;	/* during the exchange */
	uint8_t    *startup;		/* the start-up packet, kept until login */
	uint32_t	startup_len;
	char		fail_sqlstate[6];	/* a failed login's error, sent after the delay */
	char	   *fail_message;
	bool		in_read;		/* inside on_read's loop */
	bool		lingering;		/* closing: output shut down, input discarded */
	int32_t		backend_pid;
	int32_t		cancel_key;
	char		user[64];
	char		database[64];
	Buf			out;			/* messages built before they go to the socket */

	/* the simple-query string being executed */
	Arena		query_arena;
	PgQuery__ParseResult *tree;
	size_t		next_stmt;
	Query	   *running;
	BoundSelect select;			/* the columns of the running SELECT */

	/* extended protocol and cursors (portal.c, extended.c, cursor.c) */
	struct PreparedStmt *stmts;
	struct Portal *portals;
	struct ParamCtx *params;	/* values $n binds to, while a portal is bound */
	struct Portal *running_portal;	/* whose task is running */
	struct Portal *active_portal;	/* being executed by Execute */
	void		(*on_ran) (PgConn *c, struct Portal *p);	/* its rows are in */
	bool		extended;		/* the running statement came from Execute */
	int64_t		exec_max;		/* Execute's row limit, FETCH's count */
	char		exec_tag[16];	/* FETCH or MOVE */

	/* transactions and settings (txn.c, settings.c) */
	char		txn;			/* ReadyForQuery status: I, T or E */
	bool		txn_read_only;
	Metastore  *block_ms;		/* the block's own metastore, from its first write */
	bool		txn_multi;		/* a multi-statement Query: an implicit transaction */
	char	  **savepoints;		/* the client's open SAVEPOINTs, oldest first */
	int			nsavepoints;
	char	  **settings;		/* per-session values, settings.c's table order */
	uint32_t	settings_changed;	/* reported ones to send before ReadyForQuery */
	struct CopyState *copy;		/* COPY in progress (copy.c) */

	PgConn	   *next;
};

/* syscat.c: the session whose statements are bound next (pg_catalog). */
void		syscat_enter(PgConn *c);
void		syscat_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len);
const char *syscat_query_of(const PgConn *c, int64_t *start_us);

/* session.c: run the statements of one Query message. */
void		session_start(PgConn *c, const char *sql);
void		session_continue(PgConn *c);

/* pgconn.c: what the session uses to answer. */
void		pgconn_flush(PgConn *c);
void		pgconn_statement_error(PgConn *c, const Err *err);
void		pgconn_query_finished(PgConn *c);
void		pgconn_resume(PgConn *c);
void		pgconn_async_error(PgConn *c, const Err *err);
void		pgconn_async_error_context(PgConn *c, const Err *err, const char *context);
void		pgconn_fatal(PgConn *c, const char *sqlstate, const char *msg);
void		pgconn_close(PgConn *c);
void		pgconn_ready(PgConn *c);
void		pgconn_cancel(PgConn *c, const char *msg);
void		pgconn_timer(PgConn *c, TimerKind kind, int64_t ms);
void		pgconn_set_callbacks(PgConn *c);

/* startup.c: the start-up packet, TLS and authentication. */
bool		startup_init(Coordinator *co, Err *err) MUST_CHECK;
void		startup_free(void);
bool		startup_packet(PgConn *c, const uint8_t *p, uint32_t len);
bool		startup_auth_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len);

/* session.c: a statement run through Execute, and what async statements resume. */
bool		session_run_statement(PgConn *c, const PgQuery__Node *n, Err *err) MUST_CHECK;
void		session_statement_done(PgConn *c);
bool		session_utility(PgConn *c, const PgQuery__Node *n, Err *err) MUST_CHECK;

/* extended.c: the extended query protocol's messages. */
bool		extended_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len);
void		extended_sync(PgConn *c);

/* txn.c: transaction blocks as clients see them. */
bool		txn_check(PgConn *c, const PgQuery__Node *n, Err *err) MUST_CHECK;
bool		txn_statement(PgConn *c, const PgQuery__TransactionStmt *t, Err *err) MUST_CHECK;
void		txn_failed(PgConn *c);
Metastore  *conn_metastore(PgConn *c);
void		txn_conn_end(PgConn *c);
void		txn_message_start(PgConn *c, size_t nstmts);
bool		txn_message_end(PgConn *c, Err *err) MUST_CHECK;

/* settings.c: SET, RESET, SHOW and ParameterStatus. */
void		settings_start(PgConn *c, const char *const *names, const char *const *values,
						   int n);
void		settings_free(PgConn *c);
void		settings_report(PgConn *c);
const char *settings_get(const PgConn *c, const char *name);
bool		settings_set_stmt(PgConn *c, const PgQuery__VariableSetStmt *s, Err *err) MUST_CHECK;
bool		settings_show_stmt(PgConn *c, const PgQuery__VariableShowStmt *s, Err *err) MUST_CHECK;
bool		settings_describe_show(const PgQuery__VariableShowStmt *s, Arena *a,
								   BoundSelect *out);
bool		settings_reset_all(PgConn *c, Err *err) MUST_CHECK;
bool		settings_set_value(PgConn *c, const char *name, const char *value, Err *err) MUST_CHECK;
int			settings_count(void);
const char *settings_nth(const PgConn *c, int i, const char **value);

/* cursor.c: DECLARE, FETCH, MOVE, CLOSE. */
bool		cursor_declare(PgConn *c, const PgQuery__DeclareCursorStmt *s, Err *err) MUST_CHECK;
bool		cursor_fetch(PgConn *c, const PgQuery__FetchStmt *s, Err *err) MUST_CHECK;
bool		cursor_close(PgConn *c, const PgQuery__ClosePortalStmt *s, Err *err) MUST_CHECK;
bool		cursor_describe_fetch(PgConn *c, const PgQuery__FetchStmt *s, BoundSelect *out);

/* copy.c: COPY FROM STDIN and TO STDOUT. */
bool		copy_statement(PgConn *c, const PgQuery__CopyStmt *s, Err *err) MUST_CHECK;
bool		copy_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len);
void		copy_free(PgConn *c);

#endif							/* QUARRY_PGCONN_H */
