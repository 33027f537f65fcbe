/*
 * csv.h
 *	  Delimited text records, as PostgreSQL's COPY ... CSV reads them: fields
 *	  split by a one-byte delimiter, optionally quoted (a quote inside a
 *	  quoted field is the escape byte then the quote, by default a doubled
 *	  quote), records ended by \n or \r\n outside quotes.  An unquoted field
 *	  equal to the null string is NULL; a quoted one never is.
 *
 *	  Pure functions over bytes: read_csv's reader (exec/op_csv.c) and its
 *	  type inference (planner/storage.c) share them.
 */
#ifndef QUARRY_CSV_H
#define QUARRY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/err.h"
#include "wire/buf.h"

typedef struct CsvDialect {
	char		delim;
	bool		quoting;		/* quote and escape apply */
	char		quote;
	char		escape;
	const char *null_str;
	size_t		null_len;
} CsvDialect;

typedef struct CsvField {
	const char *p;
	size_t		len;
	bool		quoted;
} CsvField;

typedef struct CsvFields {
	CsvField   *f;
	int			n;
	int			cap;
	Buf			unescaped;		/* quoted fields' bytes */
} CsvFields;

ssize_t		csv_record_end(const CsvDialect *d, const char *p, size_t n, bool at_eof);
bool		csv_split(const CsvDialect *d, const char *p, size_t n, CsvFields *out,
					  Err *err) MUST_CHECK;
bool		csv_is_null(const CsvDialect *d, const CsvField *f);
void		csv_fields_free(CsvFields *f);

#endif							/* QUARRY_CSV_H */
