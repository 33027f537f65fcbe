/*
 * syscat_rels.c
 *	  The pg_catalog relations: name, OID, kind and PostgreSQL 15's columns
 *	  in PostgreSQL's order.  A column of a type Quarry does not have yet
 *	  (pg_lsn, inet, ...) is text here;
 *	  its PostgreSQL type name is kept beside it.  Generated from a PostgreSQL 15
 *	  catalog (pg_attribute), then kept by hand.
 */
#include "planner/syscat.h"

static const SysCol pg_aggregate_cols[] = {
	{"aggfnoid", TYPE_REGPROC, "regproc"},
	{"aggkind", TYPE_CHAR, "\"char\""},
	{"aggnumdirectargs", TYPE_INT2, "smallint"},
	{"aggtransfn", TYPE_REGPROC, "regproc"},
	{"aggfinalfn", TYPE_REGPROC, "regproc"},
	{"aggcombinefn", TYPE_REGPROC, "regproc"},
	{"aggserialfn", TYPE_REGPROC, "regproc"},
	{"aggdeserialfn", TYPE_REGPROC, "regproc"},
	{"aggmtransfn", TYPE_REGPROC, "regproc"},
	{"aggminvtransfn", TYPE_REGPROC, "regproc"},
	{"aggmfinalfn", TYPE_REGPROC, "regproc"},
	{"aggfinalextra", TYPE_BOOL, "boolean"},
	{"aggmfinalextra", TYPE_BOOL, "boolean"},
	{"aggfinalmodify", TYPE_CHAR, "\"char\""},
	{"aggmfinalmodify", TYPE_CHAR, "\"char\""},
	{"aggsortop", TYPE_OID, "oid"},
	{"aggtranstype", TYPE_OID, "oid"},
	{"aggtransspace", TYPE_INT4, "integer"},
	{"aggmtranstype", TYPE_OID, "oid"},
	{"aggmtransspace", TYPE_INT4, "integer"},
	{"agginitval", TYPE_TEXT, "text"},
	{"aggminitval", TYPE_TEXT, "text"},
};

static const SysCol pg_am_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"amname", TYPE_NAME, "name"},
	{"amhandler", TYPE_REGPROC, "regproc"},
	{"amtype", TYPE_CHAR, "\"char\""},
};

static const SysCol pg_amop_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"amopfamily", TYPE_OID, "oid"},
	{"amoplefttype", TYPE_OID, "oid"},
	{"amoprighttype", TYPE_OID, "oid"},
	{"amopstrategy", TYPE_INT2, "smallint"},
	{"amoppurpose", TYPE_CHAR, "\"char\""},
	{"amopopr", TYPE_OID, "oid"},
	{"amopmethod", TYPE_OID, "oid"},
	{"amopsortfamily", TYPE_OID, "oid"},
};

static const SysCol pg_amproc_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"amprocfamily", TYPE_OID, "oid"},
	{"amproclefttype", TYPE_OID, "oid"},
	{"amprocrighttype", TYPE_OID, "oid"},
	{"amprocnum", TYPE_INT2, "smallint"},
	{"amproc", TYPE_REGPROC, "regproc"},
};

static const SysCol pg_attrdef_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"adrelid", TYPE_OID, "oid"},
	{"adnum", TYPE_INT2, "smallint"},
	{"adbin", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_attribute_cols[] = {
	{"attrelid", TYPE_OID, "oid"},
	{"attname", TYPE_NAME, "name"},
	{"atttypid", TYPE_OID, "oid"},
	{"attstattarget", TYPE_INT4, "integer"},
	{"attlen", TYPE_INT2, "smallint"},
	{"attnum", TYPE_INT2, "smallint"},
	{"attndims", TYPE_INT4, "integer"},
	{"attcacheoff", TYPE_INT4, "integer"},
	{"atttypmod", TYPE_INT4, "integer"},
	{"attbyval", TYPE_BOOL, "boolean"},
	{"attalign", TYPE_CHAR, "\"char\""},
	{"attstorage", TYPE_CHAR, "\"char\""},
	{"attcompression", TYPE_CHAR, "\"char\""},
	{"attnotnull", TYPE_BOOL, "boolean"},
	{"atthasdef", TYPE_BOOL, "boolean"},
	{"atthasmissing", TYPE_BOOL, "boolean"},
	{"attidentity", TYPE_CHAR, "\"char\""},
	{"attgenerated", TYPE_CHAR, "\"char\""},
	{"attisdropped", TYPE_BOOL, "boolean"},
	{"attislocal", TYPE_BOOL, "boolean"},
	{"attinhcount", TYPE_INT4, "integer"},
	{"attcollation", TYPE_OID, "oid"},
	{"attacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
	{"attoptions", TYPE_TEXT_ARRAY, "text[]"},
	{"attfdwoptions", TYPE_TEXT_ARRAY, "text[]"},
	{"attmissingval", TYPE_ANYARRAY, "anyarray"},
};

static const SysCol pg_auth_members_cols[] = {
	{"roleid", TYPE_OID, "oid"},
	{"member", TYPE_OID, "oid"},
	{"grantor", TYPE_OID, "oid"},
	{"admin_option", TYPE_BOOL, "boolean"},
};

static const SysCol pg_authid_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"rolname", TYPE_NAME, "name"},
	{"rolsuper", TYPE_BOOL, "boolean"},
	{"rolinherit", TYPE_BOOL, "boolean"},
	{"rolcreaterole", TYPE_BOOL, "boolean"},
	{"rolcreatedb", TYPE_BOOL, "boolean"},
	{"rolcanlogin", TYPE_BOOL, "boolean"},
	{"rolreplication", TYPE_BOOL, "boolean"},
	{"rolbypassrls", TYPE_BOOL, "boolean"},
	{"rolconnlimit", TYPE_INT4, "integer"},
	{"rolpassword", TYPE_TEXT, "text"},
	{"rolvaliduntil", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
};

static const SysCol pg_cast_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"castsource", TYPE_OID, "oid"},
	{"casttarget", TYPE_OID, "oid"},
	{"castfunc", TYPE_OID, "oid"},
	{"castcontext", TYPE_CHAR, "\"char\""},
	{"castmethod", TYPE_CHAR, "\"char\""},
};

