/*
 * bind_int.h
 *	  Private to the binder: the binding context and expression helpers.
 */
#ifndef QUARRY_BIND_INT_H
#define QUARRY_BIND_INT_H

#include "planner/bind.h"

/* Planner-only expression kind: a reference to aggregate number `column`. */
#define EXPR_AGGREF ((Quarry__ExprKind) 100)

/* Planner-only expression kind: a reference to window call number `column`. */
#define EXPR_WINREF ((Quarry__ExprKind) 101)

/*
 * A decimal literal such as 1.5 is numeric in PostgreSQL, which Quarry does
 * not have yet.  It stays an untyped constant holding its text, marked by
 * this column value, until a cast or an operator gives it double precision
 * or an integer type; anywhere else it is 0A000.
 */
#define NUMERIC_LITERAL_MARK (-2)

/*
 * Columns have query-wide ids: every column of every FROM item at every
 * nesting level, and every computed column (aggregates, projections), gets
 * its own id, so a correlated reference is simply an id of an outer level.
 * Bound expressions refer to ids (EXPR_COLUMN.column); rel.c maps them to
 * plan positions when it places an expression above a plan node.
 */
typedef struct ColInfo {
	const char *name;
	const char *qual;			/* the FROM item's name, for messages */
	TypeId		type;
	int32_t		typmod;
	uint32_t	table_oid;		/* straight from a table: its OID and attnum */
	int16_t		attnum;
	int			level;			/* nesting depth of the SELECT that owns it */
	bool		from_item;		/* a column of a FROM item (not computed) */
	bool		used;			/* referenced somewhere: scans read it */
} ColInfo;

typedef struct QueryCtx {
	ColInfo    *cols;
	int			ncols;
	int			cap;
	struct CteBinding *cte_stack;	/* CTEs being bound (recursive.c) */
	int			nworktables;	/* RecursiveUnion ids given out */
} QueryCtx;

/* A WITH clause in scope: its CTEs [0, nvisible) can be named (recursive.c). */
typedef struct CteScope {
	const PgQuery__WithClause *with;
	int			nvisible;
	const struct CteScope *outer;
	struct BindCtx *owner;		/* the SELECT it belongs to: its queries see owner's outer levels */
} CteScope;

/* A planned relation: a plan node and the ids of its output columns. */
typedef struct Rel {
	Quarry__PlanNode *plan;
	int		   *ids;
	int			nids;
	double		rows;			/* estimated rows out */
	double		base_rows;		/* rows before filters (for join estimates) */
	struct CatTable *table;		/* a base table's scan not built yet, or NULL */
	int			first_id;
} Rel;

/*
 * A FROM item as names see it.  A USING or NATURAL join adds an entry of
 * its own whose columns are expressions over its sides (the merged columns,
 * then the rest of each side), and hides its sides' entries from
 * unqualified names and *, as PostgreSQL's join RTE does (join_using.c).
 */
typedef struct RangeEntry {
	const char *alias;			/* NULL: an unnamed join, never a qualifier */
	int			ncols;
	int			first_id;		/* its columns are ids first_id .. first_id+ncols-1 */
	const char **names;
	Quarry__Expr **exprs;		/* a join's columns; NULL: the ids above */
	bool		hidden;			/* reached only qualified: a side of a USING join */
	uint32_t	reloid;			/* a table's or system relation's OID (its tableoid), or 0 */
} RangeEntry;

/* A subquery turned into a join with the query around it (sublink.c). */
typedef struct SubJoin {
	Rel		   *rel;
	Quarry__Expr **probe_keys;	/* over the outer query's ids */
	Quarry__Expr **build_keys;	/* over rel's ids */
	int			nkeys;
	Quarry__Expr *residual;		/* over both */
	Quarry__JoinType type;
	bool		null_aware;
	bool		apply;			/* run rel per outer row (an Apply node), no keys */
	int		   *param_ids;		/* apply: the outer columns rel reads as params */
	Quarry__Expr **param_exprs;	/* their values over the outer rel (NULL: the columns) */
	int			nparams;
	bool		post;			/* of the select list or ORDER BY: after a GROUP BY */
	double		input_rows;		/* a grouped subquery's rows before grouping */
	struct SubJoin *next;
} SubJoin;

/* A FROM item being planned: a base or derived relation, an inner-join
 * group (comma lists, JOIN ... ON) or a LEFT JOIN of two items. */
typedef enum { ITEM_REL, ITEM_GROUP, ITEM_LEFT } ItemKind;

