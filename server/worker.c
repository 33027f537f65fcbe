/*
 * worker.c
 *	  `quarry worker`: one executor process.  See worker.h.
 *
 *	  The main thread runs a zmq_poll loop over the DEALER connected to the
 *	  coordinator, the PULL socket its slot threads report to (slots.c), the
 *	  shuffle socket (shuffle_service.c), a socket monitor and a signalfd.  Nothing else touches
 *	  the DEALER.  Map tasks write to the worker's shuffle store, kept in
 *	  DATA_DIR/shuffle/<worker id> (emptied at start) until QUERY_END.
 *	  Membership follows the zguide's Paranoid Pirate worker:
 *
 *	  - start: REGISTER (id, host, slots, memory, shuffle endpoint, version,
 *		pid); REGISTERED ends the REGISTERING state, REFUSED ends the
 *		process with exit code 1 after logging the coordinator's reason.
 *	  - HEARTBEAT every heartbeat_interval (the coordinator's, once it has
 *		told us); any message from the coordinator counts as its heartbeat.
 *		After heartbeat_liveness silent intervals the worker closes its
 *		socket, opens a new one and registers again.
 *	  - REREGISTER (the coordinator does not know us: it restarted, or it
 *		declared us lost) also starts a new registration.
 *
 *	  Every registration has a generation number.  Tasks of an earlier
 *	  generation belong to a coordinator that has given up on them: a new
 *	  registration cancels them and drops whatever they still report, so the
 *	  coordinator sees a registered worker with no tasks.
 *
 *	  The slot threads send RESULT and STATUS payloads to the loop, which
 *	  adds the envelope and forwards them.  The DEALER never blocks the loop:
 *	  a message it cannot take goes to an outbox, and while the outbox holds
 *	  anything the loop stops reading the slots, whose PUSH sockets then
 *	  fill and hold the tasks back.
 *
 *	  SIGTERM or SIGINT drains the worker: queued tasks and new TASKs fail
 *	  with TASK_LOST (the coordinator retries them elsewhere), heartbeats say
 *	  draining, running tasks finish, then DEREGISTER and exit 0.  A second
 *	  signal cancels the running tasks.
 *
 *	  Test hook: the environment variable QUARRY_TEST_WORKER_VERSION, when
 *	  set, replaces the version the worker reports in REGISTER, so that tests
 *	  can see a coordinator refuse a worker of another version.
 */
#include "worker.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "common/log.h"
#include "keys.h"
#include "quarry_config.h"
#include "shuffle_service.h"
#include "slots.h"
#include "wire/frame.h"
#include "zmsg.h"

#define SLOTS_ENDPOINT		"inproc://quarry-worker-slots"
#define MAX_TASK_SIZE		(256 * 1024 * 1024)
#define DRAIN_LINGER_MS		2000	/* time to deliver DEREGISTER */
#define DEALER_SNDHWM		64		/* messages queued before the outbox holds them */
#define RECONNECT_LOG_EVERY	12		/* log one reconnect in this many */
#define DEALER_PARTS		FRAME_MAX_PARTS
#define SLOT_PARTS			3

typedef enum ConnState {
	CONN_REGISTERING,			/* REGISTER sent, no REGISTERED yet */
	CONN_REGISTERED
} ConnState;

typedef struct WorkerLoop {
	const Config *cfg;
	char		id[64];
	const char *version;
	void	   *ctx;
	void	   *dealer;
	void	   *monitor;		/* events of the DEALER's handshakes */
	int			monitor_seq;
	void	   *pull;			/* from the slot threads */
	ShuffleService *shuffle;
	ShuffleStore *store;		/* map outputs (exec/shuffle_store.h) */
	int			sigfd;
	SlotPool   *pool;
	SlotTask   *live;			/* queued or running, until their STATUS */
	int			nlive;
	unsigned	generation;
	ConnState	state;
	int64_t		interval;
	int64_t		last_heard;		/* monotonic ms of the coordinator's last message */
	int64_t		last_beat;
	int64_t		register_sent;
	int64_t		handshake_warned;
	int			reconnects;		/* since the coordinator was last heard */
	ZmsgOutbox	outbox;			/* what the DEALER could not take yet */
	bool		draining;
	bool		done;
	int			exit_code;
	int			linger;			/* ms to deliver the last messages at exit */
	KeyZ85		server_pub;
	KeyZ85		public_key;
	KeyZ85		secret_key;
} WorkerLoop;

