/*
 * keys.h
 *	  CurveZMQ key files of the cluster port, in one directory (cluster_key_dir,
 *	  or DATA_DIR/keys when that is empty):
 *
 *		server.key, server.pub		the coordinator's key pair
 *		worker.key, worker.pub		the key pair workers present
 *		authorized_workers			worker public keys the coordinator
 *									admits, one Z85 key a line, # comments
 *
 *	  Each key file holds one 40-character Z85 key and a newline; secret
 *	  files are mode 0600 and are refused when group or others can read
 *	  them.  A worker on another machine needs server.pub, worker.key and
 *	  worker.pub; its public key goes into the coordinator's
 *	  authorized_workers.
 */
#ifndef QUARRY_KEYS_H
#define QUARRY_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/config.h"
#include "common/err.h"

#define KEYS_Z85_LEN 40

typedef char KeyZ85[KEYS_Z85_LEN + 1];

void		keys_dir(const Config *cfg, char *out, size_t size);
bool		keys_generate(const char *dir, Err *err) MUST_CHECK;
bool		keys_ensure(const char *dir, bool *created, Err *err) MUST_CHECK;
bool		keys_read(const char *dir, const char *name, KeyZ85 out,
					  Err *err) MUST_CHECK;
bool		keys_read_authorized(const char *dir, KeyZ85 **keys, int *nkeys,
								 Err *err) MUST_CHECK;
int			keys_main(const Config *cfg);

#endif							/* QUARRY_KEYS_H */
