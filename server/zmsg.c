/*
 * zmsg.c
 *	  ZeroMQ helpers shared by the cluster manager and the worker.  See zmsg.h.
 *
 *	  ZMQ_FD is edge-triggered: it signals a change of ZMQ_EVENTS, not the
 *	  presence of input, and a send on the socket may consume the edge of a
 *	  message that arrived meanwhile (ipython/ipykernel#307).  So a handler
 *	  drains while zmsg_readable() holds, and after sending outside the
 *	  handler the sender calls zmsg_rearm(), which makes the event active
 *	  again when input is waiting.
 *
 *	  zmsg_readable, zmsg_recv, zmsg_close, zmsg_decode, zmsg_send_header,
 *	  zmsg_send_frame, zmsg_printable, zmsg_now_ms, zmsg_outbox_send,
 *	  zmsg_outbox_post, zmsg_outbox_flush, zmsg_outbox_clear, zmsg_watch,
 *	  zmsg_rearm
 */
#include "zmsg.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"

struct ZmsgPending {
	ZmsgPending *next;
	FrameCmd	cmd;
	zmq_msg_t	payload;
};

/* zmsg_readable reports whether sock holds a message to receive. */
bool
zmsg_readable(void *sock)
{
	int			events = 0;
	size_t		size = sizeof(events);

	if (zmq_getsockopt(sock, ZMQ_EVENTS, &events, &size) != 0)
		return false;
	return (events & ZMQ_POLLIN) != 0;
}

/*
 * zmsg_recv receives one multipart message without blocking into parts (at
 * most max; further parts are dropped but counted in *nparts).  False when
 * no message was waiting.  Close the parts with zmsg_close.
 */
bool
zmsg_recv(void *sock, zmq_msg_t *parts, int max, int *nparts)
{
	int			more = 1;
	size_t		size = sizeof(more);

	*nparts = 0;
	while (more) {
		zmq_msg_t	spare;
		zmq_msg_t  *m = *nparts < max ? &parts[*nparts] : &spare;

		zmq_msg_init(m);
		if (zmq_msg_recv(m, sock, *nparts == 0 ? ZMQ_DONTWAIT : 0) < 0) {
			zmq_msg_close(m);
			return *nparts > 0;
		}
		if (m == &spare)
			zmq_msg_close(m);
		(*nparts)++;
		if (zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &size) != 0)
			more = 0;
	}
	return true;
}

/* zmsg_close closes the parts zmsg_recv stored. */
void
zmsg_close(zmq_msg_t *parts, int nparts, int max)
{
	for (int i = 0; i < nparts && i < max; i++)
		zmq_msg_close(&parts[i]);
}

/*
 * zmsg_decode checks the envelope parts of a received message (the
 * identity, if any, already skipped).  nparts may exceed the parts stored
 * (see zmsg_recv); frame_decode then refuses the message.
 */
bool
zmsg_decode(zmq_msg_t *parts, int nparts, Frame *out, Err *err)
{
	FramePart	fp[FRAME_MAX_PARTS];
	int			n = nparts < FRAME_MAX_PARTS ? nparts : FRAME_MAX_PARTS;

	for (int i = 0; i < n; i++) {
		fp[i].data = zmq_msg_data(&parts[i]);
		fp[i].len = zmq_msg_size(&parts[i]);
	}
	return frame_decode(fp, nparts, out, err);
}

/*
 * zmsg_send_header sends [identity][delimiter][version][command], each part
 * with SNDMORE: the payload part must follow.  The first part does not
 * block; it fails with errno EAGAIN when the peer's queue is full, or
 * EHOSTUNREACH when a ROUTER does not know the identity.  Once the first
 * part is queued the rest of the message cannot fail.  0 or -1.
 */
