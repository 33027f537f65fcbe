/*
 * syscat.c
 *	  The registry of system relations, their rows, and their plan: a
 *	  Values node of the columns a query reads (see syscat.h).
 *
 *	  syscat_find	 resolves a schema-qualified or unqualified name
 *	  syscat_table	 the relation as a CatTable of kind 's' with its rows
 *	  syscat_values	 rel_materialize's plan for such a table
 */
#include "planner/syscat.h"

#include <stdlib.h>
#include <string.h>

#include "planner/bind_int.h"
#include "planner/storage.h"

static SysHooks hooks;

void
syscat_install(const SysHooks *h)
{
	hooks = *h;
}

const SysHooks *
syscat_hooks(void)
{
	return &hooks;
}

int
syscat_count(void)
{
	return syscat_pg_catalog_count + syscat_infoschema_count + syscat_quarry_count;
}

const SysRel *
syscat_rel(int i)
{
	if (i >= syscat_pg_catalog_count + syscat_infoschema_count)
		return &syscat_quarry[i - syscat_pg_catalog_count - syscat_infoschema_count];
	if (i >= syscat_pg_catalog_count)
		return &syscat_infoschema[i - syscat_pg_catalog_count];	/* syscat_infoschema.c */
	return &syscat_pg_catalog[i];
}

/* syscat_schema_oid: the OID of a system schema, or 0. */
uint32_t
syscat_schema_oid(const char *schema)
{
	if (strcmp(schema, "pg_catalog") == 0)
		return SYSCAT_PG_CATALOG_OID;
	if (strcmp(schema, "information_schema") == 0)
		return SYSCAT_INFO_SCHEMA_OID;
	if (strcmp(schema, "quarry") == 0)
		return SYSCAT_QUARRY_OID;
	return 0;
}

/*
 * syscat_find: a system relation by name.  An unqualified name finds
 * pg_catalog's relations only (PostgreSQL searches pg_catalog first).
 */
const SysRel *
syscat_find(const char *schema, const char *name)
{
	const char *want = schema != NULL ? schema : "pg_catalog";

	if (schema != NULL && syscat_schema_oid(schema) == 0)
		return NULL;
	for (int i = 0; i < syscat_count(); i++) {
		const SysRel *r = syscat_rel(i);

		if (strcmp(r->name, name) == 0 && strcmp(r->schema, want) == 0)
			return r;
	}
	return NULL;
}

/* syscat_table makes rel a CatTable of kind 's' holding its rows (or a view). */
bool
syscat_table(Arena *a, const SysRel *rel, CatTable **out, Err *err)
{
	CatTable   *t = arena_new(a, CatTable);
	SysRows		rows = {.a = a, .rel = rel};

	t->oid = rel->oid;
	t->schema = rel->schema;
	t->name = rel->name;
	t->ncols = rel->ncols;
	t->cols = arena_array(a, CatColumn, rel->ncols);
	for (int i = 0; i < rel->ncols; i++) {
		t->cols[i].name = rel->cols[i].name;
		t->cols[i].type = rel->cols[i].type;
		t->cols[i].typmod = -1;
		t->cols[i].id = i + 1;
	}
	if (rel->view_sql != NULL) {
		t->kind = 'v';
		t->view_sql = rel->view_sql;
		*out = t;
		return true;
	}
	t->kind = 's';
	if (hooks.fill != NULL && !hooks.fill(rel, &rows, err))
		return false;
	t->sys_nrows = rows.nrows;
	t->sys_rows = rows.rows;
	t->rows = rows.nrows;
	*out = t;
	return true;
}

/* ---- rows ---- */

Value *
sysrows_add(SysRows *r)
{
	Value	   *row;

	if (r->nrows == r->cap) {
		int			cap = r->cap ? r->cap * 2 : 64;
		Value	  **grown = arena_array(r->a, Value *, cap);

		if (r->nrows > 0)
			memcpy(grown, r->rows, sizeof(Value *) * r->nrows);
		r->rows = grown;
		r->cap = cap;
	}
	row = arena_array(r->a, Value, r->rel->ncols);
	for (int i = 0; i < r->rel->ncols; i++) {
		row[i].type = r->rel->cols[i].type;
		row[i].is_null = true;
	}
	r->rows[r->nrows++] = row;
	return row;
}

