-- Statistics and ordered-set aggregates BI tools send: corr, covar_*,
-- regr_*, percentile_cont, percentile_disc, mode (WITHIN GROUP).
\set VERBOSITY verbose
CREATE TABLE ev (ts timestamp, v float8, k text, n int, d interval);
INSERT INTO ev VALUES
  ('2024-01-01 00:00:00', 1.5, 'a', 1, '1 hour'),
  ('2024-02-29 13:05:09', -2.25, 'b', 2, '1 day'),
  ('2023-12-31 23:59:59', 10, 'a', 3, '30 minutes'),
  ('2024-03-10 07:30:00', 0.5, NULL, NULL, NULL),
  ('1999-07-04 12:00:00', NULL, 'c', 5, '2 days 3 hours'),
  (NULL, 3, 'c', 6, '1 mon'),
  ('2024-05-05 05:05:05', 7.25, 'a', 7, '-2 hours'),
  ('2024-06-06 06:06:06', 4, 'b', 2, '45 seconds');
-- statistics over the whole table and per group
SELECT corr(v, n), covar_pop(v, n), covar_samp(v, n), regr_slope(v, n), regr_intercept(v, n),
       regr_count(v, n), regr_r2(v, n) FROM ev;
SELECT regr_avgx(v, n), regr_avgy(v, n), regr_sxx(v, n), regr_syy(v, n), regr_sxy(v, n) FROM ev;
SELECT k, corr(v, n), covar_pop(v, n), covar_samp(v, n), regr_slope(v, n), regr_count(v, n), regr_r2(v, n)
FROM ev GROUP BY k ORDER BY k;
-- one row, constant x, no rows
SELECT corr(v, n), covar_samp(v, n), covar_pop(v, n), regr_slope(v, n), regr_r2(v, n), regr_count(v, n) FROM ev WHERE n = 1;
SELECT corr(v, 1), regr_slope(v, 1), regr_r2(n, 1), regr_r2(1, n), covar_pop(v, 1) FROM ev;
SELECT corr(v, n), regr_count(v, n), covar_pop(v, n) FROM ev WHERE false;
SELECT corr(v, n) FILTER (WHERE k = 'a'), regr_count(v, n) FILTER (WHERE n > 2) FROM ev;
-- percentiles
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_disc(0.5) WITHIN GROUP (ORDER BY v),
       percentile_cont(0.25) WITHIN GROUP (ORDER BY v), percentile_disc(0.25) WITHIN GROUP (ORDER BY v),
       percentile_cont(0) WITHIN GROUP (ORDER BY v), percentile_cont(1) WITHIN GROUP (ORDER BY v) FROM ev;
SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY v DESC), percentile_disc(0.9) WITHIN GROUP (ORDER BY n DESC),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY n), percentile_disc(0.5) WITHIN GROUP (ORDER BY k) FROM ev;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.75) WITHIN GROUP (ORDER BY d),
       percentile_disc(0.5) WITHIN GROUP (ORDER BY d), percentile_disc(0.5) WITHIN GROUP (ORDER BY ts) FROM ev;
SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median, percentile_disc(0.5) WITHIN GROUP (ORDER BY n) AS disc,
       mode() WITHIN GROUP (ORDER BY n) AS mode, count(*) FROM ev GROUP BY k ORDER BY k;
SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY v), percentile_disc(ARRAY[0, 0.5, 1]) WITHIN GROUP (ORDER BY n) FROM ev;
SELECT k, percentile_cont(ARRAY[0.1, 0.9]) WITHIN GROUP (ORDER BY v) FROM ev GROUP BY k ORDER BY k;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), mode() WITHIN GROUP (ORDER BY k) FROM ev WHERE false;
SELECT mode() WITHIN GROUP (ORDER BY k), mode() WITHIN GROUP (ORDER BY n), mode() WITHIN GROUP (ORDER BY n DESC) FROM ev;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FILTER (WHERE n < 5) FROM ev;
SELECT k, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM ev GROUP BY k HAVING percentile_cont(0.5) WITHIN GROUP (ORDER BY v) > 1 ORDER BY 1;
-- errors
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY v) FROM ev;
SELECT percentile_disc(-0.1) WITHIN GROUP (ORDER BY v) FROM ev;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY k) FROM ev;
SELECT percentile_cont(0.5) FROM ev;
SELECT corr(v) FROM ev;
SELECT corr(k, v) FROM ev;
DROP TABLE ev;
