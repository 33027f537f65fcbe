/*
 * startup.c
 *	  A connection's start-up: the start-up packet (SSLRequest answered
 *	  with TLS when ssl is on, GSSENCRequest with 'N', CancelRequest),
 *	  the host rules (auth.c), the authentication exchange (wire/auth.c)
 *	  against the role's verifier (roles.c), then ParameterStatus,
 *	  BackendKeyData and the first ReadyForQuery.
 *
 *	  Every failed login (no rule, rejected, unknown role, wrong password,
 *	  role that may not log in, unknown database) is answered after the
 *	  same auth_failure_delay: 28000, 28P01 or 3D000.  With a password
 *	  method the exchange runs in full against a mock verifier when the
 *	  role or its password is missing, and only its end tells an unknown
 *	  role (28000) from a wrong password (28P01).
 */
#include "pgconn.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "auth.h"
#include "common/log.h"
#include "roles.h"
#include "wire/pgmsg.h"

/* The coordinator's TLS context (ssl = on), made once at listen time. */
static SSL_CTX *tls_ctx;
static uint8_t mock_secret[16];

/* startup_tls_init makes the TLS context and reads the host rules. */
bool
startup_init(Coordinator *co, Err *err)
{
	const Config *cfg = co->cfg;
	char		cert[1100];
	char		key[1100];

	if (getrandom(mock_secret, sizeof(mock_secret), 0) != (ssize_t) sizeof(mock_secret))
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not read random bytes");
	if (!auth_load_hba(cfg, err))
		return false;
	if (!cfg->ssl)
		return true;
	snprintf(cert, sizeof(cert), "%s", cfg->ssl_cert_file[0] ? cfg->ssl_cert_file : "");
	snprintf(key, sizeof(key), "%s", cfg->ssl_key_file[0] ? cfg->ssl_key_file : "");
	if (cert[0] == '\0')
		snprintf(cert, sizeof(cert), "%s/server.crt", cfg->data_dir);
	if (key[0] == '\0')
		snprintf(key, sizeof(key), "%s/server.key", cfg->data_dir);
	tls_ctx = SSL_CTX_new(TLS_server_method());
	if (tls_ctx == NULL || SSL_CTX_set_min_proto_version(tls_ctx, TLS1_2_VERSION) != 1 ||
		SSL_CTX_use_certificate_chain_file(tls_ctx, cert) != 1 ||
		SSL_CTX_use_PrivateKey_file(tls_ctx, key, SSL_FILETYPE_PEM) != 1 ||
		SSL_CTX_check_private_key(tls_ctx) != 1) {
		char		why[256];

		ERR_error_string_n(ERR_get_error(), why, sizeof(why));
		startup_free();
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "could not load the TLS certificate \"%s\" and key \"%s\": %s", cert, key, why);
	}
	return true;
}

void
startup_free(void)
{
	if (tls_ctx != NULL)
		SSL_CTX_free(tls_ctx);
	tls_ctx = NULL;
	auth_free_hba();
}

/* start_tls answers SSLRequest with 'S' and wraps the connection in TLS. */
static bool
start_tls(PgConn *c)
{
	struct bufferevent *tls;
	SSL		   *ssl;

	if (tls_ctx == NULL || c->ssl) {
		bufferevent_write(c->bev, "N", 1);
		return true;
	}
	if (send(bufferevent_getfd(c->bev), "S", 1, MSG_NOSIGNAL) != 1 || (ssl = SSL_new(tls_ctx)) == NULL) {
		pgconn_fatal(c, ERRCODE_CONNECTION_FAILURE, "could not start TLS");
		return false;
	}
	tls = bufferevent_openssl_filter_new(c->co->base, c->bev, ssl, BUFFEREVENT_SSL_ACCEPTING,
										 BEV_OPT_CLOSE_ON_FREE);
	c->bev = tls;
	c->ssl = true;
	pgconn_set_callbacks(c);
	return true;
}

