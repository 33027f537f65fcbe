/*
 * arena.c
 *	  Bump allocation in chained blocks; arena_reset frees them all and runs
 *	  the cleanup callbacks, newest first.
 *
 *	  Blocks come in two standard sizes: 64 kB while an arena is small and
 *	  1 MB once it holds more than 1 MB, so a big hash table's arena calls
 *	  malloc once per MB.  Freed standard blocks go to a small per-thread
 *	  cache that the next new block is taken from: operators reset their
 *	  scratch arena before every batch, and without the cache each reset
 *	  would hand the pages back to the kernel (glibc trims the heap) and
 *	  fault fresh zeroed pages in again for the next batch.
 */
#include "common/arena.h"

#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <protobuf-c/protobuf-c.h>

#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_BLOCK_BIG (1024 * 1024)
#define ARENA_ALIGN 16
#define CACHE_SMALL_MAX 64		/* cached 64 kB blocks per thread: 4 MB */
#define CACHE_BIG_MAX 32		/* cached 1 MB blocks per thread: 32 MB */

struct ArenaBlock {
	ArenaBlock *next;
	size_t		used;
	size_t		size;
	_Alignas(16) unsigned char data[];
};

struct ArenaCleanup {
	ArenaCleanup *next;
	void		(*fn) (void *);
	void	   *arg;
};

/*
 * malloc_setup keeps freed memory in the process.  By default glibc returns
 * a freed block of 128 kB or more to the kernel (munmap, or trimming the
 * heap top), and the next query faults the same amount in again as fresh
 * zeroed pages: at SF1 the kernel's clear_page was 10-40 % of Q18's time.
 * Blocks up to 32 MB (glibc's largest threshold) now come from the heaps,
 * and the heaps are trimmed only past 1 GB of free space at their top.
 */
__attribute__((constructor))
static void
malloc_setup(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
}

/* arena_init prepares an empty arena in caller storage. */
void
arena_init(Arena *a)
{
	memset(a, 0, sizeof(*a));
}

/* The calling thread's freed standard blocks, each list of one size. */
typedef struct BlockCache {
	ArenaBlock *small;
	ArenaBlock *big;
	int			nsmall;
	int			nbig;
} BlockCache;

static _Thread_local BlockCache block_cache;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* cache_release frees a thread's cached blocks when the thread exits. */
static void
cache_release(void *arg)
{
	BlockCache *c = arg;

	for (ArenaBlock *l = c->small; l != NULL;) {
		ArenaBlock *next = l->next;

		free(l);
		l = next;
	}
	for (ArenaBlock *l = c->big; l != NULL;) {
		ArenaBlock *next = l->next;

		free(l);
		l = next;
	}
	memset(c, 0, sizeof(*c));
}

static void
cache_key_init(void)
{
	(void) pthread_key_create(&cache_key, cache_release);
}

/* cache_take returns a cached block of exactly size bytes, or NULL. */
static ArenaBlock *
cache_take(size_t size)
{
	BlockCache *c = &block_cache;
	ArenaBlock *b = NULL;

	if (size == ARENA_BLOCK_MIN && c->small != NULL) {
		b = c->small;
		c->small = b->next;
		c->nsmall--;
	} else if (size == ARENA_BLOCK_BIG && c->big != NULL) {
		b = c->big;
		c->big = b->next;
		c->nbig--;
	}
	return b;
}

/* block_free keeps a standard block in the thread's cache, or frees it. */
static void
block_free(ArenaBlock *b)
{
	BlockCache *c = &block_cache;

	if (c->nsmall + c->nbig == 0) {
		/* the thread's first cached block: free the cache when it exits */
		pthread_once(&cache_once, cache_key_init);
		(void) pthread_setspecific(cache_key, c);
	}
	if (b->size == ARENA_BLOCK_MIN && c->nsmall < CACHE_SMALL_MAX) {
		b->next = c->small;
		c->small = b;
		c->nsmall++;
	} else if (b->size == ARENA_BLOCK_BIG && c->nbig < CACHE_BIG_MAX) {
		b->next = c->big;
		c->big = b;
		c->nbig++;
	} else
		free(b);
}

static ArenaBlock *
new_block(Arena *a, size_t need)
{
	size_t		std = a->total >= ARENA_BLOCK_BIG ? ARENA_BLOCK_BIG : ARENA_BLOCK_MIN;
	size_t		size = need > std ? need : std;
	ArenaBlock *b = cache_take(size);

	if (b == NULL)
		b = malloc(sizeof(ArenaBlock) + size);
	if (b == NULL) {
		fprintf(stderr, "quarry: out of memory allocating %zu bytes\n", size);
		abort();
	}
	b->next = a->head;
	b->used = 0;
	b->size = size;
	a->head = b;
	a->total += size;
	return b;
}

/* arena_alloc returns size bytes aligned to 16; never NULL. */
void *
arena_alloc(Arena *a, size_t size)
{
	ArenaBlock *b = a->head;
	size_t		aligned = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
	void	   *p;

	if (aligned == 0)
		aligned = ARENA_ALIGN;
	if (b == NULL || b->size - b->used < aligned)
		b = new_block(a, aligned);
	p = b->data + b->used;
	b->used += aligned;
	return p;
}

/* arena_zalloc is arena_alloc with the bytes zeroed. */
void *
arena_zalloc(Arena *a, size_t size)
{
	void	   *p = arena_alloc(a, size);

	memset(p, 0, size);
	return p;
}

void *
arena_memdup(Arena *a, const void *p, size_t n)
{
	void	   *q = arena_alloc(a, n);

	if (n > 0)
		memcpy(q, p, n);
	return q;
}

char *
arena_strndup(Arena *a, const char *s, size_t n)
{
	char	   *q = arena_alloc(a, n + 1);

	memcpy(q, s, n);
	q[n] = '\0';
	return q;
}

char *
arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(Arena *a, const char *fmt,...)
{
	va_list		ap;
	int			n;
	char	   *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = arena_alloc(a, (size_t) n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t) n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* arena_on_reset registers fn(arg) to run when the arena is reset. */
void
arena_on_reset(Arena *a, void (*fn) (void *), void *arg)
{
	ArenaCleanup *c = arena_alloc(a, sizeof(ArenaCleanup));

	c->fn = fn;
	c->arg = arg;
	c->next = a->cleanups;
	a->cleanups = c;
}

/* arena_reset runs the cleanups and frees every block; the arena is reusable. */
void
arena_reset(Arena *a)
{
	ArenaCleanup *c = a->cleanups;
	ArenaBlock *b;

	a->cleanups = NULL;
	for (; c != NULL; c = c->next)
		c->fn(c->arg);
	b = a->head;
	while (b != NULL) {
		ArenaBlock *next = b->next;

		block_free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

static void *
protobuf_alloc(void *a, size_t size)
{
	return arena_alloc(a, size);
}

static void
protobuf_free(void *a, void *p)
{
}

/* arena_protobuf_allocator: see arena.h. */
void
arena_protobuf_allocator(Arena *a, ProtobufCAllocator *out)
{
	out->alloc = protobuf_alloc;
	out->free = protobuf_free;
	out->allocator_data = a;
}
