#!/usr/bin/env bash
# Runs the Parse JS SDK compatibility suite (compat/) against a running server; exits with the suite's code.
# usage: scripts/compat.sh URL APP_ID MASTER_KEY [TEST_FILE]   e.g. scripts/compat.sh http://127.0.0.1:1337/parse myapp mykey
# (TEST_FILE, such as test/jobs-push.test.mjs, runs that file alone; default: the whole suite)
# Set PARSE_ALLOW_CLIENT_CLASS_CREATION=true when the server lets clients create classes.
set -euo pipefail
if [ $# -ne 3 ] && [ $# -ne 4 ]; then
  echo "usage: $0 URL APP_ID MASTER_KEY [TEST_FILE]" >&2
  exit 2
fi
cd "$(dirname "$0")/../compat"
export PARSE_SERVER_URL=$1 PARSE_APP_ID=$2 PARSE_MASTER_KEY=$3
npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
exec node --test --test-concurrency=1 "${4:-test/}"
