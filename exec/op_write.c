/*
 * op_write.c
 *	  Write: stores rows in new .qcf table files on the worker, for the
 *	  coordinator to commit (plan.proto's Write).
 *
 *	  INSERT drains its input into files of up to WRITE_FILE_ROWS rows.
 *	  DELETE and UPDATE rewrite the files of their input Scan one at a time
 *	  (copy on write): a file where the predicate matches nothing is left
 *	  alone; otherwise its surviving (DELETE) or updated (UPDATE) rows go to
 *	  a new file that replaces it.  Every stored value is checked as an
 *	  assignment: NOT NULL (23502) and the column's typmod (22001, 22003).
 *
 *	  With matches (UPDATE ... FROM, DELETE ... USING, subqueries), the
 *	  matched rows come from that plan, looked up by value (write_match.c)
 *	  instead of evaluating the predicate.  RETURNING expressions are
 *	  evaluated over each stored (checked) inserted or updated row and each
 *	  deleted row, and kept encoded until the files are done.
 *
 *	  The work happens in open(); next() returns one row per file written
 *	  or replaced: (old_path, new_path, rows, matched), then the RETURNING
 *	  rows (the four first columns NULL).  A failure or cancel
 *	  removes the file being written; files already finished are never
 *	  committed, and the coordinator's sweep removes them.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exec/expr.h"
#include "exec/op.h"
#include "exec/qcf.h"
#include "exec/write_int.h"
#include "exec/write_match.h"
#include "wire/batchio.h"
#include "common/numeric.h"
#include "wire/buf.h"
#include "wire/typeio.h"

static atomic_uint_fast64_t file_seq;

/* ---- files ---- */

bool
write_start_file(WriteOp *o, Err *err)
{
	snprintf(o->path, sizeof(o->path), "%s/%s%d-%llu.qcf", o->w->dir, o->w->prefix,
			 (int) getpid(), (unsigned long long) atomic_fetch_add(&file_seq, 1));
	o->file = qcf_writer_open(o->path, o->ncols, o->types, o->ids, &o->opts, err);
	o->file_rows = 0;
	return o->file != NULL;
}

static void
record(WriteOp *o, const char *old_path, const char *new_path, int64_t rows, int64_t matched)
{
	Arena	   *a = o->op.cx->arena;

	if (o->nout == o->cap) {
		WroteFile  *grown = arena_array(a, WroteFile, o->cap ? o->cap * 2 : 8);

		if (o->nout > 0)
			memcpy(grown, o->out, sizeof(WroteFile) * o->nout);
		o->out = grown;
		o->cap = o->cap ? o->cap * 2 : 8;
	}
	o->out[o->nout].old_path = old_path ? arena_strdup(a, old_path) : NULL;
	o->out[o->nout].new_path = arena_strdup(a, new_path);
	o->out[o->nout].rows = rows;
	o->out[o->nout].matched = matched;
	o->nout++;
}

/* finish_file makes the file durable; an empty one is dropped instead. */
bool
write_finish_file(WriteOp *o, const char *old_path, int64_t matched, Err *err)
{
	int64_t		rows = o->file_rows;

	if (rows == 0) {
		qcf_writer_abort(&o->file);
		if (old_path != NULL)
			record(o, old_path, "", 0, matched);
		return true;
	}
	if (!qcf_writer_finish(&o->file, err))
		return false;
	record(o, old_path, o->path, rows, old_path ? matched : rows);
	return true;
}

/* ---- checks ---- */

/* failing_row writes PostgreSQL's "Failing row contains (...)." detail. */
static void
failing_row(const Batch *b, uint32_t row, Err *err)
{
	Buf			out;

	buf_init(&out);
	buf_put(&out, "Failing row contains (", 22);
	for (int c = 0; c < b->ncols; c++) {
		Value		v = vec_get(&b->cols[c], row);

		if (c > 0)
			buf_put(&out, ", ", 2);
		if (v.is_null)
			buf_put(&out, "null", 4);
		else
			typeio_text(&out, &v);
	}
	buf_put(&out, ").", 3);
	err_detail(err, "%s", (const char *) out.data);
	buf_free(&out);
}

