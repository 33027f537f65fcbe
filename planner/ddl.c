/*
 * ddl.c
 *	  Binding CREATE TABLE and INSERT ... VALUES.
 */
#include "planner/bind_int.h"

#include <string.h>

#include "planner/dml.h"
#include "wire/typeio.h"

static const char **
string_list(Arena *a, PgQuery__Node **items, size_t n)
{
	const char **out = arena_array(a, const char *, n + 1);

	for (size_t i = 0; i < n; i++)
		out[i] = items[i]->node_case == PG_QUERY__NODE__NODE_STRING ?
			arena_strdup(a, items[i]->string->sval) : "";
	return out;
}

/*
 * add_constraint records a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint of
 * the table (column is the column it was written on, or NULL); others are
 * 0A000.  Constraints are catalog metadata: nothing enforces them.
 */
static bool
add_constraint(Arena *a, const PgQuery__Constraint *c, const char *column, CreateTableDef *out,
			   Err *err)
{
	ConsDef    *d;
	ConsDef    *grown;

	if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY &&
		c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE &&
		c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
		err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"constraints other than NOT NULL, PRIMARY KEY, UNIQUE and FOREIGN KEY are not supported yet");
		err->position = c->location + 1;
		return false;
	}
	grown = arena_array(a, ConsDef, out->ncons + 1);
	if (out->ncons > 0)
		memcpy(grown, out->cons, sizeof(ConsDef) * out->ncons);
	out->cons = grown;
	d = &out->cons[out->ncons++];
	d->type = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? 'p' :
		c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ? 'u' : 'f';
	d->name = c->conname && c->conname[0] ? arena_strdup(a, c->conname) : NULL;
	if (d->type == 'f') {
		d->cols = string_list(a, c->fk_attrs, c->n_fk_attrs);
		d->ncols = (int) c->n_fk_attrs;
		d->ref_schema = c->pktable->schemaname && c->pktable->schemaname[0] ?
			arena_strdup(a, c->pktable->schemaname) : NULL;
		d->ref_table = arena_strdup(a, c->pktable->relname);
		d->ref_cols = string_list(a, c->pk_attrs, c->n_pk_attrs);
		d->nref = (int) c->n_pk_attrs;
	} else {
		d->cols = string_list(a, c->keys, c->n_keys);
		d->ncols = (int) c->n_keys;
	}
	if (column != NULL && d->ncols == 0) {
		d->cols = arena_array(a, const char *, 1);
		d->cols[0] = column;
		d->ncols = 1;
	}
	return true;
}

static bool
bind_column_def(Arena *a, const PgQuery__ColumnDef *cd, CatColumn *col, CreateTableDef *out,
				Err *err)
{
	col->name = arena_strdup(a, cd->colname);
	if (!bind_type_name(cd->type_name, &col->type, &col->typmod, err))
		return false;
	col->not_null = cd->is_not_null;
	for (size_t i = 0; i < cd->n_constraints; i++) {
		const PgQuery__Constraint *c = cd->constraints[i]->constraint;

		if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
			col->not_null = true;
		else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
			if (!bind_column_default(a, c->raw_expr, col, err))
				return false;
		} else if (c->contype != PG_QUERY__CONSTR_TYPE__CONSTR_NULL &&
				   !add_constraint(a, c, col->name, out, err))
			return false;
	}
	return true;
}

/* bind_create_table reads a CREATE TABLE with plain column definitions. */
bool
bind_create_table(Arena *a, const PgQuery__CreateStmt *stmt, CreateTableDef *out, Err *err)
{
	const PgQuery__RangeVar *rv = stmt->relation;

	memset(out, 0, sizeof(*out));
	if (stmt->n_inh_relations > 0 || stmt->partspec != NULL || stmt->n_constraints > 0 ||
		stmt->of_typename != NULL || stmt->partbound != NULL)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "table constraints, inheritance and partitioning are not supported yet");
	out->schema = rv->schemaname && rv->schemaname[0] ? arena_strdup(a, rv->schemaname) : NULL;
	out->name = arena_strdup(a, rv->relname);
	out->if_not_exists = stmt->if_not_exists;
	out->cols = arena_array(a, CatColumn, stmt->n_table_elts + 1);
	for (size_t i = 0; i < stmt->n_table_elts; i++) {
		const PgQuery__Node *e = stmt->table_elts[i];

		if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			if (!add_constraint(a, e->constraint, NULL, out, err))
				return false;
			continue;
		}
		if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "table constraints are not supported yet");
		for (int j = 0; j < out->ncols; j++)
			if (strcmp(out->cols[j].name, e->column_def->colname) == 0) {
				err_set(err, "42701", "column \"%s\" specified more than once",
						e->column_def->colname);
				return false;
			}
		if (!bind_column_def(a, e->column_def, &out->cols[out->ncols], out, err))
			return false;
		out->ncols++;
	}
	/* a primary key's columns are NOT NULL, as in PostgreSQL */
	for (int k = 0; k < out->ncons; k++)
		for (int i = 0; out->cons[k].type == 'p' && i < out->cons[k].ncols; i++)
			for (int j = 0; j < out->ncols; j++)
				if (strcmp(out->cols[j].name, out->cons[k].cols[i]) == 0)
					out->cols[j].not_null = true;
	return bind_table_options((const PgQuery__Node *const *) stmt->options, stmt->n_options,
							  out, err);
}

