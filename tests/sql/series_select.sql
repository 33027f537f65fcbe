-- generate_series with a step in the select list: integers, and dates and
-- timestamps by an interval (month steps add one month at a time).
\set VERBOSITY verbose
SELECT generate_series(1, 10, 3);
SELECT generate_series(10, 1, -4), generate_series(1, 3);
SELECT generate_series(5, 1, 1);
SELECT generate_series(date '2024-01-31', date '2024-05-01', interval '1 month');
SELECT generate_series(timestamp '2024-02-28 22:00', timestamp '2024-03-01 02:00', interval '6 hours');
SELECT generate_series(timestamptz '2024-01-01 00:00+00', timestamptz '2024-01-01 00:00+00', interval '1 day');
SELECT generate_series(timestamp '2024-01-03', timestamp '2024-01-01', interval '-1 day');
SELECT n, generate_series(timestamp '2024-03-10 00:00', timestamp '2024-03-10 02:00', interval '45 minutes') FROM (VALUES (1), (2)) t(n) ORDER BY 1, 2;
SELECT to_char(d, 'YYYY-MM-DD Dy') FROM (SELECT generate_series(date '2024-02-26', date '2024-03-03', interval '1 day') AS d) s;
SELECT generate_series(1, 5, 0);
SELECT generate_series(timestamp '2024-01-01', timestamp '2024-01-02', interval '0 days');
