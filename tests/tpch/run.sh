#!/usr/bin/env bash
# run.sh: load the official TPC-H SF0.1 data of ../shared/tpch into a local
# cluster with COPY and check the 22 queries against ../shared/tpch/answers-sf0.1.
# Ends with "N passed, M failed".  QUARRY_TPCH_WORKERS sets the worker count.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${QUARRY_SHARED:-$root/../shared}/tpch
. "$root/tests/lib/cluster.sh"

if [ ! -f "$shared/tpch-sf0.1.tar.xz" ]; then
	echo "not ok - $shared/tpch-sf0.1.tar.xz not found"
	echo "0 passed, 1 failed"
	exit 1
fi
trap 'cluster_stop; rm -rf "$CLUSTER_DIR" "$data"' EXIT
data=$(mktemp -d /tmp/quarry-tpch.XXXXXX)
tar -xJf "$shared/tpch-sf0.1.tar.xz" -C "$data"
cluster_start --workers="${QUARRY_TPCH_WORKERS:-2}" || { echo "0 passed, 23 failed"; exit 1; }

passed=0
failed=0
load_ok=true
start=$SECONDS
cluster_psql -q -v ON_ERROR_STOP=1 -f "$shared/schema.sql" >/dev/null 2>"$CLUSTER_DIR/load.err" || load_ok=false
for t in region nation part supplier partsupp customer orders lineitem; do
	$load_ok || break
	sed 's/|$//' "$data/$t.tbl" |
		cluster_psql -q -v ON_ERROR_STOP=1 -c "\\copy $t FROM STDIN WITH (DELIMITER '|')" \
			2>>"$CLUSTER_DIR/load.err" || load_ok=false
done
if $load_ok; then
	echo "ok - load SF0.1 ($((SECONDS - start)) s)"
	passed=$((passed + 1))
else
	echo "not ok - load SF0.1: $(head -3 "$CLUSTER_DIR/load.err")"
	failed=$((failed + 1))
fi

for n in $(seq -w 1 22); do
	q=$shared/queries/q$n.sql
	want=$shared/answers-sf0.1/q$n.csv
	[ -f "$want" ] || want=$shared/answers-sf0.1/Q$n.csv
	got=$CLUSTER_DIR/q$n.csv
	t0=$(date +%s%N)
	if ! cluster_psql --csv -v ON_ERROR_STOP=1 -f "$q" >"$got" 2>"$CLUSTER_DIR/q$n.err"; then
		echo "not ok - q$n: $(head -1 "$CLUSTER_DIR/q$n.err")"
		failed=$((failed + 1))
		continue
	fi
	ms=$((($(date +%s%N) - t0) / 1000000))
	if out=$(python3 "$root/tests/tpch/compare.py" "$want" "$got"); then
		echo "ok - q$n (${ms} ms)"
		passed=$((passed + 1))
	else
		echo "not ok - q$n: wrong answer"
		echo "$out"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
