/*
 * pgconn.c
 *	  Client connections on libevent: accept, the start-up and authentication
 *	  (startup.c), then the message loop.  A malformed, truncated or
 *	  oversized message gets 08P01 and closes this connection alone.
 *
 *	  Each connection has one timer for whatever it waits on: the start-up
 *	  (authentication_timeout), a failed login's delay, a running statement
 *	  (statement_timeout) or an idle transaction block
 *	  (idle_in_transaction_session_timeout).
 *
 *	  While a statement runs on a worker the connection is CONN_BUSY: further
 *	  input stays buffered until the session finishes, as PostgreSQL's
 *	  backend reads the next message only when it is done with the last.
 */
#include "pgconn.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "common/log.h"
#include "portal.h"
#include "quarry_config.h"
#include "wire/pgmsg.h"

static void on_read(struct bufferevent *bev, void *arg);
static void on_write(struct bufferevent *bev, void *arg);
static void on_event(struct bufferevent *bev, short what, void *arg);

static void
conn_free(PgConn *c)
{
	Coordinator *co = c->co;

	for (PgConn **p = &co->conns; *p != NULL; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	co->nconns--;
	portal_drop_all(c);
	if (c->running != NULL)
		coord_cancel(co, c->running);
	copy_free(c);
	txn_conn_end(c);			/* a block's writes go with the connection */
	settings_free(c);
	if (c->timer != NULL)
		event_free(c->timer);
	free(c->auth);
	free(c->startup);
	free(c->fail_message);
	bufferevent_free(c->bev);
	buf_free(&c->out);
	arena_reset(&c->query_arena);
	free(c);
}

/* pgconn_flush moves the built messages to the socket. */
void
pgconn_flush(PgConn *c)
{
	if (c->out.len == 0)
		return;
	bufferevent_write(c->bev, c->out.data, c->out.len);
	buf_reset(&c->out);
}

/*
 * linger closes c's sending side once its last message is written and
 * discards what the client still sends for up to a second, so the kernel
 * does not answer that input with a reset that destroys the message.
 */
static void
linger(PgConn *c)
{
	struct timeval tv = {1, 0};

	if (c->lingering)
		return;
	c->lingering = true;
	if (!c->ssl)				/* TLS may still hold encrypted bytes: wait for the client */
		shutdown(bufferevent_getfd(c->bev), SHUT_WR);
	bufferevent_set_timeouts(c->bev, &tv, NULL);
	bufferevent_enable(c->bev, EV_READ);
}

/* fatal sends a FATAL error and closes once it is written. */
static void
fatal(PgConn *c, const char *sqlstate, const char *msg, const char *arg)
{
	Err			err;

	err_clear(&err);
	err.severity = 'F';
	err_set(&err, sqlstate, msg, arg);
	log_log("closing connection: %s", err.message);
	pgmsg_error(&c->out, &err);
	pgconn_flush(c);
	c->state = CONN_CLOSING;
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0)
		linger(c);
}

/* pgconn_fatal is fatal for callers outside this file. */
void
pgconn_fatal(PgConn *c, const char *sqlstate, const char *msg)
{
	fatal(c, sqlstate, "%s", msg);
}

/* pgconn_close frees c at once (CancelRequest connections). */
void
pgconn_close(PgConn *c)
{
	c->state = CONN_CLOSING;
	conn_free(c);
}

/* session_timeout reads a timeout setting in milliseconds. */
static int64_t
session_timeout(const PgConn *c, const char *name)
{
	const char *v = settings_get(c, name);
	int64_t		ms = 0;

	if (v == NULL || !config_parse_duration_ms(v, &ms))
		return 0;
	return ms;
}

/* send_ready answers ReadyForQuery; an idle block starts its timeout. */
static void
send_ready(PgConn *c)
{
	int64_t		idle = session_timeout(c, "idle_in_transaction_session_timeout");

	settings_report(c);
	pgmsg_ready(&c->out, c->txn);
	pgconn_flush(c);
	pgconn_timer(c, c->txn != 'I' && idle > 0 ? TIMER_IDLE_IN_TXN : TIMER_NONE, idle);
}

