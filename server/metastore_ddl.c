/*
 * metastore_ddl.c
 *	  Schemas, tables, columns and views, each change one transaction, with
 *	  PostgreSQL's errors.  Views record what they depend on (relations and
 *	  columns); dropping something a view depends on is 2BP01 unless
 *	  CASCADE, which drops the dependent views too and says so in a NOTICE.
 *	  Columns keep a stored id for life: files name columns by id, so
 *	  adding, dropping and renaming columns never rewrites a file.
 */
#include "metastore_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.pb-c.h"

#define MAX_DEPENDENTS 256

typedef struct OidList {
	int64_t		oids[MAX_DEPENDENTS];
	int			n;
} OidList;

static void
notice_set(MsNotice *n, const char *sqlstate, const char *fmt,...) PRINTF_LIKE(3, 4);

static void
notice_set(MsNotice *n, const char *sqlstate, const char *fmt,...)
{
	va_list		ap;

	memset(n, 0, sizeof(*n));
	n->set = true;
	snprintf(n->sqlstate, sizeof(n->sqlstate), "%s", sqlstate);
	va_start(ap, fmt);
	vsnprintf(n->message, sizeof(n->message), fmt, ap);
	va_end(ap);
}

static bool
fail(Metastore *ms, bool ok)
{
	if (!ok)
		ms_rollback(ms);
	return ok;
}

/* ---- descriptions and dependencies ---- */

