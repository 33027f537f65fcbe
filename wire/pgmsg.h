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

#include "common/arena.h"
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

/* Parse: a statement name, its SQL and the parameter types the client gave. */
typedef struct PgParse {
	const char *name;
	const char *query;
	int			nparams;
	uint32_t   *param_oids;		/* 0 = let the server infer */
} PgParse;

/* Bind: parameter values point into the message (len -1 = NULL). */
typedef struct PgBind {
	const char *portal;
	const char *statement;
	int			nformats;
	int16_t    *formats;		/* 0 text, 1 binary: none, one for all, or one each */
	int			nparams;
	const uint8_t **values;
	int32_t    *lengths;
	int			nresult_formats;
	int16_t    *result_formats;
} PgBind;

/* Describe and Close name a statement ('S') or a portal ('P'). */
typedef struct PgTarget {
	char		kind;
	const char *name;
} PgTarget;

typedef struct PgExecute {
	const char *portal;
	int32_t		max_rows;		/* 0 = all */
} PgExecute;

PgPeek		pgmsg_peek_startup(const uint8_t *p, size_t avail, uint32_t *len, Err *err);
bool		pgmsg_parse_startup(const uint8_t *p, size_t len, PgStartup *out, Err *err) MUST_CHECK;
const char *pgmsg_startup_param(const PgStartup *s, const char *name);
PgPeek		pgmsg_peek(const uint8_t *p, size_t avail, size_t max_len,
					   uint8_t *type, uint32_t *len, Err *err);

bool		pgmsg_parse_parse(const uint8_t *p, size_t len, Arena *a, PgParse *out,
							  Err *err) MUST_CHECK;
bool		pgmsg_parse_bind(const uint8_t *p, size_t len, Arena *a, PgBind *out,
							 Err *err) MUST_CHECK;
bool		pgmsg_parse_target(const uint8_t *p, size_t len, PgTarget *out, Err *err) MUST_CHECK;
bool		pgmsg_parse_execute(const uint8_t *p, size_t len, PgExecute *out, Err *err) MUST_CHECK;
bool		pgmsg_parse_cstring(const uint8_t *p, size_t len, const char **out,
								Err *err) MUST_CHECK;
int			pgmsg_format_of(const int16_t *formats, int nformats, int i);

size_t		pgmsg_begin(Buf *b, char type);
void		pgmsg_end(Buf *b, size_t start);

void		pgmsg_auth_ok(Buf *b);
void		pgmsg_parameter_status(Buf *b, const char *name, const char *value);
void		pgmsg_backend_key(Buf *b, int32_t pid, int32_t key);
void		pgmsg_ready(Buf *b, char status);
void		pgmsg_row_description(Buf *b, const PgField *fields, int n);
void		pgmsg_command_complete(Buf *b, const char *tag);
void		pgmsg_empty_query(Buf *b);
void		pgmsg_empty(Buf *b, char type);
void		pgmsg_parameter_description(Buf *b, const uint32_t *oids, int n);
void		pgmsg_copy_response(Buf *b, char type, bool binary, int ncols);
void		pgmsg_copy_data(Buf *b, const void *p, size_t n);
void		pgmsg_auth_request(Buf *b, uint32_t code, const void *data, size_t n);
void		pgmsg_error(Buf *b, const Err *err);
void		pgmsg_error_context(Buf *b, const Err *err, const char *context);
void		pgmsg_notice(Buf *b, const char *severity, const char *sqlstate,
						 const char *message);

#endif							/* QUARRY_PGMSG_H */
