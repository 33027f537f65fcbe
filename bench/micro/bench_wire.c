/*
 * bench_wire.c
 *	  Micro-benchmarks of wire/'s codecs, one thread each:
 *	  - batch encode and decode (wire/batchio.h) of the 11 lineitem-like
 *	    columns, 2048-row batches;
 *	  - zstd compress and decompress of those encoded blocks at levels -1,
 *	    1 and 3 (the shuffle's candidates, DESIGN.md section 10);
 *	  - DataRow encoding (wire/typeio.h typeio_datarow), text and binary.
 */
#include "bench/micro/micro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "wire/batchio.h"
#include "wire/buf.h"
#include "wire/typeio.h"

/* Encoded blocks of all of d's batches, kept for the decode and zstd runs. */
typedef struct Blocks {
	Buf		   *bufs;
	uint32_t	n;
	uint64_t	bytes;
} Blocks;

static Blocks blocks;

static double
encode_all(const MicroData *d)
{
	double		t0 = micro_now();

	if (blocks.bufs == NULL) {
		blocks.bufs = calloc(d->nbatches, sizeof(Buf));
		for (uint32_t k = 0; k < d->nbatches; k++)
			buf_init(&blocks.bufs[k]);
	}
	blocks.n = d->nbatches;
	blocks.bytes = 0;
	for (uint32_t k = 0; k < d->nbatches; k++) {
		buf_reset(&blocks.bufs[k]);
		batchio_encode(&blocks.bufs[k], d->batches[k]);
		blocks.bytes += blocks.bufs[k].len;
	}
	return micro_now() - t0;
}

static bool
decode_all(double *secs, Err *err)
{
	Arena		a;
	double		t0 = micro_now();

	arena_init(&a);
	for (uint32_t k = 0; k < blocks.n; k++) {
		if (batchio_decode(&a, blocks.bufs[k].data, blocks.bufs[k].len, err) == NULL) {
			arena_reset(&a);
			return false;
		}
		arena_reset(&a);
	}
	*secs = micro_now() - t0;
	return true;
}

int
bench_batchio(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	double		enc[64];
	double		dec[64];
	int			reps = o->reps < 64 ? o->reps : 64;
	Err			err;

	err_clear(&err);
	for (int i = 0; i < reps; i++) {
		enc[i] = encode_all(d);
		if (!decode_all(&dec[i], &err)) {
			fprintf(stderr, "bench_micro: batchio_decode: %s %s\n", err.sqlstate, err.message);
			return -1;
		}
	}
	snprintf(r[0].name, sizeof(r[0].name), "batch encode (batchio)");
	snprintf(r[1].name, sizeof(r[1].name), "batch decode (batchio)");
	for (int i = 0; i < 2; i++) {
		r[i].rows = d->rows;
		r[i].bytes = blocks.bytes;
		snprintf(r[i].note, sizeof(r[i].note), "11 columns, %.1f bytes/row", (double) blocks.bytes / (double) d->rows);
	}
	r[0].seconds = micro_median(enc, reps);
	r[1].seconds = micro_median(dec, reps);
	return 2;
}

/* zstd_level compresses every block at level, then decompresses it. */
static bool
zstd_level(const MicroOpts *o, const MicroData *d, int level, MicroResult *r)
{
	ZSTD_CCtx  *cc = ZSTD_createCCtx();
	ZSTD_DCtx  *dc = ZSTD_createDCtx();
	size_t		cap = 0;
	uint8_t    *out = NULL;
	uint8_t    *back = NULL;
	uint64_t	zbytes = 0;
	double		ct[64];
	double		dt[64];
	int			reps = o->reps < 64 ? o->reps : 64;
	uint8_t   **z = calloc(blocks.n, sizeof(uint8_t *));
	size_t	   *zlen = calloc(blocks.n, sizeof(size_t));
	bool		ok = true;

	for (uint32_t k = 0; k < blocks.n; k++)
		cap = blocks.bufs[k].len > cap ? blocks.bufs[k].len : cap;
	back = malloc(cap);
	out = malloc(ZSTD_compressBound(cap));
	for (int i = 0; i < reps && ok; i++) {
		double		t0 = micro_now();

		zbytes = 0;
		for (uint32_t k = 0; k < blocks.n && ok; k++) {
			size_t		n = ZSTD_compressCCtx(cc, out, ZSTD_compressBound(cap), blocks.bufs[k].data,
											  blocks.bufs[k].len, level);

			ok = !ZSTD_isError(n);
			if (i == 0 && ok) {
				z[k] = malloc(n);
				memcpy(z[k], out, n);
				zlen[k] = n;
			}
			zbytes += n;
		}
		ct[i] = micro_now() - t0;
		t0 = micro_now();
		for (uint32_t k = 0; k < blocks.n && ok; k++)
			ok = !ZSTD_isError(ZSTD_decompressDCtx(dc, back, cap, z[k], zlen[k]));
		dt[i] = micro_now() - t0;
	}
	for (uint32_t k = 0; k < blocks.n; k++)
		free(z[k]);
	free(z);
	free(zlen);
	free(out);
	free(back);
	ZSTD_freeCCtx(cc);
	ZSTD_freeDCtx(dc);
	if (!ok)
		return false;
	for (int i = 0; i < 2; i++) {
		snprintf(r[i].name, sizeof(r[i].name), "zstd %d %s", level, i ? "decompress" : "compress");
		r[i].rows = d->rows;
		r[i].bytes = blocks.bytes;
		r[i].seconds = micro_median(i ? dt : ct, reps);
		snprintf(r[i].note, sizeof(r[i].note), "batchio blocks, ratio %.2f",
				 (double) blocks.bytes / (double) zbytes);
	}
	return true;
}

int
bench_zstd(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	static const int levels[] = {-1, 1, 3};
	static int		next_level;

	if (blocks.bufs == NULL)
		encode_all(d);
	/* main.c calls this once per level: three entries in its table */
	if (!zstd_level(o, d, levels[next_level % 3], r)) {
		fprintf(stderr, "bench_micro: zstd level %d failed\n", levels[next_level % 3]);
		return -1;
	}
	next_level++;
	return 2;
}

/* DataRow: every row of every batch, text (format 0) then binary (1). */
int
bench_datarow(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	double		t[2][64];
	int			reps = o->reps < 64 ? o->reps : 64;
	uint64_t	bytes[2] = {0, 0};
	Buf			b;

	buf_init(&b);
	for (int f = 0; f < 2; f++) {
		int32_t		fmt = f;

		for (int i = 0; i < reps; i++) {
			double		t0 = micro_now();

			bytes[f] = 0;
			for (uint32_t k = 0; k < d->nbatches; k++) {
				const Batch *bt = d->batches[k];

				buf_reset(&b);
				for (uint32_t row = 0; row < bt->count; row++)
					typeio_datarow(&b, bt, row, &fmt, 1);
				bytes[f] += b.len;
			}
			t[f][i] = micro_now() - t0;
		}
		snprintf(r[f].name, sizeof(r[f].name), "DataRow encode, %s", f ? "binary" : "text");
		r[f].rows = d->rows;
		r[f].bytes = bytes[f];
		r[f].seconds = micro_median(t[f], reps);
		snprintf(r[f].note, sizeof(r[f].note), "11 columns, %.1f bytes/row", (double) bytes[f] / (double) d->rows);
	}
	buf_free(&b);
	return 2;
}
