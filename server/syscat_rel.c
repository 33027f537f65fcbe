/*
 * syscat_rel.c
 *	  Rows of the pg_catalog relations that come from the metastore and the
 *	  running sessions: pg_namespace, pg_class, pg_attribute, pg_database,
 *	  pg_authid, pg_roles, pg_user, pg_tables, pg_views, pg_stat_activity
 *	  and pg_stat_user_tables.  System relations appear in pg_class and
 *	  pg_attribute beside the user's, as PostgreSQL's do.
 */
#include "syscat_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COL_TEXT(st, i) ((const char *) sqlite3_column_text((st), (i)))

static const char *
dup_col(SysRows *r, sqlite3_stmt *st, int i)
{
	const char *s = COL_TEXT(st, i);

	return s ? arena_strdup(r->a, s) : NULL;
}

static bool
step_error(sqlite3_stmt *st, Err *err)
{
	err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: %s",
			sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_finalize(st);
	return false;
}

/* ---- pg_namespace ---- */

static void
namespace_row(SysRows *r, uint32_t oid, const char *name, uint32_t owner)
{
	Value	   *row = sysrows_add(r);

	sysrow_int(r, row, "oid", oid);
	sysrow_str(r, row, "nspname", name);
	sysrow_int(r, row, "nspowner", owner);
}

static bool
fill_namespace(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT oid, name FROM schemas ORDER BY oid", err);
	int			rc;

	if (st == NULL)
		return false;
	namespace_row(r, SYSCAT_PG_TOAST_OID, "pg_toast", SYSCAT_BOOTSTRAP_ROLE_OID);
	namespace_row(r, SYSCAT_PG_CATALOG_OID, "pg_catalog", SYSCAT_BOOTSTRAP_ROLE_OID);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		namespace_row(r, (uint32_t) sqlite3_column_int64(st, 0), dup_col(r, st, 1),
					  sqlite3_column_int64(st, 0) == SYSCAT_PUBLIC_OID ?
					  SYSCAT_DATABASE_OWNER_OID : SYSCAT_BOOTSTRAP_ROLE_OID);
	if (rc != SQLITE_DONE)
		return step_error(st, err);
	sqlite3_finalize(st);
	namespace_row(r, SYSCAT_INFO_SCHEMA_OID, "information_schema", SYSCAT_BOOTSTRAP_ROLE_OID);
	namespace_row(r, SYSCAT_QUARRY_OID, "quarry", SYSCAT_BOOTSTRAP_ROLE_OID);
	return true;
}

/* ---- relations: the user's, from the metastore, and the system's ---- */

typedef struct RelInfo {
	uint32_t	oid;
	uint32_t	nspoid;
	const char *schema;
	const char *name;
	char		kind;
	int64_t		rows;
	int			natts;
	const char *view_sql;
	bool		hasindex;
	bool		hastriggers;	/* in a foreign key (PostgreSQL's FK triggers) */
} RelInfo;

typedef bool (*RelFn) (SysRows *r, const RelInfo *rel, Err *err);

static const char *const rel_sql =
"SELECT t.oid, t.schema_oid, s.name, t.name, t.kind, t.view_sql,"
"  (SELECT COALESCE(SUM(rows), 0) FROM files f WHERE f.table_oid = t.oid),"
"  (SELECT COUNT(*) FROM columns c WHERE c.table_oid = t.oid),"
"  EXISTS (SELECT 1 FROM indexes i WHERE i.table_oid = t.oid),"
"  EXISTS (SELECT 1 FROM constraints k WHERE k.type = 'f' AND"
"          (k.table_oid = t.oid OR k.ref_oid = t.oid))"
"  FROM tables t JOIN schemas s ON s.oid = t.schema_oid ORDER BY t.oid";

