-- Aggregates with and without GROUP BY.
CREATE TABLE sales (region text, item text, qty int, price float8);
INSERT INTO sales VALUES
  ('east', 'apple', 10, 1.5), ('east', 'pear', 5, 2.25), ('west', 'apple', 7, 1.75),
  ('west', 'apple', 3, 1.25), ('north', NULL, NULL, NULL), ('east', 'plum', 1, 4);
SELECT count(*), count(qty), count(item), sum(qty), min(qty), max(qty) FROM sales;
SELECT sum(price), avg(price), min(price), max(price) FROM sales;
SELECT min(item), max(item), min(region) FROM sales;
SELECT region, count(*), sum(qty) FROM sales GROUP BY region ORDER BY region;
SELECT region, item, sum(qty) AS total FROM sales GROUP BY region, item ORDER BY region, item;
SELECT item, count(*) FROM sales GROUP BY item ORDER BY item NULLS FIRST;
SELECT region, sum(qty) FROM sales GROUP BY 1 ORDER BY 2 DESC;
SELECT region, sum(qty) * 2 + 1 FROM sales GROUP BY region ORDER BY region;
SELECT region, count(*) FROM sales GROUP BY region HAVING count(*) > 1 ORDER BY region;
SELECT count(*), sum(qty) FROM sales WHERE qty > 100;
SELECT region, count(*) FROM sales WHERE qty > 100 GROUP BY region;
SELECT count(*) FROM sales WHERE region = 'east' AND qty >= 5;
DROP TABLE sales;
