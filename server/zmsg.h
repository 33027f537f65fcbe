/*
 * zmsg.h
 *	  ZeroMQ helpers shared by the coordinator's cluster manager (cluster.c,
 *	  zap.c) and the worker (worker.c): multipart receive, sending the
 *	  envelope of wire/frame.h, an outbox for a socket that must not block,
 *	  and joining a socket's edge-triggered ZMQ_FD to a libevent loop.
 */
#ifndef QUARRY_ZMSG_H
#define QUARRY_ZMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <zmq.h>

#include "common/err.h"
#include "wire/frame.h"

bool		zmsg_readable(void *sock);
bool		zmsg_recv(void *sock, zmq_msg_t *parts, int max, int *nparts);
void		zmsg_close(zmq_msg_t *parts, int nparts, int max);
bool		zmsg_decode(zmq_msg_t *parts, int nparts, Frame *out, Err *err) MUST_CHECK;
int			zmsg_send_header(void *sock, const char *identity, FrameCmd cmd);
int			zmsg_send_frame(void *sock, const char *identity, FrameCmd cmd,
							const ProtobufCMessage *msg);
const char *zmsg_printable(const char *s, size_t len, char *out, size_t size);
int64_t		zmsg_now_ms(void);

/*
 * An outbox holds the messages a DEALER could not take yet, in order; see
 * zmsg_outbox_send.
 */
typedef struct ZmsgPending ZmsgPending;
typedef struct ZmsgOutbox {
	ZmsgPending *head;
	ZmsgPending *tail;
} ZmsgOutbox;

void		zmsg_outbox_send(ZmsgOutbox *box, void *sock, FrameCmd cmd,
							 zmq_msg_t *payload);
void		zmsg_outbox_post(ZmsgOutbox *box, void *sock, FrameCmd cmd,
							 const ProtobufCMessage *msg);
bool		zmsg_outbox_flush(ZmsgOutbox *box, void *sock);
void		zmsg_outbox_clear(ZmsgOutbox *box);

struct event *zmsg_watch(struct event_base *base, void *sock,
						 event_callback_fn cb, void *arg, Err *err);
void		zmsg_rearm(struct event *ev, void *sock);

#endif							/* QUARRY_ZMSG_H */
