-- information_schema views over Quarry's tables and views, as BI tools and
-- drivers read them (Grafana, Npgsql, Metabase, sqlsmith).
CREATE SCHEMA is_s2;
CREATE TABLE is_t1 (a int NOT NULL, b varchar(20), c numeric(10,2), d timestamp, e double precision, f boolean, g date, h char(3), i smallint, j text);
CREATE TABLE is_s2.is_t2 (k bigint NOT NULL, v text, ts timestamp with time zone, n numeric);
CREATE VIEW is_v1 AS SELECT a, b FROM is_t1;
SELECT catalog_name, schema_name, default_character_set_name, sql_path FROM information_schema.schemata WHERE schema_name IN ('public', 'is_s2', 'pg_catalog', 'information_schema') ORDER BY 2;
SELECT table_catalog, table_schema, table_name, table_type, is_typed, commit_action FROM information_schema.tables WHERE table_name LIKE 'is\_%' ORDER BY 2, 3;
SELECT table_name, is_insertable_into FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_name LIKE 'is\_%' ORDER BY 1;
SELECT table_name, column_name, ordinal_position, is_nullable, data_type, character_maximum_length, character_octet_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision FROM information_schema.columns WHERE table_name LIKE 'is\_%' ORDER BY 1, 3;
SELECT table_name, column_name, udt_catalog, udt_schema, udt_name, dtd_identifier, is_identity, is_generated, collation_name, interval_type FROM information_schema.columns WHERE table_name LIKE 'is\_%' ORDER BY 1, 2;
SELECT table_schema, table_name, check_option FROM information_schema.views WHERE table_name LIKE 'is\_%';
SELECT constraint_type, table_name, is_deferrable, initially_deferred, enforced FROM information_schema.table_constraints WHERE table_name LIKE 'is\_%' ORDER BY 2, 1;
SELECT count(*) > 50 AS has_catalog_tables FROM information_schema.tables WHERE table_schema = 'pg_catalog';
SELECT table_name FROM information_schema.tables WHERE table_schema = 'information_schema' AND table_name IN ('tables', 'columns', 'schemata', 'views') ORDER BY 1;
-- Grafana's table picker
SELECT quote_ident(table_name) AS "table" FROM information_schema.tables WHERE quote_ident(table_schema) = 'is_s2' ORDER BY 1;
-- Npgsql GetSchema("Tables")
SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables WHERE table_type IN ('BASE TABLE', 'VIEW') AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name LIKE 'is\_%' ORDER BY 2, 3;
-- SQLAlchemy 2.0 qualifies columns with schema and table
SELECT pg_catalog.pg_namespace.nspname FROM pg_catalog.pg_namespace WHERE pg_catalog.pg_namespace.nspname = 'is_s2';
-- defaults and keys
CREATE TABLE is_dft (a int DEFAULT 5, b varchar(10) DEFAULT 'x', c boolean DEFAULT true, d text, CONSTRAINT is_dft_pk PRIMARY KEY (a));
CREATE TABLE is_dft2 (k int REFERENCES is_dft (a), u text UNIQUE, v int, CONSTRAINT is_dft2_pk PRIMARY KEY (v, k));
SELECT column_name, column_default, is_nullable FROM information_schema.columns WHERE table_name = 'is_dft' ORDER BY ordinal_position;
SELECT constraint_name, table_name, constraint_type FROM information_schema.table_constraints WHERE table_name LIKE 'is\_dft%' AND constraint_type <> 'CHECK' ORDER BY 1;
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint FROM information_schema.key_column_usage WHERE table_name LIKE 'is\_dft%' ORDER BY 1, 4;
SELECT constraint_name, unique_constraint_schema, unique_constraint_name, match_option, update_rule, delete_rule FROM information_schema.referential_constraints WHERE constraint_schema = 'public' AND constraint_name LIKE 'is\_%';
-- Metabase's primary key columns
SELECT kc.column_name FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage kc ON tc.constraint_name = kc.constraint_name AND tc.table_schema = kc.table_schema AND tc.table_name = kc.table_name WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = 'is_dft2' ORDER BY kc.ordinal_position;
DROP TABLE is_dft2;
DROP TABLE is_dft;
DROP VIEW is_v1;
DROP TABLE is_t1;
DROP TABLE is_s2.is_t2;
DROP SCHEMA is_s2;
