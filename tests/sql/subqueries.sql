-- Subqueries: EXISTS, NOT EXISTS, IN, NOT IN (with NULLs), scalar subqueries,
-- correlated and not.
CREATE TABLE s_orders (id int NOT NULL, cust int, amount int);
CREATE TABLE s_cust (id int NOT NULL, name text, region text);
INSERT INTO s_cust VALUES (1, 'acme', 'north'), (2, 'bolt', 'south'), (3, 'core', 'north'), (4, 'dyna', NULL);
INSERT INTO s_orders VALUES (10, 1, 100), (11, 1, 250), (12, 2, 80), (13, 3, 300), (14, NULL, 50), (15, 1, 40);
SELECT name FROM s_cust c WHERE EXISTS (SELECT 1 FROM s_orders o WHERE o.cust = c.id) ORDER BY name;
SELECT name FROM s_cust c WHERE NOT EXISTS (SELECT 1 FROM s_orders o WHERE o.cust = c.id) ORDER BY name;
SELECT name FROM s_cust c WHERE EXISTS (SELECT 1 FROM s_orders o WHERE o.cust = c.id AND o.amount > 200) ORDER BY name;
SELECT name FROM s_cust WHERE id IN (SELECT cust FROM s_orders WHERE amount >= 100) ORDER BY name;
SELECT name FROM s_cust WHERE id NOT IN (SELECT cust FROM s_orders WHERE amount >= 100) ORDER BY name;
SELECT name FROM s_cust WHERE id NOT IN (SELECT cust FROM s_orders) ORDER BY name;
SELECT id FROM s_orders WHERE cust NOT IN (SELECT id FROM s_cust WHERE region = 'north') ORDER BY id;
SELECT id, amount FROM s_orders WHERE amount > (SELECT sum(amount) / count(*) FROM s_orders) ORDER BY id;
SELECT id, amount FROM s_orders o WHERE amount = (SELECT max(amount) FROM s_orders i WHERE i.cust = o.cust) ORDER BY id;
SELECT c.name, o.amount FROM s_cust c, s_orders o WHERE c.id = o.cust AND o.amount < (SELECT max(amount) FROM s_orders WHERE cust = c.id) ORDER BY 1, 2;
SELECT cust, sum(amount) FROM s_orders GROUP BY cust HAVING sum(amount) > (SELECT sum(amount) / 4 FROM s_orders) ORDER BY cust;
SELECT name FROM s_cust WHERE id IN (SELECT cust FROM s_orders GROUP BY cust HAVING count(*) > 1);
SELECT (SELECT max(amount) FROM s_orders) AS top;
SELECT name FROM s_cust WHERE region = (SELECT region FROM s_cust WHERE id = 3) ORDER BY name;
SELECT name FROM s_cust WHERE id = (SELECT cust FROM s_orders);
SELECT name FROM s_cust WHERE id = (SELECT cust FROM s_orders WHERE amount > 1000);
SELECT o.id FROM s_orders o WHERE EXISTS (SELECT 1 FROM s_orders p WHERE p.cust = o.cust AND p.id <> o.id) ORDER BY 1;
SELECT o.id FROM s_orders o WHERE NOT EXISTS (SELECT 1 FROM s_orders p WHERE p.cust = o.cust AND p.id <> o.id) ORDER BY 1;
DROP TABLE s_orders;
DROP TABLE s_cust;