typedef struct FromItem {
	ItemKind	kind;
	Rel		   *rel;			/* ITEM_REL */
	struct FromItem **items;	/* ITEM_GROUP: members; ITEM_LEFT: [left, right] */
	int			nitems;
	Rel		  **item_rels;		/* ITEM_GROUP, once planned: each member, filtered */
	Quarry__Expr **conj;		/* ITEM_GROUP: WHERE/ON conjuncts; ITEM_LEFT: ON */
	int			nconj;
	bool		full;			/* ITEM_LEFT: a FULL join */
	int		   *lo;				/* id ranges it provides: [lo[i], hi[i]) */
	int		   *hi;
	int			nranges;
	struct Lateral *laterals;	/* ITEM_GROUP: items reading earlier ones' columns */
} FromItem;

/*
 * A FROM item that reads earlier FROM items' columns (LATERAL, and a
 * function in FROM, which PostgreSQL makes LATERAL by itself): applied in
 * order to the join of the group's other items.  Its columns belong to no
 * item of the group, so conjuncts on them wait until it is applied.
 */
typedef struct Lateral {
	Quarry__Expr *series[3];	/* generate_series: start, stop, step (or NULL) */
	TypeId		type;			/* its value's type */
	int			id;				/* its column */
	struct BindCtx *sub;		/* or a subquery run per row (an Apply): its context */
	Rel		   *rel;			/* and plan */
	bool		late;			/* the select list's SRF positions: after the subqueries */
	struct Lateral *next;
} Lateral;

/* One SELECT between binding and planning. */
typedef struct SelectState {
	const PgQuery__SelectStmt *s;
	FromItem   *from;			/* an ITEM_GROUP */
	struct Target *targets;
	int			nvisible;
	int			ntargets;
	Quarry__SortKey **keys;
	Quarry__Expr **groups;
	int			ngroups;
	Quarry__Expr *having;
	int		   *distinct_on;	/* DISTINCT ON (...): target positions */
	int			ndistinct_on;
	uint64_t   *sets;			/* GROUPING SETS: masks over groups (grouping.c) */
	int			nsets;
} SelectState;

typedef struct Target {
	const char *name;
	Quarry__Expr *expr;
	int			origin;			/* the column id it passes through, or -1 */
	int32_t		typmod;			/* of a top-level cast such as ::numeric(10,2), or -1 */
} Target;

/*
 * A window function call (planner/window.c): the function and its frame,
 * its arguments and its window's keys over ids, until a Window node
 * computes it.
 */
typedef struct WinCall {
	Quarry__WindowFunc *fn;		/* args and type filled in when planned */
	Quarry__Expr **args;
	int			nargs;
	Quarry__Expr *filter;		/* an aggregate's FILTER (WHERE ...), or NULL */
	Quarry__Expr **part;
	int			npart;
	Quarry__Expr **order;
	bool	   *desc;
	bool	   *nulls_first;
	int			norder;
	int			result_id;		/* its column once planned */
} WinCall;

typedef struct BindCtx {
	Arena	   *a;
	const Catalog *cat;
	QueryCtx   *q;
	struct BindCtx *parent;		/* the enclosing SELECT of a subquery */
	struct BindCtx *encloser;	/* the SELECT it is written in (a derived table's too) */
	int			level;
	RangeEntry **entries;
	int			nentries;
	int			entries_cap;
	const PgQuery__WithClause *with;	/* the innermost WITH here (and in parents) */
	const CteScope *ctes;		/* the CTEs that names here can mean */
	bool		correlated;		/* a column of an outer level was referenced */
	bool		grouping;		/* the SELECT aggregates (known once it is bound) */
	int			param_below;	/* columns of levels below this are an Apply's params */
	SubJoin    *subjoins;		/* subqueries of WHERE to join in */
	struct FromItem *where_group;	/* the group select_join is planning */
	SubJoin    *having_subjoins;	/* ... and of HAVING */
	bool		in_having;
	bool		star_unused;	/* EXISTS (SELECT * ...): * reads no columns */
	bool		in_agg_arg;		/* binding an aggregate's argument */
	bool		aggs_allowed;
	const char *agg_clause;		/* set: aggregates are refused as in this clause (FILTER) */
	bool		grouped;		/* the query has an Aggregate */
	int			naggs;
	int			aggs_cap;
	Quarry__AggCall **aggs;
	/* ORDER BY inside string_agg/array_agg: one order for the query's input */
	int			nagg_order;
	Quarry__Expr **agg_order;
	bool	   *agg_order_desc;
	bool	   *agg_order_nulls_first;
	Err		   *err;
	/* window functions (planner/window.c) */
	bool		wins_allowed;	/* binding the select list or ORDER BY */
	bool		in_win_arg;		/* binding a window call's arguments or keys */
	const char *win_clause;		/* where windows are not allowed, for 42P20 */
	const PgQuery__SelectStmt *win_select;	/* its WINDOW clause */
	int			nwins;
	int			wins_cap;
	WinCall   **wins;
} BindCtx;

