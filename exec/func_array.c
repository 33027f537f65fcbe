/*
 * func_array.c
 *	  Running the functions planner/func_array.c binds: arrays, regular
 *	  expressions (PCRE2) and the string functions of catalog queries.
 *
 *	  These run row by row over Values: arrays are PostgreSQL text in a
 *	  string vector (wire/array.c), parsed when used, and the catalog
 *	  queries that use them touch few rows.  A regular expression is
 *	  compiled once per thread and pattern (a small cache freed when the
 *	  thread ends), not per row.
 *
 *	  PostgreSQL's regular expressions (ARE) are read by PCRE2 with its
 *	  word-boundary escapes translated (\m \M \y \Y); what PCRE2 reads
 *	  differently (back-references inside lookbehind, the "***" director
 *	  prefixes, collating elements [[.x.]]) is not translated.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "exec/expr_int.h"
#include "wire/array.h"
#include "wire/typeio.h"

Vector	   *eval_func_array(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err);

/* ---- small helpers ---- */

static Value
text_value(const char *p, size_t len)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = TYPE_TEXT;
	v.u.s.p = p;
	v.u.s.len = (uint32_t) len;
	return v;
}

static Value
int_value(int64_t i)
{
	Value		v;

	memset(&v, 0, sizeof(v));
	v.type = TYPE_INT4;
	v.u.i = i;
	return v;
}

static Value
buf_value(Arena *a, TypeId t, const Buf *b)
{
	Value		v = text_value(arena_strndup(a, b->len > 0 ? (const char *) b->data : "", b->len),
							   b->len);

	v.type = t;
	return v;
}

static bool
parse(Arena *a, const Value *v, ArrayVals *x, Err *err)
{
	return array_parse(a, v->type, v->u.s.p, v->u.s.len, x, err);
}

/* ---- regular expressions ---- */

#define RE_CACHE 32

typedef struct ReEntry {
	char	   *pattern;		/* malloc'd */
	size_t		len;
	uint32_t	options;
	pcre2_code *code;
} ReEntry;

/* Each thread's compiled patterns, freed when the thread ends. */
typedef struct ReCache {
	ReEntry		e[RE_CACHE];
	int			next;
} ReCache;

static pthread_key_t re_key;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void
re_cache_free(void *p)
{
	ReCache    *c = p;

	for (int i = 0; i < RE_CACHE; i++)
		if (c->e[i].code != NULL) {
			pcre2_code_free(c->e[i].code);
			free(c->e[i].pattern);
		}
	free(c);
}

static void
re_key_make(void)
{
	(void) pthread_key_create(&re_key, re_cache_free);
}

static ReCache *
re_cache_get(void)
{
	ReCache    *c;

	(void) pthread_once(&re_once, re_key_make);
	if ((c = pthread_getspecific(re_key)) == NULL) {
		c = calloc(1, sizeof(ReCache));
		(void) pthread_setspecific(re_key, c);
	}
	return c;
}

/* translate rewrites PostgreSQL's word-boundary escapes for PCRE2. */
static char *
translate(const char *p, size_t len, size_t *outlen)
{
	char	   *out = malloc(len * 8 + 1);
	size_t		n = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep = NULL;

		if (p[i] == '\\' && i + 1 < len) {
			switch (p[i + 1]) {
				case 'm':
					rep = "\\b(?=\\w)";
					break;
				case 'M':
					rep = "\\b(?<=\\w)";
					break;
				case 'y':
					rep = "\\b";
					break;
				case 'Y':
					rep = "\\B";
					break;
				default:
					out[n++] = p[i++];
					out[n++] = p[i];
					continue;
			}
			memcpy(out + n, rep, strlen(rep));
			n += strlen(rep);
			i++;
			continue;
		}
		out[n++] = p[i];
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

/* pg_message words PCRE2's commonest compile errors as PostgreSQL's regcomp does. */
static const char *
pg_message(const char *pcre)
{
	if (strstr(pcre, "parenthesis") != NULL)
		return "parentheses () not balanced";
	if (strstr(pcre, "terminating ]") != NULL)
		return "brackets [] not balanced";
	if (strstr(pcre, "quantifier does not follow") != NULL)
		return "quantifier operand invalid";
	if (strstr(pcre, "\\ at end of pattern") != NULL)
		return "invalid escape \\ sequence";
	return pcre;
}

/* regex_get compiles (or finds) a pattern; NULL with err set when invalid. */
static pcre2_code *
regex_get(const char *p, size_t len, bool icase, Err *err)
{
	uint32_t	options = PCRE2_UTF | (icase ? PCRE2_CASELESS : 0);
	ReEntry    *slot;
	char	   *pat;
	size_t		plen;
	int			code;
	PCRE2_SIZE	off;
	pcre2_code *re;

	ReCache    *cache = re_cache_get();

	for (int i = 0; i < RE_CACHE; i++)
		if (cache->e[i].code != NULL && cache->e[i].len == len && cache->e[i].options == options &&
			memcmp(cache->e[i].pattern, p, len) == 0)
			return cache->e[i].code;
	pat = translate(p, len, &plen);
	re = pcre2_compile((PCRE2_SPTR) pat, plen, options, &code, &off, NULL);
	free(pat);
	if (re == NULL) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(code, msg, sizeof(msg));
		err_set(err, "2201B", "invalid regular expression: %s", pg_message((const char *) msg));
		return NULL;
	}
	slot = &cache->e[cache->next];
	cache->next = (cache->next + 1) % RE_CACHE;
	if (slot->code != NULL) {
		pcre2_code_free(slot->code);
		free(slot->pattern);
	}
	slot->pattern = malloc(len + 1);
	memcpy(slot->pattern, p, len);
	slot->len = len;
	slot->options = options;
	slot->code = re;
	return re;
}

