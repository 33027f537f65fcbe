/*
 * datetime.c
 *	  Calendar arithmetic (days from and to a civil date, after Howard
 *	  Hinnant's public-domain algorithms) and the text forms of date,
 *	  timestamp and interval.
 *
 *	  Input reads the forms people write: ISO 2024-01-31 and 20240131, MDY
 *	  01/31/2024, month names (Jan 31 2024, 31 January 2024), BC, a time
 *	  HH:MM[:SS[.ffffff]] after a blank or T (a time zone after it is
 *	  ignored, as timestamp without time zone does), and the words epoch,
 *	  infinity, -infinity, today, tomorrow, yesterday and now.
 */
#include "common/datetime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* days_from_civil: days since 1970-01-01 of y-m-d (y astronomical). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int32_t
date_from_ymd(int y, int m, int d)
{
	return (int32_t) (days_from_civil(y, m, d) - 10957);
}

void
date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int64_t		z = (int64_t) days + 10957 + 719468;
	int64_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;

	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = (int) (yoe + era * 400 + (*m <= 2));
}

static bool
is_leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

bool
date_ymd_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

bool
timestamp_in_range(int64_t ts)
{
	/* 4714-11-24 BC 00:00 .. 294277-01-01 00:00 */
	return ts >= INT64_C(-211813488000000000) && ts < INT64_C(9223371331200000000);
}

/* ---- input ---- */

typedef struct DtParse {
	const char *s;				/* the whole input, for messages */
	size_t		len;
	int			y;
	int			m;
	int			d;
	int64_t		time;			/* microseconds of the day */
	bool		have_date;
	bool		have_time;
	bool		bc;
	int			special;		/* 0, or 1 infinity, -1 -infinity, 2 epoch, 3 now, 4 today... */
	long		zone;			/* the zone's offset east of UTC, seconds */
	bool		have_zone;
	int			day_offset;		/* tomorrow 1, yesterday -1 */
} DtParse;

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"
};

/* month_of recognizes a month name or its abbreviation (3+ letters). */
static int
month_of(const char *w, size_t n)
{
	if (n < 3)
		return 0;
	if (n == 4 && strncasecmp(w, "sept", 4) == 0)
		return 9;
	for (int i = 0; i < 12; i++)
		if (n <= strlen(month_names[i]) && strncasecmp(w, month_names[i], n) == 0)
			return i + 1;
	return 0;
}

static bool
is_weekday(const char *w, size_t n)
{
	static const char *const days[7] = {
		"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
	};

	for (int i = 0; i < 7 && n >= 3; i++)
		if (n <= strlen(days[i]) && strncasecmp(w, days[i], n) == 0)
			return true;
	return false;
}

/* parse_time reads H:M[:S[.frac]] at *pp; false on a malformed time. */
static bool
parse_time(const char **pp, const char *end, int64_t *out, bool *range_err)
{
	const char *p = *pp;
	long		f[3] = {0, 0, 0};
	int64_t		frac = 0;
	int			nf = 0;

	while (nf < 3) {
		long		v = 0;
		const char *start = p;

		while (p < end && isdigit((unsigned char) *p) && p - start < 9)
			v = v * 10 + (*p++ - '0');
		if (p == start)
			return false;
		f[nf++] = v;
		if (p < end && *p == ':' && nf < 3)
			p++;
		else
			break;
	}
	if (nf < 2)
		return false;
	if (p < end && *p == '.') {
		int64_t		scale = 100000;

		p++;
		while (p < end && isdigit((unsigned char) *p)) {
			if (scale > 0)
				frac += (*p - '0') * scale;
			else if (scale == 0 && *p >= '5')
				frac++;			/* round at the microsecond */
			scale = scale > 0 ? scale / 10 : -1;
			p++;
		}
	}
	if (f[0] > 24 || f[1] > 59 || f[2] > 60 ||
		(f[0] == 24 && (f[1] > 0 || f[2] > 0 || frac > 0))) {
		*range_err = true;
		return false;
	}
	*out = ((f[0] * 60 + f[1]) * 60 + f[2]) * USECS_PER_SEC + frac;
	*pp = p;
	return true;
}

