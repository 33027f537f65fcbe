/*
 * write_conflict.c
 *	  INSERT ... ON CONFLICT in the Write operator (plan.proto's
 *	  Write.conflict, conflict_set, conflict_where, target).
 *
 *	  Each unique key's values of the existing rows are read into a map
 *	  (write_match.c) when the write opens; each row to insert is looked up
 *	  there and added.  DO NOTHING drops a row whose conflict target's key
 *	  is there.  DO UPDATE keeps such a row (with its key) aside instead;
 *	  once every row to insert is stored, each file of the table holding
 *	  a row whose key was proposed is rewritten with that row updated:
 *	  the SET expressions see the existing row's columns, then the
 *	  proposed row's (excluded).  A key proposed twice, or proposed after
 *	  the statement inserted it, is PostgreSQL's 21000.  A duplicate of a
 *	  unique key that is not the conflict target is 23505.
 */
#include "exec/write_int.h"

#include <stdio.h>
#include <string.h>

#include "exec/expr.h"
#include "wire/batchio.h"
#include "wire/typeio.h"

/* key_view is b's columns of conflict key k, in the key's order. */
static Batch
key_view(WriteOp *o, const Batch *b, int k)
{
	const Quarry__ConflictKey *key = o->w->conflict[k];
	Batch		v = *b;

	v.ncols = (int) key->n_columns;
	v.cols = arena_array(&o->check, Vector, key->n_columns + 1);
	for (size_t i = 0; i < key->n_columns; i++)
		v.cols[i] = b->cols[key->columns[i]];
	return v;
}

static bool
key_has_null(const Batch *kv, uint32_t row)
{
	for (int c = 0; c < kv->ncols; c++)
		if (vec_is_null(&kv->cols[c], row))
			return true;
	return false;
}

/* duplicate_error is PostgreSQL's 23505 for row's value of key k. */
static bool
duplicate_error(WriteOp *o, const Batch *kv, uint32_t row, int k, Err *err)
{
	const Quarry__ConflictKey *key = o->w->conflict[k];
	Buf			cols;
	Buf			vals;

	buf_init(&cols);
	buf_init(&vals);
	for (int c = 0; c < kv->ncols; c++) {
		Value		v = vec_get(&kv->cols[c], row);

		if (c > 0) {
			buf_put(&cols, ", ", 2);
			buf_put(&vals, ", ", 2);
		}
		buf_put_cstr(&cols, o->w->columns[key->columns[c]]->name);
		typeio_text(&vals, &v);
	}
	buf_put_u8(&cols, 0);
	buf_put_u8(&vals, 0);
	err_set(err, "23505", "duplicate key value violates unique constraint \"%s\"", key->name);
	err_detail(err, "Key (%s)=(%s) already exists.", (const char *) cols.data,
			   (const char *) vals.data);
	snprintf(err->schema_name, sizeof(err->schema_name), "%s", o->w->schema);
	snprintf(err->table_name, sizeof(err->table_name), "%s", o->w->table);
	snprintf(err->constraint_name, sizeof(err->constraint_name), "%s", key->name);
	buf_free(&cols);
	buf_free(&vals);
	return false;
}

/* conflicts_on: the key of row in kv[k] is stored already (keys with raise == r). */
static int
conflicts_on(WriteOp *o, Batch *kv, uint32_t row, bool r)
{
	for (int k = 0; k < (int) o->w->n_conflict; k++)
		if (o->w->conflict[k]->raise == r && !key_has_null(&kv[k], row) &&
			write_match_has(o->keys[k], &kv[k], row))
			return k;
	return -1;
}