/* regex_exec matches s from offset; rc > 0 when it matched, ovector in md. */
static int
regex_exec(pcre2_code *re, const Value *s, size_t from, pcre2_match_data *md, Err *err)
{
	int			rc = pcre2_match(re, (PCRE2_SPTR) s->u.s.p, s->u.s.len, from, 0, md, NULL);

	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(rc, msg, sizeof(msg));
		err_set(err, "2201B", "regular expression failed: %s", (const char *) msg);
	}
	return rc;
}

static bool
regex_match(const Value *argv, Value *out, Err *err)
{
	int			flags = (int) argv[2].u.i;
	pcre2_code *re = regex_get(argv[1].u.s.p, argv[1].u.s.len, flags & 1, err);
	pcre2_match_data *md;
	int			rc;

	if (re == NULL)
		return false;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = regex_exec(re, &argv[0], 0, md, err);
	pcre2_match_data_free(md);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return false;
	out->type = TYPE_BOOL;
	out->u.b = (rc > 0) != ((flags & 2) != 0);
	return true;
}

static bool
regex_flags(const Value *f, bool *icase, bool *global, Err *err)
{
	*icase = *global = false;
	for (uint32_t i = 0; f != NULL && i < f->u.s.len; i++)
		switch (f->u.s.p[i]) {
			case 'i':
				*icase = true;
				break;
			case 'g':
				*global = true;
				break;
			case 'c':
				*icase = false;
				break;
			default:
				return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
							   "invalid regular expression option: \"%c\"", f->u.s.p[i]);
		}
	return true;
}