/* sysrows_append adds a row made earlier (of rel's columns), not copied. */
void
sysrows_append(SysRows *r, Value *row)
{
	Value	   *first = sysrows_add(r);

	r->rows[r->nrows - 1] = row;
	(void) first;
}

int
sysrel_col(const SysRel *rel, const char *name)
{
	for (int i = 0; i < rel->ncols; i++)
		if (strcmp(rel->cols[i].name, name) == 0)
			return i;
	return -1;
}

static Value *
cell(SysRows *r, Value *row, const char *col)
{
	int			i = sysrel_col(r->rel, col);

	return i < 0 ? NULL : &row[i];
}

void
sysrow_int(SysRows *r, Value *row, const char *col, int64_t v)
{
	Value	   *c = cell(r, row, col);

	if (c == NULL)
		return;
	if (type_info(c->type)->phys == PHYS_F64)
		c->u.f = (double) v;
	else
		c->u.i = v;
	c->is_null = false;
}

void
sysrow_bool(SysRows *r, Value *row, const char *col, bool v)
{
	Value	   *c = cell(r, row, col);

	if (c == NULL)
		return;
	c->u.b = v;
	c->is_null = false;
}

void
sysrow_float(SysRows *r, Value *row, const char *col, double v)
{
	Value	   *c = cell(r, row, col);

	if (c == NULL)
		return;
	c->u.f = v;
	c->is_null = false;
}

void
sysrow_str(SysRows *r, Value *row, const char *col, const char *s)
{
	int			i = sysrel_col(r->rel, col);

	if (i >= 0 && s != NULL)
		sysrow_text(r, row, i, s);
}

/*
 * sysrow_text sets column col from its text form, as PostgreSQL prints it
 * (static catalog data is kept that way).  NULL text leaves it NULL.
 */
void
sysrow_text(SysRows *r, Value *row, int col, const char *text)
{
	Value	   *c = &row[col];

	if (text == NULL)
		return;
	c->is_null = false;
	switch (type_info(c->type)->phys) {
		case PHYS_BOOL:
			c->u.b = text[0] == 't';
			break;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			c->u.i = strtoll(text, NULL, 10);
			break;
		case PHYS_F64:
			c->u.f = strtod(text, NULL);
			break;
		case PHYS_STR:
			c->u.s.p = text;
			c->u.s.len = (uint32_t) strlen(text);
			break;
		default:
			c->is_null = true;	/* no catalog column is numeric or interval yet */
			break;
	}
}

/* ---- plan ---- */

/* syscat_values plans a system relation's used columns as a Values node. */
void
syscat_values(BindCtx *cx, Rel *r)
{
	CatTable   *t = r->table;
	Quarry__PlanNode *n;
	Quarry__Values *vals;
	int			k = 0;
	int		   *cols = arena_array(cx->a, int, t->ncols + 1);

	r->ids = arena_array(cx->a, int, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++)
		if (colinfo(cx, r->first_id + i)->used) {
			cols[k] = i;
			r->ids[k++] = r->first_id + i;
		}
	r->nids = k;
	n = plan_node_new(cx->a, k);
	for (int i = 0; i < k; i++)
		n->output_types[i] = t->cols[cols[i]].type;
	n->node_case = QUARRY__PLAN_NODE__NODE_VALUES;
	n->values = vals = arena_new(cx->a, Quarry__Values);
	quarry__values__init(vals);
	vals->n_rows = (size_t) t->sys_nrows;
	vals->rows = arena_array(cx->a, Quarry__ValuesRow *, t->sys_nrows + 1);
	for (int i = 0; i < t->sys_nrows; i++) {
		Quarry__ValuesRow *row = arena_new(cx->a, Quarry__ValuesRow);

		quarry__values_row__init(row);
		row->n_values = (size_t) k;
		row->values = arena_array(cx->a, Quarry__Datum *, k + 1);
		for (int c = 0; c < k; c++)
			row->values[c] = expr_const(cx->a, &t->sys_rows[i][cols[c]])->value;
		vals->rows[i] = row;
	}
	n->est_rows = t->sys_nrows;
	r->plan = n;
	r->table = NULL;
}

