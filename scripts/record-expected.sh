#!/usr/bin/env bash
# record-expected.sh [NAME ...]: record tests/expected/NAME.out by running
# tests/sql/NAME.sql on a private PostgreSQL 15 (initdb into a temporary
# directory, a free loopback port), so expected output is never written by
# hand.  With no names, records every file in tests/sql.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
. "$root/tests/lib/ports.sh"

tmp=$(mktemp -d /tmp/quarry-pg.XXXXXX)
chmod 755 "$tmp"
port=$(free_port)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$tmp"
cleanup() {
	as_pg "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$tmp/data" -U quarry --auth=trust --no-locale -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
	-o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c TimeZone=UTC" start >/dev/null
psql -X -q -h 127.0.0.1 -p "$port" -U quarry -d postgres -c 'CREATE DATABASE quarry' >/dev/null

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$root"/tests/sql/*.sql; do names+=("$(basename "$f" .sql)"); done
fi
cd "$root/tests/sql"
for name in "${names[@]}"; do
	PGTZ=UTC psql -X -a -h 127.0.0.1 -p "$port" -U quarry -d quarry -f "$name.sql" 2>&1 |
		sed -f "$root/tests/normalize.sed" >"$root/tests/expected/$name.out"
	echo "recorded tests/expected/$name.out"
done
