/*
 * write_match.c
 *	  The matched rows of a rewrite, by their table values; see
 *	  write_match.h.
 *
 *	  The matches plan is drained once; each batch is copied (encoded and
 *	  decoded, so its strings live in the task's arena) and each row's key,
 *	  its table columns as text with NULL markers, goes into an
 *	  open-addressing table.  The first row of a key wins.
 */
#include "exec/write_match.h"

#include <stdlib.h>
#include <string.h>

#include "wire/batchio.h"
#include "wire/buf.h"
#include "wire/typeio.h"

typedef struct Slot {
	uint64_t	hash;
	size_t		key;			/* offset in keys; SIZE_MAX = empty */
	uint32_t	len;
	uint32_t	batch;
	uint32_t	row;
} Slot;

struct WriteMatch {
	int			ncols;
	Batch	  **batches;
	uint32_t	nbatches;
	uint32_t	cap_batches;
	Slot	   *slots;
	size_t		nslots;			/* a power of two */
	size_t		used;
	Buf			keys;
	Buf			probe;
	Arena	   *arena;
};

static uint64_t
fnv(const uint8_t *p, size_t n)
{
	uint64_t	h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

/* row_key writes row of b's first ncols columns into out. */
static void
row_key(Buf *out, const Batch *b, uint32_t row, int ncols)
{
	buf_reset(out);
	for (int c = 0; c < ncols; c++) {
		Value		v = vec_get(&b->cols[c], row);
		size_t		at;

		if (v.is_null) {
			buf_put_u8(out, 0);
			continue;
		}
		buf_put_u8(out, 1);
		at = out->len;
		buf_put_u32(out, 0);
		typeio_text(out, &v);
		buf_set_u32(out, at, (uint32_t) (out->len - at - 4));
	}
}

static Slot *
lookup(WriteMatch *m, const Buf *key, uint64_t h)
{
	size_t		mask = m->nslots - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		Slot	   *s = &m->slots[i];

		if (s->key == SIZE_MAX ||
			(s->hash == h && s->len == key->len &&
			 memcmp(m->keys.data + s->key, key->data, key->len) == 0))
			return s;
	}
}

static void
grow(WriteMatch *m)
{
	Slot	   *old = m->slots;
	size_t		n = m->nslots;

	m->nslots = n ? n * 2 : 1024;
	m->slots = malloc(sizeof(Slot) * m->nslots);
	for (size_t i = 0; i < m->nslots; i++)
		m->slots[i].key = SIZE_MAX;
	for (size_t i = 0; i < n; i++)
		if (old[i].key != SIZE_MAX) {
			size_t		mask = m->nslots - 1;
			size_t		j = old[i].hash & mask;

			while (m->slots[j].key != SIZE_MAX)
				j = (j + 1) & mask;
			m->slots[j] = old[i];
		}
	free(old);
}

static void
insert(WriteMatch *m, const Batch *b, uint32_t bi, uint32_t row)
{
	uint64_t	h;
	Slot	   *s;

	row_key(&m->probe, b, row, m->ncols);
	h = fnv(m->probe.data, m->probe.len);
	if ((m->used + 1) * 2 > m->nslots)
		grow(m);
	s = lookup(m, &m->probe, h);
	if (s->key != SIZE_MAX)
		return;					/* matched before: the first match wins */
	*s = (Slot) {h, m->keys.len, (uint32_t) m->probe.len, bi, row};
	buf_put(&m->keys, m->probe.data, m->probe.len);
	m->used++;
}

/* write_match_keep copies b's live rows into the task's arena and maps them. */
bool
write_match_keep(WriteMatch *m, const Batch *b, Err *err)
{
	Buf			enc;
	Batch	   *copy;
	uint8_t    *bytes;

	buf_init(&enc);
	batchio_encode(&enc, b);
	bytes = arena_memdup(m->arena, enc.data, enc.len);
	copy = batchio_decode(m->arena, bytes, enc.len, err);
	buf_free(&enc);
	if (copy == NULL)
		return false;
	if (m->nbatches == m->cap_batches) {
		m->cap_batches = m->cap_batches ? m->cap_batches * 2 : 16;
		m->batches = realloc(m->batches, sizeof(Batch *) * m->cap_batches);
	}
	m->batches[m->nbatches] = copy;
	for (uint32_t r = 0; r < copy->count; r++)
		insert(m, copy, m->nbatches, r);
	m->nbatches++;
	return true;
}

/* write_match_new is an empty map of rows by their first ncols columns. */
WriteMatch *
write_match_new(Arena *a, int ncols)
{
	WriteMatch *m = calloc(1, sizeof(WriteMatch));

	m->ncols = ncols;
	m->arena = a;
	buf_init(&m->keys);
	buf_init(&m->probe);
	grow(m);
	return m;
}

/* write_match_build drains plan into a map of its rows by their first ncols columns. */
WriteMatch *
write_match_build(ExecCtx *cx, const Quarry__PlanNode *plan, int ncols, Err *err)
{
	WriteMatch *m = write_match_new(cx->arena, ncols);
	Op		   *child;
	Batch	   *b;
	OpStatus	st = OP_FAILED;

	if ((int) plan->n_output_types < ncols ||
		(child = exec_build(cx, plan, err)) == NULL) {
		if ((int) plan->n_output_types < ncols)
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid matches in plan fragment");
		write_match_free(m);
		return NULL;
	}
	if (exec_open(child, err))
		while ((st = exec_next(child, &b, err)) == OP_BATCH)
			if (batch_rows(b) > 0 && !write_match_keep(m, b, err)) {
				st = OP_FAILED;
				break;
			}
	exec_close(child);
	if (st != OP_DONE) {
		write_match_free(m);
		return NULL;
	}
	return m;
}

/* write_match_find finds the match of row of b (its first ncols columns). */
bool
write_match_find(WriteMatch *m, const Batch *b, uint32_t row, const Batch **mb, uint32_t *mrow)
{
	Slot	   *s;

	if (m->used == 0)
		return false;
	row_key(&m->probe, b, row, m->ncols);
	s = lookup(m, &m->probe, fnv(m->probe.data, m->probe.len));
	if (s->key == SIZE_MAX || s->batch == UINT32_MAX)
		return false;
	*mb = m->batches[s->batch];
	*mrow = s->row;
	return true;
}

/* write_match_has: row of b (its first ncols columns) is in the map. */
bool
write_match_has(WriteMatch *m, const Batch *b, uint32_t row)
{
	if (m->used == 0)
		return false;
	row_key(&m->probe, b, row, m->ncols);
	return lookup(m, &m->probe, fnv(m->probe.data, m->probe.len))->key != SIZE_MAX;
}

/* write_match_add adds row of b's key (ON CONFLICT: a row this statement stores). */
void
write_match_add(WriteMatch *m, const Batch *b, uint32_t row)
{
	insert(m, b, UINT32_MAX, row);
}

void
write_match_free(WriteMatch *m)
{
	if (m == NULL)
		return;
	free(m->batches);
	free(m->slots);
	buf_free(&m->keys);
	buf_free(&m->probe);
	free(m);
}
