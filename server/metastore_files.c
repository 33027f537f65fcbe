/*
 * metastore_files.c
 *	  The files of tables: naming the files of a write, committing a
 *	  statement's files in one transaction, and removing what no committed
 *	  row names.
 *
 *	  A write in flight owns the names "<incarnation>-<write id>-*" in its
 *	  table's directory.  metastore_commit checks that the files a write
 *	  replaces are still the table's (else 40001: another statement
 *	  replaced them first), swaps the files and their statistics, and
 *	  commits; replaced files stay on disk MS_GARBAGE_DELAY_S seconds for
 *	  queries that took their snapshot before.  metastore_sweep (at
 *	  start-up and periodically) removes every other file no committed row
 *	  names: leftovers of writes that failed, crashed, or came from a
 *	  previous life of the coordinator.
 */
#include "metastore_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"

/* metastore_new_oid allocates an OID (CREATE TABLE AS names its files first). */
uint32_t
metastore_new_oid(Metastore *ms, Err *err)
{
	return (uint32_t) ms_next_oid(ms, err);
}

static Metastore *
root_of(Metastore *ms)
{
	return ms->root != NULL ? ms->root : ms;
}

/*
 * metastore_write_begin registers a write in flight and names its files.
 * A block's writes stay in flight until the block ends (metastore_txn.c).
 */
void
metastore_write_begin(Metastore *ms, MsWrite *w)
{
	Metastore  *r = root_of(ms);

	w->id = ++r->write_seq;
	snprintf(w->prefix, sizeof(w->prefix), "%llu-%llu-", (unsigned long long) r->incarnation,
			 (unsigned long long) w->id);
	if (r->ninflight == r->inflight_cap) {
		r->inflight_cap = r->inflight_cap ? r->inflight_cap * 2 : 16;
		r->inflight = realloc(r->inflight, sizeof(MsInflight) * r->inflight_cap);
	}
	r->inflight[r->ninflight].id = w->id;
	r->inflight[r->ninflight].block = ms->block_id;
	r->ninflight++;
}

/* metastore_write_end forgets a write: its uncommitted files are swept. */
void
metastore_write_end(Metastore *ms, const MsWrite *w)
{
	Metastore  *r = root_of(ms);

	for (int i = 0; i < r->ninflight; i++)
		if (r->inflight[i].id == w->id) {
			if (r->inflight[i].block == 0)
				r->inflight[i] = r->inflight[--r->ninflight];
			return;
		}
}

/* ms_block_writes_end forgets the writes of a block that ended. */
void
ms_block_writes_end(Metastore *r, uint64_t block)
{
	int			k = 0;

	for (int i = 0; i < r->ninflight; i++)
		if (r->inflight[i].block != block)
			r->inflight[k++] = r->inflight[i];
	r->ninflight = k;
}

/* metastore_table_dir gives (and creates) the directory of a table's files. */
bool
metastore_table_dir(Metastore *ms, uint32_t table_oid, char *dir, size_t len, Err *err)
{
	snprintf(dir, len, "%s/warehouse/%u", ms->data_dir, table_oid);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return err_set(err, ERRCODE_IO_ERROR, "could not create directory \"%s\": %s",
					   dir, strerror(errno));
	return true;
}

/* metastore_new_file_path names a new data file of write w (absolute path). */
bool
metastore_new_file_path(Metastore *ms, uint32_t table_oid, const MsWrite *w, char *path,
						size_t len, Err *err)
{
	static uint64_t seq;
	char		dir[PATH_MAX];

	if (!metastore_table_dir(ms, table_oid, dir, sizeof(dir), err))
		return false;
	snprintf(path, len, "%s/%sc%d-%llu.qcf", dir, w->prefix, (int) getpid(),
			 (unsigned long long) ++seq);
	return true;
}

/* ms_relative is path relative to the data directory, or NULL if outside it. */
const char *
ms_relative(const Metastore *ms, const char *path)
{
	size_t		dlen = strlen(ms->data_dir);

	if (strncmp(path, ms->data_dir, dlen) != 0 || path[dlen] != '/')
		return NULL;
	return path + dlen + 1;
}

void
ms_garbage_add(Metastore *ms, const char *relpath)
{
	char		path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", ms->data_dir, relpath);
	if (ms->ngarbage == ms->garbage_cap) {
		ms->garbage_cap = ms->garbage_cap ? ms->garbage_cap * 2 : 16;
		ms->garbage = realloc(ms->garbage, sizeof(MsGarbage) * ms->garbage_cap);
	}
	ms->garbage[ms->ngarbage].path = strdup(path);
	ms->garbage[ms->ngarbage].since = time(NULL);
	ms->ngarbage++;
}

