/*
 * auth.c
 *	  Host rules in pg_hba.conf's format, the subset Quarry needs:
 *
 *	    # TYPE     DATABASE  USER   ADDRESS        METHOD
 *	    host       all       all    127.0.0.1/32   trust
 *	    hostssl    sales     alice  10.0.0.0/8     scram-sha-256
 *	    hostnossl  all       all    ::/0           reject
 *
 *	  TYPE is host, hostssl or hostnossl (local lines are accepted and never
 *	  match: Quarry has no Unix socket); DATABASE and USER are all or comma
 *	  lists; ADDRESS is all or a CIDR; METHOD is trust, reject, password,
 *	  md5 or scram-sha-256.  The first matching line decides, as in
 *	  PostgreSQL.  The rules are read once at start-up; a bad line stops
 *	  the coordinator naming the file and the line.
 */
#include "auth.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HBA_MAX_RULES 256
#define HBA_LIST_MAX 160

typedef struct HbaRule {
	int			ssl;			/* -1 nossl only, 0 any, 1 ssl only; 2 local */
	char		dbs[HBA_LIST_MAX];	/* "all" or a comma list */
	char		users[HBA_LIST_MAX];
	bool		any_addr;
	int			family;
	uint8_t		addr[16];
	int			prefix;
	AuthMethod	method;
} HbaRule;

/* The coordinator's rules: read at start-up, used by its one event loop. */
static HbaRule rules[HBA_MAX_RULES];
static int	nrules = -1;		/* -1: the built-in rules */

static bool
parse_cidr(HbaRule *r, const char *s, Err *err)
{
	char		host[64];
	const char *slash = strchr(s, '/');
	size_t		n = slash ? (size_t) (slash - s) : strlen(s);

	if (strcmp(s, "all") == 0) {
		r->any_addr = true;
		return true;
	}
	if (n >= sizeof(host))
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "invalid IP address \"%s\"", s);
	memcpy(host, s, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, r->addr) == 1)
		r->family = AF_INET;
	else if (inet_pton(AF_INET6, host, r->addr) == 1)
		r->family = AF_INET6;
	else
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "invalid IP address \"%s\"", s);
	r->prefix = slash ? atoi(slash + 1) : (r->family == AF_INET ? 32 : 128);
	if (r->prefix < 0 || r->prefix > (r->family == AF_INET ? 32 : 128))
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "invalid CIDR mask in address \"%s\"", s);
	return true;
}

static bool
parse_type(HbaRule *r, const char *t, Err *err)
{
	if (strcmp(t, "host") == 0)
		r->ssl = 0;
	else if (strcmp(t, "hostssl") == 0)
		r->ssl = 1;
	else if (strcmp(t, "hostnossl") == 0)
		r->ssl = -1;
	else if (strcmp(t, "local") == 0)
		r->ssl = 2;
	else
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "invalid connection type \"%s\"", t);
	return true;
}

/* parse_rule reads one non-empty line into r. */
static bool
parse_rule(HbaRule *r, char *line, Err *err)
{
	char	   *f[6];
	int			n = 0;
	bool		ok;

	for (char *tok = strtok(line, " \t\r\n"); tok != NULL && n < 6; tok = strtok(NULL, " \t\r\n"))
		f[n++] = tok;
	memset(r, 0, sizeof(*r));
	if (n < 4 || !parse_type(r, f[0], err))
		return err_is_set(err) ? false :
			err_set(err, ERRCODE_CONFIG_FILE_ERROR, "end-of-line before authentication method");
	if (r->ssl == 2 ? n != 4 : n != 5)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "expected TYPE DATABASE USER %sMETHOD",
					   r->ssl == 2 ? "" : "ADDRESS ");
	snprintf(r->dbs, sizeof(r->dbs), "%s", f[1]);
	snprintf(r->users, sizeof(r->users), "%s", f[2]);
	if (r->ssl != 2 && !parse_cidr(r, f[3], err))
		return false;
	r->method = auth_method_from_name(f[n - 1], &ok);
	if (!ok)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "invalid authentication method \"%s\"",
					   f[n - 1]);
	return true;
}

/* auth_parse_hba_line checks one line (for tests); *m is its method. */
bool
auth_parse_hba_line(const char *line, int lineno, AuthMethod *m, Err *err)
{
	HbaRule		r;
	char		copy[512];

	snprintf(copy, sizeof(copy), "%s", line);
	if (!parse_rule(&r, copy, err))
		return false;
	*m = r.method;
	return true;
}

/* auth_load_hba reads cfg->hba_file, or keeps the built-in rules if it is empty. */
bool
auth_load_hba(const Config *cfg, Err *err)
{
	FILE	   *f;
	char		line[1024];
	int			lineno = 0;

	nrules = -1;
	if (cfg->hba_file[0] == '\0')
		return true;
	if ((f = fopen(cfg->hba_file, "r")) == NULL)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR, "could not open hba_file \"%s\": %m",
					   cfg->hba_file);
	nrules = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		char	   *hash = strchr(line, '#');

		lineno++;
		if (hash != NULL)
			*hash = '\0';
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;
		if (nrules == HBA_MAX_RULES || !parse_rule(&rules[nrules], line, err)) {
			if (!err_is_set(err))
				err_set(err, ERRCODE_CONFIG_FILE_ERROR, "too many rules");
			snprintf(err->detail, sizeof(err->detail), "line %d of file \"%.200s\"", lineno,
					 cfg->hba_file);
			fclose(f);
			return false;
		}
		nrules++;
	}
	fclose(f);
	return true;
}

void
auth_free_hba(void)
{
	nrules = -1;
}

static bool
in_list(const char *list, const char *name)
{
	char		copy[HBA_LIST_MAX];

	if (strcmp(list, "all") == 0)
		return true;
	snprintf(copy, sizeof(copy), "%s", list);
	for (char *tok = strtok(copy, ","); tok != NULL; tok = strtok(NULL, ","))
		if (strcmp(tok, name) == 0)
			return true;
	return false;
}

static bool
addr_match(const HbaRule *r, const struct sockaddr *sa)
{
	const uint8_t *a;
	int			bits = r->prefix;

	if (r->any_addr)
		return true;
	if (sa->sa_family != r->family)
		return false;
	a = r->family == AF_INET ? (const uint8_t *) &((const struct sockaddr_in *) sa)->sin_addr :
		(const uint8_t *) &((const struct sockaddr_in6 *) sa)->sin6_addr;
	for (int i = 0; bits > 0; i++, bits -= 8) {
		uint8_t		mask = bits >= 8 ? 0xff : (uint8_t) (0xff << (8 - bits));

		if ((a[i] & mask) != (r->addr[i] & mask))
			return false;
	}
	return true;
}

static bool
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *) sa)->sin_addr.s_addr) >> 24) == 127;
	return sa->sa_family == AF_INET6 &&
		IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *) sa)->sin6_addr);
}

/* auth_hba_method finds the method for a connection; false if no rule matches. */
bool
auth_hba_method(const struct sockaddr *sa, bool ssl, const char *db, const char *user,
				AuthMethod *m)
{
	if (nrules < 0) {
		*m = is_loopback(sa) ? AUTH_TRUST : AUTH_SCRAM;
		return true;
	}
	for (int i = 0; i < nrules; i++) {
		const HbaRule *r = &rules[i];

		if (r->ssl == 2 || (r->ssl == 1 && !ssl) || (r->ssl == -1 && ssl))
			continue;
		if (in_list(r->dbs, db) && in_list(r->users, user) && addr_match(r, sa)) {
			*m = r->method;
			return true;
		}
	}
	return false;
}
