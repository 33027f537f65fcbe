/*
 * shuffle_store.c
 *	  The worker's map-output store.  See shuffle_store.h.
 *
 *	  Committed outputs hang in a chained hash table keyed by (query,
 *	  shuffle, map).  Each output has per partition an array of blocks, each
 *	  in memory or at an offset of the output's one spill file
 *	  (DIR/<query>-<shuffle>-<map>-<seq>.spill, unlinked when the output is
 *	  freed).  An output is freed when its last reference goes: the table's
 *	  (dropped by replace or drop_query) or a reader's.
 *
 *	  shuffle_store_open, shuffle_store_close, shuffle_store_drop_all, shuffle_store_drop_query,
 *	  shuffle_store_stats, shuffle_writer_begin, shuffle_writer_put,
 *	  shuffle_writer_commit, shuffle_writer_abort, shuffle_store_acquire,
 *	  shuffle_output_partitions, shuffle_output_nblocks,
 *	  shuffle_output_read, shuffle_store_release
 */
#include "exec/shuffle_store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_BUCKETS	1024
#define ENDED_QUERIES	256		/* recently dropped queries remembered */

typedef struct Block {
	uint8_t    *mem;			/* NULL: in the spill file at off */
	int64_t		off;
	size_t		len;
} Block;

typedef struct Part {
	Block	   *blocks;
	int			n;
	int			cap;
} Part;

struct ShuffleMapOutput {
	ShuffleMapOutput *next;		/* hash chain */
	uint64_t	query;
	int32_t		shuffle;
	int32_t		map;
	int32_t		nparts;
	uint64_t	id;				/* unique in the store: tells a re-run's output apart */
	Part	   *parts;
	int			refs;			/* the table's (if linked) plus readers' */
	int64_t		mem_bytes;
	int64_t		spill_bytes;
	int			fd;				/* spill file, -1 = none yet */
	char		path[1100];
};

struct ShuffleWriter {
	ShuffleStore *store;
	ShuffleMapOutput *out;
};

struct ShuffleStore {
	pthread_mutex_t lock;
	char		dir[1024];
	int64_t		memory_limit;
	int64_t		mem_bytes;
	int64_t		spill_bytes;
	int			outputs;
	int			files;
	uint64_t	seq;			/* output ids, which name spill files */
	uint64_t	ended[ENDED_QUERIES];
	int			nended;
	ShuffleMapOutput *buckets[STORE_BUCKETS];
};

static unsigned
bucket_of(uint64_t query, int32_t shuffle, int32_t map)
{
	uint64_t	h = query * 0x9E3779B97F4A7C15ULL;

	h ^= ((uint64_t) (uint32_t) shuffle << 32 | (uint32_t) map) * 0xff51afd7ed558ccdULL;
	return (unsigned) ((h ^ (h >> 29)) % STORE_BUCKETS);
}

/* empty_dir removes the files of dir (a previous run's spill files). */
static bool
empty_dir(const char *dir, Err *err)
{
	DIR		   *d = opendir(dir);
	struct dirent *e;
	char		path[2048];

	if (d == NULL)
		return err_set(err, ERRCODE_IO_ERROR, "could not open shuffle directory \"%s\": %s",
					   dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) != 0 && errno != ENOENT) {
			closedir(d);
			return err_set(err, ERRCODE_IO_ERROR, "could not remove \"%s\": %s",
						   path, strerror(errno));
		}
	}
	closedir(d);
	return true;
}

/* make_dirs creates dir and its missing parents, as mkdir -p does. */
static bool
make_dirs(const char *dir, Err *err)
{
	char		path[1024];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1;; p++) {
		bool		end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return err_set(err, ERRCODE_IO_ERROR, "could not create directory \"%s\": %s",
						   path, strerror(errno));
		if (end)
			return true;
		*p = '/';
	}
}

/*
 * shuffle_store_open creates dir (and its parents) when missing and
 * empties it.  memory_limit is the bytes of blocks kept in memory; 0
 * spills all.
 */
