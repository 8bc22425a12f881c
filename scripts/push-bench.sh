#!/bin/bash
# The push benchmark: a push to 100,000 installations (half iOS, half Android) against the local fake APNs
# and FCM that the tests use, on a fresh database. Prints the rate and the memory, appends them to
# target/push-bench.txt. Uses PARSEC_TEST_DATABASE_URL when set (else an embedded PostgreSQL).
# usage: scripts/push-bench.sh [INSTALLATIONS] [BATCH] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test -Dtest=PushBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpush.bench.installations="${1:-100000}" -Dpush.bench.batch="${2:-500}" -Dpush.bench.concurrency="${3:-64}" \
  -DtrimStackTrace=false >/dev/null || { cat target/surefire-reports/dev.parsec.push.PushBenchmark.txt; exit 1; }
tail -1 target/push-bench.txt
