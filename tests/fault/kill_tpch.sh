#!/usr/bin/env bash
# kill_tpch.sh: TPC-H SF0.1 queries keep giving the official answers while
# workers die, stall and join under them (DESIGN.md: task retries, lost
# workers).  A standalone coordinator and three workers (w1, w2, w3, one
# slot each, heartbeat_interval 200 ms, so a silent worker is lost after
# 1 s); every task first sleeps QUARRY_TEST_TASK_DELAY_MS (server/task.c)
# so that a kill can land while a query runs.
#
#   kill_qNN_tK		Q1, Q3, Q9, Q18, Q21, four trials each: run the query,
#					SIGKILL a worker after a random delay drawn within the
#					query's measured duration, check the answer; the victim
#					is the worker the coordinator's log says runs the
#					query's latest task, else a random one; it is started
#					again (same id) before the next trial
#   query_after_worker_death  SIGKILL an idle worker, then at once run Q1
#					three times at the same moment (one query per free
#					slot, so one goes to the dead worker before it is
#					declared lost): all three answer right
#   stall_worker	SIGSTOP the worker running Q18: it is declared lost,
#					the query answers right; SIGCONT: it registers again
#					and the cluster answers Q3 and Q1 right
#   join_mid_query	the coordinator restarted with shuffle_partitions=8 and no coalescing
#					and two workers, so a query's tasks wait for slots;
#					start w4 while Q9 runs: the coordinator's log shows
#					tasks of the running query sent to w4 within 10 s;
#					then w1 is killed, and the answer is right
#
# Which worker runs a query comes from the coordinator's debug line "...
# sent to worker ID" (server/scheduler.c, log_level=debug).
#
# The seed prints first; KILL_TPCH_SEED=N replays the same delays and
# victims (durations are measured again, so kill moments vary a little).
#
# Usage: tests/fault/kill_tpch.sh   (QUARRY_BIN, FAULT_KEEP: lib.sh;
# QUARRY_SHARED: the shared directory, default ../shared beside the repo)
set -u
# shellcheck source=tests/fault/lib.sh
. "$(dirname "$0")/lib.sh"

SHARED=${QUARRY_SHARED:-$FAULT_ROOT/../shared}/tpch
QUERIES="01 03 09 18 21"
TRIALS=${KILL_TPCH_TRIALS:-4}		# per query
TASK_DELAY_MS=${KILL_TPCH_TASK_DELAY_MS:-300}
HB_ARGS=(--heartbeat_interval=200ms --heartbeat_liveness=5)
QUERY_TIMEOUT=60				# seconds; a query still running then hangs
SEED=${KILL_TPCH_SEED:-$(( $(date +%s%N) % 32768 ))}
KEYS=$FAULT_TMP/keys
declare -A WPID					# worker id -> pid
declare -A DURATION				# query -> measured ms

echo "# seed $SEED (replay: KILL_TPCH_SEED=$SEED $0)"
RANDOM=$SEED
PLAN_FRAC=()					# per trial: kill moment, per mille of the duration
PLAN_PICK=()					# per trial: fallback victim index
for _ in $(seq 1 $((TRIALS * 5))); do
	PLAN_FRAC+=($((RANDOM % 1000)))
	PLAN_PICK+=($((RANDOM % 3)))
done

psql_q() { psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry "$@"; }

# --- the cluster -----------------------------------------------------------------

# worker_up ID [ENV...]: start worker ID (again), wait until it registers.
worker_up() {
	local id=$1 mark
	shift
	mark=$(log_mark "$COORD_LOG")
	mkdir -p "$FAULT_TMP/$id-data"		# its shuffle files
	start_bg "$FAULT_TMP/$id.log" env QUARRY_TEST_TASK_DELAY_MS="$TASK_DELAY_MS" "$@" \
		"$QUARRY_BIN" worker "${COMMON_ARGS[@]}" "${HB_ARGS[@]}" --worker_id="$id" \
		--coordinator="tcp://127.0.0.1:$CLUSTER_PORT" --worker_slots=1 \
		--cluster_key_dir="$KEYS" --data_dir="$FAULT_TMP/$id-data"
	WPID[$id]=$FAULT_LAST_PID
	wait_for_log "$COORD_LOG" "worker $id registered \(host" 10 "$mark"
}

