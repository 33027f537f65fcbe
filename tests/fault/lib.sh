# lib.sh: helpers for the fault tests, sourced by tests/fault/*.sh.
#
# Each test script starts its own clusters on free loopback ports with a
# temporary data directory, then kills, stops and restarts processes and
# watches their logs.  Everything it starts is killed on exit.
#
#   QUARRY_BIN		the binary (default build/server/quarry under the repo)
#   FAULT_KEEP=1	keep the temporary directory (logs) after the run
#
# Results print as "ok - NAME" / "not ok - NAME: why"; fault_summary prints
# "N passed, M failed" and returns non-zero if any test failed.
#
# Variables the helpers set for the tests: PG_PORT CLUSTER_PORT UI_PORT
# COMMON_ARGS, LOCAL_PID LOCAL_LOG LOCAL_DIR, COORD_PID COORD_LOG,
# WORKER_PID, FAULT_LAST_PID, FAULT_EXIT, FAULT_WHY.
# shellcheck disable=SC2034

FAULT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QUARRY_BIN=${QUARRY_BIN:-$FAULT_ROOT/build/server/quarry}
case $QUARRY_BIN in /*) ;; *) QUARRY_BIN=$PWD/$QUARRY_BIN ;; esac
FAULT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/quarry-fault.XXXXXX")
FAULT_PASSED=0
FAULT_FAILED=0
FAULT_SKIPPED=0
FAULT_PIDS=()					# every process a test started
FAULT_WHY=""					# why the last check failed

# --- results ---------------------------------------------------------------

ok() { echo "ok - $1"; FAULT_PASSED=$((FAULT_PASSED + 1)); }

not_ok() {
	echo "not ok - $1${2:+: $2}"
	FAULT_FAILED=$((FAULT_FAILED + 1))
}

skip() { echo "ok - $1 # SKIP $2"; FAULT_SKIPPED=$((FAULT_SKIPPED + 1)); }

# check NAME COMMAND...: ok if COMMAND succeeds, else not ok with $FAULT_WHY.
check() {
	local name=$1
	shift
	FAULT_WHY=""
	if "$@"; then ok "$name"; else not_ok "$name" "$FAULT_WHY"; fi
}

fail() { FAULT_WHY=$*; return 1; }

fault_summary() {
	local skipped=""
	[ "$FAULT_SKIPPED" -gt 0 ] && skipped=", $FAULT_SKIPPED skipped"
	echo "$FAULT_PASSED passed, $FAULT_FAILED failed$skipped"
	[ "$FAULT_FAILED" -eq 0 ]
}

# --- ports, time -------------------------------------------------------------

# free_port prints a loopback TCP port nothing listens on, avoiding the
# ports a developer's own instance may use and those handed out already.
FAULT_PORTS_TAKEN=" 5433 7077 4040 "
free_port() {
	local p
	for _ in $(seq 1 500); do
		p=$((20000 + RANDOM % 12768))	# below the ephemeral range, 32768-60999
		case $FAULT_PORTS_TAKEN in *" $p "*) continue ;; esac
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			FAULT_PORTS_TAKEN="$FAULT_PORTS_TAKEN$p "
			echo "$p"
			return 0
		fi
	done
	return 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# secs_to_ms 2.5 prints 2500.
secs_to_ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }

# --- logs --------------------------------------------------------------------

# log_mark FILE prints the number of lines FILE has now, for wait_for_log.
log_mark() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }

# wait_for_log FILE REGEX TIMEOUT_S [FROM_LINE]: wait until a line after
# FROM_LINE matches the extended REGEX.  Fails with $FAULT_WHY set.
wait_for_log() {
	local file=$1 regex=$2 timeout=$3 from=${4:-0}
	local deadline=$(($(now_ms) + $(secs_to_ms "$timeout")))
	while :; do
		if [ -f "$file" ] && tail -n "+$((from + 1))" "$file" | grep -Eq -- "$regex"; then
			return 0
		fi
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "no line matching /$regex/ in $(basename "$file") within ${timeout}s"
			return 1
		fi
		sleep 0.05
	done
}

# count_log FILE REGEX [FROM_LINE] prints how many lines after FROM_LINE match.
count_log() {
	local from=${3:-0}
	[ -f "$1" ] || { echo 0; return; }
	tail -n "+$((from + 1))" "$1" | grep -Ec -- "$2" || true
}

# --- processes -----------------------------------------------------------------

# start_bg LOG CMD...: run CMD in the background with output to LOG; sets
# FAULT_LAST_PID.  Environment assignments may precede it with env(1).
start_bg() {
	local log=$1
	shift
	"$@" >> "$log" 2>&1 &
	FAULT_LAST_PID=$!
	FAULT_PIDS+=("$FAULT_LAST_PID")
}

is_alive() { kill -0 "$1" 2>/dev/null; }

# is_running PID: alive and not a zombie waiting to be reaped.
is_running() {
	is_alive "$1" && [ "$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# wait_exit PID TIMEOUT_S: wait for a child of this shell to end; the exit
# status goes to FAULT_EXIT.  Fails if it still runs after TIMEOUT_S.
wait_exit() {
	local pid=$1 deadline=$(($(now_ms) + $2 * 1000))
	while is_running "$pid"; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "process $pid still running after $2 s"
			return 1
		fi
		sleep 0.05
	done
	wait "$pid" 2>/dev/null
	FAULT_EXIT=$?
	return 0
}

# kill_9 PID: SIGKILL, and reap it if it is our child (quietly: bash would
# report the killed job).
kill_9() { { kill -KILL "$1" && wait "$1"; } 2>/dev/null; }
term() { kill -TERM "$1" 2>/dev/null; }
stall() { kill -STOP "$1" 2>/dev/null; }
resume() { kill -CONT "$1" 2>/dev/null; }

# stop_proc PID: SIGTERM, then SIGKILL after 10 s.
stop_proc() {
	is_alive "$1" || return 0
	term "$1"
	wait_exit "$1" 10 || { kill_9 "$1"; wait "$1" 2>/dev/null; }
}

# --- clusters ------------------------------------------------------------------

# cluster_ports sets PG_PORT, CLUSTER_PORT and UI_PORT to free ports, and
# COMMON_ARGS to the settings every process of the test cluster gets.
cluster_ports() {
	PG_PORT=$(free_port) && CLUSTER_PORT=$(free_port) && UI_PORT=$(free_port) || return 1
	COMMON_ARGS=(--port="$PG_PORT" --cluster_port="$CLUSTER_PORT" --ui_port="$UI_PORT"
		--listen_addresses=127.0.0.1 --log_level="${FAULT_LOG_LEVEL:-info}")
}

# start_local NAME [ARGS...]: `quarry local` with data directory
# $FAULT_TMP/NAME and log $FAULT_TMP/NAME.log.  Sets LOCAL_PID, LOCAL_LOG,
# LOCAL_DIR and the ports.
start_local() {
	local name=$1
	shift
	cluster_ports || return 1
	LOCAL_DIR=$FAULT_TMP/$name
	LOCAL_LOG=$FAULT_TMP/$name.log
	start_bg "$LOCAL_LOG" "$QUARRY_BIN" local --data_dir="$LOCAL_DIR" "${COMMON_ARGS[@]}" "$@"
	LOCAL_PID=$FAULT_LAST_PID
}

# wait_psql PORT TIMEOUT_S: wait until psql connects (skipped without psql).
wait_psql() {
	local deadline=$(($(now_ms) + $2 * 1000))
	command -v psql > /dev/null || return 0
	until PGCONNECT_TIMEOUT=2 psql -h 127.0.0.1 -p "$1" -U quarry -d quarry -XAtqc 'select 1' \
		> /dev/null 2>&1; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "psql could not connect to port $1 within $2 s"
			return 1
		fi
		sleep 0.1
	done
}

# wait_local_ready NWORKERS TIMEOUT_S: the ready line, every worker
# registered, and psql connecting.
wait_local_ready() {
	local n=$1 timeout=$2 deadline
	deadline=$(($(now_ms) + timeout * 1000))
	wait_for_log "$LOCAL_LOG" "quarry local: coordinator on port" "$timeout" || return 1
	while [ "$(count_log "$LOCAL_LOG" "worker worker-[0-9]+ registered \(host")" -lt "$n" ]; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			fail "fewer than $n workers registered within $timeout s"
			return 1
		fi
		sleep 0.05
	done
	wait_psql "$PG_PORT" "$timeout"
}

# child_pid NAME: the pid `quarry local` last started NAME ("coordinator",
# "worker-1") with, from its log.
child_pid() {
	grep -E "started $1 \(pid [0-9]+\)" "$LOCAL_LOG" | tail -n 1 | sed -E 's/.*\(pid ([0-9]+)\).*/\1/'
}

