/*
 * metastore_txn.c
 *	  A transaction block's own connection to metastore.db.
 *
 *	  At a block's first write the session opens a second SQLite connection
 *	  to the same file (WAL) and holds BEGIN IMMEDIATE on it until the block
 *	  ends: every metastore read and write of the session goes through it,
 *	  so the block sees its own changes while every other connection sees
 *	  the last committed state.  SQLite has one writer: a second block, or
 *	  a write outside a block, that needs the lock meanwhile fails at once
 *	  with 40001 (busy timeout 0: nothing may wait on the event loop).
 *
 *	  Inside the block each change (ms_begin) is a savepoint, and the
 *	  client's SAVEPOINTs are SQLite savepoints named by their depth.  The
 *	  block's writes stay in flight (never swept) until it ends; the files
 *	  its statements replace or drop become garbage only when it commits.
 *	  After a rollback its files are named by no committed row and the
 *	  sweep removes them.
 */
#include "metastore_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool
block_exec(Metastore *b, const char *sql, Err *err)
{
	return ms_exec(b, sql, err);
}

/* is_wal checks that metastore.db is in WAL mode: readers beside a writer. */
static bool
is_wal(Metastore *b)
{
	sqlite3_stmt *st;
	bool		wal = false;

	if (sqlite3_prepare_v2(b->db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK)
		return false;
	if (sqlite3_step(st) == SQLITE_ROW)
		wal = strcasecmp((const char *) sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	return wal;
}

static void
block_free(Metastore *b)
{
	sqlite3_close(b->db);
	ms_garbage_truncate(b, 0);
	free(b->garbage);
	free(b->marks);
	free(b);
}

/*
 * metastore_block_begin opens a block's connection and takes the write
 * lock (40001 if another block holds it); savepoints open ones to create
 * first (the client's SAVEPOINTs before the block's first write).
 */
Metastore *
metastore_block_begin(Metastore *root, int savepoints, Err *err)
{
	static uint64_t next_block;
	Metastore  *b = calloc(1, sizeof(Metastore));
	char		path[PATH_MAX + 32];

	memcpy(b->data_dir, root->data_dir, sizeof(b->data_dir));
	b->root = root;
	b->block_id = ++next_block;
	snprintf(path, sizeof(path), "%s/metastore.db", root->data_dir);
	if (sqlite3_open(path, &b->db) != SQLITE_OK) {
		ms_db_error(b, err, "open metastore.db");
		block_free(b);
		return NULL;
	}
	sqlite3_busy_timeout(b->db, 0);
	if (!is_wal(b)) {
		err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: metastore.db is not in WAL mode");
		block_free(b);
		return NULL;
	}
	if (!block_exec(b, "PRAGMA synchronous = FULL", err) ||
		!block_exec(b, "BEGIN IMMEDIATE", err)) {
		block_free(b);
		return NULL;
	}
	for (int i = 0; i < savepoints; i++)
		if (!metastore_savepoint(b, err)) {
			sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
			block_free(b);
			return NULL;
		}
	return b;
}

/*
 * metastore_block_end commits or rolls back a block and closes its
 * connection.  Committed, the files it replaced become garbage; either
 * way its writes leave flight (after a rollback the sweep removes them).
 */
bool
metastore_block_end(Metastore **bp, bool commit, Err *err)
{
	Metastore  *b = *bp;
	Metastore  *r;
	bool		ok = true;

	if (b == NULL)
		return true;
	r = b->root;
	if (commit && !(ok = block_exec(b, "COMMIT", err)))
		commit = false;
	if (!commit && !sqlite3_get_autocommit(b->db))
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	if (commit)
		for (int i = 0; i < b->ngarbage; i++)
			ms_garbage_add(r, ms_relative(r, b->garbage[i].path));
	ms_block_writes_end(r, b->block_id);
	r->changed = true;			/* its files are visible now, or the lock is free */
	block_free(b);
	*bp = NULL;
	return ok;
}

/* metastore_savepoint opens the block's next savepoint (the client's). */
bool
metastore_savepoint(Metastore *b, Err *err)
{
	char		sql[48];

	snprintf(sql, sizeof(sql), "SAVEPOINT q_sp%d", b->nmarks);
	if (!block_exec(b, sql, err))
		return false;
	ms_mark_push(b);
	return true;
}

/* metastore_rollback_to undoes what followed savepoint level (0 = first); it stays. */
bool
metastore_rollback_to(Metastore *b, int level, Err *err)
{
	char		sql[48];

	if (level < 0 || level >= b->nmarks)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "no metastore savepoint %d", level);
	snprintf(sql, sizeof(sql), "ROLLBACK TO q_sp%d", level);
	if (!block_exec(b, sql, err))
		return false;
	ms_garbage_truncate(b, b->marks[level]);
	b->nmarks = level + 1;
	return true;
}

/* metastore_release forgets savepoint level and those after it. */
bool
metastore_release(Metastore *b, int level, Err *err)
{
	char		sql[48];

	if (level < 0 || level >= b->nmarks)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "no metastore savepoint %d", level);
	snprintf(sql, sizeof(sql), "RELEASE q_sp%d", level);
	if (!block_exec(b, sql, err))
		return false;
	b->nmarks = level;
	return true;
}
