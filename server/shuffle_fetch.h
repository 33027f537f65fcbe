/*
 * shuffle_fetch.h
 *	  The client of shuffle_service.h's protocol, run on a task's slot
 *	  thread: a DEALER socket per fetch (ZeroMQ sockets are not shared
 *	  between threads) in the worker's context.  shuffle_fetch_ops are the
 *	  ShuffleFetchOps that task.c installs for the ShuffleRead operator.
 *
 *	  A fetch waits in short polls so that cancel is seen within
 *	  SHUFFLE_FETCH_POLL_MS; a source that sends nothing for timeout_ms,
 *	  answers "not found" or sends a malformed reply fails the fetch (the
 *	  operator turns that into FETCH_FAILED).  The next request goes out as
 *	  soon as a reply arrives, so the network works while the task decodes.
 */
#ifndef QUARRY_SHUFFLE_FETCH_H
#define QUARRY_SHUFFLE_FETCH_H

#include <stdint.h>

#include "exec/shuffle.h"

#define SHUFFLE_FETCH_POLL_MS 50

typedef struct ShuffleFetchArg {
	void	   *zmq_ctx;
	int64_t		timeout_ms;
} ShuffleFetchArg;

extern const ShuffleFetchOps shuffle_fetch_ops;	/* .arg: a ShuffleFetchArg */

#endif							/* QUARRY_SHUFFLE_FETCH_H */
