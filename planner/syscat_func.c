/*
 * syscat_func.c
 *	  The catalog functions clients call (version(), format_type,
 *	  pg_get_userbyid, pg_table_is_visible, obj_description, ...), bound
 *	  on the coordinator: what depends on the session or the catalog is
 *	  read when the statement is bound.  A function of a constant becomes
 *	  a constant; a function of a column becomes a CASE over the catalog's
 *	  answers (SysMap), so workers never need the catalog.
 */
#include "planner/syscat.h"

#include <stdio.h>
#include <string.h>

#include "planner/bind_int.h"
#include "planner/func_srf.h"
#include "wire/typeio.h"

typedef struct FnArgs {
	BindCtx    *cx;
	const char *name;
	int			n;
	Quarry__Expr *args[6];
	int			location;
} FnArgs;

static Quarry__Expr *
mk(BindCtx *cx, Quarry__ExprKind kind, TypeId type, int nargs)
{
	Quarry__Expr *e = arena_new(cx->a, Quarry__Expr);

	quarry__expr__init(e);
	e->kind = kind;
	e->type = type;
	e->n_args = (size_t) nargs;
	e->args = arena_array(cx->a, Quarry__Expr *, nargs > 0 ? nargs : 1);
	return e;
}

static Quarry__Expr *
text_const(BindCtx *cx, const char *s, TypeId type)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = type;
	v.is_null = s == NULL;
	if (s != NULL) {
		v.u.s.p = s;
		v.u.s.len = (uint32_t) strlen(s);
	}
	return expr_const(cx->a, &v);
}

static Quarry__Expr *
int_const(BindCtx *cx, int64_t i, TypeId type)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = type;
	v.u.i = i;
	return expr_const(cx->a, &v);
}

static Quarry__Expr *
bool_const(BindCtx *cx, bool b, bool is_null)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = TYPE_BOOL;
	v.u.b = b;
	v.is_null = is_null;
	return expr_const(cx->a, &v);
}

static Quarry__Expr *
binop(BindCtx *cx, Quarry__ExprOp op, TypeId type, Quarry__Expr *l, Quarry__Expr *r)
{
	Quarry__Expr *e = mk(cx, QUARRY__EXPR_KIND__EXPR_OP, type, 2);

	e->op = op;
	e->args[0] = l;
	e->args[1] = r;
	return e;
}

static Quarry__Expr *
and2(BindCtx *cx, Quarry__Expr *l, Quarry__Expr *r)
{
	Quarry__Expr *e = mk(cx, QUARRY__EXPR_KIND__EXPR_AND, TYPE_BOOL, 2);

	e->args[0] = l;
	e->args[1] = r;
	return e;
}

static Quarry__Expr *
concat(BindCtx *cx, int n, Quarry__Expr **parts)
{
	for (int i = 0; i < n; i++)
		if (parts[i]->type != TYPE_TEXT)
			parts[i] = bind_coerce(cx, parts[i], TYPE_TEXT, -1);
	return bind_func_node(cx, QUARRY__SCALAR_FUNC__FN_CONCAT, TYPE_TEXT, n, parts);
}

static Quarry__Expr *
as_type(FnArgs *f, int i, TypeId t)
{
	return f->args[i] = bind_coerce(f->cx, f->args[i], t, f->location);
}

/*
 * map_case: CASE WHEN key1 = k1 [AND key2 = k2] THEN v ... ELSE dflt END
 * over the catalog's pairs for fn.  A constant key is looked up now.
 */
