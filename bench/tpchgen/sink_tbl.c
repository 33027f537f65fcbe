/*
 * sink_tbl.c
 *	  The .tbl sink: formats rows into a per-(worker, table) buffer and
 *	  writes the buffer with one write() when the unit commits.  The driver
 *	  commits a chunk's units in order, so the file is in key order.
 *
 *	  Formatting is hand-rolled (no printf per field): every row reserves
 *	  room for its longest possible form, then the field writers append
 *	  without further checks.  Dates come from a table of preformatted
 *	  strings covering the TPC-H date range.
 *
 *	  INTERFACE ROUTINES: tbl_sink_new, tbl_format_int, tbl_format_money,
 *	  tbl_format_date
 */
#include "sink_tbl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

/* Longer than any row of any table (partsupp: about 260 bytes). */
#define ROW_MAX 1024

typedef struct TblSink TblSink;

typedef struct TblUnit
{
	char	   *buf;
	size_t		len;
	size_t		cap;
	int			fd;
	TblSink    *sink;
	TpchTable	table;
} TblUnit;

struct TblSink
{
	TpchSink	base;
	char		dir[PATH_MAX];
	int			nworkers;
	int		   *fds[TPCH_NTABLES];
	int			nfds[TPCH_NTABLES];
	TblUnit    *units;			/* [worker * TPCH_NTABLES + table] */
};

/* Preformatted "YYYY-MM-DD" for DATE_FIRST .. DATE_FIRST + DATE_COUNT - 1. */
#define DATE_COUNT 4096
static int32_t date_first;
static char date_text[DATE_COUNT][10];

static void
date_table_init(void)
{
	date_first = tpch_days(1991, 1, 1);
	for (int i = 0; i < DATE_COUNT; i++)
	{
		char		tmp[16];
		int			y;
		int			m;
		int			d;

		tpch_civil(date_first + i, &y, &m, &d);
		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
		memcpy(date_text[i], tmp, 10);
	}
}

/* tbl_format_int writes v in decimal and returns the end. */
char *
tbl_format_int(char *out, int64_t v)
{
	char		tmp[24];
	int			n = 0;
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;

	if (v < 0)
		*out++ = '-';
	do
	{
		tmp[n++] = (char) ('0' + u % 10);
		u /= 10;
	} while (u > 0);
	while (n > 0)
		*out++ = tmp[--n];
	return out;
}

/* tbl_format_money writes cents as [-]d.dd and returns the end. */
char *
tbl_format_money(char *out, int64_t cents)
{
	uint64_t	u = cents < 0 ? (uint64_t) 0 - (uint64_t) cents : (uint64_t) cents;

	if (cents < 0)
		*out++ = '-';
	out = tbl_format_int(out, (int64_t) (u / 100));
	*out++ = '.';
	*out++ = (char) ('0' + u % 100 / 10);
	*out++ = (char) ('0' + u % 10);
	return out;
}

/* tbl_format_date writes days since 1970-01-01 as YYYY-MM-DD. */
char *
tbl_format_date(char *out, int32_t days)
{
	int64_t		i = (int64_t) days - date_first;

	if (i >= 0 && i < DATE_COUNT)
		memcpy(out, date_text[i], 10);
	else
	{
		char		tmp[32];
		int			y;
		int			m;
		int			d;

		tpch_civil(days, &y, &m, &d);
		snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
		memcpy(out, tmp, 10);
	}
	return out + 10;
}

/* reserve makes room for one more row and returns where it goes. */
static char *
reserve(TblUnit *u)
{
	if (u->cap - u->len < ROW_MAX)
	{
		size_t		cap = u->cap < (1 << 20) ? (1 << 20) : u->cap * 2;
		char	   *buf = realloc(u->buf, cap);

		if (buf == NULL)
		{
			fprintf(stderr, "tpchgen: out of memory\n");
			exit(1);
		}
		u->buf = buf;
		u->cap = cap;
	}
	return u->buf + u->len;
}

static void
done(TblUnit *u, char *end)
{
	u->len = (size_t) (end - u->buf);
}

static inline char *
put_str(char *p, TpchStr s)
{
	memcpy(p, s.ptr, s.len);
	p += s.len;
	*p++ = '|';
	return p;
}

static inline char *
put_int(char *p, int64_t v)
{
	p = tbl_format_int(p, v);
	*p++ = '|';
	return p;
}

static inline char *
put_money(char *p, int64_t cents)
{
	p = tbl_format_money(p, cents);
	*p++ = '|';
	return p;
}

static inline char *
put_date(char *p, int32_t days)
{
	p = tbl_format_date(p, days);
	*p++ = '|';
	return p;
}

static inline char *
put_char(char *p, char c)
{
	*p++ = c;
	*p++ = '|';
	return p;
}

static void
row_region(void *unit, const TpchRegion *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->regionkey);
	p = put_str(p, r->name);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static void
row_nation(void *unit, const TpchNation *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->nationkey);
	p = put_str(p, r->name);
	p = put_int(p, r->regionkey);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static void
row_supplier(void *unit, const TpchSupplier *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->suppkey);
	p = put_str(p, r->name);
	p = put_str(p, r->address);
	p = put_int(p, r->nationkey);
	p = put_str(p, r->phone);
	p = put_money(p, r->acctbal);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static void
row_customer(void *unit, const TpchCustomer *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->custkey);
	p = put_str(p, r->name);
	p = put_str(p, r->address);
	p = put_int(p, r->nationkey);
	p = put_str(p, r->phone);
	p = put_money(p, r->acctbal);
	p = put_str(p, r->mktsegment);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static void
