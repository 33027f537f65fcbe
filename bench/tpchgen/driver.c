/*
 * driver.c
 *	  Runs the generator on several threads with output independent of the
 *	  thread count.
 *
 *	  Tables are generated in groups that share a key: part with partsupp,
 *	  orders with lineitem (o_totalprice needs the lineitems), the others
 *	  alone.  A group's key range is cut into chunks (one output piece each)
 *	  and each chunk into units of a few thousand keys.  Workers claim units
 *	  in order from an atomic counter, generate a unit into the sink, then
 *	  wait for their turn: a chunk's units are committed (unit_end) strictly
 *	  in sequence, so each chunk's output is in key order.  Since units are
 *	  claimed in increasing order, the unit whose turn it is always belongs
 *	  to a running worker, and waiting cannot deadlock.  Commits to other
 *	  chunks go ahead in parallel.
 *
 *	  Rows come from per-key random streams (rng.h), so which thread makes
 *	  a unit changes nothing in the output.
 *
 *	  INTERFACE ROUTINES: driver_run, par_for, driver_now
 */
#include "driver.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gen.h"

typedef enum GroupKind
{
	G_REGION,
	G_NATION,
	G_SUPPLIER,
	G_CUSTOMER,
	G_PART,
	G_ORDERS
} GroupKind;

typedef struct Group
{
	GroupKind	kind;
	TpchTable	tables[2];
	int			ntables;
	int64_t		nrows;			/* keys in the group */
	int64_t		unit_rows;		/* keys per work unit */
	int			nchunks;
} Group;

typedef struct Unit
{
	int64_t		lo;				/* first key index, 0-based */
	int64_t		hi;				/* one past the last */
	int			chunk;
	int64_t		seq;			/* position within the chunk */
} Unit;

typedef struct Run
{
	const TpchGen *gen;
	TpchSink   *sink;
	const Group *group;
	bool		want[2];		/* write group->tables[i]? */
	Unit	   *units;
	int64_t		nunits;
	atomic_int_fast64_t next_unit;
	atomic_int_fast64_t rows[2];
	atomic_bool failed;
	pthread_mutex_t lock;
	pthread_cond_t turn;
	int64_t    *next_seq;		/* per chunk: the unit allowed to commit */
} Run;

typedef struct Worker
{
	Run		   *run;
	int			id;
	pthread_t	thread;
} Worker;

/* driver_now returns a monotonic time in seconds. */
double
driver_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* gen_part_key makes part k and its four partsupp rows, as wanted. */
static void
gen_part_key(Run *run, int64_t key, void *ctx[2], GenScratch *s,
			 int64_t rows[2])
{
	const TpchSinkOps *ops = run->sink->ops;

	if (run->want[0])
	{
		TpchPart	row;

		gen_part(run->gen, key, s, &row);
		ops->part(ctx[0], &row);
		rows[0]++;
	}
	if (run->want[1])
	{
		for (int i = 0; i < 4; i++)
		{
			TpchPartsupp row;

			gen_partsupp(run->gen, key, i, &row);
			ops->partsupp(ctx[1], &row);
		}
		rows[1] += 4;
	}
}

/* gen_order_key makes the n-th order and its lineitems, as wanted. */
static void
gen_order_key(Run *run, int64_t n, void *ctx[2], GenScratch *s,
			  int64_t rows[2])
{
	const TpchSinkOps *ops = run->sink->ops;
	TpchOrder	order;
	TpchLineitem lines[TPCH_MAX_LINES];
	int			nlines = gen_order(run->gen, n, s, &order, lines);

	if (run->want[0])
	{
		ops->orders(ctx[0], &order);
		rows[0]++;
	}
	if (run->want[1])
	{
		for (int i = 0; i < nlines; i++)
			ops->lineitem(ctx[1], &lines[i]);
		rows[1] += nlines;
	}
}

