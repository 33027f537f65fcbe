/*
 * test_server_metastore.c
 *	  The metastore's file commits, statistics and sweep: statistics are
 *	  current after every commit (added, replaced and missing-value rows
 *	  counted), ANALYZE agrees with them, a replaced file is refused twice
 *	  (40001), and the sweep removes orphans but keeps committed files,
 *	  files of writes in flight and recently replaced ones.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/qcf.h"
#include "metastore.h"

static char dir[] = "/tmp/quarry-ms.XXXXXX";
static Metastore *ms;
static Arena arena;

static void
setup(void)
{
	Err			err;

	err_clear(&err);
	cr_assert(mkdtemp(dir) != NULL);
	ms = metastore_open(dir, &err);
	cr_assert_not_null(ms, "%s", err.message);
	arena_init(&arena);
}

static void
teardown(void)
{
	char		cmd[128];

	metastore_close(&ms);
	arena_reset(&arena);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert(system(cmd) == 0);
}

TestSuite(server_metastore, .init = setup, .fini = teardown);

static CatTable *
table(void)
{
	CatTable   *t;
	Err			err;

	err_clear(&err);
	cr_assert(metastore_find_table(ms, NULL, "t", &arena, &t, &err), "%s", err.message);
	cr_assert_not_null(t);
	return t;
}

static void
create(void)
{
	CatColumn	cols[2] = {{.name = "k", .type = TYPE_INT4, .typmod = -1},
	{.name = "s", .type = TYPE_TEXT, .typmod = -1}};
	CreateTableDef def = {.name = "t", .ncols = 2, .cols = cols};
	bool		existed;
	Err			err;

	err_clear(&err);
	cr_assert(metastore_create_table(ms, &def, &existed, &err), "%s", err.message);
}

/* write_file writes rows k = from..to (s NULL when k is odd) as write w. */
static char *
write_file(const MsWrite *w, int from, int to)
{
	int32_t		types[2] = {TYPE_INT4, TYPE_TEXT};
	int32_t		ids[2] = {1, 2};
	QcfOptions	o = {0};
	char	   *path = malloc(1200);
	Err			err;
	QcfWriter  *qw;
	Arena		a;
	Batch	   *b;

	err_clear(&err);
	cr_assert(metastore_new_file_path(ms, table()->oid, w, path, 1200, &err));
	qw = qcf_writer_open(path, 2, types, ids, &o, &err);
	cr_assert_not_null(qw);
	arena_init(&a);
	b = batch_new(&a, 2, types);
	b->cols[1].data = arena_alloc(&a, sizeof(StrView) * BATCH_SIZE);
	for (int k = from; k <= to; k++, b->count++) {
		char		s[16];

		((int32_t *) b->cols[0].data)[b->count] = k;
		snprintf(s, sizeof(s), "v%05d", k);
		((StrView *) b->cols[1].data)[b->count] = str_make(&a, s, (uint32_t) strlen(s));
		if (k % 2)
			vec_set_null(&a, &b->cols[1], b->count);
	}
	cr_assert(qcf_writer_append(qw, b, &err));
	cr_assert(qcf_writer_finish(&qw, &err), "%s", err.message);
	arena_reset(&a);
	return path;
}

static void
commit(const char *add, const char *remove, const char *want_sqlstate)
{
	MsCommit	c = {.table_oid = table()->oid, .nadd = add != NULL, .add = &add,
	.nremove = remove != NULL, .remove = &remove};
	Err			err;
	bool		ok;

	err_clear(&err);
	ok = metastore_commit(ms, &c, &err);
	if (want_sqlstate == NULL)
		cr_assert(ok, "%s", err.message);
	else {
		cr_assert(!ok);
		cr_assert_str_eq(err.sqlstate, want_sqlstate);
	}
}

