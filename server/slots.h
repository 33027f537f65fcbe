/*
 * slots.h
 *	  A worker's task slots: a few threads that take task attempts from a
 *	  queue and run task_execute on them.  ZeroMQ sockets are not
 *	  thread-safe, so each slot thread owns a PUSH socket connected to the
 *	  worker loop's PULL socket and sends it three-part messages:
 *
 *		[SlotTask pointer][command byte][payload]
 *
 *	  the command FRAME_RESULT with a packed ResultChunk (at most
 *	  SLOTS_CHUNK_MAX bytes of result data each), and last FRAME_STATUS with
 *	  a packed TaskStatus (with a map task's shuffle totals, and FETCH_FAILED
 *	  naming the map output when a shuffle block could not be read).  After sending the STATUS a slot no longer touches
 *	  the task: the worker loop frees it.
 */
#ifndef QUARRY_SLOTS_H
#define QUARRY_SLOTS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "cluster.pb-c.h"
#include "task.h"

#define SLOTS_CHUNK_MAX (256 * 1024)

typedef struct SlotTask {
	struct SlotTask *next;		/* the pool's queue */
	struct SlotTask *live_next; /* the worker loop's list of its tasks */
	Quarry__TaskKey key;
	uint8_t    *fragment;
	size_t		fragment_len;
	atomic_bool cancel;			/* set by CANCEL; task_execute polls it */
	unsigned	generation;		/* the registration it was received under */
} SlotTask;

typedef struct SlotPool SlotPool;

SlotTask   *slot_task_new(const Quarry__TaskLaunch *launch, unsigned generation);
void		slot_task_free(SlotTask *t);
bool		slot_task_key_equal(const Quarry__TaskKey *a, const Quarry__TaskKey *b);

SlotPool   *slots_open(void *zmq_ctx, const char *endpoint, int nslots, const TaskEnv *env,
						Err *err);
void		slots_submit(SlotPool *p, SlotTask *t);
SlotTask   *slots_withdraw(SlotPool *p);
int			slots_count(const SlotPool *p);
void		slots_close(SlotPool **pp);

#endif							/* QUARRY_SLOTS_H */
