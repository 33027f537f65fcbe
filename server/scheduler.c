/*
 * scheduler.c
 *	  The life of a query on the cluster: its plan cut into stages
 *	  (planner/distribute.c), each stage's tasks sent to free worker slots
 *	  once the stages it reads have finished, retries, and the result.
 *
 *	  - Tasks go to the live worker with the most free slots; queries take
 *	    turns, one task each, so concurrent queries share the slots.  When
 *	    no slot is free the task waits here, not in a worker's queue.  A
 *	    worker is given the waiting task with most of its shuffle input
 *	    there.  Small neighbouring shuffle partitions are read by one task.
 *	  - A result task's DataRows are buffered here and released when every
 *	    result task has succeeded, in partition order, so a retried task
 *	    never sends a row twice.
 *	  - A task lost with its worker (TASK_LOST, or the worker declared
 *	    lost) runs again elsewhere, up to task_max_attempts; the finished
 *	    map outputs the lost worker held are recomputed from lineage when a
 *	    stage still needs them, and the tasks reading them are stopped and
 *	    run again after.  A FETCH_FAILED task names the map output it could
 *	    not read; that output is recomputed the same way.
 *	  - TASK_ERROR (the query's own error) fails the query at once.
 *	  - When the query ends, however it ends, its running tasks are
 *	    cancelled and every worker is told to drop its shuffle data.
 *	  - A plan that reads no table file runs in the coordinator itself.
 *
 *	  coord_submit, coord_cancel, coord_cluster_callbacks, coord_query_stats
 */
#include "coordinator.h"

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/arena.h"
#include "common/log.h"
#include "exec/expr.h"
#include "exec/qcf.h"
#include "exec/zonemap.h"
#include "plan.pb-c.h"
#include "planner/distribute.h"
#include "planner/explain.h"
#include "observe.h"
#include "pgconn.h"
#include "task.h"

#define WORKER_WAIT_MS 10000	/* how long a query waits for a first worker */
#define WORKER_POLL_MS 100

typedef enum {
	T_PENDING,
	T_RUNNING,
	T_DONE
} TState;

typedef struct STask {
	TState		state;
	int			attempt;		/* of the latest launch, 1-based */
	int			failures;
	char		worker[64];		/* running there, or its output lives there */
	char		endpoint[256];	/* that worker's shuffle endpoint */
	Buf			rows;			/* result stage: the running attempt's DataRows */
	int64_t		nrows;
	int64_t		shuffle_bytes;
	int64_t		shuffle_rows;
	int64_t		elapsed_us;
	int			nparts;			/* a map output: partition sizes known */
	int64_t	   *part_bytes;
	int			nnodes;			/* rows and time of each plan node (EXPLAIN ANALYZE) */
	int64_t	   *node_rows;
	int64_t	   *node_time_us;
	bool		errored;		/* its TASK_ERROR failed the query */
} STask;

typedef struct SStage {
	DistStage  *ds;
	int			ntasks;			/* ds->ntasks, fewer once partitions are coalesced */
	bool		grouped;		/* its partitions were given to its tasks */
	int		   *first;			/* task t reads partitions first[t] .. + count[t] - 1 */
	int		   *count;
	STask	   *tasks;
	int			ndone;
	int			retries;
	int			resubmits;		/* times it was done and had to run again */
	int64_t		start_us;
	int64_t		end_us;
} SStage;

struct Query {
	uint64_t	id;
	Coordinator *co;
	PgConn	   *conn;			/* NULL once the client is gone */
	QueryDone	done;
	Arena		arena;
	ProtobufCAllocator pb_alloc;	/* unpacks into arena */
	Quarry__Fragment *frag;		/* unpacked; its tree is rewritten into stages */
	DistPlan	plan;
	SStage	   *stages;
	int			nstages;
	bool		local;			/* runs in the coordinator */
	int			too_often;		/* a stage recomputed past stage_max_attempts, or -1 */
	int			waited_ms;
	struct event *timer;
	int64_t		start_us;
	Buf			rows;
	int32_t		pid;			/* the session's, for quarry.queries */
	char		user[64];
	char	   *sql;			/* the session's statement text, or NULL */
	int64_t		wall_start_us;	/* Unix time */
	Query	   *next;
};

static void schedule(Coordinator *co);
static void observe_end(Query *q, const char *state, const Err *err);

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- the table files' row groups, for splitting scans ---- */

typedef struct FileInfo {
	char	   *path;
	int			nrgs;
	int64_t		rows;
	int64_t		bytes;
	struct FileInfo *next;
} FileInfo;

#define FILE_CACHE_MAX 4096

static FileInfo *file_cache;
static int	file_cache_n;

/* row_groups reads a file's footer once (files never change in place). */
static int
row_groups(void *arg, const char *path, int64_t *rows, int64_t *bytes)
{
	QcfFile		f;
	Err			err;
	FileInfo   *fi;
	struct stat st;

	for (fi = file_cache; fi != NULL; fi = fi->next)
		if (strcmp(fi->path, path) == 0) {
			*rows = fi->rows;
			*bytes = fi->bytes;
			return fi->nrgs;
		}
	if (stat(path, &st) != 0)
		return -1;
	*bytes = st.st_size;
	*rows = 0;
	err_clear(&err);
	if (!qcf_open(&f, path, &err))
		return -1;
	*rows = f.footer.rows;
	fi = calloc(1, sizeof(FileInfo));
	fi->path = strdup(path);
	fi->nrgs = f.footer.nrgs;
	fi->rows = f.footer.rows;
	fi->bytes = *bytes;
	qcf_close(&f);
	if (file_cache_n >= FILE_CACHE_MAX) {
		while (file_cache != NULL) {
			FileInfo   *next = file_cache->next;

			free(file_cache->path);
			free(file_cache);
			file_cache = next;
		}
		file_cache_n = 0;
	}
	fi->next = file_cache;
	file_cache = fi;
	file_cache_n++;
	return fi->nrgs;
}

