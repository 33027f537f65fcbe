/*
 * tpchgen.h
 *	  Row types of the eight TPC-H tables and the sink interface through
 *	  which the generator hands rows to an output format.
 *
 *	  The generator produces typed rows (keys as integers, money in cents,
 *	  dates as days since 1970-01-01, strings as pointer + length) and never
 *	  formats anything itself.  A sink (TpchSinkOps) turns them into bytes:
 *	  sink_tbl.c writes dbgen-style .tbl files; a sink writing Quarry's own
 *	  table files can be added beside it without touching the generator.
 *
 *	  Call protocol, driven by driver.c:
 *		open_table(t)                         once per table, main thread
 *		unit_begin(t, chunk, seq, worker)     on a worker thread
 *		  <row callback>(unit, row) ...       same thread, rows in key order
 *		unit_end(unit)                        same thread; for a given
 *		                                      (t, chunk) units end strictly in
 *		                                      seq order, one at a time
 *		close_table(t)                        once per table, main thread
 *
 *	  A unit is a contiguous key range; chunk c's units, concatenated in seq
 *	  order, are that chunk's rows; chunks concatenated in order are the
 *	  table.  Strings in a row stay valid only during the callback.
 */
#ifndef TPCHGEN_H
#define TPCHGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum TpchTable
{
	TPCH_REGION,
	TPCH_NATION,
	TPCH_SUPPLIER,
	TPCH_CUSTOMER,
	TPCH_PART,
	TPCH_PARTSUPP,
	TPCH_ORDERS,
	TPCH_LINEITEM,
	TPCH_NTABLES
} TpchTable;

/* A string not owned by the row: a pool slice, a constant or scratch. */
typedef struct TpchStr
{
	const char *ptr;
	uint32_t	len;
} TpchStr;

typedef struct TpchRegion
{
	int32_t		regionkey;
	TpchStr		name;
	TpchStr		comment;
} TpchRegion;

typedef struct TpchNation
{
	int32_t		nationkey;
	TpchStr		name;
	int32_t		regionkey;
	TpchStr		comment;
} TpchNation;

typedef struct TpchSupplier
{
	int64_t		suppkey;
	TpchStr		name;
	TpchStr		address;
	int32_t		nationkey;
	TpchStr		phone;
	int64_t		acctbal;		/* cents */
	TpchStr		comment;
} TpchSupplier;

typedef struct TpchCustomer
{
	int64_t		custkey;
	TpchStr		name;
	TpchStr		address;
	int32_t		nationkey;
	TpchStr		phone;
	int64_t		acctbal;		/* cents */
	TpchStr		mktsegment;
	TpchStr		comment;
} TpchCustomer;

typedef struct TpchPart
{
	int64_t		partkey;
	TpchStr		name;
	TpchStr		mfgr;
	TpchStr		brand;
	TpchStr		type;
	int32_t		size;
	TpchStr		container;
	int64_t		retailprice;	/* cents */
	TpchStr		comment;
} TpchPart;

typedef struct TpchPartsupp
{
	int64_t		partkey;
	int64_t		suppkey;
	int32_t		availqty;
	int64_t		supplycost;		/* cents */
	TpchStr		comment;
} TpchPartsupp;

typedef struct TpchOrder
{
	int64_t		orderkey;
	int64_t		custkey;
	char		orderstatus;	/* 'F', 'O' or 'P' */
	int64_t		totalprice;		/* cents */
	int32_t		orderdate;		/* days since 1970-01-01 */
	TpchStr		orderpriority;
	TpchStr		clerk;
	int32_t		shippriority;
	TpchStr		comment;
} TpchOrder;

typedef struct TpchLineitem
{
	int64_t		orderkey;
	int64_t		partkey;
	int64_t		suppkey;
	int32_t		linenumber;
	int32_t		quantity;		/* whole units; DECIMAL(15,2) in the schema */
	int64_t		extendedprice;	/* cents */
	int32_t		discount;		/* hundredths: 4 means 0.04 */
	int32_t		tax;			/* hundredths */
	char		returnflag;
	char		linestatus;
	int32_t		shipdate;		/* days since 1970-01-01 */
	int32_t		commitdate;
	int32_t		receiptdate;
	TpchStr		shipinstruct;
	TpchStr		shipmode;
	TpchStr		comment;
} TpchLineitem;

typedef struct TpchSink TpchSink;

typedef struct TpchSinkOps
{
	const char *name;
	/* prepare table t, to be written as nchunks pieces; false on error */
	bool		(*open_table) (TpchSink *sink, TpchTable t, int nchunks);
	/* start unit seq of chunk on worker; returns the unit's context */
	void	   *(*unit_begin) (TpchSink *sink, TpchTable t, int chunk,
							   int64_t seq, int worker);
	void		(*region) (void *unit, const TpchRegion *row);
	void		(*nation) (void *unit, const TpchNation *row);
	void		(*supplier) (void *unit, const TpchSupplier *row);
	void		(*customer) (void *unit, const TpchCustomer *row);
	void		(*part) (void *unit, const TpchPart *row);
	void		(*partsupp) (void *unit, const TpchPartsupp *row);
	void		(*orders) (void *unit, const TpchOrder *row);
	void		(*lineitem) (void *unit, const TpchLineitem *row);
	/* commit the unit (called in seq order per chunk); false on error */
	bool		(*unit_end) (TpchSink *sink, void *unit);
	/* finish table t; false on error */
	bool		(*close_table) (TpchSink *sink, TpchTable t);
	/* free the sink; *sinkp becomes NULL */
	void		(*destroy) (TpchSink **sinkp);
} TpchSinkOps;

/* Every sink embeds this as its first member. */
struct TpchSink
{
	const TpchSinkOps *ops;
	char		errmsg[512];	/* set when an op returns false */
};

/* tpch_table_name returns "lineitem" etc.; tpch_table_lookup the reverse. */
extern const char *tpch_table_name(TpchTable t);
extern bool tpch_table_lookup(const char *name, size_t len, TpchTable *out);

#endif							/* TPCHGEN_H */
