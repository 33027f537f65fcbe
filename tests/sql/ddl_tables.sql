-- CREATE TABLE with defaults and NOT NULL, ALTER TABLE, TRUNCATE and DROP,
-- with PostgreSQL's notices and errors.
CREATE TABLE dt (id int NOT NULL, name text DEFAULT 'none', qty int DEFAULT 2 + 3,
  price float8 DEFAULT -1.5, flag boolean DEFAULT true, code varchar(4) DEFAULT 'ab');
INSERT INTO dt (id) VALUES (1);
INSERT INTO dt (id, name) VALUES (2, 'two'), (3, NULL);
INSERT INTO dt VALUES (4, 'four', 40, 4.25, false, 'abcd');
INSERT INTO dt VALUES (5, DEFAULT, DEFAULT, 5.5, DEFAULT, DEFAULT);
SELECT * FROM dt ORDER BY id;
CREATE TABLE IF NOT EXISTS dt (z int);
CREATE TABLE dd (a int) WITH (nosuch = 50);
CREATE TABLE dd (a int DEFAULT true);
CREATE TABLE dd (a int, a text);
-- ALTER TABLE ... ADD COLUMN: existing rows read the default
ALTER TABLE dt ADD COLUMN extra int DEFAULT 7;
ALTER TABLE dt ADD COLUMN note text;
ALTER TABLE dt ADD COLUMN IF NOT EXISTS note text;
INSERT INTO dt (id, note) VALUES (6, 'new');
SELECT id, name, extra, note FROM dt ORDER BY id;
SELECT count(*), count(note), sum(extra) FROM dt;
ALTER TABLE dt ADD COLUMN must int NOT NULL;
ALTER TABLE dt ADD COLUMN must int NOT NULL DEFAULT 0;
SELECT id, must FROM dt WHERE id < 3 ORDER BY id;
-- DROP COLUMN and RENAME COLUMN
ALTER TABLE dt DROP COLUMN price;
ALTER TABLE dt DROP COLUMN IF EXISTS price;
ALTER TABLE dt RENAME COLUMN qty TO quantity;
SELECT * FROM dt ORDER BY id;
SELECT qty FROM dt;
ALTER TABLE dt RENAME COLUMN nope TO x;
ALTER TABLE dt RENAME COLUMN name TO code;
-- a dropped column's name is free again, with a new type
ALTER TABLE dt ADD COLUMN price text DEFAULT 'p';
SELECT id, price FROM dt ORDER BY id LIMIT 2;
-- RENAME TO
ALTER TABLE dt RENAME TO dt2;
SELECT count(*) FROM dt;
SELECT count(*) FROM dt2;
CREATE TABLE dt (x int);
ALTER TABLE dt2 RENAME TO dt;
ALTER TABLE IF EXISTS nope RENAME TO nope2;
ALTER TABLE nope RENAME TO nope2;
-- TRUNCATE
TRUNCATE dt2;
SELECT count(*) FROM dt2;
INSERT INTO dt2 (id) VALUES (10);
SELECT id, name, extra FROM dt2;
TRUNCATE nope;
-- DROP
DROP TABLE dt, dt2;
DROP TABLE dt;
DROP TABLE IF EXISTS dt;
DROP TABLE IF EXISTS dt, dd;
