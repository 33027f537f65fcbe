/*
 * test_exec_shuffle.c
 *	  The shuffle inside one process: the store (commit, abort, replace,
 *	  drop, spill beyond a tiny memory limit and read back), hash
 *	  partitioning (equal keys of int4 and int8, of numerics of different
 *	  scales, of text land in the same partition), and map tasks over a
 *	  table file read back through the ShuffleRead operator from the local
 *	  store: every row exactly once, corrupt blocks FETCH_FAILED.  The
 *	  ZeroMQ fetch path is in test_exec_shuffle_net.c.
 */
#include <dirent.h>

#include "common/numeric.h"
#include "exec/keys.h"
#include "exec/shuffle.h"
#include "exec_util.h"

static char sdir[128];

static void
shuffle_setup(void)
{
	setup();
	snprintf(sdir, sizeof(sdir), "%s/shuffle", dir);
}

static void
rm_dir(const char *d)
{
	DIR		   *dp = opendir(d);
	struct dirent *e;
	char		p[512];

	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", d, e->d_name);
			unlink(p);
		}
	closedir(dp);
	rmdir(d);
}

static void
shuffle_teardown(void)
{
	rm_dir(sdir);
	teardown();
}

TestSuite(exec_shuffle, .init = shuffle_setup, .fini = shuffle_teardown);

static int
count_files(const char *d)
{
	DIR		   *dp = opendir(d);
	struct dirent *e;
	int			n = 0;

	cr_assert_not_null(dp);
	while ((e = readdir(dp)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

static ShuffleStore *
open_store(int64_t limit)
{
	Err			err;
	ShuffleStore *s;

	err_clear(&err);
	s = shuffle_store_open(sdir, limit, &err);
	cr_assert_not_null(s, "%s", err.message);
	return s;
}

static void
put(ShuffleWriter *w, int part, const char *text)
{
	Err			err;

	err_clear(&err);
	cr_assert(shuffle_writer_put(w, part, (const uint8_t *) text, strlen(text), &err), "%s",
			  err.message);
}

static ShuffleWriter *
begin(ShuffleStore *s, uint64_t q, int shuffle, int map, int parts)
{
	Err			err;
	ShuffleWriter *w;

	err_clear(&err);
	w = shuffle_writer_begin(s, q, shuffle, map, parts, &err);
	cr_assert_not_null(w, "%s", err.message);
	return w;
}

/* block_is checks block i of partition p of o holds text. */
static void
block_is(const ShuffleMapOutput *o, int p, int i, const char *text)
{
	Buf			copy;
	const uint8_t *data;
	size_t		len;
	Err			err;

	buf_init(&copy);
	err_clear(&err);
	cr_assert(shuffle_output_read(o, p, i, &copy, &data, &len, &err), "%s", err.message);
	cr_assert_eq(len, strlen(text));
	cr_assert(memcmp(data, text, len) == 0, "block %d.%d", p, i);
	buf_free(&copy);
}

/* ---- the store ---- */

Test(exec_shuffle, store_commit_read_drop)
{
	ShuffleStore *s = open_store(1 << 20);
	ShuffleWriter *w = begin(s, 7, 1, 0, 3);
	ShuffleMapOutput *o;
	ShuffleStoreStats st;

	put(w, 0, "zero-a");
	put(w, 2, "two-a");
	put(w, 0, "zero-b");
	cr_assert_null(shuffle_store_acquire(s, 7, 1, 0), "visible before its commit");
	shuffle_writer_commit(&w);
	cr_assert_null(w);
	o = shuffle_store_acquire(s, 7, 1, 0);
	cr_assert_not_null(o);
	cr_assert_null(shuffle_store_acquire(s, 7, 1, 1));
	cr_assert_null(shuffle_store_acquire(s, 8, 1, 0));
	cr_assert_eq(shuffle_output_partitions(o), 3);
	cr_assert_eq(shuffle_output_nblocks(o, 0), 2);
	cr_assert_eq(shuffle_output_nblocks(o, 1), 0);
	cr_assert_eq(shuffle_output_nblocks(o, 2), 1);
	block_is(o, 0, 0, "zero-a");
	block_is(o, 0, 1, "zero-b");
	block_is(o, 2, 0, "two-a");
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.outputs, 1);
	cr_assert_eq(st.mem_bytes, 17);
	/* dropped while read: the reader's reference keeps it */
	shuffle_store_drop_query(s, 7);
	cr_assert_null(shuffle_store_acquire(s, 7, 1, 0));
	block_is(o, 2, 0, "two-a");
	shuffle_store_release(s, &o);
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.outputs, 0);
	cr_assert_eq(st.mem_bytes, 0);
	/* a map of an ended query that commits late is dropped */
	w = begin(s, 7, 1, 1, 1);
	put(w, 0, "late");
	shuffle_writer_commit(&w);
	cr_assert_null(shuffle_store_acquire(s, 7, 1, 1));
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.mem_bytes, 0);
	shuffle_store_close(&s);
}

