#!/usr/bin/env bash
# bench/window/run.sh [ROWS] [REPS]: window functions over a table of ROWS
# rows (default 1,000,000: id, k = one of 1000 partition keys, v a
# pseudo-random value) on Quarry (quarry local, 2 workers, build/server/quarry
# or QUARRY_BIN), PostgreSQL 15 (a private initdb) and DuckDB (in process,
# npm @duckdb/node-api from bench/node_modules).  Each query of queries.tsv
# folds its window results into one row, so the client transfer does not
# count; the best of REPS runs (default 3) is printed per engine, with the
# result, which must agree.  Reports; asserts no timing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=${1:-1000000}
reps=${2:-3}
. "$root/tests/lib/cluster.sh"
tmp=$(mktemp -d /tmp/quarry-window-bench.XXXXXX)
chmod 755 "$tmp"
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
pgport=""
cleanup() {
	cluster_stop 2>/dev/null || true
	[ -n "$pgport" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1
	rm -rf "$tmp" "${CLUSTER_DIR:-}"
}
trap cleanup EXIT

awk -v n="$rows" 'BEGIN { s = 12345; for (i = 1; i <= n; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%d,%d,%d\n", i, (i * 7919) % 1000, s % 100000 } }' >"$tmp/wb.csv"
chmod 644 "$tmp/wb.csv"

# time_psql PORT USER DB: best of $reps for each query, as "name ms result"
time_psql() {
	local port=$1 user=$2 db=$3 name sql
	while IFS=$'\t' read -r name sql; do
		local best="" result=""
		for ((r = 0; r < reps; r++)); do
			local t0 t1 ms
			t0=$(date +%s%N)
			result=$(psql -X -qAt -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -c "$sql" | tr '\n' ';')
			t1=$(date +%s%N)
			ms=$(( (t1 - t0) / 1000000 ))
			if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
		done
		echo "$name $best ${result%;}"
	done <"$here/queries.tsv"
}

echo "== Quarry (2 workers), $rows rows"
cluster_start --workers=2
psql -X -q -h 127.0.0.1 -p "$PGPORT_Q" -U quarry -d quarry -c "CREATE TABLE wb (id int, k int, v int)" \
	-c "\\copy wb FROM '$tmp/wb.csv' WITH (FORMAT csv)"
time_psql "$PGPORT_Q" quarry quarry
cluster_stop

echo "== PostgreSQL 15 (max_parallel_workers_per_gather 2, work_mem 256MB)"
chown postgres "$tmp"
runuser -u postgres -- "$pgbin/initdb" -D "$tmp/pg" -U quarry --auth=trust --no-locale -E UTF8 >/dev/null
pgport=$(free_port)
runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w \
	-o "-p $pgport -k $tmp -c listen_addresses=127.0.0.1 -c work_mem=256MB -c max_parallel_workers_per_gather=2" start >/dev/null
psql -X -q -h 127.0.0.1 -p "$pgport" -U quarry -d postgres -c "CREATE TABLE wb (id int, k int, v int)" \
	-c "\\copy wb FROM '$tmp/wb.csv' WITH (FORMAT csv)" -c "VACUUM ANALYZE wb"
time_psql "$pgport" quarry postgres

echo "== DuckDB (in process, threads = cores)"
(cd "$here" && node -e "require('@duckdb/node-api')" 2>/dev/null) ||
	(cd "$root/bench" && npm install --silent --no-audit --no-fund >/dev/null 2>&1)
node "$here/duckdb.js" "$tmp/wb.csv" "$here/queries.tsv" "$reps"
