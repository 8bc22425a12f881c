# Parsec container image.
#
#   docker build -t parsec .
#   docker run -p 1337:1337 -v parsec-data:/app/data parsec
#
# With nothing configured the node runs an embedded PostgreSQL under /app/data (keep that volume).
# For production set PARSEC_DATABASE_URL (and PARSEC_REDIS_URL), see conf/parsec.yaml for every key.
#
# Things to know when running it:
# - Stopping: SIGTERM drains requests in flight for up to shutdown_grace (30 s by default), then the
#   node leaves the cluster. Docker's default stop timeout is 10 s, so use `docker stop -t 40` (or
#   stop_grace_period: 40s in compose, terminationGracePeriodSeconds: 40 in Kubernetes).
# - Master key from outside the container: master_key_ips defaults to loopback, and requests that
#   come in through a published port arrive from the Docker bridge address. Set PARSEC_MASTER_KEY_IPS
#   to the networks you trust if you need the master key from outside.
# - Clustering: when PARSEC_CLUSTER_MEMBERS is set (or PARSEC_CLUSTER_DISCOVERY=kubernetes) and neither
#   PARSEC_CLUSTER_HOST nor PARSEC_CLUSTER_INTERFACES is, the entrypoint advertises the container's own
#   address (the default, 127.0.0.1, cannot be reached by other containers). Expose 5701 between the
#   members only, on a private network: Hazelcast's open-source edition neither authenticates nor
#   encrypts it. deploy/ runs this image in compose and Kubernetes.
# - Set PARSEC_SERVER_URL to the URL apps use (it goes into file URLs); the default names localhost.
# - A bind mount for /app/data must be writable by uid 10001 (chown 10001:10001 DIR).
# - linux/amd64 only for now: the jar carries the x86-64 builds of the epoll transport and of the
#   embedded PostgreSQL (on another architecture Netty falls back to NIO, and PARSEC_DATABASE_URL
#   must name an external PostgreSQL).
# - The embedded PostgreSQL uses POSIX shared memory; Docker's default 64 MB /dev/shm is enough for
#   a small node, raise it with --shm-size if PostgreSQL logs "could not resize shared memory".

# ---------------------------------------------------------------- build stage
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# The poms alone first: this layer (every dependency and plugin, fetched by building the modules with no
# sources yet) is reused until a pom changes, so editing sources does not download the world again.
# (dependency:go-offline cannot stand in: it stops at the build's own modules and at Netty's
# os-classified artifacts.)
COPY pom.xml .
COPY cloud-api/pom.xml ./cloud-api/
COPY server/pom.xml ./server/
COPY examples/cloud-code/pom.xml ./examples/cloud-code/
RUN mvn -B -q -DskipTests package && rm -rf target

COPY cloud-api ./cloud-api
COPY examples/cloud-code ./examples/cloud-code
COPY src ./src
COPY conf ./conf
RUN mvn -B -q -DskipTests package

# ---------------------------------------------------------------- runtime stage
FROM eclipse-temurin:17-jre

# curl: for the HEALTHCHECK (the temurin images do not promise it).
# tini: a real init as PID 1. It forwards SIGTERM to the JVM and reaps orphaned children: the
# embedded PostgreSQL is started through pg_ctl, so its server process ends up re-parented to PID 1,
# and the JVM as PID 1 would leave it a zombie when it exits.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl tini \
 && rm -rf /var/lib/apt/lists/*

# A fixed uid/gid so that volumes and bind mounts can be chowned the same way on every host.
RUN groupadd --system --gid 10001 parsec \
 && useradd --system --uid 10001 --gid parsec --home-dir /app --no-create-home --shell /usr/sbin/nologin parsec

WORKDIR /app
COPY --from=build /build/target/parsec.jar /app/parsec.jar
# conf/parsec.yaml is read from the working directory (./conf/parsec.yaml) when no --config is given.
COPY --from=build /build/conf /app/conf
COPY scripts/docker-entrypoint.sh /app/docker-entrypoint.sh

# The data directory must exist and belong to parsec *before* VOLUME: a new named volume is
# initialised with the ownership of the image's directory.
RUN mkdir -p /app/data \
 && chown parsec:parsec /app/data \
 && chmod 0755 /app/docker-entrypoint.sh
VOLUME /app/data

# data_dir is left at its default, ./data = /app/data: setting PARSEC_DATA_DIR here would silently
# override a data_dir given in a --config file (the environment wins over the file).
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# MaxRAMPercentage is of the container's memory limit. With the embedded PostgreSQL in the same
# container, lower it (for example 50) to leave PostgreSQL room. ExitOnOutOfMemoryError lets the
# orchestrator restart a node instead of keeping a half-dead JVM.

USER parsec

# 1337: Parse API, LiveQuery, /health, /ready, /metrics (these on PARSEC_ADMIN_PORT instead when it is set).
# 5701: Hazelcast (clustered nodes only).
EXPOSE 1337 5701

# Liveness only (/health). /ready is for load balancers and readiness probes: it turns 503 while
# PostgreSQL or the cluster is away, and a container should not be restarted for that.
# The start period covers the first start of the embedded PostgreSQL (initdb).
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PARSEC_ADMIN_PORT:-${PARSEC_PORT:-1337}}/health" || exit 1

STOPSIGNAL SIGTERM
# Exec form: tini is PID 1 and the entrypoint script `exec`s java, so SIGTERM reaches the JVM.
# Arguments given to `docker run IMAGE ...` are passed to Parsec (for example --config FILE).
ENTRYPOINT ["/usr/bin/tini", "--", "/app/docker-entrypoint.sh"]
