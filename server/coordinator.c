/*
 * coordinator.c
 *	  The coordinator's main loop: it opens the metastore, the cluster
 *	  manager and the PostgreSQL listener, and runs until SIGINT or SIGTERM.
 *	  The life of each query is in scheduler.c.
 */
#include "coordinator.h"

#include <event2/event.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "compact.h"
#include "ddl.h"
#include "tablewrite.h"
#include "webui.h"

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	Coordinator *co = arg;

	log_log("received signal %d, shutting down", (int) sig);
	event_base_loopexit(co->base, NULL);
}

static bool
coordinator_open(Coordinator *co, const Config *cfg, Err *err)
{
	ClusterCallbacks cb;

	memset(co, 0, sizeof(*co));
	coord_cluster_callbacks(co, &cb);
	tablewrite_row_group_rows = cfg->row_group_rows;
	co->cfg = cfg;
	{
		struct timespec ts;

		/* microseconds << 12: ids of a coordinator restarted at once do not
		 * repeat (workers drop the shuffle data of ended ids) */
		clock_gettime(CLOCK_REALTIME, &ts);
		co->next_query_id = ((uint64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000) << 12;
	}
	co->base = event_base_new();
	if (co->base == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not create the event loop");
	if ((co->ms = metastore_open(cfg->data_dir, err)) == NULL)
		return false;
	metastore_remove_orphans(co->ms);
	ddl_start_sweeper(co);		/* orphans of writes, again every storage_sweep_interval */
	compact_start(co);			/* small files, merged in the background */
	if ((co->cluster = cluster_open(co->base, cfg, &cb, err)) == NULL)
		return false;
	return pgconn_listen(co, err) && webui_start(co, err);
}

static void
coordinator_close(Coordinator *co)
{
	pgconn_close_all(co);
	webui_stop(co);
	while (co->queries != NULL)
		coord_cancel(co, co->queries);
	cluster_close(&co->cluster);
	metastore_close(&co->ms);
	if (co->base)
		event_base_free(co->base);
}

int
coordinator_main(const Config *cfg)
{
	Coordinator co;
	Err			err;
	struct event *sigint;
	struct event *sigterm;

	signal(SIGPIPE, SIG_IGN);
	err_clear(&err);
	if (!coordinator_open(&co, cfg, &err)) {
		log_fatal("%s", err.message);
		if (err.hint[0])
			log_fatal("HINT:  %s", err.hint);
		coordinator_close(&co);
		return 1;
	}
	sigint = evsignal_new(co.base, SIGINT, on_signal, &co);
	sigterm = evsignal_new(co.base, SIGTERM, on_signal, &co);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);
	log_log("coordinator ready: PostgreSQL port %d, cluster port %d, data directory \"%s\"",
			cfg->port, cfg->cluster_port, metastore_data_dir(co.ms));
	event_base_dispatch(co.base);
	event_free(sigint);
	event_free(sigterm);
	coordinator_close(&co);
	log_log("coordinator stopped");
	return 0;
}
