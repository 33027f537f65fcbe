/*
 * frame.c
 *	  Encoding and checking the coordinator <-> worker envelope.  See frame.h.
 *
 *	  A received message comes from the network, so every field is checked
 *	  here: the delimiter must be empty, the version must be "QRY1", the
 *	  command byte must be one we know and the payload must unpack as the
 *	  message its command names.  Anything else is a protocol violation
 *	  (08P01) that the caller logs and drops.
 *
 *	  frame_cmd_name, frame_cmd_is_valid, frame_cmd_from_worker,
 *	  frame_cmd_from_coordinator, frame_payload_descriptor, frame_header, frame_decode, frame_pack,
 *	  frame_unpack
 */
#include "wire/frame.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.pb-c.h"

/* Who may send a command. */
#define BY_WORKER		0x1
#define BY_COORDINATOR	0x2

typedef struct CmdInfo {
	const char *name;
	int			senders;		/* BY_WORKER, BY_COORDINATOR */
	const ProtobufCMessageDescriptor *payload;	/* NULL: no payload */
} CmdInfo;

static const CmdInfo cmd_info[FRAME_CMD_LAST + 1] = {
	[FRAME_REGISTER] = {"REGISTER", BY_WORKER, &quarry__register__descriptor},
	[FRAME_REGISTERED] = {"REGISTERED", BY_COORDINATOR, &quarry__register_reply__descriptor},
	[FRAME_REFUSED] = {"REFUSED", BY_COORDINATOR, &quarry__register_reply__descriptor},
	[FRAME_HEARTBEAT] = {"HEARTBEAT", BY_WORKER | BY_COORDINATOR, &quarry__heartbeat__descriptor},
	[FRAME_TASK] = {"TASK", BY_COORDINATOR, &quarry__task_launch__descriptor},
	[FRAME_RESULT] = {"RESULT", BY_WORKER, &quarry__result_chunk__descriptor},
	[FRAME_STATUS] = {"STATUS", BY_WORKER, &quarry__task_status__descriptor},
	[FRAME_CANCEL] = {"CANCEL", BY_COORDINATOR, &quarry__task_cancel__descriptor},
	[FRAME_DEREGISTER] = {"DEREGISTER", BY_WORKER, &quarry__deregister__descriptor},
	[FRAME_REREGISTER] = {"REREGISTER", BY_COORDINATOR, NULL},
	[FRAME_SHUTDOWN] = {"SHUTDOWN", BY_COORDINATOR, NULL},
	[FRAME_QUERY_END] = {"QUERY_END", BY_COORDINATOR, &quarry__query_end__descriptor},
};

/* The command bytes themselves, for frame_header's parts to point at. */
static const uint8_t cmd_bytes[FRAME_CMD_LAST + 1] = {
	0, FRAME_REGISTER, FRAME_REGISTERED, FRAME_REFUSED, FRAME_HEARTBEAT,
	FRAME_TASK, FRAME_RESULT, FRAME_STATUS, FRAME_CANCEL, FRAME_DEREGISTER,
	FRAME_REREGISTER, FRAME_SHUTDOWN, FRAME_QUERY_END
};

/* frame_cmd_is_valid reports whether cmd is a command byte we know. */
bool
frame_cmd_is_valid(int cmd)
{
	return cmd >= FRAME_CMD_FIRST && cmd <= FRAME_CMD_LAST;
}

/* frame_cmd_name names a command for log lines; "?" for an unknown one. */
const char *
frame_cmd_name(int cmd)
{
	return frame_cmd_is_valid(cmd) ? cmd_info[cmd].name : "?";
}

/* frame_cmd_from_worker reports whether a worker may send cmd. */
bool
frame_cmd_from_worker(FrameCmd cmd)
{
	return frame_cmd_is_valid(cmd) && (cmd_info[cmd].senders & BY_WORKER) != 0;
}

/* frame_cmd_from_coordinator reports whether the coordinator may send cmd. */
bool
frame_cmd_from_coordinator(FrameCmd cmd)
{
	return frame_cmd_is_valid(cmd) && (cmd_info[cmd].senders & BY_COORDINATOR) != 0;
}

/* frame_payload_descriptor is the protobuf message cmd carries, or NULL. */
const ProtobufCMessageDescriptor *
frame_payload_descriptor(FrameCmd cmd)
{
	return frame_cmd_is_valid(cmd) ? cmd_info[cmd].payload : NULL;
}

/*
 * frame_header fills parts with the delimiter, version and command byte of
 * cmd.  The parts point at static storage.
 */