/*
 * range_bounds picks up to nparts - 1 increasing bounds for a range
 * exchange on a table column from the min and max of its row groups in
 * the scan's files: the values sorted, every (n / nparts)-th taken.
 */
static int
range_bounds(void *arg, const Quarry__Scan *scan, int tcol, int nparts, Arena *a,
			 Quarry__Datum ***out)
{
	TypeId		type;
	int32_t		id;
	Value	   *v = NULL;
	int			n = 0;
	int			cap = 0;
	int			nb = 0;
	PhysType	phys;

	if (tcol < 0 || (size_t) tcol >= scan->n_table_types || nparts < 2)
		return 0;
	type = (TypeId) scan->table_types[tcol];
	phys = type_info(type)->phys;
	id = (size_t) tcol < scan->n_column_ids ? scan->column_ids[tcol] : tcol;
	for (size_t f = 0; f < scan->n_files && n < 100000; f++) {
		QcfFile		qf;
		Err			err;
		int			fc = -1;

		err_clear(&err);
		if (!qcf_open(&qf, scan->files[f], &err))
			return 0;
		for (int c = 0; c < qf.footer.ncols && fc < 0; c++)
			if ((qf.footer.ids ? qf.footer.ids[c] : c) == id)
				fc = c;
		for (int g = 0; fc >= 0 && g < qf.footer.nrgs; g++) {
			const QcfStats *st = &qf.footer.rgs[g].chunks[fc].stats;

			if (n + 2 > cap) {
				cap = cap ? cap * 2 : 64;
				v = realloc(v, sizeof(Value) * cap);
			}
			if (st->has_min)
				v[n++] = st->min;
			if (st->has_max)
				v[n++] = st->max;
			for (int k = n - (st->has_min + st->has_max); k < n; k++)
				if (phys == PHYS_STR)
					v[k].u.s.p = arena_memdup(a, v[k].u.s.p, v[k].u.s.len);
		}
		qcf_close(&qf);
	}
	if (n == 0) {
		free(v);
		return 0;
	}
	qsort(v, n, sizeof(Value), (int (*) (const void *, const void *)) value_cmp);
	*out = arena_array(a, Quarry__Datum *, nparts);
	for (int i = 1; i < nparts; i++) {
		const Value *b = &v[(int64_t) i * n / nparts];
		Quarry__Datum *d;

		if (nb > 0) {
			Value		prev;

			if (!zonemap_datum_value((*out)[nb - 1], type, &prev) || value_cmp(&prev, b) >= 0)
				continue;		/* bounds must increase */
		}
		d = arena_new(a, Quarry__Datum);
		quarry__datum__init(d);
		switch (phys) {
			case PHYS_BOOL:
				d->value_case = QUARRY__DATUM__VALUE_B;
				d->b = b->u.b;
				break;
			case PHYS_F64:
				d->value_case = QUARRY__DATUM__VALUE_F;
				d->f = b->u.f;
				break;
			case PHYS_STR:
				d->value_case = QUARRY__DATUM__VALUE_S;
				d->s.data = (uint8_t *) arena_memdup(a, b->u.s.p, b->u.s.len);
				d->s.len = b->u.s.len;
				break;
			case PHYS_I16:
			case PHYS_I32:
			case PHYS_I64:
				d->value_case = QUARRY__DATUM__VALUE_I;
				d->i = b->u.i;
				break;
			default:			/* numeric, interval: the vector layout's bytes */
				d->value_case = QUARRY__DATUM__VALUE_S;
				d->s.len = (size_t) type_phys_width(phys);
				d->s.data = (uint8_t *) arena_memdup(a, &b->u, d->s.len);
				break;
		}
		(*out)[nb++] = d;
	}
	free(v);
	return nb;
}

/* ---- queries ---- */

static int
cluster_slots(Coordinator *co)
{
	ClusterWorkerInfo info;
	int			n = 0;

	for (int i = 0; i < cluster_worker_count(co->cluster); i++)
		if (cluster_worker_info(co->cluster, i, &info) && !info.draining)
			n += info.slots;
	return n;
}

static void
unlink_query(Coordinator *co, Query *q)
{
	for (Query **p = &co->queries; *p != NULL; p = &(*p)->next)
		if (*p == q) {
			*p = q->next;
			return;
		}
}

static bool
has_shuffles(const Query *q)
{
	return q->nstages > 1;
}

/* stop_task cancels task t of stage s if it runs; it waits to run again. */
static void
stop_task(Query *q, int s, int t)
{
	STask	   *task = &q->stages[s].tasks[t];
	Quarry__TaskKey key = QUARRY__TASK_KEY__INIT;

	if (task->state != T_RUNNING)
		return;
	key.query = q->id;
	key.stage = s;
	key.partition = t;
	key.attempt = task->attempt;
	cluster_cancel_task(q->co->cluster, task->worker, &key);
	task->state = T_PENDING;
}

/* stop_tasks cancels every running task of q. */
static void
stop_tasks(Query *q)
{
	for (int s = 0; s < q->nstages; s++)
		for (int t = 0; t < q->stages[s].ntasks; t++)
			stop_task(q, s, t);
}

static void
query_free(Query *q)
{
	unlink_query(q->co, q);
	stop_tasks(q);
	if (has_shuffles(q))
		cluster_query_end(q->co->cluster, q->id);
	if (q->timer)
		event_free(q->timer);
	for (int s = 0; s < q->nstages; s++)
		for (int t = 0; t < q->stages[s].ntasks; t++)
			buf_free(&q->stages[s].tasks[t].rows);
	buf_free(&q->rows);
	arena_reset(&q->arena);
	free(q->sql);
	free(q);
}

