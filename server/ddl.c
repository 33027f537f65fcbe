/*
 * ddl.c
 *	  DDL statements on the coordinator (see ddl.h): each binds what it
 *	  needs, makes one metastore change (one SQLite transaction) and answers
 *	  with PostgreSQL's NOTICEs, errors and command tags.
 *
 *	  Defaults are folded to constants when a table is created (the executor
 *	  evaluates the bound expression over one empty row), so every writer
 *	  (INSERT, COPY, a Write task, ADD COLUMN's missing value) uses the same
 *	  value.  A view stores its query as text (deparsed from the parse tree)
 *	  with the relations and columns it names directly, which DROP checks.
 */
#include "ddl.h"
#include "compact.h"
#include "writetask.h"

#include <event2/event.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "exec/expr.h"
#include "planner/deparse.h"
#include "planner/dml.h"
#include "planner/storage.h"
#include "wire/pgmsg.h"
#include "wire/typeio.h"

#define MAX_VIEW_DEPS 512

Catalog
ddl_catalog(PgConn *c)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), c->params, c->database};

	return cat;
}

static void
put_field(Buf *b, char code, const char *s)
{
	buf_put_u8(b, (uint8_t) code);
	buf_put_cstr(b, s);			/* with its terminator, as the protocol wants */
}

/* ddl_notice sends a NOTICE, with its DETAIL when there is one. */
void
ddl_notice(PgConn *c, const MsNotice *n)
{
	size_t		m;

	if (!n->set)
		return;
	m = pgmsg_begin(&c->out, 'N');
	put_field(&c->out, 'S', "NOTICE");
	put_field(&c->out, 'V', "NOTICE");
	put_field(&c->out, 'C', n->sqlstate[0] ? n->sqlstate : "00000");
	put_field(&c->out, 'M', n->message);
	if (n->detail[0])
		put_field(&c->out, 'D', n->detail);
	buf_put_u8(&c->out, 0);
	pgmsg_end(&c->out, m);
}

static const char *
rv_schema(const PgQuery__RangeVar *rv)
{
	return rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
}

/* find_relation looks a relation up; missing is 42P01 unless missing_ok. */
static bool
find_relation(PgConn *c, const PgQuery__RangeVar *rv, bool missing_ok, CatTable **t, Err *err)
{
	if (!metastore_find_table(conn_metastore(c), rv_schema(rv), rv->relname, &c->query_arena, t, err))
		return false;
	if (*t == NULL && !missing_ok)
		return err_set(err, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
	return true;
}

/* ---- defaults ---- */

/* fold evaluates a constant expression over one row with no columns. */
static bool
fold(Arena *a, const Quarry__Expr *e, Value *out, Err *err)
{
	Batch	   *b = batch_new(a, 0, NULL);
	Vector	   *v;

	b->count = 1;
	if ((v = expr_eval(e, b, a, err)) == NULL)
		return false;
	*out = vec_get(v, 0);
	if (type_info(out->type)->phys == PHYS_STR && !out->is_null)
		out->u.s.p = arena_strndup(a, out->u.s.p, out->u.s.len);
	return true;
}

/* has_volatile: e calls random() or gen_random_uuid(), a new value each call. */
static bool
has_volatile(const Quarry__Expr *e)
{
	if (e->kind == QUARRY__EXPR_KIND__EXPR_FUNC &&
		(e->func == QUARRY__SCALAR_FUNC__FN_RANDOM ||
		 e->func == QUARRY__SCALAR_FUNC__FN_GEN_RANDOM_UUID))
		return true;
	for (size_t i = 0; i < e->n_args; i++)
		if (has_volatile(e->args[i]))
			return true;
	return false;
}

/* ddl_fold_defaults turns each DEFAULT into the constant it evaluates to. */
bool
ddl_fold_defaults(Arena *a, CatColumn *cols, int ncols, Err *err)
{
	for (int i = 0; i < ncols; i++) {
		Value		v;

		if (cols[i].default_expr == NULL ||
			cols[i].default_expr->kind == QUARRY__EXPR_KIND__EXPR_CONST)
			continue;
		if (has_volatile(cols[i].default_expr)) {
			err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					"a volatile DEFAULT (random(), gen_random_uuid()) is not supported yet");
			err_detail(err, "Defaults are evaluated once, when the column is defined; every row would get the same value.");
			return false;
		}
		if (!expr_check(cols[i].default_expr, 0, NULL, err) ||
			!fold(a, cols[i].default_expr, &v, err))
			return false;
		v.type = cols[i].type;
		cols[i].default_expr = bind_const_expr(a, &v);
	}
	return true;
}

