/*
 * func_bi.c
 *	  The functions BI tools and analysts send (numbered 300 and up):
 *	  to_char over timestamps, dates and intervals, to_timestamp, to_date,
 *	  timezone() (AT TIME ZONE), md5, concat_ws, age, justify_*, make_date,
 *	  make_timestamp, date_bin.
 *
 *	  Each row is evaluated on Values (vec_get, vec_set).  Template
 *	  patterns follow PostgreSQL's formatting.c: keywords match case-
 *	  insensitively, longest first; FM drops padding, TH/th appends the
 *	  ordinal suffix, "quoted" text and \x are copied.  Named time zones
 *	  come from the system tz database through localtime_r under a lock
 *	  (TZ is set for the batch); fixed offsets take POSIX's sign, as
 *	  PostgreSQL does ('+02' is two hours west of UTC).
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/evp.h>

#include "common/datetime.h"
#include "common/numeric.h"
#include "exec/expr_int.h"
#include "wire/buf.h"
#include "wire/typeio.h"

#define POSTGRES_EPOCH_UNIX INT64_C(946684800)

/* ---- helpers ---- */

typedef struct Str {
	const char *p;
	uint32_t	len;
} Str;

/* OBuf: an arena-backed growing string (the result of one row) */
typedef struct OBuf {
	Arena	   *a;
	char	   *data;
	size_t		len;
	size_t		cap;
} OBuf;

static void
obuf_init(OBuf *b, Arena *a)
{
	b->a = a;
	b->cap = 64;
	b->len = 0;
	b->data = arena_alloc(a, b->cap);
}

static void
obuf_putn(OBuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t		cap = (b->len + n + 1) * 2;
		char	   *d = arena_alloc(b->a, cap);

		memcpy(d, b->data, b->len);
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
obuf_putc(OBuf *b, char c)
{
	obuf_putn(b, &c, 1);
}

static void
obuf_puts(OBuf *b, const char *s)
{
	obuf_putn(b, s, strlen(s));
}

static void
split_ts(int64_t ts, int *y, int *m, int *d, int64_t *tod, int32_t *days)
{
	int64_t		dd = ts / USECS_PER_DAY;
	int64_t		t = ts % USECS_PER_DAY;

	if (t < 0) {
		t += USECS_PER_DAY;
		dd--;
	}
	date_to_ymd((int32_t) dd, y, m, d);
	*tod = t;
	*days = (int32_t) dd;
}

static bool
ts_finish(int64_t ts, int64_t *out, Err *err)
{
	if (!timestamp_in_range(ts))
		return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp out of range");
	*out = ts;
	return true;
}

/* ---- to_char ---- */

typedef enum Kw {
	K_HH24, K_HH12, K_HH, K_MI, K_SSSSS, K_SSSS, K_SS, K_MS, K_US, K_AM_DOT, K_PM_DOT, K_AM, K_PM,
	K_Y_YYY, K_YYYY, K_YYY, K_YY, K_Y, K_IYYY, K_IYY, K_IY, K_IDDD, K_ID, K_IW, K_I,
	K_MONTH, K_MON, K_MM, K_DAY, K_DDD, K_DD, K_DY, K_D, K_WW, K_W, K_Q, K_CC, K_J,
	K_TZ, K_OF, K_RM, K_BC_DOT, K_AD_DOT, K_BC, K_AD, K_NONE
} Kw;

static const struct {
	const char *name;
	Kw			kw;
}			keywords[] = {
	{"HH24", K_HH24}, {"HH12", K_HH12}, {"HH", K_HH}, {"MI", K_MI}, {"SSSSS", K_SSSSS},
	{"SSSS", K_SSSS}, {"SS", K_SS}, {"MS", K_MS}, {"US", K_US}, {"A.M.", K_AM_DOT},
	{"P.M.", K_PM_DOT}, {"AM", K_AM}, {"PM", K_PM}, {"Y,YYY", K_Y_YYY}, {"YYYY", K_YYYY},
	{"YYY", K_YYY}, {"YY", K_YY}, {"IYYY", K_IYYY}, {"IYY", K_IYY}, {"IY", K_IY},
	{"IDDD", K_IDDD}, {"ID", K_ID}, {"IW", K_IW}, {"I", K_I}, {"Y", K_Y}, {"MONTH", K_MONTH},
	{"MON", K_MON}, {"MM", K_MM}, {"DAY", K_DAY}, {"DDD", K_DDD}, {"DD", K_DD}, {"DY", K_DY},
	{"D", K_D}, {"WW", K_WW}, {"W", K_W}, {"Q", K_Q}, {"CC", K_CC}, {"J", K_J}, {"TZ", K_TZ},
	{"OF", K_OF}, {"RM", K_RM}, {"B.C.", K_BC_DOT}, {"A.D.", K_AD_DOT}, {"BC", K_BC},
	{"AD", K_AD},
};

static const char *const month_names[] = {"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"};
static const char *const day_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday"};
static const char *const roman[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
	"XI", "XII"};

/* match_kw finds the keyword at p; *len its length, *ucase its case style. */
static Kw
match_kw(const char *p, size_t left, size_t *len, int *style)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		size_t		n = strlen(keywords[i].name);

		if (n <= left && strncasecmp(p, keywords[i].name, n) == 0) {
			*len = n;
			/* 0 all upper, 1 capitalized, 2 all lower */
			*style = isupper((unsigned char) p[0]) ?
				(n > 1 && islower((unsigned char) p[1]) ? 1 : 0) : 2;
			return keywords[i].kw;
		}
	}
	return K_NONE;
}

typedef struct Tm {
	int			year;			/* astronomical: 0 is 1 BC */
	int			mon;
	int			mday;
	int64_t		hour;
	int			min;
	int			sec;
	int			usec;
	int32_t		days;			/* days since 2000-01-01 (dates only) */
	bool		has_date;
	int			tz;				/* 0 none (timestamp), 1 UTC */
	bool		interval;
} Tm;

static void
put_cased(OBuf *b, const char *word, int style, bool pad, int width)
{
	size_t		n = strlen(word);

	for (size_t i = 0; i < n; i++) {
		char		c = word[i];

		if (style == 0)
			c = (char) toupper((unsigned char) c);
		else if (style == 2 || i > 0)
			c = (char) tolower((unsigned char) c);
		obuf_putc(b, c);
	}
	if (pad)
		for (size_t i = n; i < (size_t) width; i++)
			obuf_putc(b, ' ');
}

static void
put_num(OBuf *b, int64_t v, int width, bool fm)
{
	char		tmp[32];

	if (fm || width == 0)
		snprintf(tmp, sizeof(tmp), "%lld", (long long) v);
	else
		snprintf(tmp, sizeof(tmp), "%0*lld", width, (long long) v);
	obuf_puts(b, tmp);
}

static void
put_th(OBuf *b, int64_t v, bool upper)
{
	int64_t		a = v < 0 ? -v : v;
	const char *s = "th";

	if (a % 100 < 11 || a % 100 > 13) {
		if (a % 10 == 1)
			s = "st";
		else if (a % 10 == 2)
			s = "nd";
		else if (a % 10 == 3)
			s = "rd";
	}
	obuf_puts(b, upper ? (s[0] == 's' ? "ST" : s[0] == 'n' ? "ND" : s[0] == 'r' ? "RD" : "TH") : s);
}