/* describe writes "table t", "view s.v" (schema shown unless public). */
static void
describe(Metastore *ms, int64_t oid, char *out, size_t len)
{
	sqlite3_stmt *st;
	Err			err;

	err_clear(&err);
	snprintf(out, len, "relation %lld", (long long) oid);
	if ((st = ms_prepare(ms, "SELECT t.kind, s.name, t.name FROM tables t JOIN schemas s"
						 " ON s.oid = t.schema_oid WHERE t.oid = ?", &err)) == NULL)
		return;
	sqlite3_bind_int64(st, 1, oid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *schema = (const char *) sqlite3_column_text(st, 1);
		bool		pub = strcmp(schema, "public") == 0;

		snprintf(out, len, "%s %s%s%s", sqlite3_column_text(st, 0)[0] == 'v' ? "view" : "table",
				 pub ? "" : schema, pub ? "" : ".", sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
}

static bool
oidlist_has(const OidList *l, int64_t oid)
{
	for (int i = 0; i < l->n; i++)
		if (l->oids[i] == oid)
			return true;
	return false;
}

/*
 * add_dependents appends the views depending on oid (on column colid, or
 * on anything when colid is 0), then theirs, each once, writing one
 * "view v depends on table t" line per edge into why.
 */
static bool
add_dependents(Metastore *ms, int64_t oid, int32_t colid, const char *colname, OidList *l,
			   char *why, size_t whylen, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, colid ? "SELECT DISTINCT objid FROM depends WHERE refobjid = ?"
								  " AND refcolid = ? ORDER BY objid" :
								  "SELECT DISTINCT objid FROM depends WHERE refobjid = ? ORDER BY objid",
								  err);
	int64_t		found[MAX_DEPENDENTS];
	int			n = 0;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	if (colid)
		sqlite3_bind_int(st, 2, colid);
	while (sqlite3_step(st) == SQLITE_ROW && n < MAX_DEPENDENTS)
		found[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		char		a[200];
		char		b[200];
		size_t		used = strlen(why);

		describe(ms, found[i], a, sizeof(a));
		describe(ms, oid, b, sizeof(b));
		if (colname != NULL)
			snprintf(why + used, whylen - used, "%s%s depends on column %s of %s",
					 used ? "\n" : "", a, colname, b);
		else
			snprintf(why + used, whylen - used, "%s%s depends on %s", used ? "\n" : "", a, b);
		if (oidlist_has(l, found[i]) || l->n == MAX_DEPENDENTS)
			continue;
		l->oids[l->n++] = found[i];
		if (!add_dependents(ms, found[i], 0, NULL, l, why, whylen, err))
			return false;
	}
	return true;
}

/* cascade_notice says what a CASCADE drops, as PostgreSQL words it. */
static void
cascade_notice(Metastore *ms, const OidList *l, MsNotice *notice)
{
	char		d[200];

	if (l->n == 0)
		return;
	if (l->n == 1) {
		describe(ms, l->oids[0], d, sizeof(d));
		notice_set(notice, "00000", "drop cascades to %s", d);
		return;
	}
	notice_set(notice, "00000", "drop cascades to %d other objects", l->n);
	for (int i = 0; i < l->n; i++) {
		size_t		used = strlen(notice->detail);

		describe(ms, l->oids[i], d, sizeof(d));
		snprintf(notice->detail + used, sizeof(notice->detail) - used, "%sdrop cascades to %s",
				 i ? "\n" : "", d);
	}
}

static bool
dependents_error(Err *err, const char *what, const char *why)
{
	err_set(err, "2BP01", "cannot drop %s because other objects depend on it", what);
	snprintf(err->detail, sizeof(err->detail), "%s", why);
	err_hint(err, "Use DROP ... CASCADE to drop the dependent objects too.");
	return false;
}

/* drop_object removes one relation; its files become garbage after the commit. */
static bool
drop_object(Metastore *ms, int64_t oid, Err *err)
{
	char		sql[512];

	if (!ms_garbage_table_files(ms, oid, err))
		return false;
	snprintf(sql, sizeof(sql),
			 "DELETE FROM files WHERE table_oid = %lld; DELETE FROM file_stats WHERE table_oid = %lld;"
			 "DELETE FROM column_stats WHERE table_oid = %lld; DELETE FROM columns WHERE table_oid = %lld;"
			 "DELETE FROM depends WHERE objid = %lld; DELETE FROM tables WHERE oid = %lld;",
			 (long long) oid, (long long) oid, (long long) oid, (long long) oid,
			 (long long) oid, (long long) oid);
	return ms_exec(ms, sql, err) && ms_drop_meta(ms, oid, err);
}

static bool
drop_all(Metastore *ms, const OidList *l, Err *err)
{
	for (int i = l->n - 1; i >= 0; i--)
		if (!drop_object(ms, l->oids[i], err))
			return false;
	return true;
}

/* ---- schemas ---- */

bool
metastore_create_schema(Metastore *ms, const char *name, bool if_not_exists, MsNotice *notice,
						Err *err)
{
	int64_t		oid;
	sqlite3_stmt *st;

	if (!ms_begin(ms, err))
		return false;
	if (!fail(ms, ms_schema_oid(ms, name, &oid, err)))
		return false;
	if (oid != 0) {
		ms_rollback(ms);
		if (!if_not_exists)
			return err_set(err, "42P06", "schema \"%s\" already exists", name);
		notice_set(notice, "42P06", "schema \"%s\" already exists, skipping", name);
		return true;
	}
	if ((oid = ms_next_oid(ms, err)) == 0 ||
		(st = ms_prepare(ms, "INSERT INTO schemas VALUES (?, ?)", err)) == NULL)
		return fail(ms, false);
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return fail(ms, ms_step_done(ms, st, err, "create a schema") && ms_commit(ms, err));
}

/* schema_members lists the relations of a schema and what depends on them. */
static bool
schema_members(Metastore *ms, int64_t soid, const char *schema, OidList *l, char *why,
			   size_t whylen, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT oid FROM tables WHERE schema_oid = ? ORDER BY oid", err);
	OidList		direct = {.n = 0};

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, soid);
	while (sqlite3_step(st) == SQLITE_ROW && direct.n < MAX_DEPENDENTS)
		direct.oids[direct.n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	for (int i = 0; i < direct.n; i++) {
		char		d[200];
		size_t		used = strlen(why);

		if (!oidlist_has(l, direct.oids[i]) && l->n < MAX_DEPENDENTS)
			l->oids[l->n++] = direct.oids[i];
		describe(ms, direct.oids[i], d, sizeof(d));
		snprintf(why + used, whylen - used, "%s%s depends on schema %s", used ? "\n" : "", d,
				 schema);
	}
	for (int i = 0; i < direct.n; i++) {
		char		ignored[4096] = "";

		if (!add_dependents(ms, direct.oids[i], 0, NULL, l, ignored, sizeof(ignored), err))
			return false;
	}
	return true;
}

bool
metastore_drop_schema(Metastore *ms, const char *name, bool missing_ok, bool cascade,
					  MsNotice *notice, Err *err)
{
	int64_t		soid;
	OidList		l = {.n = 0};
	char		why[4096] = "";
	char		what[200];

	if (!ms_begin(ms, err) || !fail(ms, ms_schema_oid(ms, name, &soid, err)))
		return false;
	if (soid == 0) {
		ms_rollback(ms);
		if (!missing_ok)
			return err_set(err, "3F000", "schema \"%s\" does not exist", name);
		notice_set(notice, "00000", "schema \"%s\" does not exist, skipping", name);
		return true;
	}
	if (!fail(ms, schema_members(ms, soid, name, &l, why, sizeof(why), err)))
		return false;
	if (l.n > 0 && !cascade) {
		snprintf(what, sizeof(what), "schema %s", name);
		ms_rollback(ms);
		return dependents_error(err, what, why);
	}
	cascade_notice(ms, &l, notice);
	if (!fail(ms, drop_all(ms, &l, err)))
		return false;
	snprintf(why, sizeof(why), "DELETE FROM schemas WHERE oid = %lld", (long long) soid);
	return fail(ms, ms_exec(ms, why, err) && ms_commit(ms, err));
}

/* ---- tables ---- */

static bool
bind_default(sqlite3_stmt *st, int idx, const CatColumn *c)
{
	size_t		len;
	uint8_t    *buf;

	if (c->default_expr == NULL) {
		sqlite3_bind_null(st, idx);
		return true;
	}
	len = quarry__expr__get_packed_size(c->default_expr);
	buf = malloc(len + 1);
	quarry__expr__pack(c->default_expr, buf);
	sqlite3_bind_blob(st, idx, buf, (int) len, SQLITE_TRANSIENT);
	free(buf);
	return true;
}

static bool
insert_column(Metastore *ms, int64_t oid, int attnum, int32_t colid, const CatColumn *c, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "INSERT INTO columns (table_oid, attnum, name, type, typmod,"
								  " not_null, colid, default_expr, missing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
								  err);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_int(st, 2, attnum);
	sqlite3_bind_text(st, 3, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, type_info(c->type)->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, c->typmod);
	sqlite3_bind_int(st, 6, c->not_null);
	sqlite3_bind_int(st, 7, colid);
	bind_default(st, 8, c);
	if (c->missing.type != TYPE_UNKNOWN && !c->missing.is_null)
		ms_bind_value(st, 9, &c->missing);
	else
		sqlite3_bind_null(st, 9);
	return ms_step_done(ms, st, err, "insert a column");
}

