#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: postgres.sh start|stop DIR PORT
#   start: initdb into DIR/data (once), listen on 127.0.0.1:PORT only, unix socket in DIR/sock, trust auth on
#          loopback; waits until it accepts connections. As root it runs the server as the 'postgres' user.
#   stop:  fast shutdown; kills the postmaster if it does not stop within 20 s.
# Needs Debian's 'postgresql' package (see .ci/run).
set -euo pipefail
cmd="${1:?usage: postgres.sh start|stop DIR PORT}"
dir="${2:?usage: postgres.sh start|stop DIR PORT}"
port="${3:?usage: postgres.sh start|stop DIR PORT}"

[[ "$cmd" == stop && ! -d "$dir" ]] && exit 0
source "$(dirname "$0")/watch-owner.sh"

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "postgres.sh: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install postgresql (see .ci/run)" >&2
  exit 2
fi

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data="$dir/data"
case "$cmd" in
  start)
    mkdir -p "$dir/sock"
    [[ "$(id -u)" == 0 ]] && chown -R postgres: "$dir"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
max_connections = 100
shared_buffers = 64MB
logging_collector = off
CONF
      # Loopback only, trust: a test server with no secrets, unreachable from outside this machine.
      printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$data/pg_hba.conf"
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 start >/dev/null \
      || { tail -n 30 "$dir/postgres.log" >&2; exit 1; }
    watch_owner "$0" "$dir" "$port"
    echo "postgres ready on 127.0.0.1:$port (data $data)"
    ;;
  stop)
    [[ -f "$data/postmaster.pid" ]] || exit 0
    pid="$(head -n 1 "$data/postmaster.pid")"
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 20 stop >/dev/null 2>&1 || kill -9 "$pid" 2>/dev/null || true
    ;;
  *)
    echo "usage: postgres.sh start|stop DIR PORT" >&2
    exit 2
    ;;
esac
