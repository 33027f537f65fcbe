/*
 * func_srf.c
 *	  Set-returning functions as the catalog queries use them, by rewriting
 *	  the SELECT before it is bound.
 *
 *	  In the select list, unnest(a), generate_subscripts(a, d),
 *	  generate_series(lo, hi) and information_schema._pg_expandarray(a)
 *	  (with .x or .n) make each input row into as many rows as the longest
 *	  of them, the shorter ones giving NULL (PostgreSQL 10's ProjectSet).
 *	  The rewrite adds to the FROM clause the positions of each row,
 *	  generate_series(1, GREATEST(length, ...)) AS "?srf?"(k) (a LATERAL
 *	  Series over the other items' join: no fixed limit), and turns each
 *	  call into an expression of k:
 *
 *	    unnest(a)                  a[array_lower(a, 1) + k - 1]
 *	    generate_subscripts(a, d)  CASE WHEN k <= cardinality(a) THEN array_lower(a, d) + k - 1 END
 *	    generate_series(lo, hi)    CASE WHEN k <= hi - lo + 1 THEN lo + k - 1 END
 *	    (_pg_expandarray(a)).x     as unnest(a);  .n: CASE WHEN k <= cardinality(a) THEN k END
 *	    regexp_split_to_table(s, p[, f])  unnest(regexp_split_to_array(s, p[, f]))
 *
 *	  A function of from_names in FROM, f(args) AS t(c), becomes the
 *	  derived table (SELECT f(args) AS c) AS t, whose select list is then
 *	  rewritten as above; when its arguments read earlier FROM items'
 *	  columns the derived table is LATERAL (select.c runs it per row).
 *	  generate_series in FROM is select.c's own Series item.

 *	  A bare _pg_expandarray(a) AS c target becomes the two columns "c.x"
 *	  and "c.n", and a field reference (t.c).x at the level above reads
 *	  t."c.x" (Quarry has no composite values).
 *
 *	    generate_series(lo, hi, step)  CASE WHEN k <= __quarry_series_count(lo, hi, step)
 *	                               THEN __quarry_series_nth(lo, step, k) END
 *
 *	  Limits: SRFs
 *	  inside expressions of aggregates or with GROUP BY are 0A000.
 */
#include "planner/func_srf.h"
#include "common/planwalk.h"

#include <stdio.h>
#include <string.h>

#include <pg_query.h>

#define SRF_ALIAS "?srf?"

typedef enum SrfKind { SRF_NONE, SRF_UNNEST, SRF_SUBSCRIPTS, SRF_SERIES, SRF_EXPAND_X, SRF_EXPAND_N,
SRF_REGEXP_SPLIT } SrfKind;

typedef struct Rewrite {
	Arena	   *a;
	const PgQuery__SelectStmt *stmt;	/* the statement rewritten (its FROM list) */
	Err		   *err;
	int			nfound;
	int			nfields;		/* (col).field references at this level */
	PgQuery__Node **lengths;	/* each SRF's row count, for the WHERE bound */
	int			nlengths;
	int			cap;
	bool		failed;
} Rewrite;

static const char *
call_name(const PgQuery__FuncCall *fc)
{
	const PgQuery__Node *last = fc->funcname[fc->n_funcname - 1];

	return last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "";
}