static Quarry__Expr *
map_case(FnArgs *f, const char *fn, Quarry__Expr *key1, Quarry__Expr *key2, TypeId type,
		 Quarry__Expr *dflt)
{
	BindCtx    *cx = f->cx;
	SysMap		map = {0};
	Quarry__Expr *e;
	Value		c1;
	Value		c2;
	bool		const1 = expr_const_value(key1, &c1);
	bool		const2 = key2 == NULL || expr_const_value(key2, &c2);

	if (syscat_hooks()->func_map != NULL &&
		!syscat_hooks()->func_map(fn, cx->a, &map, cx->err))
		return NULL;
	if (const1 && const2) {
		if (c1.is_null || (key2 != NULL && c2.is_null))
			return text_const(cx, NULL, type);
		for (int i = 0; i < map.n; i++)
			if (map.k1[i] == c1.u.i && (key2 == NULL || map.k2[i] == c2.u.i))
				return bind_coerce(cx, text_const(cx, map.v[i], TYPE_TEXT), type, f->location);
		return dflt;
	}
	e = mk(cx, QUARRY__EXPR_KIND__EXPR_CASE, type, 2 * map.n + 1);
	for (int i = 0; i < map.n; i++) {
		Quarry__Expr *cond = binop(cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, key1,
								   int_const(cx, map.k1[i], (TypeId) key1->type));

		if (key2 != NULL)
			cond = and2(cx, cond, binop(cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, key2,
										int_const(cx, map.k2[i], (TypeId) key2->type)));
		e->args[2 * i] = cond;
		if ((e->args[2 * i + 1] = bind_coerce(cx, text_const(cx, map.v[i], TYPE_TEXT), type,
											  f->location)) == NULL)
			return NULL;
	}
	e->args[2 * map.n] = dflt;
	return e;
}

/* format_type(oid, typmod): the name, with typmod as format_type prints it */
static Quarry__Expr *
format_type(FnArgs *f)
{
	BindCtx    *cx = f->cx;
	Quarry__Expr *oid;
	Quarry__Expr *mod;
	Quarry__Expr *base;
	Quarry__Expr *e;
	Quarry__Expr *m4;
	static const struct {
		uint32_t	oid;
		const char *name;
		bool		numeric;
	}			mods[] = {
		{1700, "numeric", true}, {1043, "character varying", false}, {1042, "character", false},
	};

	if (as_type(f, 0, TYPE_OID) == NULL || (f->n > 1 && as_type(f, 1, TYPE_INT4) == NULL))
		return NULL;
	oid = f->args[0];
	mod = f->n > 1 ? f->args[1] : int_const(cx, -1, TYPE_INT4);
	if ((base = map_case(f, "format_type", oid, NULL, TYPE_TEXT, text_const(cx, "???", TYPE_TEXT))) == NULL)
		return NULL;
	m4 = binop(cx, QUARRY__EXPR_OP__OP_SUB, TYPE_INT4, mod, int_const(cx, 4, TYPE_INT4));
	e = mk(cx, QUARRY__EXPR_KIND__EXPR_CASE, TYPE_TEXT, 2 * 3 + 1);
	for (int i = 0; i < 3; i++) {
		Quarry__Expr *parts[6];
		int			np = 0;

		e->args[2 * i] = and2(cx, binop(cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, oid,
										int_const(cx, mods[i].oid, TYPE_OID)),
							  binop(cx, QUARRY__EXPR_OP__OP_GE, TYPE_BOOL, mod,
									int_const(cx, 4, TYPE_INT4)));
		parts[np++] = text_const(cx, arena_strdup(cx->a, mods[i].name), TYPE_TEXT);
		parts[np++] = text_const(cx, "(", TYPE_TEXT);
		if (mods[i].numeric) {
			parts[np++] = binop(cx, QUARRY__EXPR_OP__OP_DIV, TYPE_INT4, m4,
								int_const(cx, 65536, TYPE_INT4));
			parts[np++] = text_const(cx, ",", TYPE_TEXT);
			parts[np++] = binop(cx, QUARRY__EXPR_OP__OP_MOD, TYPE_INT4, m4,
								int_const(cx, 65536, TYPE_INT4));
		} else
			parts[np++] = m4;
		parts[np++] = text_const(cx, ")", TYPE_TEXT);
		e->args[2 * i + 1] = concat(cx, np, parts);
	}
	e->args[6] = base;
	/* format_type(NULL, ...) is NULL */
	{
		Quarry__Expr *outer = mk(cx, QUARRY__EXPR_KIND__EXPR_CASE, TYPE_TEXT, 3);
		Quarry__Expr *isnull = mk(cx, QUARRY__EXPR_KIND__EXPR_IS_NULL, TYPE_BOOL, 1);

		isnull->args[0] = oid;
		outer->args[0] = isnull;
		outer->args[1] = text_const(cx, NULL, TYPE_TEXT);
		outer->args[2] = e;
		return outer;
	}
}

