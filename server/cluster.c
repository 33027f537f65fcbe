/*
 * cluster.c
 *	  The coordinator's cluster manager: the worker registry behind the
 *	  ROUTER socket on cluster_port.  See cluster.h for the interface.
 *
 *	  Everything runs on the coordinator's libevent thread.  The ROUTER's
 *	  ZMQ_FD joins the loop, and it is edge-triggered: it signals only a
 *	  change, so each wake-up drains the socket while ZMQ_EVENTS shows
 *	  POLLIN, and every send re-checks ZMQ_EVENTS, because a send can consume
 *	  the edge of a message that arrived meanwhile (ipython/ipykernel#307).
 *	  A re-check that finds input makes the event active again rather than
 *	  read at once, so callbacks never run inside cluster_send_task.
 *
 *	  Membership (the Paranoid Pirate pattern of the zguide, chapter 4):
 *
 *	  - REGISTER carries the worker's build version; a worker of another
 *		version is REFUSED with the reason, which it logs before exiting.
 *	  - A REGISTER starts a new incarnation of its worker, holding no tasks:
 *		if the id was registered already, the old incarnation is lost
 *		(on_worker_lost), so that its tasks are retried.  Only a repeated
 *		REGISTER of the same process, before any task was sent to it, is
 *		merely answered again.
 *	  - Heartbeats go both ways every heartbeat_interval; any message from a
 *		worker counts.  A worker silent for heartbeat_liveness intervals is
 *		lost.
 *	  - A message from an identity not registered (after a coordinator
 *		restart, or from a worker already declared lost) is answered with
 *		REREGISTER and otherwise dropped: its tasks belong to queries this
 *		coordinator no longer runs.
 *
 *	  With cluster_curve the ROUTER is a CurveZMQ server whose ZAP handler
 *	  (zap.c) admits the worker keys listed in the key directory.
 *
 *	  cluster_open, cluster_close, cluster_pick_worker, cluster_worker_count,
 *	  cluster_worker_info, cluster_send_task, cluster_cancel_task
 */
#include "cluster.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <zmq.h>

#include "common/log.h"
#include "keys.h"
#include "quarry_config.h"
#include "wire/frame.h"
#include "zap.h"
#include "zmsg.h"

#define DRAIN_BATCH			256		/* messages per wake-up before yielding */
#define MAX_MESSAGE_SIZE	(64 * 1024 * 1024)
#define ROUTER_PARTS		(1 + FRAME_MAX_PARTS)	/* identity and envelope */

typedef struct Worker {
	char		id[64];
	char		host[256];
	char		shuffle_endpoint[256];
	int			pid;
	int			slots;
	int64_t		memory;
	int			assigned;		/* TASKs sent whose final STATUS has not come */
	bool		draining;
	int64_t		last_seen;		/* monotonic ms of its last message */
	int64_t		last_seen_wall; /* the same as Unix epoch ms, for views */
	int64_t		registered_wall;	/* Unix epoch ms of its REGISTER */
} Worker;

struct Cluster {
	struct event_base *base;
	ClusterCallbacks cb;
	int64_t		interval;		/* heartbeat_interval, ms */
	int			liveness;
	void	   *ctx;
	void	   *router;
	ZapHandler *zap;			/* NULL without curve */
	struct event *router_ev;
	struct event *timer;
	int64_t		tick_ms;		/* the timer's period, a quarter interval */
	int64_t		last_beat;		/* monotonic ms of the last heartbeat round */
	Worker	   *workers;
	int			nworkers;
	int			cap;
};

static int64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * send_frame sends cmd with msg (NULL: no payload) to the worker with
 * identity id.  It never blocks: a full or vanished peer is an error.
 */
static bool
send_frame(Cluster *c, const char *id, FrameCmd cmd,
		   const ProtobufCMessage *msg, Err *err)
{
	bool		ok = true;

	if (zmsg_send_frame(c->router, id, cmd, msg) != 0)
		ok = err_set(err, ERRCODE_CONNECTION_FAILURE,
					 "could not send %s to worker %s: %s", frame_cmd_name(cmd),
					 id, zmq_strerror(errno));
	zmsg_rearm(c->router_ev, c->router);
	return ok;
}

