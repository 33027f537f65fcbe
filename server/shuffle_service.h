/*
 * shuffle_service.h
 *	  The ROUTER socket a worker binds for shuffle fetches from other
 *	  workers (DESIGN.md section 6), on worker_host and a port the kernel
 *	  picks.  Its endpoint goes into the worker's REGISTER; it serves the
 *	  map outputs of the worker's ShuffleStore.  Plain TCP: no CurveZMQ
 *	  between workers yet.
 *
 *	  The protocol (shuffle_fetch.c is the client), little-endian, one
 *	  request per reply, stateless on the server:
 *
 *	    request:  "QSF1" u8 SHUFFLE_OP_GET, u64 query, i32 shuffle, i32 map,
 *	              u32 start, u32 nparts, i32 partitions[nparts]
 *	    reply:    "QSF1" u8 status, u8 last, u32 nblocks, u64 output id;
 *	              then nblocks more parts, each one compressed block
 *	              (exec/shuffle.h)
 *
 *	  The blocks of the listed partitions, in that order, are numbered from
 *	  0; a reply carries the blocks from `start` on, at most
 *	  SHUFFLE_REPLY_BLOCKS of them and about SHUFFLE_REPLY_BYTES, and `last`
 *	  says none follow.  The client asks again with start advanced, and
 *	  fails if the output id changes between replies (the map was re-run
 *	  and its blocks replaced).  So the
 *	  worker loop never reads more than a few MB of spill file per request,
 *	  and a client holds at most one reply's blocks.
 */
#ifndef QUARRY_SHUFFLE_SERVICE_H
#define QUARRY_SHUFFLE_SERVICE_H

#include "common/err.h"
#include "exec/shuffle_store.h"

#define SHUFFLE_MAGIC			"QSF1"
#define SHUFFLE_OP_GET			1
#define SHUFFLE_REQ_FIXED		29	/* bytes before the partitions */
#define SHUFFLE_REPLY_HEADER	18
#define SHUFFLE_REPLY_BLOCKS	16
#define SHUFFLE_REPLY_BYTES		(8 * 1024 * 1024)
#define SHUFFLE_MAX_PARTS		65536

typedef enum ShuffleStatus {
	SHUFFLE_OK = 0,
	SHUFFLE_NOT_FOUND = 1,		/* no committed output of that map here */
	SHUFFLE_BAD_REQUEST = 2,
	SHUFFLE_READ_ERROR = 3		/* the spill file could not be read */
} ShuffleStatus;

typedef struct ShuffleService ShuffleService;

ShuffleService *shuffle_service_open(void *zmq_ctx, const char *host, ShuffleStore *store,
									 Err *err);
const char *shuffle_service_endpoint(const ShuffleService *s);
void	   *shuffle_service_socket(ShuffleService *s);
void		shuffle_service_handle(ShuffleService *s);
void		shuffle_service_close(ShuffleService **sp);

#endif							/* QUARRY_SHUFFLE_SERVICE_H */
