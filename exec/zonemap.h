/*
 * zonemap.h
 *	  Skipping row groups and files by their statistics: a pushed-down
 *	  conjunct is checked against each column's null count, min and max,
 *	  and a group that cannot hold a matching row is not read (DuckDB's
 *	  FILTER_ALWAYS_FALSE).  Only order-preserving shapes are understood:
 *	  col op const (either side; op one of = <> < <= > >=), integer
 *	  widening and integer-to-float casts of col, IS [NOT] NULL, a boolean
 *	  column, AND and OR.  Anything else may match.
 */
#ifndef QUARRY_ZONEMAP_H
#define QUARRY_ZONEMAP_H

#include <stdbool.h>

#include "exec/qcf.h"
#include "plan.pb-c.h"

/*
 * zonemap_may_match is false only when no row of a group of `rows` rows
 * whose column i has statistics st[i] (NULL = unknown) can satisfy f.
 */
bool		zonemap_may_match(const Quarry__Expr *f, const QcfStats *const *st, int ncols,
							  int64_t rows);
bool		zonemap_datum_value(const Quarry__Datum *d, TypeId type, Value *out);

#endif							/* QUARRY_ZONEMAP_H */
