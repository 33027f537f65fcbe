/*
 * driver.h
 *	  Parallel generation: splits each table into chunks and each chunk into
 *	  work units (key ranges), has worker threads generate units into a
 *	  sink, and commits every chunk's units in key order.
 *
 *	  driver_run   generate the selected tables into a sink
 *	  par_for      run fn(arg, i) for i in [0, n) on up to jobs threads
 */
#ifndef TPCHGEN_DRIVER_H
#define TPCHGEN_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "tpchgen.h"

struct TpchGen;

typedef struct DriverOptions
{
	bool		tables[TPCH_NTABLES];	/* which tables to write */
	int			jobs;			/* worker threads */
	int			chunks;			/* pieces per table (region, nation: 1) */
	bool		verbose;		/* per-table timing on stderr */
} DriverOptions;

extern bool driver_run(const struct TpchGen *gen, TpchSink *sink,
					   const DriverOptions *opts);
extern bool par_for(int jobs, int64_t n, void (*fn) (void *arg, int64_t i),
					void *arg);
extern double driver_now(void);

#endif							/* TPCHGEN_DRIVER_H */
