/*
 * dml.c
 *	  Statements that write table data: INSERT, CREATE TABLE AS, UPDATE,
 *	  DELETE (see ddl.h).
 *
 *	  INSERT ... VALUES of constants is bound to rows and written here,
 *	  through tablewrite.  Everything else (VALUES of other expressions,
 *	  RETURNING, WITH, UPDATE ... FROM, DELETE ... USING) becomes a plan
 *	  whose root is a Write
 *	  (plan.proto), run by writetask.c as tasks that write new files under
 *	  the write's prefix in the table's directory; when they succeed, one
 *	  metastore transaction adds those files (and, for UPDATE and DELETE,
 *	  removes the files they replace; for CREATE TABLE AS, creates the
 *	  table).  A failed, cancelled or abandoned write commits nothing, and
 *	  the sweep removes whatever it left once the write is no longer in
 *	  flight.
 */
#include "ddl.h"
#include "writetask.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "planner/dml.h"
#include "planner/storage.h"
#include "tablewrite.h"
#include "wire/pgmsg.h"
#include "wire/typeio.h"

/* ---- INSERT ... VALUES ---- */

static Quarry__PlanNode *table_scan(Arena *a, const CatTable *t);

static bool insert_exprs(PgConn *c, const PgQuery__InsertStmt *s, Err *err);
static bool not_constant(const Err *err);

/* write_rows appends the bound VALUES rows to the table in one write. */
static bool
write_rows(PgConn *c, const InsertDef *def, Err *err)
{
	const CatTable *t = def->table;
	int32_t    *types = arena_array(&c->query_arena, int32_t, t->ncols + 1);
	TableWrite	w;
	Arena		a;
	bool		ok = true;

	for (int i = 0; i < t->ncols; i++)
		types[i] = t->cols[i].type;
	if (!tablewrite_begin(&w, conn_metastore(c), t, err))
		return false;
	arena_init(&a);
	for (int r = 0; ok && r < def->nrows; r += BATCH_SIZE) {
		Batch	   *b = batch_new(&a, t->ncols, types);

		for (int k = r; k < def->nrows && k < r + BATCH_SIZE; k++, b->count++)
			for (int col = 0; col < t->ncols; col++)
				vec_set(&a, &b->cols[col], b->count, &def->rows[k][col]);
		ok = tablewrite_append(&w, b, err);
		arena_reset(&a);
	}
	if (!ok) {
		tablewrite_abort(&w);
		return false;
	}
	return tablewrite_commit(&w, err);
}

static bool
insert_values(PgConn *c, const PgQuery__InsertStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	InsertDef	def;
	char		tag[48];

	if (s->on_conflict_clause != NULL || s->n_returning_list > 0 || s->with_clause != NULL)
		return insert_exprs(c, s, err);
	if (!bind_insert(&c->query_arena, &cat, s, &def, err)) {
		if (!not_constant(err))
			return false;
		err_clear(err);
		return insert_exprs(c, s, err);
	}
	if (def.table->kind == 'v')
		return err_set(err, "55000", "cannot insert into view \"%s\"", def.table->name);
	for (int r = 0; r < def.nrows; r++)
		if (!tablewrite_check_row(def.table, def.rows[r], err))
			return false;
	if (!write_rows(c, &def, err))
		return false;
	snprintf(tag, sizeof(tag), "INSERT 0 %d", def.nrows);
	pgmsg_command_complete(&c->out, tag);
	return true;
}

/* ---- the Write task ---- */

static Quarry__WriteColumn **
write_columns(Arena *a, const CatTable *t)
{
	Quarry__WriteColumn **cols = arena_array(a, Quarry__WriteColumn *, t->ncols + 1);

	for (int i = 0; i < t->ncols; i++) {
		cols[i] = arena_new(a, Quarry__WriteColumn);
		quarry__write_column__init(cols[i]);
		cols[i]->name = (char *) t->cols[i].name;
		cols[i]->type = t->cols[i].type;
		cols[i]->typmod = t->cols[i].typmod;
		cols[i]->not_null = t->cols[i].not_null;
		cols[i]->id = t->cols[i].id ? t->cols[i].id : i + 1;
	}
	return cols;
}

