#!/usr/bin/env bash
# membership.sh: cluster membership under faults (DESIGN.md sections 6, 6a).
#
#   worker_sigkill_restarted	kill -9 a worker of `quarry local`: the
#								coordinator ends it, the supervisor restarts
#								it, it registers again
#   worker_sigkill_lost			kill -9 a standalone worker: lost by missed
#								heartbeats within 6 s
#   worker_stalled				SIGSTOP a worker: lost; SIGCONT: registers again
#   coordinator_restart_local	kill -9 the coordinator of `quarry local`:
#								restarted, every worker registers within 6 s
#   coordinator_restart_standalone	the same with standalone processes
#   curve_unknown_worker_key	a worker key not in authorized_workers is refused
#   curve_wrong_server_key		a worker with another cluster's keys is refused
#   version_mismatch			a worker of another version is refused, exits 1
#   worker_drain				SIGTERM: the worker leaves and exits 0
#
# Usage: tests/fault/membership.sh [TEST...]   (QUARRY_BIN, FAULT_KEEP: lib.sh)
set -u
# shellcheck source=tests/fault/lib.sh
. "$(dirname "$0")/lib.sh"

LOST_WITHIN=6					# seconds, heartbeat_interval 1s x liveness 5 + slack

# --- under quarry local ---------------------------------------------------------

t_worker_sigkill_restarted() {
	local pid mark start
	pid=$(child_pid worker-1)
	[ -n "$pid" ] || { fail "no pid for worker-1"; return 1; }
	mark=$(log_mark "$LOCAL_LOG")
	start=$(now_ms)
	kill_9 "$pid"
	wait_for_log "$LOCAL_LOG" "worker worker-1 lost" "$LOST_WITHIN" "$mark" || return 1
	wait_for_log "$LOCAL_LOG" "worker-1 exited \(signal 9\); restarting" 2 "$mark" || return 1
	wait_for_log "$LOCAL_LOG" "worker worker-1 registered \(host" "$LOST_WITHIN" "$mark" || return 1
	echo "# worker-1 lost and registered again $(($(now_ms) - start)) ms after kill -9"
}

t_coordinator_restart_local() {
	local pid mark start
	pid=$(child_pid coordinator)
	[ -n "$pid" ] || { fail "no pid for the coordinator"; return 1; }
	mark=$(log_mark "$LOCAL_LOG")
	start=$(now_ms)
	kill_9 "$pid"
	wait_for_log "$LOCAL_LOG" "coordinator exited \(signal 9\); restarting" 2 "$mark" || return 1
	for k in 1 2; do
		wait_for_log "$LOCAL_LOG" "worker worker-$k registered \(host" 6 "$mark" || return 1
	done
	echo "# both workers registered $(($(now_ms) - start)) ms after kill -9"
	wait_psql "$PG_PORT" 5
}

t_worker_stalled() {
	local pid mark
	pid=$(child_pid worker-2)
	mark=$(log_mark "$LOCAL_LOG")
	stall "$pid"
	wait_for_log "$LOCAL_LOG" "worker worker-2 lost: no heartbeat for [0-9]+ ms" \
		"$LOST_WITHIN" "$mark" || { resume "$pid"; return 1; }
	mark=$(log_mark "$LOCAL_LOG")
	resume "$pid"
	wait_for_log "$LOCAL_LOG" "worker worker-2 registered \(host" 3 "$mark" || return 1
	[ "$(child_pid worker-2)" = "$pid" ] || fail "worker-2 was restarted, not resumed"
}

run_local_tests() {
	start_local local --workers=2
	if ! wait_local_ready 2 20; then
		not_ok local_start "$FAULT_WHY"
		return
	fi
	check worker_sigkill_restarted t_worker_sigkill_restarted
	check worker_stalled t_worker_stalled
	check coordinator_restart_local t_coordinator_restart_local
	check local_stop t_local_stop
}

t_local_stop() {
	term "$LOCAL_PID"
	wait_for_log "$LOCAL_LOG" "local cluster stopped" 12 || return 1
	wait_exit "$LOCAL_PID" 2 || return 1
	[ "$FAULT_EXIT" = 0 ] || fail "quarry local exited $FAULT_EXIT"
}

# --- standalone coordinator and workers ------------------------------------------

KEYS=$FAULT_TMP/keys

t_worker_sigkill_lost() {
	local mark
	start_worker w-kill "$FAULT_TMP/w-kill.log" --cluster_key_dir="$KEYS"
	wait_for_log "$COORD_LOG" "worker w-kill registered" 5 || return 1
	mark=$(log_mark "$COORD_LOG")
	kill_9 "$WORKER_PID"
	wait_for_log "$COORD_LOG" "worker w-kill lost: no heartbeat for [0-9]+ ms" \
		"$LOST_WITHIN" "$mark"
}

