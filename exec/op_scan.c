/*
 * op_scan.c
 *	  Scan: reads the fragment's .qcf table files in order and outputs the
 *	  requested columns, BATCH_SIZE rows at a time, as slices of decoded
 *	  chunks (no copy: the vectors point into chunks pinned until the scan
 *	  moves on, so consumers must treat them as read-only).
 *
 *	  Only the requested columns are read.  Table columns are matched to
 *	  file columns by stored id, so files written before ADD COLUMN give
 *	  the column's missing value and dropped columns are never read.  Row
 *	  groups whose statistics cannot satisfy the pushed-down filters are
 *	  skipped.  Decoded chunks come from, and go to, the worker's cache.
 */
#include "exec/expr.h"
#include "exec/op.h"
#include "exec/qcf.h"
#include "exec/zonemap.h"
#include "wire/typeio.h"

typedef struct ScanOp {
	Op			op;
	const Quarry__Scan *scan;
	size_t		next_file;
	bool		file_open;
	QcfFile		file;
	int		   *filecol;		/* per output column: file column, or -1 */
	int			rg;				/* current row group; -1 before the first */
	int			rg_end;			/* the file's row groups end here (Scan.rg_end) */
	uint32_t	pos;			/* next row of the row group */
	QcfChunk  **chunks;			/* per output column, pinned */
	Vector	   *missing;		/* per output column: constant vector, or unset */
	QcfStats   *missing_stats;
	const QcfStats **st;		/* per output column, for the zone maps */
	const QcfChunk **keep_chunk;	/* per filter: the chunk keep[] was made for */
	uint8_t   **keep;			/* per filter: which dictionary entries pass */
} ScanOp;

static bool
scan_open(Op *op, Err *err)
{
	return true;
}

static int32_t
table_col(const ScanOp *s, int j)
{
	return s->scan->columns[j];
}

static Value
missing_value(const ScanOp *s, int j)
{
	const Quarry__Scan *scan = s->scan;
	TypeId		type = (TypeId) scan->table_types[table_col(s, j)];
	Value		v;

	if ((size_t) table_col(s, j) >= scan->n_missing ||
		!zonemap_datum_value(scan->missing[table_col(s, j)], type, &v)) {
		memset(&v, 0, sizeof(v));
		v.type = type;
		v.is_null = true;
	}
	return v;
}

/* make_missing builds the constant vector and statistics of an absent column. */
static void
make_missing(ScanOp *s, int j)
{
	Value		v = missing_value(s, j);
	Vector	   *vec = &s->missing[j];
	QcfStats   *st = &s->missing_stats[j];

	if (vec->data != NULL)
		return;
	vec_alloc(s->op.cx->arena, vec, v.type);
	for (uint32_t i = 0; i < BATCH_SIZE; i++)
		vec_set(s->op.cx->arena, vec, i, &v);
	memset(st, 0, sizeof(*st));
	st->min = st->max = v;
	st->min.type = st->max.type = v.type;
	st->has_min = st->has_max = !v.is_null;
	st->nulls = v.is_null ? INT64_MAX : 0;
}

/* map_columns finds each output column in the file just opened. */
static bool
map_columns(ScanOp *s, Err *err)
{
	const Quarry__Scan *scan = s->scan;
	const QcfFooter *ft = &s->file.footer;

	for (int j = 0; j < s->op.ncols; j++) {
		int32_t		t = table_col(s, j);
		int			k = -1;

		if (scan->n_column_ids == 0)
			k = t < ft->ncols ? t : -1;
		else
			for (int i = 0; i < ft->ncols && k < 0; i++)
				if (ft->ids[i] == scan->column_ids[t])
					k = i;
		if (k >= 0 && ft->types[k] != scan->table_types[t])
			return err_set(err, ERRCODE_DATA_CORRUPTED,
						   "table file \"%s\" column %d has the wrong type", s->file.path, k + 1);
		s->filecol[j] = k;
		if (k < 0)
			make_missing(s, j);
	}
	return true;
}

static void
release_chunks(ScanOp *s)
{
	for (int j = 0; j < s->op.ncols; j++) {
		qcf_chunk_release(s->chunks[j]);
		s->chunks[j] = NULL;
	}
	/* a released chunk's address may come back as another chunk's */
	for (size_t i = 0; i < s->scan->n_filters; i++)
		s->keep_chunk[i] = NULL;
}

