/*
 * dml.c
 *	  Statements that write table data: INSERT, CREATE TABLE AS, UPDATE,
 *	  DELETE (see ddl.h).
 *
 *	  INSERT ... VALUES is bound to constant rows and written here, through
 *	  tablewrite.  Everything else runs as a task whose root is a Write
 *	  (plan.proto): the worker writes new files under the write's prefix in
 *	  the table's directory and returns one row per file; when the task
 *	  succeeds, one metastore transaction adds those files (and, for UPDATE
 *	  and DELETE, removes the files they replace; for CREATE TABLE AS,
 *	  creates the table).  A failed, cancelled or abandoned write commits
 *	  nothing, and the sweep removes whatever it left once the write is no
 *	  longer in flight.
 */
#include "ddl.h"

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

typedef enum WriteKind {
	KIND_INSERT,
	KIND_CTAS,
	KIND_UPDATE,
	KIND_DELETE
} WriteKind;

/* A Write task in flight, and what its commit needs. */
typedef struct PendingWrite {
	struct PendingWrite *next;
	PgConn	   *c;
	Query	   *query;
	WriteKind	kind;
	MsWrite		write;
	uint32_t	table_oid;
	char		dir[PATH_MAX];
	const CreateTableDef *create;	/* CREATE TABLE AS (in the query arena) */
} PendingWrite;

/* One row of a Write's result: a file it wrote or replaced. */
typedef struct WroteRow {
	const char *old_path;
	const char *new_path;
	int64_t		rows;
	int64_t		matched;
} WroteRow;

static PendingWrite *pending;
static PendingWrite *submitting;	/* inside coord_submit, which may finish at once */
static bool finished_early;
static Err	early_err;

/* ---- INSERT ... VALUES ---- */

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
	if (!tablewrite_begin(&w, c->co->ms, t, err))
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

	if (!bind_insert(&c->query_arena, &cat, s, &def, err))
		return false;
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

static Quarry__PlanNode *
write_node(Arena *a, const CatTable *t, const PendingWrite *w, Quarry__WriteMode mode,
		   Quarry__PlanNode *input)
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
	wr->input = input;
	wr->mode = mode;
	wr->dir = arena_strdup(a, w->dir);
	wr->prefix = arena_strdup(a, w->write.prefix);
	wr->schema = (char *) (t->schema ? t->schema : "public");
	wr->table = (char *) t->name;
	wr->n_columns = t->ncols;
	wr->columns = write_columns(a, t);
	wr->zstd = t->zstd;
	wr->zstd_level = TABLE_ZSTD_LEVEL;
	return n;
}

static void on_write_done(PgConn *c, const QueryResult *res, const Err *err);

/* start_write submits the Write task; the statement ends in on_write_done. */
static bool
start_write(PgConn *c, PendingWrite *w, const CatTable *t, Quarry__PlanNode *root, Err *err)
{
	Quarry__Fragment frag = QUARRY__FRAGMENT__INIT;
	uint8_t    *packed;
	size_t		len;
	Query	   *q;

	frag.root = root;
	len = quarry__fragment__get_packed_size(&frag);
	packed = arena_alloc(&c->query_arena, len + 1);
	quarry__fragment__pack(&frag, packed);
	w->c = c;
	w->next = pending;
	pending = w;
	c->state = CONN_BUSY;
	submitting = w;
	finished_early = false;
	q = coord_submit(c->co, c, packed, len, on_write_done);
	submitting = NULL;
	if (finished_early) {		/* the task failed at once; w is gone */
		c->state = CONN_READY;
		*err = early_err;
		return false;
	}
	w->query = c->running = q;
	return true;
}

/* new_write registers a write in flight into t's directory. */
static PendingWrite *
new_write(PgConn *c, WriteKind kind, uint32_t oid, Err *err)
{
	PendingWrite *w = calloc(1, sizeof(PendingWrite));

	w->kind = kind;
	w->table_oid = oid;
	if (!metastore_table_dir(c->co->ms, oid, w->dir, sizeof(w->dir), err)) {
		free(w);
		return NULL;
	}
	metastore_write_begin(c->co->ms, &w->write);
	return w;
}

static void
forget(Coordinator *co, PendingWrite *w)
{
	for (PendingWrite **p = &pending; *p != NULL; p = &(*p)->next)
		if (*p == w) {
			*p = w->next;
			break;
		}
	metastore_write_end(co->ms, &w->write);
	free(w);
}

