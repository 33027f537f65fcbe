/*
 * auth.h
 *	  Host-based authentication rules: which method a connection must use,
 *	  from a pg_hba.conf-style file named by hba_file (or the built-in
 *	  rules: trust from loopback, scram-sha-256 from anywhere else).
 */
#ifndef QUARRY_SERVER_AUTH_H
#define QUARRY_SERVER_AUTH_H

#include <stdbool.h>
#include <sys/socket.h>

#include "common/config.h"
#include "common/err.h"
#include "wire/auth.h"

bool		auth_load_hba(const Config *cfg, Err *err) MUST_CHECK;
void		auth_free_hba(void);
bool		auth_hba_method(const struct sockaddr *sa, bool ssl, const char *db,
							const char *user, AuthMethod *m);
bool		auth_parse_hba_line(const char *line, int lineno, AuthMethod *m, Err *err);

#endif							/* QUARRY_SERVER_AUTH_H */
