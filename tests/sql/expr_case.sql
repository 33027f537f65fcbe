-- CASE, COALESCE, NULLIF, GREATEST/LEAST, IN lists, BETWEEN, IS DISTINCT FROM
\set VERBOSITY verbose
CREATE TABLE e (id int, x int, y numeric(10,2), s text);
INSERT INTO e VALUES (1, 1, 1.50, 'a'), (2, 2, NULL, 'b'), (3, NULL, 3.25, NULL), (4, 0, 0.00, 'd'), (5, -5, -2.75, 'a');
SELECT id, CASE WHEN x > 0 THEN 'pos' WHEN x < 0 THEN 'neg' ELSE 'zero or null' END FROM e ORDER BY id;
SELECT id, CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END AS word FROM e ORDER BY id;
SELECT id, CASE WHEN x = 0 THEN 0 ELSE 10 / x END AS safe FROM e ORDER BY id;
SELECT id, CASE WHEN s = 'a' THEN y ELSE 0 END, CASE WHEN y > 1 THEN x END FROM e ORDER BY id;
SELECT sum(CASE WHEN s = 'a' THEN y ELSE 0 END), sum(CASE WHEN x > 0 THEN 1 ELSE 0 END) FROM e;
SELECT CASE WHEN true THEN 1 ELSE 2.5 END, CASE WHEN false THEN 1 ELSE 2.5 END, CASE WHEN NULL THEN 1 END;
SELECT pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END), pg_typeof(CASE WHEN true THEN 'a' END), pg_typeof(CASE WHEN true THEN 1 ELSE 2::int8 END);
SELECT id, coalesce(x, -1), coalesce(y, x, 0), coalesce(s, 'none'), coalesce(NULL, NULL, 3) FROM e ORDER BY id;
SELECT id, nullif(x, 0), nullif(s, 'a'), nullif(y, 1.5) FROM e ORDER BY id;
SELECT greatest(1, 2.5, 2), least(3, 1, 2), greatest('a', 'c', 'b'), greatest(1, NULL, 3), least(NULL::int, NULL);
SELECT id, x IN (1, 2), x NOT IN (1, 2), x IN (1, NULL), x NOT IN (1, NULL), s IN ('a', 'd') FROM e ORDER BY id;
SELECT id FROM e WHERE y IN (1.5, 3.25, 10) ORDER BY id;
SELECT id FROM e WHERE x BETWEEN 0 AND 2 ORDER BY id;
SELECT id FROM e WHERE x NOT BETWEEN 0 AND 2 ORDER BY id;
SELECT id FROM e WHERE x BETWEEN SYMMETRIC 2 AND 0 ORDER BY id;
SELECT id FROM e WHERE x NOT BETWEEN SYMMETRIC 2 AND 0 ORDER BY id;
SELECT id FROM e WHERE y BETWEEN 0.05 AND 1.5 ORDER BY id;
SELECT id, x IS DISTINCT FROM 1, x IS NOT DISTINCT FROM NULL, y IS DISTINCT FROM 1.5 FROM e ORDER BY id;
SELECT 1 IN (1, 2), 3 IN (1, 2), NULL::int IN (1, 2), 1.5 IN (1, 2), 'x' IN ('x', 'y');
-- errors
SELECT CASE WHEN true THEN 1 ELSE 'a'::text END;
SELECT CASE WHEN true THEN 'a'::text ELSE 1 END;
SELECT CASE WHEN 1 THEN 1 END;
SELECT coalesce(1, 'a'::text);
SELECT 1 IN ('a'::text, 'b');
SELECT 1 BETWEEN 'a'::text AND 'b';
SELECT CASE WHEN x = 1 THEN 1 / 0 ELSE 0 END FROM e;
