/*
 * zonemap.c
 *	  Row-group and file skipping by min/max/null statistics; see zonemap.h.
 */
#include "exec/zonemap.h"

#include <string.h>

typedef enum Cmp {
	CMP_EQ,
	CMP_NE,
	CMP_LT,
	CMP_LE,
	CMP_GT,
	CMP_GE,
	CMP_NONE
} Cmp;

/* zonemap_datum_value reads a plan constant of type into a Value. */
bool
zonemap_datum_value(const Quarry__Datum *d, TypeId type, Value *out)
{
	memset(out, 0, sizeof(*out));
	out->type = type;
	if (d == NULL || d->is_null) {
		out->is_null = true;
		return true;
	}
	switch (d->value_case) {
		case QUARRY__DATUM__VALUE_B:
			out->u.b = d->b;
			return type_info(type)->phys == PHYS_BOOL;
		case QUARRY__DATUM__VALUE_I:
			out->u.i = d->i;
			return true;
		case QUARRY__DATUM__VALUE_F:
			out->u.f = d->f;
			return type_info(type)->phys == PHYS_F64;
		case QUARRY__DATUM__VALUE_S:
			if (type_info(type)->phys != PHYS_STR) {
				/* other types: their vector layout's bytes */
				if (d->s.len != (size_t) type_phys_width(type_info(type)->phys) ||
					d->s.len > sizeof(out->u))
					return false;
				memcpy(&out->u, d->s.data, d->s.len);
				return true;
			}
			out->u.s.p = (const char *) d->s.data;
			out->u.s.len = (uint32_t) d->s.len;
			return true;
		default:
			return false;
	}
}

static Cmp
cmp_of(Quarry__ExprOp op)
{
	switch (op) {
		case QUARRY__EXPR_OP__OP_EQ:
			return CMP_EQ;
		case QUARRY__EXPR_OP__OP_NE:
			return CMP_NE;
		case QUARRY__EXPR_OP__OP_LT:
			return CMP_LT;
		case QUARRY__EXPR_OP__OP_LE:
			return CMP_LE;
		case QUARRY__EXPR_OP__OP_GT:
			return CMP_GT;
		case QUARRY__EXPR_OP__OP_GE:
			return CMP_GE;
		default:
			return CMP_NONE;
	}
}

static Cmp
flip(Cmp c)
{
	switch (c) {
		case CMP_LT:
			return CMP_GT;
		case CMP_LE:
			return CMP_GE;
		case CMP_GT:
			return CMP_LT;
		case CMP_GE:
			return CMP_LE;
		default:
			return c;
	}
}

static bool
is_int_type(int t)
{
	return t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_INT8;
}

static bool
is_text_type(int t)
{
	return t == TYPE_TEXT || t == TYPE_VARCHAR;
}

/* A column's values, seen in the domain of the comparison. */
typedef struct Side {
	int			column;
	bool		as_double;		/* compare as doubles (integer cast to float8) */
} Side;

/* column_side recognises col, or an order-preserving cast of col. */
static bool
column_side(const Quarry__Expr *e, Side *s)
{
	s->as_double = false;
	if (e->kind == QUARRY__EXPR_KIND__EXPR_CAST && e->n_args == 1 &&
		e->args[0]->kind == QUARRY__EXPR_KIND__EXPR_COLUMN) {
		int			from = e->args[0]->type;

		if (is_int_type(from) && is_int_type(e->type))
			s->column = e->args[0]->column;
		else if ((is_int_type(from) || type_is_float((TypeId) from)) && e->type == TYPE_FLOAT8) {
			s->column = e->args[0]->column;
			s->as_double = true;
		} else
			return false;
		return true;
	}
	if (e->kind != QUARRY__EXPR_KIND__EXPR_COLUMN)
		return false;
	s->column = e->column;
	return true;
}

static bool
comparable(int col_type, int const_type, bool as_double)
{
	if (as_double)
		return const_type == TYPE_FLOAT8;
	if (col_type == const_type) {
		PhysType	p = type_info((TypeId) col_type)->phys;

		/* integer-backed types (dates, timestamps too) and doubles */
		if (p == PHYS_I16 || p == PHYS_I32 || p == PHYS_I64 || p == PHYS_F64 || p == PHYS_DEC)
			return true;
	}
	return (is_int_type(col_type) && is_int_type(const_type)) ||
		(is_text_type(col_type) && is_text_type(const_type));
}

