/*
 * bind.c
 *	  Binding a SELECT into a plan:
 *
 *	    Scan | OneRow -> Filter(WHERE) -> Aggregate(GROUP BY, aggregates)
 *	      -> Filter(HAVING) -> Project(targets + hidden sort keys)
 *	      -> Sort(ORDER BY) -> Limit -> Project(drop hidden keys)
 *
 *	  Expressions above the Aggregate refer to its output: group keys first,
 *	  then one column per aggregate (EXPR_AGGREF until rewritten).
 */
#include "planner/bind_int.h"

#include <stdio.h>
#include <string.h>

typedef struct Target {
	const char *name;
	Quarry__Expr *expr;
	int			table_column;	/* 1-based when the target is a plain table column */
} Target;

static Quarry__PlanNode *
node_new(Arena *a, int ntypes)
{
	Quarry__PlanNode *n = arena_new(a, Quarry__PlanNode);

	quarry__plan_node__init(n);
	n->n_output_types = ntypes;
	n->output_types = arena_array(a, int32_t, ntypes > 0 ? ntypes : 1);
	return n;
}

/* bind_find_table looks up a RangeVar; a missing table is 42P01 at its position. */
bool
bind_find_table(Arena *a, const Catalog *cat, const PgQuery__RangeVar *rv,
				CatTable **out, Err *err)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;

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

static Quarry__PlanNode *
bind_from(BindCtx *cx, const PgQuery__SelectStmt *s)
{
	Quarry__PlanNode *n;
	const PgQuery__RangeVar *rv;
	CatTable   *t;

	if (s->n_from_clause == 0) {
		n = node_new(cx->a, 0);
		n->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
		n->one_row = arena_new(cx->a, Quarry__OneRow);
		quarry__one_row__init(n->one_row);
		return n;
	}
	if (s->n_from_clause > 1 || s->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"joins, subqueries and table functions in FROM are not supported yet");
		return NULL;
	}
	rv = s->from_clause[0]->range_var;
	if (!bind_find_table(cx->a, cx->cat, rv, &t, cx->err))
		return NULL;
	cx->table = t;
	cx->alias = rv->alias && rv->alias->aliasname && rv->alias->aliasname[0] ?
		rv->alias->aliasname : t->name;
	n = node_new(cx->a, t->ncols);
	n->node_case = QUARRY__PLAN_NODE__NODE_SCAN;
	n->scan = arena_new(cx->a, Quarry__Scan);
	quarry__scan__init(n->scan);
	n->scan->n_files = t->nfiles;
	n->scan->files = (char **) t->files;
	n->scan->n_table_types = t->ncols;
	n->scan->table_types = arena_array(cx->a, int32_t, t->ncols);
	n->scan->n_columns = t->ncols;
	n->scan->columns = arena_array(cx->a, int32_t, t->ncols);
	for (int i = 0; i < t->ncols; i++) {
		n->scan->table_types[i] = t->cols[i].type;
		n->scan->columns[i] = i;
		n->output_types[i] = t->cols[i].type;
	}
	return n;
}

static Quarry__PlanNode *
add_filter(BindCtx *cx, Quarry__PlanNode *input, Quarry__Expr *pred, const char *clause,
		   int location)
{
	Quarry__PlanNode *n;

	if (pred->type == TYPE_UNKNOWN && (pred = bind_coerce(cx, pred, TYPE_BOOL, location)) == NULL)
		return NULL;
	if (pred->type != TYPE_BOOL) {
		err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "argument of %s must be type boolean, not type %s",
				clause, type_info((TypeId) pred->type)->name);
		cx->err->position = location + 1;
		return NULL;
	}
	n = node_new(cx->a, (int) input->n_output_types);
	memcpy(n->output_types, input->output_types, sizeof(int32_t) * input->n_output_types);
	n->node_case = QUARRY__PLAN_NODE__NODE_FILTER;
	n->filter = arena_new(cx->a, Quarry__Filter);
	quarry__filter__init(n->filter);
	n->filter->input = input;
	n->filter->predicate = pred;
	return n;
}

static Quarry__PlanNode *
add_project(BindCtx *cx, Quarry__PlanNode *input, Quarry__Expr **exprs, int n)
{
	Quarry__PlanNode *p = node_new(cx->a, n);

	p->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
	p->project = arena_new(cx->a, Quarry__Project);
	quarry__project__init(p->project);
	p->project->input = input;
	p->project->n_exprs = n;
	p->project->exprs = exprs;
	for (int i = 0; i < n; i++)
		p->output_types[i] = exprs[i]->type == TYPE_UNKNOWN ? TYPE_TEXT : exprs[i]->type;
	return p;
}

