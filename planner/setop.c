/*
 * setop.c
 *	  UNION [ALL], INTERSECT and EXCEPT.
 *
 *	  Both branches are planned on their own and cast to common column
 *	  types.  UNION ALL appends them; UNION also groups by every column.
 *	  INTERSECT and EXCEPT tag each row with its side (0 or 1), append,
 *	  group by every column counting rows and summing tags, and keep the
 *	  groups seen on both sides (INTERSECT) or only on the left (EXCEPT);
 *	  the ALL forms repeat each group as often as PostgreSQL does.
 *	  Grouping treats NULLs as equal, as set operations do.  VALUES lists
 *	  are planned here too (values_plan).
 */
#include "planner/bind_int.h"

#include <string.h>

static Rel *
branch(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	BindCtx    *sub = bind_child(cx, true);

	sub->level = cx->level;
	return select_plan(sub, s, st);
}

/* cast_branch projects r's first n columns to types, plus a tag column if tag >= 0. */
static Rel *
cast_branch(BindCtx *cx, Rel *r, const TypeId *types, int n, int tag)
{
	int			nout = n + (tag >= 0);
	Quarry__Expr **exprs = arena_array(cx->a, Quarry__Expr *, nout + 1);
	int		   *ids = arena_array(cx->a, int, nout + 1);

	for (int i = 0; i < n; i++) {
		Quarry__Expr *col = expr_column(cx->a, r->ids[i], (TypeId) r->plan->output_types[i]);

		if ((exprs[i] = bind_coerce(cx, col, types[i], -1)) == NULL)
			return NULL;
		ids[i] = colinfo_new(cx, "?column?", types[i], -1);
	}
	if (tag >= 0) {
		Value		v = {.type = TYPE_INT4, .u.i = tag};

		exprs[n] = expr_const(cx->a, &v);
		ids[n] = colinfo_new(cx, "?tag?", TYPE_INT4, -1);
	}
	return rel_project(cx, r, exprs, nout, ids);
}

static Rel *
append(BindCtx *cx, Rel *l, Rel *r)
{
	Quarry__PlanNode *n = plan_node_new(cx->a, (int) l->plan->n_output_types);
	Quarry__Append *ap = arena_new(cx->a, Quarry__Append);

	memcpy(n->output_types, l->plan->output_types, sizeof(int32_t) * l->plan->n_output_types);
	quarry__append__init(ap);
	ap->n_inputs = 2;
	ap->inputs = arena_array(cx->a, Quarry__PlanNode *, 2);
	ap->inputs[0] = l->plan;
	ap->inputs[1] = r->plan;
	n->node_case = QUARRY__PLAN_NODE__NODE_APPEND;
	n->append = ap;
	return rel_from_plan(cx, n, l->ids, l->nids, l->rows + r->rows);
}

static Quarry__AggCall *
agg_call(BindCtx *cx, Quarry__AggFunc f, Quarry__Expr *arg)
{
	Quarry__AggCall *c = arena_new(cx->a, Quarry__AggCall);

	quarry__agg_call__init(c);
	c->func = f;
	c->arg = arg;
	c->type = TYPE_INT8;
	return c;
}

