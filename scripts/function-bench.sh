#!/usr/bin/env bash
# Issue 20's function benchmark: POST /functions/bench, a cloud function that gets one object by id and saves it
# back with one field incremented (master key), on Parse Server 9 (JavaScript cloud code, function-bench/main.js)
# and on Parsec (Java cloud code on the data API, function-bench/src), both on this machine at once, each on a
# fresh database with 1,000 seeded objects. wrk (one thread, C connections, D seconds) runs against each in turn,
# ROUNDS times, after a warm-up of each; it prints every round's req/s and p99, the mean req/s of each, and the
# ratio Parsec / Parse Server.
# usage: scripts/function-bench.sh [DURATION_S=10] [CONNECTIONS=32] [ROUNDS=3]   (WARMUP=30: seconds of warm-up each)
# Needs target/parsec.jar (mvn -B -q -DskipTests package), Node.js 20 and npm, wrk, curl, psql, javac, and
# PostgreSQL at PG_URL (default postgres://postgres@127.0.0.1:5432, trust auth). Parse Server 9 is installed from
# npm into PARSE_DIR (default /tmp/parse-server-fbench) by ../shared/bench/start-parse-server.sh (BENCH_DIR to
# name another folder); it listens on 1337, Parsec on PARSEC_PORT (default 1338).
set -euo pipefail
D=${1:-10}; C=${2:-32}; ROUNDS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=$ROOT/scripts/function-bench
BENCH=${BENCH_DIR:-$ROOT/../shared/bench}
PG=${PG_URL:-postgres://postgres@127.0.0.1:5432}
export PARSE_DIR=${PARSE_DIR:-/tmp/parse-server-fbench}
PARSEC_PORT=${PARSEC_PORT:-1338}
APP=bench; KEY=benchmaster   # the reference's app id and master key (../shared/bench/config.json)
PARSEC_KEY=benchmaster-parsec  # Parsec wants 12 characters at least
PARSE_URL=http://127.0.0.1:1337/parse; PARSEC_URL=http://127.0.0.1:$PARSEC_PORT/parse
WORK=$(mktemp -d /tmp/function-bench.XXXXXX)
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
[ -f "$ROOT/target/parsec.jar" ] || { echo "target/parsec.jar is missing: mvn -B -q -DskipTests package" >&2; exit 2; }

fresh_database() {
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1
  psql "$PG/postgres" -qc "CREATE DATABASE $1" >/dev/null
}

await_health() { # url name log pid
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null -H "X-Parse-Application-Id: $APP" "$1/health" && return 0
    kill -0 "$4" 2>/dev/null || break
    sleep 0.5
  done
  echo "$2 did not start; its log ($3):" >&2; tail -5 "$3" >&2; exit 1
}

# Parse Server 9 with main.js as its cloud code (PARSE_SERVER_CLOUD: the file's config has no "cloud")
fresh_database parse_fbench
PARSE_SERVER_CLOUD=$HERE/main.js bash "$BENCH/start-parse-server.sh" "$PG/parse_fbench" > "$WORK/parse-server.log" 2>&1 &
PARSE_PID=$!; PIDS+=($PARSE_PID)

# Parsec with the same function, compiled against its jar into a module in cloud_code_dir
mkdir -p "$WORK/classes" "$WORK/cloud-code"
javac --release 17 -cp "$ROOT/target/parsec.jar" -d "$WORK/classes" "$HERE/src/bench/BenchFunctions.java"
cp -r "$HERE/META-INF" "$WORK/classes/"
jar cf "$WORK/cloud-code/bench.jar" -C "$WORK/classes" .
fresh_database parsec_fbench
java -jar "$ROOT/target/parsec.jar" --port="$PARSEC_PORT" --host=127.0.0.1 --app_id=$APP --master_key=$PARSEC_KEY \
  --server_url="$PARSEC_URL" --database_url="$PG/parsec_fbench" --data_dir="$WORK/parsec-data" \
  --cloud_code_dir="$WORK/cloud-code" > "$WORK/parsec.log" 2>&1 &
PARSEC_PID=$!; PIDS+=($PARSEC_PID)

await_health "$PARSE_URL" "Parse Server" "$WORK/parse-server.log" $PARSE_PID
await_health "$PARSEC_URL" "Parsec" "$WORK/parsec.log" $PARSEC_PID

HOST_OF() { echo "$1" | sed -E 's#(https?://[^/]+).*#\1#'; }
for server in parse parsec; do
  url=$([ $server = parse ] && echo "$PARSE_URL" || echo "$PARSEC_URL")
  key=$([ $server = parse ] && echo "$KEY" || echo "$PARSEC_KEY")
  node "$HERE/seed.mjs" "$url" $APP "$key" 1000 "$WORK/$server.ids"
  answer=$(curl -s -X POST -H "X-Parse-Application-Id: $APP" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$(head -1 "$WORK/$server.ids")\"}" "$url/functions/bench")
  echo "$answer" | grep -q '"result":{"id"' || { echo "$server: bench answered $answer" >&2; exit 1; }
done

run() { # server duration
  local url; url=$([ "$1" = parse ] && echo "$PARSE_URL" || echo "$PARSEC_URL")
  IDS="$WORK/$1.ids" APP_ID=$APP BASE_PATH=/parse wrk -t1 -c"$C" -d"$2s" --latency -s "$HERE/bench.lua" "$(HOST_OF "$url")" | grep RESULT
}
# both JITs (V8's, the JVM's) compile the hot paths in the first thousands of calls; a round of 10 s at a few hundred
# calls a second does not get there, so each server is warmed for WARMUP seconds first
WARMUP=${WARMUP:-30}
echo "warm-up (${WARMUP}s each, not counted)"
run parse "$WARMUP" >/dev/null; run parsec "$WARMUP" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  printf 'round %s  Parse Server 9  %s\n' "$round" "$(run parse "$D")" | tee -a "$WORK/results"
  printf 'round %s  Parsec          %s\n' "$round" "$(run parsec "$D")" | tee -a "$WORK/results"
done
awk '{ server = /Parse Server/ ? "parse" : "parsec"
       for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "rps") rps[server] += kv[2]; if (kv[1] == "p99_ms") p99[server] += kv[2] }
       rounds[server]++ }
     END { printf "mean: Parse Server 9 %.0f req/s (p99 %.1f ms), Parsec %.0f req/s (p99 %.1f ms); Parsec / Parse Server %.2fx\n",
             rps["parse"] / rounds["parse"], p99["parse"] / rounds["parse"], rps["parsec"] / rounds["parsec"],
             p99["parsec"] / rounds["parsec"], (rps["parsec"] / rounds["parsec"]) / (rps["parse"] / rounds["parse"]) }' "$WORK/results"
echo "(logs and ids in $WORK)"
