/*
 * test_common_config.c
 *	  quarry.conf parsing and --key=value overrides: defaults, comments,
 *	  quoting, units, and errors that name the file, the line and the key.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/config.h"

static char dir[64];
static char path[128];

static void
make_dir(void)
{
	strcpy(dir, "/tmp/quarry-config-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/quarry.conf", dir);
}

static void
remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

TestSuite(common_config, .init = make_dir, .fini = remove_dir);

/* write_conf replaces the test's configuration file with text. */
static void
write_conf(const char *text)
{
	FILE	   *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* load_fails loads text and returns the error it must fail with. */
static Err
load_fails(const char *text)
{
	Config		cfg;
	Err			err;

	config_init(&cfg);
	err_clear(&err);
	write_conf(text);
	cr_assert_not(config_load_file(&cfg, path, &err), "loaded: %s", text);
	cr_assert_str_eq(err.sqlstate, ERRCODE_CONFIG_FILE_ERROR);
	return err;
}

/* expect_msg asserts that err's message is exactly path + suffix. */
static void
expect_msg(const Err *err, const char *suffix)
{
	char		want[512];

	snprintf(want, sizeof(want), "%s%s", path, suffix);
	cr_assert_str_eq(err->message, want);
}

Test(common_config, defaults)
{
	Config		cfg;

	config_init(&cfg);
	cr_assert_eq(cfg.port, 5433);
	cr_assert_eq(cfg.cluster_port, 7077);
	cr_assert_eq(cfg.ui_port, 4040);
	cr_assert_str_eq(cfg.listen_addresses, "127.0.0.1");
	cr_assert_eq(cfg.max_connections, 100);
	cr_assert_str_eq(cfg.data_dir, "./quarry-data");
	cr_assert_eq(cfg.workers, 0);
	cr_assert_str_eq(cfg.coordinator, "tcp://127.0.0.1:7077");
	cr_assert_str_eq(cfg.worker_host, "127.0.0.1");
	cr_assert_eq(cfg.worker_slots, 0);
	cr_assert_eq(cfg.worker_memory, INT64_C(1) << 30);
	cr_assert_str_eq(cfg.worker_id, "");
	cr_assert_eq(cfg.heartbeat_interval, 1000);
	cr_assert_eq(cfg.heartbeat_liveness, 5);
	cr_assert_eq(cfg.cluster_curve, true);
	cr_assert_str_eq(cfg.cluster_key_dir, "");
	cr_assert_eq(cfg.task_max_attempts, 4);
	cr_assert_str_eq(cfg.log_level, "info");
}

Test(common_config, key_table)
{
	cr_assert_eq(config_key_count(), 41);
	cr_assert_str_eq(config_key_name(0), "port");
	cr_assert_str_eq(config_key_default(0), "5433");
	for (int i = 0; i < config_key_count(); i++) {
		Config		cfg;
		Err			err;

		config_init(&cfg);
		err_clear(&err);
		cr_assert(config_set(&cfg, config_key_name(i), config_key_default(i), "t", 0, &err),
				  "%s: %s", config_key_name(i), err.message);
	}
}

Test(common_config, file_with_comments_quotes_units)
{
	Config		cfg;
	Err			err;

	config_init(&cfg);
	err_clear(&err);
	write_conf("# Quarry settings\n"
			   "\n"
			   "   \t\n"
			   "port = 6000            # trailing comment\n"
			   "cluster_port=7100\n"
			   "ui_port 0\n"
			   "data_dir = '/var/lib/it''s here'\n"
			   "worker_id = ''   # empty on purpose\n"
			   "coordinator = 'tcp://10.0.0.1:7077' # quoted with #\n"
			   "worker_memory = 64MB\n"
			   "heartbeat_interval = 250ms\n"
			   "cluster_curve = off\n"
			   "log_level = debug\n");
	cr_assert(config_load_file(&cfg, path, &err), "%s", err.message);
	cr_assert_eq(cfg.port, 6000);
	cr_assert_eq(cfg.cluster_port, 7100);
	cr_assert_eq(cfg.ui_port, 0);
	cr_assert_str_eq(cfg.data_dir, "/var/lib/it's here");
	cr_assert_str_eq(cfg.worker_id, "");
	cr_assert_str_eq(cfg.coordinator, "tcp://10.0.0.1:7077");
	cr_assert_eq(cfg.worker_memory, 64 * 1024 * 1024);
	cr_assert_eq(cfg.heartbeat_interval, 250);
	cr_assert_eq(cfg.cluster_curve, false);
	cr_assert_str_eq(cfg.log_level, "debug");
	/* keys the file does not mention keep their defaults */
	cr_assert_eq(cfg.max_connections, 100);
}

Test(common_config, later_lines_win)
{
	Config		cfg;
	Err			err;

	config_init(&cfg);
	err_clear(&err);
	write_conf("worker_memory = 1GB\nheartbeat_interval = 5s\n"
			   "heartbeat_interval = 1min\nworker_memory = 2GB\n");
	cr_assert(config_load_file(&cfg, path, &err), "%s", err.message);
	cr_assert_eq(cfg.worker_memory, INT64_C(2) << 30);
	cr_assert_eq(cfg.heartbeat_interval, 60000);
}

Test(common_config, units)
{
	int64_t		v;

	cr_assert(config_parse_bytes("64MB", &v));
	cr_assert_eq(v, INT64_C(67108864));
	cr_assert(config_parse_bytes("1GB", &v));
	cr_assert_eq(v, INT64_C(1073741824));
	cr_assert(config_parse_bytes("512kB", &v));
	cr_assert_eq(v, 524288);
	cr_assert(config_parse_bytes("1TB", &v));
	cr_assert_eq(v, INT64_C(1099511627776));
	cr_assert(config_parse_bytes("4096", &v));
	cr_assert_eq(v, 4096);
	cr_assert_not(config_parse_bytes("10XB", &v));
	cr_assert_not(config_parse_bytes("64mb", &v));	/* units are case-sensitive */
	cr_assert_not(config_parse_bytes("-1MB", &v));
	cr_assert_not(config_parse_bytes("MB", &v));
	cr_assert_not(config_parse_bytes("9999999999TB", &v));	/* overflows int64 */

	cr_assert(config_parse_duration_ms("250ms", &v));
	cr_assert_eq(v, 250);
	cr_assert(config_parse_duration_ms("5s", &v));
	cr_assert_eq(v, 5000);
	cr_assert(config_parse_duration_ms("2min", &v));
	cr_assert_eq(v, 120000);
	cr_assert(config_parse_duration_ms("1h", &v));
	cr_assert_eq(v, 3600000);
	cr_assert(config_parse_duration_ms("1d", &v));
	cr_assert_eq(v, 86400000);
	cr_assert(config_parse_duration_ms("75", &v));
	cr_assert_eq(v, 75);
	cr_assert_not(config_parse_duration_ms("5 parsecs", &v));
	cr_assert_not(config_parse_duration_ms("5parsecs", &v));
	cr_assert_not(config_parse_duration_ms("", &v));
}

Test(common_config, unknown_key)
{
	Err			err = load_fails("port = 5000\n\nshared_buffers = 128MB\n");

	expect_msg(&err, ":3: unrecognized configuration parameter \"shared_buffers\"");
}

Test(common_config, bad_units)
{
	Err			err = load_fails("# ok\nheartbeat_interval = '5 parsecs'\n");

	expect_msg(&err, ":2: invalid value for parameter \"heartbeat_interval\": \"5 parsecs\""
			   " (expected a duration such as 5s)");
	err = load_fails("worker_memory = 10XB\n");
	expect_msg(&err, ":1: invalid value for parameter \"worker_memory\": \"10XB\""
			   " (expected bytes such as 64MB)");
}

Test(common_config, bad_number)
{
	Err			err = load_fails("port = abc\n");

	expect_msg(&err, ":1: invalid value for parameter \"port\": \"abc\" (expected an integer)");
	err = load_fails("\n\nport = 54x\n");
	expect_msg(&err, ":3: invalid value for parameter \"port\": \"54x\" (expected an integer)");
	err = load_fails("cluster_curve = maybe\n");
	expect_msg(&err, ":1: invalid value for parameter \"cluster_curve\": \"maybe\""
			   " (expected on or off)");
}

Test(common_config, out_of_range)
{
	Err			err = load_fails("port = 70000\n");

	expect_msg(&err, ":1: invalid value for parameter \"port\": \"70000\" (out of range)");
	err = load_fails("port = 0\n");
	expect_msg(&err, ":1: invalid value for parameter \"port\": \"0\" (out of range)");
	err = load_fails("heartbeat_interval = 2min\n");
	expect_msg(&err, ":1: invalid value for parameter \"heartbeat_interval\": \"2min\""
			   " (out of range)");
	err = load_fails("worker_memory = 1MB\n");
	expect_msg(&err, ":1: invalid value for parameter \"worker_memory\": \"1MB\" (out of range)");
}

Test(common_config, syntax_errors)
{
	static const char *const bad[] = {
		"port = 5 6\n",					/* two tokens */
		"heartbeat_interval = 5 parsecs\n",
		"port =\n",						/* no value */
		"= 5\n",						/* no key */
		"data_dir = 'unterminated\n",
		"data_dir = 'x' y\n",			/* junk after the quotes */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char		text[128];
		Err			err;

		snprintf(text, sizeof(text), "port = 5000\n%s", bad[i]);
		err = load_fails(text);
		expect_msg(&err, ":2: syntax error in configuration file");
	}
}

Test(common_config, missing_file)
{
	Config		cfg;
	Err			err;
	char		want[256];

	config_init(&cfg);
	err_clear(&err);
	cr_assert_not(config_load_file(&cfg, "/nonexistent/quarry.conf", &err));
	cr_assert_str_eq(err.sqlstate, ERRCODE_CONFIG_FILE_ERROR);
	snprintf(want, sizeof(want), "could not open configuration file \"%s\": %s",
			 "/nonexistent/quarry.conf", "No such file or directory");
	cr_assert_str_eq(err.message, want);
}

Test(common_config, args_override)
{
	char	   *argv[] = {"quarry", "--port=6001", "--config", "/etc/x.conf",
		"--worker-memory", "256MB", "--config=/etc/y.conf", "--log_level", "warning",
	"local", "extra"};
	Config		cfg;
	Err			err;
	int			first = -1;

	config_init(&cfg);
	err_clear(&err);
	cr_assert(config_load_args(&cfg, 11, argv, &first, &err), "%s", err.message);
	cr_assert_eq(first, 9);
	cr_assert_eq(cfg.port, 6001);
	cr_assert_eq(cfg.worker_memory, INT64_C(256) << 20);
	cr_assert_str_eq(cfg.log_level, "warning");
}

Test(common_config, args_after_file)
{
	char	   *argv[] = {"quarry", "--port", "6002"};
	Config		cfg;
	Err			err;
	int			first;

	config_init(&cfg);
	err_clear(&err);
	write_conf("port = 6000\nui_port = 4100\n");
	cr_assert(config_load_file(&cfg, path, &err));
	cr_assert(config_load_args(&cfg, 3, argv, &first, &err), "%s", err.message);
	cr_assert_eq(first, 3);
	cr_assert_eq(cfg.port, 6002);
	cr_assert_eq(cfg.ui_port, 4100);
}

Test(common_config, args_errors)
{
	char	   *unknown[] = {"quarry", "--no-such-key=1"};
	char	   *bad[] = {"quarry", "--port=abc"};
	char	   *missing[] = {"quarry", "--port"};
	Config		cfg;
	Err			err;
	int			first;

	config_init(&cfg);
	err_clear(&err);
	cr_assert_not(config_load_args(&cfg, 2, unknown, &first, &err));
	cr_assert_str_eq(err.sqlstate, ERRCODE_CONFIG_FILE_ERROR);
	cr_assert_str_eq(err.message, "command line: unrecognized configuration parameter \"no_such_key\"");
	err_clear(&err);
	cr_assert_not(config_load_args(&cfg, 2, bad, &first, &err));
	cr_assert_str_eq(err.message,
					 "command line: invalid value for parameter \"port\": \"abc\" (expected an integer)");
	err_clear(&err);
	cr_assert_not(config_load_args(&cfg, 2, missing, &first, &err));
	cr_assert_str_eq(err.message, "command line: option \"--port\" needs a value");
	cr_assert_eq(cfg.port, 5433);
}

Test(common_config, string_too_long)
{
	Config		cfg;
	Err			err;
	char		big[300];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	config_init(&cfg);
	err_clear(&err);
	cr_assert_not(config_set(&cfg, "listen_addresses", big, "t.conf", 7, &err));
	cr_assert(strstr(err.message, "t.conf:7: invalid value for parameter \"listen_addresses\"") == err.message,
			  "%s", err.message);
	cr_assert_str_eq(cfg.listen_addresses, "127.0.0.1");
}
