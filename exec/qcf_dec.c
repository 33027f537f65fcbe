/*
 * qcf_dec.c
 *	  Decoding a .qcf column chunk (layouts in qcf_enc.c) into vector
 *	  layout.  Every count, length, run and dictionary code is checked
 *	  against the bytes at hand: a chunk that does not add up is reported
 *	  (false) so the reader can raise XX001; nothing reads out of bounds.
 */
#include "exec/qcf_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t
packed_len(uint32_t n, int bits)
{
	return ((size_t) n * (size_t) bits + 7) / 8;
}

static inline uint64_t
unpack_one(const uint8_t *p, uint64_t i, int bits, uint64_t mask)
{
	uint64_t	bp = i * (uint64_t) bits;
	uint64_t	w;

	memcpy(&w, p + (bp >> 3), 8);
	return (w >> (bp & 7)) & mask;
}

static uint64_t
bit_mask(int bits)
{
	return bits == 0 ? 0 : (UINT64_C(1) << bits) - 1;
}

static bool
take_u32(QcfCur *c, uint32_t *v)
{
	const uint8_t *p = qcf_take(c, 4);

	if (p != NULL)
		memcpy(v, p, 4);
	return p != NULL;
}

static bool
take_i64(QcfCur *c, int64_t *v)
{
	const uint8_t *p = qcf_take(c, 8);

	if (p != NULL)
		memcpy(v, p, 8);
	return p != NULL;
}

/* take_packed reads "u8 bits, n packed values" and returns the values' bytes. */
static const uint8_t *
take_packed(QcfCur *c, uint32_t n, int *bits)
{
	const uint8_t *b = qcf_take(c, 1);

	if (b == NULL || *b > QCF_MAX_BITS)
		return NULL;
	*bits = *b;
	return qcf_take(c, packed_len(n, *bits));
}

/* ---- fixed width ---- */

#define WIDTH_SWITCH(width, LOOP) \
	switch (width) { \
		case 1: LOOP(uint8_t); break; \
		case 2: LOOP(uint16_t); break; \
		case 4: LOOP(uint32_t); break; \
		default: LOOP(uint64_t); break; \
	}

static bool
dec_for(QcfCur *c, uint32_t rows, int width, void *out)
{
	int64_t		base;
	int			bits;
	const uint8_t *p;
	uint64_t	mask;

	if (!take_i64(c, &base) || (p = take_packed(c, rows, &bits)) == NULL)
		return false;
	mask = bit_mask(bits);
#define FOR_LOOP(T) \
	for (uint32_t i = 0; i < rows; i++) \
		((T *) out)[i] = (T) ((uint64_t) base + unpack_one(p, i, bits, mask))
	WIDTH_SWITCH(width, FOR_LOOP);
	return true;
}

static bool
dec_delta(QcfCur *c, uint32_t rows, int width, void *out)
{
	int64_t		first;
	int64_t		dmin;
	int			bits;
	const uint8_t *p;
	uint64_t	mask;
	uint64_t	v;

	if (rows < 2 || !take_i64(c, &first) || !take_i64(c, &dmin) ||
		(p = take_packed(c, rows - 1, &bits)) == NULL)
		return false;
	mask = bit_mask(bits);
#define DELTA_LOOP(T) \
	do { \
		v = (uint64_t) first; \
		((T *) out)[0] = (T) v; \
		for (uint32_t i = 1; i < rows; i++) { \
			v += (uint64_t) dmin + unpack_one(p, i - 1, bits, mask); \
			((T *) out)[i] = (T) v; \
		} \
	} while (0)
	WIDTH_SWITCH(width, DELTA_LOOP);
	return true;
}

static bool
dec_fixed_rle(QcfCur *c, uint32_t rows, int width, void *out)
{
	uint32_t	runs;
	const uint8_t *vals;
	const uint8_t *lens;
	uint64_t	at = 0;

	if (!take_u32(c, &runs) || runs > rows || (vals = qcf_take(c, (size_t) runs * width)) == NULL ||
		(lens = qcf_take(c, (size_t) runs * 4)) == NULL)
		return false;
	for (uint32_t r = 0; r < runs; r++) {
		uint32_t	n;

		memcpy(&n, lens + 4 * (size_t) r, 4);
		if (n > rows - at)
			return false;
		for (uint32_t k = 0; k < n; k++)
			memcpy((uint8_t *) out + (at + k) * width, vals + (size_t) r * width, width);
		at += n;
	}
	return at == rows;
}

