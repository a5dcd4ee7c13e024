#!/usr/bin/env bash
# A throwaway RabbitMQ broker for tests: rabbitmq.sh start|stop DIR PORT
#   start: node 'rarlhf-PORT@localhost' with its database, logs, config and Erlang cookie under DIR, AMQP on
#          127.0.0.1:PORT only, Erlang distribution on 127.0.0.1:PORT+1 and a private epmd on 127.0.0.1:PORT+2,
#          no plugins (management off); user/password from RARLHF_TEST_BROKER_USER/_PASSWORD (default
#          rarlhf/loopback-only-secret). Waits until the port answers the AMQP handshake. Starting again on the same DIR and PORT
#          keeps the durable queues and their messages (the broker-restart tests rely on it).
#          With RARLHF_TEST_BROKER_TLS_DIR=D (holding ca.pem, server.pem, server.key) it also listens with TLS on
#          127.0.0.1:PORT+3 (client certificates optional) and waits for that port too.
#   stop:  SIGTERM (orderly shutdown), then SIGKILL of the node's process group if it is still there after 20 s.
# Needs Debian's 'rabbitmq-server' package (see .ci/run).
set -euo pipefail
cmd="${1:?usage: rabbitmq.sh start|stop DIR PORT}"
dir="${2:?usage: rabbitmq.sh start|stop DIR PORT}"
port="${3:?usage: rabbitmq.sh start|stop DIR PORT}"
[[ "$cmd" == stop && ! -d "$dir" ]] && exit 0
mkdir -p "$dir" && dir="$(cd "$dir" && pwd)"

bin=/usr/lib/rabbitmq/bin
if [[ ! -x "$bin/rabbitmq-server" ]]; then
  echo "rabbitmq.sh: $bin/rabbitmq-server not found: install rabbitmq-server (see .ci/run)" >&2
  exit 2
fi

export HOME="$dir" # the Erlang cookie lives here, shared by the node and rabbitmqctl
export RABBITMQ_NODENAME="rarlhf-$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT=$((port + 1))
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=$((port + 2))
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
export RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
# Without this the distribution listener binds every interface.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

amqp_ready() {
  # The broker answers a protocol header with a Connection.Start method frame (frame type 1).
  local reply
  reply="$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'AMQP\x00\x00\x09\x01' >&3 && head -c 1 <&3 | od -An -tu1" 2>/dev/null || true)"
  [[ "${reply// /}" == 1 ]]
}

tls_ready() {
  # The TLS listener accepts a TCP connection (the handshake itself is the client's test).
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$((port + 3))" 2>/dev/null
}

source "$(dirname "$0")/watch-owner.sh"

case "$cmd" in
  start)
    mkdir -p "$dir/mnesia" "$dir/log"
    touch "$dir/rabbitmq-env.conf"
    echo '[].' >"$dir/enabled_plugins"
    cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
default_user = ${RARLHF_TEST_BROKER_USER:-rarlhf}
default_pass = ${RARLHF_TEST_BROKER_PASSWORD:-loopback-only-secret}
loopback_users = none
disk_free_limit.absolute = 50MB
max_message_size = 134217728
log.console = false
log.file.level = warning
CONF
    tls_dir="${RARLHF_TEST_BROKER_TLS_DIR:-}"
    if [[ -n "$tls_dir" ]]; then
      for f in ca.pem server.pem server.key; do
        [[ -r "$tls_dir/$f" ]] || { echo "rabbitmq.sh: RARLHF_TEST_BROKER_TLS_DIR=$tls_dir has no readable $f" >&2; exit 1; }
      done
      cat >>"$dir/rabbitmq.conf" <<CONF
listeners.ssl.1 = 127.0.0.1:$((port + 3))
ssl_options.cacertfile = $tls_dir/ca.pem
ssl_options.certfile = $tls_dir/server.pem
ssl_options.keyfile = $tls_dir/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
CONF
    fi
    setsid "$bin/rabbitmq-server" >"$dir/log/server.out" 2>&1 </dev/null &
    echo $! >"$dir/server.pgid"
    watch_owner "$0" "$dir" "$port"
    # Up to 110 s: on a loaded machine (load average 40 on 2 cores) the node can need more than a minute.
    for _ in $(seq 1 440); do
      if amqp_ready && { [[ -z "$tls_dir" ]] || tls_ready; }; then
        echo "rabbitmq ready on 127.0.0.1:$port${tls_dir:+ (TLS on $((port + 3)))} (node $RABBITMQ_NODENAME)"; exit 0
      fi
      if ! kill -0 "$(cat "$dir/server.pgid")" 2>/dev/null; then
        echo "rabbitmq.sh: the broker exited during start-up:" >&2
        tail -n 30 "$dir/log/server.out" >&2
        exit 1
      fi
      sleep 0.25
    done
    echo "rabbitmq.sh: no AMQP answer on 127.0.0.1:$port after 110 s" >&2
    tail -n 30 "$dir/log/server.out" >&2
    exit 1
    ;;
  stop)
    [[ -f "$dir/server.pgid" ]] || exit 0
    pgid="$(cat "$dir/server.pgid")"
    # SIGTERM makes the node shut down in order (queues flushed); no CLI node needed.
    [[ -f "$RABBITMQ_PID_FILE" ]] && kill -TERM "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null || kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.25; done
    kill -9 -- "-$pgid" 2>/dev/null || true
    # The private epmd was started by the node as a daemon outside its group.
    /usr/lib/erlang/bin/epmd -kill >/dev/null 2>&1 || true
    rm -f "$dir/server.pgid" "$RABBITMQ_PID_FILE"
    ;;
  *)
    echo "usage: rabbitmq.sh start|stop DIR PORT" >&2
    exit 2
    ;;
esac
