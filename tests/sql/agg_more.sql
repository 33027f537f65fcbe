-- bool_and, bool_or, every and string_agg
\set VERBOSITY verbose
CREATE TABLE b (g int, x bool, s text, c char(3));
INSERT INTO b VALUES (1, true, 'a', 'x'), (1, false, 'b', 'y'), (1, NULL, NULL, NULL), (2, true, 'c', 'z'), (2, true, NULL, 'w'), (3, NULL, 'd', 'v');
SELECT g, bool_and(x), bool_or(x), every(x), string_agg(s, ','), string_agg(c, '-'), string_agg(s, NULL) FROM b GROUP BY g ORDER BY g;
SELECT bool_and(x), bool_or(x), string_agg(s, ', ') FROM b;
SELECT bool_and(x), string_agg(s, ',') FROM b WHERE false;
SELECT string_agg(DISTINCT s, '') FILTER (WHERE g < 3) FROM b;
SELECT bool_and(1);
SELECT string_agg(1, ',');