/* insert_targets maps the INSERT column list (or all columns) to positions. */
static bool
insert_targets(const PgQuery__InsertStmt *stmt, const CatTable *t, int *map, int *n, Err *err)
{
	if (stmt->n_cols == 0) {
		for (int i = 0; i < t->ncols; i++)
			map[i] = i;
		*n = t->ncols;
		return true;
	}
	*n = (int) stmt->n_cols;
	for (size_t i = 0; i < stmt->n_cols; i++) {
		const PgQuery__ResTarget *rt = stmt->cols[i]->res_target;
		int			c;

		for (c = 0; c < t->ncols && strcmp(t->cols[c].name, rt->name) != 0; c++)
			;
		if (c == t->ncols) {
			err_set(err, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist",
					rt->name, t->name);
			err->position = rt->location + 1;
			return false;
		}
		for (size_t j = 0; j < i; j++)
			if (map[j] == c) {
				err_set(err, "42701", "column \"%s\" specified more than once", rt->name);
				err->position = rt->location + 1;
				return false;
			}
		map[i] = c;
	}
	return true;
}

static bool
bind_row(BindCtx *cx, const CatTable *t, const PgQuery__List *row, const int *map,
		 int ntargets, Value *vals)
{

	if ((int) row->n_items > ntargets) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "INSERT has more expressions than target columns");
		cx->err->position = node_location(row->items[ntargets]) + 1;
		return false;
	}
	if ((int) row->n_items < ntargets)
		return err_set(cx->err, ERRCODE_SYNTAX_ERROR, "INSERT has more target columns than expressions");
	for (int c = 0; c < t->ncols; c++)
		bind_default_value(&t->cols[c], &vals[c]);
	for (int i = 0; i < ntargets; i++) {
		const CatColumn *col = &t->cols[map[i]];
		int			loc = node_location(row->items[i]);
		Quarry__Expr *e;

		if (row->items[i]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
			continue;			/* DEFAULT: the column's default, set above */
		e = bind_expr(cx, row->items[i]);

		if (e == NULL || (e = bind_coerce(cx, e, col->type, loc)) == NULL)
			return false;
		if (!expr_const_value(e, &vals[map[i]])) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					"INSERT values must be constants for now");
			cx->err->position = loc + 1;
			return false;
		}
		/* an assignment: numeric(p,s) rounds, char(n) pads, too long is 22001 */
		if (!value_apply_typmod(cx->a, &vals[map[i]], col->typmod, false, cx->err))
			return false;
	}
	return true;
}

/* default_values is INSERT ... DEFAULT VALUES: one row of defaults. */
static bool
default_values(Arena *a, CatTable *t, InsertDef *out)
{
	out->table = t;
	out->nrows = 1;
	out->rows = arena_array(a, Value *, 1);
	out->rows[0] = arena_array(a, Value, t->ncols + 1);
	for (int c = 0; c < t->ncols; c++)
		bind_default_value(&t->cols[c], &out->rows[0][c]);
	return true;
}

/* bind_insert reads INSERT INTO t [(cols)] VALUES (...), ... into rows. */
bool
bind_insert(Arena *a, const Catalog *cat, const PgQuery__InsertStmt *stmt, InsertDef *out,
			Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};
	const PgQuery__SelectStmt *sel;
	CatTable   *t;
	int		   *map;
	int			ntargets;

	memset(out, 0, sizeof(*out));
	if (!bind_find_table(a, cat, stmt->relation, &t, err))
		return false;
	if (stmt->select_stmt == NULL)
		return default_values(a, t, out);
	if (stmt->select_stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
		stmt->select_stmt->select_stmt->n_values_lists == 0)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "this form of INSERT is not supported yet");
	if (stmt->on_conflict_clause != NULL || stmt->n_returning_list > 0 || stmt->with_clause != NULL)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "ON CONFLICT, RETURNING and WITH in INSERT are not supported yet");
	sel = stmt->select_stmt->select_stmt;
	map = arena_array(a, int, t->ncols + stmt->n_cols + 1);
	if (!insert_targets(stmt, t, map, &ntargets, err))
		return false;
	out->table = t;
	out->nrows = (int) sel->n_values_lists;
	out->rows = arena_array(a, Value *, out->nrows);
	for (int r = 0; r < out->nrows; r++) {
		out->rows[r] = arena_array(a, Value, t->ncols + 1);
		const PgQuery__List *row = sel->values_lists[r]->list;
		/* no column list: a short row fills the first columns, defaults after */
		int			n = stmt->n_cols == 0 && (int) row->n_items < ntargets ?
			(int) row->n_items : ntargets;

		if (!bind_row(&cx, t, row, map, n, out->rows[r]))
			return false;
	}
	return true;
}
