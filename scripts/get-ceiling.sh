#!/usr/bin/env bash
# Get by id against its ceiling, in one sitting: Parsec as it ships (target/parsec.jar, its defaults: metrics,
# access log, ACLs) and scripts/ceiling/CeilingServer.java (a bare Vert.x server selecting the same row over the
# same PostgreSQL client, nothing else), both over one fresh database, so both answer the same seeded objects.
# Parsec seeds 10,000 GameScore objects (the shared workload's seeding), then each of ROUNDS rounds runs the
# shared get scenario (wrk -t1 -c32) against both, in alternating order. Prints every run and Parsec's share
# of the ceiling (median of the rounds' ratios).
#
# usage: scripts/get-ceiling.sh [-r ROUNDS] [-d SECONDS]       (defaults 3 and 10)
# Environment: PGURL (default postgres://postgres@127.0.0.1:5432), the server the fresh database
# parsec_ceiling is made on; PARSEC_PORT_BENCH and CEILING_PORT (defaults 1338, 1339); JAVA_OPTS for Parsec.
set -euo pipefail
ROUNDS=3 SECONDS_EACH=10
while getopts r:d: opt; do
  case $opt in r) ROUNDS=$OPTARG ;; d) SECONDS_EACH=$OPTARG ;; *) echo "usage: $0 [-r ROUNDS] [-d SECONDS]" >&2; exit 2 ;; esac
done
cd "$(dirname "$0")/.."
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
PARSEC_PORT_BENCH=${PARSEC_PORT_BENCH:-1338}
CEILING_PORT=${CEILING_PORT:-1339}
DB=parsec_ceiling
[ -f target/parsec.jar ] || { echo "no target/parsec.jar: mvn -B -q -DskipTests package first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (Debian package wrk)" >&2; exit 1; }
WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
PGOPTIONS="-c client_min_messages=warning" psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
wait_ready() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "$1 never answered" >&2; exit 1; }

(cd "$WORK" && exec java ${JAVA_OPTS:-} -jar "$OLDPWD/target/parsec.jar" --port="$PARSEC_PORT_BENCH" --app_id=bench \
  --database_url="$PGURL/$DB" --allow_client_class_creation=true --data_dir="$WORK/data" > "$WORK/parsec.log" 2>&1) &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PARSEC_PORT_BENCH/ready"
BENCH_WORK="$WORK/seed" SCENARIOS= scripts/bench.sh "http://127.0.0.1:$PARSEC_PORT_BENCH/parse" bench 1 32 | grep seeded
java -cp target/parsec.jar scripts/ceiling/CeilingServer.java "$CEILING_PORT" "$PGURL/$DB" /parse > "$WORK/ceiling.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$CEILING_PORT/parse/classes/GameScore/$(head -1 "$WORK/seed/ids.txt")"

declare -A RPS
NAMES=(ceiling parsec)
PORTS=("$CEILING_PORT" "$PARSEC_PORT_BENCH")
for r in $(seq 1 "$ROUNDS"); do
  ORDER=(0 1); [ $((r % 2)) -eq 0 ] && ORDER=(1 0)
  for i in "${ORDER[@]}"; do
    result=$(BENCH_WORK="$WORK/seed" SCENARIOS=get scripts/bench.sh "http://127.0.0.1:${PORTS[$i]}/parse" bench "$SECONDS_EACH" 32 | grep -o "RESULT.*")
    RPS[$r,$i]=$(echo "$result" | grep -o "rps=[0-9]*" | cut -d= -f2)
    echo "round $r ${NAMES[$i]} $result   (load average $(cut -d' ' -f1 /proc/loadavg))"
  done
done
ratios=""
for r in $(seq 1 "$ROUNDS"); do ratios="$ratios $(awk -v a="${RPS[$r,1]}" -v b="${RPS[$r,0]}" 'BEGIN { printf "%.3f", a / b }')"; done
echo "parsec / ceiling per round:$ratios; median $(echo "$ratios" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
