/*
 * test_exec_qcf.c
 *	  The .qcf table file format: every encoding round-trips every type,
 *	  with and without NULLs and zstd, across row groups; the writer picks
 *	  the expected encodings; statistics are right; damaged files fail with
 *	  XX001 and never crash; the chunk cache stays within its capacity.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/qcf.h"
#include "exec/qcf_int.h"

#define NROWS 5000

typedef struct Gen {
	TypeId		type;
	int			kind;			/* which data pattern */
	bool		nulls;
} Gen;

static char tmpdir[] = "/tmp/qcf-test.XXXXXX";

static void
setup(void)
{
	cr_assert(mkdtemp(tmpdir) != NULL);
	qcf_cache_set_capacity(64u * 1024 * 1024);
}

static void
teardown(void)
{
	char		cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	cr_assert(system(cmd) == 0);
}

TestSuite(exec_qcf, .init = setup, .fini = teardown);

static bool
gen_null(const Gen *g, int64_t i)
{
	return g->nulls && (i % 7 == 3 || (i > 100 && i < 140));
}

/* gen_value makes row i of a pattern: sorted, small range, few distinct, runs, random. */
static Value
gen_value(const Gen *g, int64_t i, Arena *a)
{
	Value		v = {.type = g->type};
	int64_t		x;

	switch (g->kind) {
		case 0:
			x = 1000000 + i * 3;
			break;
		case 1:
			x = (i * 7919) % 100;
			break;
		case 2:
			x = ((i * 31) % 5) * 1000000007LL;
			break;
		case 3:
			x = i / 500;
			break;
		default:
			x = (int64_t) ((uint64_t) i * UINT64_C(0x9E3779B97F4A7C15) >> 1);
	}
	v.is_null = gen_null(g, i);
	switch (type_info(g->type)->phys) {
		case PHYS_BOOL:
			v.u.b = x % 2;
			break;
		case PHYS_I16:
			v.u.i = (int16_t) x;
			break;
		case PHYS_I32:
			v.u.i = (int32_t) x;
			break;
		case PHYS_F64:
			v.u.f = (double) x / 4;
			break;
		case PHYS_STR:
			v.u.s.p = arena_printf(a, "%s%lld", x % 3 ? "value-" : "long string value number ",
								   (long long) x);
			v.u.s.len = (uint32_t) strlen(v.u.s.p);
			break;
		case PHYS_DEC:
			/* one scale, except pattern 4: each value its own (stored plain) */
			v.u.n = num_make(x % 1000000000000LL, g->kind == 4 ? (int) (i % 5) : 2);
			break;
		default:
			v.u.i = x;
	}
	return v;
}

static void
set_value(Arena *a, Vector *vec, uint32_t row, const Value *v)
{
	if (v->is_null) {
		vec_set_null(a, vec, row);
		return;
	}
	vec_set_valid(vec, row);
	switch (vec->phys) {
		case PHYS_BOOL:
			((uint8_t *) vec->data)[row] = v->u.b;
			break;
		case PHYS_I16:
			((int16_t *) vec->data)[row] = (int16_t) v->u.i;
			break;
		case PHYS_I32:
			((int32_t *) vec->data)[row] = (int32_t) v->u.i;
			break;
		case PHYS_I64:
			((int64_t *) vec->data)[row] = v->u.i;
			break;
		case PHYS_F64:
			((double *) vec->data)[row] = v->u.f;
			break;
		case PHYS_DEC:
			((Numeric *) vec->data)[row] = v->u.n;
			break;
		default:
			((StrView *) vec->data)[row] = str_make(a, v->u.s.p, v->u.s.len);
	}
}