/* each_relation calls fn for every system relation, then every user relation. */
static bool
each_relation(SysRows *r, RelFn fn, Err *err)
{
	sqlite3_stmt *st;
	int			rc;

	for (int i = 0; i < syscat_count(); i++) {
		const SysRel *s = syscat_rel(i);
		RelInfo		ri = {s->oid, syscat_schema_oid(s->schema), s->schema, s->name,
		s->kind, 0, s->ncols, s->view_sql, false, false};

		if (!fn(r, &ri, err))
			return false;
	}
	if ((st = syscat_prepare(rel_sql, err)) == NULL)
		return false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		RelInfo		ri;

		ri.oid = (uint32_t) sqlite3_column_int64(st, 0);
		ri.nspoid = (uint32_t) sqlite3_column_int64(st, 1);
		ri.schema = dup_col(r, st, 2);
		ri.name = dup_col(r, st, 3);
		ri.kind = COL_TEXT(st, 4) ? COL_TEXT(st, 4)[0] : 'r';
		ri.view_sql = dup_col(r, st, 5);
		ri.rows = sqlite3_column_int64(st, 6);
		ri.natts = sqlite3_column_int(st, 7);
		ri.hasindex = sqlite3_column_int(st, 8) != 0;
		ri.hastriggers = sqlite3_column_int(st, 9) != 0;
		if (ri.kind == 'f')
			continue;
		if (!fn(r, &ri, err)) {
			sqlite3_finalize(st);
			return false;
		}
	}
	if (rc != SQLITE_DONE)
		return step_error(st, err);
	sqlite3_finalize(st);
	return true;
}

static bool
class_row(SysRows *r, const RelInfo *rel, Err *err)
{
	Value	   *row = sysrows_add(r);
	bool		table = rel->kind == 'r';

	sysrow_int(r, row, "oid", rel->oid);
	sysrow_str(r, row, "relname", rel->name);
	sysrow_int(r, row, "relnamespace", rel->nspoid);
	sysrow_int(r, row, "reltype", 0);
	sysrow_int(r, row, "reloftype", 0);
	sysrow_int(r, row, "relowner", SYSCAT_BOOTSTRAP_ROLE_OID);
	sysrow_int(r, row, "relam", table ? 2 : 0);	/* heap */
	sysrow_int(r, row, "relfilenode", table ? rel->oid : 0);
	sysrow_int(r, row, "reltablespace", 0);
	sysrow_int(r, row, "relpages", table ? (rel->rows + 99) / 100 : 0);
	sysrow_float(r, row, "reltuples", table ? (double) rel->rows : -1);
	sysrow_int(r, row, "relallvisible", 0);
	sysrow_int(r, row, "reltoastrelid", 0);
	sysrow_bool(r, row, "relhasindex", rel->hasindex);
	sysrow_bool(r, row, "relisshared", false);
	sysrow_str(r, row, "relpersistence", "p");
	sysrow_str(r, row, "relkind", rel->kind == 'v' ? "v" : rel->kind == 'i' ? "i" : "r");
	sysrow_int(r, row, "relnatts", rel->natts);
	sysrow_int(r, row, "relchecks", 0);
	sysrow_bool(r, row, "relhasrules", rel->kind == 'v');
	sysrow_bool(r, row, "relhastriggers", rel->hastriggers);
	sysrow_bool(r, row, "relhassubclass", false);
	sysrow_bool(r, row, "relrowsecurity", false);
	sysrow_bool(r, row, "relforcerowsecurity", false);
	sysrow_bool(r, row, "relispopulated", true);
	sysrow_str(r, row, "relreplident", rel->kind == 'r' ? "d" : "n");
	sysrow_bool(r, row, "relispartition", false);
	sysrow_int(r, row, "relrewrite", 0);
	sysrow_int(r, row, "relfrozenxid", table ? 716 : 0);
	sysrow_int(r, row, "relminmxid", table ? 1 : 0);
	return true;
}

/* ---- pg_attribute ---- */