/* x = x: true for any non-NULL x, NULL for NULL (the visibility tests) */
static Quarry__Expr *
not_null_true(FnArgs *f)
{
	if (as_type(f, 0, TYPE_OID) == NULL)
		return NULL;
	return binop(f->cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, f->args[0], f->args[0]);
}

static Quarry__Expr *
session_const(FnArgs *f, const char *fn, TypeId type)
{
	const char *s = NULL;
	Value		arg;
	const char *argtext = NULL;
	const char *arg2 = NULL;
	Value		v;
	Value		out;

	if (f->n > 0 && expr_const_value(f->args[0], &arg) && !arg.is_null && arg.type == TYPE_BOOL)
		argtext = arg.u.b ? "t" : "f";
	else if (f->n > 0 && expr_const_value(f->args[0], &arg) && !arg.is_null &&
			 type_is_string(arg.type))
		argtext = arena_strndup(f->cx->a, arg.u.s.p, arg.u.s.len);
	else if (f->n > 0 && (strcmp(fn, "current_setting") == 0 || strcmp(fn, "set_config") == 0)) {
		err_set(f->cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
				"%s of a non-constant name is not supported yet", fn);
		return NULL;
	}
	if (f->n > 1 && expr_const_value(f->args[1], &arg) && !arg.is_null) {
		if (type_is_string(arg.type))
			arg2 = arena_strndup(f->cx->a, arg.u.s.p, arg.u.s.len);
		else if (arg.type == TYPE_BOOL)
			arg2 = arg.u.b ? "t" : "f";
	}
	if (syscat_hooks()->session_value != NULL &&
		!syscat_hooks()->session_value(fn, argtext, arg2, f->cx->a, &s, f->cx->err))
		return NULL;
	if (s == NULL)
		return text_const(f->cx, NULL, type);
	memset(&v, 0, sizeof(v));
	v.type = TYPE_TEXT;
	v.u.s.p = s;
	v.u.s.len = (uint32_t) strlen(s);
	if (!value_cast(f->cx->a, &v, type, &out, f->cx->err))
		return NULL;
	return expr_const(f->cx->a, &out);
}

/* size_pretty: PostgreSQL 15's pg_size_pretty(bigint) */
static const char *
size_pretty(Arena *a, int64_t size)
{
	static const char *const units[] = {"kB", "MB", "GB", "TB"};
	const int64_t limit = 10 * 1024;
	const int64_t limit2 = limit * 2 - 1;
	char	   *out = arena_alloc(a, 40);

	if ((size < 0 ? -size : size) < limit) {
		snprintf(out, 40, "%lld bytes", (long long) size);
		return out;
	}
	size >>= 9;					/* one extra bit for rounding */
	for (int u = 0; u < 4; u++) {
		if ((size < 0 ? -size : size) < limit2 || u == 3) {
			snprintf(out, 40, "%lld %s", (long long) ((size + (size < 0 ? -1 : 1)) / 2), units[u]);
			return out;
		}
		size >>= 10;
	}
	return out;
}

/*
 * pretty_leaves applies pg_size_pretty to the constants an expression can
 * give (a constant, or the branches of the CASE a size function binds to),
 * so the formatting happens now; any other argument is 0A000.
 */
