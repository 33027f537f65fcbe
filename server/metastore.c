/*
 * metastore.c
 *	  The SQLite-backed catalog: opening (and upgrading) DATA_DIR/metastore.db,
 *	  the SQLite helpers the other metastore_*.c files share, and
 *	  metastore_find_table, which reads a relation with its columns, its
 *	  files and its statistics in one read transaction: the snapshot a
 *	  query runs against.
 *
 *	  Table data files live under DATA_DIR/warehouse/<table oid>/ and are
 *	  named in the files table by a path relative to the data directory.
 */
#include "metastore_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/log.h"
#include "plan.pb-c.h"

#define SCHEMA_VERSION 1

static const char *const schema_sql =
"PRAGMA journal_mode = WAL;"
"PRAGMA synchronous = FULL;"
"CREATE TABLE IF NOT EXISTS schemas(oid INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);"
"CREATE TABLE IF NOT EXISTS tables(oid INTEGER PRIMARY KEY, schema_oid INTEGER NOT NULL,"
"  name TEXT NOT NULL, UNIQUE(schema_oid, name));"
"CREATE TABLE IF NOT EXISTS columns(table_oid INTEGER NOT NULL, attnum INTEGER NOT NULL,"
"  name TEXT NOT NULL, type TEXT NOT NULL, typmod INTEGER NOT NULL, not_null INTEGER NOT NULL,"
"  PRIMARY KEY(table_oid, attnum));"
"CREATE TABLE IF NOT EXISTS files(table_oid INTEGER NOT NULL, path TEXT NOT NULL,"
"  rows INTEGER NOT NULL, PRIMARY KEY(table_oid, path));"
"CREATE TABLE IF NOT EXISTS file_stats(path TEXT NOT NULL, colid INTEGER NOT NULL,"
"  table_oid INTEGER NOT NULL, nulls INTEGER NOT NULL, minv BLOB, maxv BLOB, hll BLOB,"
"  PRIMARY KEY(path, colid));"
"CREATE INDEX IF NOT EXISTS file_stats_table ON file_stats(table_oid);"
"CREATE TABLE IF NOT EXISTS column_stats(table_oid INTEGER NOT NULL, colid INTEGER NOT NULL,"
"  nulls INTEGER NOT NULL, ndistinct REAL NOT NULL, minv BLOB, maxv BLOB,"
"  PRIMARY KEY(table_oid, colid));"
"CREATE TABLE IF NOT EXISTS depends(objid INTEGER NOT NULL, refobjid INTEGER NOT NULL,"
"  refcolid INTEGER NOT NULL);"
"CREATE INDEX IF NOT EXISTS depends_ref ON depends(refobjid);"
"CREATE TABLE IF NOT EXISTS roles(name TEXT PRIMARY KEY, superuser INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS databases(name TEXT PRIMARY KEY, owner TEXT NOT NULL);"
"CREATE TABLE IF NOT EXISTS oids(next INTEGER NOT NULL);"
/* catalog metadata (metastore_meta.c): constraints, indexes and comments, not enforced */
"CREATE TABLE IF NOT EXISTS constraints(oid INTEGER PRIMARY KEY, table_oid INTEGER NOT NULL,"
"  name TEXT NOT NULL, type TEXT NOT NULL, cols TEXT NOT NULL, ref_oid INTEGER NOT NULL,"
"  ref_cols TEXT NOT NULL, index_oid INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS indexes(oid INTEGER PRIMARY KEY, table_oid INTEGER NOT NULL,"
"  name TEXT NOT NULL, cols TEXT NOT NULL, is_unique INTEGER NOT NULL, is_primary INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS comments(objoid INTEGER NOT NULL, classoid INTEGER NOT NULL,"
"  objsubid INTEGER NOT NULL, description TEXT NOT NULL, PRIMARY KEY(objoid, classoid, objsubid));"
"INSERT OR IGNORE INTO schemas VALUES (2200, 'public');"
"INSERT OR IGNORE INTO roles VALUES ('quarry', 1);"
"INSERT OR IGNORE INTO databases VALUES ('quarry', 'quarry');"
"INSERT INTO oids SELECT 16384 WHERE NOT EXISTS (SELECT 1 FROM oids);";

/* Columns added to the walking skeleton's tables (version 0 to 1). */
static const struct {
	const char *table;
	const char *column;
	const char *decl;
}			upgrades[] = {
	{"tables", "kind", "TEXT NOT NULL DEFAULT 'r'"},
	{"tables", "view_sql", "TEXT"},
	{"tables", "zstd", "INTEGER NOT NULL DEFAULT 0"},
	{"tables", "next_colid", "INTEGER NOT NULL DEFAULT 1"},
	{"columns", "colid", "INTEGER NOT NULL DEFAULT 0"},
	{"columns", "default_expr", "BLOB"},
	{"columns", "missing", "BLOB"},
};

