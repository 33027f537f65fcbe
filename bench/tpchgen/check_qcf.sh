#!/usr/bin/env bash
# check_qcf.sh BUILD_DIR
#   The qcf path of tpchgen end to end: SF 0.01 written as .tbl and as .qcf
#   files (the same seed, so the same rows), loaded into two Quarry clusters,
#   one with COPY FROM STDIN (text) and one with COPY ... WITH (FORMAT qcf);
#   every table must hold the same rows, and the 22 TPC-H queries of
#   ../shared/tpch/queries must give the same answers on both.  Called by
#   check.sh; prints "ok - ..." / "not ok - ..." lines and "N passed, M
#   failed" (tests/fault/lib.sh's helpers start and stop the clusters).
#
#   QUARRY_SHARED	the shared directory (default ../shared beside the repo)
set -uo pipefail
BUILD=$(cd "$1" && pwd)
QUARRY_BIN=$BUILD/server/quarry
root=$(cd "$(dirname "$0")/../.." && pwd)
queries=${QUARRY_SHARED:-$root/../shared}/tpch/queries
. "$root/tests/fault/lib.sh"
trap fault_cleanup EXIT

TABLES="region nation supplier customer part partsupp orders lineitem"
D=$FAULT_TMP/data
mkdir -p "$D/tbl" "$D/qcf"
check "tpchgen SF 0.01 .tbl" "$BUILD/bench/tpchgen" --sf 0.01 --out "$D/tbl"
check "tpchgen SF 0.01 .qcf in 3 chunks" "$BUILD/bench/tpchgen" --sf 0.01 --out "$D/qcf" \
	--format qcf --chunks 3 --jobs 2

# cluster NAME: start one `quarry local` and keep its port in PORT_<NAME>.
cluster() {
	start_local "$1" --workers=1 --read_csv_dirs="$D" || return 1
	wait_local_ready 1 30 || return 1
	printf -v "PORT_$1" '%s' "$PG_PORT"
}
q() { psql -X -h 127.0.0.1 -p "$1" -U quarry -d quarry -At -v ON_ERROR_STOP=1 "${@:2}" 2>&1; }

check "cluster for COPY text" cluster text
check "cluster for COPY FORMAT qcf" cluster qcf
load_text() {
	q "$PORT_text" -q -f "$root/scripts/tpch-schema.sql" || return 1
	for t in $TABLES; do
		sed 's/|$//' "$D/tbl/$t.tbl" |
			q "$PORT_text" -c "COPY $t FROM STDIN WITH (DELIMITER '|')" > /dev/null || return 1
	done
}
load_qcf() {
	q "$PORT_qcf" -q -f "$root/scripts/tpch-schema.sql" || return 1
	for t in $TABLES; do
		q "$PORT_qcf" -c "COPY $t FROM '$D/qcf/$t.*qcf' WITH (FORMAT qcf)" > /dev/null || return 1
	done
}
check "load with COPY text" load_text
check "load with COPY FORMAT qcf" load_qcf

# same_table T: the same rows, compared as sorted text.
same_table() {
	local a b
	a=$(q "$PORT_text" -c "SELECT * FROM $1" | sort)
	b=$(q "$PORT_qcf" -c "SELECT * FROM $1" | sort)
	[ -n "$a" ] || { fail "no rows"; return 1; }
	[ "$a" == "$b" ] || { fail "$1 differs: $(diff <(echo "$a") <(echo "$b") | head -3)"; return 1; }
}
for t in $TABLES; do
	check "$t: the same rows" same_table "$t"
done

# same_answer FILE: the query gives the same output on both clusters (at
# SF 0.01 Q18 and Q19 select no rows).
same_answer() {
	local a b
	a=$(q "$PORT_text" -f "$1")
	b=$(q "$PORT_qcf" -f "$1")
	[[ $a != *ERROR:* ]] || { fail "$a"; return 1; }
	[ "$a" == "$b" ] || { fail "answers differ: $(diff <(echo "$a") <(echo "$b") | head -3)"; return 1; }
}
if [ -d "$queries" ]; then
	for f in "$queries"/q*.sql; do
		check "$(basename "$f" .sql): same answer from qcf files as from COPY text" same_answer "$f"
	done
else
	skip "TPC-H queries" "$queries not found"
fi
fault_summary
