/*
 * tablefile.h
 *	  The walking skeleton's table files: a magic number, then blocks of
 *	  batchio-encoded batches, each with its length and xxh64 checksum.  The
 *	  storage issue replaces this with the columnar .qcf format.
 *
 *	  Writers write to "PATH.tmp", fsync, rename to PATH and fsync the
 *	  directory; the metastore transaction that names PATH makes it visible.
 */
#ifndef QUARRY_TABLEFILE_H
#define QUARRY_TABLEFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "common/arena.h"
#include "common/batch.h"
#include "common/err.h"
#include "wire/buf.h"

typedef struct TableWriter {
	char		path[1024];
	char		tmp_path[1040];
	FILE	   *f;
	Buf			block;
} TableWriter;

typedef struct TableReader {
	const char *path;
	FILE	   *f;
	Buf			block;
} TableReader;

bool		tablefile_create(TableWriter *w, const char *path, Err *err) MUST_CHECK;
bool		tablefile_write(TableWriter *w, const Batch *b, Err *err) MUST_CHECK;
bool		tablefile_finish(TableWriter *w, Err *err) MUST_CHECK;
void		tablefile_abort(TableWriter *w);

bool		tablefile_open(TableReader *r, const char *path, Err *err) MUST_CHECK;
/* tablefile_read returns the next batch in *out, or NULL at the end. */
bool		tablefile_read(TableReader *r, Arena *a, Batch **out, Err *err) MUST_CHECK;
void		tablefile_close(TableReader *r);

#endif							/* QUARRY_TABLEFILE_H */
