/*
 * cursor.c
 *	  SQL cursors: DECLARE name [BINARY] CURSOR [WITH HOLD] FOR SELECT ...,
 *	  FETCH [FORWARD] n | ALL, MOVE, CLOSE name | ALL, as psycopg's named
 *	  cursors use them.  A cursor is a portal (portal.c): DECLARE binds the
 *	  query and runs its task at once; FETCH hands out the buffered rows.
 *	  Only forward fetches are supported (no SCROLL).
 */
#include "pgconn.h"

#include <stdio.h>
#include <string.h>

#include "portal.h"
#include "wire/pgmsg.h"

#define CURSOR_OPT_BINARY 0x0001
#define CURSOR_OPT_SCROLL 0x0002
#define CURSOR_OPT_HOLD 0x0020

static void
on_declared(PgConn *c, Portal *p)
{
	pgmsg_command_complete(&c->out, "DECLARE CURSOR");
	session_statement_done(c);
}

/* bind_cursor binds the query and copies what the portal keeps past this statement. */
static bool
bind_cursor(PgConn *c, Portal *p, const PgQuery__DeclareCursorStmt *s, Err *err)
{
	if (c->params != NULL)
		p->params = *c->params;
	p->node = s->query;
	if (!portal_bind_select(c, p, err))
		return false;
	p->node = NULL;
	for (int i = 0; i < p->select.ncols; i++)
		p->select.cols[i].name = arena_strdup(&p->arena, p->select.cols[i].name);
	if (s->options & CURSOR_OPT_BINARY) {
		p->nformats = 1;
		p->formats = arena_array(&p->arena, int16_t, 1);
		p->formats[0] = 1;
	}
	return true;
}

/* cursor_declare binds the cursor's query and starts its task. */
bool
cursor_declare(PgConn *c, const PgQuery__DeclareCursorStmt *s, Err *err)
{
	PreparedStmt *stmt;
	Portal	   *p;

	if (c->txn == 'I' && !(s->options & CURSOR_OPT_HOLD))
		return err_set(err, "25P01", "DECLARE CURSOR can only be used in transaction blocks");
	if (portal_find(c, s->portalname) != NULL)
		return err_set(err, "42P03", "cursor \"%s\" already exists", s->portalname);
	if (s->query == NULL || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "only SELECT cursors are supported");
	stmt = portal_new_stmt("", "");
	p = portal_new(c, s->portalname, stmt);
	portal_release_stmt(stmt);
	p->is_cursor = true;
	p->holdable = (s->options & CURSOR_OPT_HOLD) != 0;
	if (!bind_cursor(c, p, s, err)) {
		portal_drop(c, p);
		return false;
	}
	c->on_ran = on_declared;
	return portal_start(c, p, err);
}

static Portal *
find_cursor(PgConn *c, const char *name, Err *err)
{
	Portal	   *p = portal_find(c, name ? name : "");

	if (p == NULL || !p->is_cursor) {
		err_set(err, "34000", "cursor \"%s\" does not exist", name ? name : "");
		return NULL;
	}
	return p;
}

/* cursor_fetch runs FETCH or MOVE forward. */
bool
cursor_fetch(PgConn *c, const PgQuery__FetchStmt *s, Err *err)
{
	Portal	   *p;
	int64_t		n;
	char		tag[48];

	if ((p = find_cursor(c, s->portalname, err)) == NULL)
		return false;
	if (s->direction != PG_QUERY__FETCH_DIRECTION__FETCH_FORWARD &&
		!(s->direction == PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE && s->how_many == 0))
		return err_set(err, "55000", "cursor can only scan forward");
	if (!s->ismove && !c->extended)
		portal_row_description(c, &p->select, p->formats, p->nformats);
	n = s->how_many > 0 ? portal_send_rows(c, p, s->how_many, !s->ismove) : 0;
	snprintf(tag, sizeof(tag), "%s %lld", s->ismove ? "MOVE" : "FETCH", (long long) n);
	pgmsg_command_complete(&c->out, tag);
	return true;
}

/* cursor_close runs CLOSE name and CLOSE ALL. */
bool
cursor_close(PgConn *c, const PgQuery__ClosePortalStmt *s, Err *err)
{
	Portal	   *p;

	if (s->portalname == NULL || s->portalname[0] == '\0') {
		Portal	   *next;

		for (p = c->portals; p != NULL; p = next) {
			next = p->next;
			if (p->is_cursor)
				portal_drop(c, p);
		}
	} else {
		if ((p = find_cursor(c, s->portalname, err)) == NULL)
			return false;
		portal_drop(c, p);
	}
	pgmsg_command_complete(&c->out, "CLOSE CURSOR");
	return true;
}

/* cursor_describe_fetch gives the columns a FETCH returns, if its cursor exists. */
bool
cursor_describe_fetch(PgConn *c, const PgQuery__FetchStmt *s, BoundSelect *out)
{
	Portal	   *p = portal_find(c, s->portalname ? s->portalname : "");

	if (p == NULL || !p->is_cursor)
		return false;
	*out = p->select;
	return true;
}