static void
handle_cancel(PgConn *c, const PgStartup *s)
{
	for (PgConn *o = c->co->conns; o != NULL; o = o->next)
		if (o != c && o->backend_pid == s->cancel_pid && o->cancel_key == s->cancel_key &&
			o->running != NULL) {
			log_log("cancel request for connection %d", (int) o->backend_pid);
			pgconn_cancel(o, "canceling statement due to user request");
			break;
		}
	pgconn_close(c);
}

/* fail_login answers a failed login after auth_failure_delay. */
static void
fail_login(PgConn *c, const char *sqlstate, const char *msg)
{
	snprintf(c->fail_sqlstate, sizeof(c->fail_sqlstate), "%s", sqlstate);
	free(c->fail_message);
	c->fail_message = strdup(msg);
	c->state = CONN_AUTH_FAILED;
	free(c->auth);
	c->auth = NULL;
	pgconn_timer(c, TIMER_AUTH_FAILED, c->co->cfg->auth_failure_delay);
}

static const char *
host_of(const PgConn *c, char *buf, size_t len)
{
	const struct sockaddr *sa = (const struct sockaddr *) &c->peer;

	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, buf, (socklen_t) len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, buf, (socklen_t) len);
	else
		snprintf(buf, len, "[local]");
	return buf;
}

/* login_finish: authenticated; check the role and database, then greet. */
static bool
login_finish(PgConn *c)
{
	PgStartup	s;
	Err			err;
	char		msg[200];
	bool		exists;
	bool		login;
	char		verifier[SCRAM_VERIFIER_MAX];

	roles_lookup(c->co->ms, c->user, &exists, &login, verifier, sizeof(verifier));
	free(c->auth);
	c->auth = NULL;
	if (!exists || !login) {
		snprintf(msg, sizeof(msg), exists ? "role \"%s\" is not permitted to log in" :
				 "role \"%s\" does not exist", c->user);
		fail_login(c, ERRCODE_INVALID_AUTHORIZATION, msg);
		return true;
	}
	if (!metastore_database_exists(c->co->ms, c->database)) {
		snprintf(msg, sizeof(msg), "database \"%s\" does not exist", c->database);
		fail_login(c, ERRCODE_UNDEFINED_DATABASE, msg);
		return true;
	}
	err_clear(&err);
	if (!pgmsg_parse_startup(c->startup, c->startup_len, &s, &err))
		return false;
	pgconn_timer(c, TIMER_NONE, 0);
	c->superuser = roles_is_superuser(c->co->ms, c->user);
	pgmsg_auth_ok(&c->out);
	settings_start(c, s.names, s.values, s.nparams);
	pgmsg_backend_key(&c->out, c->backend_pid, c->cancel_key);
	free(c->startup);
	c->startup = NULL;
	c->state = CONN_READY;
	log_debug("connection authorized: user=%s database=%s%s", c->user, c->database,
			  c->ssl ? " (TLS)" : "");
	pgconn_ready(c);
	return true;
}

/* begin_auth picks the method from the host rules and starts the exchange. */
static bool
begin_auth(PgConn *c)
{
	AuthMethod	m;
	uint8_t		random[AUTH_RANDOM_LEN];
	char		verifier[SCRAM_VERIFIER_MAX];
	char		host[64];
	char		msg[300];
	bool		exists;
	bool		login;

	if (!auth_hba_method((const struct sockaddr *) &c->peer, c->ssl, c->database, c->user, &m)) {
		snprintf(msg, sizeof(msg), "no pg_hba.conf entry for host \"%s\", user \"%s\", database \"%s\", %s",
				 host_of(c, host, sizeof(host)), c->user, c->database,
				 c->ssl ? "SSL encryption" : "no encryption");
		fail_login(c, ERRCODE_INVALID_AUTHORIZATION, msg);
		return true;
	}
	roles_lookup(c->co->ms, c->user, &exists, &login, verifier, sizeof(verifier));
	if (getrandom(random, sizeof(random), 0) != (ssize_t) sizeof(random))
		memset(random, 0x5a, sizeof(random));
	c->auth = calloc(1, sizeof(AuthExchange));
	switch (auth_begin(c->auth, m, c->user, verifier, random, mock_secret, &c->out)) {
		case AUTH_STEP_OK:
			return login_finish(c);
		case AUTH_STEP_FAIL:
			snprintf(msg, sizeof(msg), "pg_hba.conf rejects connection for host \"%s\", user \"%s\", database \"%s\", %s",
					 host_of(c, host, sizeof(host)), c->user, c->database,
					 c->ssl ? "SSL encryption" : "no encryption");
			fail_login(c, ERRCODE_INVALID_AUTHORIZATION, msg);
			return true;
		default:
			c->state = CONN_AUTH;
			pgconn_flush(c);
			return true;
	}
}