/* attribute_row: one column; type facts come from pg_type's static rows. */
void
attribute_row(SysRows *r, uint32_t relid, const char *name, int attnum, uint32_t typoid,
			  int32_t typmod, bool notnull, bool hasdef)
{
	Value	   *row = sysrows_add(r);
	const char *const *t = syscat_type_row(typoid);

	sysrow_int(r, row, "attrelid", relid);
	sysrow_str(r, row, "attname", name);
	sysrow_int(r, row, "atttypid", typoid);
	sysrow_int(r, row, "attstattarget", -1);
	sysrow_int(r, row, "attnum", attnum);
	sysrow_int(r, row, "attndims", 0);
	sysrow_int(r, row, "attcacheoff", -1);
	sysrow_int(r, row, "atttypmod", typmod);
	if (t != NULL) {
		sysrow_str(r, row, "attlen", t[syscat_type_col("typlen")]);
		sysrow_str(r, row, "attbyval", t[syscat_type_col("typbyval")]);
		sysrow_str(r, row, "attalign", t[syscat_type_col("typalign")]);
		sysrow_str(r, row, "attstorage", t[syscat_type_col("typstorage")]);
		sysrow_str(r, row, "attcollation", t[syscat_type_col("typcollation")]);
	}
	sysrow_str(r, row, "attcompression", "");
	sysrow_bool(r, row, "attnotnull", notnull);
	sysrow_bool(r, row, "atthasdef", hasdef);
	sysrow_bool(r, row, "atthasmissing", false);
	sysrow_str(r, row, "attidentity", "");
	sysrow_str(r, row, "attgenerated", "");
	sysrow_bool(r, row, "attisdropped", false);
	sysrow_bool(r, row, "attislocal", true);
	sysrow_int(r, row, "attinhcount", 0);
}

/* pg_type's OID of a system column's PostgreSQL type name (arrays included). */
static uint32_t
pgtype_oid(const SysCol *c)
{
	const SysData *d = syscat_data_of("pg_type");
	const char *want = c->pgtype;
	char		arr[72];
	int			typname = syscat_type_col("typname");

	if (strcmp(want, "\"char\"") == 0)
		want = "char";
	else if (strcmp(want, "\"char\"[]") == 0)
		want = "_char";
	else if (strlen(want) > 2 && strcmp(want + strlen(want) - 2, "[]") == 0) {
		snprintf(arr, sizeof(arr), "_%.*s", (int) strlen(want) - 2, want);
		want = arr;
	}
	if (c->type != TYPE_TEXT || strcmp(c->pgtype, "text") == 0)
		return type_info(c->type)->oid;
	for (int i = 0; i < d->nrows; i++)
		if (strcmp(d->cells[(size_t) i * d->ncols + typname], want) == 0)
			return (uint32_t) strtoul(d->cells[(size_t) i * d->ncols], NULL, 10);
	/* PostgreSQL's spelling of some array and SQL names */
	if (strcmp(want, "_bigint") == 0)
		return 1016;
	if (strcmp(want, "_smallint") == 0)
		return 1005;
	if (strcmp(want, "_oid") == 0)
		return 1028;
	return type_info(c->type)->oid;
}

/* the system columns every table has, as PostgreSQL lists them (attnum < 0) */
static void
hidden_attributes(SysRows *r, uint32_t relid)
{
	static const struct {
		const char *name;
		uint32_t	type;
	}			cols[] = {
		{"tableoid", 26}, {"cmax", 29}, {"xmax", 28}, {"cmin", 29}, {"xmin", 28}, {"ctid", 27},
	};

	for (int i = 0; i < 6; i++)
		attribute_row(r, relid, cols[i].name, i - 6, cols[i].type, -1, true, false);
}

/*
 * system_attributes adds the columns of the system relations, made once
 * per process (they never change) and shared by every query's rows.
 */
static bool
system_attributes(SysRows *r, Err *err)
{
	static Arena arena;
	static SysRows cache;

	if (cache.rel == NULL) {
		arena_init(&arena);
		cache.a = &arena;
		cache.rel = r->rel;
		for (int i = 0; i < syscat_count(); i++) {
			const SysRel *s = syscat_rel(i);

			if (s->kind == 'r')
				hidden_attributes(&cache, s->oid);
			for (int c = 0; c < s->ncols; c++)
				attribute_row(&cache, s->oid, s->cols[c].name, c + 1, pgtype_oid(&s->cols[c]), -1,
							  s->kind == 'r', false);
		}
	}
	for (int i = 0; i < cache.nrows; i++)
		sysrows_append(r, cache.rows[i]);
	return true;
}

