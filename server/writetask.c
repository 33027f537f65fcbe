/*
 * writetask.c
 *	  A statement's Write as parallel tasks, and its commit; see writetask.h.
 *
 *	  Each part is submitted with its WritePart as the "connection" the
 *	  coordinator hands back to on_part_done (the coordinator never looks
 *	  inside it), so the callback knows its part.  The client connection's
 *	  running query is the current part.  The results (one DataRow per file:
 *	  old_path, new_path, rows, matched) of all parts are committed together.
 *	  RETURNING rows come after a part's file rows, their four first fields
 *	  NULL; they are kept, cut down to their own fields, and sent only
 *	  once the commit succeeded, so the client sees exactly what committed.
 */
#include "writetask.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cluster.h"
#include "ddl.h"
#include "portal.h"
#include "wire/pgmsg.h"

#define MAX_PARTS 16
#define MIN_RANGE (8 << 20)		/* bytes of CSV below which a file is not cut */

typedef struct WritePart {
	WriteJob   *job;
	Query	   *query;
	bool		done;
	Buf			rows;			/* its result, joined in part order at the end */
} WritePart;

struct WriteJob {
	WriteJob   *next;
	PgConn	   *c;
	Coordinator *co;
	WriteKind	kind;
	MsWrite		write;
	uint32_t	table_oid;
	char		dir[PATH_MAX];
	const CreateTableDef *create;	/* CREATE TABLE AS (in the query arena) */
	WritePart	parts[MAX_PARTS];
	int			nparts;
	int			ndone;
	WritePart  *current;		/* the part the connection's running query is */
	Buf			rows;
	bool		failed;
	Err			err;
	/* RETURNING */
	const BoundSelect *ret;		/* NULL: none */
	bool		describe;		/* send RowDescription (simple protocol) */
	int32_t    *formats;		/* result formats: 4 text, then RETURNING's */
	int			nformats;
	Buf			ret_rows;		/* their DataRows, committed rows only */
	int64_t		nret;
};

/* One row of a Write's result: a file it wrote or replaced. */
typedef struct WroteRow {
	const char *old_path;
	const char *new_path;
	int64_t		rows;
	int64_t		matched;
} WroteRow;

static WriteJob *jobs;
static WriteJob *submitting;	/* inside coord_submit, which may finish a part at once */

/* writetask_new registers a write in flight into a table's directory. */
WriteJob *
writetask_new(PgConn *c, WriteKind kind, uint32_t table_oid, const CreateTableDef *create,
			  Err *err)
{
	WriteJob   *j = calloc(1, sizeof(WriteJob));

	j->kind = kind;
	j->table_oid = table_oid;
	j->create = create;
	j->co = c->co;
	j->c = c;
	buf_init(&j->rows);
	buf_init(&j->ret_rows);
	if (!metastore_table_dir(conn_metastore(c), table_oid, j->dir, sizeof(j->dir), err)) {
		free(j);
		return NULL;
	}
	metastore_write_begin(conn_metastore(c), &j->write);
	return j;
}

const char *
writetask_dir(const WriteJob *j)
{
	return j->dir;
}

const char *
writetask_prefix(const WriteJob *j)
{
	return j->write.prefix;
}

/*
 * writetask_returning makes the write answer RETURNING ret's rows, in the
 * running portal's result formats (extended protocol, described already)
 * or as text after a RowDescription (simple protocol).
 */
void
writetask_returning(WriteJob *j, PgConn *c, const BoundSelect *ret)
{
	const Portal *p = c->active_portal;

	if (ret == NULL || ret->ncols == 0)
		return;
	j->ret = ret;
	j->describe = p == NULL;
	j->nformats = 4 + ret->ncols;
	j->formats = calloc((size_t) j->nformats, sizeof(int32_t));
	for (int i = 0; p != NULL && i < ret->ncols; i++)
		j->formats[4 + i] = pgmsg_format_of(p->formats, p->nformats, i);
}

