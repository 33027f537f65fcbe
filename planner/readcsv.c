/*
 * readcsv.c
 *	  read_csv('path or glob', delimiter => ',', header => false,
 *	  quote => '"', escape => '"', null => '') in FROM, optionally with
 *	  declared columns: FROM read_csv(...) AS t(a int, b text).  It binds
 *	  to a relation of kind 'f' whose files are the matched paths, so the
 *	  binder plans it as a table (its scan reads only the columns used).
 *
 *	  Files must lie under a directory of read_csv_dirs (storage_set_csv_dirs,
 *	  from the configuration at start-up); anything else is 42501.  Without
 *	  declared columns, names come from the header (or column0, column1...)
 *	  and types from the first records of the first file: boolean, integer,
 *	  bigint, numeric, date, else text.
 */
#include "planner/storage.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "planner/bind.h"
#include "planner/syscat.h"
#include "wire/csv.h"

#define SAMPLE_BYTES (1u << 20)
#define SAMPLE_RECORDS 1000
#define MAX_DIRS 32
#define MAX_FILES 100000

static char *allowed[MAX_DIRS];
static int nallowed;

/* storage_set_csv_dirs sets the directories read_csv may read (comma-separated). */
void
storage_set_csv_dirs(const char *dirs)
{
	char	   *copy = strdup(dirs);
	char	   *save = NULL;

	for (int i = 0; i < nallowed; i++)
		free(allowed[i]);
	nallowed = 0;
	for (char *d = strtok_r(copy, ",", &save); d && nallowed < MAX_DIRS; d = strtok_r(NULL, ",", &save)) {
		char		real[PATH_MAX];

		while (isspace((unsigned char) *d))
			d++;
		if (*d != '\0' && realpath(d, real) != NULL)
			allowed[nallowed++] = strdup(real);
	}
	free(copy);
}

static bool
is_allowed(const char *real)
{
	for (int i = 0; i < nallowed; i++) {
		size_t		n = strlen(allowed[i]);

		if (strncmp(real, allowed[i], n) == 0 && (real[n] == '/' || strcmp(allowed[i], "/") == 0))
			return true;
	}
	return false;
}

/* storage_csv_path_allowed: COPY FORMAT qcf reads files by the same rule. */
bool
storage_csv_path_allowed(const char *real)
{
	return is_allowed(real);
}

/* ---- arguments ---- */

typedef struct CsvArgs {
	const char *path;
	Quarry__CsvOptions *opts;
} CsvArgs;

static const char *
const_string(const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
		return n->a_const->sval->sval;
	return NULL;
}

static bool
const_bool(const PgQuery__Node *n, bool *out)
{
	const char *s = const_string(n);

	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		n->a_const->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL) {
		*out = n->a_const->boolval->boolval;
		return true;
	}
	if (s != NULL && (strcasecmp(s, "true") == 0 || strcasecmp(s, "false") == 0)) {
		*out = strcasecmp(s, "true") == 0;
		return true;
	}
	return false;
}

static bool
option(CsvArgs *c, const PgQuery__NamedArgExpr *na, Err *err)
{
	const char *s = const_string(na->arg);
	const char *name = na->name;

	if (strcmp(name, "header") == 0) {
		bool		b;

		if (!const_bool(na->arg, &b))
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "header requires a Boolean value");
		c->opts->header = b;
		return true;
	}
	if (s == NULL)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "%s requires a string value", name);
	if (strcmp(name, "delimiter") == 0 || strcmp(name, "delim") == 0)
		c->opts->delimiter = (char *) s;
	else if (strcmp(name, "quote") == 0)
		c->opts->quote = (char *) s;
	else if (strcmp(name, "escape") == 0)
		c->opts->escape = (char *) s;
	else if (strcmp(name, "null") == 0 || strcmp(name, "nullstr") == 0)
		c->opts->null_string = (char *) s;
	else
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "read_csv has no option \"%s\"", name);
	return true;
}

static bool
parse_args(Arena *a, const PgQuery__FuncCall *fc, CsvArgs *c, Err *err)
{
	c->opts = arena_new(a, Quarry__CsvOptions);
	quarry__csv_options__init(c->opts);
	c->opts->delimiter = ",";
	c->opts->quote = "\"";
	c->opts->escape = "";
	c->opts->null_string = "";
	c->path = NULL;
	for (size_t i = 0; i < fc->n_args; i++) {
		const PgQuery__Node *n = fc->args[i];

		if (n->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
			if (!option(c, n->named_arg_expr, err))
				return false;
		} else if (i == 0 && const_string(n) != NULL)
			c->path = const_string(n);
		else
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "read_csv takes a path, then named options");
	}
	if (c->path == NULL)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "read_csv needs a path");
	if (strlen(c->opts->delimiter) != 1 || strlen(c->opts->quote) > 1 || strlen(c->opts->escape) > 1)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "the delimiter, quote and escape of read_csv must be single bytes");
	return true;
}

/* ---- files ---- */

