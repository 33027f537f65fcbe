/*
 * copy_in.c
 *	  COPY FROM STDIN's data: CopyData split into lines and fields (text
 *	  format with backslash escapes, or CSV with quotes), rows checked and
 *	  batched into the COPY's TableWrite; CopyDone commits, CopyFail or
 *	  the first bad line aborts with a CONTEXT naming the line.
 */
#include "copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "wire/pgmsg.h"
#include "wire/typeio.h"

#define MAX_DISPLAY 100			/* as PostgreSQL's MAX_COPY_DATA_DISPLAY */

typedef struct Field {
	size_t		off;			/* into cs->field */
	size_t		len;
	bool		is_null;
} Field;

/* display quotes at most MAX_DISPLAY bytes of s for a CONTEXT line. */
static const char *
display(Arena *a, const char *s, size_t n)
{
	if (n > MAX_DISPLAY)
		return arena_printf(a, "%.*s...", MAX_DISPLAY, s);
	return arena_strndup(a, s, n);
}

/* fail ends the COPY with err: nothing is loaded. */
static bool
fail(PgConn *c, const Err *err, const char *context)
{
	Err			e = *err;
	char	   *ctx = context ? strdup(context) : NULL;

	copy_free(c);
	pgconn_async_error_context(c, &e, ctx);
	free(ctx);
	return true;
}

/*
 * record_end is the offset of the newline ending the record at p, or -1;
 * *open says whether a CSV quote is still open at the end of p.
 */
static ssize_t
record_end(const CopyOpts *o, const char *p, size_t n, bool *open)
{
	bool		q = false;

	for (size_t i = 0; i < n; i++) {
		char		ch = p[i];

		if (o->csv) {
			if (q && ch == o->escape && o->escape != o->quote && i + 1 < n &&
				(p[i + 1] == o->quote || p[i + 1] == o->escape))
				i++;
			else if (ch == o->quote)
				q = !q;
			else if (!q && ch == '\n')
				return (ssize_t) i;
		} else if (ch == '\\')
			i++;
		else if (ch == '\n')
			return (ssize_t) i;
	}
	*open = q;
	return -1;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* unescape appends the text-format field p[0..n) with its escapes decoded. */
static void
unescape(Buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char		ch = p[i];
		int			v = 0;
		int			k;

		if (ch != '\\' || i + 1 == n) {
			buf_put_u8(b, (uint8_t) ch);
			continue;
		}
		ch = p[++i];
		if (ch >= '0' && ch <= '7') {
			for (k = 0; k < 3 && i < n && p[i] >= '0' && p[i] <= '7'; k++, i++)
				v = v * 8 + (p[i] - '0');
			i--;
			buf_put_u8(b, (uint8_t) v);
		} else if (ch == 'x' && i + 1 < n && hexval(p[i + 1]) >= 0) {
			for (k = 0; k < 2 && i + 1 < n && hexval(p[i + 1]) >= 0; k++)
				v = v * 16 + hexval(p[++i]);
			buf_put_u8(b, (uint8_t) v);
		} else
			buf_put_u8(b, (uint8_t) (ch == 'b' ? '\b' : ch == 'f' ? '\f' : ch == 'n' ? '\n' :
									 ch == 'r' ? '\r' : ch == 't' ? '\t' : ch == 'v' ? '\v' : ch));
	}
}

/* split_text splits a text-format line; returns the number of fields. */
static int
split_text(CopyState *cs, const char *p, size_t n, Field *f, int max)
{
	int			nf = 0;
	size_t		start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && p[i] == '\\') {
			i++;
			continue;
		}
		if (i < n && p[i] != cs->o.delim)
			continue;
		if (nf < max) {
			f[nf].is_null = i - start == cs->o.null_len &&
				memcmp(p + start, cs->o.null_str, cs->o.null_len) == 0;
			f[nf].off = cs->field.len;
			unescape(&cs->field, p + start, i - start);
			f[nf].len = cs->field.len - f[nf].off;
		}
		nf++;
		start = i + 1;
	}
	return nf;
}