static void
iso_year_week(int32_t days, int *iyear, int *week, int *iday)
{
	int			y;
	int			m;
	int			d;
	int			dow = (int) (((days + 5) % 7 + 7) % 7);	/* 0 Monday; 2000-01-01 was a Saturday */
	int32_t		thursday = days - dow + 3;
	int32_t		jan1;

	date_to_ymd(thursday, &y, &m, &d);
	jan1 = date_from_ymd(y, 1, 1);
	*iyear = y;
	*week = (thursday - jan1) / 7 + 1;
	*iday = dow + 1;
}

static void
to_char_tm(OBuf *b, const Tm *tm, const char *f, size_t flen)
{
	size_t		i = 0;

	while (i < flen) {
		bool		fm = false;
		size_t		len;
		int			style;
		Kw			kw;
		int64_t		num = 0;
		bool		numeric = true;
		int			width = 2;
		int			byear = tm->year > 0 ? tm->year : 1 - tm->year;
		int			doy = tm->has_date ? tm->days - date_from_ymd(tm->year, 1, 1) + 1 : 0;
		int			iyear = 0;
		int			iweek = 0;
		int			iday = 0;

		if (flen - i >= 2 && strncasecmp(f + i, "FM", 2) == 0) {
			fm = true;
			i += 2;
		}
		kw = match_kw(f + i, flen - i, &len, &style);
		if (kw == K_NONE) {
			if (f[i] == '"') {
				for (i++; i < flen && f[i] != '"'; i++) {
					if (f[i] == '\\' && i + 1 < flen)
						i++;
					obuf_putc(b, f[i]);
				}
				i++;
			} else if (f[i] == '\\' && i + 1 < flen && f[i + 1] == '"') {
				obuf_putc(b, '"');
				i += 2;
			} else
				obuf_putc(b, f[i++]);
			continue;
		}
		i += len;
		if (tm->has_date)
			iso_year_week(tm->days, &iyear, &iweek, &iday);
		switch (kw) {
			case K_HH:
			case K_HH12:
				num = tm->hour % 12 == 0 ? 12 : tm->hour % 12;
				break;
			case K_HH24:
				num = tm->hour;
				break;
			case K_MI:
				num = tm->min;
				break;
			case K_SS:
				num = tm->sec;
				break;
			case K_SSSS:
			case K_SSSSS:
				num = tm->hour * 3600 + tm->min * 60 + tm->sec;
				width = 0;
				break;
			case K_MS:
				num = tm->usec / 1000;
				width = 3;
				break;
			case K_US:
				num = tm->usec;
				width = 6;
				break;
			case K_AM:
			case K_PM:
				numeric = false;
				put_cased(b, tm->hour % 24 >= 12 ? "PM" : "AM", style == 1 ? 0 : style, false, 0);
				break;
			case K_AM_DOT:
			case K_PM_DOT:
				numeric = false;
				put_cased(b, tm->hour % 24 >= 12 ? "P.M." : "A.M.", style == 1 ? 0 : style, false, 0);
				break;
			case K_Y_YYY:
				numeric = false;
				{
					char		tmp[32];

					snprintf(tmp, sizeof(tmp), "%d,%03d", byear / 1000, byear % 1000);
					obuf_puts(b, tmp);
				}
				break;
			case K_YYYY:
				num = tm->interval ? tm->year : byear;
				width = 4;
				break;
			case K_YYY:
				num = byear % 1000;
				width = 3;
				break;
			case K_YY:
				num = byear % 100;
				break;
			case K_Y:
				num = byear % 10;
				width = 1;
				break;
			case K_IYYY:
				num = iyear > 0 ? iyear : 1 - iyear;
				width = 4;
				break;
			case K_IYY:
				num = (iyear > 0 ? iyear : 1 - iyear) % 1000;
				width = 3;
				break;
			case K_IY:
				num = (iyear > 0 ? iyear : 1 - iyear) % 100;
				break;
			case K_I:
				num = (iyear > 0 ? iyear : 1 - iyear) % 10;
				width = 1;
				break;
			case K_IDDD:
				num = tm->has_date ? (iweek - 1) * 7 + iday : 0;
				width = 3;
				break;
			case K_ID:
				num = iday;
				width = 1;
				break;
			case K_IW:
				num = iweek;
				break;
			case K_MONTH:
			case K_MON:
				numeric = false;
				if (tm->mon >= 1 && tm->mon <= 12) {
					char		abbr[4];

					snprintf(abbr, sizeof(abbr), "%s", month_names[tm->mon - 1]);
					put_cased(b, kw == K_MON ? abbr : month_names[tm->mon - 1], style,
							  kw == K_MONTH && !fm, 9);
				}
				break;
			case K_MM:
				num = tm->mon;
				break;
			case K_DAY:
			case K_DY:
				numeric = false;
				if (tm->has_date) {
					int			dow = (int) (((tm->days + 6) % 7 + 7) % 7);
					char		abbr[4];

					snprintf(abbr, sizeof(abbr), "%s", day_names[dow]);
					put_cased(b, kw == K_DY ? abbr : day_names[dow], style, kw == K_DAY && !fm, 9);
				}
				break;
			case K_DDD:
				num = tm->interval ? tm->mday : doy;
				width = 3;
				break;
			case K_DD:
				num = tm->mday;
				break;
			case K_D:
				num = tm->has_date ? ((tm->days + 6) % 7 + 7) % 7 + 1 : 0;
				width = 1;
				break;
			case K_WW:
				num = (doy - 1) / 7 + 1;
				break;
			case K_W:
				num = (tm->mday - 1) / 7 + 1;
				width = 1;
				break;
			case K_Q:
				num = tm->mon > 0 ? (tm->mon - 1) / 3 + 1 : 0;
				width = 1;
				if (tm->interval)
					numeric = false;
				break;
			case K_CC:
				num = tm->year > 0 ? (tm->year + 99) / 100 : -((99 - (tm->year - 1)) / 100);
				width = num < 0 ? 3 : 2;
				break;
			case K_J:
				num = tm->days + 2451545;
				width = 0;
				break;
			case K_TZ:
				numeric = false;
				if (tm->tz)
					put_cased(b, "UTC", style == 1 ? 0 : style, false, 0);
				break;
			case K_OF:
				numeric = false;
				obuf_puts(b, "+00");
				break;
			case K_RM:
				numeric = false;
				if (tm->mon >= 1 && tm->mon <= 12)
					put_cased(b, roman[tm->mon - 1], style == 1 ? 0 : style, !fm, 4);
				break;
			case K_BC:
			case K_AD:
				numeric = false;
				put_cased(b, tm->year <= 0 ? "BC" : "AD", style == 1 ? 0 : style, false, 0);
				break;
			case K_BC_DOT:
			case K_AD_DOT:
				numeric = false;
				put_cased(b, tm->year <= 0 ? "B.C." : "A.D.", style == 1 ? 0 : style, false, 0);
				break;
			case K_NONE:
				break;
		}
		if (!numeric)
			continue;
		put_num(b, num, width, fm);
		if (flen - i >= 2 && (strncmp(f + i, "TH", 2) == 0 || strncmp(f + i, "th", 2) == 0)) {
			put_th(b, num, f[i] == 'T');
			i += 2;
		}
	}
}