/* ---- CREATE TABLE, CREATE SCHEMA ---- */

bool
ddl_create_table(PgConn *c, const PgQuery__CreateStmt *s, Err *err)
{
	CreateTableDef def;
	bool		existed;

	if (!bind_create_table(&c->query_arena, s, &def, err) ||
		!ddl_fold_defaults(&c->query_arena, def.cols, def.ncols, err))
		return false;
	if (!def.compression_set)
		def.zstd = strcmp(c->co->cfg->default_table_compression, "zstd") == 0;
	if (!metastore_create_table(conn_metastore(c), &def, &existed, err)) {
		if (strcmp(err->sqlstate, "3F000") == 0 && err->position == 0)
			err->position = s->relation->location + 1;
		return false;
	}
	if (existed) {
		MsNotice	n = {.set = true, .sqlstate = "42P07"};

		snprintf(n.message, sizeof(n.message), "relation \"%s\" already exists, skipping", def.name);
		ddl_notice(c, &n);
	} else if (!ddl_constraints(c, &def, err))	/* ddl_meta.c: metadata only */
		return false;
	pgmsg_command_complete(&c->out, "CREATE TABLE");
	return true;
}

bool
ddl_create_schema(PgConn *c, const PgQuery__CreateSchemaStmt *s, Err *err)
{
	MsNotice	n = {.set = false};

	if (s->n_schema_elts > 0)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "CREATE SCHEMA with elements is not supported yet");
	if (s->schemaname == NULL || s->schemaname[0] == '\0')
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "CREATE SCHEMA needs a name");
	if (strncmp(s->schemaname, "pg_", 3) == 0) {
		err_set(err, "42939", "unacceptable schema name \"%s\"", s->schemaname);
		snprintf(err->detail, sizeof(err->detail), "The prefix \"pg_\" is reserved for system schemas.");
		return false;
	}
	if (!metastore_create_schema(conn_metastore(c), s->schemaname, s->if_not_exists, &n, err))
		return false;
	ddl_notice(c, &n);
	pgmsg_command_complete(&c->out, "CREATE SCHEMA");
	return true;
}

/* ---- DROP ---- */

static bool
drop_one(PgConn *c, const PgQuery__DropStmt *s, const PgQuery__Node *obj, Err *err)
{
	bool		cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	MsNotice	n = {.set = false};
	const PgQuery__List *names;
	const char *schema = NULL;
	bool		ok;

	if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
		ok = metastore_drop_schema(conn_metastore(c), obj->string->sval, s->missing_ok, cascade, &n, err);
	else {
		names = obj->list;
		/* database.schema.name: only the database of the session, as in PostgreSQL */
		if (names->n_items == 3 && strcmp(names->items[0]->string->sval, c->database) != 0)
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "cross-database references are not implemented: \"%s.%s.%s\"",
						   names->items[0]->string->sval, names->items[1]->string->sval,
						   names->items[2]->string->sval);
		if (names->n_items > 3) {
			char		dotted[512] = "";

			for (size_t i = 0; i < names->n_items; i++)
				snprintf(dotted + strlen(dotted), sizeof(dotted) - strlen(dotted), "%s%s",
						 i > 0 ? "." : "", names->items[i]->string->sval);
			return err_set(err, ERRCODE_SYNTAX_ERROR,
						   "improper relation name (too many dotted names): %s", dotted);
		}
		if (names->n_items >= 2)
			schema = names->items[names->n_items - 2]->string->sval;
		ok = metastore_drop_relation(conn_metastore(c), schema, names->items[names->n_items - 1]->string->sval,
									 s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ? 'v' : 'r',
									 s->missing_ok, cascade, &n, err);
	}
	if (ok)
		ddl_notice(c, &n);
	return ok;
}