void
pgconn_ready(PgConn *c)
{
	send_ready(c);
}

/* pgconn_cancel ends c's running statement with 57014 and msg. */
void
pgconn_cancel(PgConn *c, const char *msg)
{
	Query	   *q = c->running;
	Err			err;

	if (q == NULL)
		return;
	c->running = NULL;
	if (c->running_portal != NULL)
		c->running_portal->state = PORTAL_DONE;
	coord_cancel(c->co, q);
	err_clear(&err);
	err_set(&err, ERRCODE_QUERY_CANCELED, "%s", msg);
	pgconn_async_error(c, &err);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	PgConn	   *c = arg;
	TimerKind	kind = c->timer_kind;

	c->timer_kind = TIMER_NONE;
	switch (kind) {
		case TIMER_AUTH_TIMEOUT:
			if (c->state == CONN_STARTUP || c->state == CONN_AUTH)
				fatal(c, ERRCODE_QUERY_CANCELED, "canceling authentication due to timeout%s", "");
			return;
		case TIMER_AUTH_FAILED:
			fatal(c, c->fail_sqlstate, "%s", c->fail_message ? c->fail_message : "");
			return;
		case TIMER_STATEMENT:
			pgconn_cancel(c, "canceling statement due to statement timeout");
			return;
		case TIMER_IDLE_IN_TXN:
			if (c->state == CONN_READY && c->txn != 'I')
				fatal(c, "25P03", "terminating connection due to idle-in-transaction timeout%s", "");
			return;
		case TIMER_NONE:
			return;
	}
}

/* pgconn_timer arms c's timer for ms milliseconds, or stops it (TIMER_NONE). */
void
pgconn_timer(PgConn *c, TimerKind kind, int64_t ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};

	if (c->timer == NULL)
		c->timer = evtimer_new(c->co->base, on_timer, c);
	evtimer_del(c->timer);
	c->timer_kind = kind;
	if (kind == TIMER_AUTH_FAILED && ms == 0) {
		c->timer_kind = TIMER_NONE;
		on_timer(-1, 0, c);
		return;
	}
	if (kind != TIMER_NONE)
		evtimer_add(c->timer, &tv);
}

/*
 * pgconn_statement_error reports a statement's error; the session goes on,
 * but a transaction block it was in is now failed.
 */
void
pgconn_statement_error(PgConn *c, const Err *err)
{
	if (err->file)
		log_msg(LOG_LOG, "statement failed: %s (%s, at %s:%d)", err->message, err->sqlstate,
				err->file, err->line);
	pgmsg_error(&c->out, err);
	txn_failed(c);
}

