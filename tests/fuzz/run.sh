#!/usr/bin/env bash
# run.sh [SECONDS]: build the libFuzzer targets with clang (build-fuzz,
# -Dfuzz=true) and run each for SECONDS (default FUZZ_SECONDS or 30) from
# its seed corpus in tests/fuzz/corpus/<target>.  A target passes if it
# ends without a crash, a leak or a sanitizer report.  Needs clang.  Ends
# with "N passed, M failed".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-${FUZZ_SECONDS:-30}}
dir=$root/build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
	CC=clang meson setup "$dir" "$root" -Dfuzz=true -Dbuildtype=debug >/dev/null ||
		{ echo "could not configure the fuzz build (is clang installed?)"; echo "0 passed, 1 failed"; exit 1; }
fi
ninja -C "$dir" tests/fuzz/fuzz_pgmsg tests/fuzz/fuzz_startup >/dev/null ||
	{ echo "fuzz build failed"; echo "0 passed, 1 failed"; exit 1; }
passed=0
failed=0
logs=$root/tests/results/fuzz
mkdir -p "$logs"
for t in fuzz_pgmsg fuzz_startup; do
	work=$(mktemp -d /tmp/quarry-fuzz.XXXXXX)
	cp "$here/corpus/$t"/* "$work/" 2>/dev/null
	if ASAN_OPTIONS=detect_leaks=1 "$dir/tests/fuzz/$t" -max_total_time="$secs" -max_len=4096 \
		-artifact_prefix="$logs/$t-" "$work" >"$logs/$t.log" 2>&1; then
		echo "ok - fuzz/$t ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$t.log" |
			grep -o '[0-9]*$' || grep -oE '#[0-9]+' "$logs/$t.log" | tail -1) runs in ${secs} s)"
		passed=$((passed + 1))
	else
		echo "not ok - fuzz/$t (see tests/results/fuzz/$t.log)"
		grep -E 'ERROR|SUMMARY' "$logs/$t.log" | head -5
		failed=$((failed + 1))
	fi
	rm -rf "$work"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