static bool
fill_attribute(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT c.table_oid, c.name, c.type, c.typmod, c.not_null,"
									  " c.default_expr IS NOT NULL, c.attnum, unicode(t.kind)"
									  " FROM columns c"
									  " JOIN tables t ON t.oid = c.table_oid"
									  " ORDER BY c.table_oid, c.attnum", err);
	uint32_t	last = 0;
	int			attnum = 0;
	int			rc;

	if (st == NULL || !system_attributes(r, err))
		return false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t	relid = (uint32_t) sqlite3_column_int64(st, 0);
		TypeId		t = type_from_name(COL_TEXT(st, 2));

		if (relid != last && sqlite3_column_int(st, 7) != 'v')
			hidden_attributes(r, relid);
		attnum = relid == last ? attnum + 1 : 1;
		last = relid;
		attribute_row(r, relid, dup_col(r, st, 1), attnum, type_info(t)->oid,
					  sqlite3_column_int(st, 3), sqlite3_column_int(st, 4) != 0,
					  sqlite3_column_int(st, 5) != 0);
	}
	if (rc != SQLITE_DONE)
		return step_error(st, err);
	sqlite3_finalize(st);
	return true;
}

/* ---- pg_tables and pg_views ---- */

static bool
tables_row(SysRows *r, const RelInfo *rel, Err *err)
{
	Value	   *row;

	if (rel->kind != (strcmp(r->rel->name, "pg_views") == 0 ? 'v' : 'r'))
		return true;
	row = sysrows_add(r);
	sysrow_str(r, row, "schemaname", rel->schema);
	sysrow_str(r, row, rel->kind == 'v' ? "viewname" : "tablename", rel->name);
	sysrow_str(r, row, rel->kind == 'v' ? "viewowner" : "tableowner", "quarry");
	sysrow_str(r, row, "definition", rel->view_sql);
	sysrow_bool(r, row, "hasindexes", false);
	sysrow_bool(r, row, "hasrules", false);
	sysrow_bool(r, row, "hastriggers", false);
	sysrow_bool(r, row, "rowsecurity", false);
	return true;
}

static bool
stat_tables_row(SysRows *r, const RelInfo *rel, Err *err)
{
	Value	   *row;

	if (rel->kind != 'r' || rel->nspoid == SYSCAT_PG_CATALOG_OID ||
		rel->nspoid == SYSCAT_INFO_SCHEMA_OID)
		return true;
	row = sysrows_add(r);
	sysrow_int(r, row, "relid", rel->oid);
	sysrow_str(r, row, "schemaname", rel->schema);
	sysrow_str(r, row, "relname", rel->name);
	sysrow_int(r, row, "seq_scan", 0);
	sysrow_int(r, row, "seq_tup_read", 0);
	sysrow_int(r, row, "n_tup_ins", rel->rows);
	sysrow_int(r, row, "n_tup_upd", 0);
	sysrow_int(r, row, "n_tup_del", 0);
	sysrow_int(r, row, "n_tup_hot_upd", 0);
	sysrow_int(r, row, "n_live_tup", rel->rows);
	sysrow_int(r, row, "n_dead_tup", 0);
	sysrow_int(r, row, "n_mod_since_analyze", 0);
	sysrow_int(r, row, "n_ins_since_vacuum", 0);
	sysrow_int(r, row, "vacuum_count", 0);
	sysrow_int(r, row, "autovacuum_count", 0);
	sysrow_int(r, row, "analyze_count", 0);
	sysrow_int(r, row, "autoanalyze_count", 0);
	return true;
}

/* ---- databases and roles ---- */

