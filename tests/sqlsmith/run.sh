#!/usr/bin/env bash
# run.sh [--live-only [N]]: sqlsmith against a local cluster.  The checks
# are that the server never crashes (nor reports a sanitizer error)
# whatever the queries, and that sqlsmith gets through loading the schema
# from Quarry's catalogs to its queries; the errors the queries meet are
# counted by SQLSTATE from the server log.  Ends with "N passed, M failed".
#
#   live:   sqlsmith itself (Debian's package), N queries (1000) with a
#           fixed seed, against schema.sql loaded into Quarry
#   replay: the 1500 queries record.sh generated with sqlsmith from
#           PostgreSQL 15's catalog over the same schema (queries.sql.xz),
#           each its own statement with a 2 s statement_timeout
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/cluster.sh"
replay=1
queries=1000
if [ "${1:-}" = --live-only ]; then replay=0; queries=${2:-1000}; fi

trap 'cluster_stop; rm -rf "$CLUSTER_DIR"' EXIT
cluster_start || { echo "0 passed, 1 failed"; exit 1; }
cluster_psql -q -f "$here/schema.sql" >/dev/null 2>&1
passed=0
failed=0

# sqlstates FROM: the SQLSTATEs of the statements that failed since log line FROM
sqlstates() {
	tail -n +"$(($1 + 1))" "$CLUSTER_DIR/quarry.log" | grep -oE 'statement failed: .*\([0-9A-Z]{5}' |
		grep -oE '[0-9A-Z]{5}$' | sort | uniq -c | sort -rn | tr '\n' ' ' | tr -s ' '
	echo
	tail -n +"$(($1 + 1))" "$CLUSTER_DIR/quarry.log" | grep -E 'statement failed: .*\(XX000' |
		sed -E 's/.*statement failed: / XX000: /' | sort | uniq -c | head -5
}

alive() {
	kill -0 "$CLUSTER_PID" 2>/dev/null &&
		! grep -q "coordinator exited\|worker exited" "$CLUSTER_DIR/quarry.log" &&
		! grep -q "server closed the connection" "$1"
}

start=$(wc -l <"$CLUSTER_DIR/quarry.log")
live=$CLUSTER_DIR/sqlsmith-live.log
timeout 300 sqlsmith --target="host=127.0.0.1 port=$PGPORT_Q dbname=quarry user=quarry" \
	--max-queries="$queries" --seed=42 --verbose >"$live" 2>&1
echo "live: errors by SQLSTATE: $(sqlstates "$start")"
if grep -q "queries:" "$live" && alive "$live"; then
	echo "ok - sqlsmith loaded the schema and ran $queries queries; the cluster served them all"
	passed=$((passed + 1))
else
	echo "not ok - sqlsmith live: it did not get to its queries, or the cluster lost a process:"
	tail -5 "$live"
	failed=$((failed + 1))
fi

if [ $replay -eq 1 ]; then
	start=$(wc -l <"$CLUSTER_DIR/quarry.log")
	out=$CLUSTER_DIR/sqlsmith-replay.log
	{ echo "SET statement_timeout = '2s';"; xz -dc "$here/queries.sql.xz"; } |
		timeout 600 psql -X -q -h 127.0.0.1 -p "$PGPORT_Q" -U quarry -d quarry >"$out" 2>&1
	echo "replay: errors by SQLSTATE: $(sqlstates "$start")"
	if alive "$out"; then
		echo "ok - sqlsmith replay: the cluster served all 1500 recorded queries"
		passed=$((passed + 1))
	else
		echo "not ok - sqlsmith replay: a process of the cluster died or a connection was lost"
		failed=$((failed + 1))
	fi
fi
cluster_stop
if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log"; then
	echo "not ok - sanitizer report in the server log:"
	grep -E -A20 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log" | head -40
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
