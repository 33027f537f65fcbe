/*
 * coordinator.c
 *	  The coordinator's main loop and the life of a query's task.
 *
 *	  A SELECT becomes one result task (the walking skeleton plans a single
 *	  stage).  coord_submit picks a worker and sends TASK; RESULT chunks are
 *	  buffered and released to the session only when STATUS says the attempt
 *	  succeeded, so a retried attempt never sends a row twice.  An attempt
 *	  lost with its worker (TASK_LOST, or the worker declared lost) is retried
 *	  on another worker up to task_max_attempts; a TASK_ERROR (the query's own
 *	  error, such as division by zero) fails the query at once.  Messages for
 *	  an attempt that is no longer current are ignored.
 */
#include "coordinator.h"

#include <event2/event.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "ddl.h"

#define WORKER_WAIT_MS 10000	/* how long a query waits for a first worker */
#define WORKER_POLL_MS 100

struct Query {
	uint64_t	id;
	Coordinator *co;
	PgConn	   *conn;			/* NULL once the client is gone */
	QueryDone	done;
	uint8_t    *fragment;
	size_t		fraglen;
	int			attempt;		/* current attempt, 1-based; 0 = not launched */
	char		worker[64];
	Buf			rows;
	int			waited_ms;
	struct event *timer;
	Query	   *next;
};

static void launch(Query *q);

static void
unlink_query(Coordinator *co, Query *q)
{
	for (Query **p = &co->queries; *p != NULL; p = &(*p)->next)
		if (*p == q) {
			*p = q->next;
			return;
		}
}

static void
query_free(Query *q)
{
	unlink_query(q->co, q);
	if (q->timer)
		event_free(q->timer);
	buf_free(&q->rows);
	free(q->fragment);
	free(q);
}

/* finish ends the query: the session hears of it unless the client is gone. */
static void
finish_rows(Query *q, const Err *err, int64_t nrows)
{
	QueryResult res = {.rows = &q->rows, .nrows = nrows};

	if (q->conn != NULL)
		q->done(q->conn, &res, err);
	query_free(q);
}

static void
finish(Query *q, const Err *err)
{
	finish_rows(q, err, 0);
}

static void
fail_query(Query *q, const char *sqlstate, const char *fmt, const char *arg)
{
	Err			err;

	err_clear(&err);
	err_set(&err, sqlstate, fmt, arg);
	finish(q, &err);
}

static void
on_wait_timer(evutil_socket_t fd, short what, void *arg)
{
	launch(arg);
}

/* launch sends the next attempt of q to a worker, or waits for one. */
static void
launch(Query *q)
{
	Coordinator *co = q->co;
	const char *worker = cluster_pick_worker(co->cluster);
	Quarry__TaskLaunch task = QUARRY__TASK_LAUNCH__INIT;
	Quarry__TaskKey key = QUARRY__TASK_KEY__INIT;
	Err			err;

	if (worker == NULL) {
		struct timeval tv = {0, WORKER_POLL_MS * 1000};

		if (q->waited_ms >= WORKER_WAIT_MS) {
			fail_query(q, ERRCODE_INSUFFICIENT_RESOURCES, "no worker is available to run the query%s", "");
			return;
		}
		q->waited_ms += WORKER_POLL_MS;
		evtimer_add(q->timer, &tv);
		return;
	}
	q->attempt++;
	snprintf(q->worker, sizeof(q->worker), "%s", worker);
	buf_reset(&q->rows);
	key.query = q->id;
	key.attempt = q->attempt;
	task.key = &key;
	task.fragment.data = q->fragment;
	task.fragment.len = q->fraglen;
	err_clear(&err);
	if (!cluster_send_task(co->cluster, worker, &task, &err)) {
		finish(q, &err);
		return;
	}
	log_debug("query %llu attempt %d sent to worker %s", (unsigned long long) q->id,
			  q->attempt, worker);
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
	q->fragment = malloc(len > 0 ? len : 1);
	memcpy(q->fragment, fragment, len);
	q->fraglen = len;
	q->timer = evtimer_new(co->base, on_wait_timer, q);
	buf_init(&q->rows);
	q->next = co->queries;
	co->queries = q;
	launch(q);
	return q;
}

/* coord_cancel forgets the client of q and cancels its running attempt. */
void
coord_cancel(Coordinator *co, Query *q)
{
	Quarry__TaskKey key = QUARRY__TASK_KEY__INIT;

	q->conn = NULL;
	if (q->attempt == 0) {
		query_free(q);
		return;
	}
	key.query = q->id;
	key.attempt = q->attempt;
	cluster_cancel_task(co->cluster, q->worker, &key);
}

