#!/usr/bin/env bash
# corrupt_csv.sh: read_csv over good files (quotes, NULLs, headers, globs,
# declared and inferred columns, CREATE TABLE AS) gives the right rows;
# damaged files (unterminated quotes, short and long records, bad values,
# binary garbage) give the right SQLSTATE with the file and line, never a
# crash; paths outside read_csv_dirs are 42501.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
trap fault_cleanup EXIT

D=$FAULT_TMP/csv
mkdir -p "$D/sub" "$FAULT_TMP/outside"
start_local csvtest --workers=2 --read_csv_dirs="$D" || exit 1
check "cluster up" wait_local_ready 2 30

q() { psql -X -h 127.0.0.1 -p "$PG_PORT" -U quarry -d quarry -v VERBOSITY=verbose -At "$@" 2>&1; }

# expect NAME SQL WANT: the query's output (errors included) contains WANT.
expect() {
	local out
	out=$(q -c "$2")
	[[ $out == *"$3"* ]] || { fail "$1: got: $out"; return 1; }
}

printf 'id,name,score,day,ok\n1,ann,1.5,2024-01-02,t\n2,"bob, jr",2.25,2024-02-03,f\n3,,3,2024-03-04,true\n4,"say ""hi""",,2024-04-05,\n' > "$D/people.csv"
printf '1|x|2.5|\n2|y|3.5|\n' > "$D/a.tbl"
printf '3|z|4.5|\n' > "$D/sub/b.tbl"
printf '10|p\n11|q\n' > "$D/part1.txt"
printf '12|r\n' > "$D/part2.txt"
printf '1,"never closed\n2,x\n' > "$D/open_quote.csv"
printf '1,a\n2\n' > "$D/short.csv"
printf '1,a\n2,b,c,d\n' > "$D/long.csv"
printf '1,a\nzwei,b\n' > "$D/badint.csv"
head -c 4096 /dev/urandom > "$D/garbage.csv"
: > "$D/empty.csv"
printf 'secret,1\n' > "$FAULT_TMP/outside/secret.csv"
ln -s "$FAULT_TMP/outside/secret.csv" "$D/link.csv"

check "inferred columns, quotes, NULLs" expect inferred \
	"SELECT id, coalesce(name, '<null>'), score, day, ok FROM read_csv('$D/people.csv', header => true) ORDER BY id" \
	$'1|ann|1.5|2024-01-02|t\n2|bob, jr|2.25|2024-02-03|f\n3|<null>|3|2024-03-04|t\n4|say "hi"||2024-04-05|'
check "inferred types" expect types \
	"SELECT id + 1, score * 2, day + 1 FROM read_csv('$D/people.csv', header => true) WHERE id = 1" \
	"2|3.0|2024-01-03"
check "declared columns and a trailing delimiter" expect declared \
	"SELECT k, v, f FROM read_csv('$D/a.tbl', delimiter => '|') AS t(k int, v text, f float8) ORDER BY k" \
	$'1|x|2.5\n2|y|3.5'
check "a glob over several files" expect glob \
	"SELECT count(*), sum(a) FROM read_csv('$D/part*.txt', delimiter => '|') AS t(a int, b text)" "3|33"
check "column aliases" expect aliases \
	"SELECT x FROM read_csv('$D/part1.txt', delimiter => '|') AS t(x, y) ORDER BY x LIMIT 1" "10"
check "CREATE TABLE AS from read_csv" expect ctas \
	"CREATE TABLE fromcsv AS SELECT * FROM read_csv('$D/people.csv', header => true); SELECT count(*), sum(id) FROM fromcsv" \
	"4|10"
awk 'BEGIN { for (i = 1; i <= 600000; i++) printf "%d|row %d, with some padding text\n", i, i }' \
	> "$D/big.txt"
check "a 20 MB file loaded in byte ranges, one per worker slot" expect ranges \
	"CREATE TABLE big AS SELECT * FROM read_csv('$D/big.txt', delimiter => '|', quote => '')
	 AS t(a int, b text); SELECT count(*), sum(a), count(DISTINCT b) FROM big" "600000|180000300000|600000"
check "... written as one file per part" test "$(sqlite3 "$LOCAL_DIR/metastore.db" \
	"SELECT count(*) FROM files f JOIN tables t ON t.oid = f.table_oid WHERE t.name = 'big'")" -eq 2
check "a file outside read_csv_dirs: 42501" expect outside \
	"SELECT * FROM read_csv('$FAULT_TMP/outside/secret.csv')" "42501"
check "a symlink out of read_csv_dirs: 42501" expect symlink \
	"SELECT * FROM read_csv('$D/link.csv')" "42501"
check "a dot-dot path out of read_csv_dirs: 42501" expect dotdot \
	"SELECT * FROM read_csv('$D/../outside/secret.csv')" "42501"
check "a missing file: 58P01" expect missing \
	"SELECT * FROM read_csv('$D/nope.csv')" "58P01"
check "an unterminated quote: 22P04 with the line" expect open_quote \
	"SELECT * FROM read_csv('$D/open_quote.csv') AS t(a int, b text)" "22P04"
check "a short record: 22P04 with file and line" expect short \
	"SELECT * FROM read_csv('$D/short.csv') AS t(a int, b text)" "line 2"
check "a long record: 22P04" expect long \
	"SELECT * FROM read_csv('$D/long.csv') AS t(a int, b text)" "22P04: extra data after last expected column"
check "a value that does not convert: 22P02 with the line" expect badint \
	"SELECT * FROM read_csv('$D/badint.csv') AS t(a int, b text)" "22P02"
check "binary garbage fails cleanly" expect garbage \
	"SELECT count(*) FROM read_csv('$D/garbage.csv') AS t(a int, b text)" "ERROR"
check "an empty file has no rows" expect empty \
	"SELECT count(*) FROM read_csv('$D/empty.csv') AS t(a int)" "0"
check "an unknown option: 22023" expect option \
	"SELECT * FROM read_csv('$D/a.tbl', separator => '|')" "22023"
check "the cluster survived" is_alive "$LOCAL_PID"
check "no process crashed" test "$(count_log "$LOCAL_LOG" "exited \(signal")" -eq 0
fault_summary
