/*
 * exec_util.h
 *	  Shared by the executor's unit tests: building expressions and plans by
 *	  hand, the table file t they scan, and running a plan to its rows.
 *
 *	  t has (id int4, grp text, val int4, f float8); row i holds id i, grp
 *	  one of three names or NULL, val i % 10 or NULL, f i / 2.  Helpers are
 *	  static inline so each test file may use a few of them.
 */
#ifndef QUARRY_TEST_EXEC_UTIL_H
#define QUARRY_TEST_EXEC_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/expr.h"
#include "exec/op.h"
#include "exec/tablefile.h"
#include "wire/typeio.h"

#define KIND(x) QUARRY__EXPR_KIND__EXPR_##x
#define XOP(x) QUARRY__EXPR_OP__OP_##x
#define AGG(x) QUARRY__AGG_FUNC__AGG_##x

static Arena arena;
static char dir[64];
static char path[128];
static const int32_t t_types[] = {TYPE_INT4, TYPE_TEXT, TYPE_INT4, TYPE_FLOAT8};
static const char *const names[] = {"alpha", "beta", "a group name longer than twelve"};

static inline void
setup(void)
{
	arena_init(&arena);
	strcpy(dir, "/tmp/quarry-ops-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.qtf", dir);
}

static inline void
teardown(void)
{
	arena_reset(&arena);
	unlink(path);
	rmdir(dir);
}

/* ---- expressions ---- */

static inline Quarry__Expr *
mk(Quarry__ExprKind kind, TypeId type)
{
	Quarry__Expr *e = arena_new(&arena, Quarry__Expr);

	*e = (Quarry__Expr) QUARRY__EXPR__INIT;
	e->kind = kind;
	e->type = type;
	return e;
}

static inline Quarry__Expr *
col(int c, TypeId t)
{
	Quarry__Expr *e = mk(KIND(COLUMN), t);

	e->column = c;
	return e;
}

static inline Quarry__Expr *
cint(TypeId t, int64_t v)
{
	Quarry__Expr *e = mk(KIND(CONST), t);
	Quarry__Datum *d = arena_new(&arena, Quarry__Datum);

	*d = (Quarry__Datum) QUARRY__DATUM__INIT;
	/* the oneof is a union: set only the member value_case names */
	if (t == TYPE_BOOL) {
		d->value_case = QUARRY__DATUM__VALUE_B;
		d->b = v != 0;
	} else {
		d->value_case = QUARRY__DATUM__VALUE_I;
		d->i = v;
	}
	e->value = d;
	return e;
}

static inline Quarry__Expr *
cnull(TypeId t)
{
	Quarry__Expr *e = mk(KIND(CONST), t);
	Quarry__Datum *d = arena_new(&arena, Quarry__Datum);

	*d = (Quarry__Datum) QUARRY__DATUM__INIT;
	d->is_null = true;
	e->value = d;
	return e;
}

static inline Quarry__Expr *
cflt(double f)
{
	Quarry__Expr *e = mk(KIND(CONST), TYPE_FLOAT8);
	Quarry__Datum *d = arena_new(&arena, Quarry__Datum);

	*d = (Quarry__Datum) QUARRY__DATUM__INIT;
	d->value_case = QUARRY__DATUM__VALUE_F;
	d->f = f;
	e->value = d;
	return e;
}

static inline Quarry__Expr *
cstr(const char *s)
{
	Quarry__Expr *e = mk(KIND(CONST), TYPE_TEXT);
	Quarry__Datum *d = arena_new(&arena, Quarry__Datum);

	*d = (Quarry__Datum) QUARRY__DATUM__INIT;
	d->value_case = QUARRY__DATUM__VALUE_S;
	d->s.data = (uint8_t *) s;
	d->s.len = strlen(s);
	e->value = d;
	return e;
}