static void
write_file(const char *path, const Gen *g, int ncols, int64_t rows, const QcfOptions *o)
{
	int32_t		types[8];
	int32_t		ids[8];
	Err			err;
	QcfWriter  *w;
	Arena		a;

	err_clear(&err);
	for (int c = 0; c < ncols; c++) {
		types[c] = g[c].type;
		ids[c] = c + 10;
	}
	w = qcf_writer_open(path, ncols, types, ids, o, &err);
	cr_assert_not_null(w, "%s", err.message);
	arena_init(&a);
	for (int64_t r = 0; r < rows; r += BATCH_SIZE) {
		Batch	   *b = batch_new(&a, ncols, types);

		for (int c = 0; c < ncols; c++)
			if (b->cols[c].phys == PHYS_STR)
				b->cols[c].data = arena_alloc(&a, sizeof(StrView) * BATCH_SIZE);
		for (int64_t i = r; i < rows && i < r + BATCH_SIZE; i++, b->count++)
			for (int c = 0; c < ncols; c++) {
				Value		v = gen_value(&g[c], i, &a);

				set_value(&a, &b->cols[c], b->count, &v);
			}
		cr_assert(qcf_writer_append(w, b, &err), "%s", err.message);
		arena_reset(&a);
	}
	cr_assert(qcf_writer_finish(&w, &err), "%s", err.message);
	cr_assert_null(w);
}

static bool
chunk_value_equal(const QcfChunk *ch, uint32_t i, const Value *v)
{
	bool		null = ch->validity && !(ch->validity[i / 64] >> (i % 64) & 1);

	if (null || v->is_null)
		return null == v->is_null;
	switch (ch->phys) {
		case PHYS_BOOL:
			return ((uint8_t *) ch->values)[i] == v->u.b;
		case PHYS_I16:
			return ((int16_t *) ch->values)[i] == v->u.i;
		case PHYS_I32:
			return ((int32_t *) ch->values)[i] == v->u.i;
		case PHYS_I64:
			return ((int64_t *) ch->values)[i] == v->u.i;
		case PHYS_F64:
			return ((double *) ch->values)[i] == v->u.f;
		case PHYS_DEC:
			return ((Numeric *) ch->values)[i] == v->u.n;
		default:
			{
				const StrView *s = (StrView *) ch->values + i;

				return s->len == v->u.s.len && memcmp(str_data(s), v->u.s.p, s->len) == 0;
			}
	}
}

/* check_file reads every chunk back and compares it with the generator. */
static void
check_file(const char *path, const Gen *g, int ncols, int64_t rows)
{
	QcfFile		f;
	Err			err;
	Arena		a;
	int64_t		base = 0;

	err_clear(&err);
	arena_init(&a);
	cr_assert(qcf_open(&f, path, &err), "%s", err.message);
	cr_assert_eq(f.footer.rows, rows);
	cr_assert_eq(f.footer.ncols, ncols);
	for (int r = 0; r < f.footer.nrgs; r++) {
		for (int c = 0; c < ncols; c++) {
			QcfChunk   *ch;

			cr_assert_eq(f.footer.ids[c], c + 10);
			cr_assert(qcf_read_chunk(&f, r, c, &ch, &err), "%s", err.message);
			for (uint32_t i = 0; i < ch->rows; i++) {
				Value		v = gen_value(&g[c], base + i, &a);

				cr_assert(chunk_value_equal(ch, i, &v), "type %d kind %d row %lld",
						  g[c].type, g[c].kind, (long long) (base + i));
			}
			qcf_chunk_release(ch);
			arena_reset(&a);
		}
		base += f.footer.rgs[r].rows;
	}
	cr_assert_eq(base, rows);
	qcf_close(&f);
}

static void
roundtrip(TypeId type, bool zstd)
{
	QcfOptions	o = {.zstd = zstd, .zstd_level = 1, .row_group_rows = 3000};
	char		path[128];
	Gen			g[5];

	for (int nulls = 0; nulls < 2; nulls++) {
		for (int k = 0; k < 5; k++)
			g[k] = (Gen) {type, k, nulls};
		snprintf(path, sizeof(path), "%s/t%d-%d-%d.qcf", tmpdir, type, zstd, nulls);
		write_file(path, g, 5, NROWS, &o);
		check_file(path, g, 5, NROWS);
	}
}

Test(exec_qcf, roundtrip_every_type)
{
	TypeId		types[] = {TYPE_BOOL, TYPE_INT2, TYPE_INT4, TYPE_INT8, TYPE_FLOAT8, TYPE_TEXT,
	TYPE_NUMERIC, TYPE_DATE};

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		roundtrip(types[t], false);
		roundtrip(types[t], true);
	}
}

