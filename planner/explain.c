/*
 * explain.c
 *	  Printing plans.  Columns show as #n, the position in the node's input
 *	  (for a join's keys, in its probe or build input; for its residual, the
 *	  probe's columns then the build's).  Until plans are cut into stages,
 *	  the whole plan is stage 0, one task.
 */
#include "planner/explain.h"


#include <stdio.h>
#include <string.h>

#include "common/types.h"
#include "common/planwalk.h"
#include "wire/buf.h"

typedef struct Lines {
	Arena	   *a;
	const char **v;
	int			n;
	int			cap;
} Lines;

static void
add_line(Lines *l, const char *s)
{
	if (l->n + 1 >= l->cap) {
		int			cap = l->cap ? l->cap * 2 : 32;
		const char **grown = arena_array(l->a, const char *, cap);

		if (l->n > 0)
			memcpy(grown, l->v, sizeof(char *) * l->n);
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = arena_strdup(l->a, s);
	l->v[l->n] = NULL;
}

static const char *
op_name(Quarry__ExprOp op)
{
	static const char *const names[] = {
		"?", "=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "-", "||"
	};

	return (size_t) op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

static void expr_text(Buf *b, const Quarry__Expr *e);

static void
args_text(Buf *b, const Quarry__Expr *e, const char *sep)
{
	for (size_t i = 0; i < e->n_args; i++) {
		if (i > 0)
			buf_put(b, sep, strlen(sep));
		expr_text(b, e->args[i]);
	}
}

static void
put(Buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void
const_text(Buf *b, const Quarry__Expr *e)
{
	char		tmp[64];
	const Quarry__Datum *d = e->value;

	if (d == NULL || d->is_null) {
		put(b, "NULL");
		return;
	}
	switch (d->value_case) {
		case QUARRY__DATUM__VALUE_B:
			put(b, d->b ? "true" : "false");
			return;
		case QUARRY__DATUM__VALUE_I:
			snprintf(tmp, sizeof(tmp), "%lld", (long long) d->i);
			break;
		case QUARRY__DATUM__VALUE_F:
			snprintf(tmp, sizeof(tmp), "%g", d->f);
			break;
		case QUARRY__DATUM__VALUE_S:
			if (type_info((TypeId) e->type)->phys == PHYS_STR || e->type == TYPE_UNKNOWN) {
				put(b, "'");
				buf_put(b, d->s.data, d->s.len);
				put(b, "'");
				return;
			}
			snprintf(tmp, sizeof(tmp), "<%s>", type_info((TypeId) e->type)->name);
			break;
		default:
			snprintf(tmp, sizeof(tmp), "?");
			break;
	}
	put(b, tmp);
}

static void
expr_text(Buf *b, const Quarry__Expr *e)
{
	char		tmp[64];

	switch (e->kind) {
		case QUARRY__EXPR_KIND__EXPR_CONST:
			const_text(b, e);
			return;
		case QUARRY__EXPR_KIND__EXPR_COLUMN:
			snprintf(tmp, sizeof(tmp), "#%d", e->column);
			put(b, tmp);
			return;
		case QUARRY__EXPR_KIND__EXPR_PARAM:
			snprintf(tmp, sizeof(tmp), "$%d", e->column);
			put(b, tmp);
			return;
		case QUARRY__EXPR_KIND__EXPR_OP:
			put(b, "(");
			if (e->n_args == 1) {
				put(b, op_name(e->op));
				expr_text(b, e->args[0]);
			} else {
				expr_text(b, e->args[0]);
				put(b, " ");
				put(b, op_name(e->op));
				put(b, " ");
				expr_text(b, e->args[1]);
			}
			put(b, ")");
			return;
		case QUARRY__EXPR_KIND__EXPR_AND:
		case QUARRY__EXPR_KIND__EXPR_OR:
			put(b, "(");
			args_text(b, e, e->kind == QUARRY__EXPR_KIND__EXPR_AND ? " AND " : " OR ");
			put(b, ")");
			return;
		case QUARRY__EXPR_KIND__EXPR_NOT:
			put(b, "NOT ");
			expr_text(b, e->args[0]);
			return;
		case QUARRY__EXPR_KIND__EXPR_IS_NULL:
		case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
			expr_text(b, e->args[0]);
			put(b, e->kind == QUARRY__EXPR_KIND__EXPR_IS_NULL ? " IS NULL" : " IS NOT NULL");
			return;
		case QUARRY__EXPR_KIND__EXPR_CAST:
			expr_text(b, e->args[0]);
			put(b, "::");
			put(b, type_info((TypeId) e->type)->name);
			return;
		default:
			snprintf(tmp, sizeof(tmp), "expr%d(", (int) e->kind);
			put(b, tmp);
			args_text(b, e, ", ");
			put(b, ")");
			return;
	}
}

static void
line(Lines *l, int depth, const char *head, const Quarry__Expr *const *exprs, size_t n,
	 const char *label)
{
	Buf			b;

	buf_init(&b);
	for (int i = 0; i < depth * 2; i++)
		put(&b, "  ");
	if (depth > 0)
		put(&b, "->  ");
	put(&b, head);
	if (n > 0) {
		put(&b, "  (");
		put(&b, label);
		put(&b, ": ");
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				put(&b, ", ");
			expr_text(&b, exprs[i]);
		}
		put(&b, ")");
	}
	buf_put_u8(&b, 0);
	add_line(l, (const char *) b.data);
	buf_free(&b);
}

static const char *
join_name(Quarry__JoinType t)
{
	static const char *const names[] = {"Inner", "Left", "Semi", "Anti", "Full", "Right Semi", "Right Anti"};

	return (size_t) t < 7 ? names[t] : "?";
}

/*
 * NodeRows: EXPLAIN ANALYZE's rows of each node of a stage, numbered in
 * pre-order with a join's probe before its build (exec_plan_children).
 */
typedef struct NodeRows {
	const Quarry__PlanNode **nodes;
	const int64_t *rows;
	const int64_t *time_us;		/* NULL: not known */
	int			n;
} NodeRows;

static NodeRows *cur_rows;		/* the stage being printed; NULL: plain EXPLAIN */

static void
number_nodes(Arena *a, const Quarry__PlanNode *n, NodeRows *nr, int *at)
{
	const Quarry__PlanNode *kids[PLAN_MAX_CHILDREN];
	int			k;

	if (n == NULL || *at >= nr->n)
		return;
	nr->nodes[(*at)++] = n;
	k = plan_children(n, kids, PLAN_MAX_CHILDREN);
	for (int i = 0; i < k; i++)
		number_nodes(a, kids[i], nr, at);
}

static void node_lines(Lines *l, const Quarry__PlanNode *n, int depth);

static const char *
window_func_name(const Quarry__WindowFunc *fn)
{
	static const char *const names[] = {"row_number", "rank", "dense_rank", "percent_rank",
		"cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value"};
	static const char *const aggs[] = {"count(*)", "count", "sum", "min", "max", "avg"};

	if (fn->kind == QUARRY__WINDOW_FUNC_KIND__WIN_AGGREGATE)
		return (size_t) fn->agg < sizeof(aggs) / sizeof(aggs[0]) ? aggs[fn->agg] : "?";
	return (size_t) fn->kind < sizeof(names) / sizeof(names[0]) ? names[fn->kind] : "?";
}

/* window_lines: "Window  (partition by $0; order by $1 desc; rank, sum rows)". */
static void
window_lines(Lines *l, const Quarry__Window *w, int depth)
{
	Buf			b;
	char		part[64];

	buf_init(&b);
	put(&b, "Window  (");
	for (size_t k = 0; k < w->n_partition_by; k++) {
		snprintf(part, sizeof(part), "%s$%d", k == 0 ? "partition by " : ", ", w->partition_by[k]);
		put(&b, part);
	}
	for (size_t k = 0; k < w->n_order_by; k++) {
		snprintf(part, sizeof(part), "%s$%d%s",
				 k > 0 ? ", " : w->n_partition_by > 0 ? "; order by " : "order by ",
				 w->order_by[k]->column, w->order_by[k]->descending ? " desc" : "");
		put(&b, part);
	}
	if (w->n_partition_by + w->n_order_by > 0)
		put(&b, "; ");
	for (size_t f = 0; f < w->n_funcs; f++) {
		if (f > 0)
			put(&b, ", ");
		put(&b, window_func_name(w->funcs[f]));
		if (w->funcs[f]->rows)
			put(&b, " rows");
	}
	put(&b, ")");
	buf_put_u8(&b, 0);
	line(l, depth, (const char *) b.data, NULL, 0, NULL);
	buf_free(&b);
	node_lines(l, w->input, depth + 1);
}

static void
node_lines_inner(Lines *l, const Quarry__PlanNode *n, int depth)
{
	char		head[300];

	switch (n->node_case) {
		case QUARRY__PLAN_NODE__NODE_SCAN:
			snprintf(head, sizeof(head), "Scan  (%zu files, %zu of %zu columns)",
					 n->scan->n_files, n->scan->n_columns, n->scan->n_table_types);
			line(l, depth, head, NULL, 0, NULL);
			return;
		case QUARRY__PLAN_NODE__NODE_ONE_ROW:
			line(l, depth, "Result", NULL, 0, NULL);
			return;
		case QUARRY__PLAN_NODE__NODE_FILTER:
			line(l, depth, "Filter", (const Quarry__Expr *const *) &n->filter->predicate, 1, "cond");
			node_lines(l, n->filter->input, depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			line(l, depth, "Project", (const Quarry__Expr *const *) n->project->exprs,
				 n->project->n_exprs, "out");
			node_lines(l, n->project->input, depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_AGGREGATE:
			snprintf(head, sizeof(head), "HashAggregate  (%zu aggregates)", n->aggregate->n_aggs);
			line(l, depth, head, (const Quarry__Expr *const *) n->aggregate->group_by,
				 n->aggregate->n_group_by, "group");
			node_lines(l, n->aggregate->input, depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_SORT:
			snprintf(head, sizeof(head), "Sort  (%zu keys)", n->sort->n_keys);
			line(l, depth, head, NULL, 0, NULL);
			node_lines(l, n->sort->input, depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_LIMIT:
			snprintf(head, sizeof(head), "Limit  (count %lld, offset %lld)",
					 (long long) n->limit->count, (long long) n->limit->offset);
			line(l, depth, head, NULL, 0, NULL);
			node_lines(l, n->limit->input, depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			snprintf(head, sizeof(head), "Hash %s Join%s", join_name(n->hash_join->type),
					 n->hash_join->null_aware ? " (null-aware)" : "");
			line(l, depth, head, (const Quarry__Expr *const *) n->hash_join->probe_keys,
				 n->hash_join->n_probe_keys, "probe keys");
			line(l, depth + 1, "Build", (const Quarry__Expr *const *) n->hash_join->build_keys,
				 n->hash_join->n_build_keys, "keys");
			node_lines(l, n->hash_join->build, depth + 2);
			if (n->hash_join->residual != NULL)
				line(l, depth + 1, "Residual", (const Quarry__Expr *const *) &n->hash_join->residual, 1, "cond");
			line(l, depth + 1, "Probe", NULL, 0, NULL);
			node_lines(l, n->hash_join->probe, depth + 2);
			return;
		case QUARRY__PLAN_NODE__NODE_SINGLE_ROW:
			line(l, depth, "SingleRow", NULL, 0, NULL);
			node_lines(l, n->single_row->input, depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_APPEND:
			line(l, depth, "Append", NULL, 0, NULL);
			for (size_t i = 0; i < n->append->n_inputs; i++)
				node_lines(l, n->append->inputs[i], depth + 1);
			return;
		case QUARRY__PLAN_NODE__NODE_SHUFFLE_READ:
			snprintf(head, sizeof(head), "Exchange Read  (stage %d)", n->shuffle_read->shuffle);
			line(l, depth, head, NULL, 0, NULL);
			return;
		case QUARRY__PLAN_NODE__NODE_SERIES:
			{
				const Quarry__Expr *args[3] = {n->series->start, n->series->stop, n->series->step};

				line(l, depth, "Series", args, n->series->step ? 3 : 2, "generate_series");
				node_lines(l, n->series->input, depth + 1);
				return;
			}
		case QUARRY__PLAN_NODE__NODE_APPLY:
			snprintf(head, sizeof(head), "Apply %s  (inner runs once per outer row)",
					 join_name(n->apply->type));
			line(l, depth, head, (const Quarry__Expr *const *) n->apply->params,
				 n->apply->n_params, "params");
			line(l, depth + 1, "Outer", NULL, 0, NULL);
			node_lines(l, n->apply->outer, depth + 2);
			line(l, depth + 1, "Inner", NULL, 0, NULL);
			node_lines(l, n->apply->inner, depth + 2);
			return;
		case QUARRY__PLAN_NODE__NODE_VALUES:
			snprintf(head, sizeof(head), "Values  (%zu rows)", n->values->n_rows);
			line(l, depth, head, NULL, 0, NULL);	/* a system relation's rows */
			return;
		case QUARRY__PLAN_NODE__NODE_WINDOW:
			window_lines(l, n->window, depth);
			return;
		case QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION:
			snprintf(head, sizeof(head), "Recursive Union%s  (work table %d)",
					 n->recursive_union->distinct ? "" : " All", n->recursive_union->id);
			line(l, depth, head, NULL, 0, NULL);
			line(l, depth + 1, "Non-recursive", NULL, 0, NULL);
			node_lines(l, n->recursive_union->non_recursive, depth + 2);
			line(l, depth + 1, "Recursive", NULL, 0, NULL);
			node_lines(l, n->recursive_union->recursive, depth + 2);
			return;
		case QUARRY__PLAN_NODE__NODE_WORK_TABLE_SCAN:
			snprintf(head, sizeof(head), "WorkTable Scan  (work table %d)", n->work_table_scan->id);
			line(l, depth, head, NULL, 0, NULL);
			return;
		default:
			line(l, depth, "?", NULL, 0, NULL);
			return;
	}
}

/*
 * explain_stage_lines returns the lines of a distributed plan, the result
 * stage first: each stage's head names its tasks and its output (the
 * exchange it feeds), then its operators.  extra, when not NULL, gives
 * each stage a line of metrics (EXPLAIN ANALYZE).
 */
const char **
explain_stage_lines(Arena *a, const DistPlan *plan, const char *const *extra,
					const int64_t *const *node_rows, const int64_t *const *node_time_us,
					const int *nnodes, int *nlines)
{
	Lines		l = {a, NULL, 0, 0};

	for (int s = plan->nstages - 1; s >= 0; s--) {
		const DistStage *st = &plan->stages[s];
		Buf			b;
		char		head[200];

		buf_init(&b);
		snprintf(head, sizeof(head), "Stage %d  (%d task%s, %s", st->id, st->ntasks,
				 st->ntasks == 1 ? "" : "s", dist_kind_name(st->kind));
		put(&b, head);
		if (st->out == NULL)
			put(&b, "; result)");
		else if (st->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE)
			put(&b, "; gather into one partition)");
		else {
			put(&b, st->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_RANGE ?
				"; range exchange on " : "; hash exchange on ");
			for (size_t i = 0; i < st->out->n_keys; i++) {
				if (i > 0)
					put(&b, ", ");
				expr_text(&b, st->out->keys[i]);
			}
			snprintf(head, sizeof(head), " into %d partitions)", st->out->partitions);
			put(&b, head);
		}
		buf_put_u8(&b, 0);
		add_line(&l, (const char *) b.data);
		buf_free(&b);
		if (extra != NULL && extra[s] != NULL)
			add_line(&l, extra[s]);
		if (node_rows != NULL && node_rows[s] != NULL && nnodes[s] > 0) {
			NodeRows	nr = {arena_array(a, const Quarry__PlanNode *, nnodes[s]), node_rows[s],
			node_time_us ? node_time_us[s] : NULL, nnodes[s]};
			int			at = 0;

			number_nodes(a, st->root, &nr, &at);
			nr.n = at;
			cur_rows = &nr;
			node_lines(&l, st->root, 1);
			cur_rows = NULL;
		} else
			node_lines(&l, st->root, 1);
	}
	*nlines = l.n;
	return l.v;
}

/* node_lines prints n and its inputs; EXPLAIN ANALYZE adds n's rows to its line. */
static void
node_lines(Lines *l, const Quarry__PlanNode *n, int depth)
{
	int			at = l->n;

	node_lines_inner(l, n, depth);
	if (cur_rows == NULL || at >= l->n)
		return;
	for (int i = 0; i < cur_rows->n; i++)
		if (cur_rows->nodes[i] == n) {
			char		tail[64];
			size_t		len = strlen(l->v[at]);
			char	   *line;

			if (cur_rows->time_us != NULL)
				snprintf(tail, sizeof(tail), "  (actual rows=%lld time=%.3f ms)",
						 (long long) cur_rows->rows[i], cur_rows->time_us[i] / 1000.0);
			else
				snprintf(tail, sizeof(tail), "  (actual rows=%lld)", (long long) cur_rows->rows[i]);
			line = arena_alloc(l->a, len + strlen(tail) + 1);
			memcpy(line, l->v[at], len);
			strcpy(line + len, tail);
			l->v[at] = line;
			return;
		}
}

const char **
explain_lines(Arena *a, const Quarry__PlanNode *root, int *nlines)
{
	Lines		l = {a, NULL, 0, 0};

	add_line(&l, "Stage 0  (result, 1 task)");
	node_lines(&l, root, 1);
	*nlines = l.n;
	return l.v;
}

/*
 * explain_stage_output names what a stage's output feeds, as a stage's
 * head line does: "result", "gather into one partition", "hash exchange
 * on k into n partitions" (the web UI and quarry.stages).
 */
const char *
explain_stage_output(Arena *a, const DistStage *st)
{
	Buf			b;
	char		tail[64];
	const char *s;

	if (st->out == NULL)
		return "result";
	if (st->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE)
		return "gather into one partition";
	buf_init(&b);
	put(&b, st->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_RANGE ?
		"range exchange on " : "hash exchange on ");
	for (size_t i = 0; i < st->out->n_keys; i++) {
		if (i > 0)
			put(&b, ", ");
		expr_text(&b, st->out->keys[i]);
	}
	snprintf(tail, sizeof(tail), " into %d partitions", st->out->partitions);
	put(&b, tail);
	s = arena_strndup(a, (const char *) b.data, b.len);
	buf_free(&b);
	return s;
}
