# psql_client.sh HOST PORT USER: psql as people use it: \copy in and out,
# an error that leaves the session usable, ON_ERROR_ROLLBACK-free scripts.
host=$1 port=$2 user=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '1\tone\n2\ttwo\n3\t\\N\n' >"$tmp/in.tsv"
printf 'id,name\n4,"four, 4"\n5,five\n' >"$tmp/in.csv"
psql -X -h "$host" -p "$port" -U "$user" -d "$user" -v VERBOSITY=default 2>&1 <<SQL
DROP TABLE IF EXISTS pc;
CREATE TABLE pc (id int, name text);
\copy pc from '$tmp/in.tsv'
\copy pc from '$tmp/in.csv' with (format csv, header)
SELECT * FROM pc ORDER BY id;
\copy (SELECT id, name FROM pc ORDER BY id) to '$tmp/out.csv' with (format csv)
\copy pc to '$tmp/out.tsv'
SELECT nosuch FROM pc;
SELECT count(*) FROM pc;
\copy pc from '$tmp/in.csv'
SELECT count(*) FROM pc;
BEGIN;
SELECT 1 / 0;
SELECT 1;
ROLLBACK;
SELECT 'usable' AS still;
DROP TABLE pc;
SQL
echo "-- out.csv"
cat "$tmp/out.csv"
echo "-- out.tsv (sorted)"
sort "$tmp/out.tsv"