/* finish ends the query: the session hears of it unless the client is gone. */
static void
finish(Query *q, const Err *err)
{
	QueryResult res = {.rows = &q->rows, .nrows = 0};
	Coordinator *co = q->co;

	if (err == NULL) {
		SStage	   *r = &q->stages[q->nstages - 1];

		for (int t = 0; t < r->ntasks; t++) {
			buf_put(&q->rows, r->tasks[t].rows.data, r->tasks[t].rows.len);
			res.nrows += r->tasks[t].nrows;
		}
	}
	res.query = q;
	if (q->conn != NULL)
		q->done(q->conn, &res, err);
	observe_end(q, err == NULL ? "finished" :
				strcmp(err->sqlstate, ERRCODE_QUERY_CANCELED) == 0 ? "cancelled" : "failed", err);
	query_free(q);
	schedule(co);
}

static void
fail(Query *q, const char *sqlstate, const char *fmt, const char *arg)
{
	Err			err;

	err_clear(&err);
	err_set(&err, sqlstate, fmt, arg);
	finish(q, &err);
}

static bool
stage_done(const Query *q, int s)
{
	return q->stages[s].ndone == q->stages[s].ntasks;
}

static bool
stage_runnable(const Query *q, int s)
{
	const DistStage *ds = q->stages[s].ds;

	for (int i = 0; i < ds->nparents; i++)
		if (!stage_done(q, ds->parents[i]))
			return false;
	return !stage_done(q, s);
}

/*
 * task_fragment packs the fragment of task t of stage s: the stage's tree
 * with its scan cut to the task's piece and its reads pointed at the
 * partitions and map outputs they take.
 */
static uint8_t *
task_fragment(Query *q, int s, int t, size_t *len)
{
	DistStage  *ds = q->stages[s].ds;
	Quarry__Fragment f = QUARRY__FRAGMENT__INIT;
	Quarry__ShuffleOutput out;
	Quarry__Scan saved;
	Arena		a;
	uint8_t    *packed;

	arena_init(&a);
	f.root = ds->root;
	if (ds->out == NULL) {
		f.n_result_formats = q->frag->n_result_formats;
		f.result_formats = q->frag->result_formats;
	} else {
		out = *ds->out;
		out.query = q->id;
		out.map = t;
		f.shuffle = &out;
	}
	if (ds->kind == DIST_SPLIT) {
		const DistPiece *pc = &ds->pieces[t];
		Quarry__Scan *sc = ds->split;

		saved = *sc;
		sc->n_files = (size_t) pc->nranges;
		sc->files = arena_array(&a, char *, pc->nranges + 1);
		for (int i = 0; i < pc->nranges; i++)
			sc->files[i] = saved.files[pc->file[i]];
		if (sc->csv == NULL) {
			sc->n_rg_start = sc->n_rg_end = (size_t) pc->nranges;
			sc->rg_start = pc->rg_start;
			sc->rg_end = pc->rg_end;
		}
	}
	for (int i = 0; i < ds->nreads; i++) {
		Quarry__ShuffleRead *r = ds->reads[i];
		SStage	   *ps = &q->stages[r->shuffle];
		bool		single = ps->ds->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE;

		r->query = q->id;
		if (single) {
			r->n_partitions = 1;
			r->partitions = arena_array(&a, int32_t, 1);
			r->partitions[0] = 0;
		} else {
			SStage	   *me = &q->stages[s];

			r->n_partitions = (size_t) me->count[t];
			r->partitions = arena_array(&a, int32_t, me->count[t]);
			for (int k = 0; k < me->count[t]; k++)
				r->partitions[k] = me->first[t] + k;
		}
		r->n_sources = (size_t) ps->ntasks;
		r->sources = arena_array(&a, Quarry__ShuffleSource *, ps->ntasks);
		for (int m = 0; m < ps->ntasks; m++) {
			Quarry__ShuffleSource *src = arena_new(&a, Quarry__ShuffleSource);

			quarry__shuffle_source__init(src);
			src->map = m;
			src->endpoint = ps->tasks[m].endpoint;
			src->worker = ps->tasks[m].worker;
			r->sources[m] = src;
		}
	}
	*len = quarry__fragment__get_packed_size(&f);
	packed = malloc(*len + 1);
	quarry__fragment__pack(&f, packed);
	if (ds->kind == DIST_SPLIT)
		*ds->split = saved;
	for (int i = 0; i < ds->nreads; i++) {
		ds->reads[i]->n_partitions = 0;
		ds->reads[i]->partitions = NULL;
		ds->reads[i]->n_sources = 0;
		ds->reads[i]->sources = NULL;
	}
	arena_reset(&a);
	return packed;
}

/* launch sends task t of stage s to worker; false if it could not be sent. */
static bool
launch(Query *q, int s, int t, const char *worker)
{
	Coordinator *co = q->co;
	SStage	   *st = &q->stages[s];
	STask	   *task = &st->tasks[t];
	Quarry__TaskLaunch msg = QUARRY__TASK_LAUNCH__INIT;
	Quarry__TaskKey key = QUARRY__TASK_KEY__INIT;
	ClusterWorkerInfo info;
	size_t		len;
	uint8_t    *frag;
	Err			err;

	task->attempt++;
	task->state = T_RUNNING;
	snprintf(task->worker, sizeof(task->worker), "%s", worker);
	task->endpoint[0] = '\0';
	for (int i = 0; i < cluster_worker_count(co->cluster); i++)
		if (cluster_worker_info(co->cluster, i, &info) && strcmp(info.id, worker) == 0)
			snprintf(task->endpoint, sizeof(task->endpoint), "%s", info.shuffle_endpoint);
	buf_reset(&task->rows);
	task->nrows = 0;
	if (st->start_us == 0)
		st->start_us = now_us();
	if (task->attempt > 1)
		st->retries++;
	frag = task_fragment(q, s, t, &len);
	key.query = q->id;
	key.stage = s;
	key.partition = t;
	key.attempt = task->attempt;
	msg.key = &key;
	msg.fragment.data = frag;
	msg.fragment.len = len;
	err_clear(&err);
	if (!cluster_send_task(co->cluster, worker, &msg, &err)) {
		free(frag);
		task->state = T_PENDING;
		log_log("query %llu: could not send stage %d task %d to worker %s: %s",
				(unsigned long long) q->id, s, t, worker, err.message);
		return false;
	}
	free(frag);
	log_debug("query %llu stage %d task %d attempt %d sent to worker %s",
			  (unsigned long long) q->id, s, t, task->attempt, worker);
	return true;
}

