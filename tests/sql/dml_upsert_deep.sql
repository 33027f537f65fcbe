-- ON CONFLICT DO UPDATE with deeply nested expressions (a parse-tree walk
-- once visited every member of each Node's oneof: exponential in the depth)
CREATE TABLE upd (a int PRIMARY KEY, b text, n int);
INSERT INTO upd VALUES (1, 'x', 0);
INSERT INTO upd VALUES (1, 'y', 5) ON CONFLICT (a) DO UPDATE SET
  b = excluded.b || (CASE WHEN ((upd.a + 1) * 2 > 3 AND (excluded.a - 1) * 3 < 10) THEN 'big' ELSE 'small' END),
  n = coalesce(nullif(((excluded.n + upd.n) * 2 - 1) / 3, 0), -1)
  WHERE (upd.n + 1) * (excluded.n - 2) > -100 RETURNING *;
SELECT * FROM upd;
DROP TABLE upd;