static void start_drain(WorkerLoop *w, const char *why);

/* post sends msg with cmd to the coordinator, through the outbox. */
static void
post(WorkerLoop *w, FrameCmd cmd, const ProtobufCMessage *msg)
{
	zmsg_outbox_post(&w->outbox, w->dealer, cmd, msg);
}

static void
send_register(WorkerLoop *w)
{
	Quarry__Register reg = QUARRY__REGISTER__INIT;

	reg.worker_id = w->id;
	reg.host = (char *) w->cfg->worker_host;
	reg.slots = slots_count(w->pool);
	reg.memory = w->cfg->worker_memory;
	reg.shuffle_endpoint = (char *) shuffle_service_endpoint(w->shuffle);
	reg.version = (char *) w->version;
	reg.pid = (int32_t) getpid();
	post(w, FRAME_REGISTER, &reg.base);
	w->state = CONN_REGISTERING;
	w->register_sent = zmsg_now_ms();
}

static void
send_heartbeat(WorkerLoop *w)
{
	Quarry__Heartbeat hb = QUARRY__HEARTBEAT__INIT;

	if (w->outbox.head != NULL)
		return;					/* the coordinator is not reading: no use */
	hb.running_tasks = w->nlive;
	hb.draining = w->draining;
	post(w, FRAME_HEARTBEAT, &hb.base);
	w->last_beat = zmsg_now_ms();
}

/* send_lost reports that this worker will not run a task: retry it elsewhere. */
static void
send_lost(WorkerLoop *w, const Quarry__TaskKey *key, const char *why)
{
	Quarry__TaskStatus st = QUARRY__TASK_STATUS__INIT;
	Quarry__TaskKey copy = *key;
	char		message[160];

	snprintf(message, sizeof(message), "worker %s %s", w->id, why);
	st.key = &copy;
	st.state = QUARRY__TASK_STATE__TASK_FAILED;
	st.kind = QUARRY__FAILURE_KIND__TASK_LOST;
	st.sqlstate = "57P01";		/* admin_shutdown */
	st.message = message;
	post(w, FRAME_STATUS, &st.base);
}

static void
live_remove(WorkerLoop *w, SlotTask *t)
{
	for (SlotTask **p = &w->live; *p != NULL; p = &(*p)->live_next) {
		if (*p == t) {
			*p = t->live_next;
			w->nlive--;
			return;
		}
	}
}

/* cancel_all sets the cancel flag of every task of the loop. */
static void
cancel_all(WorkerLoop *w)
{
	for (SlotTask *t = w->live; t != NULL; t = t->live_next)
		atomic_store(&t->cancel, true);
}

/* withdraw_queued fails the tasks no slot has started with TASK_LOST. */
static void
withdraw_queued(WorkerLoop *w)
{
	SlotTask   *t;

	while ((t = slots_withdraw(w->pool)) != NULL) {
		if (t->generation == w->generation)
			send_lost(w, &t->key, "is shutting down");
		live_remove(w, t);
		slot_task_free(t);
	}
}

/*
 * new_registration starts registering afresh: the tasks of the previous
 * registration are cancelled, and what they report from now on is dropped.
 */
static void
new_registration(WorkerLoop *w)
{
	w->generation++;
	cancel_all(w);
	shuffle_store_drop_all(w->store);	/* no query will read them now */
	if (!w->draining)
		send_register(w);
}

