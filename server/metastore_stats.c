/*
 * metastore_stats.c
 *	  Statistics: every committed file's per-column null count, min, max
 *	  and HyperLogLog sketch (read from its footer) go to file_stats, and
 *	  each table's column_stats (null count, min, max, distinct estimate)
 *	  are recomputed from them in the same transaction, so they are current
 *	  after every write.  Rows of files written before a column was added
 *	  count as that column's missing value.  ANALYZE re-reads the footers.
 *
 *	  Values are stored as blobs: integers and doubles as 8 bytes, strings
 *	  as their bytes, other fixed-width types as their vector layout.
 */
#include "metastore_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/qcf.h"

/* ms_bind_value binds v (NULL when is_null) as a blob. */
void
ms_bind_value(sqlite3_stmt *st, int idx, const Value *v)
{
	PhysType	p = type_info(v->type)->phys;
	uint8_t		b;

	if (v->is_null || p == PHYS_NONE)
		sqlite3_bind_null(st, idx);
	else if (p == PHYS_STR)
		sqlite3_bind_blob(st, idx, v->u.s.len ? v->u.s.p : "", (int) v->u.s.len, SQLITE_TRANSIENT);
	else if (p == PHYS_BOOL) {
		b = v->u.b;
		sqlite3_bind_blob(st, idx, &b, 1, SQLITE_TRANSIENT);
	} else if (p == PHYS_I16 || p == PHYS_I32 || p == PHYS_I64 || p == PHYS_F64)
		sqlite3_bind_blob(st, idx, &v->u, 8, SQLITE_TRANSIENT);
	else
		sqlite3_bind_blob(st, idx, &v->u, type_phys_width(p), SQLITE_TRANSIENT);
}

/* ms_column_value reads a blob of ms_bind_value; false (v NULL) for SQL NULL. */
bool
ms_column_value(sqlite3_stmt *st, int col, TypeId type, Arena *a, Value *v)
{
	PhysType	ph = type_info(type)->phys;
	const void *p = sqlite3_column_blob(st, col);
	int			len = sqlite3_column_bytes(st, col);
	int			want = ph == PHYS_I16 || ph == PHYS_I32 || ph == PHYS_I64 || ph == PHYS_F64 ? 8 :
		ph == PHYS_BOOL ? 1 : type_phys_width(ph);

	memset(v, 0, sizeof(*v));
	v->type = type;
	v->is_null = true;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return false;
	if (ph == PHYS_STR) {
		v->u.s.p = arena_strndup(a, p ? p : "", (size_t) len);
		v->u.s.len = (uint32_t) len;
	} else if (len == want && p != NULL && (size_t) len <= sizeof(v->u))
		memcpy(&v->u, p, (size_t) len);
	else
		return false;
	if (ph == PHYS_BOOL)
		v->u.b = *(const uint8_t *) p != 0;
	v->is_null = false;
	return true;
}

/* bind_hll binds a sketch, sparse (index, value) triples when that is shorter. */
static void
bind_hll(sqlite3_stmt *st, int idx, const uint8_t *regs)
{
	uint8_t		sparse[QCF_HLL_REGS];
	int			n = 0;

	for (int i = 0; i < QCF_HLL_REGS && n + 3 < QCF_HLL_REGS; i++)
		if (regs[i] != 0) {
			sparse[n++] = (uint8_t) (i >> 8);
			sparse[n++] = (uint8_t) i;
			sparse[n++] = regs[i];
		}
	if (n + 3 < QCF_HLL_REGS)
		sqlite3_bind_blob(st, idx, sparse, n, SQLITE_TRANSIENT);
	else
		sqlite3_bind_blob(st, idx, regs, QCF_HLL_REGS, SQLITE_TRANSIENT);
}

static void
merge_hll_blob(uint8_t *into, const uint8_t *p, int len)
{
	if (len == QCF_HLL_REGS) {
		qcf_hll_merge(into, p);
		return;
	}
	for (int i = 0; i + 2 < len; i += 3) {
		int			r = (p[i] << 8 | p[i + 1]) & (QCF_HLL_REGS - 1);

		if (p[i + 2] > into[r])
			into[r] = p[i + 2];
	}
}

static bool
insert_file_stats(Metastore *ms, int64_t oid, const char *rel, const QcfFile *f, Err *err)
{
	const QcfFooter *ft = &f->footer;
	sqlite3_stmt *st = ms_prepare(ms, "INSERT OR REPLACE INTO file_stats VALUES (?, ?, ?, ?, ?, ?, ?)",
								  err);
	bool		ok = st != NULL;

	for (int c = 0; ok && c < ft->ncols; c++) {
		const QcfStats *s = &ft->stats[c];

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, rel, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, ft->ids[c]);
		sqlite3_bind_int64(st, 3, oid);
		sqlite3_bind_int64(st, 4, s->nulls);
		if (s->has_min)
			ms_bind_value(st, 5, &s->min);
		else
			sqlite3_bind_null(st, 5);
		if (s->has_max)
			ms_bind_value(st, 6, &s->max);
		else
			sqlite3_bind_null(st, 6);
		bind_hll(st, 7, ft->hll[c]);
		ok = sqlite3_step(st) == SQLITE_DONE || ms_db_error(ms, err, "insert file statistics");
	}
	sqlite3_finalize(st);
	return ok;
}

