/*
 * zap.h
 *	  CurveZMQ on the coordinator's cluster socket: makes the ROUTER a CURVE
 *	  server with the key directory's server.key, answers libzmq's ZAP
 *	  requests (RFC 27) admitting only the keys in authorized_workers, and
 *	  logs the handshakes that fail before ZAP is asked (a client with
 *	  another server key, or without CurveZMQ).
 */
#ifndef QUARRY_ZAP_H
#define QUARRY_ZAP_H

#include "common/err.h"

struct event_base;

typedef struct ZapHandler ZapHandler;

ZapHandler *zap_open(struct event_base *base, void *ctx, void *router,
					 const char *key_dir, Err *err);
void		zap_close(ZapHandler **zp);

#endif							/* QUARRY_ZAP_H */
