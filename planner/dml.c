/*
 * dml.c
 *	  Binding defaults, table options, INSERT ... SELECT, CREATE TABLE AS,
 *	  UPDATE and DELETE; see dml.h.
 *
 *	  UPDATE and DELETE bind their expressions by binding a SELECT of them
 *	  from the table (so names, aliases and types resolve exactly as in a
 *	  query) and mapping the scan's columns back to the table's positions.
 */
#include "planner/dml.h"

#include <string.h>

#include "planner/bind_int.h"
#include "planner/dml_int.h"

/* assignable is PostgreSQL's assignment-cast rule for the types Quarry has. */
static bool
assignable(TypeId from, TypeId to)
{
	if (from == to || from == TYPE_UNKNOWN || type_is_string(to))
		return true;
	if (type_is_numeric(from) && type_is_numeric(to))
		return true;
	if (type_is_string(from) && type_is_string(to))
		return true;
	return (from == TYPE_DATE || from == TYPE_TIMESTAMP) &&
		(to == TYPE_DATE || to == TYPE_TIMESTAMP);
}

/* dml_assign_coerce casts e to col's type as an assignment, or fails with 42804. */
Quarry__Expr *
dml_assign_coerce(BindCtx *cx, Quarry__Expr *e, const CatColumn *col, const char *what,
			  int location)
{
	if (!assignable((TypeId) e->type, col->type)) {
		err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "column \"%s\" is of type %s but %s is of type %s",
				col->name, type_info(col->type)->name, what, type_info((TypeId) e->type)->name);
		err_hint(cx->err, "You will need to rewrite or cast the expression.");
		if (location >= 0)
			cx->err->position = location + 1;
		return NULL;
	}
	return bind_coerce(cx, e, col->type, location);
}

/* ---- CREATE TABLE ---- */

/* bind_column_default binds DEFAULT raw as col's type (the server folds it). */
bool
bind_column_default(Arena *a, const PgQuery__Node *raw, CatColumn *col, Err *err)
{
	BindCtx		cx = {.a = a, .err = err};
	Quarry__Expr *e = bind_expr(&cx, raw);

	if (e == NULL || (e = dml_assign_coerce(&cx, e, col, "default expression", -1)) == NULL)
		return false;
	col->default_expr = e;
	return true;
}

static const char *
def_string(const PgQuery__DefElem *d)
{
	if (d->arg == NULL)
		return NULL;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
		return d->arg->string->sval;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME &&
		d->arg->type_name->n_names == 1 &&
		d->arg->type_name->names[0]->node_case == PG_QUERY__NODE__NODE_STRING)
		return d->arg->type_name->names[0]->string->sval;
	return NULL;
}

/* bind_table_options reads WITH (compression = 'zstd' | 'none'). */
bool
bind_table_options(const PgQuery__Node *const *options, size_t n, CreateTableDef *def, Err *err)
{
	for (size_t i = 0; i < n; i++) {
		const PgQuery__DefElem *d = options[i]->def_elem;
		const char *v;

		if (d != NULL && strcmp(d->defname, "fillfactor") == 0)
			continue;			/* PostgreSQL's, meaningless for column files */
		if (d == NULL || strcmp(d->defname, "compression") != 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "unrecognized parameter \"%s\"",
						   d ? d->defname : "?");
		v = def_string(d);
		if (v == NULL || (strcmp(v, "zstd") != 0 && strcmp(v, "none") != 0))
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "invalid value for parameter \"compression\": \"%s\"", v ? v : "");
		def->zstd = strcmp(v, "zstd") == 0;
		def->compression_set = true;
	}
	return true;
}

/* bind_default_value is col's default (a constant after CREATE TABLE), or NULL. */
void
bind_default_value(const CatColumn *col, Value *out)
{
	if (col->default_expr == NULL || !expr_const_value(col->default_expr, out)) {
		memset(out, 0, sizeof(*out));
		out->is_null = true;
	}
	out->type = col->type;
}

/* bind_const_expr is v as a plan constant. */
Quarry__Expr *
bind_const_expr(Arena *a, const Value *v)
{
	return expr_const(a, v);
}

/* ---- plan nodes ---- */

Quarry__PlanNode *
dml_project_node(Arena *a, Quarry__PlanNode *input, Quarry__Expr **exprs, int n)
{
	Quarry__PlanNode *p = plan_node_new(a, n);

	p->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
	p->project = arena_new(a, Quarry__Project);
	quarry__project__init(p->project);
	p->project->input = input;
	p->project->n_exprs = n;
	p->project->exprs = exprs;
	for (int i = 0; i < n; i++)
		p->output_types[i] = exprs[i]->type;
	return p;
}

