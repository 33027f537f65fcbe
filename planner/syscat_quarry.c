/*
 * syscat_quarry.c
 *	  The registry's part for schema quarry: Quarry's own system views of
 *	  the cluster and its queries (docs/OBSERVABILITY.md).  Their rows come
 *	  from the coordinator's live state (server/syscat_quarry.c) through
 *	  the same hook as pg_stat_activity's.
 */
#include "planner/syscat.h"

#define TZ "timestamp with time zone"

static const SysCol workers_cols[] = {
	{"id", TYPE_TEXT, "text"},
	{"host", TYPE_TEXT, "text"},
	{"endpoint", TYPE_TEXT, "text"},
	{"slots", TYPE_INT4, "integer"},
	{"memory", TYPE_INT8, "bigint"},
	{"state", TYPE_TEXT, "text"},
	{"registered_at", TYPE_TIMESTAMPTZ, TZ},
	{"last_heartbeat", TYPE_TIMESTAMPTZ, TZ},
	{"running_tasks", TYPE_INT4, "integer"},
};

static const SysCol queries_cols[] = {
	{"query_id", TYPE_INT8, "bigint"},
	{"pid", TYPE_INT4, "integer"},
	{"usename", TYPE_TEXT, "text"},
	{"state", TYPE_TEXT, "text"},
	{"query", TYPE_TEXT, "text"},
	{"started", TYPE_TIMESTAMPTZ, TZ},
	{"ended", TYPE_TIMESTAMPTZ, TZ},
	{"duration", TYPE_INTERVAL, "interval"},
	{"rows", TYPE_INT8, "bigint"},
	{"stages", TYPE_INT4, "integer"},
	{"tasks", TYPE_INT4, "integer"},
	{"sqlstate", TYPE_TEXT, "text"},
	{"error", TYPE_TEXT, "text"},
};

static const SysCol stages_cols[] = {
	{"query_id", TYPE_INT8, "bigint"},
	{"stage", TYPE_INT4, "integer"},
	{"kind", TYPE_TEXT, "text"},
	{"partitioning", TYPE_TEXT, "text"},
	{"reads", TYPE_TEXT, "text"},
	{"tasks", TYPE_INT4, "integer"},
	{"done", TYPE_INT4, "integer"},
	{"failed_attempts", TYPE_INT4, "integer"},
	{"rows", TYPE_INT8, "bigint"},
	{"shuffle_bytes_written", TYPE_INT8, "bigint"},
	{"shuffle_bytes_read", TYPE_INT8, "bigint"},
	{"elapsed", TYPE_INTERVAL, "interval"},
};

static const SysCol tasks_cols[] = {
	{"query_id", TYPE_INT8, "bigint"},
	{"stage", TYPE_INT4, "integer"},
	{"task", TYPE_INT4, "integer"},
	{"attempt", TYPE_INT4, "integer"},
	{"worker", TYPE_TEXT, "text"},
	{"state", TYPE_TEXT, "text"},
	{"rows", TYPE_INT8, "bigint"},
	{"elapsed", TYPE_INTERVAL, "interval"},
};

static const SysCol settings_cols[] = {
	{"name", TYPE_TEXT, "text"},
	{"setting", TYPE_TEXT, "text"},
	{"unit", TYPE_TEXT, "text"},
	{"default_value", TYPE_TEXT, "text"},
	{"source", TYPE_TEXT, "text"},
	{"description", TYPE_TEXT, "text"},
};

#define COLS(c) (int) (sizeof(c) / sizeof(c[0])), c

const SysRel syscat_quarry[] = {
	{"quarry", "queries", SYSCAT_QUARRY_OID + 2, 'v', COLS(queries_cols), NULL},
	{"quarry", "settings", SYSCAT_QUARRY_OID + 5, 'v', COLS(settings_cols), NULL},
	{"quarry", "stages", SYSCAT_QUARRY_OID + 3, 'v', COLS(stages_cols), NULL},
	{"quarry", "tasks", SYSCAT_QUARRY_OID + 4, 'v', COLS(tasks_cols), NULL},
	{"quarry", "workers", SYSCAT_QUARRY_OID + 1, 'v', COLS(workers_cols), NULL},
};

const int	syscat_quarry_count = (int) (sizeof(syscat_quarry) / sizeof(syscat_quarry[0]));
