#!/usr/bin/env bash
# Runs chat-bench scenarios against three targets on this machine, alternating round by round: this server, the Node
# `ws` baseline (bench/baseline) and the design notes' Spring handler (bench/notes-baseline). In every scenario the
# independent Node client (bench/node-client) measures too, after chat-bench, as a cross-check of it. Prints every
# round, the medians, the ratios (server / the better baseline for each metric) and the targets. Every target is
# started fresh for each scenario and stopped at the end (also on Ctrl-C or failure).
#
#   bench/compare.sh                       # fanout, rooms, store, connect, connections, reconnect; 3 rounds each
#   ROUNDS=5 bench/compare.sh fanout       # one scenario, five rounds
#   bench/compare.sh rooms --rate 1000     # extra arguments go to every chat-bench (and Node client) run
#
# Environment: ROUNDS (3), SERVER_PORT (18150), NODE_PORT (18151; BASELINE_PORT is its old name), NOTES_PORT (18152),
# SERVER_HEAP (512m, also the notes baseline's heap), OUT (bench/results/<time>), CHAT_JWT_SECRET (a random one per
# run), JAVA (java), SKIP_BUILD=1 to use the jars as they are, TARGETS ("server node notes": which targets run),
# CROSS_CHECK ("server notes": which targets the Node client also measures; empty for none),
# SERVER_ARGS (extra server options; default: rate limits lifted, nothing else), CONNECT_WARMUP (150000: handshakes each
# target takes from chat-bench, unmeasured, before the rounds of `connect`; 0 for none), CONNECT_WARMUP_NODE_CLIENT (2:
# unmeasured runs of 10,000 handshakes by the Node client after that, for the targets it cross-checks).
# SERVER_POSTGRES_URL=jdbc:postgresql://host:5432/db?user=... runs the server as in production (profile `prod`) on
# PostgreSQL instead of embedded H2, each start in a new schema (bench_<time>_<n>, left in place for inspection).
# `store` and `reconnect` run against the server only (the baselines store nothing and answer no SYNC); their targets
# are absolute. `reconnect` restarts the server under its clients with bench/restart-server.sh (same port, same data
# directory or schema); with RECONNECT_DROP=connections it drops every client of the running, warm server instead
# (bench/drop-connections.sh), to tell a cold JVM's share of the catch-up from the work's. Scenarios chat-bench does
# not list are skipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
SERVER_PORT="${SERVER_PORT:-18150}"
NODE_PORT="${NODE_PORT:-${BASELINE_PORT:-18151}}"
NOTES_PORT="${NOTES_PORT:-18152}"
SERVER_HEAP="${SERVER_HEAP:-512m}"
JAVA="${JAVA:-java}"
RECONNECT_DROP="${RECONNECT_DROP:-restart}"
[[ "$RECONNECT_DROP" == restart || "$RECONNECT_DROP" == connections ]] \
  || { echo "RECONNECT_DROP is restart or connections, not $RECONNECT_DROP" >&2; exit 2; }
OUT="${OUT:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
read -r -a TARGET_LIST <<<"${TARGETS:-server node notes}"
read -r -a CROSS_CHECK_LIST <<<"${CROSS_CHECK-server notes}"
# The server as a user starts it, except that the rate limits are lifted (the baselines have none). Connection
# limits are the defaults: the issue's idle-socket target is 15,000 sockets with them. Nothing raises
# chat.ws.max-pending-sessions either: it counts sockets waiting for INIT, and chat-bench authenticates in the
# handshake (--auth header), so none wait.
read -r -a SERVER_ARGS <<<"${SERVER_ARGS:---chat.ws.rate-limit=1000000 --chat.ws.rate-burst=1000000 --chat.api.rate-limits.enabled=false}"
# Random per run: profile prod refuses a secret written in the repository (anyone could mint tokens with it).
export CHAT_JWT_SECRET="${CHAT_JWT_SECRET:-$(openssl rand -base64 48)}"

