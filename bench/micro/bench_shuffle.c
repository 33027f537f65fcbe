/*
 * bench_shuffle.c
 *	  The shuffle's data path on one thread (exec/shuffle.h): the map side
 *	  (hash l_orderkey into 8 partitions, gather, batchio-encode, zstd,
 *	  store) and the read side (zstd decompress, batchio-decode every
 *	  block) of the 11 lineitem-like columns, at zstd levels -1, 1 and 3.
 *	  Blocks stay in memory; no sockets.
 */
#include "bench/micro/micro.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "exec/shuffle.h"

#define BENCH_PARTS 8

/* map_all writes every batch of d as map output out. */
static bool
map_all(MicroData *d, ShuffleEnv *env, Quarry__ShuffleOutput *out, Err *err)
{
	ShuffleMap *m = shuffle_map_new(env, out, LI_NCOLS, d->types, err);
	bool		ok = m != NULL;

	for (uint32_t k = 0; ok && k < d->nbatches; k++)
		ok = shuffle_map_add(m, d->batches[k], err);
	ok = ok && shuffle_map_finish(m, err);
	shuffle_map_free(&m);
	return ok;
}

/* read_all decodes every block of query's map output; rows read go to *rows. */
static bool
read_all(ShuffleStore *s, uint64_t query, uint64_t *rows, Err *err)
{
	ShuffleMapOutput *o = shuffle_store_acquire(s, query, 0, 0);
	ShuffleBlockReader rd;
	Arena		a;
	Buf			copy;
	bool		ok = o != NULL;

	shuffle_block_reader_init(&rd);
	arena_init(&a);
	buf_init(&copy);
	*rows = 0;
	for (int p = 0; ok && p < BENCH_PARTS; p++)
		for (int i = 0; ok && i < shuffle_output_nblocks(o, p); i++) {
			const uint8_t *data;
			size_t		len;
			bool		end = false;
			Batch	   *b;

			ok = shuffle_output_read(o, p, i, &copy, &data, &len, err) &&
				shuffle_block_open(&rd, data, len, err);
			while (ok && !end) {
				arena_reset(&a);
				b = shuffle_block_next(&rd, &a, &end, err);
				ok = b != NULL || end;
				if (b != NULL)
					*rows += b->count;
			}
		}
	shuffle_store_release(s, &o);
	shuffle_block_reader_free(&rd);
	arena_reset(&a);
	buf_free(&copy);
	return ok;
}

static bool
run_level(const MicroOpts *o, MicroData *d, int level, MicroResult *r, Err *err)
{
	char		dir[1024];
	ShuffleStore *s;
	ShuffleEnv	env = {0};
	Quarry__ShuffleOutput out = QUARRY__SHUFFLE_OUTPUT__INIT;
	Quarry__Expr *key[1];
	double		mt[64];
	double		rt[64];
	int			reps = o->reps < 64 ? o->reps : 64;
	uint64_t	rows = 0;
	bool		ok = true;

	snprintf(dir, sizeof(dir), "%s/quarry-bench-shuffle-%d", o->tmpdir, (int) getpid());
	if ((s = shuffle_store_open(dir, INT64_MAX, err)) == NULL)
		return false;
	key[0] = px_col(&d->arena, LI_ORDERKEY, TYPE_INT8);
	out.partitions = BENCH_PARTS;
	out.kind = QUARRY__SHUFFLE_KIND__SHUFFLE_HASH;
	out.n_keys = 1;
	out.keys = key;
	env.store = s;
	env.zstd_level = level;
	for (int i = 0; i < reps && ok; i++) {
		double		t0 = micro_now();

		out.query = (uint64_t) i + 1;	/* a dropped query's id is not reused */
		env.bytes = 0;
		ok = map_all(d, &env, &out, err);
		mt[i] = micro_now() - t0;
		t0 = micro_now();
		ok = ok && read_all(s, out.query, &rows, err) && rows == d->rows;
		rt[i] = micro_now() - t0;
		shuffle_store_drop_query(s, out.query);
	}
	shuffle_store_close(&s);
	rmdir(dir);
	if (!ok)
		return err_is_set(err) ? false : err_set(err, ERRCODE_INTERNAL_ERROR, "rows lost");
	for (int i = 0; i < 2; i++) {
		snprintf(r[i].name, sizeof(r[i].name), "shuffle zstd %d %s", level,
				 i ? "read (unzstd+decode)" : "map (hash+encode+zstd)");
		r[i].rows = d->rows;
		r[i].bytes = (uint64_t) env.bytes;
		r[i].seconds = micro_median(i ? rt : mt, reps);
		snprintf(r[i].note, sizeof(r[i].note), "%d partitions, %.1f compressed bytes/row",
				 BENCH_PARTS, (double) env.bytes / (double) d->rows);
	}
	return true;
}

int
bench_shuffle(const MicroOpts *o, MicroData *d, MicroResult *r)
{
	static const int levels[] = {-1, 1, 3};
	static int	next_level;
	int			level = levels[next_level++ % 3];
	Err			err;

	err_clear(&err);
	/* main.c calls this once per level: three entries in its table */
	if (!run_level(o, d, level, r, &err)) {
		fprintf(stderr, "bench_micro: shuffle at zstd %d: %s\n", level, err.message);
		return -1;
	}
	return 2;
}