Test(server_metastore, statistics_follow_every_commit)
{
	MsWrite		w;
	char	   *f1;
	char	   *f2;
	CatTable   *t;

	create();
	metastore_write_begin(ms, &w);
	f1 = write_file(&w, 1, 1000);
	f2 = write_file(&w, 2001, 3000);
	commit(f1, NULL, NULL);
	t = table();
	cr_assert_eq(t->rows, 1000);
	cr_assert(t->cols[0].stats.valid);
	cr_assert_eq(t->cols[0].stats.nulls, 0);
	cr_assert_eq(t->cols[0].stats.min.u.i, 1);
	cr_assert_eq(t->cols[0].stats.max.u.i, 1000);
	cr_assert(t->cols[0].stats.ndistinct > 900 && t->cols[0].stats.ndistinct < 1100);
	cr_assert_eq(t->cols[1].stats.nulls, 500);
	cr_assert_str_eq(t->cols[1].stats.min.u.s.p, "v00002");
	commit(f2, NULL, NULL);
	t = table();
	cr_assert_eq(t->rows, 2000);
	cr_assert_eq(t->cols[0].stats.max.u.i, 3000);
	cr_assert_eq(t->cols[1].stats.nulls, 1000);
	/* a replacement: f1 goes, its stats with it */
	commit(NULL, f1, NULL);
	t = table();
	cr_assert_eq(t->rows, 1000);
	cr_assert_eq(t->cols[0].stats.min.u.i, 2001);
	commit(NULL, f1, "40001");
	metastore_write_end(ms, &w);
	free(f1);
	free(f2);
}

Test(server_metastore, missing_values_and_analyze)
{
	MsWrite		w;
	char	   *f1;
	CatTable   *t;
	CatColumn	extra = {.name = "x", .type = TYPE_INT8, .typmod = -1};
	Err			err;

	err_clear(&err);
	create();
	metastore_write_begin(ms, &w);
	f1 = write_file(&w, 1, 100);
	commit(f1, NULL, NULL);
	extra.missing = (Value) {.type = TYPE_INT8, .u.i = 42};
	cr_assert(metastore_add_column(ms, table(), &extra, false, &(MsNotice) {0}, &err), "%s",
			  err.message);
	t = table();
	cr_assert_eq(t->ncols, 3);
	cr_assert_eq(t->cols[2].id, 3);
	cr_assert_eq(t->cols[2].missing.u.i, 42);
	cr_assert(t->cols[2].stats.valid);
	cr_assert_eq(t->cols[2].stats.nulls, 0);
	cr_assert_eq(t->cols[2].stats.min.u.i, 42);
	cr_assert_eq(t->cols[2].stats.max.u.i, 42);
	cr_assert(metastore_analyze(ms, t->oid, &err), "%s", err.message);
	t = table();
	cr_assert_eq(t->cols[0].stats.max.u.i, 100);
	cr_assert_eq(t->cols[1].stats.nulls, 50);
	cr_assert_eq(t->cols[2].stats.min.u.i, 42);
	metastore_write_end(ms, &w);
	free(f1);
}

Test(server_metastore, sweep_keeps_what_it_must)
{
	MsWrite		a;
	MsWrite		b;
	char	   *done;
	char	   *orphan;
	char	   *inflight;
	char	   *replaced;

	create();
	metastore_write_begin(ms, &a);
	metastore_write_begin(ms, &b);
	done = write_file(&a, 1, 10);
	replaced = write_file(&a, 11, 20);
	orphan = write_file(&a, 21, 30);
	inflight = write_file(&b, 31, 40);
	commit(done, NULL, NULL);
	commit(replaced, NULL, NULL);
	commit(NULL, replaced, NULL);
	metastore_write_end(ms, &a);
	metastore_sweep(ms);
	cr_assert_eq(access(done, F_OK), 0, "a committed file stays");
	cr_assert_eq(access(inflight, F_OK), 0, "a write in flight keeps its files");
	cr_assert_eq(access(replaced, F_OK), 0, "a replaced file stays a while for readers");
	cr_assert_neq(access(orphan, F_OK), 0, "an orphan goes");
	metastore_write_end(ms, &b);
	metastore_sweep(ms);
	cr_assert_neq(access(inflight, F_OK), 0, "a finished write's uncommitted file goes");
	free(done);
	free(orphan);
	free(inflight);
	free(replaced);
}

/* ---- a transaction block's own connection (metastore_txn.c) ---- */

static int
nfiles(Metastore *m)
{
	CatTable   *t;
	Err			err;

	err_clear(&err);
	cr_assert(metastore_find_table(m, NULL, "t", &arena, &t, &err), "%s", err.message);
	return t->nfiles;
}

static Metastore *
block(void)
{
	Err			err;
	Metastore  *b;

	err_clear(&err);
	b = metastore_block_begin(ms, 0, &err);
	cr_assert_not_null(b, "%s", err.message);
	return b;
}

