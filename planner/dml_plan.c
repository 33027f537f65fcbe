/*
 * dml_plan.c
 *	  The plans behind INSERT, UPDATE and DELETE beyond their simplest
 *	  forms: RETURNING lists, INSERT ... VALUES of any expressions (a
 *	  Project per row over OneRow or over the row's SELECT, appended),
 *	  WITH on a data-changing statement, and the matched rows of UPDATE ...
 *	  FROM, DELETE ... USING and of WHERE clauses with subqueries.
 *
 *	  Each is bound by binding a SELECT the statement implies, so names,
 *	  aliases, types and errors resolve exactly as in a query.  Of ON
 *	  CONFLICT only DO NOTHING is accepted (server/dml.c finds its keys).
 */
#include "planner/dml_int.h"

#include <string.h>

/*
 * dml_no_conflict refuses the ON CONFLICT forms Quarry lacks with 0A000:
 * DO UPDATE, and a conflict target with a WHERE (partial indexes).  DO
 * NOTHING is checked against the table's unique keys by the server.
 */
bool
dml_no_conflict(const PgQuery__InsertStmt *stmt, Err *err)
{
	const PgQuery__OnConflictClause *oc = stmt->on_conflict_clause;

	if (oc == NULL)
		return true;
	if (oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE && oc->infer == NULL) {
		err_set(err, ERRCODE_SYNTAX_ERROR,
				"ON CONFLICT DO UPDATE requires inference specification or constraint name");
		err_hint(err, "For example, ON CONFLICT (column_name).");
	} else if (oc->infer != NULL && oc->infer->where_clause != NULL)
		err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"ON CONFLICT with a WHERE on its conflict target is not supported yet");
	else
		return true;
	if (oc->location >= 0)
		err->position = oc->location + 1;
	return false;
}

/* dml_with is s with the statement's WITH list before its own CTEs. */
PgQuery__SelectStmt *
dml_with(Arena *a, PgQuery__SelectStmt *s, PgQuery__WithClause *with)
{
	PgQuery__SelectStmt *copy;
	PgQuery__WithClause *w;
	size_t		own;

	if (with == NULL)
		return s;
	copy = arena_memdup(a, s, sizeof(*s));
	if (s->with_clause == NULL) {
		copy->with_clause = with;
		return copy;
	}
	own = s->with_clause->n_ctes;
	w = arena_memdup(a, with, sizeof(*with));
	w->n_ctes = with->n_ctes + own;
	w->ctes = arena_array(a, PgQuery__Node *, w->n_ctes + 1);
	memcpy(w->ctes, with->ctes, sizeof(PgQuery__Node *) * with->n_ctes);
	memcpy(w->ctes + with->n_ctes, s->with_clause->ctes, sizeof(PgQuery__Node *) * own);
	w->recursive = with->recursive || s->with_clause->recursive;
	copy->with_clause = w;
	return copy;
}

/* ---- RETURNING ---- */

static bool
returning_exprs(BindCtx *cx, const BoundSelect *sel, Quarry__Expr **exprs)
{
	const Quarry__PlanNode *p = sel->root;

	if (p->node_case == QUARRY__PLAN_NODE__NODE_SCAN) {
		for (int i = 0; i < sel->ncols; i++)
			exprs[i] = expr_column(cx->a, p->scan->columns[i], sel->cols[i].type);
		return true;
	}
	if (p->node_case != QUARRY__PLAN_NODE__NODE_PROJECT || p->project->input == NULL ||
		p->project->input->node_case != QUARRY__PLAN_NODE__NODE_SCAN ||
		(int) p->project->n_exprs != sel->ncols)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "subqueries in RETURNING are not supported yet");
	for (int i = 0; i < sel->ncols; i++) {
		exprs[i] = p->project->exprs[i];
		if (!dml_to_table(exprs[i], p->project->input->scan))
			return err_set(cx->err, ERRCODE_INTERNAL_ERROR, "planner: bad column in RETURNING");
	}
	return true;
}

/*
 * dml_bind_returning binds RETURNING list as SELECT list FROM rv: its
 * columns (for RowDescription) and expressions over the table's columns.
 */
