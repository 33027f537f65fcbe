-- The system column tableoid: the relation each row comes from
CREATE TABLE sc_a (x int);
CREATE TABLE sc_b (x int);
INSERT INTO sc_a VALUES (1), (2);
INSERT INTO sc_b VALUES (3);
SELECT x, tableoid = 'sc_a'::regclass AS from_a FROM sc_a ORDER BY x;
SELECT x, tableoid = 'sc_b'::regclass AS from_b FROM sc_a UNION ALL SELECT x, tableoid = 'sc_b'::regclass FROM sc_b ORDER BY x;
SELECT a.x, a.tableoid <> b.tableoid AS differ FROM sc_a a, sc_b b ORDER BY 1;
SELECT count(*) > 0 AS some FROM pg_class c WHERE c.tableoid = 'pg_class'::regclass;
SELECT l.lanname FROM pg_language l LEFT JOIN pg_description d ON d.classoid = l.tableoid AND d.objoid = l.oid WHERE l.lanname = 'sql';
SELECT tableoid FROM sc_a, sc_b;
DROP TABLE sc_a;
DROP TABLE sc_b;
