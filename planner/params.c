/*
 * params.c
 *	  Binding $n and inferring parameter types (see params.h).
 *
 *	  bind_param is the binder's hook for ParamRef; params_infer walks a
 *	  plan bound at Parse time and takes each unknown parameter's type
 *	  from the cast the binder put above it.  The walk is generic over the
 *	  protobuf messages of plan.proto, so new plan nodes need no change here.
 */
#include "planner/params.h"

#include <string.h>

#include "planner/bind_int.h"

void
params_init(ParamCtx *p, Arena *a, int ndeclared, const TypeId *declared)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->nparams = ndeclared;
	p->cap = ndeclared + 8;
	p->types = arena_array(a, TypeId, p->cap);
	for (int i = 0; i < ndeclared; i++)
		p->types[i] = declared[i];
}

/* params_type_of_oid maps a PostgreSQL type OID to a Quarry type, or unknown. */
TypeId
params_type_of_oid(uint32_t oid)
{
	for (int t = TYPE_UNKNOWN + 1; t < TYPE__COUNT; t++)
		if (type_info((TypeId) t)->oid == oid)
			return (TypeId) t;
	return TYPE_UNKNOWN;
}

/* grow makes room for parameter number n (1-based) while inferring. */
static void
grow(ParamCtx *p, int n)
{
	if (n > p->cap) {
		int			cap = n * 2;
		TypeId	   *t = arena_array(p->a, TypeId, cap);

		memcpy(t, p->types, sizeof(TypeId) * p->nparams);
		p->types = t;
		p->cap = cap;
	}
	for (int i = p->nparams; i < n; i++)
		p->types[i] = TYPE_UNKNOWN;
	if (n > p->nparams)
		p->nparams = n;
}

static Quarry__Expr *
no_param(BindCtx *cx, const PgQuery__ParamRef *pr)
{
	err_set(cx->err, "42P02", "there is no parameter $%d", pr->number);
	cx->err->position = pr->location + 1;
	return NULL;
}

/* bind_param binds $n: a typed constant at Bind, an EXPR_PARAM at Parse. */
Quarry__Expr *
bind_param(BindCtx *cx, const PgQuery__ParamRef *pr)
{
	ParamCtx   *p = cx->cat->params;
	Quarry__Expr *e;

	if (p == NULL || pr->number < 1 || pr->number > PARAMS_MAX)
		return no_param(cx, pr);
	if (p->values != NULL) {
		if (pr->number > p->nparams)
			return no_param(cx, pr);
		e = expr_const(cx->a, &p->values[pr->number - 1]);
		e->location = pr->location + 1;
		return e;
	}
	grow(p, pr->number);
	e = arena_new(cx->a, Quarry__Expr);
	quarry__expr__init(e);
	e->kind = EXPR_PARAM;
	e->type = p->types[pr->number - 1];
	e->column = pr->number - 1;
	e->location = pr->location + 1;
	return e;
}

/* note_cast records the type of an unknown parameter under a cast. */
static bool
note_cast(ParamCtx *p, const Quarry__Expr *e, Err *err)
{
	const Quarry__Expr *arg;
	TypeId	   *t;

	if (e->kind != QUARRY__EXPR_KIND__EXPR_CAST || e->n_args != 1)
		return true;
	arg = e->args[0];
	if (arg->kind != EXPR_PARAM || arg->type != TYPE_UNKNOWN || arg->column >= p->nparams)
		return true;
	t = &p->types[arg->column];
	if (*t == TYPE_UNKNOWN)
		*t = e->type == TYPE_VARCHAR && !p->exact ? TYPE_TEXT : (TypeId) e->type;
	else if (*t != (TypeId) e->type && !(type_is_string(*t) && type_is_string((TypeId) e->type)))
		return err_set(err, "42P08", "inconsistent types deduced for parameter $%d",
					   arg->column + 1);
	return true;
}

/* walk visits every message under m, noting casts of parameters. */
static bool
walk(ParamCtx *p, const ProtobufCMessage *m, Err *err)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	if (d == &quarry__expr__descriptor && !note_cast(p, (const Quarry__Expr *) m, err))
		return false;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *base = (const char *) m + f->offset;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->quantifier_offset != 0 && f->label == PROTOBUF_C_LABEL_NONE &&
			(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			*(const uint32_t *) ((const char *) m + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t		n = *(const size_t *) ((const char *) m + f->quantifier_offset);
			ProtobufCMessage *const *items = *(ProtobufCMessage * const **) base;

			for (size_t k = 0; k < n; k++)
				if (items[k] != NULL && !walk(p, items[k], err))
					return false;
		} else {
			const ProtobufCMessage *sub = *(const ProtobufCMessage * const *) base;

			if (sub != NULL && !walk(p, sub, err))
				return false;
		}
	}
	return true;
}

/* params_infer resolves unknown parameter types from a plan bound at Parse. */
bool
params_infer(ParamCtx *p, const Quarry__PlanNode *root, Err *err)
{
	return root == NULL || walk(p, &root->base, err);
}

/* params_infer_expr resolves unknown parameter types under one expression. */
bool
params_infer_expr(ParamCtx *p, const Quarry__Expr *e, Err *err)
{
	return e == NULL || walk(p, &e->base, err);
}

/* params_finish gives every parameter still unknown the type text. */
void
params_finish(ParamCtx *p)
{
	for (int i = 0; i < p->nparams; i++)
		if (p->types[i] == TYPE_UNKNOWN)
			p->types[i] = TYPE_TEXT;
}

static int
insert_column(const PgQuery__InsertStmt *stmt, const CatTable *t, size_t i)
{
	if (stmt->n_cols == 0)
		return i < (size_t) t->ncols ? (int) i : -1;
	if (i >= stmt->n_cols)
		return -1;
	for (int c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].name, stmt->cols[i]->res_target->name) == 0)
			return c;
	return -1;
}

/*
 * params_infer_insert types the parameters of INSERT ... VALUES from the
 * target columns; bind_insert reports any other error at Bind.
 */
bool
params_infer_insert(ParamCtx *p, const Catalog *cat, const PgQuery__InsertStmt *stmt, Err *err)
{
	BindCtx		cx = {.a = p->a, .cat = cat, .err = err};
	const PgQuery__SelectStmt *sel;
	CatTable   *t;

	p->exact = true;

	if (stmt->select_stmt == NULL ||
		stmt->select_stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return true;
	if (!bind_find_table(p->a, cat, stmt->relation, &t, err))
		return false;
	sel = stmt->select_stmt->select_stmt;
	for (size_t r = 0; r < sel->n_values_lists; r++) {
		const PgQuery__List *row = sel->values_lists[r]->list;

		for (size_t i = 0; i < row->n_items; i++) {
			int			c = insert_column(stmt, t, i);
			Quarry__Expr *e = bind_expr(&cx, row->items[i]);

			if (e == NULL)
				return false;
			if (c >= 0 && (e = bind_coerce(&cx, e, t->cols[c].type, -1)) == NULL)
				return false;
			if (!walk(p, &e->base, err))
				return false;
		}
	}
	return true;
}
