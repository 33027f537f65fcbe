/*
 * zap.c
 *	  The coordinator's ZAP handler and handshake monitor.  See zap.h.
 *
 *	  libzmq asks the REP socket bound on inproc://zeromq.zap.01, in the
 *	  context of the CURVE server, about every client key during the
 *	  handshake; the handshake waits for our answer.  The REP socket joins
 *	  the coordinator's libevent loop like the ROUTER does.
 *
 *	  A refused client reconnects every 100 ms, so each kind of refusal is
 *	  logged at most once per REFUSAL_LOG_MS.
 *
 *	  zap_open, zap_close
 */
#include "zap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "keys.h"
#include "zmsg.h"

#define ZAP_ENDPOINT		"inproc://zeromq.zap.01"
#define MONITOR_ENDPOINT	"inproc://quarry-cluster-monitor"
#define DRAIN_BATCH			256
#define REFUSAL_LOG_MS		10000
#define ZAP_PARTS			8

struct ZapHandler {
	void	   *router;			/* the CURVE server; not ours */
	void	   *rep;
	void	   *monitor;
	struct event *rep_ev;
	struct event *monitor_ev;
	KeyZ85	   *authorized;
	int			nauthorized;
	KeyZ85		refused_key;	/* the last key refused, and when */
	int64_t		refused_at;
	int64_t		failed_at;		/* the last failed handshake reported */
	int			failures;		/* failed handshakes since then */
};

/* is_authorized reports whether a CURVE client key is listed; z85 gets it. */
static bool
is_authorized(const ZapHandler *z, zmq_msg_t *mechanism, zmq_msg_t *key,
			  KeyZ85 z85)
{
	z85[0] = '\0';
	if (zmq_msg_size(mechanism) != 5 ||
		memcmp(zmq_msg_data(mechanism), "CURVE", 5) != 0 ||
		zmq_msg_size(key) != 32)
		return false;
	zmq_z85_encode(z85, zmq_msg_data(key), 32);
	for (int i = 0; i < z->nauthorized; i++)
		if (strcmp(z->authorized[i], z85) == 0)
			return true;
	return false;
}

static void
log_refused(ZapHandler *z, zmq_msg_t *address, const KeyZ85 z85)
{
	int64_t		now = zmsg_now_ms();
	char		addr[64];

	if (strcmp(z->refused_key, z85) == 0 && now - z->refused_at < REFUSAL_LOG_MS)
		return;
	snprintf(z->refused_key, sizeof(z->refused_key), "%s", z85);
	z->refused_at = now;
	zmsg_printable(zmq_msg_data(address), zmq_msg_size(address), addr, sizeof(addr));
	log_log("refusing worker connection from %s: unknown CurveZMQ key %s",
			addr, z85[0] ? z85 : "(none)");
}

static void
reply(ZapHandler *z, zmq_msg_t *request_id, bool ok, const KeyZ85 z85)
{
	zmq_send(z->rep, "1.0", 3, ZMQ_SNDMORE);
	if (request_id != NULL)
		zmq_send(z->rep, zmq_msg_data(request_id), zmq_msg_size(request_id),
				 ZMQ_SNDMORE);
	else
		zmq_send(z->rep, "", 0, ZMQ_SNDMORE);
	zmq_send(z->rep, ok ? "200" : "400", 3, ZMQ_SNDMORE);
	zmq_send(z->rep, ok ? "OK" : "unknown key", ok ? 2 : 11, ZMQ_SNDMORE);
	zmq_send(z->rep, z85, ok ? KEYS_Z85_LEN : 0, ZMQ_SNDMORE);	/* user id */
	zmq_send(z->rep, "", 0, 0); /* metadata */
}

/*
 * zap_one answers one request: version, request id, domain, address,
 * identity, mechanism, credentials (for CURVE, the client's key).
 */
static void
zap_one(ZapHandler *z)
{
	zmq_msg_t	parts[ZAP_PARTS];
	int			n;
	bool		ok = false;
	KeyZ85		z85 = "";

	if (!zmsg_recv(z->rep, parts, ZAP_PARTS, &n))
		return;
	if (n == 7) {
		ok = is_authorized(z, &parts[5], &parts[6], z85);
		if (!ok)
			log_refused(z, &parts[3], z85);
	} else
		log_warning("malformed ZAP request of %d parts", n);
	reply(z, n >= 2 ? &parts[1] : NULL, ok, z85);
	zmsg_close(parts, n, ZAP_PARTS);
}

static void
on_rep_ready(evutil_socket_t fd, short what, void *arg)
{
	ZapHandler *z = arg;

	for (int n = 0; n < DRAIN_BATCH && zmsg_readable(z->rep); n++)
		zap_one(z);
	zmsg_rearm(z->rep_ev, z->rep);
}