static void
block_commit(Metastore *b, const char *add, const char *remove)
{
	MsCommit	c = {.table_oid = table()->oid, .nadd = add != NULL, .add = &add,
	.nremove = remove != NULL, .remove = &remove};
	Err			err;

	err_clear(&err);
	cr_assert(metastore_commit(b, &c, &err), "%s", err.message);
}

Test(server_metastore, block_isolation_and_the_write_lock)
{
	Metastore  *b;
	Metastore  *other;
	MsWrite		w;
	MsNotice	n = {0};
	char	   *f;
	Err			err;

	create();
	b = block();
	metastore_write_begin(b, &w);
	f = write_file(&w, 1, 10);
	block_commit(b, f, NULL);
	metastore_write_end(b, &w);
	cr_assert_eq(nfiles(b), 1, "the block sees its file");
	cr_assert_eq(nfiles(ms), 0, "others do not");
	err_clear(&err);
	cr_assert(!metastore_create_schema(ms, "s", false, &n, &err));
	cr_assert_str_eq(err.sqlstate, "40001", "a write outside the block: %s", err.message);
	err_clear(&err);
	cr_assert_null(metastore_block_begin(ms, 0, &err));
	cr_assert_str_eq(err.sqlstate, "40001", "a second block: %s", err.message);
	metastore_sweep(ms);
	cr_assert_eq(access(f, F_OK), 0, "the block's file stays in flight");
	cr_assert(metastore_block_end(&b, true, &err), "%s", err.message);
	cr_assert_null(b);
	cr_assert_eq(nfiles(ms), 1, "committed");
	other = block();
	cr_assert(metastore_block_end(&other, false, &err));
	free(f);
}

Test(server_metastore, block_rollback_leaves_files_to_the_sweep)
{
	Metastore  *b;
	MsWrite		w;
	char	   *kept;
	char	   *lost;
	Err			err;

	create();
	metastore_write_begin(ms, &w);
	kept = write_file(&w, 1, 10);
	commit(kept, NULL, NULL);
	metastore_write_end(ms, &w);
	b = block();
	metastore_write_begin(b, &w);
	lost = write_file(&w, 11, 20);
	block_commit(b, lost, kept);	/* replaces kept */
	metastore_write_end(b, &w);
	cr_assert_eq(nfiles(b), 1);
	err_clear(&err);
	cr_assert(metastore_block_end(&b, false, &err));
	cr_assert_eq(nfiles(ms), 1, "rolled back");
	metastore_sweep(ms);
	cr_assert_neq(access(lost, F_OK), 0, "the rolled-back write's file goes");
	cr_assert_eq(access(kept, F_OK), 0, "the file it replaced stays");
	free(kept);
	free(lost);
}

Test(server_metastore, block_savepoints)
{
	Metastore  *b;
	MsWrite		w;
	char	   *f1;
	char	   *f2;
	char	   *f3;
	Err			err;

	create();
	err_clear(&err);
	b = metastore_block_begin(ms, 1, &err);	/* one savepoint before the first write */
	cr_assert_not_null(b, "%s", err.message);
	metastore_write_begin(b, &w);
	f1 = write_file(&w, 1, 10);
	f2 = write_file(&w, 11, 20);
	f3 = write_file(&w, 21, 30);
	block_commit(b, f1, NULL);
	cr_assert(metastore_savepoint(b, &err));	/* level 1 */
	block_commit(b, f2, NULL);
	cr_assert_eq(nfiles(b), 2);
	cr_assert(metastore_rollback_to(b, 1, &err), "%s", err.message);
	cr_assert_eq(nfiles(b), 1, "ROLLBACK TO undoes what followed");
	block_commit(b, f3, NULL);
	cr_assert(metastore_release(b, 1, &err), "%s", err.message);
	cr_assert(metastore_rollback_to(b, 0, &err), "%s", err.message);
	cr_assert_eq(nfiles(b), 0, "back to before the first write");
	block_commit(b, f3, NULL);
	cr_assert(metastore_block_end(&b, true, &err), "%s", err.message);
	cr_assert_eq(nfiles(ms), 1);
	metastore_write_end(ms, &w);
	free(f1);
	free(f2);
	free(f3);
}
