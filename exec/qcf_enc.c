/*
 * qcf_enc.c
 *	  The lightweight encodings of .qcf column chunks and the choice among
 *	  them.  qcf_encode_best measures every encoding that applies to a
 *	  chunk (exact sizes, from one analysis pass) and writes the smallest;
 *	  qcf_decode turns a chunk back into vector layout, checking every
 *	  length, code and run against the bytes it has.
 *
 *	  Layouts, after "u8 has_nulls [validity words]" (values little-endian):
 *	    int PLAIN   values at their width
 *	    int FOR     i64 base, u8 bits, packed (v - base)
 *	    int DELTA   i64 first, i64 min_delta, u8 bits, packed (d - min_delta)
 *	    RLE         u32 runs, run values, u32 run lengths   (strings: lengths
 *	                first, then the values as a string list)
 *	    DICT        u32 entries, the entries, u8 bits, packed codes
 *	    strings     u32 min_len, u8 bits, packed (len - min_len), the bytes
 *	  Bit-packed arrays are read eight bytes at a time; decode buffers carry
 *	  QCF_SLACK zeroed bytes past their end for that.
 */
#include "exec/qcf_int.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define NO_SIZE SIZE_MAX

bool
qcf_phys_is_int(PhysType p)
{
	return p == PHYS_BOOL || p == PHYS_I16 || p == PHYS_I32 || p == PHYS_I64;
}

static int
bits_for(uint64_t range)
{
	return range == 0 ? 0 : 64 - __builtin_clzll(range);
}

static size_t
packed_len(uint32_t n, int bits)
{
	return ((size_t) n * (size_t) bits + 7) / 8;
}

static void
put_u8(Buf *b, uint8_t v)
{
	buf_put(b, &v, 1);
}

static void
put_u32(Buf *b, uint32_t v)
{
	buf_put(b, &v, 4);
}

static void
put_i64(Buf *b, int64_t v)
{
	buf_put(b, &v, 8);
}

/* pack_bits appends n values of `bits` bits each (every v[i] < 2^bits). */
static void
pack_bits(Buf *out, const uint64_t *v, uint32_t n, int bits)
{
	size_t		len = packed_len(n, bits);
	uint8_t    *p;

	buf_reserve(out, len + 8);
	p = out->data + out->len;
	memset(p, 0, len + 8);
	for (uint32_t i = 0; bits > 0 && i < n; i++) {
		uint64_t	bp = (uint64_t) i * bits;
		uint64_t	w;

		memcpy(&w, p + (bp >> 3), 8);
		w |= v[i] << (bp & 7);
		memcpy(p + (bp >> 3), &w, 8);
	}
	out->len += len;
}

static inline uint64_t
unpack_one(const uint8_t *p, uint64_t i, int bits, uint64_t mask)
{
	uint64_t	bp = i * (uint64_t) bits;
	uint64_t	w;

	memcpy(&w, p + (bp >> 3), 8);
	return (w >> (bp & 7)) & mask;
}

static void
put_validity(Buf *out, const QcfColumn *c)
{
	put_u8(out, c->validity != NULL);
	if (c->validity != NULL)
		buf_put(out, c->validity, (size_t) ((c->rows + 63) / 64) * 8);
}

/* ---- dictionaries of 64-bit keys (integers, double bits) ---- */

typedef struct KeyDict {
	uint64_t   *keys;			/* slots */
	uint32_t   *codes;			/* slot -> code + 1 (0 = empty) */
	uint64_t   *entries;		/* code -> key */
	uint32_t	mask;
	uint32_t	n;
} KeyDict;

static void
keydict_init(KeyDict *d, uint32_t rows)
{
	uint32_t	cap = 64;

	while (cap < 2 * rows && cap < 2 * QCF_DICT_MAX)
		cap *= 2;
	d->keys = malloc(sizeof(uint64_t) * cap);
	d->codes = calloc(cap, sizeof(uint32_t));
	d->entries = malloc(sizeof(uint64_t) * (cap / 2 + 1));
	d->mask = cap - 1;
	d->n = 0;
}

