/*
 * test_exec_shuffle_net.c
 *	  Map and reduce tasks through task_execute (server/task.c), with the
 *	  reduce side fetching over ZeroMQ from a real ShuffleService served by
 *	  another thread: every row arrives exactly once, across several
 *	  replies and from spilled blocks.  A dead endpoint fails with
 *	  FETCH_FAILED naming the map once shuffle_fetch_timeout passes; a map
 *	  output the service does not have fails at once; cancel interrupts a
 *	  fetch that would otherwise wait for the timeout; a cancelled map task
 *	  commits nothing; a map re-run while its output is fetched fails the
 *	  fetch instead of mixing two outputs.
 */
#include <pthread.h>
#include <time.h>
#include <zmq.h>

#include "exec/shuffle.h"
#include "exec_util.h"
#include "shuffle_fetch.h"
#include "shuffle_service.h"
#include "task.h"

static char sdir_a[128];
static char sdir_b[128];
static void *zctx;
static ShuffleStore *store_a;	/* the serving worker's */
static ShuffleStore *store_b;	/* the reducing worker's */
static pthread_t server;
static atomic_bool stopping;
static atomic_bool ready;
static char endpoint_a[256];

static void *
serve_main(void *arg)
{
	Err			err;
	ShuffleService *svc;

	err_clear(&err);
	svc = shuffle_service_open(zctx, "127.0.0.1", store_a, &err);
	if (svc == NULL) {
		fprintf(stderr, "shuffle_service_open: %s\n", err.message);
		atomic_store(&ready, true);
		return NULL;
	}
	snprintf(endpoint_a, sizeof(endpoint_a), "%s", shuffle_service_endpoint(svc));
	atomic_store(&ready, true);
	while (!atomic_load(&stopping)) {
		zmq_pollitem_t item = {shuffle_service_socket(svc), 0, ZMQ_POLLIN, 0};

		if (zmq_poll(&item, 1, 20) > 0)
			shuffle_service_handle(svc);
	}
	shuffle_service_close(&svc);
	return NULL;
}

static void
rm_dir(const char *d)
{
	char		cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	cr_assert_eq(system(cmd), 0);
}

static void
net_setup(void)
{
	Err			err;

	setup();
	err_clear(&err);
	snprintf(sdir_a, sizeof(sdir_a), "%s/a", dir);
	snprintf(sdir_b, sizeof(sdir_b), "%s/b", dir);
	store_a = shuffle_store_open(sdir_a, 1 << 20, &err);	/* 1 MB: the rest spills */
	cr_assert_not_null(store_a, "%s", err.message);
	store_b = shuffle_store_open(sdir_b, 1 << 20, &err);
	cr_assert_not_null(store_b, "%s", err.message);
	zctx = zmq_ctx_new();
	atomic_store(&stopping, false);
	atomic_store(&ready, false);
	cr_assert_eq(pthread_create(&server, NULL, serve_main, NULL), 0);
	while (!atomic_load(&ready))
		nanosleep(&(struct timespec) {0, 1000000}, NULL);
	cr_assert_neq(endpoint_a[0], '\0');
}

static void
net_teardown(void)
{
	atomic_store(&stopping, true);
	pthread_join(server, NULL);
	zmq_ctx_term(zctx);
	shuffle_store_close(&store_a);
	shuffle_store_close(&store_b);
	rm_dir(sdir_a);
	rm_dir(sdir_b);
	teardown();
}

TestSuite(exec_shuffle_net, .init = net_setup, .fini = net_teardown, .timeout = 60);

/* ---- fragments ---- */

static Quarry__ShuffleOutput *
output(uint64_t q, int shuffle, int map, int parts)
{
	Quarry__ShuffleOutput *o = arena_new(&arena, Quarry__ShuffleOutput);

	*o = (Quarry__ShuffleOutput) QUARRY__SHUFFLE_OUTPUT__INIT;
	o->query = q;
	o->shuffle = shuffle;
	o->map = map;
	o->partitions = parts;
	o->kind = QUARRY__SHUFFLE_KIND__SHUFFLE_HASH;
	o->n_keys = 1;
	o->keys = arena_array(&arena, Quarry__Expr *, 1);
	o->keys[0] = col(0, TYPE_INT4);
	return o;
}

