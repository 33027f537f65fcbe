-- Comparisons on dictionary-encoded text and char(n) columns, answered on
-- the dictionary's codes by the scan (and checked again above it), over
-- several row groups and with NULLs.
CREATE TABLE dict_ten (x int);
INSERT INTO dict_ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE dict_t (n int, color text, size char(6));
INSERT INTO dict_t
  SELECT a.x * 10000 + b.x * 1000 + c.x * 100 + d.x * 10 + e.x,
         CASE (a.x + b.x + e.x) % 4 WHEN 0 THEN 'red' WHEN 1 THEN 'green' WHEN 2 THEN NULL ELSE 'blue' END,
         CASE (c.x * d.x) % 3 WHEN 0 THEN 'small' WHEN 1 THEN 'medium' ELSE 'large' END
  FROM dict_ten a, dict_ten b, dict_ten c, dict_ten d, dict_ten e;
SELECT count(*) FROM dict_t;
SELECT count(*) FROM dict_t WHERE color = 'red';
SELECT count(*) FROM dict_t WHERE color <> 'red';
SELECT count(*) FROM dict_t WHERE 'blue' = color;
SELECT count(*) FROM dict_t WHERE color < 'green';
SELECT count(*) FROM dict_t WHERE color >= 'green';
SELECT count(*) FROM dict_t WHERE color = 'purple';
SELECT count(*) FROM dict_t WHERE size = 'small';
SELECT count(*) FROM dict_t WHERE size = 'small ';
SELECT count(*) FROM dict_t WHERE size > 'large';
SELECT color, size, count(*) FROM dict_t WHERE color <> 'green' AND size <> 'medium'
  GROUP BY color, size ORDER BY 1, 2;
SELECT min(n), max(n) FROM dict_t WHERE color = 'blue' AND n > 90000;
DROP TABLE dict_t;
DROP TABLE dict_ten;
