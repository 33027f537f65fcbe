/*
 * ddl.h
 *	  The statements that change the catalog and the tables' data, reached
 *	  from the session's dispatch switch.
 *
 *	  ddl.c: CREATE/DROP SCHEMA, CREATE TABLE, DROP TABLE/VIEW, ALTER TABLE
 *	  (ADD/DROP/RENAME COLUMN, RENAME TO), TRUNCATE, CREATE [OR REPLACE]
 *	  VIEW, ANALYZE, and the periodic sweep of orphaned files.
 *	  dml.c: INSERT (VALUES on the coordinator, SELECT as a Write task),
 *	  CREATE TABLE AS, UPDATE and DELETE (Write tasks that rewrite files).
 *
 *	  A statement that runs a task sets the connection CONN_BUSY and ends
 *	  in its completion callback, which commits the files the task wrote
 *	  in one metastore transaction.
 */
#ifndef QUARRY_DDL_H
#define QUARRY_DDL_H

#include <stdbool.h>

#include "common/err.h"
#include "pg_query.pb-c.h"
#include "pgconn.h"

bool		ddl_create_table(PgConn *c, const PgQuery__CreateStmt *s, Err *err) MUST_CHECK;
/* ddl_meta.c: constraints, indexes and comments as catalog metadata */
bool		ddl_constraints(PgConn *c, const CreateTableDef *def, Err *err) MUST_CHECK;
bool		ddl_create_index(PgConn *c, const PgQuery__IndexStmt *s, Err *err) MUST_CHECK;
bool		ddl_comment(PgConn *c, const PgQuery__CommentStmt *s, Err *err) MUST_CHECK;
bool		ddl_drop(PgConn *c, const PgQuery__DropStmt *s, Err *err) MUST_CHECK;
bool		ddl_create_schema(PgConn *c, const PgQuery__CreateSchemaStmt *s, Err *err) MUST_CHECK;
bool		ddl_alter_table(PgConn *c, const PgQuery__AlterTableStmt *s, Err *err) MUST_CHECK;
bool		ddl_rename(PgConn *c, const PgQuery__RenameStmt *s, Err *err) MUST_CHECK;
bool		ddl_truncate(PgConn *c, const PgQuery__TruncateStmt *s, Err *err) MUST_CHECK;
bool		ddl_create_view(PgConn *c, const PgQuery__ViewStmt *s, Err *err) MUST_CHECK;
bool		ddl_analyze(PgConn *c, const PgQuery__VacuumStmt *s, Err *err) MUST_CHECK;
void		ddl_start_sweeper(Coordinator *co);

bool		dml_insert(PgConn *c, const PgQuery__InsertStmt *s, Err *err) MUST_CHECK;
bool		dml_create_table_as(PgConn *c, const PgQuery__CreateTableAsStmt *s, Err *err) MUST_CHECK;
bool		dml_update(PgConn *c, const PgQuery__UpdateStmt *s, Err *err) MUST_CHECK;
bool		dml_delete(PgConn *c, const PgQuery__DeleteStmt *s, Err *err) MUST_CHECK;
struct Quarry__PlanNode *dml_copy_plan(Arena *a, const CatTable *t, const char *dir,
									   const char *prefix);

/* ddl.c, for dml.c */
Catalog		ddl_catalog(PgConn *c);
bool		ddl_fold_defaults(Arena *a, CatColumn *cols, int ncols, Err *err) MUST_CHECK;
void		ddl_notice(PgConn *c, const MsNotice *n);

#endif							/* QUARRY_DDL_H */
