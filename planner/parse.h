/*
 * parse.h
 *	  SQL text to libpg_query's protobuf parse tree.  Parse on the
 *	  coordinator's main thread only: libpg_query swaps stderr while parsing.
 */
#ifndef QUARRY_PARSE_H
#define QUARRY_PARSE_H

#include "common/arena.h"
#include "common/err.h"
#include "pg_query.pb-c.h"

PgQuery__ParseResult *parse_sql(Arena *a, const char *sql, Err *err);

#endif							/* QUARRY_PARSE_H */