static bool
dec_fixed_dict(QcfCur *c, uint32_t rows, int width, void *out)
{
	uint32_t	nd;
	const uint8_t *dict;
	const uint8_t *p;
	int			bits;
	uint64_t	mask;
	uint64_t	bad = 0;

	if (!take_u32(c, &nd) || nd > QCF_DICT_MAX || (nd == 0 && rows > 0) ||
		(dict = qcf_take(c, (size_t) nd * width)) == NULL ||
		(p = take_packed(c, rows, &bits)) == NULL)
		return false;
	mask = bit_mask(bits);
#define DICT_LOOP(T) \
	for (uint32_t i = 0; i < rows; i++) { \
		uint64_t	code = unpack_one(p, i, bits, mask); \
		T			v; \
		bad |= code >= nd; \
		memcpy(&v, dict + (code < nd ? code : 0) * sizeof(T), sizeof(T)); \
		((T *) out)[i] = v; \
	}
	WIDTH_SWITCH(width, DICT_LOOP);
	return bad == 0;
}

static bool
dec_fixed(QcfCur *c, uint32_t rows, int width, bool is_int, QcfEncoding enc, void *out)
{
	const uint8_t *p;

	switch (enc) {
		case QCF_PLAIN:
			if ((p = qcf_take(c, (size_t) rows * width)) == NULL)
				return false;
			memcpy(out, p, (size_t) rows * width);
			return true;
		case QCF_RLE:
			return (width == 1 || width == 2 || width == 4 || width == 8) &&
				dec_fixed_rle(c, rows, width, out);
		case QCF_FOR:
			return is_int && dec_for(c, rows, width, out);
		case QCF_DELTA:
			return is_int && dec_delta(c, rows, width, out);
		case QCF_DICT:
			return (width == 1 || width == 2 || width == 4 || width == 8) &&
				dec_fixed_dict(c, rows, width, out);
		default:
			return false;
	}
}

/* dec_dec64 reads a scale and encoded int64 mantissas into numerics. */
static bool
dec_dec64(QcfCur *c, uint32_t rows, void *out)
{
	const uint8_t *h = qcf_take(c, 2);
	int64_t    *m;
	bool		ok;

	if (h == NULL || h[1] > QCF_DICT)
		return false;
	m = malloc(sizeof(int64_t) * ((size_t) rows + 1));
	ok = dec_fixed(c, rows, 8, true, (QcfEncoding) h[1], m);
	for (uint32_t i = 0; ok && i < rows; i++) {
		Numeric		x = num_make(m[i], h[0]);

		memcpy((char *) out + (size_t) i * sizeof(Numeric), &x, sizeof(x));
	}
	free(m);
	return ok;
}

/* ---- strings ---- */

/* dec_str_list reads n strings as views into the cursor's bytes. */
static bool
dec_str_list(QcfCur *c, uint32_t n, StrView *out)
{
	uint32_t	minlen;
	int			bits;
	const uint8_t *p;
	const uint8_t *bytes;
	uint64_t	mask;
	uint64_t	total = 0;

	if (!take_u32(c, &minlen) || (p = take_packed(c, n, &bits)) == NULL)
		return false;
	mask = bit_mask(bits);
	for (uint32_t i = 0; i < n; i++)
		total += (uint64_t) minlen + unpack_one(p, i, bits, mask);
	if (total > c->len - c->pos || (bytes = qcf_take(c, (size_t) total)) == NULL)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t	len = (uint32_t) (minlen + unpack_one(p, i, bits, mask));

		out[i] = str_make(NULL, (const char *) bytes, len);
		bytes += len;
	}
	return true;
}

static bool
dec_str_rle(QcfCur *c, uint32_t rows, StrView *out)
{
	uint32_t	runs;
	const uint8_t *lens;
	StrView    *vals;
	uint64_t	at = 0;
	bool		ok;

	if (!take_u32(c, &runs) || runs > rows || (lens = qcf_take(c, (size_t) runs * 4)) == NULL)
		return false;
	vals = malloc(sizeof(StrView) * (runs + 1));
	ok = dec_str_list(c, runs, vals);
	for (uint32_t r = 0; ok && r < runs; r++) {
		uint32_t	n;

		memcpy(&n, lens + 4 * (size_t) r, 4);
		ok = n <= rows - at;
		for (uint32_t k = 0; ok && k < n; k++)
			out[at + k] = vals[r];
		at += ok ? n : 0;
	}
	free(vals);
	return ok && at == rows;
}

/*
 * dec_str_dict decodes a dictionary chunk and keeps the dictionary and the
 * codes in chunk->mem[2] (chunk->dict, chunk->codes).
 */
