/*
 * recursive.c
 *	  WITH: which CTEs a name can mean, and WITH RECURSIVE.
 *
 *	  A WITH clause pushes a CteScope on the binding context.  In a plain
 *	  WITH a CTE's query sees the CTEs before it (and the WITHs around
 *	  it); under WITH RECURSIVE it sees them all.  A CTE is inlined at each
 *	  reference (its query bound again); QueryCtx.cte_stack lists the CTEs
 *	  being bound, so a cycle between CTEs is PostgreSQL's 0A000 rather
 *	  than an endless recursion.
 *
 *	  A CTE of WITH RECURSIVE whose query names itself is checked as
 *	  PostgreSQL's parse_cte.c does (a UNION [ALL] whose left side does not
 *	  name it and whose right side names it once, not in a subquery, not
 *	  on the nullable side of an outer join, not in INTERSECT ALL or
 *	  EXCEPT, with no aggregate at that level; 42P19) and planned as a
 *	  RecursiveUnion: the non-recursive term gives the column types
 *	  (unknown becomes text); the recursive term is bound with the
 *	  self-reference as a WorkTableScan of those types; a column whose
 *	  UNION type differs is 42804.
 *
 *	  cte_push_scope, cte_reference, cte_done
 */
#include "planner/bind_int.h"

#include <stdio.h>
#include <string.h>

/* A CTE whose query is being bound; QueryCtx.cte_stack, innermost first. */
typedef struct CteBinding {
	const PgQuery__CommonTableExpr *cte;
	const PgQuery__WithClause *with;	/* the WITH it is in */
	bool		recursive_term; /* its recursive term: a self-reference is the work table */
	int			id;				/* the work table */
	int			ncols;
	TypeId	   *types;
	const char **names;
	double		rows;
	struct CteBinding *next;
} CteBinding;

/* fail raises sqlstate at location; fmt has one %s for name, or none (name NULL). */
static bool
fail(BindCtx *cx, int location, const char *sqlstate, const char *fmt, const char *name)
{
	if (name != NULL)
		err_set(cx->err, sqlstate, fmt, name);
	else
		err_set(cx->err, sqlstate, "%s", fmt);
	if (location >= 0)
		cx->err->position = location + 1;
	return false;
}

/* cte_push_scope makes w's CTEs visible in cx; 42712 on a name given twice. */
bool
cte_push_scope(BindCtx *cx, const PgQuery__WithClause *w)
{
	CteScope   *s = arena_new(cx->a, CteScope);

	for (size_t i = 0; i < w->n_ctes; i++)
		for (size_t j = i + 1; j < w->n_ctes; j++) {
			const PgQuery__CommonTableExpr *c = w->ctes[j]->common_table_expr;

			if (strcmp(w->ctes[i]->common_table_expr->ctename, c->ctename) == 0)
				return fail(cx, c->location, "42712",
							"WITH query name \"%s\" specified more than once", c->ctename);
		}
	s->with = w;
	s->nvisible = (int) w->n_ctes;
	s->outer = cx->ctes;
	s->owner = cx;
	cx->ctes = s;
	return true;
}

/* ---- the shape of a recursive query (parse_cte.c's checks) ---- */

typedef enum {
	REC_OK,
	REC_NONRECURSIVE,
	REC_SUBLINK,
	REC_OUTERJOIN,
	REC_INTERSECT,
	REC_EXCEPT
} RecContext;

typedef struct RecWalk {
	BindCtx    *cx;
	const char *name;
	RecContext	context;
	int			refs;
	const PgQuery__SelectStmt *select;	/* the SELECT being walked */
	const PgQuery__SelectStmt *ref_select;	/* the one naming the CTE */
	bool		found;			/* mode of has_self_reference: just look */
	bool		failed;
} RecWalk;

static void rec_walk(RecWalk *w, const ProtobufCMessage *m);

static void
rec_walk_node(RecWalk *w, const PgQuery__Node *n, RecContext context)
{
	RecContext	saved = w->context;

	if (n == NULL)
		return;
	w->context = context;
	rec_walk(w, &n->base);
	w->context = saved;
}

