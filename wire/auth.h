/*
 * auth.h
 *	  The authentication exchange of a start-up, without sockets: given
 *	  the method the host rules chose and the role's stored verifier, it
 *	  answers each password message with the next authentication request
 *	  until the exchange succeeds or fails.  pgconn.c drives it over a
 *	  connection; tests/fuzz drives it over bytes.
 *
 *	  Methods: trust, reject, password (cleartext, checked against a SCRAM
 *	  or md5 verifier), md5 (upgraded to SCRAM when the role's verifier is
 *	  SCRAM, as PostgreSQL does), scram-sha-256.  A role with no verifier,
 *	  or no role at all, runs the same exchange against a mock verifier
 *	  and fails at its end, so the two cannot be told apart by its shape.
 */
#ifndef QUARRY_AUTH_H
#define QUARRY_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "wire/buf.h"
#include "wire/scram.h"

typedef enum AuthMethod {
	AUTH_TRUST,
	AUTH_REJECT,
	AUTH_PASSWORD,
	AUTH_MD5,
	AUTH_SCRAM
} AuthMethod;

typedef enum AuthStep {
	AUTH_STEP_CONTINUE,			/* send out, wait for the next message */
	AUTH_STEP_OK,
	AUTH_STEP_FAIL				/* wrong password, or err set: a protocol violation */
} AuthStep;

#define AUTH_RANDOM_LEN 32		/* md5 salt and SCRAM nonce come from these */

typedef struct AuthExchange {
	AuthMethod	method;
	char		user[64];
	char		verifier[SCRAM_VERIFIER_MAX];	/* "" = none */
	uint8_t		random[AUTH_RANDOM_LEN];
	ScramServer scram;
	bool		mock;
} AuthExchange;

AuthMethod	auth_method_from_name(const char *name, bool *ok);
const char *auth_method_name(AuthMethod m);
AuthStep	auth_begin(AuthExchange *x, AuthMethod m, const char *user, const char *verifier,
					   const uint8_t *random, const uint8_t *mock_secret, Buf *out);
AuthStep	auth_message(AuthExchange *x, uint8_t type, const uint8_t *body, size_t len,
						 Buf *out, Err *err);
void		auth_md5_verifier(const char *password, const char *user, char *out);

#endif							/* QUARRY_AUTH_H */