/* send_quiet sends a control message whose loss heartbeats will cover. */
static void
send_quiet(Cluster *c, const char *id, FrameCmd cmd, const ProtobufCMessage *msg)
{
	Err			err;

	err_clear(&err);
	if (!send_frame(c, id, cmd, msg, &err))
		log_debug("%s", err.message);
}

static Worker *
find_worker(const Cluster *c, const char *id)
{
	for (int i = 0; i < c->nworkers; i++)
		if (strcmp(c->workers[i].id, id) == 0)
			return &c->workers[i];
	return NULL;
}

/*
 * end_worker removes a worker from the registry and tells the callback.
 * The callback gets a copy of the id: the registry may move under it.
 */
static void
end_worker(Cluster *c, Worker *w)
{
	char		id[sizeof(w->id)];
	int			i = (int) (w - c->workers);

	memcpy(id, w->id, sizeof(id));
	memmove(&c->workers[i], &c->workers[i + 1],
			(c->nworkers - i - 1) * sizeof(Worker));
	c->nworkers--;
	if (c->cb.on_worker_lost != NULL)
		c->cb.on_worker_lost(c->cb.arg, id);
}

static void
refuse(Cluster *c, const char *id, const char *reason)
{
	Quarry__RegisterReply reply = QUARRY__REGISTER_REPLY__INIT;

	reply.reason = (char *) reason;
	reply.heartbeat_interval_ms = c->interval;
	send_quiet(c, id, FRAME_REFUSED, &reply.base);
}

/* check_register refuses a REGISTER of another version or with a bad field. */
static bool
check_register(Cluster *c, const char *id, const Quarry__Register *reg)
{
	char		reason[512];
	char		version[64];

	if (strcmp(reg->version, QUARRY_VERSION) != 0) {
		zmsg_printable(reg->version, strlen(reg->version), version, sizeof(version));
		log_log("refusing worker %s: version %s, coordinator is %s",
				id, version, QUARRY_VERSION);
		snprintf(reason, sizeof(reason),
				 "worker version %s does not match coordinator version %s",
				 version, QUARRY_VERSION);
		refuse(c, id, reason);
		return false;
	}
	if (strcmp(reg->worker_id, id) != 0)
		snprintf(reason, sizeof(reason),
				 "worker id does not match the connection's identity %s", id);
	else if (reg->slots <= 0)
		snprintf(reason, sizeof(reason), "worker offers %d task slots", reg->slots);
	else
		return true;
	log_log("refusing worker %s: %s", id, reason);
	refuse(c, id, reason);
	return false;
}

static Worker *
add_worker(Cluster *c, const char *id)
{
	Worker	   *w;

	if (c->nworkers == c->cap) {
		int			cap = c->cap ? c->cap * 2 : 16;
		Worker	   *grown = realloc(c->workers, cap * sizeof(Worker));

		if (grown == NULL)
			return NULL;
		c->workers = grown;
		c->cap = cap;
	}
	w = &c->workers[c->nworkers++];
	memset(w, 0, sizeof(*w));
	snprintf(w->id, sizeof(w->id), "%s", id);
	return w;
}

/*
 * replace_existing handles a REGISTER for an id already registered.  The
 * same process repeating a REGISTER before any task reached it is answered
 * again; anything else is a new incarnation, and the old one is lost.
 */
static bool
replace_existing(Cluster *c, Worker *w, const Quarry__Register *reg)
{
	Quarry__RegisterReply reply = QUARRY__REGISTER_REPLY__INIT;

	if (w->pid == reg->pid && w->assigned == 0) {
		log_debug("worker %s repeated its REGISTER", w->id);
		reply.heartbeat_interval_ms = c->interval;
		send_quiet(c, w->id, FRAME_REGISTERED, &reply.base);
		return false;
	}
	log_log("worker %s lost: it registered again (pid %d, was %d)",
			w->id, reg->pid, w->pid);
	end_worker(c, w);
	return true;
}

