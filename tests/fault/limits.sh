#!/usr/bin/env bash
# limits.sh: cancel and the connection limits.  CancelRequest and
# statement_timeout stop a running query with 57014 and the session goes
# on; a client that disconnects mid-query has its task cancelled;
# max_connections answers 53300; authentication_timeout closes a silent
# client; idle_in_transaction_session_timeout ends an idle block (25P03);
# a message over max_message_size is 08P01.  Ends "N passed, M failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/cluster.sh"

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
cluster_start --workers=1 --max_connections=6 --authentication_timeout=1s \
	--max_message_size=1MB || { echo "0 passed, 1 failed"; exit 1; }
seq 1 2000 | cluster_psql -q -c "CREATE TABLE k (a int)" -c "COPY k FROM STDIN"
long="SELECT count(*) FROM k a, k b, k c"

py() { /usr/bin/python3 - "$PGPORT_Q" "$@"; }

r=$(py <<'PY'
import sys, threading, time, psycopg2
c = psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="quarry", dbname="quarry")
c.autocommit = True
cur = c.cursor()
threading.Timer(0.5, c.cancel).start()
t = time.time()
try:
    cur.execute("SELECT count(*) FROM k a, k b, k c")
    print("finished?")
except psycopg2.errors.QueryCanceled as e:
    print("canceled", e.pgcode, e.diag.message_primary, "%.1f" % (time.time() - t))
cur.execute("SELECT 1")
print("after", cur.fetchone()[0])
PY
)
echo "# $r"
check "CancelRequest: 57014 within a second, session usable" \
	'[[ $r == *"canceled 57014 canceling statement due to user request 0."* && $r == *"after 1"* ]]'

r=$(cluster_psql -At 2>&1 <<SQL
SET statement_timeout = '300ms';
$long;
SELECT 'usable';
RESET statement_timeout;
SQL
)
check "statement_timeout: 57014, session usable" \
	'[[ $r == *"canceling statement due to statement timeout"* && $r == *usable* ]]'

r=$(py <<'PY'
import sys, socket, struct, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
body = struct.pack("!i", 196608) + b"user\0quarry\0database\0quarry\0\0"
s.sendall(struct.pack("!i", len(body) + 4) + body)
time.sleep(0.3)
q = b"SELECT count(*) FROM k a, k b, k c\0"
s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
time.sleep(0.5)
s.close()
PY
)
sleep 0.5
check "disconnect mid-query: the task is cancelled" \
	'grep -q "client disconnected during a query; cancelling it" "$CLUSTER_DIR/quarry.log"'
t0=$(date +%s%N)
r=$(cluster_psql -Atc "SELECT count(*) FROM k")
t1=$(date +%s%N)
check "the worker is free again after the disconnect" '[[ $r == 2000 && $(((t1 - t0) / 1000000)) -lt 3000 ]]'

r=$(py <<'PY'
import sys, socket, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
t = time.time()
s.settimeout(5)
data = b""
try:
    while True:
        chunk = s.recv(1000)
        if not chunk:
            break
        data += chunk
except Exception as e:
    print("no close:", e)
print("closed after %.1f s" % (time.time() - t))
PY
)
echo "# $r"
check "authentication_timeout closes a silent client" '[[ $r == "closed after 1."* ]]'

r=$(py <<'PY'
import sys, time, psycopg2
conns = [psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="quarry", dbname="quarry") for _ in range(6)]
try:
    psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="quarry", dbname="quarry")
    print("seventh connected")
except psycopg2.OperationalError as e:
    print(str(e).strip().splitlines()[-1])
for c in conns:
    c.close()
time.sleep(0.2)
psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="quarry", dbname="quarry").close()
print("after closing: connected")
PY
)
echo "# $r"
check "max_connections: the next one gets 53300, freed slots are reused" \
	'[[ $r == *"sorry, too many clients already"* && $r == *"after closing: connected"* ]]'

r=$(py <<'PY'
import sys, time, psycopg2
c = psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="quarry", dbname="quarry")
cur = c.cursor()
cur.execute("SET idle_in_transaction_session_timeout = '300ms'")
cur.execute("SELECT 1")
time.sleep(0.8)
try:
    cur.execute("SELECT 2")
    print("still open")
except psycopg2.Error as e:
    print(type(e).__name__, " | ".join(str(e).strip().splitlines()))
PY
)
echo "# $r"
# libpq reports the closed connection, as it does with PostgreSQL 15; the
# FATAL 25P03 it was sent is in the server log
check "idle_in_transaction_session_timeout ends the session (25P03)" \
	'[[ $r == OperationalError* ]] && grep -q "terminating connection due to idle-in-transaction timeout" "$CLUSTER_DIR/quarry.log"'

r=$(py <<'PY'
import sys, socket, struct, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
body = struct.pack("!i", 196608) + b"user\0quarry\0database\0quarry\0\0"
s.sendall(struct.pack("!i", len(body) + 4) + body)
time.sleep(0.2)
s.recv(10000)
q = b"SELECT '" + b"x" * (2 * 1024 * 1024) + b"'\0"
try:
    s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
except OSError:
    pass
data = b""
try:
    while True:
        chunk = s.recv(10000)
        if not chunk:
            break
        data += chunk
except OSError:
    pass
print("08P01" if b"C08P01" in data else "no error", "closed")
PY
)
check "a message over max_message_size: 08P01 and closed" '[[ $r == "08P01 closed" ]]'
check "the server is still running" 'cluster_psql -Atc "SELECT 41 + 1" 2>/dev/null | grep -qx 42'
cluster_stop
check "no AddressSanitizer or LeakSanitizer report in the server log" \
	'! grep -qE "ERROR: (Address|Leak)Sanitizer" "$CLUSTER_DIR/quarry.log"'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