Quarry__Expr *
dml_default_expr(BindCtx *cx, const CatColumn *col)
{
	Value		v;

	bind_default_value(col, &v);
	return expr_const(cx->a, &v);
}

/* ---- INSERT ... SELECT ---- */

bool
dml_target_columns(BindCtx *cx, const PgQuery__InsertStmt *stmt, const CatTable *t, int *map,
			   int *n)
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
			err_set(cx->err, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist",
					rt->name, t->name);
			cx->err->position = rt->location + 1;
			return false;
		}
		for (size_t j = 0; j < i; j++)
			if (map[j] == c) {
				err_set(cx->err, "42701", "column \"%s\" specified more than once", rt->name);
				cx->err->position = rt->location + 1;
				return false;
			}
		map[i] = c;
	}
	return true;
}

/* target_location is where the i-th expression of a SELECT is, or -1. */
static int
target_location(const PgQuery__SelectStmt *s, int i, int ncols)
{
	if ((int) s->n_target_list != ncols || s->target_list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return -1;
	return node_location(s->target_list[i]->res_target->val);
}

static bool
count_check(BindCtx *cx, const PgQuery__InsertStmt *stmt, const BoundSelect *sel, int *n)
{
	const PgQuery__SelectStmt *s = stmt->select_stmt->select_stmt;

	if (stmt->n_cols == 0 && sel->ncols < *n)
		*n = sel->ncols;		/* no column list: the first columns, defaults after */
	if (sel->ncols > *n) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "INSERT has more expressions than target columns");
		if (target_location(s, *n, sel->ncols) >= 0)
			cx->err->position = target_location(s, *n, sel->ncols) + 1;
		return false;
	}
	if (sel->ncols < *n) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "INSERT has more target columns than expressions");
		cx->err->position = stmt->cols[sel->ncols]->res_target->location + 1;
		return false;
	}
	return true;
}

/* assign_rows maps a query's columns onto every column of t (defaults elsewhere). */
static Quarry__PlanNode *
assign_rows(BindCtx *cx, const PgQuery__InsertStmt *stmt, const CatTable *t,
			const BoundSelect *sel, const int *map, int n)
{
	Quarry__Expr **exprs = arena_array(cx->a, Quarry__Expr *, t->ncols + 1);

	if (!count_check(cx, stmt, sel, &n))
		return NULL;
	for (int c = 0; c < t->ncols; c++)
		exprs[c] = dml_default_expr(cx, &t->cols[c]);
	for (int i = 0; i < n; i++) {
		const CatColumn *col = &t->cols[map[i]];
		Quarry__Expr *e = expr_column(cx->a, i, sel->cols[i].type);
		int			loc = target_location(stmt->select_stmt->select_stmt, i, sel->ncols);

		if ((exprs[map[i]] = dml_assign_coerce(cx, e, col, "expression", loc)) == NULL)
			return NULL;
	}
	return dml_project_node(cx->a, sel->root, exprs, t->ncols);
}

/* bind_insert_select binds INSERT INTO t [(cols)] SELECT ... */
bool
bind_insert_select(Arena *a, const Catalog *cat, const PgQuery__InsertStmt *stmt,
				   InsertSelect *out, Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};
	BoundSelect sel;
	int		   *map;
	int			n;

	memset(out, 0, sizeof(*out));
	if (!dml_no_conflict(stmt, err))
		return false;
	if (!bind_find_table(a, cat, stmt->relation, &out->table, err))
		return false;
	if (out->table->kind == 'v')
		return err_set(err, "55000", "cannot insert into view \"%s\"", out->table->name);
	map = arena_array(a, int, out->table->ncols + stmt->n_cols + 1);
	if (!dml_target_columns(&cx, stmt, out->table, map, &n) ||
		!bind_select(a, cat, dml_with(a, stmt->select_stmt->select_stmt, stmt->with_clause),
					 &sel, err))
		return false;
	out->root = assign_rows(&cx, stmt, out->table, &sel, map, n);
	if (out->root != NULL && stmt->on_conflict_clause != NULL &&
		stmt->on_conflict_clause->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE &&
		!dml_bind_conflict_update(&cx, stmt, out))
		return false;
	return out->root != NULL &&
		dml_bind_returning(&cx, stmt->relation, stmt->returning_list, stmt->n_returning_list,
						   &out->ret, &out->ret_exprs);
}