start_cluster() {
	cluster_ports || { fail "no free ports"; return 1; }
	make_keys "$KEYS" || { fail "could not create keys"; return 1; }
	start_coordinator coord --cluster_key_dir="$KEYS" --log_level=debug "${HB_ARGS[@]}"
	wait_for_log "$COORD_LOG" "cluster port listening" 10 || return 1
	for id in w1 w2 w3; do
		worker_up "$id" || return 1
	done
	wait_psql "$PG_PORT" 10
}

# --- queries ---------------------------------------------------------------------

# query_bg NN OUT: run query NN in the background into OUT (stderr OUT.err);
# sets QPID.
query_bg() {
	timeout "$QUERY_TIMEOUT" psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry --csv \
		-v ON_ERROR_STOP=1 -f "$SHARED/queries/q$1.sql" > "$2" 2> "$2.err" &
	QPID=$!
}

# query_check NN OUT: wait for the background query, check its answer.
query_check() {
	local n=$1 out=$2 rc diff
	wait "$QPID"
	rc=$?
	[ "$rc" = 124 ] && { fail "q$n still running after $QUERY_TIMEOUT s (hang)"; return 1; }
	if [ "$rc" != 0 ]; then
		if grep -q "could not send TASK" "$out.err"; then
			fail "q$n failed: $(head -1 "$out.err") -- engine bug: a task sent to a worker" \
				"that died but is not yet declared lost fails the query instead of being" \
				"retried elsewhere (see query_after_worker_death)"
		else
			fail "q$n failed: $(head -1 "$out.err")"
		fi
		return 1
	fi
	diff=$(python3 "$FAULT_ROOT/tests/tpch/compare.py" "$(tpch_answer "$n")" "$out") ||
		{ fail "q$n wrong answer:$(echo "$diff" | head -3 | tr '\n' ';')"; return 1; }
}

# run_check NN: run query NN in the foreground and check it.
run_check() {
	query_bg "$1" "$FAULT_TMP/check-q$1.csv"
	query_check "$1" "$FAULT_TMP/check-q$1.csv"
}

# running_worker MARK: the worker the coordinator last sent a task to after
# log line MARK, if any.
running_worker() {
	tail -n "+$(($1 + 1))" "$COORD_LOG" | grep -E "sent to worker" | tail -n 1 |
		sed -E 's/.*sent to worker ([A-Za-z0-9_-]+).*/\1/'
}

# measure NN: the query's duration (ms), the best of two runs.
measure() {
	local n=$1 t0 ms best=
	for _ in 1 2; do
		t0=$(now_ms)
		run_check "$n" || return 1
		ms=$(($(now_ms) - t0))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	done
	DURATION[$n]=$best
	echo "# q$n takes $best ms (task delay $TASK_DELAY_MS ms)"
}

# --- tests -----------------------------------------------------------------------

# t_kill NN TRIAL_INDEX
t_kill() {
	local n=$1 i=$2 out=$FAULT_TMP/kill-q$1-$2.csv mark delay victim how ok=0
	delay=$((DURATION[$n] * PLAN_FRAC[i] / 1000))
	mark=$(log_mark "$COORD_LOG")
	query_bg "$n" "$out"
	sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	victim=$(running_worker "$mark")
	how="running the query"
	if [ -z "$victim" ] || [ -z "${WPID[$victim]:-}" ]; then
		victim=w$((PLAN_PICK[i] + 1))
		how="random"
	fi
	kill_9 "${WPID[$victim]}"
	query_check "$n" "$out" || ok=1
	echo "# q$n trial $i: SIGKILL $victim ($how) at $delay ms of ${DURATION[$n]} ms;" \
		"retries: $(count_log "$COORD_LOG" "retrying the task|runs again after attempt" "$mark")"
	worker_up "$victim" || { [ $ok = 0 ] && fail "$victim did not register again: $FAULT_WHY"; ok=1; }
	return $ok
}

t_query_after_worker_death() {
	local k pids=() ok=0
	kill_9 "${WPID[w1]}"
	for k in 1 2 3; do
		query_bg 01 "$FAULT_TMP/death-q01-$k.csv"
		pids+=("$QPID")
	done
	for k in 1 2 3; do
		QPID=${pids[k - 1]}
		query_check 01 "$FAULT_TMP/death-q01-$k.csv" || ok=1
	done
	worker_up w1 || { [ $ok = 0 ] && fail "w1 did not register again: $FAULT_WHY"; ok=1; }
	return $ok
}