static const SysCol pg_class_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"relname", TYPE_NAME, "name"},
	{"relnamespace", TYPE_OID, "oid"},
	{"reltype", TYPE_OID, "oid"},
	{"reloftype", TYPE_OID, "oid"},
	{"relowner", TYPE_OID, "oid"},
	{"relam", TYPE_OID, "oid"},
	{"relfilenode", TYPE_OID, "oid"},
	{"reltablespace", TYPE_OID, "oid"},
	{"relpages", TYPE_INT4, "integer"},
	{"reltuples", TYPE_FLOAT4, "real"},
	{"relallvisible", TYPE_INT4, "integer"},
	{"reltoastrelid", TYPE_OID, "oid"},
	{"relhasindex", TYPE_BOOL, "boolean"},
	{"relisshared", TYPE_BOOL, "boolean"},
	{"relpersistence", TYPE_CHAR, "\"char\""},
	{"relkind", TYPE_CHAR, "\"char\""},
	{"relnatts", TYPE_INT2, "smallint"},
	{"relchecks", TYPE_INT2, "smallint"},
	{"relhasrules", TYPE_BOOL, "boolean"},
	{"relhastriggers", TYPE_BOOL, "boolean"},
	{"relhassubclass", TYPE_BOOL, "boolean"},
	{"relrowsecurity", TYPE_BOOL, "boolean"},
	{"relforcerowsecurity", TYPE_BOOL, "boolean"},
	{"relispopulated", TYPE_BOOL, "boolean"},
	{"relreplident", TYPE_CHAR, "\"char\""},
	{"relispartition", TYPE_BOOL, "boolean"},
	{"relrewrite", TYPE_OID, "oid"},
	{"relfrozenxid", TYPE_XID, "xid"},
	{"relminmxid", TYPE_XID, "xid"},
	{"relacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
	{"reloptions", TYPE_TEXT_ARRAY, "text[]"},
	{"relpartbound", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_collation_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"collname", TYPE_NAME, "name"},
	{"collnamespace", TYPE_OID, "oid"},
	{"collowner", TYPE_OID, "oid"},
	{"collprovider", TYPE_CHAR, "\"char\""},
	{"collisdeterministic", TYPE_BOOL, "boolean"},
	{"collencoding", TYPE_INT4, "integer"},
	{"collcollate", TYPE_TEXT, "text"},
	{"collctype", TYPE_TEXT, "text"},
	{"colliculocale", TYPE_TEXT, "text"},
	{"collversion", TYPE_TEXT, "text"},
};

static const SysCol pg_constraint_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"conname", TYPE_NAME, "name"},
	{"connamespace", TYPE_OID, "oid"},
	{"contype", TYPE_CHAR, "\"char\""},
	{"condeferrable", TYPE_BOOL, "boolean"},
	{"condeferred", TYPE_BOOL, "boolean"},
	{"convalidated", TYPE_BOOL, "boolean"},
	{"conrelid", TYPE_OID, "oid"},
	{"contypid", TYPE_OID, "oid"},
	{"conindid", TYPE_OID, "oid"},
	{"conparentid", TYPE_OID, "oid"},
	{"confrelid", TYPE_OID, "oid"},
	{"confupdtype", TYPE_CHAR, "\"char\""},
	{"confdeltype", TYPE_CHAR, "\"char\""},
	{"confmatchtype", TYPE_CHAR, "\"char\""},
	{"conislocal", TYPE_BOOL, "boolean"},
	{"coninhcount", TYPE_INT4, "integer"},
	{"connoinherit", TYPE_BOOL, "boolean"},
	{"conkey", TYPE_INT2_ARRAY, "smallint[]"},
	{"confkey", TYPE_INT2_ARRAY, "smallint[]"},
	{"conpfeqop", TYPE_OID_ARRAY, "oid[]"},
	{"conppeqop", TYPE_OID_ARRAY, "oid[]"},
	{"conffeqop", TYPE_OID_ARRAY, "oid[]"},
	{"confdelsetcols", TYPE_INT2_ARRAY, "smallint[]"},
	{"conexclop", TYPE_OID_ARRAY, "oid[]"},
	{"conbin", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_conversion_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"conname", TYPE_NAME, "name"},
	{"connamespace", TYPE_OID, "oid"},
	{"conowner", TYPE_OID, "oid"},
	{"conforencoding", TYPE_INT4, "integer"},
	{"contoencoding", TYPE_INT4, "integer"},
	{"conproc", TYPE_REGPROC, "regproc"},
	{"condefault", TYPE_BOOL, "boolean"},
};

static const SysCol pg_database_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"datname", TYPE_NAME, "name"},
	{"datdba", TYPE_OID, "oid"},
	{"encoding", TYPE_INT4, "integer"},
	{"datlocprovider", TYPE_CHAR, "\"char\""},
	{"datistemplate", TYPE_BOOL, "boolean"},
	{"datallowconn", TYPE_BOOL, "boolean"},
	{"datconnlimit", TYPE_INT4, "integer"},
	{"datfrozenxid", TYPE_XID, "xid"},
	{"datminmxid", TYPE_XID, "xid"},
	{"dattablespace", TYPE_OID, "oid"},
	{"datcollate", TYPE_TEXT, "text"},
	{"datctype", TYPE_TEXT, "text"},
	{"daticulocale", TYPE_TEXT, "text"},
	{"datcollversion", TYPE_TEXT, "text"},
	{"datacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_db_role_setting_cols[] = {
	{"setdatabase", TYPE_OID, "oid"},
	{"setrole", TYPE_OID, "oid"},
	{"setconfig", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_default_acl_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"defaclrole", TYPE_OID, "oid"},
	{"defaclnamespace", TYPE_OID, "oid"},
	{"defaclobjtype", TYPE_CHAR, "\"char\""},
	{"defaclacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_depend_cols[] = {
	{"classid", TYPE_OID, "oid"},
	{"objid", TYPE_OID, "oid"},
	{"objsubid", TYPE_INT4, "integer"},
	{"refclassid", TYPE_OID, "oid"},
	{"refobjid", TYPE_OID, "oid"},
	{"refobjsubid", TYPE_INT4, "integer"},
	{"deptype", TYPE_CHAR, "\"char\""},
};

static const SysCol pg_description_cols[] = {
	{"objoid", TYPE_OID, "oid"},
	{"classoid", TYPE_OID, "oid"},
	{"objsubid", TYPE_INT4, "integer"},
	{"description", TYPE_TEXT, "text"},
};

static const SysCol pg_enum_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"enumtypid", TYPE_OID, "oid"},
	{"enumsortorder", TYPE_FLOAT4, "real"},
	{"enumlabel", TYPE_NAME, "name"},
};