static int
two_digit_year(int y, size_t ndigits)
{
	if (ndigits > 2)
		return y;
	return y < 70 ? y + 2000 : y + 1900;
}

/*
 * parse_numeric_date reads Y-M-D, M/D/Y (MDY) or YYYYMMDD starting at *pp;
 * the separators -, / and . are alike.
 */
static bool
parse_numeric_date(DtParse *dp, const char **pp, const char *end)
{
	const char *p = *pp;
	long		f[3];
	size_t		nd[3];
	int			n = 0;

	while (n < 3) {
		const char *start = p;
		long		v = 0;

		while (p < end && isdigit((unsigned char) *p) && p - start < 10)
			v = v * 10 + (*p++ - '0');
		if (p == start)
			return false;
		f[n] = v;
		nd[n++] = (size_t) (p - start);
		if (n < 3 && p < end && (*p == '-' || *p == '/' || *p == '.') &&
			p + 1 < end && isdigit((unsigned char) p[1]))
			p++;
		else
			break;
	}
	if (n == 1 && (nd[0] == 8 || nd[0] == 6)) {
		long		v = f[0];

		dp->d = (int) (v % 100);
		dp->m = (int) (v / 100 % 100);
		dp->y = two_digit_year((int) (v / 10000), nd[0] - 4);
	} else if (n == 3 && nd[0] >= 3) {
		dp->y = (int) f[0];
		dp->m = (int) f[1];
		dp->d = (int) f[2];
	} else if (n == 3) {
		dp->m = (int) f[0];
		dp->d = (int) f[1];
		dp->y = two_digit_year((int) f[2], nd[2]);
	} else
		return false;
	dp->have_date = true;
	*pp = p;
	return true;
}

/*
 * parse_words_date reads a date with a month name: Jan 31 2024, 31 Jan
 * 2024, 2024 Jan 31, with blanks, commas or dashes between.
 */
static bool
parse_words_date(DtParse *dp, const char **pp, const char *end)
{
	const char *p = *pp;
	long		nums[2];
	size_t		nd[2];
	int			nn = 0;
	int			month = 0;
	bool		month_first = false;

	while (p < end && (nn < 2 || month == 0)) {
		while (p < end && (*p == ' ' || *p == ',' || *p == '-' || *p == '/'))
			p++;
		if (p < end && isdigit((unsigned char) *p)) {
			const char *start = p;
			long		v = 0;

			if (nn == 2)
				break;
			while (p < end && isdigit((unsigned char) *p) && p - start < 10)
				v = v * 10 + (*p++ - '0');
			if (p < end && *p == ':') {
				p = start;
				break;
			}
			nums[nn] = v;
			nd[nn++] = (size_t) (p - start);
		} else if (p < end && isalpha((unsigned char) *p)) {
			const char *start = p;

			while (p < end && isalpha((unsigned char) *p))
				p++;
			if (p < end && *p == '.')
				p++;
			if (month == 0 && (month = month_of(start, (size_t) (p - start))) != 0) {
				month_first = nn == 0;
				continue;
			}
			p = start;
			break;
		} else
			break;
	}
	if (month == 0 || nn != 2)
		return false;
	dp->m = month;
	if (nd[0] >= 3 || (!month_first && nums[0] > 31)) {
		dp->y = (int) nums[0];
		dp->d = (int) nums[1];
	} else {
		dp->d = (int) nums[0];
		dp->y = two_digit_year((int) nums[1], nd[1]);
	}
	dp->have_date = true;
	*pp = p;
	return true;
}

