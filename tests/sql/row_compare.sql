-- row constructors in comparisons: =, <>, <, <=, >, >=, IN, NOT IN, ROW()
\set VERBOSITY verbose
CREATE TABLE rc (id int, a int, b text, c float8);
INSERT INTO rc VALUES
  (1, 1, 'x', 1.5), (2, 1, 'y', 2.5), (3, 2, 'x', NULL), (4, 2, NULL, 0.5),
  (5, NULL, 'x', 3.0), (6, 3, 'z', 1.0), (7, 1, 'x', 2.0), (8, NULL, NULL, NULL);
-- equality and inequality, NULL pairs
SELECT id, (a, b) = (1, 'x') AS eq, (a, b) <> (1, 'x') AS ne, ROW(a, b) != ROW(2, 'x') AS ne2
FROM rc ORDER BY id;
SELECT id FROM rc WHERE (a, b) = (1, 'x') ORDER BY id;
SELECT id FROM rc WHERE (a, b) <> (1, 'x') ORDER BY id;
-- ordering comparisons: lexicographic, stop at the first unequal or NULL pair
SELECT id, (a, b) < (2, 'x') AS lt, (a, b) <= (2, 'x') AS le,
       (a, b) > (1, 'x') AS gt, (a, b) >= (1, 'y') AS ge
FROM rc ORDER BY id;
SELECT id, (a, b, c) < (2, 'x', 1.0) AS lt3, (a, b, c) >= (1, 'x', 2.0) AS ge3 FROM rc ORDER BY id;
SELECT (1, NULL) < (2, 1) AS t, (1, NULL) < (1, 2) AS n, (NULL, 1) < (1, 2) AS n2,
       (1, 2) <= (1, 2) AS le, (1, 2) < (1, 2) AS lt, ROW(1, 2, 3) > ROW(1, 2, 2) AS gt;
SELECT (1, NULL) = (2, NULL) AS f, (1, NULL) = (1, NULL) AS n, (1, NULL) <> (2, NULL) AS t;
-- keyset pagination
SELECT id, a, b FROM rc WHERE (a, id) > (1, 2) ORDER BY a, id;
SELECT id, a, b FROM rc WHERE (a, id) > (1, 2) ORDER BY a, id LIMIT 2;
-- IN and NOT IN lists of rows
SELECT id FROM rc WHERE (a, b) IN ((1, 'x'), (2, 'x'), (3, 'q')) ORDER BY id;
SELECT id FROM rc WHERE (a, b) NOT IN ((1, 'x'), (2, 'x')) ORDER BY id;
SELECT id, (a, b) IN ((1, 'x'), (NULL, 'y')) AS i, (a, b) NOT IN ((1, 'y'), (2, NULL)) AS ni
FROM rc ORDER BY id;
SELECT id FROM rc WHERE ROW(a, b) IN (ROW(1, 'y'), ROW(3, 'z')) ORDER BY id;
-- mixed types coerce pairwise
SELECT id FROM rc WHERE (a, c) = (1, 2) ORDER BY id;
SELECT id FROM rc WHERE (c, a) < (1.5, 5) ORDER BY id;
-- in a join condition and in CASE
SELECT x.id, y.id FROM rc x JOIN rc y ON (x.a, x.b) = (y.a, y.b) AND x.id < y.id ORDER BY 1, 2;
SELECT id, CASE WHEN (a, b) >= (2, 'x') THEN 'hi' ELSE 'lo' END FROM rc ORDER BY id;
-- empty input
SELECT id FROM rc WHERE id > 100 AND (a, b) IN ((1, 'x')) ORDER BY id;
-- (a, b) IN / NOT IN (SELECT x, y ...), uncorrelated and correlated
CREATE TABLE rk (k int, t text);
INSERT INTO rk VALUES (1, 'x'), (2, NULL), (3, 'z'), (1, 'y');
SELECT id FROM rc WHERE (a, b) IN (SELECT k, t FROM rk) ORDER BY id;
SELECT id FROM rc WHERE (a, b) NOT IN (SELECT k, t FROM rk) ORDER BY id;
SELECT id FROM rc WHERE (a, b) NOT IN (SELECT k, t FROM rk WHERE t IS NOT NULL) ORDER BY id;
SELECT id FROM rc WHERE (b, a) IN (SELECT t, k FROM rk WHERE k > 1) ORDER BY id;
SELECT id FROM rc WHERE (a, b) IN (SELECT k, t FROM rk WHERE rk.k <> rc.id) ORDER BY id;
SELECT id FROM rc WHERE ROW(a, c) IN (SELECT k, 1.5 FROM rk) ORDER BY id;
SELECT id FROM rc WHERE (a, b) IN (SELECT k, t FROM rk WHERE false) ORDER BY id;
SELECT id FROM rc WHERE (a, b) NOT IN (SELECT k, t FROM rk WHERE false) ORDER BY id;
SELECT id FROM rc WHERE (a, b) IN (SELECT k FROM rk);
SELECT id FROM rc WHERE (a, b) IN (SELECT k, t, k FROM rk);
DROP TABLE rk;
-- errors
SELECT (1, 2) = (1, 2, 3);
SELECT id FROM rc WHERE (a, b) IN ((1, 'x'), (1, 'x', 2));
SELECT (1, 'a') < (2, 3);
DROP TABLE rc;
