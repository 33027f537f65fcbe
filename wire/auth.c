/*
 * auth.c
 *	  The authentication exchange (see auth.h).  AuthenticationXxx codes as
 *	  PostgreSQL's protocol names them: 0 Ok, 3 CleartextPassword, 5
 *	  MD5Password, 10 SASL, 11 SASLContinue, 12 SASLFinal.
 */
#include "wire/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "wire/pgmsg.h"

#define AUTH_REQ_PASSWORD 3
#define AUTH_REQ_MD5 5
#define AUTH_REQ_SASL 10
#define AUTH_REQ_SASL_CONT 11
#define AUTH_REQ_SASL_FIN 12

static const struct {
	const char *name;
	AuthMethod	m;
}			methods[] = {
	{"trust", AUTH_TRUST}, {"reject", AUTH_REJECT}, {"password", AUTH_PASSWORD},
	{"md5", AUTH_MD5}, {"scram-sha-256", AUTH_SCRAM},
};

AuthMethod
auth_method_from_name(const char *name, bool *ok)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].name, name) == 0) {
			*ok = true;
			return methods[i].m;
		}
	*ok = false;
	return AUTH_REJECT;
}

const char *
auth_method_name(AuthMethod m)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].m == m)
			return methods[i].name;
	return "?";
}

static void
md5_hex(const void *p, size_t n, char *out)
{
	uint8_t		d[16];
	unsigned int len = 16;

	EVP_Digest(p, n, d, &len, EVP_md5(), NULL);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* auth_md5_verifier writes "md5" + md5(password || user), PostgreSQL's md5 verifier. */
void
auth_md5_verifier(const char *password, const char *user, char *out)
{
	char		buf[512];

	snprintf(buf, sizeof(buf), "%s%s", password, user);
	memcpy(out, "md5", 3);
	md5_hex(buf, strlen(buf), out + 3);
}

static bool
is_md5(const char *v)
{
	return strncmp(v, "md5", 3) == 0 && strlen(v) == 35;
}

static void
start_scram(AuthExchange *x, const uint8_t *mock_secret, Buf *out)
{
	static const char mech[] = "SCRAM-SHA-256\0";

	x->method = AUTH_SCRAM;
	if (!scram_parse_verifier(x->verifier, &x->scram.v)) {
		scram_mock_verifier(x->user, mock_secret, &x->scram.v);
		x->mock = true;
	}
	pgmsg_auth_request(out, AUTH_REQ_SASL, mech, sizeof(mech));
}

/* auth_begin starts the exchange: OK for trust, FAIL for reject, else the first request. */
AuthStep
auth_begin(AuthExchange *x, AuthMethod m, const char *user, const char *verifier,
		   const uint8_t *random, const uint8_t *mock_secret, Buf *out)
{
	memset(x, 0, sizeof(*x));
	x->method = m;
	snprintf(x->user, sizeof(x->user), "%s", user);
	snprintf(x->verifier, sizeof(x->verifier), "%s", verifier ? verifier : "");
	memcpy(x->random, random, AUTH_RANDOM_LEN);
	switch (m) {
		case AUTH_TRUST:
			return AUTH_STEP_OK;
		case AUTH_REJECT:
			return AUTH_STEP_FAIL;
		case AUTH_PASSWORD:
			pgmsg_auth_request(out, AUTH_REQ_PASSWORD, NULL, 0);
			return AUTH_STEP_CONTINUE;
		case AUTH_MD5:
			if (is_md5(x->verifier)) {
				pgmsg_auth_request(out, AUTH_REQ_MD5, x->random, 4);
				return AUTH_STEP_CONTINUE;
			}
			start_scram(x, mock_secret, out);
			return AUTH_STEP_CONTINUE;
		case AUTH_SCRAM:
			start_scram(x, mock_secret, out);
			return AUTH_STEP_CONTINUE;
	}
	return AUTH_STEP_FAIL;
}

static AuthStep
check_cleartext(AuthExchange *x, const uint8_t *body, size_t len, Err *err)
{
	const char *pw;
	ScramVerifier v;
	char		md5[40];

	if (!pgmsg_parse_cstring(body, len, &pw, err))
		return AUTH_STEP_FAIL;
	if (scram_parse_verifier(x->verifier, &v))
		return scram_check_password(&v, pw) ? AUTH_STEP_OK : AUTH_STEP_FAIL;
	if (is_md5(x->verifier)) {
		auth_md5_verifier(pw, x->user, md5);
		return CRYPTO_memcmp(md5, x->verifier, 35) == 0 ? AUTH_STEP_OK : AUTH_STEP_FAIL;
	}
	return AUTH_STEP_FAIL;
}

/* check_md5: the client sends "md5" + md5(md5(password || user) || salt). */
static AuthStep
check_md5(AuthExchange *x, const uint8_t *body, size_t len, Err *err)
{
	const char *resp;
	char		buf[40];
	char		want[40];

	if (!pgmsg_parse_cstring(body, len, &resp, err))
		return AUTH_STEP_FAIL;
	memcpy(buf, x->verifier + 3, 32);
	memcpy(buf + 32, x->random, 4);
	memcpy(want, "md5", 3);
	md5_hex(buf, 36, want + 3);
	return strlen(resp) == 35 && CRYPTO_memcmp(resp, want, 35) == 0 ? AUTH_STEP_OK : AUTH_STEP_FAIL;
}

/* sasl_initial reads SASLInitialResponse: mechanism, length, client-first. */
static AuthStep
sasl_initial(AuthExchange *x, const uint8_t *body, size_t len, Buf *out, Err *err)
{
	Reader		r;
	const char *mech;
	int32_t		n;
	const uint8_t *data;
	Buf			msg;
	bool		ok;

	reader_init(&r, body, len);
	mech = reader_cstr(&r);
	n = (int32_t) reader_u32(&r);
	data = n >= 0 ? reader_bytes(&r, (size_t) n) : NULL;
	if (mech == NULL || data == NULL || !reader_at_end(&r)) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "malformed SASLInitialResponse message");
		return AUTH_STEP_FAIL;
	}
	if (strcmp(mech, "SCRAM-SHA-256") != 0) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION,
				"client selected an invalid SASL authentication mechanism");
		return AUTH_STEP_FAIL;
	}
	buf_init(&msg);
	ok = scram_client_first(&x->scram, data, (size_t) n, x->random + 4, &msg, err);
	if (ok)
		pgmsg_auth_request(out, AUTH_REQ_SASL_CONT, msg.data, msg.len);
	buf_free(&msg);
	return ok ? AUTH_STEP_CONTINUE : AUTH_STEP_FAIL;
}

