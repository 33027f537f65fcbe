/*
 * compact.c
 *	  Merging small table files; see compact.h.
 *
 *	  One compaction runs at a time (`active`).  A timer looks every
 *	  COMPACT_TICK_MS whether files were committed since its last look and,
 *	  when no other write is in flight, asks the metastore for a table with
 *	  more than compact_min_files small files.  VACUUM waits for the running
 *	  compaction, then compacts its tables (every table without a list)
 *	  one after another, holding its client busy, and answers VACUUM.
 *
 *	  The task's result (one DataRow per new file: NULL, new_path, rows,
 *	  rows) is copied in its callback and handled from a zero timeout, so
 *	  nothing depends on whether coord_submit calls back at once.  The
 *	  commit gives up (the new files are removed, the table is looked at
 *	  again later) when another write is in flight, a transaction block
 *	  holds the metastore's lock, or a replaced file is no longer the
 *	  table's (metastore_commit's 40001).
 */
#include "compact.h"

#include <event2/event.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "ddl.h"
#include "tablewrite.h"
#include "wire/pgmsg.h"

#define COMPACT_TICK_MS 500
#define COMPACT_RETRY_MS 2000	/* after giving up */
#define COMPACT_MAX_FILES 4096	/* files merged by one compaction at most */

typedef struct Compaction {
	Coordinator *co;
	PgConn	   *c;				/* VACUUM's client, or NULL (background) */
	int32_t		pid;			/* its backend pid: is it still the same client? */
	uint32_t   *oids;			/* VACUUM's tables (all: every table) */
	int			noids;
	int			next;
	bool		all;
	uint32_t	oid;			/* the table being compacted */
	Arena		arena;			/* per table */
	MsSmallFiles files;
	char		dir[PATH_MAX];
	MsWrite		write;
	bool		writing;
	bool		failed;
	Err			err;
	Buf			rows;			/* the task's DataRows */
	bool		gave_up;
} Compaction;

static Compaction *active;
static int	waiting;			/* VACUUMs waiting for active */
static int64_t retry_at_ms;		/* no background compaction before this */

static void job_next(Compaction *j);

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
later(Coordinator *co, int ms, event_callback_fn fn, void *arg)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	event_base_once(co->base, -1, EV_TIMEOUT, fn, arg, &tv);
}

/* ---- one table ---- */

static int32_t
get_i32(const uint8_t *p)
{
	return (int32_t) ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]);
}

/* new_files reads the second field (new_path) of each DataRow; NULL if malformed. */
static const char **
new_files(Compaction *j, int *n)
{
	const Buf  *b = &j->rows;
	size_t		pos = 0;
	size_t		plen = strlen(j->write.prefix);
	size_t		dlen = strlen(j->dir);
	const char **out = arena_array(&j->arena, const char *, b->len / 8 + 1);

	*n = 0;
	while (pos + 5 <= b->len) {
		size_t		mlen = (size_t) get_i32(b->data + pos + 1);
		const uint8_t *p = b->data + pos + 5;
		int32_t		l0;
		int32_t		l1;
		const char *path;

		if (b->data[pos] != 'D' || mlen < 14 || pos + 1 + mlen > b->len)
			return NULL;
		l0 = get_i32(p + 2);
		if (l0 != -1 || (l1 = get_i32(p + 6)) <= 0 || 10 + (size_t) l1 > mlen - 4)
			return NULL;
		path = arena_strndup(&j->arena, (const char *) p + 10, (size_t) l1);
		if (strncmp(path, j->dir, dlen) != 0 || path[dlen] != '/' ||
			strncmp(path + dlen + 1, j->write.prefix, plen) != 0 || strchr(path + dlen + 1, '/'))
			return NULL;		/* not a file of this write */
		out[(*n)++] = path;
		pos += 1 + mlen;
	}
	return out;
}