/* bind_targets expands * and binds each target of the select list. */
static bool
bind_targets(BindCtx *cx, const PgQuery__SelectStmt *s, Target **out, int *nout)
{
	int			cap = (int) (s->n_target_list + s->n_sort_clause) + (cx->table ? cx->table->ncols : 0);
	Target	   *t = arena_array(cx->a, Target, cap > 0 ? cap : 1);
	int			n = 0;

	for (size_t i = 0; i < s->n_target_list; i++) {
		const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
		const PgQuery__Node *val = rt->val;

		if (val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			val->column_ref->fields[val->column_ref->n_fields - 1]->node_case ==
			PG_QUERY__NODE__NODE_A_STAR) {
			if (cx->table == NULL) {
				err_set(cx->err, ERRCODE_SYNTAX_ERROR, "SELECT * with no tables specified is not valid");
				cx->err->position = val->column_ref->location + 1;
				return false;
			}
			for (int c = 0; c < cx->table->ncols; c++, n++) {
				t[n].name = cx->table->cols[c].name;
				t[n].expr = expr_column(cx->a, c, cx->table->cols[c].type);
				t[n].table_column = c + 1;
			}
			continue;
		}
		t[n].expr = bind_expr(cx, val);
		if (t[n].expr == NULL)
			return false;
		if (expr_is_numeric_literal(t[n].expr))
			return numeric_unsupported(cx, t[n].expr->location - 1);
		if (t[n].expr->type == TYPE_UNKNOWN &&
			(t[n].expr = bind_coerce(cx, t[n].expr, TYPE_TEXT, -1)) == NULL)
			return false;
		t[n].name = rt->name && rt->name[0] ? rt->name : figure_colname(val);
		t[n].table_column = t[n].expr->kind == QUARRY__EXPR_KIND__EXPR_COLUMN ?
			t[n].expr->column + 1 : 0;
		n++;
	}
	*out = t;
	*nout = n;
	return true;
}

/*
 * agg_rewrite turns an expression over the input into one over the
 * Aggregate's output, or fails with 42803 on an ungrouped column.
 */
static Quarry__Expr *
agg_rewrite(BindCtx *cx, Quarry__Expr *e, Quarry__Expr **groups, int ngroups)
{
	for (int g = 0; g < ngroups; g++)
		if (expr_equal(e, groups[g]))
			return expr_column(cx->a, g, (TypeId) e->type);
	if (e->kind == EXPR_AGGREF)
		return expr_column(cx->a, ngroups + e->column, (TypeId) e->type);
	if (e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		err_set(cx->err, ERRCODE_GROUPING_ERROR,
				"column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function",
				cx->alias, cx->table->cols[e->column].name);
		cx->err->position = e->location;
		return NULL;
	}
	for (size_t i = 0; i < e->n_args; i++)
		if ((e->args[i] = agg_rewrite(cx, e->args[i], groups, ngroups)) == NULL)
			return NULL;
	return e;
}

/* group_expr binds a GROUP BY item: a select-list position, name, or expression. */
static Quarry__Expr *
group_expr(BindCtx *cx, const PgQuery__Node *node, Target *targets, int ntargets)
{
	if (node->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		int			pos = node->a_const->ival->ival;

		if (pos < 1 || pos > ntargets) {
			err_set(cx->err, ERRCODE_INVALID_COLUMN_REF, "GROUP BY position %d is not in select list", pos);
			cx->err->position = node->a_const->location + 1;
			return NULL;
		}
		return targets[pos - 1].expr;
	}
	return bind_expr(cx, node);
}

static Quarry__PlanNode *
bind_aggregate(BindCtx *cx, const PgQuery__SelectStmt *s, Quarry__PlanNode *input,
			   Target *targets, int ntargets, Quarry__Expr **having)
{
	int			ng = (int) s->n_group_clause;
	Quarry__Expr **groups = arena_array(cx->a, Quarry__Expr *, ng > 0 ? ng : 1);
	Quarry__PlanNode *n;

	cx->aggs_allowed = false;
	for (int g = 0; g < ng; g++)
		if ((groups[g] = group_expr(cx, s->group_clause[g], targets, ntargets)) == NULL)
			return NULL;
	for (int g = 0; g < ng; g++)
		if (expr_has_aggref(groups[g])) {
			err_set(cx->err, ERRCODE_GROUPING_ERROR, "aggregate functions are not allowed in GROUP BY");
			return NULL;
		}
	cx->grouped = true;
	n = node_new(cx->a, ng + cx->naggs);
	n->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	n->aggregate = arena_new(cx->a, Quarry__Aggregate);
	quarry__aggregate__init(n->aggregate);
	n->aggregate->input = input;
	n->aggregate->n_group_by = ng;
	n->aggregate->group_by = groups;
	n->aggregate->n_aggs = cx->naggs;
	n->aggregate->aggs = cx->aggs;
	for (int g = 0; g < ng; g++)
		n->output_types[g] = groups[g]->type;
	for (int i = 0; i < cx->naggs; i++)
		n->output_types[ng + i] = cx->aggs[i]->type;
	for (int i = 0; i < ntargets; i++) {
		targets[i].expr = agg_rewrite(cx, targets[i].expr, groups, ng);
		if (targets[i].expr == NULL)
			return NULL;
		targets[i].table_column = 0;
	}
	if (*having != NULL && (*having = agg_rewrite(cx, *having, groups, ng)) == NULL)
		return NULL;
	return n;
}