static void
forget(WriteJob *j)
{
	for (WriteJob **p = &jobs; *p != NULL; p = &(*p)->next)
		if (*p == j) {
			*p = j->next;
			break;
		}
	metastore_write_end(j->co->ms, &j->write);
	for (int i = 0; i < MAX_PARTS; i++)
		buf_free(&j->parts[i].rows);
	buf_free(&j->rows);
	buf_free(&j->ret_rows);
	free(j->formats);
	free(j);
}

/* writetask_abandon forgets a write that never started. */
void
writetask_abandon(WriteJob *j)
{
	forget(j);
}

/* ---- splitting the rows' scan ---- */

typedef struct Piece {
	const char *path;
	int64_t		start;
	int64_t		end;			/* -1: to the end */
	int64_t		size;
	int			part;
} Piece;

/* rows_scan is the Scan under a chain of Projects and Filters, or NULL. */
static Quarry__Scan *
rows_scan(Quarry__PlanNode *n)
{
	while (n != NULL && (n->node_case == QUARRY__PLAN_NODE__NODE_PROJECT ||
						 n->node_case == QUARRY__PLAN_NODE__NODE_FILTER))
		n = n->node_case == QUARRY__PLAN_NODE__NODE_PROJECT ? n->project->input : n->filter->input;
	return n != NULL && n->node_case == QUARRY__PLAN_NODE__NODE_SCAN ? n->scan : NULL;
}

static int64_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int64_t) st.st_size : 0;
}

static bool
cuttable(const Quarry__Scan *s)
{
	return s->csv != NULL && s->csv->quote[0] == '\0' && s->csv->n_range_start == 0;
}

/* pieces lists the scan's files, cut into byte ranges when that is safe. */
static int
pieces(Arena *a, const Quarry__Scan *s, int nparts, Piece **out)
{
	int64_t		total = 0;
	int64_t		target;
	int			n = 0;
	int			cap = (int) s->n_files * 2 + 2 * nparts + 1;

	*out = arena_array(a, Piece, cap);
	for (size_t f = 0; f < s->n_files; f++)
		total += file_size(s->files[f]);
	target = total / nparts > MIN_RANGE ? total / nparts : MIN_RANGE;
	for (size_t f = 0; f < s->n_files; f++) {
		int64_t		size = file_size(s->files[f]);
		int64_t		cuts = cuttable(s) ? (size + target - 1) / target : 1;

		for (int64_t k = 0; k < (cuts > 0 ? cuts : 1); k++) {
			if (n == cap)
				break;
			(*out)[n++] = (Piece) {s->files[f], cuttable(s) ? k * target : 0,
				cuttable(s) && k + 1 < cuts ? (k + 1) * target : -1,
				cuttable(s) ? (k + 1 < cuts ? target : size - k * target) : size, 0};
		}
	}
	return n;
}

/* assign gives each piece, largest first, to the least loaded part. */
static void
assign(Piece *p, int n, int nparts)
{
	int64_t		load[MAX_PARTS] = {0};
	bool	   *taken = calloc(n + 1, 1);

	for (int round = 0; round < n; round++) {
		int			big = -1;
		int			least = 0;

		for (int i = 0; i < n; i++)
			if (!taken[i] && (big < 0 || p[i].size > p[big].size))
				big = i;
		for (int k = 1; k < nparts; k++)
			if (load[k] < load[least])
				least = k;
		taken[big] = true;
		p[big].part = least;
		load[least] += p[big].size + 1;
	}
	free(taken);
}

/* set_part points the scan at part k's pieces (in the files' order). */
static void
set_part(Arena *a, Quarry__Scan *s, const Piece *p, int n, int k)
{
	int			m = 0;

	s->files = arena_array(a, char *, n + 1);
	if (s->csv != NULL) {
		s->csv->range_start = arena_array(a, int64_t, n + 1);
		s->csv->range_end = arena_array(a, int64_t, n + 1);
	}
	for (int i = 0; i < n; i++) {
		if (p[i].part != k)
			continue;
		s->files[m] = (char *) p[i].path;
		if (s->csv != NULL) {
			s->csv->range_start[m] = p[i].start;
			s->csv->range_end[m] = p[i].end < 0 ? INT64_MAX : p[i].end;
		}
		m++;
	}
	s->n_files = (size_t) m;
	if (s->csv != NULL)
		s->csv->n_range_start = s->csv->n_range_end = (size_t) m;
}

