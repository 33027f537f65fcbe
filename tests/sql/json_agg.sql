-- json_agg, json_object_agg and to_json over scalars, as PostgreSQL prints them.
\set VERBOSITY verbose
CREATE TABLE ev (ts timestamp, v float8, k text, n int);
INSERT INTO ev VALUES
  ('2024-01-01 00:00:00', 1.5, 'a', 1),
  ('2024-02-29 13:05:09.5', -2.25, 'b"q', 2),
  ('2023-12-31 23:59:59', 'NaN', 'a', 3),
  (NULL, NULL, NULL, NULL);
SELECT json_agg(n ORDER BY n), json_agg(k ORDER BY n), json_agg(v ORDER BY n), json_agg(ts ORDER BY n) FROM ev;
SELECT k, json_agg(n ORDER BY n), json_object_agg(coalesce(n, 0), v ORDER BY n) FROM ev GROUP BY k ORDER BY k;
SELECT json_agg(n > 1 ORDER BY n) FILTER (WHERE n IS NOT NULL), json_agg(DISTINCT k) FROM ev;
SELECT json_agg(n) FROM ev WHERE false;
SELECT json_object_agg(k, n ORDER BY n) FROM ev WHERE k IS NOT NULL;
SELECT to_json(n), to_json(k), to_json(v), to_json(ts), to_json(ts::timestamptz), to_json(ts::date) FROM ev ORDER BY n;
SELECT to_json('line
break'::text), to_json(1.50), to_json(interval '1 day'), to_json(true), to_json(NULL::int), to_json('infinity'::timestamp);
SELECT json_object_agg(k, n) FROM ev;
DROP TABLE ev;
