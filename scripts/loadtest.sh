#!/usr/bin/env bash
# Runs one Gatling scenario of loadtest/ against a Parse-compatible server and says where its HTML
# report is. The wrapper of: mvn -f loadtest/pom.xml gatling:test -Dparsec.url=URL ...
#
# usage: scripts/loadtest.sh URL [SIMULATION] [USERS] [SECONDS]
#        scripts/loadtest.sh URL mix [ramp|spike|soak] [SECONDS]
#   URL         the Parse API with its mount path, e.g. http://127.0.0.1:1337/parse
#   SIMULATION  get, query, create, me, login, mix, or a class name (default get)
#   USERS       concurrent virtual users (default 32)
#   SECONDS     duration of the load (default 30; for mix, of the profile's steady part)
# mix is the leaderboard app's mobile session (loadtest/README.md); its third argument is the profile (default
# ramp). It fails (exit 1) when an assertion breaks: -Dp99 (ms, default 1000) or -DmaxErrorPercent (default 1).
# Environment: PARSEC_APP_ID (default parsec); PARSEC_MASTER_KEY, sent by the seeding calls only
# (needed when the server does not let clients create classes); LOADTEST_OPTS, more -D options for
# mvn (for example "-Drate=500 -Dramp=10 -Dseed=2000"; see loadtest/README.md).
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 4 ]; then
  echo "usage: $0 URL [get|query|create|me|login|mix|CLASS] [USERS|PROFILE] [SECONDS]" >&2
  exit 2
fi
URL=$1
case "${2:-get}" in
  get) SIM=GetByIdSimulation ;;
  query) SIM=QuerySimulation ;;
  create) SIM=CreateSimulation ;;
  me) SIM=MeSimulation ;;
  login) SIM=LoginSimulation ;;
  mix) SIM=MixSimulation ;;
  *) SIM=$2 ;;
esac
[[ $SIM == *.* ]] || SIM=parsec.loadtest.$SIM
cd "$(dirname "$0")/.."

# The master key goes through a -D option only when there is one (it shows in `ps` while it runs).
args=(-B -f loadtest/pom.xml gatling:test
  "-Dgatling.simulationClass=$SIM"
  "-Dparsec.url=$URL"
  "-Dparsec.appId=${PARSEC_APP_ID:-parsec}")
if [ "$SIM" = parsec.loadtest.MixSimulation ]; then
  args+=("-Dprofile=${3:-ramp}")
  # each profile has its own default duration (soak: 30 minutes)
  if [ -n "${4:-}" ]; then args+=("-Dduration=$4"); fi
else
  args+=("-Dusers=${3:-32}" "-Dduration=${4:-30}")
fi
if [ -n "${PARSEC_MASTER_KEY:-}" ]; then
  args+=("-Dparsec.masterKey=$PARSEC_MASTER_KEY")
fi
# shellcheck disable=SC2206  # LOADTEST_OPTS holds several options
args+=(${LOADTEST_OPTS:-})

marker=$(mktemp)
trap 'rm -f "$marker"' EXIT
status=0
mvn "${args[@]}" || status=$?
# The report of this run: the run folder created since the marker (one per run).
report=$(find loadtest/target/gatling -mindepth 2 -maxdepth 2 -name index.html -newer "$marker" 2>/dev/null | sort | tail -n 1)
if [ -n "$report" ]; then
  echo "report: $report"
fi
exit $status
