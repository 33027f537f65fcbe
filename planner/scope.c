/*
 * scope.c
 *	  Names to column ids.  Each SELECT level has a list of FROM items
 *	  (RangeEntry) whose columns are consecutive query-wide ids; a column
 *	  reference is looked up in the innermost level first, then outwards
 *	  (a correlated reference), as PostgreSQL resolves them.
 */
#include "planner/bind_int.h"

#include <stdio.h>
#include <string.h>

/* colinfo_new allocates the next column id. */
int
colinfo_new(BindCtx *cx, const char *name, TypeId type, int32_t typmod)
{
	QueryCtx   *q = cx->q;
	ColInfo    *c;

	if (q->ncols == q->cap) {
		int			cap = q->cap ? q->cap * 2 : 64;
		ColInfo    *grown = arena_array(cx->a, ColInfo, cap);

		if (q->ncols > 0)
			memcpy(grown, q->cols, sizeof(ColInfo) * q->ncols);
		q->cols = grown;
		q->cap = cap;
	}
	c = &q->cols[q->ncols];
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->type = type;
	c->typmod = typmod;
	c->level = cx->level;
	return q->ncols++;
}

ColInfo *
colinfo(BindCtx *cx, int id)
{
	return &cx->q->cols[id];
}

static void
entry_append(BindCtx *cx, RangeEntry *e)
{
	if (cx->nentries == cx->entries_cap) {
		int			cap = cx->entries_cap ? cx->entries_cap * 2 : 8;
		RangeEntry **grown = arena_array(cx->a, RangeEntry *, cap);

		if (cx->nentries > 0)
			memcpy(grown, cx->entries, sizeof(RangeEntry *) * cx->nentries);
		cx->entries = grown;
		cx->entries_cap = cap;
	}
	cx->entries[cx->nentries++] = e;
}

/* scope_add makes a FROM item visible by name at cx's level. */
RangeEntry *
scope_add(BindCtx *cx, const char *alias, int ncols, int first_id, const char **names)
{
	RangeEntry *e = arena_new(cx->a, RangeEntry);

	e->alias = alias;
	e->ncols = ncols;
	e->first_id = first_id;
	e->names = names;
	for (int i = 0; i < ncols; i++)
		cx->q->cols[first_id + i].qual = alias;
	entry_append(cx, e);
	return e;
}

/*
 * scope_add_exprs makes visible a FROM item whose columns are expressions
 * over other items' columns: a USING join (alias NULL when unnamed).
 */
RangeEntry *
scope_add_exprs(BindCtx *cx, const char *alias, int ncols, const char **names,
				Quarry__Expr **exprs)
{
	RangeEntry *e = arena_new(cx->a, RangeEntry);

	e->alias = alias;
	e->ncols = ncols;
	e->names = names;
	e->exprs = exprs;
	entry_append(cx, e);
	return e;
}

static Quarry__Expr *
expr_clone(Arena *a, const Quarry__Expr *e)
{
	Quarry__Expr *c = arena_memdup(a, e, sizeof(*e));

	if (e->n_args > 0) {
		c->args = arena_array(a, Quarry__Expr *, e->n_args);
		for (size_t i = 0; i < e->n_args; i++)
			c->args[i] = expr_clone(a, e->args[i]);
	}
	return c;
}

static void
set_used(void *arg, int id)
{
	colinfo(arg, id)->used = true;
}

/*
 * scope_entry_column is column i of entry re as an expression of its own
 * (a join's column is copied, so no two references share nodes); with
 * mark_used, the columns it reads are read by the scans.
 */
Quarry__Expr *
scope_entry_column(BindCtx *cx, const RangeEntry *re, int i, int location, bool mark_used)
{
	Quarry__Expr *e;

	if (re->exprs == NULL) {
		int			id = re->first_id + i;

		e = expr_column(cx->a, id, colinfo(cx, id)->type);
	} else
		e = expr_clone(cx->a, re->exprs[i]);
	if (location >= 0)
		e->location = location + 1;
	if (mark_used)
		expr_ids(e, set_used, cx);
	return e;
}

static bool
fail_at(BindCtx *cx, int location, const char *sqlstate, const char *msg)
{
	err_set(cx->err, sqlstate, "%s", msg);
	if (location >= 0)
		cx->err->position = location + 1;
	return false;
}

/*
 * find_in_level looks name up among one level's FROM items (only the item
 * called qual when qual is set; unqualified, not the hidden sides of USING
 * joins).  Returns the column's index in *entry, -1 if absent, -2 if
 * ambiguous (error set), -3 if qual names no item.
 */
static int
find_in_level(BindCtx *cx, const char *qual, const char *name, int location,
			  const RangeEntry **entry)
{
	int			found = -1;
	bool		qual_seen = false;
	char		msg[300];

	for (int e = 0; e < cx->nentries; e++) {
		const RangeEntry *re = cx->entries[e];

		if (qual != NULL && (re->alias == NULL || strcmp(qual, re->alias) != 0))
			continue;
		if (qual == NULL && re->hidden)
			continue;
		qual_seen = true;
		for (int i = 0; i < re->ncols; i++) {
			if (strcmp(re->names[i], name) != 0)
				continue;
			if (found >= 0) {
				snprintf(msg, sizeof(msg), "column reference \"%s\" is ambiguous", name);
				fail_at(cx, location, "42702", msg);
				return -2;
			}
			found = i;
			*entry = re;
		}
	}
	return qual != NULL && !qual_seen ? -3 : found;
}