/* ---- CREATE TABLE AS ---- */

static bool
ctas_columns(const PgQuery__IntoClause *into, const BoundSelect *sel, Arena *a,
			 CreateTableDef *def, Err *err)
{
	if (into->n_col_names > (size_t) sel->ncols)
		return err_set(err, ERRCODE_SYNTAX_ERROR, "too many column names were specified");
	def->ncols = sel->ncols;
	def->cols = arena_array(a, CatColumn, sel->ncols + 1);
	for (int i = 0; i < sel->ncols; i++) {
		CatColumn  *c = &def->cols[i];

		c->name = (size_t) i < into->n_col_names ? into->col_names[i]->string->sval :
			sel->cols[i].name;
		c->type = sel->cols[i].type == TYPE_UNKNOWN ? TYPE_TEXT : sel->cols[i].type;
		c->typmod = sel->cols[i].typmod;
		c->id = i + 1;
		for (int j = 0; j < i; j++)
			if (strcmp(def->cols[j].name, c->name) == 0)
				return err_set(err, "42701", "column \"%s\" specified more than once", c->name);
	}
	return true;
}

/* bind_create_table_as binds CREATE TABLE t [(names)] AS SELECT ... */
bool
bind_create_table_as(Arena *a, const Catalog *cat, const PgQuery__CreateTableAsStmt *stmt,
					 CreateTableAs *out, Err *err)
{
	const PgQuery__IntoClause *into = stmt->into;
	const PgQuery__RangeVar *rv = into->rel;
	BoundSelect sel;

	memset(out, 0, sizeof(*out));
	if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || stmt->query == NULL ||
		stmt->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "only CREATE TABLE AS SELECT is supported yet");
	out->def.schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	out->def.name = rv->relname;
	out->def.if_not_exists = stmt->if_not_exists;
	out->skip_data = into->skip_data;
	if (!bind_table_options((const PgQuery__Node *const *) into->options, into->n_options,
							&out->def, err) ||
		!bind_select(a, cat, stmt->query->select_stmt, &sel, err) ||
		!ctas_columns(into, &sel, a, &out->def, err))
		return false;
	out->root = sel.root;
	return true;
}

/* ---- UPDATE and DELETE ---- */

static bool where_type(BindCtx *cx, Quarry__Expr **pred, const PgQuery__Node *where);

static PgQuery__Node *
res_target(Arena *a, PgQuery__Node *val)
{
	PgQuery__Node *n = arena_new(a, PgQuery__Node);
	PgQuery__ResTarget *rt = arena_new(a, PgQuery__ResTarget);

	pg_query__node__init(n);
	pg_query__res_target__init(rt);
	rt->val = val;
	rt->location = -1;
	n->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
	n->res_target = rt;
	return n;
}

/* dml_select_of builds SELECT vals... FROM rv, so the binder resolves them. */
PgQuery__SelectStmt *
dml_select_of(Arena *a, PgQuery__RangeVar *rv, PgQuery__Node **vals, int n)
{
	PgQuery__SelectStmt *s = arena_new(a, PgQuery__SelectStmt);
	PgQuery__Node *from = arena_new(a, PgQuery__Node);

	pg_query__select_stmt__init(s);
	pg_query__node__init(from);
	from->node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
	from->range_var = rv;
	s->n_from_clause = 1;
	s->from_clause = arena_array(a, PgQuery__Node *, 1);
	s->from_clause[0] = from;
	s->n_target_list = (size_t) n;
	s->target_list = arena_array(a, PgQuery__Node *, n + 1);
	for (int i = 0; i < n; i++)
		s->target_list[i] = res_target(a, vals[i]);
	s->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
	s->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
	return s;
}

/* dml_to_table rewrites column references to the scan's columns as table positions. */
bool
dml_to_table(Quarry__Expr *e, const Quarry__Scan *scan)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		if (e->column < 0 || (size_t) e->column >= scan->n_columns)
			return false;
		e->column = scan->columns[e->column];
	}
	for (size_t i = 0; i < e->n_args; i++)
		if (!dml_to_table(e->args[i], scan))
			return false;
	return true;
}

/*
 * bind_over_table binds vals as expressions over t's columns: the plan of
 * SELECT vals FROM t must be a projection straight over the table's scan.
 */
