-- regexp_split_to_array, and regexp_split_to_table in the select list and FROM.
\set VERBOSITY verbose
SELECT regexp_split_to_array('a,b,,c', ','), regexp_split_to_array('hello world', '\s+'), regexp_split_to_array('abc', '');
SELECT regexp_split_to_array(NULL, ','), regexp_split_to_array('AxBxc', 'x', 'i'), regexp_split_to_array(',a,', ','), regexp_split_to_array('', ',');
SELECT regexp_split_to_array('naïve café', ' '), regexp_split_to_array('ab', 'x*'), regexp_split_to_array('a1b22c', '[0-9]+');
SELECT regexp_split_to_table('the quick  brown fox', ' +');
SELECT n, regexp_split_to_table(s, ',') FROM (VALUES (1, 'a,b'), (2, 'c'), (3, NULL)) t(n, s) ORDER BY 1, 2;
SELECT w, length(w) FROM regexp_split_to_table('one two three', ' ') AS t(w) ORDER BY 2, 1;
SELECT cardinality(regexp_split_to_array('1.2.3', '\.')), (regexp_split_to_array('k=v', '='))[2];
SELECT regexp_split_to_array('abc', 'b', 'g');
SELECT regexp_split_to_array('abc', '(');
