-- database.schema.table in SELECT, INSERT, UPDATE, DELETE and COPY: the
-- session's own database is accepted, another is 0A000
\set VERBOSITY verbose
CREATE TABLE qn_t (a int, b text);
INSERT INTO quarry.public.qn_t VALUES (1, 'one'), (2, 'two');
INSERT INTO quarry.public.qn_t (a, b) SELECT a + 10, b FROM quarry.public.qn_t;
SELECT * FROM quarry.public.qn_t ORDER BY a;
SELECT t.a, qn_t.b FROM quarry.public.qn_t t JOIN quarry.public.qn_t ON t.a = qn_t.a ORDER BY 1;
SELECT quarry.public.qn_t.a FROM quarry.public.qn_t ORDER BY 1;
SELECT count(*) FROM quarry.pg_catalog.pg_namespace WHERE nspname = 'public';
UPDATE quarry.public.qn_t SET b = 'TWO' WHERE a = 2;
DELETE FROM quarry.public.qn_t WHERE a > 10;
SELECT * FROM public.qn_t ORDER BY a;
COPY quarry.public.qn_t TO STDOUT;
COPY quarry.public.qn_t (b) TO STDOUT;
COPY quarry.public.qn_t FROM STDIN;
3	three
\.
SELECT * FROM qn_t ORDER BY a;
-- another database
SELECT * FROM otherdb.public.qn_t;
SELECT 1 FROM qn_t JOIN otherdb.public.qn_t x ON true;
SELECT * FROM otherdb.pg_catalog.pg_class;
SELECT otherdb.public.qn_t.a FROM qn_t;
SELECT otherdb.public.qn_t.* FROM qn_t;
SELECT quarry.public.qn_t.a, quarry.public.qn_t.*, public.qn_t.* FROM qn_t, qn_t x ORDER BY 1 LIMIT 2;
INSERT INTO otherdb.public.qn_t VALUES (9, 'nine');
UPDATE otherdb.public.qn_t SET b = 'x';
DELETE FROM otherdb.public.qn_t;
COPY otherdb.public.qn_t TO STDOUT;
COPY otherdb.public.qn_t FROM STDIN;
SELECT * FROM otherdb.public.nosuch;
SELECT * FROM quarry.public.nosuch;
SELECT * FROM quarry.nosuch.qn_t;
SELECT * FROM a.b.c.d;
SELECT * FROM qn_t ORDER BY a;
DROP TABLE qn_t;
