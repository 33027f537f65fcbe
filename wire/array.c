/*
 * array.c
 *	  One-dimensional arrays: PostgreSQL's text input and output (quoting
 *	  as array_in and array_out do) and the binary form of array_send.
 *
 *	  INTERFACE ROUTINES
 *		array_parse		text form -> element Values
 *		array_text		element Values -> canonical text form
 *		array_in		text form -> canonical array Value (checks each element)
 *		array_send		binary output for the wire
 *		array_recv		binary input (Bind parameters)
 *
 *	  Multidimensional arrays and dimension decorations ([0:2]={...}) are
 *	  0A000.
 */
#include "wire/array.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "wire/typebin.h"
#include "wire/typeio.h"

static bool
is_vector(TypeId t)
{
	return t == TYPE_INT2VECTOR || t == TYPE_OIDVECTOR;
}

/* array_lbound is the lower bound of an array type's values. */
int
array_lbound(TypeId type)
{
	return is_vector(type) ? 0 : 1;
}

static bool
malformed(Err *err, const char *s, size_t len, const char *detail)
{
	err_set(err, ERRCODE_INVALID_TEXT_REPR, "malformed array literal: \"%.*s\"", (int) len, s);
	if (detail != NULL)
		err_detail(err, "%s", detail);
	return false;
}

/* One element's text while parsing: unescaped bytes, quoted or not. */
typedef struct Elem {
	char	   *p;
	size_t		len;
	bool		null;
	bool		literal;		/* quoted or escaped somewhere */
} Elem;

/*
 * read_elem reads one element starting at s[*i] up to ',' or '}' (not
 * consumed); false when the text ends first.
 */
static bool
read_elem(Arena *a, const char *s, size_t len, size_t *i, Elem *e)
{
	char	   *out = arena_alloc(a, len + 1);
	size_t		n = 0;
	size_t		keep = 0;		/* length up to the last escaped or quoted byte */
	bool		quoted_any = false;
	bool		escaped = false;
	bool		in_quotes = false;

	while (*i < len) {
		char		ch = s[*i];

		if (in_quotes) {
			if (ch == '\\' && *i + 1 < len) {
				out[n++] = s[++*i];
				keep = n;
			} else if (ch == '"')
				in_quotes = false;
			else {
				out[n++] = ch;
				keep = n;
			}
			(*i)++;
			continue;
		}
		if (ch == ',' || ch == '}')
			break;
		if (ch == '{')
			return false;
		if (ch == '"') {
			in_quotes = quoted_any = true;
			keep = n;
		} else if (ch == '\\' && *i + 1 < len) {
			out[n++] = s[++*i];
			keep = n;
			escaped = true;
		} else {
			if (n == 0 && !quoted_any && isspace((unsigned char) ch)) {
				(*i)++;
				continue;
			}
			out[n++] = ch;
			if (!isspace((unsigned char) ch))
				keep = n;
		}
		(*i)++;
	}
	if (in_quotes || *i >= len)
		return false;
	out[keep] = '\0';
	e->p = out;
	e->len = keep;
	e->literal = quoted_any || escaped;
	e->null = !e->literal && keep == 4 && strncasecmp(out, "NULL", 4) == 0;
	return true;
}

/* split_braces splits {a,b,...} into elements. */
static bool
split_braces(Arena *a, const char *s, size_t len, Elem **elems, int *n, Err *err)
{
	size_t		i = 0;
	int			cap = 8;

	*n = 0;
	*elems = arena_array(a, Elem, cap);
	while (i < len && isspace((unsigned char) s[i]))
		i++;
	if (i < len && s[i] == '[')
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "array dimension decorations are not supported yet");
	if (i >= len || s[i] != '{')
		return malformed(err, s, len, "Array value must start with \"{\" or dimension information.");
	i++;
	while (i < len && isspace((unsigned char) s[i]))
		i++;
	if (i < len && s[i] == '{')
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "multidimensional arrays are not supported yet");
	if (i < len && s[i] == '}')
		i++;
	else
		for (;;) {
			if (*n == cap) {
				Elem	   *grown = arena_array(a, Elem, cap * 2);

				memcpy(grown, *elems, sizeof(Elem) * (size_t) cap);
				*elems = grown;
				cap *= 2;
			}
			if (!read_elem(a, s, len, &i, &(*elems)[*n]))
				return malformed(err, s, len, "Unexpected end of input.");
			if ((*elems)[*n].len == 0 && !(*elems)[*n].literal)
				return malformed(err, s, len, "Unexpected \",\" character.");
			(*n)++;
			if (s[i++] == '}')
				break;
		}
	while (i < len && isspace((unsigned char) s[i]))
		i++;
	if (i != len)
		return malformed(err, s, len, "Junk after closing right brace.");
	return true;
}