static const SysCol pg_event_trigger_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"evtname", TYPE_NAME, "name"},
	{"evtevent", TYPE_NAME, "name"},
	{"evtowner", TYPE_OID, "oid"},
	{"evtfoid", TYPE_OID, "oid"},
	{"evtenabled", TYPE_CHAR, "\"char\""},
	{"evttags", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_extension_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"extname", TYPE_NAME, "name"},
	{"extowner", TYPE_OID, "oid"},
	{"extnamespace", TYPE_OID, "oid"},
	{"extrelocatable", TYPE_BOOL, "boolean"},
	{"extversion", TYPE_TEXT, "text"},
	{"extconfig", TYPE_OID_ARRAY, "oid[]"},
	{"extcondition", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_foreign_data_wrapper_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"fdwname", TYPE_NAME, "name"},
	{"fdwowner", TYPE_OID, "oid"},
	{"fdwhandler", TYPE_OID, "oid"},
	{"fdwvalidator", TYPE_OID, "oid"},
	{"fdwacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
	{"fdwoptions", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_foreign_server_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"srvname", TYPE_NAME, "name"},
	{"srvowner", TYPE_OID, "oid"},
	{"srvfdw", TYPE_OID, "oid"},
	{"srvtype", TYPE_TEXT, "text"},
	{"srvversion", TYPE_TEXT, "text"},
	{"srvacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
	{"srvoptions", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_foreign_table_cols[] = {
	{"ftrelid", TYPE_OID, "oid"},
	{"ftserver", TYPE_OID, "oid"},
	{"ftoptions", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_index_cols[] = {
	{"indexrelid", TYPE_OID, "oid"},
	{"indrelid", TYPE_OID, "oid"},
	{"indnatts", TYPE_INT2, "smallint"},
	{"indnkeyatts", TYPE_INT2, "smallint"},
	{"indisunique", TYPE_BOOL, "boolean"},
	{"indnullsnotdistinct", TYPE_BOOL, "boolean"},
	{"indisprimary", TYPE_BOOL, "boolean"},
	{"indisexclusion", TYPE_BOOL, "boolean"},
	{"indimmediate", TYPE_BOOL, "boolean"},
	{"indisclustered", TYPE_BOOL, "boolean"},
	{"indisvalid", TYPE_BOOL, "boolean"},
	{"indcheckxmin", TYPE_BOOL, "boolean"},
	{"indisready", TYPE_BOOL, "boolean"},
	{"indislive", TYPE_BOOL, "boolean"},
	{"indisreplident", TYPE_BOOL, "boolean"},
	{"indkey", TYPE_INT2VECTOR, "int2vector"},
	{"indcollation", TYPE_OIDVECTOR, "oidvector"},
	{"indclass", TYPE_OIDVECTOR, "oidvector"},
	{"indoption", TYPE_INT2VECTOR, "int2vector"},
	{"indexprs", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"indpred", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_indexes_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"tablename", TYPE_NAME, "name"},
	{"indexname", TYPE_NAME, "name"},
	{"tablespace", TYPE_NAME, "name"},
	{"indexdef", TYPE_TEXT, "text"},
};

static const SysCol pg_inherits_cols[] = {
	{"inhrelid", TYPE_OID, "oid"},
	{"inhparent", TYPE_OID, "oid"},
	{"inhseqno", TYPE_INT4, "integer"},
	{"inhdetachpending", TYPE_BOOL, "boolean"},
};

static const SysCol pg_init_privs_cols[] = {
	{"objoid", TYPE_OID, "oid"},
	{"classoid", TYPE_OID, "oid"},
	{"objsubid", TYPE_INT4, "integer"},
	{"privtype", TYPE_CHAR, "\"char\""},
	{"initprivs", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_language_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"lanname", TYPE_NAME, "name"},
	{"lanowner", TYPE_OID, "oid"},
	{"lanispl", TYPE_BOOL, "boolean"},
	{"lanpltrusted", TYPE_BOOL, "boolean"},
	{"lanplcallfoid", TYPE_OID, "oid"},
	{"laninline", TYPE_OID, "oid"},
	{"lanvalidator", TYPE_OID, "oid"},
	{"lanacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_largeobject_metadata_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"lomowner", TYPE_OID, "oid"},
	{"lomacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_locks_cols[] = {
	{"locktype", TYPE_TEXT, "text"},
	{"database", TYPE_OID, "oid"},
	{"relation", TYPE_OID, "oid"},
	{"page", TYPE_INT4, "integer"},
	{"tuple", TYPE_INT2, "smallint"},
	{"virtualxid", TYPE_TEXT, "text"},
	{"transactionid", TYPE_XID, "xid"},
	{"classid", TYPE_OID, "oid"},
	{"objid", TYPE_OID, "oid"},
	{"objsubid", TYPE_INT2, "smallint"},
	{"virtualtransaction", TYPE_TEXT, "text"},
	{"pid", TYPE_INT4, "integer"},
	{"mode", TYPE_TEXT, "text"},
	{"granted", TYPE_BOOL, "boolean"},
	{"fastpath", TYPE_BOOL, "boolean"},
	{"waitstart", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
};

static const SysCol pg_matviews_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"matviewname", TYPE_NAME, "name"},
	{"matviewowner", TYPE_NAME, "name"},
	{"tablespace", TYPE_NAME, "name"},
	{"hasindexes", TYPE_BOOL, "boolean"},
	{"ispopulated", TYPE_BOOL, "boolean"},
	{"definition", TYPE_TEXT, "text"},
};

static const SysCol pg_namespace_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"nspname", TYPE_NAME, "name"},
	{"nspowner", TYPE_OID, "oid"},
	{"nspacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_opclass_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"opcmethod", TYPE_OID, "oid"},
	{"opcname", TYPE_NAME, "name"},
	{"opcnamespace", TYPE_OID, "oid"},
	{"opcowner", TYPE_OID, "oid"},
	{"opcfamily", TYPE_OID, "oid"},
	{"opcintype", TYPE_OID, "oid"},
	{"opcdefault", TYPE_BOOL, "boolean"},
	{"opckeytype", TYPE_OID, "oid"},
};

static const SysCol pg_operator_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"oprname", TYPE_NAME, "name"},
	{"oprnamespace", TYPE_OID, "oid"},
	{"oprowner", TYPE_OID, "oid"},
	{"oprkind", TYPE_CHAR, "\"char\""},
	{"oprcanmerge", TYPE_BOOL, "boolean"},
	{"oprcanhash", TYPE_BOOL, "boolean"},
	{"oprleft", TYPE_OID, "oid"},
	{"oprright", TYPE_OID, "oid"},
	{"oprresult", TYPE_OID, "oid"},
	{"oprcom", TYPE_OID, "oid"},
	{"oprnegate", TYPE_OID, "oid"},
	{"oprcode", TYPE_REGPROC, "regproc"},
	{"oprrest", TYPE_REGPROC, "regproc"},
	{"oprjoin", TYPE_REGPROC, "regproc"},
};

static const SysCol pg_opfamily_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"opfmethod", TYPE_OID, "oid"},
	{"opfname", TYPE_NAME, "name"},
	{"opfnamespace", TYPE_OID, "oid"},
	{"opfowner", TYPE_OID, "oid"},
};

static const SysCol pg_partitioned_table_cols[] = {
	{"partrelid", TYPE_OID, "oid"},
	{"partstrat", TYPE_CHAR, "\"char\""},
	{"partnatts", TYPE_INT2, "smallint"},
	{"partdefid", TYPE_OID, "oid"},
	{"partattrs", TYPE_INT2VECTOR, "int2vector"},
	{"partclass", TYPE_OIDVECTOR, "oidvector"},
	{"partcollation", TYPE_OIDVECTOR, "oidvector"},
	{"partexprs", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_policies_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"tablename", TYPE_NAME, "name"},
	{"policyname", TYPE_NAME, "name"},
	{"permissive", TYPE_TEXT, "text"},
	{"roles", TYPE_NAME_ARRAY, "name[]"},
	{"cmd", TYPE_TEXT, "text"},
	{"qual", TYPE_TEXT, "text"},
	{"with_check", TYPE_TEXT, "text"},
};

static const SysCol pg_policy_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"polname", TYPE_NAME, "name"},
	{"polrelid", TYPE_OID, "oid"},
	{"polcmd", TYPE_CHAR, "\"char\""},
	{"polpermissive", TYPE_BOOL, "boolean"},
	{"polroles", TYPE_OID_ARRAY, "oid[]"},
	{"polqual", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"polwithcheck", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_prepared_xacts_cols[] = {
	{"transaction", TYPE_XID, "xid"},
	{"gid", TYPE_TEXT, "text"},
	{"prepared", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"owner", TYPE_NAME, "name"},
	{"database", TYPE_NAME, "name"},
};

static const SysCol pg_proc_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"proname", TYPE_NAME, "name"},
	{"pronamespace", TYPE_OID, "oid"},
	{"proowner", TYPE_OID, "oid"},
	{"prolang", TYPE_OID, "oid"},
	{"procost", TYPE_FLOAT4, "real"},
	{"prorows", TYPE_FLOAT4, "real"},
	{"provariadic", TYPE_OID, "oid"},
	{"prosupport", TYPE_REGPROC, "regproc"},
	{"prokind", TYPE_CHAR, "\"char\""},
	{"prosecdef", TYPE_BOOL, "boolean"},
	{"proleakproof", TYPE_BOOL, "boolean"},
	{"proisstrict", TYPE_BOOL, "boolean"},
	{"proretset", TYPE_BOOL, "boolean"},
	{"provolatile", TYPE_CHAR, "\"char\""},
	{"proparallel", TYPE_CHAR, "\"char\""},
	{"pronargs", TYPE_INT2, "smallint"},
	{"pronargdefaults", TYPE_INT2, "smallint"},
	{"prorettype", TYPE_OID, "oid"},
	{"proargtypes", TYPE_OIDVECTOR, "oidvector"},
	{"proallargtypes", TYPE_OID_ARRAY, "oid[]"},
	{"proargmodes", TYPE_CHAR_ARRAY, "\"char\"[]"},
	{"proargnames", TYPE_TEXT_ARRAY, "text[]"},
	{"proargdefaults", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"protrftypes", TYPE_OID_ARRAY, "oid[]"},
	{"prosrc", TYPE_TEXT, "text"},
	{"probin", TYPE_TEXT, "text"},
	{"prosqlbody", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"proconfig", TYPE_TEXT_ARRAY, "text[]"},
	{"proacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_publication_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"pubname", TYPE_NAME, "name"},
	{"pubowner", TYPE_OID, "oid"},
	{"puballtables", TYPE_BOOL, "boolean"},
	{"pubinsert", TYPE_BOOL, "boolean"},
	{"pubupdate", TYPE_BOOL, "boolean"},
	{"pubdelete", TYPE_BOOL, "boolean"},
	{"pubtruncate", TYPE_BOOL, "boolean"},
	{"pubviaroot", TYPE_BOOL, "boolean"},
};