Test(exec_shuffle, store_abort_and_replace)
{
	ShuffleStore *s = open_store(1 << 20);
	ShuffleWriter *w = begin(s, 9, 2, 5, 1);
	ShuffleMapOutput *first;
	ShuffleMapOutput *second;
	ShuffleStoreStats st;

	put(w, 0, "failed attempt");
	shuffle_writer_abort(&w);
	cr_assert_null(w);
	cr_assert_null(shuffle_store_acquire(s, 9, 2, 5));
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.mem_bytes, 0);

	w = begin(s, 9, 2, 5, 1);
	put(w, 0, "first");
	shuffle_writer_commit(&w);
	first = shuffle_store_acquire(s, 9, 2, 5);
	w = begin(s, 9, 2, 5, 1);
	put(w, 0, "second-a");
	put(w, 0, "second-b");
	shuffle_writer_commit(&w);
	second = shuffle_store_acquire(s, 9, 2, 5);
	cr_assert_neq(first, second);
	cr_assert_eq(shuffle_output_nblocks(second, 0), 2);
	block_is(second, 0, 1, "second-b");
	block_is(first, 0, 0, "first");	/* still readable by its reader */
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.outputs, 1);
	shuffle_store_release(s, &first);
	shuffle_store_release(s, &second);
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.mem_bytes, (int64_t) strlen("second-asecond-b"));
	shuffle_store_close(&s);
}

Test(exec_shuffle, store_spills_beyond_memory_limit)
{
	ShuffleStore *s = open_store(100);
	ShuffleWriter *w = begin(s, 3, 0, 0, 2);
	ShuffleMapOutput *o;
	ShuffleStoreStats st;
	char		text[20][80];

	for (int i = 0; i < 20; i++) {
		snprintf(text[i], sizeof(text[i]), "block %02d of partition %d, sixty-odd bytes long......",
				 i, i % 2);
		put(w, i % 2, text[i]);
	}
	shuffle_store_stats(s, &st);
	cr_assert_leq(st.mem_bytes, 100);
	cr_assert_gt(st.spill_bytes, 0);
	cr_assert_eq(st.files, 1);
	cr_assert_eq(count_files(sdir), 1);
	shuffle_writer_commit(&w);
	o = shuffle_store_acquire(s, 3, 0, 0);
	cr_assert_not_null(o);
	for (int i = 0; i < 20; i++)
		block_is(o, i % 2, i / 2, text[i]);
	shuffle_store_release(s, &o);
	shuffle_store_drop_query(s, 3);
	shuffle_store_stats(s, &st);
	cr_assert_eq(st.files, 0);
	cr_assert_eq(st.spill_bytes, 0);
	cr_assert_eq(count_files(sdir), 0, "spill file left behind");
	shuffle_store_close(&s);
}

Test(exec_shuffle, store_open_empties_directory)
{
	ShuffleStore *s = open_store(0);
	char		p[256];
	FILE	   *f;

	shuffle_store_close(&s);
	snprintf(p, sizeof(p), "%s/1-0-0-1.spill", sdir);
	f = fopen(p, "w");
	cr_assert_not_null(f);
	fputs("left by a crashed worker", f);
	fclose(f);
	s = open_store(0);
	cr_assert_eq(count_files(sdir), 0);
	shuffle_store_close(&s);
}

/* ---- map tasks and ShuffleRead over the local store ---- */

static ShuffleEnv env;

static ShuffleEnv *
use_store(ShuffleStore *s)
{
	memset(&env, 0, sizeof(env));
	env.store = s;
	env.self_endpoint = "tcp://127.0.0.1:1";
	env.zstd_level = 1;
	return &env;
}

static Quarry__ShuffleOutput *
output(uint64_t q, int shuffle, int map, int parts, Quarry__ShuffleKind kind, Quarry__Expr *key)
{
	Quarry__ShuffleOutput *o = arena_new(&arena, Quarry__ShuffleOutput);

	*o = (Quarry__ShuffleOutput) QUARRY__SHUFFLE_OUTPUT__INIT;
	o->query = q;
	o->shuffle = shuffle;
	o->map = map;
	o->partitions = parts;
	o->kind = kind;
	if (key != NULL) {
		o->n_keys = 1;
		o->keys = arena_array(&arena, Quarry__Expr *, 1);
		o->keys[0] = key;
	}
	return o;
}

