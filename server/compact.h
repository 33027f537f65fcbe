/*
 * compact.h
 *	  Compaction: merging a table's small files (fewer rows than
 *	  row_group_rows) into few large ones, in the background when a table
 *	  has more than compact_min_files of them, and on demand (VACUUM).
 *
 *	  A compaction scans the small files into a Write (a task on a worker,
 *	  as INSERT ... SELECT runs), then commits in one metastore transaction
 *	  that replaces exactly those files, only if every one is still the
 *	  table's and no other write is in flight (else it gives up quietly and
 *	  tries again later).  The replaced files become garbage like UPDATE's.
 */
#ifndef QUARRY_COMPACT_H
#define QUARRY_COMPACT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "pgconn.h"

void		compact_start(Coordinator *co);
bool		compact_vacuum(PgConn *c, const uint32_t *oids, int noids, bool all,
						   Err *err) MUST_CHECK;

#endif							/* QUARRY_COMPACT_H */