static inline Quarry__Expr *
with_args(Quarry__Expr *e, int n, Quarry__Expr *a0, Quarry__Expr *a1, Quarry__Expr *a2)
{
	e->n_args = (size_t) n;
	e->args = arena_array(&arena, Quarry__Expr *, 3);
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
	return e;
}

static inline Quarry__Expr *
op2(Quarry__ExprOp op, TypeId t, Quarry__Expr *l, Quarry__Expr *r)
{
	Quarry__Expr *e = with_args(mk(KIND(OP), t), 2, l, r, NULL);

	e->op = op;
	return e;
}

static inline Quarry__Expr *
op1(Quarry__ExprKind kind, Quarry__ExprOp op, TypeId t, Quarry__Expr *arg)
{
	Quarry__Expr *e = with_args(mk(kind, t), 1, arg, NULL, NULL);

	e->op = op;
	return e;
}

/* ---- the table ---- */

static inline bool
grp_null(int i)
{
	return i % 4 == 3;
}

static inline bool
val_null(int i)
{
	return i % 7 == 0;
}

/* write_table writes rows 0..n-1 of t in batches of at most per rows. */
static inline void
write_table(int n, int per)
{
	TableWriter w;
	Err			err;

	err_clear(&err);
	cr_assert(tablefile_create(&w, path, &err), "%s", err.message);
	for (int start = 0; start < n; start += per) {
		Arena		a;
		Batch	   *b;

		arena_init(&a);
		b = batch_new(&a, 4, t_types);
		for (int i = start; i < n && i < start + per; i++) {
			uint32_t	r = (uint32_t) (i - start);
			Value		v = {.type = TYPE_INT4};

			v.u.i = i;
			vec_set(&a, &b->cols[0], r, &v);
			v = (Value) {.type = TYPE_TEXT, .is_null = grp_null(i)};
			v.u.s.p = names[i % 4 % 3];
			v.u.s.len = (uint32_t) strlen(v.u.s.p);
			vec_set(&a, &b->cols[1], r, &v);
			v = (Value) {.type = TYPE_INT4, .is_null = val_null(i)};
			v.u.i = i % 10;
			vec_set(&a, &b->cols[2], r, &v);
			v = (Value) {.type = TYPE_FLOAT8};
			v.u.f = i / 2.0;
			vec_set(&a, &b->cols[3], r, &v);
			b->count = r + 1;
		}
		cr_assert(tablefile_write(&w, b, &err), "%s", err.message);
		arena_reset(&a);
	}
	cr_assert(tablefile_finish(&w, &err), "%s", err.message);
}

/* ---- plans ---- */

static inline Quarry__PlanNode *
node(int ntypes, const int32_t *types)
{
	Quarry__PlanNode *n = arena_new(&arena, Quarry__PlanNode);

	*n = (Quarry__PlanNode) QUARRY__PLAN_NODE__INIT;
	n->n_output_types = (size_t) ntypes;
	n->output_types = arena_array(&arena, int32_t, ntypes + 1);
	if (ntypes > 0)
		memcpy(n->output_types, types, sizeof(int32_t) * (size_t) ntypes);
	return n;
}

/* scan reads t's columns cols[0..n-1]. */
static inline Quarry__PlanNode *
scan(int n, const int32_t *cols)
{
	int32_t		types[4];
	Quarry__PlanNode *p;
	Quarry__Scan *s = arena_new(&arena, Quarry__Scan);
	char	  **files = arena_new(&arena, char *);

	for (int i = 0; i < n; i++)
		types[i] = cols[i] >= 0 && cols[i] < 4 ? t_types[cols[i]] : TYPE_INT4;
	p = node(n, types);
	*s = (Quarry__Scan) QUARRY__SCAN__INIT;
	files[0] = path;
	s->n_files = 1;
	s->files = files;
	s->n_table_types = 4;
	s->table_types = (int32_t *) t_types;
	s->n_columns = (size_t) n;
	s->columns = arena_memdup(&arena, cols, sizeof(int32_t) * (size_t) n);
	p->node_case = QUARRY__PLAN_NODE__NODE_SCAN;
	p->scan = s;
	return p;
}

