/*
 * shuffle_store.h
 *	  A worker's store of map outputs (DESIGN.md section 6): the compressed
 *	  shuffle blocks of every map task that ran here, keyed by (query,
 *	  shuffle, map) and, inside one map output, by partition.
 *
 *	  A map task writes through a ShuffleWriter: blocks go to memory while
 *	  the store holds less than its memory limit (one total for the worker),
 *	  else to the output's spill file under the store's directory.  Nothing
 *	  of a writer is visible until shuffle_writer_commit, which replaces any
 *	  earlier output of the same map (a re-run); shuffle_writer_abort drops
 *	  it.  Readers take a reference (shuffle_store_acquire), so an output
 *	  that is replaced or dropped while being read lives until released.
 *	  shuffle_store_drop_query frees a query's outputs, memory and files,
 *	  and makes later commits of that query drop their output.
 *
 *	  Every function is thread-safe (one mutex per store); a writer belongs
 *	  to one thread.
 */
#ifndef QUARRY_SHUFFLE_STORE_H
#define QUARRY_SHUFFLE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "wire/buf.h"

typedef struct ShuffleStore ShuffleStore;
typedef struct ShuffleWriter ShuffleWriter;
typedef struct ShuffleMapOutput ShuffleMapOutput;

/* What a store holds, for tests and logs. */
typedef struct ShuffleStoreStats {
	int64_t		mem_bytes;		/* block bytes in memory */
	int64_t		spill_bytes;	/* block bytes in spill files */
	int			outputs;		/* committed map outputs */
	int			files;			/* spill files open */
} ShuffleStoreStats;

ShuffleStore *shuffle_store_open(const char *dir, int64_t memory_limit, Err *err);
void		shuffle_store_close(ShuffleStore **sp);
void		shuffle_store_drop_query(ShuffleStore *s, uint64_t query);
/* shuffle_store_drop_all drops every output (a new registration: the
 * coordinator has given up on everything it knew of this worker) */
void		shuffle_store_drop_all(ShuffleStore *s);
void		shuffle_store_stats(ShuffleStore *s, ShuffleStoreStats *out);

ShuffleWriter *shuffle_writer_begin(ShuffleStore *s, uint64_t query, int32_t shuffle,
									int32_t map, int32_t partitions, Err *err);
bool		shuffle_writer_put(ShuffleWriter *w, int32_t partition, const uint8_t *block,
							   size_t len, Err *err) MUST_CHECK;
void		shuffle_writer_commit(ShuffleWriter **wp);
void		shuffle_writer_abort(ShuffleWriter **wp);

ShuffleMapOutput *shuffle_store_acquire(ShuffleStore *s, uint64_t query, int32_t shuffle,
										int32_t map);
int32_t		shuffle_output_partitions(const ShuffleMapOutput *o);
uint64_t	shuffle_output_id(const ShuffleMapOutput *o);
int			shuffle_output_nblocks(const ShuffleMapOutput *o, int32_t partition);
bool		shuffle_output_read(const ShuffleMapOutput *o, int32_t partition, int i,
								Buf *copy, const uint8_t **data, size_t *len,
								Err *err) MUST_CHECK;
void		shuffle_store_release(ShuffleStore *s, ShuffleMapOutput **op);

#endif							/* QUARRY_SHUFFLE_STORE_H */
