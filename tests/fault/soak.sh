#!/usr/bin/env bash
# soak.sh [SECONDS]: 200 connections at once run queries in a loop for
# SECONDS (default SOAK_SECONDS or 30): no query may fail, and the
# coordinator's memory and file descriptors must not grow between the
# first and the last quarter of the run, and must come back when the
# connections close.  Prints the memory per idle connection.  Ends with
# "N passed, M failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/cluster.sh"
secs=${1:-${SOAK_SECONDS:-30}}

passed=0
failed=0
check() {
	if eval "$2"; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1"
		failed=$((failed + 1))
	fi
}

trap 'cluster_stop; rm -rf "$CLUSTER_DIR"' EXIT
cluster_start --workers=2 --max_connections=300 || { echo "0 passed, 1 failed"; exit 1; }
cluster_psql -q -c "CREATE TABLE soak (id int, name text)" \
	-c "INSERT INTO soak VALUES (1, 'one'), (2, 'two'), (3, 'three')"
coord=$(grep -o '\[coordinator [0-9]*\]' "$CLUSTER_DIR/quarry.log" | head -1 | grep -o '[0-9]*')

/usr/bin/python3 - "$PGPORT_Q" "$secs" "$coord" <<'PY' | tee "$CLUSTER_DIR/soak.out"
import os, sys, threading, time
import psycopg2

port, secs, coord = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def rss_kb():
    with open("/proc/%s/status" % coord) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

def fds():
    return len(os.listdir("/proc/%s/fd" % coord))

base_rss, base_fds = rss_kb(), fds()
conns = [psycopg2.connect(host="127.0.0.1", port=port, user="quarry", dbname="quarry") for _ in range(200)]
for c in conns:
    c.autocommit = True
time.sleep(1)
idle_rss, idle_fds = rss_kb(), fds()
print("idle: %d connections add %d kB RSS, %.1f kB each; %d fds" %
      (len(conns), idle_rss - base_rss, (idle_rss - base_rss) / len(conns), idle_fds - base_fds))
errors, counts = [], [0] * len(conns)
stop = time.time() + secs

def run(i, c):
    cur = c.cursor()
    n = 0
    try:
        while time.time() < stop:
            if n % 3 == 0:
                cur.execute("SELECT id, name FROM soak WHERE id > %s ORDER BY id", (n % 3,))
            elif n % 3 == 1:
                cur.execute("SELECT count(*) FROM soak")
            else:
                cur.execute("BEGIN; SELECT 1; COMMIT")
            cur.fetchall() if cur.description else None
            n += 1
    except Exception as e:
        errors.append(repr(e))
    counts[i] = n

threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(conns)]
for t in threads:
    t.start()
samples = []
while time.time() < stop:
    samples.append((time.time(), rss_kb(), fds()))
    time.sleep(0.5)
for t in threads:
    t.join()
q = max(1, len(samples) // 4)
early = max(s[1] for s in samples[:q])
late = max(s[1] for s in samples[-q:])
print("queries: %d in %.0f s (%.0f per second), errors: %d" % (sum(counts), secs, sum(counts) / secs, len(errors)))
print("busy RSS: first quarter max %d kB, last quarter max %d kB; fds %d .. %d" %
      (early, late, min(s[2] for s in samples), max(s[2] for s in samples)))
for c in conns:
    c.close()
# the server closes its sides as it reads the terminations: wait up to 10 s
for _ in range(100):
    time.sleep(0.1)
    end_rss, end_fds = rss_kb(), fds()
    if end_fds <= base_fds:
        break
print("after closing: RSS %+d kB from the start, fds %+d" % (end_rss - base_rss, end_fds - base_fds))
print("RESULT errors=%d growth_kb=%d fd_growth=%d fd_back=%d" %
      (len(errors), late - early, max(s[2] for s in samples[-q:]) - max(s[2] for s in samples[:q]),
       end_fds - base_fds))
for e in errors[:5]:
    print("error:", e)
PY
res=$(grep -o 'RESULT.*' "$CLUSTER_DIR/soak.out")
val() { sed -E "s/.*$1=(-?[0-9]+).*/\1/" <<<"$res"; }
check "200 connections for ${secs} s: no query failed" '[[ -n $res && $(val errors) -eq 0 ]]'
# allow 8 MB of allocator noise between the first and the last quarter
check "no memory growth while busy" '[[ -n $res && $(val growth_kb) -lt 8192 ]]'
check "no file descriptor growth while busy" '[[ -n $res && $(val fd_growth) -le 0 ]]'
check "file descriptors come back after the connections close" '[[ -n $res && $(val fd_back) -le 0 ]]'
check "the server is still running" 'cluster_psql -Atc "SELECT 41 + 1" 2>/dev/null | grep -qx 42'
cluster_stop
check "no AddressSanitizer or LeakSanitizer report in the server log" \
	'! grep -qE "ERROR: (Address|Leak)Sanitizer" "$CLUSTER_DIR/quarry.log"'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
