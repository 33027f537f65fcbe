/*
 * ddl_meta.c
 *	  DDL that only adds catalog metadata: the PRIMARY KEY, UNIQUE and
 *	  FOREIGN KEY constraints of CREATE TABLE, CREATE INDEX and COMMENT ON.
 *	  Constraints are not enforced and indexes are not built; they exist
 *	  so clients and BI tools see keys and relationships (pg_constraint,
 *	  pg_index, pg_description).  Names default as PostgreSQL's do.
 */
#include "ddl.h"

#include <stdio.h>
#include <string.h>

#include "wire/pgmsg.h"

#define PG_CLASS_OID 1259
#define PG_NAMESPACE_OID 2615

static bool
find(PgConn *c, const char *schema, const char *name, CatTable **t, Err *err)
{
	if (!metastore_find_table(conn_metastore(c), schema, name, &c->query_arena, t, err))
		return false;
	if (*t == NULL)
		return err_set(err, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
	return true;
}

/* attnums writes the attribute numbers of names in t as "1 2"; 42703 if one is missing. */
static bool
attnums(const CatTable *t, const char **names, int n, char *out, size_t len, bool key, Err *err)
{
	size_t		used = 0;

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		int			k;

		for (k = 0; k < t->ncols && strcmp(t->cols[k].name, names[i]) != 0; k++)
			;
		if (k == t->ncols)
			return err_set(err, ERRCODE_UNDEFINED_COLUMN, key ? "column \"%s\" named in key does not exist" :
						   "column \"%s\" does not exist", names[i]);
		used += (size_t) snprintf(out + used, len - used, "%s%d", i ? " " : "", k + 1);
		if (used >= len)
			return err_set(err, "54000", "too many columns in key");
	}
	return true;
}

/* default_name: PostgreSQL's table_col1_col2_suffix */
static const char *
default_name(Arena *a, const char *table, const char **cols, int n, const char *suffix)
{
	char		buf[256];
	size_t		used = (size_t) snprintf(buf, sizeof(buf), "%s", table);

	for (int i = 0; i < n && used < sizeof(buf); i++)
		used += (size_t) snprintf(buf + used, sizeof(buf) - used, "_%s", cols[i]);
	if (used < sizeof(buf))
		snprintf(buf + used, sizeof(buf) - used, "_%s", suffix);
	buf[63] = '\0';				/* NAMEDATALEN - 1 */
	return arena_strdup(a, buf);
}

/* ddl_constraints records the constraints of a table just created. */
bool
ddl_constraints(PgConn *c, const CreateTableDef *def, Err *err)
{
	CatTable   *t;

	if (def->ncons == 0)
		return true;
	if (!find(c, def->schema, def->name, &t, err))
		return false;
	for (int i = 0; i < def->ncons; i++) {
		const ConsDef *d = &def->cons[i];
		MsConstraint con = {.table_oid = t->oid, .type = d->type, .name = d->name};
		char		cols[256];
		char		refs[256] = "";

		if (!attnums(t, d->cols, d->ncols, cols, sizeof(cols), true, err))
			return false;
		con.cols = cols;
		if (con.name == NULL)
			con.name = d->type == 'p' ? default_name(&c->query_arena, t->name, NULL, 0, "pkey") :
				default_name(&c->query_arena, t->name, d->cols, d->ncols,
							 d->type == 'u' ? "key" : "fkey");
		if (d->type == 'f') {
			CatTable   *ref;

			if (!find(c, d->ref_schema, d->ref_table, &ref, err))
				return false;
			con.ref_oid = ref->oid;
			if (d->nref == 0) {
				if (!metastore_primary_key(conn_metastore(c), ref->oid, refs, sizeof(refs), err))
					return false;
				if (refs[0] == '\0')
					return err_set(err, ERRCODE_UNDEFINED_OBJECT,
								   "there is no primary key for referenced table \"%s\"", ref->name);
			} else if (!attnums(ref, d->ref_cols, d->nref, refs, sizeof(refs), true, err))
				return false;
			con.ref_cols = refs;
			/* conindid: the referenced key's index, as PostgreSQL's */
			if (!metastore_find_index(conn_metastore(c), ref->oid, refs, &con.index_oid, err))
				return false;
		}
		if (!metastore_add_constraint(conn_metastore(c), &con, err))
			return false;
	}
	return true;
}

