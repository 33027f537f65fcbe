/*
 * syscat_fn.c
 *	  The coordinator's answers to catalog functions (planner/syscat_func.c):
 *	  per-key maps (format_type, pg_get_userbyid, obj_description, ...) and
 *	  session values (version(), current_setting, pg_backend_pid, ...).
 */
#include "syscat_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "quarry_config.h"

void
map_add(MapBuild *b, int64_t k1, int64_t k2, const char *v)
{
	SysMap	   *m = b->m;

	if (m->n == b->cap) {
		int			cap = b->cap ? b->cap * 2 : 32;
		int64_t    *k1s = arena_array(b->a, int64_t, cap);
		int64_t    *k2s = arena_array(b->a, int64_t, cap);
		const char **vs = arena_array(b->a, const char *, cap);

		if (m->n > 0) {
			memcpy(k1s, m->k1, sizeof(int64_t) * m->n);
			memcpy(k2s, m->k2, sizeof(int64_t) * m->n);
			memcpy(vs, m->v, sizeof(char *) * m->n);
		}
		m->k1 = k1s;
		m->k2 = k2s;
		m->v = vs;
		b->cap = cap;
	}
	m->k1[m->n] = k1;
	m->k2[m->n] = k2;
	m->v[m->n++] = v;
}

/* format_type's names: every static pg_type row, arrays as elem[] */
static void
map_types(MapBuild *b)
{
	const SysData *d = syscat_data_of("pg_type");
	int			elem = syscat_type_col("typelem");
	int			name = syscat_type_col("typname");
	int			cat = syscat_type_col("typcategory");

	for (int i = 0; i < d->nrows; i++) {
		const char *const *row = &d->cells[(size_t) i * d->ncols];
		uint32_t	oid = (uint32_t) strtoul(row[0], NULL, 10);
		const char *s = syscat_type_name(oid);

		if (row[cat][0] == 'A' && row[name][0] == '_' && strcmp(row[elem], "0") != 0) {
			const char *e = syscat_type_name((uint32_t) strtoul(row[elem], NULL, 10));
			char	   *t = arena_alloc(b->a, strlen(e ? e : row[name]) + 3);

			sprintf(t, "%s[]", e ? e : row[name]);
			s = t;
		}
		if (s != NULL && strcmp(s, "\"char\"") != 0)
			map_add(b, oid, 0, s);
		else
			map_add(b, oid, 0, "\"char\"");
	}
}

bool
map_query(MapBuild *b, const char *sql, Err *err)
{
	sqlite3_stmt *st = syscat_prepare(sql, err);
	int			rc;

	if (st == NULL)
		return false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *) sqlite3_column_text(st, 2);

		map_add(b, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
				v ? arena_strdup(b->a, v) : NULL);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: could not read the catalog");
	return true;
}

static bool
map_roles(MapBuild *b, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT name FROM roles", err);

	if (st == NULL)
		return false;
	map_add(b, SYSCAT_DATABASE_OWNER_OID, 0, "pg_database_owner");	/* owns public */
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = arena_strdup(b->a, (const char *) sqlite3_column_text(st, 0));

		map_add(b, syscat_role_oid(n), 0, n);
	}
	sqlite3_finalize(st);
	return true;
}

/* map_sizes: each table's bytes on disk (its files) */
static bool
map_sizes(MapBuild *b, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT table_oid, path FROM files ORDER BY table_oid", err);
	const char *dir = metastore_data_dir(syscat_metastore());
	int64_t		last = -1;
	int64_t		sum = 0;

	if (st == NULL)
		return false;
	for (;;) {
		bool		row = sqlite3_step(st) == SQLITE_ROW;
		int64_t		oid = row ? sqlite3_column_int64(st, 0) : -2;
		char		path[4096];
		struct stat sb;

		if (oid != last && last >= 0) {
			char	   *v = arena_alloc(b->a, 24);

			snprintf(v, 24, "%lld", (long long) sum);
			map_add(b, last, 0, v);
			sum = 0;
		}
		if (!row)
			break;
		last = oid;
		snprintf(path, sizeof(path), "%s/%s", dir, (const char *) sqlite3_column_text(st, 1));
		if (stat(path, &sb) == 0)
			sum += sb.st_size;
	}
	sqlite3_finalize(st);
	return true;
}

/* regclass input names: name (public and pg_catalog) and schema.name */
static bool
map_relation_names(MapBuild *b, Err *err)
{
	sqlite3_stmt *st;

	for (int i = 0; i < syscat_count(); i++) {
		const SysRel *r = syscat_rel(i);
		char	   *q = arena_alloc(b->a, strlen(r->schema) + strlen(r->name) + 2);

		sprintf(q, "%s.%s", r->schema, r->name);
		if (strcmp(r->schema, "pg_catalog") == 0)
			map_add(b, r->oid, 0, r->name);
		map_add(b, r->oid, 0, q);
	}
	if ((st = syscat_prepare("SELECT t.oid, s.name, t.name FROM tables t JOIN schemas s"
							 " ON s.oid = t.schema_oid UNION ALL SELECT i.oid, s.name, i.name"
							 " FROM indexes i JOIN tables t ON t.oid = i.table_oid"
							 " JOIN schemas s ON s.oid = t.schema_oid", err)) == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *) sqlite3_column_text(st, 1);
		const char *n = (const char *) sqlite3_column_text(st, 2);
		char	   *q = arena_alloc(b->a, strlen(s) + strlen(n) + 2);

		sprintf(q, "%s.%s", s, n);
		if (strcmp(s, "public") == 0)
			map_add(b, sqlite3_column_int64(st, 0), 0, arena_strdup(b->a, n));
		map_add(b, sqlite3_column_int64(st, 0), 0, q);
	}
	sqlite3_finalize(st);
	return true;
}

