#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb into a
# temporary folder, listening on 127.0.0.1 on a free port, with
# LICENCE_TEST_POSTGRES set to its URL; the server is stopped and its folder
# removed when the command ends, whether it passed or failed.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Needs Debian's `postgresql` package (`make postgres-tools`). The server
# refuses to run as root, so as root it runs as the `postgres` user.
# fsync is off: the server is for tests, never for a durability claim.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
    echo "with-postgres: no PostgreSQL server found (apt-get install postgresql)" >&2
    exit 1
fi
as_server=()
if [ "$(id -u)" = 0 ]; then
    as_server=(runuser -u postgres --)
fi

dir=$(mktemp -d)
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -w -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U licence -E UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
CONF
ctl="${as_server[*]} $bindir/pg_ctl -D $dir/data -w -l $dir/server.log"
$ctl start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export LICENCE_TEST_POSTGRES="postgresql://licence@127.0.0.1:$port/postgres"
# What a test needs to stop and start the server (the restart test).
export LICENCE_TEST_POSTGRES_CTL="$ctl"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port" >&2
"$@"
