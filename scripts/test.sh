#!/usr/bin/env bash
# test.sh: install what is missing, build (plain and with AddressSanitizer +
# UndefinedBehaviorSanitizer), run every test suite, and end with one line
# "N passed, M failed" summing them all.  Exits non-zero if anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$QUARRY_ROOT"
quarry_install_packages
quarry_build build || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
quarry_build build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug ||
	{ echo "sanitizer build failed"; echo "0 passed, 1 failed"; exit 1; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
logs=$QUARRY_ROOT/tests/results/logs
mkdir -p "$logs"
total_passed=0
total_failed=0

# count_line LOG: the suite's "N passed, M failed", or criterion's synthesis.
count_line() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	if [ -n "$line" ]; then
		echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/'
		return
	fi
	line=$(grep -E 'Synthesis: Tested: [0-9]+ \| Passing: [0-9]+ \| Failing: [0-9]+ \| Crashing: [0-9]+' "$1" | tail -1)
	if [ -n "$line" ]; then
		echo "$line" | sed -E 's/.*Passing: ([0-9]+) \| Failing: ([0-9]+) \| Crashing: ([0-9]+).*/\1 \2 \3/' |
			awk '{ print $1, $2 + $3 }'
		return
	fi
	echo "0 1"
}

# suite NAME COMMAND...: run one suite, add its counts to the totals.
suite() {
	local name=$1
	shift
	local log=$logs/$name.log
	local start=$SECONDS
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1
	local rc=$?
	read -r p f < <(count_line "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	total_passed=$((total_passed + p))
	total_failed=$((total_failed + f))
	printf '%-24s %4d passed, %3d failed  (%ds)\n' "$name" "$p" "$f" $((SECONDS - start))
	if [ "$f" -gt 0 ]; then
		grep -E '^not ok|FAIL|\[----\].*(Assertion|crash)|ERROR: .*Sanitizer|runtime error' "$log" | head -20
	fi
}

for exe in build/tests/test_*; do
	[ -f "$exe" ] && [ -x "$exe" ] && suite "unit/$(basename "$exe")" "$exe" --jobs 2
done
for exe in build-asan/tests/test_*; do
	[ -f "$exe" ] && [ -x "$exe" ] && suite "unit-asan/$(basename "$exe")" "$exe" --jobs 2
done
suite sql tests/run_sql.sh
# the same statements with three-row row groups and two slots per worker, so
# that every table of more than three rows is scanned by several tasks and
# plans run in stages with exchanges (joins hash-partitioned, none broadcast)
QUARRY_SQL_ARGS="--row_group_rows=3 --worker_slots=2 --broadcast_threshold=0 --shuffle_coalesce_bytes=0" suite sql-stages tests/run_sql.sh
QUARRY_BIN=$QUARRY_ROOT/build-asan/server/quarry suite sql-asan tests/run_sql.sh
for t in tests/fault/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	[ -f "$t" ] && suite "fault/$(basename "$t" .sh)" "$t"
done
suite clients tests/clients/run.sh
suite ui tests/ui/run.sh
suite bi tests/bi/run.sh
suite sqlsmith tests/sqlsmith/run.sh
suite fuzz tests/fuzz/run.sh 30
suite tpch-sf0.1 tests/tpch/run.sh
suite bench/tpchgen bench/tpchgen/check.sh "$QUARRY_ROOT/build"

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