/* put_replacement appends repl with \1..\9 and \& taken from the match. */
static void
put_replacement(Buf *b, const Value *src, const Value *repl, const PCRE2_SIZE *ov, int nsub)
{
	const char *r = repl->u.s.p;

	for (uint32_t i = 0; i < repl->u.s.len; i++) {
		int			g = -1;

		if (r[i] == '\\' && i + 1 < repl->u.s.len) {
			if (r[i + 1] >= '1' && r[i + 1] <= '9')
				g = r[i + 1] - '0';
			else if (r[i + 1] == '&')
				g = 0;
			else if (r[i + 1] == '\\') {
				buf_put_u8(b, '\\');
				i++;
				continue;
			}
		}
		if (g < 0) {
			buf_put_u8(b, (uint8_t) r[i]);
			continue;
		}
		i++;
		if (g < nsub && ov[2 * g] != PCRE2_UNSET)
			buf_put(b, src->u.s.p + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
}

static bool
regexp_replace(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	bool		icase;
	bool		global;
	pcre2_code *re;
	pcre2_match_data *md;
	size_t		pos = 0;
	Buf			b;
	bool		ok = true;

	if (!regex_flags(n > 3 ? &argv[3] : NULL, &icase, &global, err) ||
		(re = regex_get(argv[1].u.s.p, argv[1].u.s.len, icase, err)) == NULL)
		return false;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	buf_init(&b);
	while (pos <= argv[0].u.s.len) {
		int			rc = regex_exec(re, &argv[0], pos, md, err);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		if (rc < 0) {
			ok = rc == PCRE2_ERROR_NOMATCH;
			break;
		}
		buf_put(&b, argv[0].u.s.p + pos, ov[0] - pos);
		put_replacement(&b, &argv[0], &argv[2], ov, rc);
		if (ov[1] == ov[0]) {
			if (ov[0] < argv[0].u.s.len)
				buf_put_u8(&b, (uint8_t) argv[0].u.s.p[ov[0]]);
			pos = ov[0] + 1;
		} else
			pos = ov[1];
		if (!global)
			break;
	}
	if (pos < argv[0].u.s.len)
		buf_put(&b, argv[0].u.s.p + pos, argv[0].u.s.len - pos);
	pcre2_match_data_free(md);
	if (ok)
		*out = buf_value(a, TYPE_TEXT, &b);
	buf_free(&b);
	return ok;
}

static bool
regexp_match(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	bool		icase;
	bool		global;
	pcre2_code *re;
	pcre2_match_data *md;
	int			rc;
	ArrayVals	x;

	if (!regex_flags(n > 2 ? &argv[2] : NULL, &icase, &global, err) ||
		(re = regex_get(argv[1].u.s.p, argv[1].u.s.len, icase, err)) == NULL)
		return false;
	if (global)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "regexp_match() does not support the \"global\" option");
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = regex_exec(re, &argv[0], 0, md, err);
	if (rc > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		int			first = rc > 1 ? 1 : 0;

		x.type = TYPE_TEXT_ARRAY;
		x.lbound = 1;
		x.n = rc > 1 ? rc - 1 : 1;
		x.v = arena_array(a, Value, x.n);
		for (int g = first; g < first + x.n; g++)
			x.v[g - first] = ov[2 * g] == PCRE2_UNSET ? value_null(TYPE_TEXT) :
				text_value(argv[0].u.s.p + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		array_value(a, &x, out);
	} else
		*out = value_null(TYPE_TEXT_ARRAY);
	pcre2_match_data_free(md);
	return rc > 0 || rc == PCRE2_ERROR_NOMATCH;
}

/*
 * regexp_split splits at each match, as PostgreSQL's regexp_split_to_array:
 * a zero-length match at the start or end of the string, or right after
 * the previous match, does not split.
 */
static bool
regexp_split(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	bool		icase;
	bool		global;
	pcre2_code *re;
	pcre2_match_data *md;
	size_t		len = argv[0].u.s.len;
	size_t		start = 0;
	size_t		from = 0;
	size_t		prev_end = (size_t) -1;
	int			cap = 8;
	ArrayVals	x;
	bool		ok = true;

	if (!regex_flags(n > 2 ? &argv[2] : NULL, &icase, &global, err) ||
		(re = regex_get(argv[1].u.s.p, argv[1].u.s.len, icase, err)) == NULL)
		return false;
	if (global)
		return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
					   "regexp_split_to_array() does not support the \"global\" option");
	x.type = TYPE_TEXT_ARRAY;
	x.lbound = 1;
	x.n = 0;
	x.v = arena_array(a, Value, cap);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	while (from <= len) {
		int			rc = regex_exec(re, &argv[0], from, md, err);
		PCRE2_SIZE *ov;
		size_t		ms;
		size_t		me;

		if (rc <= 0) {
			ok = rc == PCRE2_ERROR_NOMATCH;
			break;
		}
		ov = pcre2_get_ovector_pointer(md);
		ms = ov[0];
		me = ov[1];
		if (ms == me && (ms == 0 || ms == len || ms == prev_end)) {
			from = ms + 1;
			while (from < len && (argv[0].u.s.p[from] & 0xC0) == 0x80)
				from++;
			continue;
		}
		if (x.n + 1 >= cap) {
			Value	   *grown = arena_array(a, Value, cap * 2);

			memcpy(grown, x.v, sizeof(Value) * (size_t) x.n);
			x.v = grown;
			cap *= 2;
		}
		x.v[x.n++] = text_value(argv[0].u.s.p + start, ms - start);
		start = me;
		prev_end = me;
		from = me;
		if (me == ms) {
			from = me + 1;
			while (from < len && (argv[0].u.s.p[from] & 0xC0) == 0x80)
				from++;
		}
	}
	pcre2_match_data_free(md);
	if (!ok)
		return false;
	if (x.n + 1 >= cap) {
		Value	   *grown = arena_array(a, Value, cap + 1);

		memcpy(grown, x.v, sizeof(Value) * (size_t) x.n);
		x.v = grown;
	}
	x.v[x.n++] = text_value(argv[0].u.s.p + start, len - start);
	array_value(a, &x, out);
	return true;
}

/* ---- arrays ---- */

static bool
array_build(Arena *a, const Quarry__Expr *e, const Value *argv, int n, Value *out)
{
	ArrayVals	x;

	x.type = (TypeId) e->type;
	x.lbound = 1;
	x.n = n;
	x.v = (Value *) argv;
	array_value(a, &x, out);
	return true;
}

static bool
subscript(Arena *a, const Value *argv, Value *out, Err *err)
{
	ArrayVals	x;
	int64_t		k;

	if (!parse(a, &argv[0], &x, err))
		return false;
	k = argv[1].u.i - x.lbound;
	*out = k >= 0 && k < x.n ? x.v[k] : value_null(type_array_elem(argv[0].type));
	return true;
}

static bool
op_holds(int op, int c)
{
	switch (op) {
		case QUARRY__EXPR_OP__OP_EQ:
			return c == 0;
		case QUARRY__EXPR_OP__OP_NE:
			return c != 0;
		case QUARRY__EXPR_OP__OP_LT:
			return c < 0;
		case QUARRY__EXPR_OP__OP_LE:
			return c <= 0;
		case QUARRY__EXPR_OP__OP_GT:
			return c > 0;
		default:
			return c >= 0;
	}
}

/*
 * any_all: x op ANY (array) is true when some element satisfies it, NULL
 * when none does but some comparison was NULL, false otherwise; ALL the
 * dual.  An empty array gives false for ANY and true for ALL.
 */
static bool
any_all(Arena *a, bool all, const Value *argv, Value *out, Err *err)
{
	ArrayVals	x;
	bool		saw_null = false;

	out->type = TYPE_BOOL;
	out->is_null = false;
	if (argv[1].is_null) {
		*out = value_null(TYPE_BOOL);
		return true;
	}
	if (!parse(a, &argv[1], &x, err))
		return false;
	for (int k = 0; k < x.n; k++) {
		Value		y;
		bool		holds;

		if (argv[0].is_null || x.v[k].is_null) {
			saw_null = true;
			continue;
		}
		if (!value_cast(a, &x.v[k], argv[0].type, &y, err))
			return false;
		holds = op_holds((int) argv[2].u.i, value_cmp(&argv[0], &y));
		if (holds != all) {
			out->u.b = !all;
			return true;
		}
	}
	if (saw_null)
		*out = value_null(TYPE_BOOL);
	else
		out->u.b = all;
	return true;
}

static bool
array_to_string(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	ArrayVals	x;
	Buf			b;
	bool		first = true;

	if (!parse(a, &argv[0], &x, err))
		return false;
	buf_init(&b);
	for (int k = 0; k < x.n; k++) {
		if (x.v[k].is_null && (n < 3 || argv[2].is_null))
			continue;
		if (!first)
			buf_put(&b, argv[1].u.s.p, argv[1].u.s.len);
		first = false;
		if (x.v[k].is_null)
			buf_put(&b, argv[2].u.s.p, argv[2].u.s.len);
		else
			typeio_text(&b, &x.v[k]);
	}
	*out = buf_value(a, TYPE_TEXT, &b);
	buf_free(&b);
	return true;
}

static bool
array_bounds(Arena *a, int fn, const Value *argv, Value *out, Err *err)
{
	ArrayVals	x;

	if (!parse(a, &argv[0], &x, err))
		return false;
	if (fn == QUARRY__SCALAR_FUNC__FN_CARDINALITY) {
		*out = int_value(x.n);
		return true;
	}
	if (argv[1].u.i != 1 || x.n == 0) {
		*out = value_null(TYPE_INT4);
		return true;
	}
	*out = int_value(fn == QUARRY__SCALAR_FUNC__FN_ARRAY_LOWER ? x.lbound :
					 fn == QUARRY__SCALAR_FUNC__FN_ARRAY_UPPER ? x.lbound + x.n - 1 : x.n);
	return true;
}

static bool
array_position(Arena *a, const Value *argv, Value *out, Err *err)
{
	ArrayVals	x;

	if (argv[0].is_null) {
		*out = value_null(TYPE_INT4);
		return true;
	}
	if (!parse(a, &argv[0], &x, err))
		return false;
	*out = value_null(TYPE_INT4);
	for (int k = 0; k < x.n; k++)
		if (x.v[k].is_null ? argv[1].is_null :
			!argv[1].is_null && value_cmp(&x.v[k], &argv[1]) == 0) {
			*out = int_value(x.lbound + k);
			break;
		}
	return true;
}

static bool
array_cat(Arena *a, const Value *argv, Value *out, Err *err)
{
	ArrayVals	x;
	ArrayVals	y;
	ArrayVals	r;

	if (argv[0].is_null || argv[1].is_null) {
		*out = argv[0].is_null ? argv[1] : argv[0];
		return true;
	}
	if (!parse(a, &argv[0], &x, err) || !parse(a, &argv[1], &y, err))
		return false;
	r = x;
	r.n = x.n + y.n;
	r.v = arena_array(a, Value, r.n + 1);
	memcpy(r.v, x.v, sizeof(Value) * (size_t) x.n);
	memcpy(r.v + x.n, y.v, sizeof(Value) * (size_t) y.n);
	array_value(a, &r, out);
	return true;
}

/* string_to_array(s, delim[, null]): a NULL delimiter splits into characters. */
static bool
string_to_array(Arena *a, const Value *argv, int n, Value *out)
{
	const Value *s = &argv[0];
	ArrayVals	x;
	uint32_t	pos = 0;

	x.type = TYPE_TEXT_ARRAY;
	x.lbound = 1;
	x.n = 0;
	x.v = arena_array(a, Value, s->u.s.len + 1);
	if (s->u.s.len > 0) {
		if (argv[1].is_null) {
			while (pos < s->u.s.len) {
				uint32_t	w = 1;

				while (pos + w < s->u.s.len && ((unsigned char) s->u.s.p[pos + w] & 0xC0) == 0x80)
					w++;
				x.v[x.n++] = text_value(s->u.s.p + pos, w);
				pos += w;
			}
		} else if (argv[1].u.s.len == 0)
			x.v[x.n++] = *s;
		else
			for (;;) {
				const char *hit = memmem(s->u.s.p + pos, s->u.s.len - pos, argv[1].u.s.p,
										 argv[1].u.s.len);
				uint32_t	end = hit ? (uint32_t) (hit - s->u.s.p) : s->u.s.len;

				x.v[x.n++] = text_value(s->u.s.p + pos, end - pos);
				if (hit == NULL)
					break;
				pos = end + argv[1].u.s.len;
			}
	}
	for (int k = 0; n > 2 && !argv[2].is_null && k < x.n; k++)
		if (x.v[k].u.s.len == argv[2].u.s.len &&
			memcmp(x.v[k].u.s.p, argv[2].u.s.p, argv[2].u.s.len) == 0)
			x.v[k].is_null = true;
	array_value(a, &x, out);
	return true;
}

/* ---- identifiers, literals, format, json ---- */

/* Keywords quote_ident quotes: every keyword that is not unreserved. */
static const char *const keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
	"authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
	"char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date", "current_role",
	"current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
	"default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
	"extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
	"greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
	"int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral",
	"leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
	"natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
	"offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
	"position", "precision", "primary", "real", "references", "returning", "right", "row",
	"select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
	"table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim",
	"true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
	"when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
	"xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};

static bool
is_keyword(const char *p, uint32_t len)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i]) == len && memcmp(keywords[i], p, len) == 0)
			return true;
	return false;
}

