/*
 * types.h
 *	  SQL types: Quarry's TypeId, PostgreSQL's OID, typlen and physical width.
 */
#ifndef QUARRY_TYPES_H
#define QUARRY_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/numeric.h"

typedef enum TypeId {
	TYPE_UNKNOWN = 0,			/* an untyped literal or NULL before resolution */
	TYPE_BOOL,
	TYPE_INT2,
	TYPE_INT4,
	TYPE_INT8,
	TYPE_FLOAT8,
	TYPE_TEXT,
	TYPE_VARCHAR,
	TYPE_NUMERIC,				/* Numeric: 120-bit mantissa and scale, see numeric.h */
	TYPE_DATE,					/* int32 days since 2000-01-01 */
	TYPE_TIMESTAMP,				/* int64 microseconds since 2000-01-01 00:00 */
	TYPE_INTERVAL,				/* Interval: months, days, microseconds */
	TYPE_BPCHAR,				/* character(n): blank-padded text */
	TYPE_TIMESTAMPTZ,			/* int64 microseconds since 2000-01-01 00:00 UTC */
	/* catalog types (pg_catalog relations): OIDs are int32 as stored */
	TYPE_OID,
	TYPE_REGCLASS,				/* an OID printed as its relation's name */
	TYPE_REGTYPE,
	TYPE_REGPROC,
	TYPE_REGNAMESPACE,
	TYPE_NAME,					/* behaves as text */
	TYPE_CHAR,					/* "char": one byte, as text */
	TYPE_INT2VECTOR,			/* plain text "1 2" until arrays come */
	TYPE_OIDVECTOR,
	TYPE_XID,
	/* arrays (wire/array.c): PostgreSQL's text form in a string vector */
	TYPE_BOOL_ARRAY,
	TYPE_INT2_ARRAY,
	TYPE_INT4_ARRAY,
	TYPE_INT8_ARRAY,
	TYPE_FLOAT8_ARRAY,
	TYPE_TEXT_ARRAY,
	TYPE_VARCHAR_ARRAY,
	TYPE_NUMERIC_ARRAY,
	TYPE_BPCHAR_ARRAY,
	TYPE_DATE_ARRAY,
	TYPE_TIMESTAMP_ARRAY,
	TYPE_TIMESTAMPTZ_ARRAY,
	TYPE_OID_ARRAY,
	TYPE_NAME_ARRAY,
	TYPE_CHAR_ARRAY,
	TYPE_REGTYPE_ARRAY,
	TYPE_JSON,					/* json: its text */
	TYPE_ACLITEM,				/* aclitem: its text (catalog columns only) */
	TYPE_ACLITEM_ARRAY,
	/* first catalog-only types, kept as their text; then user types */
	TYPE_PG_NODE_TREE,
	TYPE_ANYARRAY,
	TYPE_BYTEA,					/* bytea: the raw bytes in a string vector */
	TYPE_FLOAT4,				/* real: a double rounded to float precision */
	TYPE_UUID,					/* uuid: its 16 bytes in a string vector */
	TYPE_FLOAT4_ARRAY,			/* arrays of them, as the arrays above */
	TYPE_BYTEA_ARRAY,
	TYPE_UUID_ARRAY,
	TYPE__COUNT
} TypeId;

/* How values of a type are laid out in a vector. */
typedef enum PhysType {
	PHYS_NONE,
	PHYS_BOOL,					/* uint8_t 0/1 */
	PHYS_I16,
	PHYS_I32,
	PHYS_I64,
	PHYS_F64,
	PHYS_STR,					/* StrView */
	PHYS_DEC,					/* Numeric (int128) */
	PHYS_IV						/* Interval */
} PhysType;

typedef struct TypeInfo {
	TypeId		id;
	const char *name;			/* as format_type prints it */
	uint32_t	oid;			/* PostgreSQL pg_type OID */
	int16_t		typlen;
	PhysType	phys;
} TypeInfo;

const TypeInfo *type_info(TypeId t);
bool		type_is_valid(int t);
bool		type_is_integer(TypeId t);
bool		type_is_numeric(TypeId t);
bool		type_is_float(TypeId t);	/* real, double precision */
bool		type_is_string(TypeId t);
bool		type_is_datetime(TypeId t);
bool		type_is_oid(TypeId t);
TypeId		type_array_elem(TypeId t);	/* TYPE_UNKNOWN: not an array */
TypeId		type_array_of(TypeId elem); /* TYPE_UNKNOWN: no array type */
bool		type_is_array(TypeId t);
TypeId		type_from_name(const char *name);
int			type_phys_width(PhysType p);

#endif							/* QUARRY_TYPES_H */

#ifndef QUARRY_VALUE_DEFINED
#define QUARRY_VALUE_DEFINED
/* An interval as PostgreSQL keeps it: the three parts never mix. */
typedef struct Interval {
	int64_t		time;			/* microseconds */
	int32_t		day;
	int32_t		month;
} Interval;


/* A single value outside a vector: constants, aggregate states, INSERT rows. */
typedef struct Value {
	TypeId		type;
	bool		is_null;
	union {
		bool		b;
		int64_t		i;			/* every integer type, date, timestamp */
		double		f;
		Numeric		n;
		Interval	iv;
		struct {
			const char *p;
			uint32_t	len;
		}			s;
	}			u;
} Value;

/* value_null is the NULL of type t. */
static inline Value
value_null(TypeId t)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = t;
	v.is_null = true;
	return v;
}
#endif
