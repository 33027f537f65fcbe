-- to_char of numbers: 9 0 . D , G S MI PR FM and literal text, as PostgreSQL 15.
\set VERBOSITY verbose
SELECT to_char(12, '9999'), to_char(-12, '9999'), to_char(12, '0000'), to_char(-12, '0000'), to_char(0, '999'), to_char(0.5, '999.99'), to_char(0.5, '990.99');
SELECT to_char(1234.567, '9,999.99'), to_char(12, '9,999'), to_char(12, 'FM9,999'), to_char(-1234.5, 'FM9,999.00'), to_char(12.5, 'FM99.99'), to_char(12, 'FM99.99'), to_char(12, 'FM99.00');
SELECT to_char(-12, 'S9999'), to_char(12, 'S9999'), to_char(12, '9999S'), to_char(-12, '9999S'), to_char(-12, '9999MI'), to_char(12, '9999MI'), to_char(-12, '9999PR'), to_char(12, '9999PR');
SELECT to_char(12345, '999'), to_char(3.14159::float8, '9.999'), to_char(-0.001::float8, '9.99'), to_char(1e6::float8, 'FM9,999,999'), to_char(123456789012::bigint, '999,999,999,999'), to_char(2.5, '9'), to_char(-2.5, '9');
SELECT to_char(1234.5, '99999D99'), to_char(1234.5, '99999G99'), to_char(0.07, 'FM990.0%'), to_char(100, 'FM0000');
SELECT to_char(n, 'FM999,990.00') FROM (VALUES (0), (7), (-1234567), (NULL)) t(n);
SELECT to_char(v, '9990.999'), to_char(v::numeric, 'FM9990.9') FROM (VALUES (1.0005::float8), (-99.95), (1234.5678), (NULL)) t(v);
SELECT to_char(12345678901234567890.125::numeric, 'FM99999999999999999999.99'), to_char(NULL::int, '999'), to_char(5, NULL);
SELECT to_char(0.0::float8, '9.9'), to_char(-0.04::numeric, '9.9'), to_char(99.99, '99.9');
SELECT to_char(1, '9.9.9');
