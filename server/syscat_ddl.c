/*
 * syscat_ddl.c
 *	  Catalog rows and function answers for DDL metadata (server/ddl_meta.c):
 *	  constraints (pg_constraint, pg_get_constraintdef), indexes (pg_index,
 *	  their pg_class and pg_attribute rows, pg_get_indexdef), comments
 *	  (pg_description, obj_description, col_description) and column
 *	  defaults (pg_attrdef), plus the texts of pg_proc's functions
 *	  (pg_get_function_result, _arguments) from PostgreSQL 15's rows.
 */
#include "syscat_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/buf.h"
#include "wire/typeio.h"

#define COL_TEXT(st, i) ((const char *) sqlite3_column_text((st), (i)))
#define ATTRDEF_OID_BASE 1000000000u	/* pg_attrdef OIDs: base + table * 64 + attnum */

/* Column names of one relation, by attnum (1-based), read once per call. */
typedef struct ColNames {
	uint32_t	oid;
	int			n;
	const char **names;
	TypeId	   *types;
} ColNames;

static bool
col_names(Arena *a, uint32_t oid, ColNames *out, Err *err)
{
	sqlite3_stmt *st;

	if (out->oid == oid && out->names != NULL)
		return true;
	if ((st = syscat_prepare("SELECT name, type FROM columns WHERE table_oid = ? ORDER BY attnum",
							 err)) == NULL)
		return false;
	out->oid = oid;
	out->n = 0;
	out->names = arena_array(a, const char *, 1600);
	out->types = arena_array(a, TypeId, 1600);
	sqlite3_bind_int64(st, 1, oid);
	while (sqlite3_step(st) == SQLITE_ROW && out->n < 1600) {
		out->names[out->n] = arena_strdup(a, COL_TEXT(st, 0));
		out->types[out->n++] = type_from_name(COL_TEXT(st, 1));
	}
	sqlite3_finalize(st);
	return true;
}

/* name_list writes "a, b" for attnums "1 2" */
static const char *
name_list(Arena *a, const ColNames *cn, const char *attnums)
{
	char		buf[1024];
	size_t		used = 0;
	const char *p = attnums;
	char	   *end;

	buf[0] = '\0';
	while (*p) {
		long		k = strtol(p, &end, 10);

		if (end == p)
			break;
		used += (size_t) snprintf(buf + used, sizeof(buf) - used, "%s%s", used ? ", " : "",
								  k >= 1 && k <= cn->n ? cn->names[k - 1] : "?");
		if (used >= sizeof(buf))
			break;
		p = end;
	}
	return arena_strdup(a, buf);
}

/* qualified: the relation's name, schema-qualified outside public */
static const char *
qualified(Arena *a, uint32_t oid, bool always)
{
	char		buf[300];
	const char *s = syscat_relation_name(oid, buf, sizeof(buf));

	if (s == NULL)
		return "?";
	if (always && strchr(s, '.') == NULL) {
		char		q[310];

		snprintf(q, sizeof(q), "public.%s", s);
		return arena_strdup(a, q);
	}
	return arena_strdup(a, s);
}

/* int_array: "1 2" as PostgreSQL's array text "{1,2}" */
static const char *
int_array(Arena *a, const char *attnums)
{
	char	   *out = arena_alloc(a, strlen(attnums) + 3);
	size_t		k = 0;

	out[k++] = '{';
	for (const char *p = attnums; *p; p++)
		out[k++] = *p == ' ' ? ',' : *p;
	out[k++] = '}';
	out[k] = '\0';
	return out;
}

/* ---- indexes: pg_index ('i'), their pg_class ('c') and pg_attribute ('a') rows ---- */

static uint32_t
default_opclass(TypeId t)
{
	switch (t) {
		case TYPE_INT2:
			return 1979;
		case TYPE_INT4:
			return 1978;
		case TYPE_INT8:
			return 3124;
		case TYPE_FLOAT8:
			return 3123;
		case TYPE_FLOAT4:
			return 10012;
		case TYPE_BYTEA:
			return 10006;
		case TYPE_UUID:
			return 10065;
		case TYPE_NUMERIC:
			return 3125;
		case TYPE_BOOL:
			return 424;
		case TYPE_DATE:
			return 3122;
		case TYPE_TIMESTAMP:
			return 3128;
		case TYPE_TIMESTAMPTZ:
			return 3127;
		case TYPE_BPCHAR:
			return 426;
		case TYPE_INTERVAL:
			return 3129;
		default:
			return 3126;		/* text_ops */
	}
}

