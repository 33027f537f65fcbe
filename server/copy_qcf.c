/*
 * copy_qcf.c
 *	  COPY table FROM 'path or glob' WITH (FORMAT qcf): ready-made table
 *	  files (.qcf, exec/qcf.h; bench/tpchgen --format qcf writes them)
 *	  become the table's rows without being decoded or re-encoded.
 *
 *	  Like PostgreSQL's COPY FROM a file it is for superusers only (42501),
 *	  and, like read_csv, it reads only files under a directory of
 *	  read_csv_dirs (42501 otherwise).  Every matched file is checked before
 *	  anything is loaded: the footer's checksum and lengths (qcf_open), the
 *	  xxh64 of every column chunk, the schema against the table's file
 *	  layout (tablewrite_file_layout: as many columns, the same types and
 *	  stored ids, else 42804), NOT NULL columns against the footer's null
 *	  counts (23502), and typmods against the footer's min and max (22001,
 *	  22003; numerics of another scale, 42804).  A file that fails any
 *	  check is named in the error and nothing is loaded; values between
 *	  min and max are trusted to fit the typmod.
 *
 *	  The files are then hard-linked (or, across file systems, copied)
 *	  into the table's directory under the names of one write in flight,
 *	  fsynced with the directory, and added to the table in one metastore
 *	  transaction (metastore_commit), which also reads their statistics.
 *	  On any failure the new names are removed; the source files stay.
 *
 *	  INTERFACE ROUTINES: copy_qcf_statement, copy_is_qcf
 */
#include "copy.h"

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
#include <xxhash.h>

#include "common/numeric.h"
#include "planner/bind.h"
#include "planner/storage.h"
#include "wire/pgmsg.h"

#define MAX_FILES 100000
#define COPY_BUF (1 << 20)

/* One file of the load: where it comes from, where it goes. */
typedef struct QcfSource {
	char	   *src;			/* resolved path */
	char	   *dst;			/* its name in the table's directory, once placed */
	int64_t		rows;
} QcfSource;

typedef struct QcfLoad {
	Arena		arena;
	CatTable   *table;
	int32_t    *types;			/* the table's file layout */
	int32_t    *ids;
	QcfSource  *files;
	int			nfiles;
	MsWrite		write;
	bool		writing;
} QcfLoad;

/* copy_is_qcf says whether COPY's options name FORMAT qcf. */
bool
copy_is_qcf(const PgQuery__CopyStmt *s)
{
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;

		if (strcmp(d->defname, "format") == 0 && d->arg != NULL &&
			d->arg->node_case == PG_QUERY__NODE__NODE_STRING &&
			strcasecmp(d->arg->string->sval, "qcf") == 0)
			return true;
	}
	return false;
}

/* ---- the statement and its files ---- */

static bool
check_statement(PgConn *c, const PgQuery__CopyStmt *s, Err *err)
{
	if (!s->is_from || s->is_program || s->filename == NULL || s->filename[0] == '\0')
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "COPY FORMAT qcf only loads table files: COPY table FROM 'path' WITH (FORMAT qcf)");
	if (s->n_attlist > 0)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "COPY FORMAT qcf loads whole rows: a column list is not supported");
	for (size_t i = 0; i < s->n_options; i++) {
		const PgQuery__DefElem *d = s->options[i]->def_elem;

		if (strcmp(d->defname, "format") != 0 && strcmp(d->defname, "freeze") != 0) {
			err_set(err, ERRCODE_SYNTAX_ERROR, "option \"%s\" not allowed with FORMAT qcf",
					d->defname);
			err->position = d->location + 1;
			return false;
		}
	}
	if (!c->superuser) {
		err_set(err, "42501", "must be superuser or have privileges of the "
				"pg_read_server_files role to COPY from a file");
		err_hint(err, "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.");
		return false;
	}
	return true;
}

static bool
permission(const char *path, Err *err)
{
	err_set(err, "42501", "permission denied to read file \"%s\"", path);
	err_hint(err, "COPY FORMAT qcf reads only files under the directories listed in read_csv_dirs.");
	return false;
}

