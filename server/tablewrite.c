/*
 * tablewrite.c
 *	  The write path of every statement that adds rows; see tablewrite.h.
 */
#include "tablewrite.h"

#include <stdio.h>
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

/* tablewrite_begin opens a new data file of table for this write. */
bool
tablewrite_begin(TableWrite *w, Metastore *ms, const CatTable *table, Err *err)
{
	w->ms = ms;
	w->table = table;
	w->rows = 0;
	w->open = false;
	if (!metastore_new_file_path(ms, table->oid, w->path, sizeof(w->path), err) ||
		!tablefile_create(&w->file, w->path, err))
		return false;
	w->open = true;
	return true;
}

/* tablewrite_append writes the live rows of b (checked by the caller). */
bool
tablewrite_append(TableWrite *w, const Batch *b, Err *err)
{
	if (batch_rows(b) == 0)
		return true;
	if (!tablefile_write(&w->file, b, err))
		return false;
	w->rows += batch_rows(b);
	return true;
}

/* tablewrite_commit makes the file durable, then visible in one transaction. */
bool
tablewrite_commit(TableWrite *w, Err *err)
{
	w->open = false;
	if (!tablefile_finish(&w->file, err))
		return false;
	if (!metastore_add_file(w->ms, w->table->oid, w->path, w->rows, err)) {
		unlink(w->path);
		return false;
	}
	return true;
}

void
tablewrite_abort(TableWrite *w)
{
	if (w->open)
		tablefile_abort(&w->file);
	w->open = false;
}
