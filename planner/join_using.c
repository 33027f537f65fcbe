/*
 * join_using.c
 *	  JOIN ... USING (a, b) and NATURAL joins, bound as PostgreSQL's
 *	  transformFromClauseItem does.
 *
 *	  The join condition is l.a = r.a AND l.b = r.b (with the operator's
 *	  implicit casts), added to the join's conjuncts like an ON clause, so
 *	  select.c plans it unchanged.  Names see the join as one FROM item of
 *	  its own (a RangeEntry whose columns are expressions): the merged
 *	  columns first, then the rest of the left side, then the rest of the
 *	  right side.  A merged column is the left side's column in an INNER or
 *	  LEFT join, the right side's in a RIGHT join and COALESCE(l.a, r.a) in
 *	  a FULL join, cast to the two sides' common type.  The sides' own
 *	  entries are hidden from unqualified names and from *, and stay
 *	  reachable qualified (l.a, r.*).  `USING (a) AS j` names an entry
 *	  holding the merged columns alone; a join alias `(...) AS j` names the
 *	  join's entry.
 *
 *	  INTERFACE ROUTINES
 *		join_using_bind		the condition and the names of a USING join
 */
#include "planner/bind_int.h"

#include <string.h>

/* A side's columns as an unqualified name or * sees them, in order. */
typedef struct Side {
	const char *what;			/* "left" or "right", for messages */
	int			n;
	const char **names;
	const RangeEntry **entries;
	int		   *index;			/* the column's index in its entry */
	bool	   *merged;			/* taken by the USING list */
} Side;

/* side_collect gathers the visible columns of entries [lo, hi) and hides them. */
static void
side_collect(BindCtx *cx, int lo, int hi, const char *what, Side *s)
{
	int			n = 0;

	for (int e = lo; e < hi; e++)
		if (!cx->entries[e]->hidden)
			n += cx->entries[e]->ncols;
	s->what = what;
	s->names = arena_array(cx->a, const char *, n + 1);
	s->entries = arena_array(cx->a, const RangeEntry *, n + 1);
	s->index = arena_array(cx->a, int, n + 1);
	s->merged = arena_array(cx->a, bool, n + 1);
	s->n = 0;
	for (int e = lo; e < hi; e++) {
		RangeEntry *re = cx->entries[e];

		if (re->hidden)
			continue;
		for (int i = 0; i < re->ncols; i++) {
			s->names[s->n] = re->names[i];
			s->entries[s->n] = re;
			s->index[s->n++] = i;
		}
		re->hidden = true;
	}
}

/* side_find is the position of name in s, or -1 with the error set. */
static int
side_find(BindCtx *cx, const Side *s, const char *name)
{
	int			found = -1;

	for (int i = 0; i < s->n; i++) {
		if (strcmp(s->names[i], name) != 0)
			continue;
		if (found >= 0) {
			err_set(cx->err, "42702",
					"common column name \"%s\" appears more than once in %s table", name, s->what);
			return -1;
		}
		found = i;
	}
	if (found < 0)
		err_set(cx->err, ERRCODE_UNDEFINED_COLUMN,
				"column \"%s\" specified in USING clause does not exist in %s table", name, s->what);
	return found;
}

/* using_names is the USING list, or for NATURAL the left names the right side also has. */
static void
using_names(BindCtx *cx, const PgQuery__JoinExpr *j, const Side *l, const Side *r,
			const char ***out, int *n)
{
	const char **names;

	*n = 0;
	if (!j->is_natural) {
		names = arena_array(cx->a, const char *, j->n_using_clause + 1);
		for (size_t i = 0; i < j->n_using_clause; i++)
			names[(*n)++] = j->using_clause[i]->string->sval;
		*out = names;
		return;
	}
	names = arena_array(cx->a, const char *, l->n + 1);
	for (int i = 0; i < l->n; i++) {
		bool		in_right = false;

		for (int k = 0; k < r->n && !in_right; k++)
			in_right = strcmp(l->names[i], r->names[k]) == 0;
		if (in_right)
			names[(*n)++] = l->names[i];
	}
	*out = names;
}

/* using_repeated reports (42701) a USING name given before position u. */
static bool
using_repeated(BindCtx *cx, const char **using, int u)
{
	for (int k = 0; k < u; k++)
		if (strcmp(using[k], using[u]) == 0) {
			err_set(cx->err, "42701", "column name \"%s\" appears more than once in USING clause",
					using[u]);
			return true;
		}
	return false;
}

