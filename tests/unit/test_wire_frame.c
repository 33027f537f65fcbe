/*
 * test_wire_frame.c
 *	  The coordinator <-> worker envelope: round trips of every command,
 *	  and refusal (08P01, no crash) of malformed messages.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.pb-c.h"
#include "wire/frame.h"

/* build fills parts with cmd's header and payload; returns the part count. */
static int
build(FrameCmd cmd, const uint8_t *payload, size_t len, FramePart parts[4])
{
	frame_header(cmd, parts);
	parts[3].data = payload;
	parts[3].len = len;
	return 4;
}

Test(wire_frame, header_layout)
{
	FramePart	parts[FRAME_HEADER_PARTS];

	frame_header(FRAME_TASK, parts);
	cr_assert_eq(parts[0].len, 0);
	cr_assert_eq(parts[1].len, 4);
	cr_assert(memcmp(parts[1].data, "QRY1", 4) == 0);
	cr_assert_eq(parts[2].len, 1);
	cr_assert_eq(parts[2].data[0], FRAME_TASK);
}

Test(wire_frame, register_roundtrip)
{
	Quarry__Register reg = QUARRY__REGISTER__INIT;
	Quarry__Register *out;
	FramePart	parts[4];
	Frame		f;
	Err			err;
	size_t		len;
	uint8_t    *buf;

	err_clear(&err);
	reg.worker_id = "worker-1";
	reg.host = "127.0.0.1";
	reg.slots = 4;
	reg.memory = 1 << 30;
	reg.shuffle_endpoint = "tcp://127.0.0.1:40001";
	reg.version = "0.1.0";
	reg.pid = 4242;
	buf = frame_pack(&reg.base, &len);
	cr_assert_not_null(buf);
	cr_assert(frame_decode(parts, build(FRAME_REGISTER, buf, len, parts), &f, &err));
	cr_assert_eq(f.cmd, FRAME_REGISTER);
	cr_assert_eq(f.payload_len, len);
	out = (Quarry__Register *) frame_unpack(&f, &err);
	cr_assert_not_null(out, "%s", err.message);
	cr_assert_str_eq(out->worker_id, "worker-1");
	cr_assert_str_eq(out->version, "0.1.0");
	cr_assert_eq(out->slots, 4);
	cr_assert_eq(out->memory, 1 << 30);
	cr_assert_eq(out->pid, 4242);
	protobuf_c_message_free_unpacked(&out->base, NULL);
	free(buf);
}

Test(wire_frame, task_status_roundtrip)
{
	Quarry__TaskKey key = QUARRY__TASK_KEY__INIT;
	Quarry__TaskStatus st = QUARRY__TASK_STATUS__INIT;
	Quarry__TaskStatus *out;
	FramePart	parts[4];
	Frame		f;
	Err			err;
	size_t		len;
	uint8_t    *buf;

	err_clear(&err);
	key.query = 77;
	key.stage = 2;
	key.partition = 5;
	key.attempt = 1;
	st.key = &key;
	st.state = QUARRY__TASK_STATE__TASK_FAILED;
	st.kind = QUARRY__FAILURE_KIND__TASK_ERROR;
	st.sqlstate = "22012";
	st.message = "division by zero";
	buf = frame_pack(&st.base, &len);
	cr_assert(frame_decode(parts, build(FRAME_STATUS, buf, len, parts), &f, &err));
	out = (Quarry__TaskStatus *) frame_unpack(&f, &err);
	cr_assert_not_null(out);
	cr_assert_not_null(out->key);
	cr_assert_eq(out->key->query, 77);
	cr_assert_eq(out->key->partition, 5);
	cr_assert_eq(out->kind, QUARRY__FAILURE_KIND__TASK_ERROR);
	cr_assert_str_eq(out->sqlstate, "22012");
	protobuf_c_message_free_unpacked(&out->base, NULL);
	free(buf);
}

/* An empty message packs to zero bytes; it still decodes and unpacks. */
Test(wire_frame, empty_heartbeat)
{
	Quarry__Heartbeat hb = QUARRY__HEARTBEAT__INIT;
	ProtobufCMessage *out;
	FramePart	parts[4];
	Frame		f;
	Err			err;
	size_t		len;
	uint8_t    *buf;

	err_clear(&err);
	buf = frame_pack(&hb.base, &len);
	cr_assert_not_null(buf);
	cr_assert_eq(len, 0);
	cr_assert(frame_decode(parts, build(FRAME_HEARTBEAT, buf, len, parts), &f, &err));
	out = frame_unpack(&f, &err);
	cr_assert_not_null(out);
	cr_assert_eq(((Quarry__Heartbeat *) out)->running_tasks, 0);
	protobuf_c_message_free_unpacked(out, NULL);
	free(buf);
}