/* put_ident appends s quoted as PostgreSQL's quote_identifier does. */
static void
put_ident(Buf *b, const char *p, uint32_t len)
{
	bool		safe = len > 0 && ((p[0] >= 'a' && p[0] <= 'z') || p[0] == '_');

	for (uint32_t i = 0; i < len && safe; i++)
		safe = (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_';
	if (safe && !is_keyword(p, len)) {
		buf_put(b, p, len);
		return;
	}
	buf_put_u8(b, '"');
	for (uint32_t i = 0; i < len; i++) {
		if (p[i] == '"')
			buf_put_u8(b, '"');
		buf_put_u8(b, (uint8_t) p[i]);
	}
	buf_put_u8(b, '"');
}

/* put_literal appends s quoted as quote_literal does (E'' when it has a backslash). */
static void
put_literal(Buf *b, const char *p, uint32_t len)
{
	if (memchr(p, '\\', len) != NULL)
		buf_put_u8(b, 'E');
	buf_put_u8(b, '\'');
	for (uint32_t i = 0; i < len; i++) {
		if (p[i] == '\'' || p[i] == '\\')
			buf_put_u8(b, (uint8_t) p[i]);
		buf_put_u8(b, (uint8_t) p[i]);
	}
	buf_put_u8(b, '\'');
}

static bool
quote_fn(Arena *a, bool ident, const Value *argv, Value *out)
{
	Buf			b;

	buf_init(&b);
	if (ident)
		put_ident(&b, argv[0].u.s.p, argv[0].u.s.len);
	else
		put_literal(&b, argv[0].u.s.p, argv[0].u.s.len);
	*out = buf_value(a, TYPE_TEXT, &b);
	buf_free(&b);
	return true;
}

/* parse_ident splits a qualified name: quoted parts keep case, others fold. */
static bool
parse_ident(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	const char *s = argv[0].u.s.p;
	uint32_t	len = argv[0].u.s.len;
	uint32_t	i = 0;
	ArrayVals	x;

	x.type = TYPE_TEXT_ARRAY;
	x.lbound = 1;
	x.n = 0;
	x.v = arena_array(a, Value, len + 1);
	for (;;) {
		Buf			b;

		while (i < len && isspace((unsigned char) s[i]))
			i++;
		buf_init(&b);
		if (i < len && s[i] == '"') {
			for (i++; i < len; i++) {
				if (s[i] == '"' && i + 1 < len && s[i + 1] == '"')
					i++;
				else if (s[i] == '"')
					break;
				buf_put_u8(&b, (uint8_t) s[i]);
			}
			if (i >= len || b.len == 0) {
				buf_free(&b);
				return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
							   "string is not a valid identifier: \"%.*s\"", (int) len, s);
			}
			i++;
		} else {
			while (i < len && (isalnum((unsigned char) s[i]) || s[i] == '_' || s[i] == '$' ||
							   (unsigned char) s[i] >= 0x80))
				buf_put_u8(&b, (uint8_t) tolower((unsigned char) s[i++]));
			if (b.len == 0) {
				buf_free(&b);
				err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						"string is not a valid identifier: \"%.*s\"", (int) len, s);
				err_detail(err, x.n > 0 ? "No valid identifier after \".\"." :
						   "No valid identifier before \".\".");
				return false;
			}
		}
		x.v[x.n++] = buf_value(a, TYPE_TEXT, &b);
		buf_free(&b);
		while (i < len && isspace((unsigned char) s[i]))
			i++;
		if (i < len && s[i] == '.') {
			i++;
			continue;
		}
		if (i < len && (n < 2 || argv[1].is_null || argv[1].u.b))
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
						   "string is not a valid identifier: \"%.*s\"", (int) len, s);
		break;
	}
	array_value(a, &x, out);
	return true;
}

