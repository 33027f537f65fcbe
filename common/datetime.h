/*
 * datetime.h
 *	  date, timestamp and interval: calendar arithmetic and text I/O as
 *	  PostgreSQL shows them with DateStyle ISO, MDY and IntervalStyle
 *	  postgres.
 *
 *	  A date is int32 days since 2000-01-01 and a timestamp int64
 *	  microseconds since 2000-01-01 00:00:00, PostgreSQL's epoch, so their
 *	  binary forms are PostgreSQL's.  Years are proleptic Gregorian; year 0
 *	  is 1 BC.  An Interval keeps months, days and microseconds apart.
 *
 *	  Interface: date_from_ymd, date_to_ymd, date_parse, date_out,
 *	  timestamp_parse, timestamp_out, interval_parse, interval_out,
 *	  timestamp_add_interval, interval_cmp_key, date_extract_field.
 */
#ifndef QUARRY_DATETIME_H
#define QUARRY_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "common/types.h"

#ifndef ERRCODE_DATETIME_FIELD_OVERFLOW
#define ERRCODE_DATETIME_FIELD_OVERFLOW "22008"
#endif
#ifndef ERRCODE_DATETIME_VALUE_OUT_OF_RANGE
#define ERRCODE_DATETIME_VALUE_OUT_OF_RANGE "22008"
#endif
#ifndef ERRCODE_INVALID_DATETIME_FORMAT
#define ERRCODE_INVALID_DATETIME_FORMAT "22007"
#endif

#define USECS_PER_DAY INT64_C(86400000000)
#define USECS_PER_SEC INT64_C(1000000)
#define DATE_END_DAYS 2145031949	/* 5874898-01-01, first day past the range */
#define DATE_MIN_DAYS (-2451545)	/* 4714-11-24 BC, Julian day 0 */
#define DATE_NOBEGIN INT32_MIN		/* -infinity */
#define DATE_NOEND INT32_MAX		/* infinity */
#define TS_NOBEGIN INT64_MIN
#define TS_NOEND INT64_MAX
#define DATETIME_OUT_MAX 128

int32_t		date_from_ymd(int y, int m, int d);
void		date_to_ymd(int32_t days, int *y, int *m, int *d);
bool		date_ymd_valid(int y, int m, int d);
bool		date_parse(const char *s, size_t len, int32_t *out, Err *err) MUST_CHECK;
size_t		date_out(int32_t days, char *buf);
bool		timestamp_parse(const char *s, size_t len, int64_t *out, Err *err) MUST_CHECK;
size_t		timestamp_out(int64_t ts, char *buf);
bool		timestamptz_parse(const char *s, size_t len, int64_t *out, Err *err) MUST_CHECK;
size_t		timestamptz_out(int64_t ts, char *buf);
bool		interval_parse(const char *s, size_t len, Interval *out, Err *err) MUST_CHECK;
size_t		interval_out(Interval iv, char *buf);
bool		timestamp_add_interval(int64_t ts, Interval iv, int sign, int64_t *out, Err *err) MUST_CHECK;
int128		interval_cmp_key(Interval iv);
bool		timestamp_in_range(int64_t ts);

#endif							/* QUARRY_DATETIME_H */