static const SysCol pg_publication_namespace_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"pnpubid", TYPE_OID, "oid"},
	{"pnnspid", TYPE_OID, "oid"},
};

static const SysCol pg_publication_rel_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"prpubid", TYPE_OID, "oid"},
	{"prrelid", TYPE_OID, "oid"},
	{"prqual", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"prattrs", TYPE_INT2VECTOR, "int2vector"},
};

static const SysCol pg_publication_tables_cols[] = {
	{"pubname", TYPE_NAME, "name"},
	{"schemaname", TYPE_NAME, "name"},
	{"tablename", TYPE_NAME, "name"},
	{"attnames", TYPE_NAME_ARRAY, "name[]"},
	{"rowfilter", TYPE_TEXT, "text"},
};

static const SysCol pg_range_cols[] = {
	{"rngtypid", TYPE_OID, "oid"},
	{"rngsubtype", TYPE_OID, "oid"},
	{"rngmultitypid", TYPE_OID, "oid"},
	{"rngcollation", TYPE_OID, "oid"},
	{"rngsubopc", TYPE_OID, "oid"},
	{"rngcanonical", TYPE_REGPROC, "regproc"},
	{"rngsubdiff", TYPE_REGPROC, "regproc"},
};

static const SysCol pg_replication_slots_cols[] = {
	{"slot_name", TYPE_NAME, "name"},
	{"plugin", TYPE_NAME, "name"},
	{"slot_type", TYPE_TEXT, "text"},
	{"datoid", TYPE_OID, "oid"},
	{"database", TYPE_NAME, "name"},
	{"temporary", TYPE_BOOL, "boolean"},
	{"active", TYPE_BOOL, "boolean"},
	{"active_pid", TYPE_INT4, "integer"},
	{"xmin", TYPE_XID, "xid"},
	{"catalog_xmin", TYPE_XID, "xid"},
	{"restart_lsn", TYPE_TEXT, "pg_lsn"},
	{"confirmed_flush_lsn", TYPE_TEXT, "pg_lsn"},
	{"wal_status", TYPE_TEXT, "text"},
	{"safe_wal_size", TYPE_INT8, "bigint"},
	{"two_phase", TYPE_BOOL, "boolean"},
};

static const SysCol pg_rewrite_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"rulename", TYPE_NAME, "name"},
	{"ev_class", TYPE_OID, "oid"},
	{"ev_type", TYPE_CHAR, "\"char\""},
	{"ev_enabled", TYPE_CHAR, "\"char\""},
	{"is_instead", TYPE_BOOL, "boolean"},
	{"ev_qual", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"ev_action", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_roles_cols[] = {
	{"rolname", TYPE_NAME, "name"},
	{"rolsuper", TYPE_BOOL, "boolean"},
	{"rolinherit", TYPE_BOOL, "boolean"},
	{"rolcreaterole", TYPE_BOOL, "boolean"},
	{"rolcreatedb", TYPE_BOOL, "boolean"},
	{"rolcanlogin", TYPE_BOOL, "boolean"},
	{"rolreplication", TYPE_BOOL, "boolean"},
	{"rolconnlimit", TYPE_INT4, "integer"},
	{"rolpassword", TYPE_TEXT, "text"},
	{"rolvaliduntil", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"rolbypassrls", TYPE_BOOL, "boolean"},
	{"rolconfig", TYPE_TEXT_ARRAY, "text[]"},
	{"oid", TYPE_OID, "oid"},
};

static const SysCol pg_rules_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"tablename", TYPE_NAME, "name"},
	{"rulename", TYPE_NAME, "name"},
	{"definition", TYPE_TEXT, "text"},
};

static const SysCol pg_seclabel_cols[] = {
	{"objoid", TYPE_OID, "oid"},
	{"classoid", TYPE_OID, "oid"},
	{"objsubid", TYPE_INT4, "integer"},
	{"provider", TYPE_TEXT, "text"},
	{"label", TYPE_TEXT, "text"},
};

static const SysCol pg_sequence_cols[] = {
	{"seqrelid", TYPE_OID, "oid"},
	{"seqtypid", TYPE_OID, "oid"},
	{"seqstart", TYPE_INT8, "bigint"},
	{"seqincrement", TYPE_INT8, "bigint"},
	{"seqmax", TYPE_INT8, "bigint"},
	{"seqmin", TYPE_INT8, "bigint"},
	{"seqcache", TYPE_INT8, "bigint"},
	{"seqcycle", TYPE_BOOL, "boolean"},
};

static const SysCol pg_sequences_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"sequencename", TYPE_NAME, "name"},
	{"sequenceowner", TYPE_NAME, "name"},
	{"data_type", TYPE_REGTYPE, "regtype"},
	{"start_value", TYPE_INT8, "bigint"},
	{"min_value", TYPE_INT8, "bigint"},
	{"max_value", TYPE_INT8, "bigint"},
	{"increment_by", TYPE_INT8, "bigint"},
	{"cycle", TYPE_BOOL, "boolean"},
	{"cache_size", TYPE_INT8, "bigint"},
	{"last_value", TYPE_INT8, "bigint"},
};

static const SysCol pg_settings_cols[] = {
	{"name", TYPE_TEXT, "text"},
	{"setting", TYPE_TEXT, "text"},
	{"unit", TYPE_TEXT, "text"},
	{"category", TYPE_TEXT, "text"},
	{"short_desc", TYPE_TEXT, "text"},
	{"extra_desc", TYPE_TEXT, "text"},
	{"context", TYPE_TEXT, "text"},
	{"vartype", TYPE_TEXT, "text"},
	{"source", TYPE_TEXT, "text"},
	{"min_val", TYPE_TEXT, "text"},
	{"max_val", TYPE_TEXT, "text"},
	{"enumvals", TYPE_TEXT_ARRAY, "text[]"},
	{"boot_val", TYPE_TEXT, "text"},
	{"reset_val", TYPE_TEXT, "text"},
	{"sourcefile", TYPE_TEXT, "text"},
	{"sourceline", TYPE_INT4, "integer"},
	{"pending_restart", TYPE_BOOL, "boolean"},
};

