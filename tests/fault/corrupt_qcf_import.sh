#!/usr/bin/env bash
# corrupt_qcf_import.sh: COPY t FROM 'glob' WITH (FORMAT qcf) adopts table
# files tpchgen --format qcf wrote, with the same rows as COPY text from
# the same data; a corrupt, cut-short, garbage or wrong-schema file, NULLs
# in a NOT NULL column, a too-long value, a path outside read_csv_dirs and
# a non-superuser all fail with a clear SQLSTATE naming the file, and load
# nothing, not even the good files of the same glob; the server keeps
# running.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap fault_cleanup EXIT

TPCHGEN=${TPCHGEN:-$(dirname "$QUARRY_BIN")/../bench/tpchgen}
D=$FAULT_TMP/qcf
mkdir -p "$D/gen" "$D/tbl" "$D/bad" "$FAULT_TMP/outside"
"$TPCHGEN" --sf 0.01 --format qcf --chunks 2 --out "$D/gen" || { not_ok "tpchgen --format qcf"; exit 1; }
"$TPCHGEN" --sf 0.01 --out "$D/tbl" || { not_ok "tpchgen"; exit 1; }
start_local qcftest --workers=2 --read_csv_dirs="$D" || exit 1
check "cluster up" wait_local_ready 2 30

q() { psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry -v VERBOSITY=verbose -At "$@" 2>&1; }

# expect NAME SQL WANT: the output (errors included) contains WANT.
expect() {
	local out
	out=$(q -c "$2")
	[[ $out == *"$3"* ]] || { fail "$1: got: $out"; return 1; }
}

nfiles() {
	sqlite3 "$LOCAL_DIR/metastore.db" \
		"SELECT count(*) FROM files f JOIN tables t ON t.oid = f.table_oid WHERE t.name = '$1'"
}

# no_new_files TABLE: the table's directory holds only files the metastore names.
no_new_files() {
	local oid
	oid=$(sqlite3 "$LOCAL_DIR/metastore.db" "SELECT oid FROM tables WHERE name = '$1'")
	[ "$(find "$LOCAL_DIR/warehouse/$oid" -type f 2>/dev/null | wc -l)" -eq "$(nfiles "$1")" ] ||
		{ fail "stray files in $LOCAL_DIR/warehouse/$oid"; return 1; }
}

q -q -f "$FAULT_ROOT/scripts/tpch-schema.sql" > /dev/null
declare -A ROWS=([region]=5 [nation]=25 [supplier]=100 [customer]=1500 [part]=2000
	[partsupp]=8000 [orders]=15000 [lineitem]=0)
ROWS[lineitem]=$(wc -l < "$D/tbl/lineitem.tbl")
for t in region nation supplier customer part partsupp orders lineitem; do
	check "COPY $t FORMAT qcf: COPY ${ROWS[$t]}" expect "load_$t" \
		"COPY $t FROM '$D/gen/$t.*qcf' WITH (FORMAT qcf)" "COPY ${ROWS[$t]}"
done
check "lineitem is its two chunk files" test "$(nfiles lineitem)" -eq 2

# The same data through COPY text: every row equal, both ways.
for t in nation orders lineitem; do
	q -q -c "CREATE TABLE ${t}_txt AS SELECT * FROM $t WHERE false" > /dev/null
	sed 's/|$//' "$D/tbl/$t.tbl" | q -c "COPY ${t}_txt FROM STDIN WITH (DELIMITER '|')" > /dev/null
	check "$t: qcf rows = COPY text rows" expect "same_$t" \
		"SELECT (SELECT count(*) FROM (SELECT * FROM $t EXCEPT SELECT * FROM ${t}_txt) a),
		        (SELECT count(*) FROM (SELECT * FROM ${t}_txt EXCEPT SELECT * FROM $t) b),
		        (SELECT count(*) FROM ${t}_txt)" "0|0|${ROWS[$t]}"
done
check "a TPC-H query over qcf-loaded tables" expect q1 \
	"SELECT l_returnflag, l_linestatus, sum(l_quantity), count(*) FROM lineitem
	 WHERE l_shipdate <= date '1998-09-02' GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 1" "A|F|"

# Damaged files, each beside a good one in the glob: nothing loads.
cp "$D/gen/orders.1.qcf" "$D/bad/o.1.qcf"
cp "$D/gen/orders.2.qcf" "$D/bad/o.2.qcf"
printf '\x55' | dd of="$D/bad/o.2.qcf" bs=1 seek=5000 conv=notrunc status=none
before=$(nfiles orders)
check "a flipped byte in a chunk: 22P04 checksum mismatch" expect flipped \
	"COPY orders FROM '$D/bad/o.*.qcf' WITH (FORMAT qcf)" "22P04"
check "... naming the file" expect flipped_name \
	"COPY orders FROM '$D/bad/o.*.qcf' WITH (FORMAT qcf)" "o.2.qcf"
check "... loads nothing, not even the good file" test "$(nfiles orders)" -eq "$before"
check "... leaves no file in the table's directory" no_new_files orders
check "... and the rows are unchanged" expect flipped_rows "SELECT count(*) FROM orders" "15000"

