package dev.parsec.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * What /ready checks, and what parsec_ready on /metrics samples: PostgreSQL, the cluster if clustered, and Redis if
 * configured. Redis is only a cache: while it is away every node serves from PostgreSQL, so its check reports whether
 * Redis answers ({@code "reachable"}) but never fails /ready: a Redis outage must not take every node out of rotation.
 */
public final class ReadinessChecks {

  static final String POSTGRESQL = "postgresql";
  static final String REDIS = "redis";
  static final String CLUSTER = "cluster";

  /** How long Redis may take to answer, within the check's 2 s (a check timed out fails /ready). */
  private static final long REDIS_WAIT_MILLIS = 1_500;

  private ReadinessChecks() {
  }

  /** Whether a check of /ready passed: for Redis, whether Redis answered. */
  public static boolean passed(CheckResult check) {
    if (REDIS.equals(check.getId())) {
      JsonObject data = check.getData();
      return data != null && data.getBoolean("reachable", false);
    }
    return CheckResult.isUp(check);
  }

  private static Status reachable(boolean reachable) {
    return Status.OK(new JsonObject().put("reachable", reachable));
  }

  /** The checks; one that answers after its 2 s are up was already judged KO (hence tryComplete). */
  public static HealthChecks of(Vertx vertx, Pool pool, Redis redis, boolean clustered) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register(POSTGRESQL, 2000, promise -> pool.query("SELECT 1").execute()
        .onSuccess(rows -> promise.tryComplete(Status.OK()))
        .onFailure(e -> promise.tryComplete(Status.KO())));
    if (redis != null) {
      checks.register(REDIS, 2000, promise -> {
        long timer = vertx.setTimer(REDIS_WAIT_MILLIS, id -> promise.tryComplete(reachable(false)));
        redis.send(Request.cmd(Command.PING)).onComplete(pong -> {
          vertx.cancelTimer(timer);
          promise.tryComplete(reachable(pong.succeeded()));
        });
      });
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
