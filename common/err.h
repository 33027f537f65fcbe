/*
 * err.h
 *	  Errors as values.  A failing function returns false (or NULL) and fills
 *	  in a caller-supplied Err carrying a SQLSTATE, a message and, where they
 *	  help, a detail, hint and cursor position.  No longjmp anywhere.
 *
 *	  err_set(err, "42P01", "relation \"%s\" does not exist", name);
 */
#ifndef QUARRY_ERR_H
#define QUARRY_ERR_H

#include <stdbool.h>

#define MUST_CHECK __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

typedef struct Err {
	char		sqlstate[6];	/* "42P01"; "XX000" if never set */
	char		severity;		/* 'E' or 'F' */
	int			position;		/* 1-based offset into the SQL text, 0 = none */
	char		message[256];
	char		detail[256];
	char		hint[128];
	char		schema_name[64];	/* the object an integrity error is about */
	char		table_name[64];
	char		column_name[64];
	char		constraint_name[64];
	const char *file;			/* raise site, for the server log only */
	int			line;
} Err;

/* Common SQLSTATEs, named as PostgreSQL's errcodes.h names them. */
#define ERRCODE_SYNTAX_ERROR			"42601"
#define ERRCODE_UNDEFINED_TABLE			"42P01"
#define ERRCODE_UNDEFINED_COLUMN		"42703"
#define ERRCODE_UNDEFINED_FUNCTION		"42883"
#define ERRCODE_DUPLICATE_TABLE			"42P07"
#define ERRCODE_DATATYPE_MISMATCH		"42804"
#define ERRCODE_UNDEFINED_OBJECT		"42704"
#define ERRCODE_GROUPING_ERROR			"42803"
#define ERRCODE_FEATURE_NOT_SUPPORTED	"0A000"
#define ERRCODE_PROTOCOL_VIOLATION		"08P01"
#define ERRCODE_DIVISION_BY_ZERO		"22012"
#define ERRCODE_NUMERIC_OUT_OF_RANGE	"22003"
#define ERRCODE_INVALID_TEXT_REPR		"22P02"
#define ERRCODE_STRING_TOO_LONG			"22001"
#define ERRCODE_NOT_NULL_VIOLATION		"23502"
#define ERRCODE_INVALID_PARAMETER_VALUE "22023"
#define ERRCODE_CONFIG_FILE_ERROR		"F0000"
#define ERRCODE_INTERNAL_ERROR			"XX000"
#define ERRCODE_DATA_CORRUPTED			"XX001"
#define ERRCODE_IO_ERROR				"58030"
#define ERRCODE_QUERY_CANCELED			"57014"
#define ERRCODE_ADMIN_SHUTDOWN			"57P01"
#define ERRCODE_INSUFFICIENT_RESOURCES	"53000"
#define ERRCODE_TOO_MANY_CONNECTIONS	"53300"
#define ERRCODE_OUT_OF_MEMORY			"53200"
#define ERRCODE_CONNECTION_FAILURE		"08006"
#define ERRCODE_INVALID_AUTHORIZATION	"28000"
#define ERRCODE_INVALID_PASSWORD		"28P01"
#define ERRCODE_UNDEFINED_DATABASE		"3D000"
#define ERRCODE_SYSTEM_ERROR			"58000"
#define ERRCODE_WRONG_OBJECT_TYPE		"42809"
#define ERRCODE_INVALID_COLUMN_REF		"42P10"
#define ERRCODE_SYNTAX_ERROR_OR_ACCESS	"42000"

void		err_clear(Err *err);
bool		err_raise(Err *err, const char *file, int line, const char *sqlstate,
					  const char *fmt,...) PRINTF_LIKE(5, 6);
void		err_detail(Err *err, const char *fmt,...) PRINTF_LIKE(2, 3);
void		err_hint(Err *err, const char *fmt,...) PRINTF_LIKE(2, 3);
bool		err_is_set(const Err *err);

/* err_set raises an error at the call site; it always returns false. */
#define err_set(err, sqlstate, ...) \
	err_raise((err), __FILE__, __LINE__, (sqlstate), __VA_ARGS__)

#endif							/* QUARRY_ERR_H */