static bool
eval_to_char(const Value *x, Str fmt, Arena *a, Value *out)
{
	Tm			tm;
	OBuf			b;

	memset(&tm, 0, sizeof(tm));
	if (x->type == TYPE_INTERVAL) {
		int64_t		t = x->u.iv.time;

		tm.interval = true;
		tm.year = x->u.iv.month / 12;
		tm.mon = x->u.iv.month % 12;
		tm.mday = x->u.iv.day;
		tm.hour = t / (3600 * USECS_PER_SEC);
		t %= 3600 * USECS_PER_SEC;
		tm.min = (int) (t / (60 * USECS_PER_SEC));
		t %= 60 * USECS_PER_SEC;
		tm.sec = (int) (t / USECS_PER_SEC);
		tm.usec = (int) (t % USECS_PER_SEC);
	} else {
		int64_t		tod;

		if (x->u.i == TS_NOBEGIN || x->u.i == TS_NOEND) {
			out->is_null = true;
			return true;
		}
		split_ts(x->u.i, &tm.year, &tm.mon, &tm.mday, &tod, &tm.days);
		tm.has_date = true;
		tm.hour = tod / (3600 * USECS_PER_SEC);
		tm.min = (int) (tod / (60 * USECS_PER_SEC) % 60);
		tm.sec = (int) (tod / USECS_PER_SEC % 60);
		tm.usec = (int) (tod % USECS_PER_SEC);
		tm.tz = x->type == TYPE_TIMESTAMPTZ;
	}
	obuf_init(&b, a);
	to_char_tm(&b, &tm, fmt.p, fmt.len);
	out->u.s.p = b.data;
	out->u.s.len = (uint32_t) b.len;
	return true;
}

/* ---- to_char of numbers ---- */

/*
 * NumFmt is a number template: digit positions (9 or 0) before and after
 * the decimal point, where the first 0 is, the sign's form and FM.
 */
typedef struct NumFmt {
	int			pre;
	int			post;
	int			zero_start;		/* index of the first 0 before the point; pre: none */
	bool		point;
	bool		fm;
	int			sign;			/* 0 default, 'S' leading S, 's' trailing S, 'M' MI, 'P' PR */
} NumFmt;

static bool
num_fmt_parse(Str f, NumFmt *nf, Err *err)
{
	memset(nf, 0, sizeof(*nf));
	nf->zero_start = -1;
	for (uint32_t i = 0; i < f.len; i++) {
		char		c = f.p[i];

		if ((c == 'F' || c == 'f') && i + 1 < f.len && (f.p[i + 1] == 'M' || f.p[i + 1] == 'm')) {
			nf->fm = true;
			i++;
		} else if (c == '9' || c == '0') {
			if (nf->point)
				nf->post++;
			else {
				if (c == '0' && nf->zero_start < 0)
					nf->zero_start = nf->pre;
				nf->pre++;
			}
		} else if (c == '.' || c == 'D' || c == 'd') {
			if (nf->point)
				return err_set(err, ERRCODE_SYNTAX_ERROR, "multiple decimal points");
			nf->point = true;
		} else if (c == ',' || c == 'G' || c == 'g' || c == ' ')
			continue;
		else if (c == 'S' || c == 's')
			nf->sign = nf->pre + nf->post == 0 && !nf->point ? 'S' : 's';
		else if ((c == 'M' || c == 'm') && i + 1 < f.len && (f.p[i + 1] == 'I' || f.p[i + 1] == 'i')) {
			nf->sign = 'M';
			i++;
		} else if ((c == 'P' || c == 'p') && i + 1 < f.len && (f.p[i + 1] == 'R' || f.p[i + 1] == 'r')) {
			nf->sign = 'P';
			i++;
		} else if (isalpha((unsigned char) c) || c == '"' || c == '\\')
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "the number template pattern \"%c\" is not supported by to_char yet", c);
	}
	if (nf->zero_start < 0)
		nf->zero_start = nf->pre;
	return true;
}

/*
 * to_char_num writes the digits ds (the absolute value rounded to post
 * places: "123.45") by the template, as PostgreSQL's NUM_processor does
 * for the patterns num_fmt_parse takes.
 */
static void
to_char_num(OBuf *b, Str f, const NumFmt *nf, const char *ds, bool neg)
{
	const char *dot = strchr(ds, '.');
	size_t		ilen = dot ? (size_t) (dot - ds) : strlen(ds);
	const char *frac = dot ? dot + 1 : "";
	int			fraclen = (int) strlen(frac);
	int			keep = nf->post;	/* fraction digits written (FM drops trailing 9-zeros) */
	bool		overflow;
	int			pos = 0;			/* digit positions before the point seen */
	int			fpos = 0;
	bool		started = false;
	bool		sign_done = false;
	char		sign_ch = nf->sign == 'P' ? (neg ? '<' : ' ') :
		neg ? '-' : (nf->sign == 'S' || nf->sign == 's' ? '+' : ' ');
	int			lead;

	if (ilen == 1 && ds[0] == '0' && (nf->point || nf->pre == 0))
		ilen = 0;				/* 0.5 prints as .5 unless a 0 asks */
	overflow = (int) ilen > nf->pre;
	lead = nf->pre - (int) ilen;
	if (nf->fm) {
		/* trailing fraction zeros in 9 positions go */
		int			last0 = -1;
		int			k = 0;

		for (uint32_t i = 0, pt = 0; i < f.len; i++) {
			if (f.p[i] == '.' || f.p[i] == 'D' || f.p[i] == 'd')
				pt = 1;
			else if (pt && f.p[i] == '0')
				last0 = k++;
			else if (pt && f.p[i] == '9')
				k++;
		}
		while (keep > last0 + 1 && keep > 0 && (keep > fraclen || frac[keep - 1] == '0'))
			keep--;
	}
	for (uint32_t i = 0; i < f.len; i++) {
		char		c = f.p[i];

		if ((c == 'F' || c == 'f') && i + 1 < f.len && (f.p[i + 1] == 'M' || f.p[i + 1] == 'm')) {
			i++;
			continue;
		}
		if ((c == 'M' || c == 'm' || c == 'P' || c == 'p') && i + 1 < f.len &&
			strchr("IiRr", f.p[i + 1]) != NULL) {
			i++;
			obuf_putc(b, c == 'M' || c == 'm' ? (neg ? '-' : ' ') : (neg ? '>' : ' '));
			continue;
		}
		if (c == 'S' || c == 's') {
			if (nf->sign == 's')
				obuf_putc(b, sign_ch);
			continue;
		}
		if ((c == '9' || c == '0') && !(fpos > 0 || (pos >= nf->pre))) {
			/* a position before the point */
			bool		digit = pos >= lead;

			if (!started && (digit || pos >= nf->zero_start || overflow)) {
				if (!sign_done && (nf->sign == 0 || nf->sign == 'S' || nf->sign == 'P') &&
					!(nf->fm && sign_ch == ' '))
					obuf_putc(b, sign_ch);
				sign_done = true;
				started = true;
			}
			if (overflow)
				obuf_putc(b, '#');
			else if (digit)
				obuf_putc(b, ds[pos - lead]);
			else if (pos >= nf->zero_start)
				obuf_putc(b, '0');
			else if (!nf->fm)
				obuf_putc(b, ' ');
			pos++;
			continue;
		}
		if (c == '.' || c == 'D' || c == 'd') {
			if (!started) {
				if (!sign_done && (nf->sign == 0 || nf->sign == 'S' || nf->sign == 'P') &&
					!(nf->fm && sign_ch == ' '))
					obuf_putc(b, sign_ch);
				sign_done = started = true;
			}
			obuf_putc(b, '.');
			fpos = 1;
			continue;
		}
		if (c == '9' || c == '0') {
			if (fpos <= keep)
				obuf_putc(b, overflow ? '#' : fpos <= fraclen ? frac[fpos - 1] : '0');
			fpos++;
			continue;
		}
		if (c == ',' || c == 'G' || c == 'g') {
			if (started)
				obuf_putc(b, ',');
			else if (!nf->fm)
				obuf_putc(b, ' ');
			continue;
		}
		obuf_putc(b, c);
	}
}

