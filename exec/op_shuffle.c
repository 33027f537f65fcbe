/*
 * op_shuffle.c
 *	  ShuffleRead: the reduce side of an exchange.  For each source (one map
 *	  output) in turn, the blocks of the listed partitions are read one at a
 *	  time: from the worker's store when the source's endpoint is this
 *	  worker's own, else through the fetch callbacks server/ installed.
 *	  Each block is decompressed and its batches handed out one per next(),
 *	  so only one decoded block is held at a time.  While a remote source
 *	  is read, the next one's fetch is already open (its first reply
 *	  travels meanwhile); no further ahead, so a task buffers at most two
 *	  replies.
 *
 *	  Any failure to read a source (missing output, unreachable worker,
 *	  timeout, corrupt block) fails the task and names the map output in
 *	  the ShuffleEnv, which the worker reports as FETCH_FAILED.
 *
 *	  op_shuffle_read_new
 */
#include <stdio.h>
#include <string.h>

#include "exec/op.h"
#include "exec/shuffle.h"

typedef struct ShuffleReadOp {
	Op			op;
	const Quarry__ShuffleRead *sr;
	ShuffleEnv *env;
	size_t		src;			/* the source being read */
	bool		src_open;
	ShuffleMapOutput *local;	/* a local source */
	size_t		part;			/* local: index into sr->partitions */
	int			block;			/* local: next block of that partition */
	ShuffleFetch *remote;		/* a remote source */
	ShuffleFetch *ahead;		/* the next source's fetch, when remote */
	size_t		ahead_src;
	ShuffleBlockReader rd;
	bool		block_open;
	Buf			copy;			/* a spilled local block */
} ShuffleReadOp;

static bool
is_local(const ShuffleReadOp *s, const Quarry__ShuffleSource *src)
{
	return src->endpoint == NULL || src->endpoint[0] == '\0' ||
		(s->env->self_endpoint != NULL && strcmp(src->endpoint, s->env->self_endpoint) == 0);
}

/*
 * fetch_failed names the source in the env (unless the task was cancelled,
 * which is not the map output's fault) and returns false.
 */
static bool
fetch_failed(ShuffleReadOp *s, Err *err)
{
	const Quarry__ShuffleSource *src = s->sr->sources[s->src];

	if (strcmp(err->sqlstate, ERRCODE_QUERY_CANCELED) == 0)
		return false;
	s->env->fetch_failed = true;
	s->env->fetch_shuffle = s->sr->shuffle;
	s->env->fetch_map = src->map;
	snprintf(s->env->fetch_worker, sizeof(s->env->fetch_worker), "%s",
			 src->worker != NULL ? src->worker : "");
	return false;
}

static ShuffleFetch *
open_remote(ShuffleReadOp *s, size_t i, Err *err)
{
	const Quarry__ShuffleSource *src = s->sr->sources[i];

	return s->env->fetch->open(s->env->fetch->arg, src->endpoint, s->sr->query,
							   s->sr->shuffle, src->map, s->sr->partitions,
							   (int) s->sr->n_partitions, s->op.cx->cancel, err);
}

/*
 * fetch_ahead opens the fetch of the source after the current one when it
 * is remote.  A failure here is left for when that source's turn comes.
 */
static void
fetch_ahead(ShuffleReadOp *s)
{
	size_t		i = s->src + 1;
	Err			ignored;

	if (s->ahead != NULL || i >= s->sr->n_sources || s->env->fetch == NULL ||
		is_local(s, s->sr->sources[i]))
		return;
	err_clear(&ignored);
	s->ahead = open_remote(s, i, &ignored);
	s->ahead_src = i;
}

static bool
open_source(ShuffleReadOp *s, Err *err)
{
	const Quarry__ShuffleSource *src = s->sr->sources[s->src];

	s->part = 0;
	s->block = 0;
	if (is_local(s, src)) {
		s->local = shuffle_store_acquire(s->env->store, s->sr->query, s->sr->shuffle, src->map);
		if (s->local == NULL)
			return err_set(err, ERRCODE_CONNECTION_FAILURE,
						   "shuffle %d map %d of query %llu is not on this worker",
						   s->sr->shuffle, src->map, (unsigned long long) s->sr->query);
	} else {
		if (s->env->fetch == NULL)
			return err_set(err, ERRCODE_INTERNAL_ERROR, "no way to fetch shuffle blocks from %s",
						   src->endpoint);
		if (s->ahead != NULL && s->ahead_src == s->src) {
			s->remote = s->ahead;
			s->ahead = NULL;
		} else if ((s->remote = open_remote(s, s->src, err)) == NULL)
			return false;
	}
	s->src_open = true;
	fetch_ahead(s);
	return true;
}

static void
close_source(ShuffleReadOp *s)
{
	if (s->local != NULL)
		shuffle_store_release(s->env->store, &s->local);
	if (s->remote != NULL) {
		s->env->fetch->close(s->remote);
		s->remote = NULL;
	}
	s->src_open = false;
}