/* csv_field reads one CSV field at p[*i]; stops at the delimiter or the end. */
static void
csv_field(CopyState *cs, const char *p, size_t n, size_t *i, Field *f)
{
	const CopyOpts *o = &cs->o;
	size_t		start = *i;
	bool		quoted = false;
	bool		inq = false;

	f->off = cs->field.len;
	for (; *i < n; (*i)++) {
		char		ch = p[*i];

		if (!inq && ch == o->delim)
			break;
		if (!inq && ch == o->quote)
			inq = quoted = true;
		else if (inq && ch == o->escape && *i + 1 < n &&
				 (p[*i + 1] == o->quote || (o->escape != o->quote && p[*i + 1] == o->escape)))
			buf_put_u8(&cs->field, (uint8_t) p[++(*i)]);
		else if (inq && ch == o->quote)
			inq = false;
		else
			buf_put_u8(&cs->field, (uint8_t) ch);
	}
	f->len = cs->field.len - f->off;
	f->is_null = !quoted && *i - start == o->null_len &&
		memcmp(p + start, o->null_str, o->null_len) == 0;
}

static int
split_csv(CopyState *cs, const char *p, size_t n, Field *f, int max)
{
	int			nf = 0;
	size_t		i = 0;
	Field		spare;

	for (;;) {
		csv_field(cs, p, n, &i, nf < max ? &f[nf] : &spare);
		nf++;
		if (i >= n)
			return nf;
		i++;					/* the delimiter */
	}
}

/* ---- rows ---- */

/* convert_field reads field f into column col of cs->row; false with ctx set. */
static bool
convert_field(CopyState *cs, const Field *f, int col, Err *err, const char **ctx)
{
	const CatColumn *cc = &cs->table->cols[col];
	const char *s = (const char *) cs->field.data + f->off;
	Value	   *v = &cs->row[col];

	v->type = cc->type;
	v->is_null = f->is_null;
	if (f->is_null)
		return true;
	/* typmods as an assignment: numeric(p,s) rounds, char(n) pads, too long is 22001 */
	if (!typeio_parse(&cs->batch_arena, cc->type, s, f->len, v, err) ||
		!value_apply_typmod(&cs->batch_arena, v, cc->typmod, false, err)) {
		*ctx = arena_printf(&cs->batch_arena, "COPY %s, line %lld, column %s: \"%s\"",
							cs->relname, (long long) cs->line, cc->name,
							display(&cs->batch_arena, s, f->len));
		return false;
	}
	return true;
}

static bool
flush_batch(CopyState *cs, Err *err)
{
	bool		ok = true;

	if (cs->batch != NULL && cs->batch->count > 0)
		ok = tablewrite_append(&cs->w, cs->batch, err);
	cs->batch = NULL;
	arena_reset(&cs->batch_arena);
	return ok;
}

/* copy_add_row appends cs->row to the batch, writing a full batch out. */
bool
copy_add_row(CopyState *cs, Err *err)
{
	if (cs->batch == NULL)
		cs->batch = batch_new(&cs->batch_arena, cs->table->ncols, cs->types);
	for (int col = 0; col < cs->table->ncols; col++)
		vec_set(&cs->batch_arena, &cs->batch->cols[col], cs->batch->count, &cs->row[col]);
	cs->batch->count++;
	cs->rows++;
	return cs->batch->count < BATCH_SIZE || flush_batch(cs, err);
}