static bool
permission(const char *path, Err *err)
{
	err_set(err, "42501", "permission denied to read file \"%s\"", path);
	err_hint(err, "read_csv reads only files under the directories listed in read_csv_dirs.");
	return false;
}

/* match_files expands the glob; every match must be a readable, allowed file. */
static bool
match_files(Arena *a, const char *pattern, CatTable *t, Err *err)
{
	glob_t		g;
	bool		ok = true;

	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		globfree(&g);
		if (strpbrk(pattern, "*?[") == NULL)
			return err_set(err, "58P01", "could not open file \"%s\": No such file or directory", pattern);
		return err_set(err, "58P01", "no file matches \"%s\"", pattern);
	}
	t->files = arena_array(a, const char *, g.gl_pathc + 1);
	for (size_t i = 0; ok && i < g.gl_pathc && i < MAX_FILES; i++) {
		char		real[PATH_MAX];
		struct stat st;

		if (realpath(g.gl_pathv[i], real) == NULL || !is_allowed(real))
			ok = permission(g.gl_pathv[i], err);
		else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
			ok = err_set(err, "58P01", "\"%s\" is not a regular file", g.gl_pathv[i]);
		else {
			t->files[t->nfiles++] = arena_strdup(a, real);
			t->rows += st.st_size / 64;	/* a guess for the planner */
		}
	}
	globfree(&g);
	return ok;
}

/* ---- inference ---- */

typedef struct Guess {
	bool		can_bool;
	bool		can_int4;
	bool		can_int8;
	bool		can_numeric;
	bool		can_date;
	bool		seen;
} Guess;

static bool
all_digits(const char *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char) p[i]))
			return false;
	return true;
}

static void
guess_field(Guess *g, const char *p, size_t n)
{
	const char *dot;
	size_t		s = n > 0 && (p[0] == '-' || p[0] == '+');
	long long	v;

	g->seen = true;
	g->can_bool &= (n == 1 && strchr("tfTF", p[0]) != NULL) || (n == 4 && strncasecmp(p, "true", 4) == 0) ||
		(n == 5 && strncasecmp(p, "false", 5) == 0);
	g->can_date &= n == 10 && p[4] == '-' && p[7] == '-' && all_digits(p, 4) &&
		all_digits(p + 5, 2) && all_digits(p + 8, 2);
	if (!all_digits(p + s, n - s)) {
		g->can_int4 = g->can_int8 = false;
		dot = memchr(p, '.', n);
		g->can_numeric &= dot != NULL && (dot > p + s ? all_digits(p + s, (size_t) (dot - p) - s) : true) &&
			(dot + 1 < p + n ? all_digits(dot + 1, (size_t) (p + n - dot - 1)) : dot > p + s);
		return;
	}
	errno = 0;
	v = n - s <= 18 ? strtoll(p, NULL, 10) : 0;
	g->can_int8 &= n - s <= 18;
	g->can_int4 &= n - s <= 10 && v >= INT32_MIN && v <= INT32_MAX;
}

static TypeId
guessed_type(const Guess *g)
{
	if (!g->seen)
		return TYPE_TEXT;
	if (g->can_bool)
		return TYPE_BOOL;
	if (g->can_int4)
		return TYPE_INT4;
	if (g->can_int8)
		return TYPE_INT8;
	if (g->can_numeric)
		return TYPE_NUMERIC;
	return g->can_date ? TYPE_DATE : TYPE_TEXT;
}

/* read_sample reads the start of a file; *all says whether that is all of it. */
static char *
read_sample(Arena *a, const char *path, size_t *len, bool *all, Err *err)
{
	char	   *buf = arena_alloc(a, SAMPLE_BYTES + 1);
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t		n = 0;
	ssize_t		got;

	if (fd < 0) {
		err_set(err, "58P01", "could not open file \"%s\": %s", path, strerror(errno));
		return NULL;
	}
	while (n < (ssize_t) SAMPLE_BYTES && (got = read(fd, buf + n, SAMPLE_BYTES - n)) > 0)
		n += got;
	close(fd);
	*len = (size_t) n;
	*all = n < (ssize_t) SAMPLE_BYTES;
	return buf;
}

typedef struct Sample {
	CsvDialect	d;
	CsvFields	f;
	int			ncols;
	const char **names;
	Guess	   *guess;
	bool		trailing;		/* every record ended with an empty field */
} Sample;

static void
sample_record(Arena *a, Sample *s, bool header)
{
	if (s->ncols == 0) {
		s->ncols = s->f.n;
		s->names = arena_array(a, const char *, s->ncols + 1);
		s->guess = arena_array(a, Guess, s->ncols + 1);
		for (int i = 0; i < s->ncols; i++) {
			s->names[i] = header ? arena_strndup(a, s->f.f[i].p, s->f.f[i].len) :
				arena_printf(a, "column%d", i);
			s->guess[i] = (Guess) {true, true, true, true, true, false};
		}
		s->trailing = true;
		if (header)
			return;
	}
	s->trailing &= s->f.n > 0 && s->f.f[s->f.n - 1].len == 0 && !s->f.f[s->f.n - 1].quoted;
	for (int i = 0; i < s->ncols && i < s->f.n; i++)
		if (!csv_is_null(&s->d, &s->f.f[i]))
			guess_field(&s->guess[i], s->f.f[i].p, s->f.f[i].len);
}