static Quarry__Expr *
op2(BindCtx *cx, Quarry__ExprOp op, TypeId type, Quarry__Expr *a, Quarry__Expr *b)
{
	Quarry__Expr *e = arena_new(cx->a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_OP;
	e->op = op;
	e->type = type;
	e->n_args = 2;
	e->args = arena_array(cx->a, Quarry__Expr *, 2);
	e->args[0] = a;
	e->args[1] = b;
	return e;
}

/*
 * count_sides groups the tagged rows by their n columns, keeping groups
 * that appear on both sides (intersect) or on the left only (except).
 * With all (INTERSECT ALL, EXCEPT ALL), a group is kept while the left
 * side has more rows than the right (except), and each kept group comes
 * out min(left, right) or left - right times, by a Series over it.
 */
static Rel *
count_sides(BindCtx *cx, Rel *r, int n, bool intersect, bool all)
{
	Quarry__PlanNode *a = plan_node_new(cx->a, n + 2);
	Quarry__Aggregate *agg = arena_new(cx->a, Quarry__Aggregate);
	Quarry__Expr *zero;
	Quarry__Expr *cnt;
	Quarry__Expr *tags;
	Quarry__Expr *keep;
	Quarry__Expr *pred;
	Quarry__PlanNode *f;
	Value		v0 = {.type = TYPE_INT8, .u.i = 0};

	quarry__aggregate__init(agg);
	agg->input = r->plan;
	agg->n_group_by = n;
	agg->group_by = arena_array(cx->a, Quarry__Expr *, n + 1);
	for (int i = 0; i < n; i++) {
		agg->group_by[i] = expr_column(cx->a, i, (TypeId) r->plan->output_types[i]);
		a->output_types[i] = r->plan->output_types[i];
	}
	agg->n_aggs = 2;
	agg->aggs = arena_array(cx->a, Quarry__AggCall *, 2);
	agg->aggs[0] = agg_call(cx, QUARRY__AGG_FUNC__AGG_COUNT_STAR, NULL);
	agg->aggs[1] = agg_call(cx, QUARRY__AGG_FUNC__AGG_SUM, expr_column(cx->a, n, TYPE_INT4));
	a->output_types[n] = a->output_types[n + 1] = TYPE_INT8;
	a->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	a->aggregate = agg;
	zero = expr_const(cx->a, &v0);
	cnt = expr_column(cx->a, n, TYPE_INT8);
	tags = expr_column(cx->a, n + 1, TYPE_INT8);
	if (intersect) {
		/* tags > 0 AND count - tags > 0 */
		keep = op2(cx, QUARRY__EXPR_OP__OP_GT, TYPE_BOOL, tags, zero);
		pred = op2(cx, QUARRY__EXPR_OP__OP_GT, TYPE_BOOL,
				   op2(cx, QUARRY__EXPR_OP__OP_SUB, TYPE_INT8, cnt, tags), zero);
		keep = op2(cx, QUARRY__EXPR_OP__OP_NONE, TYPE_BOOL, keep, pred);
		keep->kind = QUARRY__EXPR_KIND__EXPR_AND;
	} else if (all)			/* count - tags > tags */
		keep = op2(cx, QUARRY__EXPR_OP__OP_GT, TYPE_BOOL,
				   op2(cx, QUARRY__EXPR_OP__OP_SUB, TYPE_INT8, cnt, tags), tags);
	else
		keep = op2(cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, tags, zero);
	f = plan_node_new(cx->a, n + 2);
	memcpy(f->output_types, a->output_types, sizeof(int32_t) * (n + 2));
	f->node_case = QUARRY__PLAN_NODE__NODE_FILTER;
	f->filter = arena_new(cx->a, Quarry__Filter);
	quarry__filter__init(f->filter);
	f->filter->input = a;
	f->filter->predicate = keep;
	{
		int		   *ids = arena_array(cx->a, int, n + 2);

		Rel		   *kept;
		Quarry__Expr *left;
		Quarry__Expr *times;
		Quarry__Expr *args[3];
		Value		v1 = {.type = TYPE_INT8, .u.i = 1};

		memcpy(ids, r->ids, sizeof(int) * n);
		ids[n] = colinfo_new(cx, "?count?", TYPE_INT8, -1);
		ids[n + 1] = colinfo_new(cx, "?tags?", TYPE_INT8, -1);
		kept = rel_from_plan(cx, f, ids, n + 2, r->rows / 2 + 1);
		if (!all)
			return kept;
		/* left rows: count - tags; right rows: tags */
		cnt = expr_column(cx->a, ids[n], TYPE_INT8);
		tags = expr_column(cx->a, ids[n + 1], TYPE_INT8);
		left = op2(cx, QUARRY__EXPR_OP__OP_SUB, TYPE_INT8, cnt, tags);
		if (intersect) {
			times = op2(cx, QUARRY__EXPR_OP__OP_NONE, TYPE_INT8, NULL, NULL);
			times->kind = QUARRY__EXPR_KIND__EXPR_CASE;
			times->n_args = 3;
			times->args = arena_array(cx->a, Quarry__Expr *, 3);
			times->args[0] = op2(cx, QUARRY__EXPR_OP__OP_LT, TYPE_BOOL, left, tags);
			times->args[1] = left;
			times->args[2] = tags;
		} else
			times = op2(cx, QUARRY__EXPR_OP__OP_SUB, TYPE_INT8, left, tags);
		args[0] = expr_const(cx->a, &v1);
		args[1] = times;
		args[2] = NULL;
		return rel_series(cx, kept, args, TYPE_INT8, colinfo_new(cx, "?copy?", TYPE_INT8, -1));
	}
}

static bool
check_branches(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *ls, SelectState *rs,
			   Rel *l, Rel *r, TypeId *types)
{
	const char *what = s->op == PG_QUERY__SET_OPERATION__SETOP_UNION ? "UNION" :
		s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";

	if (ls->nvisible != rs->nvisible) {
		const PgQuery__SelectStmt *right = s->rarg;

		while (right->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
			right = right->larg;
		err_set(cx->err, ERRCODE_SYNTAX_ERROR, "each %s query must have the same number of columns", what);
		if (right->n_target_list > 0)
			cx->err->position = right->target_list[0]->res_target->location + 1;
		return false;
	}
	for (int i = 0; i < ls->nvisible; i++) {
		Quarry__Expr *pair[2] = {
			expr_column(cx->a, l->ids[i], (TypeId) l->plan->output_types[i]),
			expr_column(cx->a, r->ids[i], (TypeId) r->plan->output_types[i]),
		};

		TypeId		lt = (TypeId) pair[0]->type;
		TypeId		rt = (TypeId) pair[1]->type;

		/* real with an integer or numeric is real (select_common_type), not float8 */
		if ((lt == TYPE_FLOAT4 || rt == TYPE_FLOAT4) && type_is_numeric(lt) &&
			type_is_numeric(rt) && lt != TYPE_FLOAT8 && rt != TYPE_FLOAT8) {
			if ((pair[0] = bind_coerce(cx, pair[0], TYPE_FLOAT4, -1)) == NULL ||
				(pair[1] = bind_coerce(cx, pair[1], TYPE_FLOAT4, -1)) == NULL)
				return false;
		}
		if (!bind_common_pair(cx, pair, -1)) {
			err_clear(cx->err);
			return err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "%s types %s and %s cannot be matched",
						   what, type_info((TypeId) pair[0]->type)->name,
						   type_info((TypeId) pair[1]->type)->name);
		}
		types[i] = (TypeId) pair[0]->type;
	}
	return true;
}

/* leftmost_location is where an expression starts, as PostgreSQL's exprLocation. */
static int
leftmost_location(const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_A_EXPR && n->a_expr->lexpr != NULL)
		return leftmost_location(n->a_expr->lexpr);
	return node_location(n);
}

