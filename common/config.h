/*
 * config.h
 *	  Settings in PostgreSQL style: conf/quarry.conf holds `key = value` lines
 *	  with # comments and units (64MB, 5s); `--key=value` on the command line
 *	  overrides the file.  Every key lives in the table in config.c with its
 *	  default, range and one-line description.
 */
#ifndef QUARRY_CONFIG_H
#define QUARRY_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

typedef struct Config {
	/* network */
	int			port;				/* PostgreSQL protocol */
	int			cluster_port;		/* coordinator ROUTER (ZeroMQ) */
	int			ui_port;			/* web UI and /metrics */
	char		listen_addresses[256];
	int			max_connections;

	/* connections and authentication (server/pgconn.c, server/auth.c) */
	char		hba_file[1024];		/* host rules; empty = built-in */
	int64_t		auth_failure_delay;	/* milliseconds before a failed login's error */
	int64_t		authentication_timeout;	/* milliseconds */
	bool		ssl;
	char		ssl_cert_file[1024];	/* empty = DATA_DIR/server.crt */
	char		ssl_key_file[1024];	/* empty = DATA_DIR/server.key */
	int64_t		statement_timeout;	/* milliseconds; 0 = none; per session by SET */
	int64_t		idle_in_transaction_session_timeout;	/* milliseconds; 0 = none */
	int64_t		max_message_size;	/* bytes */

	/* processes */
	char		data_dir[1024];
	int			workers;			/* quarry local: 0 = one per core */
	char		coordinator[256];	/* quarry worker: tcp://host:port */
	char		worker_host[256];	/* address other workers reach us on */
	int			worker_slots;		/* task threads per worker; 0 = cores */
	int64_t		worker_memory;		/* bytes */
	char		worker_id[64];		/* empty = host-pid */

	/* cluster membership */
	int64_t		heartbeat_interval;	/* milliseconds */
	int			heartbeat_liveness;	/* missed beats before lost */
	bool		cluster_curve;		/* CurveZMQ on the cluster port */
	char		cluster_key_dir[1024];	/* empty = DATA_DIR/keys */
	int			task_max_attempts;
	int			stage_max_attempts;	/* times a stage may lose its outputs */

	/* distributed execution (planner/distribute.c, server/scheduler.c, exec/shuffle*.c) */
	int			shuffle_partitions;	/* partitions of an exchange; 0 = 4 per slot, up to 64 */
	int64_t		broadcast_threshold;	/* bytes: smaller join build sides are broadcast */
	int64_t		shuffle_memory_limit;	/* bytes of shuffle blocks a worker keeps in memory */
	int64_t		shuffle_fetch_timeout;	/* milliseconds before a fetch fails */
	int			shuffle_zstd_level;	/* zstd level of shuffle blocks */
	int64_t		shuffle_coalesce_bytes;	/* a reduce task reads at least this much */

	/* storage (server/metastore*.c, server/ddl.c, exec/qcf*.c) */
	char		default_table_compression[16];	/* 'none' or 'zstd' */
	int			row_group_rows;		/* rows per row group of new table files */
	int64_t		chunk_cache_size;	/* bytes of decoded chunks a process keeps */
	int64_t		storage_sweep_interval;	/* milliseconds between orphan sweeps */
	int			compact_min_files;	/* small files a table may have before compaction; 0 = off */
	char		read_csv_dirs[1024];	/* directories read_csv may read, comma-separated */

	/* logging */
	char		log_level[16];
	/* observability (server/webui.c) */
	char		ui_listen[256];		/* the web UI's address, as listen_addresses */
} Config;

void		config_init(Config *cfg);
bool		config_load_file(Config *cfg, const char *path, Err *err) MUST_CHECK;
bool		config_set(Config *cfg, const char *key, const char *value,
					   const char *source, int line, Err *err) MUST_CHECK;
bool		config_load_args(Config *cfg, int argc, char **argv, int *first_free,
							 Err *err) MUST_CHECK;
const char *config_default_path(void);
int			config_key_count(void);
const char *config_key_name(int i);
const char *config_key_default(int i);
const char *config_key_value(const Config *cfg, int i, char *buf, size_t len);
const char *config_key_unit(int i);

bool		config_parse_bytes(const char *s, int64_t *out);
bool		config_parse_duration_ms(const char *s, int64_t *out);

#endif							/* QUARRY_CONFIG_H */
