#!/usr/bin/env bash
# Issue 23's memory target in one sitting: Parsec with its default heap against Parsec started with -Xmx256m (and
# Parse Server 9 when REFERENCE_URL is given), each on a fresh database, on the shared workload
# (scripts/bench-sitting.sh: get, query, create, /users/me, interleaved rounds), then the LiveQuery fan-out at
# SUBSCRIBERS (scripts/lq-sitting.sh, with scripts/lq-floor-server.js beside them as the floor). Afterwards it
# prints each node's resident memory (VmRSS, and its peak VmHWM) and the ERROR lines of its log.
#
# usage: scripts/memory-sitting.sh [ROUNDS] [SUBSCRIBERS]       (default 3 rounds, 10,000 subscribers)
# Environment: REFERENCE_URL (e.g. http://127.0.0.1:1337/parse: a Parse Server with app id bench, as
# ../shared/bench/start-parse-server.sh runs it), SMALL_HEAP (default -Xmx256m), PG_URL (default the local
# PostgreSQL), PORTS (default "1381 1382 1383": default heap, small heap, floor server). Needs java, node, wrk,
# curl, psql, and npm ci in compat/.
set -euo pipefail
ROUNDS=${1:-3}; SUBS=${2:-10000}
read -r PORT_DEFAULT PORT_SMALL PORT_FLOOR <<< "${PORTS:-1381 1382 1383}"
SMALL_HEAP=${SMALL_HEAP:--Xmx256m}
PG=${PG_URL:-postgres://postgres@127.0.0.1:5432}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$HERE/../target/parsec.jar
[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -B -q -DskipTests package)" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

start() { # NAME PORT JAVA_OPTS...
  local name=$1 port=$2; shift 2
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS parsec_memory_$name" -qc "CREATE DATABASE parsec_memory_$name" >/dev/null
  mkdir -p "$WORK/$name"
  (cd "$WORK/$name" && exec java "$@" -jar "$JAR" --port="$port" --host=127.0.0.1 --app_id=bench \
    --database_url="$PG/parsec_memory_$name" --data_dir="$WORK/$name/data" --allow_client_class_creation=true \
    --livequery_classes=LqBench > "$WORK/$name/node.log" 2>&1) &
  PIDS+=($!)
  echo $! > "$WORK/$name/pid"
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && return; sleep 1; done
  echo "$name did not become ready: $(tail -5 "$WORK/$name/node.log")" >&2; exit 1
}
memory() { # NAME
  local pid; pid=$(cat "$WORK/$1/pid")
  printf '%s: %s, %s; ERROR lines in its log: %s\n' "$1" "$(grep VmRSS "/proc/$pid/status" | tr -s ' \t' ' ')" \
    "$(grep VmHWM "/proc/$pid/status" | tr -s ' \t' ' ')" "$(grep -c ERROR "$WORK/$1/node.log" || true)"
}

start default "$PORT_DEFAULT"
start small "$PORT_SMALL" "$SMALL_HEAP"
echo "default heap: pid $(cat "$WORK/default/pid"); $SMALL_HEAP: pid $(cat "$WORK/small/pid"); load $(cut -d' ' -f1-3 /proc/loadavg)"
memory default; memory small

SERVERS=()
[ -z "${REFERENCE_URL:-}" ] || SERVERS+=("reference=$REFERENCE_URL")
SERVERS+=("default=http://127.0.0.1:$PORT_DEFAULT/parse" "small=http://127.0.0.1:$PORT_SMALL/parse")
"$HERE/bench-sitting.sh" -r "$ROUNDS" "${SERVERS[@]}"
memory default; memory small

NODE_PATH=$HERE/../compat/node_modules node "$HERE/lq-floor-server.js" "$PORT_FLOOR" > "$WORK/floor.log" 2>&1 &
PIDS+=($!)
FLOOR_PID=$!
sleep 1
"$HERE/lq-sitting.sh" -r 2 -n "$SUBS" floor="http://127.0.0.1:$PORT_FLOOR/parse@$FLOOR_PID" \
  default="http://127.0.0.1:$PORT_DEFAULT/parse@$(cat "$WORK/default/pid")" \
  small="http://127.0.0.1:$PORT_SMALL/parse@$(cat "$WORK/small/pid")"
echo "after the fan-out (load $(cut -d' ' -f1-3 /proc/loadavg)):"
memory default; memory small