bool
ddl_drop(PgConn *c, const PgQuery__DropStmt *s, Err *err)
{
	const char *tag;

	switch (s->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
			tag = "DROP TABLE";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
			tag = "DROP VIEW";
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
			tag = "DROP SCHEMA";
			break;
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "only DROP TABLE, DROP VIEW and DROP SCHEMA are supported yet");
	}
	for (size_t i = 0; i < s->n_objects; i++)
		if (!drop_one(c, s, s->objects[i], err))
			return false;
	pgmsg_command_complete(&c->out, tag);
	return true;
}

/* ---- ALTER TABLE ---- */

/* column_of binds ADD COLUMN's definition (and folds its default). */
static bool
column_of(PgConn *c, const PgQuery__AlterTableStmt *s, PgQuery__Node *def, CatColumn *col,
		  Err *err)
{
	PgQuery__CreateStmt cs = PG_QUERY__CREATE_STMT__INIT;
	PgQuery__Node *elts[1] = {def};
	CreateTableDef d;

	cs.relation = s->relation;
	cs.n_table_elts = 1;
	cs.table_elts = elts;
	if (!bind_create_table(&c->query_arena, &cs, &d, err) ||
		!ddl_fold_defaults(&c->query_arena, d.cols, 1, err))
		return false;
	*col = d.cols[0];
	bind_default_value(col, &col->missing);	/* what existing rows read */
	return true;
}

static bool
alter_one(PgConn *c, const PgQuery__AlterTableStmt *s, const CatTable *t,
		  const PgQuery__AlterTableCmd *cmd, Err *err)
{
	MsNotice	n = {.set = false};
	CatColumn	col;
	bool		ok;

	switch (cmd->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
			ok = column_of(c, s, cmd->def, &col, err) &&
				metastore_add_column(conn_metastore(c), t, &col, cmd->missing_ok, &n, err);
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
			ok = metastore_drop_column(conn_metastore(c), t, cmd->name, cmd->missing_ok,
									   cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE, &n, err);
			break;
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "only ADD COLUMN, DROP COLUMN and RENAME are supported in ALTER TABLE yet");
	}
	if (ok)
		ddl_notice(c, &n);
	return ok;
}

bool
ddl_alter_table(PgConn *c, const PgQuery__AlterTableStmt *s, Err *err)
{
	CatTable   *t;

	for (size_t i = 0; i < s->n_cmds; i++) {
		if (!find_relation(c, s->relation, s->missing_ok, &t, err))
			return false;
		if (t == NULL) {
			MsNotice	n = {.set = true, .sqlstate = "00000"};

			snprintf(n.message, sizeof(n.message), "relation \"%s\" does not exist, skipping",
					 s->relation->relname);
			ddl_notice(c, &n);
			break;
		}
		if (t->kind != 'r')
			return err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", t->name);
		if (!alter_one(c, s, t, s->cmds[i]->alter_table_cmd, err))
			return false;
	}
	pgmsg_command_complete(&c->out, "ALTER TABLE");
	return true;
}

/* rename_relation renames t and rewrites the queries of the views naming it. */
static bool
rename_relation(PgConn *c, const CatTable *t, const char *newname, Err *err)
{
	MsViewText *views;
	int			n;

	if (!metastore_dependent_views(conn_metastore(c), t->oid, &c->query_arena, &views, &n, err))
		return false;
	for (int i = 0; i < n; i++)
		if ((views[i].sql = deparse_rename_relation(&c->query_arena, views[i].sql, t->schema,
													t->name, newname, err)) == NULL)
			return false;
	return metastore_rename_relation(conn_metastore(c), t, newname, views, n, err);
}

bool
ddl_rename(PgConn *c, const PgQuery__RenameStmt *s, Err *err)
{
	bool		view = s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW;
	CatTable   *t;

	if (s->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && !view &&
		s->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "only renaming tables, views and columns is supported yet");
	if (!find_relation(c, s->relation, s->missing_ok, &t, err))
		return false;
	if (t == NULL) {
		MsNotice	n = {.set = true, .sqlstate = "00000"};

		snprintf(n.message, sizeof(n.message), "relation \"%s\" does not exist, skipping",
				 s->relation->relname);
		ddl_notice(c, &n);
	} else if (view && t->kind != 'v')
		return err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", t->name);
	else if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
		if (!metastore_rename_column(conn_metastore(c), t, s->subname, s->newname, err))
			return false;
	} else if (!rename_relation(c, t, s->newname, err))
		return false;
	pgmsg_command_complete(&c->out, view || s->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ?
						   "ALTER VIEW" : "ALTER TABLE");
	return true;
}

