/*
 * op_csv.c
 *	  The scan of delimited text files (read_csv): a Scan whose csv options
 *	  are set.  Each file is read in large blocks; each record is split
 *	  (wire/csv.h) and only the requested columns are converted, by the
 *	  types' text input functions.  A record with the wrong number of
 *	  fields is 22P04 and a field that does not convert is its input
 *	  function's error (22P02, 22003, ...), with the file and line in the
 *	  DETAIL.  A record may end with one extra, empty field (a trailing
 *	  delimiter, as TPC-H's .tbl files have).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/op.h"
#include "wire/csv.h"
#include "wire/typeio.h"

#define CSV_BLOCK (4u << 20)
#define CSV_MAX_RECORD (256u << 20)

typedef struct CsvOp {
	Op			op;
	const Quarry__Scan *scan;
	CsvDialect	d;
	size_t		next_file;
	int			fd;				/* -1: no file open */
	const char *path;
	char	   *buf;
	size_t		cap;
	size_t		len;
	size_t		pos;
	bool		eof;
	int64_t		line;
	int64_t		base;			/* file offset of buf[0] */
	int64_t		end;			/* records starting at or past this are another range's */
	int64_t		rec_off;		/* file offset of the current record */
	bool		ranged;			/* the file is read from a byte range */
	CsvFields	fields;
} CsvOp;

static bool
csv_open_op(Op *op, Err *err)
{
	return true;
}

static bool
read_error(CsvOp *o, Err *err)
{
	return err_set(err, errno == ENOENT ? "58P01" : ERRCODE_IO_ERROR,
				   "could not read file \"%s\": %s", o->path, strerror(errno));
}