static bool
eval_to_char_num(const Value *x, Str fmt, Arena *a, Value *out, Err *err)
{
	NumFmt		nf;
	char		ds[400];
	bool		neg;
	OBuf		b;

	if (!num_fmt_parse(fmt, &nf, err))
		return false;
	if (x->type == TYPE_FLOAT8 || x->type == TYPE_FLOAT4) {
		if (isnan(x->u.f) || isinf(x->u.f)) {
			/* PostgreSQL fills the digit positions with # */
			nf.pre = nf.pre > 0 ? nf.pre : 1;
			snprintf(ds, sizeof(ds), "%s", "9999999999999999999999999999999999999999");
			ds[nf.pre + 1 < (int) sizeof(ds) ? nf.pre + 1 : 0] = '\0';
			neg = false;
		} else {
			neg = x->u.f < 0;
			snprintf(ds, sizeof(ds), "%.*f", nf.post, fabs(x->u.f));
		}
	} else {
		Numeric		n = x->type == TYPE_NUMERIC ? x->u.n : num_from_int(x->u.i);

		if (num_round(n, nf.post, &n) != NUM_OK)
			return err_set(err, ERRCODE_NUMERIC_OUT_OF_RANGE, "value out of range");
		neg = num_mant(n) < 0;
		if (neg)
			n = num_neg(n);
		num_out(n, ds);
		if (nf.post > 0 && strchr(ds, '.') == NULL)
			strcat(ds, ".");
	}
	obuf_init(&b, a);
	to_char_num(&b, fmt, &nf, ds, neg);
	out->u.s.p = b.data;
	out->u.s.len = (uint32_t) b.len;
	return true;
}

/* ---- to_timestamp and to_date: parsing with a template ---- */

static bool
range_error(Str s, Err *err)
{
	return err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"%.*s\"",
				   (int) s.len, s.p);
}

static int
name_at(const char *p, size_t left, const char *const *names, int n, bool abbr, size_t *len)
{
	for (int k = 0; k < n; k++) {
		size_t		l = abbr ? 3 : strlen(names[k]);

		if (l <= left && strncasecmp(p, names[k], l) == 0) {
			*len = l;
			return k;
		}
	}
	return -1;
}

/*
 * parse_template reads s by the template f into tm (fields PostgreSQL's
 * to_timestamp reads; absent fields are 0001-01-01 00:00:00).
 */
