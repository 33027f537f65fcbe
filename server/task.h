/*
 * task.h
 *	  Running one task attempt on a worker: decode the fragment, build the
 *	  operators of exec/, drive them, and hand the result bytes (PostgreSQL
 *	  DataRow messages for a result task) to a sink in chunks.
 *
 *	  task_execute runs on a worker slot thread; it polls *cancel between
 *	  batches and stops with 57014 when it is set.
 */
#ifndef QUARRY_TASK_H
#define QUARRY_TASK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

typedef struct TaskSink {
	/* called with each chunk of result bytes; returns false to abort */
	bool		(*emit) (void *arg, const uint8_t *data, size_t len);
	void	   *arg;
} TaskSink;

typedef struct TaskStats {
	int64_t		rows;			/* rows produced */
	int64_t		elapsed_us;
} TaskStats;

bool		task_execute(const uint8_t *fragment, size_t len, const TaskSink *sink,
						 const atomic_bool *cancel, TaskStats *stats, Err *err) MUST_CHECK;

#endif							/* QUARRY_TASK_H */