static const SysCol pg_shdepend_cols[] = {
	{"dbid", TYPE_OID, "oid"},
	{"classid", TYPE_OID, "oid"},
	{"objid", TYPE_OID, "oid"},
	{"objsubid", TYPE_INT4, "integer"},
	{"refclassid", TYPE_OID, "oid"},
	{"refobjid", TYPE_OID, "oid"},
	{"deptype", TYPE_CHAR, "\"char\""},
};

static const SysCol pg_shdescription_cols[] = {
	{"objoid", TYPE_OID, "oid"},
	{"classoid", TYPE_OID, "oid"},
	{"description", TYPE_TEXT, "text"},
};

static const SysCol pg_shseclabel_cols[] = {
	{"objoid", TYPE_OID, "oid"},
	{"classoid", TYPE_OID, "oid"},
	{"provider", TYPE_TEXT, "text"},
	{"label", TYPE_TEXT, "text"},
};

static const SysCol pg_stat_activity_cols[] = {
	{"datid", TYPE_OID, "oid"},
	{"datname", TYPE_NAME, "name"},
	{"pid", TYPE_INT4, "integer"},
	{"leader_pid", TYPE_INT4, "integer"},
	{"usesysid", TYPE_OID, "oid"},
	{"usename", TYPE_NAME, "name"},
	{"application_name", TYPE_TEXT, "text"},
	{"client_addr", TYPE_TEXT, "inet"},
	{"client_hostname", TYPE_TEXT, "text"},
	{"client_port", TYPE_INT4, "integer"},
	{"backend_start", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"xact_start", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"query_start", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"state_change", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"wait_event_type", TYPE_TEXT, "text"},
	{"wait_event", TYPE_TEXT, "text"},
	{"state", TYPE_TEXT, "text"},
	{"backend_xid", TYPE_XID, "xid"},
	{"backend_xmin", TYPE_XID, "xid"},
	{"query_id", TYPE_INT8, "bigint"},
	{"query", TYPE_TEXT, "text"},
	{"backend_type", TYPE_TEXT, "text"},
};

static const SysCol pg_stat_all_tables_cols[] = {
	{"relid", TYPE_OID, "oid"},
	{"schemaname", TYPE_NAME, "name"},
	{"relname", TYPE_NAME, "name"},
	{"seq_scan", TYPE_INT8, "bigint"},
	{"seq_tup_read", TYPE_INT8, "bigint"},
	{"idx_scan", TYPE_INT8, "bigint"},
	{"idx_tup_fetch", TYPE_INT8, "bigint"},
	{"n_tup_ins", TYPE_INT8, "bigint"},
	{"n_tup_upd", TYPE_INT8, "bigint"},
	{"n_tup_del", TYPE_INT8, "bigint"},
	{"n_tup_hot_upd", TYPE_INT8, "bigint"},
	{"n_live_tup", TYPE_INT8, "bigint"},
	{"n_dead_tup", TYPE_INT8, "bigint"},
	{"n_mod_since_analyze", TYPE_INT8, "bigint"},
	{"n_ins_since_vacuum", TYPE_INT8, "bigint"},
	{"last_vacuum", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"last_autovacuum", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"last_analyze", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"last_autoanalyze", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"vacuum_count", TYPE_INT8, "bigint"},
	{"autovacuum_count", TYPE_INT8, "bigint"},
	{"analyze_count", TYPE_INT8, "bigint"},
	{"autoanalyze_count", TYPE_INT8, "bigint"},
};

