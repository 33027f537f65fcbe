/*
 * shuffle_map.c
 *	  The map side of a shuffle, and shuffle blocks.  See shuffle.h.
 *
 *	  SHUFFLE_HASH evaluates the key expressions, hashes each live row with
 *	  exec/keys.h's key_hash (equal keys of any integer width or numeric
 *	  scale hash alike) and groups the rows by partition with a counting
 *	  sort, which keeps them in order.  With few partitions a partition's
 *	  rows are gathered column by column into a pending batch of up to
 *	  BATCH_SIZE rows, so the reduce side reads full batches; with many, the
 *	  input batch is encoded once per partition through a selection vector
 *	  (pending batches of thousands of partitions would not fit in memory).
 *	  Encoded batches collect per partition until a block is about
 *	  block_target bytes; the block is then compressed and handed to the
 *	  store.
 *
 *	  SHUFFLE_RANGE places each row by its first key against the bounds,
 *	  by the ORDER BY's rules (value_cmp, descending, NULLs first or last),
 *	  so that sorted partitions read in order are the sorted rows.
 *
 *	  shuffle_map_new, shuffle_map_add, shuffle_map_finish, shuffle_map_free,
 *	  shuffle_block_reader_init, shuffle_block_reader_free,
 *	  shuffle_block_open, shuffle_block_next
 */
#include "exec/shuffle.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "exec/expr.h"
#include "exec/keys.h"
#include "exec/zonemap.h"
#include "wire/typeio.h"
#include "wire/batchio.h"

#define GATHER_MAX_PARTS	64	/* more partitions: encode through selections */
#define MIN_BLOCK_BYTES		(64 * 1024)

typedef struct MapPart {
	Arena		arena;			/* the pending batch and its strings */
	Batch	   *pending;		/* NULL until a row arrives */
	Buf			enc;			/* encoded batches not yet compressed */
} MapPart;

struct ShuffleMap {
	ShuffleEnv *env;
	const Quarry__ShuffleOutput *out;
	ShuffleWriter *w;
	int			nparts;
	int			ncols;
	const int32_t *types;
	bool		hash;
	bool		gather;
	size_t		block_target;
	MapPart    *parts;
	ZSTD_CCtx  *cctx;
	Buf			z;
	Arena		scratch;		/* key values of one batch */
	Value	   *bounds;			/* SHUFFLE_RANGE: decoded bounds */
	int			nbounds;
	uint32_t	pid[BATCH_SIZE];
	uint32_t	sel[BATCH_SIZE];
	uint32_t   *start;			/* nparts + 1 offsets into sel */
};

ShuffleMap *
shuffle_map_new(ShuffleEnv *env, const Quarry__ShuffleOutput *out, int ncols,
				const int32_t *types, Err *err)
{
	ShuffleMap *m;

	if (env == NULL || env->store == NULL) {
		err_set(err, ERRCODE_INTERNAL_ERROR, "a map task needs the worker's shuffle store");
		return NULL;
	}
	if (out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_HASH && out->partitions < 1) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "a hash shuffle needs at least one partition");
		return NULL;
	}
	if (out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_RANGE &&
		(out->n_keys != 1 || out->partitions != (int32_t) out->n_bounds + 1)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "a range shuffle needs one key and partitions - 1 bounds");
		return NULL;
	}
	if (out->kind != QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE)
		for (size_t k = 0; k < out->n_keys; k++)
			if (!expr_check(out->keys[k], ncols, types, err))
				return NULL;
	if ((m = calloc(1, sizeof(ShuffleMap))) == NULL) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	m->env = env;
	m->out = out;
	m->nparts = out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_SINGLE ? 1 : out->partitions;
	m->ncols = ncols;
	m->types = types;
	m->hash = m->nparts > 1;
	env->nparts = m->nparts <= SHUFFLE_REPORT_PARTS ? m->nparts : 0;
	memset(env->part_bytes, 0, sizeof(env->part_bytes));
	m->gather = m->hash && m->nparts <= GATHER_MAX_PARTS;
	m->block_target = SHUFFLE_MAP_BUFFER / (m->nparts > 0 ? m->nparts : 1);
	if (m->block_target > SHUFFLE_BLOCK_BYTES)
		m->block_target = SHUFFLE_BLOCK_BYTES;
	if (m->block_target < MIN_BLOCK_BYTES)
		m->block_target = MIN_BLOCK_BYTES;
	arena_init(&m->scratch);
	buf_init(&m->z);
	if ((m->w = shuffle_writer_begin(env->store, out->query, out->shuffle, out->map,
									 out->partitions > 0 ? out->partitions : 1, err)) == NULL ||
		(m->parts = calloc(m->nparts, sizeof(MapPart))) == NULL ||
		(m->start = calloc(m->nparts + 1, sizeof(uint32_t))) == NULL ||
		(m->cctx = ZSTD_createCCtx()) == NULL) {
		if (!err_is_set(err))
			err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		shuffle_map_free(&m);
		return NULL;
	}
	for (int p = 0; p < m->nparts; p++) {
		arena_init(&m->parts[p].arena);
		buf_init(&m->parts[p].enc);
	}
	if (out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_RANGE) {
		m->nbounds = (int) out->n_bounds;
		m->bounds = calloc(m->nbounds + 1, sizeof(Value));	/* strings stay in out */
		for (int i = 0; i < m->nbounds; i++)
			if (!zonemap_datum_value(out->bounds[i], (TypeId) out->keys[0]->type, &m->bounds[i])) {
				err_set(err, ERRCODE_PROTOCOL_VIOLATION, "a range shuffle bound does not fit its key's type");
				shuffle_map_free(&m);
				return NULL;
			}
	}
	ZSTD_CCtx_setParameter(m->cctx, ZSTD_c_compressionLevel, env->zstd_level);
	ZSTD_CCtx_setParameter(m->cctx, ZSTD_c_checksumFlag, 1);
	return m;
}