/* refill moves the unread bytes to the front and reads more after them. */
static bool
refill(CsvOp *o, Err *err)
{
	ssize_t		n;

	memmove(o->buf, o->buf + o->pos, o->len - o->pos);
	o->len -= o->pos;
	o->base += (int64_t) o->pos;
	o->pos = 0;
	if (o->len == o->cap) {
		if (o->cap >= CSV_MAX_RECORD)
			return err_set(err, "54000", "a record of file \"%s\" is longer than %u bytes",
						   o->path, CSV_MAX_RECORD);
		o->cap *= 2;
		o->buf = realloc(o->buf, o->cap);
	}
	do
		n = read(o->fd, o->buf + o->len, o->cap - o->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return read_error(o, err);
	o->eof = n == 0;
	o->len += (size_t) n;
	return true;
}

/* next_record finds the next record: *rec, *n; *rec NULL at the end of the file. */
static bool
next_record(CsvOp *o, const char **rec, size_t *n, Err *err)
{
	ssize_t		end;

	if (o->base + (int64_t) o->pos >= o->end) {
		*rec = NULL;			/* the rest is another range's */
		return true;
	}
	for (;;) {
		end = csv_record_end(&o->d, o->buf + o->pos, o->len - o->pos, o->eof);
		if (end >= 0)
			break;
		if (o->eof) {
			*rec = NULL;
			return true;
		}
		if (!refill(o, err))
			return false;
	}
	*rec = o->buf + o->pos;
	*n = (size_t) end;
	o->rec_off = o->base + (int64_t) o->pos;
	o->pos += (size_t) end;
	o->line++;
	return true;
}

static void
close_file(CsvOp *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

/* skip_partial skips to the first record that starts at or after the range's start. */
static bool
skip_partial(CsvOp *o, int64_t start, Err *err)
{
	char	   *nl;

	if (lseek(o->fd, start - 1, SEEK_SET) < 0)
		return read_error(o, err);
	o->base = start - 1;
	for (;;) {
		if (o->pos == o->len && !o->eof && !refill(o, err))
			return false;
		if (o->pos == o->len)
			return true;		/* no record starts in the range */
		if ((nl = memchr(o->buf + o->pos, '\n', o->len - o->pos)) != NULL) {
			o->pos = (size_t) (nl - o->buf) + 1;
			return true;
		}
		o->pos = o->len;
	}
}

static bool
open_file(CsvOp *o, Err *err)
{
	const Quarry__CsvOptions *c = o->scan->csv;
	size_t		f = o->next_file;
	int64_t		start = f < c->n_range_start ? c->range_start[f] : 0;
	const char *rec;
	size_t		n;

	o->end = f < c->n_range_end ? c->range_end[f] : INT64_MAX;
	o->path = o->scan->files[o->next_file++];
	if (o->buf == NULL) {
		o->cap = CSV_BLOCK;
		o->buf = malloc(o->cap);
	}
	o->fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (o->fd < 0)
		return read_error(o, err);
	o->len = o->pos = 0;
	o->eof = false;
	o->line = 0;
	o->base = 0;
	o->ranged = start > 0;
	if (start > 0)
		return skip_partial(o, start, err);
	if (o->scan->csv->header && !next_record(o, &rec, &n, err))
		return false;
	return true;
}

/* where writes the file and line (or, in a byte range, offset) of the record. */
static void
where(CsvOp *o, Err *err)
{
	if (o->ranged)
		snprintf(err->detail, sizeof(err->detail), "file \"%s\", the record at byte %lld",
				 o->path, (long long) o->rec_off);
	else
		snprintf(err->detail, sizeof(err->detail), "file \"%s\", line %lld", o->path,
				 (long long) o->line);
}

static bool
record_error(CsvOp *o, Err *err, const char *sqlstate, const char *msg)
{
	err_set(err, sqlstate, "%s", msg);
	where(o, err);
	return false;
}

/* store converts the requested fields of one record into row `row` of b. */
static bool
store(CsvOp *o, Batch *b, uint32_t row, Err *err)
{
	int			want = (int) o->scan->n_table_types;
	const CsvFields *f = &o->fields;

	if (f->n == want + 1 && f->f[want].len == 0 && !f->f[want].quoted)
		;						/* a trailing delimiter */
	else if (f->n < want)
		return record_error(o, err, "22P04", "missing data for a column");
	else if (f->n > want)
		return record_error(o, err, "22P04", "extra data after last expected column");
	for (int j = 0; j < o->op.ncols; j++) {
		const CsvField *x = &f->f[o->scan->columns[j]];
		Value		v = {.type = (TypeId) o->op.types[j], .is_null = true};

		if (!csv_is_null(&o->d, x) &&
			!typeio_parse(&o->op.scratch, v.type, x->p, x->len, &v, err)) {
			if (err->detail[0] == '\0')
				where(o, err);
			return false;
		}
		vec_set(&o->op.scratch, &b->cols[j], row, &v);
	}
	return true;
}

/* fill reads up to BATCH_SIZE records into b; b->count 0 when the files are done. */
static bool
fill(CsvOp *o, Batch *b, Err *err)
{
	const char *rec;
	size_t		n;

	while (b->count < BATCH_SIZE) {
		if (o->fd < 0) {
			if (o->next_file == o->scan->n_files)
				return true;
			if (!open_file(o, err))
				return false;
		}
		if (!next_record(o, &rec, &n, err))
			return false;
		if (rec == NULL) {
			close_file(o);
			continue;
		}
		if (n == 1 && rec[0] == '\n')
			continue;			/* an empty line */
		if (!csv_split(&o->d, rec, n, &o->fields, err)) {
			Err			e = *err;

			return record_error(o, err, e.sqlstate, e.message);
		}
		if (!store(o, b, b->count, err))
			return false;
		b->count++;
	}
	return true;
}

static OpStatus
csv_next(Op *op, Batch **out, Err *err)
{
	CsvOp	   *o = (CsvOp *) op;
	Batch	   *b;

	arena_reset(&op->scratch);
	b = batch_new(&op->scratch, op->ncols, op->types);
	if (!fill(o, b, err))
		return OP_FAILED;
	if (b->count == 0)
		return OP_DONE;
	*out = b;
	return OP_BATCH;
}

static void
csv_close_op(Op *op)
{
	CsvOp	   *o = (CsvOp *) op;

	close_file(o);
	free(o->buf);
	o->buf = NULL;
	csv_fields_free(&o->fields);
}

static const OpVtbl csv_vtbl = {"CsvScan", csv_open_op, csv_next, csv_close_op};

static bool
dialect(const Quarry__CsvOptions *c, CsvDialect *d)
{
	if (strlen(c->delimiter) != 1 || strlen(c->quote) > 1 || strlen(c->escape) > 1 ||
		c->n_range_start != c->n_range_end)
		return false;
	d->delim = c->delimiter[0];
	d->quoting = c->quote[0] != '\0';
	d->quote = c->quote[0];
	d->escape = c->escape[0] ? c->escape[0] : d->quote;
	d->null_str = c->null_string;
	d->null_len = strlen(c->null_string);
	return true;
}

/* op_csv_new builds the scan of a Scan node with csv options (op_scan_new's caller). */
Op *
op_csv_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	CsvOp	   *o = arena_new(cx->arena, CsvOp);

	if (!dialect(plan->scan->csv, &o->d)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid CSV options in plan fragment");
		return NULL;
	}
	op_init(&o->op, &csv_vtbl, cx, plan);
	o->scan = plan->scan;
	o->fd = -1;
	return &o->op;
}