static bool
special_word(DtParse *dp, const char *w, size_t n)
{
	static const struct {
		const char *word;
		int			special;
		int			offset;
	}			words[] = {
		{"infinity", 1, 0}, {"-infinity", -1, 0}, {"epoch", 2, 0}, {"now", 3, 0},
		{"today", 4, 0}, {"tomorrow", 4, 1}, {"yesterday", 4, -1},
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (n == strlen(words[i].word) && strncasecmp(w, words[i].word, n) == 0) {
			dp->special = words[i].special;
			dp->day_offset = words[i].offset;
			return true;
		}
	return false;
}

/*
 * skip_zone passes a time zone after a time: Z, UTC, GMT, +hh[:mm[:ss]] or
 * +hhmm, and sets dp's offset east of UTC in seconds.
 */
static void
skip_zone(DtParse *dp, const char **pp, const char *end)
{
	const char *p = *pp;

	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == '+' || *p == '-') && p + 1 < end && isdigit((unsigned char) p[1])) {
		int			sign = *p++ == '-' ? -1 : 1;
		long		f[3] = {0, 0, 0};
		int			nf = 0;
		int			digits = 0;

		while (p < end && (isdigit((unsigned char) *p) || *p == ':') && nf < 3) {
			if (*p == ':') {
				nf++;
				digits = 0;
			} else {
				f[nf] = f[nf] * 10 + (*p - '0');
				if (++digits == 2 && nf == 0 && p + 1 < end && isdigit((unsigned char) p[1])) {
					nf = 1;		/* +hhmm */
					digits = 0;
				}
			}
			p++;
		}
		dp->zone = sign * (f[0] * 3600 + f[1] * 60 + f[2]);
		dp->have_zone = true;
		*pp = p;
	} else if (p < end && (*p == 'z' || *p == 'Z') && (p + 1 == end || p[1] == ' ')) {
		*pp = p + 1;
		dp->have_zone = true;
	} else if (end - p >= 3 && (strncasecmp(p, "utc", 3) == 0 || strncasecmp(p, "gmt", 3) == 0)) {
		*pp = p + 3;
		dp->have_zone = true;
	}
}

typedef enum DtErr {
	DT_OK,
	DT_SYNTAX,
	DT_FIELD_RANGE,
	DT_MONTH_RANGE,				/* a month outside 1..12: maybe the wrong DateStyle */
	DT_RANGE
} DtErr;

static DtErr
parse_datetime(DtParse *dp, const char *s, size_t len)
{
	const char *p = s;
	const char *end = s + len;

	memset(dp, 0, sizeof(*dp));
	dp->s = s;
	dp->len = len;
	while (p < end) {
		bool		range_err = false;

		while (p < end && (isspace((unsigned char) *p) || *p == ','))
			p++;
		if (p == end)
			break;
		if (isdigit((unsigned char) *p)) {
			const char *q = p;

			while (q < end && isdigit((unsigned char) *q))
				q++;
			if (q < end && *q == ':') {
				if (dp->have_time || !parse_time(&p, end, &dp->time, &range_err))
					return range_err ? DT_FIELD_RANGE : DT_SYNTAX;
				dp->have_time = true;
				skip_zone(dp, &p, end);
			} else if (dp->have_date ||
					   (!parse_numeric_date(dp, &p, end) && !parse_words_date(dp, &p, end)))
				return DT_SYNTAX;
		} else if ((*p == '+' || *p == '-') && dp->have_date && p + 1 < end &&
				   isdigit((unsigned char) p[1])) {
			skip_zone(dp, &p, end);	/* a zone after a date alone, as pgjdbc sends dates */
		} else if (isalpha((unsigned char) *p) || *p == '-') {
			const char *start = p;
			size_t		n;

			p++;
			while (p < end && isalpha((unsigned char) *p))
				p++;
			n = (size_t) (p - start);
			if (p < end && *p == '.')
				p++;
			if (n == 1 && (*start == 'T' || *start == 't') && dp->have_date)
				continue;
			if ((n == 2 && strncasecmp(start, "bc", 2) == 0)) {
				dp->bc = true;
				continue;
			}
			if ((n == 2 && strncasecmp(start, "ad", 2) == 0) || is_weekday(start, n))
				continue;
			if (special_word(dp, start, n))
				continue;
			p = start;
			if (dp->have_date || !parse_words_date(dp, &p, end))
				return DT_SYNTAX;
		} else
			return DT_SYNTAX;
	}
	if (dp->special != 0)
		return dp->have_date || dp->have_time ? DT_SYNTAX : DT_OK;
	if (!dp->have_date)
		return DT_SYNTAX;
	if (dp->bc) {
		if (dp->y <= 0)
			return DT_FIELD_RANGE;
		dp->y = 1 - dp->y;
	} else if (dp->y == 0)
		return DT_FIELD_RANGE;
	if (dp->m < 1 || dp->m > 12)
		return DT_MONTH_RANGE;
	if (!date_ymd_valid(dp->y, dp->m, dp->d))
		return DT_FIELD_RANGE;
	return DT_OK;
}

