#!/bin/sh
# check.sh BUILD_DIR
#   Self-check of bench/tpchgen: generates SF 0.01 several ways and checks
#   that output does not depend on --jobs/--chunks, row counts, field
#   counts, key integrity, and a few value rules of the TPC-H spec.
#   Then, when the server and psql are there, check_qcf.sh: the same data
#   as .qcf files loaded with COPY FORMAT qcf answers the 22 queries as the
#   .tbl files loaded with COPY text do.
#   Prints one line per check and "N passed, M failed" last; exits 1 if any
#   check failed.  Needs only POSIX sh, awk, cmp, cat (and bash, psql for
#   the qcf part).
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
BIN="$1/bench/tpchgen"
if [ ! -x "$BIN" ]; then
	echo "$0: no executable $BIN" >&2
	exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/tpchgen-check.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM
PASS=0
FAIL=0
TABLES="region nation supplier customer part partsupp orders lineitem"

ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; }
check() {	# check NAME COMMAND...: passes when COMMAND succeeds
	name=$1
	shift
	if "$@" >"$TMP/out" 2>&1; then ok "$name"; else bad "$name"; sed 's/^/     /' "$TMP/out" | head -5; fi
}

# --- command line -----------------------------------------------------------
check "--help exits 0" "$BIN" --help
"$BIN" --sf 0 --out "$TMP/x" >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad --sf exits 2" || bad "bad --sf exits 2"
"$BIN" --sf 0.01 --out "$TMP/x" --tables lineitem,bogus >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad --tables exits 2" || bad "bad --tables exits 2"
"$BIN" --sf 0.01 >/dev/null 2>&1
[ $? -eq 2 ] && ok "missing --out exits 2" || bad "missing --out exits 2"
"$BIN" --jobs 0 --out "$TMP/x" >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad --jobs exits 2" || bad "bad --jobs exits 2"

# --- generate ---------------------------------------------------------------
check "generate jobs=1" "$BIN" --sf 0.01 --out "$TMP/a" --jobs 1
check "generate jobs=3" "$BIN" --sf 0.01 --out "$TMP/b" --jobs 3
check "generate jobs=2 chunks=3" "$BIN" --sf 0.01 --out "$TMP/c" --jobs 2 --chunks 3
check "generate orders,lineitem" "$BIN" --sf 0.01 --out "$TMP/d" --tables orders,lineitem
check "generate seed=7" "$BIN" --sf 0.01 --out "$TMP/e" --seed 7 --tables part
A="$TMP/a"

same_files() {	# same_files DIR1 DIR2 TABLE...
	d1=$1
	d2=$2
	shift 2
	for t in "$@"; do
		cmp -s "$d1/$t.tbl" "$d2/$t.tbl" || { echo "$t.tbl differs"; return 1; }
	done
}
same_chunks() {
	for t in supplier customer part partsupp orders lineitem; do
		cat "$TMP/c/$t.tbl.1" "$TMP/c/$t.tbl.2" "$TMP/c/$t.tbl.3" > "$TMP/c/$t.cat"
		cmp -s "$A/$t.tbl" "$TMP/c/$t.cat" || { echo "$t chunks differ"; return 1; }
	done
	same_files "$A" "$TMP/c" region nation
}
check "jobs=1 and jobs=3 identical" same_files "$A" "$TMP/b" $TABLES
check "chunks concatenate to the single file" same_chunks
check "--tables output identical" same_files "$A" "$TMP/d" orders lineitem
differ() { ! cmp -s "$A/part.tbl" "$TMP/e/part.tbl"; }
check "another seed gives other data" differ
extra() { [ ! -e "$TMP/d/part.tbl" ] || { echo "part.tbl written"; return 1; }; }
check "--tables writes only those tables" extra

# --- row and field counts (SF 0.01) -----------------------------------------
rows() { awk 'END { print NR }' "$A/$1.tbl"; }
count() {	# count TABLE EXPECTED
	n=$(rows "$1")
	[ "$n" -eq "$2" ] || { echo "$1: $n rows, want $2"; return 1; }
}
check "region 5 rows" count region 5
check "nation 25 rows" count nation 25
check "supplier 100 rows" count supplier 100
check "customer 1500 rows" count customer 1500
check "part 2000 rows" count part 2000
check "partsupp 8000 rows" count partsupp 8000
check "orders 15000 rows" count orders 15000
lineitems() {	# 1..7 per order: mean 4, so 60000 within a few percent
	n=$(rows lineitem)
	[ "$n" -ge 57000 ] && [ "$n" -le 63000 ] || { echo "lineitem: $n rows"; return 1; }
}
check "lineitem about 4 per order" lineitems

