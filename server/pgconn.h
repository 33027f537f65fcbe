/*
 * pgconn.h
 *	  One client connection: the start-up and message loop of protocol v3
 *	  on a libevent bufferevent, and the session state that statements use.
 */
#ifndef QUARRY_PGCONN_H
#define QUARRY_PGCONN_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "coordinator.h"
#include "planner/bind.h"
#include "pg_query.pb-c.h"
#include "wire/buf.h"

struct bufferevent;

typedef enum ConnState {
	CONN_STARTUP,				/* waiting for the start-up packet */
	CONN_READY,					/* reading messages */
	CONN_BUSY,					/* a statement is running on a worker */
	CONN_SKIP_TO_SYNC,			/* an extended-protocol error: skip to Sync */
	CONN_CLOSING				/* flush the output, then close */
} ConnState;

struct PgConn {
	Coordinator *co;
	struct bufferevent *bev;
	ConnState	state;
	bool		loopback;
	bool		in_read;		/* inside on_read's loop */
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

	PgConn	   *next;
};

/* session.c: run the statements of one Query message. */
void		session_start(PgConn *c, const char *sql);
void		session_continue(PgConn *c);

/* pgconn.c: what the session uses to answer. */
void		pgconn_flush(PgConn *c);
void		pgconn_statement_error(PgConn *c, const Err *err);
void		pgconn_query_finished(PgConn *c);

#endif							/* QUARRY_PGCONN_H */