/* commit replaces the small files by the task's files, or gives up. */
static void
commit(Compaction *j)
{
	Metastore  *ms = j->co->ms;
	int			n = 0;
	const char **add = j->failed ? NULL : new_files(j, &n);
	MsCommit	m = {.table_oid = j->oid, .nadd = n, .add = add,
	.nremove = j->files.n, .remove = j->files.paths, .in_place = true};
	Err			err;

	err_clear(&err);
	if (j->failed)
		log_log("compaction of table %s.%s failed: %s", j->files.schema, j->files.name,
				j->err.message);
	else if (add == NULL)
		log_log("compaction of table %s.%s: malformed result of its task", j->files.schema,
				j->files.name);
	else if (metastore_writes_besides(ms, &j->write)) {
		log_log("compaction of table %s.%s gave up, to retry later: another write is in flight",
				j->files.schema, j->files.name);
		j->gave_up = true;		/* it might replace these files: not now */
	}
	else if (!metastore_commit(ms, &m, &err)) {
		log_log("compaction of table %s.%s gave up, to retry later: %s", j->files.schema,
				j->files.name, err.message);
		j->gave_up = true;
	} else {
		log_log("compacted table %s.%s: %d files into %d", j->files.schema, j->files.name,
				j->files.n, n);
		add = NULL;
	}
	for (int i = 0; add != NULL && i < n; i++)
		unlink(add[i]);
	metastore_write_end(ms, &j->write);
	j->writing = false;
}

static void
after_task(evutil_socket_t fd, short what, void *arg)
{
	Compaction *j = arg;

	commit(j);
	job_next(j);
}

static void
on_task_done(PgConn *token, const QueryResult *res, const Err *err)
{
	Compaction *j = (Compaction *) token;

	j->failed = err != NULL;
	if (err != NULL)
		j->err = *err;
	else
		buf_put(&j->rows, res->rows->data, res->rows->len);
	later(j->co, 0, after_task, j);
}

/* table_start starts compacting table oid if it has more than more_than small files. */
static bool
table_start(Compaction *j, uint32_t oid, int more_than)
{
	Coordinator *co = j->co;
	Quarry__Fragment frag = QUARRY__FRAGMENT__INIT;
	CatTable   *t;
	uint8_t    *packed;
	size_t		len;
	Err			err;

	err_clear(&err);
	arena_reset(&j->arena);
	j->rows.len = 0;
	j->failed = false;
	j->oid = oid;
	if (!metastore_small_files(co->ms, oid, tablewrite_row_group_rows, COMPACT_MAX_FILES,
							   &j->arena, &j->files, &err) ||
		j->files.schema == NULL || j->files.n <= more_than ||
		!metastore_find_table(co->ms, j->files.schema, j->files.name, &j->arena, &t, &err) ||
		t == NULL || t->kind != 'r' ||
		!metastore_table_dir(co->ms, oid, j->dir, sizeof(j->dir), &err)) {
		if (err.message[0])
			log_log("compaction of table %u: %s", oid, err.message);
		return false;
	}
	t->files = j->files.paths;
	t->nfiles = j->files.n;
	log_log("compacting table %s.%s: %d small files", t->schema, t->name, t->nfiles);
	metastore_write_begin(co->ms, &j->write);
	j->writing = true;
	frag.root = dml_copy_plan(&j->arena, t, j->dir, j->write.prefix);
	len = quarry__fragment__get_packed_size(&frag);
	packed = arena_alloc(&j->arena, len + 1);
	quarry__fragment__pack(&frag, packed);
	coord_submit(co, (PgConn *) j, packed, len, on_task_done);
	return true;
}

/* ---- jobs ---- */

static PgConn *
client_of(const Compaction *j)
{
	for (PgConn *c = j->co->conns; c != NULL; c = c->next)
		if (c == j->c && c->backend_pid == j->pid && c->state == CONN_BUSY)
			return c;
	return NULL;
}

