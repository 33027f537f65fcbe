/*
 * test_wire_pgmsg.c
 *	  Protocol v3 codecs: start-up packets, message framing, and the exact
 *	  bytes of the server's messages as the PostgreSQL protocol documentation
 *	  ("Message Formats") lays them out.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "wire/pgmsg.h"

/* startup builds a start-up packet: length, version, then body bytes. */
static size_t
startup(uint8_t *out, uint32_t version, const void *body, size_t blen)
{
	Buf			b;
	size_t		n;

	buf_init(&b);
	buf_put_u32(&b, (uint32_t) (8 + blen));
	buf_put_u32(&b, version);
	buf_put(&b, body, blen);
	n = b.len;
	memcpy(out, b.data, n);
	buf_free(&b);
	return n;
}

/* expect_bytes compares a buffer with the hand-written expected bytes. */
static void
expect_bytes(const Buf *b, const void *want, size_t n)
{
	cr_assert_eq(b->len, n, "length %zu, want %zu", b->len, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(b->data[i], ((const uint8_t *) want)[i], "byte %zu: %02x, want %02x",
					 i, b->data[i], ((const uint8_t *) want)[i]);
}

Test(wire_pgmsg, startup_v3_params)
{
	static const char body[] = "user\0alice\0database\0shop\0application_name\0psql\0";
	uint8_t		pkt[256];
	size_t		n = startup(pkt, PG_PROTOCOL_3_0, body, sizeof(body));	/* keeps final NUL */
	PgStartup	s;
	uint32_t	len = 0;
	Err			err;

	err_clear(&err);
	cr_assert_eq(pgmsg_peek_startup(pkt, n, &len, &err), PEEK_READY);
	cr_assert_eq(len, n);
	cr_assert(pgmsg_parse_startup(pkt, len, &s, &err), "%s", err.message);
	cr_assert_eq(s.kind, STARTUP_NORMAL);
	cr_assert_eq(s.version, 196608);
	cr_assert_eq(s.nparams, 3);
	cr_assert_str_eq(pgmsg_startup_param(&s, "user"), "alice");
	cr_assert_str_eq(pgmsg_startup_param(&s, "database"), "shop");
	cr_assert_str_eq(pgmsg_startup_param(&s, "application_name"), "psql");
	cr_assert_null(pgmsg_startup_param(&s, "options"));
}

Test(wire_pgmsg, ssl_gss_cancel_requests)
{
	static const uint8_t ssl[] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
	static const uint8_t gss[] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30};
	static const uint8_t cancel[] = {0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e,
	0, 0, 0x30, 0x39, 0xde, 0xad, 0xbe, 0xef};
	PgStartup	s;
	uint32_t	len;
	Err			err;

	err_clear(&err);
	cr_assert_eq(pgmsg_peek_startup(ssl, sizeof(ssl), &len, &err), PEEK_READY);
	cr_assert(pgmsg_parse_startup(ssl, len, &s, &err));
	cr_assert_eq(s.kind, STARTUP_SSL);
	cr_assert(pgmsg_parse_startup(gss, sizeof(gss), &s, &err));
	cr_assert_eq(s.kind, STARTUP_GSSENC);
	cr_assert(pgmsg_parse_startup(cancel, sizeof(cancel), &s, &err));
	cr_assert_eq(s.kind, STARTUP_CANCEL);
	cr_assert_eq(s.cancel_pid, 12345);
	cr_assert_eq(s.cancel_key, (int32_t) 0xdeadbeef);
	/* a cancel request of the wrong length is refused */
	cr_assert_not(pgmsg_parse_startup(cancel, 12, &s, &err));
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "invalid length of cancel request packet");
}