fields() {	# fields TABLE NCOLS: every line has NCOLS fields and a trailing |
	awk -F'|' -v n="$2" 'NF != n + 1 || $NF != "" { print FILENAME ": line " NR ": " $0; bad = 1; exit }
		END { exit bad }' "$A/$1.tbl"
}
check "region fields" fields region 3
check "nation fields" fields nation 4
check "supplier fields" fields supplier 7
check "customer fields" fields customer 8
check "part fields" fields part 9
check "partsupp fields" fields partsupp 5
check "orders fields" fields orders 9
check "lineitem fields" fields lineitem 16

# --- keys -------------------------------------------------------------------
# refs CHILD COL PARENT PCOL: every CHILD.COL value is a PARENT.PCOL value.
refs() {
	awk -F'|' -v c="$2" -v p="$4" '
		FNR == NR { k[$p] = 1; next }
		!($c in k) { print "dangling " $c " at line " FNR; bad = 1; exit }
		END { exit bad }' "$A/$3.tbl" "$A/$1.tbl"
}
check "l_orderkey in orders" refs lineitem 1 orders 1
check "l_partkey in part" refs lineitem 2 part 1
check "l_suppkey in supplier" refs lineitem 3 supplier 1
check "ps_partkey in part" refs partsupp 1 part 1
check "ps_suppkey in supplier" refs partsupp 2 supplier 1
check "o_custkey in customer" refs orders 2 customer 1
check "c_nationkey in nation" refs customer 4 nation 1
check "s_nationkey in nation" refs supplier 4 nation 1
check "n_regionkey in region" refs nation 3 region 1
li_ps() {	# (l_partkey, l_suppkey) is a partsupp row
	awk -F'|' 'FNR == NR { k[$1 "," $2] = 1; next }
		!(($2 "," $3) in k) { print "no partsupp for line " FNR; bad = 1; exit }
		END { exit bad }' "$A/partsupp.tbl" "$A/lineitem.tbl"
}
check "(l_partkey, l_suppkey) in partsupp" li_ps
unique() {	# unique TABLE COLS...: no key repeats
	t=$1
	shift
	awk -F'|' -v cols="$*" 'BEGIN { n = split(cols, c, " ") }
		{ k = $c[1]; for (i = 2; i <= n; i++) k = k "," $c[i]
		  if (k in seen) { print "repeated key " k; bad = 1; exit } seen[k] = 1 }
		END { exit bad }' "$A/$t.tbl"
}
check "orderkeys unique" unique orders 1
check "partsupp keys unique" unique partsupp 1 2
check "lineitem keys unique" unique lineitem 1 4
sparse() {	# 8 of each 32 order keys: (key % 32) < 8
	awk -F'|' '$1 % 32 >= 8 || $1 < 1 { print "key " $1; bad = 1; exit } END { exit bad }' "$A/orders.tbl"
}
check "orderkeys sparse" sparse
nocust3() {	# a third of the customers (custkey % 3 == 0) have no orders
	awk -F'|' '$2 % 3 == 0 { print "custkey " $2; bad = 1; exit } END { exit bad }' "$A/orders.tbl"
}
check "no orders for custkey % 3 == 0" nocust3

