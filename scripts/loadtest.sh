#!/usr/bin/env bash
# Runs a Gatling scenario of loadtest/ against a Parse-compatible server and prints where its report is.
# usage: scripts/loadtest.sh URL [SIMULATION(default GetByIdSimulation)] [USERS(32)] [SECONDS(30)]
# PARSEC_APP_ID and PARSEC_MASTER_KEY (for seeding only) are read from the environment.
set -euo pipefail
URL=${1:?usage: loadtest.sh URL [SIMULATION] [USERS] [SECONDS]}
SIM=${2:-GetByIdSimulation}; USERS=${3:-32}; SECONDS_=${4:-30}
cd "$(dirname "$0")/.."
exec mvn -B -q -f loadtest/pom.xml gatling:test -Dgatling.simulationClass="parsec.loadtest.$SIM" \
  -Dparsec.url="$URL" -Dparsec.appId="${PARSEC_APP_ID:-parsec}" -Dparsec.masterKey="${PARSEC_MASTER_KEY:-}" \
  -Dusers="$USERS" -Dduration="$SECONDS_"