Test(wire_pgmsg, startup_bad_lengths)
{
	uint8_t		pkt[16] = {0, 0, 0, 7, 0, 3, 0, 0};
	uint32_t	len = 0;
	Err			err;

	err_clear(&err);
	cr_assert_eq(pgmsg_peek_startup(pkt, 2, &len, &err), PEEK_NEED_MORE);
	cr_assert_eq(pgmsg_peek_startup(pkt, 8, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "invalid length of startup packet");
	err_clear(&err);
	pkt[3] = 0;
	cr_assert_eq(pgmsg_peek_startup(pkt, 8, &len, &err), PEEK_BAD);
	/* 10000 is the most PostgreSQL accepts, 10001 too many */
	err_clear(&err);
	pkt[2] = 0x27;
	pkt[3] = 0x10;
	cr_assert_eq(pgmsg_peek_startup(pkt, 8, &len, &err), PEEK_NEED_MORE);
	pkt[3] = 0x11;
	cr_assert_eq(pgmsg_peek_startup(pkt, 8, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.sqlstate, "08P01");
	/* a length of 8 that has not fully arrived yet */
	err_clear(&err);
	pkt[2] = 0;
	pkt[3] = 8;
	cr_assert_eq(pgmsg_peek_startup(pkt, 7, &len, &err), PEEK_NEED_MORE);
	cr_assert_not(err_is_set(&err));
}

Test(wire_pgmsg, startup_unterminated_params)
{
	static const char no_final[] = {'u', 's', 'e', 'r', 0, 'b', 'o', 'b', 0};
	static const char no_value_nul[] = {'u', 's', 'e', 'r', 0, 'b', 'o', 'b'};
	static const char trailing[] = {'u', 's', 'e', 'r', 0, 'b', 0, 0, 'x'};
	const void *bodies[] = {no_final, no_value_nul, trailing, ""};
	size_t		lens[] = {sizeof(no_final), sizeof(no_value_nul), sizeof(trailing), 0};

	for (int i = 0; i < 4; i++) {
		uint8_t		pkt[64];
		size_t		n = startup(pkt, PG_PROTOCOL_3_0, bodies[i], lens[i]);
		PgStartup	s;
		Err			err;

		err_clear(&err);
		cr_assert_not(pgmsg_parse_startup(pkt, n, &s, &err), "body %d", i);
		cr_assert_str_eq(err.sqlstate, "08P01");
		cr_assert_str_eq(err.message, "invalid startup packet layout: expected terminator as last byte");
	}
}

Test(wire_pgmsg, startup_too_many_params)
{
	uint8_t		pkt[2048];
	char		body[1800];
	size_t		blen = 0;
	PgStartup	s;
	Err			err;

	for (int i = 0; i < PG_MAX_PARAMS + 1; i++)
		blen += (size_t) snprintf(body + blen, sizeof(body) - blen, "k%d%cv%c", i, 0, 0);
	body[blen++] = 0;
	err_clear(&err);
	cr_assert_not(pgmsg_parse_startup(pkt, startup(pkt, PG_PROTOCOL_3_0, body, blen), &s, &err));
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "too many parameters in startup packet");
}

Test(wire_pgmsg, startup_protocol_2)
{
	static const char body[] = "user\0bob\0";
	uint8_t		pkt[64];
	size_t		n = startup(pkt, 2u << 16, body, sizeof(body));
	PgStartup	s;
	Err			err;

	err_clear(&err);
	cr_assert_not(pgmsg_parse_startup(pkt, n, &s, &err));
	cr_assert_str_eq(err.sqlstate, ERRCODE_FEATURE_NOT_SUPPORTED);
	cr_assert_str_eq(err.sqlstate, "0A000");
	cr_assert_str_eq(err.message, "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
}

Test(wire_pgmsg, peek_messages)
{
	/* Query "SELECT 1": 'Q', Int32 len = 4 + 9, then the string and NUL */
	static const uint8_t q[] = {'Q', 0, 0, 0, 13, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', 0, 'X'};
	uint8_t		type = 0;
	uint32_t	len = 0;
	Err			err;

	err_clear(&err);
	for (size_t avail = 0; avail < 14; avail++)
		cr_assert_eq(pgmsg_peek(q, avail, 8192, &type, &len, &err), PEEK_NEED_MORE, "avail %zu", avail);
	cr_assert_eq(pgmsg_peek(q, 14, 8192, &type, &len, &err), PEEK_READY);
	cr_assert_eq(type, 'Q');
	cr_assert_eq(len, 13);
	cr_assert_eq(pgmsg_peek(q, sizeof(q), 8192, &type, &len, &err), PEEK_READY);
	cr_assert_eq(len, 13);
	cr_assert_not(err_is_set(&err));
}

Test(wire_pgmsg, peek_bad_lengths)
{
	uint8_t		m[5] = {'Q', 0, 0, 0, 3};
	uint8_t		type;
	uint32_t	len;
	Err			err;

	err_clear(&err);
	cr_assert_eq(pgmsg_peek(m, 5, 8192, &type, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "invalid message length 3");
	/* 4 is an empty body: Sync, Terminate */
	err_clear(&err);
	m[4] = 4;
	cr_assert_eq(pgmsg_peek(m, 5, 8192, &type, &len, &err), PEEK_READY);
	cr_assert_eq(len, 4);
	/* over max: refused before the body arrives */
	m[3] = 0x20;
	m[4] = 0x01;
	cr_assert_eq(pgmsg_peek(m, 5, 8192, &type, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.message, "invalid message length 8193");
	err_clear(&err);
	m[4] = 0x00;
	cr_assert_eq(pgmsg_peek(m, 5, 8192, &type, &len, &err), PEEK_NEED_MORE);
	m[1] = 0xff;
	cr_assert_eq(pgmsg_peek(m, 5, 8192, &type, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.sqlstate, "08P01");
}

Test(wire_pgmsg, auth_ok_bytes)
{
	/* AuthenticationOk: Byte1('R') Int32(8) Int32(0) */
	static const uint8_t want[] = {'R', 0, 0, 0, 8, 0, 0, 0, 0};
	Buf			b;

	buf_init(&b);
	pgmsg_auth_ok(&b);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, parameter_status_bytes)
{
	/* ParameterStatus: Byte1('S') Int32(len) String name String value */
	static const uint8_t want[] = {'S', 0, 0, 0, 25,
		'c', 'l', 'i', 'e', 'n', 't', '_', 'e', 'n', 'c', 'o', 'd', 'i', 'n', 'g', 0,
	'U', 'T', 'F', '8', 0};
	Buf			b;

	buf_init(&b);
	pgmsg_parameter_status(&b, "client_encoding", "UTF8");
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, backend_key_ready_empty_bytes)
{
	static const uint8_t want[] = {
		'K', 0, 0, 0, 12, 0, 0, 0x10, 0x92, 0xff, 0xff, 0xff, 0xfe,
		'Z', 0, 0, 0, 5, 'I',
		'Z', 0, 0, 0, 5, 'T',
		'Z', 0, 0, 0, 5, 'E',
	'I', 0, 0, 0, 4};
	Buf			b;

	buf_init(&b);
	pgmsg_backend_key(&b, 4242, -2);
	pgmsg_ready(&b, 'I');
	pgmsg_ready(&b, 'T');
	pgmsg_ready(&b, 'E');
	pgmsg_empty_query(&b);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, row_description_bytes)
{
	/*
	 * RowDescription: Byte1('T') Int32(len) Int16(fields), then per field
	 * String name, Int32 table OID, Int16 attnum, Int32 type OID, Int16
	 * typlen, Int32 typmod, Int16 format.
	 */
	static const uint8_t want[] = {'T', 0, 0, 0, 50, 0, 2,
		'i', 'd', 0, 0, 0, 0x40, 0x00, 0, 1, 0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0,
	'n', 'a', 'm', 'e', 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0x13, 0xff, 0xff, 0, 0, 0, 14, 0, 1};
	PgField		f[2] = {
		{"id", 16384, 1, 23, 4, -1, 0},
		{"name", 0, 0, 1043, -1, 14, 1},
	};
	Buf			b;

	buf_init(&b);
	pgmsg_row_description(&b, f, 2);
	expect_bytes(&b, want, sizeof(want));
	buf_reset(&b);
	pgmsg_row_description(&b, NULL, 0);
	expect_bytes(&b, (const uint8_t[]) {'T', 0, 0, 0, 6, 0, 0}, 7);
	buf_free(&b);
}

Test(wire_pgmsg, command_complete_bytes)
{
	static const uint8_t want[] = {'C', 0, 0, 0, 13, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', 0};
	Buf			b;

	buf_init(&b);
	pgmsg_command_complete(&b, "SELECT 1");
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, error_response_minimal_bytes)
{
	/* ErrorResponse: Byte1('E') Int32(len), fields of Byte1 code + String, Byte1(0) */
	static const uint8_t want[] = {'E', 0, 0, 0, 44,
		'S', 'E', 'R', 'R', 'O', 'R', 0,
		'V', 'E', 'R', 'R', 'O', 'R', 0,
		'C', '2', '2', '0', '1', '2', 0,
		'M', 'd', 'i', 'v', 'i', 's', 'i', 'o', 'n', ' ', 'b', 'y', ' ', 'z', 'e', 'r', 'o', 0,
	0};
	Buf			b;
	Err			err;

	err_clear(&err);
	err_set(&err, "22012", "division by zero");
	buf_init(&b);
	pgmsg_error(&b, &err);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, error_response_all_fields_bytes)
{
	static const uint8_t want[] = {'E', 0, 0, 0, 53,
		'S', 'F', 'A', 'T', 'A', 'L', 0,
		'V', 'F', 'A', 'T', 'A', 'L', 0,
		'C', '2', '3', '5', '0', '2', 0,
		'M', 'm', 0,
		'D', 'd', 0,
		'H', 'h', 0,
		'P', '1', '2', 0,
		's', 'p', 'u', 'b', 'l', 'i', 'c', 0,
		't', 't', 0,
		'c', 'a', 0,
	0};
	Buf			b;
	Err			err;

	err_clear(&err);
	err.severity = 'F';
	err_set(&err, "23502", "m");
	err_detail(&err, "d");
	err_hint(&err, "h");
	err.position = 12;
	strcpy(err.schema_name, "public");
	strcpy(err.table_name, "t");
	strcpy(err.column_name, "a");
	buf_init(&b);
	pgmsg_error(&b, &err);
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, notice_bytes)
{
	static const uint8_t want[] = {'N', 0, 0, 0, 32,
		'S', 'N', 'O', 'T', 'I', 'C', 'E', 0,
		'V', 'N', 'O', 'T', 'I', 'C', 'E', 0,
		'C', '0', '0', '0', '0', '0', 0,
		'M', 'h', 'i', 0,
	0};
	Buf			b;

	buf_init(&b);
	pgmsg_notice(&b, "NOTICE", "00000", "hi");
	expect_bytes(&b, want, sizeof(want));
	buf_free(&b);
}

Test(wire_pgmsg, peek_types_and_small_limit)
{
	uint8_t		m[5] = {'R', 0, 0, 0, 8};
	uint8_t		type;
	uint32_t	len;
	Err			err;

	/* a server-only type from a client is refused at its first byte */
	err_clear(&err);
	cr_assert_eq(pgmsg_peek(m, 1, 1 << 20, &type, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert_str_eq(err.message, "invalid frontend message type 82");
	/* Sync, Execute, ... are small: at most 10000 bytes whatever max_len is */
	m[0] = 'S';
	m[3] = 0x27;
	m[4] = 0x10;
	err_clear(&err);
	cr_assert_eq(pgmsg_peek(m, 5, 1 << 20, &type, &len, &err), PEEK_NEED_MORE);
	m[4] = 0x11;
	cr_assert_eq(pgmsg_peek(m, 5, 1 << 20, &type, &len, &err), PEEK_BAD);
	cr_assert_str_eq(err.message, "invalid message length 10001");
	/* while a Query of that length is fine */
	m[0] = 'Q';
	err_clear(&err);
	cr_assert_eq(pgmsg_peek(m, 5, 1 << 20, &type, &len, &err), PEEK_NEED_MORE);
	cr_assert_not(err_is_set(&err));
}

Test(wire_pgmsg, messages_append)
{
	Buf			b;
	Reader		r;

	buf_init(&b);
	pgmsg_auth_ok(&b);
	pgmsg_parameter_status(&b, "server_version", "15.0");
	pgmsg_ready(&b, 'I');
	/* the three messages follow one another, each length counting itself */
	reader_init(&r, b.data, b.len);
	cr_assert_eq(reader_u8(&r), 'R');
	cr_assert_eq(reader_u32(&r), 8);
	cr_assert_eq(reader_u32(&r), 0);
	cr_assert_eq(reader_u8(&r), 'S');
	cr_assert_eq(reader_u32(&r), 4 + 15 + 5);
	cr_assert_str_eq(reader_cstr(&r), "server_version");
	cr_assert_str_eq(reader_cstr(&r), "15.0");
	cr_assert_eq(reader_u8(&r), 'Z');
	cr_assert_eq(reader_u32(&r), 5);
	cr_assert_eq(reader_u8(&r), 'I');
	cr_assert(reader_at_end(&r));
	buf_free(&b);
}
