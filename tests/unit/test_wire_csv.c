/*
 * test_wire_csv.c
 *	  Delimited records: record ends with and without quotes, quoted fields
 *	  with doubled and escaped quotes, NULL versus empty, trailing
 *	  delimiters, \r\n, and malformed quoting.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "wire/csv.h"

static const CsvDialect comma = {',', true, '"', '"', "", 0};

static CsvFields
split(const CsvDialect *d, const char *rec, bool *ok)
{
	CsvFields	f = {0};
	Err			err;

	err_clear(&err);
	*ok = csv_split(d, rec, strlen(rec), &f, &err);
	return f;
}

static bool
field_is(const CsvFields *f, int i, const char *want)
{
	return f->f[i].len == strlen(want) && memcmp(f->f[i].p, want, f->f[i].len) == 0;
}

Test(wire_csv, record_ends)
{
	const char *s = "a,b\nc,\"d\ne\"\nf";

	cr_assert_eq(csv_record_end(&comma, s, strlen(s), false), 4);
	cr_assert_eq(csv_record_end(&comma, s + 4, strlen(s) - 4, false), 8, "a newline in quotes");
	cr_assert_eq(csv_record_end(&comma, s + 12, 1, false), -1, "incomplete");
	cr_assert_eq(csv_record_end(&comma, s + 12, 1, true), 1, "the last record at EOF");
	cr_assert_eq(csv_record_end(&comma, "", 0, true), -1);
}

Test(wire_csv, fields_quotes_and_nulls)
{
	bool		ok;
	CsvFields	f = split(&comma, "1,\"a,b\",,\"\",\"say \"\"hi\"\"\"\r\n", &ok);

	cr_assert(ok);
	cr_assert_eq(f.n, 5);
	cr_assert(field_is(&f, 0, "1"));
	cr_assert(field_is(&f, 1, "a,b") && f.f[1].quoted);
	cr_assert(csv_is_null(&comma, &f.f[2]), "unquoted empty is NULL");
	cr_assert(!csv_is_null(&comma, &f.f[3]) && field_is(&f, 3, ""), "quoted empty is empty");
	cr_assert(field_is(&f, 4, "say \"hi\""));
	csv_fields_free(&f);
}

Test(wire_csv, trailing_delimiter_and_other_dialects)
{
	CsvDialect	pipe = {'|', false, 0, 0, "\\N", 2};
	CsvDialect	bs = {',', true, '"', '\\', "", 0};
	bool		ok;
	CsvFields	f = split(&pipe, "1|x\"y|\\N|\n", &ok);

	cr_assert(ok);
	cr_assert_eq(f.n, 4);
	cr_assert(field_is(&f, 1, "x\"y"), "no quoting: a quote is data");
	cr_assert(csv_is_null(&pipe, &f.f[2]));
	cr_assert(field_is(&f, 3, ""));
	csv_fields_free(&f);
	f = split(&bs, "\"a\\\"b\",c", &ok);
	cr_assert(ok);
	cr_assert(field_is(&f, 0, "a\"b"));
	csv_fields_free(&f);
}

Test(wire_csv, malformed_quotes)
{
	bool		ok;
	CsvFields	f = split(&comma, "1,\"open", &ok);

	cr_assert(!ok);
	csv_fields_free(&f);
	f = split(&comma, "\"a\"b,c", &ok);
	cr_assert(!ok);
	csv_fields_free(&f);
}
