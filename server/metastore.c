/*
 * metastore.c
 *	  SQLite-backed catalog.  Table data files live under
 *	  DATA_DIR/warehouse/<table oid>/ and are named in the files table by a
 *	  path relative to the data directory; a file on disk that no committed
 *	  row names is an orphan of an unfinished write and is removed at start.
 */
#include "metastore.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"

#define FIRST_USER_OID 16384
#define PUBLIC_SCHEMA_OID 2200

struct Metastore {
	sqlite3    *db;
	char		data_dir[PATH_MAX];
	uint64_t	file_seq;
};

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
"CREATE TABLE IF NOT EXISTS roles(name TEXT PRIMARY KEY, superuser INTEGER NOT NULL);"
"CREATE TABLE IF NOT EXISTS databases(name TEXT PRIMARY KEY, owner TEXT NOT NULL);"
"CREATE TABLE IF NOT EXISTS oids(next INTEGER NOT NULL);"
"INSERT OR IGNORE INTO schemas VALUES (2200, 'public');"
"INSERT OR IGNORE INTO roles VALUES ('quarry', 1);"
"INSERT OR IGNORE INTO databases VALUES ('quarry', 'quarry');"
"INSERT INTO oids SELECT 16384 WHERE NOT EXISTS (SELECT 1 FROM oids);";

static bool
db_error(Metastore *ms, Err *err, const char *what)
{
	return err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: could not %s: %s", what,
				   sqlite3_errmsg(ms->db));
}

static bool
exec_sql(Metastore *ms, const char *sql, Err *err)
{
	char	   *msg = NULL;

	if (sqlite3_exec(ms->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: %s", msg ? msg : "error");
		sqlite3_free(msg);
		return false;
	}
	return true;
}

static bool
make_dir(const char *path, Err *err)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return err_set(err, ERRCODE_IO_ERROR, "could not create directory \"%s\": %s",
					   path, strerror(errno));
	return true;
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
	snprintf(path, sizeof(path), "%s/metastore.db", ms->data_dir);
	if (sqlite3_open(path, &ms->db) != SQLITE_OK) {
		db_error(ms, err, "open metastore.db");
		metastore_close(&ms);
		return NULL;
	}
	sqlite3_busy_timeout(ms->db, 5000);
	if (!exec_sql(ms, schema_sql, err)) {
		metastore_close(&ms);
		return NULL;
	}
	ms->file_seq = (uint64_t) time(NULL) << 20;
	return ms;
}

void
metastore_close(Metastore **ms)
{
	if (*ms == NULL)
		return;
	sqlite3_close((*ms)->db);
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

static sqlite3_stmt *
prepare(Metastore *ms, const char *sql, Err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(ms->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(ms, err, "prepare a statement");
		return NULL;
	}
	return st;
}

static bool
schema_oid(Metastore *ms, const char *schema, int64_t *oid, Err *err)
{
	sqlite3_stmt *st = prepare(ms, "SELECT oid FROM schemas WHERE name = ?", err);
	int			rc;

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, schema ? schema : "public", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*oid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || db_error(ms, err, "read schemas");
}

static bool
load_columns(Metastore *ms, Arena *a, CatTable *t, Err *err)
{
	sqlite3_stmt *st = prepare(ms, "SELECT name, type, typmod, not_null FROM columns "
							   "WHERE table_oid = ? ORDER BY attnum", err);
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
		t->cols[t->ncols].name = arena_strdup(a, (const char *) sqlite3_column_text(st, 0));
		t->cols[t->ncols].type = type_from_name((const char *) sqlite3_column_text(st, 1));
		t->cols[t->ncols].typmod = sqlite3_column_int(st, 2);
		t->cols[t->ncols].not_null = sqlite3_column_int(st, 3) != 0;
		t->ncols++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || db_error(ms, err, "read columns");
}

static bool
load_files(Metastore *ms, Arena *a, CatTable *t, Err *err)
{
	sqlite3_stmt *st = prepare(ms, "SELECT path, rows FROM files WHERE table_oid = ? ORDER BY rowid", err);
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
	return rc == SQLITE_DONE || db_error(ms, err, "read files");
}

/*
 * metastore_find_table is the Catalog's find_table: the table with its
 * columns and the data files committed as of now (the query's snapshot).
 */
bool
metastore_find_table(void *arg, const char *schema, const char *name, Arena *a,
					 CatTable **out, Err *err)
{
	Metastore  *ms = arg;
	sqlite3_stmt *st;
	int64_t		soid;
	int			rc;

	*out = NULL;
	if (!schema_oid(ms, schema, &soid, err))
		return false;
	if (soid == 0)
		return true;
	if ((st = prepare(ms, "SELECT oid FROM tables WHERE schema_oid = ? AND name = ?", err)) == NULL)
		return false;
	sqlite3_bind_int64(st, 1, soid);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		CatTable   *t = arena_new(a, CatTable);

		t->oid = (uint32_t) sqlite3_column_int64(st, 0);
		t->schema = arena_strdup(a, schema ? schema : "public");
		t->name = arena_strdup(a, name);
		*out = t;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ms, err, "read tables");
	if (*out == NULL)
		return true;
	/* one read transaction, so columns and files are a consistent snapshot */
	if (!exec_sql(ms, "BEGIN", err))
		return false;
	rc = load_columns(ms, a, *out, err) && load_files(ms, a, *out, err);
	return exec_sql(ms, "COMMIT", err) && rc;
}