ShuffleStore *
shuffle_store_open(const char *dir, int64_t memory_limit, Err *err)
{
	ShuffleStore *s;

	if (!make_dirs(dir, err) || !empty_dir(dir, err))
		return NULL;
	if ((s = calloc(1, sizeof(ShuffleStore))) == NULL) {
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->memory_limit = memory_limit;
	return s;
}

/* output_free releases an unreferenced output; the lock is held. */
static void
output_free(ShuffleStore *s, ShuffleMapOutput *o)
{
	for (int p = 0; p < o->nparts; p++) {
		for (int i = 0; i < o->parts[p].n; i++)
			free(o->parts[p].blocks[i].mem);
		free(o->parts[p].blocks);
	}
	free(o->parts);
	s->mem_bytes -= o->mem_bytes;
	s->spill_bytes -= o->spill_bytes;
	if (o->fd >= 0) {
		close(o->fd);
		unlink(o->path);
		s->files--;
	}
	free(o);
}

static void
output_unref(ShuffleStore *s, ShuffleMapOutput *o)
{
	if (--o->refs == 0)
		output_free(s, o);
}

void
shuffle_store_close(ShuffleStore **sp)
{
	ShuffleStore *s = *sp;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	for (int b = 0; b < STORE_BUCKETS; b++) {
		while (s->buckets[b] != NULL) {
			ShuffleMapOutput *o = s->buckets[b];

			s->buckets[b] = o->next;
			s->outputs--;
			output_unref(s, o);
		}
	}
	pthread_mutex_unlock(&s->lock);
	pthread_mutex_destroy(&s->lock);
	free(s);
	*sp = NULL;
}

static bool
query_ended(const ShuffleStore *s, uint64_t query)
{
	for (int i = 0; i < s->nended && i < ENDED_QUERIES; i++)
		if (s->ended[i] == query)
			return true;
	return false;
}

/* shuffle_store_drop_query frees every output of query (QUERY_END). */
void
shuffle_store_drop_all(ShuffleStore *s)
{
	pthread_mutex_lock(&s->lock);
	for (int b = 0; b < STORE_BUCKETS; b++)
		while (s->buckets[b] != NULL) {
			ShuffleMapOutput *o = s->buckets[b];

			s->buckets[b] = o->next;
			s->outputs--;
			output_unref(s, o);
		}
	pthread_mutex_unlock(&s->lock);
}

void
shuffle_store_drop_query(ShuffleStore *s, uint64_t query)
{
	pthread_mutex_lock(&s->lock);
	if (!query_ended(s, query))
		s->ended[s->nended++ % ENDED_QUERIES] = query;
	for (int b = 0; b < STORE_BUCKETS; b++) {
		for (ShuffleMapOutput **p = &s->buckets[b]; *p != NULL;) {
			ShuffleMapOutput *o = *p;

			if (o->query != query) {
				p = &o->next;
				continue;
			}
			*p = o->next;
			s->outputs--;
			output_unref(s, o);
		}
	}
	pthread_mutex_unlock(&s->lock);
}

void
shuffle_store_stats(ShuffleStore *s, ShuffleStoreStats *out)
{
	pthread_mutex_lock(&s->lock);
	out->mem_bytes = s->mem_bytes;
	out->spill_bytes = s->spill_bytes;
	out->outputs = s->outputs;
	out->files = s->files;
	pthread_mutex_unlock(&s->lock);
}

/* shuffle_writer_begin starts a map output of partitions partitions. */
ShuffleWriter *
shuffle_writer_begin(ShuffleStore *s, uint64_t query, int32_t shuffle, int32_t map,
					 int32_t partitions, Err *err)
{
	ShuffleWriter *w = calloc(1, sizeof(ShuffleWriter));
	ShuffleMapOutput *o = calloc(1, sizeof(ShuffleMapOutput));

	if (partitions < 1 || partitions > 1 << 20) {
		free(w);
		free(o);
		err_set(err, ERRCODE_PROTOCOL_VIOLATION, "invalid shuffle partition count %d", partitions);
		return NULL;
	}
	if (w == NULL || o == NULL || (o->parts = calloc(partitions, sizeof(Part))) == NULL) {
		free(w);
		free(o);
		err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	o->query = query;
	o->shuffle = shuffle;
	o->map = map;
	o->nparts = partitions;
	o->refs = 1;				/* the writer's, then the table's */
	o->fd = -1;
	pthread_mutex_lock(&s->lock);
	o->id = ++s->seq;
	pthread_mutex_unlock(&s->lock);
	w->store = s;
	w->out = o;
	return w;
}

/* spill appends block to the output's spill file, opened on first use. */
static bool
spill(ShuffleWriter *w, Block *blk, const uint8_t *block, size_t len, Err *err)
{
	ShuffleMapOutput *o = w->out;
	ShuffleStore *s = w->store;
	size_t		done = 0;

	if (o->fd < 0) {
		pthread_mutex_lock(&s->lock);
		snprintf(o->path, sizeof(o->path), "%s/%llu-%d-%d-%llu.spill", s->dir,
				 (unsigned long long) o->query, o->shuffle, o->map,
				 (unsigned long long) o->id);
		o->fd = open(o->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (o->fd >= 0)
			s->files++;
		pthread_mutex_unlock(&s->lock);
		if (o->fd < 0)
			return err_set(err, ERRCODE_IO_ERROR, "could not create shuffle spill file \"%s\": %s",
						   o->path, strerror(errno));
	}
	blk->off = o->spill_bytes;
	while (done < len) {
		ssize_t		n = pwrite(o->fd, block + done, len - done, blk->off + (off_t) done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set(err, ERRCODE_IO_ERROR, "could not write shuffle spill file \"%s\": %s",
						   o->path, n < 0 ? strerror(errno) : "no space");
		done += (size_t) n;
	}
	o->spill_bytes += (int64_t) len;
	pthread_mutex_lock(&s->lock);
	s->spill_bytes += (int64_t) len;
	pthread_mutex_unlock(&s->lock);
	return true;
}

/*
 * take_memory reserves len bytes of the store's memory limit; false when
 * they do not fit (the block is spilled).
 */
static bool
take_memory(ShuffleStore *s, size_t len)
{
	bool		fits;

	pthread_mutex_lock(&s->lock);
	fits = s->mem_bytes + (int64_t) len <= s->memory_limit;
	if (fits)
		s->mem_bytes += (int64_t) len;
	pthread_mutex_unlock(&s->lock);
	return fits;
}

/* shuffle_writer_put adds a copy of one compressed block to partition. */
bool
shuffle_writer_put(ShuffleWriter *w, int32_t partition, const uint8_t *block, size_t len,
				   Err *err)
{
	ShuffleMapOutput *o = w->out;
	Part	   *p;
	Block		blk = {NULL, 0, len};

	if (partition < 0 || partition >= o->nparts)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "shuffle partition %d out of range", partition);
	p = &o->parts[partition];
	if (p->n == p->cap) {
		int			cap = p->cap ? p->cap * 2 : 4;
		Block	   *nb = realloc(p->blocks, sizeof(Block) * (size_t) cap);

		if (nb == NULL)
			return err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		p->blocks = nb;
		p->cap = cap;
	}
	if (take_memory(w->store, len)) {
		if ((blk.mem = malloc(len > 0 ? len : 1)) == NULL) {
			pthread_mutex_lock(&w->store->lock);
			w->store->mem_bytes -= (int64_t) len;
			pthread_mutex_unlock(&w->store->lock);
			return err_set(err, ERRCODE_OUT_OF_MEMORY, "out of memory");
		}
		memcpy(blk.mem, block, len);
		o->mem_bytes += (int64_t) len;
	} else if (!spill(w, &blk, block, len, err))
		return false;
	p->blocks[p->n++] = blk;
	return true;
}

/*
 * shuffle_writer_commit makes the output visible, replacing an earlier
 * output of the same map; a query already ended drops it instead.
 */
void
shuffle_writer_commit(ShuffleWriter **wp)
{
	ShuffleWriter *w = *wp;
	ShuffleStore *s = w->store;
	ShuffleMapOutput *o = w->out;
	unsigned	b = bucket_of(o->query, o->shuffle, o->map);

	pthread_mutex_lock(&s->lock);
	if (query_ended(s, o->query)) {
		output_unref(s, o);
		pthread_mutex_unlock(&s->lock);
		free(w);
		*wp = NULL;
		return;
	}
	for (ShuffleMapOutput **p = &s->buckets[b]; *p != NULL; p = &(*p)->next) {
		ShuffleMapOutput *old = *p;

		if (old->query == o->query && old->shuffle == o->shuffle && old->map == o->map) {
			*p = old->next;
			s->outputs--;
			output_unref(s, old);
			break;
		}
	}
	o->next = s->buckets[b];
	s->buckets[b] = o;
	s->outputs++;
	pthread_mutex_unlock(&s->lock);
	free(w);
	*wp = NULL;
}

/* shuffle_writer_abort drops a map output that will not be committed. */
void
shuffle_writer_abort(ShuffleWriter **wp)
{
	ShuffleWriter *w = *wp;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->store->lock);
	output_unref(w->store, w->out);
	pthread_mutex_unlock(&w->store->lock);
	free(w);
	*wp = NULL;
}

/* shuffle_store_acquire returns a reference to a committed output, or NULL. */
ShuffleMapOutput *
shuffle_store_acquire(ShuffleStore *s, uint64_t query, int32_t shuffle, int32_t map)
{
	ShuffleMapOutput *o;

	pthread_mutex_lock(&s->lock);
	for (o = s->buckets[bucket_of(query, shuffle, map)]; o != NULL; o = o->next)
		if (o->query == query && o->shuffle == shuffle && o->map == map)
			break;
	if (o != NULL)
		o->refs++;
	pthread_mutex_unlock(&s->lock);
	return o;
}

int32_t
shuffle_output_partitions(const ShuffleMapOutput *o)
{
	return o->nparts;
}

/* shuffle_output_id differs between two outputs of the same map (re-runs). */
uint64_t
shuffle_output_id(const ShuffleMapOutput *o)
{
	return o->id;
}

int
shuffle_output_nblocks(const ShuffleMapOutput *o, int32_t partition)
{
	return partition >= 0 && partition < o->nparts ? o->parts[partition].n : 0;
}

/*
 * shuffle_output_read points *data at block i of partition: the block in
 * memory (valid while the reference is held), or its bytes read from the
 * spill file into copy.
 */
bool
shuffle_output_read(const ShuffleMapOutput *o, int32_t partition, int i, Buf *copy,
					const uint8_t **data, size_t *len, Err *err)
{
	const Block *blk;
	size_t		done = 0;

	if (i < 0 || i >= shuffle_output_nblocks(o, partition))
		return err_set(err, ERRCODE_INTERNAL_ERROR, "shuffle block %d.%d out of range", partition, i);
	blk = &o->parts[partition].blocks[i];
	*len = blk->len;
	if (blk->mem != NULL) {
		*data = blk->mem;
		return true;
	}
	buf_reset(copy);
	buf_reserve(copy, blk->len);
	while (done < blk->len) {
		ssize_t		n = pread(o->fd, copy->data + done, blk->len - done, blk->off + (off_t) done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set(err, ERRCODE_IO_ERROR, "could not read shuffle spill file \"%s\": %s",
						   o->path, n < 0 ? strerror(errno) : "unexpected end of file");
		done += (size_t) n;
	}
	copy->len = blk->len;
	*data = copy->data;
	return true;
}

void
shuffle_store_release(ShuffleStore *s, ShuffleMapOutput **op)
{
	if (*op == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	output_unref(s, *op);
	pthread_mutex_unlock(&s->lock);
	*op = NULL;
}