SCENARIOS=()
while [[ $# -gt 0 && "$1" != --* ]]; do SCENARIOS+=("$1"); shift; done
[[ ${#SCENARIOS[@]} -eq 0 ]] && SCENARIOS=(fanout rooms store connect connections reconnect)
EXTRA=("$@")

# Per scenario: the run's length. Warm-up is long enough for the JIT (and V8) to settle: a cold JVM spends most
# of its first seconds compiling, which says nothing about a server that has been up for a while. `rooms` measures
# tail latency, which a JVM still compiling (about 45 s under that load) spoils, so it warms up longest. fanout keeps
# 8 SENDs in flight per sender, as issue #15 measures it.
scenario_args() {
  case "$1" in
    fanout) echo "--warmup 15s --duration 20s --drain 10s --window 8" ;;
    rooms) echo "--warmup 45s --duration 30s --drain 10s" ;;
    store) echo "--warmup 15s --duration 20s --drain 10s" ;;
    connect) echo "--connections 10000" ;;
    connections) echo "--connections 15000 --duration 30s --settle 10s --connect-timeout 30s" ;;
    # 10,000 clients in rooms of 10, dropped by a restart (SIGTERM, then the same command again), reconnecting with
    # jittered backoff and SYNCing what was posted meanwhile; the restart command is added in bench().
    reconnect) echo "--clients 10000 --connect-timeout 30s --catch-up-timeout 300s" ;;
    *) echo "unknown scenario: $1" >&2; exit 2 ;;
  esac
}

# Which targets a scenario runs against: the baselines store nothing, so store is the server's alone.
targets_of() {
  local target
  for target in "${TARGET_LIST[@]}"; do
    [[ ( "$1" == store || "$1" == reconnect ) && "$target" != server ]] && continue
    echo "$target"
  done
}

declare -A PID=() PORT=([server]="$SERVER_PORT" [node]="$NODE_PORT" [notes]="$NOTES_PORT")
WORK="$(mktemp -d)"