static void
on_register(Cluster *c, const char *id, const Quarry__Register *reg)
{
	Quarry__RegisterReply reply = QUARRY__REGISTER_REPLY__INIT;
	Worker	   *w;

	if (!check_register(c, id, reg))
		return;
	if ((w = find_worker(c, id)) != NULL && !replace_existing(c, w, reg))
		return;
	if ((w = add_worker(c, id)) == NULL) {
		log_error("out of memory registering worker %s", id);
		refuse(c, id, "coordinator out of memory");
		return;
	}
	zmsg_printable(reg->host, strlen(reg->host), w->host, sizeof(w->host));
	zmsg_printable(reg->shuffle_endpoint, strlen(reg->shuffle_endpoint),
				   w->shuffle_endpoint, sizeof(w->shuffle_endpoint));
	w->pid = reg->pid;
	w->slots = reg->slots;
	w->memory = reg->memory;
	w->last_seen = zmsg_now_ms();
	w->last_seen_wall = wall_ms();
	w->registered_wall = w->last_seen_wall;
	log_log("worker %s registered (host %s, %d slots)", id, w->host, w->slots);
	reply.heartbeat_interval_ms = c->interval;
	send_quiet(c, id, FRAME_REGISTERED, &reply.base);
	if (c->cb.on_worker_joined != NULL)
		c->cb.on_worker_joined(c->cb.arg);
}

static void
on_status(Cluster *c, Worker *w, const Quarry__TaskStatus *st)
{
	if (st->key == NULL) {
		log_warning("STATUS without a task key from worker %s", w->id);
		return;
	}
	if (st->state != QUARRY__TASK_STATE__TASK_RUNNING && w->assigned > 0)
		w->assigned--;
	if (c->cb.on_status != NULL)
		c->cb.on_status(c->cb.arg, st);
}

static void
on_result(Cluster *c, Worker *w, const Quarry__ResultChunk *rc)
{
	if (rc->key == NULL) {
		log_warning("RESULT without a task key from worker %s", w->id);
		return;
	}
	if (c->cb.on_result != NULL)
		c->cb.on_result(c->cb.arg, rc->key, rc->data.data, rc->data.len);
}

static void
on_deregister(Cluster *c, Worker *w, const Quarry__Deregister *d)
{
	char		reason[128];

	if (d->reason[0] != '\0')
		log_log("worker %s left (%s)", w->id,
				zmsg_printable(d->reason, strlen(d->reason), reason, sizeof(reason)));
	else
		log_log("worker %s left", w->id);
	end_worker(c, w);
}

/* dispatch hands an unpacked message of a registered worker to its handler. */
static void
dispatch(Cluster *c, Worker *w, FrameCmd cmd, const ProtobufCMessage *msg)
{
	switch (cmd) {
		case FRAME_HEARTBEAT:
			w->draining = ((const Quarry__Heartbeat *) msg)->draining;
			break;
		case FRAME_STATUS:
			on_status(c, w, (const Quarry__TaskStatus *) msg);
			break;
		case FRAME_RESULT:
			on_result(c, w, (const Quarry__ResultChunk *) msg);
			break;
		case FRAME_DEREGISTER:
			on_deregister(c, w, (const Quarry__Deregister *) msg);
			break;
		default:
			log_warning("unexpected %s from worker %s", frame_cmd_name(cmd), w->id);
			break;
	}
}

/* on_frame handles one well-formed envelope from the worker with identity id. */
static void
on_frame(Cluster *c, const char *id, const Frame *f)
{
	ProtobufCMessage *msg;
	Worker	   *w = find_worker(c, id);
	Err			err;

	err_clear(&err);
	if (!frame_cmd_from_worker(f->cmd)) {
		log_warning("unexpected %s from worker %s", frame_cmd_name(f->cmd), id);
		return;
	}
	if (w == NULL && f->cmd != FRAME_REGISTER) {
		log_debug("%s from unregistered worker %s; asking it to register",
				  frame_cmd_name(f->cmd), id);
		send_quiet(c, id, FRAME_REREGISTER, NULL);
		return;
	}
	if ((msg = frame_unpack(f, &err)) == NULL) {
		log_warning("dropping message from worker %s: %s", id, err.message);
		return;
	}
	if (w != NULL) {
		w->last_seen = zmsg_now_ms();
		w->last_seen_wall = wall_ms();
	}
	if (f->cmd == FRAME_REGISTER)
		on_register(c, id, (const Quarry__Register *) msg);
	else
		dispatch(c, w, f->cmd, msg);
	protobuf_c_message_free_unpacked(msg, NULL);
}