static bool
rg_may_match(ScanOp *s, int rg)
{
	const QcfRowGroup *g = &s->file.footer.rgs[rg];

	for (int j = 0; j < s->op.ncols; j++) {
		if (s->filecol[j] >= 0)
			s->st[j] = &g->chunks[s->filecol[j]].stats;
		else {
			s->missing_stats[j].nulls = s->missing[j].validity ? g->rows : 0;
			s->st[j] = &s->missing_stats[j];
		}
	}
	for (size_t i = 0; i < s->scan->n_filters; i++)
		if (!zonemap_may_match(s->scan->filters[i], s->st, s->op.ncols, g->rows))
			return false;
	return true;
}

/* next_row_group pins the chunks of the next row group that may match. */
static bool
next_row_group(ScanOp *s, bool *found, Err *err)
{
	release_chunks(s);
	*found = false;
	while (++s->rg < s->rg_end && !rg_may_match(s, s->rg))
		;
	if (s->rg >= s->rg_end)
		return true;
	for (int j = 0; j < s->op.ncols; j++)
		if (s->filecol[j] >= 0 &&
			!qcf_read_chunk(&s->file, s->rg, s->filecol[j], &s->chunks[j], err))
			return false;
	s->pos = 0;
	*found = true;
	return true;
}

static bool
open_next_file(ScanOp *s, Err *err)
{
	size_t		f = s->next_file++;

	if (!qcf_open(&s->file, s->scan->files[f], err))
		return false;
	s->file_open = true;
	s->rg = -1;
	s->rg_end = s->file.footer.nrgs;
	s->pos = UINT32_MAX;		/* no row group pinned yet */
	if (f < s->scan->n_rg_start && f < s->scan->n_rg_end) {
		s->rg = s->scan->rg_start[f] - 1;
		if (s->scan->rg_end[f] < s->rg_end)
			s->rg_end = s->scan->rg_end[f];
	}
	if (!map_columns(s, err)) {
		qcf_close(&s->file);
		s->file_open = false;
		return false;
	}
	return true;
}

/* ---- predicates on dictionary codes ---- */

/*
 * dict_keep answers filter f, when it is `column op constant` over a
 * dictionary-encoded string chunk, once per dictionary entry; NULL for any
 * other filter.  *col is the column.  The Filter above the scan still
 * evaluates f, so this only drops rows early; it never adds any.
 */
static const uint8_t *
dict_keep(ScanOp *s, size_t fi, int *col)
{
	const Quarry__Expr *f = s->scan->filters[fi];
	const Quarry__Expr *c;
	const Quarry__Expr *k;
	const QcfChunk *ch;
	bool		flip;
	Value		kv;

	if (f->kind != QUARRY__EXPR_KIND__EXPR_OP || f->n_args != 2 ||
		f->op < QUARRY__EXPR_OP__OP_EQ || f->op > QUARRY__EXPR_OP__OP_GE)
		return NULL;
	flip = f->args[0]->kind == QUARRY__EXPR_KIND__EXPR_CONST;
	c = f->args[flip];
	k = f->args[!flip];
	if (c->kind != QUARRY__EXPR_KIND__EXPR_COLUMN || k->kind != QUARRY__EXPR_KIND__EXPR_CONST ||
		c->column < 0 || c->column >= s->op.ncols || (ch = s->chunks[c->column]) == NULL ||
		ch->codes == NULL || k->type != (int) ch->type ||
		!zonemap_datum_value(k->value, ch->type, &kv) || kv.is_null)
		return NULL;
	*col = c->column;
	if (s->keep_chunk[fi] != ch) {
		uint8_t    *keep = arena_alloc(s->op.cx->arena, ch->ndict + 1);

		for (uint32_t i = 0; i < ch->ndict; i++) {
			Value		dv = {.type = ch->type};
			int			cmp;

			dv.u.s.p = str_data(&ch->dict[i]);
			dv.u.s.len = ch->dict[i].len;
			cmp = value_cmp(&dv, &kv);
			keep[i] = expr_cmp_holds(f->op, flip ? -cmp : cmp);
		}
		s->keep[fi] = keep;
		s->keep_chunk[fi] = ch;
	}
	return s->keep[fi];
}