/* gen_unit generates the keys of one unit into the sink's unit contexts. */
static void
gen_unit(Run *run, const Unit *u, void *ctx[2], GenScratch *s, int64_t rows[2])
{
	const TpchSinkOps *ops = run->sink->ops;
	const TpchGen *g = run->gen;

	for (int64_t k = u->lo; k < u->hi; k++)
	{
		switch (run->group->kind)
		{
			case G_REGION:
				{
					TpchRegion	row;

					gen_region(g, (int32_t) k, &row);
					ops->region(ctx[0], &row);
				}
				break;
			case G_NATION:
				{
					TpchNation	row;

					gen_nation(g, (int32_t) k, &row);
					ops->nation(ctx[0], &row);
				}
				break;
			case G_SUPPLIER:
				{
					TpchSupplier row;

					gen_supplier(g, k + 1, s, &row);
					ops->supplier(ctx[0], &row);
				}
				break;
			case G_CUSTOMER:
				{
					TpchCustomer row;

					gen_customer(g, k + 1, s, &row);
					ops->customer(ctx[0], &row);
				}
				break;
			case G_PART:
				gen_part_key(run, k + 1, ctx, s, rows);
				break;
			case G_ORDERS:
				gen_order_key(run, k + 1, ctx, s, rows);
				break;
		}
	}
	if (run->group->ntables == 1)
		rows[0] += u->hi - u->lo;
}

/* commit waits for u's turn in its chunk, then ends the unit's contexts. */
static void
commit(Run *run, const Unit *u, void *ctx[2])
{
	bool		ok = true;

	pthread_mutex_lock(&run->lock);
	while (run->next_seq[u->chunk] != u->seq && !atomic_load(&run->failed))
		pthread_cond_wait(&run->turn, &run->lock);
	pthread_mutex_unlock(&run->lock);
	if (atomic_load(&run->failed))
		return;

	for (int t = 0; t < 2; t++)
		if (ctx[t] != NULL && !run->sink->ops->unit_end(run->sink, ctx[t]))
			ok = false;

	pthread_mutex_lock(&run->lock);
	run->next_seq[u->chunk]++;
	if (!ok)
		atomic_store(&run->failed, true);
	pthread_cond_broadcast(&run->turn);
	pthread_mutex_unlock(&run->lock);
}

static void *
worker_main(void *arg)
{
	Worker	   *w = arg;
	Run		   *run = w->run;
	const Group *grp = run->group;
	GenScratch	scratch;

	for (;;)
	{
		int64_t		i = atomic_fetch_add(&run->next_unit, 1);
		const Unit *u;
		void	   *ctx[2] = {NULL, NULL};
		int64_t		rows[2] = {0, 0};

		if (i >= run->nunits || atomic_load(&run->failed))
			break;
		u = &run->units[i];
		for (int t = 0; t < grp->ntables; t++)
			if (run->want[t])
				ctx[t] = run->sink->ops->unit_begin(run->sink, grp->tables[t],
													u->chunk, u->seq, w->id);
		gen_unit(run, u, ctx, &scratch, rows);
		commit(run, u, ctx);
		atomic_fetch_add(&run->rows[0], rows[0]);
		atomic_fetch_add(&run->rows[1], rows[1]);
	}
	return NULL;
}

/* plan_units cuts the group into chunks and the chunks into units. */
static bool
plan_units(Run *run)
{
	const Group *grp = run->group;
	int64_t		n = 0;

	run->units = malloc(sizeof(Unit) *
						(size_t) (grp->nrows / grp->unit_rows + grp->nchunks + 1));
	run->next_seq = calloc((size_t) grp->nchunks, sizeof(int64_t));
	if (run->units == NULL || run->next_seq == NULL)
		return false;
	for (int c = 0; c < grp->nchunks; c++)
	{
		int64_t		lo = grp->nrows * c / grp->nchunks;
		int64_t		hi = grp->nrows * (c + 1) / grp->nchunks;
		int64_t		seq = 0;

		for (int64_t k = lo; k < hi; k += grp->unit_rows, seq++)
		{
			Unit	   *u = &run->units[n++];

			u->lo = k;
			u->hi = k + grp->unit_rows < hi ? k + grp->unit_rows : hi;
			u->chunk = c;
			u->seq = seq;
		}
	}
	run->nunits = n;
	return true;
}

/* start_workers runs up to jobs workers over the units and joins them. */
static bool
start_workers(Run *run, int jobs)
{
	Worker	   *workers;
	int			started = 0;

	if (jobs > run->nunits)
		jobs = run->nunits > 0 ? (int) run->nunits : 1;
	workers = calloc((size_t) jobs, sizeof(Worker));
	if (workers == NULL)
		return false;
	for (int i = 0; i < jobs; i++)
	{
		workers[i].run = run;
		workers[i].id = i;
		if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
			break;				/* carry on with the threads we have */
		started++;
	}
	if (started == 0)
		worker_main(&workers[0]);
	for (int i = 0; i < started; i++)
		pthread_join(workers[i].thread, NULL);
	free(workers);
	return !atomic_load(&run->failed);
}

