-- uuid: input forms, output, comparisons, storage, COPY, gen_random_uuid()
\set VERBOSITY verbose
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid,
       'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid,
       '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid,
       'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid,
       'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid,
       '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'::uuid;
SELECT '00000000-0000-0000-0000-000000000000'::uuid < 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'A0EEBC999C0B4EF8BB6D6BB9BD380A11',
       '80000000-0000-0000-0000-000000000000'::uuid > '7fffffff-ffff-ffff-ffff-ffffffffffff'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text,
       'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::text::uuid,
       pg_typeof('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid);
SELECT '\x0102'::bytea::varchar, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::varchar(40), '1.5'::varchar::real;
SELECT u FROM (VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid), ('00000000-0000-0000-0000-000000000000')) v(u) EXCEPT SELECT '00000000-0000-0000-0000-000000000000'::uuid;
SELECT coalesce(NULL::uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), coalesce(NULL::bytea, '\x01');
-- errors
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111'::uuid;
SELECT 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid;
SELECT 'a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT ' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT 'a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
SELECT ''::uuid;
SELECT x::uuid FROM (VALUES (1)) v(x);
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = 'x'::text;
-- gen_random_uuid: version 4, variant 10, a new value per row
SELECT pg_typeof(gen_random_uuid()), length(gen_random_uuid()::text),
       substr(gen_random_uuid()::text, 15, 1) AS version,
       substr(gen_random_uuid()::text, 20, 1) IN ('8', '9', 'a', 'b') AS variant;
SELECT count(DISTINCT u) FROM (SELECT gen_random_uuid() AS u FROM generate_series(1, 100)) s;
SELECT gen_random_uuid() = gen_random_uuid();
-- tables
CREATE TABLE uut (id int, k uuid, note text);
INSERT INTO uut VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a'),
  (2, '00000000-0000-0000-0000-000000000001', 'b'), (3, NULL, 'c'),
  (4, 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'd'),
  (5, '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', 'e'),
  (6, '7fffffff-ffff-ffff-ffff-ffffffffffff', 'f');
