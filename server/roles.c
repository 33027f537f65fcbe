/*
 * roles.c
 *	  Roles in the metastore: CREATE ROLE / USER, ALTER ROLE, DROP ROLE,
 *	  and what authentication reads (does the role exist, may it log in,
 *	  its password verifier).
 *
 *	  The metastore's roles table holds each role's name and superuser
 *	  flag; this file keeps login and the verifier in its own table
 *	  role_auth beside it, through metastore_db().  A role with no row
 *	  there (the bootstrap superuser) may log in and has no password.
 *	  Passwords are stored as SCRAM-SHA-256 verifiers, as PostgreSQL's
 *	  default password_encryption does; an md5 or SCRAM verifier given
 *	  as the password is stored as it is.
 */
#include "roles.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "pgconn.h"
#include "wire/pgmsg.h"
#include "wire/scram.h"

static const char *const schema_sql =
"CREATE TABLE IF NOT EXISTS role_auth(name TEXT PRIMARY KEY, login INTEGER NOT NULL,"
"  verifier TEXT)";

typedef struct RoleOpts {
	bool		has_password;
	const char *password;		/* NULL: PASSWORD NULL */
	int			superuser;		/* -1 unset */
	int			login;
} RoleOpts;

static bool
db_error(sqlite3 *db, Err *err)
{
	return err_set(err, ERRCODE_SYSTEM_ERROR, "metastore: %s", sqlite3_errmsg(db));
}

/* run executes one statement with up to three text parameters (NULL binds NULL). */
static bool
run(sqlite3 *db, const char *sql, const char *a, const char *b, const char *c, Err *err)
{
	sqlite3_stmt *st;
	const char *args[3] = {a, b, c};
	int			rc;

	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
		sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, err);
	for (int i = 0; i < 3 && i < sqlite3_bind_parameter_count(st); i++)
		sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? true : db_error(db, err);
}