static bool
not_null_error(WriteOp *o, const Batch *b, uint32_t row, int c, Err *err)
{
	const Quarry__WriteColumn *col = o->w->columns[c];

	err_set(err, ERRCODE_NOT_NULL_VIOLATION,
			"null value in column \"%s\" of relation \"%s\" violates not-null constraint",
			col->name, o->w->table);
	failing_row(b, row, err);
	snprintf(err->schema_name, sizeof(err->schema_name), "%s", o->w->schema);
	snprintf(err->table_name, sizeof(err->table_name), "%s", o->w->table);
	snprintf(err->column_name, sizeof(err->column_name), "%s", col->name);
	return false;
}

/* apply_typmod rewrites column c of b with its values as the column stores them. */
static bool
apply_typmod(WriteOp *o, Batch *b, int c, Err *err)
{
	const Vector *in = &b->cols[c];
	Vector		out;

	vec_alloc(&o->check, &out, in->type);
	for (uint32_t k = 0; k < batch_rows(b); k++) {
		uint32_t	row = batch_row(b, k);
		Value		v = vec_get(in, row);

		if (!value_apply_typmod(&o->check, &v, o->w->columns[c]->typmod, false, err))
			return false;
		vec_set(&o->check, &out, row, &v);
	}
	b->cols[c] = out;
	return true;
}

static bool
ascii_len(const StrView *s, uint32_t n)
{
	const char *p = str_data(s);

	if (s->len != n)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if ((unsigned char) p[i] >= 0x80)
			return false;
	return true;
}

/*
 * typmod_holds says whether every live value of column v already is as
 * the typmod stores it (the common case), so nothing need be rewritten.
 */
static bool
typmod_holds(const Batch *b, const Vector *v, int32_t typmod)
{
	uint32_t	n = (uint32_t) (typmod - 4);
	int			p = num_typmod_precision(typmod);
	int			sc = num_typmod_scale(typmod);

	for (uint32_t k = 0; k < batch_rows(b); k++) {
		uint32_t	row = batch_row(b, k);
		const StrView *s = (const StrView *) v->data + row;
		Numeric		x;

		if (vec_is_null(v, row))
			continue;
		switch (v->type) {
			case TYPE_VARCHAR:
				if (s->len > n)
					return false;	/* bytes <= n: characters <= n */
				break;
			case TYPE_BPCHAR:
				if (!ascii_len(s, n))
					return false;
				break;
			case TYPE_NUMERIC:
				memcpy(&x, (const char *) v->data + (size_t) row * sizeof(Numeric), sizeof(x));
				if (num_scale(x) != sc || p > 38 || sc < 0 || sc > p ||
					num_mant(x) >= (int128) num_pow10[p] || num_mant(x) <= -(int128) num_pow10[p])
					return false;
				break;
			default:
				return false;
		}
	}
	return true;
}

/* check_batch enforces NOT NULL and typmods on the live rows of b. */
static bool
check_batch(WriteOp *o, Batch *b, Err *err)
{
	for (int c = 0; c < o->ncols; c++) {
		const Quarry__WriteColumn *col = o->w->columns[c];

		if ((int32_t) b->cols[c].type != col->type)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "write input has the wrong types");
		if (col->typmod >= 4 && !typmod_holds(b, &b->cols[c], col->typmod) &&
			!apply_typmod(o, b, c, err))
			return false;
	}
	for (int c = 0; c < o->ncols; c++)
		if (o->w->columns[c]->not_null && b->cols[c].validity != NULL)
			for (uint32_t k = 0; k < batch_rows(b); k++)
				if (vec_is_null(&b->cols[c], batch_row(b, k)))
					return not_null_error(o, b, batch_row(b, k), c, err);
	return true;
}

