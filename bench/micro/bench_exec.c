/*
 * bench_exec.c
 *	  Micro-benchmarks of exec/'s operators, one thread each:
 *	  - scan + filter + sum: a Q6-shaped fragment (Scan -> Filter -> sum of
 *	    price * discount) over a table file of the lineitem-like columns;
 *	  - scan + count(*): the same file read alone, the floor under the first;
 *	  - hash aggregate with Q1's 4 flag groups and with one group per
 *	    orderkey (Q18's 1.5 M at SF1), fed from memory;
 *	  - sort of sort_rows rows by a random int4 key, fed from memory.
 *	  Hash join: bench_join.c.
 */
#include "bench/micro/micro.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "exec/tablefile.h"

static char table_path[1024];

/* write_table writes d's batches into one skeleton table file, once. */
static bool
write_table(const MicroOpts *o, MicroData *d, Err *err)
{
	TableWriter w;

	if (table_path[0] != '\0')
		return true;
	snprintf(table_path, sizeof(table_path), "%s/bench_micro_%d.tbl", o->tmpdir, (int) getpid());
	if (!tablefile_create(&w, table_path, err))
		return false;
	for (uint32_t k = 0; k < d->nbatches; k++)
		if (!tablefile_write(&w, d->batches[k], err)) {
			tablefile_abort(&w);
			return false;
		}
	return tablefile_finish(&w, err);
}

/* micro_table_remove deletes the table file at exit. */
static void
remove_table(void)
{
	if (table_path[0] != '\0')
		unlink(table_path);
}

/* run_fragment builds plan in a fresh task arena and drains it reps times. */
static bool
run_fragment(const MicroOpts *o, Quarry__PlanNode *(*make) (Arena *a, const MicroData *d),
			 const MicroData *d, double *secs, double *result, Err *err)
{
	double		t[64];
	int			reps = o->reps < 64 ? o->reps : 64;

	for (int i = 0; i < reps; i++) {
		Arena		task;
		ExecCtx		cx = {.arena = &task};
		Op		   *op;
		Batch	   *last = NULL;
		double		t0;

		arena_init(&task);
		op = exec_build(&cx, make(&task, d), err);
		t0 = micro_now();
		if (op == NULL || !drain(op, NULL, &last, err)) {
			arena_reset(&task);
			return false;
		}
		t[i] = micro_now() - t0;
		if (last && last->count > 0)
			*result = last->cols[0].phys == PHYS_F64 ? ((double *) last->cols[0].data)[0]
				: (double) ((int64_t *) last->cols[0].data)[0];
		arena_reset(&task);
	}
	*secs = micro_median(t, reps);
	return true;
}

static Quarry__PlanNode *
q6_plan(Arena *a, const MicroData *d)
{
	static const int cols[] = {LI_SHIPDATE, LI_DISCOUNT, LI_QUANTITY, LI_EXTENDEDPRICE};
	char	  **files = arena_array(a, char *, 1);
	Quarry__Expr *conj[5];
	Quarry__Expr *arg;
	Quarry__AggFunc f = QUARRY__AGG_FUNC__AGG_SUM;
	int32_t		t = TYPE_FLOAT8;
	Quarry__PlanNode *scan;

	files[0] = table_path;
	scan = pn_scan(a, files, 1, d->types, LI_NCOLS, cols, 4);
	/* shipdate in [1994-01-01, 1995-01-01), discount 0.05..0.07, quantity < 24 */
	conj[0] = px_op(a, QUARRY__EXPR_OP__OP_GE, TYPE_BOOL, px_col(a, 0, TYPE_INT4), px_int(a, 8766, TYPE_INT4));
	conj[1] = px_op(a, QUARRY__EXPR_OP__OP_LT, TYPE_BOOL, px_col(a, 0, TYPE_INT4), px_int(a, 9131, TYPE_INT4));
	conj[2] = px_op(a, QUARRY__EXPR_OP__OP_GE, TYPE_BOOL, px_col(a, 1, TYPE_FLOAT8), px_float(a, 0.05));
	conj[3] = px_op(a, QUARRY__EXPR_OP__OP_LE, TYPE_BOOL, px_col(a, 1, TYPE_FLOAT8), px_float(a, 0.07));
	conj[4] = px_op(a, QUARRY__EXPR_OP__OP_LT, TYPE_BOOL, px_col(a, 2, TYPE_INT4), px_int(a, 24, TYPE_INT4));
	arg = px_op(a, QUARRY__EXPR_OP__OP_MUL, TYPE_FLOAT8, px_col(a, 3, TYPE_FLOAT8), px_col(a, 1, TYPE_FLOAT8));
	return pn_agg(a, pn_filter(a, scan, px_and(a, 5, conj)), 0, NULL, 1, &f, &arg, &t);
}

