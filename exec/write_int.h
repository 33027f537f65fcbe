/*
 * write_int.h
 *	  Private to the Write operator's files (exec/op_write.c,
 *	  exec/write_conflict.c): its state and the helpers they share.
 */
#ifndef QUARRY_WRITE_INT_H
#define QUARRY_WRITE_INT_H

#include "exec/op.h"
#include "exec/qcf.h"
#include "exec/write_match.h"
#include "wire/buf.h"

#define WRITE_FILE_ROWS (64 * QCF_ROW_GROUP_ROWS)

typedef struct WroteFile {
	const char *old_path;		/* NULL for INSERT */
	const char *new_path;		/* "" when a DELETE emptied the file */
	int64_t		rows;
	int64_t		matched;
} WroteFile;

typedef struct WriteOp {
	Op			op;
	const Quarry__Write *w;
	int			ncols;
	int32_t    *types;
	int32_t    *ids;
	QcfOptions	opts;
	QcfWriter  *file;
	char		path[1200];
	int64_t		file_rows;
	WroteFile  *out;
	int			nout;
	int			cap;
	int			emitted;
	Arena		check;			/* values rewritten by typmod checks */
	WriteMatch *match;			/* Write.matches, built in open() */
	WriteMatch **keys;			/* ON CONFLICT: each key's values stored so far */
	WriteMatch *inserted;		/* DO UPDATE: the arbiter key of rows inserted */
	WriteMatch *pending_keys;	/* ... of rows proposed to update existing ones */
	Buf			pending;		/* ... those rows (key, then row): batchio blocks */
	Buf			ret;			/* RETURNING rows: u32 length, batchio block, ... */
	size_t		ret_at;			/* next block next() returns */
} WriteOp;

/* op_write.c */
bool		write_start_file(WriteOp *o, Err *err) MUST_CHECK;
bool		write_finish_file(WriteOp *o, const char *old_path, int64_t matched, Err *err) MUST_CHECK;
bool		write_store(WriteOp *o, Batch *b, const char *old_path, bool returned, Err *err) MUST_CHECK;
Quarry__PlanNode *write_file_scan(WriteOp *o, const Quarry__PlanNode *input, size_t f);

/* write_conflict.c: INSERT ... ON CONFLICT */
bool		write_conflict_open(WriteOp *o, Err *err) MUST_CHECK;
bool		write_conflict_filter(WriteOp *o, Batch *b, Err *err) MUST_CHECK;
bool		write_conflict_update(WriteOp *o, Err *err) MUST_CHECK;
void		write_conflict_close(WriteOp *o);

#endif							/* QUARRY_WRITE_INT_H */