/* put_block compresses partition p's encoded batches into one block. */
static bool
put_block(ShuffleMap *m, int p, Err *err)
{
	Buf		   *enc = &m->parts[p].enc;
	size_t		n;

	if (enc->len == 0)
		return true;
	buf_reset(&m->z);
	if (m->out->raw) {
		buf_put(&m->z, SHUFFLE_RAW_MAGIC, 4);
		buf_put(&m->z, enc->data, enc->len);
		n = m->z.len;
	} else {
		buf_reserve(&m->z, ZSTD_compressBound(enc->len));
		n = ZSTD_compress2(m->cctx, m->z.data, m->z.cap, enc->data, enc->len);
		if (ZSTD_isError(n))
			return err_set(err, ERRCODE_INTERNAL_ERROR, "could not compress a shuffle block: %s",
						   ZSTD_getErrorName(n));
	}
	if (!shuffle_writer_put(m->w, p, m->z.data, n, err))
		return false;
	m->env->bytes += (int64_t) n;
	if (p < m->env->nparts)
		m->env->part_bytes[p] += (int64_t) n;
	buf_reset(enc);
	return true;
}

/* encode appends the live rows of b as one batch of partition p's block. */
static bool
encode(ShuffleMap *m, int p, const Batch *b, Err *err)
{
	Buf		   *enc = &m->parts[p].enc;
	size_t		at = enc->len;
	uint32_t	len;

	buf_reserve(enc, 4);
	enc->len += 4;
	batchio_encode(enc, b);
	len = (uint32_t) (enc->len - at - 4);
	memcpy(enc->data + at, &len, 4);
	m->env->rows += batch_rows(b);
	return enc->len < m->block_target || put_block(m, p, err);
}

/* flush_pending encodes partition p's pending batch and starts afresh. */
static bool
flush_pending(ShuffleMap *m, int p, Err *err)
{
	MapPart    *mp = &m->parts[p];
	bool		ok;

	if (mp->pending == NULL || mp->pending->count == 0)
		return true;
	ok = encode(m, p, mp->pending, err);
	arena_reset(&mp->arena);
	mp->pending = NULL;
	return ok;
}

