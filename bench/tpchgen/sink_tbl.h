/*
 * sink_tbl.h
 *	  A TpchSink writing dbgen-style .tbl files: '|'-separated fields with a
 *	  trailing '|', no header, dates as YYYY-MM-DD, money with two decimals.
 *	  One table in one piece is DIR/<table>.tbl; in K pieces it is
 *	  DIR/<table>.tbl.1 .. DIR/<table>.tbl.K.
 *
 *	  tbl_sink_new   a sink writing into dir for up to nworkers threads
 *	  tbl_format_*   the field formatters, exported for tests
 */
#ifndef TPCHGEN_SINK_TBL_H
#define TPCHGEN_SINK_TBL_H

#include <stdint.h>

#include "tpchgen.h"

extern TpchSink *tbl_sink_new(const char *dir, int nworkers);

extern char *tbl_format_int(char *out, int64_t v);
extern char *tbl_format_money(char *out, int64_t cents);
extern char *tbl_format_date(char *out, int32_t days);

#endif							/* TPCHGEN_SINK_TBL_H */
