/*
 * fuzz_startup.c
 *	  libFuzzer target for the start-up and authentication state machine,
 *	  run without sockets: the first input byte picks the host rule's
 *	  method and whether the role has a SCRAM, an md5 or no verifier; the
 *	  rest is the client's byte stream: a start-up packet, then password
 *	  messages fed to the exchange until it succeeds or fails.  A host rule
 *	  line is parsed from the same bytes.  Nothing may crash, leak or trip
 *	  a sanitizer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "server/auth.h"
#include "wire/auth.h"
#include "wire/pgmsg.h"

static const char *
verifier_for(int kind)
{
	static char scram[SCRAM_VERIFIER_MAX];
	static char md5[40];
	static const uint8_t salt[SCRAM_SALT_LEN] = "0123456789abcdef";

	if (scram[0] == '\0') {
		scram_make_verifier("secret", salt, sizeof(salt), 16, scram, sizeof(scram));
		auth_md5_verifier("secret", "quarry", md5);
	}
	return kind == 0 ? scram : kind == 1 ? md5 : "";
}

static void
hba_line(const uint8_t *data, size_t size)
{
	char		line[256];
	AuthMethod	m;
	Err			err;

	if (size >= sizeof(line))
		size = sizeof(line) - 1;
	memcpy(line, data, size);
	line[size] = '\0';
	err_clear(&err);
	(void) auth_parse_hba_line(line, 1, &m, &err);
}

static void
exchange(int mode, const uint8_t *data, size_t size)
{
	static const uint8_t random[AUTH_RANDOM_LEN] = {1, 2, 3, 4, 5, 6, 7, 8};
	static const uint8_t secret[16] = {9, 9, 9};
	AuthExchange x;
	Buf			out;
	AuthStep	step;
	size_t		pos = 0;

	buf_init(&out);
	step = auth_begin(&x, (AuthMethod) (mode % 5), "quarry", verifier_for((mode / 5) % 3),
					  random, secret, &out);
	while (step == AUTH_STEP_CONTINUE && pos < size) {
		uint8_t		type;
		uint32_t	len;
		Err			err;

		err_clear(&err);
		if (pgmsg_peek(data + pos, size - pos, 1 << 16, &type, &len, &err) != PEEK_READY)
			break;
		buf_reset(&out);
		step = auth_message(&x, type, data + pos + 5, len - 4, &out, &err);
		pos += (size_t) len + 1;
	}
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t	len;
	Err			err;
	PgStartup	s;

	if (size < 1)
		return 0;
	hba_line(data + 1, size - 1);
	err_clear(&err);
	if (pgmsg_peek_startup(data + 1, size - 1, &len, &err) != PEEK_READY ||
		!pgmsg_parse_startup(data + 1, len, &s, &err) || s.kind != STARTUP_NORMAL)
		return 0;
	exchange(data[0], data + 1 + len, size - 1 - len);
	return 0;
}
