/*
 * sink_qcf.c
 *	  The .qcf sink: each unit fills 2048-row batches (common/batch.h) in
 *	  its own arena; when the unit commits, its batches go to the chunk's
 *	  .qcf writer (exec/qcf.h), which cuts row groups, picks each chunk's
 *	  encoding and keeps the statistics.  The driver commits a chunk's units
 *	  one at a time and in order, so a writer is never used by two threads
 *	  at once and each file is in key order; different chunks encode in
 *	  parallel.
 *
 *	  Values are stored as Quarry stores them after COPY: money in cents as
 *	  numerics of scale 2, l_quantity likewise, dates as days since
 *	  2000-01-01, char(n) padded with blanks to n.
 *
 *	  INTERFACE ROUTINES: qcf_sink_new
 */
#include "sink_qcf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/batch.h"
#include "common/numeric.h"
#include "exec/qcf.h"

#define MAX_COLS 16
#define DAYS_1970_TO_2000 10957

/* One column of the schema: its type and, for char(n), n. */
typedef struct ColSpec
{
	TypeId		type;
	int			width;
} ColSpec;

#define I4 {TYPE_INT4, 0}
#define VC {TYPE_VARCHAR, 0}
#define NUM {TYPE_NUMERIC, 0}
#define DT {TYPE_DATE, 0}
#define CH(n) {TYPE_BPCHAR, n}

/* Per table, the columns of scripts/tpch-schema.sql in order. */
static const ColSpec schema[TPCH_NTABLES][MAX_COLS + 1] = {
	[TPCH_REGION] = {I4, CH(25), VC},
	[TPCH_NATION] = {I4, CH(25), I4, VC},
	[TPCH_SUPPLIER] = {I4, CH(25), VC, I4, CH(15), NUM, VC},
	[TPCH_CUSTOMER] = {I4, VC, VC, I4, CH(15), NUM, CH(10), VC},
	[TPCH_PART] = {I4, VC, CH(25), CH(10), VC, I4, CH(10), NUM, VC},
	[TPCH_PARTSUPP] = {I4, I4, I4, NUM, VC},
	[TPCH_ORDERS] = {I4, I4, CH(1), NUM, DT, CH(15), CH(15), I4, VC},
	[TPCH_LINEITEM] = {I4, I4, I4, I4, NUM, NUM, NUM, NUM, CH(1), CH(1), DT, DT, DT,
	CH(25), CH(10), VC},
};

typedef struct QcfSink QcfSink;

typedef struct QcfUnit
{
	QcfSink    *sink;
	TpchTable	table;
	QcfWriter  *writer;
	Arena		arena;			/* the batches and their long strings */
	Batch	  **batches;
	int			nbatches;
	int			cap;
	Batch	   *cur;			/* the batch being filled */
	uint32_t	row;			/* the row being filled in cur */
} QcfUnit;

struct QcfSink
{
	TpchSink	base;
	char		dir[PATH_MAX];
	int			nworkers;
	int			zstd_level;
	int			ncols[TPCH_NTABLES];
	int32_t		types[TPCH_NTABLES][MAX_COLS];
	QcfWriter **writers[TPCH_NTABLES];
	int			nwriters[TPCH_NTABLES];
	QcfUnit    *units;			/* [worker * TPCH_NTABLES + table] */
};

/* ---- filling a row ---- */

/* next_row starts a row, in a new batch when the current one is full. */
static void
next_row(QcfUnit *u)
{
	if (u->cur == NULL || u->cur->count == BATCH_SIZE)
	{
		if (u->nbatches == u->cap)
		{
			u->cap = u->cap ? u->cap * 2 : 16;
			u->batches = realloc(u->batches, sizeof(Batch *) * (size_t) u->cap);
			if (u->batches == NULL)
			{
				fprintf(stderr, "tpchgen: out of memory\n");
				exit(1);
			}
		}
		u->cur = batch_new(&u->arena, u->sink->ncols[u->table], u->sink->types[u->table]);
		u->cur->count = 0;
		u->batches[u->nbatches++] = u->cur;
	}
	u->row = u->cur->count++;
}

static inline void
set_i32(QcfUnit *u, int col, int64_t v)
{
	((int32_t *) u->cur->cols[col].data)[u->row] = (int32_t) v;
}

/* set_money stores hundredths (cents) as a numeric of scale 2. */
static inline void
set_money(QcfUnit *u, int col, int64_t hundredths)
{
	((Numeric *) u->cur->cols[col].data)[u->row] = num_make((int128) hundredths, 2);
}

static inline void
set_date(QcfUnit *u, int col, int32_t days_since_1970)
{
	((int32_t *) u->cur->cols[col].data)[u->row] = days_since_1970 - DAYS_1970_TO_2000;
}

