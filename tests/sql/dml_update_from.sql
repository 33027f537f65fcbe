-- UPDATE ... FROM, DELETE ... USING, subqueries in UPDATE and DELETE,
-- and WITH before them.
\set VERBOSITY verbose
CREATE TABLE acct (id int, owner text, balance numeric(10,2), region int);
INSERT INTO acct VALUES (1, 'ann', 100, 1), (2, 'bob', 200, 1), (3, 'cy', 300, 2),
	(4, 'di', NULL, NULL), (5, NULL, 50, 3);
CREATE TABLE adj (acct_id int, delta numeric, why text);
INSERT INTO adj VALUES (1, 10, 'bonus'), (3, -30, 'fee'), (6, 99, 'orphan'), (NULL, 1, 'null key');
CREATE TABLE regions (id int, name text, rate numeric);
INSERT INTO regions VALUES (1, 'north', 1.1), (2, 'south', 1.2), (3, 'east', NULL);
-- a join: each matched row once
UPDATE acct SET balance = balance + adj.delta FROM adj WHERE acct.id = adj.acct_id;
SELECT * FROM acct ORDER BY id;
UPDATE acct a SET owner = a.owner || '@' || r.name FROM regions r WHERE a.region = r.id AND r.rate IS NOT NULL
	RETURNING a.id, a.owner;
-- several FROM items, a derived table
UPDATE acct SET balance = s.total FROM (SELECT acct_id, sum(delta) AS total FROM adj GROUP BY acct_id) s, regions r
	WHERE acct.id = s.acct_id AND acct.region = r.id AND r.name = 'north' RETURNING acct.id, acct.balance;
-- no match, NULL keys never match
UPDATE acct SET balance = 0 FROM adj WHERE acct.id = adj.acct_id AND adj.why = 'nothing';
UPDATE acct SET balance = 0 FROM adj WHERE acct.region = adj.acct_id AND adj.acct_id IS NULL;
-- a row matched by several rows is updated once
CREATE TABLE dup (id int, v int);
INSERT INTO dup VALUES (3, 7), (3, 8);
UPDATE acct SET region = dup.v FROM dup WHERE acct.id = dup.id;
SELECT id, region IN (7, 8) AS one_of_them FROM acct WHERE id = 3;
-- DEFAULT and a kept column beside FROM
CREATE TABLE withdef (id int, v int DEFAULT 42, w text);
INSERT INTO withdef VALUES (1, 1, 'a'), (2, 2, 'b');
UPDATE withdef SET v = DEFAULT, w = adj.why FROM adj WHERE withdef.id = adj.acct_id RETURNING withdef.*;
-- subqueries in SET and WHERE
UPDATE withdef SET v = (SELECT max(id) FROM acct) WHERE id = 2 RETURNING *;
UPDATE withdef SET w = 'in' WHERE id IN (SELECT acct_id FROM adj) RETURNING id, w;
UPDATE withdef SET w = 'exists' WHERE EXISTS (SELECT 1 FROM adj WHERE adj.acct_id = withdef.id + 1) RETURNING id, w;
SELECT * FROM withdef ORDER BY id;
-- DELETE ... USING
DELETE FROM acct USING regions WHERE acct.region = regions.id AND regions.name = 'south' RETURNING acct.id;
DELETE FROM acct a USING adj d WHERE a.id = d.acct_id AND d.why = 'nothing';
DELETE FROM acct WHERE id NOT IN (SELECT acct_id FROM adj WHERE acct_id IS NOT NULL) AND owner IS NULL RETURNING *;
DELETE FROM acct WHERE EXISTS (SELECT 1 FROM regions r WHERE r.id = acct.region AND r.rate IS NULL);
SELECT * FROM acct ORDER BY id;
-- WITH before UPDATE and DELETE
WITH big AS (SELECT acct_id FROM adj WHERE delta > 5)
UPDATE acct SET owner = 'big' FROM big WHERE acct.id = big.acct_id RETURNING acct.id, acct.owner;
WITH gone AS (SELECT 4 AS id)
DELETE FROM acct WHERE id IN (SELECT id FROM gone) RETURNING id;
SELECT * FROM acct ORDER BY id;
-- RETURNING sees the FROM and USING items (* includes their columns)
CREATE TABLE rt (id int, val numeric(6,1), tag text);
INSERT INTO rt VALUES (1, 1.0, 'a'), (2, 2.0, 'b'), (3, 3.0, NULL);
CREATE TABLE rs (id int, amount numeric, label text);
INSERT INTO rs VALUES (1, 0.25, 'one'), (3, 0.75, 'three');
UPDATE rt SET val = val + rs.amount FROM rs WHERE rt.id = rs.id RETURNING *;
UPDATE rt SET tag = rs.label FROM rs WHERE rt.id = rs.id RETURNING rt.id, rt.tag, rs.label || '/' || rt.tag AS both, rs.amount * 2 AS twice;
UPDATE rt r SET val = 0 FROM rs s WHERE r.id = s.id AND s.label = 'one' RETURNING s.*, r.val;
DELETE FROM rt USING rs WHERE rt.id = rs.id AND rs.label = 'three' RETURNING *;
DELETE FROM rt USING rs WHERE rt.id = rs.id RETURNING rs.label, rt.val;
UPDATE rt SET val = 9 WHERE id IN (SELECT id FROM rs) RETURNING *;
SELECT * FROM rt ORDER BY id;
UPDATE rt SET val = 1 FROM rs WHERE rt.id = rs.id RETURNING rs.nosuch;
UPDATE rt SET val = 1 FROM rs WHERE rt.id = rs.id RETURNING nosuch.id;
DROP TABLE rt;
DROP TABLE rs;
-- errors
UPDATE acct SET balance = 1 FROM nosuch WHERE acct.id = nosuch.id;
UPDATE acct SET balance = 1 FROM adj WHERE id = acct_id;
UPDATE acct SET balance = adj.nosuch FROM adj WHERE acct.id = adj.acct_id;
UPDATE acct SET balance = 'x' FROM adj WHERE acct.id = adj.acct_id;
UPDATE acct SET balance = 1 FROM adj WHERE adj.delta;
UPDATE acct SET balance = (SELECT delta FROM adj) WHERE id = 1;
DELETE FROM acct USING nosuch WHERE acct.id = nosuch.id;
SELECT * FROM acct ORDER BY id;
DROP TABLE acct;
DROP TABLE adj;
DROP TABLE regions;
DROP TABLE dup;
DROP TABLE withdef;