static SrfKind
kind_of(const PgQuery__Node *n)
{
	const char *name;
	size_t		nargs;

	if (n->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION) {
		const PgQuery__AIndirection *ind = n->a_indirection;
		const PgQuery__Node *f;

		if (ind->arg->node_case != PG_QUERY__NODE__NODE_FUNC_CALL ||
			strcmp(call_name(ind->arg->func_call), "_pg_expandarray") != 0 ||
			ind->n_indirection != 1 ||
			ind->indirection[0]->node_case != PG_QUERY__NODE__NODE_STRING)
			return SRF_NONE;
		f = ind->indirection[0];
		return strcmp(f->string->sval, "x") == 0 ? SRF_EXPAND_X :
			strcmp(f->string->sval, "n") == 0 ? SRF_EXPAND_N : SRF_NONE;
	}
	if (n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return SRF_NONE;
	name = call_name(n->func_call);
	nargs = n->func_call->n_args;
	if (strcmp(name, "unnest") == 0 && nargs == 1)
		return SRF_UNNEST;
	if (strcmp(name, "generate_subscripts") == 0 && (nargs == 2 || nargs == 3))
		return SRF_SUBSCRIPTS;
	if (strcmp(name, "generate_series") == 0 && nargs >= 2)
		return SRF_SERIES;
	if (strcmp(name, "_pg_expandarray") == 0)
		return SRF_EXPAND_X;	/* without .x or .n: refused below */
	if (strcmp(name, "regexp_split_to_table") == 0 && (nargs == 2 || nargs == 3))
		return SRF_REGEXP_SPLIT;
	return SRF_NONE;
}

/* ---- trees in the arena: nodes move between them, so none is freed alone ---- */

static void *
arena_pb_alloc(void *data, size_t size)
{
	return arena_alloc(data, size);
}

static void
arena_pb_free(void *data, void *p)
{
}

/* parse_in_arena parses sql (one SELECT) into a tree allocated in a. */
PgQuery__SelectStmt *
parse_in_arena(Arena *a, const char *sql, Err *err)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(sql);
	ProtobufCAllocator alloc = {arena_pb_alloc, arena_pb_free, a};
	PgQuery__ParseResult *tree = NULL;

	if (res.error != NULL)
		err_set(err, ERRCODE_INTERNAL_ERROR, "set-returning function rewrite: %s",
				res.error->message);
	else if ((tree = pg_query__parse_result__unpack(&alloc, res.parse_tree.len,
													(const uint8_t *) res.parse_tree.data)) == NULL)
		err_set(err, ERRCODE_INTERNAL_ERROR, "could not unpack the parse tree");
	pg_query_free_protobuf_parse_result(res);
	return tree ? tree->stmts[0]->stmt->select_stmt : NULL;
}

/* ---- templates: small SQL texts parsed, with placeholders __p1, __p2 ---- */

static PgQuery__Node *
template_expr(Arena *a, const char *expr, Err *err)
{
	char		sql[600];
	PgQuery__SelectStmt *t;

	snprintf(sql, sizeof(sql), "SELECT %s", expr);
	if ((t = parse_in_arena(a, sql, err)) == NULL)
		return NULL;
	return t->target_list[0]->res_target->val;
}

typedef bool (*Visit) (PgQuery__Node **slot, void *arg);

/*
 * walk calls visit on every Node slot under m (not inside subqueries when
 * visit says so by returning false for a SubLink).
 */
static void
walk(ProtobufCMessage *m, Visit visit, void *arg)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char	   *base = (char *) m;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			*(uint32_t *) (base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t		n = *(size_t *) (base + f->quantifier_offset);
			ProtobufCMessage **arr = *(ProtobufCMessage ***) (base + f->offset);

			for (size_t k = 0; k < n; k++)
				if (arr[k] != NULL) {
					if (f->descriptor == &pg_query__node__descriptor &&
						!visit((PgQuery__Node **) &arr[k], arg))
						continue;
					walk(arr[k], visit, arg);
				}
		} else {
			ProtobufCMessage **slot = (ProtobufCMessage **) (base + f->offset);

			if (*slot == NULL)
				continue;
			if (f->descriptor == &pg_query__node__descriptor &&
				!visit((PgQuery__Node **) slot, arg))
				continue;
			walk(*slot, visit, arg);
		}
	}
}

typedef struct Subst {
	PgQuery__Node *p[3];
} Subst;

static bool
subst_visit(PgQuery__Node **slot, void *arg)
{
	Subst	   *s = arg;
	const PgQuery__Node *n = *slot;

	if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
		n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
		const char *f = n->column_ref->fields[0]->string->sval;

		if (strncmp(f, "__p", 3) == 0 && f[3] >= '1' && f[3] <= '3' && f[4] == '\0') {
			*slot = s->p[f[3] - '1'];
			return false;
		}
	}
	return true;
}