/* match_files expands the glob; every match must be an allowed regular file. */
static bool
match_files(QcfLoad *l, const char *pattern, Err *err)
{
	glob_t		g;
	bool		ok = true;

	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		globfree(&g);
		if (strpbrk(pattern, "*?[") == NULL)
			return err_set(err, "58P01", "could not open file \"%s\" for reading: No such file or directory",
						   pattern);
		return err_set(err, "58P01", "no file matches \"%s\"", pattern);
	}
	if (g.gl_pathc > MAX_FILES)
		ok = err_set(err, "54000", "\"%s\" matches more than %d files",
					 pattern, MAX_FILES);
	l->files = arena_array(&l->arena, QcfSource, g.gl_pathc + 1);
	for (size_t i = 0; ok && i < g.gl_pathc; i++) {
		char		real[PATH_MAX];
		struct stat st;

		if (realpath(g.gl_pathv[i], real) == NULL || !storage_csv_path_allowed(real))
			ok = permission(g.gl_pathv[i], err);
		else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
			ok = err_set(err, "58P01", "\"%s\" is not a regular file", g.gl_pathv[i]);
		else
			l->files[l->nfiles++].src = arena_strdup(&l->arena, real);
	}
	globfree(&g);
	return ok;
}

/* ---- checks ---- */

static bool
corrupt(const char *path, const char *why, Err *err)
{
	err_set(err, "22P04", "file \"%s\" is not a valid qcf table file", path);
	err_detail(err, "%s", why);
	return false;
}

/* check_chunks verifies the xxh64 of every column chunk of f. */
static bool
check_chunks(QcfFile *f, Err *err)
{
	size_t		cap = 0;
	uint8_t    *buf = NULL;
	bool		ok = true;

	for (int rg = 0; ok && rg < f->footer.nrgs; rg++)
		for (int col = 0; ok && col < f->footer.ncols; col++) {
			const QcfChunkMeta *m = &f->footer.rgs[rg].chunks[col];
			char		why[128];

			if (m->stored_len > cap) {
				free(buf);
				cap = m->stored_len;
				buf = malloc(cap);
			}
			if (m->stored_len > 0 &&
				pread(f->fd, buf, m->stored_len, (off_t) m->offset) != (ssize_t) m->stored_len)
				ok = corrupt(f->path, "a column chunk is cut short", err);
			else if (XXH64(buf, m->stored_len, 0) != m->checksum) {
				snprintf(why, sizeof(why), "checksum mismatch in row group %d, column %d",
						 rg + 1, col + 1);
				ok = corrupt(f->path, why, err);
			}
		}
	free(buf);
	return ok;
}

static bool
layout_mismatch(const QcfLoad *l, const char *path, Err *err)
{
	err_set(err, ERRCODE_DATATYPE_MISMATCH, "file \"%s\" does not match the columns of table \"%s\"",
			path, l->table->name);
	return false;
}

/* check_layout compares the file's schema with the table's file layout. */
static bool
check_layout(const QcfLoad *l, const QcfFile *f, Err *err)
{
	const QcfFooter *ft = &f->footer;

	if (ft->ncols != l->table->ncols) {
		layout_mismatch(l, f->path, err);
		err_detail(err, "The file has %d columns, the table %d.", ft->ncols, l->table->ncols);
		return false;
	}
	for (int i = 0; i < ft->ncols; i++) {
		const CatColumn *col = &l->table->cols[i];

		if (ft->types[i] != l->types[i]) {
			layout_mismatch(l, f->path, err);
			err_detail(err, "Column %d (\"%s\") is %s in the table and %s in the file.", i + 1,
					   col->name, type_info(col->type)->name,
					   type_is_valid(ft->types[i]) ? type_info((TypeId) ft->types[i])->name : "unknown");
			return false;
		}
		if (ft->ids[i] != l->ids[i]) {
			layout_mismatch(l, f->path, err);
			err_detail(err, "Column %d (\"%s\") has stored id %d in the table and %d in the file.",
					   i + 1, col->name, l->ids[i], ft->ids[i]);
			return false;
		}
	}
	return true;
}