/* ms_garbage_truncate forgets the garbage a rolled-back change added. */
void
ms_garbage_truncate(Metastore *ms, int n)
{
	while (ms->ngarbage > n)
		free(ms->garbage[--ms->ngarbage].path);
}

/* ms_garbage_table_files marks every file of a table garbage (after a commit). */
bool
ms_garbage_table_files(Metastore *ms, int64_t oid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT path FROM files WHERE table_oid = ?", err);
	int			rc;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ms_garbage_add(ms, (const char *) sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read files");
}

/* ---- commit ---- */

static bool apply_changes(Metastore *ms, const MsCommit *c, Err *err);

static bool
table_exists(Metastore *ms, uint32_t oid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT 1 FROM tables WHERE oid = ? AND kind = 'r'", err);
	bool		found;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found || err_set(err, ERRCODE_UNDEFINED_TABLE,
							"could not open relation with OID %u", oid);
}

static bool
remove_file(Metastore *ms, const MsCommit *c, const char *path, Err *err)
{
	const char *rel = ms_relative(ms, path);
	sqlite3_stmt *st = ms_prepare(ms, "DELETE FROM files WHERE table_oid = ? AND path = ?", err);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, c->table_oid);
	sqlite3_bind_text(st, 2, rel ? rel : path, -1, SQLITE_STATIC);
	if (!ms_step_done(ms, st, err, "remove a data file"))
		return false;
	if (sqlite3_changes(ms->db) == 0)
		return err_set(err, "40001", "could not serialize access due to concurrent update");
	if ((st = ms_prepare(ms, "DELETE FROM file_stats WHERE path = ?", err)) == NULL)
		return false;
	sqlite3_bind_text(st, 1, rel ? rel : path, -1, SQLITE_STATIC);
	return ms_step_done(ms, st, err, "remove file statistics");
}

static bool
truncate_files(Metastore *ms, uint32_t oid, Err *err)
{
	char		sql[160];

	snprintf(sql, sizeof(sql), "DELETE FROM files WHERE table_oid = %u;"
			 "DELETE FROM file_stats WHERE table_oid = %u;", oid, oid);
	return ms_exec(ms, sql, err);
}

static bool
add_file(Metastore *ms, uint32_t oid, const char *path, Err *err)
{
	const char *rel = ms_relative(ms, path);

	if (rel == NULL)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "data file \"%s\" is outside the data directory",
					   path);
	return ms_stats_add_file(ms, oid, path, err);
}

/* file_rowid is the place of a file in its table's order (0: none). */
static int64_t
file_rowid(Metastore *ms, const MsCommit *c, const char *path, Err *err)
{
	const char *rel = ms_relative(ms, path);
	sqlite3_stmt *st = ms_prepare(ms, "SELECT rowid FROM files WHERE table_oid = ? AND path = ?",
								  err);
	int64_t		rowid = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, c->table_oid);
	sqlite3_bind_text(st, 2, rel ? rel : path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		rowid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rowid;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return x < y ? -1 : x > y;
}

/* take_places moves the added files to the removed ones' places, in order. */
static bool
take_places(Metastore *ms, const MsCommit *c, int64_t *places, Err *err)
{
	qsort(places, c->nremove, sizeof(int64_t), cmp_i64);
	for (int i = 0; i < c->nadd && i < c->nremove; i++) {
		const char *rel = ms_relative(ms, c->add[i]);
		sqlite3_stmt *st = ms_prepare(ms, "UPDATE files SET rowid = ? WHERE table_oid = ? AND path = ?",
									  err);

		if (st == NULL)
			return false;
		sqlite3_bind_int64(st, 1, places[i]);
		sqlite3_bind_int64(st, 2, c->table_oid);
		sqlite3_bind_text(st, 3, rel ? rel : c->add[i], -1, SQLITE_STATIC);
		if (!ms_step_done(ms, st, err, "place a data file"))
			return false;
	}
	return true;
}

/* apply_commit does c's changes inside the open transaction. */
static bool
apply_commit(Metastore *ms, const MsCommit *c, Err *err)
{
	int64_t    *places = c->in_place ? calloc((size_t) c->nremove + 1, sizeof(int64_t)) : NULL;
	bool		ok = true;

	for (int i = 0; places != NULL && i < c->nremove; i++)
		places[i] = file_rowid(ms, c, c->remove[i], err);
	ok = apply_changes(ms, c, err) && (places == NULL || take_places(ms, c, places, err)) &&
		ms_stats_recompute(ms, c->table_oid, err);
	free(places);
	return ok;
}