/*
 * sort_target finds an ORDER BY item among the targets (a position, an
 * output name, or an equal expression) or appends it as a hidden target.
 */
static int
sort_target(BindCtx *cx, const PgQuery__Node *node, Target *targets, int nvisible, int *ntargets)
{
	Quarry__Expr *e;

	if (node->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		int			pos = node->a_const->ival->ival;

		if (pos < 1 || pos > nvisible) {
			err_set(cx->err, ERRCODE_INVALID_COLUMN_REF, "ORDER BY position %d is not in select list", pos);
			cx->err->position = node->a_const->location + 1;
			return -1;
		}
		return pos - 1;
	}
	if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
		node->column_ref->n_fields == 1 &&
		node->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
		const char *name = node->column_ref->fields[0]->string->sval;

		for (int i = 0; i < nvisible; i++)
			if (strcmp(targets[i].name, name) == 0)
				return i;
	}
	if ((e = bind_expr(cx, node)) == NULL)
		return -1;
	if (expr_is_numeric_literal(e))
	{
		numeric_unsupported(cx, e->location - 1);
		return -1;
	}
	if (e->type == TYPE_UNKNOWN && (e = bind_coerce(cx, e, TYPE_TEXT, -1)) == NULL)
		return -1;
	for (int i = 0; i < *ntargets; i++)
		if (expr_equal(targets[i].expr, e))
			return i;
	targets[*ntargets].name = "?sort?";
	targets[*ntargets].expr = e;
	targets[*ntargets].table_column = 0;
	return (*ntargets)++;
}

/* bind_sort_keys resolves ORDER BY into keys over the (extended) targets. */
static Quarry__SortKey **
bind_sort_keys(BindCtx *cx, const PgQuery__SelectStmt *s, Target *targets, int nvisible,
			   int *ntargets)
{
	int			nkeys = (int) s->n_sort_clause;
	Quarry__SortKey **keys = arena_array(cx->a, Quarry__SortKey *, nkeys + 1);

	for (int k = 0; k < nkeys; k++) {
		const PgQuery__SortBy *sb = s->sort_clause[k]->sort_by;
		int			ti;

		if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "ORDER BY USING is not supported yet");
			return NULL;
		}
		if ((ti = sort_target(cx, sb->node, targets, nvisible, ntargets)) < 0)
			return NULL;
		keys[k] = arena_new(cx->a, Quarry__SortKey);
		quarry__sort_key__init(keys[k]);
		keys[k]->column = ti;
		keys[k]->descending = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		keys[k]->nulls_first = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
			(sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && keys[k]->descending);
	}
	return keys;
}

static int64_t
limit_value(BindCtx *cx, const PgQuery__Node *node, const char *what, bool *ok)
{
	Quarry__Expr *e = bind_expr(cx, node);
	Value		v;

	*ok = false;
	if (e == NULL)
		return 0;
	if (!expr_const_value(e, &v) || !type_is_integer(v.type)) {
		if (expr_const_value(e, &v) && v.is_null) {
			*ok = true;
			return -1;
		}
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "%s must be an integer constant", what);
		return 0;
	}
	if (v.u.i < 0) {
		err_set(cx->err, "2201W", "%s must not be negative", what);
		return 0;
	}
	*ok = true;
	return v.u.i;
}

static bool
unsupported_clauses(BindCtx *cx, const PgQuery__SelectStmt *s)
{
	if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "UNION, INTERSECT and EXCEPT are not supported yet");
	if (s->n_values_lists > 0)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "VALUES lists are not supported yet");
	if (s->with_clause != NULL)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "WITH is not supported yet");
	if (s->n_distinct_clause > 0)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "SELECT DISTINCT is not supported yet");
	if (s->into_clause != NULL)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "SELECT INTO is not supported yet");
	if (s->n_window_clause > 0 || s->n_locking_clause > 0)
		return err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "WINDOW and FOR UPDATE are not supported yet");
	return true;
}

/*
 * bind_order_limit projects every target (hidden sort keys too), sorts,
 * limits, and drops the hidden targets again.
 */