/* setop_order applies ORDER BY and LIMIT, which may name only result columns. */
static Rel *
setop_order(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st, Rel *r)
{
	for (size_t k = 0; k < s->n_sort_clause; k++) {
		const PgQuery__Node *n = s->sort_clause[k]->sort_by->node;

		if ((n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			 n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) ||
			(n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1))
			continue;
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
		err_detail(cx->err, "Only result column names can be used, not expressions or functions.");
		err_hint(cx->err, "Add the expression/function to every SELECT, or move the UNION into a FROM clause.");
		cx->err->position = leftmost_location(n) + 1;
		return NULL;
	}
	if (!select_bind_order(cx, s, st))
		return NULL;
	return select_sort_limit(cx, st, r);
}

/* setop_plan plans a UNION, INTERSECT or EXCEPT with its ORDER BY and LIMIT. */
Rel *
setop_plan(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	SelectState ls;
	SelectState rs;
	Rel		   *l;
	Rel		   *r;
	TypeId	   *types;
	int			n;
	bool		tagged = s->op != PG_QUERY__SET_OPERATION__SETOP_UNION;

	memset(st, 0, sizeof(*st));
	st->s = s;
	if ((l = branch(cx, s->larg, &ls)) == NULL || (r = branch(cx, s->rarg, &rs)) == NULL)
		return NULL;
	n = ls.nvisible;
	types = arena_array(cx->a, TypeId, n + 1);
	if (!check_branches(cx, s, &ls, &rs, l, r, types) ||
		(l = cast_branch(cx, l, types, n, tagged ? 0 : -1)) == NULL ||
		(r = cast_branch(cx, r, types, n, tagged ? 1 : -1)) == NULL)
		return NULL;
	r = append(cx, l, r);
	if (tagged)
		r = count_sides(cx, r, n, s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT, s->all);
	else if (!s->all)
		r = select_distinct(cx, r, n);
	st->targets = arena_array(cx->a, Target, n + (int) s->n_sort_clause + 1);
	for (int i = 0; i < n; i++) {
		ColInfo    *ci = colinfo(cx, r->ids[i]);

		ci->name = ls.targets[i].name;
		st->targets[i].name = ls.targets[i].name;
		st->targets[i].expr = expr_column(cx->a, r->ids[i], types[i]);
		st->targets[i].origin = -1;
		st->targets[i].typmod = -1;
	}
	st->nvisible = st->ntargets = n;
	if (tagged) {
		Quarry__Expr **cols = arena_array(cx->a, Quarry__Expr *, n + 1);

		for (int i = 0; i < n; i++)
			cols[i] = st->targets[i].expr;
		r = rel_project(cx, r, cols, n, r->ids);
	}
	return r == NULL ? NULL : setop_order(cx, s, st, r);
}

