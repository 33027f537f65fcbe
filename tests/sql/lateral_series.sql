-- generate_series in FROM (any length, steps, timestamps), set-returning
-- functions in the select list beyond 100 rows, and LATERAL items
SELECT count(*), sum(g), min(g), max(g) FROM generate_series(1, 250000) g;
SELECT count(*) FROM (SELECT generate_series(1, 1500) AS x) s;
SELECT * FROM generate_series(10, 1, -3);
SELECT * FROM generate_series(1, 10, 4) AS t(v);
SELECT count(*) FROM generate_series(5, 1);
SELECT * FROM generate_series(1, NULL);
SELECT * FROM generate_series(3000000000, 3000000002);
SELECT g, g * 2 AS twice FROM generate_series(-2, 2) g WHERE g <> 0 ORDER BY g DESC;
SELECT * FROM generate_series('2024-01-30'::timestamp, '2024-04-01', '1 month');
SELECT * FROM generate_series('2024-01-01 00:00'::timestamp, '2024-01-01 02:00', '45 minutes') AS ts;
SELECT * FROM generate_series(1, 3, 0);
SELECT generate_series(1, 3) AS a, generate_series(1, 5) AS b;
SELECT count(*), sum(x) FROM (SELECT unnest(ARRAY(SELECT g FROM generate_series(1, 300) g)) AS x) s;
CREATE TABLE lat_t (id int, n int, tags text[]);
INSERT INTO lat_t VALUES (1, 2, '{a,b}'), (2, 0, '{}'), (3, 3, NULL), (4, NULL, '{c}');
SELECT id, k FROM lat_t, generate_series(1, n) k ORDER BY id, k;
SELECT id, k FROM lat_t CROSS JOIN generate_series(n, 1, -1) AS k ORDER BY id, k DESC;
SELECT id, tag FROM lat_t, unnest(tags) AS tag ORDER BY id, tag;
SELECT id, k, tag FROM lat_t, generate_series(1, n) k, unnest(tags) tag WHERE k <= 2 ORDER BY 1, 2, 3;
SELECT t.id, s.total FROM lat_t t, LATERAL (SELECT sum(g) AS total FROM generate_series(1, t.n) g) s ORDER BY t.id;
SELECT t.id, s.v FROM lat_t t, LATERAL (SELECT g * 10 AS v FROM generate_series(1, 5) g WHERE g <= t.n ORDER BY g DESC LIMIT 2) s ORDER BY 1, 2;
SELECT t.id, a.x, b.y FROM lat_t t, LATERAL (SELECT t.id * 2 AS x) a, LATERAL (SELECT a.x + 1 AS y) b ORDER BY 1;
SELECT t.id, s.c FROM lat_t t JOIN LATERAL (SELECT count(*) AS c FROM lat_t u WHERE u.id < t.id) s ON true ORDER BY 1;
SELECT id FROM lat_t t WHERE EXISTS (SELECT 1 FROM generate_series(1, t.n) g WHERE g = 3) ORDER BY id;
SELECT id, (SELECT string_agg(g::text, ',') FROM generate_series(1, t.n) g) AS upto FROM lat_t t ORDER BY id;
SELECT * FROM lat_t t, LATERAL (SELECT t.nosuch) s;
DROP TABLE lat_t;
