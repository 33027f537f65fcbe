/*
 * cluster.h
 *	  The coordinator's cluster manager: the worker registry behind the
 *	  ROUTER socket on cluster_port, joined to the coordinator's libevent loop.
 *
 *	  Workers REGISTER (id, host, slots, memory, shuffle endpoint, version);
 *	  heartbeats go both ways every heartbeat_interval; a worker that misses
 *	  heartbeat_liveness beats is declared lost.  With cluster_curve on, the
 *	  socket is a CurveZMQ server and a ZAP handler admits only the worker
 *	  public keys found in the key directory.
 *
 *	  Tasks: cluster_send_task() sends TASK to a worker; RESULT chunks and the
 *	  final STATUS come back through the callbacks.
 */
#ifndef QUARRY_CLUSTER_H
#define QUARRY_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/config.h"
#include "common/err.h"
#include "cluster.pb-c.h"

struct event_base;

typedef struct Cluster Cluster;

typedef struct ClusterCallbacks {
	/* a RESULT chunk of a task attempt (DataRow bytes) */
	void		(*on_result) (void *arg, const Quarry__TaskKey *key,
							  const uint8_t *data, size_t len);
	/* a task attempt ended: succeeded, failed or cancelled */
	void		(*on_status) (void *arg, const Quarry__TaskStatus *status);
	/* a worker was declared lost (missed heartbeats) or left */
	void		(*on_worker_lost) (void *arg, const char *worker_id);
	/* a worker registered (it has free slots) */
	void		(*on_worker_joined) (void *arg);
	void	   *arg;
} ClusterCallbacks;

/* What the coordinator knows of one worker (for views and the scheduler). */
typedef struct ClusterWorkerInfo {
	char		id[64];
	char		host[256];
	char		shuffle_endpoint[256];
	int			slots;
	int64_t		memory;
	int			running_tasks;
	bool		draining;
	int64_t		last_heartbeat_ms;
	int64_t		registered_ms;	/* Unix time in ms of its REGISTER */
} ClusterWorkerInfo;

Cluster    *cluster_open(struct event_base *base, const Config *cfg,
						 const ClusterCallbacks *cb, Err *err);
void		cluster_close(Cluster **c);

/* cluster_pick_worker names the live, non-draining worker with the most free slots, or NULL. */
const char *cluster_pick_worker(Cluster *c);
/* cluster_pick_free_worker: the same, among workers with a free slot, but skip. */
const char *cluster_pick_free_worker(Cluster *c, const char *const *skip, int nskip);
/* cluster_query_end tells every worker to drop the query's shuffle data. */
void		cluster_query_end(Cluster *c, uint64_t query);
int			cluster_worker_count(const Cluster *c);
bool		cluster_worker_info(const Cluster *c, int i, ClusterWorkerInfo *out);

bool		cluster_send_task(Cluster *c, const char *worker_id,
							  const Quarry__TaskLaunch *task, Err *err) MUST_CHECK;
void		cluster_cancel_task(Cluster *c, const char *worker_id,
								const Quarry__TaskKey *key);

#endif							/* QUARRY_CLUSTER_H */