/* startup_auth_message feeds one message to the exchange; false if c is gone. */
bool
startup_auth_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len)
{
	Err			err;
	char		msg[200];

	err_clear(&err);
	switch (auth_message(c->auth, type, body, len, &c->out, &err)) {
		case AUTH_STEP_CONTINUE:
			pgconn_flush(c);
			return true;
		case AUTH_STEP_OK:
			return login_finish(c);
		default:
			if (err_is_set(&err)) {
				pgconn_fatal(c, err.sqlstate, err.message);
				return false;
			}
			if (!metastore_role_exists(c->co->ms, c->user)) {
				snprintf(msg, sizeof(msg), "role \"%s\" does not exist", c->user);
				fail_login(c, ERRCODE_INVALID_AUTHORIZATION, msg);
				return true;
			}
			snprintf(msg, sizeof(msg), "password authentication failed for user \"%s\"", c->user);
			fail_login(c, ERRCODE_INVALID_PASSWORD, msg);
			return true;
	}
}

/*
 * negotiate_version answers a request for protocol 3.x with x > 0, or with
 * _pq_. options, by NegotiateProtocolVersion: 3.0 and the options it does
 * not know, as PostgreSQL does; the start-up then goes on in 3.0.
 */
static void
negotiate_version(PgConn *c, const PgStartup *s)
{
	int			nopts = 0;
	size_t		m;

	for (int i = 0; i < s->nparams; i++)
		nopts += strncmp(s->names[i], "_pq_.", 5) == 0;
	if ((s->version & 0xffff) == 0 && nopts == 0)
		return;
	m = pgmsg_begin(&c->out, 'v');
	buf_put_u32(&c->out, PG_PROTOCOL_3_0);	/* the newest version it speaks */
	buf_put_u32(&c->out, (uint32_t) nopts);
	for (int i = 0; i < s->nparams; i++)
		if (strncmp(s->names[i], "_pq_.", 5) == 0)
			buf_put_cstr(&c->out, s->names[i]);
	pgmsg_end(&c->out, m);
}

/* startup_packet answers one start-up packet; returns false if c is gone. */
bool
startup_packet(PgConn *c, const uint8_t *p, uint32_t len)
{
	PgStartup	s;
	Err			err;
	const char *user;
	const char *db;

	err_clear(&err);
	if (!pgmsg_parse_startup(p, len, &s, &err)) {
		pgconn_fatal(c, err.sqlstate, err.message);
		return false;
	}
	if (s.kind == STARTUP_SSL)
		return start_tls(c);
	if (s.kind == STARTUP_GSSENC) {
		bufferevent_write(c->bev, "N", 1);
		return true;
	}
	if (s.kind == STARTUP_CANCEL) {
		handle_cancel(c, &s);
		return false;
	}
	user = pgmsg_startup_param(&s, "user");
	if (user == NULL || user[0] == '\0') {
		pgconn_fatal(c, ERRCODE_INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet");
		return false;
	}
	db = pgmsg_startup_param(&s, "database");
	snprintf(c->user, sizeof(c->user), "%s", user);
	snprintf(c->database, sizeof(c->database), "%s", db && db[0] ? db : user);
	if (c->co->nconns > c->co->cfg->max_connections) {
		pgconn_fatal(c, ERRCODE_TOO_MANY_CONNECTIONS, "sorry, too many clients already");
		return false;
	}
	c->startup = malloc(len);
	memcpy(c->startup, p, len);
	c->startup_len = len;
	negotiate_version(c, &s);
	return begin_auth(c);
}
