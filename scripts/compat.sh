#!/usr/bin/env bash
# Runs the Parse JS SDK compatibility suite (compat/) against a running server.
# usage: scripts/compat.sh URL APP_ID MASTER_KEY
set -euo pipefail
cd "$(dirname "$0")/../compat"
export PARSE_SERVER_URL=$1 PARSE_APP_ID=$2 PARSE_MASTER_KEY=$3
if [ ! -d node_modules/parse ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 test/
