/*
 * parse.c
 *	  libpg_query gives no SQLSTATE: its errors become 42601 at its cursor
 *	  position.  The unpacked tree is freed when the arena is reset.
 */
#include "planner/parse.h"

#include <pg_query.h>
#include <string.h>

static void
free_tree(void *p)
{
	pg_query__parse_result__free_unpacked(p, NULL);
}

/* parse_sql parses sql into a tree that lives as long as a. */
PgQuery__ParseResult *
parse_sql(Arena *a, const char *sql, Err *err)
{
	PgQueryProtobufParseResult res = pg_query_parse_protobuf(sql);
	PgQuery__ParseResult *tree = NULL;

	if (res.error != NULL) {
		err_set(err, ERRCODE_SYNTAX_ERROR, "%s", res.error->message);
		err->position = res.error->cursorpos;
	} else {
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len,
											  (const uint8_t *) res.parse_tree.data);
		if (tree == NULL)
			err_set(err, ERRCODE_INTERNAL_ERROR, "could not unpack the parse tree");
		else
			arena_on_reset(a, free_tree, tree);
	}
	pg_query_free_protobuf_parse_result(res);
	return tree;
}