t_coordinator_restart_standalone() {
	local mark start
	start_worker w-a "$FAULT_TMP/w-a.log" --cluster_key_dir="$KEYS"
	start_worker w-b "$FAULT_TMP/w-b.log" --cluster_key_dir="$KEYS"
	wait_for_log "$COORD_LOG" "worker w-a registered" 5 || return 1
	wait_for_log "$COORD_LOG" "worker w-b registered" 5 || return 1
	kill_9 "$COORD_PID"
	wait "$COORD_PID" 2>/dev/null
	sleep 0.5
	mark=$(log_mark "$COORD_LOG")
	start=$(now_ms)
	restart_coordinator
	wait_for_log "$COORD_LOG" "worker w-a registered" 6 "$mark" || return 1
	wait_for_log "$COORD_LOG" "worker w-b registered" 6 "$mark" || return 1
	echo "# both workers registered $(($(now_ms) - start)) ms after the restart"
}

t_curve_unknown_worker_key() {
	local dir=$FAULT_TMP/keys-unknown pid
	make_keys "$dir" || { fail "could not create keys in $dir"; return 1; }
	cp "$KEYS/server.pub" "$dir/server.pub"	# right server, unlisted worker key
	start_worker w-badkey "$FAULT_TMP/w-badkey.log" --cluster_key_dir="$dir"
	pid=$WORKER_PID
	wait_for_log "$COORD_LOG" \
		"refusing worker connection from 127\.0\.0\.1: unknown CurveZMQ key" 5 || return 1
	wait_exit "$pid" 5 || return 1
	[ "$FAULT_EXIT" = 1 ] || fail "worker exited $FAULT_EXIT, expected 1"
	[ "$(count_log "$COORD_LOG" "worker w-badkey registered")" = 0 ] ||
		fail "the worker registered"
}

t_curve_wrong_server_key() {
	local dir=$FAULT_TMP/keys-other
	make_keys "$dir" || { fail "could not create keys in $dir"; return 1; }
	start_worker w-otherkeys "$FAULT_TMP/w-otherkeys.log" --cluster_key_dir="$dir"
	wait_for_log "$COORD_LOG" "refusing worker connection: CurveZMQ handshake failed" 5 ||
		return 1
	wait_for_log "$FAULT_TMP/w-otherkeys.log" "could not complete the CurveZMQ handshake" 5 ||
		return 1
	stop_proc "$WORKER_PID"
	[ "$(count_log "$COORD_LOG" "worker w-otherkeys registered")" = 0 ] ||
		fail "the worker registered"
}

t_version_mismatch() {
	start_bg "$FAULT_TMP/w-old.log" env QUARRY_TEST_WORKER_VERSION=0.0.1-test \
		"$QUARRY_BIN" worker "${COMMON_ARGS[@]}" --worker_id=w-old --worker_slots=1 \
		--coordinator="tcp://127.0.0.1:$CLUSTER_PORT" --cluster_key_dir="$KEYS"
	wait_for_log "$COORD_LOG" \
		"refusing worker w-old: version 0\.0\.1-test, coordinator is [0-9]" 5 || return 1
	wait_for_log "$FAULT_TMP/w-old.log" "FATAL: .*refused this worker: worker version 0\.0\.1-test" \
		5 || return 1
	wait_exit "$FAULT_LAST_PID" 5 || return 1
	[ "$FAULT_EXIT" = 1 ] || fail "worker exited $FAULT_EXIT, expected 1"
}

t_worker_drain() {
	start_worker w-drain "$FAULT_TMP/w-drain.log" --cluster_key_dir="$KEYS"
	wait_for_log "$COORD_LOG" "worker w-drain registered" 5 || return 1
	term "$WORKER_PID"
	wait_for_log "$COORD_LOG" "worker w-drain left" 5 || return 1
	wait_exit "$WORKER_PID" 5 || return 1
	[ "$FAULT_EXIT" = 0 ] || fail "worker exited $FAULT_EXIT, expected 0"
}

t_coordinator_without_keys() {
	local log=$FAULT_TMP/nokeys.log pg cl ui
	pg=$(free_port) cl=$(free_port) ui=$(free_port)
	start_bg "$log" "$QUARRY_BIN" coordinator --port="$pg" --cluster_port="$cl" \
		--ui_port="$ui" --listen_addresses=127.0.0.1 --data_dir="$FAULT_TMP/nokeys"
	wait_exit "$FAULT_LAST_PID" 10 || return 1
	[ "$FAULT_EXIT" != 0 ] || fail "the coordinator started without keys"
	grep -q "CurveZMQ key file" "$log" || fail "no message naming the key file"
}

run_standalone_tests() {
	cluster_ports || return
	make_keys "$KEYS" || { not_ok standalone_keys "could not create keys"; return; }
	start_coordinator coord --cluster_key_dir="$KEYS"
	if ! wait_for_log "$COORD_LOG" "cluster port listening" 10; then
		not_ok coordinator_start "$FAULT_WHY"
		return
	fi
	check worker_sigkill_lost t_worker_sigkill_lost
	check curve_unknown_worker_key t_curve_unknown_worker_key
	check curve_wrong_server_key t_curve_wrong_server_key
	check version_mismatch t_version_mismatch
	check worker_drain t_worker_drain
	check coordinator_restart_standalone t_coordinator_restart_standalone
	check coordinator_without_keys t_coordinator_without_keys
}

started=$(now_ms)
run_local_tests
run_standalone_tests
echo "# membership suite took $((($(now_ms) - started) / 1000)) s"
fault_summary
