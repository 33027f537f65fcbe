#!/usr/bin/env bash
# crash_writes.sh: SIGKILL the coordinator or a worker at a random moment
# during INSERT ... SELECT, CREATE TABLE AS and COPY FROM STDIN, CRASH_ROUNDS
# times (default 50).  After each restart: every write the client saw
# commit is there whole, every other write is there whole or not at all,
# and at the end no file in the warehouse is unknown to the metastore and
# every committed file is on disk.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap fault_cleanup EXIT

ROUNDS=${CRASH_ROUNDS:-50}
SRC_ROWS=1000000
COPY_ROWS=300000
RANDOM=${CRASH_SEED:-$$}

# The processes are started (and restarted) here rather than by `quarry
# local`, which rightly gives up on a child that keeps dying young.
KEYS=$FAULT_TMP/keys
make_keys "$KEYS" || exit 1
cluster_ports || exit 1
LOCAL_DIR=$FAULT_TMP/crash
ARGS=(--storage_sweep_interval=500ms --heartbeat_interval=200ms --task_max_attempts=6
	--cluster_key_dir="$KEYS")
start_coordinator crash "${ARGS[@]}"
start_worker w1 "$FAULT_TMP/w1.log" "${ARGS[@]}"
W1=$WORKER_PID
start_worker w2 "$FAULT_TMP/w2.log" "${ARGS[@]}"
W2=$WORKER_PID
check "cluster up" wait_psql "$PG_PORT" 30

q() { PGCONNECT_TIMEOUT=5 psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry "$@"; }

# --- set-up ------------------------------------------------------------------

seed_rows() {
	local i out=""
	for i in $(seq 1 1000); do out+="${out:+,}($i, 'row $i of the source')"; done
	echo "$out"
}

setup() {
	q -q -c "CREATE TABLE src (k int, s text)" -c "CREATE TABLE dst (k int, s text, tag int)" \
		-c "INSERT INTO src VALUES $(seed_rows)" || return 1
	while [ "$(q -Atc 'SELECT count(*) FROM src')" -lt "$SRC_ROWS" ]; do
		q -q -c "INSERT INTO src SELECT k + (SELECT max(k) FROM src), s FROM src" || return 1
	done
	q -q -c "DELETE FROM src WHERE k > $SRC_ROWS" &&
		[ "$(q -Atc 'SELECT count(*) FROM src')" -eq "$SRC_ROWS" ]
}
check "set-up: src has $SRC_ROWS rows" setup

# --- one round -----------------------------------------------------------------

declare -A kind expect committed

# start_write I: a write tagged I in the background; its output goes to out.I.
start_write() {
	local i=$1 out=$FAULT_TMP/out.$1
	case $((RANDOM % 3)) in
		0) kind[$i]=insert; expect[$i]=$SRC_ROWS
			q -c "INSERT INTO dst SELECT k, s, $i FROM src" > "$out" 2>&1 & ;;
		1) kind[$i]=ctas; expect[$i]=$SRC_ROWS
			q -c "CREATE TABLE c_$i AS SELECT k, s, $i AS tag FROM src" > "$out" 2>&1 & ;;
		2) kind[$i]=copy; expect[$i]=$COPY_ROWS
			seq 1 "$COPY_ROWS" | sed "s/\$/\tcopied row\t$i/" |
				q -c "COPY dst FROM STDIN" > "$out" 2>&1 & ;;
	esac
	WRITER=$!
}

# kill_one: SIGKILL the coordinator half of the time, else a worker, and
# start it again.
kill_one() {
	case $((RANDOM % 4)) in
		0 | 1) kill_9 "$COORD_PID"; restart_coordinator ;;
		2) kill_9 "$W1"; start_worker w1 "$FAULT_TMP/w1.log" "${ARGS[@]}"; W1=$WORKER_PID ;;
		*) kill_9 "$W2"; start_worker w2 "$FAULT_TMP/w2.log" "${ARGS[@]}"; W2=$WORKER_PID ;;
	esac
}

wait_up() {
	local deadline=$(($(now_ms) + 30000))
	until q -Atc "SELECT 1" > /dev/null 2>&1; do
		[ "$(now_ms)" -ge "$deadline" ] && { fail "the cluster did not come back"; return 1; }
		sleep 0.1
	done
}

round() {
	local i=$1
	start_write "$i"
	sleep "0.$(printf '%03d' $((RANDOM % 150)))"
	kill_one
	wait "$WRITER" 2>/dev/null
	committed[$i]=0
	grep -qE "^(INSERT 0|SELECT|COPY) ${expect[$i]}\$" "$FAULT_TMP/out.$i" && committed[$i]=1
	wait_up
}

# --- checks ----------------------------------------------------------------------

# verify: each write is all or nothing, and there if the client saw it commit.
verify() {
	local counts i n
	counts=$(q -Atc "SELECT tag, count(*) FROM dst GROUP BY tag") || { fail "dst unreadable"; return 1; }
	for i in "${!kind[@]}"; do
		if [ "${kind[$i]}" = ctas ]; then
			n=$(q -Atc "SELECT count(*) FROM c_$i WHERE tag = $i" 2>/dev/null || echo 0)
		else
			n=$(echo "$counts" | awk -F'|' -v t="$i" '$1 == t { print $2 }')
		fi
		n=${n:-0}
		if [ "$n" -ne 0 ] && [ "$n" -ne "${expect[$i]}" ]; then
			fail "write $i (${kind[$i]}) is partly visible: $n of ${expect[$i]} rows"
			return 1
		fi
		if [ "${committed[$i]}" = 1 ] && [ "$n" -ne "${expect[$i]}" ]; then
			fail "write $i (${kind[$i]}) committed but has $n rows"
			return 1
		fi
	done
}

# files_consistent: the warehouse holds exactly the committed files.
files_consistent() {
	local disk meta extra missing
	disk=$(cd "$LOCAL_DIR" && find warehouse -type f | sort)
	meta=$(sqlite3 "$LOCAL_DIR/metastore.db" "SELECT path FROM files ORDER BY path" | sort)
	extra=$(comm -23 <(echo "$disk") <(echo "$meta") | grep -v '^$')
	missing=$(comm -13 <(echo "$disk") <(echo "$meta") | grep -v '^$')
	[ -z "$extra" ] || { fail "orphaned files: $(echo "$extra" | head -3)"; return 1; }
	[ -z "$missing" ] || { fail "committed files missing: $(echo "$missing" | head -3)"; return 1; }
}

start=$(now_ms)
bad=0
for i in $(seq 1 "$ROUNDS"); do
	round "$i" || { bad=1; break; }
	verify || { bad=1; break; }
done
ok_rounds=0
for i in "${!committed[@]}"; do ok_rounds=$((ok_rounds + committed[$i])); done
echo "# $ROUNDS kills in $(( ($(now_ms) - start) / 1000 )) s; $ok_rounds writes reported committed"
check "every write all or nothing, committed ones whole, after each of $ROUNDS kills" test "$bad" -eq 0
check "the writes still committed afterwards" verify
sleep 2							# past the sweep interval: zombie tasks' files go
check "no orphaned or missing files" files_consistent
check "the cluster survived" is_alive "$COORD_PID"
fault_summary
