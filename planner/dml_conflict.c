/*
 * dml_conflict.c
 *	  Binding ON CONFLICT ... DO UPDATE SET ... [WHERE ...]: the new values
 *	  and the condition as expressions over the existing row's columns
 *	  followed by the proposed row's (excluded.*), positions 0..2n-1.
 *
 *	  They are bound as SELECT vals FROM t over a copy of t whose columns
 *	  are t's and then, under names no SQL can write ("\1" + name), the
 *	  excluded ones; excluded.c in the expressions is rewritten to that
 *	  name first.  So names, types and errors resolve as in a query.
 */
#include "planner/dml_int.h"
#include "common/planwalk.h"

#include <stdio.h>
#include <string.h>

#define EXCLUDED_MARK "\001"

typedef struct PairCatalog {
	const Catalog *real;
	const CatTable *pair;
} PairCatalog;

static bool
pair_find(void *arg, const char *schema, const char *name, Arena *a, CatTable **out, Err *err)
{
	PairCatalog *pc = arg;

	if (!pc->real->find_table(pc->real->arg, schema, name, a, out, err))
		return false;
	if (*out != NULL && (*out)->oid == pc->pair->oid && (*out)->kind == pc->pair->kind)
		*out = (CatTable *) pc->pair;
	return true;
}

/* pair_table is t with its columns twice, the second time as excluded's. */
static CatTable *
pair_table(Arena *a, const CatTable *t)
{
	CatTable   *p = arena_memdup(a, t, sizeof(*t));

	p->ncols = 2 * t->ncols;
	p->cols = arena_array(a, CatColumn, p->ncols + 1);
	memcpy(p->cols, t->cols, sizeof(CatColumn) * t->ncols);
	memcpy(p->cols + t->ncols, t->cols, sizeof(CatColumn) * t->ncols);
	for (int c = 0; c < t->ncols; c++) {
		size_t		n = strlen(t->cols[c].name) + 2;
		char	   *name = arena_alloc(a, n);

		snprintf(name, n, EXCLUDED_MARK "%s", t->cols[c].name);
		p->cols[t->ncols + c].name = name;
	}
	return p;
}

/* rewrite_excluded turns excluded.c into qual."\1c" throughout the message tree m. */
static void
rewrite_excluded(Arena *a, ProtobufCMessage *m, const char *qual)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	if (d == &pg_query__column_ref__descriptor) {
		PgQuery__ColumnRef *r = (PgQuery__ColumnRef *) m;

		if (r->n_fields == 2 && r->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
			r->fields[1]->node_case == PG_QUERY__NODE__NODE_STRING &&
			strcmp(r->fields[0]->string->sval, "excluded") == 0) {
			size_t		n = strlen(r->fields[1]->string->sval) + 2;
			char	   *name = arena_alloc(a, n);

			snprintf(name, n, EXCLUDED_MARK "%s", r->fields[1]->string->sval);
			r->fields[0]->string->sval = (char *) qual;
			r->fields[1]->string->sval = name;
		}
		return;
	}
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char	   *at = (char *) m + f->offset;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		/* a Node is a oneof: only the member its case names is there */
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			*(uint32_t *) ((char *) m + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t		n = *(size_t *) ((char *) m + f->quantifier_offset);
			ProtobufCMessage **v = *(ProtobufCMessage ***) at;

			for (size_t k = 0; k < n; k++)
				if (v[k] != NULL)
					rewrite_excluded(a, v[k], qual);
		} else if (*(ProtobufCMessage **) at != NULL)
			rewrite_excluded(a, *(ProtobufCMessage **) at, qual);
	}
}

/*
 * node_copy is a deep copy of n in a's memory: the parse tree itself is
 * freed by protobuf-c, so its strings are never replaced in place.
 */
static PgQuery__Node *
node_copy(Arena *a, const PgQuery__Node *n)
{
	return pb_copy(a, &n->base);
}

/* excluded_copy is a copy of n with excluded.c as qual."\1c". */
static PgQuery__Node *
excluded_copy(Arena *a, const PgQuery__Node *n, const char *qual)
{
	PgQuery__Node *copy = node_copy(a, n);

	if (copy != NULL)
		rewrite_excluded(a, &copy->base, qual);
	return copy;
}