bool
dml_bind_returning(BindCtx *cx, PgQuery__RangeVar *rv, PgQuery__Node **list, size_t n,
				   BoundSelect *ret, Quarry__Expr ***exprs)
{
	PgQuery__SelectStmt *s;

	memset(ret, 0, sizeof(*ret));
	*exprs = NULL;
	if (n == 0)
		return true;
	s = dml_select_of(cx->a, rv, NULL, 0);
	s->n_target_list = n;
	s->target_list = list;
	if (!bind_select(cx->a, cx->cat, s, ret, cx->err))
		return false;
	*exprs = arena_array(cx->a, Quarry__Expr *, ret->ncols + 1);
	if (!returning_exprs(cx, ret, *exprs))
		return false;
	for (int i = 0; i < ret->ncols; i++)
		if (ret->cols[i].type == TYPE_UNKNOWN) {
			if (((*exprs)[i] = bind_coerce(cx, (*exprs)[i], TYPE_TEXT, -1)) == NULL)
				return false;
			ret->cols[i].type = TYPE_TEXT;
		}
	return true;
}

/*
 * dml_bind_rewrite_returning binds the RETURNING list of an UPDATE or
 * DELETE over its table, unless it was bound with the matched rows (FROM,
 * USING, subqueries: dml_bind_matches), where it also sees the other
 * items' columns as in PostgreSQL.
 */
bool
dml_bind_rewrite_returning(BindCtx *cx, const DmlMatch *m, PgQuery__Node **list, size_t n,
						   RewriteDef *out)
{
	if (out->matches != NULL)
		return true;
	return dml_bind_returning(cx, m->target, list, n, &out->ret, &out->ret_exprs);
}

/* bind_write_returning binds only a RETURNING list (Describe of a prepared write). */
bool
bind_write_returning(Arena *a, const Catalog *cat, PgQuery__RangeVar *rv, PgQuery__Node **list,
					 size_t n, BoundSelect *ret, Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};
	Quarry__Expr **exprs;

	return dml_bind_returning(&cx, rv, list, n, ret, &exprs);
}

/* ---- INSERT ... VALUES ---- */

static Quarry__PlanNode *
one_row(Arena *a)
{
	Quarry__PlanNode *one = plan_node_new(a, 0);

	one->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
	one->one_row = arena_new(a, Quarry__OneRow);
	quarry__one_row__init(one->one_row);
	return one;
}

/* select_list is SELECT vals (no FROM), under the statement's WITH. */
static PgQuery__SelectStmt *
select_list(Arena *a, PgQuery__Node **vals, int n, PgQuery__WithClause *with)
{
	PgQuery__SelectStmt *s = dml_select_of(a, NULL, vals, n);

	s->n_from_clause = 0;
	s->from_clause = NULL;
	return dml_with(a, s, with);
}

static bool
row_count_check(BindCtx *cx, const PgQuery__List *row, int ntargets)
{
	if ((int) row->n_items > ntargets) {
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "INSERT has more expressions than target columns");
		cx->err->position = node_location(row->items[ntargets]) + 1;
		return false;
	}
	if ((int) row->n_items < ntargets)
		return err_set(cx->err, ERRCODE_SYNTAX_ERROR, "INSERT has more target columns than expressions");
	return true;
}

