/*
 * op_scan.c
 *	  Scan: reads the fragment's table files in order and outputs the
 *	  requested columns of each batch (no copy: the vectors are shared).
 */
#include "exec/op.h"
#include "exec/tablefile.h"

typedef struct ScanOp {
	Op			op;
	const Quarry__Scan *scan;
	size_t		next_file;
	bool		file_open;
	TableReader reader;
} ScanOp;

static bool
scan_open(Op *op, Err *err)
{
	return true;
}

static bool
check_batch(ScanOp *s, const Batch *b, Err *err)
{
	if (b->ncols != (int) s->scan->n_table_types)
		return err_set(err, ERRCODE_DATA_CORRUPTED,
					   "table file \"%s\" has %d columns, the table has %zu",
					   s->reader.path, b->ncols, s->scan->n_table_types);
	for (int c = 0; c < b->ncols; c++)
		if ((int32_t) b->cols[c].type != s->scan->table_types[c])
			return err_set(err, ERRCODE_DATA_CORRUPTED,
						   "table file \"%s\" column %d has the wrong type", s->reader.path, c + 1);
	return true;
}

static OpStatus
scan_next(Op *op, Batch **out, Err *err)
{
	ScanOp	   *s = (ScanOp *) op;
	Batch	   *b = NULL;
	Batch	   *o;

	arena_reset(&op->scratch);
	while (b == NULL) {
		if (!s->file_open) {
			if (s->next_file == s->scan->n_files)
				return OP_DONE;
			if (!tablefile_open(&s->reader, s->scan->files[s->next_file++], err))
				return OP_FAILED;
			s->file_open = true;
		}
		if (!tablefile_read(&s->reader, &op->scratch, &b, err))
			return OP_FAILED;
		if (b == NULL) {
			tablefile_close(&s->reader);
			s->file_open = false;
		} else if (b->count == 0)
			b = NULL;
	}
	if (!check_batch(s, b, err))
		return OP_FAILED;
	o = arena_new(&op->scratch, Batch);
	o->ncols = op->ncols;
	o->cols = arena_array(&op->scratch, Vector, op->ncols > 0 ? op->ncols : 1);
	o->count = b->count;
	o->arena = &op->scratch;
	for (int c = 0; c < op->ncols; c++)
		o->cols[c] = b->cols[s->scan->columns[c]];
	*out = o;
	return OP_BATCH;
}

static void
scan_close(Op *op)
{
	ScanOp	   *s = (ScanOp *) op;

	if (s->file_open)
		tablefile_close(&s->reader);
	s->file_open = false;
}

static const OpVtbl scan_vtbl = {"Scan", scan_open, scan_next, scan_close};

Op *
op_scan_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	ScanOp	   *s = arena_new(cx->arena, ScanOp);
	const Quarry__Scan *scan = plan->scan;

	if (scan->n_columns != plan->n_output_types) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "scan columns do not match its output");
		return NULL;
	}
	for (size_t i = 0; i < scan->n_columns; i++)
		if (scan->columns[i] < 0 || (size_t) scan->columns[i] >= scan->n_table_types ||
			scan->table_types[scan->columns[i]] != plan->output_types[i]) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid scan column in plan fragment");
			return NULL;
		}
	op_init(&s->op, &scan_vtbl, cx, plan);
	s->scan = scan;
	return &s->op;
}