static Quarry__PlanNode *
shuffle_read(uint64_t q, int shuffle, int nparts, int nmaps, int first_map,
			 const char *endpoint)
{
	Quarry__PlanNode *p = node(4, t_types);
	Quarry__ShuffleRead *sr = arena_new(&arena, Quarry__ShuffleRead);

	*sr = (Quarry__ShuffleRead) QUARRY__SHUFFLE_READ__INIT;
	sr->query = q;
	sr->shuffle = shuffle;
	sr->n_partitions = (size_t) nparts;
	sr->partitions = arena_array(&arena, int32_t, nparts);
	for (int i = 0; i < nparts; i++)
		sr->partitions[i] = i;
	sr->n_sources = (size_t) nmaps;
	sr->sources = arena_array(&arena, Quarry__ShuffleSource *, nmaps + 1);
	for (int m = 0; m < nmaps; m++) {
		Quarry__ShuffleSource *src = arena_new(&arena, Quarry__ShuffleSource);

		*src = (Quarry__ShuffleSource) QUARRY__SHUFFLE_SOURCE__INIT;
		src->map = first_map + m;
		src->endpoint = (char *) endpoint;
		src->worker = "worker-a";
		sr->sources[m] = src;
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_SHUFFLE_READ;
	p->shuffle_read = sr;
	return p;
}

static uint8_t *
pack(Quarry__PlanNode *root, Quarry__ShuffleOutput *out, size_t *len)
{
	Quarry__Fragment f = QUARRY__FRAGMENT__INIT;
	uint8_t    *buf;

	f.root = root;
	f.shuffle = out;
	*len = quarry__fragment__get_packed_size(&f);
	buf = arena_alloc(&arena, *len + 1);
	quarry__fragment__pack(&f, buf);
	return buf;
}

/* ---- the sink: DataRows in text format ---- */

typedef struct Rows {
	Buf			bytes;
} Rows;

static bool
collect(void *arg, const uint8_t *data, size_t len)
{
	buf_put(&((Rows *) arg)->bytes, data, len);
	return true;
}

static bool
no_rows(void *arg, const uint8_t *data, size_t len)
{
	cr_assert_fail("a map task sent %zu result bytes", len);
	return false;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* check_datarows: ids 0..n-1 each exactly once in column 1 of the rows. */
static void
check_datarows(const Buf *b, int n)
{
	char	   *seen = calloc(n, 1);
	size_t		at = 0;
	int			rows = 0;

	while (at < b->len) {
		uint32_t	len = be32(b->data + at + 1);
		uint32_t	flen = be32(b->data + at + 7);
		char		text[16];
		int			id;

		cr_assert_eq(b->data[at], 'D');
		cr_assert_lt(flen, sizeof(text));
		memcpy(text, b->data + at + 11, flen);
		text[flen] = '\0';
		id = atoi(text);
		cr_assert(id >= 0 && id < n && !seen[id], "id %d twice or out of range", id);
		seen[id] = 1;
		rows++;
		at += 1 + len;
	}
	cr_assert_eq(rows, n);
	free(seen);
}

static TaskEnv
env_of(ShuffleStore *s, const char *self, int64_t timeout_ms)
{
	TaskEnv		e = {s, self, zctx, timeout_ms, 1};

	return e;
}

/* map runs map task m of shuffle 1 of query q over rows [lo, hi) of t. */
static void
map(uint64_t q, int m, int nparts, int lo, int hi)
{
	Quarry__Expr *pred = with_args(mk(KIND(AND), TYPE_BOOL), 2,
								   op2(XOP(GE), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, lo)),
								   op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, hi)),
								   NULL);
	Quarry__PlanNode *plan = filter(scan_all(), pred);
	TaskEnv		e = env_of(store_a, endpoint_a, 1000);
	TaskSink	sink = {no_rows, NULL};
	atomic_bool cancel = false;
	TaskStats	stats;
	size_t		len;
	uint8_t    *frag;
	Err			err;

	frag = pack(plan, output(q, 1, m, nparts), &len);
	err_clear(&err);
	cr_assert(task_execute(frag, len, &e, &sink, &cancel, &stats, &err), "%s", err.message);
	cr_assert_eq(stats.shuffle_rows, hi - lo);
	cr_assert_eq(stats.rows, hi - lo);
	cr_assert_gt(stats.shuffle_bytes, 0);
}

