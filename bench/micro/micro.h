/*
 * micro.h
 *	  bench_micro: micro-benchmarks of Quarry's hot paths, reporting rows
 *	  per second per core (every benchmark runs on one thread).
 *
 *	  micro_data builds lineitem-like batches in memory; plan.c builds plan
 *	  nodes and expressions (common/proto/plan.proto) and a MemSource
 *	  operator that replays batches; bench_exec.c and bench_wire.c hold the
 *	  benchmarks, each a function filling in MicroResult rows.
 */
#ifndef QUARRY_BENCH_MICRO_H
#define QUARRY_BENCH_MICRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/batch.h"
#include "exec/op.h"
#include "plan.pb-c.h"

/* The lineitem-like columns of MicroData, in order. */
enum {
	LI_ORDERKEY,				/* int8, ascending, about 4 rows per key */
	LI_PARTKEY,					/* int4, uniform 1..200000*sf */
	LI_QUANTITY,				/* int4, 1..50 */
	LI_EXTENDEDPRICE,			/* float8 */
	LI_DISCOUNT,				/* float8, 0.00..0.10 */
	LI_TAX,						/* float8, 0.00..0.08 */
	LI_RETURNFLAG,				/* text, 1 char: A N R */
	LI_LINESTATUS,				/* text, 1 char: F O */
	LI_SHIPDATE,				/* int4, days since 1970 (1992..1998) */
	LI_SHIPMODE,				/* text, up to 7 chars */
	LI_COMMENT,					/* text, 10..43 chars */
	LI_NCOLS
};

typedef struct MicroData {
	Arena		arena;
	Batch	  **batches;
	uint32_t	nbatches;
	uint64_t	rows;
	int32_t		types[LI_NCOLS];
} MicroData;

typedef struct MicroOpts {
	uint64_t	rows;			/* lineitem-like rows (default SF1's 6001215) */
	uint64_t	sort_rows;		/* rows to sort */
	int			reps;			/* runs per benchmark; the median is reported */
	const char *only;			/* substring filter on benchmark names */
	const char *tmpdir;
} MicroOpts;

/* One line of the report; rows/s per core is rows / median seconds. */
typedef struct MicroResult {
	char		name[64];
	uint64_t	rows;
	double		seconds;		/* median over reps */
	uint64_t	bytes;			/* bytes processed or produced, 0 = none */
	char		note[96];
} MicroResult;

/* A benchmark fills in up to MICRO_MAX_RESULTS rows and returns how many, or -1. */
#define MICRO_MAX_RESULTS 4
typedef int (*MicroFn) (const MicroOpts *o, MicroData *d, MicroResult *r);

double		micro_now(void);
double		micro_median(double *xs, int n);
void		micro_data_init(MicroData *d, uint64_t rows);
void		micro_data_free(MicroData *d);

/* plan.c: plan nodes and expressions in an arena */
Quarry__Expr *px_col(Arena *a, int col, int32_t type);
Quarry__Expr *px_int(Arena *a, int64_t v, int32_t type);
Quarry__Expr *px_float(Arena *a, double v);
Quarry__Expr *px_op(Arena *a, Quarry__ExprOp op, int32_t type, Quarry__Expr *l, Quarry__Expr *r);
Quarry__Expr *px_and(Arena *a, int n, Quarry__Expr **args);
Quarry__PlanNode *pn_scan(Arena *a, char **files, size_t nfiles, const int32_t *table_types,
						  int ntable, const int *cols, int ncols);
Quarry__PlanNode *pn_filter(Arena *a, Quarry__PlanNode *in, Quarry__Expr *pred);
Quarry__PlanNode *pn_agg(Arena *a, Quarry__PlanNode *in, int ngroup, Quarry__Expr **group,
						 int naggs, Quarry__AggFunc *funcs, Quarry__Expr **args, int32_t *types);
Quarry__PlanNode *pn_sort(Arena *a, Quarry__PlanNode *in, int nkeys, const int *cols);
Quarry__PlanNode *pn_hashjoin(Arena *a, Quarry__PlanNode *probe, Quarry__PlanNode *build,
							  Quarry__Expr *probe_key, Quarry__Expr *build_key);
Op		   *mem_source_new(ExecCtx *cx, const MicroData *d, const int *cols, int ncols);
bool		drain(Op *op, uint64_t *rows_out, Batch **last, Err *err);

/* the benchmarks */
int			bench_scan_filter_sum(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_scan_count(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_agg_few(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_agg_many(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_sort(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_hashjoin(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_batchio(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_zstd(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_datarow(const MicroOpts *o, MicroData *d, MicroResult *r);
int			bench_shuffle(const MicroOpts *o, MicroData *d, MicroResult *r);	/* bench_shuffle.c */

#endif							/* QUARRY_BENCH_MICRO_H */
