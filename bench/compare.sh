#!/usr/bin/env bash
# Runs chat-bench scenarios against this server and against the Node `ws` baseline, alternating round by round,
# and prints the medians, the ratios (server / baseline) and the targets. Both targets run on this machine, each
# started fresh for every scenario and stopped at the end (also on Ctrl-C or failure).
#
#   bench/compare.sh                       # fanout, rooms, store, connections; 3 rounds each
#   ROUNDS=5 bench/compare.sh fanout       # one scenario, five rounds
#   bench/compare.sh rooms --rate 1000     # extra arguments go to every chat-bench run
#
# Environment: ROUNDS (3), SERVER_PORT (18150), BASELINE_PORT (18151), SERVER_HEAP (512m), OUT (bench/results/<time>),
# CHAT_JWT_SECRET (a random one per run), JAVA (java), SKIP_BUILD=1 to use the jars as they are.
# SERVER_POSTGRES_URL=jdbc:postgresql://host:5432/db?user=... runs the server as in production (profile `prod`) on
# PostgreSQL instead of embedded H2, each start in a new schema (bench_<time>_<n>, left in place for inspection).
# `store` has no baseline run (the baseline stores nothing); its target is absolute.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
SERVER_PORT="${SERVER_PORT:-18150}"
BASELINE_PORT="${BASELINE_PORT:-18151}"
SERVER_HEAP="${SERVER_HEAP:-512m}"
JAVA="${JAVA:-java}"
OUT="${OUT:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
# Random per run: profile prod refuses a secret written in the repository (anyone could mint tokens with it).
export CHAT_JWT_SECRET="${CHAT_JWT_SECRET:-$(openssl rand -base64 48)}"

SCENARIOS=()
while [[ $# -gt 0 && "$1" != --* ]]; do SCENARIOS+=("$1"); shift; done
[[ ${#SCENARIOS[@]} -eq 0 ]] && SCENARIOS=(fanout rooms store connections)
EXTRA=("$@")

# Per scenario: the run's length. Warm-up is long enough for the JIT (and V8) to settle: a cold JVM spends most
# of its first seconds compiling, which says nothing about a server that has been up for a while. `rooms` measures
# tail latency, which a JVM still compiling (about 45 s under that load) spoils, so it warms up longest.
scenario_args() {
  case "$1" in
    fanout) echo "--warmup 15s --duration 20s --drain 10s" ;;
    rooms) echo "--warmup 45s --duration 30s --drain 10s" ;;
    store) echo "--warmup 15s --duration 20s --drain 10s" ;;
    connections) echo "--connections 15000 --duration 30s --settle 10s --connect-timeout 30s" ;;
    *) echo "unknown scenario: $1" >&2; exit 2 ;;
  esac
}

SERVER_PID=""
BASELINE_PID=""
WORK="$(mktemp -d)"

stop() {
  local pid="$1"
  [[ -z "$pid" ]] && return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  stop "$SERVER_PID"; SERVER_PID=""
  stop "$BASELINE_PID"; BASELINE_PID=""
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # url, pid, name
  for _ in $(seq 1 120); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { echo "$3 exited while starting; see $OUT/$3.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$3 did not become ready at $1" >&2
  exit 1
}

STARTS=0
start_server() {
  rm -rf "$WORK/data"
  local database=()
  if [[ -n "${SERVER_POSTGRES_URL:-}" ]]; then
    STARTS=$((STARTS + 1))
    local schema="bench_$(date -u +%Y%m%d%H%M%S)_$STARTS"
    local separator="?"; [[ "$SERVER_POSTGRES_URL" == *\?* ]] && separator="&"
    # prod serves Actuator on a port of its own; the bench reads readiness and heap from the server's one port.
    database=(--spring.profiles.active=prod "--spring.datasource.url=$SERVER_POSTGRES_URL${separator}currentSchema=$schema"
      "--spring.flyway.schemas=$schema" "--management.server.port=$SERVER_PORT")
  fi
  # Rate limits are lifted (the baseline has none); everything else is the default configuration.
  "$JAVA" "-Xmx$SERVER_HEAP" -jar "$ROOT/chat-api/target/chat-server.jar" --server.port="$SERVER_PORT" \
    --chat.data-dir="$WORK/data" --server.tomcat.max-connections=20000 --chat.ws.max-pending-sessions=20000 \
    --chat.ws.rate-limit=1000000 --chat.ws.rate-burst=1000000 --chat.api.rate-limits.enabled=false \
    "${database[@]}" >>"$OUT/server.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$SERVER_PORT/actuator/health/readiness" "$SERVER_PID" server
}

start_baseline() {
  node "$ROOT/bench/baseline/server.js" "$BASELINE_PORT" >>"$OUT/baseline.log" 2>&1 &
  BASELINE_PID=$!
  wait_for "http://127.0.0.1:$BASELINE_PORT/actuator/health" "$BASELINE_PID" baseline
}

bench() { # scenario, label, port, pid, round
  local file="$OUT/$1-$2-$5.json"
  # shellcheck disable=SC2046
  "$JAVA" -Xmx1g -jar "$ROOT/chat-bench/target/chat-bench.jar" "$1" --url "http://127.0.0.1:$3" \
    --server-pid "$4" --label "$2" --json "$file" --quiet $(scenario_args "$1") "${EXTRA[@]}" \
    | grep -v '^\[' | tee -a "$OUT/runs.txt"
}

mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl chat-api,chat-bench -am package -DskipTests)
fi
if [[ ! -d "$ROOT/bench/baseline/node_modules/ws" ]]; then
  (cd "$ROOT/bench/baseline" && npm ci --silent --no-audit --no-fund)
fi

{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "java: $("$JAVA" -version 2>&1 | head -1); node: $(node --version); open files: $(ulimit -n)"
  echo "rounds: $ROUNDS; scenarios: ${SCENARIOS[*]}; extra: ${EXTRA[*]:-none}"
  if [[ -n "${SERVER_POSTGRES_URL:-}" ]]; then
    echo "server database: PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}') at $SERVER_POSTGRES_URL, profile prod"
  else
    echo "server database: embedded H2, file-backed"
  fi
} | tee "$OUT/machine.txt"

for scenario in "${SCENARIOS[@]}"; do
  echo "== $scenario"
  start_server
  [[ "$scenario" != store ]] && start_baseline
  for round in $(seq 1 "$ROUNDS"); do
    bench "$scenario" server "$SERVER_PORT" "$SERVER_PID" "$round"
    if [[ "$scenario" != store ]]; then
      bench "$scenario" baseline "$BASELINE_PORT" "$BASELINE_PID" "$round"
    fi
  done
  stop "$SERVER_PID"; SERVER_PID=""
  stop "$BASELINE_PID"; BASELINE_PID=""
done

"$JAVA" -jar "$ROOT/chat-bench/target/chat-bench.jar" report --baseline baseline --server server \
  --md "$OUT/summary.md" --html "$OUT/latency.html" "$OUT"/*.json
echo
cat "$OUT/summary.md"
echo "results, logs and the latency chart: $OUT"
