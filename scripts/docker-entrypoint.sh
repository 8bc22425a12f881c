#!/bin/sh
# Entrypoint of the container image (see Dockerfile): runs Parsec as the container's main process.
# Arguments are passed to Parsec (for example --config /app/conf/my.yaml or --port=8080).
set -eu

# Clustered containers must advertise an address the other members can reach. The default
# cluster_host, 127.0.0.1, is the container itself, so when the node is clustered (cluster_members
# or Kubernetes discovery) and neither cluster_host nor cluster_interfaces (from which the node picks
# its address itself) was given, use the container's own address (what its hostname resolves to).
if { [ -n "${PARSEC_CLUSTER_MEMBERS:-}" ] || [ "${PARSEC_CLUSTER_DISCOVERY:-}" = kubernetes ]; } \
   && [ -z "${PARSEC_CLUSTER_HOST:-}" ] && [ -z "${PARSEC_CLUSTER_INTERFACES:-}" ]; then
  own=$(getent hosts "$(cat /proc/sys/kernel/hostname)" | awk '{ print $1; exit }')
  if [ -n "$own" ]; then
    PARSEC_CLUSTER_HOST=$own
    export PARSEC_CLUSTER_HOST
  fi
fi

# exec: java replaces this shell, so SIGTERM from `docker stop` (forwarded by tini) reaches the JVM,
# which drains requests in flight, leaves the cluster and exits 0.
# JAVA_OPTS is split on spaces on purpose (several options in one variable).
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar /app/parsec.jar "$@"
