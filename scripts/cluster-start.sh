#!/usr/bin/env bash
# Starts N local Parsec nodes that form one cluster on this machine, against one PostgreSQL.
#
# usage: scripts/cluster-start.sh N [BASE_PORT]
#
#   node i  HTTP port BASE_PORT+i-1 (default 1337), Hazelcast port 5701+i-1 on 127.0.0.1,
#           data dir data/node-i, log data/node-i/node.log, pid data/node-i/node.pid
#
# Environment (all optional):
#   PARSEC_DATABASE_URL  the shared database. Default postgres://postgres@127.0.0.1:5432/parsec,
#                        which is created with psql when it does not exist yet.
#   PARSEC_MASTER_KEY    the master key of every node. Default: one generated once into
#                        data/cluster.master.key, so that all nodes (and restarts) share it.
#   PARSEC_FILES_ADAPTER default postgres here: files on disk would live on one node only.
#   PARSEC_*             any other key (PARSEC_REDIS_URL, PARSEC_APP_ID, ...) reaches every node.
#   JAVA_OPTS            JVM options of every node. Default -Xmx1g, so that N nodes do not each
#                        size their heap to a quarter of the machine's memory.
#   PARSEC_JAR           the jar to run (default target/parsec.jar).
#   CLUSTER_BASE_PORT    first Hazelcast port (default 5701).
#   READY_TIMEOUT        seconds to wait for every node's /ready (default 90).
#
# scripts/cluster-stop.sh stops the nodes again.
set -euo pipefail

usage() { echo "usage: $0 N [BASE_PORT]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
N=$1
BASE_PORT=${2:-1337}
[[ $N =~ ^[1-9][0-9]*$ ]] || usage
[[ $BASE_PORT =~ ^[1-9][0-9]*$ ]] || usage
CLUSTER_BASE_PORT=${CLUSTER_BASE_PORT:-5701}
READY_TIMEOUT=${READY_TIMEOUT:-90}
MOUNT_PATH=${PARSEC_MOUNT_PATH:-/parse}

# Everything below is relative to the repository root, wherever the script is called from.
cd "$(dirname "$0")/.."
JAR=${PARSEC_JAR:-target/parsec.jar}
if [ ! -f "$JAR" ]; then
  echo "no $JAR: build it first with mvn -B -q -DskipTests package" >&2
  exit 1
fi
command -v curl >/dev/null || { echo "curl is needed to wait for the nodes" >&2; exit 1; }
mkdir -p data

# Refuse to start over a running cluster or on a busy port, rather than leave half a cluster.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in $(seq 1 "$N"); do
  pidfile=data/node-$i/node.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "node $i is already running (pid $(cat "$pidfile")): scripts/cluster-stop.sh first" >&2
    exit 1
  fi
  for port in $((BASE_PORT + i - 1)) $((CLUSTER_BASE_PORT + i - 1)); do
    if port_busy "$port"; then
      echo "port $port is already in use on 127.0.0.1 (node $i needs it)" >&2
      exit 1
    fi
  done
done

# The shared database. Only the default one is created here: a given URL is the operator's.
if [ -z "${PARSEC_DATABASE_URL:-}" ]; then
  PARSEC_DATABASE_URL=postgres://postgres@127.0.0.1:5432/parsec
  admin_url=postgres://postgres@127.0.0.1:5432/postgres
  command -v psql >/dev/null || { echo "psql is needed to create the database (or set PARSEC_DATABASE_URL)" >&2; exit 1; }
  if ! exists=$(psql "$admin_url" -qtAc "SELECT 1 FROM pg_database WHERE datname = 'parsec'"); then
    echo "cannot reach PostgreSQL at $admin_url (set PARSEC_DATABASE_URL to use another one)" >&2
    exit 1
  fi
  if [ "$exists" != 1 ]; then
    psql "$admin_url" -qc "CREATE DATABASE parsec"
    echo "created database parsec"
  fi
fi

# One master key for the whole cluster: a request may land on any node.
if [ -z "${PARSEC_MASTER_KEY:-}" ]; then
  keyfile=data/cluster.master.key
  if [ ! -s "$keyfile" ]; then
    # umask in a subshell: the key file is readable by its owner only
    (
      umask 077
      if command -v openssl >/dev/null; then
        openssl rand -hex 24 > "$keyfile"
      else
        head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$keyfile"
      fi
    )
    echo "generated a master key into $keyfile"
  fi
  PARSEC_MASTER_KEY=$(tr -d '\n' < "$keyfile")
fi

members=""
for i in $(seq 1 "$N"); do
  members+="${members:+,}127.0.0.1:$((CLUSTER_BASE_PORT + i - 1))"
done

export PARSEC_DATABASE_URL PARSEC_MASTER_KEY
export PARSEC_FILES_ADAPTER=${PARSEC_FILES_ADAPTER:-postgres}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}

