/*
 * params.h
 *	  Parameters $1..$n of the extended query protocol.
 *
 *	  A statement is bound twice.  At Parse (values == NULL) each $n binds
 *	  to a planner-only EXPR_PARAM node of its declared type, or of type
 *	  unknown, and params_infer reads the type the binder coerced it to;
 *	  what stays unknown becomes text, as PostgreSQL resolves it.  At Bind
 *	  (values set) each $n binds to a constant of its type, so the plan that
 *	  runs is an ordinary one with its constants folded.
 */
#ifndef QUARRY_PARAMS_H
#define QUARRY_PARAMS_H

#include <stdbool.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/types.h"
#include "pg_query.pb-c.h"
#include "plan.pb-c.h"
#include "planner/catalog.h"

/* Planner-only expression kind: parameter number column + 1 (never executed). */
#define EXPR_PARAM ((Quarry__ExprKind) 101)

#define PARAMS_MAX 65535

typedef struct ParamCtx {
	Arena	   *a;
	int			nparams;		/* declared, or referenced so far */
	int			cap;
	TypeId	   *types;			/* TYPE_UNKNOWN: not resolved yet */
	const Value *values;		/* NULL while inferring */
	bool		exact;			/* take varchar as is: an INSERT target, not an operator */
} ParamCtx;

struct BindCtx;

Quarry__Expr *bind_param(struct BindCtx *cx, const PgQuery__ParamRef *pr);
void		params_init(ParamCtx *p, Arena *a, int ndeclared, const TypeId *declared);
bool		params_infer(ParamCtx *p, const Quarry__PlanNode *root, Err *err) MUST_CHECK;
bool		params_infer_expr(ParamCtx *p, const Quarry__Expr *e, Err *err) MUST_CHECK;
bool		params_infer_insert(ParamCtx *p, const Catalog *cat,
								const PgQuery__InsertStmt *stmt, Err *err) MUST_CHECK;
void		params_finish(ParamCtx *p);
TypeId		params_type_of_oid(uint32_t oid);

#endif							/* QUARRY_PARAMS_H */