static inline void
set_str(QcfUnit *u, int col, const char *p, uint32_t len)
{
	((StrView *) u->cur->cols[col].data)[u->row] = str_make(&u->arena, p, len);
}

/* set_text stores s, padded with blanks to n when the column is char(n). */
static void
set_text(QcfUnit *u, int col, TpchStr s)
{
	int			width = schema[u->table][col].width;
	char		pad[64];

	if (width == 0 || s.len >= (uint32_t) width || width > (int) sizeof(pad))
	{
		set_str(u, col, s.ptr, s.len);
		return;
	}
	memcpy(pad, s.ptr, s.len);
	memset(pad + s.len, ' ', (size_t) width - s.len);
	set_str(u, col, pad, (uint32_t) width);
}

static void
set_char(QcfUnit *u, int col, char c)
{
	set_str(u, col, &c, 1);
}

/* ---- the rows of each table ---- */

static void
row_region(void *unit, const TpchRegion *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->regionkey);
	set_text(u, 1, r->name);
	set_text(u, 2, r->comment);
}

static void
row_nation(void *unit, const TpchNation *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->nationkey);
	set_text(u, 1, r->name);
	set_i32(u, 2, r->regionkey);
	set_text(u, 3, r->comment);
}

static void
row_supplier(void *unit, const TpchSupplier *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->suppkey);
	set_text(u, 1, r->name);
	set_text(u, 2, r->address);
	set_i32(u, 3, r->nationkey);
	set_text(u, 4, r->phone);
	set_money(u, 5, r->acctbal);
	set_text(u, 6, r->comment);
}

static void
row_customer(void *unit, const TpchCustomer *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->custkey);
	set_text(u, 1, r->name);
	set_text(u, 2, r->address);
	set_i32(u, 3, r->nationkey);
	set_text(u, 4, r->phone);
	set_money(u, 5, r->acctbal);
	set_text(u, 6, r->mktsegment);
	set_text(u, 7, r->comment);
}

static void
row_part(void *unit, const TpchPart *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->partkey);
	set_text(u, 1, r->name);
	set_text(u, 2, r->mfgr);
	set_text(u, 3, r->brand);
	set_text(u, 4, r->type);
	set_i32(u, 5, r->size);
	set_text(u, 6, r->container);
	set_money(u, 7, r->retailprice);
	set_text(u, 8, r->comment);
}

static void
row_partsupp(void *unit, const TpchPartsupp *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->partkey);
	set_i32(u, 1, r->suppkey);
	set_i32(u, 2, r->availqty);
	set_money(u, 3, r->supplycost);
	set_text(u, 4, r->comment);
}

static void
row_orders(void *unit, const TpchOrder *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->orderkey);
	set_i32(u, 1, r->custkey);
	set_char(u, 2, r->orderstatus);
	set_money(u, 3, r->totalprice);
	set_date(u, 4, r->orderdate);
	set_text(u, 5, r->orderpriority);
	set_text(u, 6, r->clerk);
	set_i32(u, 7, r->shippriority);
	set_text(u, 8, r->comment);
}

static void
row_lineitem(void *unit, const TpchLineitem *r)
{
	QcfUnit    *u = unit;

	next_row(u);
	set_i32(u, 0, r->orderkey);
	set_i32(u, 1, r->partkey);
	set_i32(u, 2, r->suppkey);
	set_i32(u, 3, r->linenumber);
	set_money(u, 4, (int64_t) r->quantity * 100);
	set_money(u, 5, r->extendedprice);
	set_money(u, 6, r->discount);
	set_money(u, 7, r->tax);
	set_char(u, 8, r->returnflag);
	set_char(u, 9, r->linestatus);
	set_date(u, 10, r->shipdate);
	set_date(u, 11, r->commitdate);
	set_date(u, 12, r->receiptdate);
	set_text(u, 13, r->shipinstruct);
	set_text(u, 14, r->shipmode);
	set_text(u, 15, r->comment);
}

/* ---- files ---- */

static bool
fail(TpchSink *base, const char *what, TpchTable t, const Err *err)
{
	snprintf(base->errmsg, sizeof(base->errmsg), "cannot %s %s: %.400s", what,
			 tpch_table_name(t), err->message);
	return false;
}