/* run_map drives plan into the store as map output out. */
static void
run_map(ShuffleStore *s, const Quarry__PlanNode *plan, const Quarry__ShuffleOutput *out)
{
	Arena		task;
	ExecCtx		cx = {.arena = &task, .shuffle = use_store(s)};
	ShuffleMap *m;
	Op		   *op;
	Batch	   *b;
	OpStatus	st;
	Err			err;

	err_clear(&err);
	arena_init(&task);
	op = exec_build(&cx, plan, &err);
	cr_assert_not_null(op, "%s", err.message);
	m = shuffle_map_new(&env, out, op->ncols, op->types, &err);
	cr_assert_not_null(m, "%s", err.message);
	cr_assert(exec_open(op, &err), "%s", err.message);
	while ((st = exec_next(op, &b, &err)) == OP_BATCH)
		cr_assert(shuffle_map_add(m, b, &err), "%s", err.message);
	cr_assert_eq(st, OP_DONE, "%s", err.message);
	exec_close(op);
	cr_assert(shuffle_map_finish(m, &err), "%s", err.message);
	shuffle_map_free(&m);
	arena_reset(&task);
}

/* shuffle_read builds a ShuffleRead of parts from maps 0..nmaps-1. */
static Quarry__PlanNode *
shuffle_read(int ntypes, const int32_t *types, uint64_t q, int shuffle, int nparts,
			 const int32_t *parts, int nmaps, const char *endpoint)
{
	Quarry__PlanNode *p = node(ntypes, types);
	Quarry__ShuffleRead *sr = arena_new(&arena, Quarry__ShuffleRead);

	*sr = (Quarry__ShuffleRead) QUARRY__SHUFFLE_READ__INIT;
	sr->query = q;
	sr->shuffle = shuffle;
	sr->n_partitions = (size_t) nparts;
	sr->partitions = arena_memdup(&arena, parts, sizeof(int32_t) * (size_t) nparts);
	sr->n_sources = (size_t) nmaps;
	sr->sources = arena_array(&arena, Quarry__ShuffleSource *, nmaps + 1);
	for (int m = 0; m < nmaps; m++) {
		Quarry__ShuffleSource *src = arena_new(&arena, Quarry__ShuffleSource);

		*src = (Quarry__ShuffleSource) QUARRY__SHUFFLE_SOURCE__INIT;
		src->map = m;
		src->endpoint = (char *) endpoint;
		src->worker = "w1";
		sr->sources[m] = src;
	}
	p->node_case = QUARRY__PLAN_NODE__NODE_SHUFFLE_READ;
	p->shuffle_read = sr;
	return p;
}

/* read_all runs a ShuffleRead through the operator and returns its rows. */
static bool
read_all(ShuffleStore *s, const Quarry__PlanNode *plan, Result *res, Err *err)
{
	Arena		task;
	ExecCtx		cx = {.arena = &task, .shuffle = use_store(s)};
	Op		   *op;
	Batch	   *b;
	OpStatus	st = OP_FAILED;
	int			cap = 1024;

	err_clear(err);
	arena_init(&task);
	memset(res, 0, sizeof(*res));
	res->ncols = (int) plan->n_output_types;
	res->v = malloc(sizeof(Value) * (size_t) cap * (size_t) res->ncols);
	if ((op = exec_build(&cx, plan, err)) != NULL && exec_open(op, err)) {
		while ((st = exec_next(op, &b, err)) == OP_BATCH)
			for (uint32_t k = 0; k < batch_rows(b); k++, res->nrows++) {
				if (res->nrows == cap) {
					cap *= 2;
					res->v = realloc(res->v, sizeof(Value) * (size_t) cap * (size_t) res->ncols);
				}
				for (int c = 0; c < res->ncols; c++) {
					Value		v = vec_get(&b->cols[c], batch_row(b, k));

					if (!v.is_null && type_info(v.type)->phys == PHYS_STR)
						v.u.s.p = arena_strndup(&arena, v.u.s.p, v.u.s.len);
					AT(*res, res->nrows, c) = v;
				}
			}
		exec_close(op);
	}
	arena_reset(&task);
	return st == OP_DONE;
}