/* pgconn_resume reads the next messages after an asynchronous step. */
void
pgconn_resume(PgConn *c)
{
	if (c->timer_kind == TIMER_STATEMENT)
		pgconn_timer(c, TIMER_NONE, 0);
	if (c->state == CONN_BUSY)
		c->state = CONN_READY;
	pgconn_flush(c);
	if (!c->in_read && evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
		on_read(c->bev, c);
}

/*
 * pgconn_async_error ends a statement that failed while running (an error
 * from its task, a cancel, a timeout): the simple protocol answers
 * ReadyForQuery, the extended one skips to Sync.
 */
void
pgconn_async_error(PgConn *c, const Err *err)
{
	pgconn_async_error_context(c, err, NULL);
}

/* pgconn_async_error_context adds a CONTEXT line (COPY's "line N"). */
void
pgconn_async_error_context(PgConn *c, const Err *err, const char *context)
{
	c->running = NULL;
	c->running_portal = NULL;
	if (err->file)
		log_msg(LOG_LOG, "statement failed: %s (%s, at %s:%d)", err->message, err->sqlstate,
				err->file, err->line);
	pgmsg_error_context(&c->out, err, context);
	txn_failed(c);
	if (c->copy != NULL)
		copy_free(c);
	if (c->extended) {
		c->state = CONN_SKIP_TO_SYNC;
		pgconn_resume(c);
	} else
		pgconn_query_finished(c);
}

/* pgconn_query_finished: the Query message is done; read the next message. */
void
pgconn_query_finished(PgConn *c)
{
	Err			err;

	err_clear(&err);
	if (!txn_message_end(c, &err))	/* a multi-statement Query's implicit transaction */
		pgmsg_error(&c->out, &err);
	c->state = CONN_READY;
	if (c->txn == 'I')
		portal_drop_at_txn_end(c, true);
	send_ready(c);
	arena_reset(&c->query_arena);
	c->tree = NULL;
	/* inside on_read its loop goes on by itself; after a task, resume it */
	if (!c->in_read && evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
		on_read(c->bev, c);
}

/* handle_message acts on one typed message; returns false if c is gone. */
static bool
handle_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len)
{
	syscat_message(c, type, body, len);	/* pg_catalog shows this session (syscat.c) */
	if (c->state == CONN_AUTH)
		return startup_auth_message(c, type, body, len);
	if (c->state == CONN_AUTH_FAILED)
		return true;
	if (c->timer_kind == TIMER_IDLE_IN_TXN)
		pgconn_timer(c, TIMER_NONE, 0);
	if (c->state == CONN_SKIP_TO_SYNC && type != 'S' && type != 'X')
		return true;
	if (c->state == CONN_COPY_IN && type != 'X')
		return copy_message(c, type, body, len);
	switch (type) {
		case 'Q':
			if (len == 0 || body[len - 1] != '\0' || memchr(body, '\0', len) != body + len - 1) {
				fatal(c, ERRCODE_PROTOCOL_VIOLATION, "invalid string in Query message%s", "");
				return false;
			}
			c->extended = false;
			session_start(c, (const char *) body);
			return true;
		case 'X':
			conn_free(c);
			return false;
		case 'P':
		case 'B':
		case 'D':
		case 'E':
		case 'C':
		case 'S':
		case 'H':
			return extended_message(c, type, body, len);
		case 'd':
		case 'c':
		case 'f':
			/* COPY messages after a COPY ended are ignored, as PostgreSQL does */
			return true;
		case 'F':
			{
				Err			err;

				err_clear(&err);
				err_set(&err, ERRCODE_FEATURE_NOT_SUPPORTED, "fastpath function calls are not supported");
				c->extended = false;
				pgconn_statement_error(c, &err);
				pgconn_query_finished(c);
				return true;
			}
		default:
			{
				char		msg[64];

				snprintf(msg, sizeof(msg), "invalid frontend message type %d", type);
				fatal(c, ERRCODE_PROTOCOL_VIOLATION, "%s", msg);
				return false;
			}
	}
}

typedef enum ReadResult {
	READ_NEXT,					/* handled one; look for another */
	READ_WAIT,					/* nothing whole to read now, or stop reading */
	READ_GONE					/* c was freed */
} ReadResult;

/* read_one handles the next whole message or packet. */
static ReadResult
read_one(PgConn *c, struct bufferevent *bev, struct evbuffer *in)
{
	size_t		avail = evbuffer_get_length(in);
	uint8_t    *p = evbuffer_pullup(in, avail < 8 ? -1 : 8);
	uint32_t	len = 0;
	uint8_t		type = 0;
	PgPeek		peek;
	Err			err;
	bool		alive;

	err_clear(&err);
	if (c->state == CONN_STARTUP)
		peek = pgmsg_peek_startup(p, avail, &len, &err);
	else
		peek = pgmsg_peek(p, avail, (size_t) c->co->cfg->max_message_size, &type, &len, &err);
	if (peek == PEEK_BAD)
		fatal(c, err.sqlstate, "%s", err.message);
	if (peek != PEEK_READY)
		return READ_WAIT;
	c->in_read = true;
	if (c->state == CONN_STARTUP) {
		/* drained first: TLS, if this starts it, reads what follows */
		uint8_t    *packet = malloc(len);

		evbuffer_remove(in, packet, len);
		alive = startup_packet(c, packet, len);
		free(packet);
	} else {
		p = evbuffer_pullup(in, (ssize_t) len + 1);
		alive = handle_message(c, type, p + 5, len - 4);
		if (alive)
			evbuffer_drain(in, (size_t) len + 1);
	}
	if (!alive)
		return READ_GONE;
	c->in_read = false;
	return c->bev == bev ? READ_NEXT : READ_WAIT;	/* after TLS starts, its layer reads */
}

static void
on_read(struct bufferevent *bev, void *arg)
{
	PgConn	   *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	if (c->state == CONN_CLOSING || c->state == CONN_AUTH_FAILED) {
		evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	while (c->state != CONN_BUSY && c->state != CONN_CLOSING) {
		ReadResult	r = read_one(c, bev, in);

		if (r == READ_GONE)
			return;
		if (r == READ_WAIT)
			break;
	}
	if (c->state == CONN_BUSY && c->timer_kind == TIMER_NONE) {
		int64_t		ms = session_timeout(c, "statement_timeout");

		if (ms > 0)
			pgconn_timer(c, TIMER_STATEMENT, ms);
	}
}

static void
on_write(struct bufferevent *bev, void *arg)
{
	PgConn	   *c = arg;

	if (c->state == CONN_CLOSING)
		linger(c);
}

static void
on_event(struct bufferevent *bev, short what, void *arg)
{
	PgConn	   *c = arg;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) {
		if (c->running != NULL)
			log_log("client disconnected during a query; cancelling it");
		conn_free(c);
	}
}

static bool
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *) sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *) sa)->sin6_addr);
	return sa->sa_family == AF_UNIX;
}