/* format: %s, %I, %L and %%, optionally with an argument position (%2$s). */
static bool
format_fn(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	const char *f = argv[0].u.s.p;
	uint32_t	len = argv[0].u.s.len;
	int			next = 1;
	uint32_t	i;
	Buf			b;

	buf_init(&b);
	for (i = 0; i < len; i++) {
		int			arg;
		const Value *v;

		if (f[i] != '%') {
			buf_put_u8(&b, (uint8_t) f[i]);
			continue;
		}
		if (++i >= len)
			goto bad;
		if (f[i] == '%') {
			buf_put_u8(&b, '%');
			continue;
		}
		arg = next;
		if (isdigit((unsigned char) f[i])) {
			int			p = 0;

			while (i < len && isdigit((unsigned char) f[i]))
				p = p * 10 + (f[i++] - '0');
			if (i >= len || f[i] != '$')
				goto bad;
			arg = p;
			i++;
		}
		if (i >= len || (f[i] != 's' && f[i] != 'I' && f[i] != 'L'))
			goto bad;
		if (arg >= n) {
			buf_free(&b);
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "too few arguments for format()");
		}
		next = arg + 1;
		v = &argv[arg];
		if (f[i] == 's') {
			if (!v->is_null)
				buf_put(&b, v->u.s.p, v->u.s.len);
		} else if (f[i] == 'I') {
			if (v->is_null) {
				buf_free(&b);
				return err_set(err, "22004",
							   "null values cannot be formatted as an SQL identifier");
			}
			put_ident(&b, v->u.s.p, v->u.s.len);
		} else if (v->is_null)
			buf_put(&b, "NULL", 4);
		else
			put_literal(&b, v->u.s.p, v->u.s.len);
	}
	*out = buf_value(a, TYPE_TEXT, &b);
	buf_free(&b);
	return true;
