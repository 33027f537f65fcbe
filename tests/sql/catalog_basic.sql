-- pg_catalog relations as ordinary SQL: joins, filters, regclass casts, OID literals
CREATE TABLE cat_items (id integer NOT NULL, label varchar(20), amount numeric(10,2), created date, note text);
CREATE VIEW cat_view AS SELECT id, label FROM cat_items;
SELECT n.nspname, c.relname, c.relkind, c.relnatts
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relname LIKE 'cat%' ORDER BY c.relname;
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attnum
  FROM pg_catalog.pg_attribute a
 WHERE a.attrelid = 'cat_items'::regclass AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SELECT 'cat_items'::regclass, 'pg_class'::regclass, 'pg_class'::regclass::oid, 1259::regclass;
SELECT 'int4'::regtype, 'text'::regtype::oid, 'pg_catalog'::regnamespace::oid;
SELECT 'no_such_table'::regclass;
SELECT c.relname FROM pg_class c WHERE c.oid = 'cat_view'::regclass;
SELECT c.relname, c.relkind FROM pg_class c WHERE c.oid = 1259 OR c.oid = 2615 ORDER BY 1;
SELECT nspname FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public', 'information_schema') ORDER BY 1;
SELECT typname, typlen, typtype, typcategory, typarray::regtype
  FROM pg_type WHERE oid IN (16, 20, 21, 23, 25, 26, 1043, 1082, 1700) ORDER BY oid;
SELECT format_type(1700, 655366), format_type(1043, 24), format_type(1042, 8),
       format_type(23, NULL), format_type(1007, -1), format_type(NULL, 1);
SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'cat%';
SELECT schemaname, viewname FROM pg_views WHERE schemaname = 'public' AND viewname LIKE 'cat%';
SELECT pg_get_userbyid(10), pg_table_is_visible('cat_items'::regclass),
       has_table_privilege('cat_items', 'SELECT'), pg_encoding_to_char(6);
SELECT current_database(), current_schema(), current_setting('DateStyle'), pg_is_in_recovery();
SELECT count(*) > 300 AS many_types FROM pg_type;
SELECT proname, pronargs, prorettype::regtype FROM pg_proc
 WHERE proname IN ('upper', 'split_part', 'starts_with') ORDER BY proname;
SELECT amname, amtype FROM pg_am ORDER BY oid;
SELECT datname, pg_encoding_to_char(encoding), datallowconn FROM pg_database WHERE datname = current_database();
SELECT rolname, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = 'quarry';
SELECT count(*) FROM pg_class c, pg_attribute a WHERE a.attrelid = c.oid AND c.relname = 'pg_class';
SELECT relname FROM pg_class WHERE relname IN ('pg_type', 'pg_proc', 'pg_settings') ORDER BY 1;
SELECT name, setting FROM pg_settings WHERE name IN ('DateStyle', 'client_encoding') ORDER BY 1;
DROP VIEW cat_view;
DROP TABLE cat_items;