/* instantiate parses expr and puts p1..p3 for __p1..__p3. */
static PgQuery__Node *
instantiate(Rewrite *rw, const char *expr, PgQuery__Node *p1, PgQuery__Node *p2,
			PgQuery__Node *p3)
{
	PgQuery__Node *e = template_expr(rw->a, expr, rw->err);
	Subst		s = {{p1, p2, p3}};

	if (e == NULL) {
		rw->failed = true;
		return NULL;
	}
	if (!subst_visit(&e, &s))
		return e;
	walk(&e->base, subst_visit, &s);
	return e;
}

/* func_srf_template parses expr with __p1 standing for p1 (a tree in a). */
PgQuery__Node *
func_srf_template(Arena *a, const char *expr, PgQuery__Node *p1, Err *err)
{
	Rewrite		rw = {.a = a, .err = err};

	return instantiate(&rw, expr, p1, NULL, NULL);
}

static void
add_length(Rewrite *rw, PgQuery__Node *len)
{
	if (len == NULL)
		return;
	if (rw->nlengths == rw->cap) {
		int			cap = rw->cap ? rw->cap * 2 : 4;
		PgQuery__Node **grown = arena_array(rw->a, PgQuery__Node *, cap);

		if (rw->nlengths > 0)
			memcpy(grown, rw->lengths, sizeof(*grown) * (size_t) rw->nlengths);
		rw->lengths = grown;
		rw->cap = cap;
	}
	rw->lengths[rw->nlengths++] = len;
}

#define K "\"" SRF_ALIAS "\".\"?srf_k?\""

/* replace makes the expression of k that stands for one SRF call. */
static PgQuery__Node *
replace(Rewrite *rw, PgQuery__Node *n, SrfKind kind)
{
	PgQuery__Node **args;

	if (n->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION)
		n = n->a_indirection->arg;
	args = n->func_call->args;
	switch (kind) {
		case SRF_REGEXP_SPLIT:
			{
				/* unnest(regexp_split_to_array(...)) */
				PgQuery__Node *arr = instantiate(rw, n->func_call->n_args == 3 ?
												 "regexp_split_to_array(__p1, __p2, __p3)" :
												 "regexp_split_to_array(__p1, __p2)",
												 args[0], args[1], n->func_call->n_args == 3 ? args[2] : NULL);

				if (arr == NULL)
					return NULL;
				add_length(rw, instantiate(rw, "cardinality(__p1)", arr, NULL, NULL));
				return instantiate(rw, "(__p1)[array_lower(__p1, 1) + " K " - 1]", arr, NULL, NULL);
			}
		case SRF_UNNEST:
		case SRF_EXPAND_X:
			if (kind == SRF_EXPAND_X && n->func_call->n_args != 1)
				break;
			add_length(rw, instantiate(rw, "cardinality(__p1)", args[0], NULL, NULL));
			return instantiate(rw, "(__p1)[array_lower(__p1, 1) + " K " - 1]", args[0], NULL, NULL);
		case SRF_EXPAND_N:
			add_length(rw, instantiate(rw, "cardinality(__p1)", args[0], NULL, NULL));
			return instantiate(rw, "CASE WHEN " K " <= cardinality(__p1) THEN " K " END",
							   args[0], NULL, NULL);
		case SRF_SUBSCRIPTS:
			add_length(rw, instantiate(rw, "cardinality(__p1)", args[0], NULL, NULL));
			return instantiate(rw, "CASE WHEN " K " <= cardinality(__p1) "
							   "THEN array_lower(__p1, __p2) + " K " - 1 END", args[0], args[1], NULL);
		case SRF_SERIES:
			if (n->func_call->n_args == 3) {
				/* with a step (also timestamps by an interval): planner/func_bi.c */
				add_length(rw, instantiate(rw, "__quarry_series_count(__p1, __p2, __p3)", args[0], args[1],
										   args[2]));
				return instantiate(rw, "CASE WHEN " K " <= __quarry_series_count(__p1, __p2, __p3) "
								   "THEN __quarry_series_nth(__p1, __p3, " K ") END", args[0], args[1], args[2]);
			}
			if (n->func_call->n_args != 2)
				break;
			add_length(rw, instantiate(rw, "(__p2) - (__p1) + 1", args[0], args[1], NULL));
			return instantiate(rw, "CASE WHEN " K " <= (__p2) - (__p1) + 1 "
							   "THEN (__p1) + " K " - 1 END", args[0], args[1], NULL);
		default:
			break;
	}
	err_set(rw->err, ERRCODE_FEATURE_NOT_SUPPORTED,
			"this use of set-returning function %s is not supported yet",
			call_name(n->func_call));
	rw->failed = true;
	return NULL;
}