/* copy_rows appends n rows of src (positions rows[]) to dst at row at. */
static void
copy_rows(Batch *dst, uint32_t at, const Batch *src, const uint32_t *rows, uint32_t n)
{
	for (int c = 0; c < src->ncols; c++) {
		const Vector *sv = &src->cols[c];
		Vector	   *dv = &dst->cols[c];
		int			w = type_phys_width(sv->phys);

		if (sv->validity != NULL)
			for (uint32_t k = 0; k < n; k++)
				if (vec_is_null(sv, rows[k]))
					vec_set_null(dst->arena, dv, at + k);
		if (sv->phys == PHYS_STR) {
			const StrView *s = sv->data;
			StrView    *d = (StrView *) dv->data + at;

			for (uint32_t k = 0; k < n; k++) {
				const StrView *x = &s[rows[k]];

				if (vec_is_null(sv, rows[k]))
					memset(&d[k], 0, sizeof(StrView));
				else
					d[k] = x->len <= STR_INLINE ? *x : str_make(dst->arena, str_data(x), x->len);
			}
		} else if (w == 4) {
			const uint32_t *s = sv->data;
			uint32_t   *d = (uint32_t *) dv->data + at;

			for (uint32_t k = 0; k < n; k++)
				d[k] = s[rows[k]];
		} else if (w == 8) {
			const uint64_t *s = sv->data;
			uint64_t   *d = (uint64_t *) dv->data + at;

			for (uint32_t k = 0; k < n; k++)
				d[k] = s[rows[k]];
		} else {
			for (uint32_t k = 0; k < n; k++)
				memcpy((char *) dv->data + (size_t) (at + k) * w,
					   (const char *) sv->data + (size_t) rows[k] * w, w);
		}
	}
}

/* gather appends rows of b to partition p's pending batches. */
static bool
gather(ShuffleMap *m, int p, const Batch *b, const uint32_t *rows, uint32_t n, Err *err)
{
	MapPart    *mp = &m->parts[p];

	while (n > 0) {
		uint32_t	take;

		if (mp->pending == NULL)
			mp->pending = batch_new(&mp->arena, m->ncols, m->types);
		take = BATCH_SIZE - mp->pending->count;
		if (take > n)
			take = n;
		copy_rows(mp->pending, mp->pending->count, b, rows, take);
		mp->pending->count += take;
		rows += take;
		n -= take;
		if (mp->pending->count == BATCH_SIZE && !flush_pending(m, p, err))
			return false;
	}
	return true;
}

/* range_of: the partition of row's key among the bounds, in ORDER BY order. */
static uint32_t
range_of(const ShuffleMap *m, const Vector *key, uint32_t row)
{
	Value		v = vec_get(key, row);
	int			lo = 0;
	int			hi = m->nbounds;

	if (v.is_null)
		return m->out->nulls_first ? 0 : (uint32_t) m->nbounds;
	while (lo < hi) {			/* lo = the number of bounds below v */
		int			mid = (lo + hi) / 2;

		if (value_cmp(&m->bounds[mid], &v) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t) (m->out->descending ? m->nbounds - lo : lo);
}

/* partition_rows fills m->sel with b's live rows grouped by partition. */
static bool
partition_rows(ShuffleMap *m, const Batch *b, Err *err)
{
	uint32_t	n = batch_rows(b);
	Vector	   *keys[64];
	int			nkeys = (int) m->out->n_keys;

	if (nkeys > 64)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "too many shuffle keys");
	arena_reset(&m->scratch);
	for (int k = 0; k < nkeys; k++)
		if ((keys[k] = expr_eval(m->out->keys[k], b, &m->scratch, err)) == NULL)
			return false;
	memset(m->start, 0, sizeof(uint32_t) * (m->nparts + 1));
	for (uint32_t k = 0; k < n; k++) {
		uint32_t	row = batch_row(b, k);

		if (m->nbounds > 0 || m->out->kind == QUARRY__SHUFFLE_KIND__SHUFFLE_RANGE)
			m->pid[k] = range_of(m, keys[0], row);
		else
			m->pid[k] = shuffle_partition_of(key_hash(keys, nkeys, row), (uint32_t) m->nparts);
		m->start[m->pid[k] + 1]++;
	}
	for (int p = 0; p < m->nparts; p++)
		m->start[p + 1] += m->start[p];
	for (uint32_t k = 0; k < n; k++)
		m->sel[m->start[m->pid[k]]++] = batch_row(b, k);
	/* start[p] now ends partition p; shift back so start[p] begins it */
	memmove(m->start + 1, m->start, sizeof(uint32_t) * m->nparts);
	m->start[0] = 0;
	return true;
}

