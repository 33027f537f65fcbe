#!/usr/bin/env bash
# garbage.sh: clients that send garbage bytes, malformed, truncated or
# oversized messages get their own connection closed; a psql session open
# beside them keeps working, and so does the server.
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
cluster_start --workers=1 || { echo "0 passed, 1 failed"; exit 1; }

# send HEXBYTES: write the bytes to a new connection, print what comes back
# (as hex) until the server closes it; "timeout" if it stays open for 3 s.
send() {
	local out
	out=$(timeout 3 bash -c '
		exec 3<>/dev/tcp/127.0.0.1/'"$PGPORT_Q"'
		printf "%b" "$1" >&3
		od -An -tx1 -v <&3 | tr -d " \n"' _ "$1")
	[ $? -eq 124 ] && echo timeout || echo "$out"
}

startup='\x00\x00\x00\x25\x00\x03\x00\x00user\x00quarry\x00database\x00quarry\x00\x00'

r=$(send 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
check "HTTP request instead of a start-up packet: FATAL error, connection closed" \
	'[[ $r == 45* ]] && [[ $r == *3038503031* ]]'   # 'E' ... "08P01"

r=$(send '\x00\x00\x00\x02\xff\xff')
check "start-up length below 8: FATAL 08P01, closed" '[[ $r == 45* && $r == *3038503031* ]]'

r=$(send '\x7f\xff\xff\xff')
check "start-up length of 2 GB: FATAL 08P01, closed" '[[ $r == 45* && $r == *3038503031* ]]'

r=$(send '\x00\x00\x00\x08\x00\x02\x00\x00')
check "protocol 2.0: FATAL 0A000, closed" '[[ $r == 45* && $r == *3041303030* ]]'

r=$(send "$startup"'\x01\x02\x03\x04\x05\x06')
check "garbage message type after start-up: FATAL 08P01 after ReadyForQuery" \
	'[[ $r == 52* && $r == *5a0000000549* && $r == *3038503031* ]]'

r=$(send "$startup"'Q\xff\xff\xff\xff')
check "oversized message length: FATAL 08P01" '[[ $r == *3038503031* ]]'

r=$(send "$startup"'Q\x00\x00\x00\x09abcde')
check "Query without its terminator: FATAL 08P01" '[[ $r == *3038503031* ]]'

# a truncated message, then the client goes away: the server frees the connection
timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$PGPORT_Q"'; printf "%b" "$1" >&3; sleep 0.2' _ \
	"$startup"'Q\x00\x00\x00\x20SELECT 1'
check "truncated message then disconnect: server still answers" \
	'cluster_psql -Atc "SELECT 1" 2>/dev/null | grep -qx 1'

r=$(send '\x00\x00\x00\x10\x04\xd2\x16\x2e\x00\x00\x00\x01\x00\x00\x00\x02')
check "CancelRequest for no query: connection closed without a reply" '[[ -z $r ]]'

# a session open across all of that still answers, before and after more garbage
out=$(cluster_psql -At <<SQL 2>&1
CREATE TABLE g (a int);
INSERT INTO g VALUES (1), (2);
\! bash -c 'exec 3<>/dev/tcp/127.0.0.1/$PGPORT_Q; printf "\\x00\\x00\\x00\\x09junk!" >&3; sleep 0.2'
SELECT sum(a) FROM g;
\! bash -c 'exec 3<>/dev/tcp/127.0.0.1/$PGPORT_Q; head -c 3000 /dev/urandom >&3; sleep 0.2'
SELECT count(*) FROM g;
DROP TABLE g;
SQL
)
check "a psql session beside the garbage keeps working" \
	'[[ $out == *"INSERT 0 2"* && $out == *$'"'"'\n3\n'"'"'* && $out == *$'"'"'\n2\n'"'"'* ]]'

check "the server is still running and accepting connections" \
	'cluster_psql -Atc "SELECT 41 + 1" 2>/dev/null | grep -qx 42'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