static const SysCol pg_stat_database_cols[] = {
	{"datid", TYPE_OID, "oid"},
	{"datname", TYPE_NAME, "name"},
	{"numbackends", TYPE_INT4, "integer"},
	{"xact_commit", TYPE_INT8, "bigint"},
	{"xact_rollback", TYPE_INT8, "bigint"},
	{"blks_read", TYPE_INT8, "bigint"},
	{"blks_hit", TYPE_INT8, "bigint"},
	{"tup_returned", TYPE_INT8, "bigint"},
	{"tup_fetched", TYPE_INT8, "bigint"},
	{"tup_inserted", TYPE_INT8, "bigint"},
	{"tup_updated", TYPE_INT8, "bigint"},
	{"tup_deleted", TYPE_INT8, "bigint"},
	{"conflicts", TYPE_INT8, "bigint"},
	{"temp_files", TYPE_INT8, "bigint"},
	{"temp_bytes", TYPE_INT8, "bigint"},
	{"deadlocks", TYPE_INT8, "bigint"},
	{"checksum_failures", TYPE_INT8, "bigint"},
	{"checksum_last_failure", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"blk_read_time", TYPE_FLOAT8, "double precision"},
	{"blk_write_time", TYPE_FLOAT8, "double precision"},
	{"session_time", TYPE_FLOAT8, "double precision"},
	{"active_time", TYPE_FLOAT8, "double precision"},
	{"idle_in_transaction_time", TYPE_FLOAT8, "double precision"},
	{"sessions", TYPE_INT8, "bigint"},
	{"sessions_abandoned", TYPE_INT8, "bigint"},
	{"sessions_fatal", TYPE_INT8, "bigint"},
	{"sessions_killed", TYPE_INT8, "bigint"},
	{"stats_reset", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
};

static const SysCol pg_stat_gssapi_cols[] = {
	{"pid", TYPE_INT4, "integer"},
	{"gss_authenticated", TYPE_BOOL, "boolean"},
	{"principal", TYPE_TEXT, "text"},
	{"encrypted", TYPE_BOOL, "boolean"},
};

static const SysCol pg_stat_replication_cols[] = {
	{"pid", TYPE_INT4, "integer"},
	{"usesysid", TYPE_OID, "oid"},
	{"usename", TYPE_NAME, "name"},
	{"application_name", TYPE_TEXT, "text"},
	{"client_addr", TYPE_TEXT, "inet"},
	{"client_hostname", TYPE_TEXT, "text"},
	{"client_port", TYPE_INT4, "integer"},
	{"backend_start", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"backend_xmin", TYPE_XID, "xid"},
	{"state", TYPE_TEXT, "text"},
	{"sent_lsn", TYPE_TEXT, "pg_lsn"},
	{"write_lsn", TYPE_TEXT, "pg_lsn"},
	{"flush_lsn", TYPE_TEXT, "pg_lsn"},
	{"replay_lsn", TYPE_TEXT, "pg_lsn"},
	{"write_lag", TYPE_INTERVAL, "interval"},
	{"flush_lag", TYPE_INTERVAL, "interval"},
	{"replay_lag", TYPE_INTERVAL, "interval"},
	{"sync_priority", TYPE_INT4, "integer"},
	{"sync_state", TYPE_TEXT, "text"},
	{"reply_time", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
};

static const SysCol pg_stat_ssl_cols[] = {
	{"pid", TYPE_INT4, "integer"},
	{"ssl", TYPE_BOOL, "boolean"},
	{"version", TYPE_TEXT, "text"},
	{"cipher", TYPE_TEXT, "text"},
	{"bits", TYPE_INT4, "integer"},
	{"client_dn", TYPE_TEXT, "text"},
	{"client_serial", TYPE_TEXT, "numeric"},
	{"issuer_dn", TYPE_TEXT, "text"},
};

static const SysCol pg_stat_user_indexes_cols[] = {
	{"relid", TYPE_OID, "oid"},
	{"indexrelid", TYPE_OID, "oid"},
	{"schemaname", TYPE_NAME, "name"},
	{"relname", TYPE_NAME, "name"},
	{"indexrelname", TYPE_NAME, "name"},
	{"idx_scan", TYPE_INT8, "bigint"},
	{"idx_tup_read", TYPE_INT8, "bigint"},
	{"idx_tup_fetch", TYPE_INT8, "bigint"},
};

static const SysCol pg_stat_user_tables_cols[] = {
	{"relid", TYPE_OID, "oid"},
	{"schemaname", TYPE_NAME, "name"},
	{"relname", TYPE_NAME, "name"},
	{"seq_scan", TYPE_INT8, "bigint"},
	{"seq_tup_read", TYPE_INT8, "bigint"},
	{"idx_scan", TYPE_INT8, "bigint"},
	{"idx_tup_fetch", TYPE_INT8, "bigint"},
	{"n_tup_ins", TYPE_INT8, "bigint"},
	{"n_tup_upd", TYPE_INT8, "bigint"},
	{"n_tup_del", TYPE_INT8, "bigint"},
	{"n_tup_hot_upd", TYPE_INT8, "bigint"},
	{"n_live_tup", TYPE_INT8, "bigint"},
	{"n_dead_tup", TYPE_INT8, "bigint"},
	{"n_mod_since_analyze", TYPE_INT8, "bigint"},
	{"n_ins_since_vacuum", TYPE_INT8, "bigint"},
	{"last_vacuum", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"last_autovacuum", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"last_analyze", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"last_autoanalyze", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"vacuum_count", TYPE_INT8, "bigint"},
	{"autovacuum_count", TYPE_INT8, "bigint"},
	{"analyze_count", TYPE_INT8, "bigint"},
	{"autoanalyze_count", TYPE_INT8, "bigint"},
};

static const SysCol pg_statio_all_tables_cols[] = {
	{"relid", TYPE_OID, "oid"},
	{"schemaname", TYPE_NAME, "name"},
	{"relname", TYPE_NAME, "name"},
	{"heap_blks_read", TYPE_INT8, "bigint"},
	{"heap_blks_hit", TYPE_INT8, "bigint"},
	{"idx_blks_read", TYPE_INT8, "bigint"},
	{"idx_blks_hit", TYPE_INT8, "bigint"},
	{"toast_blks_read", TYPE_INT8, "bigint"},
	{"toast_blks_hit", TYPE_INT8, "bigint"},
	{"tidx_blks_read", TYPE_INT8, "bigint"},
	{"tidx_blks_hit", TYPE_INT8, "bigint"},
};

static const SysCol pg_statio_user_tables_cols[] = {
	{"relid", TYPE_OID, "oid"},
	{"schemaname", TYPE_NAME, "name"},
	{"relname", TYPE_NAME, "name"},
	{"heap_blks_read", TYPE_INT8, "bigint"},
	{"heap_blks_hit", TYPE_INT8, "bigint"},
	{"idx_blks_read", TYPE_INT8, "bigint"},
	{"idx_blks_hit", TYPE_INT8, "bigint"},
	{"toast_blks_read", TYPE_INT8, "bigint"},
	{"toast_blks_hit", TYPE_INT8, "bigint"},
	{"tidx_blks_read", TYPE_INT8, "bigint"},
	{"tidx_blks_hit", TYPE_INT8, "bigint"},
};

static const SysCol pg_statistic_ext_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"stxrelid", TYPE_OID, "oid"},
	{"stxname", TYPE_NAME, "name"},
	{"stxnamespace", TYPE_OID, "oid"},
	{"stxowner", TYPE_OID, "oid"},
	{"stxstattarget", TYPE_INT4, "integer"},
	{"stxkeys", TYPE_INT2VECTOR, "int2vector"},
	{"stxkind", TYPE_CHAR_ARRAY, "\"char\"[]"},
	{"stxexprs", TYPE_PG_NODE_TREE, "pg_node_tree"},
};

static const SysCol pg_statistic_ext_data_cols[] = {
	{"stxoid", TYPE_OID, "oid"},
	{"stxdinherit", TYPE_BOOL, "boolean"},
	{"stxdndistinct", TYPE_TEXT, "pg_ndistinct"},
	{"stxddependencies", TYPE_TEXT, "pg_dependencies"},
	{"stxdmcv", TYPE_TEXT, "pg_mcv_list"},
	{"stxdexpr", TYPE_TEXT, "pg_statistic[]"},
};

static const SysCol pg_subscription_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"subdbid", TYPE_OID, "oid"},
	{"subskiplsn", TYPE_TEXT, "pg_lsn"},
	{"subname", TYPE_NAME, "name"},
	{"subowner", TYPE_OID, "oid"},
	{"subenabled", TYPE_BOOL, "boolean"},
	{"subbinary", TYPE_BOOL, "boolean"},
	{"substream", TYPE_BOOL, "boolean"},
	{"subtwophasestate", TYPE_CHAR, "\"char\""},
	{"subdisableonerr", TYPE_BOOL, "boolean"},
	{"subconninfo", TYPE_TEXT, "text"},
	{"subslotname", TYPE_NAME, "name"},
	{"subsynccommit", TYPE_TEXT, "text"},
	{"subpublications", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_tables_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"tablename", TYPE_NAME, "name"},
	{"tableowner", TYPE_NAME, "name"},
	{"tablespace", TYPE_NAME, "name"},
	{"hasindexes", TYPE_BOOL, "boolean"},
	{"hasrules", TYPE_BOOL, "boolean"},
	{"hastriggers", TYPE_BOOL, "boolean"},
	{"rowsecurity", TYPE_BOOL, "boolean"},
};

static const SysCol pg_tablespace_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"spcname", TYPE_NAME, "name"},
	{"spcowner", TYPE_OID, "oid"},
	{"spcacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
	{"spcoptions", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_timezone_names_cols[] = {
	{"name", TYPE_TEXT, "text"},
	{"abbrev", TYPE_TEXT, "text"},
	{"utc_offset", TYPE_INTERVAL, "interval"},
	{"is_dst", TYPE_BOOL, "boolean"},
};

static const SysCol pg_transform_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"trftype", TYPE_OID, "oid"},
	{"trflang", TYPE_OID, "oid"},
	{"trffromsql", TYPE_REGPROC, "regproc"},
	{"trftosql", TYPE_REGPROC, "regproc"},
};

static const SysCol pg_trigger_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"tgrelid", TYPE_OID, "oid"},
	{"tgparentid", TYPE_OID, "oid"},
	{"tgname", TYPE_NAME, "name"},
	{"tgfoid", TYPE_OID, "oid"},
	{"tgtype", TYPE_INT2, "smallint"},
	{"tgenabled", TYPE_CHAR, "\"char\""},
	{"tgisinternal", TYPE_BOOL, "boolean"},
	{"tgconstrrelid", TYPE_OID, "oid"},
	{"tgconstrindid", TYPE_OID, "oid"},
	{"tgconstraint", TYPE_OID, "oid"},
	{"tgdeferrable", TYPE_BOOL, "boolean"},
	{"tginitdeferred", TYPE_BOOL, "boolean"},
	{"tgnargs", TYPE_INT2, "smallint"},
	{"tgattr", TYPE_INT2VECTOR, "int2vector"},
	{"tgargs", TYPE_BYTEA, "bytea"},
	{"tgqual", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"tgoldtable", TYPE_NAME, "name"},
	{"tgnewtable", TYPE_NAME, "name"},
};