static bool
insert_relation(Metastore *ms, int64_t oid, int64_t soid, const char *name, char kind,
				const char *view_sql, bool zstd, int ncols, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "INSERT INTO tables (oid, schema_oid, name, kind, view_sql,"
								  " zstd, next_colid) VALUES (?, ?, ?, ?, ?, ?, ?)", err);
	char		k[2] = {kind, '\0'};

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_int64(st, 2, soid);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k, -1, SQLITE_TRANSIENT);
	if (view_sql)
		sqlite3_bind_text(st, 5, view_sql, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int(st, 6, zstd);
	sqlite3_bind_int(st, 7, ncols + 1);
	return ms_step_done(ms, st, err, "insert a relation");
}

/* ms_insert_table adds a table as oid inside an open transaction. */
bool
ms_insert_table(Metastore *ms, const CreateTableDef *def, int64_t oid, Err *err)
{
	MsRel		rel;

	if (!ms_find_rel(ms, def->schema, def->name, &rel, err))
		return false;
	if (rel.schema_oid == 0)
		return err_set(err, "3F000", "schema \"%s\" does not exist", def->schema);
	if (rel.oid != 0)
		return err_set(err, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", def->name);
	if (!insert_relation(ms, oid, rel.schema_oid, def->name, 'r', NULL, def->zstd, def->ncols, err))
		return false;
	for (int i = 0; i < def->ncols; i++)
		if (!insert_column(ms, oid, i + 1, i + 1, &def->cols[i], err))
			return false;
	return true;
}

/* metastore_create_table adds a table; *existed reports IF NOT EXISTS skips. */
bool
metastore_create_table(Metastore *ms, const CreateTableDef *def, bool *existed, Err *err)
{
	MsRel		rel;
	int64_t		oid;

	*existed = false;
	if (!ms_begin(ms, err) || !fail(ms, ms_find_rel(ms, def->schema, def->name, &rel, err)))
		return false;
	if (rel.oid != 0 && def->if_not_exists) {
		*existed = true;
		ms_rollback(ms);
		return true;
	}
	return fail(ms, (oid = ms_next_oid(ms, err)) != 0 && ms_insert_table(ms, def, oid, err) &&
				ms_commit(ms, err));
}

static const char *
kind_name(char kind)
{
	return kind == 'v' ? "view" : "table";
}

/* wrong_kind is 42809 for DROP TABLE on a view and the like. */
static bool
wrong_kind(Err *err, const char *name, char want)
{
	err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a %s", name, kind_name(want));
	err_hint(err, "Use DROP %s to remove a %s.", want == 'v' ? "TABLE" : "VIEW",
			 want == 'v' ? "table" : "view");
	return false;
}

/* metastore_drop_relation drops a table or view (kind), CASCADE to its views. */
bool
metastore_drop_relation(Metastore *ms, const char *schema, const char *name, char kind,
						bool missing_ok, bool cascade, MsNotice *notice, Err *err)
{
	MsRel		rel;
	OidList		l = {.n = 0};
	char		why[4096] = "";
	char		what[200];

	if (!ms_begin(ms, err) || !fail(ms, ms_find_rel(ms, schema, name, &rel, err)))
		return false;
	if (rel.oid == 0 || rel.kind != kind) {
		ms_rollback(ms);
		if (rel.oid != 0)
			return wrong_kind(err, name, kind);
		if (!missing_ok)
			return err_set(err, ERRCODE_UNDEFINED_TABLE, "%s \"%s\" does not exist",
						   kind_name(kind), name);
		notice_set(notice, "00000", "%s \"%s\" does not exist, skipping", kind_name(kind), name);
		return true;
	}
	if (!fail(ms, add_dependents(ms, rel.oid, 0, NULL, &l, why, sizeof(why), err)))
		return false;
	if (l.n > 0 && !cascade) {
		describe(ms, rel.oid, what, sizeof(what));
		ms_rollback(ms);
		return dependents_error(err, what, why);
	}
	cascade_notice(ms, &l, notice);
	l.oids[l.n < MAX_DEPENDENTS ? l.n++ : MAX_DEPENDENTS - 1] = rel.oid;
	return fail(ms, drop_all(ms, &l, err) && ms_commit(ms, err));
}

static bool
set_name(Metastore *ms, int64_t oid, const char *newname, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "UPDATE tables SET name = ? WHERE oid = ?", err);

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, newname, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, oid);
	return ms_step_done(ms, st, err, "rename a relation");
}

