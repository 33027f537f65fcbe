/*
 * settings.c
 *	  Session settings as clients see them: the start-up packet's options,
 *	  SET / RESET / SHOW, and ParameterStatus for the reported ones at
 *	  start and whenever SET changes one.
 *
 *	  Values live in c->settings in this file's table order: the first
 *	  NSETTINGS are the current values, the next NSETTINGS the start-up
 *	  packet's, which RESET returns to (NULL = the
 *	  default), the last NSETTINGS the values SET LOCAL replaced, restored
 *	  when the transaction ends.  SHOW ALL lists them all.  Quarry's behaviour does not depend on most of them yet:
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
#define LOWER 4					/* an enum: values are shown in lower case */

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
	{"default_transaction_isolation", "read committed", LOWER},
	{"transaction_isolation", "read committed", LOWER},
	{"transaction_read_only", "off", 0},
	{"default_transaction_deferrable", "off", 0},
	{"transaction_deferrable", "off", 0},
	{"client_min_messages", "notice", LOWER},
	{"bytea_output", "hex", LOWER},
	{"max_identifier_length", "63", FIXED},
	{"max_index_keys", "32", FIXED},
	{"server_version_num", "150001", FIXED},
	{"lc_messages", "C", 0},
	{"lc_monetary", "C", 0},
	{"lc_numeric", "C", 0},
	{"lc_time", "C", 0},
	{"work_mem", "4MB", 0},
	{"synchronous_commit", "on", LOWER},
	{"jit", "off", 0},
	{"row_security", "on", 0},
	{"geqo", "on", 0},
	{"timezone_abbreviations", "Default", 0},
	{"escape_string_warning", "on", 0},
	{"check_function_bodies", "on", 0},
	{"lc_collate", "C", FIXED},
	{"lc_ctype", "C", FIXED},
	{"block_size", "8192", FIXED},
	{"segment_size", "1GB", FIXED},
	{"wal_block_size", "8192", FIXED},
	{"data_checksums", "off", FIXED},
	{"max_function_args", "100", FIXED},
	{"shared_buffers", "128MB", FIXED},
	{"ssl", "off", FIXED},
	{"maintenance_work_mem", "64MB", 0},
	{"temp_buffers", "8MB", 0},
	{"effective_cache_size", "4GB", 0},
	{"random_page_cost", "4", 0},
	{"seq_page_cost", "1", 0},
	{"default_text_search_config", "pg_catalog.english", 0},
	{"default_tablespace", "", 0},
	{"temp_tablespaces", "", 0},
	{"session_replication_role", "origin", LOWER},
	{"xmloption", "content", LOWER},
	{"xmlbinary", "base64", LOWER},
	{"array_nulls", "on", 0},
	{"backslash_quote", "safe_encoding", LOWER},
	{"quote_all_identifiers", "off", 0},
	{"plan_cache_mode", "auto", LOWER},
	{"cursor_tuple_fraction", "0.1", 0},
	{"from_collapse_limit", "8", 0},
	{"join_collapse_limit", "8", 0},
	{"enable_seqscan", "on", 0},
	{"enable_indexscan", "on", 0},
	{"enable_bitmapscan", "on", 0},
	{"enable_hashjoin", "on", 0},
	{"enable_mergejoin", "on", 0},
	{"enable_nestloop", "on", 0},
	{"enable_sort", "on", 0},
	{"enable_hashagg", "on", 0},
	{"enable_partitionwise_join", "off", 0},
	{"max_parallel_workers_per_gather", "2", 0},
	{"parallel_setup_cost", "1000", 0},
	{"parallel_tuple_cost", "0.1", 0},
	{"force_parallel_mode", "off", LOWER},
	{"log_statement", "none", LOWER},
	{"log_min_duration_statement", "-1", 0},
	{"log_min_messages", "warning", LOWER},
	{"track_activities", "on", 0},
	{"track_counts", "on", 0},
	{"track_io_timing", "off", 0},
	{"vacuum_cost_delay", "0", 0},
	{"idle_session_timeout", "0", 0},
	{"tcp_keepalives_idle", "0", 0},
	{"tcp_keepalives_interval", "0", 0},
	{"tcp_keepalives_count", "0", 0},
	{"default_statistics_target", "100", 0},
	{"constraint_exclusion", "partition", LOWER},
	{"gin_fuzzy_search_limit", "0", 0},
	{"trace_notify", "off", 0},
	{"transform_null_equals", "off", 0},
	{"role", "none", 0},
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
	if (table[i].flags & LOWER) {
		char	   *l = strdup(v);

		for (char *p = l; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char) (*p - 'A' + 'a');
		return l;
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
 * A SET LOCAL keeps the value before it in the third block (LOCAL_DEFAULT
 * when it was the default) until the transaction ends; a plain SET in the
 * same transaction makes its value stay.
 */
#define LOCAL_DEFAULT "\x01"

static void
end_local(PgConn *c)
{
	for (int i = 0; i < NSETTINGS; i++) {
		char	   *saved = c->settings[2 * NSETTINGS + i];

		if (saved == NULL)
			continue;
		c->settings[2 * NSETTINGS + i] = NULL;
		if (strcmp(saved, LOCAL_DEFAULT) == 0) {
			free(c->settings[i]);
			c->settings[i] = NULL;
		} else {
			free(c->settings[i]);
			c->settings[i] = saved;
			saved = NULL;
		}
		free(saved);
		if (table[i].flags & REPORT)
			c->settings_changed |= 1u << i;
	}
}

/*
 * settings_report sends ParameterStatus for the reported settings changed
 * since the last ReadyForQuery, as PostgreSQL does just before it.
 */
void
settings_report(PgConn *c)
{
	if (c->txn == 'I')
		end_local(c);
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

	c->settings = calloc(3 * NSETTINGS, sizeof(char *));
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
	for (int i = 0; i < 3 * NSETTINGS; i++)
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
	if (s->is_local && c->settings[2 * NSETTINGS + i] == NULL)
		c->settings[2 * NSETTINGS + i] = strdup(c->settings[i] ? c->settings[i] : LOCAL_DEFAULT);
	else if (!s->is_local && c->settings[2 * NSETTINGS + i] != NULL) {
		free(c->settings[2 * NSETTINGS + i]);
		c->settings[2 * NSETTINGS + i] = NULL;
	}
	return assign(c, i, v, err);
}

/*
 * settings_set_value is set_config(name, value, false) for the catalog's
 * functions (server/syscat_fn.c): SET without a command tag.
 */
bool
settings_set_value(PgConn *c, const char *name, const char *value, Err *err)
{
	PgQuery__VariableSetStmt s = PG_QUERY__VARIABLE_SET_STMT__INIT;
	PgQuery__Node arg = PG_QUERY__NODE__INIT;
	PgQuery__AConst k = PG_QUERY__A__CONST__INIT;
	PgQuery__String str = PG_QUERY__STRING__INIT;
	PgQuery__Node *args[1] = {&arg};

	str.sval = (char *) value;
	k.val_case = PG_QUERY__A__CONST__VAL_SVAL;
	k.sval = &str;
	arg.node_case = PG_QUERY__NODE__NODE_A_CONST;
	arg.a_const = &k;
	s.kind = PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE;
	s.name = (char *) name;
	s.n_args = 1;
	s.args = args;
	return set_one(c, &s, err);
}

/* settings_reset_all is RESET ALL (also part of DISCARD ALL). */
bool
settings_reset_all(PgConn *c, Err *err)
{
	for (int i = 0; i < NSETTINGS; i++)
		if (!(table[i].flags & FIXED) && !assign(c, i, NULL, err))
			return false;
	return true;
}

/* settings_set_stmt runs SET, RESET and RESET ALL. */
bool
settings_set_stmt(PgConn *c, const PgQuery__VariableSetStmt *s, Err *err)
{
	bool		ok = true;

	if (s->is_local && c->txn == 'I' && s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL &&
		s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI) {
		/* PostgreSQL: a warning, and the setting does not change */
		if (find(s->name) < 0 && strchr(s->name, '.') == NULL)
			return set_one(c, s, err);
		pgmsg_notice(&c->out, "WARNING", "25P01", "SET LOCAL can only be used in transaction blocks");
		pgmsg_command_complete(&c->out, "SET");
		return true;
	}
	switch (s->kind) {
		case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
		case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
		case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
			ok = set_one(c, s, err);
			break;
		case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
			ok = settings_reset_all(c, err);
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

static bool
is_show_all(const PgQuery__VariableShowStmt *s)
{
	return strcasecmp(s->name, "all") == 0;
}

/* settings_describe_show gives SHOW's one text column; SHOW ALL's three. */
bool
settings_describe_show(const PgQuery__VariableShowStmt *s, Arena *a, BoundSelect *out)
{
	static const char *const all[] = {"name", "setting", "description"};
	int			i = show_index(s->name);
	int			n = is_show_all(s) ? 3 : 1;

	memset(out, 0, sizeof(*out));
	out->ncols = n;
	out->cols = arena_array(a, OutCol, n);
	for (int k = 0; k < n; k++) {
		out->cols[k].name = n == 3 ? all[k] : i >= 0 ? table[i].name : arena_strdup(a, s->name);
		out->cols[k].type = TYPE_TEXT;
		out->cols[k].typmod = -1;
	}
	return true;
}

static void
put_text_row(PgConn *c, const char *const *vals, int n)
{
	size_t		m = pgmsg_begin(&c->out, 'D');

	buf_put_u16(&c->out, (uint16_t) n);
	for (int k = 0; k < n; k++) {
		buf_put_u32(&c->out, (uint32_t) strlen(vals[k]));
		buf_put(&c->out, vals[k], strlen(vals[k]));
	}
	pgmsg_end(&c->out, m);
}

static int
by_name(const void *x, const void *y)
{
	return strcasecmp(table[*(const int *) x].name, table[*(const int *) y].name);
}

/* show_all answers SHOW ALL: every setting by name, as PostgreSQL sorts them. */
static bool
show_all(PgConn *c, const PgQuery__VariableShowStmt *s)
{
	int			order[NSETTINGS];
	BoundSelect sel;
	char		tag[32];

	for (int i = 0; i < NSETTINGS; i++)
		order[i] = i;
	qsort(order, NSETTINGS, sizeof(int), by_name);
	if (!c->extended) {
		settings_describe_show(s, &c->query_arena, &sel);
		portal_row_description(c, &sel, NULL, 0);
	}
	for (int k = 0; k < NSETTINGS; k++) {
		const char *vals[3] = {table[order[k]].name, value_of(c, order[k]), ""};

		put_text_row(c, vals, 3);
	}
	snprintf(tag, sizeof(tag), "SHOW");
	pgmsg_command_complete(&c->out, tag);
	return true;
}

/*
 * settings_count and settings_nth walk every setting in table order (for
 * pg_settings and current_setting): the name and the session's value.
 */
int
settings_count(void)
{
	return NSETTINGS;
}

const char *
settings_nth(const PgConn *c, int i, const char **value)
{
	if (i < 0 || i >= NSETTINGS)
		return NULL;
	if (value != NULL)
		*value = value_of(c, i);
	return table[i].name;
}

/* settings_show_stmt answers SHOW name with one row. */
bool
settings_show_stmt(PgConn *c, const PgQuery__VariableShowStmt *s, Err *err)
{
	int			i = show_index(s->name);
	BoundSelect sel;
	const char *v;

	if (is_show_all(s))
		return show_all(c, s);
	if (i < 0)
		return err_set(err, ERRCODE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"",
					   s->name);
	v = value_of(c, i);
	if (!c->extended) {
		settings_describe_show(s, &c->query_arena, &sel);
		portal_row_description(c, &sel, NULL, 0);
	}
	put_text_row(c, &v, 1);
	pgmsg_command_complete(&c->out, "SHOW");
	return true;
}
