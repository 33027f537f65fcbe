# psql_catalog.sh HOST PORT USER: psql's own catalog queries: \dt, \dv, \dn,
# \di, \dt+, \d TABLE, \d+ TABLE, \d VIEW, \l, \du, \df, \x and \timing
# (timings blanked) over tables with keys, an index and a view.
host=$1 port=$2 user=$3
q() { psql -X -h "$host" -p "$port" -U "$user" -d "$user" "$@" 2>&1 |
	sed -E 's/^Time: [0-9.]+ ms.*/Time: X ms/'; }
q -q <<'SQL'
DROP VIEW IF EXISTS pcat_view;
DROP TABLE IF EXISTS pcat_orders;
DROP TABLE IF EXISTS pcat_items;
CREATE TABLE pcat_items (id integer PRIMARY KEY, label varchar(20) NOT NULL,
  amount numeric(10,2) DEFAULT 0, created date);
CREATE TABLE pcat_orders (id bigint, item integer REFERENCES pcat_items, placed timestamp);
CREATE INDEX pcat_orders_placed_idx ON pcat_orders (placed);
CREATE VIEW pcat_view AS SELECT id, label FROM pcat_items;
COMMENT ON TABLE pcat_items IS 'Items for sale';
SQL
q -c '\dt pcat*'
q -c '\dv pcat*'
q -c '\di pcat*'
# a pattern: Quarry's system schema quarry (docs/OBSERVABILITY.md), which a
# plain \dn lists, is no schema of the PostgreSQL the output is recorded from
q -c '\dn pub*'
q -A -c '\dt+ pcat_items' | sed -E 's/[0-9]+ (bytes|kB)/N/'
q -c '\d pcat_items'
q -c '\d pcat_orders'
q -c '\d+ pcat_items'
q -c '\d pcat_view'
q -c '\l quarry'
q -c '\du quarry'
q -c '\dconfig search_path'
q -c "SELECT name, current_setting(name) FROM pg_settings WHERE name IN ('DateStyle', 'search_path') ORDER BY 1"
q -c '\df split_part'
q -c '\df upper'
q -c '\x' -c "SELECT relname, relkind FROM pg_class WHERE relname LIKE 'pcat%' ORDER BY 1"
q -c '\timing on' -c "SELECT count(*) FROM pg_class WHERE relname = 'pcat_items'"
q -c "SELECT 'pcat_items'::regclass, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
  FROM pg_attribute a WHERE a.attrelid = 'pcat_items'::regclass AND a.attnum > 0 ORDER BY a.attnum"
q -q <<'SQL'
DROP VIEW pcat_view;
DROP TABLE pcat_orders;
DROP TABLE pcat_items;
SQL
