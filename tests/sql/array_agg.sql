-- array_agg (ORDER BY inside the call is not built: 0A000): NULL elements kept, quoting
-- as array_out, DISTINCT and FILTER, NULL over no rows.
\set VERBOSITY verbose
CREATE TABLE agg_arr (k int, v text, n int);
INSERT INTO agg_arr VALUES (1, 'a', 1), (1, 'b c', 2), (2, NULL, 3), (2, 'x', 4), (3, '', 5);
SELECT k, array_agg(v), array_agg(n), array_agg(DISTINCT k) FROM agg_arr GROUP BY k ORDER BY k;
SELECT array_agg(v) FROM agg_arr WHERE k = 99;
SELECT array_agg(n) FILTER (WHERE n > 2) FROM agg_arr;
SELECT k, cardinality(array_agg(n)) FROM agg_arr GROUP BY k ORDER BY k;
SELECT pg_typeof(array_agg(n)), pg_typeof(array_agg(v)) FROM agg_arr;
DROP TABLE agg_arr;
