#!/usr/bin/env bash
# concurrent_tpch.sh: several sessions run TPC-H SF0.1 at once on a cluster
# whose slots they must share (DESIGN.md section 6a: queries from several
# sessions share the slots), and every answer is right.
#
# `quarry local` with two workers of one slot each, every table of more
# than 20,000 rows split into tasks (row_group_rows = 20000), hash
# exchanges of eight partitions not coalesced, so each query runs in
# stages of several tasks that wait for slots; four sessions run the 22
# queries each, in four different orders.
#
#   stream_N            session N's 22 answers are the official ones
#   all_streams_overlapped  the sessions' queries did run at the same time:
#                       the coordinator interleaved tasks of different
#                       queries (its debug log)
#
# Usage: tests/fault/concurrent_tpch.sh   (QUARRY_BIN, FAULT_KEEP: lib.sh;
# QUARRY_SHARED: the shared directory, default ../shared beside the repo)
set -u
# shellcheck source=tests/fault/lib.sh
. "$(dirname "$0")/lib.sh"

STREAMS=4

# stream N: the 22 queries in stream N's order, each answer checked;
# writes the failures to $FAULT_TMP/stream.N.bad.
stream() {
	local s=$1 n out bad=$FAULT_TMP/stream.$1.bad
	: > "$bad"
	for i in $(seq 0 21); do
		n=$(printf '%02d' $(((i * (2 * s + 1) + s) % 22 + 1)))
		out=$FAULT_TMP/s$s-q$n.csv
		if ! timeout 120 psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry --csv \
			-v ON_ERROR_STOP=1 -f "$TPCH_SHARED/queries/q$n.sql" > "$out" 2> "$out.err"; then
			echo "q$n failed: $(head -1 "$out.err")" >> "$bad"
		elif ! python3 "$FAULT_ROOT/tests/tpch/compare.py" "$(tpch_answer "$n")" "$out" > /dev/null; then
			echo "q$n wrong answer" >> "$bad"
		fi
	done
}

stream_ok() {
	[ -s "$FAULT_TMP/stream.$1.bad" ] && { fail "$(head -3 "$FAULT_TMP/stream.$1.bad" | tr '\n' ';')"; return 1; }
	return 0
}

# overlapped: some task of one query was sent between two tasks of another.
overlapped() {
	grep -oE "query [0-9]+ stage [0-9]+ task [0-9]+ attempt [0-9]+ sent" "$LOCAL_LOG" |
		awk '{ q = "q" $2; if (prev != "" && q != prev) { if (q in seen) inter++ } seen[q] = 1; prev = q }
			END { exit !(inter > 0) }' ||
		{ fail "no two queries' tasks were interleaved"; return 1; }
}

FAULT_LOG_LEVEL=debug
start_local c --workers=2 --worker_slots=1 --row_group_rows=20000 --shuffle_partitions=8 \
	--shuffle_coalesce_bytes=0
check "cluster up" wait_local_ready 2 30
check "load TPC-H SF0.1" tpch_load
pids=()
for s in $(seq 1 $STREAMS); do
	stream "$s" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for s in $(seq 1 $STREAMS); do
	check "stream_$s: 22 answers right beside the other sessions" stream_ok "$s"
done
check "all_streams_overlapped" overlapped
check "the cluster survived" is_alive "$LOCAL_PID"
fault_summary
