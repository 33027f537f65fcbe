-- Regular expressions (~ ~* !~ !~*, OPERATOR(pg_catalog.~), regexp_replace,
-- regexp_match), COLLATE, and the quoting functions of catalog queries.
\set VERBOSITY verbose
SELECT 'abc' ~ 'b', 'abc' ~* 'B', 'abc' !~ 'b', 'abc' !~* 'X', 'abc' ~ '^a.c$', 'abc' ~ '^b';
SELECT 'pg_class' OPERATOR(pg_catalog.~) '^(pg_class)$', 'Foo' OPERATOR(pg_catalog.~*) '^foo$', 'x' OPERATOR(pg_catalog.!~) 'y';
SELECT 'abc' ~ '^(abc)$' COLLATE pg_catalog.default, 'x' COLLATE "C" = 'x', 'a' < 'b' COLLATE "C";
SELECT 'word boundary' ~ '\mbound', 'word boundary' ~ 'ary\M', 'a1' ~ '[[:digit:]]', 'tab	x' ~ '\s';
SELECT 'abc' ~ NULL, NULL ~ 'a';
SELECT 'abc' ~ '(';
SELECT regexp_replace('foo bar foo', 'fo(o)', 'X\1', 'g'), regexp_replace('foo bar foo', 'o', '0'), regexp_replace('ABC', 'b', '-', 'i');
SELECT regexp_replace('character varying(20)', '\(.*\)', ''), regexp_replace('a.b.c', '\.', '/', 'g'), regexp_replace('abc', 'x*', '-', 'g');
SELECT regexp_match('foobar', 'o(b)a'), regexp_match('foobar', 'z'), regexp_match('key=val', '(\w+)=(\w+)');
SELECT quote_ident('Foo'), quote_ident('select'), quote_ident('abc'), quote_ident('a b'), quote_ident('a"b'), quote_ident(''), quote_ident('user'), quote_ident('name');
SELECT quote_literal('it''s'), quote_literal('back\slash'), quote_literal(42);
SELECT parse_ident('"SomeSchema".someTable'), parse_ident('a.b.c'), parse_ident(' x . "Y" ');
SELECT parse_ident('a.');
SELECT format('%I.%I', 'public', 'My Table'), format('%L and %s', 'it''s', NULL), format('%s %s', 'a', 'b'), format('%2$s %1$s', 'a', 'b'), format('100%%');
SELECT json_build_object('a', 1, 'b', 'x', 'c', true, 'd', NULL), json_build_object(), json_build_object('n', 1.50, 'q', 'say "hi"');
SELECT pg_typeof(json_build_object('a', 1));
CREATE TABLE re_t (name text);
INSERT INTO re_t VALUES ('pg_class'), ('orders'), ('Order_Items'), (NULL);
SELECT name FROM re_t WHERE name ~ '^ord' ORDER BY name;
SELECT name FROM re_t WHERE name ~* '^ord' ORDER BY name;
SELECT name FROM re_t WHERE name !~ '^pg_' ORDER BY name;
SELECT name, name ~ '_' FROM re_t ORDER BY name;
SELECT quote_ident(name), regexp_replace(name, '_', '-', 'g') FROM re_t ORDER BY name;
DROP TABLE re_t;
SELECT 'abc' ~~ 'a%', 'abc' !~~ 'a%', 'ABC' ~~* 'a%', 'abc' OPERATOR(pg_catalog.!~~*) 'X%', 'pg_class' OPERATOR(pg_catalog.~~) 'pg\_%';
