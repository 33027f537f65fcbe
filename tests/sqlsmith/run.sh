#!/usr/bin/env bash
# run.sh [--live [N]]: sqlsmith against a local cluster; the check is that
# the server never crashes (nor reports a sanitizer error) whatever the
# queries; the errors they meet are counted by SQLSTATE from the server
# log.  Ends with "N passed, M failed".
#
# Default: replay the 1500 queries record.sh generated with sqlsmith from
# PostgreSQL 15's catalog over schema.sql (queries.sql.xz), each in its
# own statement with a 2 s statement_timeout.
# --live N: run sqlsmith itself (N queries, default 1000) against Quarry.
# It cannot load Quarry's schema yet: its routine list asks a correlated
# scalar subquery that is not an aggregate ("(select nspname from
# pg_namespace where oid = pronamespace)").
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/cluster.sh"
live=0
queries=1000
if [ "${1:-}" = --live ]; then live=1; queries=${2:-1000}; fi

trap 'cluster_stop; rm -rf "$CLUSTER_DIR"' EXIT
cluster_start || { echo "0 passed, 1 failed"; exit 1; }
cluster_psql -q -f "$here/schema.sql" >/dev/null 2>&1
log=$CLUSTER_DIR/sqlsmith.log
start_line=$(wc -l <"$CLUSTER_DIR/quarry.log")
if [ $live -eq 1 ]; then
	timeout 300 sqlsmith --target="host=127.0.0.1 port=$PGPORT_Q dbname=quarry user=quarry" \
		--max-queries="$queries" --seed=42 --verbose >"$log" 2>&1
	ran=$(grep -c "queries:" "$log")
else
	{ echo "SET statement_timeout = '2s';"; xz -dc "$here/queries.sql.xz"; } |
		timeout 600 psql -X -q -h 127.0.0.1 -p "$PGPORT_Q" -U quarry -d quarry >"$log" 2>&1
fi
echo "errors by SQLSTATE (server log):"
tail -n +"$((start_line + 1))" "$CLUSTER_DIR/quarry.log" | grep -oE 'statement failed: .*\([0-9A-Z]{5}' |
	grep -oE '[0-9A-Z]{5}$' | sort | uniq -c | sort -rn
echo "internal errors (XX000):"
tail -n +"$((start_line + 1))" "$CLUSTER_DIR/quarry.log" | grep -E 'statement failed: .*\(XX000' |
	sed -E 's/.*statement failed: //' | sort | uniq -c
passed=0
failed=0
if kill -0 "$CLUSTER_PID" 2>/dev/null && ! grep -q "coordinator exited\|worker exited\|server closed the connection" \
	"$CLUSTER_DIR/quarry.log" "$log"; then
	echo "ok - sqlsmith: the cluster served every query"
	passed=$((passed + 1))
else
	echo "not ok - sqlsmith: a process of the cluster died or a connection was lost"
	grep -E "exited|closed the connection" "$CLUSTER_DIR/quarry.log" "$log" | head -5
	failed=$((failed + 1))
fi
if [ $live -eq 1 ] && [ "$ran" -eq 0 ]; then
	echo "not ok - sqlsmith did not get to its queries:"
	tail -5 "$log"
	failed=$((failed + 1))
fi
cluster_stop
if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log"; then
	echo "not ok - sanitizer report in the server log:"
	grep -E -A20 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log" | head -40
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