static bool
parse_template(Str s, Str f, Tm *tm, Err *err)
{
	size_t		i = 0;
	size_t		j = 0;
	int			pm = -1;
	bool		hh12 = false;
	int			doy = 0;

	memset(tm, 0, sizeof(*tm));
	tm->year = 1;
	tm->mon = 1;
	tm->mday = 1;
	while (i < f.len) {
		size_t		len;
		int			style;
		Kw			kw;
		int			width;
		int64_t		v = 0;
		size_t		start;
		int			maxw;

		if (f.len - i >= 2 && strncasecmp(f.p + i, "FM", 2) == 0)
			i += 2;
		kw = match_kw(f.p + i, f.len - i, &len, &style);
		if (kw == K_NONE) {
			if (f.p[i] == '"') {
				for (i++; i < f.len && f.p[i] != '"'; i++)
					if (j < s.len)
						j++;
				i++;
			} else if (isspace((unsigned char) f.p[i])) {
				while (j < s.len && isspace((unsigned char) s.p[j]))
					j++;
				i++;
			} else {
				if (j < s.len && !isalnum((unsigned char) s.p[j]))
					j++;
				i++;
			}
			continue;
		}
		i += len;
		while (j < s.len && isspace((unsigned char) s.p[j]))
			j++;
		switch (kw) {
			case K_MONTH:
			case K_MON:
				{
					int			m = name_at(s.p + j, s.len - j, month_names, 12, kw == K_MON, &len);

					if (m < 0 && kw == K_MONTH)
						m = name_at(s.p + j, s.len - j, month_names, 12, true, &len);
					if (m < 0)
						return err_set(err, ERRCODE_INVALID_DATETIME_FORMAT,
									   "invalid value \"%.*s\" for \"%.*s\"",
									   (int) (s.len - j < 3 ? s.len - j : 3), s.p + j, (int) len, f.p + i - len);
					tm->mon = m + 1;
					j += len;
					continue;
				}
			case K_DAY:
			case K_DY:
				{
					int			d = name_at(s.p + j, s.len - j, day_names, 7, kw == K_DY, &len);

					if (d < 0)
						return err_set(err, ERRCODE_INVALID_DATETIME_FORMAT,
									   "invalid value \"%.*s\" for \"%.*s\"",
									   (int) (s.len - j < 3 ? s.len - j : 3), s.p + j, kw == K_DY ? 2 : 3,
									   f.p + i - len);
					j += len;
					continue;
				}
			case K_AM:
			case K_PM:
			case K_AM_DOT:
			case K_PM_DOT:
				{
					size_t		w = (kw == K_AM_DOT || kw == K_PM_DOT) ? 4 : 2;

					if (j + w <= s.len && strncasecmp(s.p + j, w == 4 ? "A.M." : "AM", w) == 0)
						pm = 0;
					else if (j + w <= s.len && strncasecmp(s.p + j, w == 4 ? "P.M." : "PM", w) == 0)
						pm = 1;
					else
						return err_set(err, ERRCODE_INVALID_DATETIME_FORMAT,
									   "invalid value \"%.*s\" for \"%.*s\"",
									   (int) (s.len - j < w ? s.len - j : w), s.p + j, (int) len,
									   f.p + i - len);
					j += w;
					continue;
				}
			case K_TZ:
			case K_OF:
			case K_RM:
			case K_BC:
			case K_AD:
			case K_BC_DOT:
			case K_AD_DOT:
			case K_Y_YYY:
			case K_IYYY:
			case K_IYY:
			case K_IY:
			case K_I:
			case K_IDDD:
			case K_ID:
			case K_IW:
			case K_WW:
			case K_W:
			case K_Q:
			case K_CC:
			case K_D:
				return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
							   "the template pattern \"%.*s\" is not supported by to_timestamp yet",
							   (int) len, f.p + i - len);
			default:
				break;
		}
		width = kw == K_YYYY ? 4 : kw == K_YYY || kw == K_DDD || kw == K_MS ? 3 :
			kw == K_US ? 6 : kw == K_Y ? 1 : kw == K_J || kw == K_SSSS || kw == K_SSSSS ? 12 : 2;
		/* a field followed by another field reads only its width */
		maxw = i < f.len && isalpha((unsigned char) f.p[i]) ? width : 12;
		start = j;
		if (j < s.len && (s.p[j] == '-' || s.p[j] == '+'))
			j++;
		while (j < s.len && isdigit((unsigned char) s.p[j]) && (int) (j - start) < maxw)
			v = v * 10 + (s.p[j++] - '0');
		if (j == start || (j == start + 1 && !isdigit((unsigned char) s.p[start]))) {
			size_t		e = j;

			while (e < s.len && !isspace((unsigned char) s.p[e]) && e - j < (size_t) width)
				e++;
			err_set(err, ERRCODE_INVALID_DATETIME_FORMAT, "invalid value \"%.*s\" for \"%.*s\"",
					(int) (e - j), s.p + j, (int) len, f.p + i - len);
			err_detail(err, j >= s.len ? "Field requires %d characters, but only %d remain." :
					   "Value must be an integer.", width, (int) (s.len - j));
			return false;
		}
		if (s.p[start] == '-')
			v = -v;
		switch (kw) {
			case K_YYYY:
				tm->year = (int) v;
				break;
			case K_YYY:
				tm->year = (int) (v < 100 ? v + 2000 : v + 1000);
				break;
			case K_YY:
				tm->year = (int) (j - start <= 2 ? (v < 70 ? v + 2000 : v + 1900) : v);
				break;
			case K_Y:
				tm->year = (int) v + 2000;
				break;
			case K_MM:
				tm->mon = (int) v;
				break;
			case K_DD:
				tm->mday = (int) v;
				break;
			case K_DDD:
				doy = (int) v;
				break;
			case K_HH:
			case K_HH12:
				hh12 = true;
				tm->hour = v;
				break;
			case K_HH24:
				tm->hour = v;
				break;
			case K_MI:
				tm->min = (int) v;
				break;
			case K_SS:
				tm->sec = (int) v;
				break;
			case K_MS:
				tm->usec += (int) (v * (j - start == 1 ? 100000 : j - start == 2 ? 10000 : 1000));
				break;
			case K_US:
				{
					int64_t		u = v;

					for (size_t k = j - start; k < 6; k++)
						u *= 10;
					tm->usec += (int) u;
				}
				break;
			case K_SSSS:
			case K_SSSSS:
				tm->hour = v / 3600;
				tm->min = (int) (v / 60 % 60);
				tm->sec = (int) (v % 60);
				break;
			case K_J:
				{
					int			y;
					int			m;
					int			d;

					date_to_ymd((int32_t) (v - 2451545), &y, &m, &d);
					tm->year = y;
					tm->mon = m;
					tm->mday = d;
				}
				break;
			default:
				break;
		}
	}
	if (hh12 || pm >= 0) {
		if (tm->hour < 1 || tm->hour > 12) {
			err_set(err, ERRCODE_INVALID_DATETIME_FORMAT, "hour \"%lld\" is invalid for the 12-hour clock",
					(long long) tm->hour);
			err_hint(err, "Use the 24-hour clock, or give an hour between 1 and 12.");
			return false;
		}
		if (pm == 1 && tm->hour < 12)
			tm->hour += 12;
		else if (pm != 1 && tm->hour == 12)
			tm->hour = 0;
	}
	if (tm->year <= 0 && tm->year > -10000)
		tm->year += 1;			/* a negative year is BC */
	if (doy > 0) {
		int32_t		d = date_from_ymd(tm->year, 1, 1) + doy - 1;

		date_to_ymd(d, &tm->year, &tm->mon, &tm->mday);
	}
	if (!date_ymd_valid(tm->year, tm->mon, tm->mday) || tm->hour > 24 || tm->min > 59 ||
		tm->sec > 60 || tm->hour < 0 || tm->min < 0 || tm->sec < 0)
		return range_error(s, err);
	tm->days = date_from_ymd(tm->year, tm->mon, tm->mday);
	return true;
}

/* ---- time zones ---- */

typedef struct Zone {
	bool		fixed;
	int64_t		east;			/* fixed: seconds east of UTC */
	char		name[200];
} Zone;

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static char tz_current[200];

/* posix_offset reads [name]sign hh[:mm[:ss]] (POSIX: + is west of UTC). */
static bool
posix_offset(const char *z, int64_t *east)
{
	const char *p = z;
	int			sign = 1;
	long		h;
	long		m = 0;
	long		sec = 0;
	char	   *end;

	while (isalpha((unsigned char) *p))
		p++;
	if (p != z && p - z < 3)
		return false;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	else if (p == z || *p == '\0')
		return false;
	if (!isdigit((unsigned char) *p))
		return false;
	h = strtol(p, &end, 10);
	if (*end == ':') {
		m = strtol(end + 1, &end, 10);
		if (*end == ':')
			sec = strtol(end + 1, &end, 10);
	}
	if (*end != '\0' || h > 167 || m > 59 || sec > 59)
		return false;
	*east = -sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool
zone_lookup(Str zs, Zone *z, Err *err)
{
	char		path[300];
	struct stat st;

	if (zs.len == 0 || zs.len >= sizeof(z->name))
		goto bad;
	memcpy(z->name, zs.p, zs.len);
	z->name[zs.len] = '\0';
	z->fixed = true;
	z->east = 0;
	if (strcasecmp(z->name, "UTC") == 0 || strcasecmp(z->name, "GMT") == 0 ||
		strcasecmp(z->name, "Z") == 0 || strcasecmp(z->name, "UCT") == 0 ||
		strcasecmp(z->name, "Zulu") == 0)
		return true;
	if (posix_offset(z->name, &z->east))
		return true;
	z->fixed = false;
	if (z->name[0] == '/' || z->name[0] == '.' || strstr(z->name, "..") != NULL)
		goto bad;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", z->name);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return true;
bad:
	return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "time zone \"%.*s\" not recognized",
				   (int) zs.len, zs.p);
}

