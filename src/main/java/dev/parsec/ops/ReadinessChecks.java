package dev.parsec.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/** What /ready checks, and what parsec_ready on /metrics samples: PostgreSQL, Redis if configured, the cluster if clustered. */
public final class ReadinessChecks {

  static final String POSTGRESQL = "postgresql";
  static final String REDIS = "redis";
  static final String CLUSTER = "cluster";

  private ReadinessChecks() {
  }

  /** The checks; one that answers after its 2 s are up was already judged KO (hence tryComplete). */
  public static HealthChecks of(Vertx vertx, Pool pool, Redis redis, boolean clustered) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register(POSTGRESQL, 2000, promise -> pool.query("SELECT 1").execute()
        .onSuccess(rows -> promise.tryComplete(Status.OK()))
        .onFailure(e -> promise.tryComplete(Status.KO())));
    if (redis != null) {
      checks.register(REDIS, 2000, promise -> redis.send(Request.cmd(Command.PING))
          .onSuccess(reply -> promise.tryComplete(Status.OK()))
          .onFailure(e -> promise.tryComplete(Status.KO())));
    }
    if (clustered) {
      checks.register(CLUSTER, 2000, ClusterHealthCheck.createProcedure(vertx));
    }
    return checks;
  }

  /** The names of the checks {@link #of} registers for these settings. */
  public static List<String> names(boolean redis, boolean clustered) {
    List<String> names = new ArrayList<>(List.of(POSTGRESQL));
    if (redis) {
      names.add(REDIS);
    }
    if (clustered) {
      names.add(CLUSTER);
    }
    return names;
  }
}
