#!/usr/bin/env bash
# A soak of the load mix on one node: starts a leaderboard node (scripts/leaderboard-node.sh), runs the mix's soak
# profile against it (loadtest/, MixSimulation -Dprofile=soak) and every SAMPLE seconds forces a full GC (jcmd
# GC.run) and records the heap that GC left (from the node's GC log) and the process's resident memory (/proc)
# into a CSV. At the
# end it prints the growth of both from minute 5 to the end (windows of two minutes, see growth below),
# the failed requests, the node's error lines, and whether Gatling's assertions held.
#
# usage: scripts/soak.sh [MINUTES] [SESSIONS_PER_S]        (default 30 minutes, 2 sessions/s)
# Environment: PORT (default 1470), DIR (default data/soak: the node's folder, soak.csv, gatling.log), NODE_OPTS
# (more --options for the node),
# SAMPLE (default 30 s), LOADTEST_OPTS (more -D options for the mix), JAVA_OPTS (the node's, default -Xmx1g),
# MAX_GROWTH (default 10: percent; beyond it, or on any failed request, the script exits 1), P99 (default 5000 ms:
# the mix's latency bound; a soak judges memory and errors, and the latency its neighbours on the machine allow).
set -euo pipefail
MINUTES=${1:-30}; SESSIONS=${2:-2}
PORT=${PORT:-1470}; SAMPLE=${SAMPLE:-30}; MAX_GROWTH=${MAX_GROWTH:-10}; P99=${P99:-5000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${DIR:-$ROOT/data/soak}
command -v jcmd >/dev/null || { echo "jcmd (from the JDK) is needed to force a GC before each heap sample" >&2; exit 1; }

# shellcheck disable=SC2086  # NODE_OPTS holds several options
URL=$(JAVA_OPTS="${JAVA_OPTS:--Xmx1g} -Xlog:gc:file=$DIR/gc.log" "$ROOT/scripts/leaderboard-node.sh" "$PORT" "$DIR" ${NODE_OPTS:-})
NODE=$(cat "$DIR/node.pid")
LOAD=""
cleanup() {
  # mvn runs Gatling in a JVM of its own: stop that child too
  [ -n "$LOAD" ] && { pkill -P "$LOAD" 2>/dev/null; kill "$LOAD" 2>/dev/null; }
  kill "$NODE" 2>/dev/null || true
}
trap cleanup EXIT
echo "node pid $NODE at $URL; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2086  # LOADTEST_OPTS holds several options
mvn -B -q -f "$ROOT/loadtest/pom.xml" gatling:test -Dgatling.simulationClass=parsec.loadtest.MixSimulation \
  -Dparsec.url="$URL" -Dparsec.masterKey="$(cat "$DIR/master.key")" -Dprofile=soak -Dsessions="$SESSIONS" -Dp99="$P99" \
  -Dduration=$((MINUTES * 60)) ${LOADTEST_OPTS:-} > "$DIR/gatling.log" 2>&1 &
LOAD=$!
START=$(date +%s)

# The heap a full GC left, in bytes: jcmd's GC.run, then its line in the GC log ("Pause Full (Diagnostic Command)
# 120M->58M(256M)"). Read from the log, not /metrics: each Argon2 hash allocates 19 MiB straight into the old
# generation, so what the pools hold a moment after the GC swings by tens of megabytes.
heap_after_gc() {
  jcmd "$NODE" GC.run >/dev/null
  grep 'Pause Full' "$DIR/gc.log" | tail -1 | sed -E 's/.*->([0-9]+)([KMG])\(.*/\1 \2/' \
    | awk '{ printf "%.0f", $1 * ($2 == "K" ? 1024 : $2 == "M" ? 1048576 : 1073741824) }'
}
echo "seconds,heap_after_gc_bytes,rss_kb,load1" > "$DIR/soak.csv"
while kill -0 "$LOAD" 2>/dev/null; do
  sleep "$SAMPLE"
  kill -0 "$LOAD" 2>/dev/null || break
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$NODE/status")
  echo "$(( $(date +%s) - START )),$(heap_after_gc),$rss,$(cut -d' ' -f1 /proc/loadavg)" >> "$DIR/soak.csv"
done
status=0
wait "$LOAD" || status=$?
LOAD=""

# Growth from minute 5 to the end, in percent. The heap after GC: the smallest sample of minutes 4 to 6 against
# the smallest of the last 2 minutes (a full GC keeps each password hash in progress, 19 MiB, so a sample is the
# live heap plus 0, 1 or 2 of those). RSS: the least-squares line through every sample from minute 5, its value at
# the end against its value at minute 5. Single RSS samples swing by 100 MB and more (the GC hands memory back
# to the system and takes it again, hashes in flight), so two windows' extremes would judge one sample; the line
# judges the trend. The largest sample of each window is printed beside it.
growth() { # COLUMN min|max
  awk -F, -v col="$1" -v how="$2" -v end="$((MINUTES * 60))" '
    function pick(old, new) { return old == "" ? new : (how == "min" ? (new < old ? new : old) : (new > old ? new : old)) }
    NR > 1 { if ($1 >= 240 && $1 <= 360) a = pick(a, $col + 0); if ($1 >= end - 120) b = pick(b, $col + 0) }
    END { if (a == "" || b == "") { print "n/a"; exit }
          printf "%.0f -> %.0f (%+.1f%%)", a, b, (b - a) * 100 / a }' "$DIR/soak.csv"
}
trend() { # COLUMN
  awk -F, -v col="$1" -v end="$((MINUTES * 60))" '
    NR > 1 && $1 >= 300 { n++; sx += $1; sy += $col; sxy += $1 * $col; sxx += $1 * $1 }
    END { if (n < 3) { print "n/a"; exit }
          b = (n * sxy - sx * sy) / (n * sxx - sx * sx); a = (sy - b * sx) / n
          printf "%.0f -> %.0f (%+.1f%%)", a + 300 * b, a + end * b, (end - 300) * b * 100 / (a + 300 * b) }' "$DIR/soak.csv"
}
heap=$(growth 2 min); rss=$(trend 3)
failed=$(awk -F'|' '/> request count/ { gsub(/[ ,]/, "", $4); print $4; exit }' "$DIR/gatling.log")
errors=$(grep -c '"level":"ERROR"\| ERROR ' "$DIR/node.log" || true)
report=$(grep -o 'file://[^ ]*index.html' "$DIR/gatling.log" | tail -1 || true)
echo "heap after GC, bytes, minute 5 -> end: $heap"
echo "RSS, kB, minute 5 -> end:              $rss (fitted line; the windows' largest samples: $(growth 3 max))"
echo "requests failed: ${failed:-?} (\"-\" is none); node log errors: $errors; Gatling's assertions: $([ $status = 0 ] && echo held || echo BROKEN)"
echo "samples: $DIR/soak.csv; report: ${report:-none}; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E '^(Global|liveQuery).*: (true|false)' "$DIR/gatling.log" || true
over() { echo "$1" | sed -nE 's/.*\(([-+0-9.]+)%\)/\1/p' | awk -v max="$MAX_GROWTH" '{ exit !($1 > max) }'; }
if [ $status != 0 ] || { [ -n "$failed" ] && [ "$failed" != "-" ]; } || over "$heap" || over "$rss"; then
  exit 1
fi