/*
 * identity_to_id checks that a routing identity is a worker id (1 to 63
 * printable bytes, as a worker's DEALER sets it) and copies it to id.
 */
static bool
identity_to_id(const zmq_msg_t *identity, char id[64])
{
	const char *data = zmq_msg_data((zmq_msg_t *) identity);
	size_t		len = zmq_msg_size((zmq_msg_t *) identity);

	if (len == 0 || len >= 64)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isgraph((unsigned char) data[i]))
			return false;
	memcpy(id, data, len);
	id[len] = '\0';
	return true;
}

/* recv_one receives and handles one message; false when there was none. */
static bool
recv_one(Cluster *c)
{
	zmq_msg_t	parts[ROUTER_PARTS];
	int			nparts;
	char		id[64];
	Frame		frame;
	Err			err;

	if (!zmsg_recv(c->router, parts, ROUTER_PARTS, &nparts))
		return false;
	err_clear(&err);
	if (!identity_to_id(&parts[0], id))
		log_warning("dropping message from a peer without a valid worker id");
	else if (!zmsg_decode(&parts[1], nparts - 1, &frame, &err))
		log_warning("dropping message from worker %s: %s", id, err.message);
	else
		on_frame(c, id, &frame);
	zmsg_close(parts, nparts, ROUTER_PARTS);
	return true;
}

/* on_router_ready drains the ROUTER, yielding to the loop after a batch. */
static void
on_router_ready(evutil_socket_t fd, short what, void *arg)
{
	Cluster    *c = arg;

	for (int n = 0; n < DRAIN_BATCH; n++) {
		if (!zmsg_readable(c->router) || !recv_one(c))
			return;
	}
	event_active(c->router_ev, EV_READ, 0);
}

/* heartbeat_round sends HEARTBEAT to every registered worker. */
static void
heartbeat_round(Cluster *c)
{
	Quarry__Heartbeat hb = QUARRY__HEARTBEAT__INIT;

	for (int i = 0; i < c->nworkers; i++) {
		hb.running_tasks = c->workers[i].assigned;
		send_quiet(c, c->workers[i].id, FRAME_HEARTBEAT, &hb.base);
	}
}

/* reap_silent declares lost every worker silent for heartbeat_liveness beats. */
static void
reap_silent(Cluster *c, int64_t now)
{
	int64_t		limit = c->interval * c->liveness;

	for (int i = 0; i < c->nworkers;) {
		Worker	   *w = &c->workers[i];

		if (now - w->last_seen <= limit) {
			i++;
			continue;
		}
		log_log("worker %s lost: no heartbeat for %d ms", w->id,
				(int) (now - w->last_seen));
		end_worker(c, w);		/* the callback may not add workers */
	}
}

/*
 * on_tick runs four times per heartbeat interval, so that a silent worker
 * is declared lost at most a quarter interval late.
 */
static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	Cluster    *c = arg;
	int64_t		now = zmsg_now_ms();

	if (now - c->last_beat >= c->interval - c->tick_ms / 2) {
		c->last_beat = now;
		heartbeat_round(c);
	}
	reap_silent(c, now);
}

/*
 * bind_address binds the ROUTER on one entry of listen_addresses: "*" (or
 * 0.0.0.0) for every interface, an IPv6 address, or an IPv4 address or name.
 */
static bool
bind_address(Cluster *c, const char *addr, int port, Err *err)
{
	char		endpoint[320];
	int			one = 1;
	bool		v6 = strchr(addr, ':') != NULL;

	if (strcmp(addr, "*") == 0 || strcmp(addr, "0.0.0.0") == 0)
		snprintf(endpoint, sizeof(endpoint), "tcp://*:%d", port);
	else if (v6)
		snprintf(endpoint, sizeof(endpoint), "tcp://[%s]:%d", addr, port);
	else
		snprintf(endpoint, sizeof(endpoint), "tcp://%s:%d", addr, port);
	if (v6 || strcmp(addr, "*") == 0)
		zmq_setsockopt(c->router, ZMQ_IPV6, &one, sizeof(one));
	if (zmq_bind(c->router, endpoint) != 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not bind the cluster port on %s: %s",
				endpoint, zmq_strerror(errno));
		if (errno == EADDRINUSE)
			err_hint(err, "Is another coordinator running?  Choose another cluster_port.");
		return false;
	}
	log_log("cluster port listening on %s", endpoint);
	return true;
}

