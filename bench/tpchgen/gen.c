/*
 * gen.c
 *	  TPC-H rows from the specification's rules (clause 4.2.3).
 *
 *	  Each generator seeds a random stream from (seed, table, key) and draws
 *	  the row's fields in a fixed order.  An order and its lineitems share
 *	  one stream because o_totalprice and o_orderstatus are computed from the
 *	  lineitems.  Dates are days since 1970-01-01.
 *
 *	  Choices where the specification leaves room or dbgen differs:
 *	  - o_clerk is drawn from [1, max(SF * 1000, 1000)], as dbgen does;
 *	  - o_custkey skips multiples of 3 by moving them to the next key, as
 *	    dbgen does, rather than drawing uniformly from the other keys;
 *	  - "Customer%Complaints" / "Customer%Recommends": one of each per block
 *	    of 2,000 suppliers (SF * 5 each, and at least one at any SF);
 *	  - partsupp's supplier formula can repeat a supplier for a part at some
 *	    fractional scale factors; the repeat moves to the next supplier key,
 *	    which leaves every integral SF (and 0.01, 0.1) untouched.
 *
 *	  INTERFACE ROUTINES: see gen.h
 */
#include "gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rng.h"
#include "text.h"

#define S(lit) {lit, sizeof(lit) - 1}
#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

static const TpchStr region_names[] = {
	S("AFRICA"), S("AMERICA"), S("ASIA"), S("EUROPE"), S("MIDDLE EAST"),
};

static const struct
{
	TpchStr		name;
	int32_t		region;
}			nations[] = {
	{S("ALGERIA"), 0}, {S("ARGENTINA"), 1}, {S("BRAZIL"), 1},
	{S("CANADA"), 1}, {S("EGYPT"), 4}, {S("ETHIOPIA"), 0},
	{S("FRANCE"), 3}, {S("GERMANY"), 3}, {S("INDIA"), 2},
	{S("INDONESIA"), 2}, {S("IRAN"), 4}, {S("IRAQ"), 4}, {S("JAPAN"), 2},
	{S("JORDAN"), 4}, {S("KENYA"), 0}, {S("MOROCCO"), 0},
	{S("MOZAMBIQUE"), 0}, {S("PERU"), 1}, {S("CHINA"), 2},
	{S("ROMANIA"), 3}, {S("SAUDI ARABIA"), 4}, {S("VIETNAM"), 2},
	{S("RUSSIA"), 3}, {S("UNITED KINGDOM"), 3}, {S("UNITED STATES"), 1},
};

static const TpchStr colours[] = {
	S("almond"), S("antique"), S("aquamarine"), S("azure"), S("beige"),
	S("bisque"), S("black"), S("blanched"), S("blue"), S("blush"),
	S("brown"), S("burlywood"), S("burnished"), S("chartreuse"),
	S("chiffon"), S("chocolate"), S("coral"), S("cornflower"),
	S("cornsilk"), S("cream"), S("cyan"), S("dark"), S("deep"), S("dim"),
	S("dodger"), S("drab"), S("firebrick"), S("floral"), S("forest"),
	S("frosted"), S("gainsboro"), S("ghost"), S("goldenrod"), S("green"),
	S("grey"), S("honeydew"), S("hot"), S("indian"), S("ivory"),
	S("khaki"), S("lace"), S("lavender"), S("lawn"), S("lemon"),
	S("light"), S("lime"), S("linen"), S("magenta"), S("maroon"),
	S("medium"), S("metallic"), S("midnight"), S("mint"), S("misty"),
	S("moccasin"), S("navajo"), S("navy"), S("olive"), S("orange"),
	S("orchid"), S("pale"), S("papaya"), S("peach"), S("peru"), S("pink"),
	S("plum"), S("powder"), S("puff"), S("purple"), S("red"), S("rose"),
	S("rosy"), S("royal"), S("saddle"), S("salmon"), S("sandy"),
	S("seashell"), S("sienna"), S("sky"), S("slate"), S("smoke"),
	S("snow"), S("spring"), S("steel"), S("tan"), S("thistle"),
	S("tomato"), S("turquoise"), S("violet"), S("wheat"), S("white"),
	S("yellow"),
};

static const char *const type_s1[] = {
	"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"
};
static const char *const type_s2[] = {
	"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"
};
static const char *const type_s3[] = {
	"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"
};
static const char *const cont_s1[] = {"SM", "LG", "MED", "JUMBO", "WRAP"};
static const char *const cont_s2[] = {
	"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"
};

