/*
 * syscat_ddl.c
 *	  Catalog function answers that syscat_fn.c does not give: the texts
 *	  of pg_proc's functions (pg_get_function_result, _arguments,
 *	  _identity_arguments) from PostgreSQL 15's static rows.  Constraints,
 *	  indexes and comments are not kept yet, so pg_get_constraintdef,
 *	  pg_get_indexdef, obj_description and col_description answer NULL.
 */
#include "syscat_int.h"

#include <stdlib.h>
#include <string.h>

/* syscat_fn_map_more answers the maps syscat_fn.c does not. */
bool
syscat_fn_map_more(const char *fn, MapBuild *b, Err *err)
{
	const SysData *d = syscat_data_of("pg_proc_text");
	int			col = strcmp(fn, "pg_get_function_result") == 0 ? 1 :
		strcmp(fn, "pg_get_function_arguments") == 0 ? 2 :
		strcmp(fn, "pg_get_function_identity_arguments") == 0 ? 3 : 0;

	if (col == 0 || d == NULL)
		return true;
	for (int i = 0; i < d->nrows; i++)
		map_add(b, strtoll(d->cells[(size_t) i * d->ncols], NULL, 10), 0,
				d->cells[(size_t) i * d->ncols + col]);
	return true;
}
