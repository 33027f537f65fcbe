#!/usr/bin/env bash
# auth.sh: authentication as clients meet it.  Host rules from an hba_file
# pick trust, reject, password, md5 or scram-sha-256 per role; roles and
# their passwords come from CREATE / ALTER / DROP ROLE; a wrong password is
# 28P01, an unknown role 28000, an unknown database 3D000, each after the
# same auth_failure_delay; TLS with a certificate from the config, and a
# hostssl rule that only TLS connections meet.  Ends "N passed, M failed".
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

work=$(mktemp -d /tmp/quarry-auth.XXXXXX)
trap 'cluster_stop; rm -rf "$CLUSTER_DIR" "$work"' EXIT
cat >"$work/hba.conf" <<'HBA'
# TYPE     DATABASE  USER        ADDRESS       METHOD
host       all       quarry      127.0.0.1/32  trust
host       all       nobody      127.0.0.1/32  reject
host       all       pwuser      127.0.0.1/32  password
host       all       md5user     127.0.0.1/32  md5
hostssl    all       ssluser     all           scram-sha-256
hostnossl  all       ssluser     all           reject
host       all       all         127.0.0.1/32  scram-sha-256
HBA
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
	-keyout "$work/server.key" -out "$work/server.crt" >/dev/null 2>&1
chmod 600 "$work/server.key"
cluster_start --workers=1 --hba_file="$work/hba.conf" --auth_failure_delay=300ms \
	--ssl=on --ssl_cert_file="$work/server.crt" --ssl_key_file="$work/server.key" ||
	{ echo "0 passed, 1 failed"; exit 1; }

# as USER PASSWORD [SSLMODE] [DB]: one query as USER; prints its output or error
as() {
	PGPASSWORD=$2 PGSSLMODE=${3:-disable} PGCONNECT_TIMEOUT=10 psql -X -At -h 127.0.0.1 \
		-p "$PGPORT_Q" -U "$1" -d "${4:-quarry}" -v VERBOSITY=verbose \
		-c "SELECT current_setting('is_superuser') IS NOT NULL" 2>&1 |
		sed -e 's/^psql: error: //'
}
as_q() {
	PGPASSWORD=$2 PGSSLMODE=${3:-disable} psql -X -At -h 127.0.0.1 -p "$PGPORT_Q" -U "$1" \
		-d quarry -c "SELECT 1" 2>&1 | sed -e 's/^psql: error: //'
}
# ms COMMAND...: wall time of a command in milliseconds
ms() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

md5=$(printf '%s' "secretmd5user" | md5sum | cut -d' ' -f1)
out=$(cluster_psql -v ON_ERROR_STOP=0 2>&1 <<SQL
CREATE ROLE alice LOGIN PASSWORD 'secret';
CREATE ROLE bob PASSWORD 'x';
CREATE USER pwuser PASSWORD 'pw';
CREATE USER md5user PASSWORD 'md5$md5';
CREATE USER ssluser PASSWORD 'tls';
CREATE USER plain;
CREATE ROLE alice;
CREATE ROLE nobody LOGIN;
SQL
)
check "CREATE ROLE / USER with passwords" '[[ $(grep -c "^CREATE ROLE" <<<"$out") -eq 7 ]]'
check "CREATE ROLE of an existing role: 42710" '[[ $out == *"role \"alice\" already exists"* ]]'