static void
job_done(Compaction *j)
{
	PgConn	   *c = j->c != NULL ? client_of(j) : NULL;

	if (j->c == NULL && j->gave_up)
		retry_at_ms = now_ms() + COMPACT_RETRY_MS;
	if (j->gave_up)
		metastore_note_changed(j->co->ms);	/* look again */
	active = NULL;
	arena_reset(&j->arena);
	buf_free(&j->rows);
	free(j->oids);
	free(j);
	if (c != NULL) {
		pgmsg_command_complete(&c->out, "VACUUM");
		pgconn_flush(c);
		session_statement_done(c);
	}
}

/* job_next compacts the job's next table that needs it, or ends the job. */
static void
job_next(Compaction *j)
{
	Err			err;

	for (;;) {
		uint32_t	oid = 0;

		err_clear(&err);
		if (j->all) {
			if (!metastore_compact_candidate(j->co->ms, tablewrite_row_group_rows, 1, j->oid,
											 &oid, &err))
				log_log("compaction: %s", err.message);
		} else if (j->next < j->noids)
			oid = j->oids[j->next++];
		if (oid == 0) {
			job_done(j);
			return;
		}
		j->oid = oid;
		if (table_start(j, oid, j->c != NULL ? 1 : j->co->cfg->compact_min_files))
			return;
	}
}

static Compaction *
job_new(Coordinator *co, PgConn *c)
{
	Compaction *j = calloc(1, sizeof(Compaction));

	j->co = co;
	j->c = c;
	j->pid = c != NULL ? c->backend_pid : 0;
	arena_init(&j->arena);
	buf_init(&j->rows);
	return j;
}

/* ---- the background ---- */

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	Coordinator *co = arg;
	MsWrite		none = {0};
	uint32_t	oid = 0;
	Err			err;

	later(co, COMPACT_TICK_MS, on_tick, co);
	if (active != NULL || waiting > 0 || now_ms() < retry_at_ms ||
		!metastore_take_changed(co->ms))
		return;
	err_clear(&err);
	if (metastore_writes_besides(co->ms, &none)) {
		metastore_note_changed(co->ms);	/* after those writes */
		return;
	}
	if (!metastore_compact_candidate(co->ms, tablewrite_row_group_rows,
									 co->cfg->compact_min_files, 0, &oid, &err)) {
		log_log("compaction: %s", err.message);
		return;
	}
	if (oid == 0)
		return;
	active = job_new(co, NULL);
	active->oids = malloc(sizeof(uint32_t));
	active->oids[0] = oid;
	active->noids = 1;
	job_next(active);
}

/* compact_start starts the background compaction (unless compact_min_files is 0). */
void
compact_start(Coordinator *co)
{
	metastore_note_changed(co->ms);	/* a previous life may have left work */
	if (co->cfg->compact_min_files > 0)
		later(co, COMPACT_TICK_MS, on_tick, co);
}

/* ---- VACUUM ---- */

static void
vacuum_wait(evutil_socket_t fd, short what, void *arg)
{
	Compaction *j = arg;

	if (active != NULL) {
		later(j->co, 20, vacuum_wait, j);
		return;
	}
	waiting--;
	active = j;
	job_next(j);
}

/*
 * compact_vacuum compacts the tables oids (every table when all) for c,
 * which stays busy until it answers VACUUM.
 */
bool
compact_vacuum(PgConn *c, const uint32_t *oids, int noids, bool all, Err *err)
{
	Compaction *j = job_new(c->co, c);

	j->all = all;
	j->oids = calloc((size_t) noids + 1, sizeof(uint32_t));
	if (noids > 0)
		memcpy(j->oids, oids, sizeof(uint32_t) * (size_t) noids);
	j->noids = noids;
	c->state = CONN_BUSY;
	waiting++;
	later(c->co, 0, vacuum_wait, j);	/* never answers inside the statement loop */
	return true;
}
