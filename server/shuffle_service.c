/*
 * shuffle_service.c
 *	  A worker's shuffle socket.  See shuffle_service.h for the protocol.
 *	  The worker loop polls shuffle_service_socket() and calls
 *	  shuffle_service_handle() when it is readable; each request is served
 *	  at once from the store (at most SHUFFLE_REPLY_BYTES read), and sent
 *	  without blocking: a reply to a peer that went away is dropped.
 *
 *	  shuffle_service_open, shuffle_service_endpoint, shuffle_service_socket,
 *	  shuffle_service_handle, shuffle_service_close
 */
#include "shuffle_service.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "common/log.h"
#include "zmsg.h"

#define SHUFFLE_PARTS 4

struct ShuffleService {
	void	   *router;
	ShuffleStore *store;
	Buf			copy;			/* a spilled block being read */
	char		endpoint[256];
};

/* shuffle_service_open binds tcp://HOST:* (an IPv6 host in brackets). */
ShuffleService *
shuffle_service_open(void *zmq_ctx, const char *host, ShuffleStore *store, Err *err)
{
	ShuffleService *s = calloc(1, sizeof(ShuffleService));
	char		endpoint[300];
	size_t		size = sizeof(s->endpoint);
	bool		v6 = strchr(host, ':') != NULL;
	int			zero = 0;
	int			one = 1;

	if (s == NULL || (s->router = zmq_socket(zmq_ctx, ZMQ_ROUTER)) == NULL) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "could not create the shuffle socket: %s",
				s == NULL ? "out of memory" : zmq_strerror(errno));
		free(s);
		return NULL;
	}
	s->store = store;
	buf_init(&s->copy);
	snprintf(endpoint, sizeof(endpoint), v6 ? "tcp://[%s]:*" : "tcp://%s:*", host);
	zmq_setsockopt(s->router, ZMQ_LINGER, &zero, sizeof(zero));
	zmq_setsockopt(s->router, ZMQ_SNDHWM, &zero, sizeof(zero));	/* replies are bounded */
	if (v6)
		zmq_setsockopt(s->router, ZMQ_IPV6, &one, sizeof(one));
	if (zmq_bind(s->router, endpoint) != 0 ||
		zmq_getsockopt(s->router, ZMQ_LAST_ENDPOINT, s->endpoint, &size) != 0) {
		err_set(err, ERRCODE_CONFIG_FILE_ERROR,
				"could not bind the shuffle port on %s: %s (check worker_host)",
				endpoint, zmq_strerror(errno));
		shuffle_service_close(&s);
		return NULL;
	}
	return s;
}

const char *
shuffle_service_endpoint(const ShuffleService *s)
{
	return s->endpoint;
}

void *
shuffle_service_socket(ShuffleService *s)
{
	return s->router;
}

