/*
 * shuffle_fetch.c
 *	  Fetching one map output's blocks from another worker.  See
 *	  shuffle_fetch.h and, for the protocol, shuffle_service.h.
 *
 *	  shuffle_fetch_ops (fetch_open, fetch_next, fetch_close)
 */
#include "shuffle_fetch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "shuffle_service.h"
#include "wire/buf.h"

#define MAX_REPLY_PARTS (1 + SHUFFLE_REPLY_BLOCKS)

struct ShuffleFetch {
	void	   *sock;
	const ShuffleFetchArg *arg;
	const atomic_bool *cancel;
	char		endpoint[256];
	Buf			req;			/* the request; start is patched in */
	uint32_t	next_start;		/* first block of the next request */
	uint64_t	output_id;		/* of the first reply; 0 = none yet */
	bool		asked;			/* a request is out */
	bool		last;			/* the last reply has arrived */
	zmq_msg_t	blocks[SHUFFLE_REPLY_BLOCKS];
	uint32_t	nblocks;
	uint32_t	taken;			/* blocks handed out of the current reply */
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
put_le(Buf *b, const void *p, size_t n)
{
	buf_put(b, p, n);
}

static void
drop_blocks(ShuffleFetch *f)
{
	for (uint32_t i = 0; i < f->nblocks; i++)
		zmq_msg_close(&f->blocks[i]);
	f->nblocks = f->taken = 0;
}

static void
fetch_close(ShuffleFetch *f)
{
	if (f == NULL)
		return;
	drop_blocks(f);
	if (f->sock != NULL)
		zmq_close(f->sock);
	buf_free(&f->req);
	free(f);
}

static bool
ask(ShuffleFetch *f, Err *err)
{
	memcpy(f->req.data + 21, &f->next_start, 4);
	if (zmq_send(f->sock, f->req.data, f->req.len, ZMQ_DONTWAIT) < 0)
		return err_set(err, ERRCODE_CONNECTION_FAILURE, "could not send a shuffle request to %s: %s",
					   f->endpoint, zmq_strerror(errno));
	f->asked = true;
	return true;
}

static ShuffleFetch *
fetch_open(void *argp, const char *endpoint, uint64_t query, int32_t shuffle, int32_t map,
		   const int32_t *parts, int nparts, const atomic_bool *cancel, Err *err)
{
	ShuffleFetchArg *arg = argp;
	ShuffleFetch *f = calloc(1, sizeof(ShuffleFetch));
	uint8_t		op = SHUFFLE_OP_GET;
	uint32_t	zero = 0;
	uint32_t	n = (uint32_t) nparts;
	int			linger = 0;
	int			one = 1;

	if (f == NULL) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	f->arg = arg;
	f->cancel = cancel;
	snprintf(f->endpoint, sizeof(f->endpoint), "%s", endpoint);
	buf_init(&f->req);
	put_le(&f->req, SHUFFLE_MAGIC, 4);
	put_le(&f->req, &op, 1);
	put_le(&f->req, &query, 8);
	put_le(&f->req, &shuffle, 4);
	put_le(&f->req, &map, 4);
	put_le(&f->req, &zero, 4);
	put_le(&f->req, &n, 4);
	put_le(&f->req, parts, 4 * (size_t) nparts);
	if ((f->sock = zmq_socket(arg->zmq_ctx, ZMQ_DEALER)) == NULL) {
		err_set(err, ERRCODE_CONNECTION_FAILURE, "could not create a shuffle socket: %s",
				zmq_strerror(errno));
		fetch_close(f);
		return NULL;
	}
	zmq_setsockopt(f->sock, ZMQ_LINGER, &linger, sizeof(linger));
	if (strchr(endpoint, '[') != NULL)
		zmq_setsockopt(f->sock, ZMQ_IPV6, &one, sizeof(one));
	if (zmq_connect(f->sock, endpoint) != 0) {
		err_set(err, ERRCODE_CONNECTION_FAILURE, "invalid shuffle endpoint \"%s\": %s",
				endpoint, zmq_strerror(errno));
		fetch_close(f);
		return NULL;
	}
	if (!ask(f, err)) {
		fetch_close(f);
		return NULL;
	}
	return f;
}

/* wait_readable polls until a reply is waiting, the task is cancelled or time is up. */
static bool
wait_readable(ShuffleFetch *f, Err *err)
{
	int64_t		deadline = now_ms() + f->arg->timeout_ms;

	for (;;) {
		zmq_pollitem_t item = {f->sock, 0, ZMQ_POLLIN, 0};
		int64_t		left = deadline - now_ms();
		int			rc;

		if (f->cancel != NULL && atomic_load(f->cancel))
			return err_set(err, ERRCODE_QUERY_CANCELED, "canceling statement due to user request");
		if (left <= 0)
			return err_set(err, ERRCODE_CONNECTION_FAILURE,
						   "shuffle fetch from %s timed out after %lld ms", f->endpoint,
						   (long long) f->arg->timeout_ms);
		rc = zmq_poll(&item, 1, left < SHUFFLE_FETCH_POLL_MS ? (long) left : SHUFFLE_FETCH_POLL_MS);
		if (rc < 0 && errno != EINTR)
			return err_set(err, ERRCODE_CONNECTION_FAILURE, "shuffle fetch from %s: %s",
						   f->endpoint, zmq_strerror(errno));
		if (rc > 0 && (item.revents & ZMQ_POLLIN))
			return true;
	}
}

static bool
bad_reply(ShuffleFetch *f, Err *err, const char *why)
{
	return err_set(err, ERRCODE_CONNECTION_FAILURE, "bad shuffle reply from %s: %s",
				   f->endpoint, why);
}

/* receive reads one whole reply: the header, then its blocks. */
static bool
receive(ShuffleFetch *f, Err *err)
{
	uint8_t		h[SHUFFLE_REPLY_HEADER];
	int			more = 0;
	size_t		size = sizeof(more);
	uint32_t	n;
	uint64_t	id;
	int			len;

	if (!wait_readable(f, err))
		return false;
	len = zmq_recv(f->sock, h, sizeof(h), ZMQ_DONTWAIT);
	if (len < 0)
		return bad_reply(f, err, zmq_strerror(errno));
	zmq_getsockopt(f->sock, ZMQ_RCVMORE, &more, &size);
	f->asked = false;
	if (len != SHUFFLE_REPLY_HEADER || memcmp(h, SHUFFLE_MAGIC, 4) != 0)
		return bad_reply(f, err, "bad header");
	memcpy(&n, h + 6, 4);
	memcpy(&id, h + 10, 8);
	if (h[4] == SHUFFLE_NOT_FOUND)
		return err_set(err, ERRCODE_CONNECTION_FAILURE, "shuffle map output not found at %s",
					   f->endpoint);
	if (h[4] != SHUFFLE_OK)
		return bad_reply(f, err, h[4] == SHUFFLE_READ_ERROR ? "the worker could not read its spill file" :
						 "request refused");
	if (n > SHUFFLE_REPLY_BLOCKS || (n > 0) != (more != 0))
		return bad_reply(f, err, "bad block count");
	if (f->output_id != 0 && id != f->output_id)
		return err_set(err, ERRCODE_CONNECTION_FAILURE,
					   "the map output at %s was replaced while being fetched", f->endpoint);
	f->output_id = id;
	for (uint32_t i = 0; i < n; i++) {
		zmq_msg_init(&f->blocks[i]);
		if (zmq_msg_recv(&f->blocks[i], f->sock, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&f->blocks[i]);
			f->nblocks = i;
			return bad_reply(f, err, "missing block");
		}
		f->nblocks = i + 1;
		zmq_getsockopt(f->sock, ZMQ_RCVMORE, &more, &size);
		if ((i + 1 < n) != (more != 0))
			return bad_reply(f, err, "bad block count");
	}
	f->last = h[5] != 0;
	f->next_start += n;
	if (n == 0 && !f->last)
		return bad_reply(f, err, "no progress");
	/* ask for the next blocks now, so they travel while these are decoded */
	return f->last || ask(f, err);
}

static bool
fetch_next(ShuffleFetch *f, const uint8_t **data, size_t *len, Err *err)
{
	while (f->taken >= f->nblocks) {
		drop_blocks(f);
		if (f->last) {
			*data = NULL;
			*len = 0;
			return true;
		}
		if (!f->asked && !ask(f, err))
			return false;
		if (!receive(f, err))
			return false;
	}
	*data = zmq_msg_data(&f->blocks[f->taken]);
	*len = zmq_msg_size(&f->blocks[f->taken]);
	f->taken++;
	return true;
}

const ShuffleFetchOps shuffle_fetch_ops = {fetch_open, fetch_next, fetch_close, NULL};