static bool
dt_error(DtErr e, const char *type, const char *s, size_t len, Err *err)
{
	if (e == DT_FIELD_RANGE || e == DT_MONTH_RANGE) {
		err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW,
				"date/time field value out of range: \"%.*s\"", (int) len, s);
		if (e == DT_MONTH_RANGE)
			err_hint(err, "Perhaps you need a different \"datestyle\" setting.");
		return false;
	}
	if (e == DT_RANGE)
		return err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW,
					   "%s out of range: \"%.*s\"", type, (int) len, s);
	return err_set(err, ERRCODE_INVALID_DATETIME_FORMAT,
				   "invalid input syntax for type %s: \"%.*s\"", type, (int) len, s);
}

static int32_t
today(void)
{
	return (int32_t) ((int64_t) time(NULL) / 86400 - 10957);
}

bool
date_parse(const char *s, size_t len, int32_t *out, Err *err)
{
	DtParse		dp;
	DtErr		e = parse_datetime(&dp, s, len);
	int64_t		days;

	if (e != DT_OK)
		return dt_error(e, "date", s, len, err);
	switch (dp.special) {
		case 1:
			*out = DATE_NOEND;
			return true;
		case -1:
			*out = DATE_NOBEGIN;
			return true;
		case 2:
			*out = date_from_ymd(1970, 1, 1);
			return true;
		case 3:
		case 4:
			*out = today() + dp.day_offset;
			return true;
		default:
			break;
	}
	days = days_from_civil(dp.y, dp.m, dp.d) - 10957;
	if (days < DATE_MIN_DAYS || days >= DATE_END_DAYS)
		return dt_error(DT_RANGE, "date", s, len, err);
	*out = (int32_t) days;
	return true;
}

bool
timestamp_parse(const char *s, size_t len, int64_t *out, Err *err)
{
	DtParse		dp;
	DtErr		e = parse_datetime(&dp, s, len);
	int64_t		days;

	if (e != DT_OK)
		return dt_error(e, "timestamp", s, len, err);
	switch (dp.special) {
		case 1:
			*out = TS_NOEND;
			return true;
		case -1:
			*out = TS_NOBEGIN;
			return true;
		case 2:
			*out = (int64_t) date_from_ymd(1970, 1, 1) * USECS_PER_DAY;
			return true;
		case 3:
			*out = ((int64_t) time(NULL) - INT64_C(946684800)) * USECS_PER_SEC;
			return true;
		case 4:
			*out = (int64_t) (today() + dp.day_offset) * USECS_PER_DAY;
			return true;
		default:
			break;
	}
	days = days_from_civil(dp.y, dp.m, dp.d) - 10957;
	*out = days * USECS_PER_DAY + dp.time;
	if (days < DATE_MIN_DAYS || !timestamp_in_range(*out))
		return dt_error(DT_RANGE, "timestamp", s, len, err);
	return true;
}

/*
 * timestamptz_parse reads a timestamp with time zone: a zone in the text
 * moves it to UTC; without one the session's zone applies, which is UTC
 * (Quarry's sessions run in UTC).
 */
bool
timestamptz_parse(const char *s, size_t len, int64_t *out, Err *err)
{
	DtParse		dp;
	DtErr		e = parse_datetime(&dp, s, len);

	if (e != DT_OK)
		return dt_error(e, "timestamp with time zone", s, len, err);
	if (!timestamp_parse(s, len, out, err))
		return false;
	if (dp.have_zone && dp.special == 0) {
		*out -= (int64_t) dp.zone * USECS_PER_SEC;
		if (!timestamp_in_range(*out))
			return dt_error(DT_RANGE, "timestamp with time zone", s, len, err);
	}
	return true;
}

