-- WITH RECURSIVE: RecursiveUnion over a WorkTableScan (planner/recursive.c,
-- exec/op_recursive.c), and the scoping of plain WITH.
CREATE TABLE wr_tree (id int, parent int, name text);
INSERT INTO wr_tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'),
  (5, 2, 'a2'), (6, 3, 'b1'), (7, 6, 'b1x'), (8, NULL, 'other'), (9, 8, 'o1');
CREATE TABLE wr_edge (src int, dst int);
INSERT INTO wr_edge VALUES (1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (6, 7), (5, 5);
-- counting
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100)
SELECT count(*), sum(n), min(n), max(n) FROM t;
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10)
SELECT n FROM t ORDER BY n DESC LIMIT 3;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10)
SELECT n FROM t WHERE n % 2 = 0 ORDER BY n OFFSET 1 LIMIT 2;
-- rows are returned as they are made: LIMIT ends an endless recursion
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT n FROM t LIMIT 5;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t)
SELECT n FROM t WHERE n % 1000 = 0 LIMIT 3;
-- and statement_timeout (cancel) ends one that nothing stops
SET statement_timeout = '500ms';
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t;
RESET statement_timeout;
-- several columns, bigint, names from the non-recursive term
WITH RECURSIVE fib AS (
  SELECT 1 AS i, 0::bigint AS a, 1::bigint AS b
  UNION ALL
  SELECT i + 1, b, a + b FROM fib WHERE i < 60
) SELECT i, a FROM fib WHERE i IN (1, 2, 10, 50, 60) ORDER BY i;
-- unknown literals in the non-recursive term are text
WITH RECURSIVE t(s) AS (SELECT 'a' UNION ALL SELECT s || 'b' FROM t WHERE length(s) < 4)
SELECT s, length(s) FROM t ORDER BY s;
-- a tree walk: the recursive term joined to a table, path strings and depth
WITH RECURSIVE sub AS (
  SELECT id, name, 0 AS depth, name AS path FROM wr_tree WHERE parent IS NULL
  UNION ALL
  SELECT c.id, c.name, s.depth + 1, s.path || '/' || c.name
  FROM wr_tree c JOIN sub s ON c.parent = s.id
) SELECT id, depth, path FROM sub ORDER BY path;
WITH RECURSIVE sub(id, depth) AS (
  SELECT id, 0 FROM wr_tree WHERE id = 2
  UNION ALL
  SELECT c.id, sub.depth + 1 FROM sub, wr_tree c WHERE c.parent = sub.id
) SELECT count(*), max(depth) FROM sub;
-- ancestors of a node, walking up
WITH RECURSIVE up(id, parent) AS (
  SELECT id, parent FROM wr_tree WHERE name = 'b1x'
  UNION ALL
  SELECT t.id, t.parent FROM wr_tree t JOIN up ON t.id = up.parent
) SELECT string_agg(id::text, ',' ORDER BY id DESC) FROM up;
-- reachability: UNION ends on cycles, UNION ALL needs a bound
WITH RECURSIVE reach(n) AS (
  SELECT 1 UNION SELECT e.dst FROM wr_edge e JOIN reach r ON e.src = r.n
) SELECT n FROM reach ORDER BY n;
WITH RECURSIVE walk(n, steps) AS (
  SELECT 1, 0 UNION ALL
  SELECT e.dst, w.steps + 1 FROM wr_edge e JOIN walk w ON e.src = w.n WHERE w.steps < 6
) SELECT steps, count(*), min(n), max(n) FROM walk GROUP BY steps ORDER BY steps;
WITH RECURSIVE walk(n, steps) AS (
  SELECT 1, 0 UNION
  SELECT e.dst, w.steps + 1 FROM wr_edge e JOIN walk w ON e.src = w.n WHERE w.steps < 6
) SELECT count(*) FROM walk;
-- many runs, and runs of more than a batch with long strings (UNION's set grows)
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t WHERE n < 5000)
SELECT count(*), sum(n) FROM t;
WITH RECURSIVE t(n, s) AS (
  SELECT g, 'a longer string value ' || g FROM generate_series(1, 3000) g
  UNION
  SELECT n + 1, 'a longer string value ' || (n + 1) FROM t WHERE n < 3010
) SELECT count(*), count(DISTINCT s), max(s) FROM t;
-- UNION treats NULLs as equal
WITH RECURSIVE t(x, k) AS (
  SELECT NULL::int, 0 UNION SELECT NULL::int, (k + 1) % 3 FROM t
) SELECT x, k FROM t ORDER BY k;
-- a recursive CTE used twice, and in subqueries
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)
SELECT a.n, b.n FROM t a JOIN t b ON b.n = a.n * 2 ORDER BY a.n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)
SELECT (SELECT max(n) FROM t) AS top, (SELECT count(*) FROM t) AS cnt;
WITH RECURSIVE t(n) AS (SELECT 2 UNION ALL SELECT n * 2 FROM t WHERE n < 8)
SELECT id, name FROM wr_tree WHERE id IN (SELECT n FROM t) ORDER BY id;
SELECT id FROM wr_tree WHERE id NOT IN (
  WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 2 FROM t WHERE n < 9) SELECT n FROM t
) ORDER BY id;
SELECT (WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 7)
        SELECT sum(n) FROM t) AS s;
