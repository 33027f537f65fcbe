/*
 * bind.h
 *	  The binder: libpg_query's tree plus the catalog become typed plans.
 *
 *	  bind_select resolves names and types of a SELECT and builds the plan
 *	  fragment a result task runs (plan.proto); bind_create_table and
 *	  bind_insert turn DDL and INSERT ... VALUES into definitions the
 *	  coordinator applies to the metastore and table files.
 */
#ifndef QUARRY_BIND_H
#define QUARRY_BIND_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/types.h"
#include "pg_query.pb-c.h"
#include "plan.pb-c.h"
#include "planner/catalog.h"

/* One output column of a query, as RowDescription describes it. */
typedef struct OutCol {
	const char *name;
	TypeId		type;
	int32_t		typmod;
	uint32_t	table_oid;		/* 0 unless the column comes straight from a table */
	int16_t		column;			/* 1-based attribute number, or 0 */
} OutCol;

typedef struct BoundSelect {
	Quarry__PlanNode *root;
	int			ncols;
	OutCol	   *cols;
} BoundSelect;

/* A PRIMARY KEY, UNIQUE or FOREIGN KEY constraint: metadata, not enforced. */
typedef struct ConsDef {
	char		type;			/* 'p', 'u' or 'f' */
	const char *name;			/* NULL: PostgreSQL's default name */
	int			ncols;
	const char **cols;
	const char *ref_schema;		/* 'f': the referenced table (NULL schema: default) */
	const char *ref_table;
	int			nref;			/* 0: the referenced table's primary key */
	const char **ref_cols;
} ConsDef;

typedef struct CreateTableDef {
	const char *schema;			/* NULL = default */
	const char *name;
	int			ncols;
	CatColumn  *cols;
	bool		if_not_exists;
	bool		zstd;			/* WITH (compression = 'zstd') */
	bool		compression_set;	/* WITH (compression = ...) was given */
	int			ncons;			/* PRIMARY KEY, UNIQUE, FOREIGN KEY (planner/ddl.c) */
	ConsDef    *cons;
} CreateTableDef;

typedef struct InsertDef {
	CatTable   *table;
	int			nrows;
	Value	  **rows;			/* nrows arrays of table->ncols values */
} InsertDef;

bool		bind_select(Arena *a, const Catalog *cat, const PgQuery__SelectStmt *stmt,
						BoundSelect *out, Err *err) MUST_CHECK;
bool		bind_create_table(Arena *a, const PgQuery__CreateStmt *stmt,
							  CreateTableDef *out, Err *err) MUST_CHECK;
bool		bind_insert(Arena *a, const Catalog *cat, const PgQuery__InsertStmt *stmt,
						InsertDef *out, Err *err) MUST_CHECK;
bool		bind_type_name(const PgQuery__TypeName *tn, TypeId *type, int32_t *typmod,
						   Err *err) MUST_CHECK;
bool		bind_check_database(const char *database, const PgQuery__RangeVar *rv, Err *err);
bool		bind_find_table(Arena *a, const Catalog *cat, const PgQuery__RangeVar *rv,
							CatTable **out, Err *err) MUST_CHECK;

#endif							/* QUARRY_BIND_H */