/* copy_line loads one line; false with err and *ctx set when it is bad. */
static bool
copy_line(CopyState *cs, const char *p, size_t n, Err *err, const char **ctx)
{
	Field	   *f = arena_array(&cs->batch_arena, Field, cs->nfields + 1);
	const char *line_ctx;
	int			nf;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	cs->line++;
	if (cs->ended || (cs->o.header && cs->line == 1))
		return true;
	if (n == 2 && p[0] == '\\' && p[1] == '.') {
		cs->ended = true;
		return true;
	}
	buf_reset(&cs->field);
	nf = cs->o.csv ? split_csv(cs, p, n, f, cs->nfields) : split_text(cs, p, n, f, cs->nfields);
	line_ctx = arena_printf(&cs->batch_arena, "COPY %s, line %lld: \"%s\"", cs->relname,
							(long long) cs->line, display(&cs->batch_arena, p, n));
	if (nf > cs->nfields) {
		*ctx = line_ctx;
		return err_set(err, "22P04", "extra data after last expected column");
	}
	for (int col = 0; col < cs->table->ncols; col++)
		cs->row[col].is_null = true;
	for (int i = 0; i < cs->nfields; i++) {
		if (i >= nf) {
			*ctx = line_ctx;
			return err_set(err, "22P04", "missing data for column \"%s\"",
						   cs->table->cols[cs->map[i]].name);
		}
		if (!convert_field(cs, &f[i], cs->map[i], err, ctx))
			return false;
	}
	if (!tablewrite_check_row(cs->table, cs->row, err)) {
		*ctx = line_ctx;
		return false;
	}
	return copy_add_row(cs, err);
}

/* copy_data consumes the whole lines of a CopyData message. */
static bool
copy_data(CopyState *cs, const uint8_t *body, uint32_t len, Err *err, const char **ctx)
{
	size_t		start = 0;
	ssize_t		end;
	bool		open;

	buf_put(&cs->pending, body, len);
	if (cs->o.binary)
		return copy_bin_data(cs, err, ctx);
	while ((end = record_end(&cs->o, (const char *) cs->pending.data + start,
							 cs->pending.len - start, &open)) >= 0) {
		if (!copy_line(cs, (const char *) cs->pending.data + start, (size_t) end, err, ctx))
			return false;
		start += (size_t) end + 1;
	}
	buf_consume(&cs->pending, start);
	return true;
}

/* copy_done loads a last line without a newline, then commits the write. */
static bool
copy_done(PgConn *c, CopyState *cs, Err *err, const char **ctx)
{
	char		tag[32];
	bool		open = false;

	if (cs->o.binary && !copy_bin_done(cs, err, ctx))
		return false;
	if (cs->o.csv && !cs->ended && cs->pending.len > 0 &&
		record_end(&cs->o, (const char *) cs->pending.data, cs->pending.len, &open) < 0 && open) {
		*ctx = arena_printf(&cs->batch_arena, "COPY %s, line %lld: \"%s\"", cs->relname,
							(long long) cs->line + 1,
							display(&cs->batch_arena, (const char *) cs->pending.data,
									cs->pending.len));
		return err_set(err, "22P04", "unterminated CSV quoted field");
	}
	if (!cs->o.binary && cs->pending.len > 0 &&
		!copy_line(cs, (const char *) cs->pending.data, cs->pending.len, err, ctx))
		return false;
	if (!flush_batch(cs, err))
		return false;
	cs->writing = false;
	if (!tablewrite_commit(&cs->w, err))
		return false;
	snprintf(tag, sizeof(tag), "COPY %lld", (long long) cs->rows);
	pgmsg_command_complete(&c->out, tag);
	copy_free(c);
	c->state = CONN_READY;
	session_statement_done(c);
	return true;
}

/* copy_message handles a message in COPY FROM STDIN; false if c is gone. */
bool
copy_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len)
{
	CopyState  *cs = c->copy;
	const char *ctx = NULL;
	Err			err;

	err_clear(&err);
	switch (type) {
		case 'd':
			if (!copy_data(cs, body, len, &err, &ctx))
				return fail(c, &err, ctx);
			return true;
		case 'c':
			if (!copy_done(c, cs, &err, &ctx))
				return fail(c, &err, ctx);
			return true;
		case 'f':
			err_set(&err, ERRCODE_QUERY_CANCELED, "COPY from stdin failed: %.*s",
					len > 0 ? (int) len - 1 : 0, (const char *) body);
			return fail(c, &err, NULL);
		case 'H':
		case 'S':
			return true;
		default:
			err_set(&err, ERRCODE_PROTOCOL_VIOLATION,
					"unexpected message type 0x%02X during COPY from stdin", type);
			return fail(c, &err, NULL);
	}
}