SELECT * FROM uut ORDER BY id;
SELECT id, k FROM uut ORDER BY k, id;
SELECT id, k FROM uut ORDER BY k DESC NULLS LAST, id;
SELECT k, count(*) FROM uut GROUP BY k ORDER BY k;
SELECT id FROM uut WHERE k = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' ORDER BY id;
SELECT id FROM uut WHERE k > '7fffffff-ffff-ffff-ffff-ffffffffffff' ORDER BY id;
SELECT a.id, b.id FROM uut a JOIN uut b ON a.k = b.k AND a.id < b.id ORDER BY 1, 2;
SELECT count(DISTINCT k) FROM uut;
SELECT max(k) FROM uut;
CREATE TABLE uut2 (k uuid, label text);
INSERT INTO uut2 VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'x'), ('7fffffff-ffff-ffff-ffff-ffffffffffff', 'y');
SELECT uut.id, uut2.label FROM uut JOIN uut2 ON uut.k = uut2.k ORDER BY uut.id;
INSERT INTO uut SELECT id + 10, k, note FROM uut WHERE id < 3;
SELECT id, k FROM uut WHERE id > 10 ORDER BY id;
INSERT INTO uut (id, k) SELECT 20, gen_random_uuid();
SELECT id, k IS NOT NULL, length(k::text) FROM uut WHERE id = 20;
INSERT INTO uut (id, k) VALUES (21, 'nope');
SELECT attname, atttypid, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'uut'::regclass AND attnum > 0 ORDER BY attnum;
SELECT column_name, data_type FROM information_schema.columns
WHERE table_name = 'uut' ORDER BY ordinal_position;
CREATE TABLE uutd (a real DEFAULT 1.5, b bytea DEFAULT '\x01', c uuid DEFAULT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
CREATE INDEX uutd_idx ON uutd (a, b, c);
SELECT adnum, pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'uutd'::regclass ORDER BY adnum;
SELECT indclass FROM pg_index WHERE indrelid = 'uutd'::regclass;
INSERT INTO uutd DEFAULT VALUES;
SELECT * FROM uutd;
DROP TABLE uutd;
-- COPY
COPY (SELECT id, k FROM uut WHERE id < 10 ORDER BY id) TO STDOUT;
COPY (SELECT id, k FROM uut WHERE id < 10 ORDER BY id) TO STDOUT WITH (FORMAT csv);
CREATE TABLE uutcopy (id int, k uuid);
COPY uutcopy FROM STDIN;
1	A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11
2	\N
3	{00000000-0000-0000-0000-000000000002}
\.
COPY uutcopy FROM STDIN WITH (FORMAT csv);
4,a0eebc999c0b4ef8bb6d6bb9bd380a12
\.
SELECT * FROM uutcopy ORDER BY id;
COPY uutcopy FROM STDIN;
5	not-a-uuid
\.
DROP TABLE uut, uut2, uutcopy;
-- arrays of real, bytea and uuid
SELECT ARRAY[1.5::real, NULL, 'NaN'], ARRAY['\x01'::bytea, '\x', NULL], ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid];
SELECT '{1.5,2e10,-0}'::real[], '{"\\x0102",\\x,NULL}'::bytea[], '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,"{00000000-0000-0000-0000-000000000001}"}'::uuid[];
SELECT pg_typeof(ARRAY[1::real]), pg_typeof(ARRAY['\x01'::bytea]), pg_typeof('{}'::uuid[]);
SELECT (ARRAY[1.5::real, 2.5])[2], array_length(ARRAY['\x01'::bytea, '\x02'], 1), 2.5::real = ANY(ARRAY[1.5::real, 2.5]);
SELECT ('{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[])[1], cardinality('{1,2,3}'::real[]);
CREATE TABLE arrt (id int, r real[], b bytea[], u uuid[]);
INSERT INTO arrt VALUES (1, '{1.5,NULL}', '{"\\x00ff"}', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'), (2, NULL, '{}', NULL);
SELECT * FROM arrt ORDER BY id;
SELECT id, unnest(r) FROM arrt ORDER BY 1, 2;
SELECT array_agg(x ORDER BY x) FROM (VALUES (2.5::real), (1.5::real)) v(x);
SELECT array_agg(x) FROM (VALUES ('\x01'::bytea)) v(x);
SELECT array_agg(x) FROM (VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid)) v(x);
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'arrt'::regclass AND attnum > 0 ORDER BY attnum;
COPY arrt TO STDOUT;
SELECT '{1e39}'::real[];
SELECT '{zz}'::uuid[];
DROP TABLE arrt;
-- binary COPY of real, bytea and uuid (the bytes as PostgreSQL's typsend writes them)
CREATE TABLE bint (r real, b bytea, u uuid);
INSERT INTO bint VALUES (1.5, '\x00ff41', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), (NULL, '\x', NULL), ('-Infinity', NULL, '00000000-0000-0000-0000-000000000001');
\copy (SELECT * FROM bint ORDER BY r) TO PROGRAM 'od -An -tx1' WITH (FORMAT binary)
\copy bint FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\003\\0\\0\\0\\004\\100\\040\\0\\0\\0\\0\\0\\002\\001\\002\\0\\0\\0\\020\\001\\002\\003\\004\\005\\006\\007\\010\\011\\012\\013\\014\\015\\016\\017\\020\\377\\377"' WITH (FORMAT binary)
SELECT * FROM bint ORDER BY r;
\copy bint FROM PROGRAM 'printf "PGCOPY\\n\\377\\r\\n\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\003\\0\\0\\0\\004\\100\\040\\0\\0\\0\\0\\0\\002\\001\\002\\0\\0\\0\\017\\001\\002\\003\\004\\005\\006\\007\\010\\011\\012\\013\\014\\015\\016\\017\\377\\377"' WITH (FORMAT binary)
DROP TABLE bint;
