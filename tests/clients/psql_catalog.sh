#!/usr/bin/env bash
# psql_catalog.sh: psql's meta-commands (\dt, \dv, \dn, \df, \x, \timing)
# against Quarry and against a private PostgreSQL 15 holding the same
# tables; the outputs must be equal after the timings are blanked.  Also
# times a psql \dt round trip against Quarry.  Ends with "N passed, M failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/cluster.sh"
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || { echo "0 passed, 1 failed (no PostgreSQL 15)"; exit 1; }

pgtmp=$(mktemp -d /tmp/quarry-pgcat.XXXXXX)
chmod 755 "$pgtmp"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pgtmp"
cleanup() {
	cluster_stop
	rm -rf "$CLUSTER_DIR"
	as_pg "$pgbin/pg_ctl" -D "$pgtmp/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$pgtmp"
}
trap cleanup EXIT
pgport=$(free_port)
as_pg "$pgbin/initdb" -D "$pgtmp/data" -U quarry --auth=trust --no-locale -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgtmp/data" -l "$pgtmp/log" -w \
	-o "-p $pgport -k $pgtmp -c listen_addresses=127.0.0.1 -c TimeZone=UTC" start >/dev/null
psql -X -q -h 127.0.0.1 -p "$pgport" -U quarry -d postgres -c 'CREATE DATABASE quarry' >/dev/null
cluster_start || { echo "0 passed, 1 failed"; exit 1; }

setup="CREATE TABLE demo_items (id integer NOT NULL, label varchar(20), amount numeric(10,2), created date);
CREATE TABLE demo_orders (id bigint, item integer, placed timestamp);
CREATE VIEW demo_view AS SELECT id, label FROM demo_items;"
cluster_psql -q -c "$setup" >/dev/null
psql -X -q -h 127.0.0.1 -p "$pgport" -U quarry -d quarry -c "$setup" >/dev/null

passed=0
failed=0
check() {
	local name=$1
	shift
	local q p
	q=$(cluster_psql "$@" 2>&1 | sed -E 's/^Time: [0-9.]+ ms.*/Time: X ms/')
	p=$(psql -X -h 127.0.0.1 -p "$pgport" -U quarry -d quarry "$@" 2>&1 |
		sed -E 's/^Time: [0-9.]+ ms.*/Time: X ms/')
	if [ "$q" == "$p" ]; then
		echo "ok - psql $name"
		passed=$((passed + 1))
	else
		echo "not ok - psql $name"
		diff <(echo "$p") <(echo "$q") | head -20
		failed=$((failed + 1))
	fi
}
check '\dt' -c '\dt'
check '\dt demo*' -c '\dt demo*'
check '\dv' -c '\dv'
check '\dn' -c '\dn'
check '\df split_part' -c '\df split_part'
check '\df upper' -c '\df upper'
check '\x' -c '\x' -c "SELECT relname, relkind FROM pg_class WHERE relname LIKE 'demo%' ORDER BY 1"
check '\timing' -c '\timing on' -c "SELECT count(*) FROM pg_class WHERE relname = 'demo_items'"
check 'regclass' -c "SELECT 'demo_items'::regclass, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = 'demo_items'::regclass AND a.attnum > 0 ORDER BY a.attnum"

# latency of a catalog round trip (psql's \dt), reported, not asserted
start=$(date +%s%N)
for _ in $(seq 20); do cluster_psql -q -c '\dt' >/dev/null; done
end=$(date +%s%N)
echo "# psql \\dt: $(((end - start) / 20000000)) ms per run (connect included)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