/* run_group opens the group's tables, generates them and closes them. */
static bool
run_group(const TpchGen *gen, TpchSink *sink, const Group *grp,
		  const DriverOptions *opts)
{
	Run			run = {0};
	bool		ok = true;
	double		t0 = driver_now();

	run.gen = gen;
	run.sink = sink;
	run.group = grp;
	for (int t = 0; t < grp->ntables; t++)
		run.want[t] = opts->tables[grp->tables[t]];
	atomic_init(&run.next_unit, 0);
	atomic_init(&run.rows[0], 0);
	atomic_init(&run.rows[1], 0);
	atomic_init(&run.failed, false);
	pthread_mutex_init(&run.lock, NULL);
	pthread_cond_init(&run.turn, NULL);

	if (!plan_units(&run))
	{
		snprintf(sink->errmsg, sizeof(sink->errmsg), "out of memory");
		ok = false;
	}
	for (int t = 0; ok && t < grp->ntables; t++)
		if (run.want[t] && !sink->ops->open_table(sink, grp->tables[t],
												  grp->nchunks))
			ok = false;
	if (ok)
		ok = start_workers(&run, opts->jobs);
	for (int t = 0; t < grp->ntables; t++)
		if (run.want[t] && !sink->ops->close_table(sink, grp->tables[t]) && ok)
			ok = false;

	if (ok && opts->verbose)
	{
		double		secs = driver_now() - t0;

		for (int t = 0; t < grp->ntables; t++)
			if (run.want[t])
				fprintf(stderr, "%-9s %12lld rows %8.2f s\n",
						tpch_table_name(grp->tables[t]),
						(long long) atomic_load(&run.rows[t]), secs);
	}
	pthread_mutex_destroy(&run.lock);
	pthread_cond_destroy(&run.turn);
	free(run.units);
	free(run.next_seq);
	return ok;
}

/*
 * driver_run generates every selected table into sink; on failure the
 * reason is in sink->errmsg.
 */
bool
driver_run(const TpchGen *gen, TpchSink *sink, const DriverOptions *opts)
{
	Group		groups[] = {
		{G_REGION, {TPCH_REGION}, 1, 5, 5, 1},
		{G_NATION, {TPCH_NATION}, 1, 25, 25, 1},
		{G_SUPPLIER, {TPCH_SUPPLIER}, 1, gen->n_supplier, 10000, opts->chunks},
		{G_CUSTOMER, {TPCH_CUSTOMER}, 1, gen->n_customer, 10000, opts->chunks},
		{G_PART, {TPCH_PART, TPCH_PARTSUPP}, 2, gen->n_part, 5000, opts->chunks},
		{G_ORDERS, {TPCH_ORDERS, TPCH_LINEITEM}, 2, gen->n_orders, 5000,
		opts->chunks},
	};

	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
	{
		const Group *grp = &groups[i];
		bool		wanted = false;

		for (int t = 0; t < grp->ntables; t++)
			wanted |= opts->tables[grp->tables[t]];
		if (wanted && !run_group(gen, sink, grp, opts))
			return false;
	}
	return true;
}

typedef struct ParFor
{
	void		(*fn) (void *arg, int64_t i);
	void	   *arg;
	int64_t		n;
	atomic_int_fast64_t next;
} ParFor;

static void *
par_for_main(void *arg)
{
	ParFor	   *pf = arg;

	for (;;)
	{
		int64_t		i = atomic_fetch_add(&pf->next, 1);

		if (i >= pf->n)
			break;
		pf->fn(pf->arg, i);
	}
	return NULL;
}

/* par_for calls fn(arg, i) for every i in [0, n) on up to jobs threads. */
bool
par_for(int jobs, int64_t n, void (*fn) (void *arg, int64_t i), void *arg)
{
	ParFor		pf;
	pthread_t  *threads;
	int			started = 0;

	pf.fn = fn;
	pf.arg = arg;
	pf.n = n;
	atomic_init(&pf.next, 0);
	if (jobs > n)
		jobs = n > 0 ? (int) n : 1;
	threads = calloc((size_t) jobs, sizeof(pthread_t));
	if (threads == NULL)
		return false;
	for (int i = 1; i < jobs; i++)
	{
		if (pthread_create(&threads[i], NULL, par_for_main, &pf) != 0)
			break;
		started = i;
	}
	par_for_main(&pf);
	for (int i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	return true;
}