/* ---- TRUNCATE, ANALYZE ---- */

bool
ddl_truncate(PgConn *c, const PgQuery__TruncateStmt *s, Err *err)
{
	CatTable   *t;

	for (size_t i = 0; i < s->n_relations; i++) {
		MsCommit	m = {.truncate = true};

		if (!find_relation(c, s->relations[i]->range_var, false, &t, err))
			return false;
		if (t->kind != 'r')
			return err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", t->name);
		m.table_oid = t->oid;
		if (!metastore_commit(conn_metastore(c), &m, err))
			return false;
	}
	pgmsg_command_complete(&c->out, "TRUNCATE TABLE");
	return true;
}

/* vacuum compacts the small files of the tables named, or of every table. */
static bool
vacuum(PgConn *c, const PgQuery__VacuumStmt *s, Err *err)
{
	uint32_t   *oids = arena_array(&c->query_arena, uint32_t, s->n_rels + 1);
	int			n = 0;
	CatTable   *t;

	if (c->txn != 'I' || c->txn_multi)
		return err_set(err, "25001", "VACUUM cannot run inside a transaction block");
	for (size_t i = 0; i < s->n_rels; i++) {
		if (!find_relation(c, s->rels[i]->vacuum_relation->relation, false, &t, err))
			return false;
		if (t->kind == 'r')
			oids[n++] = t->oid;
	}
	return compact_vacuum(c, oids, n, s->n_rels == 0, err);
}

bool
ddl_analyze(PgConn *c, const PgQuery__VacuumStmt *s, Err *err)
{
	CatTable   *t;

	if (s->is_vacuumcmd)
		return vacuum(c, s, err);
	if (s->n_rels == 0 && !metastore_analyze_all(conn_metastore(c), err))
		return false;
	for (size_t i = 0; i < s->n_rels; i++) {
		if (!find_relation(c, s->rels[i]->vacuum_relation->relation, false, &t, err))
			return false;
		if (t->kind == 'r' && !metastore_analyze(conn_metastore(c), t->oid, err))
			return false;
	}
	pgmsg_command_complete(&c->out, "ANALYZE");
	return true;
}

/* ---- CREATE VIEW ---- */

/* A catalog that remembers what it found: a view's dependencies. */
typedef struct DepCatalog {
	Metastore  *ms;
	const PgQuery__RangeVar *direct[MAX_VIEW_DEPS];	/* names in the query itself */
	int			ndirect;
	MsDep		deps[MAX_VIEW_DEPS];
	int			ndeps;
} DepCatalog;

static void
add_dep(DepCatalog *r, uint32_t oid, int32_t colid)
{
	for (int i = 0; i < r->ndeps; i++)
		if (r->deps[i].oid == oid && r->deps[i].colid == colid)
			return;
	if (r->ndeps < MAX_VIEW_DEPS)
		r->deps[r->ndeps++] = (MsDep) {oid, colid};
}

static bool
is_direct(const DepCatalog *r, const char *schema, const char *name)
{
	for (int i = 0; i < r->ndirect; i++) {
		const PgQuery__RangeVar *rv = r->direct[i];
		const char *s = rv_schema(rv);

		if (strcmp(rv->relname, name) == 0 &&
			((s == NULL && schema == NULL) || (s && schema && strcmp(s, schema) == 0)))
			return true;
	}
	return false;
}

static bool
dep_find_table(void *arg, const char *schema, const char *name, Arena *a, CatTable **out,
			   Err *err)
{
	DepCatalog *r = arg;

	if (!metastore_find_table(r->ms, schema, name, a, out, err))
		return false;
	if (*out != NULL && is_direct(r, schema, name))
		add_dep(r, (*out)->oid, 0);
	return true;
}

static void
note_direct(void *arg, const PgQuery__RangeVar *rv)
{
	DepCatalog *r = arg;

	if (r->ndirect < MAX_VIEW_DEPS)
		r->direct[r->ndirect++] = rv;
}