row_part(void *unit, const TpchPart *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->partkey);
	p = put_str(p, r->name);
	p = put_str(p, r->mfgr);
	p = put_str(p, r->brand);
	p = put_str(p, r->type);
	p = put_int(p, r->size);
	p = put_str(p, r->container);
	p = put_money(p, r->retailprice);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static void
row_partsupp(void *unit, const TpchPartsupp *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->partkey);
	p = put_int(p, r->suppkey);
	p = put_int(p, r->availqty);
	p = put_money(p, r->supplycost);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static void
row_orders(void *unit, const TpchOrder *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->orderkey);
	p = put_int(p, r->custkey);
	p = put_char(p, r->orderstatus);
	p = put_money(p, r->totalprice);
	p = put_date(p, r->orderdate);
	p = put_str(p, r->orderpriority);
	p = put_str(p, r->clerk);
	p = put_int(p, r->shippriority);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

/* l_quantity is printed as an integer, as dbgen does. */
static void
row_lineitem(void *unit, const TpchLineitem *r)
{
	char	   *p = reserve(unit);

	p = put_int(p, r->orderkey);
	p = put_int(p, r->partkey);
	p = put_int(p, r->suppkey);
	p = put_int(p, r->linenumber);
	p = put_int(p, r->quantity);
	p = put_money(p, r->extendedprice);
	p = put_money(p, r->discount);
	p = put_money(p, r->tax);
	p = put_char(p, r->returnflag);
	p = put_char(p, r->linestatus);
	p = put_date(p, r->shipdate);
	p = put_date(p, r->commitdate);
	p = put_date(p, r->receiptdate);
	p = put_str(p, r->shipinstruct);
	p = put_str(p, r->shipmode);
	p = put_str(p, r->comment);
	*p++ = '\n';
	done(unit, p);
}

static bool
open_table(TpchSink *base, TpchTable t, int nchunks)
{
	TblSink    *s = (TblSink *) base;

	s->fds[t] = malloc(sizeof(int) * (size_t) nchunks);
	if (s->fds[t] == NULL)
	{
		snprintf(base->errmsg, sizeof(base->errmsg), "out of memory");
		return false;
	}
	s->nfds[t] = 0;
	for (int c = 0; c < nchunks; c++)
	{
		char		path[PATH_MAX + 64];
		int			fd;

		if (nchunks == 1)
			snprintf(path, sizeof(path), "%s/%s.tbl", s->dir,
					 tpch_table_name(t));
		else
			snprintf(path, sizeof(path), "%s/%s.tbl.%d", s->dir,
					 tpch_table_name(t), c + 1);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
		{
			snprintf(base->errmsg, sizeof(base->errmsg),
					 "cannot create \"%.400s\": %.80s", path,
					 strerror(errno));
			return false;
		}
		s->fds[t][s->nfds[t]++] = fd;
	}
	return true;
}

static void *
unit_begin(TpchSink *base, TpchTable t, int chunk, int64_t seq, int worker)
{
	TblSink    *s = (TblSink *) base;
	TblUnit    *u = &s->units[worker * TPCH_NTABLES + t];

	(void) seq;
	u->len = 0;
	u->fd = s->fds[t][chunk];
	u->sink = s;
	u->table = t;
	return u;
}

static bool
unit_end(TpchSink *base, void *unit)
{
	TblUnit    *u = unit;
	size_t		off = 0;

	while (off < u->len)
	{
		ssize_t		n = write(u->fd, u->buf + off, u->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
		{
			snprintf(base->errmsg, sizeof(base->errmsg),
					 "cannot write %s: %s", tpch_table_name(u->table),
					 n < 0 ? strerror(errno) : "short write");
			return false;
		}
		off += (size_t) n;
	}
	u->len = 0;
	return true;
}

static bool
close_table(TpchSink *base, TpchTable t)
{
	TblSink    *s = (TblSink *) base;
	bool		ok = true;

	for (int c = 0; c < s->nfds[t]; c++)
	{
		if (close(s->fds[t][c]) != 0 && ok)
		{
			snprintf(base->errmsg, sizeof(base->errmsg),
					 "cannot close %s: %s", tpch_table_name(t),
					 strerror(errno));
			ok = false;
		}
	}
	free(s->fds[t]);
	s->fds[t] = NULL;
	s->nfds[t] = 0;
	return ok;
}

static void
destroy(TpchSink **sinkp)
{
	TblSink    *s = (TblSink *) *sinkp;

	if (s == NULL)
		return;
	for (int t = 0; t < TPCH_NTABLES; t++)
		if (s->fds[t] != NULL)
			close_table(&s->base, (TpchTable) t);
	for (int i = 0; i < s->nworkers * TPCH_NTABLES; i++)
		free(s->units[i].buf);
	free(s->units);
	free(s);
	*sinkp = NULL;
}

static const TpchSinkOps tbl_ops = {
	.name = "tbl",
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
 * tbl_sink_new returns a sink writing .tbl files into dir (which must
 * exist) from up to nworkers threads, or NULL when out of memory.
 */
TpchSink *
tbl_sink_new(const char *dir, int nworkers)
{
	TblSink    *s = calloc(1, sizeof(TblSink));

	if (s == NULL)
		return NULL;
	s->units = calloc((size_t) nworkers * TPCH_NTABLES, sizeof(TblUnit));
	if (s->units == NULL || strlen(dir) >= sizeof(s->dir))
	{
		free(s->units);
		free(s);
		return NULL;
	}
	s->base.ops = &tbl_ops;
	strcpy(s->dir, dir);
	s->nworkers = nworkers;
	if (date_text[0][0] == '\0')
		date_table_init();
	return &s->base;
}
