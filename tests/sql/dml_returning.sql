-- RETURNING on INSERT, UPDATE and DELETE; INSERT ... VALUES of any
-- expressions; WITH before INSERT; what stays unsupported.
\set VERBOSITY verbose
CREATE TABLE ret (id int NOT NULL, name varchar(5), price numeric(8,2) DEFAULT 1.50, note text DEFAULT 'none');
-- INSERT ... VALUES: constants, expressions, DEFAULT anywhere, multi-row
INSERT INTO ret VALUES (1, 'a', 2.5, 'x') RETURNING id;
INSERT INTO ret VALUES (2, 'b', DEFAULT, DEFAULT) RETURNING *;
INSERT INTO ret (id, name) VALUES (3, upper('c')), (4, 'd' || 'd') RETURNING id, name, price, note;
INSERT INTO ret VALUES (5, DEFAULT, 10 * 2 + 0.125, NULL) RETURNING id AS new_id, price * 2 AS doubled, note IS NULL AS no_note;
INSERT INTO ret (price, id) VALUES (abs(-7), (SELECT max(id) + 1 FROM ret)) RETURNING id, price, name;
INSERT INTO ret (id, note) VALUES (7, 'at ' || (DATE '2024-03-01' + 1)::text) RETURNING note, length(note);
INSERT INTO ret (id) VALUES (8) RETURNING 'literal', 1 + 1, NULL::int AS nothing;
INSERT INTO ret (id, note) VALUES (9, now()::date::text) RETURNING id, note = current_date::text AS today;
INSERT INTO ret (id) VALUES (10), (11) RETURNING ret.id;
INSERT INTO ret AS r (id) VALUES (12) RETURNING r.id, r.price;
INSERT INTO ret DEFAULT VALUES RETURNING *;
SELECT * FROM ret ORDER BY id NULLS FIRST;
DELETE FROM ret WHERE id IS NULL;
-- INSERT without RETURNING, non-constant values
INSERT INTO ret (id, name) VALUES (20, lower('ABC')), (21, substr('hello', 2, 3));
SELECT id, name FROM ret WHERE id >= 20 ORDER BY id;
-- INSERT ... SELECT ... RETURNING
CREATE TABLE ret2 (id int, name text);
INSERT INTO ret2 SELECT id, name FROM ret WHERE id <= 3 ORDER BY id RETURNING id, name;
INSERT INTO ret2 SELECT id, name FROM ret WHERE id < 0 RETURNING *;
-- WITH before INSERT
WITH src AS (SELECT 30 AS id, 'w' AS name) INSERT INTO ret2 SELECT id, name FROM src RETURNING *;
WITH m AS (SELECT max(id) AS m FROM ret2) INSERT INTO ret2 VALUES ((SELECT m + 1 FROM m), 'v') RETURNING id;
-- UPDATE ... RETURNING gives the new row
UPDATE ret SET price = price + 1, note = 'upd' WHERE id IN (1, 2) RETURNING id, price, note;
UPDATE ret SET name = NULL WHERE id = 3 RETURNING name, name IS NULL AS gone;
UPDATE ret SET price = 0 WHERE id = 999 RETURNING *;
UPDATE ret2 SET name = name || '!' RETURNING *;
-- DELETE ... RETURNING gives the deleted row
DELETE FROM ret WHERE id = 4 RETURNING *;
DELETE FROM ret WHERE id > 1000 RETURNING id;
DELETE FROM ret2 RETURNING id, name;
SELECT count(*) FROM ret2;
-- errors: nothing returned, nothing committed
INSERT INTO ret VALUES (40) RETURNING nosuch;
INSERT INTO ret VALUES (41) RETURNING other.id;
UPDATE ret SET price = 1 WHERE id = 1 RETURNING nosuch;
DELETE FROM ret WHERE id = 1 RETURNING nosuch;
INSERT INTO ret VALUES (42, 'toolong') RETURNING id;
INSERT INTO ret VALUES (43), (NULL) RETURNING id;
INSERT INTO ret (id) VALUES ((SELECT id FROM ret)) RETURNING id;
INSERT INTO ret (id) VALUES (true) RETURNING id;
INSERT INTO ret (id) VALUES (1 / 0) RETURNING id;
UPDATE ret SET name = 'waytoolong' WHERE id = 1 RETURNING id;
INSERT INTO nosuch VALUES (1) RETURNING *;
SELECT count(*) FROM ret WHERE id >= 40;
SELECT id, name, price, note FROM ret ORDER BY id;
DROP TABLE ret;
DROP TABLE ret2;