t_stall_worker() {
	local out=$FAULT_TMP/stall-q18.csv mark victim pid ok=0 t0
	mark=$(log_mark "$COORD_LOG")
	t0=$(now_ms)
	query_bg 18 "$out"
	wait_for_log "$COORD_LOG" "sent to worker" 5 "$mark" || return 1
	victim=$(running_worker "$mark")
	pid=${WPID[$victim]}
	stall "$pid"
	wait_for_log "$COORD_LOG" "worker $victim lost: no heartbeat for [0-9]+ ms" 5 "$mark" ||
		{ resume "$pid"; return 1; }
	query_check 18 "$out" || ok=1
	echo "# q18 answered $(($(now_ms) - t0)) ms after it started, $victim stopped"
	mark=$(log_mark "$COORD_LOG")
	resume "$pid"
	wait_for_log "$COORD_LOG" "worker $victim registered \(host" 5 "$mark" || return 1
	[ $ok = 0 ] || return 1
	# the cluster, the resumed worker with it, keeps answering
	run_check 03 && run_check 01 && run_check 18
}

t_join_mid_query() {
	local out=$FAULT_TMP/join-q09.csv mark ok=0 joined=0 why=""
	# two workers, and more partitions than their slots: tasks wait
	stop_proc "${WPID[w3]}"
	kill_9 "$COORD_PID"
	COORD_ARGS+=(--shuffle_partitions=8 --shuffle_coalesce_bytes=0)
	mark=$(log_mark "$COORD_LOG")
	restart_coordinator
	wait_for_log "$COORD_LOG" "worker w1 registered \(host" 10 "$mark" || return 1
	wait_for_log "$COORD_LOG" "worker w2 registered \(host" 10 "$mark" || return 1
	wait_psql "$PG_PORT" 10 || return 1
	mark=$(log_mark "$COORD_LOG")
	query_bg 09 "$out"
	wait_for_log "$COORD_LOG" "sent to worker" 5 "$mark" || return 1
	worker_up w4 || return 1
	is_running "$QPID" || { fail "q09 ended before w4 registered: nothing to show"; return 1; }
	# the scheduler gives the newcomer some of the running query's tasks
	if ! wait_for_log "$COORD_LOG" "sent to worker w4\b" 10 "$mark"; then
		joined=1
		why="no task of the running q09 was sent to w4 within 10 s of its joining"
	elif is_running "$QPID"; then
		kill_9 "${WPID[w1]}"		# and losing w1 then changes nothing
		echo "# w1 killed after w4 got a task of the running q09"
	fi
	query_check 09 "$out" || ok=1
	echo "# tasks of q09 sent to w4: $(count_log "$COORD_LOG" "sent to worker w4\b" "$mark")" \
		"of $(count_log "$COORD_LOG" "sent to worker" "$mark")"
	[ $ok = 0 ] || return 1
	[ $joined = 0 ] || fail "$why (the query answered right)"
}

# must NAME COMMAND...: check, and end the run when it failed.
must() {
	local name=$1
	shift
	FAULT_WHY=""
	if "$@"; then
		ok "$name"
	else
		not_ok "$name" "$FAULT_WHY"
		fault_summary
		exit 1
	fi
}

started=$(now_ms)
export QUARRY_TEST_TASK_DELAY_MS=$TASK_DELAY_MS
must cluster_start start_cluster
must load_tpch tpch_load
for n in $QUERIES; do
	check "measure_q$n" measure "$n"
done
i=0
for n in $QUERIES; do
	for k in $(seq 1 "$TRIALS"); do
		if [ -n "${DURATION[$n]:-}" ]; then
			check "kill_q${n}_t$k" t_kill "$n" "$i"
		else
			not_ok "kill_q${n}_t$k" "q$n did not run without faults"
		fi
		i=$((i + 1))
	done
done
check query_after_worker_death t_query_after_worker_death
check stall_worker t_stall_worker
check join_mid_query t_join_mid_query
echo "# seed $SEED; kill_tpch suite took $((($(now_ms) - started) / 1000)) s"
fault_summary
