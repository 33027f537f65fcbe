/*
 * buf.c
 *	  Byte buffers and readers.  Integers are big-endian (network order), as
 *	  the PostgreSQL protocol wants.
 */
#include "wire/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
buf_init(Buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(Buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(Buf *b)
{
	b->len = 0;
}

void
buf_reserve(Buf *b, size_t extra)
{
	size_t		need = b->len + extra;

	if (need <= b->cap)
		return;
	size_t		cap = b->cap ? b->cap : 256;

	while (cap < need)
		cap *= 2;
	b->data = realloc(b->data, cap);
	if (b->data == NULL) {
		fprintf(stderr, "quarry: out of memory growing a buffer to %zu bytes\n", cap);
		abort();
	}
	b->cap = cap;
}

void
buf_put(Buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
buf_put_u8(Buf *b, uint8_t v)
{
	buf_reserve(b, 1);
	b->data[b->len++] = v;
}

void
buf_put_u16(Buf *b, uint16_t v)
{
	uint8_t		x[2] = {(uint8_t) (v >> 8), (uint8_t) v};

	buf_put(b, x, 2);
}

void
buf_put_u32(Buf *b, uint32_t v)
{
	uint8_t		x[4] = {(uint8_t) (v >> 24), (uint8_t) (v >> 16), (uint8_t) (v >> 8),
	(uint8_t) v};

	buf_put(b, x, 4);
}

void
buf_put_u64(Buf *b, uint64_t v)
{
	buf_put_u32(b, (uint32_t) (v >> 32));
	buf_put_u32(b, (uint32_t) v);
}

void
buf_put_cstr(Buf *b, const char *s)
{
	buf_put(b, s, strlen(s) + 1);
}

/* buf_set_u32 overwrites 4 bytes at offset at (a length placeholder). */
void
buf_set_u32(Buf *b, size_t at, uint32_t v)
{
	b->data[at] = (uint8_t) (v >> 24);
	b->data[at + 1] = (uint8_t) (v >> 16);
	b->data[at + 2] = (uint8_t) (v >> 8);
	b->data[at + 3] = (uint8_t) v;
}

/* buf_consume drops the first n bytes. */
void
buf_consume(Buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}

void
reader_init(Reader *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->ok = true;
}

const uint8_t *
reader_bytes(Reader *r, size_t n)
{
	const uint8_t *p;

	if (!r->ok || r->len - r->pos < n) {
		r->ok = false;
		return NULL;
	}
	p = r->p + r->pos;
	r->pos += n;
	return p;
}

uint8_t
reader_u8(Reader *r)
{
	const uint8_t *p = reader_bytes(r, 1);

	return p ? p[0] : 0;
}

uint16_t
reader_u16(Reader *r)
{
	const uint8_t *p = reader_bytes(r, 2);

	return p ? (uint16_t) ((p[0] << 8) | p[1]) : 0;
}

uint32_t
reader_u32(Reader *r)
{
	const uint8_t *p = reader_bytes(r, 4);

	return p ? ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
		((uint32_t) p[2] << 8) | p[3] : 0;
}

uint64_t
reader_u64(Reader *r)
{
	uint64_t	hi = reader_u32(r);

	return (hi << 32) | reader_u32(r);
}

/* reader_cstr returns a NUL-terminated string inside the message, or NULL. */
const char *
reader_cstr(Reader *r)
{
	const uint8_t *start;
	const uint8_t *nul;

	if (!r->ok)
		return NULL;
	start = r->p + r->pos;
	nul = memchr(start, '\0', r->len - r->pos);
	if (nul == NULL) {
		r->ok = false;
		return NULL;
	}
	r->pos += (size_t) (nul - start) + 1;
	return (const char *) start;
}

bool
reader_at_end(const Reader *r)
{
	return r->ok && r->pos == r->len;
}
