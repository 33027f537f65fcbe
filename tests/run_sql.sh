#!/usr/bin/env bash
# run_sql.sh [NAME ...]: the SQL regression suite.  Starts a local cluster,
# runs each tests/sql/NAME.sql through psql -X -a, normalizes the output with
# tests/normalize.sed and compares it with tests/expected/NAME.out (recorded
# from PostgreSQL 15 by scripts/record-expected.sh).  Diffs go to
# tests/results/.  Ends with "N passed, M failed".  QUARRY_SQL_ARGS: more
# options for the cluster (e.g. tiny row groups, so that plans run in stages).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/lib/cluster.sh"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$root"/tests/sql/*.sql; do names+=("$(basename "$f" .sql)"); done
fi
results=$root/tests/results
mkdir -p "$results"

trap 'cluster_stop; rm -rf "$CLUSTER_DIR"' EXIT
cluster_start ${QUARRY_SQL_ARGS:-} || { echo "0 passed, ${#names[@]} failed"; exit 1; }

passed=0
failed=0
cd "$root/tests/sql"
for name in "${names[@]}"; do
	PGTZ=UTC cluster_psql -a -f "$name.sql" 2>&1 | sed -f "$root/tests/normalize.sed" \
		>"$results/$name.out"
	if diff -u "$root/tests/expected/$name.out" "$results/$name.out" >"$results/$name.diff"; then
		echo "ok - sql/$name"
		rm -f "$results/$name.diff"
		passed=$((passed + 1))
	else
		echo "not ok - sql/$name (see tests/results/$name.diff)"
		failed=$((failed + 1))
	fi
done
if ! kill -0 "$CLUSTER_PID" 2>/dev/null; then
	echo "not ok - the cluster died during the suite"
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