/* reduce runs a reduce task reading from endpoint; false with err and stats on failure. */
static bool
reduce(Quarry__PlanNode *plan, int64_t timeout_ms, const atomic_bool *cancel, Rows *rows,
	   TaskStats *stats, Err *err)
{
	TaskEnv		e = env_of(store_b, "tcp://127.0.0.1:9", timeout_ms);
	TaskSink	sink = {collect, rows};
	size_t		len;
	uint8_t    *frag = pack(plan, NULL, &len);

	err_clear(err);
	buf_init(&rows->bytes);
	return task_execute(frag, len, &e, &sink, cancel, stats, err);
}

Test(exec_shuffle_net, rows_arrive_exactly_once)
{
	atomic_bool cancel = false;
	TaskStats	stats;
	Rows		rows;
	Err			err;
	ShuffleStoreStats st;

	write_table(120000, 2048);
	map(21, 0, 100, 0, 60000);
	map(21, 1, 100, 60000, 120000);
	shuffle_store_stats(store_a, &st);
	cr_assert_gt(st.spill_bytes, 0, "nothing spilled");
	cr_assert_gt(st.mem_bytes, 0, "nothing in memory");
	cr_assert(reduce(shuffle_read(21, 1, 100, 2, 0, endpoint_a), 5000, &cancel, &rows, &stats, &err),
			  "%s", err.message);
	cr_assert_not(stats.fetch_failed);
	cr_assert_eq(stats.rows, 120000);
	check_datarows(&rows.bytes, 120000);
	buf_free(&rows.bytes);
	/* QUERY_END drops it all */
	shuffle_store_drop_query(store_a, 21);
	shuffle_store_stats(store_a, &st);
	cr_assert_eq(st.mem_bytes + st.spill_bytes, 0);
}

Test(exec_shuffle_net, few_partitions)
{
	atomic_bool cancel = false;
	TaskStats	stats;
	Rows		rows;
	Err			err;

	write_table(20000, 2048);
	map(22, 0, 4, 0, 20000);
	cr_assert(reduce(shuffle_read(22, 1, 4, 1, 0, endpoint_a), 5000, &cancel, &rows, &stats, &err),
			  "%s", err.message);
	check_datarows(&rows.bytes, 20000);
	buf_free(&rows.bytes);
}

/* dead_endpoint: a TCP endpoint where nothing listens. */
static void
dead_endpoint(char *out, size_t size)
{
	void	   *s = zmq_socket(zctx, ZMQ_ROUTER);
	size_t		n = size;

	cr_assert_eq(zmq_bind(s, "tcp://127.0.0.1:*"), 0);
	cr_assert_eq(zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, out, &n), 0);
	zmq_close(s);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

Test(exec_shuffle_net, dead_endpoint_fails_with_fetch_failed)
{
	atomic_bool cancel = false;
	TaskStats	stats;
	Rows		rows;
	Err			err;
	char		dead[256];
	double		t0;

	dead_endpoint(dead, sizeof(dead));
	t0 = seconds();
	cr_assert_not(reduce(shuffle_read(23, 4, 2, 1, 3, dead), 300, &cancel, &rows, &stats, &err));
	cr_assert_lt(seconds() - t0, 20.0, "the fetch did not give up");
	cr_assert(stats.fetch_failed, "%s", err.message);
	cr_assert_eq(stats.fetch_shuffle, 4);
	cr_assert_eq(stats.fetch_map, 3);
	cr_assert_str_eq(stats.fetch_worker, "worker-a");
	cr_assert(strstr(err.message, "timed out") != NULL, "%s", err.message);
	buf_free(&rows.bytes);
}

Test(exec_shuffle_net, missing_output_fails_with_fetch_failed)
{
	atomic_bool cancel = false;
	TaskStats	stats;
	Rows		rows;
	Err			err;

	cr_assert_not(reduce(shuffle_read(24, 1, 2, 1, 5, endpoint_a), 30000, &cancel, &rows, &stats,
						 &err));
	cr_assert(stats.fetch_failed, "%s", err.message);
	cr_assert_eq(stats.fetch_map, 5);
	cr_assert(strstr(err.message, "not found") != NULL, "%s", err.message);
	buf_free(&rows.bytes);
}

