/*
 * qcf_write.c
 *	  Writing a .qcf file: rows are buffered one row group at a time, one
 *	  builder per column; a full row group is encoded chunk by chunk
 *	  (qcf_encode_best, then zstd when asked and smaller), checksummed and
 *	  appended to PATH.tmp.  qcf_writer_finish writes the footer, fsyncs,
 *	  renames to PATH and fsyncs the directory: after it returns the file
 *	  survives a crash, and until a metastore transaction names it, it is
 *	  an orphan that start-up removes.
 */
#include "exec/qcf_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

typedef struct ColBuild {
	TypeId		type;
	PhysType	phys;
	int			width;
	int64_t    *ints;
	double	   *f64;
	uint8_t    *raw;
	uint64_t   *offs;			/* strings: rows + 1 */
	Buf			bytes;
	uint64_t   *validity;
	bool		any_null;
	int64_t		first_valid;	/* -1 until a valid value arrives */
	QcfStats	stats;			/* the whole file */
	uint8_t		hll[QCF_HLL_REGS];
} ColBuild;

typedef struct RgList {
	QcfRowGroup *items;
	int			n;
	int			cap;
} RgList;

struct QcfWriter {
	char		path[PATH_MAX];
	char		tmp[PATH_MAX + 8];
	FILE	   *f;
	uint64_t	offset;
	int			ncols;
	int32_t    *types;
	int32_t    *ids;
	QcfOptions	opts;
	uint32_t	rg_rows;
	ColBuild   *cols;
	uint32_t	nrows;			/* in the row group being built */
	int64_t		total;
	RgList		rgs;
	Arena		arena;			/* stats strings, chunk metadata */
	Buf			enc;
	Buf			comp;
	ZSTD_CCtx  *zc;
};

static bool
io_error(Err *err, const char *what, const char *path)
{
	return err_set(err, ERRCODE_IO_ERROR, "could not %s file \"%s\": %s", what, path,
				   strerror(errno));
}

static void
col_init(ColBuild *c, TypeId type, uint32_t cap)
{
	memset(c, 0, sizeof(*c));
	c->type = type;
	c->phys = type_info(type)->phys;
	c->width = type_phys_width(c->phys);
	if (qcf_phys_is_int(c->phys))
		c->ints = malloc(sizeof(int64_t) * cap);
	else if (c->phys == PHYS_F64)
		c->f64 = malloc(sizeof(double) * cap);
	else if (c->phys == PHYS_STR)
		c->offs = calloc(cap + 1, sizeof(uint64_t));
	else
		c->raw = malloc((size_t) c->width * cap);
	buf_init(&c->bytes);
	c->validity = malloc(((size_t) cap + 63) / 64 * 8);
	memset(c->validity, 0xff, ((size_t) cap + 63) / 64 * 8);
	c->first_valid = -1;
	c->stats.min.type = c->stats.max.type = type;
}

static void
col_free(ColBuild *c)
{
	free(c->ints);
	free(c->f64);
	free(c->raw);
	free(c->offs);
	free(c->validity);
	buf_free(&c->bytes);
}

/* qcf_writer_open starts PATH.tmp for a file of ncols columns. */
QcfWriter *
qcf_writer_open(const char *path, int ncols, const int32_t *types, const int32_t *ids,
				const QcfOptions *opts, Err *err)
{
	QcfWriter  *w = calloc(1, sizeof(QcfWriter));

	snprintf(w->path, sizeof(w->path), "%s", path);
	snprintf(w->tmp, sizeof(w->tmp), "%s.tmp", path);
	w->opts = *opts;
	w->rg_rows = opts->row_group_rows ? opts->row_group_rows : QCF_ROW_GROUP_ROWS;
	w->ncols = ncols;
	arena_init(&w->arena);
	w->types = arena_array(&w->arena, int32_t, ncols + 1);
	w->ids = arena_array(&w->arena, int32_t, ncols + 1);
	if (ncols > 0) {
		memcpy(w->types, types, sizeof(int32_t) * ncols);
		memcpy(w->ids, ids, sizeof(int32_t) * ncols);
	}
	w->cols = calloc(ncols + 1, sizeof(ColBuild));
	for (int i = 0; i < ncols; i++)
		col_init(&w->cols[i], (TypeId) types[i], w->rg_rows);
	buf_init(&w->enc);
	buf_init(&w->comp);
	w->f = fopen(w->tmp, "wb");
	if (w->f == NULL || fwrite(QCF_MAGIC, 1, 4, w->f) != 4) {
		io_error(err, "create", w->tmp);
		qcf_writer_abort(&w);
		return NULL;
	}
	w->offset = 4;
	return w;
}

