#!/usr/bin/env bash
# compaction.sh: single-row INSERTs leave one small file each; past
# compact_min_files the coordinator merges them in the background into a
# handful, with the table's contents unchanged and queries running beside it
# unharmed; VACUUM t compacts at once (and is 25001 in a block); a
# transaction block holding the lock while a compaction's task runs is not
# disturbed (the compaction gives up and retries after it); a coordinator
# killed (-9) mid-compaction leaves the table whole and no orphaned files.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap fault_cleanup EXIT

KEYS=$FAULT_TMP/keys
make_keys "$KEYS" || exit 1
cluster_ports || exit 1
LOCAL_DIR=$FAULT_TMP/compact
ARGS=(--storage_sweep_interval=300ms --cluster_key_dir="$KEYS" --compact_min_files=8)
start_coordinator compact "${ARGS[@]}"
start_worker w1 "$FAULT_TMP/w1.log" "${ARGS[@]}"
W1=$WORKER_PID
check "cluster up" wait_psql "$PG_PORT" 30

q() { PGCONNECT_TIMEOUT=5 timeout 30 psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry "$@"; }
# nfiles TABLE: the files the metastore names for TABLE
nfiles() {
	sqlite3 "$LOCAL_DIR/metastore.db" "SELECT count(*) FROM files f JOIN tables t
		ON t.oid = f.table_oid WHERE t.name = '$1'"
}
dump() { q -Atc "SELECT k, s, n FROM $1 ORDER BY k, s, n"; }
# expected FROM TO: the rows insert_rows wrote, as dump prints them
expected() { seq "$1" "$2" | awk '{ printf "%d|%s|%d\n", $1, ($1 % 7 ? "row " $1 : ""), $1 * 3 }'; }
# insert_rows TABLE FROM TO: one INSERT statement (one commit) per row
insert_rows() {
	seq "$2" "$3" | awk -v t="$1" '{ printf "INSERT INTO %s VALUES (%d, %s, %d);\n", t, $1,
		($1 % 7 ? "'\''row " $1 "'\''" : "NULL"), $1 * 3 }' |
		q -q -v ON_ERROR_STOP=1 > /dev/null
}
eventually() {					# eventually COMMAND...: within 20 s
	local deadline=$(($(now_ms) + 20000))
	until "$@" 2>/dev/null; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}
at_most() { [ "$(nfiles "$1")" -le "$2" ]; }
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
same_rows() {					# same_rows TABLE FROM TO
	diff <(expected "$2" "$3") <(dump "$1") > "$FAULT_TMP/diff" ||
		{ fail "$1 differs: $(head -4 "$FAULT_TMP/diff")"; return 1; }
}

# --- background compaction, with queries beside it ----------------------------
check "set-up" q -q -c "CREATE TABLE t (k int, s text, n bigint)"
readers() {						# count(*) and sum(k) until told to stop; failures to a file
	while [ ! -f "$FAULT_TMP/stop" ]; do
		q -Atc "SELECT count(*), sum(k) FROM t WHERE k > 0" > /dev/null 2>> "$FAULT_TMP/readers.err" ||
			echo "failed" >> "$FAULT_TMP/readers.err"
	done
}
: > "$FAULT_TMP/readers.err"
readers &
R1=$!
readers &
R2=$!
FAULT_PIDS+=("$R1" "$R2")
check "500 single-row INSERTs" insert_rows t 1 500
check "compaction merges t's files into a handful by itself" eventually at_most t 8
check "t's rows are exactly the ones inserted" same_rows t 1 500
check "t's rows come in the order they were inserted (files merged in place)" \
	eval 'diff -q <(seq 1 500) <(q -Atc "SELECT k FROM t") > /dev/null'
touch "$FAULT_TMP/stop"
wait "$R1" "$R2"
check "queries during compaction kept working" \
	eval '[ ! -s "$FAULT_TMP/readers.err" ] || fail "$(head -3 "$FAULT_TMP/readers.err")"'
check "statistics follow the new files (zone maps answer)" \
	eval '[ "$(q -Atc "SELECT count(*), min(k), max(k) FROM t WHERE k > 490")" = "10|491|500" ]'

# --- VACUUM ------------------------------------------------------------------------
check "VACUUM set-up: 5 single-row INSERTs (below compact_min_files)" \
	eval 'q -q -c "CREATE TABLE u (k int, s text, n bigint)" && insert_rows u 1 5'
