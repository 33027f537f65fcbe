/*
 * slots.c
 *	  The slot threads of a worker.  See slots.h.
 *
 *	  The queue is a mutex and a condition variable; the worker loop submits
 *	  and withdraws, slot threads take.  A slot thread never reads the
 *	  cluster socket: it reports through its own PUSH socket, whose small
 *	  high-water mark makes a slow coordinator slow the task down instead
 *	  of piling result chunks up in memory.
 *
 *	  slot_task_new, slot_task_free, slot_task_key_equal, slots_open,
 *	  slots_submit, slots_withdraw, slots_count, slots_close
 */
#include "slots.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "common/log.h"
#include "task.h"
#include "wire/frame.h"

#define SLOT_SNDHWM 16			/* messages a slot may have in flight */

typedef struct Slot {
	SlotPool   *pool;
	pthread_t	thread;
	bool		started;
	void	   *push;			/* owned by the thread once it runs */
} Slot;

struct SlotPool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	SlotTask   *head;
	SlotTask   *tail;
	bool		stopping;
	void	   *ctx;
	TaskEnv		env;			/* the worker's shuffle store and settings */
	char		endpoint[128];
	int			nslots;
	Slot	   *slots;
};

/* The state of one running task, for the sink. */
typedef struct SlotRun {
	Slot	   *slot;
	SlotTask   *task;
	bool		send_failed;
} SlotRun;

/* slot_task_new copies a TASK's key and fragment; NULL when out of memory. */
SlotTask *
slot_task_new(const Quarry__TaskLaunch *launch, unsigned generation)
{
	SlotTask   *t = calloc(1, sizeof(SlotTask));
	Quarry__TaskKey init = QUARRY__TASK_KEY__INIT;

	if (t == NULL)
		return NULL;
	t->key = init;
	if (launch->key != NULL) {
		t->key.query = launch->key->query;
		t->key.stage = launch->key->stage;
		t->key.stage_attempt = launch->key->stage_attempt;
		t->key.partition = launch->key->partition;
		t->key.attempt = launch->key->attempt;
	}
	t->fragment_len = launch->fragment.len;
	t->fragment = malloc(t->fragment_len > 0 ? t->fragment_len : 1);
	if (t->fragment == NULL) {
		free(t);
		return NULL;
	}
	if (t->fragment_len > 0)
		memcpy(t->fragment, launch->fragment.data, t->fragment_len);
	atomic_init(&t->cancel, false);
	t->generation = generation;
	return t;
}

void
slot_task_free(SlotTask *t)
{
	if (t == NULL)
		return;
	free(t->fragment);
	free(t);
}

/* slot_task_key_equal reports whether two keys name the same attempt. */
bool
slot_task_key_equal(const Quarry__TaskKey *a, const Quarry__TaskKey *b)
{
	return a->query == b->query && a->stage == b->stage &&
		a->stage_attempt == b->stage_attempt && a->partition == b->partition &&
		a->attempt == b->attempt;
}

static void
free_buffer(void *data, void *hint)
{
	free(data);
}

/* push sends [task][cmd][packed msg] to the worker loop; false on failure. */
static bool
push(Slot *s, SlotTask *t, FrameCmd cmd, const ProtobufCMessage *msg)
{
	uint8_t		cmd_byte = (uint8_t) cmd;
	zmq_msg_t	payload;
	size_t		len;
	uint8_t    *buf = frame_pack(msg, &len);

	if (buf == NULL)
		return false;
	zmq_msg_init_data(&payload, buf, len, free_buffer, NULL);
	if (zmq_send(s->push, &t, sizeof(t), ZMQ_SNDMORE) < 0 ||
		zmq_send(s->push, &cmd_byte, 1, ZMQ_SNDMORE) < 0 ||
		zmq_msg_send(&payload, s->push, 0) < 0) {
		zmq_msg_close(&payload);
		return false;
	}
	return true;
}