/*
 * syscat_reg_const folds a string cast to oid or a reg* type: a number is
 * the OID itself; otherwise the coordinator looks the name up (42P01 for
 * a missing relation, 42704 for a missing type).
 */
Quarry__Expr *
syscat_reg_const(BindCtx *cx, const Value *v, TypeId target, int location)
{
	char	   *s = arena_strndup(cx->a, v->u.s.p, v->u.s.len);
	char	   *end;
	Value		out;
	uint32_t	oid = 0;

	memset(&out, 0, sizeof(out));
	out.type = target;
	oid = (uint32_t) strtoul(s, &end, 10);
	if (end == s || *end != '\0') {
		if (target == TYPE_OID) {
			err_set(cx->err, ERRCODE_INVALID_TEXT_REPR, "invalid input syntax for type oid: \"%s\"", s);
			return NULL;
		}
		if (hooks.reg_lookup == NULL) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "%s names need the coordinator's catalog",
					type_info(target)->name);
			return NULL;
		}
		if (!hooks.reg_lookup(target, s, &oid, cx->err)) {
			if (location >= 0 && cx->err->position == 0)
				cx->err->position = location + 1;
			return NULL;
		}
	}
	out.u.i = (int32_t) oid;
	return expr_const(cx->a, &out);
}

/* ---- set-returning catalog functions in FROM ---- */

static const SysCol keywords_cols[] = {
	{"word", TYPE_TEXT, "text"}, {"catcode", TYPE_CHAR, "\"char\""},
	{"barelabel", TYPE_BOOL, "boolean"}, {"catdesc", TYPE_TEXT, "text"},
	{"baredesc", TYPE_TEXT, "text"},
};

static const SysCol settings_cols[] = {
	{"name", TYPE_TEXT, "text"}, {"setting", TYPE_TEXT, "text"}, {"unit", TYPE_TEXT, "text"},
	{"category", TYPE_TEXT, "text"}, {"short_desc", TYPE_TEXT, "text"},
	{"extra_desc", TYPE_TEXT, "text"}, {"context", TYPE_TEXT, "text"},
	{"vartype", TYPE_TEXT, "text"}, {"source", TYPE_TEXT, "text"},
	{"min_val", TYPE_TEXT, "text"}, {"max_val", TYPE_TEXT, "text"},
	{"enumvals", TYPE_TEXT_ARRAY, "text[]"}, {"boot_val", TYPE_TEXT, "text"},
	{"reset_val", TYPE_TEXT, "text"}, {"sourcefile", TYPE_TEXT, "text"},
	{"sourceline", TYPE_INT4, "integer"}, {"pending_restart", TYPE_BOOL, "boolean"},
};

static const SysRel table_functions[] = {
	{"pg_catalog", "pg_get_keywords", 0, 'f', 5, keywords_cols, NULL},
	{"pg_catalog", "pg_show_all_settings", 0, 'f', 17, settings_cols, NULL},
};

/*
 * syscat_table_function binds a catalog function called in FROM without
 * arguments (pg_get_keywords()) as a system relation; *out stays NULL when
 * the call is not one.
 */