/* append_value stores row `row` of v as builder slot `at`. */
static void
append_value(ColBuild *c, const Vector *v, uint32_t row, uint32_t at)
{
	const void *d = v->data;

	if (c->phys == PHYS_STR) {
		const StrView *s = (const StrView *) d + row;

		buf_put(&c->bytes, str_data(s), s->len);
		c->offs[at + 1] = c->bytes.len;
		return;
	}
	switch (c->phys) {
		case PHYS_BOOL:
			c->ints[at] = ((const uint8_t *) d)[row] != 0;
			break;
		case PHYS_I16:
			c->ints[at] = ((const int16_t *) d)[row];
			break;
		case PHYS_I32:
			c->ints[at] = ((const int32_t *) d)[row];
			break;
		case PHYS_I64:
			c->ints[at] = ((const int64_t *) d)[row];
			break;
		case PHYS_F64:
			c->f64[at] = ((const double *) d)[row];
			break;
		default:
			memcpy(c->raw + (size_t) at * c->width, (const uint8_t *) d + (size_t) row * c->width,
				   c->width);
	}
}

/* append_null marks slot at NULL and gives it the previous slot's value. */
static void
append_null(ColBuild *c, uint32_t at)
{
	c->validity[at / 64] &= ~(UINT64_C(1) << (at % 64));
	c->any_null = true;
	if (c->phys == PHYS_STR)
		c->offs[at + 1] = c->bytes.len;
	else if (c->ints != NULL)
		c->ints[at] = at > 0 ? c->ints[at - 1] : 0;
	else if (c->f64 != NULL)
		c->f64[at] = at > 0 ? c->f64[at - 1] : 0;
	else
		memset(c->raw + (size_t) at * c->width, 0, c->width);
}

/* fill_leading gives the NULL slots before the first valid value its value. */
static void
fill_leading(ColBuild *c)
{
	for (int64_t i = 0; i < c->first_valid; i++) {
		if (c->ints != NULL)
			c->ints[i] = c->ints[c->first_valid];
		else if (c->f64 != NULL)
			c->f64[i] = c->f64[c->first_valid];
	}
}

static void
column_view(const ColBuild *b, uint32_t rows, QcfColumn *c)
{
	memset(c, 0, sizeof(*c));
	c->phys = b->phys;
	c->width = b->width;
	c->rows = rows;
	c->validity = b->any_null ? b->validity : NULL;
	c->ints = b->ints;
	c->f64 = b->f64;
	c->offs = b->offs;
	c->bytes = (const char *) b->bytes.data;
	c->raw = b->raw;
}

/* store_chunk compresses (when asked and worth it) and appends w->enc. */
static bool
store_chunk(QcfWriter *w, QcfChunkMeta *m, Err *err)
{
	Buf		   *out = &w->enc;

	m->raw_len = (uint32_t) w->enc.len;
	if (w->opts.zstd) {
		size_t		bound = ZSTD_compressBound(w->enc.len);
		size_t		n;

		if (w->zc == NULL)
			w->zc = ZSTD_createCCtx();
		buf_reset(&w->comp);
		buf_reserve(&w->comp, bound);
		n = ZSTD_compressCCtx(w->zc, w->comp.data, bound, w->enc.data, w->enc.len,
							  w->opts.zstd_level);
		if (!ZSTD_isError(n) && n < w->enc.len) {
			w->comp.len = n;
			out = &w->comp;
			m->zstd = 1;
		}
	}
	m->offset = w->offset;
	m->stored_len = (uint32_t) out->len;
	m->checksum = XXH64(out->data, out->len, 0);
	if (fwrite(out->data, 1, out->len, w->f) != out->len)
		return io_error(err, "write", w->tmp);
	w->offset += out->len;
	return true;
}

