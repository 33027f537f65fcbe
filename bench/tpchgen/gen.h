/*
 * gen.h
 *	  Row generators for the eight TPC-H tables (clause 4.2.3), one call per
 *	  row, each from its own random stream keyed by the row's key, so any key
 *	  range can be generated on its own.
 *
 *	  gen_init/gen_free     cardinalities for a scale factor, the text pool
 *	  gen_region ... gen_order   fill one row (orders: with its lineitems)
 *	  gen_orderkey          the sparse key of the n-th order
 *	  gen_partsupp_suppkey  the i-th supplier of a part (also used by lineitem)
 *	  tpch_days/tpch_civil  calendar <-> days since 1970-01-01
 */
#ifndef TPCHGEN_GEN_H
#define TPCHGEN_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "text.h"
#include "tpchgen.h"

#define TPCH_MAX_LINES 7

typedef struct TpchGen
{
	double		sf;
	uint64_t	seed;
	int64_t		n_supplier;		/* 10,000 * SF */
	int64_t		n_customer;		/* 150,000 * SF */
	int64_t		n_part;			/* 200,000 * SF; partsupp has 4 per part */
	int64_t		n_orders;		/* 1,500,000 * SF; keys are sparse */
	int64_t		n_clerks;		/* max(1,000 * SF, 1,000), as dbgen */
	TextPool	pool;
} TpchGen;

/* Per-thread storage that the string fields of a generated row point to. */
typedef struct GenScratch
{
	char		name[32];
	char		address[48];
	char		phone[16];
	char		pname[64];
	char		clerk[32];
	char		comment[128];
} GenScratch;

extern bool gen_init(TpchGen *g, double sf, uint64_t seed, size_t pool_len,
					 int jobs);
extern void gen_free(TpchGen *g);

extern void gen_region(const TpchGen *g, int32_t key, TpchRegion *row);
extern void gen_nation(const TpchGen *g, int32_t key, TpchNation *row);
extern void gen_supplier(const TpchGen *g, int64_t key, GenScratch *s,
						 TpchSupplier *row);
extern void gen_customer(const TpchGen *g, int64_t key, GenScratch *s,
						 TpchCustomer *row);
extern void gen_part(const TpchGen *g, int64_t key, GenScratch *s,
					 TpchPart *row);
extern void gen_partsupp(const TpchGen *g, int64_t partkey, int i,
						 TpchPartsupp *row);
extern int	gen_order(const TpchGen *g, int64_t n, GenScratch *s,
					  TpchOrder *order, TpchLineitem lines[TPCH_MAX_LINES]);

extern int64_t gen_orderkey(int64_t n);
extern int64_t gen_partsupp_suppkey(const TpchGen *g, int64_t partkey, int i);
extern int64_t gen_retailprice(int64_t partkey);

extern int32_t tpch_days(int y, int m, int d);
extern void tpch_civil(int32_t days, int *y, int *m, int *d);

#endif							/* TPCHGEN_GEN_H */
