-- real (float4): input, output, casts, arithmetic, aggregates, storage
\set VERBOSITY verbose
SELECT 1.5::real, '0.1'::real, '  -2.5e3 '::real, 'NaN'::real, 'nan'::real,
       'Infinity'::real, '-inf'::real, '-0'::real, '1.4e-45'::real;
SELECT 1000000::real, 100000::real, 123456789::real, 0.0001::real, 0.00001::real,
       1.5e-5::real, '3.4028235e38'::real, '1.17549435e-38'::real, 16777217::real;
-- digits exactly halfway between two floats read back, but are not PostgreSQL's (Ryu's) choice
SELECT 35291688::real, 76693424::real, 630021632::real, 103133584::real, 4.2410192e7::real;
SELECT '3.3259801463952672e16'::float8, '3.9286072395467763e17'::float8,
       '5.1308533039205856e16'::float8, '8.74360774090043e-30'::float8;
SELECT 0.1::real + 0.2::real AS a, 1::real / 3::real AS b, (1::real / 3::real)::float8 AS c,
       -(2.5::real) AS d, 10::real * 0.1::real AS e, 7::real - 0.5::real AS f;
SELECT pg_typeof(1::real + 1::real), pg_typeof(1::real + 1), pg_typeof(1::real + 1.5),
       pg_typeof(1::real * 2::float8), pg_typeof(1::smallint + 1::real), pg_typeof(-(1::real)),
       pg_typeof(abs(-1::real)), abs(-2.5::real), abs(x) FROM (VALUES (-1.5::real)) v(x);
SELECT 1::real = 1, 0.1::real = 0.1, 0.1::real = 0.1::real, 0.5::real = 0.5,
       1.5::real < 2, 'NaN'::real > 'Infinity'::real, 'NaN'::real = 'NaN'::real;
SELECT pg_typeof(coalesce(1::real, 2.5)), pg_typeof(CASE WHEN true THEN 1::real ELSE 2 END),
       pg_typeof(greatest(1::real, 2)), round(2.5::real), pg_typeof(round(2.5::real)),
       sqrt(4::real), 1.5::real::text || 'x';
SELECT x, pg_typeof(x) FROM (SELECT 1.5::real AS x UNION SELECT 2 UNION ALL SELECT 16777217) s
ORDER BY 1;
SELECT x FROM (VALUES (1.5::real), (2), (NULL)) v(x) ORDER BY 1;
-- more expressions
SELECT nullif(1.5::real, 1.5), nullif(2::real, 1), pg_typeof(nullif(2::real, 1));
SELECT CASE 1.5::real WHEN 1.5 THEN 'a' ELSE 'b' END, CASE 2 WHEN 2::real THEN 'x' END;
SELECT 2::real IN (SELECT 2), 16777217 IN (SELECT 16777217::real), 16777217::real = 16777217;
SELECT x::real::text, x::real::varchar, x::real::char(6) FROM (VALUES (1.25::float8)) v(x);
SELECT sum(x)::text, max(x) + 1, min(x) * 2::real FROM (VALUES (1.5::real), (2.5::real)) v(x);
SELECT count(*) FILTER (WHERE x > 1.5), sum(x) FILTER (WHERE x > 1.5) FROM (VALUES (1.5::real), (2.5::real)) v(x);
SELECT DISTINCT x FROM (VALUES (0::real), ('-0'::real), ('NaN'::real), ('NaN'::real)) v(x) ORDER BY x;
SELECT x, rank() OVER (ORDER BY x), avg(x) OVER (), sum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (VALUES (1.5::real), (2.5::real), (0.1::real)) v(x) ORDER BY x;
-- casts
SELECT 1.5::real::int, 2.5::real::int, (-2.5)::real::int, 3.7::real::bigint, 100::real::smallint;
SELECT 0.1::real::numeric, 1.2345679::real::numeric, 123456.789::real::numeric,
       0.1::real::float8, 1e10::float8::real, 12.345::numeric::real, 42::bigint::real;