/* check_ids: the rows of t, each exactly once, with the right columns. */
static void
check_ids(const Result *r, int n)
{
	char	   *seen = calloc(n, 1);

	cr_assert_eq(r->nrows, n);
	for (int k = 0; k < r->nrows; k++) {
		int			i = (int) AT(*r, k, 0).u.i;

		cr_assert(i >= 0 && i < n && !seen[i], "id %d twice or out of range", i);
		seen[i] = 1;
		cr_assert_eq(AT(*r, k, 1).is_null, grp_null(i));
		if (!grp_null(i))
			cr_assert(strcmp(AT(*r, k, 1).u.s.p, names[i % 4 % 3]) == 0);
		cr_assert_eq(AT(*r, k, 2).is_null, val_null(i));
		cr_assert_eq(AT(*r, k, 3).u.f, i / 2.0);
	}
	free(seen);
}

static void
map_and_read_back(int nparts, int64_t memory_limit, int nrows)
{
	ShuffleStore *s = open_store(memory_limit);
	int32_t		parts[256];
	int			total = 0;
	Result		r;
	Err			err;

	write_table(nrows, 1000);
	run_map(s, scan_all(), output(11, 1, 0, nparts, QUARRY__SHUFFLE_KIND__SHUFFLE_HASH,
									col(0, TYPE_INT4)));
	cr_assert_eq(env.rows, nrows);
	cr_assert_gt(env.bytes, 0);
	for (int p = 0; p < nparts; p++)
		parts[p] = p;
	cr_assert(read_all(s, shuffle_read(4, t_types, 11, 1, nparts, parts, 1, NULL), &r, &err),
			  "%s", err.message);
	check_ids(&r, nrows);
	free(r.v);
	/* each partition alone: disjoint, and the key's own partition */
	for (int p = 0; p < nparts; p++) {
		cr_assert(read_all(s, shuffle_read(4, t_types, 11, 1, 1, &parts[p], 1, "tcp://127.0.0.1:1"),
						   &r, &err), "%s", err.message);
		for (int k = 0; k < r.nrows; k++) {
			Vector		v = {.type = TYPE_INT4, .phys = PHYS_I32};
			int32_t		id = (int32_t) AT(r, k, 0).u.i;
			Vector	   *keys[1] = {&v};

			v.data = &id;
			cr_assert_eq(shuffle_partition_of(key_hash(keys, 1, 0), (uint32_t) nparts),
						 (uint32_t) p);
		}
		total += r.nrows;
		free(r.v);
	}
	cr_assert_eq(total, nrows);
	shuffle_store_close(&s);
}

Test(exec_shuffle, map_hash_four_partitions)
{
	map_and_read_back(4, 1 << 30, 10000);
}

Test(exec_shuffle, map_hash_many_partitions)
{
	map_and_read_back(200, 1 << 30, 10000);
}

Test(exec_shuffle, map_spilled_read_back)
{
	map_and_read_back(3, 0, 30000);
	cr_assert_eq(count_files(sdir), 0);
}

Test(exec_shuffle, map_single_and_several_maps)
{
	ShuffleStore *s = open_store(1 << 30);
	int32_t		zero = 0;
	Result		r;
	Err			err;

	write_table(3000, 700);
	/* two maps of the same shuffle, each half of t; SINGLE puts all in 0 */
	run_map(s, filter(scan_all(), op2(XOP(LT), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 1500))),
			output(12, 0, 0, 3, QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE, NULL));
	run_map(s, filter(scan_all(), op2(XOP(GE), TYPE_BOOL, col(0, TYPE_INT4), cint(TYPE_INT4, 1500))),
			output(12, 0, 1, 3, QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE, NULL));
	cr_assert(read_all(s, shuffle_read(4, t_types, 12, 0, 1, &zero, 2, NULL), &r, &err),
			  "%s", err.message);
	check_ids(&r, 3000);
	free(r.v);
	shuffle_store_close(&s);
}

Test(exec_shuffle, missing_and_corrupt_outputs_fail_the_fetch)
{
	ShuffleStore *s = open_store(1 << 20);
	ShuffleWriter *w;
	int32_t		zero = 0;
	Result		r;
	Err			err;

	cr_assert_not(read_all(s, shuffle_read(4, t_types, 13, 2, 1, &zero, 1, NULL), &r, &err));
	free(r.v);
	cr_assert(env.fetch_failed);
	cr_assert_eq(env.fetch_shuffle, 2);
	cr_assert_eq(env.fetch_map, 0);
	cr_assert_str_eq(env.fetch_worker, "w1");

	w = begin(s, 13, 2, 0, 1);
	put(w, 0, "not a zstd frame at all");
	shuffle_writer_commit(&w);
	cr_assert_not(read_all(s, shuffle_read(4, t_types, 13, 2, 1, &zero, 1, NULL), &r, &err));
	free(r.v);
	cr_assert_str_eq(err.sqlstate, "XX001", "%s", err.message);
	cr_assert(env.fetch_failed);
	shuffle_store_close(&s);
}

