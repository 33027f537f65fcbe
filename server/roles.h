/*
 * roles.h
 *	  Roles and their password verifiers in the metastore: CREATE ROLE,
 *	  ALTER ROLE ... PASSWORD, DROP ROLE, and what authentication reads.
 */
#ifndef QUARRY_ROLES_H
#define QUARRY_ROLES_H

#include <stdbool.h>

#include "common/err.h"
#include "metastore.h"
#include "pg_query.pb-c.h"

typedef struct PgConn PgConn;

bool		roles_statement(PgConn *c, const PgQuery__Node *n, Err *err) MUST_CHECK;
bool		roles_lookup(Metastore *ms, const char *role, bool *exists, bool *login,
						 char *verifier, size_t len);
bool		roles_is_superuser(Metastore *ms, const char *role);

#endif							/* QUARRY_ROLES_H */