static Quarry__PlanNode *
count_plan(Arena *a, const MicroData *d)
{
	static const int cols[] = {LI_SHIPDATE, LI_DISCOUNT, LI_QUANTITY, LI_EXTENDEDPRICE};
	char	  **files = arena_array(a, char *, 1);
	Quarry__AggFunc f = QUARRY__AGG_FUNC__AGG_COUNT_STAR;
	Quarry__Expr *arg = NULL;
	int32_t		t = TYPE_INT8;

	files[0] = table_path;
	return pn_agg(a, pn_scan(a, files, 1, d->types, LI_NCOLS, cols, 4), 0, NULL, 1, &f, &arg, &t);
}

static int
scan_bench(const MicroOpts *o, MicroData *d, MicroResult *r, bool filter)
{
	Err			err;
	double		sum = 0;

	err_clear(&err);
	if (!write_table(o, d, &err) ||
		!run_fragment(o, filter ? q6_plan : count_plan, d, &r->seconds, &sum, &err)) {
		fprintf(stderr, "bench_micro: %s: %s %s\n", filter ? "scan+filter+sum" : "scan", err.sqlstate, err.message);
		return -1;
	}
	snprintf(r->name, sizeof(r->name), filter ? "scan + filter + sum (Q6 shape)" : "scan + count(*)");
	snprintf(r->note, sizeof(r->note), filter ? "table file, 4 of 11 cols, warm; sum %.0f" : "table file, 4 of 11 cols, warm",
			 sum);
	r->rows = d->rows;
	return 1;
}

int
bench_scan_filter_sum(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	static bool registered;

	if (!registered && (registered = true))
		atexit(remove_table);
	return scan_bench(o, d, r, true);
}

int
bench_scan_count(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	static bool registered;

	if (!registered && (registered = true))
		atexit(remove_table);
	return scan_bench(o, d, r, false);
}

/* ---- operators over MemSource ---- */

typedef Quarry__PlanNode *(*MemPlanFn) (Arena *a, Quarry__PlanNode *scan);

/* run_over_memory times plan(scan of cols) with its scan replaced by MemSource. */
static bool
run_over_memory(const MicroOpts *o, const MicroData *d, const int *cols, int ncols, MemPlanFn plan,
				double *secs, uint64_t *out_rows, Err *err)
{
	double		t[64];
	int			reps = o->reps < 64 ? o->reps : 64;

	for (int i = 0; i < reps; i++) {
		Arena		task;
		ExecCtx		cx = {.arena = &task};
		Op		   *op;
		double		t0;

		arena_init(&task);
		op = exec_build(&cx, plan(&task, pn_scan(&task, NULL, 0, d->types, LI_NCOLS, cols, ncols)), err);
		if (op == NULL) {
			arena_reset(&task);
			return false;
		}
		op->child = mem_source_new(&cx, d, cols, ncols);
		t0 = micro_now();
		if (!drain(op, out_rows, NULL, err)) {
			arena_reset(&task);
			return false;
		}
		t[i] = micro_now() - t0;
		arena_reset(&task);
	}
	*secs = micro_median(t, reps);
	return true;
}