/* apply_dict_filters narrows o (rows pos.. of the row group) by the codes. */
static void
apply_dict_filters(ScanOp *s, Batch *o)
{
	for (size_t fi = 0; fi < s->scan->n_filters; fi++) {
		int			col;
		const uint8_t *keep = dict_keep(s, fi, &col);
		const uint32_t *codes;
		const Vector *v;
		uint32_t   *sel;
		uint32_t	n = 0;

		if (keep == NULL)
			continue;
		codes = s->chunks[col]->codes + s->pos;
		v = &o->cols[col];
		sel = arena_alloc(&s->op.scratch, sizeof(uint32_t) * BATCH_SIZE);
		for (uint32_t k = 0; k < batch_rows(o); k++) {
			uint32_t	row = batch_row(o, k);

			sel[n] = row;
			n += keep[codes[row]] && !vec_is_null(v, row);
		}
		o->sel = sel;
		o->nsel = n;
	}
}

static Batch *
slice(ScanOp *s)
{
	uint32_t	rows = s->file.footer.rgs[s->rg].rows;
	uint32_t	n = rows - s->pos < BATCH_SIZE ? rows - s->pos : BATCH_SIZE;
	Batch	   *o = arena_new(&s->op.scratch, Batch);

	o->ncols = s->op.ncols;
	o->cols = arena_array(&s->op.scratch, Vector, s->op.ncols > 0 ? s->op.ncols : 1);
	o->count = n;
	o->arena = &s->op.scratch;
	for (int j = 0; j < s->op.ncols; j++) {
		const QcfChunk *c = s->chunks[j];
		Vector	   *v = &o->cols[j];

		if (c == NULL) {
			*v = s->missing[j];
			continue;
		}
		v->type = c->type;
		v->phys = c->phys;
		v->data = (uint8_t *) c->values + (size_t) s->pos *
			(c->phys == PHYS_STR ? sizeof(StrView) : (size_t) type_phys_width(c->phys));
		v->validity = c->validity ? c->validity + s->pos / 64 : NULL;
	}
	apply_dict_filters(s, o);
	s->pos += n;
	return o;
}

static OpStatus
scan_next(Op *op, Batch **out, Err *err)
{
	ScanOp	   *s = (ScanOp *) op;
	bool		found;

	arena_reset(&op->scratch);
	for (;;) {
		if (!s->file_open) {
			if (s->next_file == s->scan->n_files)
				return OP_DONE;
			if (!open_next_file(s, err))
				return OP_FAILED;
		}
		if (s->rg >= 0 && s->rg < s->rg_end && s->pos < s->file.footer.rgs[s->rg].rows) {
			*out = slice(s);
			if (batch_rows(*out) > 0)
				return OP_BATCH;
			continue;
		}
		if (!next_row_group(s, &found, err))
			return OP_FAILED;
		if (!found) {
			qcf_close(&s->file);
			s->file_open = false;
		}
	}
}

static void
scan_close(Op *op)
{
	ScanOp	   *s = (ScanOp *) op;

	release_chunks(s);
	if (s->file_open)
		qcf_close(&s->file);
	s->file_open = false;
}

static const OpVtbl scan_vtbl = {"Scan", scan_open, scan_next, scan_close};

static bool
scan_is_valid(const Quarry__Scan *scan, const Quarry__PlanNode *plan)
{
	if (scan->n_columns != plan->n_output_types ||
		(scan->n_column_ids != 0 && scan->n_column_ids != scan->n_table_types))
		return false;
	for (size_t i = 0; i < scan->n_columns; i++)
		if (scan->columns[i] < 0 || (size_t) scan->columns[i] >= scan->n_table_types ||
			scan->table_types[scan->columns[i]] != plan->output_types[i])
			return false;
	return true;
}

Op *
op_scan_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	ScanOp	   *s = arena_new(cx->arena, ScanOp);
	int			n = (int) plan->n_output_types + 1;

	if (!scan_is_valid(plan->scan, plan)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid scan columns in plan fragment");
		return NULL;
	}
	if (plan->scan->csv != NULL)
		return op_csv_new(cx, plan, err);	/* read_csv: delimited text, op_csv.c */
	op_init(&s->op, &scan_vtbl, cx, plan);
	s->scan = plan->scan;
	s->filecol = arena_array(cx->arena, int, n);
	s->chunks = arena_array(cx->arena, QcfChunk *, n);
	s->missing = arena_array(cx->arena, Vector, n);
	s->missing_stats = arena_array(cx->arena, QcfStats, n);
	s->st = arena_array(cx->arena, const QcfStats *, n);
	s->keep_chunk = arena_array(cx->arena, const QcfChunk *, s->scan->n_filters + 1);
	s->keep = arena_array(cx->arena, uint8_t *, s->scan->n_filters + 1);
	return &s->op;
}
