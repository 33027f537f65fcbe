#!/usr/bin/env bash
# netns.sh: a cluster spread over four "hosts" (network namespaces made by
# the test) answers TPC-H SF0.1 right, also when one worker's network link
# goes down while it runs a query.
#
# Network: a namespace holding a bridge, and one namespace per process,
# each joined to the bridge by a veth pair whose inner end is eth0:
#
#   coordinator  10.77.0.1   --listen_addresses=10.77.0.1, host rule
#                            trusting 10.77.0.0/24; psql runs in here
#   w1, w2, w3   10.77.0.11..13  --coordinator=tcp://10.77.0.1:PORT
#                            --worker_host=10.77.0.1N
#
# CurveZMQ keys are one key set in the test's directory, shared by all (the
# namespaces share the file system, as they share the table files).
#
#   netns_setup		the namespaces, links and addresses; skipped (ok - #
#					SKIP) only when `ip netns add` is not permitted
#   cluster_start	the coordinator and three workers register across it
#   load_tpch		COPY of the eight tables through the coordinator
#   qNN				the 22 queries against the official answers
#   every_worker_used	the scheduler's log shows tasks on each of the three
#   link_down_mid_query  Q18 with slow tasks (QUARRY_TEST_TASK_DELAY_MS):
#					the link of the worker running it goes down (ip link
#					set eth0 down in its namespace); the worker is lost,
#					the query answers right; the link comes back, the
#					worker registers again and Q1 and Q3 answer right
#
# Which worker runs a query comes from the coordinator's debug line "...
# sent to worker ID" (server/scheduler.c, log_level=debug).
#
# Everything is removed on exit, also on failure (the EXIT trap).
#
# Usage: tests/fault/netns.sh   (QUARRY_BIN, FAULT_KEEP: lib.sh;
# QUARRY_SHARED: the shared directory, default ../shared beside the repo)
set -u
# shellcheck source=tests/fault/lib.sh
. "$(dirname "$0")/lib.sh"

SHARED=${QUARRY_SHARED:-$FAULT_ROOT/../shared}/tpch
NS=qn$$							# the prefix of this run's namespaces
NS_HUB=$NS-hub
NS_C=$NS-c
WORKERS="w1 w2 w3"
COORD_IP=10.77.0.1
HB_ARGS=(--heartbeat_interval=200ms --heartbeat_liveness=5)
QUERY_TIMEOUT=120
KEYS=$FAULT_TMP/keys
NAMESPACES=()
declare -A WPID WIP

netns_cleanup() {
	local ns
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
}
trap 'fault_cleanup; netns_cleanup' EXIT