/* local_next points *data at the next block of a local source, or NULL. */
static bool
local_next(ShuffleReadOp *s, const uint8_t **data, size_t *len, Err *err)
{
	while (s->part < s->sr->n_partitions) {
		int32_t		p = s->sr->partitions[s->part];

		if (s->block < shuffle_output_nblocks(s->local, p))
			return shuffle_output_read(s->local, p, s->block++, &s->copy, data, len, err);
		s->part++;
		s->block = 0;
	}
	*data = NULL;
	return true;
}

/* next_block opens the next block of any source; false at the end or on failure. */
static bool
next_block(ShuffleReadOp *s, bool *done, Err *err)
{
	*done = false;
	while (s->src < s->sr->n_sources) {
		const uint8_t *data;
		size_t		len;
		bool		ok;

		if (!exec_check_cancel(s->op.cx, err))
			return false;
		if (!s->src_open && !open_source(s, err))
			return fetch_failed(s, err);
		ok = s->local != NULL ? local_next(s, &data, &len, err) :
			s->env->fetch->next(s->remote, &data, &len, err);
		if (!ok)
			return fetch_failed(s, err);
		if (data == NULL) {
			close_source(s);
			s->src++;
			continue;
		}
		if (!shuffle_block_open(&s->rd, data, len, err))
			return fetch_failed(s, err);
		s->block_open = true;
		return true;
	}
	*done = true;
	return false;
}

/*
 * check_types: a decoded batch must have the node's output columns.  A
 * mismatch is the plan's error (map and reduce fragments disagree), not a
 * lost map output: re-running the map would not help, so it is not a
 * fetch failure.
 */
static bool
check_types(const ShuffleReadOp *s, const Batch *b, Err *err)
{
	if (b->ncols != s->op.ncols)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "shuffle %d has %d columns, the plan expects %d",
					   s->sr->shuffle, b->ncols, s->op.ncols);
	for (int c = 0; c < b->ncols; c++)
		if (b->cols[c].type != (TypeId) s->op.types[c])
			return err_set(err, ERRCODE_INTERNAL_ERROR,
						   "shuffle %d column %d has type %d, the plan expects %d",
						   s->sr->shuffle, c + 1, (int) b->cols[c].type, (int) s->op.types[c]);
	return true;
}

static bool
shuffle_read_open(Op *op, Err *err)
{
	ShuffleReadOp *s = (ShuffleReadOp *) op;

	s->src = 0;
	return true;
}

static OpStatus
shuffle_read_next(Op *op, Batch **out, Err *err)
{
	ShuffleReadOp *s = (ShuffleReadOp *) op;

	arena_reset(&op->scratch);
	for (;;) {
		bool		end;
		Batch	   *b;

		if (!s->block_open) {
			if (!next_block(s, &end, err))
				return end ? OP_DONE : OP_FAILED;
		}
		b = shuffle_block_next(&s->rd, &op->scratch, &end, err);
		if (end) {
			s->block_open = false;
			continue;
		}
		if (b == NULL) {
			fetch_failed(s, err);	/* a corrupt block */
			return OP_FAILED;
		}
		if (!check_types(s, b, err))
			return OP_FAILED;
		if (b->count == 0)
			continue;
		*out = b;
		return OP_BATCH;
	}
}

static void
shuffle_read_close(Op *op)
{
	ShuffleReadOp *s = (ShuffleReadOp *) op;

	if (s->src_open)
		close_source(s);
	if (s->ahead != NULL) {
		s->env->fetch->close(s->ahead);
		s->ahead = NULL;
	}
	shuffle_block_reader_free(&s->rd);
	buf_free(&s->copy);
	s->block_open = false;
}

static const OpVtbl shuffle_read_vtbl = {"ShuffleRead", shuffle_read_open, shuffle_read_next,
	shuffle_read_close};

Op *
op_shuffle_read_new(ExecCtx *cx, const Quarry__PlanNode *plan, Err *err)
{
	ShuffleReadOp *s = arena_new(cx->arena, ShuffleReadOp);

	if (cx->shuffle == NULL || cx->shuffle->store == NULL) {
		err_set(err, ERRCODE_INTERNAL_ERROR, "ShuffleRead runs only on a worker with a shuffle store");
		return NULL;
	}
	op_init(&s->op, &shuffle_read_vtbl, cx, plan);
	s->sr = plan->shuffle_read;
	s->env = cx->shuffle;
	shuffle_block_reader_init(&s->rd);
	buf_init(&s->copy);
	for (size_t i = 0; i < s->sr->n_sources; i++)
		if (s->sr->sources[i] == NULL) {
			err_set(err, ERRCODE_PROTOCOL_VIOLATION, "ShuffleRead source %zu is empty", i);
			return NULL;
		}
	return &s->op;
}