stop() {
  local pid="$1"
  [[ -z "$pid" ]] && return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_all() {
  local target
  for target in "${!PID[@]}"; do stop "${PID[$target]}"; done
  PID=()
}

cleanup() {
  stop_all
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # url, pid, name; a JVM on two busy cores has been seen to take three minutes to start
  for _ in $(seq 1 600); do
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
  SERVER_CMD=("$JAVA" "-Xmx$SERVER_HEAP" -jar "$ROOT/chat-api/target/chat-server.jar" --server.port="$SERVER_PORT"
    --chat.data-dir="$WORK/data" "${SERVER_ARGS[@]}" "${database[@]}")
  "${SERVER_CMD[@]}" >>"$OUT/server.log" 2>&1 </dev/null &
  PID[server]=$!
  echo "${PID[server]}" >"$WORK/server.pid"
  wait_for "http://127.0.0.1:$SERVER_PORT/actuator/health/readiness" "${PID[server]}" server
}

start_node() {
  node "$ROOT/bench/baseline/server.js" "$NODE_PORT" >>"$OUT/node.log" 2>&1 &
  PID[node]=$!
  wait_for "http://127.0.0.1:$NODE_PORT/actuator/health" "${PID[node]}" node
}

start_notes() {
  "$JAVA" "-Xmx$SERVER_HEAP" -jar "$ROOT/bench/notes-baseline/target/notes-baseline.jar" --server.port="$NOTES_PORT" \
    >>"$OUT/notes.log" 2>&1 &
  PID[notes]=$!
  wait_for "http://127.0.0.1:$NOTES_PORT/actuator/health" "${PID[notes]}" notes
}

# `connect` is one burst of handshakes per round, so it has no --warmup of its own; without one, a fresh JVM's first
# rounds measure its JIT compiling the handshake path (one C2 compiler thread here, 40 % of the server's CPU in a
# third round of 10,000), which the other scenarios' warm-ups leave out. Each target takes CONNECT_WARMUP handshakes
# first (150,000: on this machine C2 kept compiling the handshake path for about that many; after 50,000 the rounds
# still cost 0.47-0.82 ms of server CPU a handshake against 0.29-0.34 once it was done), each closed on its READY (no target holds more than the 200 in flight), the same for every target. A target
# the Node client cross-checks then takes CONNECT_WARMUP_NODE_CLIENT runs of its 10,000 too: the JVM compiled for
# chat-bench's handshakes recompiles for the Node client's (its first run against a server warmed by chat-bench alone
# cost the server 2.8x the CPU of its fourth). The warm-ups' results are printed as "warm-up" and kept in warmup.txt,
# so the cold figures stay in the record.
CONNECT_WARMUP="${CONNECT_WARMUP:-150000}"
CONNECT_WARMUP_NODE_CLIENT="${CONNECT_WARMUP_NODE_CLIENT:-2}"
warm_up() { # scenario, target
  [[ "$1" == connect ]] || return 0
  if [[ "$CONNECT_WARMUP" -gt 0 ]]; then
    chat_bench "$1" "$2" "$2 warm-up" --connections "$CONNECT_WARMUP" --close-on-ready | sed 's/^/warm-up: /' \
      | tee -a "$OUT/warmup.txt" || echo "!! the $1 warm-up of $2 failed (exit $?)"
  fi
  [[ " ${CROSS_CHECK_LIST[*]:-} " == *" $2 "* ]] || return 0
  for _ in $(seq 1 "$CONNECT_WARMUP_NODE_CLIENT"); do
    # shellcheck disable=SC2046
    node_client "$1" "$2" "$2+nodeclient warm-up" $(scenario_args "$1") | sed 's/^/warm-up: /' \
      | tee -a "$OUT/warmup.txt" || echo "!! the Node client's $1 warm-up of $2 failed (exit $?)"
  done
}

# One client's run of a scenario against a target, with the label it reports under: the given arguments, then the
# extra ones this script was given. chat-bench's progress lines ("[ 2.0s ...") are left out.
chat_bench() { # scenario, target, label, arguments...
  local scenario="$1" target="$2" label="$3"
  shift 3
  "$JAVA" -Xmx1g -jar "$ROOT/chat-bench/target/chat-bench.jar" "$scenario" --url "http://127.0.0.1:${PORT[$target]}" \
    --server-pid "${PID[$target]}" --label "$label" --quiet "$@" "${EXTRA[@]}" | grep -v '^\['
}

node_client() { # scenario, target, label, arguments...
  local scenario="$1" target="$2" label="$3"
  shift 3
  node "$ROOT/bench/node-client/client.js" "$scenario" --url "http://127.0.0.1:${PORT[$target]}" \
    --server-pid "${PID[$target]}" --label "$label" --quiet "$@" "${EXTRA[@]}"
}

restart_args() { # scenario: reconnect's --restart-command (both clients take the same), nothing for the others
  # The restart's contract (chat-bench --help): the old process is gone before it returns; the new one takes the
  # same port and data, and its pid goes to the pid file, where the rest of this script reads it (restarted()).
  if [[ "$1" == reconnect && "$RECONNECT_DROP" == connections ]]; then
    printf '%s\n' --restart-command "$(printf '%q ' "$ROOT/bench/drop-connections.sh" "$WORK/server.pid" "$SERVER_PORT")"
  elif [[ "$1" == reconnect ]]; then
    printf '%s\n' --restart-command "$(printf '%q ' "$ROOT/bench/restart-server.sh" "$WORK/server.pid" \
      "http://127.0.0.1:$SERVER_PORT/actuator/health/readiness" "$OUT/server.log" -- "${SERVER_CMD[@]}")"
  fi
}

restarted() { # scenario: after a reconnect run, the server is the process the restart started
  if [[ "$1" == reconnect ]]; then PID[server]="$(cat "$WORK/server.pid")"; fi
}

bench() { # scenario, target, round
  local file="$OUT/$1-$2-$3.json"
  local restart=()
  mapfile -t restart < <(restart_args "$1")
  # shellcheck disable=SC2046
  chat_bench "$1" "$2" "$2" --json "$file" $(scenario_args "$1") "${restart[@]}" | tee -a "$OUT/runs.txt"
  restarted "$1"
}

cross_check() { # scenario, target, round: the Node client against the same target, labelled <target>+nodeclient
  local file="$OUT/$1-$2+nodeclient-$3.json"
  local restart=()
  mapfile -t restart < <(restart_args "$1")
  # shellcheck disable=SC2046
  node_client "$1" "$2" "$2+nodeclient" --json "$file" $(scenario_args "$1") "${restart[@]}" | tee -a "$OUT/runs.txt"
  restarted "$1"
}

# The scenarios the Node client also runs (bench/node-client/client.js), with the same arguments as chat-bench.
NODE_CLIENT_SCENARIOS="fanout rooms store connect connections reconnect"
# Scenarios that measure what a target's memory grows by: each of their runs, either client's, after the first of a
# target gets a freshly started target (a process that already grew reuses what it committed, so later runs on it
# say less than the first).
FRESH_SCENARIOS="connections"

declare -A MEASURED=()
fresh() { # scenario, target: restarts the target if the scenario wants a fresh one and this one measured already
  if [[ " $FRESH_SCENARIOS " == *" $1 "* && -n "${MEASURED[$2]:-}" && -n "${PID[$2]:-}" ]]; then
    stop "${PID[$2]}"
    unset "PID[$2]"
    "start_$2"
  fi
  MEASURED[$2]=1
}

# chat-bench gains scenarios over time; one it does not list is skipped rather than failing the whole comparison.
supported() {
  "$JAVA" -jar "$ROOT/chat-bench/target/chat-bench.jar" --help | grep -qE "^  $1 "
}

mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && ./mvnw -q -B -ntp -pl chat-api,chat-bench -am package -DskipTests)
  (cd "$ROOT" && ./mvnw -q -B -ntp -f bench/notes-baseline/pom.xml package -DskipTests)