static void
index_row(SysRows *r, char what, uint32_t oid, uint32_t table, const char *name,
		  const char *cols, bool unique, bool primary, const ColNames *cn, uint32_t nsp)
{
	int			ncols = 0;
	char		coll[256] = "";
	char		cls[256] = "";
	char		opt[256] = "";
	size_t		uc = 0,
				ul = 0,
				uo = 0;
	const char *p = cols;
	char	   *end;
	Value	   *row;

	while (*p) {
		long		k = strtol(p, &end, 10);
		TypeId		t;

		if (end == p)
			break;
		t = k >= 1 && k <= cn->n ? cn->types[k - 1] : TYPE_TEXT;
		if (what == 'a')
			attribute_row(r, oid, cn->names[k - 1], ncols + 1, type_info(t)->oid, -1, false, false);
		uc += (size_t) snprintf(coll + uc, sizeof(coll) - uc, "%s%d", ncols ? " " : "",
								type_is_string(t) ? 100 : 0);
		ul += (size_t) snprintf(cls + ul, sizeof(cls) - ul, "%s%u", ncols ? " " : "",
								default_opclass(t));
		uo += (size_t) snprintf(opt + uo, sizeof(opt) - uo, "%s0", ncols ? " " : "");
		ncols++;
		p = end;
	}
	if (what == 'a')
		return;
	row = sysrows_add(r);
	if (what == 'c') {
		sysrow_int(r, row, "oid", oid);
		sysrow_str(r, row, "relname", name);
		sysrow_int(r, row, "relnamespace", nsp);
		sysrow_int(r, row, "reltype", 0);
		sysrow_int(r, row, "reloftype", 0);
		sysrow_int(r, row, "relowner", SYSCAT_BOOTSTRAP_ROLE_OID);
		sysrow_int(r, row, "relam", 403);	/* btree */
		sysrow_int(r, row, "relfilenode", oid);
		sysrow_int(r, row, "reltablespace", 0);
		sysrow_int(r, row, "relpages", 1);
		sysrow_float(r, row, "reltuples", 0);
		sysrow_int(r, row, "relallvisible", 0);
		sysrow_int(r, row, "reltoastrelid", 0);
		sysrow_bool(r, row, "relhasindex", false);
		sysrow_bool(r, row, "relisshared", false);
		sysrow_str(r, row, "relpersistence", "p");
		sysrow_str(r, row, "relkind", "i");
		sysrow_int(r, row, "relnatts", ncols);
		sysrow_int(r, row, "relchecks", 0);
		sysrow_bool(r, row, "relhasrules", false);
		sysrow_bool(r, row, "relhastriggers", false);
		sysrow_bool(r, row, "relhassubclass", false);
		sysrow_bool(r, row, "relrowsecurity", false);
		sysrow_bool(r, row, "relforcerowsecurity", false);
		sysrow_bool(r, row, "relispopulated", true);
		sysrow_str(r, row, "relreplident", "n");
		sysrow_bool(r, row, "relispartition", false);
		sysrow_int(r, row, "relrewrite", 0);
		sysrow_int(r, row, "relfrozenxid", 0);
		sysrow_int(r, row, "relminmxid", 0);
		return;
	}
	sysrow_int(r, row, "indexrelid", oid);
	sysrow_int(r, row, "indrelid", table);
	sysrow_int(r, row, "indnatts", ncols);
	sysrow_int(r, row, "indnkeyatts", ncols);
	sysrow_bool(r, row, "indisunique", unique);
	sysrow_bool(r, row, "indnullsnotdistinct", false);
	sysrow_bool(r, row, "indisprimary", primary);
	sysrow_bool(r, row, "indisexclusion", false);
	sysrow_bool(r, row, "indimmediate", true);
	sysrow_bool(r, row, "indisclustered", false);
	sysrow_bool(r, row, "indisvalid", true);
	sysrow_bool(r, row, "indcheckxmin", false);
	sysrow_bool(r, row, "indisready", true);
	sysrow_bool(r, row, "indislive", true);
	sysrow_bool(r, row, "indisreplident", false);
	sysrow_str(r, row, "indkey", arena_strdup(r->a, cols));
	sysrow_str(r, row, "indcollation", arena_strdup(r->a, coll));
	sysrow_str(r, row, "indclass", arena_strdup(r->a, cls));
	sysrow_str(r, row, "indoption", arena_strdup(r->a, opt));
}