/* capture keeps the RETURNING values of b's live rows. */
static bool
capture(WriteOp *o, const Batch *b, Err *err)
{
	int			k = (int) o->w->n_returning;
	Batch		r = *b;
	size_t		at;

	if (k == 0 || batch_rows(b) == 0)
		return true;
	r.ncols = k;
	r.cols = arena_array(&o->check, Vector, k + 1);
	for (int i = 0; i < k; i++) {
		const Vector *v = expr_eval(o->w->returning[i], b, &o->check, err);

		if (v == NULL)
			return false;
		r.cols[i] = *v;
	}
	at = o->ret.len;
	buf_put_u32(&o->ret, 0);
	batchio_encode(&o->ret, &r);
	buf_set_u32(&o->ret, at, (uint32_t) (o->ret.len - at - 4));
	return true;
}

/*
 * store appends the live rows of b, rolling over to a new file when full;
 * returned rows (inserted, updated) are captured for RETURNING.
 */
bool
write_store(WriteOp *o, Batch *b, const char *old_path, bool returned, Err *err)
{
	Batch		copy = *b;

	if (batch_rows(b) == 0)
		return true;
	copy.cols = arena_memdup(&o->check, b->cols, sizeof(Vector) * (b->ncols + 1));
	if (!check_batch(o, &copy, err))
		return false;
	if (o->keys != NULL && old_path == NULL) {
		if (!write_conflict_filter(o, &copy, err))
			return false;
		if (batch_rows(&copy) == 0)
			return true;
	}
	if (returned && !capture(o, &copy, err))
		return false;
	if (old_path == NULL && o->file_rows >= WRITE_FILE_ROWS &&
		(!write_finish_file(o, NULL, 0, err) || !write_start_file(o, err)))
		return false;
	copy.ncols = o->ncols;		/* RETURNING's extra values are not stored */
	if (!qcf_writer_append(o->file, &copy, err))
		return false;
	o->file_rows += batch_rows(&copy);
	return true;
}

/* ---- INSERT ---- */

static bool
run_insert(WriteOp *o, Err *err)
{
	Op		   *child;
	Batch	   *b;
	OpStatus	st = OP_FAILED;

	if (!write_conflict_open(o, err))
		return false;
	if ((child = exec_build(o->op.cx, o->w->input, err)) == NULL || !write_start_file(o, err))
		return false;
	if (exec_open(child, err)) {
		while ((st = exec_next(child, &b, err)) == OP_BATCH) {
			arena_reset(&o->check);
			if (!write_store(o, b, NULL, true, err)) {
				st = OP_FAILED;
				break;
			}
		}
	}
	exec_close(child);
	return st == OP_DONE && write_finish_file(o, NULL, 0, err) && write_conflict_update(o, err);
}

/* ---- DELETE and UPDATE ---- */

/* matches builds the selections of rows the predicate matches and does not. */
static bool
matches(WriteOp *o, const Batch *b, uint32_t *yes, uint32_t *nyes, uint32_t *no,
		uint32_t *nno, Err *err)
{
	const Vector *p = NULL;

	*nyes = *nno = 0;
	if (o->match != NULL) {
		for (uint32_t k = 0; k < batch_rows(b); k++) {
			uint32_t	row = batch_row(b, k);
			const Batch *mb;
			uint32_t	mrow;

			if (write_match_find(o->match, b, row, &mb, &mrow))
				yes[(*nyes)++] = row;
			else
				no[(*nno)++] = row;
		}
		return true;
	}
	if (o->w->predicate != NULL &&
		(p = expr_eval(o->w->predicate, b, &o->check, err)) == NULL)
		return false;
	for (uint32_t k = 0; k < batch_rows(b); k++) {
		uint32_t	row = batch_row(b, k);
		bool		m = p == NULL || (!vec_is_null(p, row) && ((const uint8_t *) p->data)[row]);

		if (m)
			yes[(*nyes)++] = row;
		else
			no[(*nno)++] = row;
	}
	return true;
}

