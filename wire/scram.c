/*
 * scram.c
 *	  SCRAM-SHA-256 verifiers and the server side of the exchange (see
 *	  scram.h), on OpenSSL's SHA-256, HMAC and PBKDF2.  Every parser checks
 *	  lengths and reports 08P01 on a malformed message; none asserts.
 */
#include "wire/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* scram_base64 encodes n bytes; out needs 4 * ((n + 2) / 3) + 1 bytes. */
size_t
scram_base64(const uint8_t *in, size_t n, char *out)
{
	size_t		o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t	v = (uint32_t) in[i] << 16 | (i + 1 < n ? (uint32_t) in[i + 1] << 8 : 0) |
			(i + 2 < n ? in[i + 2] : 0);

		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

/* scram_unbase64 decodes; -1 on bad input or if it does not fit outmax. */
int
scram_unbase64(const char *in, size_t n, uint8_t *out, size_t outmax)
{
	uint32_t	acc = 0;
	int			bits = 0;
	size_t		o = 0;
	size_t		i;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n && in[i] != '='; i++) {
		const char *p = memchr(b64, in[i], 64);

		if (p == NULL || in[i] == '\0')
			return -1;
		acc = acc << 6 | (uint32_t) (p - b64);
		bits += 6;
		if (bits >= 8) {
			if (o == outmax)
				return -1;
			bits -= 8;
			out[o++] = (uint8_t) (acc >> bits);
		}
	}
	for (; i < n; i++)
		if (in[i] != '=')
			return -1;
	return (int) o;
}

static void
hmac(const uint8_t *key, size_t keylen, const void *msg, size_t len, uint8_t *out)
{
	unsigned int outlen = SCRAM_KEY_LEN;

	HMAC(EVP_sha256(), key, (int) keylen, msg, len, out, &outlen);
}

static void
keys_of(const char *password, const uint8_t *salt, int salt_len, int iterations,
		uint8_t *stored_key, uint8_t *server_key)
{
	uint8_t		salted[SCRAM_KEY_LEN];
	uint8_t		client_key[SCRAM_KEY_LEN];

	PKCS5_PBKDF2_HMAC(password, (int) strlen(password), salt, salt_len, iterations,
					  EVP_sha256(), SCRAM_KEY_LEN, salted);
	hmac(salted, sizeof(salted), "Client Key", 10, client_key);
	SHA256(client_key, sizeof(client_key), stored_key);
	hmac(salted, sizeof(salted), "Server Key", 10, server_key);
}

/* scram_make_verifier writes password's verifier in PostgreSQL's format. */
bool
scram_make_verifier(const char *password, const uint8_t *salt, int salt_len, int iterations,
					char *out, size_t outlen)
{
	uint8_t		stored[SCRAM_KEY_LEN];
	uint8_t		server[SCRAM_KEY_LEN];
	char		s64[100];
	char		st64[64];
	char		sv64[64];

	if (salt_len > 64)
		return false;
	keys_of(password, salt, salt_len, iterations, stored, server);
	scram_base64(salt, (size_t) salt_len, s64);
	scram_base64(stored, sizeof(stored), st64);
	scram_base64(server, sizeof(server), sv64);
	return (size_t) snprintf(out, outlen, "SCRAM-SHA-256$%d:%s$%s:%s", iterations, s64, st64,
							 sv64) < outlen;
}

/* scram_parse_verifier reads a verifier; false if it is not one. */
bool
scram_parse_verifier(const char *s, ScramVerifier *v)
{
	const char *p = strchr(s, '$');
	const char *colon;
	const char *dollar;
	const char *colon2;

	memset(v, 0, sizeof(*v));
	if (strncmp(s, "SCRAM-SHA-256$", 14) != 0 || p == NULL)
		return false;
	v->iterations = atoi(p + 1);
	colon = strchr(p + 1, ':');
	dollar = colon ? strchr(colon, '$') : NULL;
	colon2 = dollar ? strchr(dollar, ':') : NULL;
	if (v->iterations <= 0 || colon2 == NULL)
		return false;
	v->salt_len = scram_unbase64(colon + 1, (size_t) (dollar - colon - 1), v->salt, sizeof(v->salt));
	return v->salt_len > 0 &&
		scram_unbase64(dollar + 1, (size_t) (colon2 - dollar - 1), v->stored_key,
					   SCRAM_KEY_LEN) == SCRAM_KEY_LEN &&
		scram_unbase64(colon2 + 1, strlen(colon2 + 1), v->server_key,
					   SCRAM_KEY_LEN) == SCRAM_KEY_LEN;
}

/* scram_check_password checks a cleartext password against a verifier. */
bool
scram_check_password(const ScramVerifier *v, const char *password)
{
	uint8_t		stored[SCRAM_KEY_LEN];
	uint8_t		server[SCRAM_KEY_LEN];

	keys_of(password, v->salt, v->salt_len, v->iterations, stored, server);
	return CRYPTO_memcmp(stored, v->stored_key, SCRAM_KEY_LEN) == 0;
}

/*
 * scram_mock_verifier makes a verifier that no password matches, with a
 * salt derived from the user name, so an unknown role's exchange looks
 * like a known one's (as PostgreSQL's mock authentication does).
 */
void
scram_mock_verifier(const char *user, const uint8_t *secret, ScramVerifier *v)
{
	uint8_t		h[SCRAM_KEY_LEN];

	memset(v, 0, sizeof(*v));
	hmac(secret, 16, user, strlen(user), h);
	v->iterations = SCRAM_ITERATIONS;
	v->salt_len = SCRAM_SALT_LEN;
	memcpy(v->salt, h, SCRAM_SALT_LEN);
	memcpy(v->stored_key, secret, 16);
}