/* syscat_index_rows adds every index's row to pg_index, pg_class or pg_attribute. */
bool
syscat_index_rows(SysRows *r, char what, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT i.oid, i.table_oid, i.name, i.cols, i.is_unique,"
									  " i.is_primary, t.schema_oid FROM indexes i"
									  " JOIN tables t ON t.oid = i.table_oid"
									  " ORDER BY i.table_oid, i.oid", err);
	ColNames	cn = {0};

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		uint32_t	table = (uint32_t) sqlite3_column_int64(st, 1);

		if (!col_names(r->a, table, &cn, err)) {
			sqlite3_finalize(st);
			return false;
		}
		index_row(r, what, (uint32_t) sqlite3_column_int64(st, 0), table,
				  arena_strdup(r->a, COL_TEXT(st, 2)), arena_strdup(r->a, COL_TEXT(st, 3)),
				  sqlite3_column_int(st, 4) != 0, sqlite3_column_int(st, 5) != 0, &cn,
				  (uint32_t) sqlite3_column_int64(st, 6));
	}
	sqlite3_finalize(st);
	return true;
}

/* ---- pg_constraint ---- */

static const char *const con_sql =
"SELECT c.oid, c.table_oid, c.name, c.type, c.cols, c.ref_oid, c.ref_cols, c.index_oid,"
"  t.schema_oid FROM constraints c JOIN tables t ON t.oid = c.table_oid ORDER BY c.oid";

bool
syscat_constraint_rows(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare(con_sql, err);

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		Value	   *row = sysrows_add(r);
		char		type = COL_TEXT(st, 3)[0];

		sysrow_int(r, row, "oid", sqlite3_column_int64(st, 0));
		sysrow_str(r, row, "conname", arena_strdup(r->a, COL_TEXT(st, 2)));
		sysrow_int(r, row, "connamespace", sqlite3_column_int64(st, 8));
		sysrow_str(r, row, "contype", type == 'p' ? "p" : type == 'u' ? "u" : "f");
		sysrow_bool(r, row, "condeferrable", false);
		sysrow_bool(r, row, "condeferred", false);
		sysrow_bool(r, row, "convalidated", true);
		sysrow_int(r, row, "conrelid", sqlite3_column_int64(st, 1));
		sysrow_int(r, row, "contypid", 0);
		sysrow_int(r, row, "conindid", sqlite3_column_int64(st, 7));
		sysrow_int(r, row, "conparentid", 0);
		sysrow_int(r, row, "confrelid", sqlite3_column_int64(st, 5));
		sysrow_str(r, row, "confupdtype", type == 'f' ? "a" : " ");
		sysrow_str(r, row, "confdeltype", type == 'f' ? "a" : " ");
		sysrow_str(r, row, "confmatchtype", type == 'f' ? "s" : " ");
		sysrow_bool(r, row, "conislocal", true);
		sysrow_int(r, row, "coninhcount", 0);
		sysrow_bool(r, row, "connoinherit", true);
		sysrow_str(r, row, "conkey", int_array(r->a, COL_TEXT(st, 4)));
		if (type == 'f') {
			sysrow_str(r, row, "confkey", int_array(r->a, COL_TEXT(st, 6)));
			sysrow_str(r, row, "conpfeqop", "{96}");
			sysrow_str(r, row, "conppeqop", "{96}");
			sysrow_str(r, row, "conffeqop", "{96}");
		}
	}
	sqlite3_finalize(st);
	return true;
}

/* ---- pg_description ---- */

bool
syscat_description_rows(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT objoid, classoid, objsubid, description FROM comments"
									  " ORDER BY objoid, objsubid", err);

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		Value	   *row = sysrows_add(r);

		sysrow_int(r, row, "objoid", sqlite3_column_int64(st, 0));
		sysrow_int(r, row, "classoid", sqlite3_column_int64(st, 1));
		sysrow_int(r, row, "objsubid", sqlite3_column_int64(st, 2));
		sysrow_str(r, row, "description", arena_strdup(r->a, COL_TEXT(st, 3)));
	}
	sqlite3_finalize(st);
	return true;
}

