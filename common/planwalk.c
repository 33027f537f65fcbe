/*
 * planwalk.c
 *	  plan_children: see planwalk.h.
 */
#include "planwalk.h"

/* plan_children puts n's inputs (at most max) in kids and returns how many. */
int
plan_children(const Quarry__PlanNode *n, const Quarry__PlanNode **kids, int max)
{
	int			k = 0;

	if (n == NULL || max < 1)
		return 0;
	switch (n->node_case) {
		case QUARRY__PLAN_NODE__NODE_FILTER:
			kids[k++] = n->filter->input;
			break;
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			kids[k++] = n->project->input;
			break;
		case QUARRY__PLAN_NODE__NODE_AGGREGATE:
			kids[k++] = n->aggregate->input;
			break;
		case QUARRY__PLAN_NODE__NODE_SORT:
			kids[k++] = n->sort->input;
			break;
		case QUARRY__PLAN_NODE__NODE_LIMIT:
			kids[k++] = n->limit->input;
			break;
		case QUARRY__PLAN_NODE__NODE_SINGLE_ROW:
			kids[k++] = n->single_row->input;
			break;
		case QUARRY__PLAN_NODE__NODE_WRITE:
			kids[k++] = n->write->input;
			break;
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			kids[k++] = n->hash_join->probe;
			if (k < max)
				kids[k++] = n->hash_join->build;
			break;
		case QUARRY__PLAN_NODE__NODE_APPEND:
			for (size_t i = 0; i < n->append->n_inputs && k < max; i++)
				kids[k++] = n->append->inputs[i];
			break;
		default:
			break;				/* leaves: Scan, OneRow, Values, ShuffleRead */
	}
	return k;
}
