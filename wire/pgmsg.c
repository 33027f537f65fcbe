/*
 * pgmsg.c
 *	  Protocol v3 codecs.  Every decoder checks lengths against what arrived
 *	  and reports 08P01 on malformed input; none asserts.
 */
#include "wire/pgmsg.h"

#include <stdio.h>
#include <string.h>

/*
 * pgmsg_peek_startup looks at the first bytes of a connection: a length
 * (including itself) and then the packet.  PEEK_READY sets *len.
 */
PgPeek
pgmsg_peek_startup(const uint8_t *p, size_t avail, uint32_t *len, Err *err)
{
	Reader		r;
	uint32_t	n;

	if (avail < 4)
		return PEEK_NEED_MORE;
	reader_init(&r, p, avail);
	n = reader_u32(&r);
	if (n < 8 || n > PG_STARTUP_MAX) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid length of startup packet");
		return PEEK_BAD;
	}
	if (avail < n)
		return PEEK_NEED_MORE;
	*len = n;
	return PEEK_READY;
}

static bool
parse_params(Reader *r, PgStartup *out, Err *err)
{
	for (;;) {
		const char *name = reader_cstr(r);
		const char *value;

		if (name == NULL)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid startup packet layout: expected terminator as last byte");
		if (name[0] == '\0')
			break;
		value = reader_cstr(r);
		if (value == NULL)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid startup packet layout: expected terminator as last byte");
		if (out->nparams == PG_MAX_PARAMS)
			return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "too many parameters in startup packet");
		out->names[out->nparams] = name;
		out->values[out->nparams] = value;
		out->nparams++;
	}
	if (!reader_at_end(r))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid startup packet layout: expected terminator as last byte");
	return true;
}

/* pgmsg_parse_startup decodes a whole start-up packet of len bytes. */
bool
pgmsg_parse_startup(const uint8_t *p, size_t len, PgStartup *out, Err *err)
{
	Reader		r;

	memset(out, 0, sizeof(*out));
	reader_init(&r, p, len);
	(void) reader_u32(&r);
	out->version = reader_u32(&r);
	if (!r.ok)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid length of startup packet");
	switch (out->version) {
		case PG_SSL_REQUEST:
			out->kind = STARTUP_SSL;
			return true;
		case PG_GSSENC_REQUEST:
			out->kind = STARTUP_GSSENC;
			return true;
		case PG_CANCEL_REQUEST:
			out->kind = STARTUP_CANCEL;
			out->cancel_pid = (int32_t) reader_u32(&r);
			out->cancel_key = (int32_t) reader_u32(&r);
			if (!reader_at_end(&r))
				return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid length of cancel request packet");
			return true;
		default:
			break;
	}
	if ((out->version >> 16) != 3)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "unsupported frontend protocol %u.%u: server supports 3.0 to 3.0",
					   out->version >> 16, out->version & 0xffff);
	out->kind = STARTUP_NORMAL;
	return parse_params(&r, out, err);
}

const char *
pgmsg_startup_param(const PgStartup *s, const char *name)
{
	for (int i = 0; i < s->nparams; i++)
		if (strcmp(s->names[i], name) == 0)
			return s->values[i];
	return NULL;
}

/*
 * message_limit is the longest body a frontend message type may have, as
 * PostgreSQL's SocketBackend limits them, or 0 for an unknown type.
 */
static size_t
message_limit(uint8_t type, size_t max_len)
{
	switch (type) {
		case 'Q':				/* Query */
		case 'P':				/* Parse */
		case 'B':				/* Bind */
		case 'F':				/* FunctionCall */
		case 'd':				/* CopyData */
		case 'p':				/* password, SASL */
			return max_len;
		case 'E':				/* Execute */
		case 'D':				/* Describe */
		case 'C':				/* Close */
		case 'S':				/* Sync */
		case 'H':				/* Flush */
		case 'X':				/* Terminate */
		case 'c':				/* CopyDone */
		case 'f':				/* CopyFail */
			return PG_SMALL_MESSAGE_LIMIT < max_len ? PG_SMALL_MESSAGE_LIMIT : max_len;
		default:
			return 0;
	}
}

