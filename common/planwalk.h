/*
 * planwalk.h
 *	  The inputs of a plan node (common/proto/plan.proto), in one order
 *	  everyone walks plans in: a join's probe side before its build side,
 *	  an Append's inputs in order.  EXPLAIN ANALYZE numbers nodes in this
 *	  pre-order on the workers and on the coordinator alike.  plan_params
 *	  finds the parameters of a correlated subquery's plan.
 */
#ifndef QUARRY_PLANWALK_H
#define QUARRY_PLANWALK_H

#include "plan.pb-c.h"

#define PLAN_MAX_CHILDREN 64

int			plan_children(const Quarry__PlanNode *n, const Quarry__PlanNode **kids, int max);

struct Arena;
Quarry__PlanNode *plan_copy(struct Arena *a, const Quarry__PlanNode *n);
void	   *pb_copy(struct Arena *a, const ProtobufCMessage *m);	/* any message */

/* plan_params calls fn for each EXPR_PARAM expression in m (an Apply's inner side). */
void		plan_params(ProtobufCMessage *m, void (*fn) (Quarry__Expr *param, void *arg),
						void *arg);

#endif							/* QUARRY_PLANWALK_H */