static bool
fill_database(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT rowid, name, owner FROM databases ORDER BY rowid", err);
	int			rc;

	if (st == NULL)
		return false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		Value	   *row = sysrows_add(r);

		sysrow_int(r, row, "oid", 4 + sqlite3_column_int64(st, 0));
		sysrow_str(r, row, "datname", dup_col(r, st, 1));
		sysrow_int(r, row, "datdba", syscat_role_oid(COL_TEXT(st, 2)));
		sysrow_int(r, row, "encoding", 6);	/* UTF8 */
		sysrow_str(r, row, "datlocprovider", "c");
		sysrow_bool(r, row, "datistemplate", false);
		sysrow_bool(r, row, "datallowconn", true);
		sysrow_int(r, row, "datconnlimit", -1);
		sysrow_int(r, row, "datfrozenxid", 716);
		sysrow_int(r, row, "datminmxid", 1);
		sysrow_int(r, row, "dattablespace", 1663);
		sysrow_str(r, row, "datcollate", "C");
		sysrow_str(r, row, "datctype", "C");
	}
	if (rc != SQLITE_DONE)
		return step_error(st, err);
	sqlite3_finalize(st);
	return true;
}

/* fill_roles: pg_authid, pg_roles and pg_user share the roles table. */
static bool
fill_roles(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT name, superuser FROM roles ORDER BY rowid", err);
	bool		user = strcmp(r->rel->name, "pg_user") == 0;
	int			rc;

	if (st == NULL)
		return false;
	if (!user) {
		/* the predefined role that owns public, as PostgreSQL 15 has it */
		Value	   *row = sysrows_add(r);

		sysrow_int(r, row, "oid", SYSCAT_DATABASE_OWNER_OID);
		sysrow_str(r, row, "rolname", "pg_database_owner");
		sysrow_bool(r, row, "rolsuper", false);
		sysrow_bool(r, row, "rolinherit", true);
		sysrow_bool(r, row, "rolcreaterole", false);
		sysrow_bool(r, row, "rolcreatedb", false);
		sysrow_bool(r, row, "rolcanlogin", false);
		sysrow_bool(r, row, "rolreplication", false);
		sysrow_bool(r, row, "rolbypassrls", false);
		sysrow_int(r, row, "rolconnlimit", -1);
		sysrow_str(r, row, "rolpassword", "********");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		Value	   *row = sysrows_add(r);
		bool		super = sqlite3_column_int(st, 1) != 0;
		const char *name = dup_col(r, st, 0);

		sysrow_int(r, row, "oid", syscat_role_oid(name));
		sysrow_str(r, row, user ? "usename" : "rolname", name);
		sysrow_int(r, row, "usesysid", syscat_role_oid(name));
		sysrow_bool(r, row, user ? "usesuper" : "rolsuper", super);
		sysrow_bool(r, row, "rolinherit", true);
		sysrow_bool(r, row, user ? "usecreatedb" : "rolcreaterole", super);
		sysrow_bool(r, row, "rolcreatedb", super);
		sysrow_bool(r, row, "rolcanlogin", true);
		sysrow_bool(r, row, user ? "userepl" : "rolreplication", super);
		sysrow_bool(r, row, user ? "usebypassrls" : "rolbypassrls", super);
		sysrow_int(r, row, "rolconnlimit", -1);
		sysrow_str(r, row, user ? "passwd" : "rolpassword", "********");
	}
	if (rc != SQLITE_DONE)
		return step_error(st, err);
	sqlite3_finalize(st);
	return true;
}

/* ---- pg_stat_activity: every open connection ---- */

static bool
fill_activity(SysRows *r, Err *err)
{
	PgConn	   *me = syscat_session();

	if (me == NULL)
		return true;
	for (PgConn *c = me->co->conns; c != NULL; c = c->next) {
		Value	   *row;
		const char *query;
		int64_t		start_us;

		if (c->state == CONN_STARTUP || c->state == CONN_AUTH)
			continue;
		row = sysrows_add(r);
		sysrow_int(r, row, "datid", 5);
		sysrow_str(r, row, "datname", arena_strdup(r->a, c->database));
		sysrow_int(r, row, "pid", c->backend_pid);
		sysrow_int(r, row, "usesysid", syscat_role_oid(c->user));
		sysrow_str(r, row, "usename", arena_strdup(r->a, c->user));
		sysrow_str(r, row, "application_name", settings_get(c, "application_name") ?
				   arena_strdup(r->a, settings_get(c, "application_name")) : "");
		if ((query = syscat_query_of(c, &start_us)) != NULL) {
			/* timestamptz: microseconds since 2000-01-01 */
			int64_t		ts = start_us - INT64_C(946684800000000);

			sysrow_str(r, row, "query", arena_strdup(r->a, query));
			sysrow_int(r, row, "query_start", ts);
			sysrow_int(r, row, "state_change", ts);
		}
		sysrow_str(r, row, "client_addr", c->loopback ? "127.0.0.1" : NULL);
		sysrow_str(r, row, "state", c == me || c->running != NULL ? "active" :
				   c->txn == 'I' ? "idle" : "idle in transaction");
		sysrow_str(r, row, "backend_type", "client backend");
		sysrow_bool(r, row, "gss_authenticated", false);	/* pg_stat_gssapi */
		sysrow_bool(r, row, "encrypted", false);
		sysrow_bool(r, row, "ssl", c->ssl);	/* pg_stat_ssl */
	}
	return true;
}