static Quarry__PlanNode *write_node_at(Arena *a, const CatTable *t, const char *dir,
										const char *prefix, Quarry__WriteMode mode,
										Quarry__PlanNode *input);

static Quarry__PlanNode *
write_node(Arena *a, const CatTable *t, const WriteJob *j, Quarry__WriteMode mode,
		   Quarry__PlanNode *input)
{
	return write_node_at(a, t, writetask_dir(j), writetask_prefix(j), mode, input);
}

/* write_node_at is a Write of t's rows into files dir/prefix* */
static Quarry__PlanNode *
write_node_at(Arena *a, const CatTable *t, const char *dir, const char *prefix,
			  Quarry__WriteMode mode, Quarry__PlanNode *input)
{
	Quarry__PlanNode *n = arena_new(a, Quarry__PlanNode);
	Quarry__Write *wr = arena_new(a, Quarry__Write);
	static const int32_t out_types[4] = {TYPE_TEXT, TYPE_TEXT, TYPE_INT8, TYPE_INT8};

	quarry__plan_node__init(n);
	quarry__write__init(wr);
	n->node_case = QUARRY__PLAN_NODE__NODE_WRITE;
	n->write = wr;
	n->n_output_types = 4;
	n->output_types = arena_memdup(a, out_types, sizeof(out_types));
	/* RETURNING adds columns: set_returning */
	wr->input = input;
	wr->mode = mode;
	wr->dir = arena_strdup(a, dir);
	wr->prefix = arena_strdup(a, prefix);
	wr->schema = (char *) (t->schema ? t->schema : "public");
	wr->table = (char *) t->name;
	wr->n_columns = t->ncols;
	wr->columns = write_columns(a, t);
	wr->zstd = t->zstd;
	wr->zstd_level = TABLE_ZSTD_LEVEL;
	wr->row_group_rows = tablewrite_row_group_rows;
	return n;
}

/* set_returning adds RETURNING's expressions and output columns to a Write. */
static void
set_returning(Arena *a, Quarry__PlanNode *n, const BoundSelect *ret, Quarry__Expr **exprs)
{
	int32_t    *types;

	if (ret->ncols == 0)
		return;
	types = arena_array(a, int32_t, 4 + ret->ncols + 1);
	memcpy(types, n->output_types, sizeof(int32_t) * 4);
	for (int i = 0; i < ret->ncols; i++)
		types[4 + i] = ret->cols[i].type;
	n->output_types = types;
	n->n_output_types = 4 + (size_t) ret->ncols;
	n->write->n_returning = (size_t) ret->ncols;
	n->write->returning = exprs;
}

/* ---- ON CONFLICT DO NOTHING ---- */

/* key_positions reads attnums "1 2" as table positions; 0 if one is not a column. */
static int
key_positions(Arena *a, const CatTable *t, const char *cols, int32_t **out)
{
	int			n = 0;
	char	   *end;

	*out = arena_array(a, int32_t, t->ncols + 1);
	for (const char *p = cols; *p != '\0'; p = end) {
		long		k = strtol(p, &end, 10);

		if (end == p || k < 1 || k > t->ncols || n == t->ncols)
			return 0;
		(*out)[n++] = (int32_t) (k - 1);
		while (*end == ' ')
			end++;
	}
	return n;
}

