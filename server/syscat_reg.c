/*
 * syscat_reg.c
 *	  The reg* types on the coordinator: names to OIDs for casts of
 *	  constants ('pg_class'::regclass, 'int4'::regtype), and OIDs back to
 *	  names for their output (typeio_oid_namer), as PostgreSQL's regclassin
 *	  and regclassout do.  A name outside the search path (public, then
 *	  pg_catalog) prints schema-qualified.
 */
#include "syscat_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/typeio.h"

/* split_name reads [schema.]name with PostgreSQL's identifier rules (quotes, case). */
static void
split_name(const char *in, char *schema, char *name, size_t len)
{
	char		parts[2][128];
	int			np = 0;
	const char *p = in;

	parts[0][0] = parts[1][0] = '\0';
	while (*p && np < 2) {
		size_t		k = 0;

		if (*p == '"') {
			for (p++; *p && !(p[0] == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;
				if (k < sizeof(parts[0]) - 1)
					parts[np][k++] = *p;
			}
			if (*p == '"')
				p++;
		} else
			for (; *p && *p != '.'; p++)
				if (k < sizeof(parts[0]) - 1)
					parts[np][k++] = (char) tolower((unsigned char) *p);
		parts[np++][k] = '\0';
		if (*p == '.')
			p++;
		else
			break;
	}
	snprintf(schema, len, "%s", np == 2 ? parts[0] : "");
	snprintf(name, len, "%s", np == 2 ? parts[1] : parts[0]);
}

static uint32_t
user_relation(const char *schema, const char *name)
{
	sqlite3_stmt *st;
	Err			ignore;
	uint32_t	oid = 0;

	if ((st = syscat_prepare("SELECT t.oid FROM tables t JOIN schemas s ON s.oid = t.schema_oid"
							 " WHERE s.name = ? AND t.name = ?", &ignore)) == NULL)
		return 0;
	sqlite3_bind_text(st, 1, schema, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		oid = (uint32_t) sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return oid;
}

static uint32_t
relation_oid(const char *schema, const char *name)
{
	const SysRel *r;

	if (schema[0] != '\0') {
		if ((r = syscat_find(schema, name)) != NULL)
			return r->oid;
		return user_relation(schema, name);
	}
	if ((r = syscat_find(NULL, name)) != NULL)
		return r->oid;
	return user_relation("public", name);
}

/* static_oid: the OID of the row of a static relation whose column col is name. */
static uint32_t
static_oid(const char *rel, const char *col, const char *name)
{
	const SysData *d = syscat_data_of(rel);
	int			c = sysrel_col(syscat_find("pg_catalog", rel), col);

	for (int i = 0; d != NULL && c >= 0 && i < d->nrows; i++)
		if (strcmp(d->cells[(size_t) i * d->ncols + c], name) == 0)
			return (uint32_t) strtoul(d->cells[(size_t) i * d->ncols], NULL, 10);
	return 0;
}

static const char *
static_name(const char *rel, const char *col, uint32_t oid)
{
	const SysData *d = syscat_data_of(rel);
	int			c = sysrel_col(syscat_find("pg_catalog", rel), col);

	for (int i = 0; d != NULL && c >= 0 && i < d->nrows; i++)
		if ((uint32_t) strtoul(d->cells[(size_t) i * d->ncols], NULL, 10) == oid)
			return d->cells[(size_t) i * d->ncols + c];
	return NULL;
}

static uint32_t
namespace_oid(const char *name)
{
	sqlite3_stmt *st;
	Err			ignore;
	uint32_t	oid = 0;

	if (strcmp(name, "pg_catalog") == 0)
		return SYSCAT_PG_CATALOG_OID;
	if (strcmp(name, "information_schema") == 0)
		return SYSCAT_INFO_SCHEMA_OID;
	if (strcmp(name, "pg_toast") == 0)
		return SYSCAT_PG_TOAST_OID;
	if ((st = syscat_prepare("SELECT oid FROM schemas WHERE name = ?", &ignore)) == NULL)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		oid = (uint32_t) sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return oid;
}

/* syscat_reg_lookup is the planner's reg_lookup hook. */
bool
syscat_reg_lookup(TypeId type, const char *text, uint32_t *oid, Err *err)
{
	char		schema[128];
	char		name[128];
	TypeId		t;

	split_name(text, schema, name, sizeof(name));
	switch (type) {
		case TYPE_REGCLASS:
			if ((*oid = relation_oid(schema, name)) == 0)
				return err_set(err, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", text);
			return true;
		case TYPE_REGTYPE:
			if ((t = type_from_name(text)) != TYPE_UNKNOWN)
				*oid = type_info(t)->oid;
			else
				*oid = static_oid("pg_type", "typname", name);
			if (*oid == 0)
				return err_set(err, ERRCODE_UNDEFINED_OBJECT, "type \"%s\" does not exist", text);
			return true;
		case TYPE_REGPROC:
			if ((*oid = static_oid("pg_proc", "proname", name)) == 0)
				*oid = syscat_procname_oid(name);	/* type I/O functions and the like */
			if (*oid == 0)
				return err_set(err, ERRCODE_UNDEFINED_FUNCTION, "function \"%s\" does not exist", text);
			return true;
		case TYPE_REGNAMESPACE:
			if ((*oid = namespace_oid(name)) == 0)
				return err_set(err, "3F000", "schema \"%s\" does not exist", text);
			return true;
		default:
			return err_set(err, ERRCODE_INVALID_TEXT_REPR, "invalid input syntax for type %s: \"%s\"",
						   type_info(type)->name, text);
	}
}

/* syscat_relation_name: [schema.]name of a relation OID, or NULL. */
const char *
syscat_relation_name(uint32_t oid, char *buf, size_t len)
{
	sqlite3_stmt *st;
	Err			ignore;
	const char *out = NULL;

	for (int i = 0; i < syscat_count(); i++)
		if (syscat_rel(i)->oid == oid) {
			const SysRel *r = syscat_rel(i);

			if (strcmp(r->schema, "pg_catalog") == 0)
				snprintf(buf, len, "%s", r->name);
			else
				snprintf(buf, len, "%s.%s", r->schema, r->name);
			return buf;
		}
	if (syscat_metastore() == NULL ||
		(st = syscat_prepare("SELECT s.name, t.name FROM tables t JOIN schemas s"
							 " ON s.oid = t.schema_oid WHERE t.oid = ?1 UNION ALL"
							 " SELECT s.name, i.name FROM indexes i JOIN tables t ON t.oid = i.table_oid"
							 " JOIN schemas s ON s.oid = t.schema_oid WHERE i.oid = ?1", &ignore)) == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, oid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *) sqlite3_column_text(st, 0);
		const char *n = (const char *) sqlite3_column_text(st, 1);

		if (strcmp(s, "public") == 0)
			snprintf(buf, len, "%s", n);
		else
			snprintf(buf, len, "%s.%s", s, n);
		out = buf;
	}
	sqlite3_finalize(st);
	return out;
}

/* syscat_type_name: format_type's name of a type OID (no typmod), or NULL. */
const char *
syscat_type_name(uint32_t oid)
{
	for (int t = 1; t < TYPE__COUNT; t++)
		if (type_info((TypeId) t)->oid == oid)
			return type_info((TypeId) t)->name;
	switch (oid) {
		case 1042:
			return "character";
		case 700:
			return "real";
		case 1083:
			return "time without time zone";
		case 1266:
			return "time with time zone";
		case 1560:
			return "bit";
		case 1562:
			return "bit varying";
		default:
			return static_name("pg_type", "typname", oid);
	}
}

/* oid_namer is wire/typeio's hook: reg* output on the coordinator. */
static bool
oid_namer(Buf *b, TypeId type, uint32_t oid)
{
	char		tmp[300];
	const char *s = NULL;

	if (syscat_metastore() == NULL)
		return false;
	switch (type) {
		case TYPE_REGCLASS:
			s = syscat_relation_name(oid, tmp, sizeof(tmp));
			break;
		case TYPE_REGTYPE:
			s = syscat_type_name(oid);
			break;
		case TYPE_REGPROC:
			if ((s = static_name("pg_proc", "proname", oid)) == NULL)
				s = syscat_procname(oid);
			break;
		case TYPE_REGNAMESPACE:
			s = oid == SYSCAT_PG_CATALOG_OID ? "pg_catalog" : oid == SYSCAT_PUBLIC_OID ? "public" :
				oid == SYSCAT_INFO_SCHEMA_OID ? "information_schema" : NULL;
			break;
		default:
			break;
	}
	if (oid == 0 && type != TYPE_REGNAMESPACE) {
		buf_put(b, "-", 1);
		return true;
	}
	if (s == NULL)
		return false;
	buf_put(b, s, strlen(s));
	return true;
}

void
syscat_install_reg(void)
{
	typeio_oid_namer = oid_namer;
}
