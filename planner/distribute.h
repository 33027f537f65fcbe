/*
 * distribute.h
 *	  Physical planning for a cluster: a query's single-node plan (a
 *	  PlanNode tree from bind_select) is cut into stages at exchanges
 *	  (DESIGN.md section 2).
 *
 *	  Every subtree has a distribution: REPL (every task can compute all of
 *	  it: small tables read whole, or a gathered shuffle read in full),
 *	  SPLIT (driven by one big scan whose row groups are divided among the
 *	  stage's tasks) or HASH (driven by shuffle reads, task p reading
 *	  partition p, rows placed by a hash of known columns or of nothing we
 *	  can name).  Operators state what they need and exchanges go where the
 *	  children do not provide it:
 *
 *	  - a join whose build side is small (est_rows times width under
 *	    broadcast_threshold), keyless or NOT IN keeps the probe side's
 *	    distribution and reads the build side whole in every task
 *	    (gathered into one partition when it is not REPL already); other
 *	    joins hash both sides on their keys unless they already are;
 *	  - an aggregation over rows not partitioned by its groups runs twice:
 *	    partial before a hash exchange on the group columns, final after
 *	    (avg as sum and count); DISTINCT, string_agg and the variances
 *	    exchange the raw rows instead;
 *	  - a sort whose first key is a table's column is range-partitioned
 *	    (bounds from the table files' row-group min and max): each task
 *	    sorts one range, and the ranges in order are the sorted rows;
 *	  - other sorts, limit, scalar subqueries and UNION ALL gather into one
 *	    task (limit and top-N first cut each task's rows).
 *
 *	  The plan's root stage is the result stage: its tasks encode DataRows.
 */
#ifndef QUARRY_DISTRIBUTE_H
#define QUARRY_DISTRIBUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "plan.pb-c.h"

typedef enum DistKind {
	DIST_REPL,					/* one task computes it whole */
	DIST_SPLIT,					/* tasks take pieces of one scan */
	DIST_HASH					/* tasks take partitions of shuffles */
} DistKind;

/* One task's piece of a split scan: row groups of files. */
typedef struct DistPiece {
	int			nranges;
	int		   *file;			/* index into the scan's files */
	int32_t    *rg_start;
	int32_t    *rg_end;
} DistPiece;

typedef struct DistStage {
	int			id;				/* also its shuffle's id */
	Quarry__PlanNode *root;
	Quarry__ShuffleOutput *out; /* NULL: the result stage */
	DistKind	kind;
	int			ntasks;
	Quarry__Scan *split;		/* DIST_SPLIT: the scan, with its full file list */
	DistPiece  *pieces;			/* DIST_SPLIT: one per task */
	int			nreads;			/* the ShuffleRead nodes in root */
	Quarry__ShuffleRead **reads;
	int			nparents;		/* the stages those read */
	int		   *parents;
} DistStage;

typedef struct DistPlan {
	DistStage  *stages;			/* children before parents; the last is the result stage */
	int			nstages;
	int			partitions;		/* of every hash exchange */
} DistPlan;

typedef struct DistOptions {
	int			slots;			/* worker slots in the cluster (>= 1) */
	int			partitions;		/* of hash exchanges (>= 1) */
	int64_t		broadcast_threshold;	/* bytes */
	bool		raw_shuffle;	/* every worker on one host: uncompressed blocks */
	/* row groups of a table file (and its rows and bytes), or -1 if unknown */
	int			(*row_groups) (void *arg, const char *path, int64_t *rows, int64_t *bytes);
	/*
	 * up to nparts - 1 increasing bounds of table column table_col of
	 * scan's files (from their row groups' min and max), for a range
	 * exchange; returns how many (0: none known)
	 */
	int			(*range_bounds) (void *arg, const Quarry__Scan *scan, int table_col,
								 int nparts, Arena *a, Quarry__Datum ***bounds);
	void	   *arg;
} DistOptions;

bool		dist_plan(Arena *a, Quarry__PlanNode *root, const DistOptions *opt, DistPlan *out);
bool		dist_reads_nothing(const Quarry__PlanNode *n);
const char *dist_kind_name(DistKind k);

#endif							/* QUARRY_DISTRIBUTE_H */
