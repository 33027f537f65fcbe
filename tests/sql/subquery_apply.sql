-- Correlated subqueries that do not decorrelate into joins: each runs once
-- per outer row (an Apply).  ORDER BY ... LIMIT per row, correlations that
-- are not equalities, outer columns in FROM functions and nested levels.
CREATE TABLE ap_t (a int, b text);
INSERT INTO ap_t VALUES (1, 'one'), (2, 'two'), (3, 'three'), (NULL, 'null');
CREATE TABLE ap_u (x int, y int, z text);
INSERT INTO ap_u VALUES (1, 10, 'a'), (1, 11, 'b'), (2, 20, 'c'), (3, NULL, 'd'), (5, 50, 'e');
-- ORDER BY ... LIMIT 1 per outer row
SELECT a, (SELECT z FROM ap_u WHERE x = a ORDER BY y DESC NULLS LAST LIMIT 1) AS top FROM ap_t ORDER BY a;
SELECT a, (SELECT y FROM ap_u WHERE x >= a ORDER BY x, y LIMIT 1 OFFSET 1) AS second FROM ap_t ORDER BY a;
-- correlations that are not equalities
SELECT a, (SELECT max(y) FROM ap_u WHERE x > a) AS mx, (SELECT count(*) FROM ap_u WHERE x <> a) AS n FROM ap_t ORDER BY a;
SELECT a, (SELECT sum(y) FROM ap_u WHERE x BETWEEN a - 1 AND a + 1 AND y IS NOT NULL) FROM ap_t ORDER BY a;
-- ARRAY(SELECT ...) correlated
SELECT a, ARRAY(SELECT y FROM ap_u WHERE x = a ORDER BY y) AS ys FROM ap_t ORDER BY a;
SELECT a, array_to_string(ARRAY(SELECT z FROM ap_u WHERE x <= a ORDER BY z DESC), '/') AS zs FROM ap_t ORDER BY a;
-- EXISTS, IN and NOT IN with residuals on outer columns
SELECT a FROM ap_t WHERE EXISTS (SELECT 1 FROM ap_u WHERE x = a AND y > a * 10) ORDER BY a;
SELECT a FROM ap_t WHERE a IN (SELECT x FROM ap_u WHERE y > a * 10) ORDER BY a;
SELECT a FROM ap_t WHERE a NOT IN (SELECT x FROM ap_u WHERE y > a) ORDER BY a;
SELECT a FROM ap_t WHERE NOT EXISTS (SELECT 1 FROM ap_u WHERE x = a GROUP BY x HAVING count(*) > 1) ORDER BY a;
SELECT a, EXISTS (SELECT 1 FROM ap_u WHERE x = a AND y > 10) AS big FROM ap_t ORDER BY a;
SELECT a, a IN (SELECT x FROM ap_u WHERE y < a * 15) AS small FROM ap_t ORDER BY a;
-- an outer column in a FROM function of the subquery
SELECT a, (SELECT string_agg(z, ',' ORDER BY z) FROM generate_series(1, ap_t.a) g, ap_u WHERE x = g) AS upto FROM ap_t ORDER BY a;
SELECT a, (SELECT count(*) FROM unnest(ARRAY[ap_t.a, ap_t.a + 1, 7]) v WHERE v > 1) AS c FROM ap_t ORDER BY a;
-- two levels: the inner subquery reads both enclosing queries
SELECT a, (SELECT count(*) FROM ap_u WHERE x = a AND EXISTS (SELECT 1 FROM ap_t t3 WHERE t3.a = ap_u.x AND ap_u.y > ap_t.a)) AS c FROM ap_t ORDER BY a;
SELECT a, (SELECT (SELECT max(t4.a) FROM ap_t t4 WHERE t4.a < u.x + ap_t.a) FROM ap_u u WHERE u.x = ap_t.a ORDER BY u.y LIMIT 1) AS m FROM ap_t ORDER BY a;
-- set operations inside correlated subqueries
SELECT a, (SELECT count(*) FROM (SELECT x FROM ap_u WHERE x = a UNION ALL SELECT a) s) AS c FROM ap_t ORDER BY a;
SELECT a FROM ap_t WHERE a IN (SELECT x FROM ap_u WHERE x > 2 UNION SELECT 1) ORDER BY a;
-- the subquery in WHERE and in the select list of a join
SELECT t.a, u.z, (SELECT min(y) FROM ap_u v WHERE v.x = t.a AND v.y > u.y) AS nxt
  FROM ap_t t JOIN ap_u u ON u.x = t.a ORDER BY 1, 2;
SELECT b FROM ap_t WHERE (SELECT z FROM ap_u WHERE x = a ORDER BY z LIMIT 1) < 'c' ORDER BY b;
-- subqueries of an aggregating SELECT: per group, over its group columns
SELECT a, count(*) AS n, (SELECT count(*) FROM ap_u WHERE x = ap_t.a) AS matches FROM ap_t GROUP BY a ORDER BY a;
SELECT a, (SELECT max(y) FROM ap_u WHERE x > ap_t.a) AS bigger FROM ap_t GROUP BY a ORDER BY a;
SELECT a, count(*) FROM ap_t GROUP BY a HAVING count(*) <= (SELECT count(*) FROM ap_u WHERE x = ap_t.a) ORDER BY a;
SELECT a, sum((SELECT min(y) FROM ap_u WHERE x = ap_t.a)) AS s FROM ap_t GROUP BY a ORDER BY a;
SELECT count(*) AS n, (SELECT count(*) FROM ap_u) AS u FROM ap_t;
SELECT a, count(*) FROM ap_t GROUP BY a ORDER BY (SELECT count(*) FROM ap_u WHERE x = ap_t.a) DESC, a;
-- errors: more than one row, more than one column
SELECT a, (SELECT y FROM ap_u WHERE x <> a ORDER BY y LIMIT 2) FROM ap_t WHERE a = 1;
SELECT a, (SELECT x, y FROM ap_u WHERE x > a LIMIT 1) FROM ap_t;
DROP TABLE ap_t;
DROP TABLE ap_u;