static uint8_t *
pack(Arena *a, const WriteJob *j, Quarry__PlanNode *root, size_t *len)
{
	Quarry__Fragment frag = QUARRY__FRAGMENT__INIT;
	uint8_t    *packed;

	frag.root = root;
	frag.n_result_formats = (size_t) j->nformats;
	frag.result_formats = j->formats;
	*len = quarry__fragment__get_packed_size(&frag);
	packed = arena_alloc(a, *len + 1);
	quarry__fragment__pack(&frag, packed);
	return packed;
}

static int
slots(Coordinator *co)
{
	ClusterWorkerInfo info;
	int			n = 0;

	for (int i = 0; i < cluster_worker_count(co->cluster); i++)
		if (cluster_worker_info(co->cluster, i, &info) && !info.draining)
			n += info.slots;
	return n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : n;
}

/* fragments packs one fragment per part: the Write over a share of its scan. */
static int
fragments(Arena *a, const WriteJob *j, Quarry__PlanNode *root, uint8_t **frag, size_t *len)
{
	Coordinator *co = j->co;
	Quarry__Scan *s = rows_scan(root->write->input);
	Quarry__Scan saved;
	Quarry__CsvOptions saved_csv;
	Piece	   *p;
	int			n;
	int			nparts = slots(co);

	if (root->write->n_conflict > 0)
		nparts = 1;				/* ON CONFLICT: every row checked against every other */
	if (s == NULL || nparts == 1 || (n = pieces(a, s, nparts, &p)) < 2) {
		frag[0] = pack(a, j, root, &len[0]);
		return 1;
	}
	nparts = n < nparts ? n : nparts;
	assign(p, n, nparts);
	saved = *s;
	if (s->csv != NULL)
		saved_csv = *s->csv;
	for (int k = 0; k < nparts; k++) {
		set_part(a, s, p, n, k);
		frag[k] = pack(a, j, root, &len[k]);
	}
	*s = saved;
	if (s->csv != NULL)
		*s->csv = saved_csv;
	return nparts;
}

/* ---- results ---- */

static int32_t
get_i32(const uint8_t *p)
{
	return (int32_t) ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]);
}

/*
 * datarow_fields reads the 4 text fields of one DataRow (NULL stays NULL);
 * *rest is where the fields after them (RETURNING's) start.
 */
static bool
datarow_fields(Arena *a, const uint8_t *p, size_t len, int nfields, char **f, size_t *rest)
{
	size_t		pos = 2;

	if (len < 2 || (p[0] << 8 | p[1]) != nfields)
		return false;
	for (int i = 0; i < 4; i++) {
		int32_t		n;

		if (pos + 4 > len)
			return false;
		n = get_i32(p + pos);
		pos += 4;
		if (n < 0) {
			f[i] = NULL;
			continue;
		}
		if ((size_t) n > len - pos)
			return false;
		f[i] = arena_strndup(a, (const char *) p + pos, (size_t) n);
		pos += (size_t) n;
	}
	*rest = pos;
	return true;
}

/* keep_returned keeps a RETURNING row: a DataRow of the fields from rest on. */
static void
keep_returned(WriteJob *j, const uint8_t *p, size_t len, size_t rest)
{
	size_t		at = j->ret_rows.len;

	buf_put_u8(&j->ret_rows, 'D');
	buf_put_u32(&j->ret_rows, 0);
	buf_put_u16(&j->ret_rows, (uint16_t) j->ret->ncols);
	buf_put(&j->ret_rows, p + rest, len - rest);
	buf_set_u32(&j->ret_rows, at + 1, (uint32_t) (j->ret_rows.len - at - 1));
	j->nret++;
}

