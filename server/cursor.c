/*
 * cursor.c
 *	  SQL cursors: DECLARE name [BINARY] CURSOR [WITH HOLD] FOR SELECT ...,
 *	  FETCH [FORWARD] n | ALL, MOVE, CLOSE name | ALL, as psycopg's named
 *	  cursors use them.  A cursor is a portal (portal.c): DECLARE binds the
 *	  query and runs its task at once; FETCH and MOVE move over the
 *	  buffered rows in any direction (NEXT, PRIOR, ABSOLUTE, RELATIVE,
 *	  FORWARD/BACKWARD n or ALL), so every cursor can scroll.
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

static void
build_index(Portal *p)
{
	int64_t		n = 0;

	if (p->index != NULL)
		return;
	p->index = arena_array(&p->arena, size_t, p->nrows + 1);
	for (size_t pos = 0; pos + 5 <= p->rows.len && n < p->nrows; n++) {
		Reader		r;

		p->index[n] = pos;
		reader_init(&r, p->rows.data + pos + 1, 4);
		pos += 1 + (size_t) reader_u32(&r);
	}
	p->nrows = n;
}

static void
send_row(PgConn *c, Portal *p, int64_t k)
{
	size_t		off = p->index[k - 1];
	Reader		r;

	reader_init(&r, p->rows.data + off + 1, 4);
	buf_put(&c->out, p->rows.data + off, 1 + (size_t) reader_u32(&r));
}

/* step moves up to count rows in direction dir (+1, -1), as PostgreSQL's cursors do. */
static int64_t
step(PgConn *c, Portal *p, int dir, int64_t count, bool send)
{
	int64_t		n = 0;

	while (n < count) {
		int64_t		next = p->cur + dir;

		if (next < 1 || next > p->nrows) {
			p->cur = next < 1 ? 0 : p->nrows + 1;
			break;
		}
		p->cur = next;
		if (send)
			send_row(c, p, next);
		n++;
	}
	return n;
}

/* jump goes to row target (ABSOLUTE, RELATIVE) and returns it if there is one. */
static int64_t
jump(PgConn *c, Portal *p, int64_t target, bool send)
{
	if (target < 1 || target > p->nrows) {
		p->cur = target < 1 ? 0 : p->nrows + 1;
		return 0;
	}
	p->cur = target;
	if (send)
		send_row(c, p, target);
	return 1;
}

static int64_t
move(PgConn *c, Portal *p, const PgQuery__FetchStmt *s, bool send)
{
	int64_t		k = s->how_many;

	switch (s->direction) {
		case PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD:
			return step(c, p, -1, k, send);
		case PG_QUERY__FETCH_DIRECTION__FETCH_ABSOLUTE:
			return jump(c, p, k >= 0 ? k : p->nrows + 1 + k, send);
		case PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE:
			return jump(c, p, p->cur + k, send);
		default:
			if (k == 0)
				return jump(c, p, p->cur, send);
			return step(c, p, 1, k, send);
	}
}

/* cursor_fetch runs FETCH and MOVE in every direction over the buffered rows. */
bool
cursor_fetch(PgConn *c, const PgQuery__FetchStmt *s, Err *err)
{
	Portal	   *p;
	int64_t		n;
	char		tag[48];

	if ((p = find_cursor(c, s->portalname, err)) == NULL)
		return false;
	build_index(p);
	if (!s->ismove && !c->extended)
		portal_row_description(c, &p->select, p->formats, p->nformats);
	n = move(c, p, s, !s->ismove);
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
	pgmsg_command_complete(&c->out, s->portalname == NULL || s->portalname[0] == '\0' ?
						   "CLOSE CURSOR ALL" : "CLOSE CURSOR");
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
