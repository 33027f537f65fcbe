/*
 * types.c
 *	  The type table.
 */
#include "common/types.h"

#include <string.h>

static const TypeInfo types[TYPE__COUNT] = {
	[TYPE_UNKNOWN] = {TYPE_UNKNOWN, "unknown", 705, -2, PHYS_STR},
	[TYPE_BOOL] = {TYPE_BOOL, "boolean", 16, 1, PHYS_BOOL},
	[TYPE_INT2] = {TYPE_INT2, "smallint", 21, 2, PHYS_I16},
	[TYPE_INT4] = {TYPE_INT4, "integer", 23, 4, PHYS_I32},
	[TYPE_INT8] = {TYPE_INT8, "bigint", 20, 8, PHYS_I64},
	[TYPE_FLOAT8] = {TYPE_FLOAT8, "double precision", 701, 8, PHYS_F64},
	[TYPE_TEXT] = {TYPE_TEXT, "text", 25, -1, PHYS_STR},
	[TYPE_VARCHAR] = {TYPE_VARCHAR, "character varying", 1043, -1, PHYS_STR},
	[TYPE_NUMERIC] = {TYPE_NUMERIC, "numeric", 1700, -1, PHYS_DEC},
	[TYPE_DATE] = {TYPE_DATE, "date", 1082, 4, PHYS_I32},
	[TYPE_TIMESTAMP] = {TYPE_TIMESTAMP, "timestamp without time zone", 1114, 8, PHYS_I64},
	[TYPE_INTERVAL] = {TYPE_INTERVAL, "interval", 1186, 16, PHYS_IV},
	[TYPE_BPCHAR] = {TYPE_BPCHAR, "character", 1042, -1, PHYS_STR},
	[TYPE_TIMESTAMPTZ] = {TYPE_TIMESTAMPTZ, "timestamp with time zone", 1184, 8, PHYS_I64},
	[TYPE_OID] = {TYPE_OID, "oid", 26, 4, PHYS_I32},
	[TYPE_REGCLASS] = {TYPE_REGCLASS, "regclass", 2205, 4, PHYS_I32},
	[TYPE_REGTYPE] = {TYPE_REGTYPE, "regtype", 2206, 4, PHYS_I32},
	[TYPE_REGPROC] = {TYPE_REGPROC, "regproc", 24, 4, PHYS_I32},
	[TYPE_REGNAMESPACE] = {TYPE_REGNAMESPACE, "regnamespace", 4089, 4, PHYS_I32},
	[TYPE_NAME] = {TYPE_NAME, "name", 19, 64, PHYS_STR},
	[TYPE_CHAR] = {TYPE_CHAR, "\"char\"", 18, 1, PHYS_STR},
	[TYPE_INT2VECTOR] = {TYPE_INT2VECTOR, "int2vector", 22, -1, PHYS_STR},
	[TYPE_OIDVECTOR] = {TYPE_OIDVECTOR, "oidvector", 30, -1, PHYS_STR},
	[TYPE_XID] = {TYPE_XID, "xid", 28, 4, PHYS_I32},
	[TYPE_BOOL_ARRAY] = {TYPE_BOOL_ARRAY, "boolean[]", 1000, -1, PHYS_STR},
	[TYPE_INT2_ARRAY] = {TYPE_INT2_ARRAY, "smallint[]", 1005, -1, PHYS_STR},
	[TYPE_INT4_ARRAY] = {TYPE_INT4_ARRAY, "integer[]", 1007, -1, PHYS_STR},
	[TYPE_INT8_ARRAY] = {TYPE_INT8_ARRAY, "bigint[]", 1016, -1, PHYS_STR},
	[TYPE_FLOAT8_ARRAY] = {TYPE_FLOAT8_ARRAY, "double precision[]", 1022, -1, PHYS_STR},
	[TYPE_TEXT_ARRAY] = {TYPE_TEXT_ARRAY, "text[]", 1009, -1, PHYS_STR},
	[TYPE_VARCHAR_ARRAY] = {TYPE_VARCHAR_ARRAY, "character varying[]", 1015, -1, PHYS_STR},
	[TYPE_NUMERIC_ARRAY] = {TYPE_NUMERIC_ARRAY, "numeric[]", 1231, -1, PHYS_STR},
	[TYPE_BPCHAR_ARRAY] = {TYPE_BPCHAR_ARRAY, "character[]", 1014, -1, PHYS_STR},
	[TYPE_DATE_ARRAY] = {TYPE_DATE_ARRAY, "date[]", 1182, -1, PHYS_STR},
	[TYPE_TIMESTAMP_ARRAY] = {TYPE_TIMESTAMP_ARRAY, "timestamp without time zone[]", 1115, -1, PHYS_STR},
	[TYPE_TIMESTAMPTZ_ARRAY] = {TYPE_TIMESTAMPTZ_ARRAY, "timestamp with time zone[]", 1185, -1, PHYS_STR},
	[TYPE_OID_ARRAY] = {TYPE_OID_ARRAY, "oid[]", 1028, -1, PHYS_STR},
	[TYPE_NAME_ARRAY] = {TYPE_NAME_ARRAY, "name[]", 1003, -1, PHYS_STR},
	[TYPE_CHAR_ARRAY] = {TYPE_CHAR_ARRAY, "\"char\"[]", 1002, -1, PHYS_STR},
	[TYPE_REGTYPE_ARRAY] = {TYPE_REGTYPE_ARRAY, "regtype[]", 2211, -1, PHYS_STR},
	[TYPE_JSON] = {TYPE_JSON, "json", 114, -1, PHYS_STR},
	[TYPE_ACLITEM] = {TYPE_ACLITEM, "aclitem", 1033, 12, PHYS_STR},
	[TYPE_ACLITEM_ARRAY] = {TYPE_ACLITEM_ARRAY, "aclitem[]", 1034, -1, PHYS_STR},
	[TYPE_PG_NODE_TREE] = {TYPE_PG_NODE_TREE, "pg_node_tree", 194, -1, PHYS_STR},
	[TYPE_ANYARRAY] = {TYPE_ANYARRAY, "anyarray", 2277, -1, PHYS_STR},
	[TYPE_BYTEA] = {TYPE_BYTEA, "bytea", 17, -1, PHYS_STR},
	[TYPE_FLOAT4] = {TYPE_FLOAT4, "real", 700, 4, PHYS_F64},
	[TYPE_UUID] = {TYPE_UUID, "uuid", 2950, 16, PHYS_STR},
	[TYPE_FLOAT4_ARRAY] = {TYPE_FLOAT4_ARRAY, "real[]", 1021, -1, PHYS_STR},
	[TYPE_BYTEA_ARRAY] = {TYPE_BYTEA_ARRAY, "bytea[]", 1001, -1, PHYS_STR},
	[TYPE_UUID_ARRAY] = {TYPE_UUID_ARRAY, "uuid[]", 2951, -1, PHYS_STR},
};

