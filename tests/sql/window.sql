-- window functions: OVER (PARTITION BY ... ORDER BY ... frame), WINDOW clause
\set VERBOSITY verbose
CREATE TABLE w_emp (id int, dept text, salary int, bonus numeric(8,2), hired date, score float8);
INSERT INTO w_emp VALUES
  (1, 'eng', 100, 10.50, '2020-01-01', 1.5),
  (2, 'eng', 120, NULL, '2020-03-01', 2.5),
  (3, 'eng', 120, 5.25, '2021-01-01', NULL),
  (4, 'eng', 90, 1.00, '2019-06-01', 0.5),
  (5, 'ops', 80, 2.00, '2018-01-01', 3.0),
  (6, 'ops', 80, 3.00, '2018-02-01', 1.0),
  (7, 'ops', 95, NULL, '2022-01-01', 2.0),
  (8, 'sales', 70, 7.75, '2021-05-01', 4.0),
  (9, NULL, 60, 1.10, '2023-01-01', 0.25),
  (10, NULL, 65, NULL, '2023-02-01', NULL);
-- ranking functions, peers and ties
SELECT id, dept, salary,
       row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn,
       rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS rk,
       dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS drk,
       percent_rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS prk,
       cume_dist() OVER (PARTITION BY dept ORDER BY salary DESC) AS cd
FROM w_emp ORDER BY dept, salary DESC, id;
-- no PARTITION BY, no ORDER BY: one partition, every row a peer
SELECT id, rank() OVER (), count(*) OVER (), sum(salary) OVER (), cume_dist() OVER ()
FROM w_emp ORDER BY id;
-- ntile
SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (PARTITION BY dept ORDER BY id),
       ntile(20) OVER (ORDER BY id) FROM w_emp ORDER BY id;
-- lag and lead, with offsets and defaults
SELECT id, dept, salary,
       lag(salary) OVER (PARTITION BY dept ORDER BY id) AS prev,
       lead(salary) OVER (PARTITION BY dept ORDER BY id) AS next,
       lag(salary, 2) OVER (ORDER BY id) AS prev2,
       lead(salary, 2, -1) OVER (ORDER BY id) AS next2,
       lag(dept, 1, 'none') OVER (ORDER BY id) AS prev_dept,
       lag(bonus, 1, 0) OVER (ORDER BY id) AS prev_bonus,
       lead(id, 0) OVER (ORDER BY id) AS same
