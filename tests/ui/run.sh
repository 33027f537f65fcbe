#!/usr/bin/env bash
# run.sh: the observability suite.  Starts `quarry local` with the web UI on
# a free loopback port, runs a few queries (a failing one, one in several
# stages, one whose SQL needs HTML escaping), then checks with curl that
# /metrics is Prometheus text whose counters moved, that / and /query/ID
# show the workers, queries, stages and tasks (escaped), that bad requests
# get 404 and 405; and through psql that the quarry.* views hold the same
# facts.  Checks shapes and facts, never timings.  Ends with "N passed, M
# failed".
#
# Needs: postgresql-client, curl.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/tests/lib/cluster.sh"

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; [ -n "${2:-}" ] && echo "$2" | head -20 | sed 's/^/    /'; failed=$((failed + 1)); }
# check NAME ACTUAL EXPECTED
check() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $3
actual:   $2"; fi; }
# check_grep NAME PATTERN TEXT: TEXT has a line matching the extended regex
check_grep() { if grep -Eq -- "$2" <<<"$3"; then ok "$1"; else not_ok "$1" "no match for $2"; fi; }
check_nogrep() { if grep -Fq -- "$2" <<<"$3"; then not_ok "$1" "found $2"; else ok "$1"; fi; }

q() { cluster_psql -qtA -v ON_ERROR_STOP=1 -c "$1" 2>&1; }
http() { curl -s --max-time 10 "$@"; }
code() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"; }

UI_PORT=$(free_port)
trap 'cluster_stop; rm -rf "${CLUSTER_DIR:-/nonexistent}"' EXIT
if ! cluster_start --ui_port="$UI_PORT" --row_group_rows=100 --worker_slots=2 \
	--broadcast_threshold=0 --shuffle_coalesce_bytes=0; then
	echo "0 passed, 1 failed"
	exit 1
fi
ui=http://127.0.0.1:$UI_PORT

# ---- /metrics before ----
metric() { grep -E "^$1 " <<<"$2" | awk '{print $2}'; }
before=$(http "$ui/metrics")
check "metrics served" "$(metric quarry_up "$before")" 1

# ---- queries ----
q "CREATE TABLE ui_t (a int, b text)" >/dev/null
q "INSERT INTO ui_t SELECT g, 'k' || (g % 3) FROM generate_series(1, 3000) g" >/dev/null
check "a query in stages" "$(q "SELECT b, count(*) FROM ui_t GROUP BY b ORDER BY b" | tr '\n' ' ')" \
	"k0|1000 k1|1000 k2|1000 "
check_grep "a failing query" "division by zero" "$(q "SELECT 1 / (a - a) FROM ui_t")"
check_grep "a cancelled query (statement_timeout)" "canceling statement due to statement timeout" \
	"$(q "SET statement_timeout = '300ms'; SELECT count(*) FROM ui_t x, ui_t y, ui_t z WHERE x.a + y.a + z.a < 0")"
check "a query whose SQL needs escaping" "$(q "SELECT '<b>&amp' AS tag, count(*) FROM ui_t WHERE a < 10")" \
	"<b>&amp|9"

# ---- system views ----
check "quarry.workers: both workers, alive, with slots" \
	"$(q "SELECT count(*), count(*) FILTER (WHERE state = 'alive' AND slots = 2 AND registered_at <= last_heartbeat AND endpoint LIKE 'tcp://%') FROM quarry.workers")" "2|2"
check "quarry.queries: the failed query's state and sqlstate" \
	"$(q "SELECT state, sqlstate, error, rows IS NULL FROM quarry.queries WHERE query LIKE 'SELECT 1 / (a - a)%'")" \
	"failed|22012|division by zero|t"
check "quarry.queries: the cancelled query" \
	"$(q "SELECT state, sqlstate, rows IS NULL, ended IS NOT NULL FROM quarry.queries WHERE query LIKE '%ui_t x, ui_t y%'")" \
	"cancelled|57014|t|t"
gid=$(q "SELECT query_id FROM quarry.queries WHERE query LIKE 'SELECT b, count(*)%'")
check "quarry.queries: the staged query finished" \
	"$(q "SELECT state, sqlstate IS NULL, rows, stages >= 2, tasks >= stages, usename, pid > 0, ended >= started, duration >= '0'::interval FROM quarry.queries WHERE query_id = $gid")" \
	"finished|t|3|t|t|quarry|t|t|t"
check "quarry.queries: column types" \
	"$(q "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'quarry' AND table_name = 'queries' AND column_name IN ('query_id', 'started', 'duration', 'query')")" \
	"query_id bigint, query text, started timestamp with time zone, duration interval"