/* regtype input names: pg_type's typname and format_type's name */
static void
map_type_names(MapBuild *b)
{
	const SysData *d = syscat_data_of("pg_type");
	int			name = syscat_type_col("typname");

	for (int i = 0; i < d->nrows; i++) {
		const char *const *row = &d->cells[(size_t) i * d->ncols];
		int64_t		oid = strtoll(row[0], NULL, 10);
		const char *f = syscat_type_name((uint32_t) oid);

		map_add(b, oid, 0, row[name]);
		if (f != NULL && strcmp(f, row[name]) != 0)
			map_add(b, oid, 0, f);
	}
}

static bool
func_map(const char *fn, Arena *a, SysMap *map, Err *err)
{
	MapBuild	b = {.a = a, .m = map};

	memset(map, 0, sizeof(*map));
	if (syscat_metastore() == NULL)
		return true;
	if (strcmp(fn, "format_type") == 0) {
		/* static data: made once per process */
		static Arena arena;
		static SysMap types;

		if (types.n == 0) {
			MapBuild	tb = {.a = &arena, .m = &types};

			arena_init(&arena);
			map_types(&tb);
		}
		*map = types;
	}
	else if (strcmp(fn, "pg_get_userbyid") == 0)
		return map_roles(&b, err);
	else if (strcmp(fn, "pg_encoding_to_char") == 0) {
		map_add(&b, 6, 0, "UTF8");
		map_add(&b, 0, 0, "SQL_ASCII");
	} else if (strcmp(fn, "pg_get_viewdef") == 0)
		return map_query(&b, "SELECT oid, 0, ' ' || view_sql || ';' FROM tables WHERE kind = 'v'", err);
	else if (strcmp(fn, "pg_relation_size") == 0)
		return map_sizes(&b, err);
	else if (strcmp(fn, "regclass_names") == 0)
		return map_relation_names(&b, err);
	else if (strcmp(fn, "regtype_names") == 0)
		map_type_names(&b);
	else
		return syscat_fn_map_more(fn, &b, err);
	return true;
}

/* ---- session values ---- */

static const char *
start_time(void)
{
	static char buf[40];

	if (buf[0] == '\0') {
		time_t		now = time(NULL);
		struct tm	tm;

		gmtime_r(&now, &tm);
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S+00", &tm);
	}
	return buf;
}

static bool
session_value(const char *fn, const char *arg, const char *arg2, Arena *a, const char **out,
			  Err *err)
{
	PgConn	   *c = syscat_session();
	static int64_t txid = 1000;
	char	   *buf;

	*out = NULL;
	start_time();
	if (c == NULL)
		return true;
	if (strcmp(fn, "version") == 0)
		*out = "PostgreSQL 15.1 (Quarry " QUARRY_VERSION ") on x86_64-pc-linux-gnu, compiled by gcc, 64-bit";
	else if (strcmp(fn, "current_database") == 0 || strcmp(fn, "current_catalog") == 0)
		*out = arena_strdup(a, c->database);
	else if (strcmp(fn, "current_schema") == 0)
		*out = "public";
	else if (strcmp(fn, "current_user") == 0 || strcmp(fn, "session_user") == 0)
		*out = arena_strdup(a, c->user);
	else if (strcmp(fn, "pg_postmaster_start_time") == 0 || strcmp(fn, "pg_conf_load_time") == 0)
		*out = start_time();
	else if (strcmp(fn, "pg_backend_pid") == 0 || strcmp(fn, "txid_current") == 0) {
		buf = arena_alloc(a, 24);
		snprintf(buf, 24, "%lld", strcmp(fn, "txid_current") == 0 ? (long long) ++txid :
				 (long long) c->backend_pid);
		*out = buf;
	} else if (strcmp(fn, "current_schemas") == 0)
		*out = arg2 != NULL || (arg != NULL && arg[0] == 't') ? "{pg_catalog,public}" : "{public}";
	else if (strcmp(fn, "current_setting") == 0) {
		if ((*out = settings_get(c, arg)) == NULL && !(arg2 != NULL && arg2[0] == 't'))
			return err_set(err, ERRCODE_UNDEFINED_OBJECT,
						   "unrecognized configuration parameter \"%s\"", arg);
	} else if (strcmp(fn, "set_config") == 0) {
		/* applied when bound, as SET (settings.c); answers the value now in force */
		if (arg == NULL || arg2 == NULL || !settings_set_value(c, arg, arg2, err))
			return arg == NULL || arg2 == NULL ? true : false;
		*out = settings_get(c, arg) ? arena_strdup(a, settings_get(c, arg)) : arg2;
	}
	return true;
}

void
syscat_install_fn(SysHooks *h)
{
	h->func_map = func_map;
	h->session_value = session_value;
}