/* bind_all binds every comma-separated entry of listen_addresses. */
static bool
bind_all(Cluster *c, const Config *cfg, Err *err)
{
	char		list[sizeof(cfg->listen_addresses)];
	char	   *save = NULL;
	int			bound = 0;

	snprintf(list, sizeof(list), "%s", cfg->listen_addresses);
	for (char *tok = strtok_r(list, ", \t", &save); tok != NULL;
		 tok = strtok_r(NULL, ", \t", &save)) {
		if (!bind_address(c, tok, cfg->cluster_port, err))
			return false;
		bound++;
	}
	if (bound == 0)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "listen_addresses is empty: the cluster port has nowhere to listen");
	return true;
}

/*
 * open_router creates the ROUTER: it reports unknown identities on send
 * (ROUTER_MANDATORY), and a worker reconnecting under its id takes the id
 * over from a stale connection (ROUTER_HANDOVER).
 */
static bool
open_router(Cluster *c, const Config *cfg, Err *err)
{
	int			one = 1;
	int			zero = 0;
	int64_t		maxsize = MAX_MESSAGE_SIZE;
	char		key_dir[1100];

	if ((c->router = zmq_socket(c->ctx, ZMQ_ROUTER)) == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR,
					   "could not create the cluster socket: %s", zmq_strerror(errno));
	zmq_setsockopt(c->router, ZMQ_LINGER, &zero, sizeof(zero));
	zmq_setsockopt(c->router, ZMQ_ROUTER_MANDATORY, &one, sizeof(one));
	zmq_setsockopt(c->router, ZMQ_ROUTER_HANDOVER, &one, sizeof(one));
	zmq_setsockopt(c->router, ZMQ_MAXMSGSIZE, &maxsize, sizeof(maxsize));
	if (cfg->cluster_curve) {
		keys_dir(cfg, key_dir, sizeof(key_dir));
		if ((c->zap = zap_open(c->base, c->ctx, c->router, key_dir, err)) == NULL)
			return false;
	}
	if (!bind_all(c, cfg, err))
		return false;
	c->router_ev = zmsg_watch(c->base, c->router, on_router_ready, c, err);
	return c->router_ev != NULL;
}

/*
 * cluster_open binds the cluster port and joins it to base.  With
 * cluster_curve on, a missing key is an error whose hint says how to create
 * the keys.
 */
Cluster *
cluster_open(struct event_base *base, const Config *cfg,
			 const ClusterCallbacks *cb, Err *err)
{
	Cluster    *c = calloc(1, sizeof(Cluster));
	struct timeval tick;

	if (c == NULL) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	c->base = base;
	c->cb = *cb;
	c->interval = cfg->heartbeat_interval;
	c->liveness = cfg->heartbeat_liveness;
	c->last_beat = zmsg_now_ms();
	if ((c->ctx = zmq_ctx_new()) == NULL) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not create a ZeroMQ context: %s",
				zmq_strerror(errno));
		free(c);
		return NULL;
	}
	c->tick_ms = c->interval / 4 > 10 ? c->interval / 4 : 10;
	tick.tv_sec = c->tick_ms / 1000;
	tick.tv_usec = (c->tick_ms % 1000) * 1000;
	if (!open_router(c, cfg, err)) {
		cluster_close(&c);
		return NULL;
	}
	if ((c->timer = event_new(base, -1, EV_PERSIST, on_tick, c)) == NULL ||
		event_add(c->timer, &tick) != 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not start the cluster timer");
		cluster_close(&c);
		return NULL;
	}
	return c;
}

static void
free_event(struct event **ev)
{
	if (*ev != NULL)
		event_free(*ev);
	*ev = NULL;
}

