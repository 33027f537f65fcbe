/*
 * copy_bin.c
 *	  COPY FROM STDIN in PostgreSQL's binary format: the 19-byte header
 *	  (signature, flags, extension), then tuples of an int16 field count
 *	  and int32-length fields in each type's binary form, then the int16
 *	  -1 trailer.  Tuples may span CopyData messages; each whole one is
 *	  converted with wire/typebin.c and goes the way of a text line.
 */
#include "copy.h"

#include <string.h>

#include "wire/typebin.h"
#include "wire/typeio.h"

static const uint8_t signature[11] = "PGCOPY\n\377\r\n";

static int32_t
i32(const uint8_t *p)
{
	return (int32_t) ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]);
}

/* header reads the file header; *used is 0 while it has not all arrived. */
static bool
header(CopyState *cs, const uint8_t *p, size_t n, size_t *used, Err *err)
{
	int32_t		ext;

	*used = 0;
	if (n < 19)
		return true;
	if (memcmp(p, signature, sizeof(signature)) != 0)
		return err_set(err, "22P04", "COPY file signature not recognized");
	if ((i32(p + 11) & 0xffff0000) != 0)
		return err_set(err, "22P04", "invalid COPY file header (unrecognized critical flags)");
	ext = i32(p + 15);
	if (ext < 0)
		return err_set(err, "22P04", "invalid COPY file header (missing length)");
	if (n - 19 < (size_t) ext)
		return true;
	*used = 19 + (size_t) ext;
	cs->bin_header = true;
	return true;
}

/* tuple_end is the end of the whole tuple at p, or 0 if it has not all arrived. */
static size_t
tuple_end(const uint8_t *p, size_t n, int nf)
{
	size_t		q = 2;

	for (int i = 0; i < nf; i++) {
		int32_t		len;

		if (n - q < 4)
			return 0;
		len = i32(p + q);
		q += 4;
		if (len > 0) {
			if (n - q < (size_t) len)
				return 0;
			q += (size_t) len;
		}
	}
	return q;
}

static bool
tuple(CopyState *cs, const uint8_t *p, int nf, Err *err, const char **ctx)
{
	size_t		q = 2;

	cs->line++;
	*ctx = arena_printf(&cs->batch_arena, "COPY %s, line %lld", cs->relname, (long long) cs->line);
	if (nf != cs->nfields)
		return err_set(err, "22P04", "row field count is %d, expected %d", nf, cs->nfields);
	for (int col = 0; col < cs->table->ncols; col++)
		cs->row[col].is_null = true;
	for (int i = 0; i < nf; i++) {
		const CatColumn *cc = &cs->table->cols[cs->map[i]];
		Value	   *v = &cs->row[cs->map[i]];
		int32_t		len = i32(p + q);

		q += 4;
		v->type = cc->type;
		v->is_null = len < 0;
		if (len >= 0 &&
			(!typebin_parse(&cs->batch_arena, cc->type, p + q, (size_t) len, v, err) ||
			 !value_apply_typmod(&cs->batch_arena, v, cc->typmod, false, err))) {
			*ctx = arena_printf(&cs->batch_arena, "COPY %s, line %lld, column %s", cs->relname,
								(long long) cs->line, cc->name);
			return false;
		}
		q += len > 0 ? (size_t) len : 0;
	}
	return tablewrite_check_row(cs->table, cs->row, err) && copy_add_row(cs, err);
}

/* copy_bin_data loads the whole tuples that have arrived. */
bool
copy_bin_data(CopyState *cs, Err *err, const char **ctx)
{
	const uint8_t *p = cs->pending.data;
	size_t		n = cs->pending.len;
	size_t		pos = 0;

	if (!cs->bin_header && (!header(cs, p, n, &pos, err) || !cs->bin_header))
		return !err_is_set(err);
	while (n - pos >= 2) {
		int			nf = (int16_t) ((p[pos] << 8) | p[pos + 1]);
		size_t		end;

		if (cs->ended)
			return err_set(err, "22P04", "received copy data after EOF marker");
		if (nf == -1) {
			cs->ended = true;
			pos += 2;
			continue;
		}
		if (nf < 0 || (end = tuple_end(p + pos, n - pos, nf)) == 0)
			break;
		if (!tuple(cs, p + pos, nf, err, ctx))
			return false;
		pos += end;
	}
	buf_consume(&cs->pending, pos);
	return true;
}

/* copy_bin_done: at CopyDone nothing may be left half read. */
bool
copy_bin_done(CopyState *cs, Err *err, const char **ctx)
{
	if (cs->pending.len > 0 || (!cs->bin_header && cs->rows == 0 && !cs->ended && cs->line > 0))
		return err_set(err, "22P04", "unexpected EOF in COPY data");
	return true;
}