bool
syscat_table_function(Arena *a, const PgQuery__RangeFunction *rf, CatTable **out, Err *err)
{
	const PgQuery__FuncCall *fc;
	const char *name;

	*out = NULL;
	if (rf->n_functions != 1 || rf->functions[0]->node_case != PG_QUERY__NODE__NODE_LIST ||
		rf->functions[0]->list->n_items < 1 ||
		rf->functions[0]->list->items[0]->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return true;
	fc = rf->functions[0]->list->items[0]->func_call;
	if (fc->n_args != 0 || fc->n_funcname < 1 || fc->n_funcname > 2 ||
		fc->funcname[fc->n_funcname - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return true;
	name = fc->funcname[fc->n_funcname - 1]->string->sval;
	for (size_t i = 0; i < sizeof(table_functions) / sizeof(table_functions[0]); i++)
		if (strcmp(table_functions[i].name, name) == 0)
			return syscat_table(a, &table_functions[i], out, err);
	return true;
}

/* ---- pruning: rows a Filter right above a Values node cannot pass ---- */

static bool
datum_same(const Quarry__Datum *x, const Quarry__Datum *y)
{
	bool		xn = x == NULL || x->is_null || x->value_case == QUARRY__DATUM__VALUE__NOT_SET;
	bool		yn = y == NULL || y->is_null || y->value_case == QUARRY__DATUM__VALUE__NOT_SET;

	if (xn || yn || x->value_case != y->value_case)
		return false;			/* NULL = anything is not true */
	switch (x->value_case) {
		case QUARRY__DATUM__VALUE_B:
			return x->b == y->b;
		case QUARRY__DATUM__VALUE_I:
			return x->i == y->i;
		case QUARRY__DATUM__VALUE_S:
			return x->s.len == y->s.len && memcmp(x->s.data, y->s.data, x->s.len) == 0;
		default:
			return true;		/* floats: not pruned on */
	}
}

/* prunable: column = constant, or column IN (constants), of a type compared bytewise */
static bool
prunable(const Quarry__Expr *e, int *col)
{
	TypeId		t;

	if (e->kind == QUARRY__EXPR_KIND__EXPR_OP && e->op == QUARRY__EXPR_OP__OP_EQ && e->n_args == 2) {
		const Quarry__Expr *c = e->args[0]->kind == QUARRY__EXPR_KIND__EXPR_COLUMN ? e->args[0] : e->args[1];
		const Quarry__Expr *k = c == e->args[0] ? e->args[1] : e->args[0];

		if (c->kind != QUARRY__EXPR_KIND__EXPR_COLUMN || k->kind != QUARRY__EXPR_KIND__EXPR_CONST)
			return false;
		*col = c->column;
		t = (TypeId) c->type;
	} else if (e->kind == QUARRY__EXPR_KIND__EXPR_IN_LIST && e->n_args >= 2 &&
			   e->args[0]->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		for (size_t i = 1; i < e->n_args; i++)
			if (e->args[i]->kind != QUARRY__EXPR_KIND__EXPR_CONST ||
				e->args[i]->type != e->args[0]->type)
				return false;
		*col = e->args[0]->column;
		t = (TypeId) e->args[0]->type;
	} else
		return false;
	/* bpchar ignores trailing blanks and floats have -0: leave those to the Filter */
	return t != TYPE_BPCHAR && type_info(t)->phys != PHYS_F64 && type_info(t)->phys != PHYS_DEC &&
		type_info(t)->phys != PHYS_IV;
}

static bool
row_passes(const Quarry__ValuesRow *row, const Quarry__Expr *e)
{
	int			col;

	if (e->kind == QUARRY__EXPR_KIND__EXPR_AND) {
		for (size_t i = 0; i < e->n_args; i++)
			if (!row_passes(row, e->args[i]))
				return false;
		return true;
	}
	if (!prunable(e, &col) || col < 0 || (size_t) col >= row->n_values)
		return true;			/* not decided here: the Filter still runs */
	if (e->kind == QUARRY__EXPR_KIND__EXPR_OP) {
		const Quarry__Expr *k = e->args[0]->kind == QUARRY__EXPR_KIND__EXPR_CONST ? e->args[0] : e->args[1];

		return datum_same(row->values[col], k->value);
	}
	for (size_t i = 1; i < e->n_args; i++)
		if (datum_same(row->values[col], e->args[i]->value))
			return true;
	return false;
}

static void
prune_node(void *arg, Quarry__PlanNode *n)
{
	Quarry__Values *v;
	size_t		k = 0;

	if (n->node_case != QUARRY__PLAN_NODE__NODE_FILTER || n->filter->input == NULL ||
		n->filter->predicate == NULL ||
		n->filter->input->node_case != QUARRY__PLAN_NODE__NODE_VALUES)
		return;
	v = n->filter->input->values;
	for (size_t r = 0; r < v->n_rows; r++)
		if (row_passes(v->rows[r], n->filter->predicate))
			v->rows[k++] = v->rows[r];
	v->n_rows = k;
}

/*
 * syscat_prune drops the Values rows that a Filter right above them would
 * reject on an equality or IN list of constants (oid = 16384, relname =
 * 'x'), so a catalog query carries and runs only the rows it can return.
 */
void
syscat_prune(Quarry__PlanNode *root)
{
	storage_walk_plan(root, prune_node, NULL);
}