/* order compares a statistic with the constant in the comparison's domain. */
static int
order(const Value *stat, const Value *k, bool as_double)
{
	Value		s = *stat;

	if (as_double && type_info(stat->type)->phys != PHYS_F64) {
		s.u.f = (double) stat->u.i;
		s.type = TYPE_FLOAT8;
	}
	if (type_info(s.type)->phys != type_info(k->type)->phys)
		s.type = k->type;		/* two integer types: both in u.i */
	return qcf_value_cmp(&s, k);
}

static bool
cmp_may_match(const QcfStats *st, int64_t rows, Cmp op, const Value *k, bool as_double)
{
	if (st->nulls >= rows || !st->has_min)
		return false;			/* only NULLs: a comparison is never true */
	switch (op) {
		case CMP_EQ:
			return order(&st->min, k, as_double) <= 0 &&
				(!st->has_max || order(&st->max, k, as_double) >= 0);
		case CMP_NE:
			return !st->has_max || order(&st->min, k, as_double) != 0 ||
				order(&st->max, k, as_double) != 0;
		case CMP_LT:
			return order(&st->min, k, as_double) < 0;
		case CMP_LE:
			return order(&st->min, k, as_double) <= 0;
		case CMP_GT:
			return !st->has_max || order(&st->max, k, as_double) > 0;
		case CMP_GE:
			return !st->has_max || order(&st->max, k, as_double) >= 0;
		default:
			return true;
	}
}

static bool
op_may_match(const Quarry__Expr *f, const QcfStats *const *st, int ncols, int64_t rows)
{
	Cmp			op = cmp_of(f->op);
	const Quarry__Expr *k;
	Side		side;
	Value		v;

	if (op == CMP_NONE || f->n_args != 2)
		return true;
	if (column_side(f->args[0], &side) && f->args[1]->kind == QUARRY__EXPR_KIND__EXPR_CONST)
		k = f->args[1];
	else if (column_side(f->args[1], &side) && f->args[0]->kind == QUARRY__EXPR_KIND__EXPR_CONST) {
		k = f->args[0];
		op = flip(op);
	} else
		return true;
	if (side.column < 0 || side.column >= ncols || st[side.column] == NULL)
		return true;
	if (k->value == NULL || k->value->is_null)
		return false;			/* compared with NULL: never true */
	if (!comparable(st[side.column]->min.type, k->type, side.as_double) ||
		!zonemap_datum_value(k->value, (TypeId) k->type, &v))
		return true;
	return cmp_may_match(st[side.column], rows, op, &v, side.as_double);
}

bool
zonemap_may_match(const Quarry__Expr *f, const QcfStats *const *st, int ncols, int64_t rows)
{
	const QcfStats *s;

	switch (f->kind) {
		case QUARRY__EXPR_KIND__EXPR_AND:
			for (size_t i = 0; i < f->n_args; i++)
				if (!zonemap_may_match(f->args[i], st, ncols, rows))
					return false;
			return true;
		case QUARRY__EXPR_KIND__EXPR_OR:
			for (size_t i = 0; i < f->n_args; i++)
				if (zonemap_may_match(f->args[i], st, ncols, rows))
					return true;
			return f->n_args == 0;
		case QUARRY__EXPR_KIND__EXPR_OP:
			return op_may_match(f, st, ncols, rows);
		case QUARRY__EXPR_KIND__EXPR_IS_NULL:
		case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
			if (f->n_args != 1 || f->args[0]->kind != QUARRY__EXPR_KIND__EXPR_COLUMN ||
				f->args[0]->column < 0 || f->args[0]->column >= ncols ||
				(s = st[f->args[0]->column]) == NULL)
				return true;
			return f->kind == QUARRY__EXPR_KIND__EXPR_IS_NULL ? s->nulls > 0 : s->nulls < rows;
		case QUARRY__EXPR_KIND__EXPR_COLUMN:
			if (f->column < 0 || f->column >= ncols || (s = st[f->column]) == NULL ||
				f->type != TYPE_BOOL)
				return true;
			return s->has_max && s->max.u.b;
		default:
			return true;
	}
}
