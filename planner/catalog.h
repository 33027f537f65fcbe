/*
 * catalog.h
 *	  What the planner needs to know about tables, behind an interface the
 *	  coordinator's metastore implements.  Only the coordinator has a catalog;
 *	  fragments carry resolved types and file lists to workers.
 */
#ifndef QUARRY_CATALOG_H
#define QUARRY_CATALOG_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/types.h"

struct Quarry__Expr;

/* A column's statistics, kept by the metastore from its files' footers. */
typedef struct CatColStats {
	bool		valid;			/* gathered: the table has rows */
	int64_t		nulls;
	double		ndistinct;		/* HyperLogLog estimate of distinct non-NULL values */
	bool		has_min;
	bool		has_max;
	Value		min;
	Value		max;
} CatColStats;

typedef struct CatColumn {
	const char *name;
	TypeId		type;
	int32_t		typmod;			/* -1 = none; varchar(n): n + 4 as PostgreSQL */
	bool		not_null;
	int32_t		id;				/* its stored id in table files; 0 = position + 1 */
	const struct Quarry__Expr *default_expr;	/* DEFAULT, of the column's type, or NULL */
	Value		missing;		/* its value in files written before it was added
								 * (type TYPE_UNKNOWN or is_null: NULL) */
	CatColStats stats;
} CatColumn;

typedef struct CatTable {
	uint32_t	oid;
	const char *schema;
	const char *name;
	int			ncols;
	CatColumn  *cols;
	int			nfiles;
	const char **files;			/* data files visible to this query (a snapshot) */
	int64_t		rows;			/* rows in those files (an estimate for planning) */
	char		kind;			/* 'r' a table, 'v' a view, 'f' external files,
								 * 's' a system relation */
	const char *view_sql;		/* a view's query, which the binder expands */
	bool		zstd;			/* its files are written with zstd on top */
	struct Quarry__CsvOptions *csv;	/* kind 'f': files read as CSV (read_csv) */
	int			sys_nrows;		/* kind 's', a system relation (planner/syscat.h): */
	Value	  **sys_rows;		/* its rows, made when the query is bound */
} CatTable;

typedef struct Catalog {
	/* find_table returns false with no error set when the table does not exist */
	bool		(*find_table) (void *arg, const char *schema, const char *name,
							   Arena *a, CatTable **out, Err *err);
	void	   *arg;
	struct ParamCtx *params;	/* $n of the extended protocol (planner/params.h), or NULL */
	const char *database;		/* the session's database: db.schema.table must name it
								 * (NULL: not checked) */
} Catalog;

#endif							/* QUARRY_CATALOG_H */