/* cluster_close closes the socket, forgets every worker and frees *cp. */
void
cluster_close(Cluster **cp)
{
	Cluster    *c = *cp;

	if (c == NULL)
		return;
	free_event(&c->timer);
	free_event(&c->router_ev);
	zap_close(&c->zap);
	if (c->router != NULL)
		zmq_close(c->router);
	if (c->ctx != NULL)
		zmq_ctx_term(c->ctx);
	free(c->workers);
	free(c);
	*cp = NULL;
}

/*
 * cluster_pick_worker names the live, non-draining worker with the most
 * free slots (slots less the tasks sent to it and not yet ended), or NULL
 * when there is none.  Free slots may be zero or fewer: the worker queues
 * what its slots cannot run yet.  The name is valid until control returns
 * to the event loop.
 */
const char *
cluster_pick_worker(Cluster *c)
{
	Worker	   *best = NULL;

	for (int i = 0; i < c->nworkers; i++) {
		Worker	   *w = &c->workers[i];

		if (w->draining)
			continue;
		if (best == NULL || w->slots - w->assigned > best->slots - best->assigned)
			best = w;
	}
	return best != NULL ? best->id : NULL;
}

const char *
cluster_pick_free_worker(Cluster *c, const char *const *skip, int nskip)
{
	Worker	   *best = NULL;

	for (int i = 0; i < c->nworkers; i++) {
		Worker	   *w = &c->workers[i];
		bool		skipped = false;

		for (int k = 0; k < nskip && !skipped; k++)
			skipped = strcmp(skip[k], w->id) == 0;
		if (skipped || w->draining || w->slots - w->assigned <= 0)
			continue;
		if (best == NULL || w->slots - w->assigned > best->slots - best->assigned)
			best = w;
	}
	return best != NULL ? best->id : NULL;
}

void
cluster_query_end(Cluster *c, uint64_t query)
{
	Quarry__QueryEnd end = QUARRY__QUERY_END__INIT;

	end.query = query;
	for (int i = 0; i < c->nworkers; i++)
		send_quiet(c, c->workers[i].id, FRAME_QUERY_END, &end.base);
}

int
cluster_worker_count(const Cluster *c)
{
	return c->nworkers;
}

/*
 * cluster_worker_info describes the i-th registered worker; running_tasks
 * counts the tasks sent to it and not yet ended, and last_heartbeat_ms is
 * the Unix time in ms of its last message.
 */
bool
cluster_worker_info(const Cluster *c, int i, ClusterWorkerInfo *out)
{
	const Worker *w;

	if (i < 0 || i >= c->nworkers)
		return false;
	w = &c->workers[i];
	memset(out, 0, sizeof(*out));
	snprintf(out->id, sizeof(out->id), "%s", w->id);
	snprintf(out->host, sizeof(out->host), "%s", w->host);
	snprintf(out->shuffle_endpoint, sizeof(out->shuffle_endpoint), "%s",
			 w->shuffle_endpoint);
	out->slots = w->slots;
	out->memory = w->memory;
	out->running_tasks = w->assigned;
	out->draining = w->draining;
	out->last_heartbeat_ms = w->last_seen_wall;
	out->registered_ms = w->registered_wall;
	return true;
}

/* cluster_send_task sends TASK to a registered worker without blocking. */
bool
cluster_send_task(Cluster *c, const char *worker_id,
				  const Quarry__TaskLaunch *task, Err *err)
{
	Worker	   *w = find_worker(c, worker_id);

	if (w == NULL)
		return err_set(err, ERRCODE_CONNECTION_FAILURE,
					   "worker %s is not registered", worker_id);
	if (!send_frame(c, w->id, FRAME_TASK, &task->base, err))
		return false;
	w->assigned++;
	return true;
}

/* cluster_cancel_task sends CANCEL; a lost message is covered by worker loss. */
void
cluster_cancel_task(Cluster *c, const char *worker_id, const Quarry__TaskKey *key)
{
	Quarry__TaskCancel cancel = QUARRY__TASK_CANCEL__INIT;

	if (find_worker(c, worker_id) == NULL)
		return;
	cancel.key = (Quarry__TaskKey *) key;
	send_quiet(c, worker_id, FRAME_CANCEL, &cancel.base);
}