/* zone_east is the zone's offset east of UTC at the Unix time t. */
static int64_t
zone_east(const Zone *z, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t) t;
	int64_t		r = 0;

	if (z->fixed)
		return z->east;
	pthread_mutex_lock(&tz_lock);
	if (strcmp(tz_current, z->name) != 0) {
		setenv("TZ", z->name, 1);
		tzset();
		snprintf(tz_current, sizeof(tz_current), "%s", z->name);
	}
	if (localtime_r(&tt, &tm) != NULL)
		r = tm.tm_gmtoff;
	pthread_mutex_unlock(&tz_lock);
	return r;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* utc_to_local: timestamptz AT TIME ZONE z (a timestamp) */
static int64_t
utc_to_local(const Zone *z, int64_t ts)
{
	int64_t		unix_s = floor_div(ts, USECS_PER_SEC) + POSTGRES_EPOCH_UNIX;

	return ts + zone_east(z, unix_s) * USECS_PER_SEC;
}

/*
 * local_to_utc: timestamp AT TIME ZONE z.  A local time a transition skips
 * takes the offset before it, one it repeats the offset after it, as
 * PostgreSQL's DetermineTimeZoneOffset does.
 */
static int64_t
local_to_utc(const Zone *z, int64_t ts)
{
	int64_t		l = floor_div(ts, USECS_PER_SEC) + POSTGRES_EPOCH_UNIX;
	int64_t		before = zone_east(z, l - 86400);
	int64_t		after = zone_east(z, l + 86400);
	int64_t		off = before;

	if (before != after && zone_east(z, l - after) == after)
		off = after;
	return ts - off * USECS_PER_SEC;
}

/* ---- interval helpers ---- */

static Interval
justify_days(Interval r)
{
	int32_t		wm = r.day / 30;

	r.day -= wm * 30;
	r.month += wm;
	if (r.month > 0 && r.day < 0) {
		r.day += 30;
		r.month--;
	} else if (r.month < 0 && r.day > 0) {
		r.day -= 30;
		r.month++;
	}
	return r;
}

static Interval
justify_hours(Interval r)
{
	int64_t		wd = r.time / USECS_PER_DAY;

	r.time -= wd * USECS_PER_DAY;
	r.day += (int32_t) wd;
	if (r.day > 0 && r.time < 0) {
		r.time += USECS_PER_DAY;
		r.day--;
	} else if (r.day < 0 && r.time > 0) {
		r.time -= USECS_PER_DAY;
		r.day++;
	}
	return r;
}

static Interval
justify_interval(Interval r)
{
	int64_t		wd;
	int32_t		wm;

	if ((r.day > 0 && r.time > 0) || (r.day < 0 && r.time < 0)) {
		wm = r.day / 30;
		r.day -= wm * 30;
		r.month += wm;
	}
	wd = r.time / USECS_PER_DAY;
	r.time -= wd * USECS_PER_DAY;
	r.day += (int32_t) wd;
	wm = r.day / 30;
	r.day -= wm * 30;
	r.month += wm;
	if (r.month > 0 && (r.day < 0 || (r.day == 0 && r.time < 0))) {
		r.day += 30;
		r.month--;
	} else if (r.month < 0 && (r.day > 0 || (r.day == 0 && r.time > 0))) {
		r.day -= 30;
		r.month++;
	}
	if (r.day > 0 && r.time < 0) {
		r.time += USECS_PER_DAY;
		r.day--;
	} else if (r.day < 0 && r.time > 0) {
		r.time -= USECS_PER_DAY;
		r.day++;
	}
	return r;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return dm[m - 1] + (m == 2 && date_ymd_valid(y, 2, 29));
}

/* age is PostgreSQL's timestamp_age: field-wise differences, borrowing */
static Interval
ts_age(int64_t t1, int64_t t2)
{
	int			y1, m1, d1, y2, m2, d2;
	int64_t		tod1, tod2;
	int32_t		dd;
	int64_t		year, mon, mday, hour, min, sec, usec;
	int			sign = t1 < t2 ? -1 : 1;
	Interval	r;

	split_ts(t1, &y1, &m1, &d1, &tod1, &dd);
	split_ts(t2, &y2, &m2, &d2, &tod2, &dd);
	usec = tod1 % USECS_PER_SEC - tod2 % USECS_PER_SEC;
	sec = tod1 / USECS_PER_SEC % 60 - tod2 / USECS_PER_SEC % 60;
	min = tod1 / (60 * USECS_PER_SEC) % 60 - tod2 / (60 * USECS_PER_SEC) % 60;
	hour = tod1 / (3600 * USECS_PER_SEC) - tod2 / (3600 * USECS_PER_SEC);
	mday = d1 - d2;
	mon = m1 - m2;
	year = y1 - y2;
	if (sign < 0) {
		usec = -usec, sec = -sec, min = -min, hour = -hour;
		mday = -mday, mon = -mon, year = -year;
	}
	while (usec < 0)
		usec += USECS_PER_SEC, sec--;
	while (sec < 0)
		sec += 60, min--;
	while (min < 0)
		min += 60, hour--;
	while (hour < 0)
		hour += 24, mday--;
	while (mday < 0) {
		if (sign < 0)
			mday += days_in_month(y1, m1);
		else
			mday += days_in_month(y2, m2);
		mon--;
	}
	while (mon < 0)
		mon += 12, year--;
	if (sign < 0) {
		usec = -usec, sec = -sec, min = -min, hour = -hour;
		mday = -mday, mon = -mon, year = -year;
	}
	r.month = (int32_t) (year * 12 + mon);
	r.day = (int32_t) mday;
	r.time = ((hour * 60 + min) * 60 + sec) * USECS_PER_SEC + usec;
	return r;
}

/* ---- json ---- */

static void
json_string(OBuf *b, const char *p, size_t len)
{
	obuf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char) p[i];
		char		esc[8];

		switch (ch) {
			case '"':
				obuf_puts(b, "\\\"");
				break;
			case '\\':
				obuf_puts(b, "\\\\");
				break;
			case '\n':
				obuf_puts(b, "\\n");
				break;
			case '\r':
				obuf_puts(b, "\\r");
				break;
			case '\t':
				obuf_puts(b, "\\t");
				break;
			case '\b':
				obuf_puts(b, "\\b");
				break;
			case '\f':
				obuf_puts(b, "\\f");
				break;
			default:
				if (ch < 0x20) {
					snprintf(esc, sizeof(esc), "\\u%04x", ch);
					obuf_puts(b, esc);
				} else
					obuf_putc(b, (char) ch);
		}
	}
	obuf_putc(b, '"');
}

/* json_value writes v as PostgreSQL's to_json does (scalars). */
static void
json_value(OBuf *b, const Value *v)
{
	Buf			t;

	if (v->is_null) {
		obuf_puts(b, "null");
		return;
	}
	if (v->type == TYPE_BOOL) {
		obuf_puts(b, v->u.b ? "true" : "false");
		return;
	}
	buf_init(&t);
	typeio_text(&t, v);
	if (v->type == TYPE_JSON ||
		(type_is_numeric(v->type) && t.len > 0 && isdigit((unsigned char) t.data[t.len - 1])))
		obuf_putn(b, (const char *) t.data, t.len);
	else if ((v->type == TYPE_TIMESTAMP || v->type == TYPE_TIMESTAMPTZ) &&
			 v->u.i != TS_NOBEGIN && v->u.i != TS_NOEND) {
		char		tmp[DATETIME_OUT_MAX + 8];
		size_t		n = t.len < DATETIME_OUT_MAX ? t.len : DATETIME_OUT_MAX;
		char	   *sp;

		memcpy(tmp, t.data, n);
		tmp[n] = '\0';
		if ((sp = strchr(tmp, ' ')) != NULL)
			*sp = 'T';
		if (v->type == TYPE_TIMESTAMPTZ && strstr(tmp, " BC") == NULL)
			strcat(tmp, ":00");
		json_string(b, tmp, strlen(tmp));
	} else
		json_string(b, (const char *) t.data, t.len);
	buf_free(&t);
}