static bool
flush_column(QcfWriter *w, int i, QcfChunkMeta *m, Err *err)
{
	ColBuild   *b = &w->cols[i];
	QcfColumn	c;

	if (b->first_valid > 0)
		fill_leading(b);
	column_view(b, w->nrows, &c);
	qcf_stats_of(&c, b->type, &m->stats, &w->arena);
	qcf_stats_merge(&b->stats, &m->stats, &w->arena);
	qcf_hll_add_column(b->hll, &c);
	buf_reset(&w->enc);
	m->encoding = (uint8_t) qcf_encode_best(&w->enc, &c);
	if (w->enc.len > UINT32_MAX - 64)
		return err_set(err, "54000", "column chunk of \"%s\" is too large", w->path);
	if (!store_chunk(w, m, err))
		return false;
	memset(b->validity, 0xff, ((size_t) w->rg_rows + 63) / 64 * 8);
	b->any_null = false;
	b->first_valid = -1;
	buf_reset(&b->bytes);
	return true;
}

static bool
flush_row_group(QcfWriter *w, Err *err)
{
	QcfRowGroup *rg;

	if (w->nrows == 0)
		return true;
	if (w->rgs.n == w->rgs.cap) {
		w->rgs.cap = w->rgs.cap ? w->rgs.cap * 2 : 8;
		w->rgs.items = realloc(w->rgs.items, sizeof(QcfRowGroup) * w->rgs.cap);
	}
	rg = &w->rgs.items[w->rgs.n++];
	rg->rows = w->nrows;
	rg->chunks = arena_array(&w->arena, QcfChunkMeta, w->ncols + 1);
	for (int i = 0; i < w->ncols; i++)
		if (!flush_column(w, i, &rg->chunks[i], err))
			return false;
	w->nrows = 0;
	return true;
}

/* append_rows copies live rows [k0, k0 + n) of column v into slots from w->nrows. */
static void
append_rows(ColBuild *c, const Batch *b, const Vector *v, uint32_t k0, uint32_t n, uint32_t at)
{
	for (uint32_t k = k0; k < k0 + n; k++, at++) {
		uint32_t	row = batch_row(b, k);

		if (vec_is_null(v, row)) {
			append_null(c, at);
			continue;
		}
		append_value(c, v, row, at);
		if (c->first_valid < 0)
			c->first_valid = at;
	}
}

/* qcf_writer_append buffers the live rows of b (columns as the writer's). */
bool
qcf_writer_append(QcfWriter *w, const Batch *b, Err *err)
{
	uint32_t	n = batch_rows(b);

	if (b->ncols != w->ncols)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "batch has %d columns, the file %d",
					   b->ncols, w->ncols);
	for (uint32_t k = 0; k < n;) {
		uint32_t	take = n - k < w->rg_rows - w->nrows ? n - k : w->rg_rows - w->nrows;

		for (int i = 0; i < w->ncols; i++)
			append_rows(&w->cols[i], b, &b->cols[i], k, take, w->nrows);
		w->nrows += take;
		k += take;
		if (w->nrows == w->rg_rows && !flush_row_group(w, err))
			return false;
	}
	w->total += n;
	return true;
}

int64_t
qcf_writer_rows(const QcfWriter *w)
{
	return w->total;
}

static void
put_value(Buf *b, const Value *v)
{
	uint64_t	bits;

	switch (type_info(v->type)->phys) {
		case PHYS_BOOL:
			buf_put_u8(b, v->u.b);
			break;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			buf_put_u64(b, (uint64_t) v->u.i);
			break;
		case PHYS_F64:
			memcpy(&bits, &v->u.f, 8);
			buf_put_u64(b, bits);
			break;
		case PHYS_STR:
			buf_put_u32(b, v->u.s.len);
			buf_put(b, v->u.s.p, v->u.s.len);
			break;
		case PHYS_DEC:
			buf_put(b, &v->u.n, sizeof(Numeric));
			break;
		default:
			break;
	}
}

