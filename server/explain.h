/*
 * explain.h
 *	  EXPLAIN on the coordinator.
 */
#ifndef QUARRY_SERVER_EXPLAIN_H
#define QUARRY_SERVER_EXPLAIN_H

#include "pgconn.h"

bool		explain_statement(PgConn *c, const PgQuery__ExplainStmt *s, Err *err) MUST_CHECK;
void		explain_describe(Arena *a, BoundSelect *out);

#endif							/* QUARRY_SERVER_EXPLAIN_H */
