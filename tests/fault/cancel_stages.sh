#!/usr/bin/env bash
# cancel_stages.sh: statement_timeout, a CancelRequest and a client that
# goes away reach every task of a query that runs in stages, on every
# worker, and the query's shuffle data (here all spilled to files) is
# removed from the workers however the query ends (DESIGN.md section 6a).
#
# `quarry local` with two workers of two slots and 200-row row groups, so
# a 5000-row table is scanned by four tasks and a join with
# a GROUP BY runs in four stages; shuffle_memory_limit = 0, so every map
# output is a spill file under DATA_DIR/shuffle/<worker>/; every task first
# sleeps QUARRY_TEST_TASK_DELAY_MS = 2000 (server/task.c), so the query is
# stopped while its second stage waits, after the first stage's outputs
# were written.
#
#   finished_query_leaves_nothing   the query answers right; then no spill
#                                   file is left
#   timeout_stops_every_task        statement_timeout 3 s: 57014, and every
#                                   task the coordinator sent has ended on its
#                                   worker within 1 s of the error (not at the
#                                   end of its 2 s sleep)
#   timeout_removes_shuffle_files   spill files existed while it ran; none is
#                                   left 1 s after the error
#   cancel_request_stops_every_task psql's CancelRequest (SIGINT) after 3 s:
#                                   57014, every task ended, no file left
#   client_gone_stops_every_task    psql killed after 3 s: every task ended,
#                                   no file left
#
# Usage: tests/fault/cancel_stages.sh   (QUARRY_BIN, FAULT_KEEP: lib.sh)
set -u
# shellcheck source=tests/fault/lib.sh
. "$(dirname "$0")/lib.sh"

DELAY_MS=2000
QUERY="SELECT x.b, count(*), sum(y.a) FROM t x JOIN t y ON x.a = y.a GROUP BY x.b ORDER BY x.b"

q() { psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry -v ON_ERROR_STOP=1 "$@"; }

exec_psql() {
	trap - INT
	exec psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry -v ON_ERROR_STOP=1 "$@"
}

spill_files() { find "$LOCAL_DIR/shuffle" -type f 2>/dev/null | wc -l; }

# query_ids: the ids of the queries the coordinator sent tasks of, in order.
query_ids() {
	grep -oE "query [0-9]+ stage [0-9]+ task [0-9]+ attempt [0-9]+ sent" "$LOCAL_LOG" |
		awk '{print $2}' | uniq
}

# all_tasks_ended QUERY: every task of QUERY sent to a worker has ended there.
all_tasks_ended() {
	local sent ended
	sent=$(grep -cE "query $1 stage [0-9]+ task [0-9]+ attempt [0-9]+ sent" "$LOCAL_LOG")
	ended=$(grep -cE "task [0-9]+\.[0-9]+\.[0-9]+ of query $1 ended" "$LOCAL_LOG")
	[ "$sent" -gt 0 ] || { fail "no task of query $1 was sent"; return 1; }
	[ "$ended" -ge "$sent" ] || { fail "$ended of $sent tasks of query $1 ended"; return 1; }
}

setup() {
	q -qc "CREATE TABLE t (a int, b int)" > /dev/null || return 1
	seq 1 5000 | awk '{ print $1 "\t" $1 % 7 }' | q -qc "\\copy t FROM STDIN" || return 1
	[ "$(q -Atc "SELECT count(*) FROM t")" = 5000 ] || { fail "t is not loaded"; return 1; }
}

# expected: the answer computed without the join's stages (one table scan).
expected() {
	seq 1 5000 | awk '{ n[$1 % 7]++; s[$1 % 7] += $1 } END { for (b = 0; b < 7; b++) print b "|" n[b] "|" s[b] }'
}

finished_query() {
	local got
	got=$(q -Atc "$QUERY") || { fail "the query failed"; return 1; }
	[ "$got" = "$(expected)" ] || { fail "wrong answer: $got"; return 1; }
	sleep 0.5
	[ "$(spill_files)" -eq 0 ] || { fail "$(spill_files) spill files left"; return 1; }
}

# stopped_query HOW: run the query, stop it by HOW (timeout, cancel, kill)
# after 3 s; check the error, every task's end and the files.
stopped_query() {
	local how=$1 out=$FAULT_TMP/stopped.$1 pid id start files_during
	start=$(now_ms)
	# psql itself in the background (not through q, whose subshell would
	# take the signal instead), with SIGINT back at its default
	case $how in
		timeout)
			exec_psql -c "SET statement_timeout = 3000" -c "$QUERY" > "$out" 2>&1 &
			pid=$! ;;
		*)
			exec_psql -c "$QUERY" > "$out" 2>&1 &
			pid=$! ;;
	esac
	sleep 2.8
	files_during=$(spill_files)
	sleep 0.2
	case $how in
		cancel) kill -INT "$pid" ;;
		kill) kill -KILL "$pid" ;;
	esac
	wait "$pid" 2> /dev/null
	if [ "$how" != kill ] && ! grep -q "canceling statement" "$out"; then
		fail "no 57014 from the $how: $(head -c 300 "$out")"
		return 1
	fi
	sleep 1
	# the tasks slept DELAY_MS from about 2 s on: without the cancel the
	# second stage's would still be asleep now
	[ $(($(now_ms) - start)) -lt $((2000 + DELAY_MS + 800)) ] ||
		echo "# (the checks ran late: the machine is slow)"
	id=$(query_ids | tail -n 1)
	all_tasks_ended "$id" || return 1
	[ "$files_during" -gt 0 ] || { fail "no spill file existed while the query ran"; return 1; }
	[ "$(spill_files)" -eq 0 ] || { fail "$(spill_files) spill files left after the $how"; return 1; }
}

export QUARRY_TEST_TASK_DELAY_MS=$DELAY_MS
FAULT_LOG_LEVEL=debug
start_local c --workers=2 --worker_slots=2 --row_group_rows=200 --shuffle_memory_limit=0 \
	--shuffle_coalesce_bytes=0 --broadcast_threshold=0
check "cluster up" wait_local_ready 2 30
check "set-up: t has 5000 rows" setup
check "finished_query_leaves_nothing" finished_query
check "timeout_stops_every_task and removes the shuffle files" stopped_query timeout
check "cancel_request_stops_every_task and removes the shuffle files" stopped_query cancel
check "client_gone_stops_every_task and removes the shuffle files" stopped_query kill
check "the cluster still answers" finished_query
fault_summary