/*
 * group_partitions gives stage s's tasks their partitions once its parents
 * are done: one partition each, or, when the map outputs reported their
 * partitions' sizes, runs of neighbouring partitions of about
 * max(total / slots, shuffle_coalesce_bytes) bytes, so small shuffles take few
 * tasks (neighbours, so range partitions stay in order).
 */
static void
group_partitions(Query *q, int s)
{
	SStage	   *st = &q->stages[s];
	const DistStage *ds = st->ds;
	int			np = ds->ntasks;
	int64_t    *size = arena_array(&q->arena, int64_t, np + 1);
	int64_t		total = 0;
	int64_t		target;
	bool		known = ds->kind == DIST_HASH;
	int			slots = cluster_slots(q->co);
	int			n = 0;
	int64_t		acc = 0;

	st->grouped = true;
	st->first = arena_array(&q->arena, int, np + 1);
	st->count = arena_array(&q->arena, int, np + 1);
	for (int r = 0; r < ds->nreads && known; r++) {
		const SStage *ps = &q->stages[ds->parents[r]];

		if (ps->ds->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE)
			continue;
		for (int m = 0; m < ps->ntasks && known; m++) {
			known = ps->tasks[m].nparts == np;
			for (int p = 0; p < np && known; p++)
				size[p] += ps->tasks[m].part_bytes[p];
		}
	}
	for (int p = 0; p < np; p++)
		total += size[p];
	target = total / (slots > 0 ? slots : 1);
	if (target < q->co->cfg->shuffle_coalesce_bytes)
		target = q->co->cfg->shuffle_coalesce_bytes;
	for (int p = 0; p < np; p++) {
		if (!known || n == 0 || acc + size[p] > target) {
			st->first[n] = p;
			st->count[n] = 0;
			n++;
			acc = 0;
		}
		st->count[n - 1]++;
		acc += size[p];
	}
	st->ntasks = n > 0 ? n : 1;
	if (n == 0) {
		st->first[0] = 0;
		st->count[0] = 0;
	}
}

/* local_bytes: how many of the bytes task t of stage s reads are on worker. */
static int64_t
local_bytes(const Query *q, int s, int t, const char *worker)
{
	const SStage *st = &q->stages[s];
	int64_t		n = 0;

	for (int r = 0; r < st->ds->nreads; r++) {
		const SStage *ps = &q->stages[st->ds->parents[r]];
		bool		single = ps->ds->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE;

		for (int m = 0; m < ps->ntasks; m++) {
			const STask *mt = &ps->tasks[m];

			if (strcmp(mt->worker, worker) != 0)
				continue;
			if (single)
				n += mt->shuffle_bytes;
			else
				for (int p = st->first[t]; p < st->first[t] + st->count[t] && p < mt->nparts; p++)
					n += mt->part_bytes[p];
		}
	}
	return n;
}

/*
 * same_piece: 1 when task t of a split scan is the one worker gets in
 * every query (t modulo the workers), so repeated scans of a table find
 * their decoded chunks in the same worker's cache.
 */
static int64_t
same_piece(const Query *q, int s, int t, const char *worker)
{
	ClusterWorkerInfo info;
	int			n = cluster_worker_count(q->co->cluster);

	if (q->stages[s].ds->kind != DIST_SPLIT || n < 2)
		return 0;
	for (int i = 0; i < n; i++)
		if (cluster_worker_info(q->co->cluster, i, &info) && strcmp(info.id, worker) == 0)
			return t % n == i ? 1 : 0;
	return 0;
}

/*
 * launch_one starts one of q's waiting tasks on worker, preferring the task
 * with most of its input there (or a split scan's piece the worker read
 * before), and not a task that already failed there; false: none was sent.
 */
static bool
launch_one(Query *q, const char *worker)
{
	for (int s = 0; s < q->nstages; s++) {
		int			best = -1;
		int64_t		best_bytes = -1;

		if (!stage_runnable(q, s))
			continue;
		if (!q->stages[s].grouped)
			group_partitions(q, s);
		for (int t = 0; t < q->stages[s].ntasks; t++) {
			int64_t		b;

			if (q->stages[s].tasks[t].state != T_PENDING)
				continue;
			b = q->stages[s].ds->nreads > 0 ? local_bytes(q, s, t, worker) :
				same_piece(q, s, t, worker);
			if (q->stages[s].tasks[t].failures > 0 &&
				strcmp(q->stages[s].tasks[t].worker, worker) == 0)
				b = -1;			/* a task that failed there goes elsewhere if it can */
			if (b > best_bytes) {
				best = t;
				best_bytes = b;
			}
		}
		if (best >= 0)
			return launch(q, s, best, worker);
	}
	return false;
}

static bool
waiting(const Query *q)
{
	if (q->local)
		return false;
	for (int s = 0; s < q->nstages; s++)
		if (stage_runnable(q, s))
			for (int t = 0; t < q->stages[s].ntasks; t++)
				if (q->stages[s].tasks[t].state == T_PENDING)
					return true;
	return false;
}

/*
 * schedule hands free slots to waiting tasks, one task per query in turn.
 * With no worker registered at all, a waiting query polls for one and fails
 * after WORKER_WAIT_MS.
 */
#define MAX_SKIP 16

