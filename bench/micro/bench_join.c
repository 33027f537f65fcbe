/*
 * bench_join.c
 *	  Micro-benchmark of exec/'s hash join, one thread: lineitem-like rows
 *	  (probe) joined on orderkey with an orders-like table of one row per
 *	  distinct orderkey (build: 1.5 M rows at SF1), both scanned from table
 *	  files, count(*) on top; Q3's and Q18's lineitem-orders join.  The
 *	  scans' share is the "scan + count(*)" line.
 */
#include "bench/micro/micro.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "exec/tablefile.h"

static char probe_path[1024];
static char build_path[1024];
static uint64_t build_rows;

static void
remove_files(void)
{
	if (probe_path[0] != '\0')
		unlink(probe_path);
	if (build_path[0] != '\0')
		unlink(build_path);
}

/* write_probe writes the orderkey and quantity columns of d. */
static bool
write_probe(MicroData *d, TableWriter *w, Err *err)
{
	static const int32_t types[2] = {TYPE_INT8, TYPE_INT4};
	Arena		a;
	bool		ok = true;

	arena_init(&a);
	for (uint32_t k = 0; k < d->nbatches && ok; k++) {
		Batch	   *b = batch_new(&a, 2, types);

		b->cols[0] = d->batches[k]->cols[LI_ORDERKEY];
		b->cols[1] = d->batches[k]->cols[LI_QUANTITY];
		b->count = d->batches[k]->count;
		ok = tablefile_write(w, b, err);
		arena_reset(&a);
	}
	return ok;
}

/* write_build writes one (orderkey, totalprice) row per distinct orderkey of d. */
static bool
write_build(MicroData *d, TableWriter *w, Err *err)
{
	static const int32_t types[2] = {TYPE_INT8, TYPE_FLOAT8};
	Arena		a;
	Batch	   *b = NULL;
	int64_t		last = -1;
	bool		ok = true;

	arena_init(&a);
	for (uint32_t k = 0; k < d->nbatches && ok; k++)
		for (uint32_t i = 0; i < d->batches[k]->count && ok; i++) {
			int64_t		key = ((int64_t *) d->batches[k]->cols[LI_ORDERKEY].data)[i];

			if (key == last)
				continue;
			last = key;
			if (b == NULL) {
				b = batch_new(&a, 2, types);
				b->count = 0;
			}
			((int64_t *) b->cols[0].data)[b->count] = key;
			((double *) b->cols[1].data)[b->count] = (double) (key % 500000) + 0.25;
			build_rows++;
			if (++b->count == BATCH_SIZE) {
				ok = tablefile_write(w, b, err);
				arena_reset(&a);
				b = NULL;
			}
		}
	if (ok && b != NULL)
		ok = tablefile_write(w, b, err);
	arena_reset(&a);
	return ok;
}

static bool
write_files(const MicroOpts *o, MicroData *d, Err *err)
{
	TableWriter w;

	if (probe_path[0] != '\0')
		return true;
	atexit(remove_files);
	snprintf(probe_path, sizeof(probe_path), "%s/bench_micro_probe_%d.tbl", o->tmpdir, (int) getpid());
	snprintf(build_path, sizeof(build_path), "%s/bench_micro_build_%d.tbl", o->tmpdir, (int) getpid());
	if (!tablefile_create(&w, probe_path, err))
		return false;
	if (!write_probe(d, &w, err)) {
		tablefile_abort(&w);
		return false;
	}
	if (!tablefile_finish(&w, err) || !tablefile_create(&w, build_path, err))
		return false;
	if (!write_build(d, &w, err)) {
		tablefile_abort(&w);
		return false;
	}
	return tablefile_finish(&w, err);
}

static Quarry__PlanNode *
join_plan(Arena *a)
{
	static const int32_t probe_types[2] = {TYPE_INT8, TYPE_INT4};
	static const int32_t build_types[2] = {TYPE_INT8, TYPE_FLOAT8};
	static const int both[2] = {0, 1};
	char	  **pf = arena_array(a, char *, 1);
	char	  **bf = arena_array(a, char *, 1);
	Quarry__AggFunc f = QUARRY__AGG_FUNC__AGG_COUNT_STAR;
	Quarry__Expr *arg = NULL;
	int32_t		t = TYPE_INT8;
	Quarry__PlanNode *join;

	pf[0] = probe_path;
	bf[0] = build_path;
	join = pn_hashjoin(a, pn_scan(a, pf, 1, probe_types, 2, both, 2), pn_scan(a, bf, 1, build_types, 2, both, 2),
					   px_col(a, 0, TYPE_INT8), px_col(a, 0, TYPE_INT8));
	return pn_agg(a, join, 0, NULL, 1, &f, &arg, &t);
}

int
bench_hashjoin(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	double		t[64];
	int			reps = o->reps < 64 ? o->reps : 64;
	int64_t		matches = 0;
	Err			err;

	err_clear(&err);
	if (!write_files(o, d, &err))
		goto fail;
	for (int i = 0; i < reps; i++) {
		Arena		task;
		ExecCtx		cx = {.arena = &task};
		Batch	   *last = NULL;
		Op		   *op;
		double		t0;

		arena_init(&task);
		op = exec_build(&cx, join_plan(&task), &err);
		t0 = micro_now();
		if (op == NULL || !drain(op, NULL, &last, &err)) {
			arena_reset(&task);
			goto fail;
		}
		t[i] = micro_now() - t0;
		if (last && last->count > 0)
			matches = ((int64_t *) last->cols[0].data)[0];
		arena_reset(&task);
	}
	snprintf(r->name, sizeof(r->name), "hash join, lineitem x orders");
	snprintf(r->note, sizeof(r->note), "build %llu rows, probe all; %lld matches; scans included",
			 (unsigned long long) build_rows, (long long) matches);
	r->rows = d->rows + build_rows;
	r->seconds = micro_median(t, reps);
	return 1;
fail:
	fprintf(stderr, "bench_micro: hash join: %s %s\n", err.sqlstate, err.message);
	return -1;
}
