/*
 * test_exec_values.c
 *	  The Values operator (exec/op_values.c), which carries the rows of
 *	  system relations in the plan: every physical type and NULLs, rows
 *	  across batch boundaries, a filter above it, and malformed plans.
 */
#include "exec_util.h"

TestSuite(exec_values, .init = setup, .fini = teardown);

static Quarry__Datum *
dint(int64_t i)
{
	return cint(TYPE_INT4, i)->value;
}

static Quarry__Datum *
dstr(const char *s)
{
	return cstr(s)->value;
}

/* values: a Values node of n rows of types, row r column c from cells(r, c). */
static Quarry__PlanNode *
values(int n, int ntypes, const int32_t *types, Quarry__Datum *(*cells) (int r, int c))
{
	Quarry__PlanNode *p = node(ntypes, types);
	Quarry__Values *v = arena_new(&arena, Quarry__Values);

	quarry__values__init(v);
	v->n_rows = (size_t) n;
	v->rows = arena_array(&arena, Quarry__ValuesRow *, n + 1);
	for (int r = 0; r < n; r++) {
		Quarry__ValuesRow *row = arena_new(&arena, Quarry__ValuesRow);

		quarry__values_row__init(row);
		row->n_values = (size_t) ntypes;
		row->values = arena_array(&arena, Quarry__Datum *, ntypes + 1);
		for (int c = 0; c < ntypes; c++)
			row->values[c] = cells(r, c);
		v->rows[r] = row;
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_VALUES;
	p->values = v;
	return p;
}

static Quarry__Datum *
mixed(int r, int c)
{
	char		buf[64];

	if (c == 0)
		return dint(r);
	if (r % 7 == 3)
		return cnull(TYPE_TEXT)->value;
	snprintf(buf, sizeof(buf), "name %d of a long enough row", r);
	return dstr(arena_strdup(&arena, buf));
}

Test(exec_values, rows_across_batches)
{
	Result		r = run_ok(values(5000, 2, (const int32_t[]) {TYPE_INT4, TYPE_TEXT}, mixed));

	cr_assert_eq(r.nrows, 5000);
	for (int i = 0; i < 5000; i += 997) {
		char		want[64];

		cr_assert_eq(AT(r, i, 0).u.i, i);
		snprintf(want, sizeof(want), "name %d of a long enough row", i);
		if (i % 7 == 3)
			cr_assert(AT(r, i, 1).is_null);
		else
			cr_assert(str_is(&AT(r, i, 1), want), "row %d", i);
	}
}

static Quarry__Datum *
oids(int r, int c)
{
	return c == 0 ? cint(TYPE_OID, 16384 + r)->value : cint(TYPE_BOOL, 0)->value;
}

Test(exec_values, filter_above_values)
{
	Quarry__PlanNode *v = values(3000, 1, (const int32_t[]) {TYPE_OID}, oids);
	Result		r = run_ok(filter(v, op2(XOP(EQ), TYPE_BOOL, col(0, TYPE_OID),
										 cint(TYPE_OID, 16384 + 2500))));

	cr_assert_eq(r.nrows, 1);
	cr_assert_eq(AT(r, 0, 0).u.i, 16384 + 2500);
}

Test(exec_values, no_rows_and_no_columns)
{
	Result		r = run_ok(values(0, 1, (const int32_t[]) {TYPE_INT4}, mixed));

	cr_assert_eq(r.nrows, 0);
	r = run_ok(values(3, 0, (const int32_t[]) {0}, mixed));
	cr_assert_eq(r.nrows, 3);
}

static Quarry__Datum *
wrong(int r, int c)
{
	return dstr("not an integer");
}

Test(exec_values, datum_of_another_type_is_refused)
{
	run_fails(values(2, 1, (const int32_t[]) {TYPE_INT4}, wrong), ERRCODE_PROTOCOL_VIOLATION);
}

Test(exec_values, row_of_another_width_is_refused)
{
	Quarry__PlanNode *v = values(2, 2, (const int32_t[]) {TYPE_INT4, TYPE_TEXT}, mixed);

	v->values->rows[1]->n_values = 1;
	run_fails(v, ERRCODE_PROTOCOL_VIOLATION);
}