static const SysCol pg_ts_config_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"cfgname", TYPE_NAME, "name"},
	{"cfgnamespace", TYPE_OID, "oid"},
	{"cfgowner", TYPE_OID, "oid"},
	{"cfgparser", TYPE_OID, "oid"},
};

static const SysCol pg_ts_dict_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"dictname", TYPE_NAME, "name"},
	{"dictnamespace", TYPE_OID, "oid"},
	{"dictowner", TYPE_OID, "oid"},
	{"dicttemplate", TYPE_OID, "oid"},
	{"dictinitoption", TYPE_TEXT, "text"},
};

static const SysCol pg_ts_parser_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"prsname", TYPE_NAME, "name"},
	{"prsnamespace", TYPE_OID, "oid"},
	{"prsstart", TYPE_REGPROC, "regproc"},
	{"prstoken", TYPE_REGPROC, "regproc"},
	{"prsend", TYPE_REGPROC, "regproc"},
	{"prsheadline", TYPE_REGPROC, "regproc"},
	{"prslextype", TYPE_REGPROC, "regproc"},
};

static const SysCol pg_ts_template_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"tmplname", TYPE_NAME, "name"},
	{"tmplnamespace", TYPE_OID, "oid"},
	{"tmplinit", TYPE_REGPROC, "regproc"},
	{"tmpllexize", TYPE_REGPROC, "regproc"},
};

static const SysCol pg_type_cols[] = {
	{"oid", TYPE_OID, "oid"},
	{"typname", TYPE_NAME, "name"},
	{"typnamespace", TYPE_OID, "oid"},
	{"typowner", TYPE_OID, "oid"},
	{"typlen", TYPE_INT2, "smallint"},
	{"typbyval", TYPE_BOOL, "boolean"},
	{"typtype", TYPE_CHAR, "\"char\""},
	{"typcategory", TYPE_CHAR, "\"char\""},
	{"typispreferred", TYPE_BOOL, "boolean"},
	{"typisdefined", TYPE_BOOL, "boolean"},
	{"typdelim", TYPE_CHAR, "\"char\""},
	{"typrelid", TYPE_OID, "oid"},
	{"typsubscript", TYPE_REGPROC, "regproc"},
	{"typelem", TYPE_OID, "oid"},
	{"typarray", TYPE_OID, "oid"},
	{"typinput", TYPE_REGPROC, "regproc"},
	{"typoutput", TYPE_REGPROC, "regproc"},
	{"typreceive", TYPE_REGPROC, "regproc"},
	{"typsend", TYPE_REGPROC, "regproc"},
	{"typmodin", TYPE_REGPROC, "regproc"},
	{"typmodout", TYPE_REGPROC, "regproc"},
	{"typanalyze", TYPE_REGPROC, "regproc"},
	{"typalign", TYPE_CHAR, "\"char\""},
	{"typstorage", TYPE_CHAR, "\"char\""},
	{"typnotnull", TYPE_BOOL, "boolean"},
	{"typbasetype", TYPE_OID, "oid"},
	{"typtypmod", TYPE_INT4, "integer"},
	{"typndims", TYPE_INT4, "integer"},
	{"typcollation", TYPE_OID, "oid"},
	{"typdefaultbin", TYPE_PG_NODE_TREE, "pg_node_tree"},
	{"typdefault", TYPE_TEXT, "text"},
	{"typacl", TYPE_ACLITEM_ARRAY, "aclitem[]"},
};