static bool
set_view_sql(Metastore *ms, const MsViewText *v, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "UPDATE tables SET view_sql = ? WHERE oid = ?", err);

	if (st == NULL)
		return false;
	sqlite3_bind_text(st, 1, v->sql, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v->oid);
	return ms_step_done(ms, st, err, "rewrite a view");
}

/*
 * metastore_rename_relation renames a table or view (ALTER ... RENAME TO)
 * and stores the queries of the views naming it, rewritten by the caller.
 */
bool
metastore_rename_relation(Metastore *ms, const CatTable *t, const char *newname,
						  const MsViewText *views, int nviews, Err *err)
{
	MsRel		clash;

	if (!ms_begin(ms, err) || !fail(ms, ms_find_rel(ms, t->schema, newname, &clash, err)))
		return false;
	if (clash.oid != 0) {
		ms_rollback(ms);
		return err_set(err, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", newname);
	}
	if (!fail(ms, set_name(ms, t->oid, newname, err)))
		return false;
	for (int i = 0; i < nviews; i++)
		if (!fail(ms, set_view_sql(ms, &views[i], err)))
			return false;
	return fail(ms, ms_commit(ms, err));
}

/* metastore_dependent_views lists the views that name relation oid directly. */
bool
metastore_dependent_views(Metastore *ms, uint32_t oid, Arena *a, MsViewText **out, int *n,
						  Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT DISTINCT t.oid, t.view_sql FROM depends d JOIN tables t"
								  " ON t.oid = d.objid WHERE d.refobjid = ? AND d.refcolid = 0"
								  " ORDER BY t.oid", err);
	int			cap = 8;
	int			rc;

	if (st == NULL)
		return false;
	*n = 0;
	*out = arena_array(a, MsViewText, cap);
	sqlite3_bind_int64(st, 1, oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			MsViewText *grown = arena_array(a, MsViewText, cap * 2);

			memcpy(grown, *out, sizeof(MsViewText) * cap);
			*out = grown;
			cap *= 2;
		}
		(*out)[*n].oid = (uint32_t) sqlite3_column_int64(st, 0);
		(*out)[*n].sql = arena_strdup(a, (const char *) sqlite3_column_text(st, 1));
		(*n)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read dependencies");
}

