#!/usr/bin/env bash
# bench/protocol.sh [SECONDS]: the wire protocol's throughput, Quarry
# beside PostgreSQL 15 on this machine.  pgbench runs a custom select-only
# script (one point lookup in a 1,000-row table without an index) with
# -n -c 16 -j 2 -T SECONDS (default 30), over the simple and the prepared
# protocol, against a local Quarry cluster and a private PostgreSQL 15.
# Prints transactions per second; gates nothing.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/lib/cluster.sh"
. "$root/tests/clients/lib.sh"
secs=${1:-30}
work=$(mktemp -d /tmp/quarry-pgbench.XXXXXX)
trap 'cluster_stop; pg15_stop; rm -rf "$CLUSTER_DIR" "$work"' EXIT
cat >"$work/select.sql" <<'SQL'
\set id random(1, 1000)
SELECT id, name FROM pgb WHERE id = :id;
SQL
seq 1 1000 | awk '{ print $1 "\tname " $1 }' >"$work/rows.tsv"
setup() {
	psql -X -q -h 127.0.0.1 -p "$1" -U quarry -d quarry -c "DROP TABLE IF EXISTS pgb" \
		-c "CREATE TABLE pgb (id int, name text)" -c "\\copy pgb from '$work/rows.tsv'"
}
tps() {
	pgbench -n -c 16 -j 2 -T "$secs" -M "$2" -f "$work/select.sql" -h 127.0.0.1 -p "$1" -U quarry quarry \
		2>&1 | grep -E '^tps' | sed -E 's/.*= ([0-9.]+).*/\1/'
}
cluster_start --workers=2 >/dev/null || exit 1
pg15_start || exit 1
setup "$PGPORT_Q"
setup "$PGPORT_PG"
printf '%-12s %14s %14s\n' protocol "Quarry tps" "PostgreSQL tps"
for mode in simple prepared; do
	q=$(tps "$PGPORT_Q" "$mode")
	p=$(tps "$PGPORT_PG" "$mode")
	printf '%-12s %14s %14s\n' "$mode" "$q" "$p"
done
