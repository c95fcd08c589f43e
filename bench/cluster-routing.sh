#!/usr/bin/env bash
# The `cluster-routing` scenario as BENCHMARKS.md records it: NODES app nodes in cluster mode (profiles cluster,prod)
# on one PostgreSQL and a local three-master Redis Cluster (bench/redis-cluster.sh), rate limits lifted as in
# compare.sh; one chat-bench process puts each local room's members on one node and the spread rooms' members on
# every node, and reads each node's Redis bus counters. Prints the summary (per node: Redis messages received/s
# against the share its rooms carry), the nodes' CPU and RSS, and the load before and after. The nodes are stopped at
# the end (also on Ctrl-C or failure), and so is the Redis Cluster when this script started it; the schema
# (routing_<time>) is left in place for inspection.
#
#   POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' bench/cluster-routing.sh
#   NODES=1 bench/cluster-routing.sh --rate 1000 --duration 30s   # extra arguments go to chat-bench
#
# Environment: POSTGRES_URL (required), NODES (3), PORT_BASE (18241: nodes on 18241, 18242, ...), REDIS_PORT (7100:
# the Redis Cluster's first port; one already running there is used and left running), SERVER_HEAP (512m), OUT
# (bench/results/cluster-routing-<time>), JAVA (java), SKIP_BUILD=1 to use the jars as they are.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${POSTGRES_URL:?POSTGRES_URL=jdbc:postgresql://host:5432/db?user=... is required}"
NODES="${NODES:-3}"
PORT_BASE="${PORT_BASE:-18241}"
REDIS_PORT="${REDIS_PORT:-7100}"
SERVER_HEAP="${SERVER_HEAP:-512m}"
JAVA="${JAVA:-java}"
OUT="${OUT:-$ROOT/bench/results/cluster-routing-$(date -u +%Y%m%dT%H%M%SZ)}"
SCHEMA="routing_$(date -u +%Y%m%d%H%M%S)"
mkdir -p "$OUT"
export CHAT_JWT_SECRET="${CHAT_JWT_SECRET:-$(openssl rand -base64 48 | tr -d '\n')}"
export CHAT_CLUSTER_SECRET="${CHAT_CLUSTER_SECRET:-$(openssl rand -base64 48 | tr -d '\n')}"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && ./mvnw -q -pl chat-api,chat-bench -am package -DskipTests)
fi

source "$ROOT/bench/lib/cluster-nodes.sh"
STARTED_REDIS=""
stop() {
  stop_nodes
  if [[ -n "$STARTED_REDIS" ]]; then "$ROOT/bench/redis-cluster.sh" stop "$REDIS_PORT"; fi
}
trap stop EXIT

if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  STARTED_REDIS=1
fi
REDIS_URL=$("$ROOT/bench/redis-cluster.sh" start "$REDIS_PORT")
echo "redis cluster: $REDIS_URL"

PORTS=()
for n in $(seq 1 "$NODES"); do PORTS+=($((PORT_BASE + n - 1))); done
start_nodes "$REDIS_URL" "${PORTS[@]}"

urls=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}"); urls=${urls%,}
echo "uptime before: $(uptime)"
cpu0=$(nodes_cpu); t0=$(date +%s)
status=0
"$JAVA" -Xmx1g -jar "$ROOT/chat-bench/target/chat-bench.jar" cluster-routing --urls "$urls" --quiet \
  --json "$OUT/cluster-routing.json" "$@" >"$OUT/cluster-routing.txt" 2>&1 || status=$?
cpu1=$(nodes_cpu); t1=$(date +%s)
cat "$OUT/cluster-routing.txt"
echo "nodes' CPU seconds (whole run, connect and close included, $((t1 - t0)) s): $cpu0-> $cpu1"
nodes_rss
echo "uptime after: $(uptime)"
echo "results in $OUT"
exit $status