static bool
find_visit(PgQuery__Node **slot, void *arg)
{
	Rewrite    *rw = arg;

	if ((*slot)->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
		return false;			/* a subquery's SRFs are its own */
	if (kind_of(*slot) != SRF_NONE) {
		rw->nfound++;
		return false;
	}
	return true;
}

static bool
replace_visit(PgQuery__Node **slot, void *arg)
{
	Rewrite    *rw = arg;
	SrfKind		kind;

	if (rw->failed || (*slot)->node_case == PG_QUERY__NODE__NODE_SUB_LINK)
		return false;
	if ((kind = kind_of(*slot)) == SRF_NONE)
		return true;
	*slot = replace(rw, *slot, kind);
	return false;
}

/* ---- FROM functions ---- */

/* provides: does FROM item n (or a member of its joins) go by name q? */
static bool
provides(const PgQuery__Node *n, const char *q)
{
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_RANGE_VAR:
			return strcmp(n->range_var->alias ? n->range_var->alias->aliasname :
						  n->range_var->relname, q) == 0;
		case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
			return n->range_subselect->alias != NULL &&
				strcmp(n->range_subselect->alias->aliasname, q) == 0;
		case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
			return n->range_function->alias == NULL ||
				strcmp(n->range_function->alias->aliasname, q) == 0;
		case PG_QUERY__NODE__NODE_JOIN_EXPR:
			return provides(n->join_expr->larg, q) || provides(n->join_expr->rarg, q);
		default:
			return true;		/* unknown: assume it might */
	}
}

typedef struct RefCheck {
	const PgQuery__SelectStmt *s;
	bool		sibling;		/* refers to (maybe) another FROM item */
} RefCheck;

/*
 * sibling_visit: a column reference that is unqualified, or qualified by a
 * name one of the FROM items goes by, may be a sibling's column (that needs
 * LATERAL); a qualified one naming no FROM item is an enclosing query's,
 * which a correlated subquery's Apply provides.
 */