static bool
malformed(Err *err, const char *what)
{
	return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed SCRAM message (%s)", what);
}

/* attr finds "k=" at p (a comma-separated message) and returns its value's length. */
static const char *
attr(const char *p, char k, size_t *len)
{
	const char *end;

	if (p[0] != k || p[1] != '=')
		return NULL;
	end = strchr(p + 2, ',');
	*len = end ? (size_t) (end - p - 2) : strlen(p + 2);
	return p + 2;
}

/*
 * scram_client_first reads client-first-message and writes server-first;
 * the server nonce comes from nonce_bytes (SCRAM_NONCE_LEN random bytes).
 */
bool
scram_client_first(ScramServer *s, const uint8_t *msg, size_t len, const uint8_t *nonce_bytes,
				   Buf *out, Err *err)
{
	char		m[512];
	const char *bare;
	const char *r;
	size_t		rlen;
	size_t		n;
	char		salt64[100];
	char		snonce[40];

	if (len == 0 || len >= sizeof(m) || memchr(msg, '\0', len) != NULL)
		return malformed(err, "client-first length");
	memcpy(m, msg, len);
	m[len] = '\0';
	if (strncmp(m, "n,", 2) != 0 && strncmp(m, "y,", 2) != 0)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "channel binding is not supported by this server");
	bare = strchr(m + 2, ',');
	if (bare == NULL || (size_t) (bare + 1 - m) >= sizeof(s->gs2))
		return malformed(err, "gs2 header");
	bare++;
	memcpy(s->gs2, m, (size_t) (bare - m));
	s->gs2[bare - m] = '\0';
	r = strstr(bare, ",r=");
	if (strncmp(bare, "n=", 2) != 0 || r == NULL || (r = attr(r + 1, 'r', &rlen)) == NULL ||
		rlen == 0 || rlen > 200)
		return malformed(err, "client-first attributes");
	snprintf(s->client_first_bare, sizeof(s->client_first_bare), "%s", bare);
	scram_base64(nonce_bytes, SCRAM_NONCE_LEN, snonce);
	snprintf(s->nonce, sizeof(s->nonce), "%.*s%s", (int) rlen, r, snonce);
	scram_base64(s->v.salt, (size_t) s->v.salt_len, salt64);
	n = (size_t) snprintf(s->server_first, sizeof(s->server_first), "r=%s,s=%s,i=%d", s->nonce,
						  salt64, s->v.iterations);
	buf_put(out, s->server_first, n);
	s->stage = 1;
	return true;
}

/* check_proof verifies the client's proof against the verifier's StoredKey. */
static bool
check_proof(const ScramServer *s, const char *auth, const uint8_t *proof)
{
	uint8_t		sig[SCRAM_KEY_LEN];
	uint8_t		client_key[SCRAM_KEY_LEN];
	uint8_t		stored[SCRAM_KEY_LEN];

	hmac(s->v.stored_key, SCRAM_KEY_LEN, auth, strlen(auth), sig);
	for (int i = 0; i < SCRAM_KEY_LEN; i++)
		client_key[i] = proof[i] ^ sig[i];
	SHA256(client_key, SCRAM_KEY_LEN, stored);
	return CRYPTO_memcmp(stored, s->v.stored_key, SCRAM_KEY_LEN) == 0;
}

/*
 * scram_client_final reads client-final-message; *ok says whether the
 * proof is right, and then server-final ("v=...") is written to out.
 */
bool
scram_client_final(ScramServer *s, const uint8_t *msg, size_t len, bool *ok, Buf *out,
				   Err *err)
{
	char		m[1024];
	char		gs2b64[100];
	char		auth[2048];
	const char *p;
	const char *c;
	const char *r;
	size_t		clen;
	size_t		rlen;
	size_t		plen;
	uint8_t		proof[SCRAM_KEY_LEN];
	uint8_t		sig[SCRAM_KEY_LEN];
	char		v64[64];

	*ok = false;
	if (s->stage != 1 || len == 0 || len >= sizeof(m) || memchr(msg, '\0', len) != NULL)
		return malformed(err, "client-final length");
	memcpy(m, msg, len);
	m[len] = '\0';
	scram_base64((const uint8_t *) s->gs2, strlen(s->gs2), gs2b64);
	if ((c = attr(m, 'c', &clen)) == NULL || clen != strlen(gs2b64) ||
		memcmp(c, gs2b64, clen) != 0)
		return malformed(err, "channel binding");
	if ((r = attr(c + clen + 1, 'r', &rlen)) == NULL || rlen != strlen(s->nonce) ||
		memcmp(r, s->nonce, rlen) != 0)
		return malformed(err, "nonce");
	p = strstr(r + rlen, ",p=");
	if (p == NULL || (p = attr(p + 1, 'p', &plen)) == NULL || p[plen] != '\0' ||
		scram_unbase64(p, plen, proof, sizeof(proof)) != SCRAM_KEY_LEN)
		return malformed(err, "proof");
	snprintf(auth, sizeof(auth), "%s,%s,%.*s", s->client_first_bare, s->server_first,
			 (int) (p - 3 - m), m);
	s->stage = 2;
	*ok = check_proof(s, auth, proof);
	if (*ok) {
		hmac(s->v.server_key, SCRAM_KEY_LEN, auth, strlen(auth), sig);
		scram_base64(sig, SCRAM_KEY_LEN, v64);
		buf_put(out, "v=", 2);
		buf_put(out, v64, strlen(v64));
	}
	return true;
}
