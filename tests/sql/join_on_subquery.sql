-- Subqueries in the ON clause of outer joins: joined to the side they read
CREATE TABLE jo_l (a int, t text);
CREATE TABLE jo_r (b int, u text);
CREATE TABLE jo_s (c int);
INSERT INTO jo_l VALUES (1, 'x'), (2, 'y'), (3, 'z'), (NULL, 'n');
INSERT INTO jo_r VALUES (1, 'p'), (2, 'q'), (2, 'q2'), (4, 'r');
INSERT INTO jo_s VALUES (2), (4);
SELECT a, b FROM jo_l LEFT JOIN jo_r ON a = b AND EXISTS (SELECT 1 FROM jo_s WHERE c = b) ORDER BY a, b;
SELECT a, b FROM jo_l LEFT JOIN jo_r ON a = b AND b IN (SELECT c FROM jo_s) ORDER BY a, b;
SELECT a, b FROM jo_l LEFT JOIN jo_r ON a = b AND b = (SELECT max(c) FROM jo_s WHERE c < 3) ORDER BY a, b;
SELECT a, b FROM jo_l LEFT JOIN jo_r ON a = b AND a < (SELECT count(*) FROM jo_s WHERE c >= jo_l.a) ORDER BY a, b;
SELECT a, b FROM jo_l RIGHT JOIN jo_r ON a = b AND u <> (SELECT min(u) FROM jo_r) ORDER BY b, a;
SELECT a, b FROM jo_l FULL JOIN jo_r ON a = b AND b = (SELECT max(c) FROM jo_s WHERE c < 3) ORDER BY a, b;
SELECT a, b, u FROM jo_l LEFT JOIN jo_r ON a = b AND u = (SELECT max(r2.u) FROM jo_r r2 WHERE r2.b = jo_r.b) ORDER BY a, b;
SELECT a, b FROM jo_l JOIN jo_r ON a = b AND b NOT IN (SELECT c FROM jo_s) ORDER BY a;
DROP TABLE jo_l;
DROP TABLE jo_r;
DROP TABLE jo_s;