static void *
cancel_later(void *arg)
{
	nanosleep(&(struct timespec) {0, 200 * 1000000}, NULL);
	atomic_store((atomic_bool *) arg, true);
	return NULL;
}

Test(exec_shuffle_net, cancel_interrupts_a_fetch)
{
	atomic_bool cancel = false;
	TaskStats	stats;
	Rows		rows;
	Err			err;
	char		dead[256];
	pthread_t	th;
	double		t0 = seconds();

	dead_endpoint(dead, sizeof(dead));
	cr_assert_eq(pthread_create(&th, NULL, cancel_later, &cancel), 0);
	cr_assert_not(reduce(shuffle_read(25, 1, 1, 1, 0, dead), 60000, &cancel, &rows, &stats, &err));
	pthread_join(th, NULL);
	cr_assert_str_eq(err.sqlstate, "57014", "%s", err.message);
	cr_assert_not(stats.fetch_failed);
	cr_assert_lt(seconds() - t0, 30.0, "cancel waited for the fetch timeout");
	buf_free(&rows.bytes);
}

Test(exec_shuffle_net, cancelled_map_commits_nothing)
{
	TaskEnv		e = env_of(store_a, endpoint_a, 1000);
	TaskSink	sink = {no_rows, NULL};
	atomic_bool cancel = true;
	TaskStats	stats;
	size_t		len;
	uint8_t    *frag;
	Err			err;

	write_table(100, 100);
	frag = pack(scan_all(), output(26, 1, 0, 2), &len);
	err_clear(&err);
	cr_assert_not(task_execute(frag, len, &e, &sink, &cancel, &stats, &err));
	cr_assert_null(shuffle_store_acquire(store_a, 26, 1, 0));
}

Test(exec_shuffle_net, rerun_map_during_fetch_fails_the_fetch)
{
	ShuffleFetchArg arg = {zctx, 5000};
	int32_t		parts[100];
	ShuffleFetch *f;
	const uint8_t *data;
	size_t		len;
	int			blocks = 0;
	bool		ok = true;
	Err			err;

	write_table(20000, 2048);
	map(27, 0, 100, 0, 20000);
	for (int i = 0; i < 100; i++)
		parts[i] = i;
	err_clear(&err);
	f = shuffle_fetch_ops.open(&arg, endpoint_a, 27, 1, 0, parts, 100, NULL, &err);
	cr_assert_not_null(f, "%s", err.message);
	cr_assert(shuffle_fetch_ops.next(f, &data, &len, &err), "%s", err.message);
	cr_assert_not_null(data);
	map(27, 0, 100, 0, 20000);	/* the same map again: its output is replaced */
	while (ok && data != NULL) {
		blocks++;
		ok = shuffle_fetch_ops.next(f, &data, &len, &err);
	}
	shuffle_fetch_ops.close(f);
	cr_assert_not(ok, "read %d blocks across the replacement", blocks);
	cr_assert(strstr(err.message, "replaced") != NULL, "%s", err.message);
}

Test(exec_shuffle_net, failed_second_source_is_named)
{
	atomic_bool cancel = false;
	TaskStats	stats;
	Rows		rows;
	Err			err;
	char		dead[256];
	Quarry__PlanNode *plan;

	write_table(5000, 2048);
	map(28, 0, 4, 0, 5000);
	dead_endpoint(dead, sizeof(dead));
	plan = shuffle_read(28, 1, 4, 2, 0, endpoint_a);
	plan->shuffle_read->sources[1]->endpoint = dead;	/* map 1, fetched ahead */
	plan->shuffle_read->sources[1]->worker = "worker-b";
	cr_assert_not(reduce(plan, 300, &cancel, &rows, &stats, &err));
	cr_assert(stats.fetch_failed, "%s", err.message);
	cr_assert_eq(stats.fetch_map, 1);
	cr_assert_str_eq(stats.fetch_worker, "worker-b");
	buf_free(&rows.bytes);
}
