# cluster.sh: start and stop a `quarry local` for a test, on free loopback
# ports with a temporary data directory.  Source it, then:
#
#   cluster_start [--workers=2 ...]   sets CLUSTER_DIR, PGPORT_Q, CLUSTER_PORT, CLUSTER_PID
#   cluster_psql ARGS...              psql against it
#   cluster_stop
#
# QUARRY_BIN names the binary (default build/server/quarry).
. "$(dirname "${BASH_SOURCE[0]}")/ports.sh"

QUARRY_BIN=${QUARRY_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/server/quarry}

cluster_psql() {
	psql -X -h 127.0.0.1 -p "$PGPORT_Q" -U quarry -d quarry "$@"
}

# cluster_wait_ready waits up to 20 s for the coordinator to answer a query.
cluster_wait_ready() {
	for _ in $(seq 1 200); do
		cluster_psql -q -c 'SELECT 1' >/dev/null 2>&1 && return 0
		kill -0 "$CLUSTER_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "cluster did not become ready; log:" >&2
	tail -30 "$CLUSTER_DIR/quarry.log" >&2
	return 1
}

# cluster_start starts a cluster; a port taken meanwhile by another process
# makes it try again with other ports, three times in all.
cluster_start() {
	CLUSTER_DIR=$(mktemp -d /tmp/quarry-test.XXXXXX)
	for attempt in 1 2 3; do
		PGPORT_Q=$(free_port)
		CLUSTER_PORT=$(free_port)
		"$QUARRY_BIN" local --data_dir="$CLUSTER_DIR/data" --port="$PGPORT_Q" \
			--cluster_port="$CLUSTER_PORT" --ui_port=0 --workers=2 "$@" \
			>"$CLUSTER_DIR/quarry.log" 2>&1 &
		CLUSTER_PID=$!
		cluster_wait_ready && return 0
		cluster_stop
		grep -q "Address already in use" "$CLUSTER_DIR/quarry.log" || return 1
		echo "cluster start attempt $attempt: a port was taken; trying others" >&2
	done
	return 1
}

cluster_stop() {
	[ -n "${CLUSTER_PID:-}" ] || return 0
	kill -TERM "$CLUSTER_PID" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$CLUSTER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$CLUSTER_PID" 2>/dev/null || true
	wait "$CLUSTER_PID" 2>/dev/null || true
	CLUSTER_PID=
}
