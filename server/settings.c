/*
 * settings.c
 *	  Session settings as clients see them: the start-up packet's options,
 *	  SET / RESET / SHOW, and ParameterStatus for the reported ones at
 *	  start and whenever SET changes one.
 *
 *	  Values live in c->settings in this file's table order: the first
 *	  NSETTINGS are the current values, the next NSETTINGS the start-up
 *	  packet's, which RESET returns to (NULL = the
 *	  default).  Quarry's behaviour does not depend on most of them yet:
 *	  they are kept so drivers can set and read back what they expect.
 *	  The catalog issue adds pg_settings over the same table.
 */
#include "pgconn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "portal.h"
#include "quarry_config.h"
#include "wire/pgmsg.h"

#define REPORT 1				/* sent in ParameterStatus */
#define FIXED 2					/* cannot be changed */

typedef struct Setting {
	const char *name;			/* as PostgreSQL spells it */
	const char *boot;
	int			flags;
} Setting;

/* The reported ones first, in the order PostgreSQL 15 sends them. */
static const Setting table[] = {
	{"application_name", "", REPORT},
	{"client_encoding", "UTF8", REPORT},
	{"DateStyle", "ISO, MDY", REPORT},
	{"default_transaction_read_only", "off", REPORT},
	{"in_hot_standby", "off", REPORT | FIXED},
	{"integer_datetimes", "on", REPORT | FIXED},
	{"IntervalStyle", "postgres", REPORT},
	{"is_superuser", "on", REPORT | FIXED},
	{"server_encoding", "UTF8", REPORT | FIXED},
	{"server_version", "15.1 (Quarry " QUARRY_VERSION ")", REPORT | FIXED},
	{"session_authorization", NULL, REPORT},
	{"standard_conforming_strings", "on", REPORT},
	{"TimeZone", "UTC", REPORT},
	{"extra_float_digits", "1", 0},
	{"search_path", "\"$user\", public", 0},
	{"statement_timeout", "0", 0},
	{"idle_in_transaction_session_timeout", "0", 0},
	{"lock_timeout", "0", 0},
	{"default_transaction_isolation", "read committed", 0},
	{"transaction_isolation", "read committed", 0},
	{"transaction_read_only", "off", 0},
	{"default_transaction_deferrable", "off", 0},
	{"transaction_deferrable", "off", 0},
	{"client_min_messages", "notice", 0},
	{"bytea_output", "hex", 0},
	{"max_identifier_length", "63", FIXED},
	{"max_index_keys", "32", FIXED},
	{"server_version_num", "150001", FIXED},
	{"lc_messages", "C", 0},
	{"lc_monetary", "C", 0},
	{"lc_numeric", "C", 0},
	{"lc_time", "C", 0},
	{"work_mem", "4MB", 0},
	{"synchronous_commit", "on", 0},
	{"jit", "off", 0},
	{"row_security", "on", 0},
	{"geqo", "on", 0},
	{"timezone_abbreviations", "Default", 0},
	{"escape_string_warning", "on", 0},
	{"check_function_bodies", "on", 0},
};

#define NSETTINGS ((int) (sizeof(table) / sizeof(table[0])))
#define NREPORTED 13

static int
find(const char *name)
{
	if (strcasecmp(name, "timezone") == 0)
		name = "TimeZone";
	for (int i = 0; i < NSETTINGS; i++)
		if (strcasecmp(table[i].name, name) == 0)
			return i;
	return -1;
}

static const char *
value_of(const PgConn *c, int i)
{
	if (strcmp(table[i].name, "is_superuser") == 0)
		return c->superuser ? "on" : "off";
	if (c->settings != NULL && c->settings[i] != NULL)
		return c->settings[i];
	if (c->settings != NULL && c->settings[NSETTINGS + i] != NULL)
		return c->settings[NSETTINGS + i];
	return table[i].boot != NULL ? table[i].boot : c->user;
}

/* settings_get is a setting's current value, or NULL for an unknown name. */
const char *
settings_get(const PgConn *c, const char *name)
{
	int			i = find(name);

	return i < 0 ? NULL : value_of(c, i);
}

static bool
is_bool(int i)
{
	return table[i].boot != NULL &&
		(strcmp(table[i].boot, "on") == 0 || strcmp(table[i].boot, "off") == 0);
}