static Quarry__PlanNode *
agg_few_plan(Arena *a, Quarry__PlanNode *scan)
{
	Quarry__Expr *g[2] = {px_col(a, 0, TYPE_TEXT), px_col(a, 1, TYPE_TEXT)};
	Quarry__AggFunc f[4] = {QUARRY__AGG_FUNC__AGG_SUM, QUARRY__AGG_FUNC__AGG_SUM,
	QUARRY__AGG_FUNC__AGG_AVG, QUARRY__AGG_FUNC__AGG_COUNT_STAR};
	Quarry__Expr *args[4] = {px_col(a, 2, TYPE_INT4), px_col(a, 3, TYPE_FLOAT8),
	px_col(a, 4, TYPE_FLOAT8), NULL};
	int32_t		t[4] = {TYPE_INT8, TYPE_FLOAT8, TYPE_FLOAT8, TYPE_INT8};

	return pn_agg(a, scan, 2, g, 4, f, args, t);
}

static Quarry__PlanNode *
agg_many_plan(Arena *a, Quarry__PlanNode *scan)
{
	Quarry__Expr *g[1] = {px_col(a, 0, TYPE_INT8)};
	Quarry__AggFunc f[2] = {QUARRY__AGG_FUNC__AGG_SUM, QUARRY__AGG_FUNC__AGG_COUNT_STAR};
	Quarry__Expr *args[2] = {px_col(a, 1, TYPE_INT4), NULL};
	int32_t		t[2] = {TYPE_INT8, TYPE_INT8};

	return pn_agg(a, scan, 1, g, 2, f, args, t);
}

static int
agg_bench(const MicroOpts *o, MicroData *d, MicroResult *r, bool many)
{
	static const int few_cols[] = {LI_RETURNFLAG, LI_LINESTATUS, LI_QUANTITY, LI_EXTENDEDPRICE, LI_DISCOUNT};
	static const int many_cols[] = {LI_ORDERKEY, LI_QUANTITY};
	uint64_t	groups = 0;
	Err			err;

	err_clear(&err);
	if (!run_over_memory(o, d, many ? many_cols : few_cols, many ? 2 : 5,
						 many ? agg_many_plan : agg_few_plan, &r->seconds, &groups, &err)) {
		fprintf(stderr, "bench_micro: hash aggregate: %s %s\n", err.sqlstate, err.message);
		return -1;
	}
	snprintf(r->name, sizeof(r->name), many ? "hash aggregate, orderkey groups" : "hash aggregate, Q1 flags");
	snprintf(r->note, sizeof(r->note), many ? "%llu int8 groups; sum(int4), count(*)"
			 : "%llu groups of 2 text keys; 2 sums, avg, count(*)", (unsigned long long) groups);
	r->rows = d->rows;
	return 1;
}

int
bench_agg_few(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	return agg_bench(o, d, r, false);
}

int
bench_agg_many(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	return agg_bench(o, d, r, true);
}

static Quarry__PlanNode *
sort_plan(Arena *a, Quarry__PlanNode *scan)
{
	static const int key[] = {0};

	return pn_sort(a, scan, 1, key);
}

int
bench_sort(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	static const int cols[] = {LI_PARTKEY, LI_ORDERKEY, LI_EXTENDEDPRICE};
	MicroData	part = *d;
	uint64_t	rows = 0;
	Err			err;

	/* the first sort_rows rows only: the skeleton's sort is a qsort of row refs */
	if (o->sort_rows < d->rows) {
		part.nbatches = (uint32_t) ((o->sort_rows + BATCH_SIZE - 1) / BATCH_SIZE);
		part.rows = (uint64_t) part.nbatches * BATCH_SIZE;
	}
	err_clear(&err);
	if (!run_over_memory(o, &part, cols, 3, sort_plan, &r->seconds, &rows, &err)) {
		fprintf(stderr, "bench_micro: sort: %s %s\n", err.sqlstate, err.message);
		return -1;
	}
	snprintf(r->name, sizeof(r->name), "sort");
	snprintf(r->note, sizeof(r->note), "by a random int4 key, 3 columns, %llu rows out",
			 (unsigned long long) rows);
	r->rows = part.rows;
	return 1;
}
