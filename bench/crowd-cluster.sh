#!/usr/bin/env bash
# The `crowd` scenario as BENCHMARKS.md records it: two nodes in cluster mode (profiles cluster,prod) on one
# PostgreSQL and one Redis, rate limits lifted as in compare.sh, and the walkers split over PROCESSES chat-bench
# processes run at once (one process holds fewer sockets than `ulimit -n`; each has its own walkers, zones and
# ADMIN sessions, all spread over both nodes). Prints each process's summary, the nodes' CPU and RSS, and the load
# before and after. The nodes are stopped at the end (also on Ctrl-C or failure); the schema
# (crowd_<time>) is left in place for inspection.
#
#   POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' bench/crowd-cluster.sh
#   PROCESSES=1 bench/crowd-cluster.sh --walkers 2000 --duration 20s   # extra arguments go to every chat-bench
#
# Environment: POSTGRES_URL (required), REDIS_URL (redis://127.0.0.1:6379), PROCESSES (2), WALKERS (20000 in
# total, split evenly), PORTS ("18231 18232"), SERVER_HEAP (512m), OUT (bench/results/crowd-<time>), JAVA (java),
# SKIP_BUILD=1 to use the jars as they are.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${POSTGRES_URL:?POSTGRES_URL=jdbc:postgresql://host:5432/db?user=... is required}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
PROCESSES="${PROCESSES:-2}"
WALKERS="${WALKERS:-20000}"
read -r -a PORTS <<<"${PORTS:-18231 18232}"
SERVER_HEAP="${SERVER_HEAP:-512m}"
JAVA="${JAVA:-java}"
OUT="${OUT:-$ROOT/bench/results/crowd-$(date -u +%Y%m%dT%H%M%SZ)}"
SCHEMA="crowd_$(date -u +%Y%m%d%H%M%S)"
mkdir -p "$OUT"
export CHAT_JWT_SECRET="${CHAT_JWT_SECRET:-$(openssl rand -base64 48 | tr -d '\n')}"
export CHAT_CLUSTER_SECRET="${CHAT_CLUSTER_SECRET:-$(openssl rand -base64 48 | tr -d '\n')}"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && ./mvnw -q -pl chat-api,chat-bench -am package -DskipTests)
fi

source "$ROOT/bench/lib/cluster-nodes.sh"
trap stop_nodes EXIT
start_nodes "$REDIS_URL" "${PORTS[@]}"

urls=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}"); urls=${urls%,}
echo "uptime before: $(uptime)"
cpu0=$(nodes_cpu); t0=$(date +%s)
benches=()
for p in $(seq 1 "$PROCESSES"); do
  "$JAVA" -Xmx1g -jar "$ROOT/chat-bench/target/chat-bench.jar" crowd --urls "$urls" --redis-url "$REDIS_URL" \
    --walkers $((WALKERS / PROCESSES)) --quiet --json "$OUT/crowd-$p.json" "$@" >"$OUT/crowd-$p.txt" 2>&1 &
  benches+=($!)
  sleep 0.5
done
status=0
for pid in "${benches[@]}"; do wait "$pid" || status=1; done
cpu1=$(nodes_cpu); t1=$(date +%s)
for p in $(seq 1 "$PROCESSES"); do cat "$OUT/crowd-$p.txt"; done
echo "nodes' CPU seconds (whole run, connect and close included, $((t1 - t0)) s): $cpu0-> $cpu1"
nodes_rss
echo "uptime after: $(uptime)"
echo "results in $OUT"
exit $status