/*
 * match_columns is a batch of ncols columns from the rows' matches, from
 * their column first on, then RETURNING's extra values (the matches row's
 * last returning_extra columns).
 */
static Batch *
match_columns(WriteOp *o, const Batch *b, const uint32_t *yes, uint32_t nyes, int first,
			  int ncols)
{
	Batch	   *n = arena_new(&o->check, Batch);
	int			nx = o->w->returning_extra;
	const Batch *mb = NULL;
	uint32_t	mrow;

	*n = *b;
	n->ncols = ncols + nx;
	n->cols = arena_array(&o->check, Vector, n->ncols + 1);
	for (uint32_t k = 0; k < nyes; k++) {
		if (!write_match_find(o->match, b, yes[k], &mb, &mrow))
			continue;			/* cannot happen: yes rows were found */
		if (k == 0)
			for (int c = 0; c < n->ncols; c++)
				vec_alloc(&o->check, &n->cols[c], (TypeId) (c < ncols ? mb->cols[first + c].type :
															 mb->cols[mb->ncols - nx + c - ncols].type));
		for (int c = 0; c < n->ncols; c++) {
			int			from = c < ncols ? first + c : mb->ncols - nx + c - ncols;
			Value		v = vec_get(&mb->cols[from], mrow);

			vec_set(&o->check, &n->cols[c], yes[k], &v);
		}
	}
	return n;
}

/* matched_values is every column's new value from the rows' matches. */
static Batch *
matched_values(WriteOp *o, const Batch *b, const uint32_t *yes, uint32_t nyes)
{
	return match_columns(o, b, yes, nyes, o->ncols, o->ncols);
}

/* updated evaluates the SET expressions: every table column's new value. */
static Batch *
updated(WriteOp *o, const Batch *b, const uint32_t *yes, uint32_t nyes, Err *err)
{
	Batch	   *n = arena_new(&o->check, Batch);

	if (o->match != NULL)
		return matched_values(o, b, yes, nyes);
	*n = *b;
	n->cols = arena_array(&o->check, Vector, o->ncols + 1);
	for (int c = 0; c < o->ncols; c++) {
		const Vector *v = expr_eval(o->w->set[c], b, &o->check, err);

		if (v == NULL)
			return NULL;
		n->cols[c] = *v;
	}
	return n;
}

static bool
rewrite_batch(WriteOp *o, const Batch *b, const char *path, int64_t *matched, Err *err)
{
	uint32_t   *yes = arena_array(&o->check, uint32_t, b->count + 1);
	uint32_t   *no = arena_array(&o->check, uint32_t, b->count + 1);
	uint32_t	nyes;
	uint32_t	nno;
	Batch		keep = *b;
	Batch	   *upd;

	if (!matches(o, b, yes, &nyes, no, &nno, err))
		return false;
	*matched += nyes;
	keep.sel = no;
	keep.nsel = nno;
	if (!write_store(o, &keep, path, false, err))
		return false;
	if (nyes == 0)
		return true;
	if (o->w->mode != QUARRY__WRITE_MODE__WRITE_UPDATE) {
		Batch		gone = *b;

		if (o->match != NULL && o->w->returning_extra > 0 && o->w->n_returning > 0) {
			Batch	   *x = match_columns(o, b, yes, nyes, 0, o->ncols);

			gone = *x;			/* the deleted row, then RETURNING's extra values */
		}
		gone.sel = yes;
		gone.nsel = nyes;
		return capture(o, &gone, err);
	}
	if ((upd = updated(o, b, yes, nyes, err)) == NULL)
		return false;
	upd->sel = yes;
	upd->nsel = nyes;
	return write_store(o, upd, path, true, err);
}

