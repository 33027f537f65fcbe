-- INSERT ... ON CONFLICT (...) DO UPDATE SET ... [WHERE ...]
\set VERBOSITY verbose
CREATE TABLE up (id int PRIMARY KEY, name text, hits int DEFAULT 0, code text UNIQUE);
INSERT INTO up VALUES (1, 'a', 1, 'x'), (2, 'b', 1, 'y');
INSERT INTO up VALUES (1, 'a2', 5, 'x1') ON CONFLICT (id) DO UPDATE SET hits = up.hits + excluded.hits RETURNING *;
INSERT INTO up VALUES (3, 'c', 1, 'z') ON CONFLICT (id) DO UPDATE SET hits = up.hits + 1 RETURNING id, hits;
INSERT INTO up AS u VALUES (2, 'b2', 7, 'y2') ON CONFLICT (id) DO UPDATE SET name = excluded.name, code = excluded.code RETURNING u.*;
INSERT INTO up VALUES (1, 'zz', 1, 'q') ON CONFLICT ON CONSTRAINT up_pkey DO UPDATE SET name = DEFAULT, hits = DEFAULT;
SELECT * FROM up ORDER BY id;
-- WHERE: rows it rejects stay as they are
INSERT INTO up VALUES (1, 'w', 100, 'w') ON CONFLICT (id) DO UPDATE SET hits = excluded.hits WHERE up.hits > 50 RETURNING id;
INSERT INTO up VALUES (1, 'w', 100, 'w') ON CONFLICT (id) DO UPDATE SET hits = excluded.hits WHERE excluded.hits > 50 RETURNING id, hits;
-- several rows: some inserted, some updated
INSERT INTO up VALUES (4, 'd', 1, 'd'), (2, 'b3', 1, 'b3') ON CONFLICT (id) DO UPDATE SET name = excluded.name;
SELECT * FROM up ORDER BY id;
-- NULL keys never conflict
CREATE TABLE upn (k int UNIQUE, v text);
INSERT INTO upn VALUES (NULL, 'a');
INSERT INTO upn VALUES (NULL, 'b') ON CONFLICT (k) DO UPDATE SET v = 'updated' RETURNING *;
SELECT * FROM upn ORDER BY v;
-- INSERT ... SELECT ... ON CONFLICT DO UPDATE
CREATE TABLE upsrc (id int, name text);
INSERT INTO upsrc VALUES (3, 'from src'), (9, 'new');
INSERT INTO up (id, name) SELECT id, name FROM upsrc ON CONFLICT (id) DO UPDATE SET name = excluded.name || '!';
SELECT * FROM up ORDER BY id;
-- errors
INSERT INTO up VALUES (5, 'e', 1, 'e'), (5, 'f', 1, 'f') ON CONFLICT (id) DO UPDATE SET name = excluded.name;
INSERT INTO up VALUES (1, 'e', 1, 'e'), (1, 'f', 1, 'f') ON CONFLICT (id) DO UPDATE SET name = excluded.name;
INSERT INTO up VALUES (6, 'g', 1, 'y2') ON CONFLICT (id) DO UPDATE SET name = excluded.name;
INSERT INTO up VALUES (1, 'h', 1, 'h') ON CONFLICT DO UPDATE SET name = excluded.name;
INSERT INTO up VALUES (1, 'h', 1, 'h') ON CONFLICT (name) DO UPDATE SET name = excluded.name;
INSERT INTO up VALUES (1, 'h', 1, 'h') ON CONFLICT (id) DO UPDATE SET nosuch = 1;
INSERT INTO up VALUES (1, 'h', 1, 'h') ON CONFLICT (id) DO UPDATE SET name = excluded.nosuch;
INSERT INTO up VALUES (1, 'h', 1, 'h') ON CONFLICT (id) DO UPDATE SET hits = 'abc';
SELECT * FROM up ORDER BY id;
DROP TABLE up;
DROP TABLE upn;
DROP TABLE upsrc;
