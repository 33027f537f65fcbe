/*
 * tablefile.c
 *	  Table files from batches alone; see tablefile.h.
 */
#include "exec/tablefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
tablefile_create(TableWriter *w, const char *path, Err *err)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s", path);
	return true;
}

static bool
open_for(TableWriter *w, int ncols, const int32_t *types, Err *err)
{
	int32_t    *ids = calloc(ncols + 1, sizeof(int32_t));

	for (int i = 0; i < ncols; i++)
		ids[i] = i + 1;
	w->w = qcf_writer_open(w->path, ncols, types, ids, &w->opts, err);
	free(ids);
	return w->w != NULL;
}

/* tablefile_write appends the live rows of b. */
bool
tablefile_write(TableWriter *w, const Batch *b, Err *err)
{
	if (w->w == NULL) {
		int32_t    *types = calloc(b->ncols + 1, sizeof(int32_t));
		bool		ok;

		for (int i = 0; i < b->ncols; i++)
			types[i] = b->cols[i].type;
		ok = open_for(w, b->ncols, types, err);
		free(types);
		if (!ok)
			return false;
	}
	return qcf_writer_append(w->w, b, err);
}

/* tablefile_finish makes the file durable under its final name. */
bool
tablefile_finish(TableWriter *w, Err *err)
{
	int32_t		none[1] = {0};

	if (w->w == NULL && !open_for(w, 0, none, err))
		return false;
	return qcf_writer_finish(&w->w, err);
}

void
tablefile_abort(TableWriter *w)
{
	qcf_writer_abort(&w->w);
}
