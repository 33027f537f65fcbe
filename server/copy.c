/*
 * copy.c
 *	  COPY FROM STDIN in text and CSV formats, and what COPY TO STDOUT
 *	  shares with it (options, the COPY statement's dispatch).
 *
 *	  COPY FROM answers CopyInResponse and puts the connection in
 *	  CONN_COPY_IN: each CopyData is split into lines (quote-aware for
 *	  CSV), each line into fields, each field through the column type's
 *	  input function into a batch that goes to one TableWrite.  CopyDone
 *	  commits the write; the first bad line aborts it, so nothing is
 *	  loaded, and the error names the line in its CONTEXT as PostgreSQL's
 *	  does ("COPY t, line 3, column b: ...").
 *
 *	  COPY t FROM 'path or glob' WITH (FORMAT qcf) adopts ready-made table
 *	  files instead (copy_qcf.c).
 */
#include "copy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "planner/bind.h"
#include "portal.h"
#include "wire/pgmsg.h"
#include "wire/typeio.h"

/* ---- options ---- */

static const char *
def_string(const PgQuery__DefElem *d)
{
	if (d->arg == NULL)
		return NULL;
	switch (d->arg->node_case) {
		case PG_QUERY__NODE__NODE_STRING:
			return d->arg->string->sval;
		case PG_QUERY__NODE__NODE_BOOLEAN:
			return d->arg->boolean->boolval ? "true" : "false";
		case PG_QUERY__NODE__NODE_INTEGER:
			return d->arg->integer->ival ? "true" : "false";
		default:
			return NULL;
	}
}

static bool
one_char(const PgQuery__DefElem *d, char *out, const char *what, Err *err)
{
	const char *v = def_string(d);

	if (v == NULL || strlen(v) != 1)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "COPY %s must be a single one-byte character", what);
	*out = v[0];
	return true;
}

static bool
force_quote(CopyState *cs, const PgQuery__DefElem *d)
{
	if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_A_STAR) {
		cs->o.force_quote_all = true;
		return true;
	}
	if (d->arg == NULL || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
		return false;
	cs->o.nforce = (int) d->arg->list->n_items;
	cs->o.force_quote = arena_array(&cs->arena, const char *, cs->o.nforce + 1);
	for (int i = 0; i < cs->o.nforce; i++)
		cs->o.force_quote[i] = d->arg->list->items[i]->string->sval;
	return true;
}

static bool
one_option(CopyState *cs, const PgQuery__DefElem *d, bool *has_quote, bool *has_escape,
		   Err *err)
{
	const char *v = def_string(d);

	if (strcmp(d->defname, "format") == 0) {
		if (v != NULL && strcmp(v, "csv") == 0)
			cs->o.csv = true;
		else if (v != NULL && strcmp(v, "binary") == 0)
			cs->o.binary = true;
		else if (v == NULL || strcmp(v, "text") != 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "COPY format \"%s\" not recognized",
						   v ? v : "");
		return true;
	}
	if (strcmp(d->defname, "delimiter") == 0)
		return one_char(d, &cs->o.delim, "delimiter", err);
	if (strcmp(d->defname, "quote") == 0)
		return (*has_quote = true) && one_char(d, &cs->o.quote, "quote", err);
	if (strcmp(d->defname, "escape") == 0)
		return (*has_escape = true) && one_char(d, &cs->o.escape, "escape", err);
	if (strcmp(d->defname, "null") == 0) {
		cs->o.null_str = v ? v : "";
		return true;
	}
	if (strcmp(d->defname, "header") == 0) {
		cs->o.header = v == NULL || strcmp(v, "true") == 0 || strcmp(v, "on") == 0 ||
			strcmp(v, "1") == 0;
		return true;
	}
	if (strcmp(d->defname, "force_quote") == 0 && force_quote(cs, d))
		return true;
	if (strcmp(d->defname, "encoding") == 0 && v != NULL &&
		(strcasecmp(v, "utf8") == 0 || strcasecmp(v, "utf-8") == 0))
		return true;
	if (strcmp(d->defname, "freeze") == 0)
		return true;
	if (strcmp(d->defname, "force_not_null") == 0 || strcmp(d->defname, "force_null") == 0)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY option \"%s\" is not supported yet",
					   d->defname);
	err_set(err, ERRCODE_SYNTAX_ERROR, "option \"%s\" not recognized", d->defname);
	err->position = d->location + 1;
	return false;
}

/* binary_options_ok refuses the text formats' options in BINARY mode. */
static bool
binary_options_ok(CopyState *cs, bool quote_escape, Err *err)
{
	const char *what = cs->o.delim != 0 ? "DELIMITER" : cs->o.null_str != NULL ? "NULL" :
		cs->o.header ? "HEADER" : NULL;

	if (what != NULL)
		return err_set(err, ERRCODE_SYNTAX_ERROR, "cannot specify %s in BINARY mode", what);
	if (quote_escape || cs->o.force_quote_all || cs->o.nforce > 0)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY %s available only in CSV mode",
					   quote_escape ? "quote" : "force quote");
	return true;
}