static void
put_stats(Buf *b, const QcfStats *st)
{
	buf_put_u64(b, (uint64_t) st->nulls);
	buf_put_u8(b, (uint8_t) (st->has_min | st->has_max << 1));
	if (st->has_min)
		put_value(b, &st->min);
	if (st->has_max)
		put_value(b, &st->max);
}

static void
put_chunk_meta(Buf *b, const QcfChunkMeta *m)
{
	buf_put_u64(b, m->offset);
	buf_put_u32(b, m->stored_len);
	buf_put_u32(b, m->raw_len);
	buf_put_u8(b, m->encoding);
	buf_put_u8(b, m->zstd);
	buf_put_u64(b, m->checksum);
	put_stats(b, &m->stats);
}

static void
build_footer(QcfWriter *w, Buf *b)
{
	buf_put_u32(b, QCF_VERSION);
	buf_put_u32(b, (uint32_t) w->ncols);
	for (int i = 0; i < w->ncols; i++) {
		buf_put_u32(b, (uint32_t) w->ids[i]);
		buf_put_u32(b, (uint32_t) w->types[i]);
	}
	buf_put_u64(b, (uint64_t) w->total);
	buf_put_u32(b, (uint32_t) w->rgs.n);
	for (int r = 0; r < w->rgs.n; r++) {
		buf_put_u32(b, w->rgs.items[r].rows);
		for (int i = 0; i < w->ncols; i++)
			put_chunk_meta(b, &w->rgs.items[r].chunks[i]);
	}
	for (int i = 0; i < w->ncols; i++) {
		put_stats(b, &w->cols[i].stats);
		buf_put(b, w->cols[i].hll, QCF_HLL_REGS);
	}
}

static bool
write_footer(QcfWriter *w, Err *err)
{
	Buf			b;
	size_t		len;
	bool		ok;

	buf_init(&b);
	build_footer(w, &b);
	len = b.len;
	buf_put_u32(&b, (uint32_t) len);
	buf_put_u64(&b, XXH64(b.data, len, 0));
	buf_put(&b, QCF_MAGIC, 4);
	ok = fwrite(b.data, 1, b.len, w->f) == b.len;
	buf_free(&b);
	return ok || io_error(err, "write", w->tmp);
}

static bool
fsync_dir(const char *path, Err *err)
{
	char		dir[PATH_MAX];
	int			fd;

	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	if (fd < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		return io_error(err, "fsync directory of", path);
	}
	close(fd);
	return true;
}

/* qcf_writer_finish makes the file durable under its final name and frees w. */
bool
qcf_writer_finish(QcfWriter **wp, Err *err)
{
	QcfWriter  *w = *wp;
	bool		ok = flush_row_group(w, err) && write_footer(w, err);

	if (ok && (fflush(w->f) != 0 || fsync(fileno(w->f)) != 0))
		ok = io_error(err, "fsync", w->tmp);
	if (fclose(w->f) != 0 && ok)
		ok = io_error(err, "write", w->tmp);
	w->f = NULL;
	if (ok && rename(w->tmp, w->path) != 0)
		ok = io_error(err, "rename", w->tmp);
	if (!ok) {
		qcf_writer_abort(wp);
		return false;
	}
	ok = fsync_dir(w->path, err);
	w->tmp[0] = '\0';
	qcf_writer_abort(wp);
	return ok;
}

/* qcf_writer_abort removes the temporary file and frees w. */
void
qcf_writer_abort(QcfWriter **wp)
{
	QcfWriter  *w = *wp;

	if (w == NULL)
		return;
	if (w->f != NULL)
		fclose(w->f);
	if (w->tmp[0] != '\0')
		unlink(w->tmp);
	for (int i = 0; i < w->ncols; i++)
		col_free(&w->cols[i]);
	free(w->cols);
	free(w->rgs.items);
	buf_free(&w->enc);
	buf_free(&w->comp);
	ZSTD_freeCCtx(w->zc);
	arena_reset(&w->arena);
	free(w);
	*wp = NULL;
}