/* row_exprs sets the values of the row's constant items and lists the others. */
static bool
row_exprs(BindCtx *cx, const CatTable *t, const PgQuery__List *row, const int *map, int n,
		  Quarry__Expr **exprs, PgQuery__Node **vals, int *which, int *nv)
{
	*nv = 0;
	for (int i = 0; i < n; i++) {
		PgQuery__Node *item = row->items[i];
		BindCtx		k0 = {.a = cx->a, .err = cx->err};
		Quarry__Expr *e;

		if (item->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
			continue;			/* the default, set already */
		if (!dml_is_constant(item)) {
			vals[*nv] = item;
			which[(*nv)++] = i;
			continue;
		}
		if ((e = bind_expr(&k0, item)) == NULL ||
			(exprs[map[i]] = dml_assign_coerce(cx, e, &t->cols[map[i]], "expression",
											   node_location(item))) == NULL)
			return false;
	}
	return true;
}

/* values_row plans one VALUES row as the table's columns. */
static Quarry__PlanNode *
values_row(BindCtx *cx, const PgQuery__InsertStmt *stmt, const CatTable *t,
		   const PgQuery__List *row, const int *map, int ntargets)
{
	int			n = stmt->n_cols == 0 && (int) row->n_items < ntargets ? (int) row->n_items : ntargets;
	Quarry__Expr **exprs = arena_array(cx->a, Quarry__Expr *, t->ncols + 1);
	PgQuery__Node **vals = arena_array(cx->a, PgQuery__Node *, n + 1);
	int		   *which = arena_array(cx->a, int, n + 1);
	Quarry__PlanNode *input;
	BoundSelect sel;
	int			nv;

	if (!row_count_check(cx, row, n))
		return NULL;
	for (int c = 0; c < t->ncols; c++)
		exprs[c] = dml_default_expr(cx, &t->cols[c]);
	if (!row_exprs(cx, t, row, map, n, exprs, vals, which, &nv))
		return NULL;
	input = one_row(cx->a);
	if (nv > 0) {
		if (!bind_select(cx->a, cx->cat, select_list(cx->a, vals, nv, stmt->with_clause), &sel,
						 cx->err))
			return NULL;
		input = sel.root;
	}
	for (int k = 0; k < nv; k++) {
		int			c = map[which[k]];
		Quarry__Expr *e = expr_column(cx->a, k, sel.cols[k].type);

		if ((exprs[c] = dml_assign_coerce(cx, e, &t->cols[c], "expression",
										  node_location(vals[k]))) == NULL)
			return NULL;
	}
	return dml_project_node(cx->a, input, exprs, t->ncols);
}

static Quarry__PlanNode *
append_rows(Arena *a, Quarry__PlanNode **rows, int n)
{
	Quarry__PlanNode *p;

	if (n == 1)
		return rows[0];
	p = plan_node_new(a, (int) rows[0]->n_output_types);
	memcpy(p->output_types, rows[0]->output_types, sizeof(int32_t) * rows[0]->n_output_types);
	p->node_case = QUARRY__PLAN_NODE__NODE_APPEND;
	p->append = arena_new(a, Quarry__Append);
	quarry__append__init(p->append);
	p->append->n_inputs = (size_t) n;
	p->append->inputs = rows;
	return p;
}

static PgQuery__List *
empty_row(Arena *a)
{
	PgQuery__List *l = arena_new(a, PgQuery__List);

	pg_query__list__init(l);
	return l;
}

/*
 * bind_insert_values binds INSERT INTO t [(cols)] VALUES (...), ... (or
 * DEFAULT VALUES) of any expressions as a plan of the table's rows.
 */
bool
bind_insert_values(Arena *a, const Catalog *cat, const PgQuery__InsertStmt *stmt,
				   InsertSelect *out, Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};
	const PgQuery__SelectStmt *vs = stmt->select_stmt ? stmt->select_stmt->select_stmt : NULL;
	int			nrows = vs ? (int) vs->n_values_lists : 1;
	Quarry__PlanNode **rows = arena_array(a, Quarry__PlanNode *, nrows + 1);
	int		   *map;
	int			n;

	memset(out, 0, sizeof(*out));
	if (!dml_no_conflict(stmt, err) || !bind_find_table(a, cat, stmt->relation, &out->table, err))
		return false;
	if (out->table->kind == 'v')
		return err_set(err, "55000", "cannot insert into view \"%s\"", out->table->name);
	map = arena_array(a, int, out->table->ncols + stmt->n_cols + 1);
	if (vs == NULL) {
		for (int c = 0; c < out->table->ncols; c++)
			map[c] = c;
		n = 0;
	} else if (!dml_target_columns(&cx, stmt, out->table, map, &n))
		return false;
	for (int r = 0; r < nrows; r++)
		if ((rows[r] = values_row(&cx, stmt, out->table,
								  vs ? vs->values_lists[r]->list : empty_row(a), map, n)) == NULL)
			return false;
	out->root = append_rows(a, rows, nrows);
	if (stmt->on_conflict_clause != NULL &&
		stmt->on_conflict_clause->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE &&
		!dml_bind_conflict_update(&cx, stmt, out))
		return false;
	return dml_bind_returning(&cx, stmt->relation, stmt->returning_list, stmt->n_returning_list,
							  &out->ret, &out->ret_exprs);
}

/* ---- UPDATE ... FROM, DELETE ... USING ---- */

static PgQuery__Node *
string_node(Arena *a, const char *s)
{
	PgQuery__Node *n = arena_new(a, PgQuery__Node);

	pg_query__node__init(n);
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = arena_new(a, PgQuery__String);
	pg_query__string__init(n->string);
	n->string->sval = (char *) s;
	return n;
}

