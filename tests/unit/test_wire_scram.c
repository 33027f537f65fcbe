/*
 * test_wire_scram.c
 *	  SCRAM-SHA-256 verifiers and the authentication exchange against
 *	  values PostgreSQL 15 produced: a verifier made by CREATE ROLE ...
 *	  PASSWORD 'secret' (password_encryption scram-sha-256, then md5).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "wire/auth.h"
#include "wire/scram.h"

static const char *const pg_scram =
	"SCRAM-SHA-256$4096:pgU5HI8k2pZpKjBH6vAD9A==$Pcrt3xc8nCgaPV0AhLqSxJglYxDB8zZuLKj2UbJ0dXU="
	":j6+ZYHEiWcOamNFiR+puSxubc3zEYKhLU4tTJHhOVWw=";

Test(wire_scram, parses_and_checks_a_postgresql_verifier)
{
	ScramVerifier v;

	cr_assert(scram_parse_verifier(pg_scram, &v));
	cr_assert_eq(v.iterations, 4096);
	cr_assert_eq(v.salt_len, 16);
	cr_assert(scram_check_password(&v, "secret"));
	cr_assert_not(scram_check_password(&v, "Secret"));
}

Test(wire_scram, makes_the_same_verifier_from_the_same_salt)
{
	ScramVerifier v;
	char		out[SCRAM_VERIFIER_MAX];

	cr_assert(scram_parse_verifier(pg_scram, &v));
	cr_assert(scram_make_verifier("secret", v.salt, v.salt_len, 4096, out, sizeof(out)));
	cr_assert_str_eq(out, pg_scram);
}

Test(wire_scram, rejects_malformed_verifiers)
{
	ScramVerifier v;

	cr_assert_not(scram_parse_verifier("md54370f0ff6ddc9b6eff7988d0c78565be", &v));
	cr_assert_not(scram_parse_verifier("SCRAM-SHA-256$4096:abc$def", &v));
	cr_assert_not(scram_parse_verifier("SCRAM-SHA-256$0:pgU5HI8k2pZpKjBH6vAD9A==$x:y", &v));
	cr_assert_not(scram_parse_verifier("SCRAM-SHA-256$", &v));
}

Test(wire_scram, md5_verifier_as_postgresql)
{
	char		out[40];

	auth_md5_verifier("secret", "mx", out);
	cr_assert_str_eq(out, "md54370f0ff6ddc9b6eff7988d0c78565be");
}

Test(wire_scram, base64_round_trip)
{
	const uint8_t in[] = {0, 1, 2, 250, 251, 252, 253};
	char		enc[32];
	uint8_t		dec[16];

	for (size_t n = 0; n <= sizeof(in); n++) {
		size_t		len = scram_base64(in, n, enc);

		cr_assert_eq(scram_unbase64(enc, len, dec, sizeof(dec)), (int) n);
		cr_assert(memcmp(in, dec, n) == 0);
	}
	cr_assert_eq(scram_unbase64("abc", 3, dec, sizeof(dec)), -1);
	cr_assert_eq(scram_unbase64("a*==", 4, dec, sizeof(dec)), -1);
}

Test(wire_scram, exchange_with_a_wrong_proof_fails_and_garbage_is_08P01)
{
	static const uint8_t random[AUTH_RANDOM_LEN] = {7};
	static const uint8_t secret[16] = {1};
	AuthExchange x;
	Buf			out;
	Err			err;
	const char	first[] = "SCRAM-SHA-256\0\0\0\0\x20n,,n=,r=abcdefghijklmnopqrstuvwx";
	const char	bad[] = "c=biws,r=nonce,p=AAAA";

	buf_init(&out);
	err_clear(&err);
	cr_assert_eq(auth_begin(&x, AUTH_SCRAM, "sx", pg_scram, random, secret, &out), AUTH_STEP_CONTINUE);
	buf_reset(&out);
	cr_assert_eq(auth_message(&x, 'p', (const uint8_t *) first, sizeof(first) - 1, &out, &err),
				 AUTH_STEP_CONTINUE, "%s", err.message);
	cr_assert(out.len > 9 && memcmp(out.data + 9, "r=abcdefghijklmnopqrstuvwx", 26) == 0);
	buf_reset(&out);
	cr_assert_eq(auth_message(&x, 'p', (const uint8_t *) bad, sizeof(bad) - 1, &out, &err),
				 AUTH_STEP_FAIL);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_eq(auth_message(&x, 'Q', NULL, 0, &out, &err), AUTH_STEP_FAIL);
	buf_free(&out);
}
