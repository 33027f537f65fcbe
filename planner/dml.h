/*
 * dml.h
 *	  Binding the statements that change tables beyond INSERT ... VALUES:
 *	  column defaults and table options of CREATE TABLE, INSERT ... SELECT,
 *	  CREATE TABLE AS, UPDATE and DELETE, with RETURNING, INSERT ... VALUES
 *	  of any expressions, UPDATE ... FROM, DELETE ... USING and WITH.  Each yields what the coordinator
 *	  needs to plan a Write (plan.proto): the rows' plan and its target
 *	  table, or a predicate and new values over the table's columns.
 *
 *	  Values stored into a column are assignments, as in PostgreSQL: the
 *	  types must be assignable (else 42804) and the column's typmod is
 *	  enforced by the Write itself.
 */
#ifndef QUARRY_DML_H
#define QUARRY_DML_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/err.h"
#include "pg_query.pb-c.h"
#include "plan.pb-c.h"
#include "planner/bind.h"
#include "planner/catalog.h"

/* INSERT ... SELECT: root outputs the table's columns, in order. */
typedef struct InsertSelect {
	CatTable   *table;
	Quarry__PlanNode *root;
	BoundSelect ret;			/* RETURNING's columns (ncols 0: none) */
	Quarry__Expr **ret_exprs;	/* ... as expressions over the table's columns */
	/* ON CONFLICT DO UPDATE: over (the table's columns, excluded's columns) */
	Quarry__Expr **conflict_set;	/* each column's new value */
	Quarry__Expr *conflict_where;	/* NULL: every conflicting row */
} InsertSelect;

/* CREATE TABLE AS: the new table and the plan of its rows. */
typedef struct CreateTableAs {
	CreateTableDef def;
	Quarry__PlanNode *root;
	bool		skip_data;		/* WITH NO DATA */
} CreateTableAs;

/* UPDATE and DELETE: expressions over the table's columns (positions). */
typedef struct RewriteDef {
	CatTable   *table;
	Quarry__Expr *predicate;	/* NULL: every row */
	Quarry__Expr **set;			/* UPDATE: each column's new value */
	Quarry__PlanNode *matches;	/* set: the matched rows (plan.proto Write.matches) */
	BoundSelect ret;			/* RETURNING's columns (ncols 0: none) */
	Quarry__Expr **ret_exprs;	/* ... over the table's columns (UPDATE: the new ones) */
	int			ret_extra;		/* ... then this many values last in each matches row */
} RewriteDef;

bool		bind_column_default(Arena *a, const PgQuery__Node *raw, CatColumn *col,
								Err *err) MUST_CHECK;
bool		bind_table_options(const PgQuery__Node *const *options, size_t n,
							   CreateTableDef *def, Err *err) MUST_CHECK;
void		bind_default_value(const CatColumn *col, Value *out);
Quarry__Expr *bind_const_expr(Arena *a, const Value *v);
bool		bind_insert_select(Arena *a, const Catalog *cat, const PgQuery__InsertStmt *stmt,
							   InsertSelect *out, Err *err) MUST_CHECK;
bool		bind_insert_values(Arena *a, const Catalog *cat, const PgQuery__InsertStmt *stmt,
							   InsertSelect *out, Err *err) MUST_CHECK;
bool		bind_write_returning(Arena *a, const Catalog *cat, PgQuery__RangeVar *rv,
								 PgQuery__Node **list, size_t n, BoundSelect *ret,
								 Err *err) MUST_CHECK;
bool		bind_create_table_as(Arena *a, const Catalog *cat,
								 const PgQuery__CreateTableAsStmt *stmt, CreateTableAs *out,
								 Err *err) MUST_CHECK;
bool		bind_update(Arena *a, const Catalog *cat, const PgQuery__UpdateStmt *stmt,
						RewriteDef *out, Err *err) MUST_CHECK;
bool		bind_delete(Arena *a, const Catalog *cat, const PgQuery__DeleteStmt *stmt,
						RewriteDef *out, Err *err) MUST_CHECK;

#endif							/* QUARRY_DML_H */
