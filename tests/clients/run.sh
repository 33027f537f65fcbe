#!/usr/bin/env bash
# run.sh [--record] [NAME ...]: the client suite.  Each tests/clients/NAME.*
# program (psql scripts *.sh, Python *.py, Java *.java, Node *.js) connects
# to a server given as HOST PORT USER, prints what it sees, and its output
# is compared with tests/clients/expected/NAME.out.  --record runs the same
# programs against a private PostgreSQL 15 and writes the expected files
# instead (never write them by hand).  Ends with "N passed, M failed".
#
# Needs: postgresql-client, python3-psycopg2, python3-psycopg,
# libpostgresql-jdbc-java, default-jdk-headless, nodejs with npm (pg is
# installed from tests/clients/package.json on first run), and
# postgresql-15 to record.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/cluster.sh"
. "$here/lib.sh"

record=0
if [ "${1:-}" = --record ]; then record=1; shift; fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$here"/*.sh "$here"/*.py "$here"/*.java "$here"/*.js; do
		[ "$(basename "$f")" = package.json ] && continue
		[ -f "$f" ] || continue
		n=$(basename "$f"); n=${n%.*}
		case $n in run | lib) continue ;; esac
		names+=("$n")
	done
fi
# node-postgres comes from npm (tests/clients/package.json), once
if [ ! -d "$here/node_modules/pg" ] && command -v npm >/dev/null; then
	(cd "$here" && npm install --silent --no-audit --no-fund >/dev/null 2>&1)
fi
results=$root/tests/results/clients
mkdir -p "$results"
work=$(mktemp -d /tmp/quarry-clients.XXXXXX)

# run_client NAME PORT: run one program against 127.0.0.1:PORT as quarry.
run_client() {
	local name=$1 port=$2 f
	for f in "$here/$name".*; do
		case $f in
			*.sh) bash "$f" 127.0.0.1 "$port" quarry; return ;;
			*.py) /usr/bin/python3 "$f" 127.0.0.1 "$port" quarry; return ;;
			*.js) TZ=UTC node "$f" 127.0.0.1 "$port" quarry; return ;;
			*.java) TZ=UTC java -Duser.timezone=UTC -cp /usr/share/java/postgresql.jar "$f" 127.0.0.1 "$port" quarry; return ;;
		esac
	done
	echo "no program for $name"
}

if [ $record -eq 1 ]; then
	trap 'pg15_stop; rm -rf "$work"' EXIT
	pg15_start || { echo "could not start PostgreSQL 15"; exit 1; }
	for name in "${names[@]}"; do
		run_client "$name" "$PGPORT_PG" >"$here/expected/$name.out" 2>&1
		echo "recorded $name"
	done
	exit 0
fi

trap 'cluster_stop; rm -rf "$CLUSTER_DIR" "$work"' EXIT
cluster_start || { echo "0 passed, ${#names[@]} failed"; exit 1; }
passed=0
failed=0
for name in "${names[@]}"; do
	timeout 300 bash -c "$(declare -f run_client); here=$here work=$work run_client $name $PGPORT_Q" \
		>"$results/$name.out" 2>&1
	if diff -u "$here/expected/$name.out" "$results/$name.out" >"$results/$name.diff"; then
		echo "ok - clients/$name"
		rm -f "$results/$name.diff"
		passed=$((passed + 1))
	else
		echo "not ok - clients/$name (see tests/results/clients/$name.diff)"
		failed=$((failed + 1))
	fi
done
if ! kill -0 "$CLUSTER_PID" 2>/dev/null; then
	echo "not ok - the cluster died during the suite"
	failed=$((failed + 1))
fi
cluster_stop
if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log"; then
	echo "not ok - sanitizer report in the server log"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
