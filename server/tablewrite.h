/*
 * tablewrite.h
 *	  Appending rows to a table atomically: every write (INSERT, COPY, later
 *	  CREATE TABLE AS) goes through a TableWrite.  Rows are checked (NOT NULL,
 *	  varchar length), written to new data files that are fsynced and renamed
 *	  into place, and made visible by one metastore transaction at commit.
 *	  An aborted or crashed write leaves only orphan files, which the
 *	  coordinator removes at start-up.
 */
#ifndef QUARRY_TABLEWRITE_H
#define QUARRY_TABLEWRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/batch.h"
#include "common/err.h"
#include "exec/qcf.h"
#include "metastore.h"
#include "planner/catalog.h"

#define TABLE_ZSTD_LEVEL 1		/* zstd level of tables WITH (compression = 'zstd') */

extern int	tablewrite_row_group_rows;	/* row_group_rows; 0 = the format's default */

typedef struct TableWrite {
	Metastore  *ms;
	const CatTable *table;
	bool		open;
	MsWrite		write;			/* registered in flight while open */
	QcfWriter  *file;
	char		path[1200];
	int64_t		rows;
} TableWrite;

bool		tablewrite_begin(TableWrite *w, Metastore *ms, const CatTable *table, Err *err) MUST_CHECK;
bool		tablewrite_check_row(const CatTable *t, const Value *row, Err *err) MUST_CHECK;
bool		tablewrite_append(TableWrite *w, const Batch *b, Err *err) MUST_CHECK;
bool		tablewrite_commit(TableWrite *w, Err *err) MUST_CHECK;
void		tablewrite_file_layout(const CatTable *t, int32_t *types, int32_t *ids);
void		tablewrite_abort(TableWrite *w);

#endif							/* QUARRY_TABLEWRITE_H */
