/*
 * pgmsg.h
 *	  PostgreSQL protocol v3 messages on byte buffers: decoding what clients
 *	  send, encoding what the server answers.  Pure: no sockets, no SQL.
 */
#ifndef QUARRY_PGMSG_H
#define QUARRY_PGMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "wire/buf.h"

#define PG_PROTOCOL_3_0		196608	/* 3 << 16 */
#define PG_SSL_REQUEST		80877103
#define PG_GSSENC_REQUEST	80877104
#define PG_CANCEL_REQUEST	80877102
#define PG_STARTUP_MAX		10000	/* as PostgreSQL's MAX_STARTUP_PACKET_LENGTH */
#define PG_MAX_PARAMS		64
#define PG_SMALL_MESSAGE_LIMIT 10000	/* as PostgreSQL's PQ_SMALL_MESSAGE_LIMIT */

typedef enum PgStartupKind {
	STARTUP_NORMAL,
	STARTUP_SSL,
	STARTUP_GSSENC,
	STARTUP_CANCEL
} PgStartupKind;

/* A decoded start-up packet; strings point into the packet's bytes. */
typedef struct PgStartup {
	PgStartupKind kind;
	uint32_t	version;
	int			nparams;
	const char *names[PG_MAX_PARAMS];
	const char *values[PG_MAX_PARAMS];
	int32_t		cancel_pid;
	int32_t		cancel_key;
} PgStartup;

typedef enum PgPeek {
	PEEK_NEED_MORE,
	PEEK_READY,
	PEEK_BAD
} PgPeek;

/* One row-description field. */
typedef struct PgField {
	const char *name;
	uint32_t	table_oid;
	int16_t		column;
	uint32_t	type_oid;
	int16_t		typlen;
	int32_t		typmod;
	int16_t		format;
} PgField;

PgPeek		pgmsg_peek_startup(const uint8_t *p, size_t avail, uint32_t *len, Err *err);
bool		pgmsg_parse_startup(const uint8_t *p, size_t len, PgStartup *out, Err *err) MUST_CHECK;
const char *pgmsg_startup_param(const PgStartup *s, const char *name);
PgPeek		pgmsg_peek(const uint8_t *p, size_t avail, size_t max_len,
					   uint8_t *type, uint32_t *len, Err *err);

size_t		pgmsg_begin(Buf *b, char type);
void		pgmsg_end(Buf *b, size_t start);

void		pgmsg_auth_ok(Buf *b);
void		pgmsg_parameter_status(Buf *b, const char *name, const char *value);
void		pgmsg_backend_key(Buf *b, int32_t pid, int32_t key);
void		pgmsg_ready(Buf *b, char status);
void		pgmsg_row_description(Buf *b, const PgField *fields, int n);
void		pgmsg_command_complete(Buf *b, const char *tag);
void		pgmsg_empty_query(Buf *b);
void		pgmsg_error(Buf *b, const Err *err);
void		pgmsg_notice(Buf *b, const char *severity, const char *sqlstate,
						 const char *message);

#endif							/* QUARRY_PGMSG_H */