/* infer names the columns and guesses their types from the first file. */
static bool
infer(Arena *a, const CatTable *t, const Quarry__CsvOptions *o, Sample *s, Err *err)
{
	size_t		len;
	size_t		pos = 0;
	bool		all;
	char	   *buf = read_sample(a, t->files[0], &len, &all, err);
	int			records = 0;
	ssize_t		end;

	if (buf == NULL)
		return false;
	s->d = (CsvDialect) {o->delimiter[0], o->quote[0] != '\0', o->quote[0],
		o->escape[0] ? o->escape[0] : o->quote[0], o->null_string, strlen(o->null_string)};
	while (records < SAMPLE_RECORDS &&
		   (end = csv_record_end(&s->d, buf + pos, len - pos, all)) > 0) {
		bool		ok = csv_split(&s->d, buf + pos, (size_t) end, &s->f, err);

		pos += (size_t) end;
		if (!ok) {
			csv_fields_free(&s->f);
			return false;
		}
		sample_record(a, s, o->header && records == 0);
		records++;
	}
	csv_fields_free(&s->f);
	if (s->ncols == 0)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "could not infer the columns of \"%s\": declare them", t->files[0]);
	if (s->trailing && s->ncols > 1 && records > (o->header ? 1 : 0))
		s->ncols--;				/* a trailing delimiter ends every record */
	return true;
}

/* ---- columns ---- */

static bool
declared_columns(Arena *a, const PgQuery__RangeFunction *rf, CatTable *t, Err *err)
{
	t->ncols = (int) rf->n_coldeflist;
	t->cols = arena_array(a, CatColumn, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++) {
		const PgQuery__ColumnDef *cd = rf->coldeflist[i]->column_def;

		t->cols[i].name = cd->colname;
		if (!bind_type_name(cd->type_name, &t->cols[i].type, &t->cols[i].typmod, err))
			return false;
		t->cols[i].typmod = -1;
		t->cols[i].id = i + 1;
	}
	return true;
}

static bool
inferred_columns(Arena *a, CatTable *t, Err *err)
{
	Sample		s;

	memset(&s, 0, sizeof(s));
	if (!infer(a, t, t->csv, &s, err))
		return false;
	t->ncols = s.ncols;
	t->cols = arena_array(a, CatColumn, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++) {
		t->cols[i].name = s.names[i];
		t->cols[i].type = guessed_type(&s.guess[i]);
		t->cols[i].typmod = -1;
		t->cols[i].id = i + 1;
	}
	return true;
}

static void
rename_columns(const PgQuery__RangeFunction *rf, CatTable *t)
{
	for (size_t i = 0; rf->alias != NULL && i < rf->alias->n_colnames && (int) i < t->ncols; i++)
		if (rf->alias->colnames[i]->node_case == PG_QUERY__NODE__NODE_STRING)
			t->cols[i].name = rf->alias->colnames[i]->string->sval;
}

static const PgQuery__FuncCall *
read_csv_call(const PgQuery__RangeFunction *rf)
{
	const PgQuery__Node *f;
	const PgQuery__FuncCall *fc;

	if (rf->n_functions != 1 || rf->functions[0]->node_case != PG_QUERY__NODE__NODE_LIST ||
		rf->functions[0]->list->n_items < 1)
		return NULL;
	f = rf->functions[0]->list->items[0];
	if (f == NULL || f->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
		return NULL;
	fc = f->func_call;
	if (fc->n_funcname != 1 || fc->funcname[0]->node_case != PG_QUERY__NODE__NODE_STRING ||
		strcmp(fc->funcname[0]->string->sval, "read_csv") != 0)
		return NULL;
	return fc;
}

/* storage_table_function binds a function in FROM: read_csv is the one there is. */
CatTable *
storage_table_function(Arena *a, const PgQuery__RangeFunction *rf, Err *err)
{
	const PgQuery__FuncCall *fc = read_csv_call(rf);
	CatTable   *t = arena_new(a, CatTable);
	CsvArgs		args;
	CatTable   *sys;

	if (!syscat_table_function(a, rf, &sys, err))
		return NULL;
	if (sys != NULL)
		return sys;				/* pg_get_keywords() (planner/syscat.c) */

	if (fc == NULL || rf->lateral || rf->ordinality || rf->is_rowsfrom) {
		err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"table functions in FROM other than read_csv are not supported yet");
		return NULL;
	}
	if (!parse_args(a, fc, &args, err))
		return NULL;
	t->kind = 'f';
	t->name = "read_csv";
	t->csv = args.opts;
	if (!match_files(a, args.path, t, err) ||
		!(rf->n_coldeflist > 0 ? declared_columns(a, rf, t, err) : inferred_columns(a, t, err)))
		return NULL;
	rename_columns(rf, t);
	return t;
}