static Quarry__Expr *
column_expr(BindCtx *cx, const RangeEntry *re, int i, int location)
{
	Quarry__Expr *e = scope_entry_column(cx, re, i, location, true);

	if (re->exprs == NULL && colinfo(cx, e->column)->level < cx->level)
		cx->correlated = true;
	return e;
}

/*
 * scope_ref_database checks the database of db.schema.table.column: the
 * session's own, else 0A000 as in PostgreSQL.
 */
bool
scope_ref_database(BindCtx *cx, const PgQuery__ColumnRef *cr)
{
	const char *db = cx->cat->database;
	char		msg[300] = "cross-database references are not implemented: ";

	for (int i = 0; i < 3; i++)
		if (cr->fields[i]->node_case != PG_QUERY__NODE__NODE_STRING)
			return true;		/* refused below */
	if (db == NULL || strcmp(cr->fields[0]->string->sval, db) == 0)
		return true;
	for (size_t i = 0; i < cr->n_fields; i++) {
		const PgQuery__Node *f = cr->fields[i];

		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%s%s", i > 0 ? "." : "",
				 f->node_case == PG_QUERY__NODE__NODE_STRING ? f->string->sval : "*");
	}
	return fail_at(cx, cr->location, ERRCODE_FEATURE_NOT_SUPPORTED, msg);
}

/*
 * table_oid_column: the system column tableoid of the table qual names at
 * this level (the only table, unqualified), as a constant: every row of a
 * Quarry relation lives in the relation itself.  NULL when there is none.
 */
static Quarry__Expr *
table_oid_column(BindCtx *cx, const char *qual, int location)
{
	const RangeEntry *found = NULL;
	Value		v = {.type = TYPE_OID};

	for (int e = 0; e < cx->nentries; e++) {
		const RangeEntry *re = cx->entries[e];

		if (re->reloid == 0 || (qual != NULL && (re->alias == NULL || strcmp(qual, re->alias) != 0)))
			continue;
		if (found != NULL) {
			fail_at(cx, location, "42702", "column reference \"tableoid\" is ambiguous");
			return NULL;
		}
		found = re;
	}
	if (found == NULL)
		return NULL;
	v.u.i = found->reloid;
	return expr_const(cx->a, &v);
}

/* scope_column_ref binds a column reference, looking outwards level by level. */
Quarry__Expr *
scope_column_ref(BindCtx *cx, const PgQuery__ColumnRef *cr)
{
	const char *qual = NULL;
	const char *name;
	char		msg[300];
	bool		qual_seen = false;

	if (cr->n_fields == 4 && !scope_ref_database(cx, cr))
		return NULL;
	if (cr->n_fields == 0 || cr->n_fields > 4 ||
		cr->fields[cr->n_fields - 1]->node_case != PG_QUERY__NODE__NODE_STRING) {
		fail_at(cx, cr->location, ERRCODE_FEATURE_NOT_SUPPORTED,
				"this column reference is not supported yet");
		return NULL;
	}
	if (cr->n_fields == 2)
		qual = cr->fields[0]->string->sval;
	if (cr->n_fields >= 3 && cr->fields[cr->n_fields - 2]->node_case == PG_QUERY__NODE__NODE_STRING)
		qual = cr->fields[cr->n_fields - 2]->string->sval;	/* [db.]schema.table.column:
															 * the schema is not checked */
	name = cr->fields[cr->n_fields - 1]->string->sval;
	for (BindCtx *level = cx; level != NULL && level->q != NULL; level = level->parent) {
		const RangeEntry *re = NULL;
		int			id = find_in_level(level, qual, name, cr->location, &re);

		if (id == -2)
			return NULL;
		if (id == -1 && strcmp(name, "tableoid") == 0) {
			Quarry__Expr *t = table_oid_column(level, qual, cr->location);

			if (t != NULL || err_is_set(cx->err))
				return t;
		}
		if (id != -3)
			qual_seen = true;
		if (id >= 0) {
			Quarry__Expr *e = column_expr(level, re, id, cr->location);

			/* every SELECT between here and there reads an outer column */
			for (BindCtx *l = cx; l != NULL && l->level > level->level; l = l->encloser)
				l->correlated = true;
			return e;
		}
	}
	if (qual != NULL && !qual_seen)
		snprintf(msg, sizeof(msg), "missing FROM-clause entry for table \"%s\"", qual);
	else if (qual != NULL)
		snprintf(msg, sizeof(msg), "column %s.%s does not exist", qual, name);
	else
		snprintf(msg, sizeof(msg), "column \"%s\" does not exist", name);
	fail_at(cx, cr->location, qual != NULL && !qual_seen ? ERRCODE_UNDEFINED_TABLE :
			ERRCODE_UNDEFINED_COLUMN, msg);
	return NULL;
}

/* expr_ids calls fn for every column id e refers to. */
void
expr_ids(const Quarry__Expr *e, void (*fn) (void *arg, int id), void *arg)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN)
		fn(arg, e->column);
	for (size_t i = 0; i < e->n_args; i++)
		expr_ids(e->args[i], fn, arg);
}

/* expr_ids_within reports whether every id e refers to is in [lo, hi). */
bool
expr_ids_within(const Quarry__Expr *e, int lo, int hi)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN && (e->column < lo || e->column >= hi))
		return false;
	for (size_t i = 0; i < e->n_args; i++)
		if (!expr_ids_within(e->args[i], lo, hi))
			return false;
	return true;
}