check "quarry.stages: the staged query's stages" \
	"$(q "SELECT count(*) >= 2, bool_and(done = tasks), sum(shuffle_bytes_written) > 0, sum(shuffle_bytes_read) > 0, count(*) FILTER (WHERE partitioning = 'result'), count(*) FILTER (WHERE reads = ''), sum(failed_attempts) FROM quarry.stages WHERE query_id = $gid")" \
	"t|t|t|t|1|1|0"
check "quarry.tasks: one row a task, all succeeded on known workers" \
	"$(q "SELECT count(*), bool_and(state = 'succeeded'), bool_and(attempt >= 1), bool_and(worker IN (SELECT id FROM quarry.workers)), count(DISTINCT stage) FROM quarry.tasks WHERE query_id = $gid")" \
	"$(q "SELECT sum(tasks) FROM quarry.stages WHERE query_id = $gid")|t|t|t|$(q "SELECT stages FROM quarry.queries WHERE query_id = $gid")"
check "quarry.tasks: the failed task" \
	"$(q "SELECT t.state FROM quarry.tasks t JOIN quarry.queries q USING (query_id) WHERE q.state = 'failed' AND t.state = 'failed'")" "failed"
check "quarry.settings: ui_port and its source" \
	"$(q "SELECT setting, default_value, source FROM quarry.settings WHERE name = 'ui_port'")" "$UI_PORT|4040|configured"
check "quarry.settings: every key" \
	"$(q "SELECT count(*) > 30, count(*) FILTER (WHERE description IS NULL) FROM quarry.settings")" "t|0"
check "\\dv quarry.* lists the views" \
	"$(cluster_psql -qtA -c '\dv quarry.*' | cut -d'|' -f1-3 | tr '\n' ' ')" \
	"quarry|queries|view quarry|settings|view quarry|stages|view quarry|tasks|view quarry|workers|view "
check "\\dn lists the quarry schema" "$(cluster_psql -qtA -c '\dn' | tr '\n' ' ')" "public|pg_database_owner quarry|quarry "
check "pg_class and information_schema know them" \
	"$(q "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'quarry' AND c.relkind = 'v'), (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'quarry')")" "5|5"
check_grep "an unknown quarry view is 42P01" "does not exist" "$(q "SELECT * FROM quarry.nope")"

# ---- /metrics after ----
after=$(http "$ui/metrics")
bad=$(grep -Ev '^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? (-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|[-+]Inf|NaN))$' <<<"$after")
check "metrics: every line a comment or a sample" "$bad" ""
check_grep "metrics: content type" "text/plain; version=0.0.4" "$(curl -s -D - -o /dev/null "$ui/metrics")"
for m in quarry_up quarry_workers quarry_worker_slots quarry_connections quarry_queries_running \
	quarry_task_retries_total quarry_shuffle_bytes_written_total quarry_query_duration_seconds_count; do
	check_grep "metrics: $m" "^$m [0-9]" "$after"
done
check "metrics: workers" "$(metric quarry_workers "$after")" 2
check "metrics: slots" "$(metric quarry_worker_slots "$after")" 4
gt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'; }
moved() {
	local a b
	a=$(metric "$1" "$after"); b=$(metric "$1" "$before")
	if gt "${a:-0}" "${b:-0}"; then ok "metrics: $1 moved"; else not_ok "metrics: $1 moved" "$b -> $a"; fi
}
moved 'quarry_queries_total\{state="finished"\}'
moved 'quarry_queries_total\{state="failed"\}'
moved 'quarry_queries_total\{state="cancelled"\}'
moved 'quarry_tasks_total\{state="succeeded"\}'
moved 'quarry_tasks_total\{state="failed"\}'
moved quarry_shuffle_bytes_written_total
moved quarry_query_duration_seconds_count
check "metrics: histogram +Inf bucket equals count" \
	"$(metric 'quarry_query_duration_seconds_bucket\{le="\+Inf"\}' "$after")" \
	"$(metric quarry_query_duration_seconds_count "$after")"

# ---- / ----
index=$(http "$ui/")
check_grep "index: an HTML page" "^<!DOCTYPE html>" "$index"
for w in $(q "SELECT id FROM quarry.workers"); do
	check_grep "index: lists worker $w" "<td>$w</td>" "$index"
done
check_grep "index: links the staged query" "href=\"/query/$gid\"" "$index"
check_grep "index: the failed query with its sqlstate" "<td>22012</td>" "$index"
check_grep "index: SQL is escaped" "SELECT &#39;&lt;b&gt;&amp;amp&#39; AS tag" "$index"
check_nogrep "index: no raw SQL markup" "<b>&amp" "$index"
check_nogrep "index: no script" "<script" "$index"

