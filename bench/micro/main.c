/*
 * main.c
 *	  bench_micro: runs the micro-benchmarks and prints rows per second per
 *	  core for each (every benchmark is single-threaded, so per core is the
 *	  rate measured).  --help lists the options.
 */
#include "bench/micro/micro.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct MicroBench {
	const char *name;			/* for --only */
	MicroFn		fn;
} MicroBench;

static const MicroBench benches[] = {
	{"scan", bench_scan_filter_sum},
	{"scan", bench_scan_count},
	{"agg", bench_agg_few},
	{"agg", bench_agg_many},
	{"join", bench_hashjoin},
	{"sort", bench_sort},
	{"batchio", bench_batchio},
	{"zstd", bench_zstd},
	{"zstd", bench_zstd},
	{"zstd", bench_zstd},
	{"datarow", bench_datarow},
	{"shuffle", bench_shuffle}, {"shuffle", bench_shuffle}, {"shuffle", bench_shuffle},
};

static void
usage(FILE *f)
{
	fprintf(f,
			"Usage: bench_micro [OPTION]...\n"
			"Micro-benchmarks of Quarry's hot paths over lineitem-like data; prints\n"
			"rows per second per core (each benchmark runs on one thread).\n\n"
			"  -r, --rows N       lineitem-like rows (default 6001215, SF1's lineitem)\n"
			"  -s, --sort-rows N  rows for the sort benchmark (default 1000000)\n"
			"  -n, --reps N       runs per benchmark, the median is reported (default 3)\n"
			"  -o, --only LIST    comma-separated groups to run: scan, agg, join, sort,\n"
			"                     batchio, zstd, datarow (default all)\n"
			"  -t, --tmpdir DIR   where the scan's table file goes (default /tmp)\n"
			"  -h, --help         show this help and exit\n");
}

static bool
parse_args(int argc, char **argv, MicroOpts *o)
{
	static const struct option longopts[] = {
		{"rows", required_argument, NULL, 'r'}, {"sort-rows", required_argument, NULL, 's'},
		{"reps", required_argument, NULL, 'n'}, {"only", required_argument, NULL, 'o'},
		{"tmpdir", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	int			c;

	*o = (MicroOpts) {6001215, 1000000, 3, NULL, "/tmp"};
	while ((c = getopt_long(argc, argv, "r:s:n:o:t:h", longopts, NULL)) != -1) {
		switch (c) {
			case 'r':
				o->rows = strtoull(optarg, NULL, 10);
				break;
			case 's':
				o->sort_rows = strtoull(optarg, NULL, 10);
				break;
			case 'n':
				o->reps = atoi(optarg);
				break;
			case 'o':
				o->only = optarg;
				break;
			case 't':
				o->tmpdir = optarg;
				break;
			case 'h':
				usage(stdout);
				exit(0);
			default:
				usage(stderr);
				return false;
		}
	}
	if (o->rows < BATCH_SIZE || o->reps < 1 || o->reps > 64 || o->sort_rows < BATCH_SIZE) {
		fprintf(stderr, "bench_micro: --rows and --sort-rows at least %d, --reps 1 to 64\n", BATCH_SIZE);
		return false;
	}
	return true;
}

static bool
selected(const MicroOpts *o, const char *group)
{
	char		list[256];

	if (o->only == NULL)
		return true;
	snprintf(list, sizeof(list), "%s", o->only);
	for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (strcmp(t, group) == 0)
			return true;
	return false;
}

static void
print_result(const MicroResult *r)
{
	double		rate = (double) r->rows / r->seconds;

	printf("%-34s %10llu %9.3f %11.1f", r->name, (unsigned long long) r->rows, r->seconds, rate / 1e6);
	if (r->bytes)
		printf(" %9.0f", (double) r->bytes / r->seconds / 1e6);
	else
		printf(" %9s", "");
	printf("  %s\n", r->note);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	MicroOpts	o;
	MicroData	d;
	int			failed = 0;
	double		t0;

	if (!parse_args(argc, argv, &o))
		return 2;
	t0 = micro_now();
	micro_data_init(&d, o.rows);
	printf("bench_micro: %llu lineitem-like rows in %u batches of %d (built in %.1f s), "
		   "median of %d runs, 1 thread\n\n", (unsigned long long) o.rows, d.nbatches, BATCH_SIZE,
		   micro_now() - t0, o.reps);
	printf("%-34s %10s %9s %11s %9s  %s\n", "benchmark", "rows", "seconds", "Mrows/s/core", "MB/s", "notes");
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		MicroResult r[MICRO_MAX_RESULTS];
		int			n;

		if (!selected(&o, benches[i].name))
			continue;
		memset(r, 0, sizeof(r));
		if ((n = benches[i].fn(&o, &d, r)) < 0) {
			failed++;
			continue;
		}
		for (int k = 0; k < n; k++)
			print_result(&r[k]);
	}
	micro_data_free(&d);
	return failed ? 1 : 0;
}
