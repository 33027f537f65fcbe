/*
 * copy_out.c
 *	  COPY table [(columns)] TO STDOUT and COPY (query) TO STDOUT, in text
 *	  and CSV formats.  The query runs as a portal's task with text
 *	  results; each DataRow the worker encoded becomes one CopyData line,
 *	  escaped or quoted as PostgreSQL's CopyAttributeOutText and
 *	  CopyAttributeOutCSV do.
 */
#include "copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner/parse.h"
#include "portal.h"
#include "wire/pgmsg.h"

static void
out_text(const CopyOpts *o, Buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char		ch = s[i];
		const char *esc = ch == '\b' ? "\\b" : ch == '\f' ? "\\f" : ch == '\n' ? "\\n" :
			ch == '\r' ? "\\r" : ch == '\t' ? "\\t" : ch == '\v' ? "\\v" : ch == '\\' ? "\\\\" : NULL;

		if (esc != NULL)
			buf_put(b, esc, 2);
		else if (ch == o->delim) {
			buf_put_u8(b, '\\');
			buf_put_u8(b, (uint8_t) ch);
		} else
			buf_put_u8(b, (uint8_t) ch);
	}
}

static bool
csv_needs_quote(const CopyOpts *o, const char *s, size_t n, bool single)
{
	if (n == o->null_len && memcmp(s, o->null_str, n) == 0)
		return true;
	if (single && n == 2 && s[0] == '\\' && s[1] == '.')
		return true;
	for (size_t i = 0; i < n; i++)
		if (s[i] == o->delim || s[i] == o->quote || s[i] == '\n' || s[i] == '\r')
			return true;
	return false;
}

static void
out_csv(const CopyOpts *o, Buf *b, const char *s, size_t n, bool force, bool single)
{
	if (!force && !csv_needs_quote(o, s, n, single)) {
		buf_put(b, s, n);
		return;
	}
	buf_put_u8(b, (uint8_t) o->quote);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == o->quote || s[i] == o->escape)
			buf_put_u8(b, (uint8_t) o->escape);
		buf_put_u8(b, (uint8_t) s[i]);
	}
	buf_put_u8(b, (uint8_t) o->quote);
}

static void
out_value(const CopyState *cs, Buf *b, int col, const char *s, size_t n)
{
	if (cs->o.csv)
		out_csv(&cs->o, b, s, n, cs->quote_col[col], cs->ncols == 1);
	else
		out_text(&cs->o, b, s, n);
}

static void
send_header(PgConn *c, CopyState *cs)
{
	Buf			line;

	buf_init(&line);
	for (int i = 0; i < cs->ncols; i++) {
		if (i > 0)
			buf_put_u8(&line, (uint8_t) cs->o.delim);
		if (cs->o.csv)
			out_csv(&cs->o, &line, cs->names[i], strlen(cs->names[i]), false, cs->ncols == 1);
		else
			out_text(&cs->o, &line, cs->names[i], strlen(cs->names[i]));
	}
	buf_put_u8(&line, '\n');
	pgmsg_copy_data(&c->out, line.data, line.len);
	buf_free(&line);
}

/* send_row turns one DataRow (text values) into one CopyData line. */
static void
send_row(PgConn *c, CopyState *cs, const uint8_t *row, size_t len, Buf *line)
{
	Reader		r;
	int			n;

	reader_init(&r, row, len);
	n = reader_u16(&r);
	buf_reset(line);
	for (int i = 0; i < n && r.ok; i++) {
		int32_t		vlen = (int32_t) reader_u32(&r);

		if (i > 0)
			buf_put_u8(line, (uint8_t) cs->o.delim);
		if (vlen < 0)
			buf_put(line, cs->o.null_str, cs->o.null_len);
		else
			out_value(cs, line, i, (const char *) reader_bytes(&r, (size_t) vlen), (size_t) vlen);
	}
	buf_put_u8(line, '\n');
	pgmsg_copy_data(&c->out, line->data, line->len);
}

/* send_binary writes the binary format: a DataRow's body is a binary tuple. */
static void
send_binary(PgConn *c, const uint8_t *row, size_t len, bool first)
{
	static const uint8_t head[19] = "PGCOPY\n\377\r\n";
	size_t		m = pgmsg_begin(&c->out, 'd');

	if (first)
		buf_put(&c->out, head, sizeof(head));
	buf_put(&c->out, row, len);
	pgmsg_end(&c->out, m);
}