bad:
	buf_free(&b);
	return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE,
				   "unrecognized format() type specifier \"%c\"", i < len ? f[i] : '%');
}

static void
put_json_string(Buf *b, const char *p, uint32_t len)
{
	buf_put_u8(b, '"');
	for (uint32_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char) p[i];
		char		esc[8];

		switch (ch) {
			case '"':
				buf_put(b, "\\\"", 2);
				break;
			case '\\':
				buf_put(b, "\\\\", 2);
				break;
			case '\n':
				buf_put(b, "\\n", 2);
				break;
			case '\r':
				buf_put(b, "\\r", 2);
				break;
			case '\t':
				buf_put(b, "\\t", 2);
				break;
			case '\b':
				buf_put(b, "\\b", 2);
				break;
			case '\f':
				buf_put(b, "\\f", 2);
				break;
			default:
				if (ch < 0x20) {
					snprintf(esc, sizeof(esc), "\\u%04x", ch);
					buf_put(b, esc, 6);
				} else
					buf_put_u8(b, ch);
		}
	}
	buf_put_u8(b, '"');
}

static void
put_json_value(Buf *b, const Value *v)
{
	Buf			t;

	if (v->is_null) {
		buf_put(b, "null", 4);
		return;
	}
	if (v->type == TYPE_BOOL) {
		buf_put(b, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
		return;
	}
	buf_init(&t);
	typeio_text(&t, v);
	if (v->type == TYPE_JSON ||
		(type_is_numeric(v->type) && t.len > 0 && (isdigit(t.data[t.len - 1]))))
		buf_put(b, t.data, t.len);
	else
		put_json_string(b, (const char *) t.data, (uint32_t) t.len);
	buf_free(&t);
}

static bool
json_build_object(Arena *a, const Value *argv, int n, Value *out, Err *err)
{
	Buf			b;

	buf_init(&b);
	buf_put_u8(&b, '{');
	for (int i = 0; i + 1 < n; i += 2) {
		Buf			k;

		if (argv[i].is_null) {
			buf_free(&b);
			return err_set(err, "22004",
						   "null value not allowed for object key");
		}
		if (i > 0)
			buf_put(&b, ", ", 2);
		buf_init(&k);
		typeio_text(&k, &argv[i]);
		put_json_string(&b, (const char *) k.data, (uint32_t) k.len);
		buf_free(&k);
		buf_put(&b, " : ", 3);
		put_json_value(&b, &argv[i + 1]);
	}
	buf_put_u8(&b, '}');
	*out = buf_value(a, TYPE_JSON, &b);
	buf_free(&b);
	return true;
}

/*
 * random_double: a uniform double in [0, 1) from this thread's xorshift64*
 * generator, seeded once per thread from the clock and the thread (random()
 * is volatile: PostgreSQL gives every call a new value, never repeatable).
 */
static double
random_double(void)
{
	static _Thread_local uint64_t state;

	if (state == 0) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		state = ((uint64_t) ts.tv_nsec << 20) ^ (uint64_t) ts.tv_sec ^ (uint64_t) (uintptr_t) &state;
		state |= 1;
	}
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (double) ((state * UINT64_C(2685821657736338717)) >> 11) / (double) (UINT64_C(1) << 53);
}

