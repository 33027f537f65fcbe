-- timestamp with time zone (sessions in UTC), now() and CURRENT_TIMESTAMP
\set VERBOSITY verbose
SELECT TIMESTAMPTZ '1998-09-02 10:11:12', '1998-09-02 10:11:12+02'::timestamptz, '1998-09-02 10:11:12.5-03:30'::timestamptz, '1998-09-02T10:11:12Z'::timestamptz;
SELECT '1998-09-02 10:11:12+0530'::timestamptz, '1998-09-02'::timestamptz, 'infinity'::timestamptz, '0044-03-15 12:00 BC'::timestamptz;
SELECT pg_typeof(now()), pg_typeof(current_timestamp), now() = current_timestamp, now() >= TIMESTAMPTZ '2020-01-01', current_timestamp::date = current_date;
SELECT TIMESTAMPTZ '1998-09-02 10:11:12+00' = TIMESTAMP '1998-09-02 10:11:12', TIMESTAMPTZ '1998-09-02 00:00+00' = DATE '1998-09-02';
SELECT TIMESTAMPTZ '1998-09-02 10:11:12' + INTERVAL '1 day', TIMESTAMPTZ '1998-09-02 10:11:12' - TIMESTAMPTZ '1998-09-01', TIMESTAMPTZ '1998-09-02 10:11:12'::timestamp, TIMESTAMP '1998-09-02 10:11:12'::timestamptz;
SELECT extract(year FROM TIMESTAMPTZ '1998-09-02 10:11:12'), extract(hour FROM TIMESTAMPTZ '1998-09-02 10:11:12+02'), extract(timezone FROM TIMESTAMPTZ '1998-09-02 10:11:12'), extract(epoch FROM TIMESTAMPTZ '1998-09-02 10:11:12+00');
SELECT date_trunc('month', TIMESTAMPTZ '1998-09-02 10:11:12'), date_trunc('day', DATE '1998-09-02'), pg_typeof(date_trunc('day', DATE '1998-09-02')), date_part('hour', TIMESTAMPTZ '1998-09-02 10:11:12');
CREATE TABLE tz (id int, t timestamptz);
INSERT INTO tz VALUES (1, '1998-09-02 10:11:12+02'), (2, '1998-09-02 10:11:12'), (3, NULL);
SELECT * FROM tz ORDER BY t;
SELECT max(t), min(t) FROM tz;
SELECT 'garbage'::timestamptz;
SELECT extract(timezone FROM TIMESTAMP '1998-09-02 10:11:12');
