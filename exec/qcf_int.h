/*
 * qcf_int.h
 *	  Private to the .qcf modules: one chunk's column data as the encoder
 *	  takes it, the encoder and decoder, and a bounds-checked cursor.
 */
#ifndef QUARRY_QCF_INT_H
#define QUARRY_QCF_INT_H

#include "exec/qcf.h"
#include "wire/buf.h"

#define QCF_MAGIC "QCF1"
#define QCF_TAIL_LEN 16			/* u32 footer_len, u64 xxh64, magic */
#define QCF_VERSION 1
#define QCF_MAX_COLS 1600
#define QCF_MAX_BITS 56			/* wider frames are stored plain */
#define QCF_DICT_MAX 65536
#define QCF_SLACK 16			/* zeroed bytes after every decode buffer */

/*
 * One column of one row group, ready to encode.  Integer-like physical
 * types (bool, int2, int4, int8) come widened to int64, doubles as
 * doubles, strings as offsets into bytes, anything else as raw values.
 * NULL slots hold a neighbour's value, so min and max over every slot are
 * those of the valid values (when there is one).
 */
typedef struct QcfColumn {
	PhysType	phys;
	int			width;			/* bytes per value in a vector */
	uint32_t	rows;
	const uint64_t *validity;	/* NULL = no NULLs */
	const int64_t *ints;
	const double *f64;
	const uint64_t *offs;		/* strings: rows + 1 offsets */
	const char *bytes;
	const uint8_t *raw;			/* other fixed-width types */
} QcfColumn;

/* A bounds-checked cursor over bytes read from a file. */
typedef struct QcfCur {
	const uint8_t *p;
	size_t		len;
	size_t		pos;
	bool		ok;
} QcfCur;

static inline const uint8_t *
qcf_take(QcfCur *c, size_t n)
{
	const uint8_t *r;

	if (!c->ok || n > c->len - c->pos) {
		c->ok = false;
		return NULL;
	}
	r = c->p + c->pos;
	c->pos += n;
	return r;
}

bool		qcf_phys_is_int(PhysType p);
QcfEncoding qcf_encode_best(Buf *out, const QcfColumn *c);
bool		qcf_encode(Buf *out, const QcfColumn *c, QcfEncoding enc);
void		qcf_stats_of(const QcfColumn *c, TypeId type, QcfStats *st, Arena *a);
void		qcf_hll_add_column(uint8_t *regs, const QcfColumn *c);
bool		qcf_decode(uint8_t *raw, size_t len, uint32_t rows, TypeId type, QcfEncoding enc,
					   QcfChunk *out);

#endif							/* QUARRY_QCF_INT_H */
