/*
 * main.c
 *	  The quarry binary: `quarry coordinator | worker | local | version`.
 *
 *	  Settings come from defaults, then the config file (--config=PATH, else
 *	  $QUARRY_CONF, else the source tree's conf/quarry.conf), then --key=value
 *	  arguments.  A bad key or value stops start-up naming file, line and key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/config.h"
#include "common/log.h"
#include "exec/qcf.h"
#include "coordinator.h"
#include "keys.h"
#include "local.h"
#include "quarry_config.h"
#include "worker.h"

typedef struct Command {
	const char *name;
	const char *summary;
	const char *usage;
} Command;

static const Command commands[] = {
	{"coordinator", "run the coordinator (driver and cluster manager)",
	"Accepts PostgreSQL connections on port, workers on cluster_port."},
	{"worker", "run a worker (executor) that registers with --coordinator",
	"Example: quarry worker --coordinator=tcp://10.0.0.1:7077"},
	{"local", "run a coordinator and one worker per core on this machine",
	"Data directory ./quarry-data unless --data_dir says otherwise."},
	{"keygen", "create the CurveZMQ keys of the cluster port",
	"Keys go to cluster_key_dir, or DATA_DIR/keys when that is empty."},
	{"version", "print the version", ""},
};

static void
usage(FILE *out)
{
	fprintf(out, "Usage: quarry COMMAND [--config=FILE] [--key=value ...]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nEvery setting of conf/quarry.conf can be given as --key=value.\n"
			"Run `quarry COMMAND --help` for a command's options.\n");
}

static void
command_usage(FILE *out, const Command *cmd)
{
	fprintf(out, "Usage: quarry %s [--config=FILE] [--key=value ...]\n\n%s\n%s\n",
			cmd->name, cmd->summary, cmd->usage);
	if (strcmp(cmd->name, "version") == 0)
		return;
	fprintf(out, "\nSettings (default in brackets):\n");
	for (int i = 0; i < config_key_count(); i++)
		fprintf(out, "  --%s=VALUE [%s]\n", config_key_name(i), config_key_default(i));
}

static const Command *
find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* config_path returns the --config argument, or the default path. */
static const char *
config_path(int argc, char **argv, bool *explicit_path)
{
	*explicit_path = true;
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--config=", 9) == 0)
			return argv[i] + 9;
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			return argv[i + 1];
	}
	*explicit_path = getenv("QUARRY_CONF") != NULL;
	return config_default_path();
}

static bool
load_config(Config *cfg, int argc, char **argv)
{
	Err			err;
	bool		explicit_path;
	const char *path = config_path(argc, argv, &explicit_path);
	int			first_free;

	err_clear(&err);
	config_init(cfg);
	if ((explicit_path || access(path, F_OK) == 0) &&
		!config_load_file(cfg, path, &err)) {
		fprintf(stderr, "quarry: %s\n", err.message);
		return false;
	}
	if (!config_load_args(cfg, argc, argv, &first_free, &err)) {
		fprintf(stderr, "quarry: %s\n", err.message);
		return false;
	}
	if (first_free < argc) {
		fprintf(stderr, "quarry: unexpected argument \"%s\"\n", argv[first_free]);
		return false;
	}
	return true;
}

int
main(int argc, char **argv)
{
	const Command *cmd;
	Config		cfg;
	LogLevel	level;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
		strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		argv[1] = "version";
	cmd = find_command(argv[1]);
	if (cmd == NULL) {
		fprintf(stderr, "quarry: unknown command \"%s\"\n\n", argv[1]);
		usage(stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			command_usage(stdout, cmd);
			return 0;
		}
	}
	if (strcmp(cmd->name, "version") == 0) {
		if (argc > 2) {
			command_usage(stderr, cmd);
			return 2;
		}
		printf("quarry %s\n", QUARRY_VERSION);
		return 0;
	}
	/* argv[1] is the command; settings start at argv[2] */
	if (!load_config(&cfg, argc - 1, argv + 1)) {
		fprintf(stderr, "Try \"quarry %s --help\".\n", cmd->name);
		return 2;
	}
	if (!log_level_parse(cfg.log_level, &level)) {
		fprintf(stderr, "quarry: invalid value for parameter \"log_level\": \"%s\"\n",
				cfg.log_level);
		return 2;
	}
	log_init(cmd->name, level);
	qcf_cache_set_capacity((size_t) cfg.chunk_cache_size);
	if (strcmp(cmd->name, "coordinator") == 0)
		return coordinator_main(&cfg);
	if (strcmp(cmd->name, "worker") == 0)
		return worker_main(&cfg);
	if (strcmp(cmd->name, "keygen") == 0)
		return keys_main(&cfg);
	return local_main(&cfg, argc - 1, argv + 1);
}
