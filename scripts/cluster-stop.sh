#!/usr/bin/env bash
# Stops the nodes scripts/cluster-start.sh started (data/node-*/node.pid): sends each SIGTERM at once,
# then waits for them to drain their requests in flight, leave the cluster and exit.
#
# usage: scripts/cluster-stop.sh
#   STOP_TIMEOUT  seconds to wait for all of them (default 45: shutdown_grace is 30 by default,
#                 plus leaving the cluster and stopping the pools)
# Exits 1 when a node is still running after that; `kill -9 PID` then ends it without draining.
set -euo pipefail
STOP_TIMEOUT=${STOP_TIMEOUT:-45}
cd "$(dirname "$0")/.."

# A pid file can outlive its process, and the pid be reused by something else: only signal a
# process that is still a JVM running a jar.
is_parsec() {
  local cmdline
  cmdline=$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *java* && $cmdline == *" -jar "* ]]
}

declare -A stopping=()
shopt -s nullglob
for pidfile in data/node-*/node.pid; do
  node=$(basename "$(dirname "$pidfile")")
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && is_parsec "$pid"; then
    kill -TERM "$pid"
    stopping[$node]=$pid
    echo "$node (pid $pid): SIGTERM sent"
  else
    echo "$node: not running"
    rm -f "$pidfile"
  fi
done
if [ ${#stopping[@]} -eq 0 ]; then
  echo "no node to stop"
  exit 0
fi

deadline=$((SECONDS + STOP_TIMEOUT))
while [ ${#stopping[@]} -gt 0 ] && [ $SECONDS -lt $deadline ]; do
  sleep 1
  for node in "${!stopping[@]}"; do
    if ! kill -0 "${stopping[$node]}" 2>/dev/null; then
      echo "$node (pid ${stopping[$node]}) stopped after $((SECONDS - deadline + STOP_TIMEOUT))s"
      rm -f "data/$node/node.pid"
      unset "stopping[$node]"
    fi
  done
done

if [ ${#stopping[@]} -gt 0 ]; then
  for node in "${!stopping[@]}"; do
    echo "$node (pid ${stopping[$node]}) still running after ${STOP_TIMEOUT}s: see data/$node/node.log; kill -9 ${stopping[$node]} ends it" >&2
  done
  exit 1
fi
echo "all nodes stopped"
