/*
 * writetask.h
 *	  Running a statement's Write (plan.proto) as tasks and committing what
 *	  they wrote.  When the rows come from one scan through filters and
 *	  projections, the scan's files (and, for CSV without quoting, byte
 *	  ranges of them) are split into one part per worker slot, each a task
 *	  writing its own files; the coordinator commits the files of every part
 *	  in one metastore transaction once all have succeeded, or none if any
 *	  failed (DESIGN.md 6a: parallel writes).
 *
 *	  The connection's running query is always one of the parts still
 *	  running, so a cancel or a disconnect reaches the statement; the other
 *	  parts are cancelled when their callbacks see it, or by writetask_reap.
 */
#ifndef QUARRY_WRITETASK_H
#define QUARRY_WRITETASK_H

#include <stdbool.h>
#include <stdint.h>

#include "pgconn.h"
#include "plan.pb-c.h"

typedef enum WriteKind {
	KIND_INSERT,
	KIND_CTAS,
	KIND_UPDATE,
	KIND_DELETE
} WriteKind;

typedef struct WriteJob WriteJob;

WriteJob   *writetask_new(PgConn *c, WriteKind kind, uint32_t table_oid,
						  const CreateTableDef *create, Err *err);
const char *writetask_dir(const WriteJob *j);
const char *writetask_prefix(const WriteJob *j);
void		writetask_abandon(WriteJob *j);
void		writetask_returning(WriteJob *j, PgConn *c, const BoundSelect *ret);
bool		writetask_start(PgConn *c, WriteJob *j, Quarry__PlanNode *root, Err *err) MUST_CHECK;
void		writetask_tag(PgConn *c, WriteKind kind, int64_t count);
void		writetask_reap(Coordinator *co);

#endif							/* QUARRY_WRITETASK_H */