/* column_ref is qual.col as a parse node. */
static PgQuery__Node *
column_ref(Arena *a, const char *qual, const char *col)
{
	PgQuery__Node *n = arena_new(a, PgQuery__Node);
	PgQuery__ColumnRef *r = arena_new(a, PgQuery__ColumnRef);

	pg_query__node__init(n);
	pg_query__column_ref__init(r);
	r->n_fields = 2;
	r->fields = arena_array(a, PgQuery__Node *, 2);
	r->fields[0] = string_node(a, qual);
	r->fields[1] = string_node(a, col);
	r->location = -1;
	n->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
	n->column_ref = r;
	return n;
}

/* match_select is SELECT t.c1.., new values FROM t, from... WHERE where. */
static PgQuery__SelectStmt *
match_select(BindCtx *cx, const DmlMatch *m, const CatTable *t, int *nvals)
{
	const char *qual = m->target->alias ? m->target->alias->aliasname : m->target->relname;
	PgQuery__Node **vals = arena_array(cx->a, PgQuery__Node *, 2 * t->ncols + 1);
	PgQuery__SelectStmt *s;
	int			n = 0;

	for (int c = 0; c < t->ncols; c++)
		vals[n++] = column_ref(cx->a, qual, t->cols[c].name);
	for (int c = 0; m->set != NULL && c < t->ncols; c++)
		if (m->set[c] != NULL && !dml_is_constant(m->set[c]))
			vals[n++] = m->set[c];
	s = dml_select_of(cx->a, m->target, vals, n);
	if (m->nret > 0) {			/* RETURNING, bound where FROM/USING items are seen */
		PgQuery__Node **tl = arena_array(cx->a, PgQuery__Node *, n + m->nret + 1);

		memcpy(tl, s->target_list, sizeof(PgQuery__Node *) * n);
		memcpy(tl + n, m->ret, sizeof(PgQuery__Node *) * m->nret);
		s->target_list = tl;
		s->n_target_list = (size_t) n + m->nret;
	}
	s->from_clause = arena_array(cx->a, PgQuery__Node *, m->nfrom + 2);
	s->from_clause[0] = dml_select_of(cx->a, m->target, NULL, 0)->from_clause[0];
	for (size_t i = 0; i < m->nfrom; i++)
		s->from_clause[i + 1] = m->from[i];
	s->n_from_clause = m->nfrom + 1;
	s->where_clause = m->where;
	*nvals = n;
	return dml_with(cx->a, s, m->with);
}

/* new_values are the matched row's columns then, for UPDATE, the new values. */
static Quarry__Expr **
new_values(BindCtx *cx, const DmlMatch *m, const CatTable *t, const BoundSelect *sel, int *n)
{
	Quarry__Expr **e = arena_array(cx->a, Quarry__Expr *, 2 * t->ncols + 1);
	int			k = t->ncols;

	*n = 0;
	for (int c = 0; c < t->ncols; c++)
		e[(*n)++] = expr_column(cx->a, c, t->cols[c].type);
	for (int c = 0; m->set != NULL && c < t->ncols; c++) {
		PgQuery__Node *v = m->set[c];
		Quarry__Expr *x;

		if (v == NULL)
			x = expr_column(cx->a, c, t->cols[c].type);
		else if (v->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
			x = dml_default_expr(cx, &t->cols[c]);
		else if (dml_is_constant(v)) {
			BindCtx		k0 = {.a = cx->a, .err = cx->err};	/* a literal stays untyped */

			if ((x = bind_expr(&k0, v)) == NULL ||
				(x = dml_assign_coerce(cx, x, &t->cols[c], "expression", m->locs[c])) == NULL)
				return NULL;
		} else {
			x = expr_column(cx->a, k, sel->cols[k].type);
			k++;
			if ((x = dml_assign_coerce(cx, x, &t->cols[c], "expression", m->locs[c])) == NULL)
				return NULL;
		}
		e[(*n)++] = x;
	}
	return e;
}

/* Where the target's columns are among the matches Project's inputs. */
typedef struct RetMap {
	const int32_t *target;		/* per table column, its input column */
	int			ncols;
	int32_t    *extra;			/* input columns RETURNING reads besides */
	int			nextra;
} RetMap;

/* ret_rewrite makes e read the table's columns, then the extra values. */
static void
ret_rewrite(Quarry__Expr *e, RetMap *rm)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		int			c;

		for (c = 0; c < rm->ncols && rm->target[c] != e->column; c++)
			;
		if (c == rm->ncols) {
			for (c = 0; c < rm->nextra && rm->extra[c] != e->column; c++)
				;
			if (c == rm->nextra)
				rm->extra[rm->nextra++] = e->column;
			c += rm->ncols;
		}
		e->column = c;
	}
	for (size_t i = 0; i < e->n_args; i++)
		ret_rewrite(e->args[i], rm);
}