static bool
bind_over_table(BindCtx *cx, PgQuery__RangeVar *rv, PgQuery__Node **vals, int n,
				Quarry__Expr **out, bool *joined)
{
	BoundSelect sel;
	const Quarry__PlanNode *p;
	const Quarry__PlanNode *s;

	if (!bind_select(cx->a, cx->cat, dml_select_of(cx->a, rv, vals, n), &sel, cx->err))
		return false;
	p = sel.root;
	s = p->node_case == QUARRY__PLAN_NODE__NODE_PROJECT ? p->project->input : NULL;
	if (s == NULL || s->node_case != QUARRY__PLAN_NODE__NODE_SCAN || (int) p->project->n_exprs != n) {
		*joined = true;			/* subqueries: the caller plans the matched rows */
		return false;
	}
	for (int i = 0; i < n; i++) {
		out[i] = p->project->exprs[i];
		if (!dml_to_table(out[i], s->scan))
			return err_set(cx->err, ERRCODE_INTERNAL_ERROR, "planner: bad column in UPDATE/DELETE");
	}
	return true;
}

/* dml_bind_over_table binds vals over the table alone; subqueries are 0A000. */
bool
dml_bind_over_table(BindCtx *cx, PgQuery__RangeVar *rv, PgQuery__Node **vals, int n,
					Quarry__Expr **out)
{
	bool		joined = false;

	if (bind_over_table(cx, rv, vals, n, out, &joined))
		return true;
	if (joined)
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"subqueries in ON CONFLICT DO UPDATE are not supported yet");
	return false;
}

bool
dml_where_type(BindCtx *cx, Quarry__Expr **pred, const PgQuery__Node *where)
{
	return where_type(cx, pred, where);
}

static bool
where_type(BindCtx *cx, Quarry__Expr **pred, const PgQuery__Node *where)
{
	if ((*pred)->type == TYPE_UNKNOWN &&
		(*pred = bind_coerce(cx, *pred, TYPE_BOOL, node_location(where))) == NULL)
		return false;
	if ((*pred)->type != TYPE_BOOL) {
		err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "argument of WHERE must be type boolean, not type %s",
				type_info((TypeId) (*pred)->type)->name);
		cx->err->position = node_location(where) + 1;
		return false;
	}
	return true;
}

static bool
rewrite_target(BindCtx *cx, PgQuery__RangeVar *rv, RewriteDef *out)
{
	if (!bind_find_table(cx->a, cx->cat, rv, &out->table, cx->err))
		return false;
	if (out->table->kind == 'v')
		return err_set(cx->err, "55000", "cannot change view \"%s\"", out->table->name);
	return true;
}

static bool
delete_rows(BindCtx *cx, const PgQuery__DeleteStmt *stmt, RewriteDef *out)
{
	PgQuery__Node *where = stmt->where_clause;
	bool		joined = false;
	DmlMatch	m = {stmt->relation, stmt->using_clause, stmt->n_using_clause, where,
	stmt->with_clause, NULL, NULL, stmt->returning_list, stmt->n_returning_list};

	if (stmt->n_using_clause > 0 || stmt->with_clause != NULL)
		return dml_bind_matches(cx, &m, out);
	if (where == NULL)
		return true;
	if (bind_over_table(cx, stmt->relation, &where, 1, &out->predicate, &joined))
		return where_type(cx, &out->predicate, where);
	return joined && dml_bind_matches(cx, &m, out);
}

/* bind_delete binds DELETE FROM t [USING ...] [WHERE p] [RETURNING ...]. */
bool
bind_delete(Arena *a, const Catalog *cat, const PgQuery__DeleteStmt *stmt, RewriteDef *out,
			Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};

	DmlMatch	m = {stmt->relation, stmt->using_clause, stmt->n_using_clause, NULL,
	stmt->with_clause, NULL, NULL, NULL, 0};

	memset(out, 0, sizeof(*out));
	return rewrite_target(&cx, stmt->relation, out) && delete_rows(&cx, stmt, out) &&
		dml_bind_rewrite_returning(&cx, &m, stmt->returning_list, stmt->n_returning_list, out);
}

