/*
 * tablefile.h
 *	  Writing a table file from batches without a catalog: the columns and
 *	  their types come from the first batch and are stored with the ids
 *	  1..n (positional).  A thin wrapper over the .qcf writer (qcf.h), kept
 *	  for tests and benchmarks that make files directly; the server writes
 *	  through server/tablewrite.h.
 */
#ifndef QUARRY_TABLEFILE_H
#define QUARRY_TABLEFILE_H

#include <stdbool.h>

#include "common/batch.h"
#include "common/err.h"
#include "exec/qcf.h"

typedef struct TableWriter {
	char		path[1024];
	QcfWriter  *w;				/* opened by the first batch */
	QcfOptions	opts;
} TableWriter;

bool		tablefile_create(TableWriter *w, const char *path, Err *err) MUST_CHECK;
bool		tablefile_write(TableWriter *w, const Batch *b, Err *err) MUST_CHECK;
bool		tablefile_finish(TableWriter *w, Err *err) MUST_CHECK;
void		tablefile_abort(TableWriter *w);

#endif							/* QUARRY_TABLEFILE_H */
