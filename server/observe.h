/*
 * observe.h
 *	  What the coordinator shows of its queries: snapshots of running
 *	  queries (made from the scheduler's live state), a bounded history of
 *	  ended ones, and counters since start.  The quarry.* system views
 *	  (syscat_quarry.c) and the web UI (webui.c) read only this.
 *
 *	  The coordinator is one thread: nothing here locks.
 */
#ifndef QUARRY_OBSERVE_H
#define QUARRY_OBSERVE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "coordinator.h"

#define OBS_HISTORY 100			/* ended queries kept */

typedef struct ObsTask {
	int			stage;
	int			task;
	int			attempt;		/* of the latest launch, 1-based; 0: never launched */
	int			failures;		/* attempts lost (worker lost, fetch failed) */
	char		worker[64];
	const char *state;			/* pending, running, succeeded, failed, cancelled */
	int64_t		rows;
	int64_t		elapsed_us;
} ObsTask;

typedef struct ObsStage {
	int			stage;
	const char *kind;			/* dist_kind_name: single, split, partitioned */
	const char *partitioning;	/* its output: result, gather, hash exchange on ... */
	int			nparents;		/* the stages it reads */
	int		   *parents;
	int			tasks;
	int			done;
	int			failed_attempts;
	int			retries;		/* attempts beyond the first, recomputed outputs */
	int64_t		rows;
	int64_t		shuffle_written;
	int64_t		shuffle_read;
	int64_t		time_us;
	int			nlines;			/* its operators, as EXPLAIN prints them */
	const char **lines;
} ObsStage;

typedef struct ObsQuery {
	uint64_t	id;
	int32_t		pid;			/* the session's backend pid; 0: none */
	const char *user;
	const char *state;			/* running, finished, failed, cancelled */
	const char *sql;
	int64_t		started_us;		/* Unix time in microseconds */
	int64_t		ended_us;		/* 0 while running */
	int64_t		duration_us;
	int64_t		rows;
	int			nstages;
	ObsStage   *stages;
	int			ntasks;
	ObsTask    *tasks;
	char		sqlstate[6];	/* empty unless failed or cancelled */
	const char *error;
	Arena		arena;			/* a history entry's own memory */
} ObsQuery;

/* Counters since the coordinator started. */
typedef struct ObsCounters {
	int64_t		queries_finished;
	int64_t		queries_failed;
	int64_t		queries_cancelled;
	int64_t		tasks_succeeded;
	int64_t		tasks_failed;
	int64_t		tasks_lost;		/* TASK_LOST and FETCH_FAILED */
	int64_t		tasks_cancelled;
	int64_t		task_retries;
	int64_t		shuffle_bytes_written;
	double		duration_sum;	/* seconds */
	int64_t		duration_count;
	int64_t    *duration_buckets;	/* cumulative, one per obs_duration_bounds */
} ObsCounters;

extern const double obs_duration_bounds[];
extern const int obs_duration_nbounds;

/* scheduler.c: snapshots of the live state */
void		coord_query_observe(const Query *q, Arena *a, ObsQuery *out);
int			coord_observe_running(Coordinator *co, Arena *a, ObsQuery **out);
int			coord_running_count(const Coordinator *co);

/* observe.c */
void		obs_query_ended(ObsQuery *q);	/* takes q (malloc'd, its own arena) */
void		obs_task_ended(const char *state);
int			obs_history_count(void);
const ObsQuery *obs_history(int i); /* 0 is the newest */
const ObsCounters *obs_counters(void);
const ObsQuery *obs_find(Coordinator *co, uint64_t id, Arena *a);

#endif							/* QUARRY_OBSERVE_H */