/* apply_changes adds and removes c's files. */
static bool
apply_changes(Metastore *ms, const MsCommit *c, Err *err)
{
	if (c->create != NULL ? !ms_insert_table(ms, c->create, c->table_oid, err) :
		!table_exists(ms, c->table_oid, err))
		return false;
	if (c->truncate && !truncate_files(ms, c->table_oid, err))
		return false;
	for (int i = 0; i < c->nremove; i++)
		if (!remove_file(ms, c, c->remove[i], err))
			return false;
	for (int i = 0; i < c->nadd; i++)
		if (!add_file(ms, c->table_oid, c->add[i], err))
			return false;
	return true;
}

/*
 * metastore_commit makes a statement's changes to one table visible at
 * once; the files it adds must be durable already.  On failure nothing
 * changed (the caller removes the files it wrote).
 */
bool
metastore_commit(Metastore *ms, const MsCommit *c, Err *err)
{
	Err			ignored;

	if (!ms_begin(ms, err))
		return false;
	err_clear(&ignored);
	if (c->truncate && !ms_garbage_table_files(ms, c->table_oid, &ignored))
		log_log("metastore: %s", ignored.message);
	if (!apply_commit(ms, c, err) || !ms_commit(ms, err)) {
		ms_rollback(ms);
		return false;
	}
	root_of(ms)->changed = true;
	for (int i = 0; i < c->nremove; i++) {
		const char *rel = ms_relative(ms, c->remove[i]);

		ms_garbage_add(ms, rel ? rel : c->remove[i]);
	}
	return true;
}

/* metastore_add_file commits one written, fsynced file into its table. */
bool
metastore_add_file(Metastore *ms, uint32_t table_oid, const char *path, int64_t rows, Err *err)
{
	MsCommit	c = {.table_oid = table_oid, .nadd = 1, .add = &path};

	return metastore_commit(ms, &c, err);
}

/* ---- compaction (compact.c) ---- */

/* metastore_take_changed: were files committed since the last call? */
bool
metastore_take_changed(Metastore *ms)
{
	bool		changed = ms->changed;

	ms->changed = false;
	return changed;
}

/* metastore_note_changed makes the next metastore_take_changed true (a retry). */
void
metastore_note_changed(Metastore *ms)
{
	root_of(ms)->changed = true;
}

/* metastore_writes_besides: is a write other than w in flight? */
bool
metastore_writes_besides(Metastore *ms, const MsWrite *w)
{
	Metastore  *r = root_of(ms);

	for (int i = 0; i < r->ninflight; i++)
		if (r->inflight[i].id != w->id)
			return true;
	return false;
}

/*
 * metastore_compact_candidate finds the first table after oid after with more
 * than more_than files of fewer than below rows (*oid 0: none).
 */
bool
metastore_compact_candidate(Metastore *ms, int64_t below, int more_than, uint32_t after,
							uint32_t *oid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT f.table_oid FROM files f JOIN tables t"
								  " ON t.oid = f.table_oid AND t.kind = 'r' WHERE f.rows < ? AND f.table_oid > ?"
								  " GROUP BY f.table_oid HAVING count(*) > ? ORDER BY 1 LIMIT 1",
								  err);
	int			rc;

	*oid = 0;
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, below);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, more_than);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*oid = (uint32_t) sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || ms_db_error(ms, err, "find small files");
}

/*
 * metastore_small_files lists (absolute paths, in commit order) up to limit
 * files of table oid with fewer than below rows, and the table's names.
 */
