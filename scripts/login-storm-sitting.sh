#!/usr/bin/env bash
# Issue 23's login target, measured side by side: two builds (or two configurations) of Parsec, each on its own
# node and fresh database, in interleaved rounds. Each round, for each node in turn (the order alternates):
#   alone: GET /users/me at a steady RATE per second (open model, scripts/open-rate.js) for SECONDS;
#   storm: the same, while wrk keeps 32 connections logging in (../shared/bench login.lua, wrk's 2 s timeout:
#          a login with no answer within 2 s counts as a timeout; 155 "try later" is an answer).
# Prints one line per measurement: /users/me's p50 and p99 (from when each request was due), the storm's logins
# per second, answers other than 200 (155) and timeouts, and the machine's load average before it. Before each
# measurement it waits for both nodes to fall idle (a storm's backlog of hashes must not spill into the next one).
#
# usage: scripts/login-storm-sitting.sh JAR_A JAR_B [ROUNDS] [SECONDS] [RATE]     (default 3 rounds, 30 s, 500/s)
# Environment: OPTS_A, OPTS_B (more --options for each node, e.g. OPTS_A=--password_hash_threads=2
# --password_hash_max_wait=0 for the old behaviour on the new jar), PORT_A/PORT_B (1471/1472), LOGINS (32),
# BENCH_DIR (default ../shared/bench). Needs java, node, wrk, curl, psql.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 JAR_A JAR_B [ROUNDS] [SECONDS] [RATE]" >&2; exit 2; }
JAR_A=$(realpath "$1"); JAR_B=$(realpath "$2"); ROUNDS=${3:-3}; S=${4:-30}; RATE=${5:-500}
PORT_A=${PORT_A:-1471}; PORT_B=${PORT_B:-1472}; LOGINS=${LOGINS:-32}
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=${BENCH_DIR:-$HERE/../../shared/bench}
WORK=$(mktemp -d)
cleanup() {
  for dir in "$WORK"/a "$WORK"/b; do
    [ -f "$dir/node.pid" ] && kill "$(cat "$dir/node.pid")" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086  # OPTS_A and OPTS_B hold several options
PARSEC_JAR=$JAR_A DATABASE=parsec_storm_a "$HERE/leaderboard-node.sh" "$PORT_A" "$WORK/a" ${OPTS_A:-} >/dev/null
# shellcheck disable=SC2086
PARSEC_JAR=$JAR_B DATABASE=parsec_storm_b "$HERE/leaderboard-node.sh" "$PORT_B" "$WORK/b" ${OPTS_B:-} >/dev/null

H=(-H "X-Parse-Application-Id: parsec" -H "Content-Type: application/json")
token() {
  curl -s "${H[@]}" -X POST "http://127.0.0.1:$1/parse/users" -d '{"username":"benchuser","password":"bench-pass-1"}' >/dev/null
  curl -sf "${H[@]}" -X POST "http://127.0.0.1:$1/parse/login" -d '{"username":"benchuser","password":"bench-pass-1"}' \
    | grep -o '"sessionToken":"[^"]*"' | cut -d'"' -f4
}
TOKEN_A=$(token "$PORT_A"); TOKEN_B=$(token "$PORT_B")

me() { # PORT TOKEN
  node "$HERE/open-rate.js" "http://127.0.0.1:$1/parse/users/me" "$RATE" "$S" \
    'X-Parse-Application-Id: parsec' "X-Parse-Session-Token: $2" | grep RESULT
}
# Waits (at most 60 s) until neither node uses more than a tenth of a core: a storm's backlog of hashes must not
# spill into the next measurement.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
settle() {
  local a b a2 b2
  for _ in $(seq 1 60); do
    a=$(cpu_ticks "$(cat "$WORK/a/node.pid")"); b=$(cpu_ticks "$(cat "$WORK/b/node.pid")")
    sleep 1
    a2=$(cpu_ticks "$(cat "$WORK/a/node.pid")"); b2=$(cpu_ticks "$(cat "$WORK/b/node.pid")")
    [ $((a2 - a)) -le 10 ] && [ $((b2 - b)) -le 10 ] && return
  done
}
measure() { # NAME PORT TOKEN
  settle
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  # warm-up of the connections and the session cache, not counted
  node "$HERE/open-rate.js" "http://127.0.0.1:$2/parse/users/me" "$RATE" 3 'X-Parse-Application-Id: parsec' \
    "X-Parse-Session-Token: $3" >/dev/null
  printf '%s alone  load %5s  me %s\n' "$1" "$load" "$(me "$2" "$3" | sed 's/^RESULT //')"
  settle
  load=$(cut -d' ' -f1 /proc/loadavg)
  local out; out=$(mktemp)
  APP_ID=parsec BASE_PATH=/parse wrk -t1 -c"$LOGINS" -d"${S}s" --timeout 2s -s "$BENCH/login.lua" "http://127.0.0.1:$2" > "$out" &
  local storm=$!
  local result; result=$(me "$2" "$3" | sed 's/^RESULT //')
  wait "$storm"
  printf '%s storm  load %5s  me %s  login %s\n' "$1" "$load" "$result" "$(grep RESULT "$out" | sed 's/^RESULT //')"
  rm -f "$out"
}

echo "A: $JAR_A ${OPTS_A:-}"; echo "B: $JAR_B ${OPTS_B:-}"
echo "rate $RATE/s of /users/me, $S s per measurement, $LOGINS login connections; $(nproc) cores"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r"
  if [ $((r % 2)) = 1 ]; then
    measure A "$PORT_A" "$TOKEN_A"; measure B "$PORT_B" "$TOKEN_B"
  else
    measure B "$PORT_B" "$TOKEN_B"; measure A "$PORT_A" "$TOKEN_A"
  fi
done