static void
on_registered(WorkerLoop *w, const Quarry__RegisterReply *reply)
{
	if (reply->heartbeat_interval_ms >= 10 &&
		reply->heartbeat_interval_ms != w->interval) {
		log_info("using the coordinator's heartbeat interval of %lld ms",
				 (long long) reply->heartbeat_interval_ms);
		w->interval = reply->heartbeat_interval_ms;
	}
	if (w->state != CONN_REGISTERED)
		log_log("registered with coordinator %s as %s (%d slots)",
				w->cfg->coordinator, w->id, slots_count(w->pool));
	w->state = CONN_REGISTERED;
}

static void
on_refused(WorkerLoop *w, const Quarry__RegisterReply *reply)
{
	char		reason[256];

	zmsg_printable(reply->reason, strlen(reply->reason), reason, sizeof(reason));
	log_fatal("coordinator %s refused this worker: %s", w->cfg->coordinator, reason);
	w->exit_code = 1;
	w->done = true;
}

/*
 * on_reregister answers a coordinator that does not know us.  While a
 * REGISTER is on its way, the REREGISTERs answering the heartbeats queued
 * before it are ignored; a later one means the REGISTER was lost.
 */
static void
on_reregister(WorkerLoop *w)
{
	if (w->draining) {
		cancel_all(w);			/* their query is gone with the coordinator */
		return;
	}
	if (w->state == CONN_REGISTERING &&
		zmsg_now_ms() - w->register_sent < w->interval)
		return;
	log_log("coordinator %s asked this worker to register again",
			w->cfg->coordinator);
	new_registration(w);
}

static void
on_task(WorkerLoop *w, const Quarry__TaskLaunch *launch)
{
	SlotTask   *t;

	if (launch->key == NULL) {
		log_warning("dropping a TASK without a task key");
		return;
	}
	if (w->draining) {
		send_lost(w, launch->key, "is draining");
		return;
	}
	if ((t = slot_task_new(launch, w->generation)) == NULL) {
		log_error("out of memory accepting a task of query %llu",
				  (unsigned long long) launch->key->query);
		send_lost(w, launch->key, "is out of memory");
		return;
	}
	t->live_next = w->live;
	w->live = t;
	w->nlive++;
	slots_submit(w->pool, t);
}

static void
on_cancel(WorkerLoop *w, const Quarry__TaskCancel *cancel)
{
	if (cancel->key == NULL)
		return;
	for (SlotTask *t = w->live; t != NULL; t = t->live_next)
		if (t->generation == w->generation &&
			slot_task_key_equal(&t->key, cancel->key))
			atomic_store(&t->cancel, true);
}

static void
dispatch(WorkerLoop *w, FrameCmd cmd, const ProtobufCMessage *msg)
{
	switch (cmd) {
		case FRAME_REGISTERED:
			on_registered(w, (const Quarry__RegisterReply *) msg);
			break;
		case FRAME_REFUSED:
			on_refused(w, (const Quarry__RegisterReply *) msg);
			break;
		case FRAME_TASK:
			on_task(w, (const Quarry__TaskLaunch *) msg);
			break;
		case FRAME_CANCEL:
			on_cancel(w, (const Quarry__TaskCancel *) msg);
			break;
		case FRAME_QUERY_END:
			shuffle_store_drop_query(w->store, ((const Quarry__QueryEnd *) msg)->query);
			break;
		default:				/* HEARTBEAT: its arrival was the point */
			break;
	}
}

/* on_frame handles one envelope from the coordinator. */
static void
on_frame(WorkerLoop *w, const Frame *f)
{
	ProtobufCMessage *msg;
	Err			err;

	err_clear(&err);
	w->last_heard = zmsg_now_ms();
	w->reconnects = 0;
	if (!frame_cmd_from_coordinator(f->cmd)) {
		log_warning("unexpected %s from the coordinator", frame_cmd_name(f->cmd));
		return;
	}
	if (f->cmd == FRAME_REREGISTER) {
		on_reregister(w);
		return;
	}
	if (f->cmd == FRAME_SHUTDOWN) {
		start_drain(w, "the coordinator asked this worker to shut down");
		return;
	}
	if ((msg = frame_unpack(f, &err)) == NULL) {
		log_warning("dropping a message from the coordinator: %s", err.message);
		return;
	}
	dispatch(w, f->cmd, msg);
	protobuf_c_message_free_unpacked(msg, NULL);
}

