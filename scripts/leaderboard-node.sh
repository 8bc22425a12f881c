#!/usr/bin/env bash
# Starts one Parsec node running the leaderboard app (examples/cloud-code) as the load mix expects it: the
# example compiled into its cloud_code_dir, Score delivered by LiveQuery, on a fresh database. Waits for /ready
# and prints the API URL; the node runs on in the background (stop it with kill on DIR/node.pid).
#
# usage: scripts/leaderboard-node.sh PORT DIR [--option=value ...]
#   PORT  HTTP port (127.0.0.1)
#   DIR   the node's folder: data_dir, cloud code, node.log, node.pid, master.key (made fresh)
#   further --options reach the node as they are (e.g. --password_hash_threads=1)
# Environment: DATABASE (default parsec_mix_PORT: dropped and made again on the local PostgreSQL, or
# PG_URL's), JAVA_OPTS (default -Xmx1g), PARSEC_JAR (default target/parsec.jar).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 PORT DIR [--option=value ...]" >&2; exit 2; }
PORT=$1; DIR=$2; shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${PARSEC_JAR:-$ROOT/target/parsec.jar}
PG=${PG_URL:-postgres://postgres@127.0.0.1:5432}
DB=${DATABASE:-parsec_mix_$PORT}
[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -B -q -DskipTests package)" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT is in use" >&2; exit 1
fi
rm -rf "$DIR"; mkdir -p "$DIR/classes" "$DIR/cloud-code"
DIR=$(cd "$DIR" && pwd)

# The example, compiled against the server's jar (which holds the cloud code API) into a cloud code jar.
EXAMPLE=$ROOT/examples/cloud-code/src/main
javac --release 17 -nowarn -cp "$JAR" -d "$DIR/classes" "$EXAMPLE"/java/com/example/leaderboard/*.java
cp -r "$EXAMPLE/resources/META-INF" "$DIR/classes/"
jar cf "$DIR/cloud-code/leaderboard.jar" -C "$DIR/classes" .

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
(umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/master.key")

URL=http://127.0.0.1:$PORT/parse
# shellcheck disable=SC2086  # JAVA_OPTS holds several options
PARSEC_MASTER_KEY=$(cat "$DIR/master.key") nohup java ${JAVA_OPTS:--Xmx1g} -jar "$JAR" --port="$PORT" --host=127.0.0.1 \
  --app_id=parsec --server_url="$URL" --database_url="$PG/$DB" --data_dir="$DIR/data" \
  --cloud_code_dir="$DIR/cloud-code" --livequery_classes=Score "$@" > "$DIR/node.log" 2>&1 < /dev/null &
echo $! > "$DIR/node.pid"
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1; then
    echo "$URL"
    exit 0
  fi
  kill -0 "$(cat "$DIR/node.pid")" 2>/dev/null || break
  sleep 1
done
echo "the node did not become ready; its log ($DIR/node.log):" >&2
tail -5 "$DIR/node.log" >&2
exit 1