/* ---- columns ---- */

static int
column_index(const CatTable *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return i;
	return -1;
}

static bool
next_colid(Metastore *ms, int64_t oid, int32_t *colid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "UPDATE tables SET next_colid = next_colid + 1 WHERE oid = ?"
								  " RETURNING next_colid - 1", err);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	*colid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return *colid != 0 || ms_db_error(ms, err, "allocate a column id");
}

/* metastore_add_column appends col (its missing value set by the caller). */
bool
metastore_add_column(Metastore *ms, const CatTable *t, const CatColumn *col, bool if_not_exists,
					 MsNotice *notice, Err *err)
{
	int32_t		colid;
	bool		no_value = col->missing.type == TYPE_UNKNOWN || col->missing.is_null;

	if (column_index(t, col->name) >= 0) {
		if (!if_not_exists)
			return err_set(err, "42701", "column \"%s\" of relation \"%s\" already exists",
						   col->name, t->name);
		notice_set(notice, "42701", "column \"%s\" of relation \"%s\" already exists, skipping",
				   col->name, t->name);
		return true;
	}
	if (col->not_null && no_value && t->rows > 0)
		return err_set(err, ERRCODE_NOT_NULL_VIOLATION,
					   "column \"%s\" of relation \"%s\" contains null values", col->name, t->name);
	if (!ms_begin(ms, err))
		return false;
	return fail(ms, next_colid(ms, t->oid, &colid, err) &&
				insert_column(ms, t->oid, t->ncols + 1, colid, col, err) &&
				ms_stats_recompute(ms, t->oid, err) && ms_commit(ms, err));
}

static bool
remove_column(Metastore *ms, const CatTable *t, int idx, Err *err)
{
	char		sql[512];

	snprintf(sql, sizeof(sql),
			 "DELETE FROM columns WHERE table_oid = %u AND attnum = %d;"
			 "UPDATE columns SET attnum = attnum - 1 WHERE table_oid = %u AND attnum > %d;"
			 "DELETE FROM file_stats WHERE table_oid = %u AND colid = %d;"
			 "DELETE FROM column_stats WHERE table_oid = %u AND colid = %d;"
			 "DELETE FROM depends WHERE refobjid = %u AND refcolid = %d;",
			 t->oid, idx + 1, t->oid, idx + 1, t->oid, t->cols[idx].id, t->oid, t->cols[idx].id,
			 t->oid, t->cols[idx].id);
	return ms_exec(ms, sql, err);
}