FROM w_emp ORDER BY id;
-- first_value, last_value, nth_value: the default frame ends at the current row's last peer
SELECT id, dept, salary,
       first_value(id) OVER (PARTITION BY dept ORDER BY salary) AS fv,
       last_value(id) OVER (PARTITION BY dept ORDER BY salary, id) AS lv,
       last_value(salary) OVER (PARTITION BY dept ORDER BY salary) AS lv_peers,
       nth_value(id, 2) OVER (PARTITION BY dept ORDER BY salary, id) AS nv,
       last_value(id) OVER (PARTITION BY dept ORDER BY salary, id
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS lv_all,
       nth_value(id, 3) OVER (PARTITION BY dept ORDER BY id
                              RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS nv3
FROM w_emp ORDER BY dept, salary, id;
-- aggregates over windows: running (peers included), whole partition
SELECT id, dept, salary,
       sum(salary) OVER (PARTITION BY dept ORDER BY salary) AS run_sum,
       count(*) OVER (PARTITION BY dept ORDER BY salary) AS run_cnt,
       count(bonus) OVER (PARTITION BY dept) AS bonus_cnt,
       avg(salary) OVER (PARTITION BY dept) AS avg_sal,
       min(salary) OVER (PARTITION BY dept ORDER BY id) AS run_min,
       max(salary) OVER (PARTITION BY dept ORDER BY id) AS run_max,
       sum(bonus) OVER (PARTITION BY dept ORDER BY id) AS run_bonus,
       avg(bonus) OVER (PARTITION BY dept) AS avg_bonus,
       sum(score) OVER (ORDER BY id) AS run_score,
       avg(score) OVER (PARTITION BY dept) AS avg_score
FROM w_emp ORDER BY dept, salary, id;
SELECT id, sum(id::bigint) OVER (ORDER BY id), avg(id::bigint) OVER (ORDER BY id),
       sum(id::smallint) OVER (), min(dept) OVER (), max(hired) OVER (ORDER BY id)
FROM w_emp ORDER BY id;
-- ROWS frames
SELECT id, salary,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3,
       sum(salary) OVER (ORDER BY id ROWS 2 PRECEDING) AS s_prev2,
       avg(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS a_next,
       count(*) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS c_before,
       min(salary) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS min3,
       max(salary) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS max_after,
       sum(score) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS score3,
       sum(bonus) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 0 FOLLOWING) AS bonus3,
       first_value(salary) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS fv,
       sum(salary) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS empty_frame,
       sum(salary) OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) AS run
FROM w_emp ORDER BY id;
-- sliding frames: min and max over moving starts, numeric sums whose scale changes as rows leave
CREATE TABLE w_slide (i int, g int, x numeric(10,3), y numeric, z float8, t text);
INSERT INTO w_slide VALUES (1, 1, 1.5, 1.5, 0.1, 'b'), (2, 1, 2.25, 2, 0.2, 'a'), (3, 1, NULL, 3.125, NULL, NULL),
  (4, 1, 4, 4, 0.3, 'c'), (5, 1, 5.5, 5.50, 0.4, 'a'), (6, 2, 6, 6, 1e20, 'z'), (7, 2, 7.125, 7, 1, 'y'),
  (8, 2, 8, 8.0, -1e20, 'y'), (9, 2, 9, 9, 2, NULL), (10, 2, -1, -1.0, 3, 'x');
SELECT i, g,
       max(x) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS max_rest,
       min(x) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS min3,
       min(t) OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS tmin,
       max(t) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) AS tmax_next,
       sum(y) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS ysum2,
       avg(y) OVER (ORDER BY i ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS yavg3,
       sum(x) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS xrest,
       sum(z) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS zsum3,
       count(x) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS xcnt
FROM w_slide ORDER BY i;
-- FILTER on window aggregates
SELECT id, dept, salary,
       count(*) FILTER (WHERE salary > 80) OVER (PARTITION BY dept) AS high,
       sum(salary) FILTER (WHERE bonus IS NOT NULL) OVER (ORDER BY id ROWS 2 PRECEDING) AS with_bonus,
       max(salary) FILTER (WHERE id % 2 = 0) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS even_max,
       avg(bonus) FILTER (WHERE dept <> 'ops') OVER (ORDER BY id) AS avg_not_ops
FROM w_emp ORDER BY id;
SELECT dept, count(*), sum(count(*)) FILTER (WHERE max(salary) > 90) OVER () AS big_depts_rows
FROM w_emp GROUP BY dept ORDER BY dept;
-- RANGE frames without offsets
SELECT id, salary,
       sum(salary) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest,
       count(*) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS peers,
       sum(salary) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total
FROM w_emp ORDER BY salary, id;
-- NULL partition keys form one partition; NULLs sort last (first with DESC)
SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id),
       rank() OVER (ORDER BY bonus), rank() OVER (ORDER BY bonus DESC),
       rank() OVER (ORDER BY bonus NULLS FIRST)
FROM w_emp ORDER BY id;
-- the WINDOW clause, OVER w and a window based on another
SELECT id, dept, salary, sum(salary) OVER w, rank() OVER w, row_number() OVER (p ORDER BY id)
FROM w_emp WINDOW w AS (PARTITION BY dept ORDER BY salary), p AS (PARTITION BY dept)
ORDER BY dept, salary, id;
-- ORDER BY a window result; windows over expressions
SELECT id, salary * 2 AS s2, rank() OVER (ORDER BY salary * 2 DESC) AS r
FROM w_emp ORDER BY r, id;
SELECT id FROM w_emp ORDER BY row_number() OVER (ORDER BY salary DESC, id) LIMIT 4;
SELECT id, salary, salary - lag(salary) OVER (ORDER BY id) AS delta,
       100.0::float8 * salary / sum(salary) OVER (PARTITION BY dept) AS pct
