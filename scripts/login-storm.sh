#!/bin/bash
# A login storm beside /users/me, against any Parse-compatible server (issue 23's login target):
#   1. /users/me alone for D seconds (its p99 without a storm);
#   2. 32 connections logging in for D seconds, at the same time as /users/me again.
# Prints wrk's RESULT lines: login's rate, p99, errors (timeouts: no answer within 2 s) and non-2xx (155 "try
# again" is an answer), and /users/me's p99 alone and under the storm.
# usage: scripts/login-storm.sh URL(e.g. http://127.0.0.1:1337/parse) [APP_ID] [DURATION_S] [LOGIN_CONNECTIONS]
# Needs wrk and curl; uses ../shared/bench's me.lua and login.lua (BENCH_DIR to name another folder).
set -euo pipefail
URL=$1; APP=${2:-bench}; D=${3:-10}; C=${4:-32}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=${BENCH_DIR:-$HERE/../../shared/bench}
HOSTPORT=$(echo "$URL" | sed -E 's#(https?://[^/]+).*#\1#'); BASE_PATH=$(echo "$URL" | sed -E 's#https?://[^/]+##')
H=(-H "X-Parse-Application-Id: $APP" -H "Content-Type: application/json")
curl -s "${H[@]}" -X POST "$URL/users" -d '{"username":"benchuser","password":"bench-pass-1"}' >/dev/null || true
TOKEN=$(curl -sf "${H[@]}" -X POST "$URL/login" -d '{"username":"benchuser","password":"bench-pass-1"}' | grep -o '"sessionToken":"[^"]*"' | cut -d'"' -f4)
export APP_ID=$APP BASE_PATH TOKEN
printf 'me alone        '; wrk -t1 -c8 -d"${D}s" --latency -s "$BENCH/me.lua" "$HOSTPORT" | grep RESULT
OUT=$(mktemp)
wrk -t1 -c"$C" -d"${D}s" --latency -s "$BENCH/login.lua" "$HOSTPORT" > "$OUT" &
STORM=$!
printf 'me under storm  '; wrk -t1 -c8 -d"${D}s" --latency -s "$BENCH/me.lua" "$HOSTPORT" | grep RESULT
wait $STORM
printf 'login (%s conn) ' "$C"; grep RESULT "$OUT"
rm -f "$OUT"
