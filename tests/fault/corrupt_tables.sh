#!/usr/bin/env bash
# corrupt_tables.sh: bytes flipped inside a table file (its magic, a column
# chunk, the footer, the tail) make every query that reads it fail with
# XX001 naming the file; never wrong rows, never a crash.  With the byte
# restored the same query answers again.  Plain and zstd tables.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap fault_cleanup EXIT

start_local corrupt --workers=2 --chunk_cache_size=0 || exit 1
check "cluster up" wait_local_ready 2 30

q() { psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry -v VERBOSITY=verbose "$@" 2>&1; }

# a table of 128,000 rows in 8 files, the largest of two row groups
setup() {
	local t=$1 with=$2
	q -q -c "CREATE TABLE $t (k int, s text, f float8) $with" > /dev/null
	q -q -c "DROP TABLE IF EXISTS seed" -c "CREATE TABLE seed (i int)" \
		-c "INSERT INTO seed VALUES $(seq -s, -f '(%g)' 1 1000)" > /dev/null
	q -q -c "INSERT INTO $t SELECT i, 'row ' || i, i * 0.5 FROM seed" > /dev/null
	for _ in 1 2 3 4 5 6 7; do
		q -q -c "INSERT INTO $t SELECT k + (SELECT max(k) FROM $t), s, f FROM $t" > /dev/null
	done
}

answer() { q -At -c "SELECT count(*), sum(k), max(s), sum(f) FROM $1"; }

# file_of TABLE: the table's largest data file (absolute path).
file_of() {
	sqlite3 "$LOCAL_DIR/metastore.db" "SELECT '$LOCAL_DIR/' || f.path FROM files f
		JOIN tables t ON t.oid = f.table_oid WHERE t.name = '$1' ORDER BY f.rows DESC LIMIT 1"
}

flip() { printf "$(printf '\\%03o' $(( $(od -An -tu1 -j "$2" -N1 "$1") ^ 0x5a )))" |
	dd of="$1" bs=1 seek="$2" count=1 conv=notrunc status=none; }

# corrupt_at NAME TABLE FILE OFFSET GOOD: the query fails with XX001 naming FILE.
corrupt_at() {
	local name=$1 t=$2 f=$3 at=$4 good=$5 out
	flip "$f" "$at"
	out=$(answer "$t")
	flip "$f" "$at"
	if [[ $out != *"XX001"*"$f"* ]]; then fail "$name: got: $out"; return 1; fi
	[ "$(answer "$t")" = "$good" ] || { fail "$name: answer after restoring differs"; return 1; }
}

check_table() {
	local t=$1 with=$2 f size good
	setup "$t" "$with"
	good=$(answer "$t")
	check "$t: 128,000 rows before damage" test "${good%%|*}" = 128000
	f=$(file_of "$t")
	size=$(stat -c %s "$f")
	check "$t: magic" corrupt_at magic "$t" "$f" 1 "$good"
	check "$t: a column chunk" corrupt_at chunk "$t" "$f" $((size / 3)) "$good"
	check "$t: another chunk" corrupt_at chunk2 "$t" "$f" $((size / 2 + 7)) "$good"
	check "$t: the footer" corrupt_at footer "$t" "$f" $((size - 40)) "$good"
	check "$t: the footer length" corrupt_at tail "$t" "$f" $((size - 14)) "$good"
	check "$t: the tail magic" corrupt_at tailmagic "$t" "$f" $((size - 2)) "$good"
}

check_table plain ""
check_table packed "WITH (compression = 'zstd')"
check "a truncated file is XX001" bash -c \
	"f=\$(sqlite3 '$LOCAL_DIR/metastore.db' \"SELECT '$LOCAL_DIR/' || path FROM files LIMIT 1\");
	 truncate -s -100 \"\$f\";
	 psql -X -h 127.0.0.1 -p $PG_PORT -U quarry -d quarry -v VERBOSITY=verbose \
		-c 'SELECT count(*), sum(k) FROM plain' -c 'SELECT count(*), sum(k) FROM packed' 2>&1 |
		grep -q \"XX001.*\$f\""
check "the cluster survived" is_alive "$LOCAL_PID"
check "no worker crashed" test "$(count_log "$LOCAL_LOG" "exited \(signal|crashed")" -eq 0
fault_summary
