/*
 * config.c
 *	  The settings table, the quarry.conf parser and --key=value overrides.
 *
 *	  A bad line stops start-up with a message naming the file, the line and
 *	  the key, as PostgreSQL's guc-file.l does.
 */
#include "common/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "quarry_config.h"

typedef enum {
	KEY_INT,
	KEY_BOOL,
	KEY_STRING,
	KEY_BYTES,
	KEY_DURATION
} KeyType;

typedef struct ConfKey {
	const char *name;
	KeyType		type;
	size_t		offset;
	size_t		size;			/* for strings: buffer size */
	const char *dflt;
	int64_t		min;
	int64_t		max;
} ConfKey;

#define INT_KEY(n, d, lo, hi) {#n, KEY_INT, offsetof(Config, n), 0, d, lo, hi}
#define BOOL_KEY(n, d) {#n, KEY_BOOL, offsetof(Config, n), 0, d, 0, 1}
#define STR_KEY(n, d) {#n, KEY_STRING, offsetof(Config, n), sizeof(((Config *) 0)->n), d, 0, 0}
#define BYTES_KEY(n, d, lo, hi) {#n, KEY_BYTES, offsetof(Config, n), 0, d, lo, hi}
#define DUR_KEY(n, d, lo, hi) {#n, KEY_DURATION, offsetof(Config, n), 0, d, lo, hi}

static const ConfKey keys[] = {
	INT_KEY(port, "5433", 1, 65535),
	INT_KEY(cluster_port, "7077", 1, 65535),
	INT_KEY(ui_port, "4040", 0, 65535),
	STR_KEY(listen_addresses, "127.0.0.1"),
	INT_KEY(max_connections, "100", 1, 100000),
	STR_KEY(hba_file, ""),
	DUR_KEY(auth_failure_delay, "200ms", 0, 60000),
	DUR_KEY(authentication_timeout, "1min", 1000, 600000),
	BOOL_KEY(ssl, "off"),
	STR_KEY(ssl_cert_file, ""),
	STR_KEY(ssl_key_file, ""),
	DUR_KEY(statement_timeout, "0", 0, INT32_MAX),
	DUR_KEY(idle_in_transaction_session_timeout, "0", 0, INT32_MAX),
	BYTES_KEY(max_message_size, "256MB", 1024 * 1024, 1024LL * 1024 * 1024),
	STR_KEY(data_dir, "./quarry-data"),
	INT_KEY(workers, "0", 0, 1024),
	STR_KEY(coordinator, "tcp://127.0.0.1:7077"),
	STR_KEY(worker_host, "127.0.0.1"),
	INT_KEY(worker_slots, "0", 0, 1024),
	BYTES_KEY(worker_memory, "1GB", 16 * 1024 * 1024, INT64_MAX),
	STR_KEY(worker_id, ""),
	DUR_KEY(heartbeat_interval, "1s", 50, 60000),
	INT_KEY(heartbeat_liveness, "5", 2, 100),
	BOOL_KEY(cluster_curve, "on"),
	STR_KEY(cluster_key_dir, ""),
	INT_KEY(task_max_attempts, "4", 1, 100),
	INT_KEY(stage_max_attempts, "4", 1, 100),
	INT_KEY(shuffle_partitions, "0", 0, 4096),
	BYTES_KEY(broadcast_threshold, "100MB", 0, INT64_MAX),
	BYTES_KEY(shuffle_memory_limit, "512MB", 0, INT64_MAX),
	DUR_KEY(shuffle_fetch_timeout, "30s", 100, 3600000),
	INT_KEY(shuffle_zstd_level, "1", -7, 19),
	BYTES_KEY(shuffle_coalesce_bytes, "1MB", 0, INT64_MAX),
	STR_KEY(default_table_compression, "none"),
	INT_KEY(row_group_rows, "65536", 1, 1048576),
	BYTES_KEY(chunk_cache_size, "512MB", 0, INT64_MAX),
	DUR_KEY(storage_sweep_interval, "10s", 100, 3600000),
	INT_KEY(compact_min_files, "32", 0, 1000000),
	STR_KEY(read_csv_dirs, ""),
	STR_KEY(log_level, "info"),
	STR_KEY(ui_listen, "127.0.0.1"),
};

#define NKEYS ((int) (sizeof(keys) / sizeof(keys[0])))

int
config_key_count(void)
{
	return NKEYS;
}

const char *
config_key_name(int i)
{
	return keys[i].name;
}

const char *
config_key_default(int i)
{
	return keys[i].dflt;
}