/* parse_result reads the Write's rows from its DataRow messages. */
static bool
parse_result(Arena *a, WriteJob *j, WroteRow **out, int *n, Err *err)
{
	const Buf  *rows = &j->rows;
	size_t		pos = 0;
	int			cap = 8;
	int			nfields = 4 + (j->ret ? j->ret->ncols : 0);

	*n = 0;
	*out = arena_array(a, WroteRow, cap);
	while (pos + 5 <= rows->len) {
		size_t		mlen = (size_t) get_i32(rows->data + pos + 1);
		char	   *f[4];
		size_t		rest;

		if (mlen < 4 || pos + 1 + mlen > rows->len || rows->data[pos] != 'D' ||
			!datarow_fields(a, rows->data + pos + 5, mlen - 4, nfields, f, &rest) ||
			(f[1] == NULL && (j->ret == NULL || f[0] != NULL)))
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed result of a write task");
		if (f[1] == NULL) {
			keep_returned(j, rows->data + pos + 5, mlen - 4, rest);
			pos += 1 + mlen;
			continue;
		}
		if (*n == cap) {
			WroteRow   *grown = arena_array(a, WroteRow, cap * 2);

			memcpy(grown, *out, sizeof(WroteRow) * cap);
			*out = grown;
			cap *= 2;
		}
		(*out)[(*n)++] = (WroteRow) {f[0], f[1], strtoll(f[2], NULL, 10), strtoll(f[3], NULL, 10)};
		pos += 1 + mlen;
	}
	return true;
}

/* own_file: a path the write may have made (its prefix, in its directory). */
static bool
own_file(const WriteJob *j, const char *path)
{
	size_t		dlen = strlen(j->dir);

	return strncmp(path, j->dir, dlen) == 0 && path[dlen] == '/' &&
		strncmp(path + dlen + 1, j->write.prefix, strlen(j->write.prefix)) == 0 &&
		strchr(path + dlen + 1, '/') == NULL;
}

static void
unlink_new(const WriteJob *j, const WroteRow *r, int n)
{
	for (int i = 0; i < n; i++)
		if (r[i].new_path[0] != '\0' && own_file(j, r[i].new_path))
			unlink(r[i].new_path);
}

/* commit_rows makes the written files visible; *count is for the tag. */
static bool
commit_rows(Arena *a, const WriteJob *j, const WroteRow *r, int n, int64_t *count, Err *err)
{
	MsCommit	m = {.table_oid = j->table_oid, .create = j->create};
	const char **add = arena_array(a, const char *, n + 1);
	const char **rem = arena_array(a, const char *, n + 1);

	*count = 0;
	for (int i = 0; i < n; i++) {
		if (r[i].new_path[0] != '\0' && !own_file(j, r[i].new_path))
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "a write task reported a foreign file");
		if (r[i].new_path[0] != '\0')
			add[m.nadd++] = r[i].new_path;
		if (r[i].old_path != NULL)
			rem[m.nremove++] = r[i].old_path;
		*count += j->kind == KIND_UPDATE || j->kind == KIND_DELETE || r[i].old_path != NULL ?
			r[i].matched : r[i].rows;	/* ON CONFLICT DO UPDATE rewrites files too */
	}
	m.add = add;
	m.remove = rem;
	return metastore_commit(conn_metastore(j->c), &m, err);
}

/* writetask_tag writes the CommandComplete of a write of count rows. */
void
writetask_tag(PgConn *c, WriteKind kind, int64_t count)
{
	char		tag[64];

	if (kind == KIND_INSERT)
		snprintf(tag, sizeof(tag), "INSERT 0 %lld", (long long) count);
	else if (kind == KIND_CTAS)
		snprintf(tag, sizeof(tag), "SELECT %lld", (long long) count);
	else
		snprintf(tag, sizeof(tag), "%s %lld", kind == KIND_UPDATE ? "UPDATE" : "DELETE",
				 (long long) count);
	pgmsg_command_complete(&c->out, tag);
}

/* ---- the parts ---- */

static bool
conn_ok(const WriteJob *j)
{
	for (PgConn *c = j->co->conns; c != NULL; c = c->next)
		if (c == j->c)
			return j->current != NULL && c->running == j->current->query;
	return false;
}

/* cancel_others cancels the running parts but keep (which is done or the client's). */
static void
cancel_others(WriteJob *j, const WritePart *keep)
{
	for (int i = 0; i < j->nparts; i++) {
		WritePart  *p = &j->parts[i];

		if (p->done || p == keep || p->query == NULL)
			continue;
		coord_cancel(j->co, p->query);	/* its callback will not come */
		p->done = true;
		j->ndone++;
	}
}

