-- numeric: exact decimals with PostgreSQL's scales, rounding and errors
\set VERBOSITY verbose
-- literals keep their scale; exponents, blanks and signs
SELECT 1.50, 0.000, -1.5, 1e3, 1.5e1, 1.50e-1, 12345678901234567890 AS big;
SELECT '  12.500  '::numeric, '+.5'::numeric, '-5.'::numeric, '1E+2'::numeric, '0001.10'::numeric;
SELECT pg_typeof(1.5), pg_typeof(1.5 + 1), pg_typeof(1.5 + 1::float8), pg_typeof(12345678901234567890);
-- arithmetic and result scales
SELECT 1.5 + 2.25, 1.5 - 2.25, 1.5 * 2.25, 2.25 * 2, 7.5 % 2, -7.5 % 2, 7 % 2.5;
SELECT 1.0 / 3, 10 / 4.0, 2 / 3.0, 1 / 7.000000000000000000, 100.00 / 3, 0.001 / 3;
SELECT 12345.678 / 0.001, 1 / 1234567.0, 99999999.99 / 0.07, -10.5 / 4;
SELECT 5.0 / 2.5, 0 / 3.5, 123456789012 / 12.5;
SELECT -(1.5), -(-2.00), +1.25;
-- comparisons across scales
SELECT 1.5 = 1.50, 1.5 < 1.51, 2 > 1.99, 1.000 <> 1, 0.1 + 0.2 = 0.3, 1.5 >= 1.5000;
-- mixed with integers and double precision
SELECT 1 + 1.5, 2 * 1.25, 10 - 0.5, 1.5 + 1::float8, 0.1::float8 + 0.2;
-- casts
SELECT 1.5::int, 2.5::int, -2.5::int, 2.4999::int, 1.5::int8, 1.5::int2, 2.5::float8;
SELECT 0.1::float8::numeric, 1e20::float8::numeric, 1.0/3::float8, (1::float8/3)::numeric;
SELECT 123::numeric, 42::int8::numeric, '3.14159'::numeric(5,3), 3.14159::numeric(10,2);
SELECT 2.5::numeric(2,0), -2.5::numeric(2,0), 0.05::numeric(3,1), 9.99::numeric(3,1);
SELECT 1.50::text, 1.5::varchar, (2.50 || 'x');
SELECT 12345.6789::numeric(10), 0.5::numeric(1,1), 123.456::numeric(6,3);
-- rounding functions
SELECT round(2.567, 2), round(2.5), round(-2.5), round(1234.5, -2), round(1.5, 3), round(2.5::float8);
SELECT trunc(2.567, 2), trunc(-2.567), ceil(2.1), floor(-2.1), abs(-3.50), sign(-2.5);
-- a table with typmods
CREATE TABLE nums (id int, a numeric(15,2), b numeric, c numeric(5));
INSERT INTO nums VALUES (1, 1.005, 1.50, 2.5), (2, 2, 2.000, -2.5), (3, -0.004, 0.1, 12345);
INSERT INTO nums VALUES (4, NULL, NULL, NULL), (5, 1234567890123.99, 1e-10, 0);
SELECT * FROM nums ORDER BY id;
SELECT id, a * b, a + b, a - b, a / 7, b / a, a * 100, -a FROM nums WHERE a <> 0 ORDER BY id;
SELECT id FROM nums WHERE a > 1.004 ORDER BY a DESC;
SELECT id, b FROM nums ORDER BY b, id;
-- aggregates: sum keeps the largest scale, avg divides with numeric rules
SELECT sum(a), sum(b), sum(c), avg(a), avg(b), avg(c), min(a), max(b), count(a) FROM nums;
SELECT sum(x), avg(x), sum(y), avg(y) FROM (SELECT id AS x, id::int8 AS y FROM nums) s;
SELECT avg(id), avg(id::int2), sum(id::int8), pg_typeof(sum(id::int8)), pg_typeof(avg(id)) FROM nums;
SELECT sum(a) FROM nums WHERE id > 100;
SELECT b, count(*) FROM (SELECT 1.5 AS b UNION ALL SELECT 1.50 UNION ALL SELECT 2) s GROUP BY b ORDER BY b;
-- errors
SELECT 1 / 0.0;
SELECT 1.5 % 0;
SELECT 'abc'::numeric;
SELECT '1.2.3'::numeric;
SELECT 12345.678::numeric(5,2);
SELECT 9.995::numeric(3,2);
SELECT 0.5::numeric(2,2) * 2::numeric(2,2);
INSERT INTO nums VALUES (6, 12345678901234.5, 1, 1);
INSERT INTO nums VALUES (7, 1, 1, 123456);
SELECT 1e30::float8::int8;
SELECT 99999999999999999999.5::int8;
SELECT 40000.5::int2;
SELECT 1.5::numeric(0,0);