/* proposed_once: 21000 when row's arbiter key was inserted or proposed before. */
static bool
proposed_once(WriteOp *o, Batch *kv, uint32_t row, bool existing, Err *err)
{
	if (key_has_null(&kv[0], row))
		return true;
	if (write_match_has(o->inserted, &kv[0], row) ||
		(existing && write_match_has(o->pending_keys, &kv[0], row))) {
		err_set(err, "21000", "ON CONFLICT DO UPDATE command cannot affect row a second time");
		err_hint(err, "Ensure that no rows proposed for insertion within the same command have "
				 "duplicate constrained values.");
		return false;
	}
	if (existing)
		write_match_add(o->pending_keys, &kv[0], row);
	return true;
}

/* keep_pending keeps rows upd of b, after their arbiter key, for the update. */
static void
keep_pending(WriteOp *o, const Batch *b, const Batch *kv, uint32_t *upd, uint32_t nupd)
{
	Batch		r = *b;
	size_t		at;

	r.ncols = kv->ncols + b->ncols;
	r.cols = arena_array(&o->check, Vector, r.ncols + 1);
	memcpy(r.cols, kv->cols, sizeof(Vector) * kv->ncols);
	memcpy(r.cols + kv->ncols, b->cols, sizeof(Vector) * b->ncols);
	r.sel = upd;
	r.nsel = nupd;
	at = o->pending.len;
	buf_put_u32(&o->pending, 0);
	batchio_encode(&o->pending, &r);
	buf_set_u32(&o->pending, at, (uint32_t) (o->pending.len - at - 4));
}

/*
 * write_conflict_filter drops from b's selection the rows whose value of a
 * conflict target's key (no column NULL) is stored already or was stored
 * earlier in this statement (ON CONFLICT DO NOTHING); a duplicate of
 * another unique key is 23505.  The stored rows' keys are added.
 */
bool
write_conflict_filter(WriteOp *o, Batch *b, Err *err)
{
	int			nk = (int) o->w->n_conflict;
	Batch	   *kv = arena_array(&o->check, Batch, nk + 1);
	uint32_t   *sel = arena_array(&o->check, uint32_t, b->count + 1);
	uint32_t	n = 0;
	int			k;
	uint32_t   *upd = arena_array(&o->check, uint32_t, b->count + 1);
	uint32_t	nupd = 0;

	for (k = 0; k < nk; k++)
		kv[k] = key_view(o, b, k);
	for (uint32_t i = 0; i < batch_rows(b); i++) {
		uint32_t	row = batch_row(b, i);
		int			hit = conflicts_on(o, kv, row, false);

		if (hit >= 0 && o->pending_keys == NULL)
			continue;			/* DO NOTHING */
		if (o->pending_keys != NULL && !proposed_once(o, kv, row, hit >= 0, err))
			return false;
		if (hit >= 0) {
			upd[nupd++] = row;	/* DO UPDATE of the existing row */
			continue;
		}
		if ((k = conflicts_on(o, kv, row, true)) >= 0)
			return duplicate_error(o, &kv[k], row, k, err);
		for (k = 0; k < nk; k++)
			if (!key_has_null(&kv[k], row))
				write_match_add(o->keys[k], &kv[k], row);
		if (o->inserted != NULL && !key_has_null(&kv[0], row))
			write_match_add(o->inserted, &kv[0], row);
		sel[n++] = row;
	}
	if (nupd > 0)
		keep_pending(o, b, &kv[0], upd, nupd);
	b->sel = sel;
	b->nsel = n;
	return true;
}

/* write_conflict_open builds each ON CONFLICT key's map of the existing rows' values. */
bool
write_conflict_open(WriteOp *o, Err *err)
{
	int			nk = (int) o->w->n_conflict;

	if (nk == 0)
		return true;
	o->keys = arena_array(o->op.cx->arena, WriteMatch *, nk + 1);
	for (int k = 0; k < nk; k++) {
		const Quarry__ConflictKey *key = o->w->conflict[k];

		for (size_t i = 0; i < key->n_columns; i++)
			if (key->columns[i] < 0 || key->columns[i] >= o->ncols)
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid conflict key in plan fragment");
		if (key->existing == NULL ||
			(o->keys[k] = write_match_build(o->op.cx, key->existing, (int) key->n_columns,
											err)) == NULL)
			return key->existing != NULL ? false :
				err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid conflict key in plan fragment");
	}
	if (o->w->n_conflict_set > 0) {
		o->inserted = write_match_new(o->op.cx->arena, (int) o->w->conflict[0]->n_columns);
		o->pending_keys = write_match_new(o->op.cx->arena, (int) o->w->conflict[0]->n_columns);
	}
	return true;
}