fi
for dir in baseline node-client; do
  if [[ ! -d "$ROOT/bench/$dir/node_modules/ws" ]]; then
    (cd "$ROOT/bench/$dir" && npm ci --silent --no-audit --no-fund)
  fi
done

{
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "java: $("$JAVA" -version 2>&1 | head -1); node: $(node --version); open files: $(ulimit -n)"
  echo "rounds: $ROUNDS; scenarios: ${SCENARIOS[*]}; targets: ${TARGET_LIST[*]}; Node client against:" \
    "${CROSS_CHECK_LIST[*]:-none}; extra: ${EXTRA[*]:-none}"
  echo "server: -Xmx$SERVER_HEAP ${SERVER_ARGS[*]}; notes baseline: -Xmx$SERVER_HEAP," \
    "bench/notes-baseline/src/main/resources/application.properties"
  if [[ -n "${SERVER_POSTGRES_URL:-}" ]]; then
    echo "server database: PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}') at $SERVER_POSTGRES_URL, profile prod"
  else
    echo "server database: embedded H2, file-backed"
  fi
} | tee "$OUT/machine.txt"

for scenario in "${SCENARIOS[@]}"; do
  echo "== $scenario"
  scenario_args "$scenario" >/dev/null || continue
  if ! supported "$scenario"; then
    echo "chat-bench has no scenario $scenario yet: skipped"
    continue
  fi
  mapfile -t targets < <(targets_of "$scenario")
  for target in "${targets[@]}"; do "start_$target"; warm_up "$scenario" "$target"; done
  for round in $(seq 1 "$ROUNDS"); do
    # A run that fails (a target that died, a client killed by hand) is reported and the comparison goes on: the
    # other targets' rounds and the report still count.
    for target in "${targets[@]}"; do
      fresh "$scenario" "$target"
      bench "$scenario" "$target" "$round" || echo "!! $scenario against $target, round $round, failed (exit $?)"
    done
    if [[ " $NODE_CLIENT_SCENARIOS " == *" $scenario "* ]]; then
      for target in "${CROSS_CHECK_LIST[@]}"; do
        if [[ -n "${PID[$target]:-}" ]]; then
          fresh "$scenario" "$target"
          cross_check "$scenario" "$target" "$round" \
            || echo "!! the Node client's $scenario against $target, round $round, failed (exit $?)"
        fi
      done
    fi
  done
  stop_all
  MEASURED=()
done

store=h2; [[ -n "${SERVER_POSTGRES_URL:-}" ]] && store=postgresql
"$JAVA" -jar "$ROOT/chat-bench/target/chat-bench.jar" report --server server --baselines node,notes --store "$store" \
  --md "$OUT/summary.md" --html "$OUT/latency.html" "$OUT"/*.json
echo
cat "$OUT/summary.md"
echo "results, logs and the latency chart: $OUT"
