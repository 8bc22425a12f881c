#!/usr/bin/env bash
# The fault matrix: three Parsec nodes behind nginx, on one PostgreSQL and one Redis this script starts for itself,
# with writers (idempotent retries through the balancer), LiveQuery subscribers and a job scheduled every second;
# under each fault, what was acknowledged is checked against PostgreSQL itself (scripts/faults/harness.mjs).
# Method and figures: docs/faults.md.
#
# usage: scripts/faults.sh [--short] [FAULT ...]     (as root: PostgreSQL runs as the user postgres)
#   FAULT: kill9 rolling pg-restart pg-unreachable redis slow-lq (default: all of them, in that order), partition
#   (only when named: each node then runs in a network namespace of its own, bridged to this machine's 10.77.0.1)
# usage: scripts/faults.sh --parse-server [ps-kill9 ps-restart]
#   the reference: Parse Server 9 alone on port 1337 (in PARSE_DIR, default /tmp/parsec-faults-parse-server), its
#   idempotency on, the same writers; the process killed with SIGKILL, or stopped with SIGTERM, and started again
#   --short: each fault's run lasts a few seconds (the CI form; FaultMatrixTest runs `--short kill9`)
#
# Environment (all optional):
#   PARSEC_LAUNCH       the command that starts a node (default: java $JAVA_OPTS -jar target/parsec.jar)
#   FAULTS_CLASSPATH    the class path the cloud code module is compiled against (default target/parsec.jar)
#   FAULTS_DATABASE_URL a PostgreSQL to use instead of starting one (the pg-* faults are then skipped)
#   FAULTS_REDIS_URL    a Redis to use instead of starting one (the redis fault is then skipped)
#   FAULTS_PORTS        "N1 N2 N3 LB HZ1 HZ2 HZ3 PG REDIS" (default 1450 1451 1452 1460 5801 5802 5803 5499 6399)
#   FAULTS_WORK         scratch folder (default a new one under /tmp, removed at the end unless FAULTS_KEEP=1)
#   FAULTS_CLIENTS, FAULTS_SUBSCRIBERS  writers and LiveQuery subscribers (default 8 and 3)
#   JAVA_OPTS           JVM options of each node (default -Xmx512m)
#   FAULTS_SETTLE       seconds the writers go on after a fault's command ended (default 8; 3 with --short)
#   FAULTS_PARTITION_SECONDS  how long the partition lasts (default 20; above 60 the cluster splits)
# Prints one table row per fault and exits 1 when a write was lost or duplicated, a row appeared that nobody wrote,
# a job slot ran twice, or a fault could not be applied.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SELF="$ROOT/scripts/faults.sh"

# ---- the cluster's pieces (also used by --inject, which a fault command runs with the run's FAULTS_WORK) ----

