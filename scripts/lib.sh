# lib.sh: shared by the README's commands (setup.sh, run.sh, test.sh).
# Installs the Debian packages that are missing (apt-get update only when one
# is), then configures and builds with meson + ninja.

QUARRY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

QUARRY_PACKAGES=(
	build-essential meson ninja-build pkg-config
	libpg-query-dev libprotobuf-c-dev protobuf-c-compiler
	libevent-dev libzmq3-dev libzstd-dev libcriterion-dev libsqlite3-dev
	libssl-dev libxxhash-dev
	postgresql-client procps python3 xz-utils
	python3-psycopg2 python3-psycopg libpostgresql-jdbc-java default-jdk-headless
	clang openssl iproute2
	libpcre2-dev python3-sqlalchemy odbc-postgresql unixodbc python3-pyodbc sqlsmith
)

# quarry_install_packages installs whatever of QUARRY_PACKAGES is missing.
quarry_install_packages() {
	local missing=()
	for p in "${QUARRY_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	# node and npm may come from another source (NodeSource); only Debian's if absent
	command -v node >/dev/null 2>&1 || missing+=(nodejs)
	command -v npm >/dev/null 2>&1 || missing+=(npm)
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "==> installing: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# quarry_build DIR [meson options...] configures DIR once and builds it.
quarry_build() {
	local dir=$1
	shift
	if [ ! -f "$QUARRY_ROOT/$dir/build.ninja" ]; then
		meson setup "$QUARRY_ROOT/$dir" "$QUARRY_ROOT" "$@" >/dev/null
	fi
	ninja -C "$QUARRY_ROOT/$dir" >/dev/null
}