static uint32_t
utf8_chars(const char *s, uint32_t len)
{
	uint32_t	chars = 0;

	for (uint32_t i = 0; i < len; i++)
		chars += ((unsigned char) s[i] & 0xC0) != 0x80;
	return chars;
}

/* value_fits says whether a min or max value fits col's typmod. */
static bool
value_fits(const CatColumn *col, const Value *v, Err *err)
{
	if (col->typmod < 0 || v->is_null)
		return true;
	if ((col->type == TYPE_VARCHAR || col->type == TYPE_BPCHAR) && col->typmod > 4 &&
		utf8_chars(v->u.s.p, v->u.s.len) > (uint32_t) (col->typmod - 4))
		return err_set(err, ERRCODE_STRING_TOO_LONG, "value too long for type %s(%d)",
					   col->type == TYPE_VARCHAR ? "character varying" : "character",
					   col->typmod - 4);
	if (col->type == TYPE_NUMERIC) {
		Numeric		r;

		if (num_scale(v->u.n) != num_typmod_scale(col->typmod))
			return err_set(err, ERRCODE_DATATYPE_MISMATCH,
						   "numeric values of scale %d do not fit numeric(%d,%d) without re-encoding",
						   num_scale(v->u.n), num_typmod_precision(col->typmod),
						   num_typmod_scale(col->typmod));
		if (num_apply_typmod(v->u.n, col->typmod, &r) != NUM_OK || r != v->u.n)
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "numeric field overflow");
	}
	return true;
}

/* check_values: NOT NULL from the null counts, typmods from min and max. */
static bool
check_values(const QcfLoad *l, const QcfFile *f, Err *err)
{
	for (int i = 0; i < f->footer.ncols; i++) {
		const CatColumn *col = &l->table->cols[i];
		const QcfStats *st = &f->footer.stats[i];

		if (col->not_null && st->nulls > 0) {
			err_set(err, ERRCODE_NOT_NULL_VIOLATION,
					"null value in column \"%s\" of relation \"%s\" violates not-null constraint",
					col->name, l->table->name);
			err_detail(err, "File \"%s\" has %lld NULLs in column %d.", f->path,
					   (long long) st->nulls, i + 1);
			return false;
		}
		if ((st->has_min && !value_fits(col, &st->min, err)) ||
			(st->has_max && !value_fits(col, &st->max, err))) {
			err_detail(err, "File \"%s\", column \"%s\".", f->path, col->name);
			return false;
		}
	}
	return true;
}

/* check_file opens one source file and runs every check on it. */
static bool
check_file(QcfLoad *l, QcfSource *s, Err *err)
{
	QcfFile		f;
	bool		ok;

	if (!qcf_open(&f, s->src, err)) {
		if (strcmp(err->sqlstate, "58P01") == 0 || strcmp(err->sqlstate, ERRCODE_IO_ERROR) == 0)
			return false;
		char		why[sizeof(err->message)];

		snprintf(why, sizeof(why), "%s", err->message);
		err_clear(err);
		return corrupt(s->src, why, err);
	}
	ok = check_layout(l, &f, err) && check_values(l, &f, err) && check_chunks(&f, err);
	s->rows = f.footer.rows;
	qcf_close(&f);
	return ok;
}

/* ---- placing and committing ---- */

static bool
copy_bytes(const char *src, const char *dst, Err *err)
{
	int			in = open(src, O_RDONLY | O_CLOEXEC);
	int			out = in < 0 ? -1 : open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	char	   *buf = malloc(COPY_BUF);
	ssize_t		n = 0;
	bool		ok = in >= 0 && out >= 0 && buf != NULL;

	while (ok && (n = read(in, buf, COPY_BUF)) > 0)
		ok = write(out, buf, (size_t) n) == n;
	ok = ok && n == 0;
	free(buf);
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0)
		ok = false;
	if (!ok) {
		err_set(err, ERRCODE_IO_ERROR, "could not copy file \"%s\" to \"%s\": %s", src, dst,
				strerror(errno));
		unlink(dst);
	}
	return ok;
}

