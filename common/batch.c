/*
 * batch.c
 *	  Allocating vectors and batches, string views, copying rows.
 */
#include "common/batch.h"

/* str_make builds a view of s; long strings are copied into a. */
StrView
str_make(Arena *a, const char *s, uint32_t len)
{
	StrView		v;

	memset(&v, 0, sizeof(v));
	v.len = len;
	if (len <= STR_INLINE) {
		if (len > 0)
			memcpy(v.u.inl, s, len);
	} else {
		const char *p = a ? arena_memdup(a, s, len) : s;

		memcpy(v.u.ref.prefix, s, 4);
		memcpy(v.u.ref.ptr, &p, sizeof(p));
	}
	return v;
}

/* str_compare orders by bytes (C collation), shorter first on a tie. */
int
str_compare(const StrView *a, const StrView *b)
{
	uint32_t	n = a->len < b->len ? a->len : b->len;
	int			c = memcmp(str_data(a), str_data(b), n);

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/*
 * str_compare_bpchar orders character(n) values: trailing blanks do not
 * count, so 'a' = 'a  '.
 */
int
str_compare_bpchar(const StrView *a, const StrView *b)
{
	const char *x = str_data(a);
	const char *y = str_data(b);
	uint32_t	xl = a->len;
	uint32_t	yl = b->len;
	uint32_t	n;
	int			c;

	while (xl > 0 && x[xl - 1] == ' ')
		xl--;
	while (yl > 0 && y[yl - 1] == ' ')
		yl--;
	n = xl < yl ? xl : yl;
	c = memcmp(x, y, n);
	if (c != 0)
		return c;
	return (xl > yl) - (xl < yl);
}

bool
str_equal(const StrView *a, const StrView *b)
{
	if (a->len != b->len)
		return false;
	if (a->len <= STR_INLINE)
		return memcmp(a->u.inl, b->u.inl, a->len) == 0;
	return memcmp(a->u.ref.prefix, b->u.ref.prefix, 4) == 0 &&
		memcmp(str_data(a), str_data(b), a->len) == 0;
}

/* vec_alloc gives v room for BATCH_SIZE values of type, all valid. */
void
vec_alloc(Arena *a, Vector *v, TypeId type)
{
	const TypeInfo *ti = type_info(type);

	v->type = type;
	v->phys = ti->phys;
	v->validity = NULL;
	v->data = arena_alloc(a, (size_t) type_phys_width(ti->phys) * BATCH_SIZE);
}

/* vec_set_null marks row i NULL, creating the bitmap on first use. */
void
vec_set_null(Arena *a, Vector *v, uint32_t i)
{
	if (v->validity == NULL) {
		v->validity = arena_alloc(a, BATCH_SIZE / 8);
		memset(v->validity, 0xff, BATCH_SIZE / 8);
	}
	v->validity[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

void
vec_set_valid(Vector *v, uint32_t i)
{
	if (v->validity != NULL)
		v->validity[i / 64] |= UINT64_C(1) << (i % 64);
}

/* batch_new allocates a batch of ncols vectors of the given types in a. */
Batch *
batch_new(Arena *a, int ncols, const int32_t *types)
{
	Batch	   *b = arena_new(a, Batch);

	b->ncols = ncols;
	b->cols = arena_array(a, Vector, ncols > 0 ? ncols : 1);
	for (int i = 0; i < ncols; i++)
		vec_alloc(a, &b->cols[i], (TypeId) types[i]);
	b->arena = a;
	return b;
}

/*
 * batch_copy_row copies row si of src into row di of dst (same column
 * types); long strings are copied into dst's arena.
 */
void
batch_copy_row(Batch *dst, uint32_t di, const Batch *src, uint32_t si)
{
	batch_copy_cols(dst, 0, di, src, si);
}

/*
 * batch_copy_cols copies row si of src into row di of dst's columns
 * first, first + 1, ...: joins that build rows of two inputs' columns.
 */
void
batch_copy_cols(Batch *dst, int first, uint32_t di, const Batch *src, uint32_t si)
{
	for (int c = 0; c < src->ncols; c++) {
		const Vector *sv = &src->cols[c];
		Vector	   *dv = &dst->cols[first + c];
		int			w = type_phys_width(sv->phys);

		if (vec_is_null(sv, si)) {
			vec_set_null(dst->arena, dv, di);
			continue;
		}
		vec_set_valid(dv, di);
		if (sv->phys == PHYS_STR) {
			const StrView *s = (const StrView *) sv->data + si;

			((StrView *) dv->data)[di] = str_make(dst->arena, str_data(s), s->len);
		} else
			memcpy((char *) dv->data + (size_t) di * w,
				   (const char *) sv->data + (size_t) si * w, w);
	}
}

/*
 * batch_compact copies the live rows of b into a new dense batch in a,
 * column by column; long strings are copied too, so the copy outlives b.
 */
Batch *
batch_compact(Arena *a, const Batch *b, const int32_t *types)
{
	Batch	   *o = batch_new(a, b->ncols, types);
	uint32_t	n = batch_rows(b);

	o->count = n;
	for (int c = 0; c < b->ncols; c++) {
		const Vector *sv = &b->cols[c];
		Vector	   *dv = &o->cols[c];
		int			w = type_phys_width(sv->phys);

		if (sv->validity != NULL)
			for (uint32_t k = 0; k < n; k++)
				if (vec_is_null(sv, batch_row(b, k)))
					vec_set_null(a, dv, k);
		if (sv->phys == PHYS_STR) {
			for (uint32_t k = 0; k < n; k++) {
				const StrView *s = (const StrView *) sv->data + batch_row(b, k);
				StrView    *d = (StrView *) dv->data + k;

				if (vec_is_null(sv, batch_row(b, k)))
					memset(d, 0, sizeof(*d));	/* a NULL's view is garbage */
				else
					*d = s->len <= STR_INLINE ? *s : str_make(a, str_data(s), s->len);
			}
		} else if (b->sel == NULL)
			memcpy(dv->data, sv->data, (size_t) n * w);
		else
			for (uint32_t k = 0; k < n; k++)
				memcpy((char *) dv->data + (size_t) k * w,
					   (const char *) sv->data + (size_t) b->sel[k] * w, w);
	}
	return o;
}
