#!/usr/bin/env bash
# record.sh: generate tests/sqlsmith/queries.sql.xz with sqlsmith (Debian's
# package) against a private PostgreSQL 15 holding schema.sql: 1000 random
# queries over the test tables (--exclude-catalog) and 500 that also read
# pg_catalog, with fixed seeds.  run.sh replays them against Quarry.
# Never edit the file by hand; run this again instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/clients/lib.sh"
trap 'pg15_stop' EXIT
pg15_start
psql -X -q -h 127.0.0.1 -p "$PGPORT_PG" -U quarry -d quarry -f "$here/schema.sql" >/dev/null
target="host=127.0.0.1 port=$PGPORT_PG dbname=quarry user=quarry"
{
	sqlsmith --target="$target" --dry-run --max-queries=1000 --seed=42 --exclude-catalog
	sqlsmith --target="$target" --dry-run --max-queries=500 --seed=7
} 2>/dev/null | xz -9 >"$here/queries.sql.xz"
echo "recorded $(xz -dc "$here/queries.sql.xz" | grep -c ';$') queries"
