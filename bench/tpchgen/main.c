/*
 * main.c
 *	  tpchgen: command line front end of the TPC-H data generator.
 *
 *	  tpchgen --sf 1 --out DIR [--tables lineitem,orders] [--seed N]
 *	          [--jobs N] [--chunks K] [--format tbl|qcf] [--zstd L] [--verbose]
 *
 *	  Exit status: 0 done, 1 generation failed (I/O, memory), 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver.h"
#include "gen.h"
#include "sink_qcf.h"
#include "sink_tbl.h"
#include "tpchgen.h"

#define DEFAULT_SEED 19920101
#define SF_MIN 0.01
#define SF_MAX 1000.0
#define POOL_MAX ((size_t) 300 << 20)
#define POOL_MIN ((size_t) 16 << 20)

typedef struct Options
{
	double		sf;
	const char *out;
	uint64_t	seed;
	bool		qcf;			/* --format qcf: Quarry's table files */
	int			zstd_level;
	DriverOptions driver;
} Options;

static void
usage(FILE *f)
{
	fprintf(f,
			"Usage: tpchgen --out DIR [OPTION]...\n"
			"Generate TPC-H data as dbgen-style .tbl files ('|'-separated, trailing '|'),\n"
			"or as Quarry's table files (.qcf).\n"
			"\n"
			"  -s, --sf SF        scale factor, %g to %g, fractions allowed (default 1);\n"
			"                     SF 1 is about 1 GB: 6M lineitem rows\n"
			"  -o, --out DIR      output directory, created if missing (required)\n"
			"  -T, --tables LIST  comma-separated tables to write, or \"all\" (default):\n"
			"                     region,nation,supplier,customer,part,partsupp,\n"
			"                     orders,lineitem\n"
			"      --seed N       random seed, an unsigned integer (default %d);\n"
			"                     the same SF and seed always give the same data\n"
			"  -j, --jobs N       worker threads, 1 to 256 (default: online CPUs);\n"
			"                     the output does not depend on it\n"
			"  -c, --chunks K     write each table but nation and region as K files\n"
			"                     TABLE.tbl.1 .. TABLE.tbl.K, 1 to 100000 (default 1:\n"
			"                     one TABLE.tbl); concatenated in order they equal\n"
			"                     the single file\n"
			"  -f, --format F     tbl (default) or qcf: Quarry table files typed as\n"
			"                     scripts/tpch-schema.sql declares them, DIR/TABLE.qcf\n"
			"                     or DIR/TABLE.1.qcf .. DIR/TABLE.K.qcf, loaded with\n"
			"                     COPY t FROM 'DIR/t.*qcf' WITH (FORMAT qcf)\n"
			"      --zstd L       qcf: compress chunks with zstd level L, 1 to 19\n"
			"                     (default 0: none, as a table without compression)\n"
			"  -v, --verbose      print row counts and timings to stderr\n"
			"  -h, --help         show this help and exit\n"
			"\n"
			"Comments come from a pseudo-text pool of min(max(SF * 300, 16), 300) MiB.\n"
			"Above SF ~350, o_orderkey exceeds the schema's 32-bit INTEGER.\n"
			"Exit status: 0 success, 1 generation failed, 2 bad arguments.\n",
			SF_MIN, SF_MAX, DEFAULT_SEED);
}

static void
bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "tpchgen: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n");
	usage(stderr);
	exit(2);
}

static long long
parse_int(const char *arg, const char *what, long long lo, long long hi)
{
	char	   *end;
	long long	v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi)
		bad_usage(what, arg);
	return v;
}

/* parse_seed accepts an unsigned decimal, hex (0x) or octal integer. */
static uint64_t
parse_seed(const char *arg)
{
	char	   *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (arg[0] == '-' || errno != 0 || end == arg || *end != '\0')
		bad_usage("bad seed \"%s\"", arg);
	return (uint64_t) v;
}