static void
keydict_free(KeyDict *d)
{
	free(d->keys);
	free(d->codes);
	free(d->entries);
}

/* keydict_add returns k's code, or -1 when the dictionary is full. */
static int64_t
keydict_add(KeyDict *d, uint64_t k)
{
	uint32_t	h = (uint32_t) ((k * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & d->mask;

	while (d->codes[h] != 0) {
		if (d->keys[h] == k)
			return d->codes[h] - 1;
		h = (h + 1) & d->mask;
	}
	if (d->n >= (d->mask + 1) / 2 || d->n >= QCF_DICT_MAX)
		return -1;
	d->keys[h] = k;
	d->codes[h] = ++d->n;
	d->entries[d->n - 1] = k;
	return d->n - 1;
}

/* ---- fixed-width analysis ---- */

static uint64_t
key_of(const QcfColumn *c, uint32_t i)
{
	uint64_t	k;

	if (c->ints != NULL)
		return (uint64_t) c->ints[i];
	memcpy(&k, &c->f64[i], 8);
	return k;
}

static uint32_t
count_runs(const QcfColumn *c)
{
	uint32_t	runs = c->rows > 0;

	for (uint32_t i = 1; i < c->rows; i++)
		runs += key_of(c, i) != key_of(c, i - 1);
	return runs;
}

static size_t
dict_size(const QcfColumn *c)
{
	KeyDict		d;
	size_t		size = NO_SIZE;
	uint32_t	i;

	keydict_init(&d, c->rows);
	for (i = 0; i < c->rows && keydict_add(&d, key_of(c, i)) >= 0; i++)
		;
	if (i == c->rows && d.n > 0)
		size = 5 + (size_t) d.n * c->width + packed_len(c->rows, bits_for(d.n - 1));
	keydict_free(&d);
	return size;
}

typedef struct IntRange {
	int64_t		min;
	int64_t		max;
	bool		delta_ok;
	int64_t		dmin;
	int64_t		dmax;
} IntRange;

static void
int_range(const QcfColumn *c, IntRange *r)
{
	const int64_t *v = c->ints;

	r->min = r->max = c->rows > 0 ? v[0] : 0;
	r->delta_ok = c->rows > 1;
	r->dmin = INT64_MAX;
	r->dmax = INT64_MIN;
	for (uint32_t i = 1; i < c->rows; i++) {
		__int128	d = (__int128) v[i] - v[i - 1];

		r->min = v[i] < r->min ? v[i] : r->min;
		r->max = v[i] > r->max ? v[i] : r->max;
		if (d < INT64_MIN || d > INT64_MAX) {
			r->delta_ok = false;
			continue;
		}
		r->dmin = (int64_t) d < r->dmin ? (int64_t) d : r->dmin;
		r->dmax = (int64_t) d > r->dmax ? (int64_t) d : r->dmax;
	}
}

/* fixed_sizes fills the encoded size of each encoding (NO_SIZE = not usable). */
static void
fixed_sizes(const QcfColumn *c, size_t *size)
{
	uint32_t	runs = count_runs(c);

	for (int e = 0; e < QCF_ENCODING_COUNT; e++)
		size[e] = NO_SIZE;
	size[QCF_PLAIN] = (size_t) c->rows * c->width;
	size[QCF_RLE] = 4 + (size_t) runs * (c->width + 4);
	if (c->ints != NULL) {
		IntRange	r;
		int			bits;

		int_range(c, &r);
		bits = bits_for((uint64_t) r.max - (uint64_t) r.min);
		if (bits <= QCF_MAX_BITS)
			size[QCF_FOR] = 9 + packed_len(c->rows, bits);
		if (r.delta_ok && (bits = bits_for((uint64_t) r.dmax - (uint64_t) r.dmin)) <= QCF_MAX_BITS)
			size[QCF_DELTA] = 17 + packed_len(c->rows - 1, bits);
		if (size[QCF_FOR] != NO_SIZE && size[QCF_FOR] * 2 < size[QCF_PLAIN])
			return;				/* a dictionary cannot win by much */
	}
	if (runs * 4 > c->rows)
		size[QCF_DICT] = dict_size(c);
}

/* ---- fixed-width encoders ---- */

static void
put_value(Buf *out, const QcfColumn *c, uint64_t key)
{
	if (c->ints != NULL) {
		int64_t		v = (int64_t) key;
		int16_t		v16 = (int16_t) v;
		int32_t		v32 = (int32_t) v;
		uint8_t		v8 = (uint8_t) v;

		if (c->width == 1)
			buf_put(out, &v8, 1);
		else if (c->width == 2)
			buf_put(out, &v16, 2);
		else if (c->width == 4)
			buf_put(out, &v32, 4);
		else
			buf_put(out, &v, 8);
	} else
		buf_put(out, &key, 8);
}

static void
enc_fixed_plain(Buf *out, const QcfColumn *c)
{
	if (c->ints == NULL) {
		buf_put(out, c->f64, (size_t) c->rows * 8);
		return;
	}
	buf_reserve(out, (size_t) c->rows * c->width);
	for (uint32_t i = 0; i < c->rows; i++)
		put_value(out, c, (uint64_t) c->ints[i]);
}

static void
enc_fixed_rle(Buf *out, const QcfColumn *c)
{
	uint32_t	runs = count_runs(c);
	uint32_t   *lens = malloc(sizeof(uint32_t) * (runs + 1));
	uint32_t	r = 0;

	put_u32(out, runs);
	for (uint32_t i = 0; i < c->rows; i++) {
		if (i > 0 && key_of(c, i) == key_of(c, i - 1)) {
			lens[r - 1]++;
			continue;
		}
		put_value(out, c, key_of(c, i));
		lens[r++] = 1;
	}
	buf_put(out, lens, sizeof(uint32_t) * runs);
	free(lens);
}

static bool
enc_int_for(Buf *out, const QcfColumn *c, bool delta)
{
	IntRange	r;
	uint64_t   *v = malloc(sizeof(uint64_t) * (c->rows + 1));
	int			bits;
	uint32_t	n = 0;

	int_range(c, &r);
	if (delta && !r.delta_ok) {
		free(v);
		return false;
	}
	if (delta) {
		put_i64(out, c->ints[0]);
		put_i64(out, r.dmin);
		bits = bits_for((uint64_t) r.dmax - (uint64_t) r.dmin);
		for (uint32_t i = 1; i < c->rows; i++)
			v[n++] = (uint64_t) c->ints[i] - (uint64_t) c->ints[i - 1] - (uint64_t) r.dmin;
	} else {
		put_i64(out, r.min);
		bits = bits_for((uint64_t) r.max - (uint64_t) r.min);
		for (uint32_t i = 0; i < c->rows; i++)
			v[n++] = (uint64_t) c->ints[i] - (uint64_t) r.min;
	}
	if (bits > QCF_MAX_BITS) {
		free(v);
		return false;
	}
	put_u8(out, (uint8_t) bits);
	pack_bits(out, v, n, bits);
	free(v);
	return true;
}

static bool
enc_fixed_dict(Buf *out, const QcfColumn *c)
{
	KeyDict		d;
	uint64_t   *codes = malloc(sizeof(uint64_t) * (c->rows + 1));
	bool		ok = true;

	keydict_init(&d, c->rows);
	for (uint32_t i = 0; ok && i < c->rows; i++) {
		int64_t		code = keydict_add(&d, key_of(c, i));

		ok = code >= 0;
		codes[i] = (uint64_t) code;
	}
	if (ok) {
		put_u32(out, d.n);
		for (uint32_t k = 0; k < d.n; k++)
			put_value(out, c, d.entries[k]);
		put_u8(out, (uint8_t) bits_for(d.n > 0 ? d.n - 1 : 0));
		pack_bits(out, codes, c->rows, bits_for(d.n > 0 ? d.n - 1 : 0));
	}
	keydict_free(&d);
	free(codes);
	return ok;
}

/* ---- strings ---- */

static uint32_t
str_len_at(const QcfColumn *c, uint32_t i)
{
	return (uint32_t) (c->offs[i + 1] - c->offs[i]);
}

static bool
str_eq(const QcfColumn *c, uint32_t i, uint32_t j)
{
	uint32_t	n = str_len_at(c, i);

	return n == str_len_at(c, j) &&
		(n == 0 || memcmp(c->bytes + c->offs[i], c->bytes + c->offs[j], n) == 0);
}

/* put_str_list writes the strings idx[0..n) (or rows 0..n) as lengths and bytes. */
static void
put_str_list(Buf *out, const QcfColumn *c, const uint32_t *idx, uint32_t n)
{
	uint32_t	minlen = UINT32_MAX;
	uint32_t	maxlen = 0;
	uint64_t   *lens = calloc(n + 1, sizeof(uint64_t));

	for (uint32_t k = 0; k < n; k++) {
		uint32_t	len = str_len_at(c, idx ? idx[k] : k);

		minlen = len < minlen ? len : minlen;
		maxlen = len > maxlen ? len : maxlen;
	}
	if (n == 0)
		minlen = 0;
	for (uint32_t k = 0; k < n; k++)
		lens[k] = str_len_at(c, idx ? idx[k] : k) - minlen;
	put_u32(out, minlen);
	put_u8(out, (uint8_t) bits_for(maxlen - minlen));
	pack_bits(out, lens, n, bits_for(maxlen - minlen));
	for (uint32_t k = 0; k < n; k++) {
		uint32_t	i = idx ? idx[k] : k;

		buf_put(out, c->bytes + c->offs[i], str_len_at(c, i));
	}
	free(lens);
}

typedef struct StrDict {
	uint32_t   *slots;			/* row of the first occurrence + 1 */
	uint32_t   *codes;			/* slot -> code */
	uint32_t   *entries;		/* code -> row */
	uint32_t	mask;
	uint32_t	n;
} StrDict;

static void
strdict_init(StrDict *d, uint32_t rows)
{
	uint32_t	cap = 64;

	while (cap < 2 * rows && cap < 2 * QCF_DICT_MAX)
		cap *= 2;
	d->slots = calloc(cap, sizeof(uint32_t));
	d->codes = malloc(sizeof(uint32_t) * cap);
	d->entries = malloc(sizeof(uint32_t) * (cap / 2 + 1));
	d->mask = cap - 1;
	d->n = 0;
}

static void
strdict_free(StrDict *d)
{
	free(d->slots);
	free(d->codes);
	free(d->entries);
}

static int64_t
strdict_add(StrDict *d, const QcfColumn *c, uint32_t row)
{
	uint32_t	h = (uint32_t) XXH3_64bits(c->bytes + c->offs[row], str_len_at(c, row)) & d->mask;

	while (d->slots[h] != 0) {
		if (str_eq(c, d->slots[h] - 1, row))
			return d->codes[h];
		h = (h + 1) & d->mask;
	}
	if (d->n >= (d->mask + 1) / 2 || d->n >= QCF_DICT_MAX)
		return -1;
	d->slots[h] = row + 1;
	d->codes[h] = d->n;
	d->entries[d->n] = row;
	return d->n++;
}

static size_t
str_list_size(const QcfColumn *c, const uint32_t *idx, uint32_t n)
{
	uint32_t	minlen = UINT32_MAX;
	uint32_t	maxlen = 0;
	size_t		bytes = 0;

	for (uint32_t k = 0; k < n; k++) {
		uint32_t	len = str_len_at(c, idx ? idx[k] : k);

		minlen = len < minlen ? len : minlen;
		maxlen = len > maxlen ? len : maxlen;
		bytes += len;
	}
	return 5 + bytes + packed_len(n, bits_for(n ? maxlen - minlen : 0));
}

/* str_sizes measures PLAIN, RLE and DICT for a string chunk. */
static void
str_sizes(const QcfColumn *c, size_t *size)
{
	uint32_t   *heads = calloc(c->rows + 1, sizeof(uint32_t));
	uint32_t	runs = 0;
	StrDict		d;
	uint32_t	i;

	for (int e = 0; e < QCF_ENCODING_COUNT; e++)
		size[e] = NO_SIZE;
	size[QCF_PLAIN] = str_list_size(c, NULL, c->rows);
	for (i = 0; i < c->rows; i++)
		if (i == 0 || !str_eq(c, i, i - 1))
			heads[runs++] = i;
	size[QCF_RLE] = 4 + 4 * (size_t) runs + str_list_size(c, heads, runs);
	free(heads);
	if (runs * 2 < c->rows && size[QCF_RLE] < size[QCF_PLAIN] / 4)
		return;					/* long runs: RLE wins */
	strdict_init(&d, c->rows);
	for (i = 0; i < c->rows && strdict_add(&d, c, i) >= 0; i++)
		;
	if (i == c->rows && d.n > 0)
		size[QCF_DICT] = 5 + str_list_size(c, d.entries, d.n) +
			packed_len(c->rows, bits_for(d.n - 1));
	strdict_free(&d);
}

static void
enc_str_rle(Buf *out, const QcfColumn *c)
{
	uint32_t   *heads = malloc(sizeof(uint32_t) * (c->rows + 1));
	uint32_t	runs = 0;

	for (uint32_t i = 0; i < c->rows; i++)
		if (i == 0 || !str_eq(c, i, i - 1))
			heads[runs++] = i;
	put_u32(out, runs);
	for (uint32_t r = 0; r < runs; r++)
		put_u32(out, (r + 1 < runs ? heads[r + 1] : c->rows) - heads[r]);
	put_str_list(out, c, heads, runs);
	free(heads);
}

static bool
enc_str_dict(Buf *out, const QcfColumn *c)
{
	StrDict		d;
	uint64_t   *codes = malloc(sizeof(uint64_t) * (c->rows + 1));
	bool		ok = true;

	strdict_init(&d, c->rows);
	for (uint32_t i = 0; ok && i < c->rows; i++) {
		int64_t		code = strdict_add(&d, c, i);

		ok = code >= 0;
		codes[i] = (uint64_t) code;
	}
	if (ok) {
		put_u32(out, d.n);
		put_str_list(out, c, d.entries, d.n);
		put_u8(out, (uint8_t) bits_for(d.n > 0 ? d.n - 1 : 0));
		pack_bits(out, codes, c->rows, bits_for(d.n > 0 ? d.n - 1 : 0));
	}
	strdict_free(&d);
	free(codes);
	return ok;
}

/* ---- choosing ---- */

/* encode_payload writes c's values in enc (no validity); false if enc does not apply. */
static bool
encode_payload(Buf *out, const QcfColumn *c, QcfEncoding enc)
{
	if (c->phys == PHYS_STR) {
		if (enc == QCF_PLAIN)
			put_str_list(out, c, NULL, c->rows);
		else if (enc == QCF_RLE)
			enc_str_rle(out, c);
		else
			return enc == QCF_DICT && enc_str_dict(out, c);
		return true;
	}
	if (c->ints == NULL && c->f64 == NULL) {
		if (enc != QCF_PLAIN)
			return false;
		buf_put(out, c->raw, (size_t) c->rows * c->width);
		return true;
	}
	switch (enc) {
		case QCF_PLAIN:
			enc_fixed_plain(out, c);
			return true;
		case QCF_RLE:
			enc_fixed_rle(out, c);
			return true;
		case QCF_FOR:
		case QCF_DELTA:
			return c->ints != NULL && enc_int_for(out, c, enc == QCF_DELTA);
		case QCF_DICT:
			return enc_fixed_dict(out, c);
		default:
			return false;
	}
}

/* best_payload writes c's values in their smallest encoding and returns which. */
static QcfEncoding
best_payload(Buf *out, const QcfColumn *c)
{
	size_t		size[QCF_ENCODING_COUNT];
	QcfEncoding best = QCF_PLAIN;
	size_t		start = out->len;

	if (c->phys == PHYS_STR)
		str_sizes(c, size);
	else if (c->ints != NULL || c->f64 != NULL)
		fixed_sizes(c, size);
	else
		size[QCF_PLAIN] = 0;
	for (int e = 1; c->raw == NULL && e < QCF_DEC64; e++)
		if (size[e] < size[best])
			best = (QcfEncoding) e;
	if (!encode_payload(out, c, best)) {
		out->len = start;
		best = QCF_PLAIN;
		(void) encode_payload(out, c, best);
	}
	return best;
}

/* qcf_encode writes c in enc after the validity prefix; false if enc does not apply. */
bool
qcf_encode(Buf *out, const QcfColumn *c, QcfEncoding enc)
{
	put_validity(out, c);
	return encode_payload(out, c, enc);
}

/*
 * dec_mantissas gives the int64 mantissas of a numeric chunk whose valid
 * values share one scale (NULL slots take the first valid mantissa), or
 * NULL when they do not.
 */
static int64_t *
dec_mantissas(const QcfColumn *c, int *scale)
{
	int64_t    *m = malloc(sizeof(int64_t) * (c->rows + 1));
	int64_t		first = 0;
	bool		any = false;

	for (uint32_t i = 0; i < c->rows; i++) {
		Numeric		x;

		if (c->validity != NULL && !(c->validity[i / 64] >> (i % 64) & 1)) {
			m[i] = any ? m[i - 1] : 0;
			continue;
		}
		memcpy(&x, c->raw + (size_t) i * sizeof(Numeric), sizeof(x));
		if ((any && num_scale(x) != *scale) || num_mant(x) > INT64_MAX || num_mant(x) < INT64_MIN) {
			free(m);
			return NULL;
		}
		*scale = num_scale(x);
		m[i] = (int64_t) num_mant(x);
		if (!any)
			first = m[i];
		any = true;
	}
	for (uint32_t i = 0; c->validity != NULL && i < c->rows && !(c->validity[i / 64] >> (i % 64) & 1); i++)
		m[i] = first;			/* leading NULLs */
	return m;
}

/* encode_dec64 writes a numeric chunk as scale + encoded mantissas, if it can. */
static bool
encode_dec64(Buf *out, const QcfColumn *c)
{
	int			scale = 0;
	int64_t    *m = dec_mantissas(c, &scale);
	QcfColumn	ic = *c;
	size_t		at;

	if (m == NULL)
		return false;
	ic.phys = PHYS_I64;
	ic.width = 8;
	ic.ints = m;
	ic.raw = NULL;
	put_u8(out, (uint8_t) scale);
	at = out->len;
	put_u8(out, 0);
	out->data[at] = (uint8_t) best_payload(out, &ic);
	free(m);
	return true;
}

/* qcf_encode_best writes c in its smallest encoding and returns which. */
QcfEncoding
qcf_encode_best(Buf *out, const QcfColumn *c)
{
	size_t		start;

	put_validity(out, c);
	start = out->len;
	if (c->phys == PHYS_DEC && encode_dec64(out, c))
		return QCF_DEC64;
	out->len = start;
	return best_payload(out, c);
}
