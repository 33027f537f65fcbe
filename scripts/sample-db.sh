#!/usr/bin/env bash
# sample-db.sh PORT: load TPC-H's region and nation tables, made by
# bench/tpchgen, into the Quarry listening on PORT.  (The other TPC-H tables
# need numeric and date columns and COPY; they join the sample as those land.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-5433}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/build/bench/tpchgen" --sf 0.01 --tables region,nation --out "$tmp" >/dev/null

# to_inserts TABLE: one INSERT of all rows of TABLE.tbl; column 1 and the
# integer columns listed in INTCOLS stay bare, the rest are quoted.
to_inserts() {
	awk -F'|' -v table="$1" -v intcols="$2" '
		BEGIN { split(intcols, ic, ","); for (i in ic) isint[ic[i]] = 1 }
		{
			row = ""
			for (i = 1; i < NF; i++) {
				v = $i
				if (!(i in isint)) { gsub(/\047/, "\047\047", v); v = "\047" v "\047" }
				row = row (i > 1 ? ", " : "") v
			}
			rows = rows (NR > 1 ? ",\n  " : "") "(" row ")"
		}
		END { print "INSERT INTO " table " VALUES\n  " rows ";" }' "$tmp/$1.tbl"
}

{
	echo "CREATE TABLE region (r_regionkey integer NOT NULL, r_name text NOT NULL, r_comment text);"
	echo "CREATE TABLE nation (n_nationkey integer NOT NULL, n_name text NOT NULL,"
	echo "                     n_regionkey integer NOT NULL, n_comment text);"
	to_inserts region 1
	to_inserts nation 1,3
} | psql -X -q -h 127.0.0.1 -p "$port" -U quarry -d quarry -v ON_ERROR_STOP=1 >/dev/null