static AuthStep
sasl_final(AuthExchange *x, const uint8_t *body, size_t len, Buf *out, Err *err)
{
	Buf			msg;
	bool		ok = false;

	buf_init(&msg);
	if (scram_client_final(&x->scram, body, len, &ok, &msg, err) && ok && !x->mock)
		pgmsg_auth_request(out, AUTH_REQ_SASL_FIN, msg.data, msg.len);
	else
		ok = false;
	buf_free(&msg);
	return ok ? AUTH_STEP_OK : AUTH_STEP_FAIL;
}

/* auth_message answers one message of the exchange (type 'p'). */
AuthStep
auth_message(AuthExchange *x, uint8_t type, const uint8_t *body, size_t len, Buf *out, Err *err)
{
	if (type != 'p') {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION,
				"expected password response, got message type %d", type);
		return AUTH_STEP_FAIL;
	}
	switch (x->method) {
		case AUTH_PASSWORD:
			return check_cleartext(x, body, len, err);
		case AUTH_MD5:
			return check_md5(x, body, len, err);
		case AUTH_SCRAM:
			return x->scram.stage == 0 ? sasl_initial(x, body, len, out, err) :
				x->scram.stage == 1 ? sasl_final(x, body, len, out, err) : AUTH_STEP_FAIL;
		default:
			return AUTH_STEP_FAIL;
	}
}