# --- values -------------------------------------------------------------------
dates() {
	awk -F'|' '$5 < "1992-01-01" || $5 > "1998-08-02" { print "o_orderdate " $5; bad = 1; exit }
		END { exit bad }' "$A/orders.tbl" || return 1
	awk -F'|' '!($11 > o[$1] && $12 > o[$1] && $13 > $11) && FNR != NR { print "dates at line " FNR; bad = 1; exit }
		FNR == NR { o[$1] = $5 }
		END { exit bad }' "$A/orders.tbl" "$A/lineitem.tbl"
}
check "date ranges and order" dates
flags() {	# returnflag/linestatus relative to 1995-06-17
	awk -F'|' '
		($13 <= "1995-06-17") != ($9 == "R" || $9 == "A") { print "returnflag " $0; bad = 1; exit }
		($9 != "R" && $9 != "A" && $9 != "N") { print "returnflag " $9; bad = 1; exit }
		($11 > "1995-06-17") != ($10 == "O") { print "linestatus " $0; bad = 1; exit }
		END { exit bad }' "$A/lineitem.tbl"
}
check "l_returnflag, l_linestatus" flags
status() {	# o_orderstatus F/O/P from the lines
	awk -F'|' 'FNR == NR { n[$1]++; f[$1] += ($10 == "F"); next }
		{ s = f[$1] == n[$1] ? "F" : f[$1] == 0 ? "O" : "P"
		  if (s != $3) { print "order " $1 ": " $3 " want " s; bad = 1; exit } }
		END { exit bad }' "$A/lineitem.tbl" "$A/orders.tbl"
}
check "o_orderstatus" status
prices() {	# p_retailprice formula; l_extendedprice = l_quantity * p_retailprice
	awk -F'|' 'FNR == NR {
			k = $1; want = 90000 + int(k / 10) % 20001 + 100 * (k % 1000)
			got = $8; sub(/\./, "", got)
			if (got + 0 != want) { print "part " k ": " $8; bad = 1; exit }
			p[k] = want; next }
		{ got = $6; sub(/\./, "", got)
		  if (got + 0 != $5 * p[$2]) { print "line " FNR ": " $6; bad = 1; exit } }
		END { exit bad }' "$A/part.tbl" "$A/lineitem.tbl"
}
check "retail and extended prices" prices
ranges() {
	awk -F'|' '$5 < 1 || $5 > 50 || $7 < 0 || $7 > 0.10 || $8 < 0 || $8 > 0.08 || $4 < 1 || $4 > 7 {
			print "line " FNR ": " $0; bad = 1; exit } END { exit bad }' "$A/lineitem.tbl" || return 1
	awk -F'|' '$6 < -999.99 || $6 > 9999.99 || substr($5, 1, 2) != $4 + 10 {
			print "customer " $0; bad = 1; exit } END { exit bad }' "$A/customer.tbl" || return 1
	awk -F'|' '$3 < 1 || $3 > 9999 || $4 < 1 || $4 > 1000 {
			print "partsupp " $0; bad = 1; exit } END { exit bad }' "$A/partsupp.tbl"
}
check "value ranges" ranges
grep_some() {	# grep_some FILE PATTERN: at least one line matches
	grep -q -- "$2" "$A/$1.tbl" || { echo "no $2 in $1"; return 1; }
}
check "some s_comment has Customer...Complaints" grep_some supplier 'Customer.*Complaints'
check "some o_comment has special...requests" grep_some orders '|[^|]*special[^|]*requests[^|]*|$'
check "p_name starting with forest" grep_some part '^[0-9]*|forest '
check "p_name containing green" grep_some part '^[0-9]*|[^|]*green'
check "p_type BRASS" grep_some part 'BRASS|'
check "BUILDING segment" grep_some customer '|BUILDING|'

# --- the qcf path: COPY FORMAT qcf gives what COPY text gives -----------------
# Needs bash, psql and the server in the same build directory.
if [ -x "$1/server/quarry" ] && command -v bash >/dev/null && command -v psql >/dev/null; then
	bash "$(dirname "$0")/check_qcf.sh" "$1" > "$TMP/qcf.out" 2>&1
	sed -n 's/^ok - /ok   /p; s/^not ok - /FAIL /p' "$TMP/qcf.out"
	PASS=$((PASS + $(grep -c '^ok - ' "$TMP/qcf.out")))
	FAIL=$((FAIL + $(grep -c '^not ok - ' "$TMP/qcf.out")))
	grep -q ' passed, 0 failed' "$TMP/qcf.out" || [ "$(grep -c '^not ok - ' "$TMP/qcf.out")" -gt 0 ] ||
		bad "check_qcf.sh ended early: $(tail -n 1 "$TMP/qcf.out")"
else
	echo "skip qcf path (no $1/server/quarry, bash or psql)"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