/* note_columns records the columns a view reads of the relations it names. */
static void
note_columns(void *arg, Quarry__PlanNode *n)
{
	DepCatalog *r = arg;
	const Quarry__Scan *s = n->scan;
	bool		direct = false;

	if (n->node_case != QUARRY__PLAN_NODE__NODE_SCAN || s->n_column_ids == 0)
		return;
	for (int i = 0; i < r->ndeps; i++)
		direct |= r->deps[i].oid == s->table_oid && r->deps[i].colid == 0;
	for (size_t i = 0; direct && i < s->n_columns; i++)
		add_dep(r, s->table_oid, s->column_ids[s->columns[i]]);
}

static bool
view_columns(const PgQuery__ViewStmt *s, const BoundSelect *sel, Arena *a, ViewDef *v, Err *err)
{
	if (s->n_aliases > (size_t) sel->ncols)
		return err_set(err, ERRCODE_SYNTAX_ERROR,
					   "CREATE VIEW specifies more column names than columns");
	v->ncols = sel->ncols;
	v->cols = arena_array(a, CatColumn, sel->ncols + 1);
	for (int i = 0; i < sel->ncols; i++) {
		v->cols[i].name = (size_t) i < s->n_aliases ? s->aliases[i]->string->sval : sel->cols[i].name;
		v->cols[i].type = sel->cols[i].type;
		v->cols[i].typmod = sel->cols[i].typmod;
		for (int j = 0; j < i; j++)
			if (strcmp(v->cols[j].name, v->cols[i].name) == 0)
				return err_set(err, "42701", "column \"%s\" specified more than once",
							   v->cols[i].name);
	}
	return true;
}

static bool
view_allowed(const PgQuery__ViewStmt *s, Err *err)
{
	if (s->query == NULL || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "a view must be a SELECT");
	if (s->view->relpersistence && s->view->relpersistence[0] == 't')
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "temporary views are not supported yet");
	if (s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ||
		s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "WITH CHECK OPTION is not supported yet");
	return true;
}

bool
ddl_create_view(PgConn *c, const PgQuery__ViewStmt *s, Err *err)
{
	DepCatalog *rec = arena_new(&c->query_arena, DepCatalog);
	Catalog		cat = {dep_find_table, rec, c->params, c->database};
	BoundSelect sel;
	ViewDef		v = {.schema = rv_schema(s->view), .name = s->view->relname, .replace = s->replace};

	rec->ms = conn_metastore(c);
	if (!view_allowed(s, err))
		return false;
	deparse_range_vars(s->query, note_direct, rec);
	if (!bind_select(&c->query_arena, &cat, s->query->select_stmt, &sel, err) ||
		!view_columns(s, &sel, &c->query_arena, &v, err) ||
		(v.sql = deparse_stmt(&c->query_arena, s->query, err)) == NULL)
		return false;
	storage_walk_plan(sel.root, note_columns, rec);
	v.ndeps = rec->ndeps;
	v.deps = rec->deps;
	if (!metastore_create_view(conn_metastore(c), &v, err))
		return false;
	pgmsg_command_complete(&c->out, "CREATE VIEW");
	return true;
}

/* ---- the sweep ---- */

static void on_sweep(evutil_socket_t fd, short what, void *arg);

static void
schedule_sweep(Coordinator *co)
{
	int64_t		ms = co->cfg->storage_sweep_interval;
	struct timeval tv = {(time_t) (ms / 1000), (suseconds_t) (ms % 1000) * 1000};

	event_base_once(co->base, -1, EV_TIMEOUT, on_sweep, co, &tv);
}

static void
on_sweep(evutil_socket_t fd, short what, void *arg)
{
	Coordinator *co = arg;

	writetask_reap(co);
	metastore_sweep(co->ms);
	schedule_sweep(co);
}

/*
 * ddl_start_sweeper removes orphaned table files every storage_sweep_interval;
 * it also tells read_csv which directories it may read.
 */
void
ddl_start_sweeper(Coordinator *co)
{
	storage_set_csv_dirs(co->cfg->read_csv_dirs);
	schedule_sweep(co);
}