static void
rec_fields(RecWalk *w, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *) m;

	for (unsigned i = 0; i < d->n_fields && !w->failed; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			*(const uint32_t *) (base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t		n = *(const size_t *) (base + f->quantifier_offset);
			ProtobufCMessage *const *items = *(ProtobufCMessage *const *const *) (base + f->offset);

			for (size_t k = 0; k < n && !w->failed; k++)
				if (items[k] != NULL)
					rec_walk(w, items[k]);
		} else if (*(ProtobufCMessage *const *) (base + f->offset) != NULL)
			rec_walk(w, *(ProtobufCMessage *const *) (base + f->offset));
	}
}

static void
rec_range_var(RecWalk *w, const PgQuery__RangeVar *rv)
{
	static const char *const msgs[] = {
		NULL,
		"recursive reference to query \"%s\" must not appear within its non-recursive term",
		"recursive reference to query \"%s\" must not appear within a subquery",
		"recursive reference to query \"%s\" must not appear within an outer join",
		"recursive reference to query \"%s\" must not appear within INTERSECT",
		"recursive reference to query \"%s\" must not appear within EXCEPT",
	};

	if ((rv->schemaname != NULL && rv->schemaname[0] != '\0') || strcmp(rv->relname, w->name) != 0)
		return;
	w->found = true;
	if (w->cx == NULL)
		return;
	if (w->context != REC_OK)
		w->failed = !fail(w->cx, rv->location, "42P19", msgs[w->context], w->name);
	else if (++w->refs > 1)
		w->failed = !fail(w->cx, rv->location, "42P19",
						  "recursive reference to query \"%s\" must not appear more than once", w->name);
	else
		w->ref_select = w->select;
}

/* shadows: s's own WITH defines the name, so inside s it means that CTE. */
static bool
shadows(const PgQuery__SelectStmt *s, const char *name)
{
	for (size_t i = 0; s->with_clause != NULL && i < s->with_clause->n_ctes; i++)
		if (strcmp(s->with_clause->ctes[i]->common_table_expr->ctename, name) == 0)
			return true;
	return false;
}

static void
rec_select(RecWalk *w, const PgQuery__SelectStmt *s)
{
	const PgQuery__SelectStmt *saved = w->select;
	RecContext	ctx = w->context;

	if (shadows(s, w->name))
		return;
	w->select = s;
	if (ctx == REC_OK && s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT) {
		w->context = s->all ? REC_INTERSECT : ctx;
		rec_walk(w, &s->larg->base);
		rec_walk(w, &s->rarg->base);
		w->context = ctx;
	} else if (ctx == REC_OK && s->op == PG_QUERY__SET_OPERATION__SETOP_EXCEPT) {
		w->context = s->all ? REC_EXCEPT : ctx;
		rec_walk(w, &s->larg->base);
		w->context = REC_EXCEPT;
		rec_walk(w, &s->rarg->base);
		w->context = ctx;
	} else
		rec_fields(w, &s->base);
	w->select = saved;
}

static void
rec_join(RecWalk *w, const PgQuery__JoinExpr *j)
{
	RecContext	ctx = w->context;
	RecContext	outer = ctx == REC_OK ? REC_OUTERJOIN : ctx;
	bool		left_nullable = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ||
		j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
	bool		right_nullable = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT ||
		j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;

	rec_walk_node(w, j->larg, left_nullable ? outer : ctx);
	rec_walk_node(w, j->rarg, right_nullable ? outer : ctx);
	rec_walk_node(w, j->quals, ctx);
}

static void
rec_walk(RecWalk *w, const ProtobufCMessage *m)
{
	if (w->failed)
		return;
	if (m->descriptor == &pg_query__range_var__descriptor)
		rec_range_var(w, (const PgQuery__RangeVar *) m);
	else if (m->descriptor == &pg_query__select_stmt__descriptor)
		rec_select(w, (const PgQuery__SelectStmt *) m);
	else if (m->descriptor == &pg_query__join_expr__descriptor && w->cx != NULL)
		rec_join(w, (const PgQuery__JoinExpr *) m);
	else if (m->descriptor == &pg_query__sub_link__descriptor && w->cx != NULL) {
		const PgQuery__SubLink *sl = (const PgQuery__SubLink *) m;

		rec_walk_node(w, sl->subselect, REC_SUBLINK);
		rec_walk_node(w, sl->testexpr, w->context);
	} else
		rec_fields(w, m);
}