/* quote_ident quotes a search_path element as PostgreSQL's quote_identifier does. */
static const char *
quote_ident(Arena *a, const char *s)
{
	bool		safe = s[0] != '\0' && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');

	for (const char *p = s; *p && safe; p++)
		safe = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
	if (safe)
		return s;
	{
		char	   *q = arena_alloc(a, strlen(s) * 2 + 3);
		char	   *d = q;

		*d++ = '"';
		for (; *s; s++) {
			if (*s == '"')
				*d++ = '"';
			*d++ = *s;
		}
		*d++ = '"';
		*d = '\0';
		return q;
	}
}

/* canonical rewrites the values PostgreSQL normalizes; NULL if invalid. */
static char *
canonical(int i, const char *v)
{
	const char *name = table[i].name;

	if (strcmp(name, "client_encoding") == 0) {
		if (strcasecmp(v, "UTF8") == 0 || strcasecmp(v, "UTF-8") == 0 ||
			strcasecmp(v, "unicode") == 0)
			return strdup("UTF8");
		return NULL;
	}
	if (strcmp(name, "DateStyle") == 0) {
		const char *style = "ISO";
		const char *order = "MDY";

		if (strcasestr(v, "sql"))
			style = "SQL";
		else if (strcasestr(v, "postgres"))
			style = "Postgres";
		else if (strcasestr(v, "german"))
			style = "German";
		if (strcasestr(v, "dmy") || strcasestr(v, "euro"))
			order = "DMY";
		else if (strcasestr(v, "ymd"))
			order = "YMD";
		{
			char		buf[32];

			snprintf(buf, sizeof(buf), "%s, %s", style, order);
			return strdup(buf);
		}
	}
	if (is_bool(i)) {
		if (strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 ||
			strcasecmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			return strdup("on");
		if (strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0 ||
			strcasecmp(v, "no") == 0 || strcmp(v, "0") == 0)
			return strdup("off");
		return NULL;
	}
	return strdup(v);
}

/* assign sets setting i to v (NULL = default), reporting a change. */
static bool
assign(PgConn *c, int i, const char *v, Err *err)
{
	char	   *nv = NULL;
	char	   *old;
	bool		changed;

	if (v != NULL && (nv = canonical(i, v)) == NULL) {
		if (is_bool(i))
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "parameter \"%s\" requires a Boolean value", table[i].name);
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "invalid value for parameter \"%s\": \"%s\"", table[i].name, v);
	}
	old = strdup(value_of(c, i));
	free(c->settings[i]);
	c->settings[i] = nv;
	changed = strcmp(old, value_of(c, i)) != 0;
	free(old);
	if (changed && (table[i].flags & REPORT))
		c->settings_changed |= 1u << i;
	return true;
}

/*
 * settings_report sends ParameterStatus for the reported settings changed
 * since the last ReadyForQuery, as PostgreSQL does just before it.
 */
void
settings_report(PgConn *c)
{
	for (int i = 0; i < NREPORTED && c->settings_changed != 0; i++)
		if (c->settings_changed & (1u << i))
			pgmsg_parameter_status(&c->out, table[i].name, value_of(c, i));
	c->settings_changed = 0;
}

/* config_default makes a timeout from quarry.conf the session's reset value. */
static void
config_default(PgConn *c, const char *name, int64_t ms)
{
	int			i = find(name);
	char		buf[32];

	if (i < 0 || ms <= 0 || c->settings[NSETTINGS + i] != NULL)
		return;
	if (ms % 1000 == 0)
		snprintf(buf, sizeof(buf), "%llds", (long long) (ms / 1000));
	else
		snprintf(buf, sizeof(buf), "%lldms", (long long) ms);
	c->settings[NSETTINGS + i] = strdup(buf);
}

/* settings_start applies the start-up packet's settings and reports them all. */
void
settings_start(PgConn *c, const char *const *names, const char *const *values, int n)
{
	Err			err;

	c->settings = calloc(2 * NSETTINGS, sizeof(char *));
	for (int k = 0; k < n; k++) {
		int			i = find(names[k]);

		if (i >= 0 && !(table[i].flags & FIXED) && table[i].boot != NULL) {
			char	   *nv = canonical(i, values[k]);

			if (nv != NULL) {
				free(c->settings[NSETTINGS + i]);
				c->settings[NSETTINGS + i] = nv;
			}
		}
	}
	config_default(c, "statement_timeout", c->co->cfg->statement_timeout);
	config_default(c, "idle_in_transaction_session_timeout",
				   c->co->cfg->idle_in_transaction_session_timeout);
	err_clear(&err);
	for (int i = 0; i < NREPORTED; i++)
		pgmsg_parameter_status(&c->out, table[i].name, value_of(c, i));
}

void
settings_free(PgConn *c)
{
	if (c->settings == NULL)
		return;
	for (int i = 0; i < 2 * NSETTINGS; i++)
		free(c->settings[i]);
	free(c->settings);
	c->settings = NULL;
}

