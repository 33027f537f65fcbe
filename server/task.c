/*
 * task.c
 *	  task_execute: one task attempt on a worker slot thread.  The fragment
 *	  is unpacked, its operators built and driven, and a result task's rows
 *	  are encoded straight into PostgreSQL DataRow messages, handed to the
 *	  sink in chunks, so the coordinator only forwards bytes.  A map task's
 *	  batches go to the worker's shuffle store instead (exec/shuffle.h),
 *	  committed only once every batch is written; reduce tasks read map
 *	  outputs of other workers through shuffle_fetch.c.
 */
#include "task.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/arena.h"
#include "exec/op.h"
#include "exec/shuffle.h"
#include "shuffle_fetch.h"
#include "plan.pb-c.h"
#include "wire/buf.h"
#include "wire/typeio.h"

#define TASK_CHUNK_BYTES (64 * 1024)

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool
flush_chunk(Buf *out, const TaskSink *sink, Err *err)
{
	if (out->len == 0)
		return true;
	if (!sink->emit(sink->arg, out->data, out->len))
		return err_set(err, ERRCODE_QUERY_CANCELED, "canceling statement: result could not be delivered");
	buf_reset(out);
	return true;
}

/* run_map drives a map task's operators into the shuffle store. */
static bool
run_map(const Quarry__Fragment *frag, ExecCtx *cx, Op *root, TaskStats *stats, Err *err)
{
	ShuffleMap *m = shuffle_map_new(cx->shuffle, frag->shuffle, root->ncols, root->types, err);
	Batch	   *b;
	OpStatus	st = OP_FAILED;

	if (m == NULL)
		return false;
	if (exec_open(root, err)) {
		while ((st = exec_next(root, &b, err)) == OP_BATCH) {
			stats->rows += batch_rows(b);
			if (!shuffle_map_add(m, b, err)) {
				st = OP_FAILED;
				break;
			}
		}
	}
	exec_close(root);
	if (st == OP_DONE && exec_check_cancel(cx, err) && shuffle_map_finish(m, err))
		st = OP_BATCH;			/* committed */
	shuffle_map_free(&m);
	return st == OP_BATCH;
}

/* run_fragment drives the operator tree and encodes every row. */
static bool
run_fragment(const Quarry__Fragment *frag, ExecCtx *cx, const TaskSink *sink, Buf *out,
			 TaskStats *stats, Err *err)
{
	Op		   *root = exec_build(cx, frag->root, err);
	Batch	   *b;
	OpStatus	st = OP_FAILED;

	if (root == NULL)
		return false;
	if (frag->shuffle != NULL)
		return run_map(frag, cx, root, stats, err);
	if (frag->n_result_formats > 1 && frag->n_result_formats != (size_t) root->ncols)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "result formats do not match the columns");
	if (exec_open(root, err)) {
		while ((st = exec_next(root, &b, err)) == OP_BATCH) {
			for (uint32_t k = 0; k < batch_rows(b); k++)
				typeio_datarow(out, b, batch_row(b, k), frag->result_formats,
							   (int) frag->n_result_formats);
			stats->rows += batch_rows(b);
			if (out->len >= TASK_CHUNK_BYTES && !flush_chunk(out, sink, err)) {
				st = OP_FAILED;
				break;
			}
		}
	}
	exec_close(root);
	return st == OP_DONE && flush_chunk(out, sink, err);
}

/*
 * test_delay sleeps QUARRY_TEST_TASK_DELAY_MS milliseconds before a task
 * runs, in steps that honour cancel: a test hook that makes tasks slow
 * enough for fault tests to kill workers in the middle of them.
 */
static void
test_delay(const atomic_bool *cancel)
{
	const char *env = getenv("QUARRY_TEST_TASK_DELAY_MS");
	long		ms = env ? strtol(env, NULL, 10) : 0;

	for (; ms > 0 && !(cancel && atomic_load(cancel)); ms -= 10) {
		struct timespec ts = {0, 10 * 1000 * 1000};

		nanosleep(&ts, NULL);
	}
}

/* shuffle_env fills in what the operators need of the worker's shuffle. */
static void
shuffle_env(const TaskEnv *env, ShuffleEnv *sh, ShuffleFetchArg *fetch_arg,
			ShuffleFetchOps *ops)
{
	memset(sh, 0, sizeof(*sh));
	sh->store = env->store;
	sh->self_endpoint = env->self_endpoint;
	sh->zstd_level = env->zstd_level;
	if (env->zmq_ctx != NULL) {
		fetch_arg->zmq_ctx = env->zmq_ctx;
		fetch_arg->timeout_ms = env->fetch_timeout_ms;
		*ops = shuffle_fetch_ops;
		ops->arg = fetch_arg;
		sh->fetch = ops;
	}
}

_Static_assert(SHUFFLE_REPORT_PARTS == sizeof(((TaskStats *) 0)->part_bytes) / sizeof(int64_t),
			   "TaskStats.part_bytes holds SHUFFLE_REPORT_PARTS sizes");

/* report_shuffle copies the shuffle's totals and a failed fetch to stats. */
static void
report_shuffle(const ShuffleEnv *sh, TaskStats *stats)
{
	stats->shuffle_bytes = sh->bytes;
	stats->shuffle_rows = sh->rows;
	stats->shuffle_parts = sh->nparts;
	memcpy(stats->part_bytes, sh->part_bytes, sizeof(int64_t) * sh->nparts);
	stats->fetch_failed = sh->fetch_failed;
	stats->fetch_shuffle = sh->fetch_shuffle;
	stats->fetch_map = sh->fetch_map;
	memcpy(stats->fetch_worker, sh->fetch_worker, sizeof(stats->fetch_worker));
}

/* task_execute runs one packed Fragment; see task.h. */
bool
task_execute(const uint8_t *fragment, size_t len, const TaskEnv *env, const TaskSink *sink,
			 const atomic_bool *cancel, TaskStats *stats, Err *err)
{
	Quarry__Fragment *frag = quarry__fragment__unpack(NULL, len, fragment);
	bool		ok;

	if (frag == NULL) {
		memset(stats, 0, sizeof(*stats));
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "could not decode the plan fragment");
	}
	ok = task_execute_fragment(frag, env, sink, cancel, stats, err);
	quarry__fragment__free_unpacked(frag, NULL);
	return ok;
}

/* task_execute_fragment runs a Fragment already decoded (the coordinator's own plans). */
bool
task_execute_fragment(const Quarry__Fragment *frag, const TaskEnv *env, const TaskSink *sink,
					  const atomic_bool *cancel, TaskStats *stats, Err *err)
{
	Arena		arena;
	ShuffleEnv	sh;
	ShuffleFetchArg fetch_arg;
	ShuffleFetchOps ops;
	ExecCtx		cx = {.arena = &arena, .cancel = cancel};
	Buf			out;
	int64_t		start = now_us();
	bool		ok;

	memset(stats, 0, sizeof(*stats));
	if (env != NULL) {
		shuffle_env(env, &sh, &fetch_arg, &ops);
		cx.shuffle = &sh;
	}
	arena_init(&arena);
	buf_init(&out);
	test_delay(cancel);
	ok = run_fragment(frag, &cx, sink, &out, stats, err);
	if (env != NULL)
		report_shuffle(&sh, stats);
	if (ok && frag->root != NULL)
		stats->nnodes = exec_node_rows(&cx, frag->root, stats->node_rows, stats->node_time_us,
									   TASK_MAX_NODES);
	buf_free(&out);
	arena_reset(&arena);
	stats->elapsed_us = now_us() - start;
	return ok;
}
