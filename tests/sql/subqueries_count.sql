-- A correlated count(*) subquery is 0, not NULL, for an outer row that no
-- inner row matches.
CREATE TABLE sc_cust (id int, name text);
CREATE TABLE sc_ord (cust int, amount int);
INSERT INTO sc_cust VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, NULL);
INSERT INTO sc_ord VALUES (1, 10), (1, 20), (3, 5), (NULL, 7);
SELECT id, (SELECT count(*) FROM sc_ord o WHERE o.cust = c.id) AS n FROM sc_cust c ORDER BY id;
SELECT id, (SELECT count(amount) FROM sc_ord o WHERE o.cust = c.id) AS n FROM sc_cust c ORDER BY id;
SELECT id FROM sc_cust c WHERE (SELECT count(*) FROM sc_ord o WHERE o.cust = c.id) = 0 ORDER BY id;
SELECT id, (SELECT sum(amount) FROM sc_ord o WHERE o.cust = c.id) AS total FROM sc_cust c ORDER BY id;
SELECT (SELECT count(*) FROM sc_ord WHERE amount > 100) AS none;
DROP TABLE sc_ord;
DROP TABLE sc_cust;
