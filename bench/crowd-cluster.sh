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

PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

separator="?"; [[ "$POSTGRES_URL" == *\?* ]] && separator="&"
n=0
for port in "${PORTS[@]}"; do
  n=$((n + 1))
  "$JAVA" "-Xmx$SERVER_HEAP" -jar "$ROOT/chat-api/target/chat-server.jar" --server.port="$port" \
    --management.server.port="$port" --spring.profiles.active=cluster,prod \
    "--spring.datasource.url=$POSTGRES_URL${separator}currentSchema=$SCHEMA" "--spring.flyway.schemas=$SCHEMA" \
    --chat.cluster.redis-url="$REDIS_URL" --chat.cluster.key-prefix="$SCHEMA" --chat.data-dir="$OUT/data$n" \
    --chat.ws.rate-limit=1000000 --chat.ws.rate-burst=1000000 --chat.api.rate-limits.enabled=false \
    >"$OUT/node$n.log" 2>&1 </dev/null &
  PIDS+=($!)
  # one at a time: the first one migrates the schema
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
    kill -0 "${PIDS[-1]}" || { echo "node $n exited; see $OUT/node$n.log" >&2; exit 1; }
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { echo "node $n not ready" >&2; exit 1; }
done

urls=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}"); urls=${urls%,}
cpu() { for pid in "${PIDS[@]}"; do awk '{printf "%.1f ", ($14 + $15) / 100}' "/proc/$pid/stat"; done; }
echo "uptime before: $(uptime)"
cpu0=$(cpu); t0=$(date +%s)
benches=()
for p in $(seq 1 "$PROCESSES"); do
  "$JAVA" -Xmx1g -jar "$ROOT/chat-bench/target/chat-bench.jar" crowd --urls "$urls" --redis-url "$REDIS_URL" \
    --walkers $((WALKERS / PROCESSES)) --quiet --json "$OUT/crowd-$p.json" "$@" >"$OUT/crowd-$p.txt" 2>&1 &
  benches+=($!)
  sleep 0.5
done
status=0
for pid in "${benches[@]}"; do wait "$pid" || status=1; done
cpu1=$(cpu); t1=$(date +%s)
for p in $(seq 1 "$PROCESSES"); do cat "$OUT/crowd-$p.txt"; done
echo "nodes' CPU seconds (whole run, connect and close included, $((t1 - t0)) s): $cpu0-> $cpu1"
for pid in "${PIDS[@]}"; do echo "node $pid $(grep VmRSS "/proc/$pid/status")"; done
echo "uptime after: $(uptime)"
echo "results in $OUT"
exit $status
