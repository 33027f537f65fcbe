-- bytea: hex and escape input, hex output, operators, storage, COPY
\set VERBOSITY verbose
SELECT '\x0102ff'::bytea, '\xDEADbeef'::bytea, '\x'::bytea, '\x 01 02'::bytea,
       'abc'::bytea, 'a\\b'::bytea, 'x\000y\377'::bytea, ''::bytea;
SELECT E'\\x41'::bytea, 'hello world'::bytea;
SELECT length('\x010203'::bytea), octet_length('\x0102'::bytea), length(''::bytea),
       length('abc'::bytea);
SELECT '\x01'::bytea || '\x0203'::bytea, '\x01'::bytea || '\x02', pg_typeof('\x01'::bytea || '\x02'),
       '\x41'::bytea || 'b'::text, pg_typeof('\x41'::bytea || 'b'::text);
SELECT '\x01'::bytea = '\x01'::bytea, '\x01'::bytea < '\x0100'::bytea, '\x02'::bytea > '\x0100'::bytea,
       'abc'::bytea = '\x616263', '\x00'::bytea <> ''::bytea;
SELECT '\xff01'::bytea::text, 'abc'::text::bytea, CAST('\x4142' AS bytea);
SELECT string_agg(b::text, ',' ORDER BY b) FROM (VALUES ('\x02'::bytea), ('\x01'::bytea)) v(b);
SELECT b, count(*) FROM (VALUES ('\x02'::bytea), ('\x01'::bytea), ('\x02'::bytea)) v(b) GROUP BY b ORDER BY b DESC;
-- errors
SELECT '\x0'::bytea;
SELECT '\xzz'::bytea;
SELECT '\x01g2'::bytea;
SELECT 'a\b'::bytea;
SELECT 'a\12'::bytea;
SELECT 'a\400'::bytea;
SELECT x::bytea FROM (VALUES (1)) v(x);
SELECT '\x01'::bytea = 'x'::text;
SELECT '\x01'::bytea + '\x02'::bytea;
SELECT 'ab'::bytea(3);
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid(1);
-- encode and decode: hex, base64 (76-character lines), escape
SELECT encode('\x0001ff41'::bytea, 'hex'), encode('abc\\\000\377'::bytea, 'escape'), encode('hello'::bytea, 'base64'), encode('\x', 'base64'), encode('a', 'BASE64'), encode('ab', 'base64');
SELECT encode(repeat('x', 57)::bytea, 'base64');
SELECT encode(repeat('xy', 60)::bytea, 'base64');
SELECT decode('00ff41', 'hex'), decode('aGVsbG8=', 'base64'), decode('YQ==', 'base64'), decode('YWI=', 'base64'), decode('aGVs bG8=
', 'base64'), decode('a\\b\000', 'escape'), decode('', 'hex');
SELECT decode('0', 'hex');
SELECT decode('zz', 'hex');
SELECT decode('aGVsbG8', 'base64');
SELECT decode('aGV=sbG8', 'base64');
SELECT decode('a*bc', 'base64');
SELECT decode('abc', 'rot13');
SELECT encode('abc', 'rot13');
SELECT decode('\x41', 'escape');
SELECT decode('a\9', 'escape');
SELECT encode(decode('deadbeef', 'hex'), 'base64'), pg_typeof(decode('00', 'hex')), pg_typeof(encode('\x00', 'hex'));
SELECT encode(NULL, 'hex'), decode(NULL, 'hex');
SELECT encode(1, 'hex');
-- tables
CREATE TABLE byt (id int, v bytea, t text);
INSERT INTO byt VALUES (1, '\x0102', 'one'), (2, 'abc', 'two'), (3, NULL, 'three'),
  (4, '\x', 'four'), (5, '\x0102', 'five'), (6, 'a\000b', 'six'), (7, '\xff', 'seven');
SELECT * FROM byt ORDER BY id;
SELECT id, v FROM byt ORDER BY v, id;
SELECT id, v FROM byt ORDER BY v DESC NULLS LAST, id;
SELECT v, count(*), min(id) FROM byt GROUP BY v ORDER BY v;
SELECT id, length(v), v || '\xaa'::bytea AS cat FROM byt ORDER BY id;
SELECT id FROM byt WHERE v = '\x0102' ORDER BY id;
SELECT id FROM byt WHERE v > 'a' ORDER BY id;
SELECT a.id, c.id FROM byt a JOIN byt c ON a.v = c.v AND a.id < c.id ORDER BY 1, 2;
SELECT count(DISTINCT v) FROM byt;
SELECT min(v) FROM byt;
SELECT id FROM byt WHERE v IN ('\x0102', '\xff') ORDER BY id;
UPDATE byt SET v = v || '\x00'::bytea WHERE id = 4;
SELECT id, v FROM byt WHERE id = 4;
INSERT INTO byt SELECT id + 10, v, t FROM byt WHERE id < 3;
SELECT id, v FROM byt WHERE id > 10 ORDER BY id;
INSERT INTO byt (id, v) VALUES (20, '\x1');
CREATE TABLE byt2 AS SELECT id, v FROM byt WHERE v IS NOT NULL;
SELECT id, v FROM byt2 ORDER BY id;
SELECT attname, atttypid, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'byt'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type FROM information_schema.columns
WHERE table_name = 'byt' ORDER BY ordinal_position;
-- COPY
COPY (SELECT id, v FROM byt ORDER BY id) TO STDOUT;
COPY (SELECT id, v FROM byt ORDER BY id) TO STDOUT WITH (FORMAT csv);
CREATE TABLE bytcopy (id int, v bytea);
COPY bytcopy FROM STDIN;
1	\\x00ff
2	abc
3	\N
4	a\\\\b
\.
COPY bytcopy FROM STDIN WITH (FORMAT csv);
5,\x4142
6,"\x"
\.
SELECT * FROM bytcopy ORDER BY id;
COPY bytcopy FROM STDIN;
7	\\xabc
\.
DROP TABLE byt, byt2, bytcopy;
