/*
 * frame.h
 *	  The envelope of every message between the coordinator and its workers
 *	  (DESIGN.md section 6).  A ZeroMQ message is four parts:
 *
 *		[empty delimiter]["QRY1"][one command byte][payload]
 *
 *	  the payload being the protobuf-c message that the command names (see
 *	  common/proto/cluster.proto), possibly zero bytes long.  On the
 *	  coordinator's ROUTER socket the worker's identity precedes these parts;
 *	  the caller strips it.
 *
 *	  Pure functions: no sockets.  Everything received is checked, and a bad
 *	  envelope or payload yields false and an 08P01 Err, never an assert.
 *
 *	  frame_header		the three header parts of a command
 *	  frame_decode		check a received message's parts, find its payload
 *	  frame_pack		pack a payload into a malloc'd buffer
 *	  frame_unpack		unpack and check a received payload
 */
#ifndef QUARRY_FRAME_H
#define QUARRY_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "common/err.h"

#define FRAME_VERSION		"QRY1"
#define FRAME_VERSION_LEN	4
#define FRAME_HEADER_PARTS	3	/* delimiter, version, command */
#define FRAME_MAX_PARTS		4	/* the header and one payload */

/*
 * Command bytes.  Their values are part of the protocol: append new ones,
 * never renumber.
 */
typedef enum FrameCmd {
	FRAME_REGISTER = 1,			/* worker -> coordinator: Register */
	FRAME_REGISTERED = 2,		/* coordinator -> worker: RegisterReply */
	FRAME_REFUSED = 3,			/* coordinator -> worker: RegisterReply */
	FRAME_HEARTBEAT = 4,		/* either way: Heartbeat */
	FRAME_TASK = 5,				/* coordinator -> worker: TaskLaunch */
	FRAME_RESULT = 6,			/* worker -> coordinator: ResultChunk */
	FRAME_STATUS = 7,			/* worker -> coordinator: TaskStatus */
	FRAME_CANCEL = 8,			/* coordinator -> worker: TaskCancel */
	FRAME_DEREGISTER = 9,		/* worker -> coordinator: Deregister */
	FRAME_REREGISTER = 10,		/* coordinator -> worker: no payload */
	FRAME_SHUTDOWN = 11,		/* coordinator -> worker: no payload */
	FRAME_QUERY_END = 12		/* coordinator -> worker: QueryEnd */
} FrameCmd;

#define FRAME_CMD_FIRST FRAME_REGISTER
#define FRAME_CMD_LAST	FRAME_QUERY_END

/* One part of a multipart message: bytes owned by someone else. */
typedef struct FramePart {
	const uint8_t *data;
	size_t		len;
} FramePart;

/* A decoded envelope; payload points into the caller's last part. */
typedef struct Frame {
	FrameCmd	cmd;
	const uint8_t *payload;
	size_t		payload_len;
} Frame;

const char *frame_cmd_name(int cmd);
bool		frame_cmd_is_valid(int cmd);
bool		frame_cmd_from_worker(FrameCmd cmd);
bool		frame_cmd_from_coordinator(FrameCmd cmd);
const ProtobufCMessageDescriptor *frame_payload_descriptor(FrameCmd cmd);

void		frame_header(FrameCmd cmd, FramePart parts[FRAME_HEADER_PARTS]);
bool		frame_decode(const FramePart *parts, int nparts, Frame *out,
						 Err *err) MUST_CHECK;
uint8_t    *frame_pack(const ProtobufCMessage *msg, size_t *len);
ProtobufCMessage *frame_unpack(const Frame *frame, Err *err);

#endif							/* QUARRY_FRAME_H */
