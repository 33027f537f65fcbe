/*
 * storage.c
 *	  The binder's storage hooks; see storage.h.
 */
#include "planner/storage.h"

#include <stdio.h>
#include <string.h>

#include "planner/bind_int.h"
#include "planner/parse.h"
#include "wire/buf.h"

/* storage_fill_scan gives a table's scan the stored layout of its columns. */
void
storage_fill_scan(Arena *a, const CatTable *t, Quarry__Scan *scan)
{
	bool		any_missing = false;

	if (t->csv != NULL) {
		scan->csv = t->csv;		/* read_csv: fields by position */
		return;
	}
	scan->table_oid = t->oid;
	scan->n_column_ids = t->ncols;
	scan->column_ids = arena_array(a, int32_t, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++) {
		scan->column_ids[i] = t->cols[i].id ? t->cols[i].id : i + 1;
		any_missing |= t->cols[i].missing.type != TYPE_UNKNOWN && !t->cols[i].missing.is_null;
	}
	if (!any_missing)
		return;
	scan->n_missing = t->ncols;
	scan->missing = arena_array(a, Quarry__Datum *, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++) {
		Value		v = t->cols[i].missing;

		if (v.type == TYPE_UNKNOWN) {
			v.type = t->cols[i].type;
			v.is_null = true;
		}
		scan->missing[i] = expr_const(a, &v)->value;
	}
}

/* ---- views ---- */

static void
put_str(Buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void
put_ident(Buf *b, const char *s)
{
	buf_put_u8(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_put_u8(b, '"');
		buf_put_u8(b, (uint8_t) *s);
	}
	buf_put_u8(b, '"');
}

/*
 * view_text wraps a view's query so it has exactly the view's columns, by
 * name, even after a column was added to a table it selects * from:
 * SELECT "a", "b" FROM (query) AS "?view?"("a", "b").
 */
static char *
view_text(Arena *a, const CatTable *t)
{
	Buf			b;
	char	   *s;

	buf_init(&b);
	put_str(&b, "SELECT ");
	for (int i = 0; i < t->ncols; i++) {
		if (i > 0)
			put_str(&b, ", ");
		put_ident(&b, t->cols[i].name);
	}
	put_str(&b, " FROM (");
	buf_put(&b, t->view_sql, strlen(t->view_sql));
	put_str(&b, ") AS \"?view?\"(");
	for (int i = 0; i < t->ncols; i++) {
		if (i > 0)
			put_str(&b, ", ");
		put_ident(&b, t->cols[i].name);
	}
	buf_put_u8(&b, ')');
	s = arena_strndup(a, (const char *) b.data, b.len);
	buf_free(&b);
	return s;
}

/* storage_view_query parses a view's query for the binder to expand. */
bool
storage_view_query(Arena *a, const CatTable *t, int depth, const PgQuery__Node **query, Err *err)
{
	PgQuery__ParseResult *tree;

	if (depth > VIEW_MAX_DEPTH)
		return err_set(err, "42P17", "infinite recursion detected in rules for relation \"%s\"",
					   t->name);
	if ((tree = parse_sql(a, view_text(a, t), err)) == NULL)
		return false;
	if (tree->n_stmts != 1 || tree->stmts[0]->stmt == NULL ||
		tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_DATA_CORRUPTED, "view \"%s\" has an invalid query", t->name);
	*query = tree->stmts[0]->stmt;
	return true;
}

/* ---- filters into scans ---- */

static bool
is_column(const Quarry__Expr *e)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_CAST && e->n_args == 1)
		e = e->args[0];
	return e->kind == QUARRY__EXPR_KIND__EXPR_COLUMN;
}

