-- Errors carry PostgreSQL's SQLSTATE, message and position; the session
-- goes on after each one.
\set VERBOSITY verbose
CREATE TABLE e (a int NOT NULL, b varchar(3));
SELECT * FROM nope;
SELECT c FROM e;
SELECT x.a FROM e;
SELECT a +  FROM e;
SELECT 1 / 0;
SELECT 5 % 0;
SELECT 2147483647 + 1;
SELECT -2147483648 * -1;
SELECT 'abc'::int;
SELECT '99999999999'::int;
SELECT 1::float8 / 0;
SELECT 'a' + 1;
SELECT a FROM e WHERE a;
SELECT nosuchfunc(1);
SELECT a, count(*) FROM e;
SELECT * FROM e WHERE count(*) > 1;
CREATE TABLE e (z int);
INSERT INTO e VALUES (NULL, 'x');
INSERT INTO e VALUES (1, 'toolong');
INSERT INTO e VALUES (1, 'ok', 3);
INSERT INTO e (a, nope) VALUES (1, 2);
INSERT INTO nope VALUES (1);
INSERT INTO e VALUES ('x', 'y');
DROP TABLE nope;
DROP TABLE IF EXISTS nope;
CREATE TABLE IF NOT EXISTS e (z int);
SELECT count(*) FROM e;
SELECT 1;
DROP TABLE e;
