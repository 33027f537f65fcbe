/*
 * op.h
 *	  The operator interface: pull-based Volcano over column batches.
 *
 *	  exec_build turns a plan fragment (plan.proto) into a tree of operators.
 *	  open() prepares (blocking operators drain their child there), next()
 *	  returns OP_BATCH with a batch valid until the following call, OP_DONE,
 *	  or OP_FAILED with err set; close() releases what open() took.
 */
#ifndef QUARRY_OP_H
#define QUARRY_OP_H

#include <stdatomic.h>
#include <stdbool.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "plan.pb-c.h"

typedef struct Op Op;

typedef enum {
	OP_BATCH,
	OP_DONE,
	OP_FAILED
} OpStatus;

typedef struct ExecCtx {
	Arena	   *arena;			/* the task's arena: operator state */
	const atomic_bool *cancel;	/* set by the worker on TaskCancel */
	struct ShuffleEnv *shuffle;	/* the worker's shuffle store and fetches (exec/shuffle.h); NULL = none */
	struct Op **ops;			/* every operator built, for exec_node_rows */
	int			nops;
	int			ops_cap;
	struct WorkTable *worktables;	/* RecursiveUnions running here (op_recursive.c) */
	bool		untimed;		/* operators count rows but take no times (clock_gettime) */
} ExecCtx;

typedef struct OpVtbl {
	const char *name;
	bool		(*open) (Op *op, Err *err);
	OpStatus	(*next) (Op *op, Batch **out, Err *err);
	void		(*close) (Op *op);
} OpVtbl;

struct Op {
	const OpVtbl *vt;
	ExecCtx    *cx;
	const Quarry__PlanNode *plan;
	int			ncols;
	const int32_t *types;
	Op		   *child;
	Arena		scratch;		/* reset before each next() */
	int64_t		rows;			/* rows it returned (EXPLAIN ANALYZE) */
	int64_t		time_ns;		/* spent in its open and next, inputs included */
};

Op		   *exec_build(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
bool		exec_open(Op *op, Err *err) MUST_CHECK;
OpStatus	exec_next(Op *op, Batch **out, Err *err);
void		exec_close(Op *op);
bool		exec_check_cancel(const ExecCtx *cx, Err *err) MUST_CHECK;

/*
 * exec_node_rows gives the rows each node of root's tree returned and its
 * time, in common/planwalk.h's pre-order (-1: not built).
 */
int			exec_node_rows(const ExecCtx *cx, const Quarry__PlanNode *root, int64_t *rows,
						   int64_t *time_us, int max);

/* Operator constructors, one per node kind; see op_*.c. */
Op		   *op_scan_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_one_row_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_filter_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_project_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_limit_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_csv_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_write_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_agg_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_sort_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_hashjoin_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_single_row_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_append_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_shuffle_read_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_values_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_apply_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_series_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_window_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_recursive_union_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);
Op		   *op_work_table_scan_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err);

/* Stand-ins that sum the per-node counts of runs built again and again. */
typedef struct ExecStats {
	Op		  **ops;
	int			n;
} ExecStats;

void		exec_fold_stats(ExecCtx *cx, ExecStats *st, const ExecCtx *run,
							const Quarry__PlanNode *const *copy,
							const Quarry__PlanNode *const *orig, int n);

/* op_init fills in the common part of an operator. */
void		op_init(Op *op, const OpVtbl *vt, ExecCtx *cx, const Quarry__PlanNode *plan);

#endif							/* QUARRY_OP_H */