static Quarry__Expr *
pretty_leaves(BindCtx *cx, Quarry__Expr *e)
{
	Value		v;

	if (expr_const_value(e, &v)) {
		if (v.is_null)
			return text_const(cx, NULL, TYPE_TEXT);
		if (!type_is_integer(v.type))
			return NULL;
		return text_const(cx, size_pretty(cx->a, v.u.i), TYPE_TEXT);
	}
	if (e->kind == QUARRY__EXPR_KIND__EXPR_CASE) {
		Quarry__Expr *c = mk(cx, QUARRY__EXPR_KIND__EXPR_CASE, TYPE_TEXT, (int) e->n_args);

		for (size_t i = 0; i < e->n_args; i++) {
			bool		result = i % 2 == 1 || i == e->n_args - 1;

			if (!result)
				c->args[i] = e->args[i];
			else if ((c->args[i] = pretty_leaves(cx, e->args[i])) == NULL)
				return NULL;
		}
		return c;
	}
	return NULL;
}

/*
 * syscat_reg_cast casts a string expression to regclass or regtype: a CASE
 * over every name the catalog knows (and its schema-qualified form); other
 * strings go through the cast, which reads a number.
 */
Quarry__Expr *
syscat_reg_cast(BindCtx *cx, Quarry__Expr *e, TypeId target, int location)
{
	SysMap		map = {0};
	Quarry__Expr *c;
	Quarry__Expr *dflt;

	if (e->type != TYPE_TEXT && (e = bind_coerce(cx, e, TYPE_TEXT, location)) == NULL)
		return NULL;
	if (syscat_hooks()->func_map != NULL &&
		!syscat_hooks()->func_map(target == TYPE_REGCLASS ? "regclass_names" : "regtype_names",
								  cx->a, &map, cx->err))
		return NULL;
	dflt = mk(cx, QUARRY__EXPR_KIND__EXPR_CAST, target, 1);
	dflt->args[0] = e;
	if (map.n == 0)
		return dflt;
	c = mk(cx, QUARRY__EXPR_KIND__EXPR_CASE, target, 2 * map.n + 1);
	for (int i = 0; i < map.n; i++) {
		c->args[2 * i] = binop(cx, QUARRY__EXPR_OP__OP_EQ, TYPE_BOOL, e,
							   text_const(cx, map.v[i], TYPE_TEXT));
		c->args[2 * i + 1] = int_const(cx, (int32_t) (uint32_t) map.k1[i], target);
	}
	c->args[2 * map.n] = dflt;
	return c;
}

/* syscat_sql_value: CURRENT_USER, SESSION_USER, CURRENT_SCHEMA ... as name */
Quarry__Expr *
syscat_sql_value(BindCtx *cx, const char *fn)
{
	FnArgs		f = {.cx = cx, .name = fn, .n = 0, .location = -1};

	return session_const(&f, fn, TYPE_NAME);
}

/*
 * syscat_func binds a call of a catalog function, or sets *found false.
 */
/*
 * is_visible_func: pg_*_is_visible(oid) and pg_relation_is_publishable:
 * true for every object, as for a superuser whose search path holds every
 * schema with objects (there is one name per object here).
 */