/* ---- output ---- */

static int
put_ymd(char *buf, int y, int m, int d, bool *bc)
{
	*bc = y <= 0;
	return sprintf(buf, "%04d-%02d-%02d", *bc ? 1 - y : y, m, d);
}

size_t
date_out(int32_t days, char *buf)
{
	int			y;
	int			m;
	int			d;
	bool		bc;
	int			n;

	if (days == DATE_NOEND)
		return (size_t) sprintf(buf, "infinity");
	if (days == DATE_NOBEGIN)
		return (size_t) sprintf(buf, "-infinity");
	date_to_ymd(days, &y, &m, &d);
	n = put_ymd(buf, y, m, d, &bc);
	if (bc)
		n += sprintf(buf + n, " BC");
	return (size_t) n;
}

/* put_time writes HH:MM:SS[.ffffff] with the fraction's trailing zeros cut. */
static int
put_time(char *buf, int64_t hours, int64_t usec_rest)
{
	int64_t		min = usec_rest / (60 * USECS_PER_SEC);
	int64_t		sec = usec_rest / USECS_PER_SEC % 60;
	int64_t		frac = usec_rest % USECS_PER_SEC;
	int			n = sprintf(buf, "%02lld:%02lld:%02lld", (long long) hours, (long long) min,
							(long long) sec);

	if (frac != 0) {
		n += sprintf(buf + n, ".%06lld", (long long) frac);
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
	}
	return n;
}

/* timestamptz_out writes a timestamp with time zone in UTC: ...+00. */
size_t
timestamptz_out(int64_t ts, char *buf)
{
	size_t		n = timestamp_out(ts, buf);
	char	   *bc;

	if (ts == TS_NOBEGIN || ts == TS_NOEND)
		return n;
	/* the zone goes before a BC marker: 0044-03-15 00:00:00+00 BC */
	if ((bc = strstr(buf, " BC")) != NULL) {
		memcpy(bc, "+00 BC", 7);
		return n + 3;
	}
	memcpy(buf + n, "+00", 4);
	return n + 3;
}

size_t
timestamp_out(int64_t ts, char *buf)
{
	int64_t		days;
	int64_t		t;
	int			y;
	int			m;
	int			d;
	bool		bc;
	int			n;

	if (ts == TS_NOEND)
		return (size_t) sprintf(buf, "infinity");
	if (ts == TS_NOBEGIN)
		return (size_t) sprintf(buf, "-infinity");
	days = ts / USECS_PER_DAY;
	t = ts % USECS_PER_DAY;
	if (t < 0) {
		t += USECS_PER_DAY;
		days--;
	}
	date_to_ymd((int32_t) days, &y, &m, &d);
	n = put_ymd(buf, y, m, d, &bc);
	buf[n++] = ' ';
	n += put_time(buf + n, t / (3600 * USECS_PER_SEC), t % (3600 * USECS_PER_SEC));
	if (bc)
		n += sprintf(buf + n, " BC");
	return (size_t) n;
}

static int
put_part(char *buf, int n, int64_t v, const char *unit, bool *any)
{
	if (v == 0)
		return n;
	n += sprintf(buf + n, "%s%lld %s%s", *any ? " " : "", (long long) v, unit, v == 1 ? "" : "s");
	*any = true;
	return n;
}

/* interval_out writes IntervalStyle postgres: 1 year 2 mons 3 days 04:05:06. */
size_t
interval_out(Interval iv, char *buf)
{
	bool		any = false;
	int			n = 0;
	int64_t		t = iv.time;
	uint64_t	ut;

	n = put_part(buf, n, iv.month / 12, "year", &any);
	if (iv.month % 12 != 0) {
		n += sprintf(buf + n, "%s%d mon%s", any ? " " : "", iv.month % 12,
					 iv.month % 12 == 1 ? "" : "s");
		any = true;
	}
	n = put_part(buf, n, iv.day, "day", &any);
	if (t != 0 || !any) {
		bool		neg = t < 0;

		ut = neg ? (uint64_t) 0 - (uint64_t) t : (uint64_t) t;
		if (any)
			buf[n++] = ' ';
		if (neg)
			buf[n++] = '-';
		else if (any && (iv.day < 0 || iv.month < 0))
			buf[n++] = '+';
		n += put_time(buf + n, (int64_t) (ut / (uint64_t) (3600 * USECS_PER_SEC)),
					  (int64_t) (ut % (uint64_t) (3600 * USECS_PER_SEC)));
	}
	buf[n] = '\0';
	return (size_t) n;
}