/* ---- pg_attrdef: defaults as pg_get_expr prints them ---- */

static void *
pb_alloc(void *a, size_t size)
{
	return arena_alloc(a, size);
}

static void
pb_free(void *a, void *p)
{
}

/* default_text: a folded DEFAULT constant as PostgreSQL prints it ('x'::text, 42, true) */
static const char *
default_text(Arena *a, const void *blob, int len)
{
	ProtobufCAllocator alloc = {pb_alloc, pb_free, a};
	Quarry__Expr *e = quarry__expr__unpack(&alloc, (size_t) len, blob);
	const Quarry__Datum *d;
	Value		v;
	Buf			b;
	char	   *out;
	TypeId		t;

	if (e == NULL || e->kind != QUARRY__EXPR_KIND__EXPR_CONST || (d = e->value) == NULL)
		return NULL;
	t = (TypeId) e->type;
	memset(&v, 0, sizeof(v));
	v.type = t;
	v.is_null = d->is_null || d->value_case == QUARRY__DATUM__VALUE__NOT_SET;
	if (v.is_null)
		return "NULL";
	switch (d->value_case) {
		case QUARRY__DATUM__VALUE_B:
			return d->b ? "true" : "false";
		case QUARRY__DATUM__VALUE_I:
			v.u.i = d->i;
			break;
		case QUARRY__DATUM__VALUE_F:
			v.u.f = d->f;
			break;
		default:
			if (type_info(t)->phys == PHYS_DEC || type_info(t)->phys == PHYS_IV) {
				if (d->s.len != 16)
					return NULL;
				memcpy(&v.u, d->s.data, 16);
			} else {
				v.u.s.p = (const char *) d->s.data;
				v.u.s.len = (uint32_t) d->s.len;
			}
			break;
	}
	buf_init(&b);
	if (type_is_integer(t) || t == TYPE_NUMERIC || type_is_float(t)) {
		typeio_text(&b, &v);
		out = arena_strndup(a, (const char *) b.data, b.len);
	} else {
		buf_put(&b, "'", 1);
		typeio_text(&b, &v);
		buf_put(&b, "'::", 3);
		buf_put(&b, type_info(t)->name, strlen(type_info(t)->name));
		out = arena_strndup(a, (const char *) b.data, b.len);
	}
	buf_free(&b);
	return out;
}

static const char *const attrdef_sql =
"SELECT c.table_oid, c.attnum, c.default_expr FROM columns c JOIN tables t ON t.oid = c.table_oid"
"  WHERE c.default_expr IS NOT NULL ORDER BY c.table_oid, c.attnum";

bool
syscat_attrdef_rows(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare(attrdef_sql, err);

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		Value	   *row = sysrows_add(r);
		int64_t		table = sqlite3_column_int64(st, 0);
		int			attnum = sqlite3_column_int(st, 1);

		sysrow_int(r, row, "oid", (int64_t) (ATTRDEF_OID_BASE + (uint32_t) table * 64 + attnum));
		sysrow_int(r, row, "adrelid", table);
		sysrow_int(r, row, "adnum", attnum);
		sysrow_str(r, row, "adbin", default_text(r->a, sqlite3_column_blob(st, 2),
												 sqlite3_column_bytes(st, 2)));
	}
	sqlite3_finalize(st);
	return true;
}

/* ---- function maps ---- */

static bool
map_indexdefs(MapBuild *b, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT oid, table_oid, name, cols, is_unique FROM indexes", err);
	ColNames	cn = {0};

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		uint32_t	table = (uint32_t) sqlite3_column_int64(st, 1);
		char		buf[1500];

		if (!col_names(b->a, table, &cn, err))
			break;
		snprintf(buf, sizeof(buf), "CREATE %sINDEX %s ON %s USING btree (%s)",
				 sqlite3_column_int(st, 4) ? "UNIQUE " : "", COL_TEXT(st, 2),
				 qualified(b->a, table, true), name_list(b->a, &cn, COL_TEXT(st, 3)));
		map_add(b, sqlite3_column_int64(st, 0), 0, arena_strdup(b->a, buf));
	}
	sqlite3_finalize(st);
	return !err_is_set(err);
}