check "trust for quarry from its host rule" '[[ $(as_q quarry "") == 1 ]]'
check "scram-sha-256 with the right password" '[[ $(as_q alice secret) == 1 ]]'
r=$(as_q alice wrong)
check "wrong password: 28P01" '[[ $r == *"password authentication failed for user \"alice\""* ]]'
r=$(as_q ghost whatever)
check "unknown role: 28000" '[[ $r == *"role \"ghost\" does not exist"* ]]'
r=$(PGPASSWORD=secret psql -X -At -h 127.0.0.1 -p "$PGPORT_Q" -U alice -d nodb -c "SELECT 1" 2>&1)
check "unknown database: 3D000" '[[ $r == *"database \"nodb\" does not exist"* ]]'
r=$(as_q bob x)
check "role without LOGIN: 28000" '[[ $r == *"role \"bob\" is not permitted to log in"* ]]'
r=$(as_q nobody "")
check "reject rule: 28000" '[[ $r == *"pg_hba.conf rejects connection for host \"127.0.0.1\", user \"nobody\""* ]]'
check "password (cleartext) method, right password" '[[ $(as_q pwuser pw) == 1 ]]'
r=$(as_q pwuser nope)
check "password (cleartext) method, wrong password: 28P01" '[[ $r == *"password authentication failed for user \"pwuser\""* ]]'
check "md5 method with an md5 verifier" '[[ $(as_q md5user secret) == 1 ]]'
r=$(as_q md5user nope)
check "md5 method, wrong password: 28P01" '[[ $r == *"password authentication failed"* ]]'
r=$(as_q plain "any")
check "role with no password under scram: 28P01" '[[ $r == *"password authentication failed for user \"plain\""* ]]'

t_wrong=$(ms as_q alice wrong)
t_ghost=$(ms as_q ghost x)
t_db=$(PGPASSWORD=secret ms psql -X -h 127.0.0.1 -p "$PGPORT_Q" -U alice -d nodb -c "SELECT 1")
t_ok=$(ms as_q alice secret)
echo "# failure times: wrong password ${t_wrong} ms, unknown role ${t_ghost} ms, unknown database ${t_db} ms; success ${t_ok} ms"
check "each failure waits auth_failure_delay (300 ms)" \
	'[[ $t_wrong -ge 300 && $t_ghost -ge 300 && $t_db -ge 300 ]]'

r=$(as_q ssluser tls require)
check "TLS: hostssl rule and scram over TLS" '[[ $r == 1 ]]'
r=$(PGPASSWORD=tls PGSSLMODE=require psql -X -At -h 127.0.0.1 -p "$PGPORT_Q" -U ssluser -d quarry \
	-c "SHOW server_encoding" -c '\conninfo' 2>&1)
check "TLS: psql reports an SSL connection" '[[ $r == *"SSL connection (protocol: TLSv1."* ]]'
r=$(as_q ssluser tls disable)
check "hostnossl reject without TLS" '[[ $r == *"pg_hba.conf rejects connection"* ]]'
check "sslmode=prefer with trust still works" '[[ $(as_q quarry "" prefer) == 1 ]]'

out=$(cluster_psql 2>&1 <<'SQL'
ALTER ROLE alice PASSWORD 'changed';
ALTER ROLE ghost PASSWORD 'x';
SQL
)
check "ALTER ROLE ... PASSWORD" '[[ $out == *"ALTER ROLE"* && $out == *"role \"ghost\" does not exist"* ]]'
check "old password refused after ALTER ROLE" '[[ $(as_q alice secret) == *"password authentication failed"* ]]'
check "new password accepted after ALTER ROLE" '[[ $(as_q alice changed) == 1 ]]'
r=$(PGPASSWORD=changed psql -X -At -h 127.0.0.1 -p "$PGPORT_Q" -U alice -d quarry -c "CREATE ROLE eve" 2>&1)
check "a non-superuser cannot create roles: 42501" '[[ $r == *"permission denied to create role"* ]]'
out=$(cluster_psql 2>&1 <<'SQL'
DROP ROLE alice;
DROP ROLE IF EXISTS alice;
DROP ROLE alice;
DROP ROLE quarry;
SQL
)
check "DROP ROLE [IF EXISTS]" '[[ $out == *"DROP ROLE"* && $out == *"role \"alice\" does not exist, skipping"* && $out == *"ERROR:  role \"alice\" does not exist"* ]]'
check "the current user cannot be dropped" '[[ $out == *"current user cannot be dropped"* ]]'
check "a dropped role cannot log in" '[[ $(as_q alice changed) == *"role \"alice\" does not exist"* ]]'

check "the server is still running" 'cluster_psql -Atc "SELECT 41 + 1" 2>/dev/null | grep -qx 42'
cluster_stop
check "no AddressSanitizer or LeakSanitizer report in the server log" \
	'! grep -qE "ERROR: (Address|Leak)Sanitizer" "$CLUSTER_DIR/quarry.log"'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
