/*
 * shuffle_service.c
 *	  A worker's shuffle socket.  See shuffle_service.h.  The worker loop
 *	  polls shuffle_service_socket() and calls shuffle_service_handle() when
 *	  it is readable.
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
	char		endpoint[256];
};

/* shuffle_service_open binds tcp://HOST:* (an IPv6 host in brackets). */
ShuffleService *
shuffle_service_open(void *zmq_ctx, const char *host, Err *err)
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
	snprintf(endpoint, sizeof(endpoint), v6 ? "tcp://[%s]:*" : "tcp://%s:*", host);
	zmq_setsockopt(s->router, ZMQ_LINGER, &zero, sizeof(zero));
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

/* shuffle_service_handle reads the waiting requests; none is served yet. */
void
shuffle_service_handle(ShuffleService *s)
{
	zmq_msg_t	parts[SHUFFLE_PARTS];
	int			n;

	while (zmsg_recv(s->router, parts, SHUFFLE_PARTS, &n)) {
		log_debug("dropping a shuffle request: fetches are not served yet");
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
	free(s);
	*sp = NULL;
}