for i in $(seq 1 "$N"); do
  dir=data/node-$i
  mkdir -p "$dir"
  echo "=== $(date -u '+%Y-%m-%dT%H:%M:%SZ') cluster-start.sh: node $i" >> "$dir/node.log"
  # nohup: the nodes outlive the terminal. A background job of a script ignores SIGINT, so a
  # Ctrl-C here does not stop them either; SIGTERM (cluster-stop.sh) does.
  # shellcheck disable=SC2086  # JAVA_OPTS holds several options
  PARSEC_PORT=$((BASE_PORT + i - 1)) \
  PARSEC_CLUSTER_PORT=$((CLUSTER_BASE_PORT + i - 1)) \
  PARSEC_CLUSTER_HOST=127.0.0.1 \
  PARSEC_CLUSTER_MEMBERS=$members \
  PARSEC_DATA_DIR=$dir \
    nohup java $JAVA_OPTS -jar "$JAR" >> "$dir/node.log" 2>&1 < /dev/null &
  echo $! > "$dir/node.pid"
  echo "node $i started (pid $!), log $dir/node.log"
done

# Wait until every node says it is ready (PostgreSQL, Redis if set, and the cluster), or give up.
deadline=$((SECONDS + READY_TIMEOUT))
pending=$(seq 1 "$N")
while [ -n "$pending" ]; do
  still=""
  for i in $pending; do
    pid=$(cat "data/node-$i/node.pid")
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "node $i (pid $pid) exited; the end of data/node-$i/node.log:" >&2
      tail -n 20 "data/node-$i/node.log" >&2
      echo "the other nodes may still run: scripts/cluster-stop.sh stops them" >&2
      exit 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$((BASE_PORT + i - 1))/ready" || true)
    if [ "$code" = 200 ]; then
      echo "node $i ready"
    else
      still+=" $i"
    fi
  done
  pending=${still# }
  if [ -n "$pending" ]; then
    if [ $SECONDS -ge $deadline ]; then
      for i in $pending; do
        echo "node $i is not ready after ${READY_TIMEOUT}s: see data/node-$i/node.log and http://127.0.0.1:$((BASE_PORT + i - 1))/ready" >&2
      done
      echo "the nodes keep running: scripts/cluster-stop.sh stops them" >&2
      exit 1
    fi
    sleep 1
  fi
done

echo
echo "Parsec cluster of $N nodes is ready:"
for i in $(seq 1 "$N"); do
  port=$((BASE_PORT + i - 1))
  echo "  node $i  http://127.0.0.1:$port$MOUNT_PATH   (health http://127.0.0.1:$port/health /ready /metrics)"
done
echo "  app id      ${PARSEC_APP_ID:-parsec}"
if [ -n "${keyfile:-}" ]; then
  echo "  master key  in $keyfile"
else
  echo "  master key  PARSEC_MASTER_KEY"
fi
echo "  database    ${PARSEC_DATABASE_URL%%\?*}" | sed -E 's#//([^:@/]*):[^@/]*@#//\1:***@#'
echo "A load balancer in front of them: conf/nginx-lb.conf. Stop them: scripts/cluster-stop.sh"
