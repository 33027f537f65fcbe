/*
 * syscat_int.h
 *	  The coordinator's side of the system relations (planner/syscat.h):
 *	  the session whose statement is being bound, and the producers of
 *	  each relation's rows.
 *
 *	  syscat.c       the hook, the current session, static rows
 *	  syscat_rel.c   namespaces, relations, attributes, roles, databases
 *	  syscat_data.c  PostgreSQL 15's built-in rows (types, functions, ...)
 */
#ifndef QUARRY_SYSCAT_INT_H
#define QUARRY_SYSCAT_INT_H

#include <sqlite3.h>

#include "planner/syscat.h"
#include "pgconn.h"
#include "metastore.h"

/* Static rows of one relation: nrows x ncols text cells (NULL: NULL). */
typedef struct SysData {
	const char *rel;
	int			ncols;
	int			nrows;
	const char *const *cells;
} SysData;

extern const SysData syscat_data[];

/* syscat.c */
void		syscat_enter(PgConn *c);
PgConn	   *syscat_session(void);
Metastore  *syscat_metastore(void);
const SysData *syscat_data_of(const char *rel);
const char *const *syscat_type_row(uint32_t oid);
int			syscat_type_col(const char *name);
sqlite3_stmt *syscat_prepare(const char *sql, Err *err);
uint32_t	syscat_role_oid(const char *name);

/* syscat_reg.c */
bool		syscat_reg_lookup(TypeId type, const char *text, uint32_t *oid, Err *err);
const char *syscat_relation_name(uint32_t oid, char *buf, size_t len);
const char *syscat_type_name(uint32_t oid);
void		syscat_install_reg(void);

/* syscat_procnames.c: functions the built-in rows name in regproc columns */
uint32_t	syscat_procname_oid(const char *name);
const char *syscat_procname(uint32_t oid);

/* syscat_fn.c: a catalog function's map, being built */
typedef struct MapBuild {
	Arena	   *a;
	SysMap	   *m;
	int			cap;
} MapBuild;

void		map_add(MapBuild *b, int64_t k1, int64_t k2, const char *v);
bool		map_query(MapBuild *b, const char *sql, Err *err);
void		syscat_install_fn(SysHooks *h);
bool		syscat_fn_map_more(const char *fn, MapBuild *b, Err *err);

/* syscat_ddl.c: constraints, indexes, comments and defaults */
bool		syscat_index_rows(SysRows *r, char what, Err *err);
bool		syscat_constraint_rows(SysRows *r, Err *err);
bool		syscat_description_rows(SysRows *r, Err *err);
bool		syscat_attrdef_rows(SysRows *r, Err *err);
bool		syscat_rewrite_rows(SysRows *r, Err *err);
bool		syscat_depend_rows(SysRows *r, Err *err);

/* syscat_rel.c */
void		attribute_row(SysRows *r, uint32_t relid, const char *name, int attnum,
						  uint32_t typoid, int32_t typmod, bool notnull, bool hasdef);
bool		syscat_fill_dynamic(const SysRel *rel, SysRows *rows, bool *handled, Err *err);

/* syscat_quarry.c: quarry.workers, queries, stages, tasks, settings */
bool		syscat_quarry_fill(const SysRel *rel, SysRows *rows, Err *err);

#endif							/* QUARRY_SYSCAT_INT_H */
