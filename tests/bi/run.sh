#!/usr/bin/env bash
# run.sh [--all]: the BI dashboards' and SQL IDEs' introspection corpus
# (../shared/bi-queries: Npgsql, Metabase, Grafana, Superset, SQLAlchemy,
# DBeaver, pgAdmin) against a local cluster.  The corpus's runner checks
# each statement's column names and type OIDs (and some row counts)
# against PostgreSQL 15's and prints one line per statement.
#
# The corpus does not pass whole yet.  tests/bi/passing.txt lists the
# statements that pass today: those are this suite's checks, and one of
# them failing is a failure.  Every other statement is reported "todo"
# and not counted (--all counts them too).  The last lines give the
# corpus's own count, then this suite's "N passed, M failed".
#
# BI_QUERIES names the corpus directory (default: shared/bi-queries
# beside the repository).  Loopback is trusted: the password is unused.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/cluster.sh"
corpus=${BI_QUERIES:-$(cd "$root/.." && pwd)/shared/bi-queries}
all=0
[ "${1:-}" = --all ] && all=1

if [ ! -f "$corpus/run.py" ]; then
	echo "no corpus at $corpus"
	echo "0 passed, 1 failed"
	exit 1
fi
out=$(mktemp /tmp/quarry-bi.XXXXXX)
trap 'cluster_stop; rm -rf "$CLUSTER_DIR" "$out"' EXIT
cluster_start || { echo "0 passed, 1 failed"; exit 1; }
BI_QUERY_TIMEOUT=${BI_QUERY_TIMEOUT:-20} /usr/bin/python3 "$corpus/run.py" \
	127.0.0.1 "$PGPORT_Q" quarry unused quarry >"$out" 2>&1
passed=0
failed=0
while read -r verdict name rest; do
	name=${name%:}
	case $verdict in
		PASS)
			echo "ok - bi/$name"
			passed=$((passed + 1))
			;;
		FAIL)
			if [ $all -eq 1 ] || grep -qxF "$name" "$here/passing.txt"; then
				echo "not ok - bi/$name: $rest"
				failed=$((failed + 1))
			else
				echo "todo - bi/$name: $rest"
			fi
			;;
	esac
done <"$out"
for name in $(cat "$here/passing.txt"); do
	awk -v n="$name" '($1 == "PASS" || $1 == "FAIL") && ($2 == n || $2 == n ":") { f = 1 } END { exit !f }' "$out" ||
		{ echo "not ok - bi/$name did not run"; failed=$((failed + 1)); }
done
if ! kill -0 "$CLUSTER_PID" 2>/dev/null; then
	echo "not ok - the cluster died during the corpus"
	failed=$((failed + 1))
fi
cluster_stop
if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log"; then
	echo "not ok - sanitizer report in the server log:"
	grep -E -A20 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log" | head -40
	failed=$((failed + 1))
fi
echo "corpus: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1) (of 120; see tests/bi/passing.txt)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