static void
drain_dealer(WorkerLoop *w)
{
	zmq_msg_t	parts[DEALER_PARTS];
	int			n;
	Frame		frame;
	Err			err;

	while (!w->done && zmsg_recv(w->dealer, parts, DEALER_PARTS, &n)) {
		err_clear(&err);
		if (!zmsg_decode(parts, n, &frame, &err))
			log_warning("dropping a message from the coordinator: %s", err.message);
		else
			on_frame(w, &frame);
		zmsg_close(parts, n, DEALER_PARTS);
	}
}

/* on_slot_message forwards one report of a slot thread. */
static void
on_slot_message(WorkerLoop *w, zmq_msg_t *parts, int n)
{
	SlotTask   *t;
	FrameCmd	cmd;

	if (n != SLOT_PARTS || zmq_msg_size(&parts[0]) != sizeof(t) ||
		zmq_msg_size(&parts[1]) != 1) {
		log_warning("malformed message from a slot thread");
		return;
	}
	memcpy(&t, zmq_msg_data(&parts[0]), sizeof(t));
	cmd = (FrameCmd) ((uint8_t *) zmq_msg_data(&parts[1]))[0];
	if (t->generation == w->generation)
		zmsg_outbox_send(&w->outbox, w->dealer, cmd, &parts[2]);
	if (cmd == FRAME_STATUS) {
		log_debug("task %d.%d.%d of query %llu ended", t->key.stage,
				  t->key.partition, t->key.attempt,
				  (unsigned long long) t->key.query);
		live_remove(w, t);
		slot_task_free(t);
	}
}

/* drain_slots forwards slot reports while the DEALER keeps taking them. */
static void
drain_slots(WorkerLoop *w)
{
	zmq_msg_t	parts[SLOT_PARTS];
	int			n;

	while (w->outbox.head == NULL && zmsg_recv(w->pull, parts, SLOT_PARTS, &n)) {
		on_slot_message(w, parts, n);
		zmsg_close(parts, n, SLOT_PARTS);
	}
}

/*
 * warn_handshake logs a failed CurveZMQ handshake at most once per
 * silence period: the socket retries every 100 ms.
 */
static void
warn_handshake(WorkerLoop *w, uint32_t code)
{
	int64_t		now = zmsg_now_ms();

	if (w->handshake_warned != 0 &&
		now - w->handshake_warned < w->interval * w->cfg->heartbeat_liveness)
		return;
	w->handshake_warned = now;
	if (code == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH)
		log_error("the coordinator at %s does not speak the same security "
				  "mechanism (set cluster_curve the same on both sides)",
				  w->cfg->coordinator);
	else
		log_error("could not complete the CurveZMQ handshake with %s; does "
				  "server.pub hold the coordinator's public key?",
				  w->cfg->coordinator);
}

/* on_monitor reads the DEALER's handshake events. */
static void
on_monitor(WorkerLoop *w)
{
	zmq_msg_t	parts[2];
	int			n;

	while (!w->done && zmsg_recv(w->monitor, parts, 2, &n)) {
		uint16_t	event = 0;
		uint32_t	value = 0;

		if (zmq_msg_size(&parts[0]) >= 6) {
			memcpy(&event, zmq_msg_data(&parts[0]), sizeof(event));
			memcpy(&value, (uint8_t *) zmq_msg_data(&parts[0]) + 2, sizeof(value));
		}
		zmsg_close(parts, n, 2);
		if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
			log_fatal("the coordinator at %s refused this worker's CurveZMQ key "
					  "(status %u); add worker.pub to its authorized_workers",
					  w->cfg->coordinator, value);
			w->exit_code = 1;
			w->done = true;
		} else if (w->cfg->cluster_curve || event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
			warn_handshake(w, value);
	}
}