/* ---- interval input ---- */

typedef struct Unit {
	const char *name;
	int			months;
	int			days;
	int64_t		usecs;
} Unit;

static const Unit units[] = {
	{"microsecond", 0, 0, 1}, {"microseconds", 0, 0, 1}, {"usec", 0, 0, 1},
	{"usecs", 0, 0, 1}, {"us", 0, 0, 1},
	{"millisecond", 0, 0, 1000}, {"milliseconds", 0, 0, 1000}, {"msec", 0, 0, 1000},
	{"msecs", 0, 0, 1000}, {"ms", 0, 0, 1000},
	{"second", 0, 0, USECS_PER_SEC}, {"seconds", 0, 0, USECS_PER_SEC},
	{"sec", 0, 0, USECS_PER_SEC}, {"secs", 0, 0, USECS_PER_SEC}, {"s", 0, 0, USECS_PER_SEC},
	{"minute", 0, 0, 60 * USECS_PER_SEC}, {"minutes", 0, 0, 60 * USECS_PER_SEC},
	{"min", 0, 0, 60 * USECS_PER_SEC}, {"mins", 0, 0, 60 * USECS_PER_SEC},
	{"m", 0, 0, 60 * USECS_PER_SEC},
	{"hour", 0, 0, 3600 * USECS_PER_SEC}, {"hours", 0, 0, 3600 * USECS_PER_SEC},
	{"hr", 0, 0, 3600 * USECS_PER_SEC}, {"hrs", 0, 0, 3600 * USECS_PER_SEC},
	{"h", 0, 0, 3600 * USECS_PER_SEC},
	{"day", 0, 1, 0}, {"days", 0, 1, 0}, {"d", 0, 1, 0},
	{"week", 0, 7, 0}, {"weeks", 0, 7, 0}, {"w", 0, 7, 0},
	{"month", 1, 0, 0}, {"months", 1, 0, 0}, {"mon", 1, 0, 0}, {"mons", 1, 0, 0},
	{"year", 12, 0, 0}, {"years", 12, 0, 0}, {"yr", 12, 0, 0}, {"yrs", 12, 0, 0},
	{"y", 12, 0, 0},
	{"decade", 120, 0, 0}, {"decades", 120, 0, 0},
	{"century", 1200, 0, 0}, {"centuries", 1200, 0, 0},
	{"millennium", 12000, 0, 0}, {"millennia", 12000, 0, 0},
	{"millenniums", 12000, 0, 0},
};

static const Unit *
find_unit(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (n == strlen(units[i].name) && strncasecmp(w, units[i].name, n) == 0)
			return &units[i];
	return NULL;
}

/*
 * add_unit adds v units to iv; a fraction of a month or day spills into
 * the smaller fields (a month is 30 days, a day 24 hours), as PostgreSQL's
 * AdjustFractDays does.
 */
static void
add_unit(Interval *iv, const Unit *u, double v)
{
	if (u->months) {
		double		months = v * u->months;
		int32_t		whole = (int32_t) months;
		double		days = (months - whole) * 30;
		int32_t		wd = (int32_t) days;

		iv->month += whole;
		iv->day += wd;
		iv->time += (int64_t) ((days - wd) * (double) USECS_PER_DAY + (days >= wd ? 0.5 : -0.5));
	} else if (u->days) {
		double		days = v * u->days;
		int32_t		wd = (int32_t) days;

		iv->day += wd;
		iv->time += (int64_t) ((days - wd) * (double) USECS_PER_DAY + (days >= wd ? 0.5 : -0.5));
	} else {
		double		us = v * (double) u->usecs;

		iv->time += (int64_t) (us + (us >= 0 ? 0.5 : -0.5));
	}
}

