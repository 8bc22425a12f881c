#!/usr/bin/env bash
# Starts N local Parsec nodes that form one cluster against one PostgreSQL.
# usage: scripts/cluster-start.sh N [BASE_PORT]
#   node i listens on BASE_PORT+i-1 (default 1337) and joins Hazelcast on 5701+i-1;
#   PARSEC_DATABASE_URL names the shared database (default postgres://postgres@127.0.0.1:5432/parsec,
#   created if missing); every node gets the same master key (PARSEC_MASTER_KEY, or one generated
#   once into data/cluster.master.key). Logs and pids go to data/node-i/.
set -euo pipefail
N=${1:?usage: cluster-start.sh N [BASE_PORT]}; BASE=${2:-1337}
cd "$(dirname "$0")/.."
JAR=target/parsec.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
mkdir -p data
DB=${PARSEC_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/parsec}
if [ -z "${PARSEC_DATABASE_URL:-}" ]; then
  psql "${DB%/*}/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'parsec'" | grep -q 1 \
    || psql "${DB%/*}/postgres" -qc "CREATE DATABASE parsec"
fi
if [ -z "${PARSEC_MASTER_KEY:-}" ]; then
  [ -f data/cluster.master.key ] || (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > data/cluster.master.key)
  PARSEC_MASTER_KEY=$(cat data/cluster.master.key)
fi
MEMBERS=$(for i in $(seq 1 "$N"); do printf '127.0.0.1:%d,' $((5700 + i)); done); MEMBERS=${MEMBERS%,}
for i in $(seq 1 "$N"); do
  dir=data/node-$i; mkdir -p "$dir"
  if [ -f "$dir/node.pid" ] && kill -0 "$(cat "$dir/node.pid")" 2>/dev/null; then echo "node $i already runs"; continue; fi
  PARSEC_PORT=$((BASE + i - 1)) PARSEC_CLUSTER_PORT=$((5700 + i)) PARSEC_CLUSTER_MEMBERS=$MEMBERS \
  PARSEC_DATA_DIR=$dir PARSEC_DATABASE_URL=$DB PARSEC_MASTER_KEY=$PARSEC_MASTER_KEY \
    nohup java ${JAVA_OPTS:-} -jar "$JAR" > "$dir/node.log" 2>&1 &
  echo $! > "$dir/node.pid"
done
for i in $(seq 1 "$N"); do
  port=$((BASE + i - 1)); deadline=$((SECONDS + 90))
  until curl -fs "http://127.0.0.1:$port/ready" >/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "node $i is not ready after 90 s; see data/node-$i/node.log" >&2; exit 1; fi
    sleep 1
  done
  echo "node $i ready: http://127.0.0.1:$port/parse"
done
echo "master key in data/cluster.master.key (or PARSEC_MASTER_KEY); stop with scripts/cluster-stop.sh"
