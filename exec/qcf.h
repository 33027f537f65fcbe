/*
 * qcf.h
 *	  Quarry's columnar table files (.qcf), DESIGN.md section 5.
 *
 *	  file     := "QCF1" chunk* footer u32 footer_len u64 footer_xxh64 "QCF1"
 *	  footer   := the schema (per column: stored id, TypeId), the row count,
 *	              per row group its rows and per column chunk its offset,
 *	              stored and raw length, encoding, compression, xxh64 of the
 *	              stored bytes, null count, min and max; then per column the
 *	              file's null count, min, max and a HyperLogLog sketch.
 *	  chunk    := one column of one row group: u8 has_nulls, [validity
 *	              bitmap], the values in the encoding the writer chose for
 *	              this chunk (plain, RLE, frame-of-reference bit-packing,
 *	              delta, dictionary), optionally zstd-compressed on top.
 *
 *	  Writers buffer a row group per column, pick the smallest encoding per
 *	  chunk, write to "PATH.tmp", and on finish fsync, rename to PATH and
 *	  fsync the directory.  Readers verify the footer's and each chunk's
 *	  checksum and validate every length, so a damaged file is XX001 naming
 *	  the file, never wrong rows or a crash.
 *
 *	  Exported: qcf_writer_* (write a file), qcf_open/qcf_close/qcf_read_chunk
 *	  (read one), qcf_chunk_release, qcf_cache_* (the process's bounded cache
 *	  of decoded chunks), qcf_hll_* (distinct-count sketches).
 */
#ifndef QUARRY_QCF_H
#define QUARRY_QCF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "common/types.h"

#define QCF_ROW_GROUP_ROWS	65536
#define QCF_HLL_BITS		10
#define QCF_HLL_REGS		(1 << QCF_HLL_BITS)
#define QCF_STAT_STR_MAX	64	/* string min/max are kept up to this length */

typedef enum QcfEncoding {
	QCF_PLAIN = 0,
	QCF_RLE = 1,
	QCF_FOR = 2,				/* frame of reference + bit-packing */
	QCF_DELTA = 3,				/* bit-packed differences */
	QCF_DICT = 4,				/* dictionary + bit-packed codes */
	QCF_DEC64 = 5,				/* numerics of one scale: int64 mantissas, encoded */
	QCF_ENCODING_COUNT
} QcfEncoding;

typedef struct QcfOptions {
	bool		zstd;			/* zstd on top of the encoding */
	int			zstd_level;
	uint32_t	row_group_rows; /* 0 = QCF_ROW_GROUP_ROWS */
} QcfOptions;

/* Statistics of one column over a chunk or a whole file. */
typedef struct QcfStats {
	int64_t		nulls;
	bool		has_min;		/* false when every value is NULL */
	bool		has_max;		/* false also when a long string's max is unknown */
	Value		min;
	Value		max;
} QcfStats;

typedef struct QcfChunkMeta {
	uint64_t	offset;
	uint32_t	stored_len;
	uint32_t	raw_len;
	uint8_t		encoding;
	uint8_t		zstd;
	uint64_t	checksum;
	QcfStats	stats;
} QcfChunkMeta;

typedef struct QcfRowGroup {
	uint32_t	rows;
	QcfChunkMeta *chunks;		/* one per column */
} QcfRowGroup;

typedef struct QcfFooter {
	int			ncols;
	int32_t    *types;
	int32_t    *ids;			/* stored column ids */
	int64_t		rows;
	int			nrgs;
	QcfRowGroup *rgs;
	QcfStats   *stats;			/* per column, the whole file */
	uint8_t   **hll;			/* per column, QCF_HLL_REGS registers */
} QcfFooter;

/* What identifies a file's content: files are never changed in place. */
typedef struct QcfFileId {
	uint64_t	dev;
	uint64_t	ino;
	uint64_t	size;
	int64_t		mtime_ns;
} QcfFileId;

typedef struct QcfFile {
	const char *path;
	int			fd;
	QcfFileId	id;
	Arena		arena;			/* the footer */
	QcfFooter	footer;
} QcfFile;

/*
 * A decoded chunk: rows values in vector layout (fixed width, or StrView
 * pointing into the chunk's own memory) and a validity bitmap (NULL = no
 * NULLs).  Chunks are shared through the cache and reference-counted.
 */
typedef struct QcfChunk {
	uint32_t	rows;
	TypeId		type;
	PhysType	phys;
	void	   *values;
	uint64_t   *validity;
	size_t		bytes;			/* memory held */
	void	   *mem[3];
	/* a dictionary-encoded string chunk keeps its dictionary and codes, so
	 * scans can test a predicate once per distinct value */
	const StrView *dict;
	const uint32_t *codes;
	uint32_t	ndict;
	/* cache bookkeeping, guarded by the cache's lock */
	int			refs;
	bool		cached;
	struct QcfChunk *lru_prev;
	struct QcfChunk *lru_next;
	struct QcfChunk *hash_next;
	QcfFileId	key_file;
	uint32_t	key_rg;
	uint32_t	key_col;
} QcfChunk;

typedef struct QcfWriter QcfWriter;

QcfWriter  *qcf_writer_open(const char *path, int ncols, const int32_t *types,
							const int32_t *ids, const QcfOptions *opts, Err *err);
bool		qcf_writer_append(QcfWriter *w, const Batch *b, Err *err) MUST_CHECK;
int64_t		qcf_writer_rows(const QcfWriter *w);
bool		qcf_writer_finish(QcfWriter **w, Err *err) MUST_CHECK;
void		qcf_writer_abort(QcfWriter **w);

bool		qcf_open(QcfFile *f, const char *path, Err *err) MUST_CHECK;
void		qcf_close(QcfFile *f);
bool		qcf_read_chunk(QcfFile *f, int rg, int col, QcfChunk **out, Err *err) MUST_CHECK;
void		qcf_chunk_release(QcfChunk *c);
bool		qcf_corrupt(Err *err, const char *path, const char *why) MUST_CHECK;

void		qcf_cache_set_capacity(size_t bytes);
size_t		qcf_cache_bytes(void);
QcfChunk   *qcf_cache_get(const QcfFileId *file, uint32_t rg, uint32_t col);
QcfChunk   *qcf_cache_put(QcfChunk *c, const QcfFileId *file, uint32_t rg, uint32_t col);

int			qcf_value_cmp(const Value *x, const Value *y);
void		qcf_stats_merge(QcfStats *into, const QcfStats *from, Arena *a);
void		qcf_hll_add(uint8_t *regs, uint64_t hash);
void		qcf_hll_merge(uint8_t *into, const uint8_t *from);
double		qcf_hll_estimate(const uint8_t *regs);
uint64_t	qcf_hash_value(const Value *v);

#endif							/* QUARRY_QCF_H */
