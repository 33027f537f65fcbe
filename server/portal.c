/*
 * portal.c
 *	  Prepared statements and portals of a connection (see portal.h).
 *
 *	  INTERFACE ROUTINES
 *	    portal_new_stmt, portal_add_stmt, portal_find_stmt, portal_drop_stmt
 *	    portal_new, portal_find, portal_drop, portal_drop_at_txn_end
 *	    portal_bind_select  bind a SELECT portal with its parameter values
 *	    portal_start        run its task; c->on_ran gets the rows
 *	    portal_send_rows    hand out (or skip) the next rows
 */
#include "portal.h"

#include <stdlib.h>
#include <string.h>

#include "pgconn.h"
#include "wire/pgmsg.h"

PreparedStmt *
portal_new_stmt(const char *name, const char *sql)
{
	PreparedStmt *s = calloc(1, sizeof(PreparedStmt));

	arena_init(&s->arena);
	s->name = arena_strdup(&s->arena, name);
	s->sql = arena_strdup(&s->arena, sql);
	s->refs = 1;
	return s;
}

PreparedStmt *
portal_find_stmt(PgConn *c, const char *name)
{
	for (PreparedStmt *s = c->stmts; s != NULL; s = s->next)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

void
portal_add_stmt(PgConn *c, PreparedStmt *s)
{
	s->next = c->stmts;
	c->stmts = s;
}

/* portal_release_stmt drops one reference; the last frees the statement. */
void
portal_release_stmt(PreparedStmt *s)
{
	if (--s->refs > 0)
		return;
	arena_reset(&s->arena);
	free(s);
}

/* portal_drop_stmt takes s off the connection's list; portals keep it alive. */
void
portal_drop_stmt(PgConn *c, PreparedStmt *s)
{
	for (PreparedStmt **p = &c->stmts; *p != NULL; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	portal_release_stmt(s);
}

Portal *
portal_find(PgConn *c, const char *name)
{
	for (Portal *p = c->portals; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* portal_new makes a portal for statement s (which it references). */
Portal *
portal_new(PgConn *c, const char *name, PreparedStmt *s)
{
	Portal	   *p = calloc(1, sizeof(Portal));

	arena_init(&p->arena);
	p->name = arena_strdup(&p->arena, name);
	p->stmt = s;
	s->refs++;
	p->node = s->node;
	buf_init(&p->rows);
	p->next = c->portals;
	c->portals = p;
	return p;
}

/* portal_drop frees p, cancelling its task if it is running. */
void
portal_drop(PgConn *c, Portal *p)
{
	for (Portal **q = &c->portals; *q != NULL; q = &(*q)->next)
		if (*q == p) {
			*q = p->next;
			break;
		}
	if (c->running_portal == p) {
		c->running_portal = NULL;
		if (c->running != NULL)
			coord_cancel(c->co, c->running);
		c->running = NULL;
	}
	buf_free(&p->rows);
	arena_reset(&p->arena);
	portal_release_stmt(p->stmt);
	free(p);
}

/* portal_drop_at_txn_end drops the portals a transaction's end closes. */
void
portal_drop_at_txn_end(PgConn *c, bool commit)
{
	Portal	   *p = c->portals;

	while (p != NULL) {
		Portal	   *next = p->next;

		if (!(p->holdable && commit) && p != c->running_portal && p != c->active_portal)
			portal_drop(c, p);
		p = next;
	}
}

void
portal_drop_all(PgConn *c)
{
	while (c->portals != NULL)
		portal_drop(c, c->portals);
	while (c->stmts != NULL)
		portal_drop_stmt(c, c->stmts);
}

/* portal_bind_select binds p's SELECT with its parameter values. */
bool
portal_bind_select(PgConn *c, Portal *p, Err *err)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), &p->params, c->database};

	if (p->node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "this statement cannot be a cursor");
	if (!bind_select(&p->arena, &cat, p->node->select_stmt, &p->select, err))
		return false;
	p->is_select = true;
	return true;
}

static void
on_portal_done(PgConn *c, const QueryResult *res, const Err *err)
{
	Portal	   *p = c->running_portal;

	c->running = NULL;
	c->running_portal = NULL;
	if (p == NULL)
		return;
	if (err != NULL) {
		p->state = PORTAL_DONE;
		pgconn_async_error(c, err);
		return;
	}
	buf_put(&p->rows, res->rows->data, res->rows->len);
	p->nrows = res->nrows;
	p->state = PORTAL_ROWS;
	c->on_ran(c, p);
}

/* portal_start sends p's task to a worker; c is busy until on_ran. */
bool
portal_start(PgConn *c, Portal *p, Err *err)
{
	Quarry__Fragment frag = QUARRY__FRAGMENT__INIT;
	uint8_t    *packed;
	size_t		len;

	frag.root = p->select.root;
	frag.n_result_formats = (size_t) p->nformats;
	frag.result_formats = arena_array(&p->arena, int32_t, p->nformats + 1);
	for (int i = 0; i < p->nformats; i++)
		frag.result_formats[i] = p->formats[i];
	len = quarry__fragment__get_packed_size(&frag);
	packed = arena_alloc(&p->arena, len + 1);
	quarry__fragment__pack(&frag, packed);
	p->state = PORTAL_RUNNING;
	c->state = CONN_BUSY;
	c->running_portal = p;
	c->running = coord_submit(c->co, c, packed, len, on_portal_done);
	return true;
}

/*
 * portal_send_rows hands out up to max rows (0 = all that are left),
 * copying them to the client when send is set (MOVE only skips).  Returns
 * how many; the portal is PORTAL_DONE when none are left.
 */
int64_t
portal_send_rows(PgConn *c, Portal *p, int64_t max, bool send)
{
	int64_t		n = 0;
	size_t		start = p->pos;

	while (p->pos + 5 <= p->rows.len && (max == 0 || n < max)) {
		Reader		r;
		uint32_t	len;

		reader_init(&r, p->rows.data + p->pos + 1, 4);
		len = reader_u32(&r);
		p->pos += 1 + (size_t) len;
		n++;
	}
	if (send)
		buf_put(&c->out, p->rows.data + start, p->pos - start);
	p->sent += n;
	if (p->pos >= p->rows.len)
		p->state = PORTAL_DONE;
	return n;
}

/* portal_row_description writes RowDescription for sel's columns. */
void
portal_row_description(PgConn *c, const BoundSelect *sel, const int16_t *formats,
					   int nformats)
{
	PgField    *f = calloc((size_t) sel->ncols + 1, sizeof(PgField));

	for (int i = 0; i < sel->ncols; i++) {
		const OutCol *oc = &sel->cols[i];

		f[i].name = oc->name;
		f[i].table_oid = oc->table_oid;
		f[i].column = oc->column;
		f[i].type_oid = type_info(oc->type)->oid;
		f[i].typlen = type_info(oc->type)->typlen;
		f[i].typmod = oc->typmod;
		f[i].format = (int16_t) pgmsg_format_of(formats, nformats, i);
	}
	pgmsg_row_description(&c->out, f, sel->ncols);
	free(f);
}