static const TpchStr segments[] = {
	S("AUTOMOBILE"), S("BUILDING"), S("FURNITURE"), S("MACHINERY"),
	S("HOUSEHOLD"),
};
static const TpchStr priorities[] = {
	S("1-URGENT"), S("2-HIGH"), S("3-MEDIUM"), S("4-NOT SPECIFIED"),
	S("5-LOW"),
};
static const TpchStr instructions[] = {
	S("DELIVER IN PERSON"), S("COLLECT COD"), S("NONE"),
	S("TAKE BACK RETURN"),
};
static const TpchStr modes[] = {
	S("REG AIR"), S("AIR"), S("RAIL"), S("SHIP"), S("TRUCK"), S("MAIL"),
	S("FOB"),
};

static const char vstring_chars[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, ";

/* Composite vocabularies, built once by gen_init. */
static char type_text[6 * 5 * 5][32];
static TpchStr types[6 * 5 * 5];
static char cont_text[5 * 8][16];
static TpchStr containers[5 * 8];
static char brand_text[25][12];
static TpchStr brands[25];
static char mfgr_text[5][20];
static TpchStr mfgrs[5];

static int32_t start_date;		/* 1992-01-01 */
static int32_t last_order_date; /* 1998-12-31 minus 151 days */
static int32_t current_date;	/* 1995-06-17 */

/* tpch_days returns days since 1970-01-01 of a proleptic Gregorian date. */
int32_t
tpch_days(int y, int m, int d)
{
	int			era;
	int			yoe;
	int			doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* tpch_civil is the inverse of tpch_days. */
void
tpch_civil(int32_t days, int *y, int *m, int *d)
{
	int32_t		z = days + 719468;
	int32_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t		doe = z - era * 146097;
	int32_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t		mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static void
vocab_init(void)
{
	int			k = 0;

	for (int a = 0; a < NELEM(type_s1); a++)
		for (int b = 0; b < NELEM(type_s2); b++)
			for (int c = 0; c < NELEM(type_s3); c++, k++)
			{
				int			n = snprintf(type_text[k], sizeof(type_text[k]),
										 "%s %s %s", type_s1[a], type_s2[b],
										 type_s3[c]);

				types[k].ptr = type_text[k];
				types[k].len = (uint32_t) n;
			}
	k = 0;
	for (int a = 0; a < NELEM(cont_s1); a++)
		for (int b = 0; b < NELEM(cont_s2); b++, k++)
		{
			int			n = snprintf(cont_text[k], sizeof(cont_text[k]),
									 "%s %s", cont_s1[a], cont_s2[b]);

			containers[k].ptr = cont_text[k];
			containers[k].len = (uint32_t) n;
		}
	for (int m = 0; m < 5; m++)
	{
		mfgrs[m].len = (uint32_t) snprintf(mfgr_text[m], sizeof(mfgr_text[m]),
										   "Manufacturer#%d", m + 1);
		mfgrs[m].ptr = mfgr_text[m];
		for (int n = 0; n < 5; n++)
		{
			int			b = m * 5 + n;

			brands[b].len = (uint32_t) snprintf(brand_text[b],
												sizeof(brand_text[b]),
												"Brand#%d%d", m + 1, n + 1);
			brands[b].ptr = brand_text[b];
		}
	}
	start_date = tpch_days(1992, 1, 1);
	last_order_date = tpch_days(1998, 12, 31) - 151;
	current_date = tpch_days(1995, 6, 17);
}

static int64_t
scaled(double sf, double base)
{
	int64_t		n = llround(sf * base);

	return n < 1 ? 1 : n;
}

/*
 * gen_init sets the cardinalities for sf and builds a text pool of
 * pool_len bytes with up to jobs threads.
 */
bool
gen_init(TpchGen *g, double sf, uint64_t seed, size_t pool_len, int jobs)
{
	vocab_init();
	g->sf = sf;
	g->seed = seed;
	g->n_supplier = scaled(sf, 10000);
	g->n_customer = scaled(sf, 150000);
	g->n_part = scaled(sf, 200000);
	g->n_orders = scaled(sf, 1500000);
	g->n_clerks = scaled(sf, 1000);
	if (g->n_clerks < 1000)
		g->n_clerks = 1000;
	return text_pool_build(&g->pool, pool_len, seed, jobs);
}

void
gen_free(TpchGen *g)
{
	text_pool_free(&g->pool);
}

/* put_padded writes prefix then key zero-padded to 9 digits; returns end. */
static char *
put_padded(char *out, const char *prefix, size_t plen, int64_t key)
{
	char		digits[24];
	int			n = 0;

	memcpy(out, prefix, plen);
	out += plen;
	do
	{
		digits[n++] = (char) ('0' + key % 10);
		key /= 10;
	} while (key > 0);
	for (int i = n; i < 9; i++)
		*out++ = '0';
	while (n > 0)
		*out++ = digits[--n];
	return out;
}

static TpchStr
make_name(char *buf, const char *prefix, int64_t key)
{
	TpchStr		s;

	s.ptr = buf;
	s.len = (uint32_t) (put_padded(buf, prefix, strlen(prefix), key) - buf);
	return s;
}

/* vstring: random length in [lo, hi] over a 64-character alphabet. */
static TpchStr
vstring(Rng *r, char *buf, int lo, int hi)
{
	TpchStr		s;
	int			len = (int) rng_range(r, lo, hi);
	uint64_t	bits = 0;

	for (int i = 0; i < len; i++)
	{
		if (i % 10 == 0)
			bits = rng_next(r);
		buf[i] = vstring_chars[bits & 63];
		bits >>= 6;
	}
	s.ptr = buf;
	s.len = (uint32_t) len;
	return s;
}

static void
put_digits(char *out, int value, int width)
{
	for (int i = width - 1; i >= 0; i--)
	{
		out[i] = (char) ('0' + value % 10);
		value /= 10;
	}
}

/* phone: "CC-LLL-LLL-LLLL" with country code nationkey + 10. */
static TpchStr
phone(Rng *r, char *buf, int32_t nationkey)
{
	TpchStr		s;

	put_digits(buf, nationkey + 10, 2);
	buf[2] = '-';
	put_digits(buf + 3, (int) rng_range(r, 100, 999), 3);
	buf[6] = '-';
	put_digits(buf + 7, (int) rng_range(r, 100, 999), 3);
	buf[10] = '-';
	put_digits(buf + 11, (int) rng_range(r, 1000, 9999), 4);
	s.ptr = buf;
	s.len = 15;
	return s;
}

void
gen_region(const TpchGen *g, int32_t key, TpchRegion *row)
{
	Rng			r;

	rng_seed(&r, g->seed, RNG_REGION, (uint64_t) key);
	row->regionkey = key;
	row->name = region_names[key];
	row->comment = text_comment(&g->pool, &r, 31, 115);
}

void
gen_nation(const TpchGen *g, int32_t key, TpchNation *row)
{
	Rng			r;

	rng_seed(&r, g->seed, RNG_NATION, (uint64_t) key);
	row->nationkey = key;
	row->name = nations[key].name;
	row->regionkey = nations[key].region;
	row->comment = text_comment(&g->pool, &r, 31, 114);
}

/*
 * bbb_kind tells whether supplier key carries "Customer...Complaints" (1),
 * "Customer...Recommends" (2) or neither (0): each block of 2,000 keys
 * holds one of each at positions drawn from the block's own stream.
 */
static int
bbb_kind(const TpchGen *g, int64_t key)
{
	const int64_t block = 2000;
	int64_t		b = (key - 1) / block;
	int64_t		lo = b * block + 1;
	int64_t		hi = lo + block - 1;
	int64_t		complaint;
	int64_t		recommend;
	Rng			r;

	if (hi > g->n_supplier)
		hi = g->n_supplier;
	rng_seed(&r, g->seed, RNG_SUPPLIER_BBB, (uint64_t) b);
	complaint = rng_range(&r, lo, hi);
	if (key == complaint)
		return 1;
	if (hi == lo)
		return 0;
	recommend = rng_range(&r, lo, hi - 1);
	if (recommend >= complaint)
		recommend++;
	return key == recommend ? 2 : 0;
}

/* bbb_comment rewrites comment c in place to hold "Customer%<what>". */
static TpchStr
bbb_comment(const TpchGen *g, Rng *r, char *buf, TpchStr c, const char *what)
{
	int			len = (int) c.len;
	int			fill = (int) rng_range(r, 0, len - 18);
	int			pos = (int) rng_range(r, 0, len - 18 - fill);
	TpchStr		mid = text_comment(&g->pool, r, fill, fill);

	memcpy(buf, c.ptr, c.len);
	memcpy(buf + pos, "Customer", 8);
	memcpy(buf + pos + 8, mid.ptr, mid.len);
	memcpy(buf + pos + 8 + fill, what, 10);
	c.ptr = buf;
	return c;
}

void
gen_supplier(const TpchGen *g, int64_t key, GenScratch *s, TpchSupplier *row)
{
	Rng			r;
	int			kind;

	rng_seed(&r, g->seed, RNG_SUPPLIER, (uint64_t) key);
	row->suppkey = key;
	row->name = make_name(s->name, "Supplier#", key);
	row->address = vstring(&r, s->address, 10, 40);
	row->nationkey = (int32_t) rng_range(&r, 0, 24);
	row->phone = phone(&r, s->phone, row->nationkey);
	row->acctbal = rng_range(&r, -99999, 999999);
	row->comment = text_comment(&g->pool, &r, 25, 100);
	kind = bbb_kind(g, key);
	if (kind != 0)
		row->comment = bbb_comment(g, &r, s->comment, row->comment,
								   kind == 1 ? "Complaints" : "Recommends");
}

void
gen_customer(const TpchGen *g, int64_t key, GenScratch *s, TpchCustomer *row)
{
	Rng			r;

	rng_seed(&r, g->seed, RNG_CUSTOMER, (uint64_t) key);
	row->custkey = key;
	row->name = make_name(s->name, "Customer#", key);
	row->address = vstring(&r, s->address, 10, 40);
	row->nationkey = (int32_t) rng_range(&r, 0, 24);
	row->phone = phone(&r, s->phone, row->nationkey);
	row->acctbal = rng_range(&r, -99999, 999999);
	row->mktsegment = segments[rng_range(&r, 0, NELEM(segments) - 1)];
	row->comment = text_comment(&g->pool, &r, 29, 116);
}

/* gen_retailprice: (90000 + (key/10) % 20001 + 100 * (key % 1000)) cents. */
int64_t
gen_retailprice(int64_t partkey)
{
	return 90000 + (partkey / 10) % 20001 + 100 * (partkey % 1000);
}

/* part_name: five distinct colours separated by spaces. */
static TpchStr
part_name(Rng *r, char *buf)
{
	int			chosen[5];
	char	   *out = buf;
	TpchStr		s;

	for (int i = 0; i < 5; i++)
	{
		bool		dup;

		do
		{
			chosen[i] = (int) rng_range(r, 0, NELEM(colours) - 1);
			dup = false;
			for (int j = 0; j < i; j++)
				dup |= chosen[j] == chosen[i];
		} while (dup);
		if (i > 0)
			*out++ = ' ';
		memcpy(out, colours[chosen[i]].ptr, colours[chosen[i]].len);
		out += colours[chosen[i]].len;
	}
	s.ptr = buf;
	s.len = (uint32_t) (out - buf);
	return s;
}

void
gen_part(const TpchGen *g, int64_t key, GenScratch *s, TpchPart *row)
{
	Rng			r;
	int			m;

	rng_seed(&r, g->seed, RNG_PART, (uint64_t) key);
	row->partkey = key;
	row->name = part_name(&r, s->pname);
	m = (int) rng_range(&r, 0, 4);
	row->mfgr = mfgrs[m];
	row->brand = brands[m * 5 + rng_range(&r, 0, 4)];
	row->type = types[rng_range(&r, 0, NELEM(types) - 1)];
	row->size = (int32_t) rng_range(&r, 1, 50);
	row->container = containers[rng_range(&r, 0, NELEM(containers) - 1)];
	row->retailprice = gen_retailprice(key);
	row->comment = text_comment(&g->pool, &r, 5, 22);
}

/*
 * gen_partsupp_suppkey returns supplier i (0..3) of a part:
 * (partkey + i * (S/4 + (partkey-1)/S)) % S + 1, with a repeat (possible
 * only at odd fractional scale factors) moved to the next key.
 */
int64_t
gen_partsupp_suppkey(const TpchGen *g, int64_t partkey, int i)
{
	int64_t		n = g->n_supplier;
	int64_t		step = n / 4 + (partkey - 1) / n;
	int64_t		keys[4];

	for (int j = 0; j <= i; j++)
	{
		bool		dup;

		keys[j] = (partkey + j * step) % n + 1;
		do
		{
			dup = false;
			for (int k = 0; k < j; k++)
				dup |= keys[k] == keys[j];
			if (dup)
				keys[j] = keys[j] % n + 1;
		} while (dup && n >= 4);
	}
	return keys[i];
}

void
gen_partsupp(const TpchGen *g, int64_t partkey, int i, TpchPartsupp *row)
{
	Rng			r;

	rng_seed(&r, g->seed, RNG_PARTSUPP, (uint64_t) partkey * 4 + (uint64_t) i);
	row->partkey = partkey;
	row->suppkey = gen_partsupp_suppkey(g, partkey, i);
	row->availqty = (int32_t) rng_range(&r, 1, 9999);
	row->supplycost = rng_range(&r, 100, 100000);
	row->comment = text_comment(&g->pool, &r, 49, 198);
}

/* gen_orderkey: of each 32 keys the first 8 are used, as in dbgen. */
int64_t
gen_orderkey(int64_t n)
{
	return ((n >> 3) << 5) | (n & 7);
}

/*
 * order_custkey draws a customer key that is not a multiple of 3, so a
 * third of the customers have no orders.  Like dbgen, a multiple of 3 moves
 * to the next key (the previous one at the very end), so keys k % 3 == 1
 * get twice the orders of keys k % 3 == 2: Q13's order-count histogram
 * then has dbgen's two humps.
 */
static int64_t
order_custkey(const TpchGen *g, Rng *r)
{
	int64_t		k = rng_range(r, 1, g->n_customer);

	if (k % 3 == 0)
		k = k < g->n_customer ? k + 1 : k - 1;
	return k;
}

static void
gen_line(const TpchGen *g, Rng *r, const TpchOrder *o, int number,
		 TpchLineitem *l)
{
	l->orderkey = o->orderkey;
	l->partkey = rng_range(r, 1, g->n_part);
	l->suppkey = gen_partsupp_suppkey(g, l->partkey, (int) rng_range(r, 0, 3));
	l->linenumber = number;
	l->quantity = (int32_t) rng_range(r, 1, 50);
	l->extendedprice = l->quantity * gen_retailprice(l->partkey);
	l->discount = (int32_t) rng_range(r, 0, 10);
	l->tax = (int32_t) rng_range(r, 0, 8);
	l->shipdate = o->orderdate + (int32_t) rng_range(r, 1, 121);
	l->commitdate = o->orderdate + (int32_t) rng_range(r, 30, 90);
	l->receiptdate = l->shipdate + (int32_t) rng_range(r, 1, 30);
	if (l->receiptdate <= current_date)
		l->returnflag = rng_range(r, 0, 1) ? 'R' : 'A';
	else
		l->returnflag = 'N';
	l->linestatus = l->shipdate > current_date ? 'O' : 'F';
	l->shipinstruct = instructions[rng_range(r, 0, NELEM(instructions) - 1)];
	l->shipmode = modes[rng_range(r, 0, NELEM(modes) - 1)];
	l->comment = text_comment(&g->pool, r, 10, 43);
}

/*
 * gen_order fills the n-th order (1-based) and its 1..7 lineitems; returns
 * the number of lineitems.
 */
int
gen_order(const TpchGen *g, int64_t n, GenScratch *s, TpchOrder *o,
		  TpchLineitem lines[TPCH_MAX_LINES])
{
	Rng			r;
	int			nlines;
	int			nfinal = 0;
	int64_t		total = 0;

	rng_seed(&r, g->seed, RNG_ORDER, (uint64_t) n);
	o->orderkey = gen_orderkey(n);
	o->custkey = order_custkey(g, &r);
	o->orderdate = (int32_t) rng_range(&r, start_date, last_order_date);
	o->orderpriority = priorities[rng_range(&r, 0, NELEM(priorities) - 1)];
	o->clerk = make_name(s->clerk, "Clerk#", rng_range(&r, 1, g->n_clerks));
	o->shippriority = 0;
	o->comment = text_comment(&g->pool, &r, 19, 78);
	nlines = (int) rng_range(&r, 1, TPCH_MAX_LINES);
	for (int i = 0; i < nlines; i++)
	{
		TpchLineitem *l = &lines[i];

		gen_line(g, &r, o, i + 1, l);
		nfinal += l->linestatus == 'F';
		total += l->extendedprice * (100 - l->discount) * (100 + l->tax);
	}
	o->totalprice = (total + 5000) / 10000;
	o->orderstatus = nfinal == nlines ? 'F' : nfinal == 0 ? 'O' : 'P';
	return nlines;
}

static const char *const table_names[TPCH_NTABLES] = {
	"region", "nation", "supplier", "customer", "part", "partsupp",
	"orders", "lineitem",
};

const char *
tpch_table_name(TpchTable t)
{
	return table_names[t];
}

/* tpch_table_lookup finds the table called name[0..len); false if none. */
bool
tpch_table_lookup(const char *name, size_t len, TpchTable *out)
{
	for (int t = 0; t < TPCH_NTABLES; t++)
	{
		if (strlen(table_names[t]) == len &&
			strncmp(table_names[t], name, len) == 0)
		{
			*out = (TpchTable) t;
			return true;
		}
	}
	return false;
}
