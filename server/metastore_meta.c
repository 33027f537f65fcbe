/*
 * metastore_meta.c
 *	  Catalog metadata the tools look at: PRIMARY KEY, UNIQUE and FOREIGN
 *	  KEY constraints, indexes (CREATE INDEX and those of primary keys and
 *	  unique constraints) and COMMENT ON.  Nothing enforces the constraints
 *	  and no index is built: pg_constraint, pg_index and pg_description
 *	  show them (server/syscat_ddl.c).
 */
#include "metastore_int.h"

#include <stdio.h>
#include <string.h>

/* metastore_add_index records an index and gives its OID. */
bool
metastore_add_index(Metastore *ms, uint32_t table_oid, const char *name, const char *cols,
					bool unique, bool primary, uint32_t *oid, Err *err)
{
	sqlite3_stmt *st;
	int64_t		o = ms_next_oid(ms, err);

	if (o <= 0)
		return false;
	if ((st = ms_prepare(ms, "INSERT INTO indexes (oid, table_oid, name, cols, is_unique, is_primary)"
						 " VALUES (?, ?, ?, ?, ?, ?)", err)) == NULL)
		return false;
	sqlite3_bind_int64(st, 1, o);
	sqlite3_bind_int64(st, 2, table_oid);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, cols, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, unique);
	sqlite3_bind_int(st, 6, primary);
	*oid = (uint32_t) o;
	return ms_step_done(ms, st, err, "add an index");
}

/*
 * metastore_add_constraint records a constraint; a primary key or unique
 * constraint gets its index, named as the constraint, as in PostgreSQL.
 */
bool
metastore_add_constraint(Metastore *ms, const MsConstraint *con, Err *err)
{
	sqlite3_stmt *st;
	uint32_t	index_oid = con->index_oid;
	int64_t		o;

	if (!ms_begin(ms, err))
		return false;
	if ((con->type == 'p' || con->type == 'u') &&
		!metastore_add_index(ms, con->table_oid, con->name, con->cols, true, con->type == 'p',
							 &index_oid, err))
		goto fail;
	if ((o = ms_next_oid(ms, err)) <= 0 ||
		(st = ms_prepare(ms, "INSERT INTO constraints (oid, table_oid, name, type, cols, ref_oid,"
						 " ref_cols, index_oid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, o);
	sqlite3_bind_int64(st, 2, con->table_oid);
	sqlite3_bind_text(st, 3, con->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, (char[]) {con->type, '\0'}, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, con->cols, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, con->ref_oid);
	sqlite3_bind_text(st, 7, con->ref_cols ? con->ref_cols : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, index_oid);
	if (!ms_step_done(ms, st, err, "add a constraint"))
		goto fail;
	return ms_commit(ms, err);
fail:
	ms_rollback(ms);
	return false;
}

/* metastore_set_comment sets (or with text NULL removes) an object's comment. */
bool
metastore_set_comment(Metastore *ms, uint32_t objoid, uint32_t classoid, int subid,
					  const char *text, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, text != NULL ?
								  "INSERT OR REPLACE INTO comments VALUES (?, ?, ?, ?)" :
								  "DELETE FROM comments WHERE objoid = ? AND classoid = ?"
								  " AND objsubid = ?", err);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, objoid);
	sqlite3_bind_int64(st, 2, classoid);
	sqlite3_bind_int(st, 3, subid);
	if (text != NULL)
		sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
	return ms_step_done(ms, st, err, "set a comment");
}

/* metastore_primary_key gives the attnums of a table's primary key ("" if none). */
bool
metastore_primary_key(Metastore *ms, uint32_t table_oid, char *cols, size_t len, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT cols FROM constraints WHERE table_oid = ?"
								  " AND type = 'p'", err);

	if (st == NULL)
		return false;
	cols[0] = '\0';
	sqlite3_bind_int64(st, 1, table_oid);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(cols, len, "%s", (const char *) sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return true;
}

/*
 * metastore_unique_keys lists a table's unique indexes (PRIMARY KEY and
 * UNIQUE constraints make one each): names and attnums ("1 2"), in the
 * order they were made.
 */
bool
metastore_unique_keys(Metastore *ms, uint32_t table_oid, Arena *a, MsKey **out, int *n,
					  Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT name, cols FROM indexes WHERE table_oid = ?"
								  " AND is_unique <> 0 ORDER BY oid", err);
	int			cap = 4;

	*n = 0;
	*out = arena_array(a, MsKey, cap);
	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, table_oid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			MsKey	   *grown = arena_array(a, MsKey, cap * 2);

			memcpy(grown, *out, sizeof(MsKey) * cap);
			*out = grown;
			cap *= 2;
		}
		(*out)[*n].name = arena_strdup(a, (const char *) sqlite3_column_text(st, 0));
		(*out)[*n].cols = arena_strdup(a, (const char *) sqlite3_column_text(st, 1));
		(*n)++;
	}
	sqlite3_finalize(st);
	return true;
}

/* metastore_relation_exists: a relation or an index of that name in the schema. */
bool
metastore_relation_exists(Metastore *ms, uint32_t schema_oid, const char *name)
{
	sqlite3_stmt *st;
	Err			ignore;
	bool		found;

	if ((st = ms_prepare(ms, "SELECT 1 FROM tables WHERE schema_oid = ?1 AND name = ?2 UNION ALL"
						 " SELECT 1 FROM indexes i JOIN tables t ON t.oid = i.table_oid"
						 " WHERE t.schema_oid = ?1 AND i.name = ?2", &ignore)) == NULL)
		return false;
	sqlite3_bind_int64(st, 1, schema_oid);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* ms_drop_meta removes what a dropped relation had (inside the drop's transaction). */
bool
ms_drop_meta(Metastore *ms, int64_t oid, Err *err)
{
	char		sql[400];

	snprintf(sql, sizeof(sql),
			 "DELETE FROM constraints WHERE table_oid = %lld OR ref_oid = %lld;"
			 "DELETE FROM comments WHERE objoid = %lld OR objoid IN"
			 " (SELECT oid FROM indexes WHERE table_oid = %lld);"
			 "DELETE FROM indexes WHERE table_oid = %lld;",
			 (long long) oid, (long long) oid, (long long) oid, (long long) oid, (long long) oid);
	return ms_exec(ms, sql, err);
}

/* metastore_schema_oid: a schema's OID (NULL: public); 3F000 when there is none. */
bool
metastore_schema_oid(Metastore *ms, const char *schema, int64_t *oid, Err *err)
{
	if (!ms_schema_oid(ms, schema, oid, err))
		return false;
	if (*oid == 0)
		return err_set(err, "3F000", "schema \"%s\" does not exist", schema);
	return true;
}

/* metastore_find_index: a unique index of the table on exactly cols ("1 2"), or 0. */
bool
metastore_find_index(Metastore *ms, uint32_t table_oid, const char *cols, uint32_t *oid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT oid FROM indexes WHERE table_oid = ? AND cols = ?"
								  " AND is_unique ORDER BY is_primary DESC, oid", err);

	if (st == NULL)
		return false;
	*oid = 0;
	sqlite3_bind_int64(st, 1, table_oid);
	sqlite3_bind_text(st, 2, cols, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		*oid = (uint32_t) sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return true;
}
