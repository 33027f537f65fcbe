#!/usr/bin/env bash
# run.sh: load the official TPC-H SF0.1 data of ../shared/tpch with COPY and
# check the 22 queries against ../shared/tpch/answers-sf0.1 on clusters of
# 1, 2 and 4 workers.
#
# The data is loaded once: each cluster is a `quarry local` started on the
# same data directory with another worker count (the metastore and the table
# files survive the restart).  One "ok/not ok - wN qNN" line per worker
# count and query; ends with "N passed, M failed".
#
#   QUARRY_TPCH_WORKERS	the worker counts, in order (default "1 2 4")
#   QUARRY_SHARED		the shared directory (default ../shared beside the repo)
#   QUARRY_BIN			the binary (default build/server/quarry)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${QUARRY_SHARED:-$root/../shared}/tpch
. "$root/tests/lib/cluster.sh"

worker_counts=${QUARRY_TPCH_WORKERS:-1 2 4}

if [ ! -f "$shared/tpch-sf0.1.tar.xz" ]; then
	echo "not ok - $shared/tpch-sf0.1.tar.xz not found"
	echo "0 passed, 1 failed"
	exit 1
fi
work=$(mktemp -d /tmp/quarry-tpch.XXXXXX)
trap 'cluster_stop; rm -rf "$work"' EXIT
mkdir -p "$work/tbl"
tar -xJf "$shared/tpch-sf0.1.tar.xz" -C "$work/tbl"

passed=0
failed=0
pass() { echo "ok - $1"; passed=$((passed + 1)); }
flunk() { echo "not ok - $1"; failed=$((failed + 1)); }

# start_cluster N: `quarry local --workers=N` on the shared data directory,
# ready when psql connects and N workers have registered.  The worker
# lines counted are those after the log's previous end (the log is reused).
start_cluster() {
	local n=$1 from log=$work/quarry.log
	CLUSTER_DIR=$work
	from=$( [ -f "$log" ] && wc -l < "$log" || echo 0)
	for attempt in 1 2 3; do
		PGPORT_Q=$(free_port)
		CLUSTER_PORT=$(free_port)
		"$QUARRY_BIN" local --data_dir="$work/data" --port="$PGPORT_Q" \
			--cluster_port="$CLUSTER_PORT" --ui_port=0 --workers="$n" \
			>>"$log" 2>&1 &
		CLUSTER_PID=$!
		if cluster_wait_ready; then
			for _ in $(seq 1 200); do
				[ "$(tail -n "+$((from + 1))" "$log" |
					grep -Ec 'worker worker-[0-9]+ registered \(host')" -ge "$n" ] && return 0
				sleep 0.1
			done
			echo "fewer than $n workers registered within 20 s" >&2
			return 1
		fi
		cluster_stop
		tail -n "+$((from + 1))" "$log" | grep -q "Address already in use" || return 1
		echo "cluster start attempt $attempt: a port was taken; trying others" >&2
	done
	return 1
}

# load loads the schema and the eight tables once.
load() {
	local t start=$SECONDS
	cluster_psql -q -v ON_ERROR_STOP=1 -f "$shared/schema.sql" >/dev/null 2>"$work/load.err" ||
		return 1
	for t in region nation part supplier partsupp customer orders lineitem; do
		sed 's/|$//' "$work/tbl/$t.tbl" |
			cluster_psql -q -v ON_ERROR_STOP=1 -c "\\copy $t FROM STDIN WITH (DELIMITER '|')" \
				2>>"$work/load.err" || return 1
	done
	echo "# loaded SF0.1 in $((SECONDS - start)) s"
	rm -rf "$work/tbl"
}

# run_queries N: the 22 queries against the running cluster of N workers.
run_queries() {
	local w=$1 n q want got t0 ms out
	for n in $(seq -w 1 22); do
		q=$shared/queries/q$n.sql
		want=$shared/answers-sf0.1/q$n.csv
		[ -f "$want" ] || want=$shared/answers-sf0.1/Q$n.csv
		got=$work/w$w-q$n.csv
		t0=$(date +%s%N)
		if ! cluster_psql --csv -v ON_ERROR_STOP=1 -f "$q" >"$got" 2>"$work/w$w-q$n.err"; then
			flunk "w$w q$n: $(head -1 "$work/w$w-q$n.err")"
			continue
		fi
		ms=$((($(date +%s%N) - t0) / 1000000))
		if out=$(python3 "$root/tests/tpch/compare.py" "$want" "$got"); then
			pass "w$w q$n (${ms} ms)"
		else
			flunk "w$w q$n: wrong answer"
			echo "$out"
		fi
	done
}

loaded=false
for w in $worker_counts; do
	if ! start_cluster "$w" 2>"$work/start.err"; then
		flunk "w$w cluster start: $(head -3 "$work/start.err" | tr '\n' ' ')"
		cluster_stop
		continue
	fi
	if ! $loaded; then
		if load; then
			pass "load SF0.1"
			loaded=true
		else
			flunk "load SF0.1: $(head -3 "$work/load.err")"
			break
		fi
	fi
	run_queries "$w"
	cluster_stop
done
if [ "$failed" -gt 0 ]; then
	echo "# log: tail of $work/quarry.log"
	tail -20 "$work/quarry.log" | sed 's/^/#   /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
