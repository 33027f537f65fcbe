# lib.sh: shared by tests/clients/run.sh.  pg15_start starts a private
# PostgreSQL 15 (initdb as the postgres user, trust on loopback, a role and
# a database named quarry) on a free port, to record expected output;
# pg15_stop removes it.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/ports.sh"

PG15_BIN=${PG15_BIN:-/usr/lib/postgresql/15/bin}

pg15_start() {
	PG15_DIR=$(mktemp -d /tmp/quarry-pg15.XXXXXX)
	chown postgres "$PG15_DIR"
	PGPORT_PG=$(free_port)
	runuser -u postgres -- "$PG15_BIN/initdb" -D "$PG15_DIR/data" -A trust -U postgres \
		--no-locale -E UTF8 >"$PG15_DIR/initdb.log" 2>&1 || return 1
	runuser -u postgres -- "$PG15_BIN/pg_ctl" -D "$PG15_DIR/data" -l "$PG15_DIR/pg.log" -w \
		-o "-p $PGPORT_PG -k $PG15_DIR -c listen_addresses=127.0.0.1 -c TimeZone=UTC" start >/dev/null || return 1
	psql -X -q -h 127.0.0.1 -p "$PGPORT_PG" -U postgres -d postgres \
		-c "CREATE ROLE quarry SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS LOGIN" -c "CREATE DATABASE quarry OWNER quarry" >/dev/null
}

pg15_stop() {
	[ -n "${PG15_DIR:-}" ] || return 0
	runuser -u postgres -- "$PG15_BIN/pg_ctl" -D "$PG15_DIR/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$PG15_DIR"
	PG15_DIR=
}
