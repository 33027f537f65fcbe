#!/usr/bin/env bash
# stop.sh: stop the `quarry local` that run.sh started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data_dir=${QUARRY_DATA_DIR:-$root/quarry-data}
[ $# -gt 0 ] && data_dir=$1
pidfile=$data_dir/local.pid
if [ ! -f "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
	echo "quarry local is not running"
	exit 0
fi
pid=$(cat "$pidfile")
kill -TERM "$pid"
for _ in $(seq 1 150); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
rm -f "$pidfile"
echo "quarry local stopped"