static int64_t
next_oid(Metastore *ms, Err *err)
{
	sqlite3_stmt *st = prepare(ms, "UPDATE oids SET next = next + 1 RETURNING next - 1", err);
	int64_t		oid = 0;

	if (st == NULL)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		oid = sqlite3_column_int64(st, 0);
	else
		db_error(ms, err, "allocate an OID");
	sqlite3_finalize(st);
	return oid;
}

static bool
insert_columns(Metastore *ms, int64_t oid, const CreateTableDef *def, Err *err)
{
	sqlite3_stmt *st = prepare(ms, "INSERT INTO columns VALUES (?, ?, ?, ?, ?, ?)", err);
	bool		ok = st != NULL;

	for (int i = 0; ok && i < def->ncols; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, oid);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_text(st, 3, def->cols[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, type_info(def->cols[i].type)->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, def->cols[i].typmod);
		sqlite3_bind_int(st, 6, def->cols[i].not_null);
		ok = sqlite3_step(st) == SQLITE_DONE || db_error(ms, err, "insert a column");
	}
	sqlite3_finalize(st);
	return ok;
}

/* metastore_create_table adds a table; *existed reports IF NOT EXISTS skips. */
bool
metastore_create_table(Metastore *ms, const CreateTableDef *def, bool *existed, Err *err)
{
	int64_t		soid;
	int64_t		oid;
	sqlite3_stmt *st;
	bool		ok;

	*existed = false;
	if (!schema_oid(ms, def->schema, &soid, err))
		return false;
	if (soid == 0)
		return err_set(err, "3F000", "schema \"%s\" does not exist", def->schema);
	if (!exec_sql(ms, "BEGIN IMMEDIATE", err))
		return false;
	st = prepare(ms, "SELECT 1 FROM tables WHERE schema_oid = ? AND name = ?", err);
	ok = st != NULL;
	if (ok) {
		sqlite3_bind_int64(st, 1, soid);
		sqlite3_bind_text(st, 2, def->name, -1, SQLITE_STATIC);
		*existed = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	if (ok && *existed) {
		exec_sql(ms, "ROLLBACK", err);
		return def->if_not_exists ||
			err_set(err, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", def->name);
	}
	ok = ok && (oid = next_oid(ms, err)) != 0 &&
		(st = prepare(ms, "INSERT INTO tables VALUES (?, ?, ?)", err)) != NULL;
	if (ok) {
		sqlite3_bind_int64(st, 1, oid);
		sqlite3_bind_int64(st, 2, soid);
		sqlite3_bind_text(st, 3, def->name, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE || db_error(ms, err, "insert a table");
		sqlite3_finalize(st);
	}
	ok = ok && insert_columns(ms, oid, def, err);
	if (!ok) {
		Err			ignored;

		err_clear(&ignored);
		exec_sql(ms, "ROLLBACK", &ignored);
		return false;
	}
	return exec_sql(ms, "COMMIT", err);
}

static void
remove_table_dir(Metastore *ms, int64_t oid)
{
	char		dir[PATH_MAX + 64];
	DIR		   *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/warehouse/%lld", ms->data_dir, (long long) oid);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char		path[PATH_MAX * 2];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* metastore_drop_table removes a table; its files go after the commit. */
bool
metastore_drop_table(Metastore *ms, const char *schema, const char *name, bool missing_ok,
					 bool *existed, Err *err)
{
	Arena		a;
	CatTable   *t;
	char		sql[256];
	bool		ok;

	arena_init(&a);
	ok = metastore_find_table(ms, schema, name, &a, &t, err);
	*existed = ok && t != NULL;
	if (ok && t == NULL && !missing_ok)
		ok = err_set(err, ERRCODE_UNDEFINED_TABLE, "table \"%s\" does not exist", name);
	if (ok && t != NULL) {
		snprintf(sql, sizeof(sql),
				 "BEGIN IMMEDIATE; DELETE FROM files WHERE table_oid = %u;"
				 "DELETE FROM columns WHERE table_oid = %u; DELETE FROM tables WHERE oid = %u;"
				 "COMMIT;", t->oid, t->oid, t->oid);
		ok = exec_sql(ms, sql, err);
		if (!ok) {
			Err			ignored;

			err_clear(&ignored);
			exec_sql(ms, "ROLLBACK", &ignored);
		} else
			remove_table_dir(ms, t->oid);
	}
	arena_reset(&a);
	return ok;
}

/* metastore_new_file_path names a new data file of a table (absolute path). */
bool
metastore_new_file_path(Metastore *ms, uint32_t table_oid, char *path, size_t len, Err *err)
{
	char		dir[PATH_MAX + 64];

	snprintf(dir, sizeof(dir), "%s/warehouse/%u", ms->data_dir, table_oid);
	if (!make_dir(dir, err))
		return false;
	snprintf(path, len, "%s/%d-%llu.qcf", dir, (int) getpid(),
			 (unsigned long long) ++ms->file_seq);
	return true;
}

/* metastore_add_file commits a written, fsynced file into its table. */
bool
metastore_add_file(Metastore *ms, uint32_t table_oid, const char *path, int64_t rows, Err *err)
{
	size_t		dlen = strlen(ms->data_dir);
	sqlite3_stmt *st;
	bool		ok;

	if (strncmp(path, ms->data_dir, dlen) != 0 || path[dlen] != '/')
		return err_set(err, ERRCODE_INTERNAL_ERROR, "data file outside the data directory");
	if ((st = prepare(ms, "INSERT INTO files VALUES (?, ?, ?)", err)) == NULL)
		return false;
	sqlite3_bind_int64(st, 1, table_oid);
	sqlite3_bind_text(st, 2, path + dlen + 1, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, rows);
	ok = sqlite3_step(st) == SQLITE_DONE || db_error(ms, err, "add a data file");
	sqlite3_finalize(st);
	return ok;
}

static bool
name_exists(Metastore *ms, const char *sql, const char *name)
{
	Err			err;
	sqlite3_stmt *st;
	bool		found;

	err_clear(&err);
	if ((st = prepare(ms, sql, &err)) == NULL)
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

static void
remove_orphans_in(Metastore *ms, const char *table_dir_name)
{
	char		dir[PATH_MAX + 512];
	DIR		   *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/warehouse/%s", ms->data_dir, table_dir_name);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char		rel[PATH_MAX + 512];
		char		path[PATH_MAX * 3];

		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "warehouse/%s/%s", table_dir_name, e->d_name);
		if (name_exists(ms, "SELECT 1 FROM files WHERE path = ?", rel))
			continue;
		snprintf(path, sizeof(path), "%s/%s", ms->data_dir, rel);
		log_log("removing orphaned data file \"%s\"", path);
		unlink(path);
	}
	closedir(d);
}

/* metastore_remove_orphans deletes data files no committed write names. */
void
metastore_remove_orphans(Metastore *ms)
{
	char		dir[PATH_MAX + 16];
	DIR		   *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/warehouse", ms->data_dir);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			remove_orphans_in(ms, e->d_name);
	closedir(d);
}