/* shuffle_map_add cuts b's live rows into the partitions. */
bool
shuffle_map_add(ShuffleMap *m, const Batch *b, Err *err)
{
	if (batch_rows(b) == 0)
		return true;
	if (!m->hash)
		return encode(m, 0, b, err);
	if (!partition_rows(m, b, err))
		return false;
	for (int p = 0; p < m->nparts; p++) {
		uint32_t	n = m->start[p + 1] - m->start[p];

		if (n == 0)
			continue;
		if (m->gather) {
			if (!gather(m, p, b, m->sel + m->start[p], n, err))
				return false;
		} else {
			Batch		view = *b;

			view.sel = m->sel + m->start[p];
			view.nsel = n;
			if (!encode(m, p, &view, err))
				return false;
		}
	}
	return true;
}

/* shuffle_map_finish writes what is left and commits the map output. */
bool
shuffle_map_finish(ShuffleMap *m, Err *err)
{
	for (int p = 0; p < m->nparts; p++)
		if (!flush_pending(m, p, err) || !put_block(m, p, err))
			return false;
	shuffle_writer_commit(&m->w);
	return true;
}

/* shuffle_map_free releases m; an output not committed is dropped. */
void
shuffle_map_free(ShuffleMap **mp)
{
	ShuffleMap *m = *mp;

	if (m == NULL)
		return;
	shuffle_writer_abort(&m->w);
	if (m->parts != NULL)
		for (int p = 0; p < m->nparts; p++) {
			arena_reset(&m->parts[p].arena);
			buf_free(&m->parts[p].enc);
		}
	free(m->parts);
	free(m->start);
	free(m->bounds);
	ZSTD_freeCCtx(m->cctx);
	buf_free(&m->z);
	arena_reset(&m->scratch);
	free(m);
	*mp = NULL;
}

void
shuffle_block_reader_init(ShuffleBlockReader *r)
{
	r->dctx = NULL;
	buf_init(&r->raw);
	r->pos = 0;
}

void
shuffle_block_reader_free(ShuffleBlockReader *r)
{
	ZSTD_freeDCtx(r->dctx);
	r->dctx = NULL;
	buf_free(&r->raw);
}

static bool
corrupt(Err *err, const char *why)
{
	return err_set(err, ERRCODE_DATA_CORRUPTED, "invalid shuffle block: %s", why);
}

/* shuffle_block_open decompresses one block (checksum verified). */
bool
shuffle_block_open(ShuffleBlockReader *r, const uint8_t *z, size_t zlen, Err *err)
{
	unsigned long long size;
	size_t		n;

	if (zlen >= 4 && memcmp(z, SHUFFLE_RAW_MAGIC, 4) == 0) {
		if (zlen - 4 > SHUFFLE_MAX_RAW_BLOCK)
			return corrupt(err, "raw block too long");
		buf_reset(&r->raw);
		buf_put(&r->raw, z + 4, zlen - 4);
		r->pos = 0;
		return true;
	}
	size = ZSTD_getFrameContentSize(z, zlen);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
		size > SHUFFLE_MAX_RAW_BLOCK)
		return corrupt(err, "bad frame header");
	if (r->dctx == NULL && (r->dctx = ZSTD_createDCtx()) == NULL)
		return err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
	buf_reset(&r->raw);
	buf_reserve(&r->raw, size > 0 ? size : 1);
	n = ZSTD_decompressDCtx(r->dctx, r->raw.data, size, z, zlen);
	if (ZSTD_isError(n) || n != size)
		return corrupt(err, ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short frame");
	r->raw.len = n;
	r->pos = 0;
	return true;
}

/* shuffle_block_next decodes the next batch into a; NULL with *end at the end. */
Batch *
shuffle_block_next(ShuffleBlockReader *r, Arena *a, bool *end, Err *err)
{
	uint32_t	len;

	*end = r->pos >= r->raw.len;
	if (*end)
		return NULL;
	if (r->raw.len - r->pos < 4) {
		corrupt(err, "truncated batch length");
		return NULL;
	}
	memcpy(&len, r->raw.data + r->pos, 4);
	r->pos += 4;
	if (len > r->raw.len - r->pos) {
		corrupt(err, "batch longer than its block");
		return NULL;
	}
	r->pos += len;
	return batchio_decode(a, r->raw.data + r->pos - len, len, err);
}