static int32_t
stored_id(const CatTable *t, int idx)
{
	return t->cols[idx].id ? t->cols[idx].id : idx + 1;
}

/* metastore_drop_column drops a column; views using it need CASCADE. */
bool
metastore_drop_column(Metastore *ms, const CatTable *t, const char *col, bool missing_ok,
					  bool cascade, MsNotice *notice, Err *err)
{
	int			idx = column_index(t, col);
	OidList		l = {.n = 0};
	char		why[4096] = "";
	char		what[300];

	if (idx < 0) {
		if (!missing_ok)
			return err_set(err, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist",
						   col, t->name);
		notice_set(notice, "00000", "column \"%s\" of relation \"%s\" does not exist, skipping",
				   col, t->name);
		return true;
	}
	if (!ms_begin(ms, err) ||
		!fail(ms, add_dependents(ms, t->oid, stored_id(t, idx), col, &l, why, sizeof(why), err)))
		return false;
	if (l.n > 0 && !cascade) {
		char		d[200];

		describe(ms, t->oid, d, sizeof(d));
		snprintf(what, sizeof(what), "column %s of %s", col, d);
		ms_rollback(ms);
		return dependents_error(err, what, why);
	}
	cascade_notice(ms, &l, notice);
	return fail(ms, drop_all(ms, &l, err) && remove_column(ms, t, idx, err) &&
				ms_stats_recompute(ms, t->oid, err) && ms_commit(ms, err));
}

/* metastore_rename_column renames a column no view depends on. */
bool
metastore_rename_column(Metastore *ms, const CatTable *t, const char *col, const char *newname,
						Err *err)
{
	int			idx = column_index(t, col);
	OidList		l = {.n = 0};
	char		why[4096] = "";
	sqlite3_stmt *st;

	if (idx < 0)
		return err_set(err, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" does not exist", col);
	if (column_index(t, newname) >= 0)
		return err_set(err, "42701", "column \"%s\" of relation \"%s\" already exists",
					   newname, t->name);
	if (!ms_begin(ms, err) ||
		!fail(ms, add_dependents(ms, t->oid, stored_id(t, idx), col, &l, why, sizeof(why), err)))
		return false;
	if (l.n > 0) {
		ms_rollback(ms);
		err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"cannot rename column \"%s\" of relation \"%s\" because a view depends on it",
				col, t->name);
		snprintf(err->detail, sizeof(err->detail), "%.*s", (int) sizeof(err->detail) - 1, why);
		return false;
	}
	if ((st = ms_prepare(ms, "UPDATE columns SET name = ? WHERE table_oid = ? AND attnum = ?",
						 err)) == NULL)
		return fail(ms, false);
	sqlite3_bind_text(st, 1, newname, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, t->oid);
	sqlite3_bind_int(st, 3, idx + 1);
	return fail(ms, ms_step_done(ms, st, err, "rename a column") && ms_commit(ms, err));
}

/* ---- views ---- */

/* check_replace applies CREATE OR REPLACE VIEW's rules on columns. */
static bool
check_replace(Metastore *ms, int64_t oid, const ViewDef *v, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT name, type FROM columns WHERE table_oid = ?"
								  " ORDER BY attnum", err);
	int			i = 0;
	bool		ok = st != NULL;

	if (ok)
		sqlite3_bind_int64(st, 1, oid);
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *) sqlite3_column_text(st, 0);
		TypeId		type = type_from_name((const char *) sqlite3_column_text(st, 1));

		if (i >= v->ncols)
			ok = err_set(err, "42P16", "cannot drop columns from view");
		else if (strcmp(name, v->cols[i].name) != 0) {
			ok = err_set(err, "42P16", "cannot change name of view column \"%s\" to \"%s\"",
						 name, v->cols[i].name);
			err_hint(err, "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
		} else if (type != v->cols[i].type)
			ok = err_set(err, "42P16", "cannot change data type of view column \"%s\" from %s to %s",
						 name, type_info(type)->name, type_info(v->cols[i].type)->name);
		i++;
	}
	if (st != NULL)
		sqlite3_finalize(st);
	return ok;
}

