-- character(n): blank-padded, trailing blanks insignificant
\set VERBOSITY verbose
SELECT 'ab'::char(5), 'ab'::char(5) || '|', 'abcdef'::char(3), 'abc'::char, 'abc'::bpchar, 'ab  '::bpchar || '|';
SELECT 'ab'::char(5) = 'ab', 'ab'::char(5) = 'ab   '::char(3), 'ab'::char(5) < 'abc'::char(5), 'ab '::char(5) = 'ab'::text;
SELECT length('ab'::char(5)), octet_length('ab'::char(5)), char_length('  ab '::char(6)), 'ab'::char(5)::text || '|';
SELECT 'ab'::char(5)::varchar || '|', 'ab'::varchar(5)::char(5) || '|', upper('ab'::char(4)) || '|';
SELECT 'ab'::char(5) LIKE 'ab', 'ab'::char(5) LIKE 'ab%', 'ab'::char(5) LIKE 'ab   ';
SELECT pg_typeof('ab'::char(5)), pg_typeof('ab'::char(5) || 'x'), pg_typeof(CASE WHEN true THEN 'a'::char(3) ELSE 'b'::text END);
CREATE TABLE c (id int, f char(1), s char(10), v varchar(10));
INSERT INTO c VALUES (1, 'A', 'MAIL', 'MAIL'), (2, 'R', 'TRUCK     ', 'TRUCK'), (3, NULL, NULL, NULL),
  (4, 'N', 'AIR REG', 'AIR REG'), (5, 'A', 'MAIL  ', 'MAIL  ');
SELECT id, f, s, s || '|', v || '|', length(s) FROM c ORDER BY id;
SELECT id FROM c WHERE s = 'MAIL' ORDER BY id;
SELECT id FROM c WHERE s = 'MAIL ' ORDER BY id;
SELECT id FROM c WHERE s IN ('MAIL', 'AIR REG') ORDER BY id;
SELECT id FROM c WHERE s = v ORDER BY id;
SELECT s, count(*) FROM c GROUP BY s ORDER BY s;
SELECT f, count(*) FROM c GROUP BY f ORDER BY f DESC;
SELECT min(s), max(s) FROM c;
SELECT id, s FROM c ORDER BY s DESC, id;
SELECT substring(s FROM 1 FOR 2), position('IL' IN s), trim(s) || '|' FROM c ORDER BY id;
-- errors
INSERT INTO c VALUES (6, 'AB', 'x', 'x');
INSERT INTO c VALUES (7, 'A', 'abcdefghijk', 'x');
INSERT INTO c VALUES (8, 'A  ', 'abcdefghij   ', 'x');
SELECT id, f, s || '|' FROM c WHERE id = 8;
INSERT INTO c VALUES (9, 'A', 'x', 'abcdefghijk');
SELECT 'abc'::char(0);