static void
schedule(Coordinator *co)
{
	bool		progress = true;
	char		skipped[MAX_SKIP][64];
	const char *skip[MAX_SKIP];
	int			nskip = 0;

	if (cluster_worker_count(co->cluster) == 0) {
		for (Query *q = co->queries; q != NULL; q = q->next)
			if (waiting(q) && !evtimer_pending(q->timer, NULL)) {
				struct timeval tv = {0, WORKER_POLL_MS * 1000};

				evtimer_add(q->timer, &tv);
			}
		return;
	}
	while (progress) {
		progress = false;
		for (Query *q = co->queries; q != NULL; q = q->next) {
			const char *worker = cluster_pick_free_worker(co->cluster, skip, nskip);

			if (worker == NULL)
				return;
			if (q->local || !waiting(q))
				continue;
			if (launch_one(q, worker))
				progress = true;
			else if (nskip < MAX_SKIP) {
				/* it could not be sent there: not to that worker this round */
				snprintf(skipped[nskip], sizeof(skipped[nskip]), "%s", worker);
				skip[nskip] = skipped[nskip];
				nskip++;
				progress = true;
			}
		}
	}
}

/* run_local runs a plan that reads no files in the coordinator. */
static bool
collect_rows(void *arg, const uint8_t *data, size_t len)
{
	buf_put(&((STask *) arg)->rows, data, len);
	return true;
}

static void
run_local(Query *q)
{
	STask	   *task = &q->stages[0].tasks[0];
	TaskSink	sink = {collect_rows, task};
	TaskStats	stats = {0};
	atomic_bool cancel = false;
	Err			err;

	if (q->frag == NULL || q->frag->root == NULL) {
		fail(q, ERRCODE_INTERNAL_ERROR, "could not decode the plan fragment%s", "");
		return;
	}
	err_clear(&err);
	if (!task_execute_fragment(q->frag, NULL, &sink, &cancel, &stats, &err)) {
		finish(q, &err);
		return;
	}
	task->nrows = stats.rows;
	task->nnodes = stats.nnodes;
	task->node_rows = arena_memdup(&q->arena, stats.node_rows, sizeof(int64_t) * (stats.nnodes + 1));
	task->node_time_us = arena_memdup(&q->arena, stats.node_time_us,
									  sizeof(int64_t) * (stats.nnodes + 1));
	task->state = T_DONE;
	q->stages[0].ndone = 1;
	finish(q, NULL);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	Query	   *q = arg;

	if (q->local) {
		run_local(q);
		return;
	}
	if (cluster_worker_count(q->co->cluster) == 0) {
		q->waited_ms += WORKER_POLL_MS;
		if (q->waited_ms >= WORKER_WAIT_MS) {
			fail(q, ERRCODE_INSUFFICIENT_RESOURCES, "no worker is available to run the query%s", "");
			return;
		}
	}
	schedule(q->co);
}

/* one_host: every registered worker has the same host (DESIGN.md section 10). */
static bool
one_host(Coordinator *co)
{
	ClusterWorkerInfo first;
	ClusterWorkerInfo info;

	if (!cluster_worker_info(co->cluster, 0, &first))
		return false;
	for (int i = 1; i < cluster_worker_count(co->cluster); i++)
		if (cluster_worker_info(co->cluster, i, &info) && strcmp(info.host, first.host) != 0)
			return false;
	return true;
}

/* coord_dist_options: how plans are cut for the cluster as it is now. */
void
coord_dist_options(Coordinator *co, DistOptions *opt)
{
	int			slots = cluster_slots(co);

	memset(opt, 0, sizeof(*opt));
	opt->slots = slots > 0 ? slots : 1;
	/* four partitions a slot, so that skew evens out; small ones are coalesced */
	opt->partitions = co->cfg->shuffle_partitions > 0 ? co->cfg->shuffle_partitions :
		(opt->slots * 4 < 64 ? opt->slots * 4 : 64);
	opt->broadcast_threshold = co->cfg->broadcast_threshold;
	opt->row_groups = row_groups;
	opt->range_bounds = range_bounds;
	opt->raw_shuffle = one_host(co);
}

/* plan_stages cuts q's fragment into stages (one stage when it cannot be cut). */
static void
plan_stages(Query *q)
{
	DistOptions opt;

	coord_dist_options(q->co, &opt);
	if (!dist_plan(&q->arena, q->frag->root, &opt, &q->plan)) {
		DistStage  *one = arena_new(&q->arena, DistStage);

		one->root = q->frag->root;
		one->kind = DIST_REPL;
		one->ntasks = 1;
		q->plan.stages = one;
		q->plan.nstages = 1;
	}
	q->nstages = q->plan.nstages;
	q->stages = arena_array(&q->arena, SStage, q->nstages);
	for (int s = 0; s < q->nstages; s++) {
		q->stages[s].ds = &q->plan.stages[s];
		q->stages[s].ntasks = q->plan.stages[s].ntasks;
		q->stages[s].tasks = arena_array(&q->arena, STask, q->plan.stages[s].ntasks);
		for (int t = 0; t < q->plan.stages[s].ntasks; t++)
			buf_init(&q->stages[s].tasks[t].rows);
	}
}

/* coord_submit starts a query running fragment; done is called once at its end. */
Query *
coord_submit(Coordinator *co, PgConn *conn, const uint8_t *fragment, size_t len, QueryDone done)
{
	Query	   *q = calloc(1, sizeof(Query));

	q->id = ++co->next_query_id;
	q->co = co;
	q->conn = conn;
	q->done = done;
	q->start_us = now_us();
	q->too_often = -1;
	for (PgConn *c = co->conns; c != NULL; c = c->next) {
		int64_t		at;
		const char *sql;

		if (c != conn)
			continue;			/* a table write's part passes its own handle */
		sql = syscat_query_of(conn, &at);
		q->pid = conn->backend_pid;
		snprintf(q->user, sizeof(q->user), "%s", conn->user);
		q->sql = sql != NULL ? strdup(sql) : NULL;
	}
	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		q->wall_start_us = (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	}
	arena_init(&q->arena);
	buf_init(&q->rows);
	q->timer = evtimer_new(co->base, on_timer, q);
	q->next = co->queries;
	co->queries = q;
	arena_protobuf_allocator(&q->arena, &q->pb_alloc);	/* the planner rewrites it in place */
	q->frag = quarry__fragment__unpack(&q->pb_alloc, len, fragment);
	if (q->frag == NULL || q->frag->root == NULL || dist_reads_nothing(q->frag->root)) {
		struct timeval now = {0, 0};

		q->local = true;
		q->nstages = 1;
		q->stages = arena_array(&q->arena, SStage, 1);
		q->plan.stages = arena_new(&q->arena, DistStage);
		q->plan.stages->root = q->frag ? q->frag->root : NULL;
		q->plan.stages->ntasks = 1;
		q->plan.nstages = 1;
		q->stages[0].ds = q->plan.stages;
		q->stages[0].ntasks = 1;
		q->stages[0].tasks = arena_array(&q->arena, STask, 1);
		buf_init(&q->stages[0].tasks[0].rows);
		evtimer_add(q->timer, &now);
		return q;
	}
	plan_stages(q);
	schedule(co);
	return q;
}