check "u has 5 files" eval '[ "$(nfiles u)" = 5 ] || fail "$(nfiles u) files"'
check "VACUUM u answers VACUUM" eval '[ "$(q -Atc "VACUUM u" 2>&1)" = "VACUUM" ] || fail "$(q -Atc "VACUUM u" 2>&1)"'
check "VACUUM u compacted u at once" eval '[ "$(nfiles u)" = 1 ] || fail "$(nfiles u) files"'
check "u's rows unchanged" same_rows u 1 5
check "VACUUM without a table" eval 'insert_rows u 6 8 && [ "$(q -Atc "VACUUM" 2>&1)" = "VACUUM" ] && [ "$(nfiles u)" = 1 ]'
check "u's rows unchanged again" same_rows u 1 8
vacuum_in_block() {
	local out
	out=$(q -v VERBOSITY=verbose -c "BEGIN" -c "VACUUM u" 2>&1)
	echo "$out" | grep -q "ERROR:  25001: VACUUM cannot run inside a transaction block" || { fail "$out"; return 1; }
}
check "VACUUM inside a transaction block is 25001" vacuum_in_block

# --- a transaction block while a compaction's task runs ----------------------------
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
a() {
	local deadline=$(($(now_ms) + 20000))
	MARK=$((MARK + 1))
	printf '%s\n\\echo mark-%d\n' "$1" "$MARK" >&7
	until grep -q "^mark-$MARK\$" "$FAULT_TMP/a.out"; do
		[ "$(now_ms)" -lt "$deadline" ] || { fail "session A did not answer: $1"; return 1; }
		sleep 0.05
	done
}
a_said() {
	awk -v m="mark-$((MARK - 1))" -v n="mark-$MARK" '$0 == m { on = 1; next } $0 == n { on = 0 } on' \
		"$FAULT_TMP/a.out" | grep -qF -- "$1" || { fail "A did not say '$1': $(tail -3 "$FAULT_TMP/a.out")"; return 1; }
}

check "block set-up" q -q -c "CREATE TABLE p (k int, s text, n bigint)"
mark=$(log_mark "$COORD_LOG")
stall "$W1"						# the compaction's task waits for the worker
check "40 single-row INSERTs into p" insert_rows p 1 40
check "a compaction of p starts" wait_for_log "$COORD_LOG" "compacting table public.p" 10 "$mark"
open_a
check "A: BEGIN and a write (A holds the lock)" a "BEGIN; INSERT INTO p VALUES (41, 'row 41', 123);"
resume "$W1"
check "the compaction gives up while A holds the lock" \
	wait_for_log "$COORD_LOG" "compaction of table public.p gave up" 20 "$mark"
check "A's block is undisturbed" eval 'a "SELECT count(*), sum(n) FROM p;" && a_said "41|2583"'
check "A commits" eval 'a "COMMIT;" && a_said COMMIT'
close_a
check "the compaction retries after the block and merges p" eventually at_most p 2
check "p's rows: the 40 and A's" \
	eval '[ "$(q -Atc "SELECT count(*), sum(n), count(s) FROM p")" = "41|2583|36" ]'

# --- the coordinator killed mid-compaction ------------------------------------------
check "crash set-up" eval 'q -q -c "CREATE TABLE c (k int, s text, n bigint)"'
mark=$(log_mark "$COORD_LOG")
stall "$W1"
check "40 single-row INSERTs into c" insert_rows c 1 40
check "a compaction of c starts" wait_for_log "$COORD_LOG" "compacting table public.c" 10 "$mark"
stall "$COORD_PID"				# the task writes its files, nothing commits them
resume "$W1"
c_dir=$(sqlite3 "$LOCAL_DIR/metastore.db" "SELECT oid FROM tables WHERE name = 'c'")
c_written() { [ "$(find "$LOCAL_DIR/warehouse/$c_dir" -type f | wc -l)" -gt 40 ]; }
check "the compaction's task wrote c's new file (uncommitted)" eventually c_written
uncommitted=$(comm -23 <(cd "$LOCAL_DIR" && find "warehouse/$c_dir" -type f | sort) \
	<(sqlite3 "$LOCAL_DIR/metastore.db" "SELECT path FROM files WHERE table_oid = $c_dir" | sort))
kill_9 "$COORD_PID"
restart_coordinator
check "coordinator back" wait_psql "$PG_PORT" 30
check "c is whole after the crash" same_rows c 1 40
check "the compaction runs again after the restart" eventually at_most c 1
check "c's rows unchanged" same_rows c 1 40
check "t, u and p unchanged too" eval 'same_rows t 1 500 && same_rows u 1 8'
gone_files() {
	local f
	for f in $uncommitted; do [ ! -e "$LOCAL_DIR/$f" ] || { fail "$f still there"; return 1; }; done
}
check "the crashed compaction's file is removed at the restart" \
	eval '[ -n "$uncommitted" ] && gone_files'
stop_proc "$COORD_PID"			# replaced files wait 60 s, or for the next start
restart_coordinator
check "coordinator back again" wait_psql "$PG_PORT" 30
check "no orphaned files after the restart" eventually files_consistent
check "every table whole" eval 'same_rows t 1 500 && same_rows u 1 8 && same_rows c 1 40'

check "coordinator still running" is_alive "$COORD_PID"
fault_summary
