/*
 * syscat_infoschema.c
 *	  information_schema: views over the pg_catalog relations, with
 *	  PostgreSQL 15's column names and the base types of its domains
 *	  (sql_identifier is name, cardinal_number integer, character_data
 *	  and yes_or_no character varying), as a client sees them in a
 *	  RowDescription.
 *
 *	  Each view is a SysRel with view_sql (planner/syscat.h): the binder
 *	  expands it as a derived table, so filters and joins over it are
 *	  ordinary plans.  The SQL follows PostgreSQL's information_schema.sql
 *	  where Quarry's SQL reaches; the differences: no privilege filtering
 *	  (every session is the owner), key positions come from
 *	  array_position over conkey instead of _pg_expandarray, and a foreign
 *	  key's unique constraint is the referenced table's primary or unique
 *	  key on the same columns.
 */
#include "planner/syscat.h"

#define SQLID(n) {n, TYPE_NAME, "information_schema.sql_identifier"}
#define CARD(n) {n, TYPE_INT4, "information_schema.cardinal_number"}
#define CHARS(n) {n, TYPE_VARCHAR, "information_schema.character_data"}
#define YESNO(n) {n, TYPE_VARCHAR, "information_schema.yes_or_no"}
#define STAMP(n) {n, TYPE_TIMESTAMPTZ, "information_schema.time_stamp"}
#define NCOLS(a) ((int) (sizeof(a) / sizeof(a[0])))
#define N9 "NULL::name, NULL::name, NULL::name, "	/* three NULL names */

/* ---- schemata ---- */

static const SysCol schemata_cols[] = {
	SQLID("catalog_name"), SQLID("schema_name"), SQLID("schema_owner"),
	SQLID("default_character_set_catalog"), SQLID("default_character_set_schema"),
	SQLID("default_character_set_name"), CHARS("sql_path"),
};

static const char schemata_sql[] =
"SELECT current_database()::name, n.nspname::name, u.rolname::name, NULL::name, NULL::name, "
"NULL::name, NULL::varchar "
"FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles u ON n.nspowner = u.oid";

/* ---- tables ---- */

static const SysCol tables_cols[] = {
	SQLID("table_catalog"), SQLID("table_schema"), SQLID("table_name"), CHARS("table_type"),
	SQLID("self_referencing_column_name"), CHARS("reference_generation"),
	SQLID("user_defined_type_catalog"), SQLID("user_defined_type_schema"),
	SQLID("user_defined_type_name"), YESNO("is_insertable_into"), YESNO("is_typed"),
	CHARS("commit_action"),
};

static const char tables_sql[] =
"SELECT current_database()::name, nc.nspname::name, c.relname::name, "
"CAST(CASE WHEN nc.nspname LIKE 'pg!_temp!_%' ESCAPE '!' THEN 'LOCAL TEMPORARY' "
"WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' "
"WHEN c.relkind = 'f' THEN 'FOREIGN' ELSE NULL END AS varchar), "
"NULL::name, NULL::varchar, NULL::name, NULL::name, NULL::name, "
"CAST(CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END AS varchar), "
"'NO'::varchar, NULL::varchar "
"FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace "
"WHERE c.relkind IN ('r', 'v', 'f', 'p')";

/* ---- views ---- */

static const SysCol views_cols[] = {
	SQLID("table_catalog"), SQLID("table_schema"), SQLID("table_name"),
	CHARS("view_definition"), CHARS("check_option"), YESNO("is_updatable"),
	YESNO("is_insertable_into"), YESNO("is_trigger_updatable"), YESNO("is_trigger_deletable"),
	YESNO("is_trigger_insertable_into"),
};

static const char views_sql[] =
"SELECT current_database()::name, nc.nspname::name, c.relname::name, "
"pg_catalog.pg_get_viewdef(c.oid)::varchar, 'NONE'::varchar, 'NO'::varchar, 'NO'::varchar, "
"'NO'::varchar, 'NO'::varchar, 'NO'::varchar "
"FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace "
"WHERE c.relkind = 'v'";

/* ---- columns ---- */