/* coord_cancel forgets the client of q and stops its tasks. */
void
coord_cancel(Coordinator *co, Query *q)
{
	Err			err;

	q->conn = NULL;
	err_clear(&err);
	err_set(&err, ERRCODE_QUERY_CANCELED, "canceling statement: its session stopped it (a cancel request, "
			"statement_timeout or the client gone)%s", "");
	observe_end(q, "cancelled", &err);
	query_free(q);
	schedule(co);
}

/* ---- reports from the workers ---- */

static STask *
find_task(Coordinator *co, const Quarry__TaskKey *key, Query **qp)
{
	if (key == NULL)
		return NULL;
	for (Query *q = co->queries; q != NULL; q = q->next) {
		STask	   *t;

		if (q->id != key->query)
			continue;
		if (key->stage < 0 || key->stage >= q->nstages || key->partition < 0 ||
			key->partition >= q->stages[key->stage].ntasks)
			return NULL;
		t = &q->stages[key->stage].tasks[key->partition];
		if (t->state != T_RUNNING || t->attempt != key->attempt)
			return NULL;
		*qp = q;
		return t;
	}
	return NULL;
}

static void
on_result(void *arg, const Quarry__TaskKey *key, const uint8_t *data, size_t len)
{
	Query	   *q;
	STask	   *t = find_task(arg, key, &q);

	if (t != NULL)
		buf_put(&t->rows, data, len);
}

/*
 * lose_output: map task m of stage s must run again; the tasks of stages
 * reading s that are running are stopped and wait for it.
 */
static void
lose_output(Query *q, int s, int m)
{
	STask	   *t = &q->stages[s].tasks[m];

	if (t->state != T_DONE)
		return;
	if (stage_done(q, s) && ++q->stages[s].resubmits >= q->co->cfg->stage_max_attempts &&
		q->too_often < 0)
		q->too_often = s;
	t->state = T_PENDING;
	q->stages[s].ndone--;
	q->stages[s].retries++;
	for (int c = 0; c < q->nstages; c++) {
		const DistStage *ds = q->stages[c].ds;

		for (int i = 0; i < ds->nparents; i++)
			if (ds->parents[i] == s)
				for (int k = 0; k < q->stages[c].ntasks; k++)
					stop_task(q, c, k);
	}
}

static bool still_needed(const Query *q, int s);

/* lose_worker_outputs: every map output on worker that a stage still needs runs again. */
static void
lose_worker_outputs(Query *q, const char *worker)
{
	for (int s = q->nstages - 2; s >= 0; s--)
		for (int t = 0; t < q->stages[s].ntasks; t++)
			if (q->stages[s].tasks[t].state == T_DONE &&
				strcmp(q->stages[s].tasks[t].worker, worker) == 0 && still_needed(q, s))
				lose_output(q, s, t);
}

/* resubmitted_too_often fails q when a stage had to run again too often. */
static bool
resubmitted_too_often(Query *q)
{
	char		msg[200];

	if (q->too_often < 0)
		return false;
	snprintf(msg, sizeof(msg), "query failed: stage %d lost its outputs %d times "
			 "(stage_max_attempts)%s", q->too_often, q->stages[q->too_often].resubmits, "");
	fail(q, ERRCODE_SYSTEM_ERROR, "%s", msg);
	return true;
}

/* task_lost counts a lost attempt; false when the query failed for it. */
static bool
task_lost(Query *q, int s, int t, const char *why)
{
	STask	   *task = &q->stages[s].tasks[t];
	Err			err;

	task->state = T_PENDING;
	if (++task->failures >= q->co->cfg->task_max_attempts) {
		err_clear(&err);
		err_set(&err, ERRCODE_SYSTEM_ERROR,
				"query failed: stage %d task %d was lost %d times; last cause: %s",
				s, t, task->failures, why);
		finish(q, &err);
		return false;
	}
	log_log("query %llu: stage %d task %d runs again after attempt %d on worker %s: %s",
			(unsigned long long) q->id, s, t, task->attempt, task->worker, why);
	return true;
}

