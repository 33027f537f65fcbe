/*
 * arena.h
 *	  Region allocation: an arena per query, per task and per batch; freed at
 *	  once.  Cleanup callbacks release what is not memory (fds, zstd contexts,
 *	  unpacked protobuf).
 */
#ifndef QUARRY_ARENA_H
#define QUARRY_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct ArenaCleanup ArenaCleanup;

typedef struct Arena {
	ArenaBlock *head;
	ArenaCleanup *cleanups;
	size_t		total;			/* bytes obtained from malloc */
} Arena;

void		arena_init(Arena *a);
void	   *arena_alloc(Arena *a, size_t size);
void	   *arena_zalloc(Arena *a, size_t size);
char	   *arena_strdup(Arena *a, const char *s);
char	   *arena_strndup(Arena *a, const char *s, size_t n);
char	   *arena_printf(Arena *a, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));
void	   *arena_memdup(Arena *a, const void *p, size_t n);
void		arena_on_reset(Arena *a, void (*fn) (void *), void *arg);
void		arena_reset(Arena *a);

/*
 * arena_protobuf_allocator: a protobuf-c allocator whose memory is a's
 * (freed with it), for messages unpacked to be rewritten in place.
 */
struct ProtobufCAllocator;
void		arena_protobuf_allocator(Arena *a, struct ProtobufCAllocator *out);

#define arena_new(a, T) ((T *) arena_zalloc((a), sizeof(T)))
#define arena_array(a, T, n) ((T *) arena_zalloc((a), sizeof(T) * (size_t) (n)))

#endif							/* QUARRY_ARENA_H */