static bool
insert_file_row(Metastore *ms, int64_t oid, const char *rel, int64_t rows, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "INSERT INTO files VALUES (?, ?, ?)", err);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_text(st, 2, rel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, rows);
	return ms_step_done(ms, st, err, "add a data file");
}

/* ms_stats_add_file names a new file in the table with its statistics. */
bool
ms_stats_add_file(Metastore *ms, int64_t oid, const char *abspath, Err *err)
{
	const char *rel = ms_relative(ms, abspath);
	QcfFile		f;
	bool		ok;

	if (!qcf_open(&f, abspath, err))
		return false;
	ok = insert_file_row(ms, oid, rel, f.footer.rows, err) &&
		insert_file_stats(ms, oid, rel, &f, err);
	qcf_close(&f);
	return ok;
}

/* ---- per-column statistics ---- */

typedef struct ColAcc {
	int32_t		colid;
	TypeId		type;
	Value		missing;
	int64_t		covered;		/* rows of the files that have the column */
	QcfStats	st;
	uint8_t		hll[QCF_HLL_REGS];
} ColAcc;

static bool
load_acc_columns(Metastore *ms, int64_t oid, Arena *a, ColAcc **out, int *n, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT colid, type, missing FROM columns"
								  " WHERE table_oid = ? ORDER BY attnum", err);
	int			cap = 16;
	int			rc;

	if (st == NULL)
		return false;
	*out = arena_array(a, ColAcc, cap);
	*n = 0;
	sqlite3_bind_int64(st, 1, oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ColAcc	   *c;

		if (*n == cap) {
			ColAcc	   *grown = arena_array(a, ColAcc, cap * 2);

			memcpy(grown, *out, sizeof(ColAcc) * cap);
			*out = grown;
			cap *= 2;
		}
		c = &(*out)[(*n)++];
		c->colid = sqlite3_column_int(st, 0);
		c->type = type_from_name((const char *) sqlite3_column_text(st, 1));
		ms_column_value(st, 2, c->type, a,
					  &c->missing);
		c->st.min.type = c->st.max.type = c->type;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read columns");
}

static ColAcc *
find_acc(ColAcc *acc, int n, int32_t colid)
{
	for (int i = 0; i < n; i++)
		if (acc[i].colid == colid)
			return &acc[i];
	return NULL;
}

/* fold_file_stats merges every file's statistics of each column. */
static bool
fold_file_stats(Metastore *ms, int64_t oid, ColAcc *acc, int n, Arena *a, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT fs.colid, fs.nulls, fs.minv, fs.maxv, fs.hll, f.rows"
								  " FROM file_stats fs JOIN files f ON f.path = fs.path"
								  " WHERE fs.table_oid = ?", err);
	int			rc;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ColAcc	   *c = find_acc(acc, n, sqlite3_column_int(st, 0));
		QcfStats	s;

		if (c == NULL)
			continue;			/* a dropped column */
		memset(&s, 0, sizeof(s));
		s.nulls = sqlite3_column_int64(st, 1);
		s.has_min = ms_column_value(st, 2, c->type,
								  a, &s.min);
		s.has_max = ms_column_value(st, 3, c->type,
								  a, &s.max);
		qcf_stats_merge(&c->st, &s, a);
		merge_hll_blob(c->hll, sqlite3_column_blob(st, 4), sqlite3_column_bytes(st, 4));
		c->covered += sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read file statistics");
}

static bool
table_rows(Metastore *ms, int64_t oid, int64_t *rows, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT coalesce(sum(rows), 0) FROM files WHERE table_oid = ?",
								  err);

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, oid);
	*rows = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return true;
}

/* add_missing counts the rows of files without the column as its missing value. */
static void
add_missing(ColAcc *c, int64_t uncovered, Arena *a)
{
	QcfStats	s;

	if (uncovered <= 0)
		return;
	memset(&s, 0, sizeof(s));
	if (c->missing.is_null) {
		s.nulls = uncovered;
		qcf_stats_merge(&c->st, &s, a);
		return;
	}
	s.has_min = s.has_max = true;
	s.min = s.max = c->missing;
	qcf_stats_merge(&c->st, &s, a);
	qcf_hll_add(c->hll, qcf_hash_value(&c->missing));
}