load_state() {
  read -r P1 P2 P3 LB HZ1 HZ2 HZ3 PGPORT REDISPORT <<< "${FAULTS_PORTS:-1450 1451 1452 1460 5801 5802 5803 5499 6399}"
  NODE_PORTS=("" "$P1" "$P2" "$P3")
  HZ_PORTS=("" "$HZ1" "$HZ2" "$HZ3")
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
  JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
  PARSEC_LAUNCH=${PARSEC_LAUNCH:-java $JAVA_OPTS -jar $ROOT/target/parsec.jar}
  APP_ID=faults
  MASTER_KEY=faults-master-key-0123456789
  OWN_PG=1; OWN_REDIS=1
  [ -n "${FAULTS_DATABASE_URL:-}" ] && OWN_PG=0
  [ -n "${FAULTS_REDIS_URL:-}" ] && OWN_REDIS=0
  DATABASE_URL=${FAULTS_DATABASE_URL:-postgres://postgres@127.0.0.1:$PGPORT/faults}
  REDIS_URL=${FAULTS_REDIS_URL:-redis://127.0.0.1:$REDISPORT}
  # With FAULTS_NETNS=1 (the partition fault sets it) each node runs in a network namespace of its own, joined to a
  # bridge: 10.77.0.1 is this machine there (PostgreSQL, Redis, nginx), node i is 10.77.0.1i
  NETNS=${FAULTS_NETNS:-0}
  HOST_IP=127.0.0.1
  [ "$NETNS" = 1 ] && HOST_IP=10.77.0.1
  NODE_DATABASE_URL=${FAULTS_DATABASE_URL:-postgres://postgres@$HOST_IP:$PGPORT/faults}
  NODE_REDIS_URL=${FAULTS_REDIS_URL:-redis://$HOST_IP:$REDISPORT}
}

node_ip() { if [ "$NETNS" = 1 ]; then echo "10.77.0.1$1"; else echo 127.0.0.1; fi; }

setup_netns() {
  ip link add faults-br type bridge
  ip addr add 10.77.0.1/24 dev faults-br
  ip link set faults-br up
  for i in 1 2 3; do
    ip netns add "faults-n$i"
    ip link add "faults-v$i" type veth peer name eth0 netns "faults-n$i"
    ip link set "faults-v$i" master faults-br up
    ip netns exec "faults-n$i" ip addr add "10.77.0.1$i/24" dev eth0
    ip netns exec "faults-n$i" ip link set eth0 up
    ip netns exec "faults-n$i" ip link set lo up
  done
}

teardown_netns() {
  for i in 1 2 3; do ip netns del "faults-n$i" 2>/dev/null; done
  ip link del faults-br 2>/dev/null
  return 0
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_addresses() { if [ "$NETNS" = 1 ]; then echo 127.0.0.1,10.77.0.1; else echo 127.0.0.1; fi; }

start_pg() {
  if [ ! -d "$FAULTS_WORK/pg" ]; then
    mkdir -p "$FAULTS_WORK/pg" && chown postgres "$FAULTS_WORK/pg" 2>/dev/null || true
    as_postgres "$PG_BIN/initdb" -D "$FAULTS_WORK/pg" -U postgres -A trust >/dev/null
    echo "host all all 10.77.0.0/24 trust" >> "$FAULTS_WORK/pg/pg_hba.conf"
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$FAULTS_WORK/pg" -l "$FAULTS_WORK/pg/server.log" -w \
    -o "-p $PGPORT -k $FAULTS_WORK/pg -c listen_addresses=$(pg_addresses) -c max_connections=200 -c fsync=off" start >/dev/null
}

start_redis() {
  mkdir -p "$FAULTS_WORK/redis"
  redis-server --port "$REDISPORT" --bind "127.0.0.1$([ "$NETNS" = 1 ] && echo " 10.77.0.1")" --dir "$FAULTS_WORK/redis" --save "" --appendonly no --protected-mode no \
    --daemonize yes --pidfile "$FAULTS_WORK/redis.pid" --logfile "$FAULTS_WORK/redis.log"
  for _ in $(seq 50); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "Redis did not start: $FAULTS_WORK/redis.log" >&2; return 1
}

start_node() {
  local i=$1 members="$(node_ip 1):${HZ_PORTS[1]},$(node_ip 2):${HZ_PORTS[2]},$(node_ip 3):${HZ_PORTS[3]}" inside=()
  [ "$NETNS" = 1 ] && inside=(ip netns exec "faults-n$i")
  mkdir -p "$FAULTS_WORK/node-$i"
  echo "=== $(date -u +%FT%TZ) start" >> "$FAULTS_WORK/node-$i.log"
  # shellcheck disable=SC2086  # PARSEC_LAUNCH is a command line
  env PARSEC_PORT="${NODE_PORTS[$i]}" PARSEC_HOST="$(node_ip "$i")" PARSEC_APP_ID=$APP_ID PARSEC_MASTER_KEY=$MASTER_KEY \
    PARSEC_DATABASE_URL="$NODE_DATABASE_URL" PARSEC_REDIS_URL="$NODE_REDIS_URL" PARSEC_DATA_DIR="$FAULTS_WORK/node-$i" \
    PARSEC_CLUSTER_MEMBERS="$members" PARSEC_CLUSTER_PORT="${HZ_PORTS[$i]}" PARSEC_CLUSTER_HOST="$(node_ip "$i")" \
    PARSEC_MASTER_KEY_IPS="127.0.0.0/8,10.77.0.0/24" \
    PARSEC_IDEMPOTENCY_TTL=600 PARSEC_LIVEQUERY_CLASSES='*' PARSEC_CLOUD_CODE_DIR="$FAULTS_WORK/cloud" \
    PARSEC_JOB_SCHEDULES='faultTick every 1s' PARSEC_JOB_LEASE=5 PARSEC_JOB_POLL_INTERVAL=1 PARSEC_HTTP_INSTANCES=2 \
    PARSEC_DATABASE_POOL_SIZE=2 PARSEC_SHUTDOWN_GRACE=10 PARSEC_LOG_FORMAT=text PARSEC_ACCESS_LOG=false \
    PARSEC_SERVER_URL="http://127.0.0.1:$LB/parse" \
    setsid "${inside[@]}" $PARSEC_LAUNCH >> "$FAULTS_WORK/node-$i.log" 2>&1 < /dev/null &
  echo $! > "$FAULTS_WORK/node-$i.pid"
  disown $! # its end (a kill -9 among them) is the script's to report, not the shell's
}

wait_ready() {
  local i=$1 deadline=$((SECONDS + ${2:-120}))
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$(cat "$FAULTS_WORK/node-$i.pid")" 2>/dev/null; then
      echo "node $i exited; the end of its log:" >&2; tail -n 30 "$FAULTS_WORK/node-$i.log" >&2; return 1
    fi
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$(node_ip "$i"):${NODE_PORTS[$i]}/ready" || true)" = 200 ] && return 0
    sleep 0.5
  done
  echo "node $i not ready in time: $FAULTS_WORK/node-$i.log" >&2; return 1
}

node_pid() { cat "$FAULTS_WORK/node-$1.pid"; }

stop_node() { # SIGTERM, and wait for the exit
  local pid; pid=$(node_pid "$1")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 400); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "node $1 still runs 40 s after SIGTERM" >&2; return 1
}

start_nginx() {
  local dir=$FAULTS_WORK/nginx temp=""
  mkdir -p "$dir"
  for kind in client_body proxy fastcgi uwsgi scgi; do temp+="    ${kind}_temp_path $dir/$kind;\n"; done
  # conf/nginx-lb.conf as it is, but for its port, its node list and its temporary files
  sed -e "s/listen 8080;/listen 127.0.0.1:$LB;/" -e "s#^http {#http {\n$temp#" -e 's/^worker_processes auto;/worker_processes 1;/' \
    -e "s#access_log /dev/stdout parsec[^;]*;#log_format faults '\$http_x_parse_request_id \$upstream_addr \$status \$upstream_status \$request_uri'; access_log $FAULTS_WORK/access.log faults;#" \
    -e "s#error_log stderr warn;#error_log $FAULTS_WORK/nginx.log warn;#" "$ROOT/conf/nginx-lb.conf" > "$dir/nginx.conf"
  for i in 1 2 3; do echo "server $(node_ip "$i"):${NODE_PORTS[$i]} max_fails=3 fail_timeout=10s;"; done > "$dir/nginx-upstream.conf"
  nginx -e "$FAULTS_WORK/nginx.log" -p "$dir" -c "$dir/nginx.conf" -g "daemon on; pid $dir/nginx.pid;"
}

build_cloud_code() {
  local src=$ROOT/scripts/faults/cloud-code/src/main classes=$FAULTS_WORK/cloud-classes
  mkdir -p "$classes" "$FAULTS_WORK/cloud"
  javac --release 17 -proc:none -cp "${FAULTS_CLASSPATH:-$ROOT/target/parsec.jar}" -d "$classes" \
    $(find "$src/java" -name '*.java')
  cp -r "$src/resources/." "$classes/"
  jar cf "$FAULTS_WORK/cloud/fault-jobs.jar" -C "$classes" .
}

# Parse Server 9, the reference (scripts/faults.sh --parse-server): one process on port 1337, installed as
# /work/shared/bench/start-parse-server.sh installs it, on this script's PostgreSQL, with its idempotency on.
PARSE_DIR=${PARSE_DIR:-/tmp/parsec-faults-parse-server}

start_parse_server() {
  if [ ! -x "$PARSE_DIR/node_modules/.bin/parse-server" ]; then
    mkdir -p "$PARSE_DIR"
    # router 2.3.0 breaks Parse Server 9.10's /batch; 2.2.0 works (as the bench script notes)
    (cd "$PARSE_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund parse-server@9 router@2.2.0 >/dev/null 2>&1)
  fi
  cat > "$FAULTS_WORK/parse-server.json" <<JSON
{"appId": "$APP_ID", "masterKey": "$MASTER_KEY", "databaseURI": "postgres://postgres@127.0.0.1:$PGPORT/parse",
 "port": 1337, "serverURL": "http://127.0.0.1:1337/parse", "mountPath": "/parse", "masterKeyIps": ["0.0.0.0/0", "::/0"],
 "idempotencyOptions": {"paths": [".*"], "ttl": 600}}
JSON
  (cd "$PARSE_DIR" && exec node_modules/.bin/parse-server "$FAULTS_WORK/parse-server.json" >> "$FAULTS_WORK/parse-server.log" 2>&1 < /dev/null) &
  echo $! > "$FAULTS_WORK/parse-server.pid"
  disown $!
  local deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:1337/parse/health || true)" = 200 ] && return 0
    sleep 0.5
  done
  echo "Parse Server did not start: $FAULTS_WORK/parse-server.log" >&2; return 1
}

# ---- the faults: each a command run while the clients work ----

strike() { echo "fault-at $(date +%s%3N)"; } # the harness takes this line as the fault's moment

inject() {
  case $1 in
    none) strike; sleep 5 ;;
    kill9) # one node dies at once, and comes back a few seconds later
      local pid; pid=$(node_pid 1); strike; kill -KILL "$pid"; sleep 3; start_node 1; wait_ready 1 ;;
    rolling) # every node in turn: SIGTERM, wait for the exit, start, wait for /ready
      strike; for i in 1 2 3; do stop_node "$i"; start_node "$i"; wait_ready "$i"; done ;;
    pg-restart)
      strike; as_postgres "$PG_BIN/pg_ctl" -D "$FAULTS_WORK/pg" -m fast -w restart \
        -o "-p $PGPORT -k $FAULTS_WORK/pg -c listen_addresses=$(pg_addresses) -c max_connections=200 -c fsync=off" >/dev/null ;;
    pg-unreachable) # every PostgreSQL process frozen for 10 s: connections open, nothing answers, as a network gone
      local pids; pids="$(head -1 "$FAULTS_WORK/pg/postmaster.pid") $(pgrep -P "$(head -1 "$FAULTS_WORK/pg/postmaster.pid")" | tr '\n' ' ')"
      # shellcheck disable=SC2086
      strike; kill -STOP $pids; sleep 10; kill -CONT $pids ;;
    redis) # stopped (saving its data), then started again on the same data
      strike; redis-cli -p "$REDISPORT" shutdown save >/dev/null 2>&1 || true
      sleep 5; start_redis ;;
    slow-lq) strike; sleep 15 ;; # the harness's slow subscriber is the fault
    partition) # node 1 and the others no longer reach each other for FAULTS_PARTITION_SECONDS (20 s: shorter than
      # Hazelcast's 60 s heartbeat timeout, so the cluster holds; longer splits it), each still reaching PostgreSQL,
      # Redis and nginx
      strike
      ip netns exec faults-n1 ip route add blackhole 10.77.0.12/32
      ip netns exec faults-n1 ip route add blackhole 10.77.0.13/32
      ip netns exec faults-n2 ip route add blackhole 10.77.0.11/32
      ip netns exec faults-n3 ip route add blackhole 10.77.0.11/32
      sleep "${FAULTS_PARTITION_SECONDS:-20}"
      ip netns exec faults-n1 ip route del blackhole 10.77.0.12/32
      ip netns exec faults-n1 ip route del blackhole 10.77.0.13/32
      ip netns exec faults-n2 ip route del blackhole 10.77.0.11/32
      ip netns exec faults-n3 ip route del blackhole 10.77.0.11/32
      sleep 15 ;; # the two sides find each other again
    ps-kill9) # Parse Server: the process dies at once, and is started again a few seconds later
      local pid; pid=$(cat "$FAULTS_WORK/parse-server.pid"); strike; kill -KILL "$pid"; sleep 3; start_parse_server ;;
    ps-restart) # Parse Server: SIGTERM, wait for the exit, start again
      local pid; pid=$(cat "$FAULTS_WORK/parse-server.pid"); strike; kill -TERM "$pid"
      for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      start_parse_server ;;
    *) echo "unknown fault $1" >&2; return 2 ;;
  esac
}