/* excluded_message names excluded's columns in err's message as written. */
static void
excluded_message(Err *err, const char *qual)
{
	char		out[sizeof(err->message)];
	char		from[80];
	size_t		o = 0;
	size_t		flen;

	snprintf(from, sizeof(from), "%s." EXCLUDED_MARK, qual);
	flen = strlen(from);
	for (const char *p = err->message; *p != '\0' && o + 10 < sizeof(out);) {
		if (strncmp(p, from, flen) == 0) {
			memcpy(out + o, "excluded.", 9);
			o += 9;
			p += flen;
		} else if (*p == EXCLUDED_MARK[0]) {
			p++;
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
	memcpy(err->message, out, o + 1);
}

/* set_list reads DO UPDATE's SET list as an UPDATE's: per column its value or NULL. */
static bool
set_list(BindCtx *cx, const PgQuery__OnConflictClause *oc, PgQuery__RangeVar *rv,
		 const CatTable *t, PgQuery__Node **vals, int *locs)
{
	PgQuery__UpdateStmt u = PG_QUERY__UPDATE_STMT__INIT;

	u.relation = rv;
	u.n_target_list = oc->n_target_list;
	u.target_list = oc->target_list;
	return dml_set_values(cx, &u, t, vals, locs);
}

static Quarry__Expr *
set_value(BindCtx *cx, const PgQuery__Node *v, const CatColumn *col, int c, int loc,
		  Quarry__Expr **got, int *k)
{
	Quarry__Expr *e;

	if (v == NULL)
		return expr_column(cx->a, c, col->type);
	if (v->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
		return dml_default_expr(cx, col);
	if (dml_is_constant(v)) {
		BindCtx		k0 = {.a = cx->a, .err = cx->err};

		if ((e = bind_expr(&k0, v)) == NULL)
			return NULL;
	} else
		e = got[(*k)++];
	return dml_assign_coerce(cx, e, col, "expression", loc);
}

/*
 * dml_bind_conflict_update binds ON CONFLICT DO UPDATE's SET and WHERE
 * over (t's columns, excluded's columns).
 */
bool
dml_bind_conflict_update(BindCtx *cx, const PgQuery__InsertStmt *stmt, InsertSelect *out)
{
	const PgQuery__OnConflictClause *oc = stmt->on_conflict_clause;
	const CatTable *t = out->table;
	PgQuery__RangeVar *rv = stmt->relation;
	const char *qual = rv->alias ? rv->alias->aliasname : rv->relname;
	PairCatalog pc = {cx->cat, pair_table(cx->a, t)};
	Catalog		cat = *cx->cat;
	BindCtx		pcx = *cx;
	PgQuery__Node **vals = arena_array(cx->a, PgQuery__Node *, t->ncols + 2);
	int		   *locs = arena_array(cx->a, int, t->ncols + 1);
	PgQuery__Node **bind = arena_array(cx->a, PgQuery__Node *, t->ncols + 2);
	Quarry__Expr **got = arena_array(cx->a, Quarry__Expr *, t->ncols + 2);
	int			n = 0;

	cat.find_table = pair_find;
	cat.arg = &pc;
	pcx.cat = &cat;
	if (!set_list(cx, oc, rv, t, vals, locs))
		return false;
	for (int c = 0; c < t->ncols; c++)
		if (vals[c] != NULL && !dml_is_constant(vals[c]) &&
			(bind[n++] = excluded_copy(cx->a, vals[c], qual)) == NULL)
			return err_set(cx->err, ERRCODE_INTERNAL_ERROR, "planner: cannot copy a SET value");
	if (oc->where_clause != NULL &&
		(bind[n++] = excluded_copy(cx->a, oc->where_clause, qual)) == NULL)
		return err_set(cx->err, ERRCODE_INTERNAL_ERROR, "planner: cannot copy a WHERE");
	if (n > 0 && !dml_bind_over_table(&pcx, rv, bind, n, got)) {
		excluded_message(cx->err, qual);
		return false;
	}
	if (oc->where_clause != NULL) {
		out->conflict_where = got[n - 1];
		if (!dml_where_type(cx, &out->conflict_where, oc->where_clause))
			return false;
	}
	out->conflict_set = arena_array(cx->a, Quarry__Expr *, t->ncols + 1);
	for (int c = 0, k = 0; c < t->ncols; c++)
		if ((out->conflict_set[c] = set_value(cx, vals[c], &t->cols[c], c, locs[c], got, &k)) == NULL)
			return false;
	return true;
}
