-- Functions BI dashboards send: to_char, to_timestamp, to_date, AT TIME
-- ZONE, md5, concat_ws, age, justify_*, make_date, make_timestamp, date_bin.
\set VERBOSITY verbose
CREATE TABLE ev (ts timestamp, v float8, k text, n int);
INSERT INTO ev VALUES
  ('2024-01-01 00:00:00', 1.5, 'a', 1),
  ('2024-02-29 13:05:09.123456', -2.25, 'b', 2),
  ('2023-12-31 23:59:59', 10, 'a', 3),
  ('2024-03-10 07:30:00', 0.5, NULL, NULL),
  ('1999-07-04 12:00:00', NULL, 'c', 5),
  (NULL, 3, 'c', 6);
-- to_char over timestamps: every field
SELECT ts, to_char(ts, 'YYYY-MM-DD HH24:MI:SS') AS iso, to_char(ts, 'YY Mon Month MON month DD D DDD') AS words
FROM ev ORDER BY ts;
SELECT to_char(ts, 'HH HH12 AM PM am a.m. P.M. MS US SSSS') FROM ev ORDER BY ts;
SELECT to_char(ts, 'IYYY-IW ID IDDD Q WW W CC J Day Dy DAY dy') FROM ev ORDER BY ts;
SELECT to_char(ts, 'FMMonth FMDD FMHH24 FMDDth DDTH Mon-"week" "quoted \" text" WW') FROM ev ORDER BY ts;
SELECT to_char(ts, 'Y,YYY YYY Y RM rm BC A.D. TZ OF') FROM ev ORDER BY ts;
SELECT to_char(timestamptz '2024-05-06 07:08:09+00', 'YYYY-MM-DD HH24:MI:SS TZ tz OF');
SELECT to_char(date '2024-02-29', 'DD/MM/YYYY Day');
SELECT to_char(interval '1 year 2 months 3 days 04:05:06.789', 'YYYY MM DD HH24 MI SS MS');
SELECT to_char(interval '49 hours', 'HH24:MI'), to_char(interval '-3 days', 'DD');
SELECT to_char(timestamp 'infinity', 'YYYY'), to_char(NULL::timestamp, 'YYYY'), to_char(ts, NULL) FROM ev LIMIT 1;
SELECT to_char(timestamp '0044-03-15 10:00:00 BC', 'YYYY BC CC');
-- the Grafana and Metabase bucket shapes
SELECT to_char(date_trunc('month', ts), 'YYYY-MM') AS month, count(*) FROM ev GROUP BY 1 ORDER BY 1;
-- to_timestamp(epoch)
SELECT to_timestamp(0), to_timestamp(1700000000), to_timestamp(1700000000.5), to_timestamp(-1.25);
SELECT to_timestamp('infinity'::float8), to_timestamp(NULL::float8);
SELECT to_timestamp(n * 86400) FROM ev ORDER BY n;
SELECT to_timestamp('NaN'::float8);
SELECT to_timestamp(1e20);
-- to_timestamp and to_date with templates
SELECT to_timestamp('2024-02-29 13:05:09', 'YYYY-MM-DD HH24:MI:SS');
SELECT to_timestamp('29 Feb 2024 01:05 PM', 'DD Mon YYYY HH:MI AM');
SELECT to_timestamp('20240229130509', 'YYYYMMDDHH24MISS');
SELECT to_timestamp('2024-02-29 13:05:09.123', 'YYYY-MM-DD HH24:MI:SS.MS');
SELECT to_timestamp('2024-02-29 13:05:09.5', 'YYYY-MM-DD HH24:MI:SS.US');
SELECT to_date('2024-02-29', 'YYYY-MM-DD'), to_date('31/12/1999', 'DD/MM/YYYY'), to_date('March 5, 2021', 'Month DD, YYYY');
SELECT to_date('24-1-5', 'YY-MM-DD'), to_date('2024 060', 'YYYY DDD'), to_date(NULL, 'YYYY');
SELECT to_date('2023-02-29', 'YYYY-MM-DD');
SELECT to_date('2024-13-01', 'YYYY-MM-DD');
SELECT to_date('2024-ab-01', 'YYYY-MM-DD');
SELECT to_timestamp('13:00 PM', 'HH:MI AM');
-- AT TIME ZONE and timezone()
SELECT ts, ts AT TIME ZONE 'UTC' AS utc, ts AT TIME ZONE 'America/New_York' AS ny, timezone('Asia/Kolkata', ts) AS kolkata FROM ev ORDER BY ts;
SELECT timestamptz '2024-07-01 12:00:00+00' AT TIME ZONE 'Europe/Berlin', timestamptz '2024-01-01 12:00:00+00' AT TIME ZONE 'Europe/Berlin';
SELECT timestamp '2024-01-01 12:00' AT TIME ZONE '+02', timestamp '2024-01-01 12:00' AT TIME ZONE '-05:30', timestamp '2024-01-01 12:00' AT TIME ZONE 'UTC+3';
SELECT timestamptz '2024-01-01 12:00+00' AT TIME ZONE '+02', timestamptz '2024-01-01 12:00+00' AT TIME ZONE 'utc', timestamptz '2024-01-01 12:00+00' AT TIME ZONE 'GMT';
-- DST: the spring-forward gap and the fall-back repeat in New York
SELECT timestamp '2024-03-10 01:59' AT TIME ZONE 'America/New_York', timestamp '2024-03-10 02:30' AT TIME ZONE 'America/New_York', timestamp '2024-03-10 03:00' AT TIME ZONE 'America/New_York';
SELECT timestamp '2024-11-03 00:59' AT TIME ZONE 'America/New_York', timestamp '2024-11-03 01:30' AT TIME ZONE 'America/New_York', timestamp '2024-11-03 02:00' AT TIME ZONE 'America/New_York';
SELECT timestamptz '2024-11-03 05:30+00' AT TIME ZONE 'America/New_York', timestamptz '2024-11-03 06:30+00' AT TIME ZONE 'America/New_York';
SELECT date '2024-06-01' AT TIME ZONE 'Australia/Sydney', NULL::timestamp AT TIME ZONE 'UTC';
SELECT timestamp 'infinity' AT TIME ZONE 'Europe/Paris';
SELECT (ts AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Tokyo' FROM ev WHERE n = 1;
SELECT timestamp '2024-01-01' AT TIME ZONE 'Mars/Olympus';
SELECT timezone('Nowhere', timestamptz '2024-01-01 00:00+00');
-- md5, concat_ws
SELECT md5(''), md5('abc'), md5(k), md5(NULL) FROM ev ORDER BY n NULLS LAST LIMIT 3;
SELECT concat_ws(',', k, n, v) FROM ev ORDER BY n;
SELECT concat_ws(NULL, 'a', 'b'), concat_ws('-', NULL), concat_ws(' | ', 1, 2.5, true, date '2024-01-01');
-- age and justify
SELECT age(timestamp '2024-03-31', timestamp '2024-02-29'), age(timestamp '2024-02-29', timestamp '2024-03-31');
SELECT age(timestamp '2001-04-10', timestamp '1957-06-13'), age(timestamp '2024-01-01 10:00', timestamp '2023-12-31 12:30:15.5');
SELECT ts, age(timestamp '2025-01-01', ts) FROM ev ORDER BY ts;
SELECT age(NULL::timestamp, timestamp '2024-01-01'), age(date '2024-03-01', date '2024-01-31');
SELECT justify_days(interval '35 days'), justify_days(interval '-35 days'), justify_days(interval '1 month -5 days');
SELECT justify_hours(interval '50 hours'), justify_hours(interval '-50 hours'), justify_hours(interval '1 day -3 hours');
SELECT justify_interval(interval '1 month -1 hour'), justify_interval(interval '45 days 30 hours'), justify_interval(interval '-1 month 2 days -50 hours');
SELECT justify_interval(NULL), justify_days(interval '0');
-- make_date, make_timestamp
SELECT make_date(2024, 2, 29), make_date(-44, 3, 15), make_date(n + 2020, n, 28) FROM ev WHERE n IS NOT NULL ORDER BY n;
SELECT make_timestamp(2024, 2, 29, 13, 5, 9.5), make_timestamp(2024, 12, 31, 23, 59, 59.999999);
SELECT make_date(2023, 2, 29);
SELECT make_date(0, 1, 1);
SELECT make_timestamp(2024, 1, 1, 25, 0, 0);
SELECT make_timestamp(2024, 13, 1, 0, 0, 0);
-- date_bin
SELECT ts, date_bin(interval '15 minutes', ts, timestamp '2000-01-01') AS b15, date_bin(interval '1 day', ts, timestamp '2024-01-01 06:00') AS bday FROM ev ORDER BY ts;
SELECT date_bin(interval '1 hour', timestamp '2024-01-01 00:30', timestamp '2024-06-01 00:10');
SELECT date_bin(interval '7 days', timestamptz '2024-03-13 12:00+00', timestamptz '2001-01-01 00:00+00');
SELECT date_bin(interval '1 month', timestamp '2024-01-01', timestamp '2000-01-01');
SELECT date_bin(interval '0 seconds', timestamp '2024-01-01', timestamp '2000-01-01');
-- bad calls
SELECT to_char(true, 'YYYY');
SELECT make_date(2024, 1);
SELECT concat_ws('-');
DROP TABLE ev;
