-- Arrays as catalog queries use them: constructors, literals, subscripts,
-- op ANY/ALL (array), and the array functions.
\set VERBOSITY verbose
SELECT ARRAY[1,2,3], ARRAY['a','b c',NULL,'','x"y','NULL','back\slash'];
SELECT '{1, 2 ,3}'::int[], '{a,"b,c",  d  }'::text[], '{}'::int[], ARRAY[]::text[];
SELECT '{t,f,NULL}'::boolean[], '{1.5,2.25}'::numeric[], '{1.5,2}'::float8[], '{-1,32767}'::int2[];
SELECT '{2024-01-02}'::date[], '{"a\\b"}'::text[], '{"\"q\""}'::text[];
SELECT (ARRAY[10,20,30])[2], (ARRAY[10,20,30])[4], (ARRAY[10,20,30])[0], ('{x,y}'::text[])[1];
SELECT 2 = ANY(ARRAY[1,2,3]), 5 = ANY('{1,2}'), 1 <> ALL('{2,3}'::int[]), 2 > ALL(ARRAY[1,1]);
SELECT NULL::int = ANY(ARRAY[1]), 1 = ANY(ARRAY[2,NULL]), 1 = ANY(ARRAY[1,NULL]), 1 = ANY('{}'::int[]), 1 = ALL('{}'::int[]);
SELECT 'b' = ANY(ARRAY['a','b']), 'r' = ANY('{r,v,m}'::text[]), 'x' <> ALL(ARRAY['a','b']);
SELECT array_to_string(ARRAY['a','b',NULL], ','), array_to_string(ARRAY['a','b',NULL], ',', '*'), array_to_string(ARRAY[1,2,3], ' | ');
SELECT array_lower(ARRAY[1,2],1), array_upper(ARRAY[1,2],1), array_length(ARRAY[1,2],1), cardinality(ARRAY[1,2]);
SELECT array_lower('{}'::int[],1), array_upper(ARRAY[1],2), array_length('{}'::text[],1), cardinality('{}'::int[]);
SELECT string_to_array('a,b,,c', ','), string_to_array('"$user", public', ','), string_to_array('', ','), string_to_array('abc', NULL), string_to_array('a-x-b', '-', 'x');
SELECT array_position(ARRAY['a','b','c'], 'b'), array_position(ARRAY[1,2], 3), array_cat(ARRAY[1,2], ARRAY[3]);
SELECT '{1,2}'::int[]::text[], '{1,2}'::int[]::text, '{1,2}'::text[]::int8[];
SELECT pg_typeof(ARRAY[1]), pg_typeof(ARRAY['a']), pg_typeof('{1}'::int8[]);
SELECT '{1,x}'::int[];
SELECT '{1,2'::int[];
SELECT '1,2'::int[];
SELECT ARRAY[1, 'a'];
CREATE TABLE arr_t (k int, names text);
INSERT INTO arr_t VALUES (1, 'a,b,c'), (2, 'x'), (3, NULL);
SELECT k, string_to_array(names, ','), (string_to_array(names, ','))[2], array_length(string_to_array(names, ','), 1) FROM arr_t ORDER BY k;
SELECT k FROM arr_t WHERE k = ANY(ARRAY[1,3]) ORDER BY k;
SELECT k FROM arr_t WHERE 'b' = ANY(string_to_array(names, ',')) ORDER BY k;
SELECT k, ARRAY[k, k * 2] FROM arr_t ORDER BY k;
DROP TABLE arr_t;