static void
on_copy_ran(PgConn *c, Portal *p)
{
	CopyState  *cs = c->copy;
	Buf			line;
	char		tag[32];
	int64_t		rows = 0;

	pgmsg_copy_response(&c->out, 'H', cs->o.binary, cs->ncols);
	if (cs->o.header)
		send_header(c, cs);
	buf_init(&line);
	for (size_t pos = 0; pos + 5 <= p->rows.len; rows++) {
		Reader		r;
		uint32_t	len;

		reader_init(&r, p->rows.data + pos + 1, 4);
		len = reader_u32(&r);
		if (cs->o.binary)
			send_binary(c, p->rows.data + pos + 5, len - 4, rows == 0);
		else
			send_row(c, cs, p->rows.data + pos + 5, len - 4, &line);
		pos += 1 + (size_t) len;
		if (c->out.len > 256 * 1024)
			pgconn_flush(c);
	}
	buf_free(&line);
	if (cs->o.binary) {
		static const uint8_t head[19] = "PGCOPY\n\377\r\n";
		size_t		m = pgmsg_begin(&c->out, 'd');

		if (rows == 0)
			buf_put(&c->out, head, sizeof(head));
		buf_put_u16(&c->out, 0xffff);	/* the trailer */
		pgmsg_end(&c->out, m);
	}
	pgmsg_empty(&c->out, 'c');
	snprintf(tag, sizeof(tag), "COPY %lld", (long long) rows);
	pgmsg_command_complete(&c->out, tag);
	portal_drop(c, p);
	copy_free(c);
	session_statement_done(c);
}

static char *
quote_ident(Arena *a, const char *s)
{
	char	   *q = arena_alloc(a, strlen(s) * 2 + 3);
	char	   *d = q;

	*d++ = '"';
	for (; *s; s++) {
		if (*s == '"')
			*d++ = '"';
		*d++ = *s;
	}
	*d++ = '"';
	*d = '\0';
	return q;
}

/* table_query writes COPY t (cols) TO as SELECT cols FROM t and parses it. */
static const PgQuery__Node *
table_query(PreparedStmt *stmt, const PgQuery__CopyStmt *s, Err *err)
{
	Arena	   *a = &stmt->arena;
	const PgQuery__RangeVar *rv = s->relation;
	char	   *cols = "*";
	PgQuery__ParseResult *tree;

	for (size_t i = 0; i < s->n_attlist; i++)
		cols = arena_printf(a, "%s%s%s", i == 0 ? "" : cols, i == 0 ? "" : ", ",
							quote_ident(a, s->attlist[i]->string->sval));
	stmt->sql = arena_printf(a, "SELECT %s FROM %s%s%s", cols,
							 rv->schemaname && rv->schemaname[0] ? quote_ident(a, rv->schemaname) : "",
							 rv->schemaname && rv->schemaname[0] ? "." : "",
							 quote_ident(a, rv->relname));
	if ((tree = parse_sql(a, stmt->sql, err)) == NULL)
		return NULL;
	return tree->stmts[0]->stmt;
}

/* output_columns notes the names and FORCE_QUOTE flags of the output. */
static bool
output_columns(CopyState *cs, const BoundSelect *sel, Err *err)
{
	cs->ncols = sel->ncols;
	cs->names = arena_array(&cs->arena, const char *, sel->ncols + 1);
	cs->quote_col = arena_array(&cs->arena, bool, sel->ncols + 1);
	for (int i = 0; i < sel->ncols; i++) {
		cs->names[i] = arena_strdup(&cs->arena, sel->cols[i].name);
		cs->quote_col[i] = cs->o.force_quote_all;
	}
	for (int k = 0; k < cs->o.nforce; k++) {
		int			i;

		for (i = 0; i < cs->ncols && strcmp(cs->names[i], cs->o.force_quote[k]) != 0; i++)
			;
		if (i == cs->ncols && cs->relname != NULL)
			return err_set(err, ERRCODE_UNDEFINED_COLUMN,
						   "column \"%s\" of relation \"%s\" does not exist",
						   cs->o.force_quote[k], cs->relname);
		if (i == cs->ncols)
			return err_set(err, ERRCODE_INVALID_COLUMN_REF,
						   "FORCE_QUOTE column \"%s\" not referenced by COPY", cs->o.force_quote[k]);
		cs->quote_col[i] = true;
	}
	return true;
}

/* copy_out_start binds COPY TO's query and starts its task. */
bool
copy_out_start(PgConn *c, const PgQuery__CopyStmt *s, Err *err)
{
	PreparedStmt *stmt;
	const PgQuery__Node *query;
	Portal	   *p;

	if (s->relation != NULL && !bind_check_database(c->database, s->relation, err))
		return false;
	stmt = portal_new_stmt("", "");
	query = s->relation ? table_query(stmt, s, err) : s->query;

	if (query == NULL || query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		portal_release_stmt(stmt);
		return query == NULL ? false :
			err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY (query) TO supports only SELECT");
	}
	if (s->relation != NULL)
		c->copy->relname = arena_strdup(&c->copy->arena, s->relation->relname);
	p = portal_new(c, "\001copy", stmt);
	portal_release_stmt(stmt);
	p->node = query;
	if (c->params != NULL)
		p->params = *c->params;
	if (!portal_bind_select(c, p, err) || !output_columns(c->copy, &p->select, err)) {
		portal_drop(c, p);
		return false;
	}
	if (c->copy->o.binary) {
		p->nformats = 1;
		p->formats = arena_array(&p->arena, int16_t, 1);
		p->formats[0] = 1;
	}
	c->on_ran = on_copy_ran;
	return portal_start(c, p, err);
}
