/*
 * task.h
 *	  Running one task attempt on a worker: decode the fragment, build the
 *	  operators of exec/, drive them, and hand the result bytes (PostgreSQL
 *	  DataRow messages for a result task) to a sink in chunks.
 *
 *	  task_execute runs on a worker slot thread; it polls *cancel between
 *	  batches and stops with 57014 when it is set.  A map task (the
 *	  fragment has a ShuffleOutput) sends no rows: it writes them to the
 *	  env's shuffle store and commits them only when it succeeds.  A task
 *	  that could not read a shuffle block sets stats->fetch_failed.
 */
#ifndef QUARRY_TASK_H
#define QUARRY_TASK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "exec/shuffle_store.h"
#include "plan.pb-c.h"

typedef struct TaskSink {
	/* called with each chunk of result bytes; returns false to abort */
	bool		(*emit) (void *arg, const uint8_t *data, size_t len);
	void	   *arg;
} TaskSink;

#define TASK_MAX_NODES 128		/* plan nodes whose rows a task reports */

typedef struct TaskStats {
	int64_t		rows;			/* rows produced */
	int32_t		nnodes;			/* rows each plan node returned, in EXPLAIN's order */
	int64_t		node_rows[TASK_MAX_NODES];
	int64_t		node_time_us[TASK_MAX_NODES];	/* in each node, its inputs included */
	int64_t		elapsed_us;
	int64_t		shuffle_bytes;	/* a map task: compressed bytes written */
	int64_t		shuffle_rows;	/* a map task: rows written */
	int32_t		shuffle_parts;	/* a map task: partitions reported in part_bytes */
	int64_t		part_bytes[256];	/* compressed bytes of each partition */
	bool		fetch_failed;	/* a shuffle block could not be read: */
	int32_t		fetch_shuffle;	/* which map output */
	int32_t		fetch_map;
	char		fetch_worker[64];
} TaskStats;

/* What a task needs of its worker for shuffles; NULL fields = not available. */
typedef struct TaskEnv {
	ShuffleStore *store;		/* the worker's map outputs */
	const char *self_endpoint;	/* its shuffle endpoint */
	void	   *zmq_ctx;		/* for fetches from other workers */
	int64_t		fetch_timeout_ms;	/* shuffle_fetch_timeout */
	int			zstd_level;		/* shuffle_zstd_level */
} TaskEnv;

bool		task_execute(const uint8_t *fragment, size_t len, const TaskEnv *env,
						 const TaskSink *sink, const atomic_bool *cancel, TaskStats *stats,
						 Err *err) MUST_CHECK;
bool		task_execute_fragment(const Quarry__Fragment *frag, const TaskEnv *env,
								  const TaskSink *sink, const atomic_bool *cancel,
								  TaskStats *stats, Err *err) MUST_CHECK;

#endif							/* QUARRY_TASK_H */