/* config_init sets every key to its default. */
void
config_init(Config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (int i = 0; i < NKEYS; i++) {
		Err			err;

		err_clear(&err);
		if (!config_set(cfg, keys[i].name, keys[i].dflt, "default", 0, &err)) {
			fprintf(stderr, "bad default for %s: %s\n", keys[i].name, err.message);
			abort();
		}
	}
}

/* config_default_path is $QUARRY_CONF, else the source tree's conf/quarry.conf. */
const char *
config_default_path(void)
{
	const char *env = getenv("QUARRY_CONF");

	if (env != NULL && env[0] != '\0')
		return env;
	return QUARRY_SOURCE_ROOT "/conf/quarry.conf";
}

static bool
parse_int64(const char *s, int64_t *out, const char **rest)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno == ERANGE)
		return false;
	*out = v;
	*rest = end;
	return true;
}

/* config_parse_bytes reads "64MB", "1GB", "512kB" or plain bytes. */
bool
config_parse_bytes(const char *s, int64_t *out)
{
	static const struct {
		const char *unit;
		int64_t		mult;
	}			units[] = {
		{"", 1}, {"B", 1}, {"kB", 1024}, {"MB", 1024 * 1024},
		{"GB", 1024LL * 1024 * 1024}, {"TB", 1024LL * 1024 * 1024 * 1024}
	};
	const char *rest;
	int64_t		v;

	if (!parse_int64(s, &v, &rest) || v < 0)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(rest, units[i].unit) == 0) {
			if (v > INT64_MAX / units[i].mult)
				return false;
			*out = v * units[i].mult;
			return true;
		}
	}
	return false;
}

/* config_parse_duration_ms reads "250ms", "5s", "2min", "1h"; plain is ms. */
bool
config_parse_duration_ms(const char *s, int64_t *out)
{
	static const struct {
		const char *unit;
		int64_t		mult;
	}			units[] = {
		{"", 1}, {"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000},
		{"d", 86400000}
	};
	const char *rest;
	int64_t		v;

	if (!parse_int64(s, &v, &rest) || v < 0)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(rest, units[i].unit) == 0) {
			if (v > INT64_MAX / units[i].mult)
				return false;
			*out = v * units[i].mult;
			return true;
		}
	}
	return false;
}

static bool
parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};

	for (int i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return (*out = true);
		if (strcasecmp(s, no[i]) == 0)
			return !(*out = false);
	}
	return false;
}

static const ConfKey *
find_key(const char *name)
{
	for (int i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static bool
bad_value(Err *err, const char *source, int line, const ConfKey *k,
		  const char *value, const char *why)
{
	if (line > 0)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "%s:%d: invalid value for parameter \"%s\": \"%s\" (%s)",
					   source, line, k->name, value, why);
	return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
				   "%s: invalid value for parameter \"%s\": \"%s\" (%s)",
				   source, k->name, value, why);
}

static bool
set_number(Config *cfg, const ConfKey *k, const char *value,
		   const char *source, int line, Err *err)
{
	int64_t		v;
	const char *rest;
	bool		ok;

	if (k->type == KEY_BYTES)
		ok = config_parse_bytes(value, &v);
	else if (k->type == KEY_DURATION)
		ok = config_parse_duration_ms(value, &v);
	else
		ok = parse_int64(value, &v, &rest) && *rest == '\0';
	if (!ok)
		return bad_value(err, source, line, k, value,
						 k->type == KEY_BYTES ? "expected bytes such as 64MB" :
						 k->type == KEY_DURATION ? "expected a duration such as 5s" :
						 "expected an integer");
	if (v < k->min || v > k->max)
		return bad_value(err, source, line, k, value, "out of range");
	if (k->type == KEY_INT)
		*(int *) ((char *) cfg + k->offset) = (int) v;
	else
		*(int64_t *) ((char *) cfg + k->offset) = v;
	return true;
}

/*
 * config_set sets key to value, naming source (a file or "command line") and
 * line (0 = none) in the error for an unknown key or a bad value.
 */
bool
config_set(Config *cfg, const char *key, const char *value,
		   const char *source, int line, Err *err)
{
	const ConfKey *k = find_key(key);

	if (k == NULL) {
		if (line > 0)
			return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
						   "%s:%d: unrecognized configuration parameter \"%s\"",
						   source, line, key);
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "%s: unrecognized configuration parameter \"%s\"", source, key);
	}
	switch (k->type) {
		case KEY_BOOL:
			if (!parse_bool(value, (bool *) ((char *) cfg + k->offset)))
				return bad_value(err, source, line, k, value, "expected on or off");
			return true;
		case KEY_STRING:
			if (strlen(value) >= k->size)
				return bad_value(err, source, line, k, value, "too long");
			strcpy((char *) cfg + k->offset, value);
			return true;
		default:
			return set_number(cfg, k, value, source, line, err);
	}
}

