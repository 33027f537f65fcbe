/*
 * tablefile.c
 *	  Reading and writing table files; see tablefile.h.  A damaged file
 *	  (bad magic, short block, checksum mismatch) is XX001 naming the file.
 */
#include "exec/tablefile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "wire/batchio.h"

#define TABLEFILE_MAGIC "QTF1"
#define TABLEFILE_MAX_BLOCK (256u * 1024 * 1024)

static bool
io_error(Err *err, const char *what, const char *path)
{
	return err_set(err, ERRCODE_IO_ERROR, "could not %s file \"%s\": %s", what, path,
				   strerror(errno));
}

bool
tablefile_create(TableWriter *w, const char *path, Err *err)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s", path);
	snprintf(w->tmp_path, sizeof(w->tmp_path), "%s.tmp", path);
	w->f = fopen(w->tmp_path, "wb");
	if (w->f == NULL)
		return io_error(err, "create", w->tmp_path);
	buf_init(&w->block);
	if (fwrite(TABLEFILE_MAGIC, 1, 4, w->f) != 4) {
		tablefile_abort(w);
		return io_error(err, "write", path);
	}
	return true;
}

/* tablefile_write appends the live rows of b as one block. */
bool
tablefile_write(TableWriter *w, const Batch *b, Err *err)
{
	uint32_t	len;
	uint64_t	sum;

	buf_reset(&w->block);
	batchio_encode(&w->block, b);
	len = (uint32_t) w->block.len;
	sum = XXH64(w->block.data, w->block.len, 0);
	if (fwrite(&len, 4, 1, w->f) != 1 || fwrite(&sum, 8, 1, w->f) != 1 ||
		fwrite(w->block.data, 1, w->block.len, w->f) != w->block.len)
		return io_error(err, "write", w->tmp_path);
	return true;
}

static bool
fsync_dir(const char *path, Err *err)
{
	char		dir[1024];
	int			fd;

	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	if (fd < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		return io_error(err, "fsync directory of", path);
	}
	close(fd);
	return true;
}

/* tablefile_finish makes the file durable under its final name. */
bool
tablefile_finish(TableWriter *w, Err *err)
{
	bool		ok = fflush(w->f) == 0 && fsync(fileno(w->f)) == 0;

	ok = (fclose(w->f) == 0) && ok;
	w->f = NULL;
	buf_free(&w->block);
	if (!ok) {
		unlink(w->tmp_path);
		return io_error(err, "write", w->tmp_path);
	}
	if (rename(w->tmp_path, w->path) != 0) {
		unlink(w->tmp_path);
		return io_error(err, "rename", w->tmp_path);
	}
	return fsync_dir(w->path, err);
}

void
tablefile_abort(TableWriter *w)
{
	if (w->f != NULL)
		fclose(w->f);
	w->f = NULL;
	unlink(w->tmp_path);
	buf_free(&w->block);
}

static bool
corrupt(TableReader *r, Err *err, const char *why)
{
	return err_set(err, ERRCODE_DATA_CORRUPTED, "table file \"%s\" is corrupted: %s",
				   r->path, why);
}

bool
tablefile_open(TableReader *r, const char *path, Err *err)
{
	char		magic[4];

	memset(r, 0, sizeof(*r));
	r->path = path;
	buf_init(&r->block);
	r->f = fopen(path, "rb");
	if (r->f == NULL)
		return io_error(err, "open", path);
	if (fread(magic, 1, 4, r->f) != 4 || memcmp(magic, TABLEFILE_MAGIC, 4) != 0) {
		tablefile_close(r);
		return corrupt(r, err, "bad magic number");
	}
	return true;
}

bool
tablefile_read(TableReader *r, Arena *a, Batch **out, Err *err)
{
	uint32_t	len;
	uint64_t	sum;
	size_t		got = fread(&len, 1, 4, r->f);

	*out = NULL;
	if (got == 0 && feof(r->f))
		return true;
	if (got != 4 || fread(&sum, 8, 1, r->f) != 1)
		return corrupt(r, err, "truncated block header");
	if (len > TABLEFILE_MAX_BLOCK)
		return corrupt(r, err, "block length out of range");
	buf_reset(&r->block);
	buf_reserve(&r->block, len);
	if (fread(r->block.data, 1, len, r->f) != len)
		return corrupt(r, err, "truncated block");
	r->block.len = len;
	if (XXH64(r->block.data, len, 0) != sum)
		return corrupt(r, err, "checksum mismatch");
	*out = batchio_decode(a, r->block.data, len, err);
	if (*out == NULL) {
		err_clear(err);
		return corrupt(r, err, "undecodable block");
	}
	return true;
}

void
tablefile_close(TableReader *r)
{
	if (r->f != NULL)
		fclose(r->f);
	r->f = NULL;
	buf_free(&r->block);
}
