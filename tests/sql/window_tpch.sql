-- window functions over TPC-H-shaped tables: joins, GROUP BY, several windows
\set VERBOSITY verbose
CREATE TABLE wt_nation (n_nationkey int, n_name text, n_regionkey int);
CREATE TABLE wt_customer (c_custkey int, c_name text, c_nationkey int, c_acctbal numeric(12,2));
CREATE TABLE wt_orders (o_orderkey int, o_custkey int, o_orderdate date, o_totalprice numeric(12,2),
                        o_orderpriority text);
INSERT INTO wt_nation VALUES (0, 'ALGERIA', 0), (1, 'ARGENTINA', 1), (2, 'BRAZIL', 1),
  (3, 'CANADA', 1), (4, 'EGYPT', 4), (5, 'ETHIOPIA', 0);
INSERT INTO wt_customer VALUES
  (1, 'Customer#001', 0, 711.56), (2, 'Customer#002', 1, 121.65), (3, 'Customer#003', 1, 7498.12),
  (4, 'Customer#004', 4, 2866.83), (5, 'Customer#005', 3, 794.47), (6, 'Customer#006', 2, 7638.57),
  (7, 'Customer#007', 2, 9561.95), (8, 'Customer#008', 4, 6819.74), (9, 'Customer#009', 5, 8324.07),
  (10, 'Customer#010', 3, 2753.54), (11, 'Customer#011', 0, -272.60), (12, 'Customer#012', 1, 3396.49);
INSERT INTO wt_orders VALUES
  (1, 3, '1996-01-02', 173665.47, '5-LOW'), (2, 7, '1996-12-01', 46929.18, '1-URGENT'),
  (3, 12, '1993-10-14', 193846.25, '5-LOW'), (4, 1, '1995-10-11', 32151.78, '5-LOW'),
  (5, 4, '1994-07-30', 144659.20, '5-LOW'), (6, 6, '1992-02-21', 58749.59, '4-NOT SPECIFIED'),
  (7, 3, '1996-01-10', 252004.18, '2-HIGH'), (32, 7, '1995-07-16', 208660.75, '2-HIGH'),
  (33, 6, '1993-10-27', 163243.98, '3-MEDIUM'), (34, 8, '1998-07-21', 58949.67, '3-MEDIUM'),
  (35, 12, '1995-10-23', 253724.56, '4-NOT SPECIFIED'), (36, 11, '1995-11-03', 68289.96, '1-URGENT'),
  (37, 9, '1992-06-03', 206680.66, '3-MEDIUM'), (38, 10, '1996-08-21', 82500.05, '4-NOT SPECIFIED'),
  (39, 8, '1996-09-20', 341734.47, '3-MEDIUM'), (64, 3, '1994-07-16', 39414.99, '3-MEDIUM'),
  (65, 2, '1995-03-18', 110643.60, '1-URGENT'), (66, 5, '1994-01-20', 103740.67, '5-LOW'),
  (67, 5, '1996-12-19', 167257.96, '4-NOT SPECIFIED'), (68, 9, '1998-04-18', 330793.52, '3-MEDIUM'),
  (69, 10, '1994-06-04', 197689.49, '4-NOT SPECIFIED'), (70, 1, '1993-12-18', 126066.00, '5-LOW'),
  (71, 4, '1998-01-23', 262634.70, '3-MEDIUM'), (96, 2, '1994-04-17', 64838.24, '2-HIGH');
-- the top two customers by revenue in each nation
SELECT n_name, c_name, revenue, rnk
FROM (SELECT n_name, c_name, sum(o_totalprice) AS revenue,
             rank() OVER (PARTITION BY n_name ORDER BY sum(o_totalprice) DESC) AS rnk
      FROM wt_customer JOIN wt_orders ON o_custkey = c_custkey
           JOIN wt_nation ON c_nationkey = n_nationkey
      GROUP BY n_name, c_name) t
WHERE rnk <= 2 ORDER BY n_name, rnk, c_name;
-- each nation's share of its region's revenue, and a running total by year
SELECT n_regionkey, n_name, sum(o_totalprice) AS revenue,
       sum(sum(o_totalprice)) OVER (PARTITION BY n_regionkey) AS region_revenue,
       round(100 * sum(o_totalprice) / sum(sum(o_totalprice)) OVER (PARTITION BY n_regionkey), 2) AS pct,
       dense_rank() OVER (ORDER BY n_regionkey) AS region_no
FROM wt_orders JOIN wt_customer ON o_custkey = c_custkey JOIN wt_nation ON c_nationkey = n_nationkey
GROUP BY n_regionkey, n_name ORDER BY n_regionkey, revenue DESC;
SELECT extract(year FROM o_orderdate) AS y, count(*) AS orders, sum(o_totalprice) AS total,
       sum(sum(o_totalprice)) OVER (ORDER BY extract(year FROM o_orderdate)) AS running,
       avg(sum(o_totalprice)) OVER (ORDER BY extract(year FROM o_orderdate)
                                    ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS moving_avg,
       lag(count(*)) OVER (ORDER BY extract(year FROM o_orderdate)) AS prev_orders
FROM wt_orders GROUP BY 1 ORDER BY 1;
-- days since the customer's previous order; each order's place in its customer's history
SELECT o_custkey, o_orderkey, o_orderdate,
       o_orderdate - lag(o_orderdate) OVER (PARTITION BY o_custkey ORDER BY o_orderdate) AS gap_days,
       row_number() OVER (PARTITION BY o_custkey ORDER BY o_orderdate) AS nth_order,
       count(*) OVER (PARTITION BY o_custkey) AS orders,
       first_value(o_orderpriority) OVER (PARTITION BY o_custkey ORDER BY o_orderdate) AS first_priority,
       max(o_totalprice) OVER (PARTITION BY o_custkey ORDER BY o_orderdate
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS best_before
FROM wt_orders ORDER BY o_custkey, o_orderdate;
-- PARTITION BY two keys and an expression; a window over a LEFT JOIN's NULLs
SELECT n_regionkey, c_acctbal > 3000 AS rich, c_custkey,
       row_number() OVER (PARTITION BY n_regionkey, c_acctbal > 3000 ORDER BY c_acctbal DESC) AS rn,
       ntile(2) OVER (PARTITION BY n_regionkey ORDER BY c_custkey) AS half
FROM wt_customer JOIN wt_nation ON c_nationkey = n_nationkey ORDER BY 1, 2, 4;
SELECT n_name, c_custkey, count(c_custkey) OVER (PARTITION BY n_name) AS customers,
       rank() OVER (PARTITION BY c_custkey ORDER BY n_name) AS r
FROM wt_nation LEFT JOIN wt_customer ON c_nationkey = n_nationkey AND c_acctbal > 5000
ORDER BY n_name, c_custkey;
-- order priority counts ranked, as in Q4, with percent_rank and cume_dist
SELECT o_orderpriority, count(*) AS order_count,
       percent_rank() OVER (ORDER BY count(*)) AS pr, cume_dist() OVER (ORDER BY count(*)) AS cd
FROM wt_orders WHERE o_orderdate >= date '1993-07-01' GROUP BY o_orderpriority
ORDER BY o_orderpriority;
