/*
 * syscat_quarry.c
 *	  Rows of Quarry's own system views (planner/syscat_quarry.c names
 *	  them): quarry.workers from the cluster manager, quarry.queries,
 *	  quarry.stages and quarry.tasks from the running queries and the
 *	  history of ended ones (observe.h), quarry.settings from the
 *	  coordinator's configuration.  Made when a statement is bound, like
 *	  pg_stat_activity's, so a query sees the cluster as it was then.
 */
#include "syscat_int.h"

#include <stdio.h>
#include <string.h>

#include "observe.h"

/* microseconds since 1970 to timestamptz (microseconds since 2000) */
#define UNIX_TO_PG_US(us) ((us) - INT64_C(946684800000000))

/* One line of each setting for quarry.settings (common/config.h's comments). */
static const char *const setting_desc[][2] = {
	{"port", "PostgreSQL protocol port"},
	{"cluster_port", "coordinator's cluster (ZeroMQ) port"},
	{"ui_port", "web UI and /metrics port; 0 = off"},
	{"ui_listen", "address the web UI binds"},
	{"listen_addresses", "address the PostgreSQL and cluster ports bind"},
	{"max_connections", "client connections at once"},
	{"hba_file", "host rules; empty = built-in"},
	{"auth_failure_delay", "delay before a failed login's error"},
	{"authentication_timeout", "time a client has to authenticate"},
	{"ssl", "TLS on the PostgreSQL port"},
	{"ssl_cert_file", "server certificate; empty = DATA_DIR/server.crt"},
	{"ssl_key_file", "server key; empty = DATA_DIR/server.key"},
	{"statement_timeout", "default statement timeout; 0 = none"},
	{"idle_in_transaction_session_timeout", "idle time in a transaction before the session ends; 0 = none"},
	{"max_message_size", "largest protocol message accepted"},
	{"data_dir", "data directory"},
	{"workers", "workers quarry local starts; 0 = one per core"},
	{"coordinator", "the coordinator a worker registers with"},
	{"worker_host", "address other workers reach a worker on"},
	{"worker_slots", "task threads per worker; 0 = cores"},
	{"worker_memory", "memory a worker may use"},
	{"worker_id", "a worker's id; empty = host-pid"},
	{"heartbeat_interval", "time between heartbeats"},
	{"heartbeat_liveness", "missed heartbeats before a worker is lost"},
	{"cluster_curve", "CurveZMQ on the cluster port"},
	{"cluster_key_dir", "CurveZMQ keys; empty = DATA_DIR/keys"},
	{"task_max_attempts", "attempts of a task before its query fails"},
	{"stage_max_attempts", "times a stage may lose its outputs"},
	{"shuffle_partitions", "partitions of an exchange; 0 = 4 per slot, up to 64"},
	{"broadcast_threshold", "join build sides smaller than this are broadcast"},
	{"shuffle_memory_limit", "shuffle blocks a worker keeps in memory"},
	{"shuffle_fetch_timeout", "time before a shuffle fetch fails"},
	{"shuffle_zstd_level", "zstd level of shuffle blocks"},
	{"shuffle_coalesce_bytes", "a reduce task reads at least this much"},
	{"default_table_compression", "compression of new table files: none or zstd"},
	{"row_group_rows", "rows per row group of new table files"},
	{"chunk_cache_size", "decoded chunks a process keeps"},
	{"storage_sweep_interval", "time between sweeps of orphaned files"},
	{"compact_min_files", "small files a table may have before compaction; 0 = off"},
	{"read_csv_dirs", "directories read_csv may read"},
	{"log_level", "lowest level logged"},
};

static void
row_ts(SysRows *r, Value *row, const char *col, int64_t unix_us)
{
	if (unix_us > 0)
		sysrow_int(r, row, col, UNIX_TO_PG_US(unix_us));
}

static void
row_interval(SysRows *r, Value *row, const char *col, int64_t us)
{
	int			i = sysrel_col(r->rel, col);

	if (i < 0)
		return;
	memset(&row[i].u.iv, 0, sizeof(row[i].u.iv));
	row[i].u.iv.time = us;
	row[i].is_null = false;
}

static bool
fill_workers(Coordinator *co, SysRows *r)
{
	for (int i = 0; i < cluster_worker_count(co->cluster); i++) {
		ClusterWorkerInfo w;
		Value	   *row;

		if (!cluster_worker_info(co->cluster, i, &w))
			continue;
		row = sysrows_add(r);
		sysrow_str(r, row, "id", arena_strdup(r->a, w.id));
		sysrow_str(r, row, "host", arena_strdup(r->a, w.host));
		sysrow_str(r, row, "endpoint", arena_strdup(r->a, w.shuffle_endpoint));
		sysrow_int(r, row, "slots", w.slots);
		sysrow_int(r, row, "memory", w.memory);
		sysrow_str(r, row, "state", w.draining ? "draining" : "alive");
		row_ts(r, row, "registered_at", w.registered_ms * 1000);
		row_ts(r, row, "last_heartbeat", w.last_heartbeat_ms * 1000);
		sysrow_int(r, row, "running_tasks", w.running_tasks);
	}
	return true;
}

