/*
 * sink_qcf.h
 *	  A TpchSink writing Quarry's own table files (.qcf, exec/qcf.h), typed
 *	  as scripts/tpch-schema.sql declares the tables: integer keys, char(n)
 *	  blank-padded to n, varchar, decimal(15,2) as numerics of scale 2, date.
 *	  Columns carry the stored ids 1..n that CREATE TABLE gives a new table,
 *	  so the files can become a table's rows without re-encoding:
 *	      COPY lineitem FROM 'DIR/lineitem.*qcf' WITH (FORMAT qcf)
 *	  One table in one piece is DIR/<table>.qcf; in K pieces it is
 *	  DIR/<table>.1.qcf .. DIR/<table>.K.qcf (the glob above matches both).
 *
 *	  qcf_sink_new   a sink writing into dir for up to nworkers threads;
 *	                 zstd_level > 0 compresses the chunks with zstd
 */
#ifndef TPCHGEN_SINK_QCF_H
#define TPCHGEN_SINK_QCF_H

#include "tpchgen.h"

extern TpchSink *qcf_sink_new(const char *dir, int nworkers, int zstd_level);

#endif							/* TPCHGEN_SINK_QCF_H */