static bool
open_table(TpchSink *base, TpchTable t, int nchunks)
{
	QcfSink    *s = (QcfSink *) base;
	int32_t		ids[MAX_COLS];
	QcfOptions	opts = {.zstd = s->zstd_level > 0, .zstd_level = s->zstd_level};

	for (int i = 0; i < s->ncols[t]; i++)
		ids[i] = i + 1;
	s->writers[t] = calloc((size_t) nchunks, sizeof(QcfWriter *));
	if (s->writers[t] == NULL)
	{
		snprintf(base->errmsg, sizeof(base->errmsg), "out of memory");
		return false;
	}
	s->nwriters[t] = nchunks;
	for (int c = 0; c < nchunks; c++)
	{
		char		path[PATH_MAX + 64];
		Err			err;

		if (nchunks == 1)
			snprintf(path, sizeof(path), "%s/%s.qcf", s->dir, tpch_table_name(t));
		else
			snprintf(path, sizeof(path), "%s/%s.%d.qcf", s->dir, tpch_table_name(t),
					 c + 1);
		err_clear(&err);
		s->writers[t][c] = qcf_writer_open(path, s->ncols[t], s->types[t], ids, &opts, &err);
		if (s->writers[t][c] == NULL)
			return fail(base, "create a file of", t, &err);
	}
	return true;
}

static void *
unit_begin(TpchSink *base, TpchTable t, int chunk, int64_t seq, int worker)
{
	QcfSink    *s = (QcfSink *) base;
	QcfUnit    *u = &s->units[worker * TPCH_NTABLES + t];

	(void) seq;
	u->sink = s;
	u->table = t;
	u->writer = s->writers[t][chunk];
	u->nbatches = 0;
	u->cur = NULL;
	return u;
}

static bool
unit_end(TpchSink *base, void *unit)
{
	QcfUnit    *u = unit;
	bool		ok = true;
	Err			err;

	err_clear(&err);
	for (int i = 0; ok && i < u->nbatches; i++)
		ok = qcf_writer_append(u->writer, u->batches[i], &err);
	u->nbatches = 0;
	u->cur = NULL;
	arena_reset(&u->arena);
	return ok || fail(base, "write", u->table, &err);
}

static bool
close_table(TpchSink *base, TpchTable t)
{
	QcfSink    *s = (QcfSink *) base;
	bool		ok = true;

	for (int c = 0; c < s->nwriters[t]; c++)
	{
		Err			err;

		err_clear(&err);
		if (s->writers[t][c] == NULL)
			continue;
		if (!ok)
			qcf_writer_abort(&s->writers[t][c]);
		else if (!qcf_writer_finish(&s->writers[t][c], &err))
			ok = fail(base, "finish a file of", t, &err);
	}
	free(s->writers[t]);
	s->writers[t] = NULL;
	s->nwriters[t] = 0;
	return ok;
}

static void
destroy(TpchSink **sinkp)
{
	QcfSink    *s = (QcfSink *) *sinkp;

	if (s == NULL)
		return;
	for (int t = 0; t < TPCH_NTABLES; t++)
	{
		for (int c = 0; c < s->nwriters[t]; c++)
			qcf_writer_abort(&s->writers[t][c]);
		free(s->writers[t]);
	}
	for (int i = 0; i < s->nworkers * TPCH_NTABLES; i++)
	{
		arena_reset(&s->units[i].arena);
		free(s->units[i].batches);
	}
	free(s->units);
	free(s);
	*sinkp = NULL;
}

static const TpchSinkOps qcf_ops = {
	.name = "qcf",
	.open_table = open_table,
	.unit_begin = unit_begin,
	.region = row_region,
	.nation = row_nation,
	.supplier = row_supplier,
	.customer = row_customer,
	.part = row_part,
	.partsupp = row_partsupp,
	.orders = row_orders,
	.lineitem = row_lineitem,
	.unit_end = unit_end,
	.close_table = close_table,
	.destroy = destroy,
};

/*
 * qcf_sink_new returns a sink writing .qcf files into dir (which must
 * exist) from up to nworkers threads, or NULL when out of memory.
 */
TpchSink *
qcf_sink_new(const char *dir, int nworkers, int zstd_level)
{
	QcfSink    *s = calloc(1, sizeof(QcfSink));

	if (s == NULL)
		return NULL;
	s->units = calloc((size_t) nworkers * TPCH_NTABLES, sizeof(QcfUnit));
	if (s->units == NULL || strlen(dir) >= sizeof(s->dir))
	{
		free(s->units);
		free(s);
		return NULL;
	}
	s->base.ops = &qcf_ops;
	strcpy(s->dir, dir);
	s->nworkers = nworkers;
	s->zstd_level = zstd_level;
	for (int i = 0; i < nworkers * TPCH_NTABLES; i++)
		arena_init(&s->units[i].arena);
	for (int t = 0; t < TPCH_NTABLES; t++)
	{
		int			n = 0;

		while (n < MAX_COLS && schema[t][n].type != TYPE_UNKNOWN)
		{
			s->types[t][n] = schema[t][n].type;
			n++;
		}
		s->ncols[t] = n;
	}
	return &s->base;
}
