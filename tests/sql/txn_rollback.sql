-- Transaction blocks: ROLLBACK undoes a block's writes, COMMIT keeps them,
-- savepoints undo part of a block; a block sees its own writes.
CREATE TABLE tr (id int NOT NULL, v text);
INSERT INTO tr VALUES (1, 'committed');

-- INSERT rolled back
BEGIN;
INSERT INTO tr VALUES (2, 'rolled back');
SELECT * FROM tr ORDER BY id;
ROLLBACK;
SELECT * FROM tr ORDER BY id;

-- CREATE TABLE in a rolled-back block is gone
BEGIN;
CREATE TABLE tr_new (a int);
INSERT INTO tr_new VALUES (10), (20);
SELECT sum(a) FROM tr_new;
ROLLBACK;
SELECT * FROM tr_new;

-- UPDATE, DELETE rolled back
INSERT INTO tr VALUES (2, 'two'), (3, 'three');
BEGIN;
UPDATE tr SET v = 'changed' WHERE id = 2;
DELETE FROM tr WHERE id = 3;
SELECT * FROM tr ORDER BY id;
ROLLBACK;
SELECT * FROM tr ORDER BY id;

-- TRUNCATE and DROP rolled back
BEGIN;
TRUNCATE tr;
SELECT count(*) FROM tr;
ROLLBACK;
SELECT count(*) FROM tr;
BEGIN;
DROP TABLE tr;
SELECT * FROM tr;
ROLLBACK;
SELECT * FROM tr ORDER BY id;

-- ALTER TABLE rolled back
BEGIN;
ALTER TABLE tr ADD COLUMN extra int;
INSERT INTO tr VALUES (4, 'four', 44);
SELECT * FROM tr ORDER BY id;
ROLLBACK;
SELECT * FROM tr ORDER BY id;

-- SAVEPOINT and ROLLBACK TO undo part of a block
BEGIN;
INSERT INTO tr VALUES (4, 'kept');
SAVEPOINT s1;
INSERT INTO tr VALUES (5, 'undone');
SAVEPOINT s2;
DELETE FROM tr WHERE id = 1;
ROLLBACK TO SAVEPOINT s2;
SELECT * FROM tr ORDER BY id;
ROLLBACK TO s1;
INSERT INTO tr VALUES (6, 'after rollback to');
RELEASE SAVEPOINT s1;
SELECT * FROM tr ORDER BY id;
COMMIT;
SELECT * FROM tr ORDER BY id;

-- a savepoint taken before the block's first write
BEGIN;
SAVEPOINT early;
INSERT INTO tr VALUES (7, 'undone');
ROLLBACK TO early;
INSERT INTO tr VALUES (8, 'kept');
COMMIT;
SELECT * FROM tr ORDER BY id;

-- savepoints that do not exist
BEGIN;
RELEASE SAVEPOINT nosuch;
ROLLBACK;
BEGIN;
SAVEPOINT a;
ROLLBACK TO nosuch;
ROLLBACK TO a;
SELECT count(*) FROM tr;
ROLLBACK;

-- an error in a block, then ROLLBACK
BEGIN;
INSERT INTO tr VALUES (9, 'before the error');
INSERT INTO tr VALUES (NULL, 'not null violated');
SELECT * FROM tr;
ROLLBACK;
SELECT * FROM tr ORDER BY id;

-- an error, then ROLLBACK TO recovers the block
BEGIN;
INSERT INTO tr VALUES (9, 'kept');
SAVEPOINT before_error;
INSERT INTO tr VALUES (10, 'undone');
SELECT 1 / 0;
ROLLBACK TO before_error;
COMMIT;
SELECT * FROM tr ORDER BY id;

-- COMMIT of a failed block rolls it back
BEGIN;
INSERT INTO tr VALUES (11, 'lost');
SELECT 1 / 0;
COMMIT;
SELECT * FROM tr ORDER BY id;

-- COMMIT keeps everything
BEGIN;
CREATE TABLE tr_kept (a int, b text);
INSERT INTO tr_kept VALUES (1, 'one');
INSERT INTO tr_kept SELECT id, v FROM tr WHERE id > 5;
UPDATE tr_kept SET b = upper(b) WHERE a = 1;
COMMIT;
SELECT * FROM tr_kept ORDER BY a;

-- COPY FROM STDIN inside a block, rolled back
BEGIN;
COPY tr FROM STDIN;
20	copied
21	copied too
\.
SELECT * FROM tr WHERE id >= 20 ORDER BY id;
ROLLBACK;
SELECT * FROM tr WHERE id >= 20 ORDER BY id;

-- CREATE TABLE AS and a view in a rolled-back block
BEGIN;
CREATE TABLE tr_ctas AS SELECT id FROM tr;
CREATE VIEW tr_view AS SELECT id FROM tr_ctas;
SELECT count(*) FROM tr_view;
ROLLBACK;
SELECT * FROM tr_ctas;
SELECT * FROM tr_view;

DROP TABLE tr;
DROP TABLE tr_kept;

-- pg_catalog inside a block shows the block's own tables
BEGIN;
CREATE TABLE tr_cat (a int);
SELECT relname FROM pg_class WHERE relname = 'tr_cat';
ROLLBACK;
SELECT relname FROM pg_class WHERE relname = 'tr_cat';

-- a multi-statement Query message is one implicit transaction
CREATE TABLE tr_multi (a int);
INSERT INTO tr_multi VALUES (1) \; INSERT INTO tr_multi VALUES (2) \; SELECT 1 / 0;
SELECT * FROM tr_multi;
INSERT INTO tr_multi VALUES (3) \; INSERT INTO tr_multi VALUES (4);
SELECT * FROM tr_multi ORDER BY a;
INSERT INTO tr_multi VALUES (5) \; COMMIT \; INSERT INTO tr_multi VALUES (6) \; SELECT 1 / 0;
SELECT * FROM tr_multi ORDER BY a;
INSERT INTO tr_multi VALUES (7) \; ROLLBACK \; INSERT INTO tr_multi VALUES (8);
SELECT * FROM tr_multi ORDER BY a;
INSERT INTO tr_multi VALUES (9) \; BEGIN \; INSERT INTO tr_multi VALUES (10);
ROLLBACK;
SELECT * FROM tr_multi ORDER BY a;
DROP TABLE tr_multi \; CREATE TABLE tr_multi2 (b int) \; SELECT 1 / 0;
SELECT count(*) FROM tr_multi;
SELECT * FROM tr_multi2;
DROP TABLE tr_multi;