static bool
fsync_path(const char *path, Err *err)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	bool		ok = fd >= 0 && fsync(fd) == 0;

	if (fd >= 0)
		close(fd);
	return ok || err_set(err, ERRCODE_IO_ERROR, "could not fsync file \"%s\": %s", path,
						 strerror(errno));
}

/* place_file links (or copies) s into the table's directory and fsyncs it. */
static bool
place_file(Metastore *ms, QcfLoad *l, QcfSource *s, Err *err)
{
	char		path[PATH_MAX + 256];

	if (!metastore_new_file_path(ms, l->table->oid, &l->write, path, sizeof(path), err))
		return false;
	if (link(s->src, path) != 0) {
		if (errno != EXDEV && errno != EPERM && errno != EMLINK)
			return err_set(err, ERRCODE_IO_ERROR, "could not link file \"%s\" to \"%s\": %s",
						   s->src, path, strerror(errno));
		if (!copy_bytes(s->src, path, err))
			return false;
	}
	s->dst = arena_strdup(&l->arena, path);
	return fsync_path(path, err);
}

static void
unplace_files(QcfLoad *l)
{
	for (int i = 0; i < l->nfiles; i++)
		if (l->files[i].dst != NULL)
			unlink(l->files[i].dst);
}

/* commit places every file, then adds them to the table in one transaction. */
static bool
commit(Metastore *ms, QcfLoad *l, Err *err)
{
	const char **paths = arena_array(&l->arena, const char *, l->nfiles + 1);
	MsCommit	mc = {.table_oid = l->table->oid, .nadd = 0, .add = paths};
	char		dir[PATH_MAX];

	for (int i = 0; i < l->nfiles; i++) {
		if (l->files[i].rows == 0)
			continue;
		if (!place_file(ms, l, &l->files[i], err))
			return false;
		paths[mc.nadd++] = l->files[i].dst;
	}
	if (mc.nadd == 0)
		return true;
	if (!metastore_table_dir(ms, l->table->oid, dir, sizeof(dir), err) || !fsync_path(dir, err))
		return false;
	return metastore_commit(ms, &mc, err);
}

static bool
load(PgConn *c, QcfLoad *l, const PgQuery__CopyStmt *s, Err *err)
{
	Catalog		cat = {metastore_find_table, conn_metastore(c), NULL, c->database};

	if (!bind_find_table(&l->arena, &cat, s->relation, &l->table, err)) {
		err->position = 0;
		return false;
	}
	if (l->table->kind != 'r')
		return err_set(err, ERRCODE_WRONG_OBJECT_TYPE, "cannot copy to %s \"%s\"",
					   l->table->kind == 'v' ? "view" : "non-table relation", l->table->name);
	l->types = arena_array(&l->arena, int32_t, l->table->ncols + 1);
	l->ids = arena_array(&l->arena, int32_t, l->table->ncols + 1);
	tablewrite_file_layout(l->table, l->types, l->ids);
	if (!match_files(l, s->filename, err))
		return false;
	for (int i = 0; i < l->nfiles; i++)
		if (!check_file(l, &l->files[i], err))
			return false;
	metastore_write_begin(conn_metastore(c), &l->write);
	l->writing = true;
	return commit(conn_metastore(c), l, err);
}

/*
 * copy_qcf_statement runs COPY table FROM 'path or glob' WITH (FORMAT
 * qcf) to its end: CommandComplete "COPY rows", or an error and nothing
 * loaded.
 */
bool
copy_qcf_statement(PgConn *c, const PgQuery__CopyStmt *s, Err *err)
{
	QcfLoad		l;
	bool		ok;
	int64_t		rows = 0;
	char		tag[48];

	memset(&l, 0, sizeof(l));
	arena_init(&l.arena);
	ok = check_statement(c, s, err) && load(c, &l, s, err);
	if (!ok)
		unplace_files(&l);
	if (l.writing)
		metastore_write_end(conn_metastore(c), &l.write);
	for (int i = 0; ok && i < l.nfiles; i++)
		rows += l.files[i].rows;
	arena_reset(&l.arena);
	if (!ok)
		return false;
	snprintf(tag, sizeof(tag), "COPY %lld", (long long) rows);
	pgmsg_command_complete(&c->out, tag);
	return true;
}
