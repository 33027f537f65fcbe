/*
 * qcf_read.c
 *	  Reading .qcf files: qcf_open reads and checks the tail and the footer
 *	  (checksum, then every count and offset against the file's size);
 *	  qcf_read_chunk returns a decoded chunk from the cache or reads it with
 *	  pread, verifies its checksum, decompresses and decodes it, and puts it
 *	  in the cache.  Any inconsistency is XX001 naming the file.
 */
#include "exec/qcf_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#define QCF_MAX_FOOTER (512u * 1024 * 1024)

/* qcf_corrupt raises XX001 for a damaged file. */
bool
qcf_corrupt(Err *err, const char *path, const char *why)
{
	return err_set(err, ERRCODE_DATA_CORRUPTED, "table file \"%s\" is corrupted: %s", path, why);
}

static bool
read_at(QcfFile *f, void *buf, size_t len, uint64_t off, Err *err)
{
	size_t		done = 0;

	while (done < len) {
		ssize_t		n = pread(f->fd, (uint8_t *) buf + done, len - done, (off_t) (off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(err, ERRCODE_IO_ERROR, "could not read file \"%s\": %s", f->path,
						   strerror(errno));
		if (n == 0)
			return qcf_corrupt(err, f->path, "unexpected end of file");
		done += (size_t) n;
	}
	return true;
}

static bool
get_value(Reader *r, Arena *a, TypeId type, Value *v)
{
	uint64_t	bits;
	uint32_t	len;
	const uint8_t *p;

	memset(v, 0, sizeof(*v));
	v->type = type;
	switch (type_info(type)->phys) {
		case PHYS_BOOL:
			v->u.b = reader_u8(r) != 0;
			break;
		case PHYS_I16:
		case PHYS_I32:
		case PHYS_I64:
			v->u.i = (int64_t) reader_u64(r);
			break;
		case PHYS_F64:
			bits = reader_u64(r);
			memcpy(&v->u.f, &bits, 8);
			break;
		case PHYS_DEC:
			if ((p = reader_bytes(r, sizeof(Numeric))) == NULL)
				return false;
			memcpy(&v->u.n, p, sizeof(Numeric));
			break;
		case PHYS_STR:
			len = reader_u32(r);
			if (len > QCF_STAT_STR_MAX || (p = reader_bytes(r, len)) == NULL)
				return false;
			v->u.s.p = arena_strndup(a, (const char *) p, len);
			v->u.s.len = len;
			break;
		default:
			return false;
	}
	return r->ok;
}

static bool
get_stats(Reader *r, Arena *a, TypeId type, QcfStats *st)
{
	uint8_t		flags;

	memset(st, 0, sizeof(*st));
	st->nulls = (int64_t) reader_u64(r);
	flags = reader_u8(r);
	st->has_min = flags & 1;
	st->has_max = (flags & 2) != 0;
	st->min.type = st->max.type = type;
	if (st->has_min && !get_value(r, a, type, &st->min))
		return false;
	if (st->has_max && !get_value(r, a, type, &st->max))
		return false;
	return r->ok && flags <= 3 && st->nulls >= 0;
}

static bool
get_chunk_meta(Reader *r, QcfFile *f, TypeId type, uint32_t rows, QcfChunkMeta *m)
{
	uint64_t	data_end = f->id.size - QCF_TAIL_LEN;

	m->offset = reader_u64(r);
	m->stored_len = reader_u32(r);
	m->raw_len = reader_u32(r);
	m->encoding = reader_u8(r);
	m->zstd = reader_u8(r);
	m->checksum = reader_u64(r);
	if (!get_stats(r, &f->arena, type, &m->stats))
		return false;
	return m->offset >= 4 && m->offset <= data_end && m->stored_len <= data_end - m->offset &&
		m->encoding < QCF_ENCODING_COUNT && m->zstd <= 1 &&
		(m->zstd || m->raw_len == m->stored_len) && (uint64_t) m->stats.nulls <= rows;
}

static bool
get_schema(Reader *r, QcfFooter *ft, Arena *a)
{
	uint32_t	version = reader_u32(r);
	uint32_t	ncols = reader_u32(r);

	if (!r->ok || version != QCF_VERSION || ncols > QCF_MAX_COLS)
		return false;
	ft->ncols = (int) ncols;
	ft->types = arena_array(a, int32_t, ncols + 1);
	ft->ids = arena_array(a, int32_t, ncols + 1);
	for (uint32_t i = 0; i < ncols; i++) {
		ft->ids[i] = (int32_t) reader_u32(r);
		ft->types[i] = (int32_t) reader_u32(r);
		if (!type_is_valid(ft->types[i]) || ft->types[i] == TYPE_UNKNOWN)
			return false;
	}
	return r->ok;
}

static bool
get_row_groups(Reader *r, QcfFile *f)
{
	QcfFooter  *ft = &f->footer;
	uint64_t	sum = 0;

	ft->rows = (int64_t) reader_u64(r);
	ft->nrgs = (int) reader_u32(r);
	if (!r->ok || ft->nrgs < 0 || (size_t) ft->nrgs > r->len / 4 + 1)
		return false;
	ft->rgs = arena_array(&f->arena, QcfRowGroup, ft->nrgs + 1);
	for (int g = 0; g < ft->nrgs; g++) {
		QcfRowGroup *rg = &ft->rgs[g];

		rg->rows = reader_u32(r);
		if (!r->ok || rg->rows == 0)
			return false;
		sum += rg->rows;
		rg->chunks = arena_array(&f->arena, QcfChunkMeta, ft->ncols + 1);
		for (int c = 0; c < ft->ncols; c++)
			if (!get_chunk_meta(r, f, (TypeId) ft->types[c], rg->rows, &rg->chunks[c]))
				return false;
	}
	return ft->rows >= 0 && sum == (uint64_t) ft->rows;
}

static bool
parse_footer(QcfFile *f, const uint8_t *p, size_t len)
{
	QcfFooter  *ft = &f->footer;
	Reader		r;

	reader_init(&r, p, len);
	if (!get_schema(&r, ft, &f->arena) || !get_row_groups(&r, f))
		return false;
	ft->stats = arena_array(&f->arena, QcfStats, ft->ncols + 1);
	ft->hll = arena_array(&f->arena, uint8_t *, ft->ncols + 1);
	for (int c = 0; c < ft->ncols; c++) {
		const uint8_t *h;

		if (!get_stats(&r, &f->arena, (TypeId) ft->types[c], &ft->stats[c]) ||
			(h = reader_bytes(&r, QCF_HLL_REGS)) == NULL)
			return false;
		ft->hll[c] = arena_memdup(&f->arena, h, QCF_HLL_REGS);
	}
	return r.ok && reader_at_end(&r);
}

static bool
read_footer(QcfFile *f, Err *err)
{
	uint8_t		tail[QCF_TAIL_LEN];
	uint8_t		head[4];
	Reader		r;
	uint32_t	len;
	uint64_t	sum;
	uint8_t    *p;
	bool		ok;

	if (f->id.size < 4 + QCF_TAIL_LEN)
		return qcf_corrupt(err, f->path, "file too short");
	if (!read_at(f, head, 4, 0, err) || !read_at(f, tail, QCF_TAIL_LEN, f->id.size - QCF_TAIL_LEN, err))
		return false;
	reader_init(&r, tail, QCF_TAIL_LEN);
	len = reader_u32(&r);
	sum = reader_u64(&r);
	if (memcmp(head, QCF_MAGIC, 4) != 0 || memcmp(tail + 12, QCF_MAGIC, 4) != 0)
		return qcf_corrupt(err, f->path, "bad magic number");
	if (len > QCF_MAX_FOOTER || len > f->id.size - 4 - QCF_TAIL_LEN)
		return qcf_corrupt(err, f->path, "footer length out of range");
	p = malloc(len + 1);
	ok = read_at(f, p, len, f->id.size - QCF_TAIL_LEN - len, err);
	if (ok && XXH64(p, len, 0) != sum)
		ok = qcf_corrupt(err, f->path, "footer checksum mismatch");
	if (ok && !parse_footer(f, p, len))
		ok = qcf_corrupt(err, f->path, "invalid footer");
	free(p);
	return ok;
}

/* qcf_open opens path and reads its footer; on failure nothing stays open. */
bool
qcf_open(QcfFile *f, const char *path, Err *err)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->path = path;
	arena_init(&f->arena);
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return err_set(err, errno == ENOENT ? "58P01" : ERRCODE_IO_ERROR,
					   "could not open file \"%s\": %s", path, strerror(errno));
	if (fstat(f->fd, &st) != 0) {
		err_set(err, ERRCODE_IO_ERROR, "could not stat file \"%s\": %s", path, strerror(errno));
		qcf_close(f);
		return false;
	}
	f->id.dev = (uint64_t) st.st_dev;
	f->id.ino = (uint64_t) st.st_ino;
	f->id.size = (uint64_t) st.st_size;
	f->id.mtime_ns = (int64_t) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	if (!read_footer(f, err)) {
		qcf_close(f);
		return false;
	}
	return true;
}

void
qcf_close(QcfFile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	arena_reset(&f->arena);
}

static void *
corrupt_null(Err *err, const char *path, const char *why)
{
	if (!qcf_corrupt(err, path, why))
		return NULL;
	return NULL;
}

/* load_raw reads a chunk's stored bytes, checks them and undoes zstd. */
static uint8_t *
load_raw(QcfFile *f, const QcfChunkMeta *m, Err *err)
{
	uint8_t    *stored = malloc((size_t) m->stored_len + QCF_SLACK);
	uint8_t    *raw;
	size_t		n;

	if (!read_at(f, stored, m->stored_len, m->offset, err)) {
		free(stored);
		return NULL;
	}
	if (XXH64(stored, m->stored_len, 0) != m->checksum) {
		free(stored);
		return corrupt_null(err, f->path, "chunk checksum mismatch");
	}
	memset(stored + m->stored_len, 0, QCF_SLACK);
	if (!m->zstd)
		return stored;
	raw = malloc((size_t) m->raw_len + QCF_SLACK);
	n = ZSTD_decompress(raw, m->raw_len, stored, m->stored_len);
	free(stored);
	if (ZSTD_isError(n) || n != m->raw_len) {
		free(raw);
		return corrupt_null(err, f->path, "undecodable compressed chunk");
	}
	memset(raw + m->raw_len, 0, QCF_SLACK);
	return raw;
}

/*
 * qcf_read_chunk returns column col of row group rg, decoded, with a
 * reference the caller gives back with qcf_chunk_release.
 */
bool
qcf_read_chunk(QcfFile *f, int rg, int col, QcfChunk **out, Err *err)
{
	const QcfChunkMeta *m = &f->footer.rgs[rg].chunks[col];
	QcfChunk   *c;
	uint8_t    *raw;

	if ((*out = qcf_cache_get(&f->id, (uint32_t) rg, (uint32_t) col)) != NULL)
		return true;
	if ((raw = load_raw(f, m, err)) == NULL)
		return false;
	c = calloc(1, sizeof(QcfChunk));
	if (!qcf_decode(raw, m->raw_len, f->footer.rgs[rg].rows, (TypeId) f->footer.types[col],
					(QcfEncoding) m->encoding, c)) {
		free(raw);
		free(c);
		return qcf_corrupt(err, f->path, "undecodable column chunk");
	}
	if (c->mem[1] != raw)
		free(raw);
	*out = qcf_cache_put(c, &f->id, (uint32_t) rg, (uint32_t) col);
	return true;
}