# ---- /query/ID ----
page=$(http "$ui/query/$gid")
nst=$(q "SELECT stages FROM quarry.queries WHERE query_id = $gid")
for s in $(seq 0 $((nst - 1))); do
	check_grep "query page: stage $s box" "id=stage$s>" "$page"
	check_grep "query page: stage $s tasks" "id=tasks$s>" "$page"
done
check_grep "query page: a stage reads another" "reads: <a href=\"#stage0\">Stage 0</a>" "$page"
check_grep "query page: the exchange" "output: hash exchange on" "$page"
check "query page: one task row per task" "$(grep -c '<td class="succeeded">succeeded</td>' <<<"$page")" \
	"$(q "SELECT count(*) FROM quarry.tasks WHERE query_id = $gid")"
check_grep "query page: tasks name their workers" "<td>worker-[0-9]+</td>" "$page"
fid=$(q "SELECT query_id FROM quarry.queries WHERE state = 'failed'")
check_grep "query page: a failed query's error" "22012: division by zero" "$(http "$ui/query/$fid")"

# ---- a running query, seen from another session, then its client gone ----
psql -X -h 127.0.0.1 -p "$PGPORT_Q" -U quarry -d quarry -qtA -c "SET statement_timeout = '60s'" \
	-c "SELECT count(*) FROM ui_t x, ui_t y, ui_t z WHERE x.a - y.a - z.a = 12345678" >/dev/null 2>&1 &
long_pid=$!
rid=
for _ in $(seq 1 100); do
	rid=$(q "SELECT query_id FROM quarry.queries WHERE state = 'running' AND query LIKE '%x.a - y.a - z.a%'")
	[ -n "$rid" ] && break
	sleep 0.1
done
if [ -n "$rid" ]; then
	ok "quarry.queries: a running query"
	check "quarry.queries: running, not ended" \
		"$(q "SELECT ended IS NULL, sqlstate IS NULL, pid IN (SELECT pid FROM pg_stat_activity) FROM quarry.queries WHERE query_id = $rid")" "t|t|t"
	check "quarry.tasks: some of its tasks are running on a worker" \
		"$(q "SELECT count(*) > 0 FROM quarry.tasks WHERE query_id = $rid AND state = 'running' AND worker IN (SELECT id FROM quarry.workers)")" "t"
	check "quarry.workers: its workers run tasks" "$(q "SELECT sum(running_tasks) > 0 FROM quarry.workers")" "t"
	check_grep "index: the running query" "<table id=running>.*|href=\"/query/$rid\"" "$(http "$ui/" | sed -n '/id=running/,/<\/table>/p')"
	check_grep "query page: running tasks" '<td class="running">running</td>' "$(http "$ui/query/$rid")"
	check_grep "metrics: a query running" '^quarry_queries_running [1-9]' "$(http "$ui/metrics")"
else
	not_ok "quarry.queries: a running query" "$(q "SELECT query_id, state, query FROM quarry.queries")"
fi
kill -KILL "$long_pid" 2>/dev/null
wait "$long_pid" 2>/dev/null
state=
for _ in $(seq 1 100); do
	state=$(q "SELECT state || '|' || sqlstate FROM quarry.queries WHERE query_id = ${rid:-0}")
	[ "$state" = "cancelled|57014" ] && break
	sleep 0.1
done
check "quarry.queries: its client gone, the query is cancelled" "$state" "cancelled|57014"

# ---- bad requests ----
check "404 for an unknown path" "$(code "$ui/nope")" 404
check "404 for an unknown query" "$(code "$ui/query/12345")" 404
check "404 for a query id that is not a number" "$(code "$ui/query/%3Cx%3E")" 404
check "404 for a long path" "$(code "$ui/$(head -c 3000 /dev/zero | tr '\0' a)")" 404
check "405 for POST" "$(code -X POST -d x=1 "$ui/")" 405
check "405 for DELETE" "$(code -X DELETE "$ui/metrics")" 405
check "HEAD is served" "$(code -I "$ui/metrics")" 200
check "the coordinator still answers" "$(q "SELECT count(*) FROM quarry.workers")" 2

alive=$(kill -0 "$CLUSTER_PID" 2>/dev/null && echo yes)
check "the cluster lived through the suite" "$alive" yes
cluster_stop
if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log"; then
	not_ok "sanitizer report in the server log" "$(grep -E -A5 'Sanitizer|runtime error:' "$CLUSTER_DIR/quarry.log")"
else
	ok "no sanitizer report in the server log"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