static void
close_dealer(WorkerLoop *w, int linger)
{
	if (w->dealer != NULL) {
		zmq_setsockopt(w->dealer, ZMQ_LINGER, &linger, sizeof(linger));
		if (w->monitor != NULL)
			zmq_socket_monitor(w->dealer, NULL, 0);
		zmq_close(w->dealer);
		w->dealer = NULL;
	}
	if (w->monitor != NULL) {
		zmq_close(w->monitor);
		w->monitor = NULL;
	}
	zmsg_outbox_clear(&w->outbox);
}

/* watch_handshakes attaches a monitor to the DEALER for failed handshakes. */
static bool
watch_handshakes(WorkerLoop *w, Err *err)
{
	char		endpoint[64];
	int			zero = 0;

	snprintf(endpoint, sizeof(endpoint), "inproc://quarry-worker-monitor-%d",
			 ++w->monitor_seq);
	if (zmq_socket_monitor(w->dealer, endpoint,
						   ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
						   ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
						   ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) != 0 ||
		(w->monitor = zmq_socket(w->ctx, ZMQ_PAIR)) == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not monitor the cluster socket: %s",
					   zmq_strerror(errno));
	zmq_setsockopt(w->monitor, ZMQ_LINGER, &zero, sizeof(zero));
	if (zmq_connect(w->monitor, endpoint) != 0)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not monitor the cluster socket: %s",
					   zmq_strerror(errno));
	return true;
}

static bool
set_curve_client(WorkerLoop *w, Err *err)
{
	if (zmq_setsockopt(w->dealer, ZMQ_CURVE_SERVERKEY, w->server_pub, KEYS_Z85_LEN) != 0 ||
		zmq_setsockopt(w->dealer, ZMQ_CURVE_PUBLICKEY, w->public_key, KEYS_Z85_LEN) != 0 ||
		zmq_setsockopt(w->dealer, ZMQ_CURVE_SECRETKEY, w->secret_key, KEYS_Z85_LEN) != 0)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not set up CurveZMQ: %s",
					   zmq_strerror(errno));
	return true;
}

/* open_dealer connects a new DEALER, named by the worker id, to the coordinator. */
static bool
open_dealer(WorkerLoop *w, Err *err)
{
	int			zero = 0;
	int			hwm = DEALER_SNDHWM;
	int64_t		maxsize = MAX_TASK_SIZE;

	if ((w->dealer = zmq_socket(w->ctx, ZMQ_DEALER)) == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not create the cluster socket: %s",
					   zmq_strerror(errno));
	zmq_setsockopt(w->dealer, ZMQ_ROUTING_ID, w->id, strlen(w->id));
	zmq_setsockopt(w->dealer, ZMQ_LINGER, &zero, sizeof(zero));
	zmq_setsockopt(w->dealer, ZMQ_MAXMSGSIZE, &maxsize, sizeof(maxsize));
	zmq_setsockopt(w->dealer, ZMQ_SNDHWM, &hwm, sizeof(hwm));
	if (w->cfg->cluster_curve && !set_curve_client(w, err))
		return false;
	if (!watch_handshakes(w, err))
		return false;
	if (zmq_connect(w->dealer, w->cfg->coordinator) != 0)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "invalid coordinator endpoint \"%s\": %s (expected tcp://HOST:PORT)",
					   w->cfg->coordinator, zmq_strerror(errno));
	return true;
}

/* reconnect replaces a socket whose coordinator went silent (Paranoid Pirate). */
static void
reconnect(WorkerLoop *w, int64_t silent_ms)
{
	Err			err;

	err_clear(&err);
	if (w->reconnects++ % RECONNECT_LOG_EVERY == 0)
		log_log("coordinator %s silent for %d ms; reconnecting",
				w->cfg->coordinator, (int) silent_ms);
	close_dealer(w, 0);
	if (!open_dealer(w, &err)) {
		log_fatal("%s", err.message);
		w->exit_code = 1;
		w->done = true;
		return;
	}
	w->last_heard = zmsg_now_ms();
	new_registration(w);
}