static void
on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen, void *arg)
{
	Coordinator *co = arg;
	PgConn	   *c = calloc(1, sizeof(PgConn));
	static int32_t next_pid = 1000;

	c->co = co;
	c->txn = 'I';
	c->loopback = is_loopback(sa);
	c->backend_pid = next_pid++;
	if (getrandom(&c->cancel_key, sizeof(c->cancel_key), 0) != sizeof(c->cancel_key))
		c->cancel_key = (int32_t) random();
	buf_init(&c->out);
	arena_init(&c->query_arena);
	memcpy(&c->peer, sa, (size_t) salen < sizeof(c->peer) ? (size_t) salen : sizeof(c->peer));
	if (sa->sa_family != AF_UNIX) {	/* as PostgreSQL sets them */
		int			on = 1;

		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	}
	c->bev = bufferevent_socket_new(co->base, fd, BEV_OPT_CLOSE_ON_FREE);
	pgconn_set_callbacks(c);
	c->next = co->conns;
	co->conns = c;
	co->nconns++;
	pgconn_timer(c, TIMER_AUTH_TIMEOUT, co->cfg->authentication_timeout);
}

/* pgconn_set_callbacks points c->bev (a socket, or TLS over it) at this file. */
void
pgconn_set_callbacks(PgConn *c)
{
	bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

/* pgconn_listen binds the PostgreSQL port on listen_addresses. */
bool
pgconn_listen(Coordinator *co, Err *err)
{
	struct sockaddr_storage ss;
	int			sslen = sizeof(ss);
	char		addr[300];
	const char *host = co->cfg->listen_addresses;

	if (!startup_init(co, err))
		return false;
	if (strcmp(host, "*") == 0)
		host = "0.0.0.0";
	else if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	snprintf(addr, sizeof(addr), strchr(host, ':') ? "[%s]:%d" : "%s:%d", host, co->cfg->port);
	memset(&ss, 0, sizeof(ss));
	if (evutil_parse_sockaddr_port(addr, (struct sockaddr *) &ss, &sslen) != 0)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "invalid listen_addresses \"%s\"",
					   co->cfg->listen_addresses);
	co->listener = evconnlistener_new_bind(co->base, on_accept, co,
										   LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE, 128,
										   (struct sockaddr *) &ss, sslen);
	if (co->listener == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not listen on %s: %s", addr,
					   evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	return true;
}

void
pgconn_close_all(Coordinator *co)
{
	while (co->conns != NULL)
		conn_free(co->conns);
	if (co->listener != NULL)
		evconnlistener_free(co->listener);
	co->listener = NULL;
	startup_free();
}