static const SysCol columns_cols[] = {
	SQLID("table_catalog"), SQLID("table_schema"), SQLID("table_name"), SQLID("column_name"),
	CARD("ordinal_position"), CHARS("column_default"), YESNO("is_nullable"), CHARS("data_type"),
	CARD("character_maximum_length"), CARD("character_octet_length"), CARD("numeric_precision"),
	CARD("numeric_precision_radix"), CARD("numeric_scale"), CARD("datetime_precision"),
	CHARS("interval_type"), CARD("interval_precision"), SQLID("character_set_catalog"),
	SQLID("character_set_schema"), SQLID("character_set_name"), SQLID("collation_catalog"),
	SQLID("collation_schema"), SQLID("collation_name"), SQLID("domain_catalog"),
	SQLID("domain_schema"), SQLID("domain_name"), SQLID("udt_catalog"), SQLID("udt_schema"),
	SQLID("udt_name"), SQLID("scope_catalog"), SQLID("scope_schema"), SQLID("scope_name"),
	CARD("maximum_cardinality"), SQLID("dtd_identifier"), YESNO("is_self_referencing"),
	YESNO("is_identity"), CHARS("identity_generation"), CHARS("identity_start"),
	CHARS("identity_increment"), CHARS("identity_maximum"), CHARS("identity_minimum"),
	YESNO("identity_cycle"), CHARS("is_generated"), CHARS("generation_expression"),
	YESNO("is_updatable"),
};

/*
 * The type facts of information_schema.columns, from the column's type
 * OID and typmod as PostgreSQL's _pg_char_max_length, _pg_numeric_precision
 * and friends compute them for the types Quarry has.
 */
static const char columns_sql[] =
"SELECT current_database()::name, nc.nspname::name, c.relname::name, a.attname::name, "
"a.attnum::integer, "
"CAST(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS varchar), "
"CAST(CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END AS varchar), "
"CAST(CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' "
"WHEN nt.nspname = 'pg_catalog' THEN pg_catalog.format_type(a.atttypid, NULL) "
"ELSE 'USER-DEFINED' END AS varchar), "
"CAST(CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod <> -1 THEN a.atttypmod - 4 "
"ELSE NULL END AS integer), "
"CAST(CASE WHEN a.atttypid IN (25, 1042, 1043) THEN "
"CASE WHEN a.atttypmod = -1 THEN 1073741824 ELSE (a.atttypmod - 4) * 4 END "
"ELSE NULL END AS integer), "
"CAST(CASE a.atttypid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 "
"WHEN 701 THEN 53 WHEN 1700 THEN CASE WHEN a.atttypmod = -1 THEN NULL "
"ELSE (a.atttypmod - 4) / 65536 END ELSE NULL END AS integer), "
"CAST(CASE WHEN a.atttypid IN (21, 23, 20, 700, 701) THEN 2 WHEN a.atttypid = 1700 THEN 10 "
"ELSE NULL END AS integer), "
"CAST(CASE WHEN a.atttypid IN (21, 23, 20) THEN 0 WHEN a.atttypid = 1700 THEN "
"CASE WHEN a.atttypmod = -1 THEN NULL ELSE (a.atttypmod - 4) % 65536 END "
"ELSE NULL END AS integer), "
"CAST(CASE WHEN a.atttypid = 1082 THEN 0 WHEN a.atttypid IN (1083, 1114, 1184, 1266, 1186) "
"THEN CASE WHEN a.atttypmod < 0 THEN 6 ELSE a.atttypmod END ELSE NULL END AS integer), "
"NULL::varchar, NULL::integer, " N9 N9 "NULL::name, NULL::name, NULL::name, "
"current_database()::name, nt.nspname::name, t.typname::name, "
"NULL::name, NULL::name, NULL::name, NULL::integer, a.attnum::name, 'NO'::varchar, "
"'NO'::varchar, NULL::varchar, NULL::varchar, NULL::varchar, NULL::varchar, NULL::varchar, "
"'NO'::varchar, 'NEVER'::varchar, NULL::varchar, "
"CAST(CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END AS varchar) "
"FROM pg_catalog.pg_attribute a "
"JOIN pg_catalog.pg_class c ON a.attrelid = c.oid "
"JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid "
"JOIN pg_catalog.pg_type t ON a.atttypid = t.oid "
"JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid "
"LEFT JOIN pg_catalog.pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "
"WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')";

/* ---- table_constraints ---- */

static const SysCol table_constraints_cols[] = {
	SQLID("constraint_catalog"), SQLID("constraint_schema"), SQLID("constraint_name"),
	SQLID("table_catalog"), SQLID("table_schema"), SQLID("table_name"),
	CHARS("constraint_type"), YESNO("is_deferrable"), YESNO("initially_deferred"),
	YESNO("enforced"), YESNO("nulls_distinct"),
};