/* start_drain stops taking tasks; the loop exits once the running ones end. */
static void
start_drain(WorkerLoop *w, const char *why)
{
	if (w->draining) {
		log_log("%s again: cancelling %d running tasks", why, w->nlive);
		cancel_all(w);
		return;
	}
	log_log("%s: draining, %d tasks running", why, w->nlive);
	w->draining = true;
	withdraw_queued(w);
	send_heartbeat(w);
}

static void
on_signal(WorkerLoop *w)
{
	struct signalfd_siginfo si;

	while (read(w->sigfd, &si, sizeof(si)) == (ssize_t) sizeof(si))
		start_drain(w, si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
}

/* on_timers sends heartbeats and watches the coordinator's silence. */
static void
on_timers(WorkerLoop *w)
{
	int64_t		now = zmsg_now_ms();
	int64_t		silent = now - w->last_heard;

	if (silent > w->interval * w->cfg->heartbeat_liveness) {
		if (w->draining) {
			log_log("coordinator %s silent for %d ms; leaving without it",
					w->cfg->coordinator, (int) silent);
			cancel_all(w);
			w->last_heard = now;	/* once */
		} else
			reconnect(w, silent);
	} else if (now - w->last_beat >= w->interval)
		send_heartbeat(w);
}

/* timeout_ms is how long zmq_poll may wait: until the next heartbeat is due. */
static long
timeout_ms(const WorkerLoop *w)
{
	int64_t		left = w->last_beat + w->interval - zmsg_now_ms();

	if (left < 0)
		return 0;
	return left < w->interval / 4 + 1 ? (long) left : (long) (w->interval / 4 + 1);
}

/* poll_once waits for one round of input and handles it. */
static void
poll_once(WorkerLoop *w)
{
	zmq_pollitem_t items[5] = {
		{w->dealer, 0, ZMQ_POLLIN | (w->outbox.head ? ZMQ_POLLOUT : 0), 0},
		{w->pull, 0, w->outbox.head ? 0 : ZMQ_POLLIN, 0},
		{w->monitor, 0, ZMQ_POLLIN, 0},
		{shuffle_service_socket(w->shuffle), 0, ZMQ_POLLIN, 0},
		{NULL, w->sigfd, ZMQ_POLLIN, 0},
	};

	if (zmq_poll(items, 5, timeout_ms(w)) < 0) {
		if (errno != EINTR)
			log_error("zmq_poll failed: %s", zmq_strerror(errno));
		return;
	}
	if (items[4].revents & ZMQ_POLLIN)
		on_signal(w);
	if (items[2].revents & ZMQ_POLLIN)
		on_monitor(w);
	if (!w->done && (items[0].revents & ZMQ_POLLIN))
		drain_dealer(w);
	if (!w->done && w->outbox.head != NULL)
		zmsg_outbox_flush(&w->outbox, w->dealer);
	if (!w->done && (items[1].revents & ZMQ_POLLIN))
		drain_slots(w);
	if (items[3].revents & ZMQ_POLLIN)
		shuffle_service_handle(w->shuffle);
}

/*
 * leave ends a drained worker: DEREGISTER if the coordinator knows it, with
 * DRAIN_LINGER_MS to deliver it.
 */
static void
leave(WorkerLoop *w)
{
	Quarry__Deregister d = QUARRY__DEREGISTER__INIT;

	if (w->state == CONN_REGISTERED) {
		d.reason = "drained";
		post(w, FRAME_DEREGISTER, &d.base);
		w->linger = DRAIN_LINGER_MS;
	}
	log_log("drained; leaving the cluster");
	w->done = true;
}

/* run is the loop; it returns once the worker is done or drained. */
static void
run(WorkerLoop *w)
{
	send_register(w);
	w->last_heard = zmsg_now_ms();
	w->last_beat = w->last_heard;
	while (!w->done) {
		poll_once(w);
		if (w->done)
			break;
		on_timers(w);
		if (w->draining && w->nlive == 0 && w->outbox.head == NULL)
			leave(w);
	}
}

/* set_identity names the worker: worker_id, or HOSTNAME-PID. */
static bool
set_identity(WorkerLoop *w, Err *err)
{
	char		host[256] = "worker";

	if (w->cfg->worker_id[0] != '\0')
		snprintf(w->id, sizeof(w->id), "%s", w->cfg->worker_id);
	else {
		if (gethostname(host, sizeof(host)) != 0)
			snprintf(host, sizeof(host), "worker");
		host[sizeof(host) - 1] = '\0';
		snprintf(w->id, sizeof(w->id), "%.48s-%d", host, (int) getpid());
	}
	for (const char *p = w->id; *p; p++)
		if (*p <= ' ' || *p > '~')
			return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
						   "invalid worker_id \"%s\": use printable characters "
						   "without spaces", w->id);
	return true;
}