static void
query_row(SysRows *r, const ObsQuery *q)
{
	Value	   *row = sysrows_add(r);

	sysrow_int(r, row, "query_id", (int64_t) q->id);
	if (q->pid != 0)
		sysrow_int(r, row, "pid", q->pid);
	sysrow_str(r, row, "usename", q->user[0] ? arena_strdup(r->a, q->user) : NULL);
	sysrow_str(r, row, "state", q->state);
	sysrow_str(r, row, "query", q->sql ? arena_strdup(r->a, q->sql) : NULL);
	row_ts(r, row, "started", q->started_us);
	row_ts(r, row, "ended", q->ended_us);
	row_interval(r, row, "duration", q->duration_us);
	if (strcmp(q->state, "failed") != 0 && strcmp(q->state, "cancelled") != 0)
		sysrow_int(r, row, "rows", q->rows);
	sysrow_int(r, row, "stages", q->nstages);
	sysrow_int(r, row, "tasks", q->ntasks);
	sysrow_str(r, row, "sqlstate", q->sqlstate[0] ? arena_strdup(r->a, q->sqlstate) : NULL);
	sysrow_str(r, row, "error", q->error ? arena_strdup(r->a, q->error) : NULL);
}

static void
stage_rows(SysRows *r, const ObsQuery *q)
{
	for (int s = 0; s < q->nstages; s++) {
		const ObsStage *st = &q->stages[s];
		Value	   *row = sysrows_add(r);
		char		reads[256] = "";
		size_t		at = 0;

		for (int i = 0; i < st->nparents && at < sizeof(reads) - 16; i++)
			at += (size_t) snprintf(reads + at, sizeof(reads) - at, "%s%d", i ? "," : "",
									st->parents[i]);
		sysrow_int(r, row, "query_id", (int64_t) q->id);
		sysrow_int(r, row, "stage", st->stage);
		sysrow_str(r, row, "kind", st->kind);
		sysrow_str(r, row, "partitioning", arena_strdup(r->a, st->partitioning));
		sysrow_str(r, row, "reads", arena_strdup(r->a, reads));
		sysrow_int(r, row, "tasks", st->tasks);
		sysrow_int(r, row, "done", st->done);
		sysrow_int(r, row, "failed_attempts", st->failed_attempts);
		sysrow_int(r, row, "rows", st->rows);
		sysrow_int(r, row, "shuffle_bytes_written", st->shuffle_written);
		sysrow_int(r, row, "shuffle_bytes_read", st->shuffle_read);
		row_interval(r, row, "elapsed", st->time_us);
	}
}

static void
task_rows(SysRows *r, const ObsQuery *q)
{
	for (int i = 0; i < q->ntasks; i++) {
		const ObsTask *t = &q->tasks[i];
		Value	   *row = sysrows_add(r);

		sysrow_int(r, row, "query_id", (int64_t) q->id);
		sysrow_int(r, row, "stage", t->stage);
		sysrow_int(r, row, "task", t->task);
		sysrow_int(r, row, "attempt", t->attempt);
		sysrow_str(r, row, "worker", t->worker[0] ? arena_strdup(r->a, t->worker) : NULL);
		sysrow_str(r, row, "state", t->state);
		sysrow_int(r, row, "rows", t->rows);
		row_interval(r, row, "elapsed", t->elapsed_us);
	}
}

/* each_query calls fn for every running query, then every ended one, newest first. */
static void
each_query(Coordinator *co, SysRows *r, void (*fn) (SysRows *r, const ObsQuery *q))
{
	ObsQuery   *running;
	int			n = coord_observe_running(co, r->a, &running);

	for (int i = 0; i < n; i++)
		fn(r, &running[i]);
	for (int i = 0; i < obs_history_count(); i++)
		fn(r, obs_history(i));
}

static bool
fill_settings(Coordinator *co, SysRows *r)
{
	Config		dflt;

	config_init(&dflt);
	for (int i = 0; i < config_key_count(); i++) {
		Value	   *row = sysrows_add(r);
		const char *name = config_key_name(i);
		char		buf[1100];
		char		dbuf[1100];
		sysrow_str(r, row, "name", name);
		sysrow_str(r, row, "setting", arena_strdup(r->a, config_key_value(co->cfg, i, buf, sizeof(buf))));
		sysrow_str(r, row, "unit", config_key_unit(i));
		sysrow_str(r, row, "default_value", arena_strdup(r->a, config_key_value(&dflt, i, dbuf, sizeof(dbuf))));
		sysrow_str(r, row, "source", strcmp(buf, dbuf) == 0 ? "default" : "configured");
		for (size_t k = 0; k < sizeof(setting_desc) / sizeof(setting_desc[0]); k++)
			if (strcmp(setting_desc[k][0], name) == 0)
				sysrow_str(r, row, "description", setting_desc[k][1]);
	}
	return true;
}

/* syscat_quarry_fill adds the rows of one of schema quarry's views. */
bool
syscat_quarry_fill(const SysRel *rel, SysRows *rows, Err *err)
{
	PgConn	   *c = syscat_session();
	Coordinator *co = c != NULL ? c->co : NULL;

	if (co == NULL)
		return true;
	if (strcmp(rel->name, "workers") == 0)
		return fill_workers(co, rows);
	if (strcmp(rel->name, "queries") == 0)
		each_query(co, rows, query_row);
	else if (strcmp(rel->name, "stages") == 0)
		each_query(co, rows, stage_rows);
	else if (strcmp(rel->name, "tasks") == 0)
		each_query(co, rows, task_rows);
	else if (strcmp(rel->name, "settings") == 0)
		return fill_settings(co, rows);
	return true;
}