int
zmsg_send_header(void *sock, const char *identity, FrameCmd cmd)
{
	FramePart	head[FRAME_HEADER_PARTS];
	int			first = 0;

	frame_header(cmd, head);
	if (identity != NULL) {
		if (zmq_send(sock, identity, strlen(identity), ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
			return -1;
	} else {
		if (zmq_send(sock, head[0].data, head[0].len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
			return -1;
		first = 1;
	}
	for (int i = first; i < FRAME_HEADER_PARTS; i++)
		zmq_send(sock, head[i].data, head[i].len, ZMQ_SNDMORE);
	return 0;
}

static void
free_buffer(void *data, void *hint)
{
	free(data);
}

/*
 * zmsg_send_frame sends cmd with msg packed as its payload (NULL: an empty
 * payload) without blocking; errors as zmsg_send_header, or ENOMEM.
 */
int
zmsg_send_frame(void *sock, const char *identity, FrameCmd cmd,
				const ProtobufCMessage *msg)
{
	zmq_msg_t	payload;
	uint8_t    *buf = NULL;
	size_t		len = 0;

	if (msg != NULL && (buf = frame_pack(msg, &len)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (zmsg_send_header(sock, identity, cmd) < 0) {
		int			saved = errno;

		free(buf);
		errno = saved;
		return -1;
	}
	if (buf == NULL)
		zmq_msg_init(&payload);
	else
		zmq_msg_init_data(&payload, buf, len, free_buffer, NULL);
	if (zmq_msg_send(&payload, sock, 0) < 0) {
		zmq_msg_close(&payload);
		return -1;
	}
	return 0;
}

/*
 * zmsg_printable copies untrusted text (a peer's id, version or reason) for
 * a log line, at most size - 1 bytes, with '?' for anything unprintable.
 */
const char *
zmsg_printable(const char *s, size_t len, char *out, size_t size)
{
	size_t		n = len < size - 1 ? len : size - 1;

	for (size_t i = 0; i < n; i++)
		out[i] = isprint((unsigned char) s[i]) ? s[i] : '?';
	out[n] = '\0';
	return out;
}

/* zmsg_now_ms is the monotonic clock in milliseconds. */
int64_t
zmsg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* try_send hands one message to sock (no identity); false if it must wait. */
static bool
try_send(void *sock, FrameCmd cmd, zmq_msg_t *payload)
{
	if (zmsg_send_header(sock, NULL, cmd) != 0)
		return false;
	if (zmq_msg_send(payload, sock, 0) < 0)
		zmq_msg_close(payload);
	return true;
}

/*
 * zmsg_outbox_send sends cmd and payload on sock (a DEALER: no identity)
 * without blocking, or queues them behind earlier messages the socket did
 * not take.  The payload is moved: the caller's zmq_msg_t is left empty.
 */
void
zmsg_outbox_send(ZmsgOutbox *box, void *sock, FrameCmd cmd, zmq_msg_t *payload)
{
	ZmsgPending *p;

	if (box->head == NULL && try_send(sock, cmd, payload))
		return;
	if ((p = malloc(sizeof(ZmsgPending))) == NULL) {
		log_error("out of memory: dropping a %s message", frame_cmd_name(cmd));
		zmq_msg_close(payload);
		zmq_msg_init(payload);
		return;
	}
	p->next = NULL;
	p->cmd = cmd;
	zmq_msg_init(&p->payload);
	zmq_msg_move(&p->payload, payload);
	if (box->tail != NULL)
		box->tail->next = p;
	else
		box->head = p;
	box->tail = p;
}

/* zmsg_outbox_post packs msg and sends it as zmsg_outbox_send does. */
void
zmsg_outbox_post(ZmsgOutbox *box, void *sock, FrameCmd cmd,
				 const ProtobufCMessage *msg)
{
	zmq_msg_t	payload;
	size_t		len;
	uint8_t    *buf = frame_pack(msg, &len);

	if (buf == NULL) {
		log_error("out of memory: dropping a %s message", frame_cmd_name(cmd));
		return;
	}
	zmq_msg_init_data(&payload, buf, len, free_buffer, NULL);
	zmsg_outbox_send(box, sock, cmd, &payload);
	zmq_msg_close(&payload);
}

/* zmsg_outbox_flush sends what sock now takes; true once the box is empty. */
bool
zmsg_outbox_flush(ZmsgOutbox *box, void *sock)
{
	while (box->head != NULL) {
		ZmsgPending *p = box->head;

		if (!try_send(sock, p->cmd, &p->payload))
			return false;
		if ((box->head = p->next) == NULL)
			box->tail = NULL;
		free(p);
	}
	return true;
}

/* zmsg_outbox_clear drops every queued message. */
void
zmsg_outbox_clear(ZmsgOutbox *box)
{
	while (box->head != NULL) {
		ZmsgPending *p = box->head;

		box->head = p->next;
		zmq_msg_close(&p->payload);
		free(p);
	}
	box->tail = NULL;
}

/*
 * zmsg_watch joins sock's ZMQ_FD to base; cb must drain sock.  The event
 * starts active, since input may have arrived before the watch.
 */
struct event *
zmsg_watch(struct event_base *base, void *sock, event_callback_fn cb, void *arg,
		   Err *err)
{
	int			fd;
	size_t		size = sizeof(fd);
	struct event *ev;

	if (zmq_getsockopt(sock, ZMQ_FD, &fd, &size) != 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not get ZMQ_FD: %s",
				zmq_strerror(errno));
		return NULL;
	}
	ev = event_new(base, fd, EV_READ | EV_PERSIST, cb, arg);
	if (ev == NULL || event_add(ev, NULL) != 0) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not watch a ZeroMQ socket");
		if (ev != NULL)
			event_free(ev);
		return NULL;
	}
	event_active(ev, EV_READ, 0);
	return ev;
}

/* zmsg_rearm makes ev active when sock holds input that a send may have hidden. */
void
zmsg_rearm(struct event *ev, void *sock)
{
	if (ev != NULL && zmsg_readable(sock))
		event_active(ev, EV_READ, 0);
}
