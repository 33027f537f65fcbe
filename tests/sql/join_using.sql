-- JOIN ... USING and NATURAL joins: conditions, merged columns, * order,
-- qualified and unqualified references, chains, errors.
\set VERBOSITY verbose
CREATE TABLE ju_l (id int, k int, lv text, tag text);
CREATE TABLE ju_r (k int, id int, rv text, tag text);
CREATE TABLE ju_c (id bigint, k int, cv text);
CREATE TABLE ju_s (id text, k int);
INSERT INTO ju_l VALUES (1, 10, 'l1', 'a'), (2, 20, 'l2', 'b'), (3, NULL, 'l3', 'c'), (4, 40, 'l4', 'd'), (NULL, 50, 'l5', 'e');
INSERT INTO ju_r VALUES (10, 1, 'r1', 'a'), (20, 2, 'r2', 'x'), (30, 3, 'r3', 'c'), (NULL, 5, 'r5', 'e'), (60, NULL, 'r6', 'f'), (10, 1, 'r1b', 'a');
INSERT INTO ju_c VALUES (1, 10, 'c1'), (2, 21, 'c2'), (5, NULL, 'c5'), (6, 60, 'c6');
INSERT INTO ju_s VALUES ('1', 10);
-- inner joins: * puts the USING columns first, then the rest of each side
SELECT * FROM ju_l JOIN ju_r USING (id) ORDER BY id, rv;
SELECT * FROM ju_l INNER JOIN ju_r USING (id, k) ORDER BY id, rv;
SELECT * FROM ju_l JOIN ju_r USING (k, id) ORDER BY k, rv;
SELECT id, ju_l.k AS lk, ju_r.k AS rk, ju_l.id AS lid, ju_r.id AS rid FROM ju_l JOIN ju_r USING (id) ORDER BY id, rv;
SELECT ju_l.*, ju_r.rv FROM ju_l JOIN ju_r USING (id) ORDER BY 1, 5;
SELECT ju_r.*, ju_l.* FROM ju_l JOIN ju_r USING (id) ORDER BY 2, 3;
SELECT l.id, r.id, l.lv, r.rv FROM ju_l l JOIN ju_r r USING (id, tag) ORDER BY 1, 4;
SELECT id, count(*) FROM ju_l JOIN ju_r USING (id) GROUP BY id ORDER BY id;
SELECT lv FROM ju_l JOIN ju_r USING (id) WHERE id > 1 AND ju_r.tag <> 'x' ORDER BY lv;
SELECT lv, rv FROM ju_l JOIN ju_r USING (id) WHERE ju_l.tag = ju_r.tag ORDER BY lv, rv;
-- outer joins: the merged column is the left one (LEFT), the right one
-- (RIGHT), COALESCE of both (FULL, NULL keys stay apart)
SELECT * FROM ju_l LEFT JOIN ju_r USING (id) ORDER BY lv, rv;
SELECT id, ju_l.id AS lid, ju_r.id AS rid, lv, rv FROM ju_l LEFT JOIN ju_r USING (id) ORDER BY lv, rv;
SELECT * FROM ju_l RIGHT JOIN ju_r USING (id) ORDER BY rv;
SELECT id, ju_l.id AS lid, ju_r.id AS rid, lv, rv FROM ju_l RIGHT OUTER JOIN ju_r USING (id) ORDER BY rv;
SELECT * FROM ju_l FULL JOIN ju_r USING (id) ORDER BY id, lv, rv;
SELECT id, ju_l.id AS lid, ju_r.id AS rid, lv, rv FROM ju_l FULL OUTER JOIN ju_r USING (id) ORDER BY lv, rv;
SELECT k, lv, rv FROM ju_l FULL JOIN ju_r USING (k) WHERE k IS NULL ORDER BY lv, rv;
SELECT k, count(*) FROM ju_l FULL JOIN ju_r USING (k) GROUP BY k ORDER BY k;
SELECT * FROM ju_l FULL JOIN ju_r USING (id, tag) ORDER BY id, tag, lv, rv;
SELECT id FROM ju_l FULL JOIN ju_r USING (id) WHERE id > 2 ORDER BY id;
-- NATURAL joins match every common column name
SELECT * FROM ju_l NATURAL JOIN ju_r ORDER BY id, rv;
SELECT * FROM ju_l NATURAL LEFT JOIN ju_r ORDER BY lv, rv;
SELECT * FROM ju_l NATURAL RIGHT JOIN ju_r ORDER BY rv;
SELECT * FROM ju_l NATURAL FULL JOIN ju_r ORDER BY id, k, tag, lv, rv;
SELECT * FROM ju_l NATURAL JOIN ju_c ORDER BY id, lv;
SELECT count(*) FROM ju_l NATURAL JOIN (SELECT 1 AS zz) z;
-- types that differ: the merged column takes the common type
SELECT id, pg_typeof(id), lv, cv FROM ju_l JOIN ju_c USING (id) ORDER BY id;
SELECT id, pg_typeof(id), lv, cv FROM ju_l FULL JOIN ju_c USING (id) ORDER BY id, lv, cv;
-- chains: the merged column of the first join meets the third table
SELECT * FROM ju_l JOIN ju_r USING (id) JOIN ju_c USING (id) ORDER BY id, rv;
SELECT id, lv, rv, cv FROM ju_l FULL JOIN ju_r USING (id) FULL JOIN ju_c USING (id) ORDER BY id, lv, rv, cv;
SELECT id, lv, rv, cv FROM ju_l LEFT JOIN ju_r USING (id) LEFT JOIN ju_c USING (id) ORDER BY id, lv, rv;
SELECT * FROM ju_l JOIN ju_r USING (id) JOIN ju_c USING (k) ORDER BY k, rv;
SELECT * FROM ju_c JOIN (ju_l JOIN ju_r USING (id)) USING (id) ORDER BY id, rv;
SELECT * FROM (ju_l JOIN ju_r USING (id)) JOIN ju_c ON ju_c.k = ju_l.k ORDER BY 1, rv;
SELECT count(*) FROM ju_l, ju_r JOIN ju_c USING (id);
-- with derived tables, CTEs and subqueries
SELECT * FROM (SELECT id, lv FROM ju_l) a JOIN (SELECT id, rv FROM ju_r) b USING (id) ORDER BY id, rv;
WITH a AS (SELECT id, k FROM ju_l), b AS (SELECT id, rv FROM ju_r)
SELECT * FROM a LEFT JOIN b USING (id) ORDER BY id, rv;
SELECT s.* FROM (SELECT * FROM ju_l FULL JOIN ju_r USING (id)) s ORDER BY 1, lv, rv;
SELECT lv FROM ju_l WHERE EXISTS (SELECT 1 FROM ju_r JOIN ju_c USING (id) WHERE ju_r.id = ju_l.id) ORDER BY lv;
SELECT lv, (SELECT max(cv) FROM ju_r JOIN ju_c USING (id) WHERE id = ju_l.id) FROM ju_l ORDER BY lv;
-- join aliases: USING (...) AS j names the merged columns; (...) AS j the join
SELECT j.id, j.k, ju_l.lv FROM ju_l JOIN ju_r USING (id, k) AS j ORDER BY 1, 3;
SELECT j.* FROM ju_l LEFT JOIN ju_r USING (id) AS j ORDER BY 1;
SELECT j.lv, j.id FROM (ju_l JOIN ju_r USING (id)) AS j ORDER BY 2, 1;
-- errors
SELECT * FROM ju_l JOIN ju_r USING (nosuch);
SELECT * FROM ju_l JOIN ju_r USING (lv);
SELECT * FROM ju_l JOIN ju_r USING (rv);
SELECT * FROM ju_l JOIN ju_r USING (id, id);
SELECT * FROM ju_l JOIN ju_s USING (id);
SELECT * FROM ju_l NATURAL JOIN ju_s;
SELECT * FROM (ju_l JOIN ju_r ON true) JOIN ju_c USING (id);
SELECT * FROM ju_c JOIN (ju_l JOIN ju_r ON true) USING (k);
SELECT * FROM ju_l NATURAL JOIN (ju_r CROSS JOIN ju_c);
SELECT tag FROM ju_l JOIN ju_r USING (id);
SELECT * FROM ju_l JOIN ju_r USING (nosuch, nosuch);
-- pgjdbc's type cache (DatabaseMetaData.getTypeInfo) loads pg_type with this
-- statement; here it is as a derived table, for a few built-in types
SELECT ti.* FROM (SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid   FROM pg_catalog.pg_type   LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r           from pg_namespace as ns           join ( select s.r, (current_schemas(false))[s.r] as nspname                    from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r          using ( nspname )        ) as sp     ON sp.nspoid = typnamespace  ORDER BY sp.r, pg_type.oid DESC) ti
WHERE ti.typname IN ('bool', 'int4', '_int4', 'text', '_text', 'varchar', '_varchar', 'numeric', 'timestamptz', 'oid', 'regclass', 'name', 'int4range', 'record')
ORDER BY ti.oid;
SELECT ns.nspname, r.r, sp.* FROM pg_namespace ns JOIN (SELECT s.r, (current_schemas(false))[s.r] AS nspname FROM generate_series(1, array_upper(current_schemas(false), 1)) AS s(r)) AS r USING (nspname) NATURAL JOIN (SELECT 'public'::name AS nspname) sp;
DROP TABLE ju_l;
DROP TABLE ju_r;
DROP TABLE ju_c;
DROP TABLE ju_s;
