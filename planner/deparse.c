/*
 * deparse.c
 *	  SQL text from parse trees; see deparse.h.  Like parsing, deparsing
 *	  happens on the coordinator's main thread only.
 */
#include "planner/deparse.h"

#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "planner/parse.h"

/* deparse_stmt writes one statement back as SQL. */
char *
deparse_stmt(Arena *a, PgQuery__Node *stmt, Err *err)
{
	PgQuery__ParseResult tree = PG_QUERY__PARSE_RESULT__INIT;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *stmts[1] = {&raw};
	PgQueryProtobuf pb;
	PgQueryDeparseResult res;
	char	   *out = NULL;

	raw.stmt = stmt;
	tree.version = PG_VERSION_NUM;
	tree.n_stmts = 1;
	tree.stmts = stmts;
	pb.len = pg_query__parse_result__get_packed_size(&tree);
	pb.data = malloc(pb.len + 1);
	pg_query__parse_result__pack(&tree, (uint8_t *) pb.data);
	res = pg_query_deparse_protobuf(pb);
	free(pb.data);
	if (res.error != NULL)
		err_set(err, ERRCODE_INTERNAL_ERROR, "could not deparse a statement: %s", res.error->message);
	else
		out = arena_strdup(a, res.query);
	pg_query_free_deparse_result(res);
	return out;
}

typedef struct Rename {
	const char *schema;
	const char *oldname;
	const char *newname;
	void		(*visit) (void *arg, const PgQuery__RangeVar *rv);
	void	   *arg;
} Rename;

static bool
same_schema(const char *s, const char *want)
{
	return s == NULL || s[0] == '\0' ? strcmp(want, "public") == 0 : strcmp(s, want) == 0;
}

/* rename_range_var renames a reference, keeping the old name as its alias. */
static void
rename_range_var(Rename *r, PgQuery__RangeVar *rv)
{
	if (strcmp(rv->relname, r->oldname) != 0 || !same_schema(rv->schemaname, r->schema))
		return;
	/* the tree is freed by protobuf-c's free_unpacked: malloc what goes in */
	free(rv->relname);
	rv->relname = strdup(r->newname);
	if (rv->alias == NULL) {
		rv->alias = malloc(sizeof(PgQuery__Alias));
		pg_query__alias__init(rv->alias);
		rv->alias->aliasname = strdup(r->oldname);
	}
}

static void walk(Rename *r, ProtobufCMessage *m);

static void
walk_field(Rename *r, ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	char	   *base = (char *) m;

	if (f->type != PROTOBUF_C_TYPE_MESSAGE)
		return;
	if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		*(const uint32_t *) (base + f->quantifier_offset) != f->id)
		return;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t		n = *(const size_t *) (base + f->quantifier_offset);
		ProtobufCMessage **items = *(ProtobufCMessage ***) (base + f->offset);

		for (size_t i = 0; i < n; i++)
			walk(r, items[i]);
		return;
	}
	if (*(ProtobufCMessage **) (base + f->offset) != NULL)
		walk(r, *(ProtobufCMessage **) (base + f->offset));
}

static void
walk(Rename *r, ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__range_var__descriptor) {
		if (r->visit != NULL)
			r->visit(r->arg, (const PgQuery__RangeVar *) m);
		else
			rename_range_var(r, (PgQuery__RangeVar *) m);
	}
	for (unsigned i = 0; i < m->descriptor->n_fields; i++)
		walk_field(r, m, &m->descriptor->fields[i]);
}

/*
 * deparse_rename_relation rewrites a query so that it names relation
 * schema.oldname as newname (aliased oldname, so column references keep
 * working).  CTEs of that name would be renamed too; view queries rarely
 * shadow their own tables.
 */
char *
deparse_rename_relation(Arena *a, const char *sql, const char *schema, const char *oldname,
						const char *newname, Err *err)
{
	PgQuery__ParseResult *tree = parse_sql(a, sql, err);
	Rename		r = {schema, oldname, newname, NULL, NULL};

	if (tree == NULL)
		return NULL;
	if (tree->n_stmts != 1 || tree->stmts[0]->stmt == NULL) {
		err_set(err, ERRCODE_INTERNAL_ERROR, "a view's query is not one statement");
		return NULL;
	}
	walk(&r, &tree->stmts[0]->stmt->base);
	return deparse_stmt(a, tree->stmts[0]->stmt, err);
}

/* deparse_range_vars calls fn on every relation reference of a statement. */
void
deparse_range_vars(const PgQuery__Node *stmt, void (*fn) (void *arg, const PgQuery__RangeVar *rv),
				   void *arg)
{
	Rename		r = {NULL, NULL, NULL, fn, arg};

	walk(&r, (ProtobufCMessage *) &stmt->base);
}
