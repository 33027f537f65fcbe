/*
 * fuzz_pgmsg.c
 *	  libFuzzer target for the frontend message decoders: the input is a
 *	  client's byte stream.  The first bytes go through the start-up packet
 *	  decoder; the rest is split into typed messages by pgmsg_peek, and each
 *	  whole message goes to its decoder (Parse, Bind, Describe, Close,
 *	  Execute, Query) and its Bind values to the binary input of every
 *	  type.  Nothing may crash, leak or trip a sanitizer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/arena.h"
#include "wire/pgmsg.h"
#include "wire/typebin.h"

static void
bind_values(Arena *a, const PgBind *b)
{
	for (int i = 0; i < b->nparams; i++) {
		for (int t = TYPE_UNKNOWN + 1; t < TYPE__COUNT; t++) {
			Value		v;
			Err			err;

			err_clear(&err);
			if (b->lengths[i] >= 0)
				(void) typebin_parse(a, (TypeId) t, b->values[i], (size_t) b->lengths[i], &v, &err);
		}
	}
}

static void
decode(uint8_t type, const uint8_t *body, size_t len)
{
	Arena		a;
	Err			err;
	PgParse		p;
	PgBind		b;
	PgTarget	t;
	PgExecute	e;
	const char *s;

	arena_init(&a);
	err_clear(&err);
	switch (type) {
		case 'P':
			(void) pgmsg_parse_parse(body, len, &a, &p, &err);
			break;
		case 'B':
			if (pgmsg_parse_bind(body, len, &a, &b, &err))
				bind_values(&a, &b);
			break;
		case 'D':
		case 'C':
			(void) pgmsg_parse_target(body, len, &t, &err);
			break;
		case 'E':
			(void) pgmsg_parse_execute(body, len, &e, &err);
			break;
		default:
			(void) pgmsg_parse_cstring(body, len, &s, &err);
			break;
	}
	arena_reset(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		pos = 0;
	uint32_t	len;
	uint8_t		type;
	Err			err;

	err_clear(&err);
	if (pgmsg_peek_startup(data, size, &len, &err) == PEEK_READY) {
		PgStartup	s;

		if (pgmsg_parse_startup(data, len, &s, &err))
			(void) pgmsg_startup_param(&s, "user");
		pos = len;
	}
	while (pos < size) {
		err_clear(&err);
		if (pgmsg_peek(data + pos, size - pos, 1 << 20, &type, &len, &err) != PEEK_READY)
			break;
		decode(type, data + pos + 5, len - 4);
		pos += (size_t) len + 1;
	}
	return 0;
}
