/*
 * bind.c
 *	  The binder's entry points: bind_select turns a SELECT into a plan
 *	  fragment and its output columns (select.c does the work), and
 *	  bind_find_table looks a table up.
 */
#include "planner/bind_int.h"
#include "planner/storage.h"
#include "planner/syscat.h"

#include <string.h>

/*
 * bind_check_database accepts database.schema.table only when database is
 * the session's own (or database is NULL: not checked), as PostgreSQL.
 */
bool
bind_check_database(const char *database, const PgQuery__RangeVar *rv, Err *err)
{
	if (rv->catalogname == NULL || rv->catalogname[0] == '\0' || database == NULL ||
		strcmp(rv->catalogname, database) == 0)
		return true;
	err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
			"cross-database references are not implemented: \"%s.%s.%s\"",
			rv->catalogname, rv->schemaname, rv->relname);
	return false;
}

/* bind_find_table looks up a RangeVar; a missing table is 42P01 at its position. */
bool
bind_find_table(Arena *a, const Catalog *cat, const PgQuery__RangeVar *rv,
				CatTable **out, Err *err)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	const SysRel *sys = syscat_find(schema, rv->relname);

	if (!bind_check_database(cat->database, rv, err)) {
		err->position = rv->location + 1;
		return false;
	}
	if (sys != NULL)
		return syscat_table(a, sys, out, err);
	if (!cat->find_table(cat->arg, schema, rv->relname, a, out, err))
		return false;
	if (*out == NULL) {
		if (schema)
			err_set(err, ERRCODE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist",
					schema, rv->relname);
		else
			err_set(err, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
		err->position = rv->location + 1;
		return false;
	}
	return true;
}

/* bind_select binds and plans a SELECT into a plan and its output columns. */
bool
bind_select(Arena *a, const Catalog *cat, const PgQuery__SelectStmt *s,
			BoundSelect *out, Err *err)
{
	QueryCtx   *q = arena_new(a, QueryCtx);
	BindCtx		cx = {.a = a, .cat = cat, .q = q, .err = err};
	SelectState st;
	Rel		   *r = select_plan(&cx, s, &st);

	if (r == NULL)
		return false;
	out->root = r->plan;
	out->ncols = st.nvisible;
	out->cols = arena_array(a, OutCol, st.nvisible + 1);
	for (int i = 0; i < st.nvisible; i++) {
		OutCol	   *c = &out->cols[i];
		int			origin = st.targets[i].origin;

		c->name = st.targets[i].name;
		c->type = (TypeId) r->plan->output_types[i];
		c->typmod = st.targets[i].typmod;
		if (origin >= 0 && colinfo(&cx, origin)->table_oid != 0) {
			const ColInfo *ci = colinfo(&cx, origin);

			c->table_oid = ci->table_oid;
			c->column = ci->attnum;
			c->typmod = ci->typmod;
		}
	}
	storage_push_filters(a, out->root);	/* zone maps: scans skip row groups */
	syscat_prune(out->root);	/* catalog rows a Filter above would reject */
	return true;
}
