-- string and math functions
\set VERBOSITY verbose
SELECT substring('hello world' FROM 1 FOR 5), substring('hello' FROM 2), substring('hello', 2, 3), substr('hello', 3);
SELECT substring('hello' FROM 0 FOR 3), substring('hello' FROM -5 FOR 3), substring('hello' FROM 4 FOR 100), substring('hello' FROM 10);
SELECT substring('ünïcödé' FROM 2 FOR 3), length('ünïcödé'), octet_length('ünïcödé'), position('cö' IN 'ünïcödé');
SELECT position('lo' IN 'hello'), position('x' IN 'hello'), position('' IN 'hello'), strpos('hello', 'l');
SELECT length('hello'), char_length(''), character_length('abc'), length(NULL::text);
SELECT upper('Hello World'), lower('Hello World'), initcap('hello wORLD foo-bar');
SELECT trim('  ab  ') || '|', ltrim('  ab  ') || '|', rtrim('  ab  ') || '|', btrim('xxabxx', 'x'), trim(BOTH 'x' FROM 'xxabxx');
SELECT trim(LEADING 'x' FROM 'xxabxx'), trim(TRAILING 'x' FROM 'xxabxx'), ltrim('xyxab', 'xy'), rtrim('abxyx', 'xy');
SELECT concat('a', 1, NULL, 2.5, true), 'a' || 1 || 2.50, 1.5 || 'x', NULL || 'x';
SELECT abs(-5), abs(5), abs(-5.50), abs(-2.5::float8), abs(-3::int8), pg_typeof(abs(-5::int2));
SELECT round(2.5), round(3.14159, 3), round(-3.14159, 1), round(1234.567, -1), round(0.5::float8), round(1.5::float8);
SELECT round(5), pg_typeof(round(5)), round(5, 1), trunc(3.99), trunc(-3.99, 1), ceil(1.01), ceiling(-1.01), floor(1.99), floor(-1.01);
SELECT sign(-3.5), sign(0.0), sign(2::float8), ceil(2.0::float8), floor(-0.5::float8);
CREATE TABLE f (id int, s text, n numeric(8,3), c char(15));
INSERT INTO f VALUES (1, 'Customer#001', 12.345, '13-555-123'), (2, 'Supplier#99', -0.005, '31-222-987'), (3, NULL, NULL, NULL);
SELECT id, substring(c FROM 1 FOR 2), upper(s), length(s), round(n, 1), abs(n), position('#' IN s) FROM f ORDER BY id;
SELECT substring(c FROM 1 FOR 2) AS cc, count(*) FROM f WHERE substring(c FROM 1 FOR 2) IN ('13', '31', '23') GROUP BY substring(c FROM 1 FOR 2) ORDER BY cc;
-- errors
SELECT substring('hello' FROM 2 FOR -1);
SELECT nosuchfunc(1, 'a');
SELECT upper(1);
SELECT round('a'::text);
SELECT abs(-2147483648);
SELECT length(1, 2);
-- more string functions, mod, date_trunc, IS TRUE/FALSE/UNKNOWN, CURRENT_DATE
SELECT replace('hello world', 'o', '0'), replace('aaa', 'a', 'bb'), replace('abc', '', 'x'), lpad('ab', 5), lpad('ab', 5, 'xy'), rpad('ab', 5, 'xy'), lpad('abcdef', 3), rpad('ab', 0);
SELECT left('hello', 2), left('hello', -2), right('hello', 2), right('hello', -2), left('hé', 1), repeat('ab', 3), repeat('x', 0), reverse('abcé');
SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,b,c', ',', -1), split_part('abc', '', 1), starts_with('hello', 'he'), starts_with('hello', 'lo');
SELECT mod(7, 3), mod(-7, 3), mod(7.5, 2), pg_typeof(mod(7::int8, 3));
SELECT date_trunc('month', TIMESTAMP '1998-09-02 10:11:12'), date_trunc('year', TIMESTAMP '1998-09-02'), date_trunc('hour', TIMESTAMP '1998-09-02 10:11:12'),
       date_trunc('week', TIMESTAMP '1998-09-02 10:11:12'), date_trunc('quarter', TIMESTAMP '1998-09-02'), date_trunc('decade', TIMESTAMP '1998-09-02'),
       date_trunc('century', TIMESTAMP '1998-09-02'), date_trunc('second', TIMESTAMP '1998-09-02 10:11:12.75');
SELECT true IS TRUE, NULL::bool IS TRUE, false IS NOT TRUE, NULL::bool IS NOT TRUE, false IS FALSE, NULL::bool IS NOT FALSE, NULL::bool IS UNKNOWN, true IS NOT UNKNOWN;
SELECT current_date = CAST(localtimestamp AS date), current_user, session_user, pg_typeof(current_date), pg_typeof(localtimestamp);
SELECT split_part('a,b', ',', 0);
SELECT date_trunc('fortnight', TIMESTAMP '1998-09-02');
SELECT date_trunc('dow', TIMESTAMP '1998-09-02');
SELECT 1 IS TRUE;
-- sqrt, power, exp, ln, log, cbrt
SELECT sqrt(2), sqrt(16::float8), sqrt(2.0), sqrt(0.0001), sqrt(12345678.9), sqrt(1e-10), sqrt(100::numeric), pg_typeof(sqrt(2)), pg_typeof(sqrt(2.0));
SELECT power(2, 10), power(2.5::float8, 2), pow(9, 0.5::float8), exp(1), ln(10), log(1000), log10(0.01::float8), cbrt(27);
SELECT sqrt(-1);
SELECT sqrt(-1.5);
SELECT ln(0);
SELECT ln(-1);
SELECT power(0, -1);
SELECT power(-8, 0.5::float8);
SELECT exp(1000);
