-- date, timestamp and interval: text I/O, casts, arithmetic, extract
\set VERBOSITY verbose
SELECT '1998-09-02'::date, CAST('1998-09-02' AS date), DATE '1998-09-02', date '2000-02-29';
SELECT '19980902'::date, '09/02/1998'::date, '9/2/98'::date, 'Sep 2 1998'::date, '2 September 1998'::date;
SELECT ' 1998-09-02 '::date, '1998-09-02 12:34:56'::date, '0001-01-01 BC'::date, '4713-11-24 BC'::date;
SELECT 'infinity'::date, '-infinity'::date, 'epoch'::date, '5874897-12-31'::date;
SELECT pg_typeof(DATE '1998-09-02'), pg_typeof(DATE '1998-09-02' + 1), pg_typeof(DATE '1998-09-02' - DATE '1998-01-01');
-- comparisons, also with unknown literals and timestamps
SELECT DATE '1998-09-02' < '1998-09-03', DATE '1998-09-02' = '1998-9-2', DATE '1998-09-02' >= DATE '1998-09-03';
SELECT DATE '1998-09-02' = TIMESTAMP '1998-09-02 00:00', DATE '1998-09-02' < TIMESTAMP '1998-09-02 00:00:01';
SELECT DATE '1998-09-02' BETWEEN '1998-01-01' AND '1998-12-31', DATE '1998-09-02' IN ('1998-09-02', '1999-01-01');
-- arithmetic
SELECT DATE '1998-09-02' + 30, 30 + DATE '1998-09-02', DATE '1998-09-02' - 365, DATE '2000-03-01' - 1;
SELECT DATE '1998-12-31' - DATE '1998-01-01', DATE '1998-01-01' - DATE '1998-12-31', DATE '2000-01-01' - '1999-01-01';
SELECT DATE '1998-09-02' + INTERVAL '1 month', DATE '1998-01-31' + INTERVAL '1 month', DATE '1998-09-02' - INTERVAL '3 days';
SELECT DATE '1998-12-01' + INTERVAL '1 year 2 months 3 days 04:05:06', DATE '2000-02-29' + INTERVAL '1 year';
-- extract returns numeric in PostgreSQL 15
SELECT extract(year FROM DATE '1998-09-02'), extract(month FROM DATE '1998-09-02'), extract(day FROM DATE '1998-09-02');
SELECT extract(quarter FROM DATE '1998-09-02'), extract(dow FROM DATE '1998-09-02'), extract(isodow FROM DATE '1998-09-06'),
       extract(doy FROM DATE '1998-09-02'), extract(week FROM DATE '1998-01-01'), extract(isoyear FROM DATE '1998-01-01');
SELECT extract(decade FROM DATE '1998-09-02'), extract(century FROM DATE '2000-12-31'), extract(century FROM DATE '2001-01-01'),
       extract(millennium FROM DATE '2001-01-01'), extract(epoch FROM DATE '1998-09-02'), extract(julian FROM DATE '1998-09-02');
SELECT extract(year FROM DATE '0044-03-15 BC'), extract(century FROM DATE '0044-03-15 BC');
SELECT pg_typeof(extract(year FROM DATE '1998-09-02')), date_part('year', DATE '1998-09-02'), pg_typeof(date_part('year', DATE '1998-09-02'));
SELECT date_part('month', DATE '1998-09-02'), date_part('dow', DATE '1998-09-02'), date_part('epoch', DATE '1998-09-02');
-- a table of dates
CREATE TABLE d (id int, d date, ts timestamp);
INSERT INTO d VALUES (1, '1998-09-02', '1998-09-02 10:11:12.5'), (2, '1992-01-01', '1992-01-01 00:00:00'),
  (3, NULL, NULL), (4, '1998-12-01', '1998-12-01 23:59:59.999999');
SELECT * FROM d ORDER BY d;
SELECT id, d + 1, d - 1, d - DATE '1992-01-01', extract(year FROM d), extract(month FROM d) FROM d ORDER BY id;
SELECT id FROM d WHERE d <= CAST('1998-09-02' AS date) AND d > DATE '1992-01-01' ORDER BY id;
SELECT extract(year FROM d) AS y, count(*) FROM d GROUP BY extract(year FROM d) ORDER BY y;
SELECT min(d), max(d), count(d) FROM d;
SELECT id, ts, ts + INTERVAL '1 day', ts - INTERVAL '1 hour', ts::date, d::timestamp FROM d ORDER BY id;
SELECT id, extract(hour FROM ts), extract(minute FROM ts), extract(second FROM ts), extract(epoch FROM ts) FROM d ORDER BY id;
SELECT id, ts - TIMESTAMP '1992-01-01', date_part('second', ts) FROM d ORDER BY id;
-- timestamps and intervals as text
SELECT TIMESTAMP '1998-09-02 10:11:12', '1998-09-02T10:11:12.123456'::timestamp, '1998-09-02 10:11'::timestamp;
SELECT INTERVAL '1 day', INTERVAL '1 year 2 months', INTERVAL '3 days 04:05:06.5', INTERVAL '-1 day', INTERVAL '1.5 days';
SELECT INTERVAL '90 minutes', INTERVAL '2 weeks', INTERVAL '1 day' + INTERVAL '2 hours', - INTERVAL '1 day', INTERVAL '1 hour' * 2.5;
SELECT INTERVAL '1 day' > INTERVAL '23 hours', INTERVAL '30 days' = INTERVAL '1 month', INTERVAL '0 seconds';
SELECT extract(day FROM INTERVAL '3 days 04:05:06'), extract(hour FROM INTERVAL '3 days 04:05:06'), extract(epoch FROM INTERVAL '1 day 1 second');
-- errors
SELECT 'not a date'::date;
SELECT '1998-13-01'::date;
SELECT '1998-02-30'::date;
SELECT DATE '1998-09-02' + 1.5;
SELECT DATE '1998-09-02' * 2;
SELECT extract(hour FROM DATE '1998-09-02');
SELECT extract(fortnight FROM DATE '1998-09-02');
SELECT 'abc'::interval;
SELECT 'infinity'::date - DATE '1998-01-01';
SELECT DATE '5874897-12-31' + 1;
-- interval fields: a bare number counts in the field named
select interval '90' day, interval '3' month, interval '1' year, interval '2' hour, date '1998-12-01' - interval '90' day, interval '1 day 02:00' day, interval '5' minute, interval '7' second;
select interval '1-2' year to month;
select date '1995-01-01' + interval '1' year, date '1994-01-01' + interval '3' month;