SELECT 1.25::real::text, '3.25'::text::real, CAST(2.5 AS float4), 7::float4;
-- errors
SELECT 'abc'::real;
SELECT ''::real;
SELECT '1.5x'::real;
SELECT '1e39'::real;
SELECT '1e-50'::real;
SELECT '1e39'::float8::real;
SELECT '1e-50'::float8::real;
SELECT '3e38'::real * 10::real;
SELECT 1e-30::real * 1e-30::real;
SELECT 1::real / 0::real;
SELECT 2147483647::real::int;
SELECT 1e10::real::int;
SELECT 1e30::real * 1e30::real;
SELECT 1e20::numeric::real, 1.5::numeric::real, '1e20'::real::numeric;
SELECT 5::real % 2::real;
SELECT 2::float4(5);
CREATE TABLE flt4bad (a real(3));
-- tables
CREATE TABLE flt4 (id int, x real, y float4, z double precision);
INSERT INTO flt4 VALUES (1, 1.5, 0.1, 0.1), (2, -2.25, 1e-3, 2), (3, NULL, 3.5, 3),
  (4, 100000, 1234567, 4), (5, 'NaN', 'Infinity', 5), (6, 0.5, -0, 6), (7, 1.5, 2, 7);
SELECT * FROM flt4 ORDER BY id;
SELECT id, x + y AS s, x * 2 AS d, y / 4::real AS q FROM flt4 ORDER BY id;
SELECT id, x::numeric AS n, y::int AS i FROM flt4 WHERE id <> 5 ORDER BY id;
SELECT x FROM flt4 ORDER BY x;
SELECT x FROM flt4 ORDER BY x DESC NULLS LAST;
SELECT x, count(*) FROM flt4 GROUP BY x ORDER BY x;
SELECT sum(x), pg_typeof(sum(x)), avg(x), pg_typeof(avg(x)), min(x), max(x), count(x)
FROM flt4 WHERE id <> 5;
SELECT sum(y) FROM flt4 WHERE id IN (1, 2, 4);
SELECT sum(x) FROM (VALUES ('3e38'::real), ('3e38'::real)) v(x);
SELECT sum(x), avg(x) FROM (VALUES ('3e38'::real), ('3e38'::real), ('-3e38'::real)) v(x);
SELECT g, sum(x), avg(x) FROM (SELECT i % 3 AS g, (i * 0.25)::real AS x FROM generate_series(1, 100) i) s
GROUP BY g ORDER BY g;
SELECT x, y FROM flt4 WHERE x > 1 ORDER BY id;
SELECT id FROM flt4 WHERE y = 0.1::real ORDER BY id;
SELECT id FROM flt4 WHERE y = 0.1 ORDER BY id;
SELECT id FROM flt4 WHERE x BETWEEN 0 AND 2 ORDER BY id;
SELECT a.id, b.id FROM flt4 a JOIN flt4 b ON a.x = b.x WHERE a.id < b.id ORDER BY 1, 2;
SELECT a.id, b.id FROM flt4 a JOIN flt4 b ON a.x = b.z ORDER BY 1, 2;
SELECT id, x, sum(x) OVER (ORDER BY id) FROM flt4 WHERE id <= 4 ORDER BY id;
INSERT INTO flt4 SELECT id + 10, x * 2, y, z FROM flt4 WHERE id < 3;
SELECT id, x FROM flt4 WHERE id > 10 ORDER BY id;
UPDATE flt4 SET x = x + 0.25 WHERE id = 11;
SELECT id, x FROM flt4 WHERE id > 10 ORDER BY id;
INSERT INTO flt4 (id, x) VALUES (20, '1e39');
INSERT INTO flt4 (id, x) VALUES (20, 'oops');
CREATE TABLE flt4c AS SELECT id, x FROM flt4 WHERE id < 5;
SELECT id, x FROM flt4c ORDER BY id;
-- catalog
SELECT attname, atttypid, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'flt4'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type, numeric_precision, numeric_precision_radix
FROM information_schema.columns WHERE table_name = 'flt4' ORDER BY ordinal_position;
-- COPY
COPY flt4 TO STDOUT;
COPY (SELECT x, y FROM flt4 WHERE id < 5 ORDER BY id) TO STDOUT WITH (FORMAT csv);
CREATE TABLE flt4copy (a real, b real);
COPY flt4copy FROM STDIN;
1.5	2.25
NaN	-Infinity
\N	1e-10
\.
COPY flt4copy FROM STDIN WITH (FORMAT csv);
3.5,"4.5"
\.
SELECT * FROM flt4copy ORDER BY a;
COPY flt4copy FROM STDIN;
1e40	1
\.
DROP TABLE flt4, flt4c, flt4copy;
