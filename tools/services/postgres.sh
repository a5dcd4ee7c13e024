#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: postgres.sh start|stop DIR PORT [ssl]
#   start: initdb into DIR/data (once), listen on 127.0.0.1:PORT only, unix socket in DIR/sock, trust auth on
#          loopback; waits until it accepts connections. As root it runs the server as the 'postgres' user.
#          With 'ssl' (or RARLHF_TEST_POSTGRES_TLS=1) on the first start: openssl makes a private CA and a server
#          certificate for 127.0.0.1/localhost in DIR/tls (ca.pem is what clients verify against), the server gets
#          ssl = on, and pg_hba.conf accepts TCP only over TLS (hostssl; hostnossl is rejected). Needs openssl.
#   stop:  fast shutdown; kills the postmaster if it does not stop within 20 s.
# Needs Debian's 'postgresql' package (see .ci/run).
set -euo pipefail
cmd="${1:?usage: postgres.sh start|stop DIR PORT}"
dir="${2:?usage: postgres.sh start|stop DIR PORT}"
port="${3:?usage: postgres.sh start|stop DIR PORT}"
tls="${4:-}"
[[ "${RARLHF_TEST_POSTGRES_TLS:-}" == 1 ]] && tls=ssl
[[ -z "$tls" || "$tls" == ssl ]] || { echo "postgres.sh: 4th argument must be 'ssl' or absent, not '$tls'" >&2; exit 2; }

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

# A CA and a server certificate signed by it (SAN 127.0.0.1 and localhost), 30 days, keys readable by the server only.
make_tls() {
  local d="$dir/tls"
  command -v openssl >/dev/null || { echo "postgres.sh: ssl needs openssl (see .ci/run)" >&2; exit 2; }
  mkdir -p "$d"
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=rarlhf test postgres CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$d/ca.key" -out "$d/ca.pem"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$d/server.key" -out "$d/server.csr"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 30 \
      -extfile "$d/server.ext" -out "$d/server.pem"
  } >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; exit 1; }
  chmod 600 "$d/ca.key" "$d/server.key"
  chmod 644 "$d/ca.pem" "$d/server.pem"
}
case "$cmd" in
  start)
    mkdir -p "$dir/sock"
    [[ -n "$tls" && ! -f "$data/PG_VERSION" ]] && make_tls
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
      if [[ -n "$tls" ]]; then
        cat >>"$data/postgresql.conf" <<CONF
ssl = on
ssl_cert_file = '$dir/tls/server.pem'
ssl_key_file = '$dir/tls/server.key'
ssl_min_protocol_version = 'TLSv1.2'
CONF
        printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n' >"$data/pg_hba.conf"
      else
        printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$data/pg_hba.conf"
      fi
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 start >/dev/null \
      || { tail -n 30 "$dir/postgres.log" >&2; exit 1; }
    watch_owner "$0" "$dir" "$port"
    echo "postgres ready on 127.0.0.1:$port (data $data${tls:+, TLS only, CA $dir/tls/ca.pem})"
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