/*
 * ms_busy: the write lock is another transaction block's.  Nothing waits
 * for it (the coordinator is one event loop): the statement fails at once.
 */
bool
ms_busy(Metastore *ms, Err *err)
{
	int			rc = sqlite3_errcode(ms->db);

	if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
		return false;
	err_set(err, "40001",
			"could not serialize access: another transaction block is writing");
	err_hint(err, "The transaction might succeed if retried.");
	return true;
}

bool
ms_db_error(Metastore *ms, Err *err, const char *what)
{
	if (ms_busy(ms, err))
		return false;
	return err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: could not %s: %s", what,
				   sqlite3_errmsg(ms->db));
}

bool
ms_exec(Metastore *ms, const char *sql, Err *err)
{
	char	   *msg = NULL;

	if (sqlite3_exec(ms->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (!ms_busy(ms, err))
			err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: %s", msg ? msg : "error");
		sqlite3_free(msg);
		return false;
	}
	return true;
}

sqlite3_stmt *
ms_prepare(Metastore *ms, const char *sql, Err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(ms->db, sql, -1, &st, NULL) != SQLITE_OK) {
		ms_db_error(ms, err, "prepare a statement");
		return NULL;
	}
	return st;
}

/*
 * ms_begin starts one change: a transaction, or inside a block (whose
 * transaction is open) a savepoint, so that each statement is atomic.
 */
bool
ms_begin(Metastore *ms, Err *err)
{
	if (!ms_exec(ms, ms->root != NULL ? "SAVEPOINT ms_change" : "BEGIN IMMEDIATE", err))
		return false;
	ms->depth++;
	ms_mark_push(ms);
	return true;
}

bool
ms_commit(Metastore *ms, Err *err)
{
	if (ms->depth == 0)
		return true;
	if (ms_exec(ms, ms->root != NULL ? "RELEASE ms_change" : "COMMIT", err)) {
		ms->depth--;
		ms_mark_pop(ms);
		return true;
	}
	ms_rollback(ms);
	return false;
}

/* ms_rollback undoes the change ms_begin started (nothing if none is open). */
void
ms_rollback(Metastore *ms)
{
	if (ms->depth == 0)
		return;
	ms->depth--;
	ms_garbage_truncate(ms, ms_mark_pop(ms));
	if (ms->root != NULL)
		sqlite3_exec(ms->db, "ROLLBACK TO ms_change; RELEASE ms_change", NULL, NULL, NULL);
	else if (!sqlite3_get_autocommit(ms->db))
		sqlite3_exec(ms->db, "ROLLBACK", NULL, NULL, NULL);
}

void
ms_mark_push(Metastore *ms)
{
	if (ms->nmarks == ms->marks_cap) {
		ms->marks_cap = ms->marks_cap ? ms->marks_cap * 2 : 8;
		ms->marks = realloc(ms->marks, sizeof(int) * ms->marks_cap);
	}
	ms->marks[ms->nmarks++] = ms->ngarbage;
}

int
ms_mark_pop(Metastore *ms)
{
	return ms->nmarks > 0 ? ms->marks[--ms->nmarks] : ms->ngarbage;
}

/* ms_step_done runs a statement that returns no rows, and finalizes it. */
bool
ms_step_done(Metastore *ms, sqlite3_stmt *st, Err *err, const char *what)
{
	bool		ok = sqlite3_step(st) == SQLITE_DONE || ms_db_error(ms, err, what);

	sqlite3_finalize(st);
	return ok;
}

static bool
make_dir(const char *path, Err *err)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return err_set(err, ERRCODE_IO_ERROR, "could not create directory \"%s\": %s",
					   path, strerror(errno));
	return true;
}

