# Sourced by the cluster benchmarks (crowd-cluster.sh, cluster-routing.sh): app nodes in cluster mode (profiles
# cluster,prod) on one PostgreSQL schema and one Redis, rate limits lifted as in compare.sh. Expects ROOT, JAVA,
# SERVER_HEAP, POSTGRES_URL, SCHEMA and OUT to be set; NODE_PIDS holds the started nodes.
NODE_PIDS=()

# start_nodes REDIS_URL PORT...: one node per port, one at a time (the first one migrates the schema), each until
# its readiness answers; exits the script if one dies or is not ready within 240 s.
start_nodes() {
  local redis_url=$1; shift
  local separator="?"; [[ "$POSTGRES_URL" == *\?* ]] && separator="&"
  local n=0 port
  for port in "$@"; do
    n=$((n + 1))
    "$JAVA" "-Xmx$SERVER_HEAP" -jar "$ROOT/chat-api/target/chat-server.jar" --server.port="$port" \
      --management.server.port="$port" --spring.profiles.active=cluster,prod \
      "--spring.datasource.url=$POSTGRES_URL${separator}currentSchema=$SCHEMA" "--spring.flyway.schemas=$SCHEMA" \
      --chat.cluster.redis-url="$redis_url" --chat.cluster.key-prefix="$SCHEMA" --chat.data-dir="$OUT/data$n" \
      --chat.ws.rate-limit=1000000 --chat.ws.rate-burst=1000000 --chat.api.rate-limits.enabled=false \
      >"$OUT/node$n.log" 2>&1 </dev/null &
    NODE_PIDS+=($!)
    for _ in $(seq 1 240); do
      curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
      kill -0 "${NODE_PIDS[-1]}" || { echo "node $n exited; see $OUT/node$n.log" >&2; exit 1; }
      sleep 1
    done
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { echo "node $n not ready" >&2; exit 1; }
  done
}

stop_nodes() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# The nodes' CPU seconds so far, one figure per node.
nodes_cpu() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do awk '{printf "%.1f ", ($14 + $15) / 100}' "/proc/$pid/stat"; done
}

nodes_rss() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do echo "node $pid $(grep VmRSS "/proc/$pid/status")"; done
}