/* Commands without a payload decode from three parts. */
Test(wire_frame, no_payload_commands)
{
	FramePart	parts[4];
	Frame		f;
	Err			err;

	err_clear(&err);
	frame_header(FRAME_REREGISTER, parts);
	cr_assert(frame_decode(parts, 3, &f, &err));
	cr_assert_eq(f.cmd, FRAME_REREGISTER);
	cr_assert_null(f.payload);
	cr_assert_null(frame_payload_descriptor(FRAME_SHUTDOWN));
	cr_assert_not(frame_cmd_from_worker(FRAME_REREGISTER));
	cr_assert(frame_cmd_from_worker(FRAME_HEARTBEAT));
	cr_assert(frame_cmd_from_coordinator(FRAME_HEARTBEAT));
	cr_assert(frame_cmd_from_coordinator(FRAME_TASK));
	cr_assert_not(frame_cmd_from_coordinator(FRAME_STATUS));
	cr_assert_not(frame_cmd_from_worker(FRAME_TASK));
}

Test(wire_frame, payload_on_payloadless_command)
{
	FramePart	parts[4];
	Frame		f;
	Err			err;

	err_clear(&err);
	cr_assert_not(frame_decode(parts, build(FRAME_SHUTDOWN, (const uint8_t *) "x", 1,
											parts), &f, &err));
	cr_assert_str_eq(err.sqlstate, "08P01");
}

Test(wire_frame, bad_version)
{
	FramePart	parts[4];
	Frame		f;
	Err			err;

	err_clear(&err);
	build(FRAME_HEARTBEAT, NULL, 0, parts);
	parts[1].data = (const uint8_t *) "QRY0";
	cr_assert_not(frame_decode(parts, 4, &f, &err));
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert(strstr(err.message, "QRY0") != NULL, "%s", err.message);
}

/* Unprintable bytes of a bad version do not reach the message. */
Test(wire_frame, bad_version_binary)
{
	static const uint8_t junk[] = {0x00, 0x0a, 0xff, 'Q'};
	FramePart	parts[4];
	Frame		f;
	Err			err;

	err_clear(&err);
	build(FRAME_HEARTBEAT, NULL, 0, parts);
	parts[1].data = junk;
	parts[1].len = sizeof(junk);
	cr_assert_not(frame_decode(parts, 4, &f, &err));
	cr_assert_str_eq(err.sqlstate, "08P01");
	cr_assert(strchr(err.message, '\n') == NULL);
}

Test(wire_frame, unknown_command)
{
	static const uint8_t cmds[] = {0, FRAME_CMD_LAST + 1, 0xff};
	FramePart	parts[4];
	Frame		f;

	for (size_t i = 0; i < sizeof(cmds); i++) {
		Err			err;

		err_clear(&err);
		build(FRAME_HEARTBEAT, NULL, 0, parts);
		parts[2].data = &cmds[i];
		cr_assert_not(frame_decode(parts, 4, &f, &err));
		cr_assert_str_eq(err.sqlstate, "08P01");
	}
	cr_assert_str_eq(frame_cmd_name(0), "?");
	cr_assert_str_eq(frame_cmd_name(FRAME_CMD_LAST + 1), "?");
}

Test(wire_frame, bad_shapes)
{
	FramePart	parts[6];
	Frame		f;
	Err			err;

	err_clear(&err);
	build(FRAME_HEARTBEAT, NULL, 0, parts);
	cr_assert_not(frame_decode(parts, 2, &f, &err), "too few parts");
	cr_assert_str_eq(err.sqlstate, "08P01");
	err_clear(&err);
	parts[4] = parts[3];
	cr_assert_not(frame_decode(parts, 5, &f, &err), "too many parts");
	err_clear(&err);
	parts[0].data = (const uint8_t *) "id";
	parts[0].len = 2;
	cr_assert_not(frame_decode(parts, 4, &f, &err), "non-empty delimiter");
	err_clear(&err);
	build(FRAME_HEARTBEAT, NULL, 0, parts);
	parts[2].data = (const uint8_t *) "\x04\x04";
	parts[2].len = 2;
	cr_assert_not(frame_decode(parts, 4, &f, &err), "two command bytes");
}

Test(wire_frame, malformed_payload)
{
	static const uint8_t garbage[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f};
	FramePart	parts[4];
	Frame		f;
	Err			err;

	err_clear(&err);
	cr_assert(frame_decode(parts, build(FRAME_REGISTER, garbage, sizeof(garbage),
										parts), &f, &err));
	cr_assert_null(frame_unpack(&f, &err));
	cr_assert_str_eq(err.sqlstate, "08P01");
	err_clear(&err);
	cr_assert_null(frame_unpack(&(Frame) {FRAME_REREGISTER, NULL, 0}, &err));
}

/* Every command's name and payload type agree with the protocol table. */
Test(wire_frame, command_table)
{
	for (int cmd = FRAME_CMD_FIRST; cmd <= FRAME_CMD_LAST; cmd++) {
		cr_assert(frame_cmd_is_valid(cmd));
		cr_assert_str_neq(frame_cmd_name(cmd), "?");
	}
	cr_assert_eq(frame_payload_descriptor(FRAME_TASK), &quarry__task_launch__descriptor);
	cr_assert_eq(frame_payload_descriptor(FRAME_REFUSED),
				 &quarry__register_reply__descriptor);
}
