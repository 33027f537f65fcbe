-- DDL metadata in the catalog: constraints, indexes, comments and defaults
-- (PRIMARY KEY, UNIQUE and FOREIGN KEY are recorded, not enforced)
CREATE SCHEMA cd_sales;
CREATE TABLE cd_customers (
    customer_id integer NOT NULL,
    name text NOT NULL,
    email varchar(120),
    is_active boolean NOT NULL DEFAULT true,
    credit numeric(12,2) DEFAULT 0,
    CONSTRAINT cd_customers_pkey PRIMARY KEY (customer_id),
    CONSTRAINT cd_customers_email_key UNIQUE (email)
);
CREATE TABLE cd_orders (
    order_id integer PRIMARY KEY,
    customer_id integer REFERENCES cd_customers,
    placed timestamp,
    status text DEFAULT 'new'
);
CREATE TABLE cd_sales.cd_regions (region_id integer, region_name text, PRIMARY KEY (region_id), UNIQUE (region_name));
CREATE TABLE cd_sales.cd_targets (target_id integer, region_id integer,
    FOREIGN KEY (region_id) REFERENCES cd_sales.cd_regions (region_id));
CREATE INDEX cd_orders_placed_idx ON cd_orders (placed);
CREATE UNIQUE INDEX ON cd_orders (status, placed);
COMMENT ON TABLE cd_customers IS 'Customers of the demo shop';
COMMENT ON COLUMN cd_customers.email IS 'Contact e-mail address';
COMMENT ON COLUMN cd_sales.cd_targets.region_id IS 'Where';
COMMENT ON COLUMN cd_customers.name IS 'Full name';
COMMENT ON COLUMN cd_customers.name IS NULL;
SELECT conname, contype, conrelid::regclass, confrelid::regclass, conkey, confkey,
       pg_get_constraintdef(oid)
  FROM pg_constraint WHERE conname LIKE 'cd\_%' ORDER BY conname;
SELECT c.relname, i.indisunique, i.indisprimary, i.indkey, i.indnatts, pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relname LIKE 'cd\_%' ORDER BY 1;
SELECT obj_description('cd_customers'::regclass, 'pg_class'), col_description('cd_customers'::regclass, 3),
       col_description('cd_customers'::regclass, 2);
SELECT c.relname, d.objsubid, d.description
  FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
 WHERE c.relname LIKE 'cd\_%' ORDER BY 1, 2;
SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  JOIN pg_class c ON c.oid = d.adrelid
 WHERE c.relname LIKE 'cd\_%' ORDER BY 1, 2;
SELECT relname, relkind, relhasindex, relnatts FROM pg_class WHERE relname LIKE 'cd\_%' ORDER BY 1;
SELECT a.attname, a.attnotnull FROM pg_attribute a
 WHERE a.attrelid = 'cd_sales.cd_regions'::regclass AND a.attnum > 0 ORDER BY a.attnum;
CREATE INDEX cd_orders_placed_idx ON cd_orders (placed);
CREATE INDEX cd_bad_idx ON cd_orders (nope);
DROP TABLE cd_sales.cd_targets;
DROP TABLE cd_sales.cd_regions;
DROP TABLE cd_orders;
DROP TABLE cd_customers;
DROP SCHEMA cd_sales;
SELECT count(*) FROM pg_constraint WHERE conname LIKE 'cd\_%';
SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relname LIKE 'cd\_%';
