/*
 * buf.h
 *	  A growable byte buffer with big-endian put and get helpers, the base of
 *	  every codec in wire/.
 */
#ifndef QUARRY_BUF_H
#define QUARRY_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Buf {
	uint8_t    *data;
	size_t		len;
	size_t		cap;
} Buf;

/* A cursor over received bytes; reads past the end set ok = false. */
typedef struct Reader {
	const uint8_t *p;
	size_t		len;
	size_t		pos;
	bool		ok;
} Reader;

void		buf_init(Buf *b);
void		buf_free(Buf *b);
void		buf_reset(Buf *b);
void		buf_reserve(Buf *b, size_t extra);
void		buf_put(Buf *b, const void *p, size_t n);
void		buf_put_u8(Buf *b, uint8_t v);
void		buf_put_u16(Buf *b, uint16_t v);
void		buf_put_u32(Buf *b, uint32_t v);
void		buf_put_u64(Buf *b, uint64_t v);
void		buf_put_cstr(Buf *b, const char *s);
void		buf_set_u32(Buf *b, size_t at, uint32_t v);
void		buf_consume(Buf *b, size_t n);

void		reader_init(Reader *r, const void *p, size_t len);
uint8_t		reader_u8(Reader *r);
uint16_t	reader_u16(Reader *r);
uint32_t	reader_u32(Reader *r);
uint64_t	reader_u64(Reader *r);
const uint8_t *reader_bytes(Reader *r, size_t n);
const char *reader_cstr(Reader *r);
bool		reader_at_end(const Reader *r);

#endif							/* QUARRY_BUF_H */