static bool
dec_str_dict(QcfCur *c, uint32_t rows, StrView *out, QcfChunk *chunk)
{
	uint32_t	nd;
	StrView    *dict;
	uint32_t   *codes;
	const uint8_t *p = NULL;
	int			bits = 0;
	uint64_t	bad = 0;

	if (!take_u32(c, &nd) || nd > QCF_DICT_MAX || (nd == 0 && rows > 0))
		return false;
	dict = malloc(sizeof(StrView) * (nd + 1) + sizeof(uint32_t) * (rows + 1));
	codes = (uint32_t *) (dict + nd + 1);
	if (dec_str_list(c, nd, dict) && (p = take_packed(c, rows, &bits)) != NULL) {
		uint64_t	mask = bit_mask(bits);

		for (uint32_t i = 0; i < rows; i++) {
			uint64_t	code = unpack_one(p, i, bits, mask);

			bad |= code >= nd;
			codes[i] = code < nd ? (uint32_t) code : 0;
			out[i] = dict[codes[i]];
		}
	}
	if (p == NULL || bad != 0) {
		free(dict);
		return false;
	}
	chunk->mem[2] = dict;
	chunk->dict = dict;
	chunk->codes = codes;
	chunk->ndict = nd;
	chunk->bytes += sizeof(StrView) * (nd + 1) + sizeof(uint32_t) * (rows + 1);
	return true;
}

static bool
dec_str(QcfCur *c, uint32_t rows, QcfEncoding enc, StrView *out, QcfChunk *chunk)
{
	switch (enc) {
		case QCF_PLAIN:
			return dec_str_list(c, rows, out);
		case QCF_RLE:
			return dec_str_rle(c, rows, out);
		case QCF_DICT:
			return dec_str_dict(c, rows, out, chunk);
		default:
			return false;
	}
}

/* ---- chunks ---- */

static size_t
round_rows(uint32_t rows)
{
	return ((size_t) rows + BATCH_SIZE - 1) / BATCH_SIZE * BATCH_SIZE;
}

/*
 * alloc_chunk sizes out's memory: values for whole batches, then the bitmap.
 * Every decoder writes all rows' values, so only the rest is zeroed (a
 * calloc of a megabyte per chunk was a tenth of Q1); string views are
 * zeroed whole, as their bytes past a short string's length are not written.
 */
static void
alloc_chunk(QcfChunk *out, uint32_t rows, TypeId type, int vwidth)
{
	size_t		vbytes = round_rows(rows) * vwidth;
	size_t		words = round_rows(rows) / 64;
	size_t		written = type_info(type)->phys == PHYS_STR ? 0 : (size_t) rows * vwidth;

	memset(out, 0, sizeof(*out));
	out->rows = rows;
	out->type = type;
	out->phys = type_info(type)->phys;
	out->mem[0] = malloc(vbytes + words * 8 + 8);
	if (out->mem[0] == NULL) {
		fprintf(stderr, "quarry: out of memory decoding a chunk\n");
		abort();
	}
	memset((char *) out->mem[0] + written, 0, vbytes + words * 8 + 8 - written);
	out->values = out->mem[0];
	out->bytes = vbytes + words * 8;
}

/*
 * qcf_decode decodes a chunk of rows values of type from raw[0..len)
 * (followed by QCF_SLACK zero bytes).  A string chunk keeps raw as
 * out->mem[1]; otherwise the caller still owns raw.  False: corrupt.
 */
bool
qcf_decode(uint8_t *raw, size_t len, uint32_t rows, TypeId type, QcfEncoding enc,
		   QcfChunk *out)
{
	QcfCur		c = {raw, len, 0, true};
	PhysType	phys = type_info(type)->phys;
	int			width = phys == PHYS_STR ? (int) sizeof(StrView) : type_phys_width(phys);
	const uint8_t *has_nulls = qcf_take(&c, 1);
	bool		ok;

	alloc_chunk(out, rows, type, width);
	if (has_nulls != NULL && *has_nulls == 1) {
		size_t		words = ((size_t) rows + 63) / 64;
		const uint8_t *bits = qcf_take(&c, words * 8);

		out->validity = (uint64_t *) ((uint8_t *) out->mem[0] + round_rows(rows) * width);
		if (bits != NULL)
			memcpy(out->validity, bits, words * 8);
	}
	ok = has_nulls != NULL && *has_nulls <= 1 && c.ok;
	if (ok && phys == PHYS_STR)
		ok = dec_str(&c, rows, enc, out->values, out);
	else if (ok && enc == QCF_DEC64)
		ok = phys == PHYS_DEC && width == (int) sizeof(Numeric) && dec_dec64(&c, rows, out->values);
	else if (ok)
		ok = dec_fixed(&c, rows, width, qcf_phys_is_int(phys), enc, out->values);
	if (!ok || c.pos != c.len) {
		free(out->mem[0]);
		free(out->mem[2]);
		out->mem[0] = out->mem[2] = NULL;
		return false;
	}
	if (phys == PHYS_STR) {
		out->mem[1] = raw;
		out->bytes += len + QCF_SLACK;
	}
	return true;
}
