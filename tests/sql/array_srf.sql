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
DROP TABLE srf_t;