static const char table_constraints_sql[] =
"SELECT current_database()::name, nc.nspname::name, c.conname::name, "
"current_database()::name, nr.nspname::name, r.relname::name, "
"CAST(CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' "
"WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END AS varchar), "
"CAST(CASE WHEN c.condeferrable THEN 'YES' ELSE 'NO' END AS varchar), "
"CAST(CASE WHEN c.condeferred THEN 'YES' ELSE 'NO' END AS varchar), "
"'YES'::varchar, CAST(CASE WHEN c.contype = 'u' THEN 'YES' ELSE NULL END AS varchar) "
"FROM pg_catalog.pg_constraint c "
"JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace "
"JOIN pg_catalog.pg_class r ON r.oid = c.conrelid "
"JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace "
"WHERE c.contype IN ('c', 'f', 'p', 'u') AND r.relkind IN ('r', 'p') "
"UNION ALL "
"SELECT current_database()::name, nr.nspname::name, "
"CAST(nr.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null' AS name), "
"current_database()::name, nr.nspname::name, r.relname::name, 'CHECK'::varchar, "
"'NO'::varchar, 'NO'::varchar, 'YES'::varchar, NULL::varchar "
"FROM pg_catalog.pg_namespace nr "
"JOIN pg_catalog.pg_class r ON nr.oid = r.relnamespace "
"JOIN pg_catalog.pg_attribute a ON r.oid = a.attrelid "
"WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p')";

/* ---- key_column_usage ---- */

static const SysCol key_column_usage_cols[] = {
	SQLID("constraint_catalog"), SQLID("constraint_schema"), SQLID("constraint_name"),
	SQLID("table_catalog"), SQLID("table_schema"), SQLID("table_name"), SQLID("column_name"),
	CARD("ordinal_position"), CARD("position_in_unique_constraint"),
};

static const char key_column_usage_sql[] =
"SELECT current_database()::name, nc.nspname::name, c.conname::name, "
"current_database()::name, nr.nspname::name, r.relname::name, a.attname::name, "
"array_position(c.conkey, a.attnum)::integer, "
"CAST(CASE WHEN c.contype = 'f' THEN array_position(c.conkey, a.attnum) ELSE NULL END AS integer) "
"FROM pg_catalog.pg_constraint c "
"JOIN pg_catalog.pg_namespace nc ON nc.oid = c.connamespace "
"JOIN pg_catalog.pg_class r ON r.oid = c.conrelid "
"JOIN pg_catalog.pg_namespace nr ON nr.oid = r.relnamespace "
"JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid "
"WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') "
"AND a.attnum = ANY (c.conkey)";

/* ---- referential_constraints ---- */

static const SysCol referential_constraints_cols[] = {
	SQLID("constraint_catalog"), SQLID("constraint_schema"), SQLID("constraint_name"),
	SQLID("unique_constraint_catalog"), SQLID("unique_constraint_schema"),
	SQLID("unique_constraint_name"), CHARS("match_option"), CHARS("update_rule"),
	CHARS("delete_rule"),
};

#define RULE(col) \
	"CAST(CASE " col " WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' " \
	"WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' END AS varchar)"

static const char referential_constraints_sql[] =
"SELECT current_database()::name, ncon.nspname::name, con.conname::name, "
"CAST(CASE WHEN npkc.nspname IS NULL THEN NULL ELSE current_database() END AS name), "
"npkc.nspname::name, pkc.conname::name, "
"CAST(CASE con.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL' "
"WHEN 's' THEN 'NONE' END AS varchar), "
RULE("con.confupdtype") ", " RULE("con.confdeltype") " "
"FROM pg_catalog.pg_namespace ncon "
"JOIN pg_catalog.pg_constraint con ON ncon.oid = con.connamespace "
"JOIN pg_catalog.pg_class c ON con.conrelid = c.oid AND con.contype = 'f' "
"LEFT JOIN pg_catalog.pg_constraint pkc ON pkc.conrelid = con.confrelid "
"AND pkc.contype IN ('p', 'u') AND pkc.conkey = con.confkey "
"LEFT JOIN pg_catalog.pg_namespace npkc ON pkc.connamespace = npkc.oid "
"WHERE c.relkind IN ('r', 'p')";

/* ---- routines and parameters ---- */