# start_coordinator NAME [ARGS...]: a standalone coordinator, data directory
# $FAULT_TMP/NAME, log $FAULT_TMP/NAME.log; sets COORD_PID and COORD_LOG.
# Uses the current ports (cluster_ports).
start_coordinator() {
	local name=$1
	shift
	COORD_LOG=$FAULT_TMP/$name.log
	COORD_ARGS=(--data_dir="$FAULT_TMP/$name" "$@")
	mkdir -p "$FAULT_TMP/$name"
	start_bg "$COORD_LOG" "$QUARRY_BIN" coordinator "${COMMON_ARGS[@]}" "${COORD_ARGS[@]}"
	COORD_PID=$FAULT_LAST_PID
}

# restart_coordinator: start the standalone coordinator again, same settings.
restart_coordinator() {
	start_bg "$COORD_LOG" "$QUARRY_BIN" coordinator "${COMMON_ARGS[@]}" "${COORD_ARGS[@]}"
	COORD_PID=$FAULT_LAST_PID
}

# start_worker ID LOG [ARGS...]: a standalone worker registering with the
# current coordinator; sets WORKER_PID.
start_worker() {
	local id=$1 log=$2
	shift 2
	start_bg "$log" "$QUARRY_BIN" worker "${COMMON_ARGS[@]}" --worker_id="$id" \
		--coordinator="tcp://127.0.0.1:$CLUSTER_PORT" --worker_slots=1 "$@"
	WORKER_PID=$FAULT_LAST_PID
}