static inline Quarry__PlanNode *
scan_all(void)
{
	return scan(4, (const int32_t[]) {0, 1, 2, 3});
}

static inline Quarry__PlanNode *
filter(Quarry__PlanNode *in, Quarry__Expr *pred)
{
	Quarry__PlanNode *p = node((int) in->n_output_types, in->output_types);

	p->node_case = QUARRY__PLAN_NODE__NODE_FILTER;
	p->filter = arena_new(&arena, Quarry__Filter);
	*p->filter = (Quarry__Filter) QUARRY__FILTER__INIT;
	p->filter->input = in;
	p->filter->predicate = pred;
	return p;
}

static inline Quarry__PlanNode *
project(Quarry__PlanNode *in, int n, Quarry__Expr **exprs)
{
	int32_t		types[8];
	Quarry__PlanNode *p;

	for (int i = 0; i < n; i++)
		types[i] = exprs[i]->type;
	p = node(n, types);
	p->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
	p->project = arena_new(&arena, Quarry__Project);
	*p->project = (Quarry__Project) QUARRY__PROJECT__INIT;
	p->project->input = in;
	p->project->n_exprs = (size_t) n;
	p->project->exprs = arena_memdup(&arena, exprs, sizeof(*exprs) * (size_t) n);
	return p;
}

/* sort orders by keys given as column, descending, nulls_first triples. */
static inline Quarry__PlanNode *
sort(Quarry__PlanNode *in, int nkeys, const int *k)
{
	Quarry__PlanNode *p = node((int) in->n_output_types, in->output_types);

	p->node_case = QUARRY__PLAN_NODE__NODE_SORT;
	p->sort = arena_new(&arena, Quarry__Sort);
	*p->sort = (Quarry__Sort) QUARRY__SORT__INIT;
	p->sort->input = in;
	p->sort->n_keys = (size_t) nkeys;
	p->sort->keys = arena_array(&arena, Quarry__SortKey *, nkeys);
	for (int i = 0; i < nkeys; i++) {
		Quarry__SortKey *key = arena_new(&arena, Quarry__SortKey);

		*key = (Quarry__SortKey) QUARRY__SORT_KEY__INIT;
		key->column = k[3 * i];
		key->descending = k[3 * i + 1];
		key->nulls_first = k[3 * i + 2];
		p->sort->keys[i] = key;
	}
	return p;
}

static inline Quarry__PlanNode *
limit(Quarry__PlanNode *in, int64_t count, int64_t offset)
{
	Quarry__PlanNode *p = node((int) in->n_output_types, in->output_types);

	p->node_case = QUARRY__PLAN_NODE__NODE_LIMIT;
	p->limit = arena_new(&arena, Quarry__Limit);
	*p->limit = (Quarry__Limit) QUARRY__LIMIT__INIT;
	p->limit->input = in;
	p->limit->count = count;
	p->limit->offset = offset;
	return p;
}