static const SysCol routines_cols[] = {
	SQLID("specific_catalog"), SQLID("specific_schema"), SQLID("specific_name"),
	SQLID("routine_catalog"), SQLID("routine_schema"), SQLID("routine_name"),
	CHARS("routine_type"), SQLID("module_catalog"), SQLID("module_schema"), SQLID("module_name"),
	SQLID("udt_catalog"), SQLID("udt_schema"), SQLID("udt_name"), CHARS("data_type"),
	CARD("character_maximum_length"), CARD("character_octet_length"),
	SQLID("character_set_catalog"), SQLID("character_set_schema"), SQLID("character_set_name"),
	SQLID("collation_catalog"), SQLID("collation_schema"), SQLID("collation_name"),
	CARD("numeric_precision"), CARD("numeric_precision_radix"), CARD("numeric_scale"),
	CARD("datetime_precision"), CHARS("interval_type"), CARD("interval_precision"),
	SQLID("type_udt_catalog"), SQLID("type_udt_schema"), SQLID("type_udt_name"),
	SQLID("scope_catalog"), SQLID("scope_schema"), SQLID("scope_name"),
	CARD("maximum_cardinality"), SQLID("dtd_identifier"), CHARS("routine_body"),
	CHARS("routine_definition"), CHARS("external_name"), CHARS("external_language"),
	CHARS("parameter_style"), YESNO("is_deterministic"), CHARS("sql_data_access"),
	YESNO("is_null_call"), CHARS("sql_path"), YESNO("schema_level_routine"),
	CARD("max_dynamic_result_sets"), YESNO("is_user_defined_cast"),
	YESNO("is_implicitly_invocable"), CHARS("security_type"), SQLID("to_sql_specific_catalog"),
	SQLID("to_sql_specific_schema"), SQLID("to_sql_specific_name"), YESNO("as_locator"),
	STAMP("created"), STAMP("last_altered"), YESNO("new_savepoint_level"),
	YESNO("is_udt_dependent"), CHARS("result_cast_from_data_type"),
	YESNO("result_cast_as_locator"), CARD("result_cast_char_max_length"),
	CARD("result_cast_char_octet_length"), SQLID("result_cast_char_set_catalog"),
	SQLID("result_cast_char_set_schema"), SQLID("result_cast_char_set_name"),
	SQLID("result_cast_collation_catalog"), SQLID("result_cast_collation_schema"),
	SQLID("result_cast_collation_name"), CARD("result_cast_numeric_precision"),
	CARD("result_cast_numeric_precision_radix"), CARD("result_cast_numeric_scale"),
	CARD("result_cast_datetime_precision"), CHARS("result_cast_interval_type"),
	CARD("result_cast_interval_precision"), SQLID("result_cast_type_udt_catalog"),
	SQLID("result_cast_type_udt_schema"), SQLID("result_cast_type_udt_name"),
	SQLID("result_cast_scope_catalog"), SQLID("result_cast_scope_schema"),
	SQLID("result_cast_scope_name"), CARD("result_cast_maximum_cardinality"),
	SQLID("result_cast_dtd_identifier"),
};

static const char routines_sql[] =
"SELECT current_database()::name, n.nspname::name, "
"CAST(p.proname || '_' || p.oid::text AS name), "
"current_database()::name, n.nspname::name, p.proname::name, "
"CAST(CASE p.prokind WHEN 'f' THEN 'FUNCTION' WHEN 'p' THEN 'PROCEDURE' END AS varchar), "
N9
"CAST(CASE WHEN p.prokind = 'p' THEN NULL ELSE current_database() END AS name), "
"CAST(CASE WHEN p.prokind = 'p' THEN NULL ELSE nt.nspname END AS name), "
"CAST(CASE WHEN p.prokind = 'p' THEN NULL ELSE t.typname END AS name), "
"CAST(CASE WHEN p.prokind = 'p' THEN NULL WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' "
"WHEN nt.nspname = 'pg_catalog' THEN pg_catalog.format_type(t.oid, NULL) "
"ELSE 'USER-DEFINED' END AS varchar), "
"NULL::integer, NULL::integer, " N9 N9 "NULL::integer, NULL::integer, NULL::integer, "
"NULL::integer, NULL::varchar, NULL::integer, " N9 N9 "NULL::integer, "
"CAST(CASE WHEN p.prokind = 'p' THEN NULL ELSE '0' END AS name), "
"CAST(CASE WHEN l.lanname = 'sql' THEN 'SQL' ELSE 'EXTERNAL' END AS varchar), "
"CAST(CASE WHEN l.lanname = 'internal' THEN NULL ELSE p.prosrc END AS varchar), "
"CAST(CASE WHEN l.lanname = 'internal' THEN p.prosrc ELSE NULL END AS varchar), "
"upper(l.lanname)::varchar, 'GENERAL'::varchar, "
"CAST(CASE WHEN p.provolatile = 'i' THEN 'YES' ELSE 'NO' END AS varchar), "
"'MODIFIES'::varchar, CAST(CASE WHEN p.proisstrict THEN 'YES' ELSE 'NO' END AS varchar), "
"NULL::varchar, 'YES'::varchar, 0::integer, 'NO'::varchar, NULL::varchar, "
"CAST(CASE WHEN p.prosecdef THEN 'DEFINER' ELSE 'INVOKER' END AS varchar), "
N9 "'NO'::varchar, NULL::timestamptz, NULL::timestamptz, NULL::varchar, 'NO'::varchar, "
"NULL::varchar, NULL::varchar, NULL::integer, NULL::integer, " N9 N9
"NULL::integer, NULL::integer, NULL::integer, NULL::integer, NULL::varchar, NULL::integer, "
N9 N9 "NULL::integer, NULL::name "
"FROM pg_catalog.pg_namespace n "
"JOIN pg_catalog.pg_proc p ON n.oid = p.pronamespace "
"JOIN pg_catalog.pg_language l ON p.prolang = l.oid "
"LEFT JOIN pg_catalog.pg_type t ON p.prorettype = t.oid "
"LEFT JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid "
"WHERE p.prokind IN ('f', 'p')";