/* ---- generate_series with a step ---- */

#define SERIES_MAX INT64_C(100000000)

/* series_count: how many rows generate_series(lo, hi, step) gives */
static bool
series_count(const Value *argv, Value *r, Err *err)
{
	if (argv[0].type != TYPE_TIMESTAMP && argv[0].type != TYPE_TIMESTAMPTZ) {
		int64_t		lo = argv[0].u.i;
		int64_t		hi = argv[1].u.i;
		int64_t		st = argv[2].u.i;

		if (st == 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "step size cannot equal zero");
		r->u.i = (st > 0 && hi >= lo) ? (int64_t) (((__int128) hi - lo) / st + 1) :
			(st < 0 && hi <= lo) ? (int64_t) (((__int128) lo - hi) / -st + 1) : 0;
		return true;
	} else {
		int128		key = interval_cmp_key(argv[2].u.iv);
		int64_t		t = argv[0].u.i;
		int64_t		n = 0;

		if (key == 0)
			return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "step size cannot equal zero");
		if (t == TS_NOBEGIN || t == TS_NOEND || argv[1].u.i == TS_NOBEGIN || argv[1].u.i == TS_NOEND)
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
						   "generate_series over infinite timestamps is not supported in the select list");
		while (key > 0 ? t <= argv[1].u.i : t >= argv[1].u.i) {
			if (++n > SERIES_MAX)
				return err_set(err, "54000",
							   "generate_series in the select list is limited to %lld rows",
							   (long long) SERIES_MAX);
			if (!timestamp_add_interval(t, argv[2].u.iv, 1, &t, err))
				break;			/* past the range: the series ends */
		}
		err_clear(err);
		r->u.i = n;
		return true;
	}
}

/* ---- one row ---- */

static bool
make_date_checked(int64_t y, int64_t m, int64_t d, int32_t *out, Err *err)
{
	int64_t		yy = y < 0 ? y + 1 : y;

	if (y == 0 || m < 1 || m > 12 || d < 1 || yy < -4713 || yy > 5874897 ||
		!date_ymd_valid((int) yy, (int) m, (int) d))
		return err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW, "date field value out of range: %lld-%02lld-%02lld",
					   (long long) y, (long long) m, (long long) d);
	*out = date_from_ymd((int) yy, (int) m, (int) d);
	return true;
}

static Str
sv(const Value *v)
{
	Str			s = {v->u.s.p, v->u.s.len};

	return s;
}

