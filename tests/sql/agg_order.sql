-- ORDER BY inside string_agg and array_agg
CREATE TABLE ao (g int, v text, k int);
INSERT INTO ao VALUES (1, 'c', 3), (1, 'a', 1), (1, 'b', 2), (2, 'z', 2), (2, 'y', NULL), (2, 'x', 1), (3, NULL, 5);
SELECT g, string_agg(v, ',' ORDER BY k) FROM ao GROUP BY g ORDER BY g;
SELECT g, string_agg(v, ',' ORDER BY k DESC) FROM ao GROUP BY g ORDER BY g;
SELECT g, string_agg(v, ',' ORDER BY k NULLS FIRST) FROM ao GROUP BY g ORDER BY g;
SELECT g, array_agg(v ORDER BY v) FROM ao GROUP BY g ORDER BY g;
SELECT g, array_agg(k ORDER BY v DESC), count(*), sum(k) FROM ao GROUP BY g ORDER BY g;
SELECT string_agg(v, '' ORDER BY v) FROM ao;
SELECT g, array_agg(v ORDER BY k), string_agg(v, '-' ORDER BY k) FROM ao GROUP BY g ORDER BY g;
SELECT sum(k ORDER BY v) FROM ao;
DROP TABLE ao;
