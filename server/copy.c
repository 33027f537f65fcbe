/*
 * copy.c
 *	  COPY FROM STDIN and COPY TO STDOUT.  Not built yet.
 */
#include "pgconn.h"

bool
copy_statement(PgConn *c, const PgQuery__CopyStmt *s, Err *err)
{
	return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY is not supported yet");
}

bool
copy_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len)
{
	return true;
}

void
copy_free(PgConn *c)
{
}