static void
on_status(void *arg, const Quarry__TaskStatus *st)
{
	Coordinator *co = arg;
	Query	   *q;
	STask	   *t = find_task(co, st->key, &q);
	int			s;
	Err			err;

	if (t == NULL) {
		schedule(co);			/* an attempt we stopped: its slot is free again */
		return;
	}
	obs_task_ended(st->state == QUARRY__TASK_STATE__TASK_SUCCEEDED ? "succeeded" :
				   st->state == QUARRY__TASK_STATE__TASK_CANCELLED ? "cancelled" :
				   st->kind == QUARRY__FAILURE_KIND__FETCH_FAILED ||
				   st->kind == QUARRY__FAILURE_KIND__TASK_LOST ? "lost" : "failed");
	s = st->key->stage;
	switch (st->state) {
		case QUARRY__TASK_STATE__TASK_SUCCEEDED:
			t->state = T_DONE;
			t->nrows = st->rows;
			t->shuffle_bytes = st->shuffle_bytes;
			t->shuffle_rows = st->shuffle_rows;
			t->elapsed_us = st->elapsed_us;
			t->nparts = (int) st->n_partition_bytes;
			t->part_bytes = t->nparts > 0 ?
				arena_memdup(&q->arena, st->partition_bytes, sizeof(int64_t) * t->nparts) : NULL;
			t->nnodes = (int) st->n_node_rows;
			t->node_rows = t->nnodes > 0 ?
				arena_memdup(&q->arena, st->node_rows, sizeof(int64_t) * t->nnodes) : NULL;
			t->node_time_us = t->nnodes > 0 && st->n_node_time_us == (size_t) t->nnodes ?
				arena_memdup(&q->arena, st->node_time_us, sizeof(int64_t) * t->nnodes) : NULL;
			if (++q->stages[s].ndone == q->stages[s].ntasks)
				q->stages[s].end_us = now_us();
			if (s == q->nstages - 1 && stage_done(q, s)) {
				finish(q, NULL);
				return;
			}
			break;
		case QUARRY__TASK_STATE__TASK_FAILED:
			if (st->kind == QUARRY__FAILURE_KIND__FETCH_FAILED) {
				if (!task_lost(q, s, st->key->partition,
							   st->message[0] ? st->message : "shuffle fetch failed"))
					return;
				if (st->fetch_shuffle >= 0 && st->fetch_shuffle < q->nstages &&
					st->fetch_map >= 0 && st->fetch_map < q->stages[st->fetch_shuffle].ntasks)
					lose_output(q, st->fetch_shuffle, st->fetch_map);
				/* the worker that could not serve it may have lost the others too */
				if (st->fetch_worker[0] != '\0')
					lose_worker_outputs(q, st->fetch_worker);
				if (resubmitted_too_often(q))
					return;
				break;
			}
			if (st->kind == QUARRY__FAILURE_KIND__TASK_LOST) {
				if (!task_lost(q, s, st->key->partition, st->message[0] ? st->message : "task lost"))
					return;
				break;
			}
			t->errored = true;
			err_clear(&err);
			err_set(&err, st->sqlstate[0] ? st->sqlstate : ERRCODE_INTERNAL_ERROR, "%s", st->message);
			snprintf(err.detail, sizeof(err.detail), "%s", st->detail);
			snprintf(err.hint, sizeof(err.hint), "%s", st->hint);
			snprintf(err.schema_name, sizeof(err.schema_name), "%s", st->schema_name);
			snprintf(err.table_name, sizeof(err.table_name), "%s", st->table_name);
			snprintf(err.column_name, sizeof(err.column_name), "%s", st->column_name);
			snprintf(err.constraint_name, sizeof(err.constraint_name), "%s", st->constraint_name);
			finish(q, &err);
			return;
		case QUARRY__TASK_STATE__TASK_CANCELLED:
			/* a cancel we did not ask for (the worker is draining): run it again */
			if (!task_lost(q, s, st->key->partition, "task cancelled on its worker"))
				return;
			break;
		default:
			return;
	}
	schedule(co);
}

/* still_needed: a stage reading stage s has not finished. */
static bool
still_needed(const Query *q, int s)
{
	for (int c = 0; c < q->nstages; c++)
		for (int i = 0; i < q->stages[c].ds->nparents; i++)
			if (q->stages[c].ds->parents[i] == s && !stage_done(q, c))
				return true;
	return false;
}

static void
on_worker_lost(void *arg, const char *worker_id)
{
	Coordinator *co = arg;
	Query	   *q = co->queries;

	while (q != NULL) {
		Query	   *next = q->next;
		bool		alive = true;

		/* consumers first: a stage's outputs are needed again once a stage
		 * reading them lost some of its own */
		for (int s = q->nstages - 1; s >= 0 && alive; s--)
			for (int t = 0; t < q->stages[s].ntasks && alive; t++) {
				STask	   *task = &q->stages[s].tasks[t];

				if (strcmp(task->worker, worker_id) != 0)
					continue;
				if (task->state == T_RUNNING)
					alive = task_lost(q, s, t, "worker lost");
				else if (task->state == T_DONE && still_needed(q, s))
					lose_output(q, s, t);
			}
		if (alive)
			(void) resubmitted_too_often(q);
		q = next;
	}
	schedule(co);
}

static void
on_worker_joined(void *arg)
{
	schedule(arg);
}

void
coord_cluster_callbacks(Coordinator *co, ClusterCallbacks *cb)
{
	cb->on_result = on_result;
	cb->on_status = on_status;
	cb->on_worker_lost = on_worker_lost;
	cb->on_worker_joined = on_worker_joined;
	cb->arg = co;
}

/* ---- what EXPLAIN ANALYZE shows ---- */

const DistPlan *
coord_query_plan(const Query *q)
{
	return &q->plan;
}

int64_t
coord_query_elapsed_us(const Query *q)
{
	return now_us() - q->start_us;
}

void
coord_query_stats(const Query *q, CoordStageStats *out, int max, int *n)
{
	*n = 0;
	for (int s = 0; s < q->nstages && *n < max; s++) {
		CoordStageStats *o = &out[(*n)++];
		const SStage *st = &q->stages[s];

		memset(o, 0, sizeof(*o));
		o->stage = s;
		o->kind = st->ds->kind;
		o->tasks = st->ntasks;
		o->retries = st->retries;
		o->time_us = st->end_us > st->start_us ? st->end_us - st->start_us : 0;
		for (int t = 0; t < st->ntasks; t++) {
			const STask *task = &st->tasks[t];

			o->rows += st->ds->out ? task->shuffle_rows : task->nrows;
			o->shuffle_bytes += task->shuffle_bytes;
			if (task->nnodes > 0 && (o->nnodes == 0 || o->nnodes == task->nnodes)) {
				if (o->nnodes == 0) {
					o->nnodes = task->nnodes;
					o->node_rows = arena_array((Arena *) &q->arena, int64_t, task->nnodes);
					o->node_time_us = arena_array((Arena *) &q->arena, int64_t, task->nnodes);
				}
				for (int k = 0; k < task->nnodes; k++) {
					o->node_rows[k] += task->node_rows[k] > 0 ? task->node_rows[k] : 0;
					if (task->node_time_us != NULL && task->node_time_us[k] > o->node_time_us[k])
						o->node_time_us[k] = task->node_time_us[k];
				}
			}
		}
	}
}