static bool
has_column(Metastore *ms, const char *table, const char *column)
{
	sqlite3_stmt *st;
	bool		found = false;

	if (sqlite3_prepare_v2(ms->db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", -1,
						   &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* upgrade brings a metastore of an older version to SCHEMA_VERSION. */
static bool
upgrade(Metastore *ms, Err *err)
{
	char		sql[256];

	for (size_t i = 0; i < sizeof(upgrades) / sizeof(upgrades[0]); i++) {
		if (has_column(ms, upgrades[i].table, upgrades[i].column))
			continue;
		snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN %s %s", upgrades[i].table,
				 upgrades[i].column, upgrades[i].decl);
		if (!ms_exec(ms, sql, err))
			return false;
	}
	snprintf(sql, sizeof(sql),
			 "UPDATE columns SET colid = attnum WHERE colid = 0;"
			 "UPDATE tables SET next_colid = 1 + (SELECT coalesce(max(colid), 0) FROM columns"
			 "  WHERE table_oid = tables.oid) WHERE next_colid = 1;"
			 "PRAGMA user_version = %d;", SCHEMA_VERSION);
	return ms_exec(ms, sql, err);
}

static Metastore *
open_db(Metastore *ms, Err *err)
{
	char		path[PATH_MAX + 32];
	Err			ignored;

	snprintf(path, sizeof(path), "%s/metastore.db", ms->data_dir);
	if (sqlite3_open(path, &ms->db) != SQLITE_OK) {
		ms_db_error(ms, err, "open metastore.db");
		metastore_close(&ms);
		return NULL;
	}
	sqlite3_busy_timeout(ms->db, 5000);
	if (!ms_exec(ms, schema_sql, err) || !ms_begin(ms, err) || !upgrade(ms, err) ||
		!ms_commit(ms, err)) {
		ms_rollback(ms);
		metastore_close(&ms);
		return NULL;
	}
	sqlite3_busy_timeout(ms->db, 0);	/* a block's write lock fails others at once */
	err_clear(&ignored);
	ms->incarnation = (uint64_t) ms_next_oid(ms, &ignored);
	if (ms->incarnation == 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: could not allocate an incarnation");
		metastore_close(&ms);
	}
	return ms;
}

/* metastore_open opens or creates the metastore in data_dir. */
Metastore *
metastore_open(const char *data_dir, Err *err)
{
	Metastore  *ms = calloc(1, sizeof(Metastore));
	char		path[PATH_MAX + 32];

	if (!make_dir(data_dir, err) || realpath(data_dir, ms->data_dir) == NULL) {
		if (!err_is_set(err))
			err_set(err, ERRCODE_IO_ERROR, "could not resolve \"%s\": %s", data_dir, strerror(errno));
		free(ms);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/warehouse", ms->data_dir);
	if (!make_dir(path, err)) {
		free(ms);
		return NULL;
	}
	return open_db(ms, err);
}

void
metastore_close(Metastore **ms)
{
	if (*ms == NULL)
		return;
	sqlite3_close((*ms)->db);
	for (int i = 0; i < (*ms)->ngarbage; i++)
		free((*ms)->garbage[i].path);
	free((*ms)->garbage);
	free((*ms)->inflight);
	free((*ms)->marks);
	free(*ms);
	*ms = NULL;
}

const char *
metastore_data_dir(const Metastore *ms)
{
	return ms->data_dir;
}

/* metastore_db is the SQLite handle, for tables kept beside the metastore's own. */
struct sqlite3 *
metastore_db(Metastore *ms)
{
	return ms->db;
}

bool
ms_schema_oid(Metastore *ms, const char *schema, int64_t *oid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT oid FROM schemas WHERE name = ?", err);
	int			rc;

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, schema ? schema : "public", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*oid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || ms_db_error(ms, err, "read schemas");
}

/* ms_find_rel looks a relation up by name; out->oid is 0 when there is none. */
bool
ms_find_rel(Metastore *ms, const char *schema, const char *name, MsRel *out, Err *err)
{
	sqlite3_stmt *st;
	int			rc;

	memset(out, 0, sizeof(*out));
	if (!ms_schema_oid(ms, schema, &out->schema_oid, err))
		return false;
	if (out->schema_oid == 0)
		return true;
	st = ms_prepare(ms, "SELECT oid, kind FROM tables WHERE schema_oid = ? AND name = ?", err);
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, out->schema_oid);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->oid = sqlite3_column_int64(st, 0);
		out->kind = ((const char *) sqlite3_column_text(st, 1))[0];
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || ms_db_error(ms, err, "read tables");
}

int64_t
ms_next_oid(Metastore *ms, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "UPDATE oids SET next = next + 1 RETURNING next - 1", err);
	int64_t		oid = 0;

	if (st == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		oid = sqlite3_column_int64(st, 0);
	else
		ms_db_error(ms, err, "allocate an OID");
	sqlite3_finalize(st);
	return oid;
}

/* ---- find_table ---- */

static void *
arena_pb_alloc(void *a, size_t size)
{
	return arena_alloc(a, size);
}

static void
arena_pb_free(void *a, void *p)
{
}

static const Quarry__Expr *
unpack_default(sqlite3_stmt *st, int col, Arena *a)
{
	ProtobufCAllocator alloc = {arena_pb_alloc, arena_pb_free, a};

	if (sqlite3_column_type(st, col) != SQLITE_BLOB)
		return NULL;
	return quarry__expr__unpack(&alloc, (size_t) sqlite3_column_bytes(st, col),
								sqlite3_column_blob(st, col));
}

static void
load_column(sqlite3_stmt *st, Arena *a, CatColumn *c)
{
	memset(c, 0, sizeof(*c));
	c->name = arena_strdup(a, (const char *) sqlite3_column_text(st, 0));
	c->type = type_from_name((const char *) sqlite3_column_text(st, 1));
	c->typmod = sqlite3_column_int(st, 2);
	c->not_null = sqlite3_column_int(st, 3) != 0;
	c->id = sqlite3_column_int(st, 4);
	c->default_expr = unpack_default(st, 5, a);
	c->missing.type = c->type;
	c->missing.is_null = !ms_column_value(st, 6, c->type, a, &c->missing);
}

static bool
load_columns(Metastore *ms, Arena *a, CatTable *t, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT name, type, typmod, not_null, colid, default_expr,"
								  " missing FROM columns WHERE table_oid = ? ORDER BY attnum", err);
	int			cap = 16;
	int			rc;

	if (st == NULL)
		return false;
	t->cols = arena_array(a, CatColumn, cap);
	sqlite3_bind_int64(st, 1, t->oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->ncols == cap) {
			CatColumn  *grown = arena_array(a, CatColumn, cap * 2);

			memcpy(grown, t->cols, sizeof(CatColumn) * cap);
			t->cols = grown;
			cap *= 2;
		}
		load_column(st, a, &t->cols[t->ncols++]);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read columns");
}

static bool
load_files(Metastore *ms, Arena *a, CatTable *t, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT path, rows FROM files WHERE table_oid = ? ORDER BY rowid", err);
	int			cap = 16;
	int			rc;

	if (st == NULL)
		return false;
	t->files = arena_array(a, const char *, cap);
	sqlite3_bind_int64(st, 1, t->oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->nfiles == cap) {
			const char **grown = arena_array(a, const char *, cap * 2);

			memcpy(grown, t->files, sizeof(char *) * cap);
			t->files = grown;
			cap *= 2;
		}
		t->rows += sqlite3_column_int64(st, 1);
		t->files[t->nfiles++] = arena_printf(a, "%s/%s", ms->data_dir,
											 (const char *) sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read files");
}

static bool
load_relation(Metastore *ms, const MsRel *rel, Arena *a, CatTable *t, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT view_sql, zstd FROM tables WHERE oid = ?", err);
	bool		ok;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, rel->oid);
	ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		t->kind = rel->kind;
		if (sqlite3_column_type(st, 0) == SQLITE_TEXT)
			t->view_sql = arena_strdup(a, (const char *) sqlite3_column_text(st, 0));
		t->zstd = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_finalize(st);
	return (ok || ms_db_error(ms, err, "read tables")) && load_columns(ms, a, t, err) &&
		load_files(ms, a, t, err) && ms_load_stats(ms, a, t, err);
}

/*
 * metastore_find_table is the Catalog's find_table: the relation with its
 * columns, statistics and the data files committed as of now (the query's
 * snapshot), read in one transaction.
 */
bool
metastore_find_table(void *arg, const char *schema, const char *name, Arena *a,
					 CatTable **out, Err *err)
{
	Metastore  *ms = arg;
	MsRel		rel;
	bool		ok;

	*out = NULL;
	if (!ms_exec(ms, "SAVEPOINT find_table", err))
		return false;
	ok = ms_find_rel(ms, schema, name, &rel, err);
	if (ok && rel.oid != 0) {
		CatTable   *t = arena_new(a, CatTable);

		t->oid = (uint32_t) rel.oid;
		t->schema = arena_strdup(a, schema ? schema : "public");
		t->name = arena_strdup(a, name);
		ok = load_relation(ms, &rel, a, t, err);
		*out = ok ? t : NULL;
	}
	if (!ok) {
		sqlite3_exec(ms->db, "ROLLBACK TO find_table; RELEASE find_table", NULL, NULL, NULL);
		return false;
	}
	return ms_exec(ms, "RELEASE find_table", err);
}

static bool
name_exists(Metastore *ms, const char *sql, const char *name)
{
	Err			err;
	sqlite3_stmt *st;
	bool		found;

	err_clear(&err);
	if ((st = ms_prepare(ms, sql, &err)) == NULL)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

bool
metastore_role_exists(Metastore *ms, const char *name)
{
	return name_exists(ms, "SELECT 1 FROM roles WHERE name = ?", name);
}

bool
metastore_database_exists(Metastore *ms, const char *name)
{
	return name_exists(ms, "SELECT 1 FROM databases WHERE name = ?", name);
}
