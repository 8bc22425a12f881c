#!/bin/bash
# What tracing costs: get by id (scripts/bench.sh's get scenario) on one node with tracing off and on, in interleaved
# rounds (this machine's throughput swings from minute to minute). "on" exports every span (otel_sample_ratio 1), "1%"
# one trace in a hundred (0.01), over OTLP/HTTP to a local receiver that takes and drops them. Besides wrk's rate, the
# node's own CPU time per request (user + system, from /proc).
# usage: scripts/tracing-bench.sh DATABASE_URL [ROUNDS] [DURATION_S]   (the node listens on port 1490)
set -euo pipefail
DB=$1; ROUNDS=${2:-3}; D=${3:-10}
HERE=$(cd "$(dirname "$0")" && pwd); JAR=$HERE/../target/parsec.jar
WORK=$(mktemp -d); NODE=; SINK=
cleanup() { [ -n "$NODE" ] && kill "$NODE" 2>/dev/null; [ -n "$SINK" ] && kill "$SINK" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
SINK_PORT=1491
# the receiver: nginx answering 200 to every export and dropping its body (little CPU, as a Collector on another host)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $WORK/nginx/pid; error_log $WORK/nginx/error.log;
events { worker_connections 256; }
http { access_log off; client_body_temp_path $WORK/nginx; client_max_body_size 64m; client_body_buffer_size 8m;
  server { listen 127.0.0.1:$SINK_PORT; location / { return 200; } } }
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
SINK=$!
start() { # $1: otel_endpoint or empty, $2: otel_sample_ratio
  PARSEC_OTEL_SAMPLE_RATIO=$2 PARSEC_PORT=1490 PARSEC_APP_ID=bench PARSEC_MASTER_KEY=bench-master-key-1 PARSEC_DATABASE_URL=$DB PARSEC_DATA_DIR=$WORK/data \
    PARSEC_ALLOW_CLIENT_CLASS_CREATION=true PARSEC_ACCESS_LOG=false PARSEC_LOG_LEVEL=warn PARSEC_OTEL_ENDPOINT=$1 \
    java -jar "$JAR" >"$WORK/node.log" 2>&1 &
  NODE=$!
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:1490/ready >/dev/null && return; sleep 0.5; done
  echo "the node did not start:"; cat "$WORK/node.log"; exit 1
}
stop() { kill "$NODE"; wait "$NODE" || true; NODE=; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$NODE/stat"; }
export BENCH_WORK=$WORK/bench SCENARIOS=get
for round in $(seq 1 "$ROUNDS"); do
  for mode in off on 1%; do
    case $mode in
      off) start "" 1 ;;
      on) start "http://127.0.0.1:$SINK_PORT/v1/traces" 1 ;;
      1%) start "http://127.0.0.1:$SINK_PORT/v1/traces" 0.01 ;;
    esac
    "$HERE/bench.sh" http://127.0.0.1:1490/parse bench 20 32 >/dev/null   # seeds the first time; 20 s for the JIT
    before=$(cpu_ticks)
    result=$("$HERE/bench.sh" http://127.0.0.1:1490/parse bench "$D" 32 | sed 's/^get *//')
    after=$(cpu_ticks); rps=$(echo "$result" | sed -E 's/.*rps=([0-9]+).*/\1/')
    # the node's CPU per request: steadier than the rate on a machine whose other load comes and goes
    printf 'round %s tracing %-3s %s cpu_us_per_req=%s\n' "$round" "$mode" "$result" \
      "$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n=$((rps * D)) 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')"
    stop
  done
done