static bool
read_keys(WorkerLoop *w, Err *err)
{
	char		dir[1100];

	keys_dir(w->cfg, dir, sizeof(dir));
	return keys_read(dir, "server.pub", w->server_pub, err) &&
		keys_read(dir, "worker.pub", w->public_key, err) &&
		keys_read(dir, "worker.key", w->secret_key, err);
}

/* take_signals routes SIGTERM and SIGINT to a signalfd the loop polls. */
static bool
take_signals(WorkerLoop *w, Err *err)
{
	sigset_t	mask;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0 ||
		(w->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not set up signals: %s",
					   strerror(errno));
	return true;
}

static void *
bound_socket(WorkerLoop *w, int type, const char *endpoint, Err *err)
{
	void	   *sock = zmq_socket(w->ctx, type);
	int			zero = 0;

	if (sock == NULL) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not create a socket: %s",
				zmq_strerror(errno));
		return NULL;
	}
	zmq_setsockopt(sock, ZMQ_LINGER, &zero, sizeof(zero));
	if (zmq_bind(sock, endpoint) != 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not bind %s: %s", endpoint,
				zmq_strerror(errno));
		zmq_close(sock);
		return NULL;
	}
	return sock;
}

/*
 * sweep_dead_stores removes the shuffle directories of earlier workers of
 * this host whose automatic ids (HOST-PID) name processes that are gone.
 */
