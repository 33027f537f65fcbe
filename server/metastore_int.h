/*
 * metastore_int.h
 *	  Private to the metastore_*.c files: the Metastore and SQLite helpers.
 */
#ifndef QUARRY_METASTORE_INT_H
#define QUARRY_METASTORE_INT_H

#include <limits.h>
#include <sqlite3.h>
#include <time.h>

#include "metastore.h"

#define MS_PUBLIC_SCHEMA_OID 2200
#define MS_GARBAGE_DELAY_S 60	/* replaced files stay this long for running queries */

typedef struct MsGarbage {
	char	   *path;			/* absolute */
	time_t		since;
} MsGarbage;

/* A write in flight; a block's writes stay in flight until the block ends. */
typedef struct MsInflight {
	uint64_t	id;
	uint64_t	block;			/* the block that wrote it, 0: none */
} MsInflight;

/*
 * The coordinator's metastore (root NULL), or a transaction block's own
 * connection to the same file (metastore_txn.c): its SQLite transaction
 * stays open until the block ends, and its garbage waits for the commit.
 */
struct Metastore {
	sqlite3    *db;
	char		data_dir[PATH_MAX];
	Metastore  *root;			/* a block's: the coordinator's metastore */
	uint64_t	block_id;		/* a block's: owner of its writes in flight */
	int			depth;			/* ms_begin nesting */
	int		   *marks;			/* ngarbage at each savepoint and ms_begin */
	int			nmarks;
	int			marks_cap;
	uint64_t	incarnation;	/* this coordinator's life, unique (an OID) */
	uint64_t	write_seq;
	MsInflight *inflight;		/* the writes in flight (root only) */
	int			ninflight;
	int			inflight_cap;
	MsGarbage  *garbage;		/* a block's: garbage once it commits */
	int			ngarbage;
	int			garbage_cap;
	bool		changed;		/* root: files committed since the last look (compact.c) */
};

/* A relation as the tables table has it (oid 0: none). */
typedef struct MsRel {
	int64_t		oid;
	int64_t		schema_oid;
	char		kind;
} MsRel;

bool		ms_db_error(Metastore *ms, Err *err, const char *what);
bool		ms_exec(Metastore *ms, const char *sql, Err *err) MUST_CHECK;
sqlite3_stmt *ms_prepare(Metastore *ms, const char *sql, Err *err);
bool		ms_begin(Metastore *ms, Err *err) MUST_CHECK;
bool		ms_commit(Metastore *ms, Err *err) MUST_CHECK;
void		ms_rollback(Metastore *ms);
bool		ms_step_done(Metastore *ms, sqlite3_stmt *st, Err *err, const char *what) MUST_CHECK;
bool		ms_schema_oid(Metastore *ms, const char *schema, int64_t *oid, Err *err) MUST_CHECK;
bool		ms_find_rel(Metastore *ms, const char *schema, const char *name, MsRel *out,
						Err *err) MUST_CHECK;
int64_t		ms_next_oid(Metastore *ms, Err *err);
const char *ms_relative(const Metastore *ms, const char *path);
void		ms_garbage_add(Metastore *ms, const char *relpath);
void		ms_garbage_truncate(Metastore *ms, int n);
void		ms_block_writes_end(Metastore *root, uint64_t block);
void		ms_mark_push(Metastore *ms);
int			ms_mark_pop(Metastore *ms);
bool		ms_busy(Metastore *ms, Err *err);
bool		ms_garbage_table_files(Metastore *ms, int64_t oid, Err *err) MUST_CHECK;

/* metastore_meta.c */
bool		ms_drop_meta(Metastore *ms, int64_t table_oid, Err *err) MUST_CHECK;

/* metastore_ddl.c */
bool		ms_insert_table(Metastore *ms, const CreateTableDef *def, int64_t oid,
							Err *err) MUST_CHECK;

/* metastore_stats.c */
bool		ms_stats_add_file(Metastore *ms, int64_t oid, const char *abspath, Err *err) MUST_CHECK;
bool		ms_stats_recompute(Metastore *ms, int64_t oid, Err *err) MUST_CHECK;
bool		ms_load_stats(Metastore *ms, Arena *a, CatTable *t, Err *err) MUST_CHECK;
void		ms_bind_value(sqlite3_stmt *st, int idx, const Value *v);
bool		ms_column_value(sqlite3_stmt *st, int col, TypeId type, Arena *a, Value *v);

#endif							/* QUARRY_METASTORE_INT_H */