static bool
map_constraintdefs(MapBuild *b, Err *err)
{
	sqlite3_stmt *st = syscat_prepare(con_sql, err);

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char		type = COL_TEXT(st, 3)[0];
		ColNames	cn = {0};
		ColNames	rn = {0};
		char		buf[1500];

		if (!col_names(b->a, (uint32_t) sqlite3_column_int64(st, 1), &cn, err))
			break;
		if (type == 'f') {
			uint32_t	ref = (uint32_t) sqlite3_column_int64(st, 5);

			if (!col_names(b->a, ref, &rn, err))
				break;
			snprintf(buf, sizeof(buf), "FOREIGN KEY (%s) REFERENCES %s(%s)",
					 name_list(b->a, &cn, COL_TEXT(st, 4)), qualified(b->a, ref, false),
					 name_list(b->a, &rn, COL_TEXT(st, 6)));
		} else
			snprintf(buf, sizeof(buf), "%s (%s)", type == 'p' ? "PRIMARY KEY" : "UNIQUE",
					 name_list(b->a, &cn, COL_TEXT(st, 4)));
		map_add(b, sqlite3_column_int64(st, 0), 0, arena_strdup(b->a, buf));
	}
	sqlite3_finalize(st);
	return !err_is_set(err);
}

/* syscat_fn_map_more answers the maps syscat_fn.c does not. */
bool
syscat_fn_map_more(const char *fn, MapBuild *b, Err *err)
{
	const SysData *d = syscat_data_of("pg_proc_text");
	int			col = strcmp(fn, "pg_get_function_result") == 0 ? 1 :
		strcmp(fn, "pg_get_function_arguments") == 0 ? 2 :
		strcmp(fn, "pg_get_function_identity_arguments") == 0 ? 3 : 0;

	if (strcmp(fn, "obj_description") == 0)
		return map_query(b, "SELECT objoid, 0, description FROM comments WHERE objsubid = 0", err);
	if (strcmp(fn, "col_description") == 0)
		return map_query(b, "SELECT objoid, objsubid, description FROM comments"
						 " WHERE objsubid > 0", err);
	if (strcmp(fn, "pg_get_indexdef") == 0)
		return map_indexdefs(b, err);
	if (strcmp(fn, "pg_get_constraintdef") == 0)
		return map_constraintdefs(b, err);
	if (col == 0 || d == NULL)
		return true;
	for (int i = 0; i < d->nrows; i++)
		map_add(b, strtoll(d->cells[(size_t) i * d->ncols], NULL, 10), 0,
				d->cells[(size_t) i * d->ncols + col]);
	return true;
}

/* ---- pg_rewrite (a view's _RETURN rule) and pg_depend ---- */

#define REWRITE_OID_BASE 1500000000u	/* pg_rewrite OIDs: base + the view's OID */

bool
syscat_rewrite_rows(SysRows *r, Err *err)
{
	sqlite3_stmt *st = syscat_prepare("SELECT oid, view_sql FROM tables WHERE kind = 'v' ORDER BY oid",
									  err);

	if (st == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		Value	   *row = sysrows_add(r);
		int64_t		view = sqlite3_column_int64(st, 0);

		sysrow_int(r, row, "oid", (int64_t) (REWRITE_OID_BASE + (uint32_t) view));
		sysrow_str(r, row, "rulename", "_RETURN");
		sysrow_int(r, row, "ev_class", view);
		sysrow_str(r, row, "ev_type", "1");
		sysrow_str(r, row, "ev_enabled", "O");
		sysrow_bool(r, row, "is_instead", true);
		sysrow_str(r, row, "ev_qual", "<>");
		sysrow_str(r, row, "ev_action", COL_TEXT(st, 1) ? arena_strdup(r->a, COL_TEXT(st, 1)) : NULL);
	}
	sqlite3_finalize(st);
	return true;
}

static void
depend_row(SysRows *r, uint32_t classid, int64_t objid, uint32_t refclassid, int64_t refobjid,
		   int refsub, const char *deptype)
{
	Value	   *row = sysrows_add(r);

	sysrow_int(r, row, "classid", classid);
	sysrow_int(r, row, "objid", objid);
	sysrow_int(r, row, "objsubid", 0);
	sysrow_int(r, row, "refclassid", refclassid);
	sysrow_int(r, row, "refobjid", refobjid);
	sysrow_int(r, row, "refobjsubid", refsub);
	sysrow_str(r, row, "deptype", deptype);
}