static void
sweep_dead_stores(WorkerLoop *w, const char *parent)
{
	char		host[64];
	const char *dash = strrchr(w->id, '-');
	size_t		hlen = dash != NULL ? (size_t) (dash - w->id) : 0;
	DIR		   *d;
	struct dirent *e;

	if (w->cfg->worker_id[0] != '\0' || hlen == 0 || hlen >= sizeof(host) ||
		(d = opendir(parent)) == NULL)
		return;
	memcpy(host, w->id, hlen);
	host[hlen] = '\0';
	while ((e = readdir(d)) != NULL) {
		char	   *end;
		long		pid;
		char		path[1400 + 256];
		ShuffleStore *old;
		Err			err;

		if (strncmp(e->d_name, host, hlen) != 0 || e->d_name[hlen] != '-')
			continue;
		pid = strtol(e->d_name + hlen + 1, &end, 10);
		if (*end != '\0' || pid <= 0 || pid == (long) getpid() ||
			kill((pid_t) pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/%s", parent, e->d_name);
		err_clear(&err);
		old = shuffle_store_open(path, 0, &err);	/* empties it */
		shuffle_store_close(&old);
		if (rmdir(path) == 0)
			log_log("removed the shuffle directory of a gone worker: %s", path);
	}
	closedir(d);
}

/*
 * open_store opens the shuffle store in DATA_DIR/shuffle/<worker id>,
 * emptied of an earlier run's spill files.
 */
static bool
open_store(WorkerLoop *w, Err *err)
{
	char		dir[1200];
	size_t		at;

	at = (size_t) snprintf(dir, sizeof(dir), "%s/shuffle/", w->cfg->data_dir);
	for (const char *p = w->id; *p != '\0' && at + 1 < sizeof(dir); p++)
		dir[at++] = (*p == '/' || (*p == '.' && p == w->id)) ? '_' : *p;
	dir[at] = '\0';
	w->store = shuffle_store_open(dir, w->cfg->shuffle_memory_limit, err);
	if (w->store == NULL)
		return false;
	snprintf(dir, sizeof(dir), "%s/shuffle", w->cfg->data_dir);
	sweep_dead_stores(w, dir);
	return true;
}

static bool
setup(WorkerLoop *w, Err *err)
{
	const char *test_version = getenv("QUARRY_TEST_WORKER_VERSION");
	long		cores = sysconf(_SC_NPROCESSORS_ONLN);
	int			nslots = w->cfg->worker_slots > 0 ? w->cfg->worker_slots :
		(cores > 0 ? (int) cores : 1);
	TaskEnv		env;

	w->version = test_version != NULL ? test_version : QUARRY_VERSION;
	w->interval = w->cfg->heartbeat_interval;
	if (!set_identity(w, err) || !take_signals(w, err))
		return false;
	if (w->cfg->cluster_curve && !read_keys(w, err))
		return false;
	if ((w->ctx = zmq_ctx_new()) == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not create a ZeroMQ context: %s",
					   zmq_strerror(errno));
	if (!open_store(w, err) ||
		(w->shuffle = shuffle_service_open(w->ctx, w->cfg->worker_host, w->store, err)) == NULL)
		return false;
	env.store = w->store;
	env.self_endpoint = shuffle_service_endpoint(w->shuffle);
	env.zmq_ctx = w->ctx;
	env.fetch_timeout_ms = w->cfg->shuffle_fetch_timeout;
	env.zstd_level = w->cfg->shuffle_zstd_level;
	if ((w->pull = bound_socket(w, ZMQ_PULL, SLOTS_ENDPOINT, err)) == NULL ||
		(w->pool = slots_open(w->ctx, SLOTS_ENDPOINT, nslots, &env, err)) == NULL ||
		!open_dealer(w, err))
		return false;
	return true;
}

/*
 * teardown ends the worker.  After a drain nothing is running and the
 * DEREGISTER gets DRAIN_LINGER_MS to leave; otherwise running tasks are
 * cancelled and the context shut down, which unblocks any slot thread.
 */
static void
teardown(WorkerLoop *w)
{
	bool		drained = w->exit_code == 0;

	cancel_all(w);
	if (w->ctx != NULL && !drained)
		zmq_ctx_shutdown(w->ctx);
	slots_close(&w->pool);
	while (w->live != NULL) {
		SlotTask   *t = w->live;

		w->live = t->live_next;
		slot_task_free(t);
	}
	close_dealer(w, w->linger);
	if (w->pull != NULL)
		zmq_close(w->pull);
	shuffle_service_close(&w->shuffle);
	if (w->ctx != NULL)
		zmq_ctx_term(w->ctx);
	shuffle_store_close(&w->store);
	if (w->sigfd >= 0)
		close(w->sigfd);
	memset(w->secret_key, 0, sizeof(w->secret_key));
}

/* worker_main runs `quarry worker`; 0 after a drain, 1 on a fatal error. */
int
worker_main(const Config *cfg)
{
	WorkerLoop	w;
	Err			err;

	memset(&w, 0, sizeof(w));
	w.cfg = cfg;
	w.sigfd = -1;
	err_clear(&err);
	if (!setup(&w, &err)) {
		log_fatal("%s", err.message);
		if (err.hint[0] != '\0')
			log_fatal("HINT:  %s", err.hint);
		w.exit_code = 1;
		teardown(&w);
		return 1;
	}
	log_log("worker %s starting: coordinator %s, %d slots, shuffle endpoint %s",
			w.id, cfg->coordinator, slots_count(w.pool),
			shuffle_service_endpoint(w.shuffle));
	run(&w);
	teardown(&w);
	return w.exit_code;
}
