/*
 * csv.c
 *	  Finding and splitting delimited text records; see csv.h.
 */
#include "wire/csv.h"

#include <stdlib.h>
#include <string.h>

/* slow_end scans for the end of a record that has quotes in it. */
static ssize_t
slow_end(const CsvDialect *d, const char *p, size_t n, bool at_eof)
{
	bool		inq = false;

	for (size_t i = 0; i < n; i++) {
		char		c = p[i];

		if (inq && c == d->escape && d->escape != d->quote && i + 1 < n) {
			i++;				/* an escaped byte inside quotes */
			continue;
		}
		if (c == d->quote)
			inq = !inq;			/* a doubled quote toggles twice */
		else if (c == '\n' && !inq)
			return (ssize_t) i + 1;
	}
	return at_eof && n > 0 ? (ssize_t) n : -1;
}

/*
 * csv_record_end is the length of the record that starts at p, its newline
 * included, or -1 when p[0..n) does not hold all of it (at_eof: the rest
 * is the last record).
 */
ssize_t
csv_record_end(const CsvDialect *d, const char *p, size_t n, bool at_eof)
{
	const char *nl = memchr(p, '\n', n);
	size_t		upto = nl ? (size_t) (nl - p) : n;

	if (!d->quoting || memchr(p, d->quote, upto) == NULL) {
		if (nl != NULL)
			return (ssize_t) upto + 1;
		return at_eof && n > 0 ? (ssize_t) n : -1;
	}
	return slow_end(d, p, n, at_eof);
}

static void
add_field(CsvFields *out, const char *p, size_t len, bool quoted)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->f = realloc(out->f, sizeof(CsvField) * out->cap);
	}
	out->f[out->n++] = (CsvField) {p, len, quoted};
}

/* quoted_field unescapes a quoted field from p[*i]; its offset goes in ->p. */
static bool
quoted_field(const CsvDialect *d, const char *p, size_t n, size_t *i, CsvFields *out, Err *err)
{
	size_t		start = out->unescaped.len;

	for ((*i)++; *i < n; (*i)++) {
		char		c = p[*i];

		if (c == d->escape && *i + 1 < n && (p[*i + 1] == d->quote || d->escape != d->quote)) {
			buf_put(&out->unescaped, &p[++(*i)], 1);
			continue;
		}
		if (c == d->quote) {
			(*i)++;
			add_field(out, (const char *) (uintptr_t) start, out->unescaped.len - start, true);
			if (*i < n && p[*i] != d->delim)
				return err_set(err, "22P04", "unexpected characters after a quoted CSV field");
			return true;
		}
		buf_put(&out->unescaped, &c, 1);
	}
	return err_set(err, "22P04", "unterminated CSV quoted field");
}

/*
 * csv_split splits one record (its newline, and a \r before it, are cut)
 * into fields that stay valid until the next call with out.
 */
bool
csv_split(const CsvDialect *d, const char *p, size_t n, CsvFields *out, Err *err)
{
	size_t		i = 0;

	out->n = 0;
	buf_reset(&out->unescaped);
	buf_reserve(&out->unescaped, 1);	/* never a NULL base, even when empty */
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	for (;;) {
		if (d->quoting && i < n && p[i] == d->quote) {
			if (!quoted_field(d, p, n, &i, out, err))
				return false;
		} else {
			const char *e = memchr(p + i, d->delim, n - i);
			size_t		len = e ? (size_t) (e - (p + i)) : n - i;

			add_field(out, p + i, len, false);
			i += len;
		}
		if (i >= n)
			break;
		i++;					/* the delimiter */
		if (i == n) {
			add_field(out, p + n, 0, false);	/* an empty last field */
			break;
		}
	}
	for (int k = 0; k < out->n; k++)
		if (out->f[k].quoted)
			out->f[k].p = (const char *) out->unescaped.data + (uintptr_t) out->f[k].p;
	return true;
}

bool
csv_is_null(const CsvDialect *d, const CsvField *f)
{
	return !f->quoted && f->len == d->null_len && memcmp(f->p, d->null_str, f->len) == 0;
}

void
csv_fields_free(CsvFields *f)
{
	free(f->f);
	buf_free(&f->unescaped);
	memset(f, 0, sizeof(*f));
}