/* pending_map is the map of the rows kept aside by their arbiter key. */
static WriteMatch *
pending_map(WriteOp *o, int klen, Err *err)
{
	WriteMatch *m = write_match_new(o->op.cx->arena, klen);
	size_t		at = 0;

	while (at + 4 <= o->pending.len) {
		const uint8_t *p = o->pending.data + at;
		uint32_t	len = (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
		Batch	   *b = batchio_decode(o->op.cx->arena, p + 4, len, err);

		if (b == NULL || !write_match_keep(m, b, err)) {
			write_match_free(m);
			return NULL;
		}
		at += 4 + (size_t) len;
	}
	return m;
}

/* pair_batch is b's columns then, for rows yes, their proposed rows' (excluded). */
static Batch *
pair_batch(WriteOp *o, const Batch *b, const uint32_t *yes, uint32_t nyes,
		   const Batch **mb, const uint32_t *mrow, int klen)
{
	Batch	   *p = arena_new(&o->check, Batch);

	*p = *b;
	p->ncols = 2 * o->ncols;
	p->cols = arena_array(&o->check, Vector, p->ncols + 1);
	memcpy(p->cols, b->cols, sizeof(Vector) * o->ncols);
	for (int c = 0; c < o->ncols; c++) {
		vec_alloc(&o->check, &p->cols[o->ncols + c], (TypeId) o->types[c]);
		for (uint32_t k = 0; k < nyes; k++) {
			Value		v = vec_get(&mb[k]->cols[klen + c], mrow[k]);

			vec_set(&o->check, &p->cols[o->ncols + c], yes[k], &v);
		}
	}
	p->sel = (uint32_t *) yes;
	p->nsel = nyes;
	return p;
}

/* proposed finds the rows of b whose arbiter key was proposed: yes, mb, mrow. */
static uint32_t
proposed(WriteOp *o, WriteMatch *m, const Batch *b, uint32_t *yes, const Batch **mb,
		 uint32_t *mrow)
{
	Batch		kv = key_view(o, b, 0);
	uint32_t	n = 0;

	for (uint32_t i = 0; i < batch_rows(b); i++) {
		uint32_t	row = batch_row(b, i);

		if (!key_has_null(&kv, row) && write_match_find(m, &kv, row, &mb[n], &mrow[n]))
			yes[n++] = row;
	}
	return n;
}

/* split marks in upd the rows of yes the WHERE of DO UPDATE keeps. */
static bool
where_holds(WriteOp *o, Batch *pair, uint8_t *upd, Err *err)
{
	const Vector *p = NULL;

	if (o->w->conflict_where != NULL &&
		(p = expr_eval(o->w->conflict_where, pair, &o->check, err)) == NULL)
		return false;
	for (uint32_t k = 0; k < pair->nsel; k++) {
		uint32_t	row = pair->sel[k];

		upd[row] = p == NULL || (!vec_is_null(p, row) && ((const uint8_t *) p->data)[row]);
	}
	return true;
}

/* upsert_batch stores b's rows, those proposed (and passing WHERE) updated. */
static bool
upsert_batch(WriteOp *o, WriteMatch *m, const Batch *b, const char *path, int64_t *matched,
			 int klen, Err *err)
{
	uint32_t   *yes = arena_array(&o->check, uint32_t, b->count + 1);
	const Batch **mb = arena_array(&o->check, const Batch *, b->count + 1);
	uint32_t   *mrow = arena_array(&o->check, uint32_t, b->count + 1);
	uint8_t    *upd = arena_array(&o->check, uint8_t, b->count + 1);
	uint32_t   *keep = arena_array(&o->check, uint32_t, b->count + 1);
	uint32_t   *chg = arena_array(&o->check, uint32_t, b->count + 1);
	uint32_t	nyes = proposed(o, m, b, yes, mb, mrow);
	uint32_t	nkeep = 0;
	uint32_t	nchg = 0;
	Batch	   *pair;
	Batch	   *nb;
	Batch		kept = *b;

	pair = pair_batch(o, b, yes, nyes, mb, mrow, klen);
	memset(upd, 0, b->count + 1);
	if (nyes > 0 && !where_holds(o, pair, upd, err))
		return false;
	for (uint32_t i = 0; i < batch_rows(b); i++) {
		uint32_t	row = batch_row(b, i);

		if (upd[row])
			chg[nchg++] = row;
		else
			keep[nkeep++] = row;
	}
	kept.sel = keep;
	kept.nsel = nkeep;
	if (!write_store(o, &kept, path, false, err))
		return false;
	if (nchg == 0)
		return true;
	pair->sel = chg;
	pair->nsel = nchg;
	nb = arena_new(&o->check, Batch);
	*nb = *b;
	nb->cols = arena_array(&o->check, Vector, o->ncols + 1);
	for (int c = 0; c < o->ncols; c++) {
		const Vector *v = expr_eval(o->w->conflict_set[c], pair, &o->check, err);

		if (v == NULL)
			return false;
		nb->cols[c] = *v;
	}
	nb->sel = chg;
	nb->nsel = nchg;
	*matched += nchg;
	return write_store(o, nb, path, true, err);
}

/* upsert_file rewrites the table's file f with its proposed rows updated. */
static bool
upsert_file(WriteOp *o, WriteMatch *m, size_t f, int klen, Err *err)
{
	const char *path = o->w->target->scan->files[f];
	Op		   *scan = op_scan_new(o->op.cx, write_file_scan(o, o->w->target, f), err);
	Batch	   *b;
	OpStatus	st = OP_FAILED;
	int64_t		matched = 0;

	if (scan == NULL || !write_start_file(o, err))
		return false;
	if (exec_open(scan, err))
		while ((st = exec_next(scan, &b, err)) == OP_BATCH) {
			arena_reset(&o->check);
			if (!upsert_batch(o, m, b, path, &matched, klen, err)) {
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

/*
 * write_conflict_update applies DO UPDATE: after the inserts, each file of
 * the table is rewritten with the existing rows whose key was proposed
 * updated from the proposed (excluded) row.
 */
bool
write_conflict_update(WriteOp *o, Err *err)
{
	const Quarry__PlanNode *t = o->w->target;
	int			klen;
	WriteMatch *m;
	bool		ok = true;

	if (o->pending_keys == NULL || o->pending.len == 0)
		return true;
	if (t == NULL || t->node_case != QUARRY__PLAN_NODE__NODE_SCAN ||
		(int) t->scan->n_table_types != o->ncols || (int) o->w->n_conflict_set != o->ncols)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid ON CONFLICT in plan fragment");
	klen = (int) o->w->conflict[0]->n_columns;
	if ((m = pending_map(o, klen, err)) == NULL)
		return false;
	for (size_t f = 0; ok && f < t->scan->n_files; f++)
		ok = upsert_file(o, m, f, klen, err);
	write_match_free(m);
	return ok;
}

void
write_conflict_close(WriteOp *o)
{
	for (size_t k = 0; o->keys != NULL && k < o->w->n_conflict; k++)
		write_match_free(o->keys[k]);
	o->keys = NULL;
	write_match_free(o->inserted);
	write_match_free(o->pending_keys);
	o->inserted = o->pending_keys = NULL;
	buf_free(&o->pending);
}
