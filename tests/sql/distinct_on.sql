-- SELECT DISTINCT ON (...): the first row of each group in ORDER BY order
CREATE TABLE don (grp text, ts int, val int);
INSERT INTO don VALUES ('a', 1, 10), ('a', 3, 30), ('a', 2, 20), ('b', 5, 50), ('b', 4, NULL), (NULL, 1, 1), (NULL, 2, 2);
SELECT DISTINCT ON (grp) grp, ts, val FROM don ORDER BY grp, ts DESC;
SELECT DISTINCT ON (grp) grp, ts FROM don ORDER BY grp NULLS FIRST, ts;
SELECT DISTINCT ON (1) grp, val FROM don ORDER BY 1, val DESC NULLS LAST;
SELECT DISTINCT ON (grp, ts > 2) grp, ts > 2 AS late, val FROM don ORDER BY grp, ts > 2, val;
SELECT DISTINCT ON (g) g, ts FROM (SELECT coalesce(grp, '-') AS g, ts FROM don) s ORDER BY g, ts DESC LIMIT 2;
SELECT count(*) FROM (SELECT DISTINCT ON (grp) grp FROM don) s;
SELECT DISTINCT ON (grp) grp, max(ts) OVER (PARTITION BY grp) AS latest FROM don ORDER BY grp, ts;
SELECT DISTINCT ON (grp) grp, ts FROM don ORDER BY ts, grp;
DROP TABLE don;