/* check_cycle refuses a view that would depend on itself. */
static bool
check_cycle(Metastore *ms, int64_t oid, const ViewDef *v, Err *err)
{
	for (int i = 0; i < v->ndeps; i++) {
		OidList		l = {.n = 0};
		char		why[4096] = "";

		if (v->deps[i].oid == oid)
			return err_set(err, "42P17", "infinite recursion detected in rules for relation \"%s\"",
						   v->name);
		if (!add_dependents(ms, oid, 0, NULL, &l, why, sizeof(why), err))
			return false;
		if (oidlist_has(&l, v->deps[i].oid))
			return err_set(err, "42P17", "infinite recursion detected in rules for relation \"%s\"",
						   v->name);
	}
	return true;
}

static bool
insert_deps(Metastore *ms, int64_t oid, const ViewDef *v, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "INSERT INTO depends VALUES (?, ?, ?)", err);
	bool		ok = st != NULL;

	for (int i = 0; ok && i < v->ndeps; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, oid);
		sqlite3_bind_int64(st, 2, v->deps[i].oid);
		sqlite3_bind_int(st, 3, v->deps[i].colid);
		ok = sqlite3_step(st) == SQLITE_DONE || ms_db_error(ms, err, "record a dependency");
	}
	if (st != NULL)
		sqlite3_finalize(st);
	return ok;
}

static bool
replace_view(Metastore *ms, int64_t oid, const ViewDef *v, Err *err)
{
	char		sql[200];
	sqlite3_stmt *st;

	snprintf(sql, sizeof(sql), "DELETE FROM columns WHERE table_oid = %lld;"
			 "DELETE FROM depends WHERE objid = %lld;", (long long) oid, (long long) oid);
	if (!check_replace(ms, oid, v, err) || !check_cycle(ms, oid, v, err) || !ms_exec(ms, sql, err))
		return false;
	if ((st = ms_prepare(ms, "UPDATE tables SET view_sql = ? WHERE oid = ?", err)) == NULL)
		return false;
	sqlite3_bind_text(st, 1, v->sql, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, oid);
	return ms_step_done(ms, st, err, "replace a view");
}

static bool
store_view(Metastore *ms, const MsRel *rel, const ViewDef *v, Err *err)
{
	int64_t		oid = rel->oid;

	if (oid != 0 && !replace_view(ms, oid, v, err))
		return false;
	if (oid == 0 && ((oid = ms_next_oid(ms, err)) == 0 ||
					 !insert_relation(ms, oid, rel->schema_oid, v->name, 'v', v->sql, false,
									  v->ncols, err)))
		return false;
	for (int i = 0; i < v->ncols; i++)
		if (!insert_column(ms, oid, i + 1, i + 1, &v->cols[i], err))
			return false;
	return insert_deps(ms, oid, v, err);
}

/* metastore_create_view stores a view's query, columns and dependencies. */
bool
metastore_create_view(Metastore *ms, const ViewDef *v, Err *err)
{
	MsRel		rel;

	if (!ms_begin(ms, err) || !fail(ms, ms_find_rel(ms, v->schema, v->name, &rel, err)))
		return false;
	if (rel.schema_oid == 0) {
		ms_rollback(ms);
		return err_set(err, "3F000", "schema \"%s\" does not exist", v->schema);
	}
	if (rel.oid != 0 && rel.kind != 'v' && v->replace) {
		ms_rollback(ms);
		return err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", v->name);
	}
	if (rel.oid != 0 && !v->replace) {
		ms_rollback(ms);
		return err_set(err, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", v->name);
	}
	return fail(ms, store_view(ms, &rel, v, err) && ms_commit(ms, err));
}
