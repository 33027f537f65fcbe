-- TABLESAMPLE SYSTEM and BERNOULLI, and random()
CREATE TABLE tsm (a int, b text);
INSERT INTO tsm SELECT x * 100 + y, 'r' || (x * 100 + y) FROM generate_series(0, 9) x, generate_series(1, 100) y;
SELECT count(*) FROM tsm TABLESAMPLE SYSTEM (0);
SELECT count(*), sum(a) FROM tsm TABLESAMPLE SYSTEM (100);
SELECT count(*) FROM tsm TABLESAMPLE BERNOULLI (100) WHERE a > 990;
SELECT count(*) BETWEEN 300 AND 700 AS about_half FROM tsm TABLESAMPLE BERNOULLI (50);
SELECT count(*) BETWEEN 50 AND 200 AS about_a_tenth FROM tsm AS t (n, s) TABLESAMPLE BERNOULLI (10) WHERE n > 0;
SELECT count(*) FROM tsm s1 TABLESAMPLE BERNOULLI (100) JOIN tsm s2 ON s1.a = s2.a;
SELECT random() >= 0 AND random() < 1 AS in_range, random() <> random() AS differs;
SELECT count(DISTINCT random()) > 990 AS mostly_distinct FROM tsm;
SELECT * FROM tsm TABLESAMPLE nosuch (1);
SELECT * FROM tsm TABLESAMPLE SYSTEM (101);
SELECT * FROM tsm TABLESAMPLE SYSTEM (-1);
SELECT * FROM tsm TABLESAMPLE SYSTEM (NULL);
SELECT * FROM tsm TABLESAMPLE SYSTEM (1, 2);
DROP TABLE tsm;
