-- Set-returning functions as catalog queries use them: unnest,
-- generate_subscripts, generate_series and _pg_expandarray in the select
-- list (shorter ones padded with NULL), and functions in FROM.
SELECT unnest(ARRAY[10,20,30]);
SELECT unnest(ARRAY[10,20,30]) AS v, generate_subscripts(ARRAY[10,20,30], 1) AS i;
SELECT unnest(ARRAY[1,2]), unnest(ARRAY['a','b','c']);
SELECT generate_series(1, 5), generate_series(3, 4);
SELECT (information_schema._pg_expandarray(ARRAY[5,6])).n, (information_schema._pg_expandarray(ARRAY['p','q','r'])).x;
SELECT unnest('{}'::int[]);
SELECT unnest(NULL::text[]);
SELECT * FROM generate_series(2, 4) AS g;
SELECT * FROM generate_series(2, 4) AS g(n) WHERE n > 2;
SELECT * FROM unnest(ARRAY['x','y']) AS u(name);
SELECT count(*) FROM generate_series(1, 50);
-- Grafana's search_path expansion
SELECT CASE WHEN trim(s[i]) = '"$user"' THEN 'me' ELSE trim(s[i]) END FROM generate_series(array_lower(string_to_array('"$user", public', ','), 1), array_upper(string_to_array('"$user", public', ','), 1)) AS i, string_to_array('"$user", public', ',') s ORDER BY 1;
CREATE TABLE srf_t (k int, s text);
INSERT INTO srf_t VALUES (1, 'a,b'), (2, NULL), (3, 'x'), (4, '');
SELECT k, unnest(string_to_array(s, ',')) AS u FROM srf_t ORDER BY k, u;
SELECT k, generate_subscripts(string_to_array(s, ','), 1) AS pos FROM srf_t WHERE k < 4 ORDER BY k, pos;
SELECT u FROM (SELECT unnest(string_to_array(s, ',')) AS u, k FROM srf_t) sub WHERE k = 1 ORDER BY u;
SELECT k FROM srf_t WHERE k IN (SELECT unnest(ARRAY[1,3])) ORDER BY k;
-- pgjdbc's getPrimaryKeys: a composite _pg_expandarray column read as (t.keys).x
CREATE TABLE srf_pk (a int, b text, c int, CONSTRAINT srf_pk_pkey PRIMARY KEY (c, a));
SELECT result.COLUMN_NAME, result.KEY_SEQ, result.PK_NAME FROM (SELECT a.attname AS COLUMN_NAME, (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME, information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid) JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid) JOIN pg_catalog.pg_index i ON (a.attrelid = i.indrelid) JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE n.nspname = 'public' AND ct.relname = 'srf_pk' AND i.indisprimary) result WHERE result.A_ATTNUM = (result.KEYS).x ORDER BY result.key_seq;
-- SQLAlchemy 1.4's primary key columns
SELECT a.attname FROM pg_attribute a JOIN (SELECT unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) ord FROM pg_index ix WHERE ix.indrelid = 'srf_pk'::regclass AND ix.indisprimary) k ON a.attnum = k.attnum WHERE a.attrelid = 'srf_pk'::regclass ORDER BY k.ord;
DROP TABLE srf_pk;
DROP TABLE srf_t;
