/*
 * syscat.c
 *	  The coordinator's hook for system relations: rows for pg_catalog
 *	  relations, made from the metastore and the session whose statement
 *	  is being bound (planner/syscat.h describes the design).
 *
 *	  The coordinator is one thread: syscat_enter records the connection
 *	  whose messages are being handled, so the planner's hook knows whose
 *	  user, database and settings to show.
 */
#include "syscat_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static PgConn *current;
static Metastore *current_ms;

static bool fill(const SysRel *rel, SysRows *rows, Err *err);

/* syscat_enter: c's statements are bound next; installs the hook once. */
void
syscat_enter(PgConn *c)
{
	static bool installed;

	current = c;
	current_ms = c->co->ms;
	if (!installed) {
		SysHooks	h = {.fill = fill, .reg_lookup = syscat_reg_lookup};

		syscat_install_fn(&h);
		syscat_install(&h);
		syscat_install_reg();
		installed = true;
	}
}

/*
 * The latest statement text of each session, for pg_stat_activity: a ring
 * keyed by backend pid (a session that has gone is overwritten in time).
 */
#define ACTIVITY_SLOTS 256

static struct {
	int32_t		pid;
	const PgConn *conn;
	int64_t		start_us;
	char		query[1024];
} activity[ACTIVITY_SLOTS];

/* syscat_message: c sent a message; a Query or Parse names its statement. */
void
syscat_message(PgConn *c, uint8_t type, const uint8_t *body, uint32_t len)
{
	syscat_enter(c);
	if ((type == 'Q' || type == 'P') && c->state != CONN_AUTH && len > 0) {
		int			slot = (int) ((uint32_t) c->backend_pid % ACTIVITY_SLOTS);
		const char *sql = (const char *) body;
		struct timespec ts;

		if (type == 'P')		/* Parse: statement name, then the query */
			sql += strnlen(sql, len) + 1;
		if (sql >= (const char *) body + len)
			return;
		clock_gettime(CLOCK_REALTIME, &ts);
		activity[slot].pid = c->backend_pid;
		activity[slot].conn = c;
		activity[slot].start_us = (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
		snprintf(activity[slot].query, sizeof(activity[slot].query), "%.*s",
				 (int) strnlen(sql, (size_t) ((const char *) body + len - sql)), sql);
	}
}

/* syscat_query_of: c's latest statement and its start (microseconds since 1970), or NULL. */
const char *
syscat_query_of(const PgConn *c, int64_t *start_us)
{
	int			slot = (int) ((uint32_t) c->backend_pid % ACTIVITY_SLOTS);

	if (activity[slot].conn != c || activity[slot].pid != c->backend_pid)
		return NULL;
	*start_us = activity[slot].start_us;
	return activity[slot].query;
}

PgConn *
syscat_session(void)
{
	return current;
}

/* syscat_metastore: the session's (its block's own, once it wrote). */
Metastore *
syscat_metastore(void)
{
	return current != NULL && current_ms != NULL ? conn_metastore(current) : current_ms;
}

sqlite3_stmt *
syscat_prepare(const char *sql, Err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(metastore_db(syscat_metastore()), sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: %s", sqlite3_errmsg(metastore_db(syscat_metastore())));
		return NULL;
	}
	return st;
}

/* syscat_role_oid: the bootstrap role is 10, as in PostgreSQL; others follow. */
uint32_t
syscat_role_oid(const char *name)
{
	sqlite3_stmt *st;
	uint32_t	oid = 0;

	if (strcmp(name, "quarry") == 0)
		return SYSCAT_BOOTSTRAP_ROLE_OID;
	if (sqlite3_prepare_v2(metastore_db(syscat_metastore()), "SELECT rowid FROM roles WHERE name = ?", -1,
						   &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		oid = 16000 + (uint32_t) sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return oid;
}

const SysData *
syscat_data_of(const char *rel)
{
	for (const SysData *d = syscat_data; d->rel != NULL; d++)
		if (strcmp(d->rel, rel) == 0)
			return d;
	return NULL;
}

/* syscat_type_row: pg_type's static row for a type OID, or NULL. */
const char *const *
syscat_type_row(uint32_t oid)
{
	const SysData *d = syscat_data_of("pg_type");
	char		key[16];
	int			lo = 0;
	int			hi = d->nrows - 1;

	snprintf(key, sizeof(key), "%u", oid);
	/* rows are in OID order: binary search on the number */
	while (lo <= hi) {
		int			mid = (lo + hi) / 2;
		uint32_t	m = (uint32_t) strtoul(d->cells[(size_t) mid * d->ncols], NULL, 10);

		if (m == oid)
			return &d->cells[(size_t) mid * d->ncols];
		if (m < oid)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int
syscat_type_col(const char *name)
{
	const SysRel *r = syscat_find("pg_catalog", "pg_type");

	return sysrel_col(r, name);
}

static void
fill_static(const SysData *d, SysRows *rows)
{
	int			n = d->ncols < rows->rel->ncols ? d->ncols : rows->rel->ncols;

	for (int i = 0; i < d->nrows; i++) {
		Value	   *row = sysrows_add(rows);

		for (int c = 0; c < n; c++) {
			const char *cell = d->cells[(size_t) i * d->ncols + c];

			sysrow_text(rows, row, c, cell);
			/* a regproc cell holds a function's name: its OID */
			if (rows->rel->cols[c].type == TYPE_REGPROC && cell != NULL &&
				cell[0] >= 'A' && !row[c].is_null)
				row[c].u.i = syscat_procname_oid(cell);
		}
	}
}

static bool
fill(const SysRel *rel, SysRows *rows, Err *err)
{
	const SysData *d;
	bool		handled = false;

	if (strcmp(rel->schema, "quarry") == 0)
		return syscat_quarry_fill(rel, rows, err);
	if (strcmp(rel->schema, "pg_catalog") != 0)
		return true;
	if ((d = syscat_data_of(rel->name)) != NULL) {
		fill_static(d, rows);
		return true;
	}
	if (current_ms == NULL)
		return true;
	return syscat_fill_dynamic(rel, rows, &handled, err);
}