Test(exec_qcf, empty_file_and_one_row)
{
	QcfOptions	o = {0};
	Gen			g[1] = {{TYPE_INT8, 0, false}};
	char		path[128];

	snprintf(path, sizeof(path), "%s/empty.qcf", tmpdir);
	write_file(path, g, 1, 0, &o);
	check_file(path, g, 1, 0);
	snprintf(path, sizeof(path), "%s/one.qcf", tmpdir);
	write_file(path, g, 1, 1, &o);
	check_file(path, g, 1, 1);
}

/* encoding_of returns the encoding the writer picked for one pattern. */
static int
encoding_of(TypeId type, int kind)
{
	QcfOptions	o = {0};
	Gen			g[1] = {{type, kind, false}};
	char		path[128];
	QcfFile		f;
	Err			err;
	int			enc;

	err_clear(&err);
	snprintf(path, sizeof(path), "%s/enc-%d-%d.qcf", tmpdir, type, kind);
	write_file(path, g, 1, NROWS, &o);
	cr_assert(qcf_open(&f, path, &err));
	enc = f.footer.rgs[0].chunks[0].encoding;
	qcf_close(&f);
	return enc;
}

Test(exec_qcf, encoding_choice)
{
	cr_assert_eq(encoding_of(TYPE_INT8, 0), QCF_DELTA);
	cr_assert_eq(encoding_of(TYPE_INT8, 1), QCF_FOR);
	cr_assert_eq(encoding_of(TYPE_INT8, 2), QCF_DICT);
	cr_assert_eq(encoding_of(TYPE_INT8, 3), QCF_RLE);
	cr_assert_eq(encoding_of(TYPE_INT8, 4), QCF_PLAIN);
	cr_assert_eq(encoding_of(TYPE_TEXT, 1), QCF_DICT);
	cr_assert_eq(encoding_of(TYPE_TEXT, 3), QCF_RLE);
	cr_assert_eq(encoding_of(TYPE_TEXT, 4), QCF_PLAIN);
	cr_assert_eq(encoding_of(TYPE_FLOAT8, 3), QCF_RLE);
	cr_assert_eq(encoding_of(TYPE_NUMERIC, 1), QCF_DEC64);
	cr_assert_eq(encoding_of(TYPE_NUMERIC, 4), QCF_PLAIN);
}

Test(exec_qcf, statistics)
{
	QcfOptions	o = {.row_group_rows = 1000};
	Gen			g[2] = {{TYPE_INT4, 0, true}, {TYPE_TEXT, 1, false}};
	char		path[128];
	QcfFile		f;
	Err			err;
	double		nd;

	err_clear(&err);
	snprintf(path, sizeof(path), "%s/stats.qcf", tmpdir);
	write_file(path, g, 2, NROWS, &o);
	cr_assert(qcf_open(&f, path, &err));
	cr_assert_eq(f.footer.nrgs, 5);
	/* rows 0..4999 of 1000000 + 3i, NULL when i % 7 == 3 or 100 < i < 140 */
	cr_assert_eq(f.footer.stats[0].min.u.i, 1000000);
	cr_assert_eq(f.footer.stats[0].max.u.i, 1000000 + 3 * 4999);
	cr_assert_eq(f.footer.rgs[1].chunks[0].stats.min.u.i, 1000000 + 3 * 1000);
	cr_assert(f.footer.stats[0].nulls > 700 && f.footer.stats[0].nulls < 760);
	nd = qcf_hll_estimate(f.footer.hll[0]);
	cr_assert(nd > 4000 && nd < 4600, "estimate %f", nd);
	nd = qcf_hll_estimate(f.footer.hll[1]);
	cr_assert(nd > 95 && nd < 105, "estimate %f", nd);
	cr_assert_eq(f.footer.stats[1].nulls, 0);
	cr_assert_str_eq(f.footer.stats[1].min.u.s.p, "long string value number 0");
	qcf_close(&f);
}

static void
flip_byte(const char *path, long at)
{
	FILE	   *fp = fopen(path, "r+b");
	int			ch;

	cr_assert_not_null(fp);
	fseek(fp, at, SEEK_SET);
	ch = fgetc(fp);
	fseek(fp, at, SEEK_SET);
	fputc(ch ^ 0x5a, fp);
	fclose(fp);
}

