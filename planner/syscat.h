/*
 * syscat.h
 *	  System relations: pg_catalog (and information_schema) answered as
 *	  ordinary SQL.
 *
 *	  The registry (syscat_rels.c) names each system relation with its
 *	  schema, OID, kind and PostgreSQL 15's columns.  When the binder
 *	  resolves a FROM name to one (unqualified names search pg_catalog
 *	  first, as PostgreSQL's search_path does), syscat_table asks the
 *	  coordinator's hook (server/syscat*.c) for its rows, made from the
 *	  metastore for this session, and the relation is planned as a Values
 *	  node (plan.proto) holding the columns the query reads; joins,
 *	  filters and aggregates over it are ordinary plan nodes.  A relation
 *	  with view_sql is instead a view over other system relations.
 *
 *	  The planner never includes server code: the coordinator installs
 *	  its hooks once (syscat_install); without them (unit tests, workers)
 *	  system relations have no rows.
 */
#ifndef QUARRY_SYSCAT_H
#define QUARRY_SYSCAT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/types.h"
#include "pg_query.pb-c.h"
#include "plan.pb-c.h"
#include "planner/catalog.h"

/* Fixed OIDs, as PostgreSQL 15 has them. */
#define SYSCAT_PG_CATALOG_OID 11
#define SYSCAT_PUBLIC_OID 2200
#define SYSCAT_INFO_SCHEMA_OID 13207
#define SYSCAT_PG_TOAST_OID 99
#define SYSCAT_BOOTSTRAP_ROLE_OID 10
#define SYSCAT_DATABASE_OWNER_OID 6171	/* pg_database_owner, public's owner */
#define SYSCAT_PG_CLASS_OID 1259
#define SYSCAT_PG_PROC_OID 1255
#define SYSCAT_PG_TYPE_OID 1247
#define SYSCAT_PG_NAMESPACE_OID 2615
#define SYSCAT_PG_CONSTRAINT_OID 2606
#define SYSCAT_PG_DATABASE_OID 1262
#define SYSCAT_PG_AUTHID_OID 1260
#define SYSCAT_QUARRY_OID 13900		/* schema quarry; its views follow (syscat_quarry.c) */

typedef struct SysCol {
	const char *name;
	TypeId		type;			/* Quarry's type: text where Quarry lacks PostgreSQL's */
	const char *pgtype;			/* PostgreSQL's type, as format_type prints it */
} SysCol;

typedef struct SysRel {
	const char *schema;
	const char *name;
	uint32_t	oid;
	char		kind;			/* as PostgreSQL's relkind: 'r' or 'v' */
	int			ncols;
	const SysCol *cols;
	const char *view_sql;		/* a view over system relations, or NULL: rows from the hook */
} SysRel;

/* The rows of one system relation, as the hook makes them. */
typedef struct SysRows {
	Arena	   *a;
	const SysRel *rel;
	int			nrows;
	int			cap;
	Value	  **rows;			/* nrows arrays of rel->ncols values */
} SysRows;

/* A catalog function's answers by key: v[i] for k1[i] (and k2[i]). */
typedef struct SysMap {
	int			n;
	int64_t    *k1;
	int64_t    *k2;
	const char **v;
} SysMap;

/* What the coordinator supplies. */
typedef struct SysHooks {
	/* fill adds rel's rows to rows (sysrows_add) */
	bool		(*fill) (const SysRel *rel, SysRows *rows, Err *err);
	/* reg_lookup finds the OID a reg* type's input names ('pg_class'::regclass) */
	bool		(*reg_lookup) (TypeId type, const char *name, uint32_t *oid, Err *err);
	/* func_map: a catalog function's answers for every key (pg_get_userbyid, ...) */
	bool		(*func_map) (const char *fn, Arena *a, SysMap *map, Err *err);
	/* session_value: version(), current_setting(arg), ... as text (NULL: NULL) */
	bool		(*session_value) (const char *fn, const char *arg, const char *arg2, Arena *a,
								  const char **out, Err *err);
} SysHooks;

extern const SysRel syscat_pg_catalog[];
extern const int syscat_pg_catalog_count;
extern const SysRel syscat_infoschema[];	/* syscat_infoschema.c */
extern const int syscat_infoschema_count;
extern const SysRel syscat_quarry[];	/* syscat_quarry.c */
extern const int syscat_quarry_count;

void		syscat_install(const SysHooks *h);
void		syscat_prune(Quarry__PlanNode *root);
const SysHooks *syscat_hooks(void);
const SysRel *syscat_find(const char *schema, const char *name);
int			syscat_count(void);
const SysRel *syscat_rel(int i);
uint32_t	syscat_schema_oid(const char *schema);
bool		syscat_table(Arena *a, const SysRel *rel, CatTable **out, Err *err) MUST_CHECK;
bool		syscat_table_function(Arena *a, const PgQuery__RangeFunction *rf, CatTable **out,
								  Err *err) MUST_CHECK;

/* Building rows: a new row is all NULL; columns are set by name. */
Value	   *sysrows_add(SysRows *r);
void		sysrows_append(SysRows *r, Value *row);
int			sysrel_col(const SysRel *rel, const char *name);
void		sysrow_int(SysRows *r, Value *row, const char *col, int64_t v);
void		sysrow_bool(SysRows *r, Value *row, const char *col, bool v);
void		sysrow_float(SysRows *r, Value *row, const char *col, double v);
void		sysrow_str(SysRows *r, Value *row, const char *col, const char *s);
void		sysrow_text(SysRows *r, Value *row, int col, const char *text);

#endif							/* QUARRY_SYSCAT_H */