static bool
sibling_visit(PgQuery__Node **slot, void *arg)
{
	RefCheck   *rc = arg;
	const PgQuery__ColumnRef *cr;
	const PgQuery__Node *q;

	if ((*slot)->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return !rc->sibling;
	cr = (*slot)->column_ref;
	q = cr->n_fields >= 2 ? cr->fields[cr->n_fields - 2] : NULL;
	if (q == NULL || q->node_case != PG_QUERY__NODE__NODE_STRING)
		rc->sibling = true;
	else
		for (size_t i = 0; i < rc->s->n_from_clause && !rc->sibling; i++)
			if (provides(rc->s->from_clause[i], q->string->sval))
				rc->sibling = true;
	return !rc->sibling;
}

/* The functions in FROM this file makes derived tables of. */
static const char *const from_names[] = {
	"unnest", "generate_subscripts", "string_to_array", "regexp_match",
	"parse_ident", "array_cat", "pg_partition_ancestors", "regexp_split_to_table",
};

/* one_row_function: a function of from_names that gives one row here (WITH ORDINALITY: 1). */
static bool
one_row_function(const char *name)
{
	return strcmp(name, "pg_partition_ancestors") == 0;	/* no partitions: the relation */
}

static bool
is_from_function(const PgQuery__SelectStmt *s, const PgQuery__Node *n)
{
	const PgQuery__RangeFunction *rf;
	const PgQuery__Node *call;

	if (n->node_case != PG_QUERY__NODE__NODE_RANGE_FUNCTION)
		return false;
	rf = n->range_function;
	if (rf->n_functions != 1 || rf->lateral || rf->is_rowsfrom)
		return false;
	call = rf->functions[0]->list->items[0];
	if (call->node_case != PG_QUERY__NODE__NODE_FUNC_CALL ||
		(rf->ordinality && !one_row_function(call_name(call->func_call))))
		return false;
	(void) s;
	for (size_t i = 0; i < sizeof(from_names) / sizeof(from_names[0]); i++)
		if (strcmp(call_name(call->func_call), from_names[i]) == 0)
			return true;
	return false;				/* generate_series, read_csv, the catalog's: their own hooks */
}

/* reads_siblings: do n's arguments (maybe) read other FROM items of s (LATERAL)? */
static bool
reads_siblings(const PgQuery__SelectStmt *s, PgQuery__Node *call)
{
	RefCheck	rc = {s, false};

	walk((ProtobufCMessage *) &call->base, sibling_visit, &rc);
	return rc.sibling;
}

/* from_function makes f(args) AS t(c) into (SELECT f(args) AS c) AS t. */
static PgQuery__Node *
from_function(Rewrite *rw, PgQuery__Node *n)
{
	const PgQuery__RangeFunction *rf = n->range_function;
	PgQuery__Node *call = rf->functions[0]->list->items[0];
	const char *fname = call_name(call->func_call);
	const char *alias = rf->alias ? rf->alias->aliasname : fname;
	const char *col = rf->alias && rf->alias->n_colnames > 0 &&
		rf->alias->colnames[0]->node_case == PG_QUERY__NODE__NODE_STRING ?
		rf->alias->colnames[0]->string->sval : alias;
	char		sql[300];
	PgQuery__SelectStmt *t;
	PgQuery__Node *sub;

	if (rf->ordinality) {
		const char *ord = rf->alias && rf->alias->n_colnames > 1 &&
			rf->alias->colnames[1]->node_case == PG_QUERY__NODE__NODE_STRING ?
			rf->alias->colnames[1]->string->sval : "ordinality";

		snprintf(sql, sizeof(sql),
				 "SELECT 1 FROM (SELECT __p1 AS \"%s\", 1::int8 AS \"%s\") AS \"%s\"",
				 col, ord, alias);
	} else
		snprintf(sql, sizeof(sql), "SELECT 1 FROM (SELECT __p1 AS \"%s\") AS \"%s\"", col, alias);
	if ((t = parse_in_arena(rw->a, sql, rw->err)) == NULL) {
		rw->failed = true;
		return NULL;
	}
	sub = t->from_clause[0];
	sub->range_subselect->subquery->select_stmt->target_list[0]->res_target->val = call;
	/* arguments of earlier FROM items: a LATERAL subquery, run per row */
	sub->range_subselect->lateral = reads_siblings(rw->stmt, call);
	return sub;
}

/* ---- the rewrite ---- */

/* copy_stmt deep-copies s into a (the original may be a prepared statement's). */
static PgQuery__SelectStmt *
copy_stmt(Arena *a, const PgQuery__SelectStmt *s)
{
	return pb_copy(a, &s->base);
}

/*
 * srf_colname keeps the output name PostgreSQL gives a select-list SRF
 * (the function's name, or the field taken from _pg_expandarray), which
 * the rewritten expression would lose; NULL for other expressions.
 */
static char *
srf_colname(const PgQuery__Node *n)
{
	SrfKind		kind = kind_of(n);

	if (kind == SRF_NONE)
		return NULL;
	if (n->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION)
		return n->a_indirection->indirection[0]->string->sval;
	return (char *) call_name(n->func_call);
}

/* ---- composite fields: _pg_expandarray(a) AS c, then (t.c).x and (t.c).n ---- */

/* is_field_ref: (col).f or (t.col).f, a field of a composite column. */
static bool
is_field_ref(const PgQuery__Node *n)
{
	const PgQuery__AIndirection *ind;

	if (n->node_case != PG_QUERY__NODE__NODE_A_INDIRECTION)
		return false;
	ind = n->a_indirection;
	if (ind->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || ind->n_indirection != 1 ||
		ind->indirection[0]->node_case != PG_QUERY__NODE__NODE_STRING)
		return false;
	for (size_t i = 0; i < ind->arg->column_ref->n_fields; i++)
		if (ind->arg->column_ref->fields[i]->node_case != PG_QUERY__NODE__NODE_STRING)
			return false;
	return true;
}

static bool
level_only(const PgQuery__Node *n)
{
	return n->node_case != PG_QUERY__NODE__NODE_SUB_LINK &&
		n->node_case != PG_QUERY__NODE__NODE_RANGE_SUBSELECT;
}

static bool
field_find_visit(PgQuery__Node **slot, void *arg)
{
	Rewrite    *rw = arg;

	if (!level_only(*slot))
		return false;
	if (is_field_ref(*slot)) {
		rw->nfields++;
		return false;
	}
	return true;
}

static void
put_quoted(char *buf, size_t size, const char *s)
{
	size_t		n = strlen(buf);

	if (n + 1 < size)
		buf[n++] = '"';
	for (; *s && n + 3 < size; s++) {
		if (*s == '"')
			buf[n++] = '"';
		buf[n++] = *s;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

/*
 * field_replace_visit makes (t.c).f the column t."c.f": Quarry has no
 * composite values, and the only composite column here is the one an
 * expanded _pg_expandarray target stands for as its columns "c.x", "c.n".
 */
static bool
field_replace_visit(PgQuery__Node **slot, void *arg)
{
	Rewrite    *rw = arg;
	const PgQuery__AIndirection *ind;
	const PgQuery__ColumnRef *cr;
	char		expr[400] = "";
	char		last[200];

	if (rw->failed || !level_only(*slot))
		return false;
	if (!is_field_ref(*slot))
		return true;
	ind = (*slot)->a_indirection;
	cr = ind->arg->column_ref;
	for (size_t i = 0; i + 1 < cr->n_fields; i++) {
		put_quoted(expr, sizeof(expr), cr->fields[i]->string->sval);
		strcat(expr, ".");
	}
	snprintf(last, sizeof(last), "%s.%s", cr->fields[cr->n_fields - 1]->string->sval,
			 ind->indirection[0]->string->sval);
	put_quoted(expr, sizeof(expr), last);
	if ((*slot = template_expr(rw->a, expr, rw->err)) == NULL)
		rw->failed = true;
	return false;
}

/*
 * expand_targets rewrites the select list: a bare _pg_expandarray(a) [AS c]
 * becomes the two columns "c.x" and "c.n"; other targets have their SRF
 * calls replaced.
 */
static bool
expand_targets(Rewrite *rw, PgQuery__SelectStmt *c)
{
	PgQuery__Node **out = arena_array(rw->a, PgQuery__Node *, 2 * c->n_target_list + 1);
	size_t		n = 0;

	for (size_t i = 0; i < c->n_target_list && !rw->failed; i++) {
		PgQuery__ResTarget *rt = c->target_list[i]->res_target;

		if (rt != NULL && rt->val != NULL && rt->val->node_case == PG_QUERY__NODE__NODE_FUNC_CALL &&
			strcmp(call_name(rt->val->func_call), "_pg_expandarray") == 0 &&
			rt->val->func_call->n_args == 1) {
			const char *base = rt->name && rt->name[0] ? rt->name : "_pg_expandarray";
			char		sql[300] = "SELECT 1 AS ";
			char		nx[150];
			char		nn[150];
			PgQuery__SelectStmt *t;

			snprintf(nx, sizeof(nx), "%s.x", base);
			snprintf(nn, sizeof(nn), "%s.n", base);
			put_quoted(sql, sizeof(sql), nx);
			strcat(sql, ", 2 AS ");
			put_quoted(sql, sizeof(sql), nn);
			if ((t = parse_in_arena(rw->a, sql, rw->err)) == NULL)
				return false;
			t->target_list[0]->res_target->val = replace(rw, rt->val, SRF_EXPAND_X);
			t->target_list[1]->res_target->val = replace(rw, rt->val, SRF_EXPAND_N);
			out[n++] = t->target_list[0];
			out[n++] = t->target_list[1];
			continue;
		}
		if (rt != NULL && (rt->name == NULL || rt->name[0] == '\0') && rt->val != NULL)
			rt->name = srf_colname(rt->val);
		walk(&c->target_list[i]->base, replace_visit, rw);
		out[n++] = c->target_list[i];
	}
	c->target_list = out;
	c->n_target_list = n;
	return !rw->failed;
}

static bool
needs_rewrite(const PgQuery__SelectStmt *s, Rewrite *rw)
{
	bool		from_fn = false;

	for (size_t i = 0; i < s->n_from_clause; i++)
		from_fn |= is_from_function(s, s->from_clause[i]);
	for (size_t i = 0; i < s->n_target_list; i++) {
		PgQuery__Node *t = s->target_list[i];

		walk(&t->base, find_visit, rw);
	}
	walk((ProtobufCMessage *) &s->base, field_find_visit, rw);
	return from_fn || rw->nfound > 0 || rw->nfields > 0;
}

static bool
add_series(Rewrite *rw, PgQuery__SelectStmt *c)
{
	PgQuery__SelectStmt *t;
	PgQuery__Node **from;
	PgQuery__MinMaxExpr *mm;

	/* the positions 1 .. the longest of this row's results (none if all are NULL) */
	t = parse_in_arena(rw->a, "SELECT 1 FROM generate_series(1, GREATEST(1, 1)) AS \"" SRF_ALIAS
					   "\"(\"?srf_k?\")", rw->err);
	if (t == NULL)
		return false;
	mm = t->from_clause[0]->range_function->functions[0]->list->items[0]->func_call->args[1]->min_max_expr;
	mm->n_args = (size_t) rw->nlengths;
	mm->args = rw->lengths;
	from = arena_array(rw->a, PgQuery__Node *, c->n_from_clause + 1);
	if (c->n_from_clause > 0)
		memcpy(from, c->from_clause, sizeof(*from) * c->n_from_clause);
	from[c->n_from_clause] = t->from_clause[0];
	c->from_clause = from;
	c->n_from_clause++;
	return true;
}

/*
 * func_srf_rewrite replaces *s by a rewritten copy when its select list or
 * FROM clause calls set-returning functions; otherwise leaves it alone.
 */
bool
func_srf_rewrite(Arena *a, const PgQuery__SelectStmt **s, Err *err)
{
	Rewrite		rw = {.a = a, .err = err};
	PgQuery__SelectStmt *c;

	if ((*s)->op != PG_QUERY__SET_OPERATION__SETOP_NONE || !needs_rewrite(*s, &rw))
		return true;
	if (rw.nfound > 0 && ((*s)->n_group_clause > 0 || (*s)->having_clause != NULL))
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "set-returning functions with GROUP BY are not supported yet");
	if ((c = copy_stmt(a, *s)) == NULL)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "could not copy the parse tree");
	rw.stmt = c;
	for (size_t i = 0; i < c->n_from_clause; i++)
		if (is_from_function(c, c->from_clause[i]) &&
			(c->from_clause[i] = from_function(&rw, c->from_clause[i])) == NULL)
			return false;
	if (rw.nfields > 0) {
		walk(&c->base, field_replace_visit, &rw);
		if (rw.failed)
			return false;
	}
	if (rw.nfound > 0 && (!expand_targets(&rw, c) || !add_series(&rw, c)))
		return false;
	*s = c;
	return true;
}