/* Names a column definition may use, as PostgreSQL's grammar maps them. */
static const struct {
	const char *name;
	TypeId		id;
}			type_names[] = {
	{"bool", TYPE_BOOL}, {"boolean", TYPE_BOOL},
	{"int2", TYPE_INT2}, {"smallint", TYPE_INT2},
	{"int4", TYPE_INT4}, {"int", TYPE_INT4}, {"integer", TYPE_INT4},
	{"int8", TYPE_INT8}, {"bigint", TYPE_INT8},
	{"float8", TYPE_FLOAT8}, {"double precision", TYPE_FLOAT8},
	{"float4", TYPE_FLOAT4}, {"real", TYPE_FLOAT4},
	{"bytea", TYPE_BYTEA}, {"uuid", TYPE_UUID},
	{"text", TYPE_TEXT},
	{"varchar", TYPE_VARCHAR}, {"character varying", TYPE_VARCHAR},
	{"numeric", TYPE_NUMERIC}, {"decimal", TYPE_NUMERIC},
	{"date", TYPE_DATE},
	{"timestamp", TYPE_TIMESTAMP}, {"timestamp without time zone", TYPE_TIMESTAMP},
	{"interval", TYPE_INTERVAL},
	{"timestamptz", TYPE_TIMESTAMPTZ}, {"timestamp with time zone", TYPE_TIMESTAMPTZ},
	{"bpchar", TYPE_BPCHAR}, {"character", TYPE_BPCHAR},
	{"char", TYPE_CHAR}, {"\"char\"", TYPE_CHAR},	/* the grammar makes char(n) bpchar */
	{"oid", TYPE_OID}, {"regclass", TYPE_REGCLASS}, {"regtype", TYPE_REGTYPE},
	{"regproc", TYPE_REGPROC}, {"regprocedure", TYPE_REGPROC},
	{"regnamespace", TYPE_REGNAMESPACE}, {"name", TYPE_NAME},
	{"int2vector", TYPE_INT2VECTOR}, {"oidvector", TYPE_OIDVECTOR}, {"xid", TYPE_XID},
};

const TypeInfo *
type_info(TypeId t)
{
	return &types[t];
}

bool
type_is_valid(int t)
{
	return t > TYPE_UNKNOWN && t < TYPE__COUNT;
}

bool
type_is_integer(TypeId t)
{
	return t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_INT8;
}

bool
type_is_numeric(TypeId t)
{
	return type_is_integer(t) || type_is_float(t) || t == TYPE_NUMERIC;
}