/* arg_text is one SET argument as text: a string, a number or a name. */
static const char *
arg_text(Arena *a, const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
		const PgQuery__AConst *k = n->a_const;

		switch (k->val_case) {
			case PG_QUERY__A__CONST__VAL_SVAL:
				return k->sval->sval;
			case PG_QUERY__A__CONST__VAL_IVAL:
				return arena_printf(a, "%d", k->ival->ival);
			case PG_QUERY__A__CONST__VAL_FVAL:
				return k->fval->fval;
			case PG_QUERY__A__CONST__VAL_BOOLVAL:
				return k->boolval->boolval ? "on" : "off";
			default:
				return NULL;
		}
	}
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
		return arg_text(a, n->type_cast->arg);
	return NULL;
}

/* set_value joins a SET's arguments with ", " as PostgreSQL's list settings show. */
static const char *
set_value(Arena *a, const PgQuery__VariableSetStmt *s, Err *err)
{
	char	   *v = "";

	for (size_t k = 0; k < s->n_args; k++) {
		const char *t = arg_text(a, s->args[k]);

		if (t != NULL && strcasecmp(s->name, "search_path") == 0)
			t = quote_ident(a, t);
		if (t == NULL) {
			err_set(err, ERRCODE_SYNTAX_ERROR, "unsupported value for parameter \"%s\"", s->name);
			return NULL;
		}
		v = arena_printf(a, "%s%s%s", v, k > 0 ? ", " : "", t);
	}
	return v;
}

static bool
set_one(PgConn *c, const PgQuery__VariableSetStmt *s, Err *err)
{
	int			i = find(s->name);
	const char *v = NULL;

	if (i < 0) {
		if (strchr(s->name, '.') != NULL)
			return true;		/* a custom placeholder, accepted as PostgreSQL does */
		return err_set(err, ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"",
					   s->name);
	}
	if (table[i].flags & FIXED)
		return err_set(err, "55P02", "parameter \"%s\" cannot be changed", table[i].name);
	if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE &&
		(v = set_value(&c->query_arena, s, err)) == NULL)
		return false;
	return assign(c, i, v, err);
}

/* settings_set_stmt runs SET, RESET and RESET ALL. */
bool
settings_set_stmt(PgConn *c, const PgQuery__VariableSetStmt *s, Err *err)
{
	bool		ok = true;

	switch (s->kind) {
		case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
		case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
		case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
			ok = set_one(c, s, err);
			break;
		case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
			for (int i = 0; i < NSETTINGS && ok; i++)
				if (!(table[i].flags & FIXED))
					ok = assign(c, i, NULL, err);
			break;
		default:
			break;				/* SET TRANSACTION / SESSION CHARACTERISTICS: accepted */
	}
	if (ok)
		pgmsg_command_complete(&c->out, s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
							   s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL ?
							   "RESET" : "SET");
	return ok;
}

static int
show_index(const char *name)
{
	if (strcasecmp(name, "transaction_isolation") == 0 ||
		strcasecmp(name, "transaction isolation level") == 0)
		return find("transaction_isolation");
	return find(name);
}

/* settings_describe_show gives SHOW's one text column. */
bool
settings_describe_show(const PgQuery__VariableShowStmt *s, Arena *a, BoundSelect *out)
{
	int			i = show_index(s->name);

	memset(out, 0, sizeof(*out));
	out->ncols = 1;
	out->cols = arena_array(a, OutCol, 1);
	out->cols[0].name = i >= 0 ? table[i].name : arena_strdup(a, s->name);
	out->cols[0].type = TYPE_TEXT;
	out->cols[0].typmod = -1;
	return true;
}

/* settings_show_stmt answers SHOW name with one row. */
bool
settings_show_stmt(PgConn *c, const PgQuery__VariableShowStmt *s, Err *err)
{
	int			i = show_index(s->name);
	BoundSelect sel;
	const char *v;
	size_t		m;

	if (i < 0)
		return err_set(err, ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"",
					   s->name);
	v = value_of(c, i);
	if (!c->extended) {
		settings_describe_show(s, &c->query_arena, &sel);
		portal_row_description(c, &sel, NULL, 0);
	}
	m = pgmsg_begin(&c->out, 'D');
	buf_put_u16(&c->out, 1);
	buf_put_u32(&c->out, (uint32_t) strlen(v));
	buf_put(&c->out, v, strlen(v));
	pgmsg_end(&c->out, m);
	pgmsg_command_complete(&c->out, "SHOW");
	return true;
}