/* aggregate groups by groups[0..ng-1]; aggs are func, arg column pairs (-1: none). */
static inline Quarry__PlanNode *
aggregate(Quarry__PlanNode *in, int ng, const int *groups, int na, const int *aggs)
{
	int32_t		types[8];
	Quarry__Aggregate *a = arena_new(&arena, Quarry__Aggregate);
	Quarry__PlanNode *p;

	*a = (Quarry__Aggregate) QUARRY__AGGREGATE__INIT;
	a->input = in;
	a->n_group_by = (size_t) ng;
	a->group_by = arena_array(&arena, Quarry__Expr *, ng + 1);
	for (int g = 0; g < ng; g++) {
		types[g] = in->output_types[groups[g]];
		a->group_by[g] = col(groups[g], (TypeId) types[g]);
	}
	a->n_aggs = (size_t) na;
	a->aggs = arena_array(&arena, Quarry__AggCall *, na + 1);
	for (int i = 0; i < na; i++) {
		Quarry__AggCall *c = arena_new(&arena, Quarry__AggCall);
		int			argc = aggs[2 * i + 1];
		TypeId		at = argc >= 0 ? (TypeId) in->output_types[argc] : TYPE_UNKNOWN;

		*c = (Quarry__AggCall) QUARRY__AGG_CALL__INIT;
		c->func = (Quarry__AggFunc) aggs[2 * i];
		c->arg = argc >= 0 ? col(argc, at) : NULL;
		c->type = c->func == AGG(COUNT_STAR) || c->func == AGG(COUNT) ? TYPE_INT8 :
			c->func == AGG(SUM) && type_is_integer(at) ? TYPE_INT8 :
			c->func == AGG(AVG) ? TYPE_FLOAT8 : at;
		types[ng + i] = c->type;
		a->aggs[i] = c;
	}
	p = node(ng + na, types);
	p->node_case = QUARRY__PLAN_NODE__NODE_AGGREGATE;
	p->aggregate = a;
	return p;
}

/* ---- running plans ---- */

typedef struct Result {
	int			nrows;
	int			ncols;
	Value	   *v;				/* nrows * ncols, strings copied */
} Result;

#define AT(res, r, c) ((res).v[(size_t) (r) * (res).ncols + (c)])

/* run executes plan to the end; false with err set if it fails. */
static inline bool
run_plan(const Quarry__PlanNode *plan, const atomic_bool *cancel, Result *res, Err *err)
{
	Arena		task;
	ExecCtx		cx = {.arena = &task, .cancel = cancel};
	Op		   *op;
	Batch	   *b;
	OpStatus	st = OP_FAILED;
	int			cap = 1024;

	err_clear(err);
	arena_init(&task);
	memset(res, 0, sizeof(*res));
	res->ncols = (int) plan->n_output_types;
	res->v = malloc(sizeof(Value) * (size_t) cap * (size_t) (res->ncols + 1));
	if ((op = exec_build(&cx, plan, err)) != NULL && exec_open(op, err))
		while ((st = exec_next(op, &b, err)) == OP_BATCH) {
			cr_assert_eq(b->ncols, res->ncols);
			for (uint32_t k = 0; k < batch_rows(b); k++, res->nrows++) {
				if (res->nrows == cap) {
					cap *= 2;
					res->v = realloc(res->v, sizeof(Value) * (size_t) cap * (size_t) (res->ncols + 1));
				}
				for (int c = 0; c < res->ncols; c++) {
					Value		x = vec_get(&b->cols[c], batch_row(b, k));

					if (!x.is_null && type_info(x.type)->phys == PHYS_STR)
						x.u.s.p = arena_strndup(&arena, x.u.s.p, x.u.s.len);
					AT(*res, res->nrows, c) = x;
				}
			}
		}
	if (op != NULL)
		exec_close(op);
	arena_reset(&task);
	if (st != OP_DONE)
		free(res->v);
	return st == OP_DONE;
}

static inline Result
run_ok(const Quarry__PlanNode *plan)
{
	Result		res;
	Err			err;

	cr_assert(run_plan(plan, NULL, &res, &err), "%s: %s", err.sqlstate, err.message);
	arena_on_reset(&arena, free, res.v);
	return res;
}

static inline Err
run_fails(const Quarry__PlanNode *plan, const char *sqlstate)
{
	Result		res;
	Err			err;

	cr_assert_not(run_plan(plan, NULL, &res, &err), "plan ran");
	cr_assert_str_eq(err.sqlstate, sqlstate, "%s", err.message);
	return err;
}

static inline bool
str_is(const Value *v, const char *s)
{
	return !v->is_null && v->u.s.len == strlen(s) && memcmp(v->u.s.p, s, v->u.s.len) == 0;
}

#endif							/* QUARRY_TEST_EXEC_UTIL_H */