static bool
eval_row(const Quarry__Expr *e, const Value *argv, int n, Arena *a, Value *r, Err *err)
{
	Tm			tm;
	Zone		z;
	char		tmp[64];

	switch (e->func) {
		case QUARRY__SCALAR_FUNC__FN_TO_CHAR:
			if (type_is_numeric(argv[0].type))
				return eval_to_char_num(&argv[0], sv(&argv[1]), a, r, err);
			return eval_to_char(&argv[0], sv(&argv[1]), a, r);
		case QUARRY__SCALAR_FUNC__FN_TO_TIMESTAMP_EPOCH:
			{
				double		x = argv[0].u.f;

				if (isnan(x))
					return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "timestamp cannot be NaN");
				if (isinf(x)) {
					r->u.i = x > 0 ? TS_NOEND : TS_NOBEGIN;
					return true;
				}
				if (x < -210866803200.0 || x >= 9224318016000.0) {
					typeio_float8_out(x, tmp, sizeof(tmp));
					return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE,
								   "timestamp out of range: \"%s\"", tmp);
				}
				r->u.i = (int64_t) rint((x - (double) POSTGRES_EPOCH_UNIX) * 1e6);
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_TO_TIMESTAMP:
		case QUARRY__SCALAR_FUNC__FN_TO_DATE:
			if (!parse_template(sv(&argv[0]), sv(&argv[1]), &tm, err))
				return false;
			if (e->func == QUARRY__SCALAR_FUNC__FN_TO_DATE) {
				r->u.i = tm.days;
				return true;
			}
			return ts_finish((int64_t) tm.days * USECS_PER_DAY +
							 ((tm.hour * 60 + tm.min) * 60 + tm.sec) * USECS_PER_SEC + tm.usec,
							 &r->u.i, err);
		case QUARRY__SCALAR_FUNC__FN_TIMEZONE:
			if (!zone_lookup(sv(&argv[0]), &z, err))
				return false;
			if (argv[1].u.i == TS_NOBEGIN || argv[1].u.i == TS_NOEND) {
				r->u.i = argv[1].u.i;
				return true;
			}
			if (argv[1].type == TYPE_TIMESTAMPTZ)
				return ts_finish(utc_to_local(&z, argv[1].u.i), &r->u.i, err);
			return ts_finish(local_to_utc(&z, argv[1].u.i), &r->u.i, err);
		case QUARRY__SCALAR_FUNC__FN_MD5:
			{
				unsigned char md[EVP_MAX_MD_SIZE];
				unsigned int mdlen = 0;
				char	   *hex = arena_alloc(a, 33);

				if (!EVP_Digest(argv[0].u.s.p, argv[0].u.s.len, md, &mdlen, EVP_md5(), NULL))
					return err_set(err, ERRCODE_INTERNAL_ERROR, "could not compute MD5 hash");
				for (unsigned int k = 0; k < mdlen && k < 16; k++)
					snprintf(hex + 2 * k, 3, "%02x", md[k]);
				r->u.s.p = hex;
				r->u.s.len = 32;
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_SHA224:
		case QUARRY__SCALAR_FUNC__FN_SHA256:
		case QUARRY__SCALAR_FUNC__FN_SHA384:
		case QUARRY__SCALAR_FUNC__FN_SHA512:
			{
				const EVP_MD *md = e->func == QUARRY__SCALAR_FUNC__FN_SHA224 ? EVP_sha224() :
					e->func == QUARRY__SCALAR_FUNC__FN_SHA256 ? EVP_sha256() :
					e->func == QUARRY__SCALAR_FUNC__FN_SHA384 ? EVP_sha384() : EVP_sha512();
				unsigned char *out = arena_alloc(a, EVP_MAX_MD_SIZE);
				unsigned int len = 0;

				if (!EVP_Digest(argv[0].u.s.p, argv[0].u.s.len, out, &len, md, NULL))
					return err_set(err, ERRCODE_INTERNAL_ERROR, "could not compute a SHA-2 hash");
				r->u.s.p = (const char *) out;
				r->u.s.len = len;
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_CONCAT_WS:
			{
				OBuf			b;
				bool		first = true;

				if (argv[0].is_null) {
					r->is_null = true;
					return true;
				}
				obuf_init(&b, a);
				for (int k = 1; k < n; k++) {
					if (argv[k].is_null)
						continue;
					if (!first)
						obuf_putn(&b, argv[0].u.s.p, argv[0].u.s.len);
					first = false;
					obuf_putn(&b, argv[k].u.s.p, argv[k].u.s.len);
				}
				r->u.s.p = b.data;
				r->u.s.len = (uint32_t) b.len;
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_AGE:
			if (argv[0].u.i == TS_NOBEGIN || argv[0].u.i == TS_NOEND ||
				argv[1].u.i == TS_NOBEGIN || argv[1].u.i == TS_NOEND)
				return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "cannot subtract infinite timestamps");
			r->u.iv = ts_age(argv[0].u.i, argv[1].u.i);
			return true;
		case QUARRY__SCALAR_FUNC__FN_JUSTIFY_INTERVAL:
			r->u.iv = justify_interval(argv[0].u.iv);
			return true;
		case QUARRY__SCALAR_FUNC__FN_JUSTIFY_DAYS:
			r->u.iv = justify_days(argv[0].u.iv);
			return true;
		case QUARRY__SCALAR_FUNC__FN_JUSTIFY_HOURS:
			r->u.iv = justify_hours(argv[0].u.iv);
			return true;
		case QUARRY__SCALAR_FUNC__FN_MAKE_DATE:
			{
				int32_t		d;

				if (!make_date_checked(argv[0].u.i, argv[1].u.i, argv[2].u.i, &d, err))
					return false;
				r->u.i = d;
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_MAKE_TIMESTAMP:
			{
				int32_t		d;
				double		sec = argv[5].u.f;
				int64_t		h = argv[3].u.i;
				int64_t		mi = argv[4].u.i;
				int64_t		usec;

				if (argv[0].u.i <= 0)
					return err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW,
								   "date field value out of range: %lld-%02lld-%02lld",
								   (long long) argv[0].u.i, (long long) argv[1].u.i, (long long) argv[2].u.i);
				if (!make_date_checked(argv[0].u.i, argv[1].u.i, argv[2].u.i, &d, err))
					return false;
				usec = (int64_t) rint(sec * 1e6);
				if (h < 0 || h > 24 || mi < 0 || mi > 59 || isnan(sec) || sec < 0 ||
					usec > 60 * USECS_PER_SEC ||
					(h == 24 && (mi > 0 || usec > 0))) {
					return err_set(err, ERRCODE_DATETIME_FIELD_OVERFLOW,
								   "time field value out of range: %lld:%02lld:%02g",
								   (long long) h, (long long) mi, sec);
				}
				return ts_finish((int64_t) d * USECS_PER_DAY + (h * 3600 + mi * 60) * USECS_PER_SEC + usec,
								 &r->u.i, err);
			}
		case QUARRY__SCALAR_FUNC__FN_DATE_BIN:
			{
				Interval	st = argv[0].u.iv;
				int64_t		ts = argv[1].u.i;
				int64_t		origin = argv[2].u.i;
				int64_t		stride;
				int64_t		diff;
				int64_t		delta;

				if (st.month != 0)
					return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED,
								   "timestamps cannot be binned into intervals containing months or years");
				stride = (int64_t) st.day * USECS_PER_DAY + st.time;
				if (stride <= 0)
					return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "stride must be greater than zero");
				if (ts == TS_NOBEGIN || ts == TS_NOEND) {
					r->u.i = ts;
					return true;
				}
				if (origin == TS_NOBEGIN || origin == TS_NOEND)
					return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "origin out of range");
				if (__builtin_sub_overflow(ts, origin, &diff))
					return err_set(err, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE, "interval out of range");
				delta = diff - diff % stride;
				if (diff % stride < 0)
					delta -= stride;	/* the start of the bin before the origin */
				return ts_finish(origin + delta, &r->u.i, err);
			}
		case QUARRY__SCALAR_FUNC__FN_TO_JSON:
		case QUARRY__SCALAR_FUNC__FN_JSON_ELEM:
		case QUARRY__SCALAR_FUNC__FN_JSON_PAIR:
		case QUARRY__SCALAR_FUNC__FN_JSON_WRAP:
			{
				OBuf		b;

				obuf_init(&b, a);
				if (e->func == QUARRY__SCALAR_FUNC__FN_JSON_WRAP) {
					if (argv[0].is_null) {
						r->is_null = true;
						return true;
					}
					obuf_puts(&b, argv[1].u.i ? "{ " : "[");
					obuf_putn(&b, argv[0].u.s.p, argv[0].u.s.len);
					obuf_puts(&b, argv[1].u.i ? " }" : "]");
				} else if (e->func == QUARRY__SCALAR_FUNC__FN_JSON_PAIR) {
					Buf			k;

					if (argv[0].is_null)
						return err_set(err, ERRCODE_INVALID_PARAMETER_VALUE, "field name must not be null");
					buf_init(&k);
					typeio_text(&k, &argv[0]);
					json_string(&b, (const char *) k.data, k.len);
					buf_free(&k);
					obuf_puts(&b, " : ");
					json_value(&b, &argv[1]);
				} else
					json_value(&b, &argv[0]);
				r->u.s.p = b.data;
				r->u.s.len = (uint32_t) b.len;
				return true;
			}
		case QUARRY__SCALAR_FUNC__FN_SERIES_COUNT:
			return series_count(argv, r, err);
		case QUARRY__SCALAR_FUNC__FN_SERIES_NTH:
			if (argv[0].type != TYPE_TIMESTAMP && argv[0].type != TYPE_TIMESTAMPTZ) {
				r->u.i = argv[0].u.i + (argv[2].u.i - 1) * argv[1].u.i;
				return true;
			}
			r->u.i = argv[0].u.i;
			for (int64_t k = 1; k < argv[2].u.i; k++)
				if (!timestamp_add_interval(r->u.i, argv[1].u.iv, 1, &r->u.i, err))
					return false;
			return true;
		default:
			return err_set(err, ERRCODE_FEATURE_NOT_SUPPORTED, "function %d is not supported by this worker",
						   (int) e->func);
	}
}

/*
 * eval_func_bi evaluates one of this file's functions over a batch
 * (exec/func.c sends every function numbered 300 and up here).  All are
 * strict but concat_ws, which skips NULL arguments after the separator.
 */
Vector *
eval_func_bi(const Quarry__Expr *e, const Batch *in, Arena *a, Err *err)
{
	bool		strict = e->func != QUARRY__SCALAR_FUNC__FN_CONCAT_WS &&
		e->func != QUARRY__SCALAR_FUNC__FN_JSON_ELEM && e->func != QUARRY__SCALAR_FUNC__FN_JSON_PAIR &&
		e->func != QUARRY__SCALAR_FUNC__FN_JSON_WRAP;

	return eval_rows(e, in, a, strict, eval_row, err);
}
