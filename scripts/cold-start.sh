#!/usr/bin/env bash
# Times a node from `java -jar` to its first 200 on /ready, with nothing configured (the embedded PostgreSQL):
# a first start in an empty directory (PostgreSQL's binaries unpacked if this machine has not got them yet,
# initdb, migrations), then RESTARTS restarts of the same directory. Prints one line per start.
#
# usage: scripts/cold-start.sh [RESTARTS] [PORT]     (defaults 3, 1399; needs target/parsec.jar and curl)
set -euo pipefail
RESTARTS=${1:-3}
PORT=${2:-1399}
cd "$(dirname "$0")/.."
JAR=$PWD/target/parsec.jar
[ -f "$JAR" ] || { echo "no $JAR: build it first with mvn -B -q -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d)
chmod 755 "$WORK"  # as root, the embedded PostgreSQL runs as nobody and must reach its data directory
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
start() {
  local begin end
  begin=$(date +%s%N)
  PARSEC_PORT=$PORT java ${JAVA_OPTS:-} -jar "$JAR" > "node-$1.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/ready"; do
    kill -0 "$PID" 2>/dev/null || { echo "the node exited: see its log" >&2; cat "node-$1.log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  printf '%-10s %5.2f s to /ready   (load average %s)\n' "$1" "$(echo "($end - $begin) / 1000000000" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=
}
start first
for i in $(seq 1 "$RESTARTS"); do start "restart-$i"; done