SELECT ARRAY(WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4)
             SELECT n FROM t) AS a;
SELECT * FROM (WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)
               SELECT n FROM t) d ORDER BY n;
-- several CTEs: a plain one, a recursive one over it, another over that
WITH RECURSIVE
  roots AS (SELECT id FROM wr_tree WHERE parent IS NULL),
  descent(id, root) AS (
    SELECT id, id FROM roots
    UNION ALL
    SELECT c.id, d.root FROM wr_tree c JOIN descent d ON c.parent = d.id
  ),
  sizes AS (SELECT root, count(*) AS n FROM descent GROUP BY root)
SELECT root, n FROM sizes ORDER BY root;
-- a recursive CTE whose recursive term reads an earlier recursive CTE
WITH RECURSIVE
  nums(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM nums WHERE n < 3),
  pairs(a, b) AS (
    SELECT 0, 0
    UNION ALL
    SELECT p.a + 1, nums.n FROM pairs p JOIN nums ON true WHERE p.a < 2
  )
SELECT a, count(*), sum(b) FROM pairs GROUP BY a ORDER BY a;
-- the self-reference inside a derived table and an inner WITH, DISTINCT in the term
WITH RECURSIVE t(n) AS (
  SELECT 1 UNION ALL SELECT n + 1 FROM (SELECT n FROM t) s WHERE n < 3
) SELECT * FROM t;
WITH RECURSIVE t(n) AS (
  SELECT 1 UNION ALL (WITH x AS (SELECT n FROM t) SELECT n + 1 FROM x WHERE n < 3)
) SELECT * FROM t;
WITH RECURSIVE t(n) AS (
  SELECT 1 UNION ALL SELECT DISTINCT n + 1 FROM t, wr_tree WHERE n < 3
) SELECT * FROM t;
-- a CTE of WITH RECURSIVE that does not name itself is an ordinary one
WITH RECURSIVE a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b;
WITH RECURSIVE later AS (SELECT * FROM earlier), earlier AS (SELECT 5 AS v) SELECT * FROM later;
-- the roles a role belongs to (pgAdmin's user query, uncorrelated)
SELECT 'pg_signal_backend' = ANY (ARRAY(WITH RECURSIVE cte AS (
  SELECT pg_roles.oid, pg_roles.rolname FROM pg_catalog.pg_roles WHERE pg_roles.rolname = current_user
  UNION ALL
  SELECT m.roleid, pgr.rolname FROM cte cte_1
    JOIN pg_catalog.pg_auth_members m ON m.member = cte_1.oid
    JOIN pg_catalog.pg_roles pgr ON pgr.oid = m.roleid)
  SELECT rolname FROM cte)) AS can_signal;
-- correlated: a CTE's query sees the levels around its WITH
SELECT o.id, (WITH RECURSIVE up(i, p) AS (
    SELECT id, parent FROM wr_tree WHERE id = o.id
    UNION ALL
    SELECT t.id, t.parent FROM wr_tree t JOIN up ON t.id = up.p)
  SELECT count(*) FROM up) AS depth
FROM wr_tree o ORDER BY o.id;
SELECT o.id, (WITH c AS (SELECT count(*) AS n FROM wr_tree t WHERE t.parent = o.id) SELECT n FROM c) AS children
FROM wr_tree o ORDER BY o.id;
SELECT
    roles.oid as id, roles.rolname as name,
    CASE WHEN 'pg_signal_backend'=ANY(ARRAY(WITH RECURSIVE cte AS (
    SELECT pg_roles.oid,pg_roles.rolname FROM pg_catalog.pg_roles
        WHERE pg_roles.oid = roles.oid
    UNION ALL
    SELECT m.roleid,pgr.rolname FROM cte cte_1
        JOIN pg_catalog.pg_auth_members m ON m.member = cte_1.oid
        JOIN pg_catalog.pg_roles pgr ON pgr.oid = m.roleid)
    SELECT rolname  FROM cte)) THEN True
    ELSE False END as can_signal_backend
FROM pg_catalog.pg_roles as roles
WHERE rolname = current_user;
-- plain WITH: a CTE sees the CTEs before it; its own name is the table
WITH wr_tree AS (SELECT count(*) AS c FROM wr_tree) SELECT * FROM wr_tree;
WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION SELECT 2 ORDER BY 1;
WITH a AS (SELECT 1 AS x) SELECT * FROM (WITH b AS (SELECT 2 AS y) SELECT * FROM a, b) s;
-- subqueries over the work table's columns inside the recursive term
WITH RECURSIVE t(id, k) AS (
  SELECT 1, 0::bigint
  UNION ALL
  SELECT c.id, t.k + (SELECT count(*) FROM wr_tree x WHERE x.parent = t.id)
  FROM wr_tree c JOIN t ON c.parent = t.id
) SELECT * FROM t ORDER BY id;
WITH RECURSIVE t(id, d) AS (
  SELECT 1, 0 UNION ALL
  SELECT c.id, t.d + 1 FROM wr_tree c JOIN t ON c.parent = t.id
  WHERE EXISTS (SELECT 1 FROM wr_edge e WHERE e.src = c.id)
) SELECT * FROM t ORDER BY id;
-- arrays, dates and numeric as columns; LATERAL over the result
WITH RECURSIVE t(n, s) AS (SELECT 1, ARRAY[1] UNION ALL SELECT n + 1, s || (n + 1) FROM t WHERE n < 4)
SELECT * FROM t;
WITH RECURSIVE t(d) AS (SELECT DATE '2024-02-27' UNION ALL SELECT d + 1 FROM t WHERE d < DATE '2024-03-01')
SELECT * FROM t;
WITH RECURSIVE t(x) AS (SELECT 1.5::numeric UNION SELECT x * 2 FROM t WHERE x < 10) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)
SELECT * FROM t, LATERAL (SELECT t.n * 10 AS m) l ORDER BY n;
-- few runs of many rows
WITH RECURSIVE t(n) AS (
  SELECT g FROM generate_series(1, 10000) g UNION ALL SELECT n + 10000 FROM t WHERE n <= 90000
) SELECT count(*), sum(n), count(DISTINCT n) FROM t;
-- in CREATE TABLE AS, INSERT ... SELECT and a view
CREATE TABLE wr_gen AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT n FROM t;
INSERT INTO wr_gen WITH RECURSIVE t(n) AS (SELECT 100 UNION ALL SELECT n + 1 FROM t WHERE n < 105) SELECT n FROM t;
SELECT count(*), sum(n) FROM wr_gen;
CREATE VIEW wr_view AS WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 4) SELECT n FROM t;
SELECT v.n, g.n FROM wr_view v JOIN wr_gen g ON g.n = v.n * 2 ORDER BY 1;
DROP VIEW wr_view;
DROP TABLE wr_gen;
-- errors
\set VERBOSITY verbose
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n::bigint + 1 FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT n FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n IN (SELECT n FROM t)) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM wr_tree x LEFT JOIN t ON true) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t FULL JOIN wr_tree x ON true) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT count(*) FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n FROM t, t t2) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT * FROM t UNION ALL SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t ORDER BY 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t LIMIT 3) SELECT * FROM t;
WITH RECURSIVE t(n, m) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1, 2 FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT 'x'::text FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t EXCEPT SELECT 2) SELECT * FROM t;
WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a;
WITH t AS (SELECT 1 AS x), t AS (SELECT 2) SELECT * FROM t;
WITH t(a, b) AS (SELECT 1) SELECT * FROM t;
\set VERBOSITY default
DROP TABLE wr_tree;
DROP TABLE wr_edge;