Quarry__Expr *bind_expr(BindCtx *cx, const PgQuery__Node *node);
Quarry__Expr *bind_coerce(BindCtx *cx, Quarry__Expr *e, TypeId target, int location);
Quarry__Expr *bind_coerce_typmod(BindCtx *cx, Quarry__Expr *e, TypeId target, int32_t typmod,
								 int location);
TypeId		bind_common_type(TypeId l, TypeId r);

/* func.c: scalar functions, CASE, COALESCE, LIKE, IN lists, BETWEEN, dates */
Quarry__Expr *bind_scalar_func(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name,
							   bool *found);
Quarry__Expr *bind_special_aexpr(BindCtx *cx, const PgQuery__AExpr *ax);
Quarry__Expr *bind_datetime_op(BindCtx *cx, const char *name, Quarry__Expr *l, Quarry__Expr *r,
							   int location);
Quarry__Expr *bind_case(BindCtx *cx, const PgQuery__CaseExpr *ce);
Quarry__Expr *bind_coalesce(BindCtx *cx, const PgQuery__CoalesceExpr *ce);
Quarry__Expr *bind_min_max(BindCtx *cx, const PgQuery__MinMaxExpr *mm);
Quarry__Expr *bind_boolean_test(BindCtx *cx, const PgQuery__BooleanTest *bt);
Quarry__Expr *bind_sql_value(BindCtx *cx, const PgQuery__SQLValueFunction *sv);
Quarry__Expr *bind_interval_fields(BindCtx *cx, Quarry__Expr *arg, const PgQuery__TypeName *tn,
								   int location);
Quarry__Expr *bind_func_node(BindCtx *cx, Quarry__ScalarFunc fn, TypeId type, int nargs,
							 Quarry__Expr **args);
bool		bind_common_pair(BindCtx *cx, Quarry__Expr **pair, int location);
Quarry__Expr *expr_const(Arena *a, const Value *v);
Quarry__Expr *expr_column(Arena *a, int column, TypeId type);
Quarry__Expr *expr_pair(Arena *a, Quarry__ExprKind kind, Quarry__ExprOp op, TypeId type,
						Quarry__Expr *x, Quarry__Expr *y);
bool		expr_equal(const Quarry__Expr *x, const Quarry__Expr *y);
bool		expr_has_aggref(const Quarry__Expr *e);
bool		expr_const_value(const Quarry__Expr *e, Value *out);
int			node_location(const PgQuery__Node *node);
bool		expr_is_numeric_literal(const Quarry__Expr *e);
bool		numeric_unsupported(BindCtx *cx, int location);
const char *figure_colname(const PgQuery__Node *node);

/* scope.c */
int			colinfo_new(BindCtx *cx, const char *name, TypeId type, int32_t typmod);
ColInfo    *colinfo(BindCtx *cx, int id);
Quarry__Expr *scope_column_ref(BindCtx *cx, const PgQuery__ColumnRef *cr);
bool		scope_ref_database(BindCtx *cx, const PgQuery__ColumnRef *cr);
RangeEntry *scope_add(BindCtx *cx, const char *alias, int ncols, int first_id, const char **names);
RangeEntry *scope_add_exprs(BindCtx *cx, const char *alias, int ncols, const char **names,
							Quarry__Expr **exprs);
Quarry__Expr *scope_entry_column(BindCtx *cx, const RangeEntry *re, int i, int location,
								 bool mark_used);
void		expr_ids(const Quarry__Expr *e, void (*fn) (void *arg, int id), void *arg);
bool		expr_ids_within(const Quarry__Expr *e, int lo, int hi);

/* rel.c */
Rel		   *rel_table(BindCtx *cx, CatTable *t, int first_id);
Rel		   *rel_from_plan(BindCtx *cx, Quarry__PlanNode *plan, int *ids, int nids, double rows);
void		rel_materialize(BindCtx *cx, Rel *r);
bool		rel_has_ids(const Rel *r, const Quarry__Expr *e);
Quarry__Expr *rel_expr(BindCtx *cx, const Rel *r, const Quarry__Expr *e);
Rel		   *rel_filter(BindCtx *cx, Rel *r, Quarry__Expr *pred);
Rel		   *rel_join(BindCtx *cx, Rel *probe, Rel *build, Quarry__Expr **pkeys,
					 Quarry__Expr **bkeys, int nkeys, Quarry__Expr *residual,
					 Quarry__JoinType type);
