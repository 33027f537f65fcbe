#!/usr/bin/env bash
# run.sh: install what is missing, build, and start `quarry local` in the
# background with a sample database; then psql can connect at once:
#
#   psql -h 127.0.0.1 -p 5433 -U quarry quarry
#
# Settings: any --key=value argument is passed to `quarry local` (for
# example --port=5434 --workers=4).  Stop it with scripts/stop.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
quarry_install_packages
quarry_build build

data_dir=${QUARRY_DATA_DIR:-$QUARRY_ROOT/quarry-data}
port=5433
for arg in "$@"; do
	case $arg in
	--port=*) port=${arg#--port=} ;;
	--data_dir=*) data_dir=${arg#--data_dir=} ;;
	esac
done
mkdir -p "$data_dir"
log=$data_dir/quarry.log

if [ -f "$data_dir/local.pid" ] && kill -0 "$(cat "$data_dir/local.pid")" 2>/dev/null; then
	echo "==> quarry local is already running (pid $(cat "$data_dir/local.pid"))"
else
	echo "==> starting quarry local (log: $log)"
	nohup "$QUARRY_ROOT/build/server/quarry" local --data_dir="$data_dir" "$@" >>"$log" 2>&1 &
	echo $! >"$data_dir/local.pid"
fi

psql_q() {
	psql -X -q -h 127.0.0.1 -p "$port" -U quarry -d quarry -v ON_ERROR_STOP=1 "$@"
}

for _ in $(seq 1 100); do
	psql_q -c 'SELECT 1' >/dev/null 2>&1 && break
	sleep 0.1
done
if ! psql_q -c 'SELECT 1' >/dev/null 2>&1; then
	echo "quarry did not start; the end of $log:" >&2
	tail -20 "$log" >&2
	exit 1
fi

if ! psql_q -c 'SELECT count(*) FROM lineitem' >/dev/null 2>&1; then
	echo "==> loading the sample database (TPC-H at scale factor 0.1)"
	"$QUARRY_ROOT/scripts/sample-db.sh" "$port" 0.1
fi

cat <<MSG
==> Quarry is running on port $port.  Try:
      psql -h 127.0.0.1 -p $port -U quarry quarry
      quarry=> SELECT l_returnflag, count(*), sum(l_extendedprice) FROM lineitem GROUP BY 1 ORDER BY 1;
    Stop it with: $QUARRY_ROOT/scripts/stop.sh
MSG