if [ "${1:-}" = --inject ]; then
  load_state
  inject "$2"
  exit
fi

# ---- a run ----

SHORT=0; REFERENCE=0
if [ "${1:-}" = --short ]; then SHORT=1; shift; fi
if [ "${1:-}" = --parse-server ]; then REFERENCE=1; shift; fi
FAULT_LIST=("$@")
if [ ${#FAULT_LIST[@]} -eq 0 ]; then
  if [ $REFERENCE = 1 ]; then FAULT_LIST=(ps-kill9 ps-restart); else FAULT_LIST=(kill9 rolling pg-restart pg-unreachable redis slow-lq); fi
fi
for fault in "${FAULT_LIST[@]}"; do [ "$fault" = partition ] && export FAULTS_NETNS=1; done
load_state
if [ "$NETNS" = 1 ]; then
  [ "$(id -u)" = 0 ] && [ -z "${FAULTS_DATABASE_URL:-}${FAULTS_REDIS_URL:-}" ] \
    || { echo "the partition fault needs root (network namespaces) and this script's own PostgreSQL and Redis" >&2; exit 1; }
  ip netns list | grep -q '^faults-n' && { echo "network namespaces faults-n* exist already (a run in progress?)" >&2; exit 1; }
fi
for tool in node npm curl nginx javac jar; do
  command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
if [ $OWN_PG = 1 ]; then [ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL at $PG_BIN (set PG_BIN or FAULTS_DATABASE_URL)" >&2; exit 1; }; fi
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ $REFERENCE = 1 ]; then USED=(1337 "$PGPORT"); else
  USED=("${NODE_PORTS[@]:1}" "$LB" "${HZ_PORTS[@]:1}")
  [ $OWN_PG = 1 ] && USED+=("$PGPORT")
  [ $OWN_REDIS = 1 ] && USED+=("$REDISPORT")
fi
for port in "${USED[@]}"; do
  if port_busy "$port"; then echo "port $port is in use (FAULTS_PORTS chooses others)" >&2; exit 1; fi
done

export FAULTS_WORK=${FAULTS_WORK:-$(mktemp -d /tmp/parsec-faults.XXXXXX)}
chmod 755 "$FAULTS_WORK"
export FAULTS_PORTS="${NODE_PORTS[1]} ${NODE_PORTS[2]} ${NODE_PORTS[3]} $LB ${HZ_PORTS[1]} ${HZ_PORTS[2]} ${HZ_PORTS[3]} $PGPORT $REDISPORT"
export PARSEC_LAUNCH JAVA_OPTS

cleanup() {
  for i in 1 2 3; do
    [ -f "$FAULTS_WORK/node-$i.pid" ] && kill -KILL "$(node_pid "$i")" 2>/dev/null
  done
  [ -f "$FAULTS_WORK/nginx/nginx.pid" ] && kill -TERM "$(cat "$FAULTS_WORK/nginx/nginx.pid")" 2>/dev/null
  [ -f "$FAULTS_WORK/parse-server.pid" ] && kill -KILL "$(cat "$FAULTS_WORK/parse-server.pid")" 2>/dev/null
  if [ $OWN_REDIS = 1 ] && [ -f "$FAULTS_WORK/redis.pid" ]; then kill -TERM "$(cat "$FAULTS_WORK/redis.pid")" 2>/dev/null; fi
  if [ $OWN_PG = 1 ] && [ -f "$FAULTS_WORK/pg/postmaster.pid" ]; then
    kill -CONT "$(head -1 "$FAULTS_WORK/pg/postmaster.pid")" 2>/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$FAULTS_WORK/pg" -m immediate stop >/dev/null 2>&1
  fi
  if [ "$NETNS" = 1 ]; then teardown_netns; fi
  if [ "${FAULTS_KEEP:-0}" = 1 ]; then echo "scratch folder kept: $FAULTS_WORK" >&2; else rm -rf "$FAULTS_WORK"; fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$ROOT/scripts/faults" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
if [ "$NETNS" = 1 ]; then setup_netns; fi
if [ $OWN_PG = 1 ]; then
  start_pg
  psql "postgres://postgres@127.0.0.1:$PGPORT/postgres" -qc "CREATE DATABASE faults" -c "CREATE DATABASE parse"
fi
if [ $REFERENCE = 1 ]; then
  [ $OWN_PG = 1 ] || { echo "--parse-server needs this script's own PostgreSQL" >&2; exit 1; }
  start_parse_server
  echo "$(date -u +%T) Parse Server $(node -p "require('$PARSE_DIR/node_modules/parse-server/package.json').version") ready on :1337" >&2
  if [ $SHORT = 1 ]; then RUN=8 AT=3 SETTLE=3; else RUN=30 AT=8 SETTLE=8; fi
  RESULTS=$FAULTS_WORK/results.jsonl
  : > "$RESULTS"
  for fault in "${FAULT_LIST[@]}"; do
    FAULT=$fault FAULT_CMD="$SELF --inject $fault" FAULT_AT=$AT RUN_SECONDS=$RUN SETTLE=$SETTLE \
      API_URL=http://127.0.0.1:1337/parse APP_ID=$APP_ID MASTER_KEY=$MASTER_KEY \
      DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/parse" CLASS="Fault_${fault//-/_}" CLIENTS=${FAULTS_CLIENTS:-8} \
      SUBSCRIBERS=0 JOBS=0 node "$ROOT/scripts/faults/harness.mjs" >> "$RESULTS"
    tail -n 1 "$RESULTS" >&2
  done
  node "$ROOT/scripts/faults/report.mjs" "$RESULTS"
  exit
fi
build_cloud_code
[ $OWN_REDIS = 1 ] && start_redis
for i in 1 2 3; do start_node "$i"; done
for i in 1 2 3; do wait_ready "$i"; done
start_nginx
echo "$(date -u +%T) three nodes ready behind nginx on :$LB ($(nproc) cores; scratch $FAULTS_WORK)" >&2

if [ $SHORT = 1 ]; then RUN=8 AT=3 SETTLE=3; else RUN=30 AT=8 SETTLE=8; fi
SETTLE=${FAULTS_SETTLE:-$SETTLE} # seconds the writers go on after the fault's command ended
RESULTS=$FAULTS_WORK/results.jsonl
: > "$RESULTS"
for fault in "${FAULT_LIST[@]}"; do
  if [[ $fault == pg-* ]] && [ $OWN_PG = 0 ]; then echo "$fault skipped: FAULTS_DATABASE_URL is not this script's" >&2; continue; fi
  if [ "$fault" = redis ] && [ $OWN_REDIS = 0 ]; then echo "redis skipped: FAULTS_REDIS_URL is not this script's" >&2; continue; fi
  slow=0; padding=0
  if [ "$fault" = slow-lq ]; then slow=1; padding=4000; fi
  FAULT=$fault FAULT_CMD="$SELF --inject $fault" FAULT_AT=$AT RUN_SECONDS=$RUN SETTLE=$SETTLE \
    API_URL="http://127.0.0.1:$LB/parse" APP_ID=$APP_ID MASTER_KEY=$MASTER_KEY DATABASE_URL="$DATABASE_URL" \
    CLASS="Fault_${fault//-/_}" CLIENTS=${FAULTS_CLIENTS:-8} SUBSCRIBERS=${FAULTS_SUBSCRIBERS:-3} \
    SLOW_SUBSCRIBERS=$slow PADDING=$padding \
    NODE_URLS="http://$(node_ip 1):${NODE_PORTS[1]} http://$(node_ip 2):${NODE_PORTS[2]} http://$(node_ip 3):${NODE_PORTS[3]}" \
    node "$ROOT/scripts/faults/harness.mjs" >> "$RESULTS"
  tail -n 1 "$RESULTS" >&2
done

node "$ROOT/scripts/faults/report.mjs" "$RESULTS"
