/*
 * copy.h
 *	  Private to copy.c and copy_out.c: COPY's options and state.
 */
#ifndef QUARRY_COPY_H
#define QUARRY_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/batch.h"
#include "pgconn.h"
#include "tablewrite.h"
#include "wire/buf.h"

typedef struct CopyOpts {
	bool		csv;
	bool		binary;
	char		delim;
	char		quote;
	char		escape;
	const char *null_str;
	size_t		null_len;
	bool		header;
	bool		force_quote_all;
	int			nforce;
	const char **force_quote;	/* column names */
} CopyOpts;

typedef struct CopyState {
	CopyOpts	o;
	Arena		arena;			/* lives as long as the COPY */
	const char *relname;		/* for CONTEXT */
	CatTable   *table;
	int			nfields;		/* fields per input line */
	int		   *map;			/* field i -> table column */
	bool		writing;
	TableWrite	w;
	Arena		batch_arena;
	Batch	   *batch;
	int32_t    *types;
	Value	   *row;
	Buf			pending;		/* input not yet a whole line */
	Buf			field;			/* one field, de-escaped */
	int64_t		line;
	int64_t		rows;
	bool		ended;			/* saw the \. end marker (binary: the trailer) */
	bool		bin_header;		/* binary: the file header is read */
	bool		failed;
	/* COPY TO */
	const char **names;			/* output column names (header) */
	bool	   *quote_col;		/* FORCE_QUOTE per output column */
	int			ncols;
} CopyState;

bool		copy_options(CopyState *cs, const PgQuery__CopyStmt *s, Err *err) MUST_CHECK;
bool		copy_add_row(CopyState *cs, Err *err) MUST_CHECK;
bool		copy_bin_data(CopyState *cs, Err *err, const char **ctx) MUST_CHECK;
bool		copy_bin_done(CopyState *cs, Err *err, const char **ctx) MUST_CHECK;
bool		copy_out_start(PgConn *c, const PgQuery__CopyStmt *s, Err *err) MUST_CHECK;
bool		copy_is_qcf(const PgQuery__CopyStmt *s);
bool		copy_qcf_statement(PgConn *c, const PgQuery__CopyStmt *s, Err *err) MUST_CHECK;

#endif							/* QUARRY_COPY_H */
