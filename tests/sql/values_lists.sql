-- VALUES lists as queries, derived tables, set-operation branches and in IN
VALUES (1, 'a'), (2, NULL), (NULL, 'c');
VALUES (1), (2.5), (3);
SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS v(n, name) ORDER BY n DESC;
SELECT column1 + 1, column2 FROM (VALUES (10, true), (20, false)) v ORDER BY 1;
SELECT 1 AS k UNION ALL VALUES (2) ORDER BY 1;
SELECT n FROM (VALUES (1), (2), (3)) v(n) WHERE n IN (VALUES (2), (3)) ORDER BY n;
SELECT 3 IN (SELECT 1 UNION ALL VALUES (3)) AS found;
SELECT * FROM (VALUES (1 + 1, upper('x')), (length('abc'), 'y' || 'z')) v(a, b) ORDER BY a;
SELECT count(*), sum(column1) FROM (VALUES (1), (2), (3), (4), (5)) v;
VALUES (1, 2), (3);
VALUES (1), ('x');
VALUES (1), (true);