/* copy_options reads COPY's options and checks them as PostgreSQL does. */
bool
copy_options(CopyState *cs, const PgQuery__CopyStmt *s, Err *err)
{
	bool		has_quote = false;
	bool		has_escape = false;

	cs->o.delim = 0;
	cs->o.null_str = NULL;
	for (size_t i = 0; i < s->n_options; i++)
		if (!one_option(cs, s->options[i]->def_elem, &has_quote, &has_escape, err))
			return false;
	if (cs->o.binary && !binary_options_ok(cs, has_quote || has_escape, err))
		return false;
	if (cs->o.delim == 0)
		cs->o.delim = cs->o.csv ? ',' : '\t';
	if (cs->o.null_str == NULL)
		cs->o.null_str = cs->o.csv ? "" : "\\N";
	cs->o.null_len = strlen(cs->o.null_str);
	if (!cs->o.csv && has_quote)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY quote available only in CSV mode");
	if (!cs->o.csv && has_escape)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY escape available only in CSV mode");
	if (!cs->o.csv && (cs->o.force_quote_all || cs->o.nforce > 0))
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY force quote available only in CSV mode");
	if ((cs->o.force_quote_all || cs->o.nforce > 0) && s->is_from)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY force quote only available using COPY TO");
	if (!has_quote)
		cs->o.quote = '"';
	if (!has_escape)
		cs->o.escape = cs->o.quote;
	if (cs->o.csv && cs->o.delim == cs->o.quote)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "COPY delimiter and quote must be different");
	if (strchr(cs->o.null_str, cs->o.delim) != NULL)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "COPY delimiter must not appear in the NULL specification");
	return true;
}

/* ---- the COPY statement ---- */

static CopyState *
state_new(PgConn *c)
{
	CopyState  *cs = calloc(1, sizeof(CopyState));

	arena_init(&cs->arena);
	arena_init(&cs->batch_arena);
	buf_init(&cs->pending);
	buf_init(&cs->field);
	c->copy = cs;
	return cs;
}

/* copy_free ends any COPY of c, loading nothing that was not committed. */
void
copy_free(PgConn *c)
{
	CopyState  *cs = c->copy;

	if (cs == NULL)
		return;
	if (cs->writing)
		tablewrite_abort(&cs->w);
	buf_free(&cs->pending);
	buf_free(&cs->field);
	arena_reset(&cs->batch_arena);
	arena_reset(&cs->arena);
	free(cs);
	c->copy = NULL;
}

/* target_columns maps COPY's column list (or all columns) to table columns. */
static bool
target_columns(CopyState *cs, const PgQuery__CopyStmt *s, Err *err)
{
	CatTable   *t = cs->table;

	cs->nfields = s->n_attlist > 0 ? (int) s->n_attlist : t->ncols;
	cs->map = arena_array(&cs->arena, int, cs->nfields + 1);
	for (int i = 0; i < cs->nfields; i++) {
		const char *name;
		int			col;

		if (s->n_attlist == 0) {
			cs->map[i] = i;
			continue;
		}
		name = s->attlist[i]->string->sval;
		for (col = 0; col < t->ncols && strcmp(t->cols[col].name, name) != 0; col++)
			;
		if (col == t->ncols)
			return err_set(err, ERRCODE_UNDEFINED_COLUMN,
						   "column \"%s\" of relation \"%s\" does not exist", name, t->name);
		for (int j = 0; j < i; j++)
			if (cs->map[j] == col)
				return err_set(err, "42701", "column \"%s\" specified more than once", name);
		cs->map[i] = col;
	}
	return true;
}

static bool
copy_in_start(PgConn *c, CopyState *cs, const PgQuery__CopyStmt *s, Err *err)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), NULL, c->database};

	if (!bind_find_table(&cs->arena, &cat, s->relation, &cs->table, err)) {
		err->position = 0;
		return false;
	}
	if (!target_columns(cs, s, err))
		return false;
	cs->relname = cs->table->name;
	cs->types = arena_array(&cs->arena, int32_t, cs->table->ncols + 1);
	for (int i = 0; i < cs->table->ncols; i++)
		cs->types[i] = cs->table->cols[i].type;
	cs->row = arena_array(&cs->arena, Value, cs->table->ncols + 1);
	if (!tablewrite_begin(&cs->w, conn_metastore(c), cs->table, err))
		return false;
	cs->writing = true;
	pgmsg_copy_response(&c->out, 'G', cs->o.binary, cs->nfields);
	pgconn_flush(c);
	c->state = CONN_COPY_IN;
	return true;
}

/* copy_statement starts COPY FROM STDIN or COPY TO STDOUT. */
bool
copy_statement(PgConn *c, const PgQuery__CopyStmt *s, Err *err)
{
	CopyState  *cs;
	bool		ok;

	if (copy_is_qcf(s))
		return copy_qcf_statement(c, s, err);
	if ((s->filename != NULL && s->filename[0] != '\0') || s->is_program)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "COPY to or from a file is not supported");
	if (s->where_clause != NULL)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "COPY FROM ... WHERE is not supported yet");
	copy_free(c);
	cs = state_new(c);
	ok = copy_options(cs, s, err);
	if (ok && s->is_from)
		ok = s->relation != NULL ? copy_in_start(c, cs, s, err) :
			err_set(err, ERRCODE_SYNTAX_ERROR, "COPY FROM needs a table");
	else if (ok)
		ok = copy_out_start(c, s, err);
	if (!ok)
		copy_free(c);
	return ok;
}