/* ---- the Write task's result ---- */

static int32_t
get_i32(const uint8_t *p)
{
	return (int32_t) ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]);
}

/* datarow_fields reads the 4 text fields of one DataRow (NULL stays NULL). */
static bool
datarow_fields(Arena *a, const uint8_t *p, size_t len, char **f)
{
	size_t		pos = 2;

	if (len < 2 || (p[0] << 8 | p[1]) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		int32_t		n;

		if (pos + 4 > len)
			return false;
		n = get_i32(p + pos);
		pos += 4;
		if (n < 0) {
			f[i] = NULL;
			continue;
		}
		if ((size_t) n > len - pos)
			return false;
		f[i] = arena_strndup(a, (const char *) p + pos, (size_t) n);
		pos += (size_t) n;
	}
	return true;
}

/* parse_result reads the Write's rows from its DataRow messages. */
static bool
parse_result(Arena *a, const Buf *rows, WroteRow **out, int *n, Err *err)
{
	size_t		pos = 0;
	int			cap = 8;

	*n = 0;
	*out = arena_array(a, WroteRow, cap);
	while (pos + 5 <= rows->len) {
		size_t		mlen = (size_t) get_i32(rows->data + pos + 1);
		char	   *f[4];

		if (mlen < 4 || pos + 1 + mlen > rows->len || rows->data[pos] != 'D' ||
			!datarow_fields(a, rows->data + pos + 5, mlen - 4, f) || f[1] == NULL)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed result of a write task");
		if (*n == cap) {
			WroteRow   *grown = arena_array(a, WroteRow, cap * 2);

			memcpy(grown, *out, sizeof(WroteRow) * cap);
			*out = grown;
			cap *= 2;
		}
		(*out)[(*n)++] = (WroteRow) {f[0], f[1], strtoll(f[2], NULL, 10), strtoll(f[3], NULL, 10)};
		pos += 1 + mlen;
	}
	return true;
}

/* own_file: a path the write may have made (its prefix, in its directory). */
static bool
own_file(const PendingWrite *w, const char *path)
{
	size_t		dlen = strlen(w->dir);

	return strncmp(path, w->dir, dlen) == 0 && path[dlen] == '/' &&
		strncmp(path + dlen + 1, w->write.prefix, strlen(w->write.prefix)) == 0 &&
		strchr(path + dlen + 1, '/') == NULL;
}

static void
unlink_new(const PendingWrite *w, const WroteRow *r, int n)
{
	for (int i = 0; i < n; i++)
		if (r[i].new_path[0] != '\0' && own_file(w, r[i].new_path))
			unlink(r[i].new_path);
}

/* commit_rows makes the written files visible; *count is for the tag. */
static bool
commit_rows(PgConn *c, const PendingWrite *w, const WroteRow *r, int n, int64_t *count, Err *err)
{
	MsCommit	m = {.table_oid = w->table_oid, .create = w->create};
	const char **add = arena_array(&c->query_arena, const char *, n + 1);
	const char **rem = arena_array(&c->query_arena, const char *, n + 1);

	*count = 0;
	for (int i = 0; i < n; i++) {
		if (r[i].new_path[0] != '\0' && !own_file(w, r[i].new_path))
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "a write task reported a foreign file");
		if (r[i].new_path[0] != '\0')
			add[m.nadd++] = r[i].new_path;
		if (r[i].old_path != NULL)
			rem[m.nremove++] = r[i].old_path;
		*count += w->kind == KIND_UPDATE || w->kind == KIND_DELETE ? r[i].matched : r[i].rows;
	}
	m.add = add;
	m.remove = rem;
	return metastore_commit(c->co->ms, &m, err);
}

static void
command_tag(PgConn *c, WriteKind kind, int64_t count)
{
	char		tag[64];

	if (kind == KIND_INSERT)
		snprintf(tag, sizeof(tag), "INSERT 0 %lld", (long long) count);
	else if (kind == KIND_CTAS)
		snprintf(tag, sizeof(tag), "SELECT %lld", (long long) count);
	else
		snprintf(tag, sizeof(tag), "%s %lld", kind == KIND_UPDATE ? "UPDATE" : "DELETE",
				 (long long) count);
	pgmsg_command_complete(&c->out, tag);
}