static const SysCol pg_user_cols[] = {
	{"usename", TYPE_NAME, "name"},
	{"usesysid", TYPE_OID, "oid"},
	{"usecreatedb", TYPE_BOOL, "boolean"},
	{"usesuper", TYPE_BOOL, "boolean"},
	{"userepl", TYPE_BOOL, "boolean"},
	{"usebypassrls", TYPE_BOOL, "boolean"},
	{"passwd", TYPE_TEXT, "text"},
	{"valuntil", TYPE_TIMESTAMPTZ, "timestamp with time zone"},
	{"useconfig", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_user_mappings_cols[] = {
	{"umid", TYPE_OID, "oid"},
	{"srvid", TYPE_OID, "oid"},
	{"srvname", TYPE_NAME, "name"},
	{"umuser", TYPE_OID, "oid"},
	{"usename", TYPE_NAME, "name"},
	{"umoptions", TYPE_TEXT_ARRAY, "text[]"},
};

static const SysCol pg_views_cols[] = {
	{"schemaname", TYPE_NAME, "name"},
	{"viewname", TYPE_NAME, "name"},
	{"viewowner", TYPE_NAME, "name"},
	{"definition", TYPE_TEXT, "text"},
};

#define COLS(c) (int) (sizeof(c) / sizeof(c[0])), c

const SysRel syscat_pg_catalog[] = {
	{"pg_catalog", "pg_aggregate", 2600, 'r', COLS(pg_aggregate_cols), NULL},
	{"pg_catalog", "pg_am", 2601, 'r', COLS(pg_am_cols), NULL},
	{"pg_catalog", "pg_amop", 2602, 'r', COLS(pg_amop_cols), NULL},
	{"pg_catalog", "pg_amproc", 2603, 'r', COLS(pg_amproc_cols), NULL},
	{"pg_catalog", "pg_attrdef", 2604, 'r', COLS(pg_attrdef_cols), NULL},
	{"pg_catalog", "pg_attribute", 1249, 'r', COLS(pg_attribute_cols), NULL},
	{"pg_catalog", "pg_auth_members", 1261, 'r', COLS(pg_auth_members_cols), NULL},
	{"pg_catalog", "pg_authid", 1260, 'r', COLS(pg_authid_cols), NULL},
	{"pg_catalog", "pg_cast", 2605, 'r', COLS(pg_cast_cols), NULL},
	{"pg_catalog", "pg_class", 1259, 'r', COLS(pg_class_cols), NULL},
	{"pg_catalog", "pg_collation", 3456, 'r', COLS(pg_collation_cols), NULL},
	{"pg_catalog", "pg_constraint", 2606, 'r', COLS(pg_constraint_cols), NULL},
	{"pg_catalog", "pg_conversion", 2607, 'r', COLS(pg_conversion_cols), NULL},
	{"pg_catalog", "pg_database", 1262, 'r', COLS(pg_database_cols), NULL},
	{"pg_catalog", "pg_db_role_setting", 2964, 'r', COLS(pg_db_role_setting_cols), NULL},
	{"pg_catalog", "pg_default_acl", 826, 'r', COLS(pg_default_acl_cols), NULL},
	{"pg_catalog", "pg_depend", 2608, 'r', COLS(pg_depend_cols), NULL},
	{"pg_catalog", "pg_description", 2609, 'r', COLS(pg_description_cols), NULL},
	{"pg_catalog", "pg_enum", 3501, 'r', COLS(pg_enum_cols), NULL},
	{"pg_catalog", "pg_event_trigger", 3466, 'r', COLS(pg_event_trigger_cols), NULL},
	{"pg_catalog", "pg_extension", 3079, 'r', COLS(pg_extension_cols), NULL},
	{"pg_catalog", "pg_foreign_data_wrapper", 2328, 'r', COLS(pg_foreign_data_wrapper_cols), NULL},
	{"pg_catalog", "pg_foreign_server", 1417, 'r', COLS(pg_foreign_server_cols), NULL},
	{"pg_catalog", "pg_foreign_table", 3118, 'r', COLS(pg_foreign_table_cols), NULL},
	{"pg_catalog", "pg_index", 2610, 'r', COLS(pg_index_cols), NULL},
	{"pg_catalog", "pg_indexes", 12043, 'v', COLS(pg_indexes_cols), NULL},
	{"pg_catalog", "pg_inherits", 2611, 'r', COLS(pg_inherits_cols), NULL},
	{"pg_catalog", "pg_init_privs", 3394, 'r', COLS(pg_init_privs_cols), NULL},
	{"pg_catalog", "pg_language", 2612, 'r', COLS(pg_language_cols), NULL},
	{"pg_catalog", "pg_largeobject_metadata", 2995, 'r', COLS(pg_largeobject_metadata_cols), NULL},
	{"pg_catalog", "pg_locks", 12073, 'v', COLS(pg_locks_cols), NULL},
	{"pg_catalog", "pg_matviews", 12038, 'v', COLS(pg_matviews_cols), NULL},
	{"pg_catalog", "pg_namespace", 2615, 'r', COLS(pg_namespace_cols), NULL},
	{"pg_catalog", "pg_opclass", 2616, 'r', COLS(pg_opclass_cols), NULL},
	{"pg_catalog", "pg_operator", 2617, 'r', COLS(pg_operator_cols), NULL},
	{"pg_catalog", "pg_opfamily", 2753, 'r', COLS(pg_opfamily_cols), NULL},
	{"pg_catalog", "pg_partitioned_table", 3350, 'r', COLS(pg_partitioned_table_cols), NULL},
	{"pg_catalog", "pg_policies", 12018, 'v', COLS(pg_policies_cols), NULL},
	{"pg_catalog", "pg_policy", 3256, 'r', COLS(pg_policy_cols), NULL},
	{"pg_catalog", "pg_prepared_xacts", 12090, 'v', COLS(pg_prepared_xacts_cols), NULL},
	{"pg_catalog", "pg_proc", 1255, 'r', COLS(pg_proc_cols), NULL},
	{"pg_catalog", "pg_publication", 6104, 'r', COLS(pg_publication_cols), NULL},
	{"pg_catalog", "pg_publication_namespace", 6237, 'r', COLS(pg_publication_namespace_cols), NULL},
	{"pg_catalog", "pg_publication_rel", 6106, 'r', COLS(pg_publication_rel_cols), NULL},
	{"pg_catalog", "pg_publication_tables", 12068, 'v', COLS(pg_publication_tables_cols), NULL},
	{"pg_catalog", "pg_range", 3541, 'r', COLS(pg_range_cols), NULL},
	{"pg_catalog", "pg_replication_slots", 12257, 'v', COLS(pg_replication_slots_cols), NULL},
	{"pg_catalog", "pg_rewrite", 2618, 'r', COLS(pg_rewrite_cols), NULL},
	{"pg_catalog", "pg_roles", 12000, 'v', COLS(pg_roles_cols), NULL},
	{"pg_catalog", "pg_rules", 12023, 'v', COLS(pg_rules_cols), NULL},
	{"pg_catalog", "pg_seclabel", 3596, 'r', COLS(pg_seclabel_cols), NULL},
	{"pg_catalog", "pg_sequence", 2224, 'r', COLS(pg_sequence_cols), NULL},
	{"pg_catalog", "pg_sequences", 12048, 'v', COLS(pg_sequences_cols), NULL},
	{"pg_catalog", "pg_settings", 12104, 'v', COLS(pg_settings_cols), NULL},
	{"pg_catalog", "pg_shdepend", 1214, 'r', COLS(pg_shdepend_cols), NULL},
	{"pg_catalog", "pg_shdescription", 2396, 'r', COLS(pg_shdescription_cols), NULL},
	{"pg_catalog", "pg_shseclabel", 3592, 'r', COLS(pg_shseclabel_cols), NULL},
	{"pg_catalog", "pg_stat_activity", 12222, 'v', COLS(pg_stat_activity_cols), NULL},
	{"pg_catalog", "pg_stat_all_tables", 12142, 'v', COLS(pg_stat_all_tables_cols), NULL},
	{"pg_catalog", "pg_stat_database", 12266, 'v', COLS(pg_stat_database_cols), NULL},
	{"pg_catalog", "pg_stat_gssapi", 12253, 'v', COLS(pg_stat_gssapi_cols), NULL},
	{"pg_catalog", "pg_stat_replication", 12227, 'v', COLS(pg_stat_replication_cols), NULL},
	{"pg_catalog", "pg_stat_ssl", 12249, 'v', COLS(pg_stat_ssl_cols), NULL},
	{"pg_catalog", "pg_stat_user_indexes", 12192, 'v', COLS(pg_stat_user_indexes_cols), NULL},
	{"pg_catalog", "pg_stat_user_tables", 12161, 'v', COLS(pg_stat_user_tables_cols), NULL},
	{"pg_catalog", "pg_statio_all_tables", 12170, 'v', COLS(pg_statio_all_tables_cols), NULL},
	{"pg_catalog", "pg_statio_user_tables", 12179, 'v', COLS(pg_statio_user_tables_cols), NULL},
	{"pg_catalog", "pg_statistic_ext", 3381, 'r', COLS(pg_statistic_ext_cols), NULL},
	{"pg_catalog", "pg_statistic_ext_data", 3429, 'r', COLS(pg_statistic_ext_data_cols), NULL},
	{"pg_catalog", "pg_subscription", 6100, 'r', COLS(pg_subscription_cols), NULL},
	{"pg_catalog", "pg_tables", 12033, 'v', COLS(pg_tables_cols), NULL},
	{"pg_catalog", "pg_tablespace", 1213, 'r', COLS(pg_tablespace_cols), NULL},
	{"pg_catalog", "pg_timezone_names", 12126, 'v', COLS(pg_timezone_names_cols), NULL},
	{"pg_catalog", "pg_transform", 3576, 'r', COLS(pg_transform_cols), NULL},
	{"pg_catalog", "pg_trigger", 2620, 'r', COLS(pg_trigger_cols), NULL},
	{"pg_catalog", "pg_ts_config", 3602, 'r', COLS(pg_ts_config_cols), NULL},
	{"pg_catalog", "pg_ts_dict", 3600, 'r', COLS(pg_ts_dict_cols), NULL},
	{"pg_catalog", "pg_ts_parser", 3601, 'r', COLS(pg_ts_parser_cols), NULL},
	{"pg_catalog", "pg_ts_template", 3764, 'r', COLS(pg_ts_template_cols), NULL},
	{"pg_catalog", "pg_type", 1247, 'r', COLS(pg_type_cols), NULL},
	{"pg_catalog", "pg_user", 12014, 'v', COLS(pg_user_cols), NULL},
	{"pg_catalog", "pg_user_mappings", 12327, 'v', COLS(pg_user_mappings_cols), NULL},
	{"pg_catalog", "pg_views", 12028, 'v', COLS(pg_views_cols), NULL},
};

const int syscat_pg_catalog_count = (int) (sizeof(syscat_pg_catalog) / sizeof(syscat_pg_catalog[0]));