# has_keygen: whether this quarry has the `keygen` command.
has_keygen() { "$QUARRY_BIN" keygen --help > /dev/null 2>&1; }

# make_keys DIR: a fresh CurveZMQ key set in DIR, by `quarry keygen`, or
# else by letting a throwaway `quarry local` create it.
make_keys() {
	local dir=$1 pg cl ui pid
	if has_keygen; then
		"$QUARRY_BIN" keygen --cluster_key_dir="$dir" > /dev/null 2>&1
		return
	fi
	pg=$(free_port) cl=$(free_port) ui=$(free_port)
	start_bg "$dir.keygen.log" "$QUARRY_BIN" local --data_dir="$dir.data" \
		--cluster_key_dir="$dir" --workers=1 --port="$pg" --cluster_port="$cl" \
		--ui_port="$ui" --listen_addresses=127.0.0.1
	pid=$FAULT_LAST_PID
	wait_for_log "$dir.keygen.log" "started coordinator" 10
	stop_proc "$pid"
	[ -s "$dir/authorized_workers" ]
}

# TPC-H SF0.1 from the shared directory (QUARRY_SHARED, default ../shared
# beside the repo), for the suites that run its queries on a test cluster.
TPCH_SHARED=${QUARRY_SHARED:-$FAULT_ROOT/../shared}/tpch

# tpch_answer NN prints the official answer file of query NN.
tpch_answer() {
	local f=$TPCH_SHARED/answers-sf0.1/q$1.csv
	[ -f "$f" ] || f=$TPCH_SHARED/answers-sf0.1/Q$1.csv
	echo "$f"
}

# tpch_load loads the schema and the eight tables through psql on PG_PORT.
tpch_load() {
	local data=$FAULT_TMP/tbl t
	local q=(psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry -q -v ON_ERROR_STOP=1)
	mkdir -p "$data"
	tar -xJf "$TPCH_SHARED/tpch-sf0.1.tar.xz" -C "$data" || { fail "could not unpack the data"; return 1; }
	"${q[@]}" -f "$TPCH_SHARED/schema.sql" > /dev/null 2> "$FAULT_TMP/load.err" ||
		{ fail "$(head -2 "$FAULT_TMP/load.err")"; return 1; }
	for t in region nation part supplier partsupp customer orders lineitem; do
		sed 's/|$//' "$data/$t.tbl" |
			"${q[@]}" -c "\\copy $t FROM STDIN WITH (DELIMITER '|')" 2>> "$FAULT_TMP/load.err" ||
			{ fail "$(head -2 "$FAULT_TMP/load.err")"; return 1; }
	done
	rm -rf "$data"
}

# fault_cleanup kills every process the tests started (a `quarry local`
# takes its children with it) and removes the temporary directory.
fault_cleanup() {
	local pid
	exec 2>/dev/null			# no job notices for what we kill here
	for pid in "${FAULT_PIDS[@]}"; do
		is_alive "$pid" && kill -KILL "$pid" 2>/dev/null
		resume "$pid"
	done
	# children of a killed `quarry local` get SIGTERM from the kernel;
	# give them a moment, then make sure
	sleep 0.3
	for log in "$FAULT_TMP"/*.log; do
		[ -f "$log" ] || continue
		grep -oE "started [a-z0-9-]+ \(pid [0-9]+\)" "$log" |
			sed -E 's/.*pid ([0-9]+).*/\1/' | while read -r pid; do
			if is_alive "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null |
				grep -q -- "$FAULT_TMP"; then
				resume "$pid"
				kill -KILL "$pid" 2>/dev/null
			fi
		done
	done
	if [ "${FAULT_KEEP:-0}" = 1 ] || [ "$FAULT_FAILED" -gt 0 ]; then
		echo "# logs kept in $FAULT_TMP"
	else
		rm -rf "$FAULT_TMP"
	fi
}

trap fault_cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$QUARRY_BIN" ]; then
	echo "not ok - setup: no quarry binary at $QUARRY_BIN (build it, or set QUARRY_BIN)"
	exit 1
fi