/* ddl_create_index: CREATE [UNIQUE] INDEX name ON t (col, ...), as metadata. */
bool
ddl_create_index(PgConn *c, const PgQuery__IndexStmt *s, Err *err)
{
	CatTable   *t;
	const char **names = arena_array(&c->query_arena, const char *, s->n_index_params + 1);
	const char *name;
	char		cols[256];
	uint32_t	oid;
	int64_t		soid;

	if (!find(c, s->relation->schemaname && s->relation->schemaname[0] ?
			  s->relation->schemaname : NULL, s->relation->relname, &t, err))
		return false;
	if (t->kind != 'r')
		return err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", t->name);
	for (size_t i = 0; i < s->n_index_params; i++) {
		const PgQuery__IndexElem *ie = s->index_params[i]->index_elem;

		if (ie->name == NULL || ie->name[0] == '\0')
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "indexes on expressions are not supported yet");
		names[i] = ie->name;
	}
	if (!attnums(t, names, (int) s->n_index_params, cols, sizeof(cols), false, err))
		return false;
	name = s->idxname && s->idxname[0] ? s->idxname :
		default_name(&c->query_arena, t->name, names, (int) s->n_index_params, "idx");
	if (!metastore_schema_oid(conn_metastore(c), t->schema, &soid, err))
		return false;
	if (metastore_relation_exists(conn_metastore(c), (uint32_t) soid, name)) {
		if (s->if_not_exists) {
			pgmsg_command_complete(&c->out, "CREATE INDEX");
			return true;
		}
		return err_set(err, "42P07", "relation \"%s\" already exists", name);
	}
	if (!metastore_add_index(conn_metastore(c), t->oid, name, cols, s->unique, false, &oid, err))
		return false;
	pgmsg_command_complete(&c->out, "CREATE INDEX");
	return true;
}

/* comment_target resolves COMMENT ON's object to (objoid, classoid, subid). */
static bool
comment_target(PgConn *c, const PgQuery__CommentStmt *s, uint32_t *objoid, uint32_t *classoid,
			   int *subid, Err *err)
{
	const PgQuery__Node *o = s->object;
	PgQuery__Node **items = o->node_case == PG_QUERY__NODE__NODE_LIST ? o->list->items : NULL;
	int			n = o->node_case == PG_QUERY__NODE__NODE_LIST ? (int) o->list->n_items : 0;
	const char *part[3] = {NULL, NULL, NULL};
	CatTable   *t;

	*subid = 0;
	*classoid = PG_CLASS_OID;
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
		int64_t		soid;

		*classoid = PG_NAMESPACE_OID;
		if (!metastore_schema_oid(conn_metastore(c), o->string->sval, &soid, err))
			return false;
		*objoid = (uint32_t) soid;
		return true;
	}
	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_VIEW &&
		s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "COMMENT ON this kind of object is not supported yet");
	for (int i = 0; i < n && i < 3; i++)
		part[i] = items[i]->string->sval;
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
		const char *col = part[n - 1];

		if (!find(c, n == 3 ? part[0] : NULL, n == 3 ? part[1] : part[0], &t, err))
			return false;
		for (*subid = 0; *subid < t->ncols && strcmp(t->cols[*subid].name, col) != 0; (*subid)++)
			;
		if (*subid == t->ncols)
			return err_set(err, ERRCODE_UNDEFINED_COLUMN,
						   "column \"%s\" of relation \"%s\" does not exist", col, t->name);
		(*subid)++;
	} else if (!find(c, n == 2 ? part[0] : NULL, n == 2 ? part[1] : part[0], &t, err))
		return false;
	*objoid = t->oid;
	return true;
}

/* ddl_comment: COMMENT ON TABLE / VIEW / COLUMN / SCHEMA ... IS 'text' | NULL */
bool
ddl_comment(PgConn *c, const PgQuery__CommentStmt *s, Err *err)
{
	uint32_t	objoid = 0;
	uint32_t	classoid = 0;
	int			subid = 0;

	if (!comment_target(c, s, &objoid, &classoid, &subid, err) ||
		!metastore_set_comment(conn_metastore(c), objoid, classoid, subid,
							   s->comment && s->comment[0] ? s->comment : NULL, err))
		return false;
	pgmsg_command_complete(&c->out, "COMMENT");
	return true;
}