static void
parse_tables(const char *arg, bool tables[TPCH_NTABLES])
{
	const char *p = arg;

	memset(tables, 0, sizeof(bool) * TPCH_NTABLES);
	if (strcmp(arg, "all") == 0)
	{
		for (int t = 0; t < TPCH_NTABLES; t++)
			tables[t] = true;
		return;
	}
	for (;;)
	{
		size_t		len = strcspn(p, ",");
		TpchTable	t;

		if (!tpch_table_lookup(p, len, &t))
			bad_usage("unknown table in --tables \"%s\"", arg);
		tables[t] = true;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
}

static void
parse_args(int argc, char **argv, Options *o)
{
	static const struct option longopts[] = {
		{"sf", required_argument, NULL, 's'},
		{"out", required_argument, NULL, 'o'},
		{"tables", required_argument, NULL, 'T'},
		{"seed", required_argument, NULL, 'S'},
		{"jobs", required_argument, NULL, 'j'},
		{"chunks", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"zstd", required_argument, NULL, 'Z'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	long		cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int			c;

	o->sf = 1.0;
	o->out = NULL;
	o->seed = DEFAULT_SEED;
	o->qcf = false;
	o->zstd_level = 0;
	o->driver.jobs = cpus < 1 ? 1 : cpus > 256 ? 256 : (int) cpus;
	o->driver.chunks = 1;
	o->driver.verbose = false;
	for (int t = 0; t < TPCH_NTABLES; t++)
		o->driver.tables[t] = true;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:o:T:j:c:f:vh", longopts, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				{
					char	   *end;

					errno = 0;
					o->sf = strtod(optarg, &end);
					if (errno != 0 || end == optarg || *end != '\0' ||
						!(o->sf >= SF_MIN && o->sf <= SF_MAX))
						bad_usage("bad scale factor \"%s\"", optarg);
				}
				break;
			case 'o':
				o->out = optarg;
				break;
			case 'T':
				parse_tables(optarg, o->driver.tables);
				break;
			case 'S':
				o->seed = parse_seed(optarg);
				break;
			case 'j':
				o->driver.jobs = (int) parse_int(optarg, "bad --jobs \"%s\"", 1, 256);
				break;
			case 'c':
				o->driver.chunks = (int) parse_int(optarg, "bad --chunks \"%s\"",
												   1, 100000);
				break;
			case 'f':
				if (strcmp(optarg, "qcf") != 0 && strcmp(optarg, "tbl") != 0)
					bad_usage("bad --format \"%s\" (tbl or qcf)", optarg);
				o->qcf = strcmp(optarg, "qcf") == 0;
				break;
			case 'Z':
				o->zstd_level = (int) parse_int(optarg, "bad --zstd \"%s\"", 1, 19);
				break;
			case 'v':
				o->driver.verbose = true;
				break;
			case 'h':
				usage(stdout);
				exit(0);
			case ':':
				bad_usage("option %s needs an argument", argv[optind - 1]);
				break;
			default:
				bad_usage("unknown option \"%s\"", argv[optind - 1]);
				break;
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument \"%s\"", argv[optind]);
	if (o->out == NULL || o->out[0] == '\0')
		bad_usage("--out DIR is required%s", "");
}

/* make_dirs creates dir and its missing parents, like mkdir -p. */
static bool
make_dirs(const char *dir)
{
	char		path[PATH_MAX];
	size_t		len = strlen(dir);

	if (len >= sizeof(path))
	{
		errno = ENAMETOOLONG;
		return false;
	}
	memcpy(path, dir, len + 1);
	for (size_t i = 1; i <= len; i++)
	{
		if (path[i] == '/' || path[i] == '\0')
		{
			char		saved = path[i];

			path[i] = '\0';
			if (mkdir(path, 0755) != 0 && errno != EEXIST)
				return false;
			path[i] = saved;
		}
	}
	return true;
}

static size_t
pool_size(double sf)
{
	double		want = sf * (double) POOL_MAX;

	if (want >= (double) POOL_MAX)
		return POOL_MAX;
	if (want <= (double) POOL_MIN)
		return POOL_MIN;
	return (size_t) want;
}

int
main(int argc, char **argv)
{
	Options		o;
	TpchGen		gen;
	TpchSink   *sink;
	double		t0 = driver_now();
	bool		ok;

	parse_args(argc, argv, &o);
	if (!make_dirs(o.out))
	{
		fprintf(stderr, "tpchgen: cannot create directory \"%s\": %s\n",
				o.out, strerror(errno));
		return 1;
	}
	if (!gen_init(&gen, o.sf, o.seed, pool_size(o.sf), o.driver.jobs))
	{
		fprintf(stderr, "tpchgen: out of memory building the text pool\n");
		return 1;
	}
	if (o.driver.verbose)
		fprintf(stderr, "text pool %zu MiB in %.2f s\n", gen.pool.len >> 20,
				driver_now() - t0);
	sink = o.qcf ? qcf_sink_new(o.out, o.driver.jobs, o.zstd_level) :
		tbl_sink_new(o.out, o.driver.jobs);
	if (sink == NULL)
	{
		fprintf(stderr, "tpchgen: out of memory\n");
		return 1;
	}
	ok = driver_run(&gen, sink, &o.driver);
	if (!ok)
		fprintf(stderr, "tpchgen: %s\n", sink->errmsg);
	else if (o.driver.verbose)
		fprintf(stderr, "total %.2f s\n", driver_now() - t0);
	sink->ops->destroy(&sink);
	gen_free(&gen);
	return ok ? 0 : 1;
}
