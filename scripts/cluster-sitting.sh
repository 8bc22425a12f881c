#!/usr/bin/env bash
# What being a cluster costs, in one sitting on this machine's cores: the shared workload (scripts/bench.sh's get,
# query, create and me) against
#   one      a single node, not clustered, called directly;
#   one-lb   the same kind of node behind nginx (conf/nginx-lb.conf), to tell the proxy's cost from the cluster's;
#   two-lb   two clustered nodes (Hazelcast, as scripts/cluster-start.sh starts them) behind nginx, each node
#            sharing the same cores with the other.
# Each has a fresh database of its own; rounds are interleaved by scripts/bench-sitting.sh, which prints each
# server's median req/s and its ratio to "one".
#
# usage: scripts/cluster-sitting.sh [-r ROUNDS] [-d SECONDS]        (defaults 3 and 10)
# Environment: PGURL (default postgres://postgres@127.0.0.1:5432), the server the fresh databases are made on;
# JAVA_OPTS for every node (default -Xmx1g, as cluster-start.sh). Ports 1351-1354, 5751-5752 and 8091-8092.
set -euo pipefail
ROUNDS=3 SECONDS_EACH=10
while getopts r:d: opt; do
  case $opt in r) ROUNDS=$OPTARG ;; d) SECONDS_EACH=$OPTARG ;; *) echo "usage: $0 [-r ROUNDS] [-d SECONDS]" >&2; exit 2 ;; esac
done
cd "$(dirname "$0")/.."
ROOT=$PWD
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
[ -f target/parsec.jar ] || { echo "no target/parsec.jar: mvn -B -q -DskipTests package first" >&2; exit 1; }
for tool in wrk nginx psql curl; do command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }; done
WORK=$(mktemp -d)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for lb in one two; do [ -f "$WORK/nginx-$lb/nginx.pid" ] && kill "$(cat "$WORK/nginx-$lb/nginx.pid")" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 900); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "$1 never answered" >&2; exit 1; }

fresh_database() {
  PGOPTIONS="-c client_min_messages=warning" psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null
}

# start_node NAME PORT DATABASE [cluster settings as PARSEC_* assignments]
start_node() {
  local name=$1 port=$2 database=$3
  shift 3
  mkdir -p "$WORK/$name"
  # shellcheck disable=SC2086  # JAVA_OPTS holds several options
  (cd "$WORK/$name" && exec env "$@" java $JAVA_OPTS -jar "$ROOT/target/parsec.jar" --port="$port" --app_id=bench \
    --database_url="$PGURL/$database" --allow_client_class_creation=true --data_dir="$WORK/$name/data" > "$WORK/$name/node.log" 2>&1) &
  PIDS+=($!)
}

# start_nginx NAME PORT UPSTREAM_PORT...: conf/nginx-lb.conf as it is, but for its port, its node list, its files
start_nginx() {
  local name=$1 port=$2 dir=$WORK/nginx-$1 temp=""
  shift 2
  mkdir -p "$dir"
  for kind in client_body proxy fastcgi uwsgi scgi; do temp+="    ${kind}_temp_path $dir/$kind;\n"; done
  sed -e "s/listen 8080;/listen 127.0.0.1:$port;/" -e "s#^http {#http {\n$temp#" \
    -e "s#access_log /dev/stdout #access_log $dir/access.log #" \
    -e "s#error_log stderr warn;#error_log $dir/error.log warn;#" conf/nginx-lb.conf > "$dir/nginx.conf"
  for upstream in "$@"; do echo "server 127.0.0.1:$upstream max_fails=3 fail_timeout=10s;"; done > "$dir/nginx-upstream.conf"
  nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g "daemon on; pid $dir/nginx.pid;"
}

fresh_database parsec_cluster_one
fresh_database parsec_cluster_one_lb
fresh_database parsec_cluster_two
start_node one 1351 parsec_cluster_one
start_node one-lb 1352 parsec_cluster_one_lb
MASTER_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
for i in 1 2; do
  start_node "two-$i" $((1352 + i)) parsec_cluster_two PARSEC_MASTER_KEY="$MASTER_KEY" PARSEC_CLUSTER_HOST=127.0.0.1 \
    PARSEC_CLUSTER_PORT=$((5750 + i)) PARSEC_CLUSTER_MEMBERS=127.0.0.1:5751,127.0.0.1:5752
done
for port in 1351 1352 1353 1354; do wait_ready "http://127.0.0.1:$port/ready"; done
grep -q "joined the cluster" "$WORK/two-1/node.log" "$WORK/two-2/node.log" || { echo "the two nodes did not form a cluster" >&2; exit 1; }
start_nginx one 8091 1352
start_nginx two 8092 1353 1354
wait_ready "http://127.0.0.1:8091/health"
wait_ready "http://127.0.0.1:8092/health"
echo "$(nproc) cores; one node on :1351, one behind nginx on :8091, two clustered nodes behind nginx on :8092"

scripts/bench-sitting.sh -r "$ROUNDS" -d "$SECONDS_EACH" one=http://127.0.0.1:1351/parse \
  one-lb=http://127.0.0.1:8091/parse two-lb=http://127.0.0.1:8092/parse
for i in 1 2; do echo "two-$i served $(grep -c '"parsec.access"' "$WORK/two-$i/node.log") requests"; done