/* write_file_scan is the Scan input narrowed to its file f and every column. */
Quarry__PlanNode *
write_file_scan(WriteOp *o, const Quarry__PlanNode *input, size_t f)
{
	Arena	   *a = o->op.cx->arena;
	Quarry__PlanNode *n = arena_memdup(a, input, sizeof(Quarry__PlanNode));
	Quarry__Scan *s = arena_memdup(a, input->scan, sizeof(Quarry__Scan));

	s->files = &input->scan->files[f];
	s->n_files = 1;
	s->n_columns = s->n_table_types;
	s->columns = arena_array(a, int32_t, s->n_columns + 1);
	for (size_t i = 0; i < s->n_columns; i++)
		s->columns[i] = (int32_t) i;
	s->n_filters = 0;
	n->scan = s;
	n->n_output_types = s->n_table_types;
	n->output_types = s->table_types;
	return n;
}

/* rewrite_file copies one file without (or with updated) matching rows. */
static bool
rewrite_file(WriteOp *o, size_t f, Err *err)
{
	const char *path = o->w->input->scan->files[f];
	Op		   *scan = op_scan_new(o->op.cx, write_file_scan(o, o->w->input, f), err);
	Batch	   *b;
	OpStatus	st = OP_FAILED;
	int64_t		matched = 0;

	if (scan == NULL || !write_start_file(o, err))
		return false;
	if (exec_open(scan, err))
		while ((st = exec_next(scan, &b, err)) == OP_BATCH) {
			arena_reset(&o->check);
			if (!rewrite_batch(o, b, path, &matched, err)) {
				st = OP_FAILED;
				break;
			}
		}
	exec_close(scan);
	if (st != OP_DONE)
		return false;
	if (matched == 0) {
		qcf_writer_abort(&o->file);		/* nothing changes: keep the file */
		return true;
	}
	return write_finish_file(o, path, matched, err);
}

static bool
run_rewrite(WriteOp *o, Err *err)
{
	const Quarry__PlanNode *in = o->w->input;

	if (in == NULL || in->node_case != QUARRY__PLAN_NODE__NODE_SCAN ||
		(int) in->scan->n_table_types != o->ncols ||
		(o->w->mode == QUARRY__WRITE_MODE__WRITE_UPDATE && (int) o->w->n_set != o->ncols))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid rewrite in plan fragment");
	if (o->w->matches != NULL &&
		(o->match = write_match_build(o->op.cx, o->w->matches, o->ncols, err)) == NULL)
		return false;
	for (size_t f = 0; f < in->scan->n_files; f++)
		if (!rewrite_file(o, f, err))
			return false;
	return true;
}

/* ---- the operator ---- */

static bool
write_open(Op *op, Err *err)
{
	WriteOp    *o = (WriteOp *) op;
	bool		ok;

	if (o->w->mode == QUARRY__WRITE_MODE__WRITE_INSERT)
		ok = run_insert(o, err);
	else
		ok = run_rewrite(o, err);
	if (!ok)
		qcf_writer_abort(&o->file);
	arena_reset(&o->check);
	return ok;
}

static void
put_text(Arena *a, Vector *v, uint32_t row, const char *s)
{
	Value		x = {.type = TYPE_TEXT};

	x.is_null = s == NULL;
	x.u.s.p = s;
	x.u.s.len = s ? (uint32_t) strlen(s) : 0;
	vec_set(a, v, row, &x);
}

static void
put_int8(Arena *a, Vector *v, uint32_t row, int64_t i)
{
	Value		x = {.type = TYPE_INT8};

	x.u.i = i;
	vec_set(a, v, row, &x);
}

/* null_from sets columns first.. of b NULL in rows 0..count-1. */
static void
null_from(Arena *a, Batch *b, int first)
{
	for (int c = first; c < b->ncols; c++)
		for (uint32_t r = 0; r < b->count; r++)
			vec_set_null(a, &b->cols[c], r);
}