/* emit is the TaskSink: result bytes go out as RESULT chunks. */
static bool
emit(void *arg, const uint8_t *data, size_t len)
{
	SlotRun    *run = arg;
	Quarry__ResultChunk chunk = QUARRY__RESULT_CHUNK__INIT;

	chunk.key = &run->task->key;
	while (len > 0 && !run->send_failed) {
		size_t		n = len < SLOTS_CHUNK_MAX ? len : SLOTS_CHUNK_MAX;

		chunk.data.data = (uint8_t *) data;
		chunk.data.len = n;
		if (!push(run->slot, run->task, FRAME_RESULT, &chunk.base))
			run->send_failed = true;
		data += n;
		len -= n;
	}
	return !run->send_failed;
}

static int64_t
micros(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * fill_failure sets st from a failed run's err: cancelled, FETCH_FAILED
 * (a map output could not be read: the coordinator re-runs that map), or
 * TASK_ERROR.
 */
static void
fill_failure(Quarry__TaskStatus *st, SlotTask *t, TaskStats *stats, Err *err)
{
	if (atomic_load(&t->cancel)) {
		st->state = QUARRY__TASK_STATE__TASK_CANCELLED;
		st->sqlstate = ERRCODE_QUERY_CANCELED;
		st->message = "canceling task due to coordinator request";
		return;
	}
	st->state = QUARRY__TASK_STATE__TASK_FAILED;
	st->kind = QUARRY__FAILURE_KIND__TASK_ERROR;
	if (stats->fetch_failed) {
		st->kind = QUARRY__FAILURE_KIND__FETCH_FAILED;
		st->fetch_shuffle = stats->fetch_shuffle;
		st->fetch_map = stats->fetch_map;
		st->fetch_worker = stats->fetch_worker;
	}
	if (!err_is_set(err))
		err_set(err, ERRCODE_INTERNAL_ERROR, "task failed without an error message");
	st->sqlstate = err->sqlstate;
	st->message = err->message;
	st->detail = err->detail;
	st->schema_name = err->schema_name;
	st->table_name = err->table_name;
	st->column_name = err->column_name;
	st->constraint_name = err->constraint_name;
	st->hint = err->hint;
}

/* run_task runs one attempt and sends its STATUS, after which t is gone. */
static void
run_task(Slot *s, SlotTask *t)
{
	Quarry__TaskStatus st = QUARRY__TASK_STATUS__INIT;
	SlotRun		run = {s, t, false};
	TaskSink	sink = {emit, &run};
	TaskStats	stats;
	int64_t		start = micros();
	char		task_id[48];
	Err			err;
	bool		ok = false;

	err_clear(&err);
	memset(&stats, 0, sizeof(stats));
	snprintf(task_id, sizeof(task_id), "%d.%d.%d", t->key.stage,
			 t->key.partition, t->key.attempt);
	log_set_context(t->key.query, task_id);
	if (!atomic_load(&t->cancel))
		ok = task_execute(t->fragment, t->fragment_len, &s->pool->env, &sink,
						  &t->cancel, &stats, &err);
	if (ok && run.send_failed)
		ok = err_set(&err, ERRCODE_CONNECTION_FAILURE,
					 "could not pass result rows to the worker loop");
	st.key = &t->key;
	st.rows = stats.rows;
	st.shuffle_bytes = stats.shuffle_bytes;
	st.shuffle_rows = stats.shuffle_rows;
	st.n_partition_bytes = (size_t) stats.shuffle_parts;
	st.partition_bytes = stats.part_bytes;
	st.n_node_rows = (size_t) stats.nnodes;
	st.node_rows = stats.node_rows;
	st.n_node_time_us = (size_t) stats.nnodes;
	st.node_time_us = stats.node_time_us;
	st.elapsed_us = stats.elapsed_us > 0 ? stats.elapsed_us : micros() - start;
	if (ok)
		st.state = QUARRY__TASK_STATE__TASK_SUCCEEDED;
	else
		fill_failure(&st, t, &stats, &err);
	if (!push(s, t, FRAME_STATUS, &st.base))
		log_warning("could not report the end of a task to the worker loop");
	log_set_context(0, NULL);
}

/* take waits for a queued task; NULL when the pool stops. */
static SlotTask *
take(SlotPool *p)
{
	SlotTask   *t;

	pthread_mutex_lock(&p->lock);
	while (p->head == NULL && !p->stopping)
		pthread_cond_wait(&p->wake, &p->lock);
	t = p->head;
	if (t != NULL && (p->head = t->next) == NULL)
		p->tail = NULL;
	pthread_mutex_unlock(&p->lock);
	return t;
}

static void *
slot_main(void *arg)
{
	Slot	   *s = arg;
	SlotTask   *t;

	while ((t = take(s->pool)) != NULL)
		run_task(s, t);
	zmq_close(s->push);
	return NULL;
}

/*
 * start_slot connects the slot's PUSH socket and starts its thread, with
 * every signal blocked: the worker loop takes signals through a signalfd.
 */
static bool
start_slot(SlotPool *p, Slot *s, Err *err)
{
	int			hwm = SLOT_SNDHWM;
	int			zero = 0;
	sigset_t	all;
	sigset_t	old;
	int			rc;

	s->pool = p;
	if ((s->push = zmq_socket(p->ctx, ZMQ_PUSH)) == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not create a slot socket: %s",
					   zmq_strerror(errno));
	zmq_setsockopt(s->push, ZMQ_SNDHWM, &hwm, sizeof(hwm));
	zmq_setsockopt(s->push, ZMQ_LINGER, &zero, sizeof(zero));
	if (zmq_connect(s->push, p->endpoint) != 0) {
		zmq_close(s->push);
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not connect a slot to %s: %s",
					   p->endpoint, zmq_strerror(errno));
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&s->thread, NULL, slot_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		zmq_close(s->push);
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not start a slot thread: %s",
					   strerror(rc));
	}
	s->started = true;
	return true;
}

