#!/bin/bash
# The shared workload (../shared/bench) for the scenarios a server supports: seeds 10,000 GameScore
# objects through the REST API, then runs wrk on get, query and create, and on me and login when the
# server has users. Same seeding and the same wrk scripts as ../shared/bench/bench.sh, so figures compare.
# usage: scripts/bench.sh URL(e.g. http://127.0.0.1:1337/parse) [APP_ID] [DURATION_S] [CONNECTIONS]
# SCENARIOS (environment) names the scenarios to run (unset: all the server supports; empty: none); BENCH_WORK names a
# folder that keeps the seeded ids and the session token, so that a later run against the same server skips
# the seeding (scripts/bench-sitting.sh seeds each server once, then runs scenario after scenario).
set -euo pipefail
URL=$1; APP=${2:-bench}; D=${3:-10}; C=${4:-32}
HERE=$(cd "$(dirname "$0")" && pwd)
LUA=${BENCH_DIR:-$HERE/../../shared/bench}
if [ -n "${BENCH_WORK:-}" ]; then WORK=$BENCH_WORK; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
HOSTPORT=$(echo "$URL" | sed -E 's#(https?://[^/]+).*#\1#'); BASE_PATH=$(echo "$URL" | sed -E 's#https?://[^/]+##')
H=(-H "X-Parse-Application-Id: $APP" -H "Content-Type: application/json")
if [ ! -s "$WORK/ids.txt" ]; then
  seq 0 9999 | xargs -P 16 -I{} curl -sf "${H[@]}" -X POST "$URL/classes/GameScore" -d '{"score":{},"playerName":"p{}","cheatMode":false}' \
    | grep -o '"objectId":"[^"]*"' | cut -d'"' -f4 > "$WORK/ids.txt"
  echo "seeded $(wc -l < "$WORK/ids.txt") objects"
  curl -s "${H[@]}" -X POST "$URL/users" -d '{"username":"benchuser","password":"bench-pass-1"}' >/dev/null || true
  curl -s "${H[@]}" -X POST "$URL/login" -d '{"username":"benchuser","password":"bench-pass-1"}' \
    | grep -o '"sessionToken":"[^"]*"' | cut -d'"' -f4 > "$WORK/token" || true
fi
ALL="get query create"
TOKEN=$(cat "$WORK/token" 2>/dev/null || true)
if [ -n "$TOKEN" ]; then ALL="$ALL me login"; else echo "no users on this server: me and login skipped"; fi
SCENARIOS=${SCENARIOS-$ALL}
export IDS="$WORK/ids.txt" APP_ID=$APP BASE_PATH TOKEN
for s in $SCENARIOS; do
  printf '%-7s ' "$s"; wrk -t1 -c"$C" -d"${D}s" --latency -s "$LUA/$s.lua" "$HOSTPORT" | grep RESULT
done