/* split_spaces splits int2vector / oidvector text "1 2 3". */
static void
split_spaces(Arena *a, const char *s, size_t len, Elem **elems, int *n)
{
	size_t		i = 0;

	*n = 0;
	*elems = arena_array(a, Elem, len / 2 + 1);
	while (i < len) {
		size_t		start;

		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		(*elems)[*n].p = arena_strndup(a, s + start, i - start);
		(*elems)[*n].len = i - start;
		(*elems)[*n].null = false;
		(*elems)[*n].literal = false;
		(*n)++;
	}
}

/* array_parse reads an array's text form into element values. */
bool
array_parse(Arena *a, TypeId type, const char *s, size_t len, ArrayVals *out, Err *err)
{
	TypeId		elem = type_array_elem(type);
	Elem	   *elems;
	int			n;

	out->type = type;
	out->lbound = array_lbound(type);
	if (is_vector(type))
		split_spaces(a, s, len, &elems, &n);
	else if (!split_braces(a, s, len, &elems, &n, err))
		return false;
	out->n = n;
	out->v = arena_array(a, Value, n > 0 ? n : 1);
	for (int k = 0; k < n; k++) {
		memset(&out->v[k], 0, sizeof(Value));
		out->v[k].type = elem;
		if (elems[k].null)
			out->v[k].is_null = true;
		else if (!typeio_parse(a, elem, elems[k].p, elems[k].len, &out->v[k], err))
			return false;
	}
	return true;
}

static bool
needs_quotes(const char *p, size_t len)
{
	if (len == 0 || (len == 4 && strncasecmp(p, "NULL", 4) == 0))
		return true;
	for (size_t i = 0; i < len; i++)
		if (p[i] == '"' || p[i] == '\\' || p[i] == '{' || p[i] == '}' || p[i] == ',' ||
			isspace((unsigned char) p[i]))
			return true;
	return false;
}

/* array_put_elem appends one element as array_out writes it (NULL as NULL). */
void
array_put_elem(Buf *b, const Value *v)
{
	Buf			t;

	if (v->is_null) {
		buf_put(b, "NULL", 4);
		return;
	}
	buf_init(&t);
	typeio_text(&t, v);
	if (!needs_quotes((const char *) t.data, t.len))
		buf_put(b, t.data, t.len);
	else {
		buf_put_u8(b, '"');
		for (size_t i = 0; i < t.len; i++) {
			if (t.data[i] == '"' || t.data[i] == '\\')
				buf_put_u8(b, '\\');
			buf_put_u8(b, t.data[i]);
		}
		buf_put_u8(b, '"');
	}
	buf_free(&t);
}

/* array_text appends the canonical text form of x. */
void
array_text(Buf *b, const ArrayVals *x)
{
	bool		vec = is_vector(x->type);

	if (!vec)
		buf_put_u8(b, '{');
	for (int k = 0; k < x->n; k++) {
		if (k > 0)
			buf_put_u8(b, vec ? ' ' : ',');
		array_put_elem(b, &x->v[k]);
	}
	if (!vec)
		buf_put_u8(b, '}');
}

/* array_value makes an array Value (allocated in a) from element values. */
void
array_value(Arena *a, const ArrayVals *x, Value *out)
{
	Buf			b;

	buf_init(&b);
	array_text(&b, x);
	memset(out, 0, sizeof(*out));
	out->type = x->type;
	out->u.s.p = arena_strndup(a, b.len > 0 ? (const char *) b.data : "", b.len);
	out->u.s.len = (uint32_t) b.len;
	buf_free(&b);
}

/* array_in reads an array literal, checking each element, into canonical form. */
bool
array_in(Arena *a, TypeId type, const char *s, size_t len, Value *out, Err *err)
{
	ArrayVals	x;

	if (!array_parse(a, type, s, len, &x, err))
		return false;
	array_value(a, &x, out);
	return true;
}

