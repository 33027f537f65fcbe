/*
 * metastore.h
 *	  The catalog's durable home: SQLite at DATA_DIR/metastore.db, as Spark's
 *	  embedded metastore.  Schemas, tables, columns, each table's data files,
 *	  roles and databases.  Every change is one SQLite transaction; data files
 *	  are fsynced before the transaction that names them commits.
 */
#ifndef QUARRY_METASTORE_H
#define QUARRY_METASTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"
#include "planner/bind.h"
#include "planner/catalog.h"

typedef struct Metastore Metastore;

Metastore  *metastore_open(const char *data_dir, Err *err);
void		metastore_close(Metastore **ms);
const char *metastore_data_dir(const Metastore *ms);
struct sqlite3 *metastore_db(Metastore *ms);	/* for server/roles.c's role_auth table */

bool		metastore_find_table(void *ms, const char *schema, const char *name,
								 Arena *a, CatTable **out, Err *err) MUST_CHECK;
bool		metastore_create_table(Metastore *ms, const CreateTableDef *def, bool *existed,
								   Err *err) MUST_CHECK;
bool		metastore_drop_table(Metastore *ms, const char *schema, const char *name,
								 bool missing_ok, bool *existed, Err *err) MUST_CHECK;
bool		metastore_new_file_path(Metastore *ms, uint32_t table_oid, char *path, size_t len,
									Err *err) MUST_CHECK;
bool		metastore_add_file(Metastore *ms, uint32_t table_oid, const char *path,
							   int64_t rows, Err *err) MUST_CHECK;
bool		metastore_role_exists(Metastore *ms, const char *name);
bool		metastore_database_exists(Metastore *ms, const char *name);
void		metastore_remove_orphans(Metastore *ms);

#endif							/* QUARRY_METASTORE_H */