/*
 * pgmsg_peek looks for one whole typed message: a type byte and a length
 * that counts itself.  An unknown type, or a length under 4 or over the
 * type's limit (max_len for the large ones), is PEEK_BAD.
 */
PgPeek
pgmsg_peek(const uint8_t *p, size_t avail, size_t max_len, uint8_t *type,
		   uint32_t *len, Err *err)
{
	Reader		r;
	uint32_t	n;
	size_t		limit;

	if (avail < 1)
		return PEEK_NEED_MORE;
	limit = message_limit(p[0], max_len);
	if (limit == 0) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid frontend message type %d", p[0]);
		return PEEK_BAD;
	}
	if (avail < 5)
		return PEEK_NEED_MORE;
	reader_init(&r, p, avail);
	*type = reader_u8(&r);
	n = reader_u32(&r);
	if (n < 4 || n > limit) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid message length %u", n);
		return PEEK_BAD;
	}
	if (avail < (size_t) n + 1)
		return PEEK_NEED_MORE;
	*len = n;
	return PEEK_READY;
}

/* pgmsg_begin starts a message of the given type; pgmsg_end fills its length. */
size_t
pgmsg_begin(Buf *b, char type)
{
	size_t		start;

	buf_put_u8(b, (uint8_t) type);
	start = b->len;
	buf_put_u32(b, 0);
	return start;
}

void
pgmsg_end(Buf *b, size_t start)
{
	buf_set_u32(b, start, (uint32_t) (b->len - start));
}

void
pgmsg_auth_ok(Buf *b)
{
	size_t		m = pgmsg_begin(b, 'R');

	buf_put_u32(b, 0);
	pgmsg_end(b, m);
}

void
pgmsg_parameter_status(Buf *b, const char *name, const char *value)
{
	size_t		m = pgmsg_begin(b, 'S');

	buf_put_cstr(b, name);
	buf_put_cstr(b, value);
	pgmsg_end(b, m);
}

void
pgmsg_backend_key(Buf *b, int32_t pid, int32_t key)
{
	size_t		m = pgmsg_begin(b, 'K');

	buf_put_u32(b, (uint32_t) pid);
	buf_put_u32(b, (uint32_t) key);
	pgmsg_end(b, m);
}

void
pgmsg_ready(Buf *b, char status)
{
	size_t		m = pgmsg_begin(b, 'Z');

	buf_put_u8(b, (uint8_t) status);
	pgmsg_end(b, m);
}

void
pgmsg_row_description(Buf *b, const PgField *f, int n)
{
	size_t		m = pgmsg_begin(b, 'T');

	buf_put_u16(b, (uint16_t) n);
	for (int i = 0; i < n; i++) {
		buf_put_cstr(b, f[i].name);
		buf_put_u32(b, f[i].table_oid);
		buf_put_u16(b, (uint16_t) f[i].column);
		buf_put_u32(b, f[i].type_oid);
		buf_put_u16(b, (uint16_t) f[i].typlen);
		buf_put_u32(b, (uint32_t) f[i].typmod);
		buf_put_u16(b, (uint16_t) f[i].format);
	}
	pgmsg_end(b, m);
}

void
pgmsg_command_complete(Buf *b, const char *tag)
{
	size_t		m = pgmsg_begin(b, 'C');

	buf_put_cstr(b, tag);
	pgmsg_end(b, m);
}

void
pgmsg_empty_query(Buf *b)
{
	size_t		m = pgmsg_begin(b, 'I');

	pgmsg_end(b, m);
}

static void
put_field(Buf *b, char code, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	buf_put_u8(b, (uint8_t) code);
	buf_put_cstr(b, value);
}

