/*
 * test_common_arena.c
 *	  Region allocation: alignment, allocations larger than a block, string
 *	  helpers, cleanup callbacks (newest first) and reuse after reset.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "common/arena.h"

#define BLOCK_MIN (64 * 1024)

static bool
aligned16(const void *p)
{
	return ((uintptr_t) p & 15) == 0;
}

Test(common_arena, alignment)
{
	Arena		a;
	static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 0, 5};

	arena_init(&a);
	for (int round = 0; round < 200; round++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			char	   *p = arena_alloc(&a, sizes[i]);

			cr_assert(aligned16(p), "size %zu at %p", sizes[i], (void *) p);
			memset(p, 0xab, sizes[i]);
		}
	cr_assert(aligned16(arena_strdup(&a, "x")));
	cr_assert(aligned16(arena_printf(&a, "%d", 42)));
	arena_reset(&a);
}

Test(common_arena, allocations_do_not_overlap)
{
	Arena		a;
	unsigned char *p[64];

	arena_init(&a);
	for (int i = 0; i < 64; i++) {
		p[i] = arena_alloc(&a, 1000 + (size_t) i);
		memset(p[i], i, 1000 + (size_t) i);
	}
	for (int i = 0; i < 64; i++)
		for (size_t j = 0; j < 1000 + (size_t) i; j++)
			cr_assert_eq(p[i][j], i, "allocation %d byte %zu", i, j);
	arena_reset(&a);
}

Test(common_arena, zalloc_zeroes)
{
	Arena		a;
	unsigned char *p;

	arena_init(&a);
	/* dirty a block, reset, then zalloc must not return the old bytes */
	memset(arena_alloc(&a, 4096), 0xff, 4096);
	p = arena_zalloc(&a, 4096);
	for (int i = 0; i < 4096; i++)
		cr_assert_eq(p[i], 0);
	int		   *arr = arena_array(&a, int, 100);

	for (int i = 0; i < 100; i++)
		cr_assert_eq(arr[i], 0);
	arena_reset(&a);
}

Test(common_arena, large_allocation)
{
	Arena		a;
	size_t		big = 3 * BLOCK_MIN + 123;
	unsigned char *small1;
	unsigned char *large;
	unsigned char *small2;

	arena_init(&a);
	small1 = arena_alloc(&a, 100);
	memset(small1, 1, 100);
	large = arena_alloc(&a, big);
	cr_assert(aligned16(large));
	memset(large, 2, big);
	small2 = arena_alloc(&a, 100);
	memset(small2, 3, 100);
	cr_assert_geq(a.total, big + BLOCK_MIN);
	cr_assert_eq(small1[99], 1);
	cr_assert_eq(large[0], 2);
	cr_assert_eq(large[big - 1], 2);
	cr_assert_eq(small2[0], 3);
	arena_reset(&a);
	cr_assert_eq(a.total, 0);
	cr_assert_null(a.head);
}

Test(common_arena, many_blocks)
{
	Arena		a;
	char	   *first;

	arena_init(&a);
	first = arena_strdup(&a, "first");
	for (int i = 0; i < 10000; i++)
		arena_alloc(&a, 100);
	cr_assert_geq(a.total, (size_t) 10000 * 100);
	cr_assert_str_eq(first, "first");
	arena_reset(&a);
}

Test(common_arena, strings)
{
	Arena		a;
	char	   *s;
	char	   *n;
	char	   *p;
	const char	raw[] = {'a', '\0', 'b'};
	char	   *m;
	char		longbuf[1000];

	arena_init(&a);
	s = arena_strdup(&a, "hello");
	cr_assert_str_eq(s, "hello");
	n = arena_strndup(&a, "hello world", 5);
	cr_assert_str_eq(n, "hello");
	cr_assert_str_eq(arena_strdup(&a, ""), "");
	p = arena_printf(&a, "%s-%d-%05.1f", "x", -7, 2.25);
	cr_assert_str_eq(p, "x--7-002.2");
	memset(longbuf, 'z', sizeof(longbuf) - 1);
	longbuf[sizeof(longbuf) - 1] = '\0';
	cr_assert_str_eq(arena_printf(&a, "<%s>", longbuf) + 1 + 998, "z>");
	cr_assert_eq(strlen(arena_printf(&a, "<%s>", longbuf)), 1001);
	m = arena_memdup(&a, raw, 3);
	cr_assert(memcmp(m, raw, 3) == 0);
	cr_assert_not_null(arena_memdup(&a, NULL, 0));
	/* copies are independent of their sources */
	longbuf[0] = 'q';
	cr_assert_str_eq(s, "hello");
	arena_reset(&a);
}

static int order[8];
static int norder;

static void
record(void *arg)
{
	order[norder++] = (int) (intptr_t) arg;
}

Test(common_arena, cleanups_newest_first)
{
	Arena		a;

	norder = 0;
	arena_init(&a);
	arena_on_reset(&a, record, (void *) 1);
	arena_alloc(&a, 2 * BLOCK_MIN);	/* cleanups survive block changes */
	arena_on_reset(&a, record, (void *) 2);
	arena_on_reset(&a, record, (void *) 3);
	cr_assert_eq(norder, 0);
	arena_reset(&a);
	cr_assert_eq(norder, 3);
	cr_assert_eq(order[0], 3);
	cr_assert_eq(order[1], 2);
	cr_assert_eq(order[2], 1);
	/* a second reset runs nothing again */
	arena_reset(&a);
	cr_assert_eq(norder, 3);
}

static void
reset_other(void *arg)
{
	arena_reset(arg);
}

Test(common_arena, cleanup_resets_child_arena)
{
	Arena		parent;
	Arena		child;

	arena_init(&parent);
	arena_init(&child);
	arena_on_reset(&parent, reset_other, &child);
	memset(arena_alloc(&child, 3 * BLOCK_MIN), 1, 3 * BLOCK_MIN);
	arena_reset(&parent);
	cr_assert_null(child.head);
	cr_assert_eq(child.total, 0);
}

Test(common_arena, reuse_after_reset)
{
	Arena		a;

	norder = 0;
	arena_init(&a);
	for (int round = 0; round < 5; round++) {
		char	   *s = arena_printf(&a, "round %d", round);
		int		   *v = arena_array(&a, int, 50000);

		for (int i = 0; i < 50000; i++)
			v[i] = i + round;
		cr_assert_eq(v[49999], 49999 + round);
		cr_assert_eq(strncmp(s, "round ", 6), 0);
		cr_assert_eq(s[6], '0' + round);
		arena_on_reset(&a, record, (void *) (intptr_t) round);
		arena_reset(&a);
		cr_assert_eq(a.total, 0);
		cr_assert_null(a.cleanups);
	}
	cr_assert_eq(norder, 5);
	for (int i = 0; i < 5; i++)
		cr_assert_eq(order[i], i);
}

Test(common_arena, new_and_array_macros)
{
	typedef struct Pair {
		long		x;
		long		y;
	} Pair;
	Arena		a;
	Pair	   *p;
	Pair	   *arr;

	arena_init(&a);
	p = arena_new(&a, Pair);
	cr_assert_eq(p->x, 0);
	cr_assert_eq(p->y, 0);
	arr = arena_array(&a, Pair, 10);
	arr[9].y = 5;
	cr_assert_eq(arr[9].y, 5);
	cr_assert_eq(arr[0].x, 0);
	cr_assert_neq((void *) p, (void *) arr);
	arena_reset(&a);
}
