/*
 * tablewrite.c
 *	  The write path of every statement that adds rows; see tablewrite.h.
 */
#include "tablewrite.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "wire/buf.h"
#include "wire/typeio.h"

/* failing_row writes PostgreSQL's "Failing row contains (...)." detail. */
static void
failing_row(const CatTable *t, const Value *row, Err *err)
{
	Buf			b;

	buf_init(&b);
	buf_put(&b, "Failing row contains (", 22);
	for (int c = 0; c < t->ncols; c++) {
		if (c > 0)
			buf_put(&b, ", ", 2);
		if (row[c].is_null)
			buf_put(&b, "null", 4);
		else
			typeio_text(&b, &row[c]);
	}
	buf_put(&b, ").", 3);
	err_detail(err, "%s", (const char *) b.data);
	buf_free(&b);
}

static uint32_t
utf8_chars(const char *s, uint32_t len)
{
	uint32_t	chars = 0;

	for (uint32_t i = 0; i < len; i++)
		chars += ((unsigned char) s[i] & 0xC0) != 0x80;
	return chars;
}

/* tablewrite_check_row applies the column constraints to one row. */
bool
tablewrite_check_row(const CatTable *t, const Value *row, Err *err)
{
	for (int c = 0; c < t->ncols; c++) {
		const CatColumn *col = &t->cols[c];

		if (row[c].is_null && col->not_null) {
			err_set(err, ERRCODE_NOT_NULL_VIOLATION,
					"null value in column \"%s\" of relation \"%s\" violates not-null constraint",
					col->name, t->name);
			failing_row(t, row, err);
			snprintf(err->schema_name, sizeof(err->schema_name), "%s", t->schema);
			snprintf(err->table_name, sizeof(err->table_name), "%s", t->name);
			snprintf(err->column_name, sizeof(err->column_name), "%s", col->name);
			return false;
		}
		if (!row[c].is_null && col->type == TYPE_VARCHAR && col->typmod > 4 &&
			row[c].u.s.len > (uint32_t) (col->typmod - 4) &&
			utf8_chars(row[c].u.s.p, row[c].u.s.len) > (uint32_t) (col->typmod - 4))
			return err_set(err, ERRCODE_STRING_TOO_LONG,
						   "value too long for type character varying(%d)", col->typmod - 4);
	}
	return true;
}

/* tablewrite_file_layout gives the types and stored ids of t's file columns. */
void
tablewrite_file_layout(const CatTable *t, int32_t *types, int32_t *ids)
{
	for (int i = 0; i < t->ncols; i++) {
		types[i] = t->cols[i].type;
		ids[i] = t->cols[i].id ? t->cols[i].id : i + 1;
	}
}

int			tablewrite_row_group_rows;

/* tablewrite_begin opens a new data file of table for this write. */
bool
tablewrite_begin(TableWrite *w, Metastore *ms, const CatTable *table, Err *err)
{
	int32_t    *types = calloc(table->ncols + 1, sizeof(int32_t));
	int32_t    *ids = calloc(table->ncols + 1, sizeof(int32_t));
	QcfOptions	opts = {.zstd = table->zstd, .zstd_level = TABLE_ZSTD_LEVEL,
	.row_group_rows = (uint32_t) tablewrite_row_group_rows};
	bool		ok;

	w->ms = ms;
	w->table = table;
	w->rows = 0;
	w->file = NULL;
	metastore_write_begin(ms, &w->write);
	w->open = true;
	tablewrite_file_layout(table, types, ids);
	ok = metastore_new_file_path(ms, table->oid, &w->write, w->path, sizeof(w->path), err) &&
		(w->file = qcf_writer_open(w->path, table->ncols, types, ids, &opts, err)) != NULL;
	free(types);
	free(ids);
	if (!ok)
		tablewrite_abort(w);
	return ok;
}

/* tablewrite_append writes the live rows of b (checked by the caller). */
bool
tablewrite_append(TableWrite *w, const Batch *b, Err *err)
{
	if (batch_rows(b) == 0)
		return true;
	if (!qcf_writer_append(w->file, b, err))
		return false;
	w->rows += batch_rows(b);
	return true;
}

/* tablewrite_commit makes the file durable, then visible in one transaction. */
bool
tablewrite_commit(TableWrite *w, Err *err)
{
	bool		ok = true;

	if (w->rows == 0)
		qcf_writer_abort(&w->file);
	else if ((ok = qcf_writer_finish(&w->file, err)) &&
			 !(ok = metastore_add_file(w->ms, w->table->oid, w->path, w->rows, err)))
		unlink(w->path);
	tablewrite_abort(w);
	return ok;
}

/* tablewrite_abort drops an unfinished write (nothing after a commit). */
void
tablewrite_abort(TableWrite *w)
{
	qcf_writer_abort(&w->file);
	if (w->open)
		metastore_write_end(w->ms, &w->write);
	w->open = false;
}