/* dml_set_values collects UPDATE's SET list: per column its new value node or NULL. */
bool
dml_set_values(BindCtx *cx, const PgQuery__UpdateStmt *stmt, const CatTable *t,
		   PgQuery__Node **vals, int *locs)
{
	for (size_t i = 0; i < stmt->n_target_list; i++) {
		const PgQuery__ResTarget *rt = stmt->target_list[i]->res_target;
		int			c;

		if (rt->n_indirection > 0)
			return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "assignments to fields or array elements are not supported");
		for (c = 0; c < t->ncols && strcmp(t->cols[c].name, rt->name) != 0; c++)
			;
		if (c == t->ncols) {
			err_set(cx->err, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist",
					rt->name, t->name);
			cx->err->position = rt->location + 1;
			return false;
		}
		if (vals[c] != NULL)
			return err_set(cx->err, ERRCODE_SYNTAX_ERROR, "multiple assignments to same column \"%s\"",
						   rt->name);
		vals[c] = rt->val;
		locs[c] = node_location(rt->val);
	}
	return true;
}

/* dml_is_constant: a SET value bound without the table (keeping a literal untyped). */
bool
dml_is_constant(const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		n = n->type_cast->arg;
	return n->node_case == PG_QUERY__NODE__NODE_A_CONST ||
		n->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT;
}

/* set_expr is column c's new value: kept, DEFAULT, a constant or a bound expression. */
static Quarry__Expr *
set_expr(BindCtx *cx, const PgQuery__Node *val, const CatColumn *col, int c, int loc,
		 Quarry__Expr **got, int *k)
{
	Quarry__Expr *e;

	if (val == NULL)
		return expr_column(cx->a, c, col->type);
	if (val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
		return dml_default_expr(cx, col);
	if (dml_is_constant(val)) {
		BindCtx		k0 = {.a = cx->a, .err = cx->err};

		if ((e = bind_expr(&k0, val)) == NULL)
			return NULL;
	} else
		e = got[(*k)++];
	return dml_assign_coerce(cx, e, col, "expression", loc);
}

static bool
update_exprs(BindCtx *cx, const PgQuery__UpdateStmt *stmt, RewriteDef *out)
{
	const CatTable *t = out->table;
	PgQuery__Node **vals = arena_array(cx->a, PgQuery__Node *, t->ncols + 2);
	int		   *locs = arena_array(cx->a, int, t->ncols + 1);
	PgQuery__Node **bind = arena_array(cx->a, PgQuery__Node *, t->ncols + 2);
	Quarry__Expr **got = arena_array(cx->a, Quarry__Expr *, t->ncols + 2);
	int			n = 0;
	bool		joined = false;
	DmlMatch	m = {stmt->relation, stmt->from_clause, stmt->n_from_clause,
	stmt->where_clause, stmt->with_clause, vals, locs, stmt->returning_list,
	stmt->n_returning_list};

	if (!dml_set_values(cx, stmt, t, vals, locs))
		return false;
	if (stmt->n_from_clause > 0 || stmt->with_clause != NULL)
		return dml_bind_matches(cx, &m, out);
	for (int c = 0; c < t->ncols; c++)
		if (vals[c] != NULL && !dml_is_constant(vals[c]))
			bind[n++] = vals[c];
	if (stmt->where_clause != NULL)
		bind[n++] = stmt->where_clause;
	if (n > 0 && !bind_over_table(cx, stmt->relation, bind, n, got, &joined))
		return joined && dml_bind_matches(cx, &m, out);
	if (stmt->where_clause != NULL) {
		out->predicate = got[n - 1];
		if (!where_type(cx, &out->predicate, stmt->where_clause))
			return false;
	}
	out->set = arena_array(cx->a, Quarry__Expr *, t->ncols + 1);
	for (int c = 0, k = 0; c < t->ncols; c++)
		if ((out->set[c] = set_expr(cx, vals[c], &t->cols[c], c, locs[c], got, &k)) == NULL)
			return false;
	return true;
}

/* bind_update binds UPDATE t SET col = expr, ... [FROM ...] [WHERE p] [RETURNING ...]. */
bool
bind_update(Arena *a, const Catalog *cat, const PgQuery__UpdateStmt *stmt, RewriteDef *out,
			Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};

	DmlMatch	m = {stmt->relation, stmt->from_clause, stmt->n_from_clause, NULL,
	stmt->with_clause, NULL, NULL, NULL, 0};

	memset(out, 0, sizeof(*out));
	return rewrite_target(&cx, stmt->relation, out) && update_exprs(&cx, stmt, out) &&
		dml_bind_rewrite_returning(&cx, &m, stmt->returning_list, stmt->n_returning_list, out);
}