static Quarry__Expr *
coalesce_node(BindCtx *cx, Quarry__Expr *l, Quarry__Expr *r)
{
	Quarry__Expr *e = arena_new(cx->a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = QUARRY__EXPR_KIND__EXPR_COALESCE;
	e->type = l->type;
	e->n_args = 2;
	e->args = arena_array(cx->a, Quarry__Expr *, 2);
	e->args[0] = l;
	e->args[1] = r;
	return e;
}

/* merged_column is the join's column for a USING name whose sides are l and r. */
static Quarry__Expr *
merged_column(BindCtx *cx, PgQuery__JoinType type, Quarry__Expr *l, Quarry__Expr *r)
{
	TypeId		t = bind_common_type((TypeId) l->type, (TypeId) r->type);

	if (t == TYPE_UNKNOWN) {
		err_set(cx->err, ERRCODE_DATATYPE_MISMATCH, "JOIN/USING types %s and %s cannot be matched",
				type_info((TypeId) l->type)->name, type_info((TypeId) r->type)->name);
		return NULL;
	}
	switch (type) {
		case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
			return bind_coerce(cx, r, t, -1);
		case PG_QUERY__JOIN_TYPE__JOIN_FULL:
			if ((l = bind_coerce(cx, l, t, -1)) == NULL || (r = bind_coerce(cx, r, t, -1)) == NULL)
				return NULL;
			return coalesce_node(cx, l, r);
		case PG_QUERY__JOIN_TYPE__JOIN_INNER:
			/* either side will do: prefer one without a cast, as PostgreSQL */
			if (l->type != (int32_t) t && r->type == (int32_t) t)
				return r;
			return bind_coerce(cx, l, t, -1);
		default:
			return bind_coerce(cx, l, t, -1);
	}
}

/* using_condition adds l = r to into's conjuncts. */
static bool
using_condition(BindCtx *cx, Quarry__Expr *l, Quarry__Expr *r, FromItem *into)
{
	Quarry__Expr *pair[2] = {l, r};
	Quarry__Expr *eq;
	int			cap = into->nconj;

	if (!bind_common_pair(cx, pair, -1))
		return false;
	eq = arena_new(cx->a, Quarry__Expr);
	quarry__expr__init(eq);
	eq->kind = QUARRY__EXPR_KIND__EXPR_OP;
	eq->op = QUARRY__EXPR_OP__OP_EQ;
	eq->type = TYPE_BOOL;
	eq->n_args = 2;
	eq->args = arena_array(cx->a, Quarry__Expr *, 2);
	eq->args[0] = pair[0];
	eq->args[1] = pair[1];
	conj_split(cx, eq, &into->conj, &into->nconj, &cap);
	return true;
}

/* add_rest appends the columns of s no USING name took to the join's columns. */
static void
add_rest(BindCtx *cx, const Side *s, const char **names, Quarry__Expr **exprs, int *n)
{
	for (int i = 0; i < s->n; i++) {
		if (s->merged[i])
			continue;
		names[*n] = s->names[i];
		exprs[(*n)++] = scope_entry_column(cx, s->entries[i], s->index[i], -1, false);
	}
}

/*
 * join_using_bind binds a USING or NATURAL join whose sides were bound as
 * the entries from left_entry and from right_entry on: the condition goes
 * to into's conjuncts (the enclosing group of an inner join, the join of
 * an outer one), and the join becomes one FROM item for names.
 */
bool
join_using_bind(BindCtx *cx, const PgQuery__JoinExpr *j, int left_entry, int right_entry,
				FromItem *into)
{
	Side		l;
	Side		r;
	const char **using;
	int			nusing;
	const char **names;
	Quarry__Expr **exprs;
	int			n = 0;
	int			right_end = cx->nentries;

	side_collect(cx, left_entry, right_entry, "left", &l);
	side_collect(cx, right_entry, right_end, "right", &r);
	using_names(cx, j, &l, &r, &using, &nusing);
	names = arena_array(cx->a, const char *, l.n + r.n + 1);
	exprs = arena_array(cx->a, Quarry__Expr *, l.n + r.n + 1);
	for (int u = 0; u < nusing; u++) {
		int			li = using_repeated(cx, using, u) ? -1 : side_find(cx, &l, using[u]);
		int			ri = li < 0 ? -1 : side_find(cx, &r, using[u]);
		Quarry__Expr *le;
		Quarry__Expr *rexp;

		if (ri < 0)
			return false;
		l.merged[li] = r.merged[ri] = true;
		le = scope_entry_column(cx, l.entries[li], l.index[li], -1, true);
		rexp = scope_entry_column(cx, r.entries[ri], r.index[ri], -1, true);
		/* as PostgreSQL: the common type is checked before the operator */
		names[n] = using[u];
		if ((exprs[n++] = merged_column(cx, j->jointype, le, rexp)) == NULL ||
			!using_condition(cx, le, rexp, into))
			return false;
	}
	if (j->join_using_alias != NULL && j->join_using_alias->aliasname != NULL)
		scope_add_exprs(cx, j->join_using_alias->aliasname, n, names, exprs)->hidden = true;
	add_rest(cx, &l, names, exprs, &n);
	add_rest(cx, &r, names, exprs, &n);
	scope_add_exprs(cx, j->alias != NULL ? j->alias->aliasname : NULL, n, names, exprs);
	return true;
}