Rel		   *rel_project(BindCtx *cx, Rel *r, Quarry__Expr **exprs, int n, int *out_ids);
Rel		   *rel_series(BindCtx *cx, Rel *r, Quarry__Expr *const *args, TypeId type, int id);
Quarry__PlanNode *plan_node_new(Arena *a, int ntypes);

/* syscat.c */
void		syscat_values(BindCtx *cx, Rel *r);
Quarry__Expr *syscat_reg_const(BindCtx *cx, const Value *v, TypeId target, int location);
Quarry__Expr *syscat_func(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name,
						  bool *found);
Quarry__Expr *syscat_sql_value(BindCtx *cx, const char *fn);
Quarry__Expr *syscat_reg_cast(BindCtx *cx, Quarry__Expr *e, TypeId target, int location);

/* select.c */
BindCtx    *bind_child(BindCtx *cx, bool skip_level);
bool		select_bind(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st);
Rel		   *select_join(BindCtx *cx, FromItem *group);
Rel		   *select_finish(BindCtx *cx, SelectState *st, Rel *r, Quarry__Expr **extra, int nextra);
Rel		   *select_plan(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st);
Rel		   *select_sort_limit(BindCtx *cx, SelectState *st, Rel *r);
bool		select_bind_order(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st);
Rel		   *select_distinct(BindCtx *cx, Rel *r, int nvisible);

/* window.c */
Quarry__Expr *window_bind_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name);
bool		window_check_clause(BindCtx *cx, const PgQuery__SelectStmt *s);
bool		window_rewrite_calls(BindCtx *cx, Quarry__Expr *(*fn) (BindCtx *, Quarry__Expr *, const void *),
								 const void *arg);
Rel		   *window_plan(BindCtx *cx, SelectState *st, Rel *r);
bool		expr_has_winref(const Quarry__Expr *e);
bool		window_check_group(BindCtx *cx, const Quarry__Expr *e);

/* bind_expr.c: aggregates, for window.c */
Quarry__AggCall *bind_agg_call(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name,
							   Quarry__AggFunc f, bool window);
bool		bind_agg_lookup(const char *name, Quarry__AggFunc *f);

/* setop.c */
Rel		   *setop_plan(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st);
Rel		   *values_plan(BindCtx *cx, const PgQuery__SelectStmt *s, SelectState *st);
void		conj_split(BindCtx *cx, Quarry__Expr *e, Quarry__Expr ***list, int *n, int *cap);
Quarry__Expr *expr_and(BindCtx *cx, Quarry__Expr *a, Quarry__Expr *b);

/* recursive.c: WITH scopes, WITH RECURSIVE */
typedef struct CteRef {
	const PgQuery__CommonTableExpr *cte;
	const CteScope *body_scope; /* what its query sees when inlined */
	Rel		   *rel;			/* planned already (recursive), else NULL */
	const char **names;			/* rel's column names */
	int			ncols;
} CteRef;

bool		cte_push_scope(BindCtx *cx, const PgQuery__WithClause *w);
bool		cte_reference(BindCtx *cx, const PgQuery__RangeVar *rv, CteRef *ref, bool *found);
void		cte_done(BindCtx *cx, const CteRef *ref);

/* sublink.c */
Quarry__Expr *sublink_scalar(BindCtx *cx, const PgQuery__SubLink *sl);
bool		sublink_conjunct(BindCtx *cx, const PgQuery__Node *node, bool *handled);
Rel		   *sublink_attach(BindCtx *cx, Rel *r, SubJoin *list, const FromItem *group);
int			from_owner(const FromItem *group, int id);
SubJoin    *sublink_apply_subjoin(BindCtx *sub, Rel *r, Quarry__JoinType type);
Rel		   *sublink_apply(BindCtx *cx, Rel *r, SubJoin *sj);
Rel		   *sublink_attach_for(BindCtx *cx, Rel *r, SubJoin **list, Quarry__Expr *const *conj,
							   int nconj);

/* join_using.c */
bool		join_using_bind(BindCtx *cx, const PgQuery__JoinExpr *j, int left_entry,
							int right_entry, FromItem *into);

#endif							/* QUARRY_BIND_INT_H */