bool
type_is_float(TypeId t)
{
	return t == TYPE_FLOAT8 || t == TYPE_FLOAT4;
}

bool
type_is_string(TypeId t)
{
	return t == TYPE_TEXT || t == TYPE_VARCHAR || t == TYPE_BPCHAR || t == TYPE_UNKNOWN ||
		t == TYPE_NAME || t == TYPE_CHAR;
}

/* type_is_oid: oid and the reg* types, OIDs that compare as oids. */
bool
type_is_oid(TypeId t)
{
	return t == TYPE_OID || t == TYPE_REGCLASS || t == TYPE_REGTYPE || t == TYPE_REGPROC ||
		t == TYPE_REGNAMESPACE;
}

bool
type_is_datetime(TypeId t)
{
	return t == TYPE_DATE || t == TYPE_TIMESTAMP || t == TYPE_TIMESTAMPTZ || t == TYPE_INTERVAL;
}

/* type_from_name maps a type name (pg_catalog spelling or SQL) to a TypeId. */
TypeId
type_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i].name, name) == 0)
			return type_names[i].id;
	if (strcmp(name, "json") == 0)
		return TYPE_JSON;
	if (name[0] == '_' && type_from_name(name + 1) != TYPE_UNKNOWN)
		return type_array_of(type_from_name(name + 1));	/* _int4 is int4[] */
	{
		size_t		len = strlen(name);
		char		elem[64];

		/* "integer[]", as type_info names arrays (and the metastore keeps them) */
		if (len > 2 && len < sizeof(elem) + 2 && strcmp(name + len - 2, "[]") == 0) {
			memcpy(elem, name, len - 2);
			elem[len - 2] = '\0';
			if (type_from_name(elem) != TYPE_UNKNOWN)
				return type_array_of(type_from_name(elem));
		}
	}
	return TYPE_UNKNOWN;
}

int
type_phys_width(PhysType p)
{
	switch (p) {
		case PHYS_BOOL:
			return 1;
		case PHYS_I16:
			return 2;
		case PHYS_I32:
			return 4;
		case PHYS_I64:
		case PHYS_F64:
			return 8;
		case PHYS_STR:
		case PHYS_DEC:
		case PHYS_IV:
			return 16;
		case PHYS_NONE:
			break;
	}
	return 0;
}

/* Each array type and its element type; int2vector and oidvector are arrays too. */
static const TypeId array_elems[][2] = {
	{TYPE_BOOL_ARRAY, TYPE_BOOL}, {TYPE_INT2_ARRAY, TYPE_INT2}, {TYPE_INT4_ARRAY, TYPE_INT4},
	{TYPE_INT8_ARRAY, TYPE_INT8}, {TYPE_FLOAT8_ARRAY, TYPE_FLOAT8}, {TYPE_TEXT_ARRAY, TYPE_TEXT},
	{TYPE_VARCHAR_ARRAY, TYPE_VARCHAR}, {TYPE_NUMERIC_ARRAY, TYPE_NUMERIC},
	{TYPE_BPCHAR_ARRAY, TYPE_BPCHAR}, {TYPE_DATE_ARRAY, TYPE_DATE},
	{TYPE_TIMESTAMP_ARRAY, TYPE_TIMESTAMP}, {TYPE_TIMESTAMPTZ_ARRAY, TYPE_TIMESTAMPTZ},
	{TYPE_OID_ARRAY, TYPE_OID}, {TYPE_NAME_ARRAY, TYPE_NAME}, {TYPE_CHAR_ARRAY, TYPE_CHAR},
	{TYPE_REGTYPE_ARRAY, TYPE_REGTYPE},
	{TYPE_ACLITEM_ARRAY, TYPE_ACLITEM},
	{TYPE_FLOAT4_ARRAY, TYPE_FLOAT4}, {TYPE_BYTEA_ARRAY, TYPE_BYTEA}, {TYPE_UUID_ARRAY, TYPE_UUID},
	{TYPE_INT2VECTOR, TYPE_INT2}, {TYPE_OIDVECTOR, TYPE_OID},
};

#define NARRAYS ((int) (sizeof(array_elems) / sizeof(array_elems[0])))

TypeId
type_array_elem(TypeId t)
{
	for (int i = 0; i < NARRAYS; i++)
		if (array_elems[i][0] == t)
			return array_elems[i][1];
	return TYPE_UNKNOWN;
}

TypeId
type_array_of(TypeId elem)
{
	if (elem == TYPE_UNKNOWN)
		return TYPE_TEXT_ARRAY;
	for (int i = 0; i < NARRAYS; i++)
		if (array_elems[i][1] == elem)
			return array_elems[i][0];
	return TYPE_UNKNOWN;
}

bool
type_is_array(TypeId t)
{
	return type_array_elem(t) != TYPE_UNKNOWN;
}
