/*
 * func_srf.h
 *	  Set-returning functions (unnest, generate_subscripts,
 *	  generate_series, _pg_expandarray) by rewriting a SELECT before it is
 *	  bound; see func_srf.c.
 */
#ifndef QUARRY_FUNC_SRF_H
#define QUARRY_FUNC_SRF_H

#include "common/arena.h"
#include "common/err.h"
#include "planner/parse.h"

bool		func_srf_rewrite(Arena *a, const PgQuery__SelectStmt **s, Err *err) MUST_CHECK;
PgQuery__Node *func_srf_template(Arena *a, const char *expr, PgQuery__Node *p1, Err *err);
PgQuery__SelectStmt *parse_in_arena(Arena *a, const char *sql, Err *err);

#endif							/* QUARRY_FUNC_SRF_H */