/* ---- what quarry.queries, quarry.stages, quarry.tasks and the web UI show ---- */

static const char *
task_state_name(const Query *q, const STask *t, const char *qstate)
{
	if (t->errored)
		return "failed";
	switch (t->state) {
		case T_DONE:
			return "succeeded";
		case T_RUNNING:
			return strcmp(qstate, "running") == 0 ? "running" : "cancelled";
		default:
			return t->attempt == 0 && strcmp(qstate, "running") != 0 ? "not run" : "pending";
	}
}

/* stage_snapshot fills stage s of out (shuffle bytes read: its parents' outputs). */
static void
stage_snapshot(const Query *q, int s, Arena *a, ObsStage *o)
{
	const SStage *st = &q->stages[s];
	DistPlan	one = {(DistStage *) st->ds, 1, q->plan.partitions};

	o->stage = s;
	o->kind = q->local ? "coordinator" : dist_kind_name(st->ds->kind);
	o->partitioning = explain_stage_output(a, st->ds);
	o->nparents = st->ds->nparents;
	o->parents = st->ds->nparents > 0 ?
		arena_memdup(a, st->ds->parents, sizeof(int) * st->ds->nparents) : NULL;
	o->tasks = st->ntasks;
	o->done = st->ndone;
	o->retries = st->retries;
	o->time_us = st->end_us > st->start_us ? st->end_us - st->start_us :
		st->start_us > 0 ? now_us() - st->start_us : 0;
	for (int t = 0; t < st->ntasks; t++) {
		o->rows += st->ds->out ? st->tasks[t].shuffle_rows : st->tasks[t].nrows;
		o->shuffle_written += st->tasks[t].shuffle_bytes;
		o->failed_attempts += st->tasks[t].failures + (st->tasks[t].errored ? 1 : 0);
	}
	for (int i = 0; i < st->ds->nparents; i++) {
		const SStage *ps = &q->stages[st->ds->parents[i]];
		int64_t		bytes = 0;

		for (int t = 0; t < ps->ntasks; t++)
			bytes += ps->tasks[t].shuffle_bytes;
		/* a gathered or broadcast output is read whole by every task */
		if (ps->ds->out != NULL && ps->ds->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE)
			bytes *= st->ntasks;
		o->shuffle_read += bytes;
	}
	if (st->ds->root != NULL)
		o->lines = explain_stage_lines(a, &one, NULL, NULL, NULL, NULL, &o->nlines);
}

/*
 * coord_query_observe describes q as it is now into out (memory from a);
 * while it runs its state is "running".
 */
void
coord_query_observe(const Query *q, Arena *a, ObsQuery *out)
{
	const char *state = out->state != NULL ? out->state : "running";
	int			k = 0;

	out->id = q->id;
	out->pid = q->pid;
	out->user = arena_strdup(a, q->user);
	out->state = state;
	out->sql = q->sql != NULL ? arena_strdup(a, q->sql) : NULL;
	out->started_us = q->wall_start_us;
	out->duration_us = now_us() - q->start_us;
	out->nstages = q->nstages;
	out->stages = arena_array(a, ObsStage, q->nstages + 1);
	out->ntasks = 0;
	for (int s = 0; s < q->nstages; s++)
		out->ntasks += q->stages[s].ntasks;
	out->tasks = arena_array(a, ObsTask, out->ntasks + 1);
	out->rows = 0;
	for (int s = 0; s < q->nstages; s++) {
		const SStage *st = &q->stages[s];

		stage_snapshot(q, s, a, &out->stages[s]);
		for (int t = 0; t < st->ntasks; t++) {
			const STask *task = &st->tasks[t];
			ObsTask    *o = &out->tasks[k++];

			o->stage = s;
			o->task = t;
			o->attempt = q->local ? 1 : task->attempt;
			o->failures = task->failures;
			snprintf(o->worker, sizeof(o->worker), "%s", q->local ? "coordinator" : task->worker);
			o->state = task_state_name(q, task, state);
			o->rows = st->ds->out ? task->shuffle_rows : task->nrows;
			o->elapsed_us = task->elapsed_us;
			if (s == q->nstages - 1)
				out->rows += task->nrows;
		}
	}
}

/* coord_observe_running describes every query with work in flight, newest first. */
int
coord_observe_running(Coordinator *co, Arena *a, ObsQuery **out)
{
	int			n = 0;
	int			k = 0;

	for (Query *q = co->queries; q != NULL; q = q->next)
		n++;
	*out = arena_array(a, ObsQuery, n + 1);
	for (Query *q = co->queries; q != NULL; q = q->next)
		coord_query_observe(q, a, &(*out)[k++]);
	return n;
}

/* observe_end records q's end in the history (obs_query_ended). */
static void
observe_end(Query *q, const char *state, const Err *err)
{
	ObsQuery   *o = calloc(1, sizeof(ObsQuery));
	struct timespec ts;

	if (o == NULL)
		return;
	arena_init(&o->arena);
	o->state = state;
	coord_query_observe(q, &o->arena, o);
	clock_gettime(CLOCK_REALTIME, &ts);
	o->ended_us = (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	if (err != NULL) {
		snprintf(o->sqlstate, sizeof(o->sqlstate), "%s", err->sqlstate);
		o->error = arena_strdup(&o->arena, err->message);
		o->rows = 0;
	}
	obs_query_ended(o);
}

int
coord_running_count(const Coordinator *co)
{
	int			n = 0;

	for (const Query *q = co->queries; q != NULL; q = q->next)
		n++;
	return n;
}