static bool
role_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	bool		found = false;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM roles WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* roles_lookup reads a role: whether it exists, may log in, and its verifier. */
bool
roles_lookup(Metastore *ms, const char *role, bool *exists, bool *login, char *verifier,
			 size_t len)
{
	sqlite3    *db = metastore_db(ms);
	sqlite3_stmt *st;

	*exists = role_exists(db, role);
	*login = *exists;
	verifier[0] = '\0';
	if (!*exists || sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
		sqlite3_prepare_v2(db, "SELECT login, verifier FROM role_auth WHERE name = ?", -1, &st,
						   NULL) != SQLITE_OK)
		return *exists;
	sqlite3_bind_text(st, 1, role, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*login = sqlite3_column_int(st, 0) != 0;
		if (sqlite3_column_text(st, 1) != NULL)
			snprintf(verifier, len, "%s", (const char *) sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return true;
}

bool
roles_is_superuser(Metastore *ms, const char *role)
{
	sqlite3_stmt *st;
	bool		su = false;

	if (sqlite3_prepare_v2(metastore_db(ms), "SELECT superuser FROM roles WHERE name = ?", -1,
						   &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, role, -1, SQLITE_TRANSIENT);
	su = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return su;
}

static bool
bool_opt(const PgQuery__DefElem *d)
{
	return d->arg == NULL || (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN ?
							  d->arg->boolean->boolval :
							  d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER &&
							  d->arg->integer->ival != 0);
}

static bool
read_options(PgQuery__Node **options, size_t n, RoleOpts *o, Err *err)
{
	o->has_password = false;
	o->password = NULL;
	o->superuser = -1;
	o->login = -1;
	for (size_t i = 0; i < n; i++) {
		const PgQuery__DefElem *d = options[i]->def_elem;

		if (strcmp(d->defname, "password") == 0) {
			o->has_password = true;
			o->password = d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_STRING ?
				d->arg->string->sval : NULL;
		} else if (strcmp(d->defname, "superuser") == 0)
			o->superuser = bool_opt(d);
		else if (strcmp(d->defname, "canlogin") == 0)
			o->login = bool_opt(d);
		else if (strcmp(d->defname, "inherit") != 0 && strcmp(d->defname, "createdb") != 0 &&
				 strcmp(d->defname, "createrole") != 0 && strcmp(d->defname, "connectionlimit") != 0)
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "role option \"%s\" is not supported yet",
						   d->defname);
	}
	return true;
}

/* make_verifier turns a password into what is stored: SCRAM, or a verifier as given. */
static bool
make_verifier(const char *password, char *out, size_t len, Err *err)
{
	uint8_t		salt[SCRAM_SALT_LEN];
	ScramVerifier v;

	if (scram_parse_verifier(password, &v) ||
		(strncmp(password, "md5", 3) == 0 && strlen(password) == 35)) {
		snprintf(out, len, "%s", password);
		return true;
	}
	if (getrandom(salt, sizeof(salt), 0) != (ssize_t) sizeof(salt))
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not generate a random salt");
	return scram_make_verifier(password, salt, sizeof(salt), SCRAM_ITERATIONS, out, len) ||
		err_set(err, ERRCODE_INTERNAL_ERROR, "could not make a password verifier");
}

static bool
set_auth(sqlite3 *db, const char *role, const RoleOpts *o, Err *err)
{
	char		v[SCRAM_VERIFIER_MAX];

	if (!run(db, "INSERT OR IGNORE INTO role_auth VALUES (?, 1, NULL)", role, NULL, NULL, err))
		return false;
	if (o->login >= 0 &&
		!run(db, "UPDATE role_auth SET login = ? WHERE name = ?", o->login ? "1" : "0", role, NULL, err))
		return false;
	if (o->superuser >= 0 &&
		!run(db, "UPDATE roles SET superuser = ? WHERE name = ?", o->superuser ? "1" : "0", role,
			 NULL, err))
		return false;
	if (!o->has_password)
		return true;
	if (o->password != NULL && !make_verifier(o->password, v, sizeof(v), err))
		return false;
	return run(db, "UPDATE role_auth SET verifier = ? WHERE name = ?",
			   o->password ? v : NULL, role, NULL, err);
}

static bool
create_role(PgConn *c, const PgQuery__CreateRoleStmt *s, Err *err)
{
	sqlite3    *db = metastore_db(conn_metastore(c));
	RoleOpts	o;

	if (!read_options(s->options, s->n_options, &o, err))
		return false;
	if (role_exists(db, s->role))
		return err_set(err, "42710", "role \"%s\" already exists", s->role);
	if (o.login < 0)
		o.login = s->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER;
	if (!run(db, "INSERT INTO roles VALUES (?, 0)", s->role, NULL, NULL, err) ||
		!run(db, "DELETE FROM role_auth WHERE name = ?", s->role, NULL, NULL, err) ||
		!set_auth(db, s->role, &o, err))
		return false;
	pgmsg_command_complete(&c->out, "CREATE ROLE");
	return true;
}

static bool
alter_role(PgConn *c, const PgQuery__AlterRoleStmt *s, Err *err)
{
	sqlite3    *db = metastore_db(conn_metastore(c));
	const char *name = s->role ? s->role->rolename : "";
	RoleOpts	o;

	if (s->role != NULL && s->role->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING)
		name = c->user;
	if (!read_options(s->options, s->n_options, &o, err))
		return false;
	if (!role_exists(db, name))
		return err_set(err, ERRCODE_UNDEFINED_OBJECT, "role \"%s\" does not exist", name);
	if (!set_auth(db, name, &o, err))
		return false;
	pgmsg_command_complete(&c->out, "ALTER ROLE");
	return true;
}

static bool
drop_role(PgConn *c, const PgQuery__DropRoleStmt *s, Err *err)
{
	sqlite3    *db = metastore_db(conn_metastore(c));

	for (size_t i = 0; i < s->n_roles; i++) {
		const char *name = s->roles[i]->role_spec->rolename;

		if (!role_exists(db, name)) {
			char		msg[200];

			if (!s->missing_ok)
				return err_set(err, ERRCODE_UNDEFINED_OBJECT, "role \"%s\" does not exist", name);
			snprintf(msg, sizeof(msg), "role \"%s\" does not exist, skipping", name);
			pgmsg_notice(&c->out, "NOTICE", "00000", msg);
			continue;
		}
		if (strcmp(name, c->user) == 0)
			return err_set(err, "55006", "current user cannot be dropped");
		if (!run(db, "DELETE FROM roles WHERE name = ?", name, NULL, NULL, err) ||
			!run(db, "DELETE FROM role_auth WHERE name = ?", name, NULL, NULL, err))
			return false;
	}
	pgmsg_command_complete(&c->out, "DROP ROLE");
	return true;
}

/* roles_statement runs CREATE ROLE / USER, ALTER ROLE and DROP ROLE. */
bool
roles_statement(PgConn *c, const PgQuery__Node *n, Err *err)
{
	if (!roles_is_superuser(c->co->ms, c->user))
		return err_set(err, "42501", "permission denied to %s role",
					   n->node_case == PG_QUERY__NODE__NODE_CREATE_ROLE_STMT ? "create" :
					   n->node_case == PG_QUERY__NODE__NODE_DROP_ROLE_STMT ? "drop" : "alter");
	switch (n->node_case) {
		case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
			return create_role(c, n->create_role_stmt, err);
		case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
			return alter_role(c, n->alter_role_stmt, err);
		default:
			return drop_role(c, n->drop_role_stmt, err);
	}
}