/* ---- aggregates at the level of the self-reference ---- */

static bool
is_aggregate_name(const PgQuery__FuncCall *fc)
{
	static const char *const names[] = {
		"count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "string_agg",
		"array_agg", "var_samp", "var_pop", "variance", "stddev", "stddev_samp", "stddev_pop",
	};
	const PgQuery__Node *last;

	if (fc->n_funcname == 0 || fc->over != NULL)
		return false;
	last = fc->funcname[fc->n_funcname - 1];
	if (last->node_case != PG_QUERY__NODE__NODE_STRING)
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], last->string->sval) == 0)
			return true;
	return false;
}

/* agg_location finds an aggregate of m's level (not in subqueries); -1: none. */
static int
agg_location(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *) m;

	if (d == &pg_query__func_call__descriptor && is_aggregate_name((const PgQuery__FuncCall *) m))
		return ((const PgQuery__FuncCall *) m)->location;
	if (d == &pg_query__sub_link__descriptor || d == &pg_query__select_stmt__descriptor)
		return -1;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		int			loc = -1;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			*(const uint32_t *) (base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t		n = *(const size_t *) (base + f->quantifier_offset);
			ProtobufCMessage *const *items = *(ProtobufCMessage *const *const *) (base + f->offset);

			for (size_t k = 0; k < n && loc < 0; k++)
				if (items[k] != NULL)
					loc = agg_location(items[k]);
		} else if (*(ProtobufCMessage *const *) (base + f->offset) != NULL)
			loc = agg_location(*(ProtobufCMessage *const *) (base + f->offset));
		if (loc >= 0)
			return loc;
	}
	return -1;
}

static int
select_agg_location(const PgQuery__SelectStmt *s)
{
	int			loc = -1;

	for (size_t i = 0; i < s->n_target_list && loc < 0; i++)
		loc = agg_location(&s->target_list[i]->base);
	if (loc < 0 && s->having_clause != NULL)
		loc = agg_location(&s->having_clause->base);
	for (size_t i = 0; i < s->n_sort_clause && loc < 0; i++)
		loc = agg_location(&s->sort_clause[i]->base);
	return loc;
}

/* has_self_reference: c's query names c (a recursive CTE). */
static bool
has_self_reference(const PgQuery__CommonTableExpr *c)
{
	RecWalk		w = {.name = c->ctename};

	rec_walk(&w, &c->ctequery->base);
	return w.found;
}

/*
 * check_shape checks a recursive CTE's query as PostgreSQL does; on
 * success *agg_loc is where an aggregate at the self-reference's level is
 * (-1: none), reported once the recursive term is bound.
 */
static bool
check_shape(BindCtx *cx, const PgQuery__CommonTableExpr *c, int *agg_loc)
{
	const PgQuery__SelectStmt *s = c->ctequery->select_stmt;
	RecWalk		w = {.cx = cx, .name = c->ctename};

	if (c->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
		s->op != PG_QUERY__SET_OPERATION__SETOP_UNION)
		return fail(cx, c->location, "42P19",
					"recursive query \"%s\" does not have the form non-recursive-term UNION [ALL] recursive-term",
					c->ctename);
	w.context = REC_NONRECURSIVE;
	rec_walk(&w, &s->larg->base);
	w.context = REC_OK;
	if (!w.failed)
		rec_walk(&w, &s->rarg->base);
	if (w.failed)
		return false;
	if (s->n_sort_clause > 0)
		return fail(cx, s->sort_clause[0]->node_case == PG_QUERY__NODE__NODE_SORT_BY ?
					node_location(s->sort_clause[0]->sort_by->node) : -1, ERRCODE_FEATURE_NOT_SUPPORTED,
					"ORDER BY in a recursive query is not implemented", NULL);
	if (s->limit_offset != NULL)
		return fail(cx, node_location(s->limit_offset), ERRCODE_FEATURE_NOT_SUPPORTED,
					"OFFSET in a recursive query is not implemented", NULL);
	if (s->limit_count != NULL)
		return fail(cx, node_location(s->limit_count), ERRCODE_FEATURE_NOT_SUPPORTED,
					"LIMIT in a recursive query is not implemented", NULL);
	*agg_loc = w.ref_select != NULL ? select_agg_location(w.ref_select) : -1;
	return true;
}