/* pgmsg_error writes an ErrorResponse with fields S, V, C, M, D, H, P. */
void
pgmsg_error(Buf *b, const Err *err)
{
	pgmsg_error_context(b, err, NULL);
}

/* pgmsg_error_context adds a CONTEXT field (W), as COPY's "line N" is sent. */
void
pgmsg_error_context(Buf *b, const Err *err, const char *context)
{
	size_t		m = pgmsg_begin(b, 'E');
	const char *sev = err->severity == 'F' ? "FATAL" : "ERROR";

	put_field(b, 'S', sev);
	put_field(b, 'V', sev);
	put_field(b, 'C', err->sqlstate);
	put_field(b, 'M', err->message);
	put_field(b, 'D', err->detail);
	put_field(b, 'H', err->hint);
	if (err->position > 0) {
		char		pos[16];

		snprintf(pos, sizeof(pos), "%d", err->position);
		put_field(b, 'P', pos);
	}
	put_field(b, 'W', context);
	put_field(b, 's', err->schema_name);
	put_field(b, 't', err->table_name);
	put_field(b, 'c', err->column_name);
	put_field(b, 'n', err->constraint_name);
	buf_put_u8(b, 0);
	pgmsg_end(b, m);
}

void
pgmsg_notice(Buf *b, const char *severity, const char *sqlstate, const char *message)
{
	size_t		m = pgmsg_begin(b, 'N');

	put_field(b, 'S', severity);
	put_field(b, 'V', severity);
	put_field(b, 'C', sqlstate);
	put_field(b, 'M', message);
	buf_put_u8(b, 0);
	pgmsg_end(b, m);
}

/* ---- extended query protocol: what clients send ---- */

static bool
malformed(Err *err, const char *what)
{
	return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid %s message format", what);
}

/* pgmsg_parse_parse decodes Parse: name, query, parameter type OIDs. */
bool
pgmsg_parse_parse(const uint8_t *p, size_t len, Arena *a, PgParse *out, Err *err)
{
	Reader		r;

	memset(out, 0, sizeof(*out));
	reader_init(&r, p, len);
	out->name = reader_cstr(&r);
	out->query = reader_cstr(&r);
	out->nparams = reader_u16(&r);
	if (!r.ok || (size_t) out->nparams * 4 != r.len - r.pos)
		return malformed(err, "Parse");
	out->param_oids = arena_array(a, uint32_t, out->nparams + 1);
	for (int i = 0; i < out->nparams; i++)
		out->param_oids[i] = reader_u32(&r);
	return true;
}

static int16_t *
read_formats(Reader *r, Arena *a, int *n)
{
	int16_t    *f;

	*n = reader_u16(r);
	if (!r->ok || (size_t) *n * 2 > r->len - r->pos) {
		r->ok = false;
		return NULL;
	}
	f = arena_array(a, int16_t, *n + 1);
	for (int i = 0; i < *n; i++) {
		f[i] = (int16_t) reader_u16(r);
		if (f[i] != 0 && f[i] != 1)
			r->ok = false;
	}
	return f;
}

static bool
read_bind_values(Reader *r, Arena *a, PgBind *out)
{
	out->nparams = reader_u16(r);
	if (!r->ok || (size_t) out->nparams * 4 > r->len - r->pos)
		return false;
	out->values = arena_array(a, const uint8_t *, out->nparams + 1);
	out->lengths = arena_array(a, int32_t, out->nparams + 1);
	for (int i = 0; i < out->nparams; i++) {
		int32_t		n = (int32_t) reader_u32(r);

		if (n < -1)
			return false;
		out->lengths[i] = n;
		if (n >= 0 && (out->values[i] = reader_bytes(r, (size_t) n)) == NULL)
			return false;
	}
	return r->ok;
}