/* prunable: a conjunct shape the scan's zone maps understand. */
static bool
prunable(const Quarry__Expr *e)
{
	switch (e->kind) {
		case QUARRY__EXPR_KIND__EXPR_OP:
			return e->n_args == 2 && e->op >= QUARRY__EXPR_OP__OP_EQ &&
				e->op <= QUARRY__EXPR_OP__OP_GE &&
				((is_column(e->args[0]) && e->args[1]->kind == QUARRY__EXPR_KIND__EXPR_CONST) ||
				 (is_column(e->args[1]) && e->args[0]->kind == QUARRY__EXPR_KIND__EXPR_CONST));
		case QUARRY__EXPR_KIND__EXPR_IS_NULL:
		case QUARRY__EXPR_KIND__EXPR_IS_NOT_NULL:
			return e->n_args == 1 && e->args[0]->kind == QUARRY__EXPR_KIND__EXPR_COLUMN;
		case QUARRY__EXPR_KIND__EXPR_OR:
		case QUARRY__EXPR_KIND__EXPR_AND:
			for (size_t i = 0; i < e->n_args; i++)
				if (!prunable(e->args[i]))
					return false;
			return e->n_args > 0;
		default:
			return false;
	}
}

static void
push_conjuncts(Arena *a, Quarry__Expr *pred, Quarry__Scan *scan)
{
	Quarry__Expr **conj = &pred;
	size_t		n = 1;

	if (pred->kind == QUARRY__EXPR_KIND__EXPR_AND) {
		conj = pred->args;
		n = pred->n_args;
	}
	for (size_t i = 0; i < n; i++) {
		Quarry__Expr **grown;

		if (!prunable(conj[i]))
			continue;
		grown = arena_array(a, Quarry__Expr *, scan->n_filters + 1);
		if (scan->n_filters > 0)
			memcpy(grown, scan->filters, sizeof(Quarry__Expr *) * scan->n_filters);
		grown[scan->n_filters++] = conj[i];
		scan->filters = grown;
	}
}

static bool
holds_plans(const ProtobufCMessageDescriptor *d)
{
	return d != &quarry__expr__descriptor && d != &quarry__datum__descriptor &&
		d != &quarry__agg_call__descriptor && d != &quarry__sort_key__descriptor &&
		d != &quarry__write_column__descriptor;
}

typedef struct Walk {
	void		(*fn) (void *arg, Quarry__PlanNode *n);
	void	   *arg;
} Walk;

static void walk(const Walk *w, ProtobufCMessage *m);

static void
walk_field(const Walk *w, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	char	   *base = (char *) m;

	if (f->type != PROTOBUF_C_TYPE_MESSAGE || !holds_plans(f->descriptor))
		return;
	if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		*(const uint32_t *) (base + f->quantifier_offset) != f->id)
		return;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t		n = *(const size_t *) (base + f->quantifier_offset);
		ProtobufCMessage **items = *(ProtobufCMessage ***) (base + f->offset);

		for (size_t i = 0; i < n; i++)
			walk(w, items[i]);
		return;
	}
	if (*(ProtobufCMessage **) (base + f->offset) != NULL)
		walk(w, *(ProtobufCMessage **) (base + f->offset));
}

static void
walk(const Walk *w, ProtobufCMessage *m)
{
	if (m->descriptor == &quarry__plan_node__descriptor)
		w->fn(w->arg, (Quarry__PlanNode *) m);
	for (unsigned i = 0; i < m->descriptor->n_fields; i++)
		walk_field(w, m, &m->descriptor->fields[i]);
}

/* storage_walk_plan calls fn on every plan node under root, whatever its kind. */
void
storage_walk_plan(Quarry__PlanNode *root, void (*fn) (void *arg, Quarry__PlanNode *n), void *arg)
{
	Walk		w = {fn, arg};

	if (root != NULL)
		walk(&w, &root->base);
}

static void
push_into_scan(void *a, Quarry__PlanNode *n)
{
	if (n->node_case == QUARRY__PLAN_NODE__NODE_FILTER && n->filter->input != NULL &&
		n->filter->predicate != NULL &&
		n->filter->input->node_case == QUARRY__PLAN_NODE__NODE_SCAN &&
		n->filter->input->scan->n_filters == 0)
		push_conjuncts(a, n->filter->predicate, n->filter->input->scan);
}

/* storage_push_filters gives every Scan the prunable conjuncts filtered right above it. */
void
storage_push_filters(Arena *a, Quarry__PlanNode *root)
{
	storage_walk_plan(root, push_into_scan, a);
}