/* ---- planning a recursive CTE ---- */

/*
 * project_to casts r's first n columns to types, with new ids; r itself
 * when it is that already (a recursive term runs a million times: one node
 * less is a fifth of its time).
 */
static Rel *
project_to(BindCtx *cx, Rel *r, const TypeId *types, int n)
{
	Quarry__Expr **exprs;
	int		   *ids;
	bool		same = r->plan->n_output_types == (size_t) n;

	for (int i = 0; i < n && same; i++)
		same = r->plan->output_types[i] == (int32_t) types[i];
	if (same)
		return r;
	exprs = arena_array(cx->a, Quarry__Expr *, n + 1);
	ids = arena_array(cx->a, int, n + 1);

	for (int i = 0; i < n; i++) {
		Quarry__Expr *col = expr_column(cx->a, r->ids[i], (TypeId) r->plan->output_types[i]);

		if ((exprs[i] = bind_coerce(cx, col, types[i], -1)) == NULL)
			return NULL;
		ids[i] = colinfo_new(cx, "?column?", types[i], -1);
	}
	return rel_project(cx, r, exprs, n, ids);
}

/* term_location is where column i of a UNION's leftmost SELECT starts. */
static int
term_location(const PgQuery__SelectStmt *s, int i)
{
	const PgQuery__Node *n;

	while (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
		s = s->larg;
	if ((size_t) i >= s->n_target_list)
		return -1;
	n = s->target_list[i]->res_target->val;
	while (n->node_case == PG_QUERY__NODE__NODE_A_EXPR && n->a_expr->lexpr != NULL)
		n = n->a_expr->lexpr;
	return node_location(n);
}

static BindCtx *
term_ctx(BindCtx *body)
{
	BindCtx    *sub = bind_child(body, true);

	sub->level = body->level;
	return sub;
}

/* non_recursive_term plans the left side; fills b's columns. */
static Rel *
non_recursive_term(BindCtx *body, const PgQuery__CommonTableExpr *c, CteBinding *b)
{
	const PgQuery__SelectStmt *s = c->ctequery->select_stmt;
	SelectState st;
	Rel		   *l = select_plan(term_ctx(body), s->larg, &st);

	if (l == NULL)
		return NULL;
	if (c->n_aliascolnames > (size_t) st.nvisible) {
		err_set(body->err, "42P10",
				"WITH query \"%s\" has %d columns available but %zu columns specified",
				c->ctename, st.nvisible, c->n_aliascolnames);
		body->err->position = c->location + 1;
		return NULL;
	}
	b->ncols = st.nvisible;
	b->types = arena_array(body->a, TypeId, b->ncols + 1);
	b->names = arena_array(body->a, const char *, b->ncols + 1);
	for (int i = 0; i < b->ncols; i++) {
		const PgQuery__Node *alias = (size_t) i < c->n_aliascolnames ? c->aliascolnames[i] : NULL;

		b->types[i] = (TypeId) l->plan->output_types[i];
		if (b->types[i] == TYPE_UNKNOWN)
			b->types[i] = TYPE_TEXT;
		b->names[i] = alias != NULL && alias->node_case == PG_QUERY__NODE__NODE_STRING ?
			alias->string->sval : st.targets[i].name;
	}
	b->rows = l->rows;
	return project_to(body, l, b->types, b->ncols);
}

/* recursive_term plans the right side over the work table; checks its types. */
static Rel *
recursive_term(BindCtx *body, const PgQuery__CommonTableExpr *c, CteBinding *b, int agg_loc)
{
	const PgQuery__SelectStmt *s = c->ctequery->select_stmt;
	SelectState st;
	Rel		   *r;

	b->recursive_term = true;
	r = select_plan(term_ctx(body), s->rarg, &st);
	b->recursive_term = false;
	if (r == NULL)
		return NULL;
	if (agg_loc >= 0) {
		fail(body, agg_loc, "42P19",
			 "aggregate functions are not allowed in a recursive query's recursive term", NULL);
		return NULL;
	}
	if (st.nvisible != b->ncols) {
		fail(body, term_location(s->rarg, 0), ERRCODE_SYNTAX_ERROR,
			 "each UNION query must have the same number of columns", NULL);
		return NULL;
	}
	for (int i = 0; i < b->ncols; i++) {
		Quarry__Expr *pair[2] = {
			expr_column(body->a, 0, b->types[i]),
			expr_column(body->a, 1, (TypeId) r->plan->output_types[i]),
		};

		if (!bind_common_pair(body, pair, -1)) {
			err_clear(body->err);
			err_set(body->err, ERRCODE_DATATYPE_MISMATCH, "UNION types %s and %s cannot be matched",
					type_info(b->types[i])->name, type_info((TypeId) r->plan->output_types[i])->name);
			if (term_location(s->rarg, i) >= 0)
				body->err->position = term_location(s->rarg, i) + 1;
			return NULL;
		}
		if ((TypeId) pair[0]->type != b->types[i]) {
			err_set(body->err, ERRCODE_DATATYPE_MISMATCH,
					"recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
					c->ctename, i + 1, type_info(b->types[i])->name,
					type_info((TypeId) pair[0]->type)->name);
			err_hint(body->err, "Cast the output of the non-recursive term to the correct type.");
			if (term_location(s->larg, i) >= 0)
				body->err->position = term_location(s->larg, i) + 1;
			return NULL;
		}
	}
	return project_to(body, r, b->types, b->ncols);
}

/* recursive_union plans recursive CTE c, whose query sees scope. */
static Rel *
recursive_union(BindCtx *cx, const PgQuery__CommonTableExpr *c, const CteScope *scope, CteRef *ref)
{
	BindCtx    *body = bind_child(cx, true);
	CteBinding *b = arena_new(cx->a, CteBinding);
	int			agg_loc = -1;
	Rel		   *l;
	Rel		   *r;
	Quarry__PlanNode *n;
	int		   *ids;

	body->parent = scope->owner->parent;	/* as a derived table of the WITH's level */
	body->ctes = scope;
	if (c->ctequery->select_stmt->with_clause != NULL &&
		!cte_push_scope(body, c->ctequery->select_stmt->with_clause))
		return NULL;
	if (!check_shape(cx, c, &agg_loc))
		return NULL;
	b->cte = c;
	b->with = scope->with;
	b->id = ++cx->q->nworktables;
	b->next = cx->q->cte_stack;
	cx->q->cte_stack = b;
	l = non_recursive_term(body, c, b);
	r = l != NULL ? recursive_term(body, c, b, agg_loc) : NULL;
	cx->q->cte_stack = b->next;
	if (r == NULL)
		return NULL;
	n = plan_node_new(cx->a, b->ncols);
	memcpy(n->output_types, l->plan->output_types, sizeof(int32_t) * b->ncols);
	n->node_case = QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION;
	n->recursive_union = arena_new(cx->a, Quarry__RecursiveUnion);
	quarry__recursive_union__init(n->recursive_union);
	n->recursive_union->non_recursive = l->plan;
	n->recursive_union->recursive = r->plan;
	n->recursive_union->distinct = !c->ctequery->select_stmt->all;
	n->recursive_union->id = b->id;
	n->est_rows = l->rows * 10;
	ids = arena_array(cx->a, int, b->ncols + 1);
	for (int i = 0; i < b->ncols; i++)
		ids[i] = colinfo_new(cx, b->names[i], b->types[i], -1);
	ref->names = b->names;
	ref->ncols = b->ncols;
	return rel_from_plan(cx, n, ids, b->ncols, n->est_rows);
}

/* work_table is the self-reference inside b's recursive term. */
static Rel *
work_table(BindCtx *cx, const CteBinding *b, CteRef *ref)
{
	Quarry__PlanNode *n = plan_node_new(cx->a, b->ncols);
	int		   *ids = arena_array(cx->a, int, b->ncols + 1);

	n->node_case = QUARRY__PLAN_NODE__NODE_WORK_TABLE_SCAN;
	n->work_table_scan = arena_new(cx->a, Quarry__WorkTableScan);
	quarry__work_table_scan__init(n->work_table_scan);
	n->work_table_scan->id = b->id;
	n->est_rows = b->rows > 0 ? b->rows : 1;
	for (int i = 0; i < b->ncols; i++) {
		n->output_types[i] = b->types[i];
		ids[i] = colinfo_new(cx, b->names[i], b->types[i], -1);
	}
	ref->names = b->names;
	ref->ncols = b->ncols;
	return rel_from_plan(cx, n, ids, b->ncols, n->est_rows);
}

/* ---- references ---- */

static const PgQuery__CommonTableExpr *
find_cte(const BindCtx *cx, const char *name, const CteScope **scope, int *index)
{
	for (const CteScope *s = cx->ctes; s != NULL; s = s->outer)
		for (int i = 0; i < s->nvisible; i++) {
			const PgQuery__CommonTableExpr *c = s->with->ctes[i]->common_table_expr;

			if (strcmp(c->ctename, name) == 0) {
				*scope = s;
				*index = i;
				return c;
			}
		}
	return NULL;
}

/*
 * cte_reference resolves rv when it names a CTE in scope (*found).  A
 * recursive CTE, or the self-reference inside one, comes back planned in
 * ref->rel; otherwise the caller binds ref->cte's query seeing
 * ref->body_scope as a derived table and then calls cte_done.
 */
bool
cte_reference(BindCtx *cx, const PgQuery__RangeVar *rv, CteRef *ref, bool *found)
{
	const CteScope *scope;
	int			index;
	const PgQuery__CommonTableExpr *c;
	CteBinding *b;
	bool		sibling = false;

	memset(ref, 0, sizeof(*ref));
	*found = false;
	if ((rv->schemaname != NULL && rv->schemaname[0] != '\0') ||
		(c = find_cte(cx, rv->relname, &scope, &index)) == NULL)
		return true;
	*found = true;
	ref->cte = c;
	for (b = cx->q->cte_stack; b != NULL && b->cte != c; b = b->next)
		if (b->with == scope->with)
			sibling = true;
	if (b != NULL) {
		/* the self-reference, unless a sibling CTE's query is in between */
		if (b->recursive_term && !sibling)
			return (ref->rel = work_table(cx, b, ref)) != NULL;
		return fail(cx, c->location, ERRCODE_FEATURE_NOT_SUPPORTED,
					"mutual recursion between WITH items is not implemented", NULL);
	}
	if (!scope->with->recursive) {
		CteScope   *before = arena_new(cx->a, CteScope);

		*before = *scope;
		before->nvisible = index;	/* a plain WITH: only the CTEs before it */
		ref->body_scope = before;
	} else
		ref->body_scope = scope;
	if (scope->with->recursive && c->ctequery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
		has_self_reference(c))
		return (ref->rel = recursive_union(cx, c, scope, ref)) != NULL;
	b = arena_new(cx->a, CteBinding);
	b->cte = c;
	b->with = scope->with;
	b->next = cx->q->cte_stack;
	cx->q->cte_stack = b;
	return true;
}

/* cte_done ends the binding of an inlined CTE's query. */
void
cte_done(BindCtx *cx, const CteRef *ref)
{
	if (ref->rel == NULL && cx->q->cte_stack != NULL && cx->q->cte_stack->cte == ref->cte)
		cx->q->cte_stack = cx->q->cte_stack->next;
}
