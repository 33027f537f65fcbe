/*
 * test_types_datetime.c
 *	  common/datetime.c: the civil calendar both ways, date and timestamp
 *	  text I/O in DateStyle ISO, MDY, interval I/O and month arithmetic.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "common/datetime.h"

static int32_t
date(const char *s)
{
	int32_t		d;
	Err			err;

	err_clear(&err);
	cr_assert(date_parse(s, strlen(s), &d, &err), "%s: %s", s, err.message);
	return d;
}

static void
expect_date(int32_t d, const char *want)
{
	char		buf[DATETIME_OUT_MAX];

	date_out(d, buf);
	cr_assert_str_eq(buf, want);
}

Test(types_datetime, epoch_and_calendar)
{
	int			y;
	int			m;
	int			d;

	cr_assert_eq(date_from_ymd(2000, 1, 1), 0);
	cr_assert_eq(date_from_ymd(1970, 1, 1), -10957);
	for (int32_t days = -800000; days < 800000; days += 997) {
		date_to_ymd(days, &y, &m, &d);
		cr_assert_eq(date_from_ymd(y, m, d), days);
		cr_assert(date_ymd_valid(y, m, d));
	}
	cr_assert(date_ymd_valid(2000, 2, 29));
	cr_assert_not(date_ymd_valid(1900, 2, 29));
}

Test(types_datetime, date_input_forms)
{
	int32_t		want = date_from_ymd(1998, 9, 2);

	cr_assert_eq(date("1998-09-02"), want);
	cr_assert_eq(date("19980902"), want);
	cr_assert_eq(date("09/02/1998"), want);
	cr_assert_eq(date("9/2/98"), want);
	cr_assert_eq(date("Sep 2 1998"), want);
	cr_assert_eq(date("2 September 1998"), want);
	cr_assert_eq(date(" 1998-09-02 12:00:00 "), want);
	expect_date(date("0001-01-01 BC"), "0001-01-01 BC");
	expect_date(date("infinity"), "infinity");
	expect_date(date("epoch"), "1970-01-01");
	expect_date(date("5874897-12-31"), "5874897-12-31");
}

Test(types_datetime, date_errors)
{
	int32_t		d;
	Err			err;

	err_clear(&err);
	cr_assert_not(date_parse("1998-13-01", 10, &d, &err));
	cr_assert_str_eq(err.sqlstate, "22008");
	err_clear(&err);
	cr_assert_not(date_parse("1998-02-30", 10, &d, &err));
	cr_assert_str_eq(err.sqlstate, "22008");
	err_clear(&err);
	cr_assert_not(date_parse("not a date", 10, &d, &err));
	cr_assert_str_eq(err.sqlstate, "22007");
	err_clear(&err);
	cr_assert_not(date_parse("5874898-01-01", 13, &d, &err));
	cr_assert_str_eq(err.message, "date out of range: \"5874898-01-01\"");
}

Test(types_datetime, timestamp_io)
{
	int64_t		ts;
	Err			err;
	char		buf[DATETIME_OUT_MAX];

	err_clear(&err);
	cr_assert(timestamp_parse("1998-09-02T10:11:12.500", 23, &ts, &err));
	timestamp_out(ts, buf);
	cr_assert_str_eq(buf, "1998-09-02 10:11:12.5");
	cr_assert(timestamp_parse("1998-09-02", 10, &ts, &err));
	timestamp_out(ts, buf);
	cr_assert_str_eq(buf, "1998-09-02 00:00:00");
	cr_assert(timestamp_parse("1969-12-31 23:59:59.999999", 26, &ts, &err));
	timestamp_out(ts, buf);
	cr_assert_str_eq(buf, "1969-12-31 23:59:59.999999");
}

Test(types_datetime, interval_io_and_arithmetic)
{
	Interval	iv;
	Err			err;
	char		buf[DATETIME_OUT_MAX];
	int64_t		ts;

	err_clear(&err);
	cr_assert(interval_parse("1 year 2 months 3 days 04:05:06.5", 33, &iv, &err));
	interval_out(iv, buf);
	cr_assert_str_eq(buf, "1 year 2 mons 3 days 04:05:06.5");
	cr_assert(interval_parse("-1 day", 6, &iv, &err));
	interval_out(iv, buf);
	cr_assert_str_eq(buf, "-1 days");
	cr_assert(interval_parse("1.5 days", 8, &iv, &err));
	interval_out(iv, buf);
	cr_assert_str_eq(buf, "1 day 12:00:00");
	cr_assert(interval_parse("1 month", 7, &iv, &err));
	cr_assert(timestamp_add_interval((int64_t) date_from_ymd(1998, 1, 31) * USECS_PER_DAY, iv, 1, &ts, &err));
	timestamp_out(ts, buf);
	cr_assert_str_eq(buf, "1998-02-28 00:00:00");
	cr_assert_not(interval_parse("abc", 3, &iv, &err));
}