/* array_cast casts each element of an array to target's element type. */
bool
array_cast(Arena *a, const Value *in, TypeId target, Value *out, Err *err)
{
	ArrayVals	x;
	TypeId		elem = type_array_elem(target);

	if (!array_parse(a, in->type, in->u.s.p, in->u.s.len, &x, err))
		return false;
	for (int k = 0; k < x.n; k++) {
		Value		y;

		if (!value_cast(a, &x.v[k], elem, &y, err))
			return false;
		x.v[k] = y;
	}
	x.type = target;
	array_value(a, &x, out);
	return true;
}

/*
 * array_recv reads PostgreSQL's binary array (array_send's layout, one
 * dimension or none) as an array Value: what Bind gives for a binary
 * array parameter.  The element type OID must be the array type's.
 */
bool
array_recv(Arena *a, TypeId type, const uint8_t *p, size_t len, Value *out, Err *err)
{
	Reader		r;
	ArrayVals	x;
	uint32_t	ndim;
	TypeId		elem = type_array_elem(type);

	reader_init(&r, p, len);
	ndim = reader_u32(&r);
	(void) reader_u32(&r);		/* has-nulls flag: the lengths say it */
	if (reader_u32(&r) != type_info(elem)->oid && r.ok)
		return err_set(err, ERRCODE_DATATYPE_MISMATCH,
					   "binary data has array element type other than %s", type_info(elem)->name);
	if (ndim > 1)
		return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
					   "multidimensional arrays are not supported yet");
	x.type = type;
	x.lbound = array_lbound(type);
	x.n = 0;
	if (ndim == 1) {
		x.n = (int) reader_u32(&r);
		(void) reader_u32(&r);	/* lower bound: Quarry's arrays start at 1 */
	}
	if (!r.ok || x.n < 0 || (size_t) x.n > len)
		return err_set(err, "22P03", "insufficient data left in message");
	x.v = arena_array(a, Value, x.n + 1);
	for (int k = 0; k < x.n; k++) {
		uint32_t	elen = reader_u32(&r);
		const uint8_t *ep;

		if (elen == UINT32_MAX) {
			memset(&x.v[k], 0, sizeof(Value));
			x.v[k].type = elem;
			x.v[k].is_null = true;
			continue;
		}
		if ((ep = reader_bytes(&r, elen)) == NULL || !r.ok)
			return err_set(err, "22P03",
						   "insufficient data left in message");
		if (!typebin_parse(a, elem, ep, elen, &x.v[k], err))
			return false;
	}
	if (!reader_at_end(&r))
		return err_set(err, "22P03",
					   "incorrect binary data format in array");
	array_value(a, &x, out);
	return true;
}

/*
 * array_send writes PostgreSQL's binary array: ndim, has-nulls flag,
 * element type OID, per dimension its length and lower bound, then each
 * element as a length (-1 for NULL) and its binary form.
 */
void
array_send(Buf *b, const Value *v)
{
	Arena		a;
	ArrayVals	x;
	Err			err;
	bool		nulls = false;

	arena_init(&a);
	err_clear(&err);
	if (!array_parse(&a, v->type, v->u.s.p, v->u.s.len, &x, &err))
		x.n = 0;
	for (int k = 0; k < x.n; k++)
		nulls |= x.v[k].is_null;
	buf_put_u32(b, x.n > 0 ? 1 : 0);
	buf_put_u32(b, nulls ? 1 : 0);
	buf_put_u32(b, type_info(type_array_elem(v->type))->oid);
	if (x.n > 0) {
		buf_put_u32(b, (uint32_t) x.n);
		buf_put_u32(b, (uint32_t) array_lbound(v->type));
	}
	for (int k = 0; k < x.n; k++) {
		size_t		lenpos;

		if (x.v[k].is_null) {
			buf_put_u32(b, UINT32_MAX);
			continue;
		}
		lenpos = b->len;
		buf_put_u32(b, 0);
		typeio_binary(b, &x.v[k]);
		buf_set_u32(b, lenpos, (uint32_t) (b->len - lenpos - 4));
	}
	arena_reset(&a);
}