bool
metastore_small_files(Metastore *ms, uint32_t oid, int64_t below, int limit, Arena *a,
					  MsSmallFiles *out, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT s.name, t.name FROM tables t JOIN schemas s"
								  " ON s.oid = t.schema_oid WHERE t.oid = ? AND t.kind = 'r'", err);
	int			rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->schema = arena_strdup(a, (const char *) sqlite3_column_text(st, 0));
		out->name = arena_strdup(a, (const char *) sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE || ms_db_error(ms, err, "read a table");
	if ((st = ms_prepare(ms, "SELECT path FROM files WHERE table_oid = ? AND rows < ?"
						 " ORDER BY rowid LIMIT ?", err)) == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_int64(st, 2, below);
	sqlite3_bind_int(st, 3, limit);
	out->paths = arena_array(a, const char *, limit + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		out->paths[out->n++] = arena_printf(a, "%s/%s", ms->data_dir,
											(const char *) sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read small files");
}

/* ---- the sweep ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

typedef struct PathSet {
	char	  **paths;
	int			n;
	bool		table_exists;
} PathSet;

/* committed_paths loads the files a table's rows name, sorted. */
static void
committed_paths(Metastore *ms, const char *dirname, PathSet *s)
{
	sqlite3_stmt *st;
	int			cap = 16;
	Err			err;

	memset(s, 0, sizeof(*s));
	s->paths = malloc(sizeof(char *) * cap);
	err_clear(&err);
	if ((st = ms_prepare(ms, "SELECT path FROM files WHERE table_oid = ?", &err)) == NULL)
		return;
	sqlite3_bind_int64(st, 1, strtoll(dirname, NULL, 10));
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (s->n == cap)
			s->paths = realloc(s->paths, sizeof(char *) * (cap *= 2));
		s->paths[s->n++] = strdup((const char *) sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	qsort(s->paths, s->n, sizeof(char *), cmp_str);
	if ((st = ms_prepare(ms, "SELECT 1 FROM tables WHERE oid = ?", &err)) != NULL) {
		sqlite3_bind_int64(st, 1, strtoll(dirname, NULL, 10));
		s->table_exists = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
}

static void
pathset_free(PathSet *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->paths[i]);
	free(s->paths);
}

static bool
is_inflight(const Metastore *ms, const char *name)
{
	unsigned long long inc;
	unsigned long long id;

	if (sscanf(name, "%llu-%llu-", &inc, &id) != 2 || inc != ms->incarnation)
		return false;
	for (int i = 0; i < ms->ninflight; i++)
		if (ms->inflight[i].id == id)
			return true;
	return false;
}

static bool
is_garbage(const Metastore *ms, const char *path)
{
	for (int i = 0; i < ms->ngarbage; i++)
		if (strcmp(ms->garbage[i].path, path) == 0)
			return true;
	return false;
}

/* keep_file says whether a file in a table directory must stay. */
static bool
keep_file(const Metastore *ms, const PathSet *s, const char *rel, const char *abs,
		  const char *name)
{
	return bsearch(&rel, s->paths, s->n, sizeof(char *), cmp_str) != NULL ||
		is_inflight(ms, name) || is_garbage(ms, abs);
}

static void
sweep_dir(Metastore *ms, const char *dirname)
{
	char		dir[PATH_MAX + 512];
	DIR		   *d;
	struct dirent *e;
	PathSet		s;
	int			left = 0;

	snprintf(dir, sizeof(dir), "%s/warehouse/%s", ms->data_dir, dirname);
	if ((d = opendir(dir)) == NULL)
		return;
	committed_paths(ms, dirname, &s);
	while ((e = readdir(d)) != NULL) {
		char		rel[PATH_MAX + 512];
		char		abs[PATH_MAX * 3];
		const char *relp = rel;

		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "warehouse/%s/%s", dirname, e->d_name);
		snprintf(abs, sizeof(abs), "%s/%s", ms->data_dir, rel);
		if (keep_file(ms, &s, relp, abs, e->d_name)) {
			left++;
			continue;
		}
		log_log("removing orphaned data file \"%s\"", abs);
		if (unlink(abs) != 0)
			left++;
	}
	closedir(d);
	if (left == 0 && !s.table_exists && ms->ninflight == 0)
		rmdir(dir);				/* a dropped table's, or a failed CREATE TABLE AS's */
	pathset_free(&s);
}

/* expire_garbage removes replaced files once queries no longer need them. */
static void
expire_garbage(Metastore *ms)
{
	time_t		now = time(NULL);
	int			k = 0;

	for (int i = 0; i < ms->ngarbage; i++) {
		if (now - ms->garbage[i].since >= MS_GARBAGE_DELAY_S) {
			unlink(ms->garbage[i].path);
			free(ms->garbage[i].path);
		} else
			ms->garbage[k++] = ms->garbage[i];
	}
	ms->ngarbage = k;
}

/*
 * metastore_sweep removes data files that no committed row names and that
 * belong to no write in flight; replaced files go after their delay.
 */
void
metastore_sweep(Metastore *ms)
{
	char		dir[PATH_MAX + 16];
	DIR		   *d;
	struct dirent *e;

	expire_garbage(ms);
	snprintf(dir, sizeof(dir), "%s/warehouse", ms->data_dir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			sweep_dir(ms, e->d_name);
	closedir(d);
}

/* metastore_remove_orphans is the start-up sweep. */
void
metastore_remove_orphans(Metastore *ms)
{
	metastore_sweep(ms);
}