/* ---- equal keys of different types share a partition ---- */

/* one_col_batch: a batch of one column of type t holding vals. */
static Batch *
one_col_batch(TypeId t, int n, const Value *vals)
{
	int32_t		type = t;
	Batch	   *b = batch_new(&arena, 1, &type);

	for (int i = 0; i < n; i++)
		vec_set(&arena, &b->cols[0], (uint32_t) i, &vals[i]);
	b->count = (uint32_t) n;
	return b;
}

static uint32_t
partition(const Batch *b, int row, uint32_t nparts)
{
	Vector	   *keys[1] = {&b->cols[0]};

	return shuffle_partition_of(key_hash(keys, 1, (uint32_t) row), nparts);
}

Test(exec_shuffle, equal_keys_same_partition)
{
	enum {N = 500};
	static Value i4[N], i8[N], n1[N], n2[N], t1[N], t2[N];
	static char	buf[N][48];
	Batch	   *b4, *b8, *bn1, *bn2, *bt1, *bt2;
	uint32_t	used[16] = {0};

	for (int i = 0; i < N; i++) {
		int64_t		k = (int64_t) i * 7919 - 100000;

		i4[i] = (Value) {.type = TYPE_INT4};
		i4[i].u.i = k;
		i8[i] = (Value) {.type = TYPE_INT8};
		i8[i].u.i = k;
		n1[i] = (Value) {.type = TYPE_NUMERIC};
		n1[i].u.n = num_make((int128) k * 10 + 5, 1);	/* k.5 */
		n2[i] = (Value) {.type = TYPE_NUMERIC};
		n2[i].u.n = num_make((int128) k * 1000 + 500, 3);	/* k.500 */
		snprintf(buf[i], sizeof(buf[i]), i % 2 ? "k%d" : "a longer text key number %d", i);
		t1[i] = (Value) {.type = TYPE_TEXT};
		t1[i].u.s.p = buf[i];
		t1[i].u.s.len = (uint32_t) strlen(buf[i]);
		t2[i] = (Value) {.type = TYPE_VARCHAR};
		t2[i].u.s = t1[i].u.s;
	}
	b4 = one_col_batch(TYPE_INT4, N, i4);
	b8 = one_col_batch(TYPE_INT8, N, i8);
	bn1 = one_col_batch(TYPE_NUMERIC, N, n1);
	bn2 = one_col_batch(TYPE_NUMERIC, N, n2);
	bt1 = one_col_batch(TYPE_TEXT, N, t1);
	bt2 = one_col_batch(TYPE_VARCHAR, N, t2);
	for (int i = 0; i < N; i++) {
		for (uint32_t np = 2; np <= 16; np += 7) {
			cr_assert_eq(partition(b4, i, np), partition(b8, i, np), "int4/int8 %d", i);
			cr_assert_eq(partition(bn1, i, np), partition(bn2, i, np), "numeric scales %d", i);
			cr_assert_eq(partition(bt1, i, np), partition(bt2, i, np), "text %d", i);
		}
		used[partition(b8, i, 16)]++;
	}
	/* and the partitions are all used, none with most of the keys */
	for (int p = 0; p < 16; p++) {
		cr_assert_gt(used[p], N / 16 / 3, "partition %d has %u keys", p, used[p]);
		cr_assert_lt(used[p], N / 16 * 3, "partition %d has %u keys", p, used[p]);
	}
}

Test(exec_shuffle, type_mismatch_is_not_a_fetch_failure)
{
	ShuffleStore *s = open_store(1 << 20);
	int32_t		zero = 0;
	int32_t		wrong[4] = {TYPE_INT8, TYPE_TEXT, TYPE_INT4, TYPE_FLOAT8};
	Result		r;
	Err			err;

	write_table(100, 100);
	run_map(s, scan_all(), output(14, 0, 0, 1, QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE, NULL));
	cr_assert_not(read_all(s, shuffle_read(4, wrong, 14, 0, 1, &zero, 1, NULL), &r, &err));
	free(r.v);
	cr_assert_str_eq(err.sqlstate, "XX000", "%s", err.message);
	cr_assert_not(env.fetch_failed);
	shuffle_store_close(&s);
}