/* read_all reads every chunk; false with err set at the first failure. */
static bool
read_all(const char *path, Err *err)
{
	QcfFile		f;

	if (!qcf_open(&f, path, err))
		return false;
	for (int r = 0; r < f.footer.nrgs; r++)
		for (int c = 0; c < f.footer.ncols; c++) {
			QcfChunk   *ch;

			if (!qcf_read_chunk(&f, r, c, &ch, err)) {
				qcf_close(&f);
				return false;
			}
			qcf_chunk_release(ch);
		}
	qcf_close(&f);
	return true;
}

Test(exec_qcf, corruption_is_xx001)
{
	QcfOptions	o = {.zstd = true, .zstd_level = 1, .row_group_rows = 1000};
	Gen			g[2] = {{TYPE_INT8, 4, true}, {TYPE_TEXT, 1, false}};
	char		path[128];
	long		size;
	FILE	   *fp;

	qcf_cache_set_capacity(0);
	snprintf(path, sizeof(path), "%s/bad.qcf", tmpdir);
	write_file(path, g, 2, NROWS, &o);
	fp = fopen(path, "rb");
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fclose(fp);
	for (long at = 0; at < size; at += 1 + size / 300) {
		Err			err;

		err_clear(&err);
		flip_byte(path, at);
		cr_assert(!read_all(path, &err), "flipped byte %ld went unnoticed", at);
		cr_assert_str_eq(err.sqlstate, "XX001", "byte %ld: %s", at, err.message);
		cr_assert(strstr(err.message, path) != NULL);
		flip_byte(path, at);
	}
	cr_assert(truncate(path, size - 5) == 0);
	{
		Err			err;

		err_clear(&err);
		cr_assert(!read_all(path, &err));
		cr_assert_str_eq(err.sqlstate, "XX001");
	}
}

/* Chunks whose checksums were recomputed still fail to decode safely. */
Test(exec_qcf, decoder_rejects_garbage)
{
	uint8_t    *raw = calloc(1, 4096 + QCF_SLACK);
	QcfChunk	ch;

	srand(7);
	for (int trial = 0; trial < 20000; trial++) {
		size_t		len = (size_t) (rand() % 64);
		TypeId		types[] = {TYPE_INT4, TYPE_INT8, TYPE_TEXT, TYPE_FLOAT8, TYPE_BOOL, TYPE_NUMERIC};

		for (size_t i = 0; i < len; i++)
			raw[i] = (uint8_t) (rand() % 4 == 0 ? rand() : rand() % 3);
		memset(raw + len, 0, QCF_SLACK);
		if (qcf_decode(raw, len, (uint32_t) (rand() % 40 + 1), types[trial % 6],
					   (QcfEncoding) (rand() % QCF_ENCODING_COUNT), &ch)) {
			free(ch.mem[0]);
			if (ch.mem[1] == raw)
				ch.mem[1] = NULL;
		}
	}
	free(raw);
}

Test(exec_qcf, cache_is_bounded_and_shared)
{
	QcfOptions	o = {.row_group_rows = 1000};
	Gen			g[1] = {{TYPE_INT8, 4, false}};
	char		path[128];
	QcfFile		f;
	QcfChunk   *a1;
	QcfChunk   *a2;
	Err			err;

	err_clear(&err);
	snprintf(path, sizeof(path), "%s/cache.qcf", tmpdir);
	write_file(path, g, 1, NROWS, &o);
	qcf_cache_set_capacity(20000);	/* two chunks of 1000 int8 (16 KiB each, padded) fit */
	cr_assert(qcf_open(&f, path, &err));
	cr_assert(qcf_read_chunk(&f, 0, 0, &a1, &err));
	cr_assert(qcf_read_chunk(&f, 0, 0, &a2, &err));
	cr_assert_eq(a1, a2, "a cached chunk is shared");
	qcf_chunk_release(a2);
	for (int r = 1; r < f.footer.nrgs; r++) {
		QcfChunk   *c;

		cr_assert(qcf_read_chunk(&f, r, 0, &c, &err));
		qcf_chunk_release(c);
		cr_assert(qcf_cache_bytes() <= 20000);
	}
	cr_assert_eq(((int64_t *) a1->values)[0], gen_value(&g[0], 0, NULL).u.i,
				 "an evicted chunk in use stays valid");
	qcf_chunk_release(a1);
	qcf_close(&f);
}
