#!/usr/bin/env bash
# txn_isolation.sh: transaction blocks between two sessions.  Session A's
# uncommitted writes are invisible to B and visible once A commits; a write
# by B while A's block holds the metastore's write lock fails at once with
# 40001 and the server keeps answering; a block whose connection is killed,
# or whose coordinator is killed (-9) and restarted, leaves none of its
# writes and no orphaned files; idle_in_transaction_session_timeout ends a
# block that holds the lock.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap fault_cleanup EXIT

KEYS=$FAULT_TMP/keys
make_keys "$KEYS" || exit 1
cluster_ports || exit 1
LOCAL_DIR=$FAULT_TMP/txn
ARGS=(--storage_sweep_interval=300ms --heartbeat_interval=200ms --cluster_key_dir="$KEYS")
start_coordinator txn "${ARGS[@]}"
start_worker w1 "$FAULT_TMP/w1.log" "${ARGS[@]}"
check "cluster up" wait_psql "$PG_PORT" 30

q() { PGCONNECT_TIMEOUT=5 timeout 20 psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry "$@"; }
count() { q -Atc "SELECT count(*) FROM $1" 2>&1; }
gone() {						# gone TABLE: it does not exist
	local out
	out=$(q -Atc "SELECT * FROM $1" 2>&1)
	echo "$out" | grep -q "relation \"$1\" does not exist" || { fail "$1: $out"; return 1; }
}

# A session kept open: psql reading a FIFO, its output in a file.
MARK=0
open_a() {
	rm -f "$FAULT_TMP/a.in"
	mkfifo "$FAULT_TMP/a.in"
	psql -X -At -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry < "$FAULT_TMP/a.in" \
		> "$FAULT_TMP/a.out" 2>&1 &
	A_PID=$!
	FAULT_PIDS+=("$A_PID")
	exec 7> "$FAULT_TMP/a.in"
}
close_a() { exec 7>&-; wait "$A_PID" 2>/dev/null; }
# a SQL: send SQL to session A and wait until psql has answered it.
a() {
	local deadline=$(($(now_ms) + 20000))
	MARK=$((MARK + 1))
	printf '%s\n\\echo mark-%d\n' "$1" "$MARK" >&7
	until grep -q "^mark-$MARK\$" "$FAULT_TMP/a.out"; do
		[ "$(now_ms)" -lt "$deadline" ] || { fail "session A did not answer: $1"; return 1; }
		sleep 0.05
	done
}
# a_said TEXT: the output of A's last command holds TEXT.
a_said() {
	awk -v m="mark-$((MARK - 1))" -v n="mark-$MARK" '$0 == m { on = 1; next } $0 == n { on = 0 } on' \
		"$FAULT_TMP/a.out" | grep -qF -- "$1" || { fail "A did not say '$1': $(tail -3 "$FAULT_TMP/a.out")"; return 1; }
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
eventually() {					# eventually COMMAND...: within 10 s
	local deadline=$(($(now_ms) + 10000))
	until "$@" 2>/dev/null; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

check "set-up" q -q -c "CREATE TABLE t (k int, s text)" -c "INSERT INTO t VALUES (0, 'base')"

# --- isolation -------------------------------------------------------------------
open_a
check "A: BEGIN and INSERT" a "BEGIN; INSERT INTO t SELECT k + 1, s FROM t; INSERT INTO t VALUES (100, 'a');"
check "A sees its own rows" eval 'a "SELECT count(*) FROM t;" && a_said 3'
check "B does not see A's uncommitted rows" eval '[ "$(count t)" = 1 ] || fail "B saw $(count t)"'

b_write_40001() {
	local out
	out=$(q -v VERBOSITY=verbose -c "INSERT INTO t VALUES (7, 'b')" 2>&1)
	echo "$out" | grep -q "ERROR:  40001: could not serialize access" || { fail "B's write: $out"; return 1; }
}
check "B's write while A holds the lock is 40001" b_write_40001
b_block_40001() {
	local out
	out=$(q -v VERBOSITY=verbose -c "BEGIN" -c "CREATE TABLE tb (x int)" -c "COMMIT" 2>&1)
	echo "$out" | grep -q "ERROR:  40001" || { fail "B's block: $out"; return 1; }
}
check "B's block writing while A holds the lock is 40001" b_block_40001
check "the server still answers B" eval '[ "$(q -Atc "SELECT 41 + 1")" = 42 ]'
check "B still reads the committed state" eval '[ "$(count t)" = 1 ]'
check "A: COMMIT" eval 'a "COMMIT;" && a_said COMMIT'
check "B sees A's rows after the commit" eval '[ "$(count t)" = 3 ] || fail "B saw $(count t)"'
check "B writes once the lock is free" q -q -c "INSERT INTO t VALUES (200, 'b')"

# --- a killed connection ----------------------------------------------------------
check "A: a block that writes" a "BEGIN; INSERT INTO t SELECT k + 1000, s FROM t; CREATE TABLE lost (x int); INSERT INTO lost VALUES (1);"
kill_9 "$A_PID"
exec 7>&-
check "a killed connection's block is gone" eval '[ "$(count t)" = 4 ] || fail "count $(count t)"'
check "its lock went with it" eventually q -q -c "INSERT INTO t VALUES (300, 'b')"
check "its table is gone" gone lost
check "its files are swept" eventually files_consistent

# --- idle_in_transaction_session_timeout ------------------------------------------
open_a
check "A: an idle block holding the lock" a "SET idle_in_transaction_session_timeout = '500ms'; BEGIN; INSERT INTO t VALUES (400, 'idle');"
check "the timeout ends the block and frees the lock" eventually q -q -c "INSERT INTO t VALUES (401, 'b')"
check "the idle block's row is gone" eval '[ "$(q -Atc "SELECT count(*) FROM t WHERE k = 400")" = 0 ]'
close_a

# --- the coordinator killed mid-block ---------------------------------------------
before=$(count t)
open_a
check "A: a block with DDL and rows" a "BEGIN; CREATE TABLE crash_t (x int); INSERT INTO crash_t VALUES (1), (2); INSERT INTO t SELECT k + 5000, s FROM t; DELETE FROM t WHERE k = 0;"
kill_9 "$COORD_PID"
exec 7>&-
restart_coordinator
check "coordinator back" wait_psql "$PG_PORT" 30
check "no half-state: t as committed" eval '[ "$(count t)" = "$before" ] || fail "count $(count t), was $before"'
check "no half-state: the row A deleted is there" eval '[ "$(q -Atc "SELECT count(*) FROM t WHERE k = 0")" = 1 ]'
check "no half-state: A's table is gone" gone crash_t
check "no orphaned files after the restart" eventually files_consistent
check "writes work after the restart" q -q -c "INSERT INTO t VALUES (500, 'after')"

check "coordinator still running" is_alive "$COORD_PID"
fault_summary
