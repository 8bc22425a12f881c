#!/usr/bin/env bash
# One sitting of the LiveQuery fan-out benchmark (../shared/bench/lqbench.js, run unchanged) against
# several servers on this machine, interleaved: a warm-up run of each, then ROUNDS rounds in which every
# server is measured once. Prints each run's RESULT line with the server's CPU over the run (connecting,
# subscribing and the updates), then each server's p99 per round and its ratio to the first server's p99
# of the same round.
#
# usage: scripts/lq-sitting.sh [-r ROUNDS] [-n SUBSCRIBERS] [-m UPDATES] [-a APP_ID] NAME=URL[@PID] ...
#   URL  the Parse API with its mount path (http://127.0.0.1:1337/parse); the WebSocket URL is the same
#        with ws://. PID, the server's process, gives its CPU time and lets lqbench report its memory.
# Environment: CLIENT_CPUS, cores to pin the client to (taskset -c), for machines with cores to spare;
#   BENCH_DIR, where lqbench.js is. Needs `npm ci` in compat/ (lqbench.js uses the ws package).
# Example, Parse Server, Parsec and the floor server (scripts/lq-floor-server.js on 1339):
#   scripts/lq-sitting.sh ps=http://127.0.0.1:1337/parse@$(pgrep -f parse-server) \
#     parsec=http://127.0.0.1:1338/parse@$PARSEC_PID floor=http://127.0.0.1:1339/parse@$FLOOR_PID
set -euo pipefail
usage() { echo "usage: $0 [-r ROUNDS] [-n SUBSCRIBERS] [-m UPDATES] [-a APP_ID] NAME=URL[@PID] ..." >&2; exit 2; }
ROUNDS=5 SUBS=10000 UPDATES=20 APP=bench
while getopts r:n:m:a: opt; do
  case $opt in
    r) ROUNDS=$OPTARG ;; n) SUBS=$OPTARG ;; m) UPDATES=$OPTARG ;; a) APP=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=${BENCH_DIR:-$HERE/../../shared/bench}/lqbench.js
export NODE_PATH=$HERE/../compat/node_modules
[ -d "$NODE_PATH/ws" ] || { echo "run npm ci in compat/ first (lqbench.js needs ws)" >&2; exit 2; }
ulimit -n "$(( SUBS + 1000 ))" 2>/dev/null || echo "warning: ulimit -n is $(ulimit -n), below $SUBS subscribers" >&2
PIN=()
[ -z "${CLIENT_CPUS:-}" ] || PIN=(taskset -c "$CLIENT_CPUS")

# a process's user + system CPU in clock ticks, or empty without a pid
ticks() { if [ -n "$1" ]; then awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; fi; }

# run NAME URL PID: one lqbench run; prints "p99 line" where line is the RESULT plus the server's CPU
run() {
  local name=$1 url=$2 pid=$3 before after out
  before=$(ticks "$pid")
  out=$("${PIN[@]}" node "$BENCH" "$url" "${url/http/ws}" "$APP" "$SUBS" "$UPDATES" $pid | grep RESULT || echo "RESULT failed")
  after=$(ticks "$pid")
  [ -z "$pid" ] || out="$out server_cpu_s=$(awk -v a="$after" -v b="$before" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (a - b) / hz }')"
  local p99; p99=$(echo "$out" | grep -o "p99_ms=[0-9]*" | cut -d= -f2 || true)
  echo "${p99:-failed} $name $out"
}

declare -a NAMES URLS PIDS
for spec in "$@"; do
  NAMES+=("${spec%%=*}"); rest=${spec#*=}
  if [[ $rest == *@* ]]; then URLS+=("${rest%@*}"); PIDS+=("${rest##*@}"); else URLS+=("$rest"); PIDS+=(""); fi
done

for i in "${!NAMES[@]}"; do run "${NAMES[$i]}" "${URLS[$i]}" "${PIDS[$i]}" >/dev/null; done
echo "warmed up: ${NAMES[*]}; $SUBS subscribers, $UPDATES updates, $ROUNDS rounds"
declare -A P99
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    read -r p99 line <<< "$(run "${NAMES[$i]}" "${URLS[$i]}" "${PIDS[$i]}")"
    P99[$r,$i]=$p99
    echo "round $r $line"
  done
done

echo "p99 (ms) per round, and its ratio to ${NAMES[0]}'s in the same round:"
for i in "${!NAMES[@]}"; do
  row="${NAMES[$i]}:"
  for r in $(seq 1 "$ROUNDS"); do
    row="$row ${P99[$r,$i]}"
    if [ "$i" -gt 0 ] && [ "${P99[$r,$i]}" != failed ] && [ "${P99[$r,0]}" != failed ]; then
      row="$row ($(awk -v a="${P99[$r,$i]}" -v b="${P99[$r,0]}" 'BEGIN { printf "%.2f", a / b }'))"
    fi
  done
  echo "  $row"
done
