-- Views: their query is expanded when they are used; what they depend on
-- cannot be dropped without CASCADE.
CREATE TABLE vt (id int, name text, score int);
INSERT INTO vt VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'cy', 30), (4, NULL, 40);
CREATE VIEW high AS SELECT id, name FROM vt WHERE score > 15;
SELECT * FROM high ORDER BY id;
SELECT name FROM high WHERE id = 2;
SELECT h.id, v.score FROM high h JOIN vt v ON v.id = h.id ORDER BY h.id;
CREATE VIEW counts (total, named) AS SELECT count(*), count(name) FROM high;
SELECT * FROM counts;
CREATE VIEW high AS SELECT 1;
CREATE VIEW vt AS SELECT 1;
CREATE VIEW bad (a, b, c) AS SELECT id, name FROM vt;
CREATE VIEW bad AS SELECT id, id FROM vt;
CREATE VIEW bad AS SELECT * FROM nope;
-- OR REPLACE may add columns at the end, nothing else
CREATE OR REPLACE VIEW high AS SELECT id, name, score FROM vt WHERE score > 25;
SELECT * FROM high ORDER BY id;
CREATE OR REPLACE VIEW high AS SELECT id FROM vt;
CREATE OR REPLACE VIEW high AS SELECT id, score AS name, score FROM vt;
CREATE OR REPLACE VIEW high AS SELECT name, id, score FROM vt;
-- a view keeps its columns when its table grows
CREATE VIEW everything AS SELECT * FROM vt;
ALTER TABLE vt ADD COLUMN extra int DEFAULT 5;
SELECT * FROM everything ORDER BY id;
-- dependencies
DROP TABLE vt;
ALTER TABLE vt DROP COLUMN score;
ALTER TABLE vt DROP COLUMN extra;
DROP VIEW high;
DROP TABLE high;
DROP VIEW vt;
DROP VIEW IF EXISTS nope;
DROP VIEW nope;
-- a renamed table keeps its views working
ALTER TABLE vt RENAME TO vt2;
SELECT * FROM high ORDER BY id;
SELECT * FROM counts;
ALTER TABLE vt2 RENAME TO vt;
DROP VIEW everything;
DROP TABLE vt CASCADE;
SELECT * FROM high;