/* ---- VALUES (...), (...) as a query ---- */

/* values_row_rel: one VALUES row of exprs as Project(OneRow). */
static Rel *
values_row_rel(BindCtx *cx, Quarry__Expr **exprs, int n, int *ids)
{
	Quarry__PlanNode *one = plan_node_new(cx->a, 0);
	Rel		   *r;

	one->node_case = QUARRY__PLAN_NODE__NODE_ONE_ROW;
	one->one_row = arena_new(cx->a, Quarry__OneRow);
	quarry__one_row__init(one->one_row);
	r = rel_from_plan(cx, one, NULL, 0, 1);
	return rel_project(cx, r, exprs, n, ids);
}

/*
 * values_plan plans VALUES (...), (...): columns column1 .. columnN of the
 * common type of each column's values (PostgreSQL's UNION rules, untyped
 * literals text when nothing else decides).  Rows of constants become a
 * Values node; other rows are appended, two by two.
 */
Rel *
values_plan(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st)
{
	int			nrows = (int) s->n_values_lists;
	int			ncols;
	Quarry__Expr ***cells = arena_array(cx->a, Quarry__Expr **, nrows + 1);
	TypeId	   *types;
	int		   *ids;
	bool		constant = true;
	Rel		  **rels;

	memset(st, 0, sizeof(*st));
	st->s = s;
	if (s->n_sort_clause > 0 || s->limit_count != NULL || s->limit_offset != NULL ||
		s->with_clause != NULL) {
		err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"ORDER BY, LIMIT and WITH on VALUES are not supported yet");
		return NULL;
	}
	ncols = (int) s->values_lists[0]->list->n_items;
	types = arena_array(cx->a, TypeId, ncols + 1);
	for (int r = 0; r < nrows; r++) {
		const PgQuery__List *row = s->values_lists[r]->list;

		if ((int) row->n_items != ncols) {
			err_set(cx->err, ERRCODE_SYNTAX_ERROR, "VALUES lists must all be the same length");
			cx->err->position = node_location(row->items[0]) + 1;
			return NULL;
		}
		cells[r] = arena_array(cx->a, Quarry__Expr *, ncols + 1);
		for (int c = 0; c < ncols; c++) {
			Quarry__Expr *e = bind_expr(cx, row->items[c]);

			if (e == NULL)
				return NULL;
			cells[r][c] = e;
			if (e->type == TYPE_UNKNOWN)
				continue;
			if (types[c] == TYPE_UNKNOWN || types[c] == 0)
				types[c] = (TypeId) e->type;
			else if ((types[c] = bind_common_type(types[c], (TypeId) e->type)) == TYPE_UNKNOWN) {
				err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "VALUES types %s and %s cannot be matched",
						type_info((TypeId) cells[0][c]->type)->name, type_info((TypeId) e->type)->name);
				cx->err->position = node_location(row->items[c]) + 1;
				return NULL;
			}
		}
	}
	ids = arena_array(cx->a, int, ncols + 1);
	st->targets = arena_array(cx->a, Target, ncols + 1);
	st->ntargets = st->nvisible = ncols;
	for (int c = 0; c < ncols; c++) {
		if (types[c] == TYPE_UNKNOWN || types[c] == 0)
			types[c] = TYPE_TEXT;
		for (int r = 0; r < nrows; r++) {
			cells[r][c] = bind_coerce(cx, cells[r][c], types[c],
									  node_location(s->values_lists[r]->list->items[c]));
			if (cells[r][c] == NULL)
				return NULL;
			constant &= cells[r][c]->kind == QUARRY__EXPR_KIND__EXPR_CONST;
		}
		st->targets[c].name = arena_printf(cx->a, "column%d", c + 1);
		st->targets[c].origin = -1;
		st->targets[c].typmod = -1;
		ids[c] = colinfo_new(cx, st->targets[c].name, types[c], -1);
		st->targets[c].expr = expr_column(cx->a, ids[c], types[c]);
	}
	if (constant) {
		Quarry__PlanNode *n = plan_node_new(cx->a, ncols);

		for (int c = 0; c < ncols; c++)
			n->output_types[c] = types[c];
		n->node_case = QUARRY__PLAN_NODE__NODE_VALUES;
		n->values = arena_new(cx->a, Quarry__Values);
		quarry__values__init(n->values);
		n->values->n_rows = (size_t) nrows;
		n->values->rows = arena_array(cx->a, Quarry__ValuesRow *, nrows + 1);
		for (int r = 0; r < nrows; r++) {
			Quarry__ValuesRow *row = arena_new(cx->a, Quarry__ValuesRow);

			quarry__values_row__init(row);
			row->n_values = (size_t) ncols;
			row->values = arena_array(cx->a, Quarry__Datum *, ncols + 1);
			for (int c = 0; c < ncols; c++)
				row->values[c] = cells[r][c]->value;
			n->values->rows[r] = row;
		}
		n->est_rows = nrows;
		return rel_from_plan(cx, n, ids, ncols, nrows);
	}
	rels = arena_array(cx->a, Rel *, nrows + 1);
	for (int r = 0; r < nrows; r++)
		if ((rels[r] = values_row_rel(cx, cells[r], ncols, ids)) == NULL)
			return NULL;
	for (int n = nrows; n > 1; n = (n + 1) / 2) {
		for (int i = 0; i < n / 2; i++)
			rels[i] = append(cx, rels[2 * i], rels[2 * i + 1]);
		if (n % 2 == 1)
			rels[n / 2] = rels[n - 1];
	}
	return rels[0];
}
