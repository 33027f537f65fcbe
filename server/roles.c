/*
 * roles.c
 *	  CREATE ROLE / ALTER ROLE / DROP ROLE (see roles.h).  Not built yet.
 */
#include "roles.h"

#include "pgconn.h"

bool
roles_statement(PgConn *c, const PgQuery__Node *n, Err *err)
{
	return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "roles are not supported yet");
}
