-- Correlated scalar subqueries that look one value up per outer row, as
-- catalog queries write them (psql's \d, SQLAlchemy's get_columns)
CREATE TABLE cl_items (id integer PRIMARY KEY, label varchar(20) NOT NULL DEFAULT 'none', amount numeric(10,2) DEFAULT 0, created date);
CREATE TABLE cl_names (id integer, name text);
INSERT INTO cl_names VALUES (1, 'one'), (2, 'two'), (4, 'four');
CREATE TABLE cl_vals (k integer, v integer);
INSERT INTO cl_vals VALUES (1, 10), (2, 20), (3, 30), (4, NULL);
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 'cl_items'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
SELECT v.k, v.v, (SELECT n.name FROM cl_names n WHERE n.id = v.k) AS name FROM cl_vals v ORDER BY v.k;
SELECT v.k, (SELECT n.name FROM cl_names n WHERE n.id = v.k AND v.v > 15) AS guarded FROM cl_vals v ORDER BY v.k;
SELECT v.k, (SELECT n.name FROM cl_names n WHERE n.id = v.k AND n.name <> 'two') AS filtered FROM cl_vals v ORDER BY v.k;
SELECT v.k, (SELECT n.name FROM cl_names n WHERE n.id = 4 AND v.v IS NULL) AS uncorrelated FROM cl_vals v ORDER BY v.k;
SELECT (SELECT 1), (SELECT n.name FROM cl_names n WHERE n.id = 1), (SELECT n.id AS ident FROM cl_names n WHERE n.id = 2);
SELECT c.relname, (SELECT n.nspname FROM pg_namespace n WHERE n.oid = c.relnamespace) AS schema
  FROM pg_class c WHERE c.relname IN ('cl_items', 'pg_class') ORDER BY 1;
SELECT v.k, EXISTS (SELECT 1 FROM cl_names n WHERE n.id = v.k) AS named,
       NOT EXISTS (SELECT 1 FROM cl_names n WHERE n.id = v.k AND n.name LIKE 't%' LIMIT 1) AS not_t,
       EXISTS (SELECT 1 FROM cl_names WHERE name = 'two') AS any_two,
       EXISTS (SELECT 1 FROM cl_names WHERE name = 'zero') AS any_zero
  FROM cl_vals v ORDER BY v.k;
SELECT nspname FROM pg_namespace nsp
 WHERE nspname IN ('pg_catalog', 'public', 'information_schema')
   AND NOT ((nsp.nspname = 'pg_catalog' AND EXISTS
        (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'pg_class' AND relnamespace = nsp.oid LIMIT 1)) OR
       (nsp.nspname = 'public' AND EXISTS
        (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'no_such' AND relnamespace = nsp.oid LIMIT 1)))
 ORDER BY 1;
DROP TABLE cl_vals;
DROP TABLE cl_names;
DROP TABLE cl_items;
