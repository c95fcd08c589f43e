#!/usr/bin/env bash
# Drops every client of a running server without restarting it, for `chat-bench reconnect --restart-command`: the
# same storm of reconnecting clients as bench/restart-server.sh makes, met by a JVM that is already warm (its JIT has
# compiled the hot paths, its caches are full). Comparing the two tells what of a restart's catch-up is the cold JVM
# and what is the work of the returning clients.
#
#   bench/drop-connections.sh PIDFILE PORT
#
# It stops the process (SIGSTOP) so that it cannot serve anyone while its sockets go, destroys every established TCP
# socket on PORT with `ss -K` (each client gets a reset, the server an aborted connection; needs root and a kernel
# built with CONFIG_INET_DIAG_DESTROY), and lets the process go on (SIGCONT), also when `ss` fails. Clients that
# reconnect while it runs are reset too and back off again.
# Exit status: 0 when the sockets were destroyed; 1 when `ss -K` failed or destroyed none of them.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PIDFILE PORT" >&2
  exit 2
fi
PID="$(cat "$1")"
PORT="$2"
FILTER="( sport = :$PORT )"

established() { ss -Htn state established "$FILTER" | wc -l; }

before="$(established)"
kill -STOP "$PID"
trap 'kill -CONT "$PID"' EXIT
ss -K state established "$FILTER" >/dev/null
after="$(established)"
if [[ "$before" -gt 0 && "$after" -ge "$before" ]]; then
  echo "drop-connections: ss -K destroyed none of the $before sockets on port $PORT (root and a kernel with" \
    "CONFIG_INET_DIAG_DESTROY needed)" >&2
  exit 1
fi
echo "drop-connections: $before sockets on port $PORT destroyed ($after established again while it ran)" >&2
