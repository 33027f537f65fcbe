/*
 * shuffle.h
 *	  The executor's side of a shuffle: a map task cuts its rows into
 *	  partitions and writes compressed blocks to the worker's store
 *	  (ShuffleMap, shuffle_map.c); a reduce task reads them back through
 *	  the ShuffleRead operator (op_shuffle.c), from the local store or, for
 *	  map outputs on other workers, through fetch callbacks that server/
 *	  installs (exec/ opens no sockets).
 *
 *	  A shuffle block, before compression, is a sequence of
 *	    u32 length (little-endian), a wire/batchio.h batch of that length
 *	  about SHUFFLE_BLOCK_BYTES long; it is stored and sent as one zstd
 *	  frame with its content size and checksum, or, when the map output is
 *	  raw (all workers on one host), as SHUFFLE_RAW_MAGIC then the bytes.
 */
#ifndef QUARRY_SHUFFLE_H
#define QUARRY_SHUFFLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "exec/shuffle_store.h"
#include "plan.pb-c.h"
#include "wire/buf.h"

#define SHUFFLE_BLOCK_BYTES		(1024 * 1024)	/* target raw block size */
#define SHUFFLE_MAP_BUFFER		(16 * 1024 * 1024)	/* raw bytes a map task buffers */
#define SHUFFLE_MAX_RAW_BLOCK	(256 * 1024 * 1024)	/* a larger block is corrupt */
#define SHUFFLE_REPORT_PARTS	256	/* partition sizes reported up to this many */
#define SHUFFLE_RAW_MAGIC		"QRB1"	/* an uncompressed block starts so */

/* A remote fetch in progress, owned by server/'s fetch code. */
typedef struct ShuffleFetch ShuffleFetch;

typedef struct ShuffleFetchOps {
	/* start reading partitions parts of map output (query, shuffle, map) at endpoint */
	ShuffleFetch *(*open) (void *arg, const char *endpoint, uint64_t query,
						   int32_t shuffle, int32_t map, const int32_t *parts,
						   int nparts, const atomic_bool *cancel, Err *err);
	/* the next compressed block (valid until the next call); *data = NULL at the end */
	bool		(*next) (ShuffleFetch *f, const uint8_t **data, size_t *len, Err *err);
	void		(*close) (ShuffleFetch *f);
	void	   *arg;
} ShuffleFetchOps;

/* What a task's operators need of the worker for shuffles, and what they report. */
typedef struct ShuffleEnv {
	ShuffleStore *store;
	const char *self_endpoint;	/* this worker's shuffle endpoint */
	int			zstd_level;
	const ShuffleFetchOps *fetch;	/* NULL: only local sources can be read */
	/* out: a map task's totals */
	int64_t		bytes;			/* compressed bytes written */
	int64_t		rows;
	int32_t		nparts;			/* partitions of the map output (0: not reported) */
	int64_t		part_bytes[SHUFFLE_REPORT_PARTS];	/* compressed bytes of each */
	/* out: the map output a reduce task could not read (FETCH_FAILED) */
	bool		fetch_failed;
	int32_t		fetch_shuffle;
	int32_t		fetch_map;
	char		fetch_worker[64];
} ShuffleEnv;

/*
 * shuffle_partition_of maps a key hash to a partition with the hash's high
 * bits remixed, so it does not correlate with the low bits hash tables use.
 */
static inline uint32_t
shuffle_partition_of(uint64_t hash, uint32_t partitions)
{
	uint64_t	mixed = (hash * 0x9E3779B97F4A7C15ULL) >> 32;

	return (uint32_t) ((mixed * partitions) >> 32);
}

/* Map side: shuffle_map.c. */
typedef struct ShuffleMap ShuffleMap;

ShuffleMap *shuffle_map_new(ShuffleEnv *env, const Quarry__ShuffleOutput *out, int ncols,
							const int32_t *types, Err *err);
bool		shuffle_map_add(ShuffleMap *m, const Batch *b, Err *err) MUST_CHECK;
bool		shuffle_map_finish(ShuffleMap *m, Err *err) MUST_CHECK;
void		shuffle_map_free(ShuffleMap **mp);

/* Blocks: decompress one, then take its batches. */
typedef struct ShuffleBlockReader {
	void	   *dctx;			/* ZSTD_DCtx */
	Buf			raw;
	size_t		pos;
} ShuffleBlockReader;

void		shuffle_block_reader_init(ShuffleBlockReader *r);
void		shuffle_block_reader_free(ShuffleBlockReader *r);
bool		shuffle_block_open(ShuffleBlockReader *r, const uint8_t *z, size_t zlen,
							   Err *err) MUST_CHECK;
Batch	   *shuffle_block_next(ShuffleBlockReader *r, Arena *a, bool *end, Err *err);

#endif							/* QUARRY_SHUFFLE_H */