/* finish ends the statement: commit, or report the first error. */
static void
finish(WriteJob *j)
{
	PgConn	   *c = j->c;
	WriteKind	kind = j->kind;
	WroteRow   *rows = NULL;
	int			n = 0;
	int64_t		count = 0;
	Err			e = j->err;

	c->running = NULL;
	for (int i = 0; i < j->nparts; i++)	/* RETURNING rows in part order */
		if (j->parts[i].rows.len > 0)
			buf_put(&j->rows, j->parts[i].rows.data, j->parts[i].rows.len);
	if (!j->failed && (!parse_result(&c->query_arena, j, &rows, &n, &e) ||
					   !commit_rows(&c->query_arena, j, rows, n, &count, &e))) {
		unlink_new(j, rows, n);
		j->failed = true;
	}
	if (j->failed) {
		forget(j);
		pgconn_async_error(c, &e);
		return;
	}
	if (j->ret != NULL && j->describe)
		portal_row_description(c, j->ret, NULL, 0);
	if (j->ret_rows.len > 0)
		buf_put(&c->out, j->ret_rows.data, j->ret_rows.len);
	forget(j);
	writetask_tag(c, kind, count);
	pgconn_flush(c);
	session_statement_done(c);
}

static void
record(WriteJob *j, WritePart *part, const QueryResult *res, const Err *err)
{
	if (err != NULL && !j->failed) {
		j->failed = true;
		j->err = *err;
	} else if (err == NULL && res->rows->len > 0)
		buf_put(&part->rows, res->rows->data, res->rows->len);
}

static void
on_part_done(PgConn *token, const QueryResult *res, const Err *err)
{
	WritePart  *part = (WritePart *) token;
	WriteJob   *j = part->job;

	part->done = true;
	j->ndone++;
	record(j, part, res, err);
	if (submitting == j)
		return;					/* writetask_start takes it from here */
	if (!conn_ok(j)) {
		cancel_others(j, j->current);	/* the client's part went with it */
		forget(j);
		return;
	}
	if (j->failed)
		cancel_others(j, NULL);
	if (j->ndone == j->nparts) {
		finish(j);
		return;
	}
	if (part == j->current) {
		for (int i = 0; i < j->nparts; i++)
			if (!j->parts[i].done)
				j->current = &j->parts[i];
		j->c->running = j->current->query;
	}
}

/*
 * writetask_start runs root (a Write) as one task per part; the statement
 * ends in on_part_done.  A part that fails at once fails the statement here.
 */
bool
writetask_start(PgConn *c, WriteJob *j, Quarry__PlanNode *root, Err *err)
{
	uint8_t    *frag[MAX_PARTS];
	size_t		len[MAX_PARTS];

	j->nparts = fragments(&c->query_arena, j, root, frag, len);
	j->next = jobs;
	jobs = j;
	submitting = j;
	for (int i = 0; i < j->nparts && !j->failed; i++) {
		j->parts[i].job = j;
		j->parts[i].query = coord_submit(c->co, (PgConn *) &j->parts[i], frag[i], len[i],
										 on_part_done);
	}
	submitting = NULL;
	if (j->failed || j->ndone == j->nparts) {
		if (!j->failed)
			err_set(&j->err, ERRCODE_INTERNAL_ERROR, "a write task ended before it started");
		*err = j->err;
		cancel_others(j, NULL);
		forget(j);
		return false;
	}
	for (int i = 0; i < j->nparts; i++)
		if (!j->parts[i].done)
			j->current = &j->parts[i];
	c->running = j->current->query;
	c->state = CONN_BUSY;
	return true;
}

/*
 * writetask_reap forgets writes whose client went away or moved on (a cancel)
 * mid-task, cancelling their other parts: the sweep may then remove their
 * files.
 */
void
writetask_reap(Coordinator *co)
{
	WriteJob   *j = jobs;

	while (j != NULL) {
		WriteJob   *next = j->next;

		if (!conn_ok(j)) {
			cancel_others(j, j->current);
			forget(j);
		}
		j = next;
	}
}
