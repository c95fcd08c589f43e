#!/usr/bin/env bash
# A local three-master Redis Cluster (Redis 7, from the machine's redis-server) for trying or benchmarking the
# cluster mode by hand: `bench/redis-cluster.sh start [basePort]` (default 7100: ports 7100-7102, cluster bus on
# port + 10000) prints the URL to give the nodes (chat.cluster.redis-url); `bench/redis-cluster.sh stop [basePort]`
# stops it and removes its directory. The tests start their own (testing.LocalRedisCluster).
set -euo pipefail
cmd="${1:-}"; base="${2:-7100}"
dir="${TMPDIR:-/tmp}/chat-redis-cluster-$base"
ports=("$base" "$((base + 1))" "$((base + 2))")
case "$cmd" in
  start)
    mkdir -p "$dir"
    for port in "${ports[@]}"; do
      mkdir -p "$dir/$port"
      redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
        --cluster-node-timeout 2000 --dir "$dir/$port" --save "" --appendonly no --daemonize yes \
        --logfile "$dir/$port/redis.log" --pidfile "$dir/$port/redis.pid"
    done
    for port in "${ports[@]}"; do
      until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
    done
    if ! redis-cli -p "$base" cluster info | grep -q 'cluster_slots_assigned:16384'; then
      redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$dir/create.log"
    fi
    for port in "${ports[@]}"; do
      until redis-cli -p "$port" cluster info | grep -q 'cluster_state:ok'; do sleep 0.1; done
    done
    echo "redis-cluster://127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
    ;;
  stop)
    for port in "${ports[@]}"; do
      redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [basePort]" >&2
    exit 2
    ;;
esac
