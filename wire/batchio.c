/*
 * batchio.c
 *	  Batch encoding; see batchio.h for the layout.  The decoder checks every
 *	  length against the input and fails with XX001 on a damaged block.
 */
#include "wire/batchio.h"

#include <string.h>

static void
encode_column(Buf *out, const Batch *b, const Vector *v)
{
	uint32_t	rows = batch_rows(b);
	int			w = type_phys_width(v->phys);
	bool		has_nulls = false;

	for (uint32_t k = 0; k < rows && !has_nulls; k++)
		has_nulls = vec_is_null(v, batch_row(b, k));
	buf_put_u8(out, (uint8_t) v->type);
	buf_put_u8(out, has_nulls);
	if (has_nulls) {
		size_t		at = out->len;

		buf_reserve(out, (rows + 7) / 8);
		memset(out->data + at, 0, (rows + 7) / 8);
		for (uint32_t k = 0; k < rows; k++)
			if (!vec_is_null(v, batch_row(b, k)))
				out->data[at + k / 8] |= (uint8_t) (1 << (k % 8));
		out->len += (rows + 7) / 8;
	}
	if (v->phys != PHYS_STR) {
		buf_reserve(out, (size_t) rows * w);
		for (uint32_t k = 0; k < rows; k++)
			buf_put(out, (const char *) v->data + (size_t) batch_row(b, k) * w, w);
		return;
	}
	for (uint32_t k = 0; k < rows; k++) {
		const StrView *s = (const StrView *) v->data + batch_row(b, k);
		uint32_t	len = vec_is_null(v, batch_row(b, k)) ? 0 : s->len;

		buf_put(out, &len, 4);
	}
	for (uint32_t k = 0; k < rows; k++) {
		const StrView *s = (const StrView *) v->data + batch_row(b, k);

		if (!vec_is_null(v, batch_row(b, k)))
			buf_put(out, str_data(s), s->len);
	}
}

/* batchio_encode appends the live rows of b as one block. */
void
batchio_encode(Buf *out, const Batch *b)
{
	buf_put_u32(out, batch_rows(b));
	buf_put_u16(out, (uint16_t) b->ncols);
	for (int c = 0; c < b->ncols; c++)
		encode_column(out, b, &b->cols[c]);
}

static bool
corrupt(Err *err)
{
	return err_set(err, ERRCODE_DATA_CORRUPTED, "invalid batch block");
}

static bool
decode_column(Arena *a, Reader *r, Batch *b, int c, Err *err)
{
	Vector	   *v = &b->cols[c];
	uint32_t	rows = b->count;
	int			type = reader_u8(r);
	bool		has_nulls = reader_u8(r) != 0;
	int			w;

	if (!r->ok || !type_is_valid(type))
		return corrupt(err);
	vec_alloc(a, v, (TypeId) type);
	w = type_phys_width(v->phys);
	if (has_nulls) {
		const uint8_t *bits = reader_bytes(r, (rows + 7) / 8);

		if (bits == NULL)
			return corrupt(err);
		for (uint32_t i = 0; i < rows; i++)
			if ((bits[i / 8] & (1 << (i % 8))) == 0)
				vec_set_null(a, v, i);
	}
	if (v->phys != PHYS_STR) {
		const uint8_t *vals = reader_bytes(r, (size_t) rows * w);

		if (vals == NULL)
			return corrupt(err);
		memcpy(v->data, vals, (size_t) rows * w);
		return true;
	}
	const uint8_t *lens = reader_bytes(r, (size_t) rows * 4);

	if (lens == NULL)
		return corrupt(err);
	for (uint32_t i = 0; i < rows; i++) {
		uint32_t	len;
		const uint8_t *bytes;

		memcpy(&len, lens + (size_t) i * 4, 4);
		bytes = reader_bytes(r, len);
		if (bytes == NULL)
			return corrupt(err);
		((StrView *) v->data)[i] = str_make(a, (const char *) bytes, len);
	}
	return true;
}

/* batchio_decode reads one block; strings are copied into a. */
Batch *
batchio_decode(Arena *a, const uint8_t *p, size_t len, Err *err)
{
	Reader		r;
	Batch	   *b;

	reader_init(&r, p, len);
	b = arena_new(a, Batch);
	b->count = reader_u32(&r);
	b->ncols = reader_u16(&r);
	b->arena = a;
	if (!r.ok || b->count > BATCH_SIZE) {
		corrupt(err);
		return NULL;
	}
	b->cols = arena_array(a, Vector, b->ncols > 0 ? b->ncols : 1);
	for (int c = 0; c < b->ncols; c++)
		if (!decode_column(a, &r, b, c, err))
			return NULL;
	if (!reader_at_end(&r)) {
		corrupt(err);
		return NULL;
	}
	return b;
}
