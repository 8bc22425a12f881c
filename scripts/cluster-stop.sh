#!/usr/bin/env bash
# Stops the nodes scripts/cluster-start.sh started: SIGTERM, then waits for each to drain and exit.
set -euo pipefail
cd "$(dirname "$0")/.."
for pidfile in data/node-*/node.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile"); node=$(basename "$(dirname "$pidfile")")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then echo "$node ($pid) still runs after 60 s" >&2; else echo "$node stopped"; fi
  fi
  rm -f "$pidfile"
done