/* each attnum of "1 2" */
static void
depend_cols(SysRows *r, uint32_t classid, int64_t objid, int64_t table, const char *cols,
			const char *deptype)
{
	const char *p = cols;
	char	   *end;

	while (*p) {
		long		k = strtol(p, &end, 10);

		if (end == p)
			break;
		depend_row(r, classid, objid, 1259, table, (int) k, deptype);
		p = end;
	}
}

/*
 * syscat_depend_rows: what PostgreSQL records for the objects Quarry has:
 * a view's rule on the view ('i') and on the relations and columns its
 * query names ('n'); an index on its table's columns ('a', or on its
 * constraint, 'i'); a constraint on its columns ('a') and a foreign key
 * on the referenced columns and index ('n'); a default on its column.
 */
bool
syscat_depend_rows(SysRows *r, Err *err)
{
	sqlite3_stmt *st;

	if ((st = syscat_prepare("SELECT d.objid, d.refobjid, COALESCE(c.attnum, 0) FROM depends d"
							 " JOIN tables v ON v.oid = d.objid LEFT JOIN columns c"
							 " ON d.refcolid <> 0 AND c.table_oid = d.refobjid AND c.colid = d.refcolid"
							 " WHERE d.refcolid <> 0 OR NOT EXISTS (SELECT 1 FROM depends e"
							 "  WHERE e.objid = d.objid AND e.refobjid = d.refobjid AND e.refcolid <> 0)"
							 " ORDER BY d.objid, d.refobjid, 3", err)) == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t		rule = REWRITE_OID_BASE + (uint32_t) sqlite3_column_int64(st, 0);

		depend_row(r, 2618, rule, 1259, sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2), "n");
	}
	sqlite3_finalize(st);
	if ((st = syscat_prepare("SELECT oid FROM tables WHERE kind = 'v'", err)) == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* the rule is the view's ('i'); its query's range table names the view too ('n') */
		depend_row(r, 2618, REWRITE_OID_BASE + (uint32_t) sqlite3_column_int64(st, 0), 1259,
				   sqlite3_column_int64(st, 0), 0, "i");
		depend_row(r, 2618, REWRITE_OID_BASE + (uint32_t) sqlite3_column_int64(st, 0), 1259,
				   sqlite3_column_int64(st, 0), 0, "n");
	}
	sqlite3_finalize(st);
	if ((st = syscat_prepare("SELECT i.oid, i.table_oid, i.cols, c.oid FROM indexes i LEFT JOIN"
							 " constraints c ON c.index_oid = i.oid AND c.type IN ('p', 'u')", err)) == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			depend_row(r, 1259, sqlite3_column_int64(st, 0), 2606, sqlite3_column_int64(st, 3), 0, "i");
		else
			depend_cols(r, 1259, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
						COL_TEXT(st, 2), "a");
	}
	sqlite3_finalize(st);
	if ((st = syscat_prepare("SELECT oid, table_oid, cols, type, ref_oid, ref_cols, index_oid"
							 " FROM constraints", err)) == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t		con = sqlite3_column_int64(st, 0);

		depend_cols(r, 2606, con, sqlite3_column_int64(st, 1), COL_TEXT(st, 2), "a");
		if (COL_TEXT(st, 3)[0] == 'f') {
			depend_cols(r, 2606, con, sqlite3_column_int64(st, 4), COL_TEXT(st, 5), "n");
			if (sqlite3_column_int64(st, 6) != 0)
				depend_row(r, 2606, con, 1259, sqlite3_column_int64(st, 6), 0, "n");
		}
	}
	sqlite3_finalize(st);
	if ((st = syscat_prepare(attrdef_sql, err)) == NULL)
		return false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t		table = sqlite3_column_int64(st, 0);
		int			attnum = sqlite3_column_int(st, 1);

		depend_row(r, 2604, (int64_t) (ATTRDEF_OID_BASE + (uint32_t) table * 64 + attnum), 1259,
				   table, attnum, "a");
	}
	sqlite3_finalize(st);
	return true;
}