FROM w_emp ORDER BY id;
-- windows over aggregates: after GROUP BY and HAVING
SELECT dept, sum(salary) AS total, rank() OVER (ORDER BY sum(salary) DESC) AS r,
       sum(sum(salary)) OVER () AS grand, sum(count(*)) OVER (ORDER BY dept) AS run_cnt,
       avg(max(salary)) OVER () AS avg_max
FROM w_emp GROUP BY dept ORDER BY dept;
SELECT dept, count(*), rank() OVER (ORDER BY count(*) DESC, dept)
FROM w_emp GROUP BY dept HAVING count(*) > 1 ORDER BY 3;
-- DISTINCT sees the window results
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM w_emp ORDER BY 1;
-- a window in a subquery and in a CTE
SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn
               FROM w_emp) t WHERE rn = 1 ORDER BY id;
WITH ranked AS (SELECT dept, salary, dense_rank() OVER (ORDER BY salary DESC) AS d FROM w_emp)
SELECT d, count(*) FROM ranked WHERE d <= 3 GROUP BY d ORDER BY d;
SELECT id, (SELECT count(*) FROM w_emp) - row_number() OVER (ORDER BY id) AS left_over
FROM w_emp WHERE salary > 90 ORDER BY id;
-- windows in correlated subqueries
SELECT id, (SELECT max(u.salary) OVER () FROM w_emp u WHERE u.dept = e.dept LIMIT 1) AS top
FROM w_emp e ORDER BY id;
SELECT id, (SELECT sum(count(*)) OVER () FROM w_emp u WHERE u.dept = e.dept) AS n
FROM w_emp e ORDER BY id;
SELECT id, (SELECT row_number() OVER (ORDER BY u.id DESC) FROM w_emp u WHERE u.dept = e.dept
            ORDER BY u.id LIMIT 1) AS members
FROM w_emp e ORDER BY id;
-- empty input; no FROM
SELECT row_number() OVER (), count(*) OVER (), lag(1) OVER (), sum(2) OVER ();
SELECT id, row_number() OVER (ORDER BY id), sum(salary) OVER () FROM w_emp WHERE id < 0;
SELECT count(*) OVER () FROM w_emp WHERE false;
-- result types
SELECT pg_typeof(row_number() OVER ()), pg_typeof(rank() OVER ()), pg_typeof(ntile(2) OVER ()),
       pg_typeof(percent_rank() OVER ()), pg_typeof(sum(salary) OVER ()),
       pg_typeof(sum(id::bigint) OVER ()), pg_typeof(avg(salary) OVER ()),
       pg_typeof(count(*) OVER ()), pg_typeof(lag(bonus) OVER ())
FROM w_emp LIMIT 1;
-- errors
SELECT id FROM w_emp WHERE row_number() OVER () > 1;
SELECT dept FROM w_emp GROUP BY dept HAVING rank() OVER () > 1;
SELECT count(*) FROM w_emp GROUP BY row_number() OVER ();
SELECT rank() OVER () AS r FROM w_emp GROUP BY r;
SELECT rank() OVER () FROM w_emp GROUP BY 1;
SELECT sum(row_number() OVER ()) FROM w_emp;
SELECT row_number() OVER (ORDER BY rank() OVER ()) FROM w_emp;
SELECT sum(rank() OVER ()) OVER () FROM w_emp;
SELECT rank() OVER nope FROM w_emp;
SELECT id, dept, salary FROM w_emp WINDOW w AS (ORDER BY id), w AS (ORDER BY salary);
SELECT sum(salary) OVER (w ORDER BY id) FROM w_emp WINDOW w AS (ORDER BY salary);
SELECT lower(dept) OVER () FROM w_emp;
SELECT ntile(0) OVER (ORDER BY id) FROM w_emp;
SELECT nth_value(id, 0) OVER (ORDER BY id) FROM w_emp;
SELECT sum(salary) OVER (ORDER BY id ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM w_emp;
SELECT id, salary, rank() OVER (PARTITION BY dept ORDER BY id) FROM w_emp GROUP BY id;
SELECT count(DISTINCT dept) OVER () FROM w_emp;
SELECT lag(DISTINCT salary) OVER () FROM w_emp;
SELECT row_number() FILTER (WHERE true) OVER () FROM w_emp;
SELECT count(*) FILTER (WHERE salary) OVER () FROM w_emp;
