-- The walking skeleton's end-to-end statements (issue 2).
CREATE TABLE t (a int, b text);
INSERT INTO t VALUES (1,'x'),(2,'y'),(3,NULL);
SELECT count(*), sum(a) FROM t WHERE a > 1;
SELECT b FROM t WHERE b IS NOT NULL ORDER BY a DESC;
SELECT * FROM t ORDER BY a;
DROP TABLE t;