/* pgmsg_parse_bind decodes Bind; formats other than 0 and 1 are 08P01. */
bool
pgmsg_parse_bind(const uint8_t *p, size_t len, Arena *a, PgBind *out, Err *err)
{
	Reader		r;

	memset(out, 0, sizeof(*out));
	reader_init(&r, p, len);
	out->portal = reader_cstr(&r);
	out->statement = reader_cstr(&r);
	out->formats = read_formats(&r, a, &out->nformats);
	if (!r.ok || !read_bind_values(&r, a, out))
		return malformed(err, "Bind");
	out->result_formats = read_formats(&r, a, &out->nresult_formats);
	if (!reader_at_end(&r))
		return malformed(err, "Bind");
	if (out->nformats > 1 && out->nformats != out->nparams)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "bind message has %d parameter formats but %d parameters",
					   out->nformats, out->nparams);
	return true;
}

/* pgmsg_parse_target decodes Describe and Close: 'S' or 'P' and a name. */
bool
pgmsg_parse_target(const uint8_t *p, size_t len, PgTarget *out, Err *err)
{
	Reader		r;

	reader_init(&r, p, len);
	out->kind = (char) reader_u8(&r);
	out->name = reader_cstr(&r);
	if (!reader_at_end(&r))
		return malformed(err, "Describe or Close");
	if (out->kind != 'S' && out->kind != 'P')
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid DESCRIBE message subtype %d",
					   out->kind);
	return true;
}

bool
pgmsg_parse_execute(const uint8_t *p, size_t len, PgExecute *out, Err *err)
{
	Reader		r;

	reader_init(&r, p, len);
	out->portal = reader_cstr(&r);
	out->max_rows = (int32_t) reader_u32(&r);
	if (!reader_at_end(&r))
		return malformed(err, "Execute");
	if (out->max_rows < 0)
		out->max_rows = 0;
	return true;
}

/* pgmsg_parse_cstring decodes a body that is exactly one string (Query, CopyFail). */
bool
pgmsg_parse_cstring(const uint8_t *p, size_t len, const char **out, Err *err)
{
	if (len == 0 || p[len - 1] != '\0' || memchr(p, '\0', len) != p + len - 1)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid string in message");
	*out = (const char *) p;
	return true;
}

/* pgmsg_format_of is column or parameter i's format: none, one for all, or each. */
int
pgmsg_format_of(const int16_t *formats, int nformats, int i)
{
	if (nformats == 0)
		return 0;
	return nformats == 1 ? formats[0] : formats[i];
}

/* ---- extended query protocol, COPY, authentication: what the server sends ---- */

/* pgmsg_empty writes a message with no body: 1 2 3 n s I c. */
void
pgmsg_empty(Buf *b, char type)
{
	size_t		m = pgmsg_begin(b, type);

	pgmsg_end(b, m);
}

void
pgmsg_parameter_description(Buf *b, const uint32_t *oids, int n)
{
	size_t		m = pgmsg_begin(b, 't');

	buf_put_u16(b, (uint16_t) n);
	for (int i = 0; i < n; i++)
		buf_put_u32(b, oids[i]);
	pgmsg_end(b, m);
}

/* pgmsg_copy_response writes CopyInResponse ('G') or CopyOutResponse ('H'). */
void
pgmsg_copy_response(Buf *b, char type, bool binary, int ncols)
{
	size_t		m = pgmsg_begin(b, type);

	buf_put_u8(b, binary ? 1 : 0);
	buf_put_u16(b, (uint16_t) ncols);
	for (int i = 0; i < ncols; i++)
		buf_put_u16(b, binary ? 1 : 0);
	pgmsg_end(b, m);
}

void
pgmsg_copy_data(Buf *b, const void *p, size_t n)
{
	size_t		m = pgmsg_begin(b, 'd');

	buf_put(b, p, n);
	pgmsg_end(b, m);
}

/* pgmsg_auth_request writes AuthenticationXxx: a code and its data. */
void
pgmsg_auth_request(Buf *b, uint32_t code, const void *data, size_t n)
{
	size_t		m = pgmsg_begin(b, 'R');

	buf_put_u32(b, code);
	if (n > 0)
		buf_put(b, data, n);
	pgmsg_end(b, m);
}
