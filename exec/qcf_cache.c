/*
 * qcf_cache.c
 *	  The process's bounded cache of decoded column chunks, so repeated
 *	  scans of hot data pay no zstd and no decoding (PERFORMANCE.md 2).
 *
 *	  Chunks are keyed by (file identity, row group, column): table files
 *	  are never changed in place, so a key never goes stale.  Entries are
 *	  reference-counted; eviction (least recently used first, past the
 *	  capacity) unlinks an entry at once, and a chunk still in use is freed
 *	  by its last qcf_chunk_release.  One mutex guards everything: slot
 *	  threads share the cache.
 */
#include "exec/qcf_int.h"

#include <pthread.h>
#include <stdlib.h>

#define NBUCKETS 8192
#define DEFAULT_CAPACITY (256u * 1024 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t capacity = DEFAULT_CAPACITY;
static size_t used;
static QcfChunk *buckets[NBUCKETS];
static QcfChunk *lru_head;		/* most recently used */
static QcfChunk *lru_tail;

static void
chunk_free(QcfChunk *c)
{
	free(c->mem[0]);
	free(c->mem[1]);
	free(c->mem[2]);
	free(c);
}

static size_t
bucket_of(const QcfFileId *f, uint32_t rg, uint32_t col)
{
	uint64_t	h = f->ino * UINT64_C(0x9E3779B97F4A7C15) ^ f->dev ^ (uint64_t) f->mtime_ns ^
		((uint64_t) rg << 20) ^ col;

	h ^= h >> 29;
	h *= UINT64_C(0xBF58476D1CE4E5B9);
	return (size_t) (h >> 32) % NBUCKETS;
}

static bool
key_equal(const QcfChunk *c, const QcfFileId *f, uint32_t rg, uint32_t col)
{
	return c->key_rg == rg && c->key_col == col && c->key_file.ino == f->ino &&
		c->key_file.dev == f->dev && c->key_file.size == f->size &&
		c->key_file.mtime_ns == f->mtime_ns;
}

static void
lru_unlink(QcfChunk *c)
{
	if (c->lru_prev)
		c->lru_prev->lru_next = c->lru_next;
	else
		lru_head = c->lru_next;
	if (c->lru_next)
		c->lru_next->lru_prev = c->lru_prev;
	else
		lru_tail = c->lru_prev;
	c->lru_prev = c->lru_next = NULL;
}

static void
lru_push(QcfChunk *c)
{
	c->lru_prev = NULL;
	c->lru_next = lru_head;
	if (lru_head)
		lru_head->lru_prev = c;
	lru_head = c;
	if (lru_tail == NULL)
		lru_tail = c;
}

/* drop removes c from the cache; it is freed now or at its last release. */
static void
drop(QcfChunk *c)
{
	QcfChunk  **p = &buckets[bucket_of(&c->key_file, c->key_rg, c->key_col)];

	while (*p != c)
		p = &(*p)->hash_next;
	*p = c->hash_next;
	lru_unlink(c);
	c->cached = false;
	used -= c->bytes;
	if (c->refs == 0)
		chunk_free(c);
}

static void
evict(void)
{
	while (used > capacity && lru_tail != NULL)
		drop(lru_tail);
}

/* qcf_cache_set_capacity bounds the cache (0 turns it off). */
void
qcf_cache_set_capacity(size_t bytes)
{
	pthread_mutex_lock(&lock);
	capacity = bytes;
	evict();
	pthread_mutex_unlock(&lock);
}

size_t
qcf_cache_bytes(void)
{
	size_t		n;

	pthread_mutex_lock(&lock);
	n = used;
	pthread_mutex_unlock(&lock);
	return n;
}

/* qcf_cache_get returns the cached chunk with a new reference, or NULL. */
QcfChunk *
qcf_cache_get(const QcfFileId *file, uint32_t rg, uint32_t col)
{
	QcfChunk   *c;

	pthread_mutex_lock(&lock);
	for (c = buckets[bucket_of(file, rg, col)]; c != NULL; c = c->hash_next)
		if (key_equal(c, file, rg, col))
			break;
	if (c != NULL) {
		c->refs++;
		lru_unlink(c);
		lru_push(c);
	}
	pthread_mutex_unlock(&lock);
	return c;
}

/*
 * qcf_cache_put caches a freshly decoded chunk and returns it (or the
 * copy another thread cached first) with one reference for the caller.
 */
QcfChunk *
qcf_cache_put(QcfChunk *c, const QcfFileId *file, uint32_t rg, uint32_t col)
{
	size_t		b = bucket_of(file, rg, col);
	QcfChunk   *old;

	c->refs = 1;
	c->key_file = *file;
	c->key_rg = rg;
	c->key_col = col;
	pthread_mutex_lock(&lock);
	for (old = buckets[b]; old != NULL; old = old->hash_next)
		if (key_equal(old, file, rg, col)) {
			old->refs++;
			pthread_mutex_unlock(&lock);
			chunk_free(c);
			return old;
		}
	if (c->bytes <= capacity) {
		c->cached = true;
		c->hash_next = buckets[b];
		buckets[b] = c;
		lru_push(c);
		used += c->bytes;
		evict();
	}
	pthread_mutex_unlock(&lock);
	return c;
}

/* qcf_chunk_release gives back a reference from qcf_read_chunk. */
void
qcf_chunk_release(QcfChunk *c)
{
	bool		free_it;

	if (c == NULL)
		return;
	pthread_mutex_lock(&lock);
	free_it = --c->refs == 0 && !c->cached;
	pthread_mutex_unlock(&lock);
	if (free_it)
		chunk_free(c);
}
