/*
 * shuffle_service.h
 *	  The ROUTER socket a worker binds for shuffle fetches from other
 *	  workers (DESIGN.md section 6), on worker_host and a port the kernel
 *	  picks.  Its endpoint goes into the worker's REGISTER.  Fetches are not
 *	  served yet: requests are read and dropped.
 */
#ifndef QUARRY_SHUFFLE_SERVICE_H
#define QUARRY_SHUFFLE_SERVICE_H

#include "common/err.h"

typedef struct ShuffleService ShuffleService;

ShuffleService *shuffle_service_open(void *zmq_ctx, const char *host, Err *err);
const char *shuffle_service_endpoint(const ShuffleService *s);
void	   *shuffle_service_socket(ShuffleService *s);
void		shuffle_service_handle(ShuffleService *s);
void		shuffle_service_close(ShuffleService **sp);

#endif							/* QUARRY_SHUFFLE_SERVICE_H */