/*
 * slots_open starts nslots threads reporting to endpoint, where the caller
 * has bound a PULL socket in zmq_ctx.  Tasks run with a copy of env (NULL:
 * no shuffle store).
 */
SlotPool *
slots_open(void *zmq_ctx, const char *endpoint, int nslots, const TaskEnv *env, Err *err)
{
	SlotPool   *p = calloc(1, sizeof(SlotPool));

	if (p == NULL || (p->slots = calloc(nslots, sizeof(Slot))) == NULL) {
		free(p);
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->ctx = zmq_ctx;
	if (env != NULL)
		p->env = *env;
	p->nslots = nslots;
	snprintf(p->endpoint, sizeof(p->endpoint), "%s", endpoint);
	for (int i = 0; i < nslots; i++) {
		if (!start_slot(p, &p->slots[i], err)) {
			slots_close(&p);
			return NULL;
		}
	}
	return p;
}

/* slots_submit queues t for the next free slot. */
void
slots_submit(SlotPool *p, SlotTask *t)
{
	t->next = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->tail != NULL)
		p->tail->next = t;
	else
		p->head = t;
	p->tail = t;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
}

/* slots_withdraw takes back a task that no slot has started, or NULL. */
SlotTask *
slots_withdraw(SlotPool *p)
{
	SlotTask   *t;

	pthread_mutex_lock(&p->lock);
	t = p->head;
	if (t != NULL && (p->head = t->next) == NULL)
		p->tail = NULL;
	pthread_mutex_unlock(&p->lock);
	return t;
}

int
slots_count(const SlotPool *p)
{
	return p->nslots;
}

/*
 * slots_close stops the threads once their current tasks end and frees the
 * pool.  Tasks still queued are not run; withdraw them first.  A slot
 * blocked on its socket returns once the context shuts down.
 */
void
slots_close(SlotPool **pp)
{
	SlotPool   *p = *pp;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	p->head = p->tail = NULL;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nslots; i++)
		if (p->slots[i].started)
			pthread_join(p->slots[i].thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p->slots);
	free(p);
	*pp = NULL;
}