/* ---- pg_settings: the session's values (settings.c's table) ---- */

static bool
fill_settings(SysRows *r, Err *err)
{
	PgConn	   *c = syscat_session();

	if (c == NULL)
		return true;
	for (int i = 0; i < settings_count(); i++) {
		const char *value = NULL;
		const char *name = settings_nth(c, i, &value);
		Value	   *row = sysrows_add(r);

		sysrow_str(r, row, "name", name);
		sysrow_str(r, row, "setting", value ? arena_strdup(r->a, value) : NULL);
		sysrow_str(r, row, "category", "Ungrouped");
		sysrow_str(r, row, "context", "user");
		sysrow_str(r, row, "vartype", "string");
		sysrow_str(r, row, "source", "default");
		sysrow_str(r, row, "boot_val", value ? arena_strdup(r->a, value) : NULL);
		sysrow_str(r, row, "reset_val", value ? arena_strdup(r->a, value) : NULL);
		sysrow_bool(r, row, "pending_restart", false);
	}
	return true;
}

/* syscat_fill_dynamic adds the rows of a relation made from the metastore. */
bool
syscat_fill_dynamic(const SysRel *rel, SysRows *rows, bool *handled, Err *err)
{
	const char *n = rel->name;

	*handled = true;
	if (strcmp(n, "pg_namespace") == 0)
		return fill_namespace(rows, err);
	if (strcmp(n, "pg_class") == 0)
		return each_relation(rows, class_row, err) && syscat_index_rows(rows, 'c', err);
	if (strcmp(n, "pg_attribute") == 0)
		return fill_attribute(rows, err) && syscat_index_rows(rows, 'a', err);
	if (strcmp(n, "pg_index") == 0)
		return syscat_index_rows(rows, 'i', err);
	if (strcmp(n, "pg_constraint") == 0)
		return syscat_constraint_rows(rows, err);
	if (strcmp(n, "pg_description") == 0)
		return syscat_description_rows(rows, err);
	if (strcmp(n, "pg_attrdef") == 0)
		return syscat_attrdef_rows(rows, err);
	if (strcmp(n, "pg_rewrite") == 0)
		return syscat_rewrite_rows(rows, err);
	if (strcmp(n, "pg_depend") == 0)
		return syscat_depend_rows(rows, err);
	if (strcmp(n, "pg_tables") == 0 || strcmp(n, "pg_views") == 0)
		return each_relation(rows, tables_row, err);
	if (strcmp(n, "pg_stat_user_tables") == 0 || strcmp(n, "pg_stat_all_tables") == 0)
		return each_relation(rows, stat_tables_row, err);
	if (strcmp(n, "pg_database") == 0)
		return fill_database(rows, err);
	if (strcmp(n, "pg_authid") == 0 || strcmp(n, "pg_roles") == 0 || strcmp(n, "pg_user") == 0)
		return fill_roles(rows, err);
	if (strcmp(n, "pg_stat_activity") == 0)
		return fill_activity(rows, err);
	if (strcmp(n, "pg_settings") == 0 || strcmp(n, "pg_show_all_settings") == 0)
		return fill_settings(rows, err);
	if (strcmp(n, "pg_stat_gssapi") == 0 || strcmp(n, "pg_stat_ssl") == 0)
		return fill_activity(rows, err);
	*handled = false;
	return true;
}
