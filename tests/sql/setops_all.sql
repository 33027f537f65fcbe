-- INTERSECT ALL and EXCEPT ALL: duplicates counted as PostgreSQL does
CREATE TABLE sa_l (x int, y text);
CREATE TABLE sa_r (x int, y text);
INSERT INTO sa_l VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, 'b'), (2, 'b'), (NULL, 'n'), (NULL, 'n'), (3, NULL);
INSERT INTO sa_r VALUES (1, 'a'), (1, 'a'), (2, 'b'), (2, 'b'), (2, 'b'), (NULL, 'n'), (4, 'd');
SELECT * FROM sa_l INTERSECT ALL SELECT * FROM sa_r ORDER BY 1, 2;
SELECT * FROM sa_l EXCEPT ALL SELECT * FROM sa_r ORDER BY 1, 2;
SELECT * FROM sa_r EXCEPT ALL SELECT * FROM sa_l ORDER BY 1, 2;
SELECT x FROM sa_l INTERSECT SELECT x FROM sa_r ORDER BY 1;
SELECT x FROM sa_l EXCEPT SELECT x FROM sa_r ORDER BY 1;
SELECT count(*) FROM (SELECT x FROM sa_l INTERSECT ALL SELECT x FROM sa_l) s;
SELECT x FROM sa_l EXCEPT ALL SELECT x FROM sa_l;
SELECT x, count(*) FROM (SELECT x FROM sa_l UNION ALL SELECT x FROM sa_r EXCEPT ALL SELECT 2) s GROUP BY x ORDER BY x;
DROP TABLE sa_l;
DROP TABLE sa_r;
