/*
 * coordinator.h
 *	  `quarry coordinator`: the driver.  One libevent loop owns the
 *	  PostgreSQL listener (pgconn.c), the client sessions (session.c), the
 *	  metastore and the cluster manager (cluster.c), and runs queries as
 *	  tasks on workers (this file).
 */
#ifndef QUARRY_COORDINATOR_H
#define QUARRY_COORDINATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cluster.h"
#include "common/config.h"
#include "common/err.h"
#include "metastore.h"
#include "wire/buf.h"

struct event_base;
struct evconnlistener;

typedef struct PgConn PgConn;
typedef struct Query Query;

typedef struct Coordinator {
	const Config *cfg;
	struct event_base *base;
	Metastore  *ms;
	Cluster    *cluster;
	struct evconnlistener *listener;
	PgConn	   *conns;			/* every open client connection */
	int			nconns;
	Query	   *queries;		/* queries with a task in flight */
	uint64_t	next_query_id;
	struct evhttp *ui;			/* the web UI (webui.c), or NULL */
} Coordinator;

/* How a query's task ended, as the session sees it. */
typedef struct QueryResult {
	const Buf  *rows;			/* DataRow messages */
	int64_t		nrows;
	const Query *query;			/* for coord_query_stats, during the callback */
} QueryResult;

/* One stage of a query, as EXPLAIN ANALYZE reports it. */
typedef struct CoordStageStats {
	int			stage;
	int			kind;			/* DistKind */
	int			tasks;
	int			retries;		/* task attempts beyond the first, and recomputed outputs */
	int64_t		rows;			/* rows out: shuffled (map stages) or sent (result) */
	int64_t		shuffle_bytes;	/* compressed bytes written to the shuffle */
	int64_t		time_us;		/* first launch to last task's end */
	int			nnodes;			/* rows each plan node returned, summed over tasks, */
	int64_t    *node_rows;		/* in EXPLAIN's pre-order (in the query's arena) */
	int64_t    *node_time_us;	/* the slowest task's time in each node, inputs included */
} CoordStageStats;

typedef void (*QueryDone) (PgConn *conn, const QueryResult *res, const Err *err);

int			coordinator_main(const Config *cfg);

Query	   *coord_submit(Coordinator *co, PgConn *conn, const uint8_t *fragment, size_t len,
						 QueryDone done);
void		coord_cancel(Coordinator *co, Query *q);
void		coord_cluster_callbacks(Coordinator *co, ClusterCallbacks *cb);
void		coord_query_stats(const Query *q, CoordStageStats *out, int max, int *n);
const struct DistPlan *coord_query_plan(const Query *q);
int64_t		coord_query_elapsed_us(const Query *q);
struct DistOptions;
void		coord_dist_options(Coordinator *co, struct DistOptions *opt);

/* pgconn.c */
bool		pgconn_listen(Coordinator *co, Err *err) MUST_CHECK;
void		pgconn_close_all(Coordinator *co);

#endif							/* QUARRY_COORDINATOR_H */
