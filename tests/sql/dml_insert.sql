-- INSERT ... VALUES and INSERT ... SELECT: defaults, column lists,
-- assignment casts and constraint checks.
CREATE TABLE src (a int, b text, c float8);
INSERT INTO src VALUES (1, 'one', 1.5), (2, 'two', 2.5), (3, NULL, NULL);
CREATE TABLE dst (a bigint NOT NULL, b varchar(5), c float8 DEFAULT 9.75, d text DEFAULT 'dd');
INSERT INTO dst SELECT a, b, c FROM src;
INSERT INTO dst (b, a) SELECT b, a * 10 FROM src WHERE a > 1;
INSERT INTO dst (a) SELECT count(*) FROM src;
INSERT INTO dst DEFAULT VALUES;
INSERT INTO dst (a, d) VALUES (100, DEFAULT), (101, 'x');
SELECT * FROM dst ORDER BY a, b, c;
INSERT INTO dst SELECT a, b, c, b, a FROM src;
INSERT INTO dst (a, b) SELECT a FROM src;
INSERT INTO dst (a, nope) SELECT a, b FROM src;
INSERT INTO dst (a, a) SELECT a, a FROM src;
INSERT INTO dst (a, b) SELECT a, c FROM src;
INSERT INTO dst (a) SELECT b FROM src;
INSERT INTO nope SELECT 1;
INSERT INTO dst (a, b) SELECT a, 'much too long' FROM src;
INSERT INTO dst (a, b) SELECT a, 'abc   ' FROM src WHERE a = 1;
INSERT INTO dst (a, b) SELECT NULL::int, 'x' FROM src;
SELECT count(*) FROM dst;
-- the insert reads its own table as of the start
INSERT INTO dst (a) SELECT a + 1000 FROM dst;
SELECT count(*), max(a) FROM dst;
INSERT INTO dst (a) SELECT a FROM src WHERE a > 100;
SELECT count(*) FROM dst;
DROP TABLE src, dst;