head -c 100000 "$D/gen/orders.1.qcf" > "$D/bad/cut.qcf"
check "a cut-short file: 22P04" expect cut "COPY orders FROM '$D/bad/cut.qcf' WITH (FORMAT qcf)" "22P04"
head -c 65536 /dev/urandom > "$D/bad/garbage.qcf"
check "binary garbage: 22P04" expect garbage "COPY orders FROM '$D/bad/garbage.qcf' WITH (FORMAT qcf)" "22P04"
: > "$D/bad/empty.qcf"
check "an empty file: 22P04" expect empty "COPY orders FROM '$D/bad/empty.qcf' WITH (FORMAT qcf)" "22P04"
check "another table's file: 42804" expect schema \
	"COPY region FROM '$D/gen/nation.qcf' WITH (FORMAT qcf)" "42804"
check "... with the column counts in DETAIL" expect schema_detail \
	"COPY region FROM '$D/gen/nation.qcf' WITH (FORMAT qcf)" "The file has 4 columns, the table 3"
q -q -c "CREATE TABLE region2 (r_regionkey bigint, r_name char(25), r_comment varchar(152))" > /dev/null
check "a column of another type: 42804 naming it" expect type \
	"COPY region2 FROM '$D/gen/region.qcf' WITH (FORMAT qcf)" "r_regionkey"
check "no region rows were added" expect region_rows "SELECT count(*) FROM region" "5"

# Files a table wrote itself, with NULLs and long values, into stricter tables.
q -q -c "CREATE TABLE loose (a int, b varchar(20)); INSERT INTO loose VALUES (1, 'abcdefghij'), (NULL, 'x')" > /dev/null
oid=$(sqlite3 "$LOCAL_DIR/metastore.db" "SELECT oid FROM tables WHERE name = 'loose'")
cp "$LOCAL_DIR"/warehouse/"$oid"/*.qcf "$D/bad/loose.qcf"
q -q -c "CREATE TABLE strict_nn (a int NOT NULL, b varchar(20)); CREATE TABLE strict_len (a int, b varchar(5)); CREATE TABLE same (a int, b varchar(20))" > /dev/null
check "NULLs in a NOT NULL column: 23502" expect notnull \
	"COPY strict_nn FROM '$D/bad/loose.qcf' WITH (FORMAT qcf)" "23502"
check "a value longer than varchar(5): 22001" expect toolong \
	"COPY strict_len FROM '$D/bad/loose.qcf' WITH (FORMAT qcf)" "22001"
q -q -c "CREATE TABLE nums (n numeric); INSERT INTO nums VALUES (1.5), (123456.7)" > /dev/null
oid=$(sqlite3 "$LOCAL_DIR/metastore.db" "SELECT oid FROM tables WHERE name = 'nums'")
cp "$LOCAL_DIR"/warehouse/"$oid"/*.qcf "$D/bad/nums.qcf"
q -q -c "CREATE TABLE nums_scale2 (n numeric(15,2)); CREATE TABLE nums_narrow (n numeric(5,1))" > /dev/null
check "numerics of another scale than the column's: 42804" expect numscale \
	"COPY nums_scale2 FROM '$D/bad/nums.qcf' WITH (FORMAT qcf)" "42804"
check "a numeric too wide for numeric(5,1): 22003" expect numwide \
	"COPY nums_narrow FROM '$D/bad/nums.qcf' WITH (FORMAT qcf)" "22003"
check "the same file into a matching table loads" expect same \
	"COPY same FROM '$D/bad/loose.qcf' WITH (FORMAT qcf); SELECT count(*), count(a), max(b) FROM same" \
	"2|1|x"

# Paths, permissions, options.
cp "$D/gen/region.qcf" "$FAULT_TMP/outside/region.qcf"
ln -s "$FAULT_TMP/outside/region.qcf" "$D/bad/link.qcf"
check "a file outside read_csv_dirs: 42501" expect outside \
	"COPY region FROM '$FAULT_TMP/outside/region.qcf' WITH (FORMAT qcf)" "42501"
check "a symlink out of read_csv_dirs: 42501" expect symlink \
	"COPY region FROM '$D/bad/link.qcf' WITH (FORMAT qcf)" "42501"
check "a missing file: 58P01" expect missing "COPY region FROM '$D/nope.qcf' WITH (FORMAT qcf)" "58P01"
check "a glob matching nothing: 58P01" expect nomatch "COPY region FROM '$D/nope*.qcf' WITH (FORMAT qcf)" "58P01"
check "a text option with FORMAT qcf: 42601" expect option \
	"COPY region FROM '$D/gen/region.qcf' WITH (FORMAT qcf, DELIMITER '|')" "42601"
check "FORMAT qcf from STDIN: 0A000" expect stdin "COPY region FROM STDIN WITH (FORMAT qcf)" "0A000"
q -q -c "CREATE ROLE plain LOGIN" > /dev/null
out=$(psql -X -h 127.0.0.1 -p "$PG_PORT" -U plain -d quarry -v VERBOSITY=verbose -At \
	-c "COPY region FROM '$D/gen/region.qcf' WITH (FORMAT qcf)" 2>&1)
check "a role that is not superuser: 42501" test "${out/42501/}" != "$out"
check "region still has 5 rows" expect region_final "SELECT count(*) FROM region" "5"
check "the source files are left in place" test -f "$D/gen/lineitem.1.qcf"
check "the cluster survived" is_alive "$LOCAL_PID"
check "no process crashed" test "$(count_log "$LOCAL_LOG" "exited \(signal")" -eq 0
fault_summary