static const SysCol parameters_cols[] = {
	SQLID("specific_catalog"), SQLID("specific_schema"), SQLID("specific_name"),
	CARD("ordinal_position"), CHARS("parameter_mode"), YESNO("is_result"),
	YESNO("as_locator"), SQLID("parameter_name"), CHARS("data_type"),
	CARD("character_maximum_length"), CARD("character_octet_length"),
	SQLID("character_set_catalog"), SQLID("character_set_schema"), SQLID("character_set_name"),
	SQLID("collation_catalog"), SQLID("collation_schema"), SQLID("collation_name"),
	CARD("numeric_precision"), CARD("numeric_precision_radix"), CARD("numeric_scale"),
	CARD("datetime_precision"), CHARS("interval_type"), CARD("interval_precision"),
	SQLID("udt_catalog"), SQLID("udt_schema"), SQLID("udt_name"), SQLID("scope_catalog"),
	SQLID("scope_schema"), SQLID("scope_name"), CARD("maximum_cardinality"),
	SQLID("dtd_identifier"), CHARS("parameter_default"),
};

/*
 * One row per declared argument of proargtypes (an oidvector, subscripts
 * from 0).  Quarry has no generate_series in FROM yet, so the positions
 * 1, 2, ... come from pg_proc's own attribute numbers: functions with more
 * arguments than pg_proc has columns lose the rest.
 */
static const char parameters_sql[] =
"SELECT current_database()::name, n.nspname::name, "
"CAST(p.proname || '_' || p.oid::text AS name), pos.k::integer, 'IN'::varchar, "
"'NO'::varchar, 'NO'::varchar, "
"CAST(NULLIF((p.proargnames)[pos.k], '') AS name), "
"CAST(CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' "
"WHEN nt.nspname = 'pg_catalog' THEN pg_catalog.format_type(t.oid, NULL) "
"ELSE 'USER-DEFINED' END AS varchar), "
"NULL::integer, NULL::integer, " N9 N9 "NULL::integer, NULL::integer, NULL::integer, "
"NULL::integer, NULL::varchar, NULL::integer, "
"current_database()::name, nt.nspname::name, t.typname::name, " N9
"NULL::integer, pos.k::name, NULL::varchar "
"FROM pg_catalog.pg_namespace n "
"JOIN pg_catalog.pg_proc p ON n.oid = p.pronamespace "
"JOIN (SELECT a.attnum AS k FROM pg_catalog.pg_attribute a "
"WHERE a.attrelid = 1255 AND a.attnum > 0) pos "
"ON pos.k <= cardinality(p.proargtypes) "
"JOIN pg_catalog.pg_type t ON t.oid = (p.proargtypes)[pos.k - 1] "
"JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid "
"WHERE p.prokind IN ('f', 'p')";

#define VIEW(name, oid, cols, sql) \
	{"information_schema", name, oid, 'v', NCOLS(cols), cols, sql}

const SysRel syscat_infoschema[] = {
	VIEW("schemata", 13400, schemata_cols, schemata_sql),
	VIEW("tables", 13401, tables_cols, tables_sql),
	VIEW("views", 13402, views_cols, views_sql),
	VIEW("columns", 13403, columns_cols, columns_sql),
	VIEW("table_constraints", 13404, table_constraints_cols, table_constraints_sql),
	VIEW("key_column_usage", 13405, key_column_usage_cols, key_column_usage_sql),
	VIEW("referential_constraints", 13406, referential_constraints_cols,
		 referential_constraints_sql),
	VIEW("routines", 13407, routines_cols, routines_sql),
	VIEW("parameters", 13408, parameters_cols, parameters_sql),
};

const int	syscat_infoschema_count = NCOLS(syscat_infoschema);