static Quarry__PlanNode *
bind_order_limit(BindCtx *cx, const PgQuery__SelectStmt *s, Quarry__PlanNode *input,
				 Target *targets, int nvisible, int ntargets, Quarry__SortKey **keys)
{
	int			nkeys = (int) s->n_sort_clause;
	Quarry__Expr **exprs = arena_array(cx->a, Quarry__Expr *, ntargets + 1);
	Quarry__PlanNode *n;

	for (int i = 0; i < ntargets; i++)
		exprs[i] = targets[i].expr;
	n = add_project(cx, input, exprs, ntargets);
	if (nkeys > 0) {
		Quarry__PlanNode *sort = node_new(cx->a, ntargets);

		memcpy(sort->output_types, n->output_types, sizeof(int32_t) * ntargets);
		sort->node_case = QUARRY__PLAN_NODE__NODE_SORT;
		sort->sort = arena_new(cx->a, Quarry__Sort);
		quarry__sort__init(sort->sort);
		sort->sort->input = n;
		sort->sort->n_keys = nkeys;
		sort->sort->keys = keys;
		n = sort;
	}
	if (s->limit_count != NULL || s->limit_offset != NULL) {
		Quarry__PlanNode *lim = node_new(cx->a, ntargets);
		bool		ok = true;

		memcpy(lim->output_types, n->output_types, sizeof(int32_t) * ntargets);
		lim->node_case = QUARRY__PLAN_NODE__NODE_LIMIT;
		lim->limit = arena_new(cx->a, Quarry__Limit);
		quarry__limit__init(lim->limit);
		lim->limit->input = n;
		lim->limit->count = s->limit_count ? limit_value(cx, s->limit_count, "LIMIT", &ok) : -1;
		if (ok && s->limit_offset)
			lim->limit->offset = limit_value(cx, s->limit_offset, "OFFSET", &ok);
		if (!ok)
			return NULL;
		if (lim->limit->offset < 0)
			lim->limit->offset = 0;
		n = lim;
	}
	if (ntargets > nvisible) {
		Quarry__Expr **cols = arena_array(cx->a, Quarry__Expr *, nvisible + 1);

		for (int i = 0; i < nvisible; i++)
			cols[i] = expr_column(cx->a, i, (TypeId) n->output_types[i]);
		n = add_project(cx, n, cols, nvisible);
	}
	return n;
}

/* bind_select binds a SELECT into a plan and its output columns. */
bool
bind_select(Arena *a, const Catalog *cat, const PgQuery__SelectStmt *s,
			BoundSelect *out, Err *err)
{
	BindCtx		cx = {.a = a, .cat = cat, .err = err};
	Quarry__PlanNode *n;
	Target	   *targets = NULL;
	int			ntargets = 0;
	int			nvisible;
	Quarry__Expr *having = NULL;
	Quarry__SortKey **keys;

	if (!unsupported_clauses(&cx, s) || (n = bind_from(&cx, s)) == NULL)
		return false;
	if (s->where_clause != NULL) {
		Quarry__Expr *pred = bind_expr(&cx, s->where_clause);

		if (pred == NULL ||
			(n = add_filter(&cx, n, pred, "WHERE", node_location(s->where_clause))) == NULL)
			return false;
	}
	cx.aggs_allowed = true;
	if (!bind_targets(&cx, s, &targets, &ntargets))
		return false;
	nvisible = ntargets;
	if ((keys = bind_sort_keys(&cx, s, targets, nvisible, &ntargets)) == NULL)
		return false;
	if (s->having_clause != NULL && (having = bind_expr(&cx, s->having_clause)) == NULL)
		return false;
	if (cx.naggs > 0 || s->n_group_clause > 0 || having != NULL) {
		if ((n = bind_aggregate(&cx, s, n, targets, ntargets, &having)) == NULL)
			return false;
		if (having != NULL &&
			(n = add_filter(&cx, n, having, "HAVING", node_location(s->having_clause))) == NULL)
			return false;
	}
	cx.aggs_allowed = false;
	if ((n = bind_order_limit(&cx, s, n, targets, nvisible, ntargets, keys)) == NULL)
		return false;
	out->root = n;
	out->ncols = nvisible;
	out->cols = arena_array(a, OutCol, nvisible > 0 ? nvisible : 1);
	for (int i = 0; i < nvisible; i++) {
		OutCol	   *c = &out->cols[i];

		c->name = targets[i].name;
		c->type = (TypeId) n->output_types[i];
		c->typmod = -1;
		if (targets[i].table_column > 0 && cx.table != NULL) {
			c->table_oid = cx.table->oid;
			c->column = (int16_t) targets[i].table_column;
			c->typmod = cx.table->cols[targets[i].table_column - 1].typmod;
		}
	}
	return true;
}
