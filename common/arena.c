/*
 * arena.c
 *	  Bump allocation in chained blocks; arena_reset frees them all and runs
 *	  the cleanup callbacks, newest first.
 */
#include "common/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_MIN (64 * 1024)
#define ARENA_ALIGN 16

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

/* arena_init prepares an empty arena in caller storage. */
void
arena_init(Arena *a)
{
	memset(a, 0, sizeof(*a));
}

static ArenaBlock *
new_block(Arena *a, size_t need)
{
	size_t		size = need > ARENA_BLOCK_MIN ? need : ARENA_BLOCK_MIN;
	ArenaBlock *b = malloc(sizeof(ArenaBlock) + size);

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

		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}