/* conflict_key is a key of positions pos and the plan of the existing rows' key columns. */
static Quarry__ConflictKey *
conflict_key(Arena *a, const CatTable *t, int32_t *pos, int n)
{
	Quarry__ConflictKey *k = arena_new(a, Quarry__ConflictKey);
	Quarry__PlanNode *p = arena_new(a, Quarry__PlanNode);
	Quarry__Project *pr = arena_new(a, Quarry__Project);

	quarry__conflict_key__init(k);
	quarry__plan_node__init(p);
	quarry__project__init(pr);
	pr->input = table_scan(a, t);
	pr->n_exprs = (size_t) n;
	pr->exprs = arena_array(a, Quarry__Expr *, n + 1);
	p->n_output_types = (size_t) n;
	p->output_types = arena_array(a, int32_t, n + 1);
	for (int i = 0; i < n; i++) {
		pr->exprs[i] = arena_new(a, Quarry__Expr);
		quarry__expr__init(pr->exprs[i]);
		pr->exprs[i]->kind = QUARRY__EXPR_KIND__EXPR_COLUMN;
		pr->exprs[i]->column = pos[i];
		pr->exprs[i]->type = p->output_types[i] = t->cols[pos[i]].type;
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_PROJECT;
	p->project = pr;
	k->n_columns = (size_t) n;
	k->columns = pos;
	k->existing = p;
	return k;
}

/* target_positions reads ON CONFLICT (cols) as a sorted set of positions. */
static int
target_positions(Arena *a, const CatTable *t, const PgQuery__InferClause *ic, int32_t **out,
				 Err *err)
{
	int			n = 0;

	*out = arena_array(a, int32_t, ic->n_index_elems + 1);
	for (size_t i = 0; i < ic->n_index_elems; i++) {
		const PgQuery__IndexElem *e = ic->index_elems[i]->index_elem;
		int			c;

		if (e == NULL || e->name == NULL || e->name[0] == '\0')
			return -1;			/* an expression: no index of Quarry's has one */
		for (c = 0; c < t->ncols && strcmp(t->cols[c].name, e->name) != 0; c++)
			;
		if (c == t->ncols) {
			err_set(err, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" does not exist", e->name);
			if (ic->location >= 0)
				err->position = ic->location + 1;
			return -2;
		}
		(*out)[n++] = c;
	}
	return n;
}

static bool
same_set(const int32_t *x, int nx, const int32_t *y, int ny)
{
	if (nx != ny)
		return false;
	for (int i = 0; i < nx; i++) {
		bool		found = false;

		for (int j = 0; j < ny && !found; j++)
			found = x[i] == y[j];
		if (!found)
			return false;
	}
	return true;
}

/* key_wanted: the unique key named by the conflict target (all when there is none). */
static bool
key_wanted(const PgQuery__InferClause *ic, const MsKey *key, const int32_t *pos, int n,
		   const int32_t *want, int nwant)
{
	if (ic == NULL)
		return true;
	if (ic->conname != NULL && ic->conname[0] != '\0')
		return strcmp(ic->conname, key->name) == 0;
	return same_set(pos, n, want, nwant);
}

/*
 * conflict_keys sets the unique keys an ON CONFLICT DO NOTHING checks: the
 * one its target names, or every one.  A target no unique key matches is
 * PostgreSQL's 42P10 (42704 for ON CONSTRAINT).
 */
static bool
conflict_keys(PgConn *c, const PgQuery__InsertStmt *s, const CatTable *t, Quarry__Write *w,
			  Err *err)
{
	const PgQuery__InferClause *ic = s->on_conflict_clause->infer;
	Arena	   *a = &c->query_arena;
	MsKey	   *keys;
	int			nkeys;
	int32_t    *want = NULL;
	int			nwant = 0;
	bool		found = false;
	bool		update = s->on_conflict_clause->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;

	if (!metastore_unique_keys(conn_metastore(c), t->oid, a, &keys, &nkeys, err))
		return false;
	if (ic != NULL && (ic->conname == NULL || ic->conname[0] == '\0') &&
		(nwant = target_positions(a, t, ic, &want, err)) == -2)
		return false;
	w->conflict = arena_array(a, Quarry__ConflictKey *, nkeys + 1);
	for (int i = 0; i < nkeys; i++) {
		int32_t    *pos;
		int			n = key_positions(a, t, keys[i].cols, &pos);

		Quarry__ConflictKey *k;

		if (n == 0)
			continue;
		k = conflict_key(a, t, pos, n);
		k->name = (char *) keys[i].name;
		k->raise = !key_wanted(ic, &keys[i], pos, n, want, nwant) || (update && found);
		if (!k->raise && w->n_conflict > 0) {	/* the target's key first */
			memmove(w->conflict + 1, w->conflict, sizeof(*w->conflict) * w->n_conflict);
			w->conflict[0] = k;
			w->n_conflict++;
		} else
			w->conflict[w->n_conflict++] = k;
		found |= !k->raise;
	}
	if (ic == NULL || found)
		return true;
	if (ic->conname != NULL && ic->conname[0] != '\0')
		return err_set(err, ERRCODE_UNDEFINED_OBJECT, "constraint \"%s\" for table \"%s\" does not exist",
					   ic->conname, t->name);
	return err_set(err, "42P10",
				   "there is no unique or exclusion constraint matching the ON CONFLICT specification");
}

/* ---- INSERT ... SELECT, INSERT ... VALUES of expressions, CREATE TABLE AS ---- */

static bool
insert_plan(PgConn *c, const PgQuery__InsertStmt *s, InsertSelect *is, Err *err)
{
	Quarry__PlanNode *root;
	WriteJob   *j;

	if ((j = writetask_new(c, KIND_INSERT, is->table->oid, NULL, err)) == NULL)
		return false;
	root = write_node(&c->query_arena, is->table, j, QUARRY__WRITE_MODE__WRITE_INSERT, is->root);
	if (s->on_conflict_clause != NULL && !conflict_keys(c, s, is->table, root->write, err)) {
		writetask_abandon(j);
		return false;
	}
	if (is->conflict_set != NULL) {
		root->write->n_conflict_set = (size_t) is->table->ncols;
		root->write->conflict_set = is->conflict_set;
		root->write->conflict_where = is->conflict_where;
		root->write->target = table_scan(&c->query_arena, is->table);
	}
	set_returning(&c->query_arena, root, &is->ret, is->ret_exprs);
	writetask_returning(j, c, &is->ret);
	return writetask_start(c, j, root, err);
}

static bool
insert_select(PgConn *c, const PgQuery__InsertStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	InsertSelect *is = arena_new(&c->query_arena, InsertSelect);

	return bind_insert_select(&c->query_arena, &cat, s, is, err) && insert_plan(c, s, is, err);
}

/* insert_exprs runs INSERT ... VALUES with RETURNING, WITH or non-constant values. */
static bool
insert_exprs(PgConn *c, const PgQuery__InsertStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	InsertSelect *is = arena_new(&c->query_arena, InsertSelect);

	return bind_insert_values(&c->query_arena, &cat, s, is, err) && insert_plan(c, s, is, err);
}

/* not_constant: bind_insert found a value it cannot fold (a function, a subquery). */
static bool
not_constant(const Err *err)
{
	return strcmp(err->sqlstate, ERRCODE_FEATURE_NOT_SUPPORTED) == 0 &&
		strcmp(err->message, "INSERT values must be constants for now") == 0;
}

static bool
is_values(const PgQuery__InsertStmt *s)
{
	return s->select_stmt == NULL ||
		(s->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
		 s->select_stmt->select_stmt->n_values_lists > 0);
}

bool
dml_insert(PgConn *c, const PgQuery__InsertStmt *s, Err *err)
{
	return is_values(s) ? insert_values(c, s, err) : insert_select(c, s, err);
}

/* ctas_exists handles CREATE TABLE AS of a name already taken. */
static bool
ctas_exists(PgConn *c, const CreateTableAs *ct, bool *exists, Err *err)
{
	CatTable   *t;

	if (!metastore_find_table(conn_metastore(c), ct->def.schema, ct->def.name, &c->query_arena, &t, err))
		return false;
	*exists = t != NULL;
	if (t == NULL)
		return true;
	if (!ct->def.if_not_exists)
		return err_set(err, ERRCODE_DUPLICATE_TABLE, "relation \"%s\" already exists", ct->def.name);
	{
		MsNotice	n = {.set = true, .sqlstate = "42P07"};

		snprintf(n.message, sizeof(n.message), "relation \"%s\" already exists, skipping",
				 ct->def.name);
		ddl_notice(c, &n);
	}
	pgmsg_command_complete(&c->out, "CREATE TABLE AS");
	return true;
}

static bool
ctas_no_data(PgConn *c, CreateTableAs *ct, Err *err)
{
	bool		existed;

	if (!metastore_create_table(conn_metastore(c), &ct->def, &existed, err))
		return false;
	pgmsg_command_complete(&c->out, "CREATE TABLE AS");
	return true;
}

bool
dml_create_table_as(PgConn *c, const PgQuery__CreateTableAsStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	CreateTableAs *ct = arena_new(&c->query_arena, CreateTableAs);
	CatTable   *t = arena_new(&c->query_arena, CatTable);
	WriteJob   *j;
	bool		exists;

	if (!bind_create_table_as(&c->query_arena, &cat, s, ct, err) ||
		!ctas_exists(c, ct, &exists, err))
		return false;
	if (exists)
		return true;
	if (!ct->def.compression_set)
		ct->def.zstd = strcmp(c->co->cfg->default_table_compression, "zstd") == 0;
	if (ct->skip_data)
		return ctas_no_data(c, ct, err);
	t->schema = ct->def.schema;
	t->name = ct->def.name;
	t->ncols = ct->def.ncols;
	t->cols = ct->def.cols;
	t->zstd = ct->def.zstd;
	if ((t->oid = metastore_new_oid(conn_metastore(c), err)) == 0 ||
		(j = writetask_new(c, KIND_CTAS, t->oid, &ct->def, err)) == NULL)
		return false;
	return writetask_start(c, j, write_node(&c->query_arena, t, j, QUARRY__WRITE_MODE__WRITE_INSERT,
											ct->root), err);
}

/* ---- UPDATE and DELETE ---- */

/* table_scan reads every column of every file of t. */
static Quarry__PlanNode *
table_scan(Arena *a, const CatTable *t)
{
	Quarry__PlanNode *n = arena_new(a, Quarry__PlanNode);
	Quarry__Scan *s = arena_new(a, Quarry__Scan);

	quarry__plan_node__init(n);
	quarry__scan__init(s);
	n->node_case = QUARRY__PLAN_NODE__NODE_SCAN;
	n->scan = s;
	s->n_files = t->nfiles;
	s->files = (char **) t->files;
	s->n_table_types = s->n_columns = n->n_output_types = t->ncols;
	s->table_types = arena_array(a, int32_t, t->ncols + 1);
	s->columns = arena_array(a, int32_t, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++) {
		s->table_types[i] = t->cols[i].type;
		s->columns[i] = i;
	}
	n->output_types = s->table_types;
	storage_fill_scan(a, t, s);
	return n;
}

static bool
rewrite(PgConn *c, WriteKind kind, const RewriteDef *d, Err *err)
{
	Quarry__WriteMode mode = kind == KIND_UPDATE ? QUARRY__WRITE_MODE__WRITE_UPDATE :
		QUARRY__WRITE_MODE__WRITE_DELETE;
	const CatTable *t = d->table;
	Quarry__PlanNode *root;
	WriteJob   *j;

	if (t->nfiles == 0 && d->ret.ncols == 0) {
		writetask_tag(c, kind, 0);
		return true;
	}
	if ((j = writetask_new(c, kind, t->oid, NULL, err)) == NULL)
		return false;
	root = write_node(&c->query_arena, t, j, mode, table_scan(&c->query_arena, t));
	root->write->predicate = d->predicate;
	root->write->matches = d->matches;
	root->write->returning_extra = d->ret_extra;
	set_returning(&c->query_arena, root, &d->ret, d->ret_exprs);
	writetask_returning(j, c, &d->ret);
	if (kind == KIND_UPDATE) {
		root->write->n_set = t->ncols;
		root->write->set = d->set;
	}
	return writetask_start(c, j, root, err);
}

/*
 * dml_copy_plan is a Write that copies every row of t's files (t->files)
 * into new files dir/prefix* (compaction, compact.c).
 */
Quarry__PlanNode *
dml_copy_plan(Arena *a, const CatTable *t, const char *dir, const char *prefix)
{
	return write_node_at(a, t, dir, prefix, QUARRY__WRITE_MODE__WRITE_INSERT, table_scan(a, t));
}

bool
dml_update(PgConn *c, const PgQuery__UpdateStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	RewriteDef *d = arena_new(&c->query_arena, RewriteDef);

	return bind_update(&c->query_arena, &cat, s, d, err) && rewrite(c, KIND_UPDATE, d, err);
}

bool
dml_delete(PgConn *c, const PgQuery__DeleteStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	RewriteDef *d = arena_new(&c->query_arena, RewriteDef);

	return bind_delete(&c->query_arena, &cat, s, d, err) && rewrite(c, KIND_DELETE, d, err);
}
