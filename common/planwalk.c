/*
 * planwalk.c
 *	  plan_children and plan_params: see planwalk.h.
 */
#include "planwalk.h"

#include "common/arena.h"

/* plan_children puts n's inputs (at most max) in kids and returns how many. */
int
plan_children(const Quarry__PlanNode *n, const Quarry__PlanNode **kids, int max)
{
	int			k = 0;

	if (n == NULL || max < 1)
		return 0;
	switch (n->node_case) {
		case QUARRY__PLAN_NODE__NODE_FILTER:
			kids[k++] = n->filter->input;
			break;
		case QUARRY__PLAN_NODE__NODE_PROJECT:
			kids[k++] = n->project->input;
			break;
		case QUARRY__PLAN_NODE__NODE_AGGREGATE:
			kids[k++] = n->aggregate->input;
			break;
		case QUARRY__PLAN_NODE__NODE_SORT:
			kids[k++] = n->sort->input;
			break;
		case QUARRY__PLAN_NODE__NODE_LIMIT:
			kids[k++] = n->limit->input;
			break;
		case QUARRY__PLAN_NODE__NODE_SINGLE_ROW:
			kids[k++] = n->single_row->input;
			break;
		case QUARRY__PLAN_NODE__NODE_WRITE:
			kids[k++] = n->write->input;
			break;
		case QUARRY__PLAN_NODE__NODE_WINDOW:
			kids[k++] = n->window->input;
			break;
		case QUARRY__PLAN_NODE__NODE_HASH_JOIN:
			kids[k++] = n->hash_join->probe;
			if (k < max)
				kids[k++] = n->hash_join->build;
			break;
		case QUARRY__PLAN_NODE__NODE_SERIES:
			kids[k++] = n->series->input;
			break;
		case QUARRY__PLAN_NODE__NODE_APPLY:
			kids[k++] = n->apply->outer;
			if (k < max)
				kids[k++] = n->apply->inner;
			break;
		case QUARRY__PLAN_NODE__NODE_APPEND:
			for (size_t i = 0; i < n->append->n_inputs && k < max; i++)
				kids[k++] = n->append->inputs[i];
			break;
		case QUARRY__PLAN_NODE__NODE_RECURSIVE_UNION:
			kids[k++] = n->recursive_union->non_recursive;
			if (k < max)
				kids[k++] = n->recursive_union->recursive;
			break;
		default:
			break;				/* leaves: Scan, OneRow, Values, ShuffleRead, WorkTableScan */
	}
	return k;
}

/*
 * plan_params calls fn for every EXPR_PARAM in the message tree m (a plan
 * node or an expression), by the descriptors' fields, so it needs no
 * change when a node kind is added.  Values rows hold no expressions and
 * are not descended into.
 */
void
plan_params(ProtobufCMessage *m, void (*fn) (Quarry__Expr *param, void *arg), void *arg)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	if (d == &quarry__values__descriptor)
		return;
	if (d == &quarry__expr__descriptor &&
		((Quarry__Expr *) m)->kind == QUARRY__EXPR_KIND__EXPR_PARAM)
		fn((Quarry__Expr *) m, arg);
	for (unsigned f = 0; f < d->n_fields; f++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[f];
		char	   *field = (char *) m + fd->offset;

		if (fd->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t		n = *(size_t *) ((char *) m + fd->quantifier_offset);
			ProtobufCMessage **v = *(ProtobufCMessage ***) field;

			for (size_t i = 0; i < n; i++)
				if (v[i] != NULL)
					plan_params(v[i], fn, arg);
			continue;
		}
		if ((fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
			*(uint32_t *) ((char *) m + fd->quantifier_offset) != fd->id)
			continue;
		if (*(ProtobufCMessage **) field != NULL)
			plan_params(*(ProtobufCMessage **) field, fn, arg);
	}
}

/*
 * plan_copy deep-copies n into a (pack and unpack), for whoever rewrites a
 * tree in place: distribute.c, an Apply's parameters.  NULL: out of memory.
 */
Quarry__PlanNode *
plan_copy(Arena *a, const Quarry__PlanNode *n)
{
	return pb_copy(a, &n->base);
}

/*
 * pb_copy deep-copies any protobuf message m into a (pack, then unpack with
 * a's allocator): plans and parse trees that are rewritten in place.
 */
void *
pb_copy(Arena *a, const ProtobufCMessage *m)
{
	ProtobufCAllocator alloc;
	size_t		len = protobuf_c_message_get_packed_size(m);
	uint8_t    *buf = arena_alloc(a, len + 1);

	arena_protobuf_allocator(a, &alloc);
	protobuf_c_message_pack(m, buf);
	return protobuf_c_message_unpack(m->descriptor, &alloc, len, buf);
}
