#!/usr/bin/env bash
# Restarts a server for `chat-bench reconnect --restart-command`: stops the process whose id is in PIDFILE (SIGTERM,
# a graceful stop: clients get close 1001; RESTART_SIGNAL=KILL for a crash: they see the socket vanish), waits
# until it has exited, starts COMMAND again in the background (same port, same data: pass the command that started
# it), writes the new process id to PIDFILE, and returns once READY_URL answers 2xx.
#
#   bench/restart-server.sh PIDFILE READY_URL LOG -- COMMAND [ARG...]
#
# The new server's output is appended to LOG and its stdin is /dev/null, so it outlives this script and chat-bench
# without holding their streams. Whoever stops the server afterwards reads its id from PIDFILE.
# Exit status: 0 when the new server is ready; 1 when it exited or was not ready within READY_TIMEOUT seconds (180).
set -euo pipefail

if [[ $# -lt 5 || "$4" != "--" ]]; then
  echo "usage: $0 PIDFILE READY_URL LOG -- COMMAND [ARG...]" >&2
  exit 2
fi
PIDFILE="$1"
READY_URL="$2"
LOG="$3"
shift 4
SIGNAL="${RESTART_SIGNAL:-TERM}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"

alive() { # a zombie (exited, not yet reaped by its parent) counts as gone
  kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]
}

seconds() { awk -v from="$1" -v to="$2" 'BEGIN { printf "%.1f", to - from }'; }

OLD="$(cat "$PIDFILE")"
STOP_STARTED=$(date +%s.%N)
if alive "$OLD"; then
  kill "-$SIGNAL" "$OLD"
  for _ in $(seq 1 600); do alive "$OLD" || break; sleep 0.1; done
  if alive "$OLD"; then
    kill -KILL "$OLD" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$OLD" || break; sleep 0.1; done
  fi
fi
STOPPED=$(date +%s.%N)

"$@" </dev/null >>"$LOG" 2>&1 &
NEW=$!
echo "$NEW" >"$PIDFILE"
for _ in $(seq 1 $((READY_TIMEOUT * 10))); do
  if curl -sf -o /dev/null "$READY_URL"; then
    READY=$(date +%s.%N)
    echo "restart-server: pid $OLD stopped (SIG$SIGNAL) in $(seconds "$STOP_STARTED" "$STOPPED") s;" \
      "pid $NEW ready $(seconds "$STOPPED" "$READY") s later" >&2
    exit 0
  fi
  if ! alive "$NEW"; then
    echo "restart-server: the new server (pid $NEW) exited while starting; see $LOG" >&2
    exit 1
  fi
  sleep 0.1
done
echo "restart-server: the new server (pid $NEW) was not ready at $READY_URL within $READY_TIMEOUT s" >&2
exit 1