static bool
write_column_stats(Metastore *ms, int64_t oid, ColAcc *acc, int n, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "INSERT INTO column_stats VALUES (?, ?, ?, ?, ?, ?)", err);
	bool		ok = st != NULL;

	for (int i = 0; ok && i < n; i++) {
		ColAcc	   *c = &acc[i];

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, oid);
		sqlite3_bind_int(st, 2, c->colid);
		sqlite3_bind_int64(st, 3, c->st.nulls);
		sqlite3_bind_double(st, 4, c->st.has_min ? qcf_hll_estimate(c->hll) : 0);
		if (c->st.has_min)
			ms_bind_value(st, 5, &c->st.min);
		else
			sqlite3_bind_null(st, 5);
		if (c->st.has_max)
			ms_bind_value(st, 6, &c->st.max);
		else
			sqlite3_bind_null(st, 6);
		ok = sqlite3_step(st) == SQLITE_DONE || ms_db_error(ms, err, "write column statistics");
	}
	sqlite3_finalize(st);
	return ok;
}

/* ms_stats_recompute rebuilds a table's column_stats from its files' statistics. */
bool
ms_stats_recompute(Metastore *ms, int64_t oid, Err *err)
{
	Arena		a;
	ColAcc	   *acc;
	int			n;
	int64_t		rows;
	char		sql[96];
	bool		ok;

	arena_init(&a);
	snprintf(sql, sizeof(sql), "DELETE FROM column_stats WHERE table_oid = %lld", (long long) oid);
	ok = load_acc_columns(ms, oid, &a, &acc, &n, err) &&
		fold_file_stats(ms, oid, acc, n, &a, err) && table_rows(ms, oid, &rows, err) &&
		ms_exec(ms, sql, err);
	for (int i = 0; ok && i < n; i++)
		add_missing(&acc[i], rows - acc[i].covered, &a);
	ok = ok && write_column_stats(ms, oid, acc, n, err);
	arena_reset(&a);
	return ok;
}

/* ms_load_stats fills each column's statistics for the planner. */
bool
ms_load_stats(Metastore *ms, Arena *a, CatTable *t, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT colid, nulls, ndistinct, minv, maxv FROM column_stats"
								  " WHERE table_oid = ?", err);
	int			rc;

	if (st == NULL)
		return false;
	sqlite3_bind_int64(st, 1, t->oid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < t->ncols; i++) {
			CatColStats *s = &t->cols[i].stats;

			if (t->cols[i].id != sqlite3_column_int(st, 0))
				continue;
			s->valid = t->rows > 0;
			s->nulls = sqlite3_column_int64(st, 1);
			s->ndistinct = sqlite3_column_double(st, 2);
			s->has_min = ms_column_value(st, 3, t->cols[i].type, a, &s->min);
			s->has_max = ms_column_value(st, 4, t->cols[i].type, a, &s->max);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || ms_db_error(ms, err, "read column statistics");
}

/* ---- ANALYZE ---- */

static bool
reread_files(Metastore *ms, int64_t oid, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT path FROM files WHERE table_oid = ?", err);
	bool		ok = st != NULL;

	if (ok)
		sqlite3_bind_int64(st, 1, oid);
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *rel = (const char *) sqlite3_column_text(st, 0);
		char	   *abs = malloc(strlen(ms->data_dir) + strlen(rel) + 2);
		QcfFile		f;

		sprintf(abs, "%s/%s", ms->data_dir, rel);
		ok = qcf_open(&f, abs, err);
		if (ok) {
			ok = insert_file_stats(ms, oid, rel, &f, err);
			qcf_close(&f);
		}
		free(abs);
	}
	if (st != NULL)
		sqlite3_finalize(st);
	return ok;
}

/* metastore_analyze re-reads the footers of a table's files and its statistics. */
bool
metastore_analyze(Metastore *ms, uint32_t table_oid, Err *err)
{
	char		sql[96];

	snprintf(sql, sizeof(sql), "DELETE FROM file_stats WHERE table_oid = %u", table_oid);
	if (!ms_begin(ms, err))
		return false;
	if (!ms_exec(ms, sql, err) || !reread_files(ms, table_oid, err) ||
		!ms_stats_recompute(ms, table_oid, err) || !ms_commit(ms, err)) {
		ms_rollback(ms);
		return false;
	}
	return true;
}

/* metastore_analyze_all analyzes every table. */
bool
metastore_analyze_all(Metastore *ms, Err *err)
{
	sqlite3_stmt *st = ms_prepare(ms, "SELECT oid FROM tables WHERE kind = 'r' ORDER BY oid", err);
	int64_t    *oids = NULL;
	int			n = 0;
	bool		ok = st != NULL;

	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		oids = realloc(oids, sizeof(int64_t) * (n + 1));
		oids[n++] = sqlite3_column_int64(st, 0);
	}
	if (st != NULL)
		sqlite3_finalize(st);
	for (int i = 0; ok && i < n; i++)
		ok = metastore_analyze(ms, (uint32_t) oids[i], err);
	free(oids);
	return ok;
}