static char *
trim(char *s)
{
	char	   *e;

	while (isspace((unsigned char) *s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char) e[-1]))
		*--e = '\0';
	return s;
}

/*
 * parse_line splits `key = value # comment` in place.  A value may be quoted
 * with single quotes ('' inside for one quote).  Returns false on bad syntax;
 * *key is NULL for a blank or comment line.
 */
static bool
parse_line(char *line, char **key, char **value)
{
	char	   *p = trim(line);
	char	   *eq;

	*key = NULL;
	if (*p == '\0' || *p == '#')
		return true;
	eq = p;
	while (*eq && (isalnum((unsigned char) *eq) || *eq == '_' || *eq == '.'))
		eq++;
	if (eq == p)
		return false;
	*key = p;
	p = eq;
	while (isspace((unsigned char) *p))
		p++;
	if (*p == '=')
		p++;
	*eq = '\0';
	p = trim(p);
	if (*p == '\'') {
		char	   *out = p;
		char	   *in = p + 1;

		*value = out;
		for (;;) {
			if (*in == '\0')
				return false;
			if (*in == '\'' && in[1] == '\'') {
				*out++ = '\'';
				in += 2;
			} else if (*in == '\'') {
				in++;
				break;
			} else
				*out++ = *in++;
		}
		*out = '\0';
		in = trim(in);
		return *in == '\0' || *in == '#';
	}
	*value = p;
	while (*p && *p != '#' && !isspace((unsigned char) *p))
		p++;
	if (*p != '\0') {
		char	   *rest = p;

		*rest = '\0';
		rest = trim(rest + 1);
		if (*rest != '\0' && *rest != '#')
			return false;
	}
	return **value != '\0';
}

/* config_load_file applies every setting in path; a missing file is an error. */
bool
config_load_file(Config *cfg, const char *path, Err *err)
{
	FILE	   *f = fopen(path, "r");
	char		buf[4096];
	int			lineno = 0;
	bool		ok = true;

	if (f == NULL)
		return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
					   "could not open configuration file \"%s\": %s",
					   path, strerror(errno));
	while (ok && fgets(buf, sizeof(buf), f) != NULL) {
		char	   *key;
		char	   *value;

		lineno++;
		if (!parse_line(buf, &key, &value))
			ok = err_set(err, ERRCODE_CONFIG_FILE_ERROR,
						 "%s:%d: syntax error in configuration file", path, lineno);
		else if (key != NULL)
			ok = config_set(cfg, key, value, path, lineno, err);
	}
	fclose(f);
	return ok;
}

/*
 * config_load_args applies `--key=value` and `--key value` arguments from
 * argv[1..]; it stops at the first argument that is not an option and stores
 * its index in *first_free.  --config is handled by the caller and skipped.
 */
bool
config_load_args(Config *cfg, int argc, char **argv, int *first_free, Err *err)
{
	int			i;

	for (i = 1; i < argc; i++) {
		char		key[128];
		const char *arg = argv[i];
		const char *eq;
		const char *value;

		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
			break;
		arg += 2;
		eq = strchr(arg, '=');
		if (eq != NULL) {
			snprintf(key, sizeof(key), "%.*s", (int) (eq - arg), arg);
			value = eq + 1;
		} else {
			if (i + 1 >= argc)
				return err_set(err, ERRCODE_CONFIG_FILE_ERROR,
							   "command line: option \"--%s\" needs a value", arg);
			snprintf(key, sizeof(key), "%s", arg);
			value = argv[++i];
		}
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		if (strcmp(key, "config") == 0)
			continue;
		if (!config_set(cfg, key, value, "command line", 0, err))
			return false;
	}
	*first_free = i;
	return true;
}

/*
 * config_key_value prints key i's value in cfg as a setting is written
 * (bytes in bytes, durations in milliseconds: config_key_unit names it).
 */
const char *
config_key_value(const Config *cfg, int i, char *buf, size_t len)
{
	const ConfKey *k = &keys[i];
	const char *p = (const char *) cfg + k->offset;

	switch (k->type) {
		case KEY_BOOL:
			snprintf(buf, len, "%s", *(const bool *) p ? "on" : "off");
			break;
		case KEY_STRING:
			snprintf(buf, len, "%s", p);
			break;
		case KEY_INT:
			snprintf(buf, len, "%d", *(const int *) p);
			break;
		default:
			snprintf(buf, len, "%lld", (long long) *(const int64_t *) p);
			break;
	}
	return buf;
}

/* config_key_unit: "B" for bytes, "ms" for durations, else NULL. */
const char *
config_key_unit(int i)
{
	return keys[i].type == KEY_BYTES ? "B" : keys[i].type == KEY_DURATION ? "ms" : NULL;
}