static void
report_failure(ZapHandler *z, uint32_t code)
{
	int64_t		now = zmsg_now_ms();

	z->failures++;
	if (z->failed_at != 0 && now - z->failed_at < REFUSAL_LOG_MS)
		return;
	log_log("refusing worker connection: CurveZMQ handshake failed, %s "
			"(%d since the last report)",
			code == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH ?
			"the worker does not use CurveZMQ (cluster_curve = off?)" :
			"the worker may hold another coordinator's server.pub",
			z->failures);
	z->failed_at = now;
	z->failures = 0;
}

/* on_monitor_ready reads the ROUTER's failed-handshake events. */
static void
on_monitor_ready(evutil_socket_t fd, short what, void *arg)
{
	ZapHandler *z = arg;

	for (int n = 0; n < DRAIN_BATCH && zmsg_readable(z->monitor); n++) {
		zmq_msg_t	parts[2];
		int			nparts;
		uint32_t	code = 0;

		if (!zmsg_recv(z->monitor, parts, 2, &nparts))
			break;
		if (zmq_msg_size(&parts[0]) >= 6)
			memcpy(&code, (uint8_t *) zmq_msg_data(&parts[0]) + 2, sizeof(code));
		zmsg_close(parts, nparts, 2);
		report_failure(z, code);
	}
	zmsg_rearm(z->monitor_ev, z->monitor);
}

static void *
open_socket(void *ctx, int type, const char *endpoint, bool bind, Err *err)
{
	void	   *sock = zmq_socket(ctx, type);
	int			zero = 0;

	if (sock == NULL) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not create a ZeroMQ socket: %s",
				zmq_strerror(errno));
		return NULL;
	}
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof(zero));
	if ((bind ? zmq_bind(sock, endpoint) : zmq_connect(sock, endpoint)) != 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not %s %s: %s",
				bind ? "bind" : "connect", endpoint, zmq_strerror(errno));
		zmq_close(sock);
		return NULL;
	}
	return sock;
}

/* set_server makes router a CURVE server with the secret key of key_dir. */
static bool
set_server(void *router, const char *key_dir, Err *err)
{
	KeyZ85		secret;
	int			one = 1;
	bool		ok;

	if (!keys_read(key_dir, "server.key", secret, err))
		return false;
	ok = zmq_setsockopt(router, ZMQ_CURVE_SERVER, &one, sizeof(one)) == 0 &&
		zmq_setsockopt(router, ZMQ_CURVE_SECRETKEY, secret, KEYS_Z85_LEN) == 0 &&
		zmq_setsockopt(router, ZMQ_ZAP_DOMAIN, "quarry", 6) == 0;
	memset(secret, 0, sizeof(secret));
	if (!ok)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not set up CurveZMQ: %s",
					   zmq_strerror(errno));
	return true;
}

/*
 * zap_open makes router (not yet bound) a CURVE server and starts the ZAP
 * handler on base.  Errors name the missing key file and say how to create
 * the keys.
 */
ZapHandler *
zap_open(struct event_base *base, void *ctx, void *router, const char *key_dir,
		 Err *err)
{
	ZapHandler *z = calloc(1, sizeof(ZapHandler));

	if (z == NULL) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	z->router = router;
	if (!set_server(router, key_dir, err) ||
		!keys_read_authorized(key_dir, &z->authorized, &z->nauthorized, err) ||
		(z->rep = open_socket(ctx, ZMQ_REP, ZAP_ENDPOINT, true, err)) == NULL ||
		(z->rep_ev = zmsg_watch(base, z->rep, on_rep_ready, z, err)) == NULL) {
		zap_close(&z);
		return NULL;
	}
	if (zmq_socket_monitor(router, MONITOR_ENDPOINT,
						   ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) != 0 ||
		(z->monitor = open_socket(ctx, ZMQ_PAIR, MONITOR_ENDPOINT, false, err)) == NULL ||
		(z->monitor_ev = zmsg_watch(base, z->monitor, on_monitor_ready, z, err)) == NULL) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not monitor the cluster socket: %s",
				zmq_strerror(errno));
		zap_close(&z);
		return NULL;
	}
	if (z->nauthorized == 0)
		log_warning("no worker keys in %s/authorized_workers: every worker "
					"will be refused", key_dir);
	return z;
}

/* zap_close stops the handler; call it before closing the ROUTER. */
void
zap_close(ZapHandler **zp)
{
	ZapHandler *z = *zp;

	if (z == NULL)
		return;
	if (z->rep_ev != NULL)
		event_free(z->rep_ev);
	if (z->monitor_ev != NULL)
		event_free(z->monitor_ev);
	if (z->monitor != NULL) {
		zmq_socket_monitor(z->router, NULL, 0);
		zmq_close(z->monitor);
	}
	if (z->rep != NULL)
		zmq_close(z->rep);
	free(z->authorized);
	free(z);
	*zp = NULL;
}
