/*
 * deparse.h
 *	  Parse trees back to SQL text (libpg_query's deparser), for what the
 *	  metastore keeps as text: a view's query, stored when the view is
 *	  created and rewritten when a relation it names is renamed.
 */
#ifndef QUARRY_DEPARSE_H
#define QUARRY_DEPARSE_H

#include "common/arena.h"
#include "common/err.h"
#include "pg_query.pb-c.h"

char	   *deparse_stmt(Arena *a, PgQuery__Node *stmt, Err *err);
void		deparse_range_vars(const PgQuery__Node *stmt,
							   void (*fn) (void *arg, const PgQuery__RangeVar *rv), void *arg);
char	   *deparse_rename_relation(Arena *a, const char *sql, const char *schema,
									const char *oldname, const char *newname, Err *err);

#endif							/* QUARRY_DEPARSE_H */
