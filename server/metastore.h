/*
 * metastore.h
 *	  The catalog's durable home: SQLite at DATA_DIR/metastore.db, as Spark's
 *	  embedded metastore.  Schemas, tables and views, columns (types,
 *	  typmods, NOT NULL, defaults, stored ids), the dependencies of views,
 *	  each table's data files, per-file and per-column statistics, roles and
 *	  databases.
 *
 *	  Every change is one SQLite transaction.  Data files are written and
 *	  fsynced before the transaction that names them (metastore_commit)
 *	  commits; files no committed row names are removed at start-up and by
 *	  the periodic sweep (metastore_sweep), except those of writes still in
 *	  flight and those replaced recently, which running queries may still
 *	  read.
 *
 *	  metastore.c: opening, the schema and its upgrade, find_table.
 *	  metastore_ddl.c: schemas, tables, columns, views and dependencies.
 *	  metastore_files.c: writes, commits, orphans, the sweep.
 *	  metastore_stats.c: statistics and ANALYZE.
 */
#ifndef QUARRY_METASTORE_H
#define QUARRY_METASTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"
#include "planner/bind.h"
#include "planner/catalog.h"

typedef struct Metastore Metastore;

/* A NOTICE a DDL statement answers with (drop cascades to ..., skipping). */
typedef struct MsNotice {
	bool		set;
	char		sqlstate[6];
	char		message[256];
	char		detail[2048];
} MsNotice;

/* A view's dependency on a relation (colid 0) or one of its columns. */
typedef struct MsDep {
	uint32_t	oid;
	int32_t		colid;
} MsDep;

typedef struct ViewDef {
	const char *schema;			/* NULL = public */
	const char *name;
	const char *sql;			/* the SELECT, as written */
	int			ncols;
	CatColumn  *cols;			/* output names and types */
	bool		replace;
	int			ndeps;
	MsDep	   *deps;
} ViewDef;

/* A view's query text, as read or to be stored. */
typedef struct MsViewText {
	uint32_t	oid;
	const char *sql;
} MsViewText;

/* One write in flight: its files are named prefix + "...". */
typedef struct MsWrite {
	uint64_t	id;
	char		prefix[48];
} MsWrite;

/* What one statement's commit changes in one table. */
typedef struct MsCommit {
	uint32_t	table_oid;
	const CreateTableDef *create;	/* CREATE TABLE AS: create it (as table_oid) too */
	bool		truncate;		/* drop every file of the table first */
	int			nadd;
	const char **add;			/* new files, absolute paths, written and fsynced */
	int			nremove;
	const char **remove;		/* files replaced: they must still be the table's */
	bool		in_place;		/* the added files take the removed ones' places in the
								 * table's file order (compaction) */
} MsCommit;

Metastore  *metastore_open(const char *data_dir, Err *err);
void		metastore_close(Metastore **ms);
const char *metastore_data_dir(const Metastore *ms);
struct sqlite3 *metastore_db(Metastore *ms);	/* for server/roles.c's role_auth table */
bool		metastore_find_table(void *ms, const char *schema, const char *name,
								 Arena *a, CatTable **out, Err *err) MUST_CHECK;
bool		metastore_role_exists(Metastore *ms, const char *name);
bool		metastore_database_exists(Metastore *ms, const char *name);

/* metastore_ddl.c */
bool		metastore_create_schema(Metastore *ms, const char *name, bool if_not_exists,
									MsNotice *notice, Err *err) MUST_CHECK;
bool		metastore_drop_schema(Metastore *ms, const char *name, bool missing_ok, bool cascade,
								  MsNotice *notice, Err *err) MUST_CHECK;
bool		metastore_create_table(Metastore *ms, const CreateTableDef *def, bool *existed,
								   Err *err) MUST_CHECK;
bool		metastore_drop_relation(Metastore *ms, const char *schema, const char *name,
									char kind, bool missing_ok, bool cascade,
									MsNotice *notice, Err *err) MUST_CHECK;
bool		metastore_rename_relation(Metastore *ms, const CatTable *t, const char *newname,
									  const MsViewText *views, int nviews, Err *err) MUST_CHECK;
bool		metastore_dependent_views(Metastore *ms, uint32_t oid, Arena *a, MsViewText **out,
									  int *n, Err *err) MUST_CHECK;
bool		metastore_add_column(Metastore *ms, const CatTable *t, const CatColumn *col,
								 bool if_not_exists, MsNotice *notice, Err *err) MUST_CHECK;
bool		metastore_drop_column(Metastore *ms, const CatTable *t, const char *col,
								  bool missing_ok, bool cascade, MsNotice *notice,
								  Err *err) MUST_CHECK;
