/*
 * data.c
 *	  Lineitem-like batches for the micro-benchmarks: the value ranges of
 *	  TPC-H lineitem (orderkey ascending with 1..7 lines per order, dates in
 *	  1992..1998, discounts 0.00..0.10), from a fixed-seed generator so
 *	  every run sees the same data.  Also the timer and median helpers.
 */
#include "bench/micro/micro.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const modes[] = {"AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"};
static const char words[] = "carefully final deposits detect slyly furiously regular "
	"packages haggle quickly ironic accounts sleep blithely express requests nag";

double
micro_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

double
micro_median(double *xs, int n)
{
	qsort(xs, (size_t) n, sizeof(double), cmp_double);
	return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/* splitmix64: small, fast, good enough for benchmark data */
static uint64_t
next_rand(uint64_t *s)
{
	uint64_t	z = (*s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static void
set_str(Arena *a, Vector *v, uint32_t i, const char *s, uint32_t len)
{
	((StrView *) v->data)[i] = str_make(a, s, len);
}

static void
fill_row(MicroData *d, Batch *b, uint32_t i, uint64_t *seed, uint64_t *order, int *left)
{
	Vector	   *c = b->cols;
	uint64_t	r = next_rand(seed);
	int			date = 8036 + (int) (r % 2526);	/* 1992-01-02 .. 1998-12-01 */
	uint32_t	clen = 10 + (uint32_t) ((r >> 12) % 34);
	uint32_t	coff = (uint32_t) ((r >> 20) % (sizeof(words) - 44));

	if (*left == 0) {
		*order += 1 + ((r >> 40) % 4 == 0);	/* sparse keys, as dbgen's */
		*left = 1 + (int) ((r >> 44) % 7);
	}
	(*left)--;
	((int64_t *) c[LI_ORDERKEY].data)[i] = (int64_t) *order;
	((int32_t *) c[LI_PARTKEY].data)[i] = 1 + (int32_t) ((r >> 8) % 200000);
	((int32_t *) c[LI_QUANTITY].data)[i] = 1 + (int32_t) ((r >> 30) % 50);
	((double *) c[LI_EXTENDEDPRICE].data)[i] = (double) (90000 + (r >> 36) % 10400000) / 100.0;
	((double *) c[LI_DISCOUNT].data)[i] = (double) ((r >> 50) % 11) / 100.0;
	((double *) c[LI_TAX].data)[i] = (double) ((r >> 54) % 9) / 100.0;
	/* as dbgen: N if received after 1995-06-17, else R or A; O if shipped after it */
	set_str(&d->arena, &c[LI_RETURNFLAG], i,
			date + 1 + (int) ((r >> 24) % 30) > 9298 ? "N" : ((r >> 58) & 1 ? "R" : "A"), 1);
	set_str(&d->arena, &c[LI_LINESTATUS], i, date > 9298 ? "O" : "F", 1);
	((int32_t *) c[LI_SHIPDATE].data)[i] = date;
	set_str(&d->arena, &c[LI_SHIPMODE], i, modes[(r >> 60) % 7], (uint32_t) strlen(modes[(r >> 60) % 7]));
	set_str(NULL, &c[LI_COMMENT], i, words + coff, clen);	/* static: no copy */
}

/* micro_data_init builds rows lineitem-like rows in batches of BATCH_SIZE. */
void
micro_data_init(MicroData *d, uint64_t rows)
{
	static const int32_t types[LI_NCOLS] = {
		TYPE_INT8, TYPE_INT4, TYPE_INT4, TYPE_FLOAT8, TYPE_FLOAT8, TYPE_FLOAT8,
		TYPE_TEXT, TYPE_TEXT, TYPE_INT4, TYPE_TEXT, TYPE_TEXT
	};
	uint64_t	seed = 19920101;
	uint64_t	order = 0;
	int			left = 0;

	memset(d, 0, sizeof(*d));
	arena_init(&d->arena);
	memcpy(d->types, types, sizeof(types));
	d->rows = rows;
	d->nbatches = (uint32_t) ((rows + BATCH_SIZE - 1) / BATCH_SIZE);
	d->batches = arena_array(&d->arena, Batch *, d->nbatches);
	for (uint32_t k = 0; k < d->nbatches; k++) {
		Batch	   *b = batch_new(&d->arena, LI_NCOLS, d->types);
		uint64_t	n = rows - (uint64_t) k * BATCH_SIZE;

		b->count = n < BATCH_SIZE ? (uint32_t) n : BATCH_SIZE;
		b->arena = &d->arena;
		for (uint32_t i = 0; i < b->count; i++)
			fill_row(d, b, i, &seed, &order, &left);
		d->batches[k] = b;
	}
}

void
micro_data_free(MicroData *d)
{
	arena_reset(&d->arena);
}
