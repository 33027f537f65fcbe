-- The tables sqlsmith's queries are generated over (record.sh) and replayed
-- against (run.sh): the types Quarry has, NULLs, a view.
CREATE TABLE smith_orders (id int NOT NULL, customer text, amount numeric(12,2), placed date, note varchar(40), CONSTRAINT smith_orders_pkey PRIMARY KEY (id));
CREATE TABLE smith_items (order_id int REFERENCES smith_orders (id), sku text, qty smallint, price double precision, shipped boolean, added timestamp);
CREATE TABLE smith_people (pid bigint, name char(8), born date, seen timestamp with time zone, score numeric);
INSERT INTO smith_orders VALUES (1, 'ann', 10.50, DATE '2024-01-02', NULL), (2, 'bob', NULL, NULL, 'x'), (3, '', 0, DATE '1999-12-31', 'a,b');
INSERT INTO smith_items VALUES (1, 'a-1', 2, 3.5, true, TIMESTAMP '2024-01-02 10:00:00'), (2, 'b-2', NULL, NULL, NULL, NULL), (1, 'c-3', -1, -0.5, false, TIMESTAMP '2000-01-01 00:00:00');
INSERT INTO smith_people VALUES (1, 'x', DATE '1980-05-06', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00', 1.5), (NULL, NULL, NULL, NULL, NULL);
CREATE VIEW smith_totals AS SELECT customer, sum(amount) AS total, count(*) AS n FROM smith_orders GROUP BY customer;