static Query *
find_attempt(Coordinator *co, const Quarry__TaskKey *key)
{
	if (key == NULL)
		return NULL;
	for (Query *q = co->queries; q != NULL; q = q->next)
		if (q->id == key->query)
			return q->attempt == key->attempt ? q : NULL;
	return NULL;
}

static void
on_result(void *arg, const Quarry__TaskKey *key, const uint8_t *data, size_t len)
{
	Query	   *q = find_attempt(arg, key);

	if (q != NULL)
		buf_put(&q->rows, data, len);
}

/* retry runs a lost attempt again elsewhere, up to task_max_attempts. */
static void
retry(Query *q, const char *why)
{
	if (q->conn == NULL) {
		query_free(q);
		return;
	}
	if (q->attempt >= q->co->cfg->task_max_attempts) {
		Err			err;

		err_clear(&err);
		err_set(&err, ERRCODE_SYSTEM_ERROR,
				"query failed: stage 0 partition 0 lost %d times; last cause: %s",
				q->attempt, why);
		finish(q, &err);
		return;
	}
	log_log("query %llu: retrying the task after attempt %d on worker %s: %s",
			(unsigned long long) q->id, q->attempt, q->worker, why);
	launch(q);
}

static void
on_status(void *arg, const Quarry__TaskStatus *st)
{
	Query	   *q = find_attempt(arg, st->key);
	Err			err;

	if (q == NULL)
		return;
	switch (st->state) {
		case QUARRY__TASK_STATE__TASK_SUCCEEDED:
			finish_rows(q, NULL, st->rows);
			return;
		case QUARRY__TASK_STATE__TASK_FAILED:
			if (st->kind == QUARRY__FAILURE_KIND__TASK_LOST) {
				retry(q, st->message[0] ? st->message : "task lost");
				return;
			}
			err_clear(&err);
			err_set(&err, st->sqlstate[0] ? st->sqlstate : ERRCODE_INTERNAL_ERROR, "%s", st->message);
			snprintf(err.detail, sizeof(err.detail), "%s", st->detail);
			snprintf(err.hint, sizeof(err.hint), "%s", st->hint);
			finish(q, &err);
			return;
		case QUARRY__TASK_STATE__TASK_CANCELLED:
			err_clear(&err);
			err_set(&err, ERRCODE_QUERY_CANCELED, "canceling statement due to user request");
			finish(q, &err);
			return;
		default:
			return;
	}
}

static void
on_worker_lost(void *arg, const char *worker_id)
{
	Coordinator *co = arg;
	Query	   *q = co->queries;

	while (q != NULL) {
		Query	   *next = q->next;

		if (q->attempt > 0 && strcmp(q->worker, worker_id) == 0)
			retry(q, "worker lost");
		q = next;
	}
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	Coordinator *co = arg;

	log_log("received signal %d, shutting down", (int) sig);
	event_base_loopexit(co->base, NULL);
}

static bool
coordinator_open(Coordinator *co, const Config *cfg, Err *err)
{
	ClusterCallbacks cb = {on_result, on_status, on_worker_lost, co};

	memset(co, 0, sizeof(*co));
	co->cfg = cfg;
	co->next_query_id = (uint64_t) time(NULL) << 16;
	co->base = event_base_new();
	if (co->base == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not create the event loop");
	if ((co->ms = metastore_open(cfg->data_dir, err)) == NULL)
		return false;
	metastore_remove_orphans(co->ms);
	ddl_start_sweeper(co);		/* orphans of writes, again every storage_sweep_interval */
	if ((co->cluster = cluster_open(co->base, cfg, &cb, err)) == NULL)
		return false;
	return pgconn_listen(co, err);
}

static void
coordinator_close(Coordinator *co)
{
	pgconn_close_all(co);
	while (co->queries != NULL)
		query_free(co->queries);
	cluster_close(&co->cluster);
	metastore_close(&co->ms);
	if (co->base)
		event_base_free(co->base);
}

int
coordinator_main(const Config *cfg)
{
	Coordinator co;
	Err			err;
	struct event *sigint;
	struct event *sigterm;

	signal(SIGPIPE, SIG_IGN);
	err_clear(&err);
	if (!coordinator_open(&co, cfg, &err)) {
		log_fatal("%s", err.message);
		if (err.hint[0])
			log_fatal("HINT:  %s", err.hint);
		coordinator_close(&co);
		return 1;
	}
	sigint = evsignal_new(co.base, SIGINT, on_signal, &co);
	sigterm = evsignal_new(co.base, SIGTERM, on_signal, &co);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	log_log("coordinator ready: PostgreSQL port %d, cluster port %d, data directory \"%s\"",
			cfg->port, cfg->cluster_port, metastore_data_dir(co.ms));
	event_base_dispatch(co.base);
	event_free(sigint);
	event_free(sigterm);
	coordinator_close(&co);
	log_log("coordinator stopped");
	return 0;
}
