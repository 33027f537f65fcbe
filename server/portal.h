/*
 * portal.h
 *	  Prepared statements and portals of one connection, shared by the
 *	  extended query protocol (extended.c) and SQL cursors (DECLARE, FETCH,
 *	  MOVE, CLOSE in cursor.c).
 *
 *	  A PreparedStmt owns its SQL's parse tree and the parameter types
 *	  inferred at Parse.  A Portal is a statement bound to parameter values
 *	  and result formats; a SELECT portal runs its task once, keeps the
 *	  DataRow bytes the worker encoded and hands them out in slices
 *	  (Execute's row limit, FETCH n), so a suspended portal costs no worker.
 */
#ifndef QUARRY_PORTAL_H
#define QUARRY_PORTAL_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "planner/bind.h"
#include "planner/params.h"
#include "wire/buf.h"

typedef struct PgConn PgConn;

typedef struct PreparedStmt {
	char	   *name;			/* "" for the unnamed statement */
	Arena		arena;
	const PgQuery__Node *node;	/* NULL for an empty query */
	const char *sql;
	int			nparams;
	TypeId	   *param_types;
	BoundSelect select;			/* columns of a statement that returns rows */
	bool		returns_rows;
	int			refs;			/* the list's and each portal's */
	struct PreparedStmt *next;
} PreparedStmt;

typedef enum PortalState {
	PORTAL_READY,				/* bound, not run yet */
	PORTAL_RUNNING,				/* its task is on a worker */
	PORTAL_ROWS,				/* rows buffered, some maybe sent */
	PORTAL_DONE					/* ran to completion */
} PortalState;

typedef struct Portal {
	char	   *name;
	Arena		arena;
	PreparedStmt *stmt;
	const PgQuery__Node *node;	/* the statement (a cursor's query) */
	ParamCtx	params;
	int			nformats;
	int16_t    *formats;		/* result formats */
	BoundSelect select;			/* SELECT: bound at Bind */
	bool		is_select;
	bool		is_cursor;		/* DECLARE'd, as opposed to a protocol portal */
	bool		holdable;		/* WITH HOLD: survives COMMIT */
	PortalState state;
	Buf			rows;			/* DataRow messages */
	size_t		pos;			/* next row's offset in rows */
	int64_t		nrows;			/* rows in rows */
	int64_t		sent;			/* rows handed out */
	int64_t		cur;			/* a cursor's position: 0 before the first row */
	size_t	   *index;			/* a cursor's row offsets, built at its first FETCH */
	struct Portal *next;
} Portal;

PreparedStmt *portal_find_stmt(PgConn *c, const char *name);
void		portal_add_stmt(PgConn *c, PreparedStmt *s);
void		portal_drop_stmt(PgConn *c, PreparedStmt *s);
void		portal_release_stmt(PreparedStmt *s);
PreparedStmt *portal_new_stmt(const char *name, const char *sql);

Portal	   *portal_find(PgConn *c, const char *name);
Portal	   *portal_new(PgConn *c, const char *name, PreparedStmt *s);
void		portal_drop(PgConn *c, Portal *p);
void		portal_drop_at_txn_end(PgConn *c, bool commit);
void		portal_drop_all(PgConn *c);

bool		portal_bind_select(PgConn *c, Portal *p, Err *err) MUST_CHECK;
bool		portal_start(PgConn *c, Portal *p, Err *err) MUST_CHECK;
int64_t		portal_send_rows(PgConn *c, Portal *p, int64_t max, bool send);
void		portal_row_description(PgConn *c, const BoundSelect *sel, const int16_t *formats,
								   int nformats);

#endif							/* QUARRY_PORTAL_H */