static bool
is_visible_func(const char *name)
{
	static const char *const names[] = {
		"pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible",
		"pg_operator_is_visible", "pg_opclass_is_visible", "pg_opfamily_is_visible",
		"pg_collation_is_visible", "pg_conversion_is_visible", "pg_statistics_obj_is_visible",
		"pg_ts_config_is_visible", "pg_ts_dict_is_visible", "pg_ts_parser_is_visible",
		"pg_ts_template_is_visible", "pg_relation_is_publishable",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

Quarry__Expr *
syscat_func(BindCtx *cx, const PgQuery__FuncCall *fc, const char *name, bool *found)
{
	static const char *const privs[] = {
		"has_table_privilege", "has_schema_privilege", "has_database_privilege",
		"has_column_privilege", "has_function_privilege", "has_sequence_privilege",
		"has_any_column_privilege", "has_tablespace_privilege", "has_language_privilege",
		"has_foreign_data_wrapper_privilege", "has_server_privilege", "has_type_privilege",
		"pg_has_role",
	};
	FnArgs		f = {.cx = cx, .name = name, .n = (int) fc->n_args, .location = fc->location};

	*found = true;
	if (strcmp(name, "current_setting") == 0 && fc->n_args >= 1 &&
		fc->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST) {
		/* a name known only per row (psql's \dconfig): look it up in pg_settings */
		/* (its own names hidden, so the argument's names resolve outside) */
		PgQuery__Node *sub = func_srf_template(cx->a, "(SELECT \"?setting?\" FROM (SELECT name AS "
											   "\"?name?\", setting AS \"?setting?\" FROM "
											   "pg_catalog.pg_settings) AS \"?settings?\" WHERE "
											   "\"?name?\" = (__p1)::text)", fc->args[0], cx->err);

		return sub == NULL ? NULL : bind_expr(cx, sub);
	}
	if (f.n > 6)
		f.n = 6;
	for (int i = 0; i < f.n; i++)
		if ((f.args[i] = bind_expr(cx, fc->args[i])) == NULL)
			return NULL;
	for (size_t i = 0; i < sizeof(privs) / sizeof(privs[0]); i++)
		if (strcmp(name, privs[i]) == 0)
			return bool_const(cx, true, false);	/* one superuser role sees everything */
	if (strcmp(name, "format_type") == 0 && (f.n == 2 || f.n == 1))
		return format_type(&f);
	if (is_visible_func(name) && f.n == 1)
		return not_null_true(&f);
	if (strcmp(name, "pg_tablespace_location") == 0 && f.n == 1)
		return text_const(cx, "", TYPE_TEXT);	/* pg_default and pg_global: the data directory */
	if (strcmp(name, "pg_partition_ancestors") == 0 && f.n == 1)
		return as_type(&f, 0, TYPE_REGCLASS);	/* no partitions: the relation alone */
	if (strcmp(name, "pg_get_expr") == 0 && f.n >= 2)
		return bind_coerce(cx, f.args[0], TYPE_TEXT, f.location);
	if (strcmp(name, "pg_get_userbyid") == 0 && f.n == 1) {
		Quarry__Expr *parts[3];

		if (as_type(&f, 0, TYPE_OID) == NULL)
			return NULL;
		parts[0] = text_const(cx, "unknown (OID=", TYPE_TEXT);
		parts[1] = f.args[0];
		parts[2] = text_const(cx, ")", TYPE_TEXT);
		return map_case(&f, name, f.args[0], NULL, TYPE_NAME,
						bind_coerce(cx, concat(cx, 3, parts), TYPE_NAME, f.location));
	}
	if ((strcmp(name, "obj_description") == 0 || strcmp(name, "shobj_description") == 0 ||
		 strcmp(name, "pg_get_indexdef") == 0 || strcmp(name, "pg_get_constraintdef") == 0 ||
		 strcmp(name, "pg_get_viewdef") == 0 || strcmp(name, "pg_get_function_result") == 0 ||
		 strcmp(name, "pg_get_function_arguments") == 0 ||
		 strcmp(name, "pg_get_function_identity_arguments") == 0 ||
		 strcmp(name, "pg_get_triggerdef") == 0 || strcmp(name, "pg_get_ruledef") == 0 ||
		 strcmp(name, "pg_get_statisticsobjdef_columns") == 0) && f.n >= 1) {
		if (f.args[0]->type != TYPE_UNKNOWN || strcmp(name, "pg_get_viewdef") != 0) {
			if (as_type(&f, 0, TYPE_OID) == NULL)
				return NULL;
		} else if (as_type(&f, 0, TYPE_REGCLASS) == NULL)
			return NULL;
		return map_case(&f, name, f.args[0], NULL, TYPE_TEXT, text_const(cx, NULL, TYPE_TEXT));
	}
	if (strcmp(name, "col_description") == 0 && f.n == 2) {
		if (as_type(&f, 0, TYPE_OID) == NULL || as_type(&f, 1, TYPE_INT4) == NULL)
			return NULL;
		return map_case(&f, name, f.args[0], f.args[1], TYPE_TEXT, text_const(cx, NULL, TYPE_TEXT));
	}
	if (strcmp(name, "pg_encoding_to_char") == 0 && f.n == 1)
		return map_case(&f, name, as_type(&f, 0, TYPE_INT4), NULL, TYPE_NAME,
						text_const(cx, "", TYPE_NAME));
	if ((strcmp(name, "pg_relation_size") == 0 || strcmp(name, "pg_total_relation_size") == 0 ||
		 strcmp(name, "pg_table_size") == 0 || strcmp(name, "pg_indexes_size") == 0) && f.n >= 1) {
		if (as_type(&f, 0, TYPE_OID) == NULL)
			return NULL;
		return map_case(&f, strcmp(name, "pg_indexes_size") == 0 ? "pg_indexes_size" : "pg_relation_size",
						f.args[0], NULL, TYPE_INT8, int_const(cx, 0, TYPE_INT8));
	}
	if (strcmp(name, "pg_size_pretty") == 0 && f.n == 1 && type_is_integer((TypeId) f.args[0]->type)) {
		Quarry__Expr *e = pretty_leaves(cx, f.args[0]);

		if (e == NULL)
			err_set(cx->err, ERRCODE_FEATURE_NOT_SUPPORTED,
					"pg_size_pretty is supported only over sizes the catalog gives");
		return e;
	}
	if ((strcmp(name, "pg_get_partkeydef") == 0 || strcmp(name, "pg_get_statisticsobjdef") == 0) &&
		f.n == 1)
		return text_const(cx, NULL, TYPE_TEXT);
	if (strncmp(name, "pg_stat_get_", 12) == 0 && f.n == 1)
		return int_const(cx, 0, TYPE_INT8);	/* no statistics counters yet */
	if ((strcmp(name, "pg_terminate_backend") == 0 || strcmp(name, "pg_cancel_backend") == 0) &&
		(f.n == 1 || f.n == 2))
		return bool_const(cx, false, false);
	if (strcmp(name, "pg_get_serial_sequence") == 0 && f.n == 2)
		return text_const(cx, NULL, TYPE_TEXT);
	if (strcmp(name, "pg_is_in_recovery") == 0 && f.n == 0)
		return bool_const(cx, false, false);
	if ((strcmp(name, "version") == 0 || strcmp(name, "current_database") == 0 ||
		 strcmp(name, "current_schema") == 0 || strcmp(name, "current_user") == 0 ||
		 strcmp(name, "session_user") == 0 || strcmp(name, "current_catalog") == 0 ||
		 strcmp(name, "pg_postmaster_start_time") == 0 || strcmp(name, "pg_conf_load_time") == 0) &&
		f.n == 0)
		return session_const(&f, name, strcmp(name, "version") == 0 ? TYPE_TEXT :
							 strncmp(name, "pg_", 3) == 0 ? TYPE_TIMESTAMPTZ : TYPE_NAME);
	if (strcmp(name, "pg_backend_pid") == 0 && f.n == 0)
		return session_const(&f, name, TYPE_INT4);
	if ((strcmp(name, "txid_current") == 0 || strcmp(name, "txid_current_if_assigned") == 0) &&
		f.n == 0)
		return session_const(&f, "txid_current", TYPE_INT8);
	if (strcmp(name, "current_schemas") == 0 && f.n == 1)
		return session_const(&f, name, TYPE_NAME_ARRAY);
	if (strcmp(name, "current_setting") == 0 && (f.n == 1 || f.n == 2))
		return session_const(&f, name, TYPE_TEXT);
	if (strcmp(name, "set_config") == 0 && f.n == 3)
		return session_const(&f, name, TYPE_TEXT);
	*found = false;
	return NULL;
}