static PendingWrite *
find_pending(PgConn *c)
{
	if (submitting != NULL && submitting->c == c) {
		finished_early = true;
		return submitting;
	}
	for (PendingWrite *w = pending; w != NULL; w = w->next)
		if (w->c == c && w->query == c->running)
			return w;
	return NULL;
}

static void
on_write_done(PgConn *c, const QueryResult *res, const Err *err)
{
	PendingWrite *w = find_pending(c);
	WroteRow   *rows = NULL;
	int			n = 0;
	int64_t		count = 0;
	WriteKind	kind;
	Err			e;

	err_clear(&e);
	c->running = NULL;
	if (w == NULL) {
		err_set(&e, ERRCODE_INTERNAL_ERROR, "a write finished that no statement waits for");
		pgconn_async_error(c, &e);
		return;
	}
	if (finished_early) {		/* start_write reports it */
		early_err = e;
		if (err != NULL)
			early_err = *err;
		else
			err_set(&early_err, ERRCODE_INTERNAL_ERROR, "a write task ended before it started");
		forget(c->co, w);
		return;
	}
	if (err == NULL && (!parse_result(&c->query_arena, res->rows, &rows, &n, &e) ||
						!commit_rows(c, w, rows, n, &count, &e))) {
		unlink_new(w, rows, n);
		err = &e;
	}
	kind = w->kind;
	forget(c->co, w);
	if (err != NULL) {
		pgconn_async_error(c, err);
		return;
	}
	command_tag(c, kind, count);
	pgconn_flush(c);
	session_statement_done(c);
}

/* ---- INSERT ... SELECT, CREATE TABLE AS ---- */

static bool
insert_select(PgConn *c, const PgQuery__InsertStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	InsertSelect is;
	PendingWrite *w;

	if (!bind_insert_select(&c->query_arena, &cat, s, &is, err) ||
		(w = new_write(c, KIND_INSERT, is.table->oid, err)) == NULL)
		return false;
	return start_write(c, w, is.table,
					   write_node(&c->query_arena, is.table, w, QUARRY__WRITE_MODE__WRITE_INSERT,
								  is.root), err);
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

	if (!metastore_find_table(c->co->ms, ct->def.schema, ct->def.name, &c->query_arena, &t, err))
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

	if (!metastore_create_table(c->co->ms, &ct->def, &existed, err))
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
	PendingWrite *w;
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
	if ((t->oid = metastore_new_oid(c->co->ms, err)) == 0 ||
		(w = new_write(c, KIND_CTAS, t->oid, err)) == NULL)
		return false;
	w->create = &ct->def;
	return start_write(c, w, t, write_node(&c->query_arena, t, w, QUARRY__WRITE_MODE__WRITE_INSERT,
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
	PendingWrite *w;

	if (t->nfiles == 0) {
		command_tag(c, kind, 0);
		return true;
	}
	if ((w = new_write(c, kind, t->oid, err)) == NULL)
		return false;
	root = write_node(&c->query_arena, t, w, mode, table_scan(&c->query_arena, t));
	root->write->predicate = d->predicate;
	if (kind == KIND_UPDATE) {
		root->write->n_set = t->ncols;
		root->write->set = d->set;
	}
	return start_write(c, w, t, root, err);
}

bool
dml_update(PgConn *c, const PgQuery__UpdateStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	RewriteDef	d;

	return bind_update(&c->query_arena, &cat, s, &d, err) && rewrite(c, KIND_UPDATE, &d, err);
}

bool
dml_delete(PgConn *c, const PgQuery__DeleteStmt *s, Err *err)
{
	Catalog		cat = ddl_catalog(c);
	RewriteDef	d;

	return bind_delete(&c->query_arena, &cat, s, &d, err) && rewrite(c, KIND_DELETE, &d, err);
}

/* ---- abandoned writes ---- */

static bool
conn_alive(Coordinator *co, const PendingWrite *w)
{
	for (PgConn *c = co->conns; c != NULL; c = c->next)
		if (c == w->c)
			return c->running == w->query;
	return false;
}

/*
 * dml_reap forgets writes whose client went away mid-task (their task was
 * cancelled and no callback comes): the sweep may then remove their files.
 */
void
dml_reap(Coordinator *co)
{
	PendingWrite *w = pending;

	while (w != NULL) {
		PendingWrite *next = w->next;

		if (!conn_alive(co, w))
			forget(co, w);
		w = next;
	}
}
