/*
 * build.c
 *	  exec_build: the one switch from plan node kinds to operators, and the
 *	  generic open/next/close wrappers.
 */
#include "exec/op.h"


#include <string.h>
#include <time.h>

#include "common/planwalk.h"
static void
reset_scratch(void *arena)
{
	arena_reset(arena);
}

/* op_init fills in the fields every operator has. */
void
op_init(Op *op, const OpVtbl *vt, ExecCtx *cx, const Quarry__PlanNode *plan)
{
	op->vt = vt;
	op->cx = cx;
	op->plan = plan;
	op->ncols = (int) plan->n_output_types;
	op->types = plan->output_types;
	arena_init(&op->scratch);
	arena_on_reset(cx->arena, reset_scratch, &op->scratch);
	op->rows = 0;
	op->time_ns = 0;
	if (cx->nops == cx->ops_cap) {
		int			cap = cx->ops_cap ? cx->ops_cap * 2 : 16;
		Op		  **grown = arena_array(cx->arena, Op *, cap);

		if (cx->nops > 0)
			memcpy(grown, cx->ops, sizeof(Op *) * cx->nops);
		cx->ops = grown;
		cx->ops_cap = cap;
	}
	cx->ops[cx->nops++] = op;
}

static void
node_rows(const ExecCtx *cx, const Quarry__PlanNode *n, int64_t *rows, int64_t *time_us,
		  int max, int *at)
{
	const Quarry__PlanNode *kids[PLAN_MAX_CHILDREN];
	int			nk;

	if (n == NULL || *at >= max)
		return;
	rows[*at] = -1;
	time_us[*at] = 0;
	for (int i = 0; i < cx->nops; i++)
		if (cx->ops[i]->plan == n) {
			rows[*at] = cx->ops[i]->rows;
			time_us[*at] = cx->ops[i]->time_ns / 1000;
			break;
		}
	(*at)++;
	nk = plan_children(n, kids, PLAN_MAX_CHILDREN);
	for (int i = 0; i < nk; i++)
		node_rows(cx, kids[i], rows, time_us, max, at);
}

int
exec_node_rows(const ExecCtx *cx, const Quarry__PlanNode *root, int64_t *rows, int64_t *time_us,
			   int max)
{
	int			at = 0;

	node_rows(cx, root, rows, time_us, max, &at);
	return at;
}

Op *
exec_build(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	if (plan == NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "plan fragment has no node");
		return NULL;
	}
	for (size_t i = 0; i < plan->n_output_types; i++)
		if (!type_is_valid(plan->output_types[i])) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid type in plan fragment");
			return NULL;
		}
	switch (plan->node_case) {
		case QUARRY__PLAN_NODE__NODE_SCAN:
			return op_scan_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_ONE_ROW:
			return op_one_row_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_FILTER:
			return op_filter_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			return op_project_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_AGGREGATE:
			return op_agg_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_SORT:
			return op_sort_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_LIMIT:
			return op_limit_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_WRITE:
			return op_write_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			return op_hashjoin_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_SINGLE_ROW:
			return op_single_row_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_APPEND:
			return op_append_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_SHUFFLE_READ:
			return op_shuffle_read_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_VALUES:
			return op_values_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_APPLY:
			return op_apply_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_SERIES:
			return op_series_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_WINDOW:
			return op_window_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION:
			return op_recursive_union_new(cx, plan, err);
		case QUARRY__PLAN_NODE__NODE_WORK_TABLE_SCAN:
			return op_work_table_scan_new(cx, plan, err);
		default:
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "unknown plan node kind %d", (int) plan->node_case);
			return NULL;
	}
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * exec_fold_stats adds the rows and times of the operators a run built in
 * run (an inner plan built again per outer row or per iteration) to
 * stand-in operators in cx, one per plan node, so that EXPLAIN ANALYZE
 * shows each node's sums.  A run's node is known to EXPLAIN as itself, or,
 * when the run's plan is a copy, as orig[i] for copy[i] (n pairs).
 */
void
exec_fold_stats(ExecCtx *cx, ExecStats *st, const ExecCtx *run,
				const Quarry__PlanNode *const *copy, const Quarry__PlanNode *const *orig, int n)
{
	static const OpVtbl stat_vtbl = {"RunStats", NULL, NULL, NULL};

	for (int i = 0; i < run->nops; i++) {
		const Op   *o = run->ops[i];
		const Quarry__PlanNode *node = o->plan;
		Op		   *s = NULL;

		for (int k = 0; k < n; k++)
			if (copy[k] == node) {
				node = orig[k];
				break;
			}
		for (int j = 0; j < st->n && s == NULL; j++)
			if (st->ops[j]->plan == node)
				s = st->ops[j];
		if (s == NULL) {
			Op		  **grown = arena_array(cx->arena, Op *, st->n + 1);

			s = arena_new(cx->arena, Op);
			op_init(s, &stat_vtbl, cx, node);
			if (st->n > 0)
				memcpy(grown, st->ops, sizeof(Op *) * st->n);
			grown[st->n++] = s;
			st->ops = grown;
		}
		s->rows += o->rows;
		s->time_ns += o->time_ns;
	}
}

bool
exec_open(Op *op, Err *err)
{
	int64_t		start;
	bool		ok;

	if (op->cx->untimed)
		return op->vt->open(op, err);
	start = now_ns();
	ok = op->vt->open(op, err);

	op->time_ns += now_ns() - start;
	return ok;
}

OpStatus
exec_next(Op *op, Batch **out, Err *err)
{
	OpStatus	st;
	int64_t		start;

	if (!exec_check_cancel(op->cx, err))
		return OP_FAILED;
	if (op->cx->untimed)
		st = op->vt->next(op, out, err);
	else {
		start = now_ns();
		st = op->vt->next(op, out, err);
		op->time_ns += now_ns() - start;
	}
	if (st == OP_BATCH)
		op->rows += batch_rows(*out);
	return st;
}

void
exec_close(Op *op)
{
	if (op->vt->close)
		op->vt->close(op);
}

/* exec_check_cancel fails with 57014 once the task has been cancelled. */
bool
exec_check_cancel(const ExecCtx *cx, Err *err)
{
	if (cx->cancel != NULL && atomic_load(cx->cancel))
		return err_set(err, ERRCODE_QUERY_CANCELED, "canceling statement due to user request");
	return true;
}
