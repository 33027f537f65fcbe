/*
 * observe.c
 *	  The coordinator's memory of its queries (observe.h): the last
 *	  OBS_HISTORY ended queries, newest first, and counters since start
 *	  that /metrics exposes.
 *
 *	  obs_query_ended, obs_task_ended, obs_history, obs_counters, obs_find
 */
#include "observe.h"

#include <stdlib.h>
#include <string.h>

/* Upper bounds of the query duration histogram's buckets, in seconds. */
const double obs_duration_bounds[] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
};
const int	obs_duration_nbounds = (int) (sizeof(obs_duration_bounds) / sizeof(obs_duration_bounds[0]));

static ObsQuery *history[OBS_HISTORY];	/* a ring: history[(head - 1 - i) mod N] is the i-th newest */
static int	head;
static int	count;
static int64_t buckets[sizeof(obs_duration_bounds) / sizeof(obs_duration_bounds[0])];
static ObsCounters counters = {.duration_buckets = buckets};

static void
obs_free(ObsQuery *q)
{
	if (q == NULL)
		return;
	arena_reset(&q->arena);
	free(q);
}

/* count_query adds an ended query to the counters. */
static void
count_query(const ObsQuery *q)
{
	double		secs = (double) q->duration_us / 1e6;

	if (strcmp(q->state, "finished") == 0)
		counters.queries_finished++;
	else if (strcmp(q->state, "cancelled") == 0)
		counters.queries_cancelled++;
	else
		counters.queries_failed++;
	for (int s = 0; s < q->nstages; s++) {
		counters.task_retries += q->stages[s].retries;
		counters.shuffle_bytes_written += q->stages[s].shuffle_written;
	}
	counters.duration_sum += secs;
	counters.duration_count++;
	for (int i = 0; i < obs_duration_nbounds; i++)
		if (secs <= obs_duration_bounds[i])
			buckets[i]++;
}

/* obs_query_ended keeps q (malloc'd, with its own arena) as the newest ended query. */
void
obs_query_ended(ObsQuery *q)
{
	count_query(q);
	obs_free(history[head]);
	history[head] = q;
	head = (head + 1) % OBS_HISTORY;
	if (count < OBS_HISTORY)
		count++;
}

/* obs_task_ended counts a task attempt's end: succeeded, failed, lost or cancelled. */
void
obs_task_ended(const char *state)
{
	if (strcmp(state, "succeeded") == 0)
		counters.tasks_succeeded++;
	else if (strcmp(state, "lost") == 0)
		counters.tasks_lost++;
	else if (strcmp(state, "cancelled") == 0)
		counters.tasks_cancelled++;
	else
		counters.tasks_failed++;
}

int
obs_history_count(void)
{
	return count;
}

const ObsQuery *
obs_history(int i)
{
	if (i < 0 || i >= count)
		return NULL;
	return history[(head - 1 - i + OBS_HISTORY) % OBS_HISTORY];
}

const ObsCounters *
obs_counters(void)
{
	return &counters;
}

/* obs_find: query id, running (described in a) or in the history; NULL if unknown. */
const ObsQuery *
obs_find(Coordinator *co, uint64_t id, Arena *a)
{
	ObsQuery   *running;
	int			n = coord_observe_running(co, a, &running);

	for (int i = 0; i < n; i++)
		if (running[i].id == id)
			return &running[i];
	for (int i = 0; i < count; i++)
		if (obs_history(i)->id == id)
			return obs_history(i);
	return NULL;
}