/* returned_batch sets *out to the next RETURNING block as output rows. */
static OpStatus
returned_batch(WriteOp *o, Batch **out, Err *err)
{
	Op		   *op = &o->op;
	const uint8_t *p = o->ret.data + o->ret_at;
	uint32_t	len;
	Batch	   *d;
	Batch	   *b;

	if (o->ret_at + 4 > o->ret.len)
		return OP_DONE;
	len = (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
	if ((d = batchio_decode(&op->scratch, p + 4, len, err)) == NULL)
		return OP_FAILED;
	o->ret_at += 4 + (size_t) len;
	b = batch_new(&op->scratch, op->ncols, op->types);
	b->count = d->count;
	null_from(&op->scratch, b, 0);
	for (int c = 0; c < d->ncols && 4 + c < b->ncols; c++)
		b->cols[4 + c] = d->cols[c];
	*out = b;
	return OP_BATCH;
}

static OpStatus
write_next(Op *op, Batch **out, Err *err)
{
	WriteOp    *o = (WriteOp *) op;
	Batch	   *b;

	arena_reset(&op->scratch);
	if (o->emitted == o->nout)
		return returned_batch(o, out, err);
	b = batch_new(&op->scratch, op->ncols, op->types);
	for (; o->emitted < o->nout && b->count < BATCH_SIZE; o->emitted++, b->count++) {
		const WroteFile *f = &o->out[o->emitted];

		put_text(&op->scratch, &b->cols[0], b->count, f->old_path);
		put_text(&op->scratch, &b->cols[1], b->count, f->new_path);
		put_int8(&op->scratch, &b->cols[2], b->count, f->rows);
		put_int8(&op->scratch, &b->cols[3], b->count, f->matched);
	}
	null_from(&op->scratch, b, 4);
	*out = b;
	return OP_BATCH;
}

static void
write_close(Op *op)
{
	WriteOp    *o = (WriteOp *) op;

	qcf_writer_abort(&o->file);
	arena_reset(&o->check);
	write_match_free(o->match);
	o->match = NULL;
	write_conflict_close(o);
	buf_free(&o->ret);
}

static const OpVtbl write_vtbl = {"Write", write_open, write_next, write_close};

static bool
write_is_valid(const Quarry__PlanNode *plan)
{
	const Quarry__Write *w = plan->write;

	if (plan->n_output_types != 4 + w->n_returning || plan->output_types[0] != TYPE_TEXT ||
		plan->output_types[1] != TYPE_TEXT || plan->output_types[2] != TYPE_INT8 ||
		plan->output_types[3] != TYPE_INT8 || w->input == NULL || w->dir == NULL ||
		w->prefix == NULL || strchr(w->prefix, '/') != NULL || w->n_columns == 0)
		return false;
	for (size_t c = 0; c < w->n_columns; c++)
		if (!type_is_valid(w->columns[c]->type) || w->columns[c]->type == TYPE_UNKNOWN)
			return false;
	return w->mode != QUARRY__WRITE_MODE__WRITE_INSERT ||
		w->input->n_output_types == w->n_columns;
}

Op *
op_write_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	WriteOp    *o = arena_new(cx->arena, WriteOp);
	const Quarry__Write *w = plan->write;

	if (!write_is_valid(plan)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid write in plan fragment");
		return NULL;
	}
	op_init(&o->op, &write_vtbl, cx, plan);
	o->w = w;
	o->ncols = (int) w->n_columns;
	o->types = arena_array(cx->arena, int32_t, o->ncols + 1);
	o->ids = arena_array(cx->arena, int32_t, o->ncols + 1);
	for (int c = 0; c < o->ncols; c++) {
		o->types[c] = w->columns[c]->type;
		o->ids[c] = w->columns[c]->id ? w->columns[c]->id : c + 1;
	}
	o->opts.zstd = w->zstd;
	o->opts.zstd_level = w->zstd_level;
	o->opts.row_group_rows = w->row_group_rows > 0 ? (uint32_t) w->row_group_rows : 0;
	arena_init(&o->check);
	buf_init(&o->ret);
	buf_init(&o->pending);
	return &o->op;
}
