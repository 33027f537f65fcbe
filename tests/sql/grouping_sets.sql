-- GROUP BY ROLLUP / CUBE / GROUPING SETS and GROUPING()
\set VERBOSITY verbose
CREATE TABLE gs (a int, b text, c int, v int, w float8);
INSERT INTO gs VALUES
  (1, 'x', 1, 10, 1.5), (1, 'y', 2, 20, 2.5), (2, 'x', 1, 30, NULL), (2, NULL, 2, 40, 0.5),
  (NULL, 'x', 1, 50, 3.0), (1, 'x', 2, NULL, 1.0), (3, 'z', NULL, 70, 2.0), (2, 'x', 1, 80, 4.0);
CREATE TABLE gs_empty (a int, b text, v int);
-- ROLLUP of one, two and three columns
SELECT a, sum(v), count(*) FROM gs GROUP BY ROLLUP (a) ORDER BY 1, 2;
SELECT a, b, sum(v), count(*), grouping(a, b) AS g FROM gs GROUP BY ROLLUP (a, b) ORDER BY 5, 1, 2;
SELECT a, b, c, sum(v), grouping(a), grouping(a, b, c) FROM gs GROUP BY ROLLUP (a, b, c)
ORDER BY 6, 1, 2, 3;
-- CUBE of one, two and three columns
SELECT b, count(*), max(w) FROM gs GROUP BY CUBE (b) ORDER BY 1, 2;
SELECT a, b, sum(v), grouping(b, a) FROM gs GROUP BY CUBE (a, b) ORDER BY 4, 1, 2;
SELECT a, b, c, count(v) FROM gs GROUP BY CUBE (a, b, c) ORDER BY grouping(a, b, c), 1, 2, 3;
-- GROUPING SETS, duplicates kept, (), nested, composite elements
SELECT a, b, count(*) FROM gs GROUP BY GROUPING SETS ((a), (b), ()) ORDER BY 1, 2, 3;
SELECT a, count(*) FROM gs GROUP BY GROUPING SETS (a, a, ()) ORDER BY 1, 2;
SELECT a, b, c, sum(v) FROM gs GROUP BY GROUPING SETS ((a, b), ROLLUP (c), CUBE (a))
ORDER BY grouping(a, b, c), 1, 2, 3, 4;
SELECT a, b, c, sum(v) FROM gs GROUP BY ROLLUP ((a, b), c) ORDER BY 1, 2, 3, 4;
SELECT count(*), sum(v) FROM gs GROUP BY ();
SELECT count(*) FROM gs GROUP BY GROUPING SETS ((), ());
-- mixed with plain GROUP BY items
SELECT a, b, c, sum(v) FROM gs GROUP BY a, ROLLUP (b, c) ORDER BY 1, 2, 3, 4;
SELECT a, b, c, count(*) FROM gs GROUP BY a, CUBE (b), GROUPING SETS ((c), ()) ORDER BY 1, 2, 3, 4;
-- a parenthesized list is a plain GROUP BY; sets of sets multiply
SELECT a, b, sum(v) FROM gs GROUP BY (a, b) ORDER BY 1, 2;
SELECT a, sum(v) FROM gs GROUP BY ROLLUP (a), ROLLUP (a) ORDER BY 1, 2;
SELECT a, count(*) FROM gs GROUP BY ROLLUP (a, a, (a)) ORDER BY 1, 2;
SELECT DISTINCT a FROM gs GROUP BY ROLLUP (a, b) ORDER BY 1;
-- expressions, positions and output names
SELECT a + 1 AS a1, upper(b) AS ub, sum(v) FROM gs GROUP BY ROLLUP (a + 1, upper(b)) ORDER BY 1, 2, 3;
SELECT a, b AS bb, count(*) FROM gs GROUP BY ROLLUP (1, bb) ORDER BY 1, 2;
-- HAVING, ORDER BY GROUPING(), LIMIT
SELECT a, b, sum(v) FROM gs GROUP BY ROLLUP (a, b) HAVING sum(v) > 40 ORDER BY 1, 2;
SELECT a, b, sum(v) FROM gs GROUP BY CUBE (a, b) HAVING grouping(a, b) = 1 ORDER BY 1, 2;
SELECT a, b, sum(v) FROM gs GROUP BY ROLLUP (a, b) ORDER BY grouping(a, b) DESC, 3 DESC NULLS LAST LIMIT 4;
SELECT CASE WHEN grouping(a) = 1 THEN 'all' ELSE a::text END AS a, sum(v)
FROM gs GROUP BY ROLLUP (a) ORDER BY 1;
-- count(DISTINCT) and other aggregates per set
SELECT a, count(DISTINCT b), count(DISTINCT c), avg(w) FROM gs GROUP BY ROLLUP (a) ORDER BY 1;
SELECT b, string_agg(v::text, ',' ORDER BY v), min(w) FROM gs GROUP BY CUBE (b) ORDER BY 1;
-- window functions over the grouped result
SELECT a, b, sum(v) AS s, rank() OVER (PARTITION BY grouping(a, b) ORDER BY sum(v) DESC NULLS LAST) AS r
FROM gs GROUP BY ROLLUP (a, b) ORDER BY grouping(a, b), 4, 1, 2;
SELECT a, sum(v), sum(sum(v)) OVER () AS total FROM gs GROUP BY GROUPING SETS ((a), ()) ORDER BY 1, 2;
-- GROUPING() with plain GROUP BY is 0
SELECT a, grouping(a), count(*) FROM gs GROUP BY a ORDER BY 1;
-- empty input: only () gives a row
SELECT a, b, count(*), sum(v) FROM gs_empty GROUP BY ROLLUP (a, b) ORDER BY 1, 2;
SELECT a, count(*) FROM gs_empty GROUP BY CUBE (a) ORDER BY 1;
SELECT a, count(*) FROM gs_empty GROUP BY GROUPING SETS ((a)) ORDER BY 1;
-- in a derived table and a join
SELECT t.a, t.n FROM (SELECT a, count(*) AS n FROM gs GROUP BY ROLLUP (a)) t WHERE t.n > 2 ORDER BY 1;
SELECT x.a, x.b, sum(y.v) FROM gs x JOIN gs y ON x.a = y.a GROUP BY ROLLUP (x.a, x.b) ORDER BY 1, 2, 3;
-- errors
SELECT a, b, count(*) FROM gs GROUP BY ROLLUP (a);
SELECT grouping(b), count(*) FROM gs GROUP BY ROLLUP (a);
SELECT grouping(a) FROM gs;
SELECT a FROM gs WHERE grouping(a) = 0 GROUP BY ROLLUP (a);
SELECT a, count(*) FROM gs GROUP BY ROLLUP (a, count(*));
SELECT sum(grouping(a)) FROM gs GROUP BY ROLLUP (a);
SELECT a FROM gs GROUP BY ROLLUP (a) LIMIT grouping(a);
DROP TABLE gs;
DROP TABLE gs_empty;
