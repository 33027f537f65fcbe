/*
 * scram.h
 *	  SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it: password
 *	  verifiers in PostgreSQL's format, and the server side of the
 *	  exchange.  Pure: bytes in, bytes out; the caller supplies randomness.
 *
 *	  A verifier is "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>"
 *	  with base64 fields, so verifiers move between Quarry and PostgreSQL.
 */
#ifndef QUARRY_SCRAM_H
#define QUARRY_SCRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "wire/buf.h"

#define SCRAM_KEY_LEN 32
#define SCRAM_SALT_LEN 16
#define SCRAM_ITERATIONS 4096
#define SCRAM_NONCE_LEN 18		/* random bytes; base64 makes 24 characters */
#define SCRAM_VERIFIER_MAX 200

typedef struct ScramVerifier {
	int			iterations;
	uint8_t		salt[64];
	int			salt_len;
	uint8_t		stored_key[SCRAM_KEY_LEN];
	uint8_t		server_key[SCRAM_KEY_LEN];
} ScramVerifier;

typedef struct ScramServer {
	ScramVerifier v;
	char		client_first_bare[512];
	char		server_first[512];
	char		nonce[256];			/* client nonce + server nonce */
	char		gs2[64];
	int			stage;				/* 0: expect client-first, 1: client-final, 2: done */
} ScramServer;

bool		scram_make_verifier(const char *password, const uint8_t *salt, int salt_len,
								int iterations, char *out, size_t outlen);
bool		scram_parse_verifier(const char *s, ScramVerifier *v);
bool		scram_check_password(const ScramVerifier *v, const char *password);
void		scram_mock_verifier(const char *user, const uint8_t *secret, ScramVerifier *v);
bool		scram_client_first(ScramServer *s, const uint8_t *msg, size_t len,
							   const uint8_t *nonce_bytes, Buf *out, Err *err) MUST_CHECK;
bool		scram_client_final(ScramServer *s, const uint8_t *msg, size_t len, bool *ok,
							   Buf *out, Err *err) MUST_CHECK;
size_t		scram_base64(const uint8_t *in, size_t n, char *out);
int			scram_unbase64(const char *in, size_t n, uint8_t *out, size_t outmax);

#endif							/* QUARRY_SCRAM_H */
