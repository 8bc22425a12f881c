#!/usr/bin/env bash
# One sitting of the shared workload (scripts/bench.sh, which seeds and runs ../shared/bench's wrk scripts)
# against several servers on this machine, interleaved: each server is seeded once, then in each of ROUNDS
# rounds every scenario is run against every server, one after the other (in the reverse order every other
# round, so that neither always goes first). Prints each run's RESULT line, then per scenario each server's
# req/s per round, its median, and the median over the rounds of its ratio to the first server's.
#
# usage: scripts/bench-sitting.sh [-r ROUNDS] [-d SECONDS] [-s "get query create me"] NAME=URL ...
#   URL  the Parse API with its mount path (http://127.0.0.1:1338/parse) of a server with app id "bench"
#        that lets clients create classes (Parsec: PARSEC_ALLOW_CLIENT_CLASS_CREATION=true).
# Example, Parsec as it was and as it is, each on a fresh database:
#   scripts/bench-sitting.sh -r 3 before=http://127.0.0.1:1338/parse after=http://127.0.0.1:1339/parse
set -euo pipefail
usage() { echo "usage: $0 [-r ROUNDS] [-d SECONDS] [-s SCENARIOS] NAME=URL ..." >&2; exit 2; }
ROUNDS=3 SECONDS_EACH=10 SCENARIOS_ASKED="get query create me"
while getopts r:d:s: opt; do
  case $opt in
    r) ROUNDS=$OPTARG ;; d) SECONDS_EACH=$OPTARG ;; s) SCENARIOS_ASKED=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
HERE=$(cd "$(dirname "$0")" && pwd)
declare -a NAMES URLS
for spec in "$@"; do NAMES+=("${spec%%=*}"); URLS+=("${spec#*=}"); done
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
for i in "${!NAMES[@]}"; do
  BENCH_WORK="$WORK/$i" SCENARIOS= "$HERE/bench.sh" "${URLS[$i]}" bench "$SECONDS_EACH" 32 2>/dev/null | grep seeded || true
done
declare -A RPS
for r in $(seq 1 "$ROUNDS"); do
  ORDER=("${!NAMES[@]}")
  if [ $((r % 2)) -eq 0 ]; then ORDER=($(printf '%s\n' "${!NAMES[@]}" | sort -rn)); fi
  for scenario in $SCENARIOS_ASKED; do
    for i in "${ORDER[@]}"; do
      result=$(BENCH_WORK="$WORK/$i" SCENARIOS=$scenario "$HERE/bench.sh" "${URLS[$i]}" bench "$SECONDS_EACH" 32 | grep -o "RESULT.*")
      RPS[$r,$i,$scenario]=$(echo "$result" | grep -o "rps=[0-9]*" | cut -d= -f2)
      echo "round $r ${NAMES[$i]} $scenario $result"
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for scenario in $SCENARIOS_ASKED; do
  echo "$scenario (req/s per round; median; median of the rounds' ratios to ${NAMES[0]}):"
  for i in "${!NAMES[@]}"; do
    row="" all="" ratios=""
    for r in $(seq 1 "$ROUNDS"); do
      a=${RPS[$r,$i,$scenario]:-} b=${RPS[$r,0,$scenario]:-}
      row="$row ${a:-?}"; all="$all $a"
      [ -z "$a" ] || [ -z "$b" ] || ratios="$ratios $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')"
    done
    echo "  ${NAMES[$i]}:$row; median $(echo "$all" | median); ratio $(echo "$ratios" | median)"
  done
done