/*
 * random_uuid is gen_random_uuid(): 16 bytes from the kernel's random
 * source with the version (4) and variant (RFC 4122) bits set.
 */
static bool
random_uuid(Arena *a, Value *out, Err *err)
{
	unsigned char *u = arena_alloc(a, 16);

	if (getrandom(u, 16, 0) != 16)
		return err_set(err, ERRCODE_INTERNAL_ERROR, "could not generate random values");
	u[6] = (unsigned char) ((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char) ((u[8] & 0x3f) | 0x80);
	out->u.s.p = (const char *) u;
	out->u.s.len = 16;
	return true;
}

/* ---- dispatch ---- */

/* strict: a NULL argument makes the result NULL without calling the function. */
static bool
is_strict(int fn)
{
	return fn != QUARRY__SCALAR_FUNC__FN_ARRAY_BUILD && fn != QUARRY__SCALAR_FUNC__FN_ARRAY_ANY &&
		fn != QUARRY__SCALAR_FUNC__FN_ARRAY_ALL && fn != QUARRY__SCALAR_FUNC__FN_FORMAT &&
		fn != QUARRY__SCALAR_FUNC__FN_JSON_BUILD_OBJECT &&
		fn != QUARRY__SCALAR_FUNC__FN_ARRAY_POSITION && fn != QUARRY__SCALAR_FUNC__FN_ARRAY_CAT &&
		fn != QUARRY__SCALAR_FUNC__FN_STRING_TO_ARRAY && fn != QUARRY__SCALAR_FUNC__FN_ARRAY_TO_STRING &&
		fn != QUARRY__SCALAR_FUNC__FN_ARRAY_ELEM_TEXT;
}

static bool
eval_row(const Quarry__Expr *e, const Value *argv, int n, Arena *a, Value *out, Err *err)
{
	int			fn = e->func;

	switch (fn) {
		case QUARRY__SCALAR_FUNC__FN_ARRAY_BUILD:
			return array_build(a, e, argv, n, out);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_SUBSCRIPT:
			return subscript(a, argv, out, err);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_ANY:
		case QUARRY__SCALAR_FUNC__FN_ARRAY_ALL:
			return any_all(a, fn == QUARRY__SCALAR_FUNC__FN_ARRAY_ALL, argv, out, err);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_TO_STRING:
			if (argv[0].is_null || argv[1].is_null) {
				*out = value_null(TYPE_TEXT);
				return true;
			}
			return array_to_string(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_LOWER:
		case QUARRY__SCALAR_FUNC__FN_ARRAY_UPPER:
		case QUARRY__SCALAR_FUNC__FN_ARRAY_LENGTH:
		case QUARRY__SCALAR_FUNC__FN_CARDINALITY:
			return array_bounds(a, fn, argv, out, err);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_POSITION:
			return array_position(a, argv, out, err);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_CAT:
			return array_cat(a, argv, out, err);
		case QUARRY__SCALAR_FUNC__FN_STRING_TO_ARRAY:
			if (argv[0].is_null) {
				*out = value_null(TYPE_TEXT_ARRAY);
				return true;
			}
			return string_to_array(a, argv, n, out);
		case QUARRY__SCALAR_FUNC__FN_REGEX_MATCH:
			return regex_match(argv, out, err);
		case QUARRY__SCALAR_FUNC__FN_REGEXP_REPLACE:
			return regexp_replace(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_REGEXP_MATCH:
			return regexp_match(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_REGEXP_SPLIT_TO_ARRAY:
			return regexp_split(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_QUOTE_IDENT:
		case QUARRY__SCALAR_FUNC__FN_QUOTE_LITERAL:
			return quote_fn(a, fn == QUARRY__SCALAR_FUNC__FN_QUOTE_IDENT, argv, out);
		case QUARRY__SCALAR_FUNC__FN_PARSE_IDENT:
			return parse_ident(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_FORMAT:
			if (argv[0].is_null) {
				*out = value_null(TYPE_TEXT);
				return true;
			}
			return format_fn(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_JSON_BUILD_OBJECT:
			return json_build_object(a, argv, n, out, err);
		case QUARRY__SCALAR_FUNC__FN_RANDOM:
			out->u.f = random_double();
			return true;
		case QUARRY__SCALAR_FUNC__FN_GEN_RANDOM_UUID:
			return random_uuid(a, out, err);
		case QUARRY__SCALAR_FUNC__FN_ENCODE:
			{
				Buf			b;
				bool		ok;

				buf_init(&b);
				ok = typeio_bytea_encode(&b, argv[1].u.s.p, argv[1].u.s.len, argv[0].u.s.p,
										 argv[0].u.s.len, err);	/* wire/typeio_ext.c */
				*out = buf_value(a, TYPE_TEXT, &b);
				buf_free(&b);
				return ok;
			}
		case QUARRY__SCALAR_FUNC__FN_DECODE:
			return typeio_bytea_decode(a, argv[1].u.s.p, argv[1].u.s.len, argv[0].u.s.p,
									   argv[0].u.s.len, out, err);
		case QUARRY__SCALAR_FUNC__FN_ARRAY_ELEM_TEXT:
			{
				Buf			b;

				buf_init(&b);
				array_put_elem(&b, &argv[0]);
				*out = buf_value(a, TYPE_TEXT, &b);
				buf_free(&b);
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_ARRAY_FROM_LIST:
			{
				char	   *p = arena_alloc(a, argv[0].u.s.len + 3);

				p[0] = '{';
				memcpy(p + 1, argv[0].u.s.p, argv[0].u.s.len);
				p[argv[0].u.s.len + 1] = '}';
				*out = text_value(p, argv[0].u.s.len + 2);
				return true;
			}
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "function %d is not supported by this worker", fn);
	}
}

/*
 * eval_rows evaluates e row by row: row computes one row's value from its
 * arguments (a strict function's row with a NULL argument is NULL without
 * calling it).  The functions of this file and of func_bi.c use it.
 */
Vector *
eval_rows(const Quarry__Expr *e, const Batch *in, Arena *a, bool strict, RowFunc row_fn, Err *err)
{
	int			n = (int) e->n_args;
	Vector	  **args = arena_array(a, Vector *, n + 1);
	Value	   *argv = arena_array(a, Value, n + 1);
	Vector	   *out;

	for (int i = 0; i < n; i++)
		if ((args[i] = expr_eval(e->args[i], in, a, err)) == NULL)
			return NULL;
	out = vec_new(a, (TypeId) e->type);
	FOR_LIVE(in, k, row) {
		Value		r;
		bool		null = false;

		for (int i = 0; i < n; i++) {
			argv[i] = vec_get(args[i], row);
			null |= argv[i].is_null;
		}
		if (strict && null) {
			vec_set_null(a, out, row);
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.type = (TypeId) e->type;
		if (!row_fn(e, argv, n, a, &r, err))
			return NULL;
		r.type = (TypeId) e->type;
		vec_set(a, out, row, &r);
	}
	return out;
}

/*
 * eval_func_array evaluates one of this file's functions over a batch
 * (exec/func.c sends every function numbered 200 and up here).
 */
Vector *
eval_func_array(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	return eval_rows(e, in, a, is_strict(e->func), eval_row, err);
}
