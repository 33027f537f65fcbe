/*
 * op_values.c
 *	  Values: constant rows carried in the plan (plan.proto Values), one
 *	  batch per BATCH_SIZE rows.  The coordinator fills them with the rows
 *	  of system relations (pg_catalog), so this operator reads no catalog.
 */
#include <string.h>

#include "exec/op.h"

typedef struct ValuesOp {
	Op			op;
	const Quarry__Values *values;
	size_t		next_row;
} ValuesOp;

static bool
values_open(Op *op, Err *err)
{
	return true;
}

/* put_datum stores d (of v's type) as row i of v. */
static void
put_datum(Arena *a, Vector *v, uint32_t i, const Quarry__Datum *d)
{
	if (d == NULL || d->is_null || d->value_case == QUARRY__DATUM__VALUE__NOT_SET) {
		vec_set_null(a, v, i);
		return;
	}
	switch (v->phys) {
		case PHYS_BOOL:
			((uint8_t *) v->data)[i] = d->b;
			break;
		case PHYS_I16:
			((int16_t *) v->data)[i] = (int16_t) d->i;
			break;
		case PHYS_I32:
			((int32_t *) v->data)[i] = (int32_t) d->i;
			break;
		case PHYS_I64:
			((int64_t *) v->data)[i] = d->i;
			break;
		case PHYS_F64:
			((double *) v->data)[i] = d->f;
			break;
		case PHYS_STR:
			((StrView *) v->data)[i] = str_make(a, (const char *) d->s.data,
												(uint32_t) d->s.len);
			break;
		case PHYS_DEC:
		case PHYS_IV:
			if (d->s.len == 16)
				memcpy((char *) v->data + (size_t) i * 16, d->s.data, 16);
			else
				vec_set_null(a, v, i);
			break;
		case PHYS_NONE:
			vec_set_null(a, v, i);
			break;
	}
}

static OpStatus
values_next(Op *op, Batch **out, Err *err)
{
	ValuesOp   *o = (ValuesOp *) op;
	Batch	   *b;
	uint32_t	n = 0;

	if (o->next_row >= o->values->n_rows)
		return OP_DONE;
	arena_reset(&op->scratch);
	b = batch_new(&op->scratch, op->ncols, op->types);
	while (n < BATCH_SIZE && o->next_row < o->values->n_rows) {
		const Quarry__ValuesRow *row = o->values->rows[o->next_row++];

		for (int c = 0; c < op->ncols; c++)
			put_datum(&op->scratch, &b->cols[c], n, row->values[c]);
		n++;
	}
	b->count = n;
	*out = b;
	return OP_BATCH;
}

static const OpVtbl values_vtbl = {"Values", values_open, values_next, NULL};

/* datum_fits reports whether a datum holds a value a column of type t can take. */
static bool
datum_fits(const Quarry__Datum *d, int32_t t)
{
	if (d == NULL || d->is_null || d->value_case == QUARRY__DATUM__VALUE__NOT_SET)
		return true;
	switch (type_info((TypeId) t)->phys) {
		case PHYS_BOOL:
			return d->value_case == QUARRY__DATUM__VALUE_B;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			return d->value_case == QUARRY__DATUM__VALUE_I;
		case PHYS_F64:
			return d->value_case == QUARRY__DATUM__VALUE_F;
		default:
			return d->value_case == QUARRY__DATUM__VALUE_S;
	}
}

Op *
op_values_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	ValuesOp   *o = arena_new(cx->arena, ValuesOp);

	op_init(&o->op, &values_vtbl, cx, plan);
	o->values = plan->values;
	for (size_t r = 0; r < o->values->n_rows; r++) {
		const Quarry__ValuesRow *row = o->values->rows[r];

		if (row->n_values != plan->n_output_types) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "values row does not match its output");
			return NULL;
		}
		for (size_t c = 0; c < row->n_values; c++)
			if (!datum_fits(row->values[c], plan->output_types[c])) {
				err_set(err, ERRCODE_PROTOCOL_VIOLATION, "values datum does not match its type");
				return NULL;
			}
	}
	return &o->op;
}