/* Little-endian readers over a request. */
static uint32_t
le32(const uint8_t *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t
le64(const uint8_t *p)
{
	uint64_t	v;

	memcpy(&v, p, 8);
	return v;
}

/* send_header starts a reply to identity; false if the peer is gone. */
static bool
send_header(ShuffleService *s, zmq_msg_t *identity, ShuffleStatus status, bool last,
			uint32_t nblocks, uint64_t output_id)
{
	uint8_t		h[SHUFFLE_REPLY_HEADER];
	zmq_msg_t	id;

	memcpy(h, SHUFFLE_MAGIC, 4);
	h[4] = (uint8_t) status;
	h[5] = last;
	memcpy(h + 6, &nblocks, 4);
	memcpy(h + 10, &output_id, 8);
	zmq_msg_init(&id);
	zmq_msg_copy(&id, identity);
	if (zmq_msg_send(&id, s->router, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
		zmq_msg_close(&id);
		return false;
	}
	return zmq_send(s->router, h, sizeof(h), (nblocks > 0 ? ZMQ_SNDMORE : 0) | ZMQ_DONTWAIT) >= 0;
}

/*
 * count_blocks sets n to the blocks from start on that go into one reply,
 * and *last when they are the final ones.
 */
static uint32_t
count_blocks(const ShuffleMapOutput *o, const uint8_t *parts, uint32_t nparts,
			 uint32_t start, bool *last)
{
	uint64_t	total = 0;

	for (uint32_t i = 0; i < nparts; i++)
		total += (uint64_t) shuffle_output_nblocks(o, (int32_t) le32(parts + 4 * i));
	if (start >= total) {
		*last = true;
		return 0;
	}
	*last = total - start <= SHUFFLE_REPLY_BLOCKS;
	return *last ? (uint32_t) (total - start) : SHUFFLE_REPLY_BLOCKS;
}

/*
 * read_blocks copies up to n blocks from start on into msgs, stopping
 * early once SHUFFLE_REPLY_BYTES are taken; *nmsgs says how many.
 */
static bool
read_blocks(const ShuffleMapOutput *o, const uint8_t *parts, uint32_t nparts, uint32_t start,
			uint32_t n, zmq_msg_t *msgs, uint32_t *nmsgs, Buf *copy, Err *err)
{
	uint32_t	index = 0;
	size_t		bytes = 0;

	*nmsgs = 0;
	for (uint32_t i = 0; i < nparts && *nmsgs < n; i++) {
		int32_t		p = (int32_t) le32(parts + 4 * i);
		int			nb = shuffle_output_nblocks(o, p);

		for (int b = 0; b < nb && *nmsgs < n; b++, index++) {
			const uint8_t *data;
			size_t		len;

			if (index < start)
				continue;
			if (bytes >= SHUFFLE_REPLY_BYTES)
				return true;
			if (!shuffle_output_read(o, p, b, copy, &data, &len, err))
				return false;
			zmq_msg_init_size(&msgs[*nmsgs], len);
			memcpy(zmq_msg_data(&msgs[*nmsgs]), data, len);
			(*nmsgs)++;
			bytes += len;
		}
	}
	return true;
}

/* serve answers one request from identity. */
static void
serve(ShuffleService *s, zmq_msg_t *identity, const uint8_t *req, size_t len)
{
	zmq_msg_t	msgs[SHUFFLE_REPLY_BLOCKS];
	uint32_t	nparts;
	uint32_t	start;
	uint32_t	n;
	uint32_t	nmsgs = 0;
	bool		last;
	uint64_t	output_id;
	ShuffleMapOutput *o;
	Err			err;

	err_clear(&err);
	if (len < SHUFFLE_REQ_FIXED || memcmp(req, SHUFFLE_MAGIC, 4) != 0 ||
		req[4] != SHUFFLE_OP_GET || (nparts = le32(req + 25)) > SHUFFLE_MAX_PARTS ||
		len != SHUFFLE_REQ_FIXED + 4 * (size_t) nparts) {
		log_warning("dropping a malformed shuffle request (%zu bytes)", len);
		send_header(s, identity, SHUFFLE_BAD_REQUEST, true, 0, 0);
		return;
	}
	start = le32(req + 21);
	o = shuffle_store_acquire(s->store, le64(req + 5), (int32_t) le32(req + 13),
							  (int32_t) le32(req + 17));
	if (o == NULL) {
		send_header(s, identity, SHUFFLE_NOT_FOUND, true, 0, 0);
		return;
	}
	n = count_blocks(o, req + SHUFFLE_REQ_FIXED, nparts, start, &last);
	if (!read_blocks(o, req + SHUFFLE_REQ_FIXED, nparts, start, n, msgs, &nmsgs, &s->copy, &err)) {
		log_error("%s", err.message);
		for (uint32_t i = 0; i < nmsgs; i++)
			zmq_msg_close(&msgs[i]);
		shuffle_store_release(s->store, &o);
		send_header(s, identity, SHUFFLE_READ_ERROR, true, 0, 0);
		return;
	}
	output_id = shuffle_output_id(o);
	shuffle_store_release(s->store, &o);
	if (nmsgs < n)
		last = false;			/* cut short by SHUFFLE_REPLY_BYTES */
	if (!send_header(s, identity, SHUFFLE_OK, last, nmsgs, output_id)) {
		for (uint32_t i = 0; i < nmsgs; i++)	/* the peer is gone */
			zmq_msg_close(&msgs[i]);
		return;
	}
	for (uint32_t i = 0; i < nmsgs; i++)
		if (zmq_msg_send(&msgs[i], s->router, (i + 1 < nmsgs ? ZMQ_SNDMORE : 0) | ZMQ_DONTWAIT) < 0)
			zmq_msg_close(&msgs[i]);
}

/* shuffle_service_handle serves the waiting requests. */
void
shuffle_service_handle(ShuffleService *s)
{
	zmq_msg_t	parts[SHUFFLE_PARTS];
	int			n;

	while (zmsg_recv(s->router, parts, SHUFFLE_PARTS, &n)) {
		if (n == 2)
			serve(s, &parts[0], zmq_msg_data(&parts[1]), zmq_msg_size(&parts[1]));
		else
			log_debug("dropping a shuffle request of %d parts", n);
		zmsg_close(parts, n, SHUFFLE_PARTS);
	}
}

void
shuffle_service_close(ShuffleService **sp)
{
	ShuffleService *s = *sp;

	if (s == NULL)
		return;
	if (s->router != NULL)
		zmq_close(s->router);
	buf_free(&s->copy);
	free(s);
	*sp = NULL;
}
