-- count(DISTINCT x) and DISTINCT in other aggregates
\set VERBOSITY verbose
CREATE TABLE ad (g int, x int, y numeric(6,2), s char(5));
INSERT INTO ad VALUES (1, 1, 1.50, 'a'), (1, 1, 1.5, 'a  '), (1, 2, NULL, 'b'), (1, NULL, 2.00, NULL),
  (2, 3, 3.00, 'c'), (2, 3, 3, 'c'), (2, 4, 4.10, 'd'), (3, NULL, NULL, NULL);
SELECT count(DISTINCT x), count(x), count(*) FROM ad;
SELECT g, count(DISTINCT x), count(DISTINCT y), count(DISTINCT s), count(*) FROM ad GROUP BY g ORDER BY g;
SELECT g, sum(DISTINCT x), avg(DISTINCT y), sum(x) FROM ad GROUP BY g ORDER BY g;
SELECT count(DISTINCT g), count(DISTINCT x) FILTER (WHERE true) IS NULL FROM ad WHERE false;
SELECT count(DISTINCT x) FROM ad WHERE g > 10;
SELECT g, count(DISTINCT x) AS c FROM ad GROUP BY g ORDER BY c DESC, g;
SELECT count(DISTINCT x % 2), min(DISTINCT y), max(DISTINCT s) FROM ad;