bool		metastore_rename_column(Metastore *ms, const CatTable *t, const char *col,
									const char *newname, Err *err) MUST_CHECK;
bool		metastore_create_view(Metastore *ms, const ViewDef *v, Err *err) MUST_CHECK;

/* metastore_meta.c: constraints, indexes and comments (catalog metadata only) */
typedef struct MsConstraint {
	uint32_t	table_oid;
	const char *name;
	char		type;			/* 'p', 'u', 'f' */
	const char *cols;			/* attnums, space-separated: "1 2" */
	uint32_t	ref_oid;		/* 'f': the referenced table */
	const char *ref_cols;
	uint32_t	index_oid;		/* 'f': the referenced key's index (0: none) */
} MsConstraint;

bool		metastore_add_constraint(Metastore *ms, const MsConstraint *con, Err *err) MUST_CHECK;
bool		metastore_add_index(Metastore *ms, uint32_t table_oid, const char *name,
								const char *cols, bool unique, bool primary,
								uint32_t *oid, Err *err) MUST_CHECK;
bool		metastore_set_comment(Metastore *ms, uint32_t objoid, uint32_t classoid, int subid,
								  const char *text, Err *err) MUST_CHECK;
bool		metastore_primary_key(Metastore *ms, uint32_t table_oid, char *cols, size_t len,
								  Err *err) MUST_CHECK;
/* A unique index of a table: its name and attnums ("1 2"). */
typedef struct MsKey {
	const char *name;
	const char *cols;
} MsKey;

bool		metastore_unique_keys(Metastore *ms, uint32_t table_oid, Arena *a, MsKey **out,
								  int *n, Err *err) MUST_CHECK;
bool		metastore_relation_exists(Metastore *ms, uint32_t schema_oid, const char *name);
bool		metastore_find_index(Metastore *ms, uint32_t table_oid, const char *cols,
								 uint32_t *oid, Err *err) MUST_CHECK;
bool		metastore_schema_oid(Metastore *ms, const char *schema, int64_t *oid,
								 Err *err) MUST_CHECK;

/* metastore_files.c */
uint32_t	metastore_new_oid(Metastore *ms, Err *err);
void		metastore_write_begin(Metastore *ms, MsWrite *w);
void		metastore_write_end(Metastore *ms, const MsWrite *w);
bool		metastore_table_dir(Metastore *ms, uint32_t table_oid, char *dir, size_t len,
								Err *err) MUST_CHECK;
bool		metastore_new_file_path(Metastore *ms, uint32_t table_oid, const MsWrite *w,
									char *path, size_t len, Err *err) MUST_CHECK;
bool		metastore_commit(Metastore *ms, const MsCommit *c, Err *err) MUST_CHECK;
bool		metastore_add_file(Metastore *ms, uint32_t table_oid, const char *path,
							   int64_t rows, Err *err) MUST_CHECK;
void		metastore_remove_orphans(Metastore *ms);

/* A table's small files, for compaction (compact.c). */
typedef struct MsSmallFiles {
	const char *schema;			/* NULL: no such table */
	const char *name;
	int			n;
	const char **paths;			/* absolute, in commit order */
} MsSmallFiles;

bool		metastore_take_changed(Metastore *ms);
void		metastore_note_changed(Metastore *ms);
bool		metastore_writes_besides(Metastore *ms, const MsWrite *w);
bool		metastore_compact_candidate(Metastore *ms, int64_t below, int more_than,
										uint32_t after, uint32_t *oid, Err *err) MUST_CHECK;
bool		metastore_small_files(Metastore *ms, uint32_t oid, int64_t below, int limit,
								  Arena *a, MsSmallFiles *out, Err *err) MUST_CHECK;
void		metastore_sweep(Metastore *ms);

/* metastore_txn.c: a transaction block's own connection */
Metastore  *metastore_block_begin(Metastore *root, int savepoints, Err *err);
bool		metastore_block_end(Metastore **block, bool commit, Err *err);
bool		metastore_savepoint(Metastore *block, Err *err) MUST_CHECK;
bool		metastore_rollback_to(Metastore *block, int level, Err *err) MUST_CHECK;
bool		metastore_release(Metastore *block, int level, Err *err) MUST_CHECK;

/* metastore_stats.c */
bool		metastore_analyze(Metastore *ms, uint32_t table_oid, Err *err) MUST_CHECK;
bool		metastore_analyze_all(Metastore *ms, Err *err) MUST_CHECK;

#endif							/* QUARRY_METASTORE_H */