bool
interval_parse(const char *s, size_t len, Interval *out, Err *err)
{
	const char *p = s;
	const char *end = s + len;
	Interval	iv = {0, 0, 0};
	bool		any = false;

	while (p < end) {
		bool		neg = false;
		bool		range_err = false;
		const char *start;
		char		num[64];
		size_t		n;

		while (p < end && (isspace((unsigned char) *p) || *p == ','))
			p++;
		if (p == end)
			break;
		if (*p == '@') {
			p++;
			continue;
		}
		if (isalpha((unsigned char) *p)) {
			start = p;
			while (p < end && isalpha((unsigned char) *p))
				p++;
			if (p - start == 3 && strncasecmp(start, "ago", 3) == 0 && any) {
				iv.month = -iv.month;
				iv.day = -iv.day;
				iv.time = -iv.time;
				continue;
			}
			goto syntax;
		}
		if (*p == '+' || *p == '-')
			neg = *p++ == '-';
		start = p;
		while (p < end && isdigit((unsigned char) *p))
			p++;
		if (p < end && *p == ':') {
			int64_t		t;

			p = start;
			if (!parse_time(&p, end, &t, &range_err) && !range_err)
				goto syntax;
			if (range_err)
				return err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW,
							   "interval field value out of range: \"%.*s\"", (int) len, s);
			iv.time += neg ? -t : t;
			any = true;
			continue;
		}
		if (p < end && *p == '.')
			for (p++; p < end && isdigit((unsigned char) *p); p++)
				;
		n = (size_t) (p - start);
		if (n == 0 || n >= sizeof(num))
			goto syntax;
		memcpy(num, start, n);
		num[n] = '\0';
		while (p < end && isspace((unsigned char) *p))
			p++;
		start = p;
		while (p < end && isalpha((unsigned char) *p))
			p++;
		{
			const Unit *u = start == p ? &units[10] : find_unit(start, (size_t) (p - start));
			double		v = strtod(num, NULL);

			if (u == NULL)
				goto syntax;
			add_unit(&iv, u, neg ? -v : v);
			any = true;
		}
	}
	if (!any)
		goto syntax;
	*out = iv;
	return true;
syntax:
	return err_set(err, ERRCODE_INVALID_DATETIME_FORMAT,
				   "invalid input syntax for type interval: \"%.*s\"", (int) len, s);
}

/* ---- arithmetic ---- */

/*
 * timestamp_add_interval adds sign * iv to ts: months first (the day of the
 * month clamped to the month's end), then days, then microseconds.
 */
bool
timestamp_add_interval(int64_t ts, Interval iv, int sign, int64_t *out, Err *err)
{
	int64_t		days;
	int64_t		t;
	int			y;
	int			m;
	int			d;

	if (ts == TS_NOBEGIN || ts == TS_NOEND) {
		*out = ts;
		return true;
	}
	days = ts / USECS_PER_DAY;
	t = ts % USECS_PER_DAY;
	if (t < 0) {
		t += USECS_PER_DAY;
		days--;
	}
	if (iv.month != 0) {
		int64_t		mm;

		date_to_ymd((int32_t) days, &y, &m, &d);
		mm = (int64_t) y * 12 + (m - 1) + (int64_t) sign * iv.month;
		y = (int) (mm >= 0 ? mm / 12 : -((-mm + 11) / 12));
		m = (int) (mm - (int64_t) y * 12) + 1;
		while (!date_ymd_valid(y, m, d))
			d--;
		days = days_from_civil(y, m, d) - 10957;
	}
	days += (int64_t) sign * iv.day;
	*out = days * USECS_PER_DAY + t + (int64_t) sign * iv.time;
	if (!timestamp_in_range(*out))
		return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range");
	return true;
}

/* interval_cmp_key orders intervals as PostgreSQL does: a month is 30 days. */
int128
interval_cmp_key(Interval iv)
{
	return ((int128) iv.month * 30 + iv.day) * (int128) USECS_PER_DAY + iv.time;
}