ns_of() { echo "$NS-$1"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# --- the network ------------------------------------------------------------------

# add_host NAME ADDR: a namespace joined to the bridge, eth0 = ADDR/24.
add_host() {
	local ns=$NS-$1 addr=$2
	ip netns add "$ns" || return 1
	NAMESPACES+=("$ns")
	ip -n "$NS_HUB" link add "v-$1" type veth peer name eth0 netns "$ns" || return 1
	ip -n "$NS_HUB" link set "v-$1" master br0 up || return 1
	ip -n "$ns" addr add "$addr/24" dev eth0 || return 1
	ip -n "$ns" link set lo up || return 1
	ip -n "$ns" link set eth0 up
}

netns_setup() {
	local k=11 id
	ip netns add "$NS_HUB" 2>"$FAULT_TMP/netns.err" || return 2
	NAMESPACES+=("$NS_HUB")
	ip -n "$NS_HUB" link add br0 type bridge || { fail "bridge: $(cat "$FAULT_TMP/netns.err")"; return 1; }
	ip -n "$NS_HUB" link set br0 up || return 1
	add_host c "$COORD_IP" || { fail "could not set up the coordinator's namespace"; return 1; }
	for id in $WORKERS; do
		WIP[$id]=10.77.0.$k
		add_host "$id" "${WIP[$id]}" || { fail "could not set up $id's namespace"; return 1; }
		k=$((k + 1))
	done
	# reachable: a connection to a closed port is refused (no ping here)
	for id in $WORKERS; do
		in_ns "$(ns_of "$id")" timeout 5 bash -c "exec 3<>/dev/tcp/$COORD_IP/1" 2>&1 |
			grep -q "refused" || { fail "$id cannot reach $COORD_IP"; return 1; }
	done
}

# --- the cluster -------------------------------------------------------------------

psql_c() { in_ns "$NS_C" psql -X -h "$COORD_IP" -p "$PG_PORT" -U quarry -d quarry "$@"; }

# worker_up ID DELAY_MS: start worker ID in its namespace, wait until it registers.
worker_up() {
	local id=$1 mark
	mark=$(log_mark "$COORD_LOG")
	mkdir -p "$FAULT_TMP/$id-data"		# its shuffle files
	start_bg "$FAULT_TMP/$id.log" ip netns exec "$(ns_of "$id")" \
		env QUARRY_TEST_TASK_DELAY_MS="$2" "$QUARRY_BIN" worker \
		--log_level=debug "${HB_ARGS[@]}" --worker_id="$id" --worker_slots=1 \
		--coordinator="tcp://$COORD_IP:$CLUSTER_PORT" --worker_host="${WIP[$id]}" \
		--cluster_key_dir="$KEYS" --data_dir="$FAULT_TMP/$id-data"
	WPID[$id]=$FAULT_LAST_PID
	wait_for_log "$COORD_LOG" "worker $id registered \(host ${WIP[$id]//./\\.}," 10 "$mark"
}

start_cluster() {
	local id
	if ! { PG_PORT=$(free_port) && CLUSTER_PORT=$(free_port) && UI_PORT=$(free_port); }; then
		fail "no free ports"
		return 1
	fi
	make_keys "$KEYS" || { fail "could not create keys"; return 1; }
	echo "host all all 10.77.0.0/24 trust" > "$FAULT_TMP/hba.conf"
	COORD_LOG=$FAULT_TMP/coord.log
	start_bg "$COORD_LOG" ip netns exec "$NS_C" "$QUARRY_BIN" coordinator \
		--data_dir="$FAULT_TMP/coord" --listen_addresses="$COORD_IP" --port="$PG_PORT" \
		--cluster_port="$CLUSTER_PORT" --ui_port="$UI_PORT" --hba_file="$FAULT_TMP/hba.conf" \
		--cluster_key_dir="$KEYS" --log_level=debug "${HB_ARGS[@]}"
	wait_for_log "$COORD_LOG" "cluster port listening" 10 || return 1
	for id in $WORKERS; do
		worker_up "$id" 0 || return 1
	done
	local deadline=$(($(now_ms) + 10000))
	until psql_c -XAtqc 'select 1' > /dev/null 2>&1; do
		[ "$(now_ms)" -lt "$deadline" ] || { fail "psql could not connect to $COORD_IP"; return 1; }
		sleep 0.1
	done
}

load_tpch() {
	local data=$FAULT_TMP/tbl t start=$SECONDS
	mkdir -p "$data"
	tar -xJf "$SHARED/tpch-sf0.1.tar.xz" -C "$data" || { fail "could not unpack the data"; return 1; }
	psql_c -q -v ON_ERROR_STOP=1 -f "$SHARED/schema.sql" > /dev/null 2> "$FAULT_TMP/load.err" ||
		{ fail "$(head -2 "$FAULT_TMP/load.err")"; return 1; }
	for t in region nation part supplier partsupp customer orders lineitem; do
		sed 's/|$//' "$data/$t.tbl" |
			psql_c -q -v ON_ERROR_STOP=1 -c "\\copy $t FROM STDIN WITH (DELIMITER '|')" \
				2>> "$FAULT_TMP/load.err" || { fail "$(head -2 "$FAULT_TMP/load.err")"; return 1; }
	done
	rm -rf "$data"
	echo "# loaded SF0.1 through $COORD_IP in $((SECONDS - start)) s"
}

# --- queries ----------------------------------------------------------------------

answer_of() {
	local f=$SHARED/answers-sf0.1/q$1.csv
	[ -f "$f" ] || f=$SHARED/answers-sf0.1/Q$1.csv
	echo "$f"
}

# query_bg NN OUT: query NN in the background into OUT; sets QPID.
query_bg() {
	timeout "$QUERY_TIMEOUT" ip netns exec "$NS_C" psql -X -h "$COORD_IP" -p "$PG_PORT" \
		-U quarry -d quarry --csv -v ON_ERROR_STOP=1 -f "$SHARED/queries/q$1.sql" \
		> "$2" 2> "$2.err" &
	QPID=$!
}

# query_check NN OUT: wait for the background query and check its answer.
query_check() {
	local n=$1 out=$2 rc diff
	wait "$QPID"
	rc=$?
	[ "$rc" = 124 ] && { fail "q$n still running after $QUERY_TIMEOUT s (hang)"; return 1; }
	[ "$rc" = 0 ] || { fail "q$n failed: $(head -1 "$out.err")"; return 1; }
	diff=$(python3 "$FAULT_ROOT/tests/tpch/compare.py" "$(answer_of "$n")" "$out") ||
		{ fail "q$n wrong answer:$(echo "$diff" | head -3 | tr '\n' ';')"; return 1; }
}

run_check() {
	query_bg "$1" "$FAULT_TMP/q$1.csv"
	query_check "$1" "$FAULT_TMP/q$1.csv"
}

# t_every_worker_used: the 22 queries ran tasks on every worker's host.
t_every_worker_used() {
	local id n line=""
	for id in $WORKERS; do
		n=$(count_log "$COORD_LOG" "sent to worker $id\b")
		line="$line $id:$n"
		[ "$n" -gt 0 ] || fail "no task was sent to $id"
	done
	echo "# tasks per worker:$line"
	[ -z "$FAULT_WHY" ]
}

t_link_down_mid_query() {
	local id mark victim ns out=$FAULT_TMP/cut-q18.csv ok=0 t0
	# slow tasks, so that the link goes down while one runs
	for id in $WORKERS; do
		stop_proc "${WPID[$id]}"
		worker_up "$id" 800 || return 1
	done
	mark=$(log_mark "$COORD_LOG")
	t0=$(now_ms)
	query_bg 18 "$out"
	wait_for_log "$COORD_LOG" "sent to worker" 10 "$mark" || return 1
	victim=$(tail -n "+$((mark + 1))" "$COORD_LOG" | grep -E "sent to worker" |
		tail -n 1 | sed -E 's/.*sent to worker ([A-Za-z0-9_-]+).*/\1/')
	ns=$(ns_of "$victim")
	ip -n "$ns" link set eth0 down || { fail "could not take $victim's link down"; return 1; }
	echo "# link of $victim (${WIP[$victim]}) down $(($(now_ms) - t0)) ms into q18"
	wait_for_log "$COORD_LOG" "worker $victim lost: no heartbeat for [0-9]+ ms" 10 "$mark" ||
		ok=1
	query_check 18 "$out" || ok=1
	echo "# q18 answered $(($(now_ms) - t0)) ms after it started;" \
		"retries: $(count_log "$COORD_LOG" "retrying the task|runs again after attempt" "$mark")"
	mark=$(log_mark "$COORD_LOG")
	ip -n "$ns" link set eth0 up
	[ $ok = 0 ] || return 1
	wait_for_log "$COORD_LOG" "worker $victim registered \(host" 15 "$mark" || return 1
	echo "# $victim registered again $(($(now_ms) - t0)) ms after q18 started"
	run_check 01 && run_check 03
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
if ! command -v ip > /dev/null; then
	skip netns "no ip(8): install iproute2"
	fault_summary
	exit
fi
netns_setup
rc=$?
if [ $rc = 2 ]; then
	skip netns "ip netns add is not permitted here: $(head -1 "$FAULT_TMP/netns.err")"
	fault_summary
	exit
fi
if [ $rc != 0 ]; then
	not_ok netns_setup "$FAULT_WHY"
	fault_summary
	exit 1
fi
ok netns_setup
must cluster_start start_cluster
must load_tpch load_tpch
for n in $(seq -w 1 22); do
	t0=$(now_ms)
	FAULT_WHY=""
	if run_check "$n"; then
		ok "q$n ($(($(now_ms) - t0)) ms)"
	else
		not_ok "q$n" "$FAULT_WHY"
	fi
done
check every_worker_used t_every_worker_used
check link_down_mid_query t_link_down_mid_query
echo "# netns suite took $((($(now_ms) - started) / 1000)) s"
fault_summary