void
frame_header(FrameCmd cmd, FramePart parts[FRAME_HEADER_PARTS])
{
	parts[0].data = (const uint8_t *) "";
	parts[0].len = 0;
	parts[1].data = (const uint8_t *) FRAME_VERSION;
	parts[1].len = FRAME_VERSION_LEN;
	parts[2].data = &cmd_bytes[frame_cmd_is_valid(cmd) ? cmd : 0];
	parts[2].len = 1;
}

/*
 * printable copies at most out_size - 1 bytes of untrusted data into out for
 * a message, replacing anything not printable with '?'.
 */
static const char *
printable(const uint8_t *data, size_t len, char *out, size_t out_size)
{
	size_t		n = len < out_size - 1 ? len : out_size - 1;

	for (size_t i = 0; i < n; i++)
		out[i] = isprint(data[i]) ? (char) data[i] : '?';
	out[n] = '\0';
	return out;
}

static bool
check_version(const FramePart *v, Err *err)
{
	char		buf[16];

	if (v->len == FRAME_VERSION_LEN &&
		memcmp(v->data, FRAME_VERSION, FRAME_VERSION_LEN) == 0)
		return true;
	err_set(err, ERRCODE_PROTOCOL_VIOLATION,
			"unsupported cluster protocol version \"%s\"",
			printable(v->data, v->len, buf, sizeof(buf)));
	err_detail(err, "This side speaks %s.", FRAME_VERSION);
	return false;
}

/*
 * frame_decode checks the parts of a received message (identity already
 * removed) and fills in out.  A missing payload part reads as an empty one.
 */
bool
frame_decode(const FramePart *parts, int nparts, Frame *out, Err *err)
{
	int			cmd;

	memset(out, 0, sizeof(*out));
	if (nparts < FRAME_HEADER_PARTS || nparts > FRAME_MAX_PARTS)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "cluster message has %d parts, expected %d or %d",
					   nparts, FRAME_HEADER_PARTS, FRAME_MAX_PARTS);
	if (parts[0].len != 0)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "cluster message does not start with an empty delimiter");
	if (!check_version(&parts[1], err))
		return false;
	if (parts[2].len != 1)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "cluster message command is %zu bytes, expected 1",
					   parts[2].len);
	cmd = parts[2].data[0];
	if (!frame_cmd_is_valid(cmd))
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "unknown cluster command %d", cmd);
	out->cmd = (FrameCmd) cmd;
	if (nparts == FRAME_MAX_PARTS) {
		out->payload = parts[3].data;
		out->payload_len = parts[3].len;
	}
	if (cmd_info[cmd].payload == NULL && out->payload_len > 0)
		return err_set(err, ERRCODE_PROTOCOL_VIOLATION,
					   "cluster command %s takes no payload, got %zu bytes",
					   cmd_info[cmd].name, out->payload_len);
	return true;
}

/*
 * frame_pack packs msg into a malloc'd buffer (at least one byte, so that
 * an empty message is not NULL) and stores its length; NULL when out of
 * memory.
 */
uint8_t *
frame_pack(const ProtobufCMessage *msg, size_t *len)
{
	size_t		n = protobuf_c_message_get_packed_size(msg);
	uint8_t    *buf = malloc(n > 0 ? n : 1);

	if (buf == NULL)
		return NULL;
	*len = protobuf_c_message_pack(msg, buf);
	return buf;
}

/*
 * frame_unpack unpacks the payload of a decoded frame as the message its
 * command names.  Free the result with protobuf_c_message_free_unpacked.
 */
ProtobufCMessage *
frame_unpack(const Frame *frame, Err *err)
{
	static const uint8_t empty[1];
	const ProtobufCMessageDescriptor *desc = frame_payload_descriptor(frame->cmd);
	ProtobufCMessage *msg;

	if (desc == NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION,
				"cluster command %s has no payload", frame_cmd_name(frame->cmd));
		return NULL;
	}
	msg = protobuf_c_message_unpack(desc, NULL, frame->payload_len,
									frame->payload ? frame->payload : empty);
	if (msg == NULL) {
		err_set(err, ERRCODE_PROTOCOL_VIOLATION,
				"malformed %s message from the cluster (%zu bytes)",
				frame_cmd_name(frame->cmd), frame->payload_len);
		return NULL;
	}
	if (!protobuf_c_message_check(msg)) {
		protobuf_c_message_free_unpacked(msg, NULL);
		err_set(err, ERRCODE_PROTOCOL_VIOLATION,
				"invalid %s message from the cluster", frame_cmd_name(frame->cmd));
		return NULL;
	}
	return msg;
}