/*
 * match_returning takes RETURNING's expressions, bound with the matched
 * rows (so FROM/USING items' columns and * resolve as in PostgreSQL), off
 * the matches Project: over the stored row's columns, then the other
 * input columns they read, which the Project passes on instead.
 */
static bool
match_returning(BindCtx *cx, const CatTable *t, BoundSelect *sel, int nvals, RewriteDef *out)
{
	Quarry__PlanNode *p = sel->root;
	int			nret = sel->ncols - nvals;
	int32_t    *target = arena_array(cx->a, int32_t, t->ncols + 1);
	RetMap		rm = {target, t->ncols, NULL, 0};

	if (p->node_case != QUARRY__PLAN_NODE__NODE_PROJECT || (int) p->project->n_exprs != sel->ncols)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "this RETURNING list is not supported yet");
	for (int c = 0; c < t->ncols; c++) {
		if (p->project->exprs[c]->kind != QUARRY__EXPR_KIND__EXPR_COLUMN)
			return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "this RETURNING list is not supported yet");
		target[c] = p->project->exprs[c]->column;
	}
	rm.extra = arena_array(cx->a, int32_t, p->project->input->n_output_types + 1);
	out->ret_exprs = arena_array(cx->a, Quarry__Expr *, nret + 1);
	for (int i = 0; i < nret; i++) {
		out->ret_exprs[i] = p->project->exprs[nvals + i];
		ret_rewrite(out->ret_exprs[i], &rm);
		if (sel->cols[nvals + i].type == TYPE_UNKNOWN) {
			if ((out->ret_exprs[i] = bind_coerce(cx, out->ret_exprs[i], TYPE_TEXT, -1)) == NULL)
				return false;
			sel->cols[nvals + i].type = TYPE_TEXT;
		}
	}
	out->ret.ncols = nret;
	out->ret.cols = sel->cols + nvals;
	out->ret.root = NULL;
	out->ret_extra = rm.nextra;
	for (int x = 0; x < rm.nextra; x++) {
		Quarry__Expr *col = expr_column(cx->a, rm.extra[x],
										(TypeId) p->project->input->output_types[rm.extra[x]]);

		p->project->exprs[nvals + x] = col;
		p->output_types[nvals + x] = col->type;
	}
	p->project->n_exprs = p->n_output_types = (size_t) (nvals + rm.nextra);
	sel->ncols = nvals;
	return true;
}

/*
 * dml_bind_matches plans the rows an UPDATE or DELETE with other relations
 * (FROM, USING, subqueries, WITH) matches: Write.matches.
 */
bool
dml_bind_matches(BindCtx *cx, const DmlMatch *m, RewriteDef *out)
{
	const CatTable *t = out->table;
	BoundSelect sel;
	Quarry__Expr **e;
	int			nvals;
	int			n;

	if (!bind_select(cx->a, cx->cat, match_select(cx, m, t, &nvals), &sel, cx->err))
		return false;
	if (sel.ncols < nvals || (m->nret == 0 && sel.ncols != nvals))
		return err_set(cx->err, ERRCODE_INTERNAL_ERROR, "planner: bad matches of a rewrite");
	if (m->nret > 0 && !match_returning(cx, t, &sel, nvals, out))
		return false;
	for (int c = 0; c < t->ncols; c++)
		if (sel.cols[c].type != t->cols[c].type)
			return err_set(cx->err, ERRCODE_INTERNAL_ERROR, "planner: bad matches of a rewrite");
	if ((e = new_values(cx, m, t, &sel, &n)) == NULL)
		return false;
	if (out->ret_extra > 0) {
		Quarry__Expr **grown = arena_array(cx->a, Quarry__Expr *, n + out->ret_extra + 1);

		memcpy(grown, e, sizeof(Quarry__Expr *) * n);
		e = grown;
	}
	for (int x = 0; x < out->ret_extra; x++, n++)
		e[n] = expr_column(cx->a, nvals + x, (TypeId) sel.root->output_types[nvals + x]);
	out->matches = dml_project_node(cx->a, sel.root, e, n);
	out->predicate = NULL;
	if (m->set != NULL) {
		out->set = arena_array(cx->a, Quarry__Expr *, t->ncols + 1);
		for (int c = 0; c < t->ncols; c++)
			out->set[c] = expr_column(cx->a, c, t->cols[c].type);
	}
	return true;
}
