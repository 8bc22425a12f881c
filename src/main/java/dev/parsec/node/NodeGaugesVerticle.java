package dev.parsec.node;

import dev.parsec.cache.RedisClients;
import dev.parsec.cloud.JobQueueMetrics;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import dev.parsec.ops.EventLoopDelay;
import dev.parsec.ops.ReadinessChecks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's state that no request shows, sampled for /metrics on a schedule of its own, on every node
 * whatever its roles: each event loop's delay ({@link EventLoopDelay}), readiness as /ready judges it
 * (parsec_ready, and parsec_ready_check by check: PostgreSQL, Redis, cluster) every 5 s, and the cluster's
 * job queue ({@link JobQueueMetrics}) every 10 s. One connection of its own to each store; no sample waits
 * for another (one still out is not asked again).
 */
public final class NodeGaugesVerticle extends VerticleBase {

  private static final long READY_MILLIS = 5_000;
  private static final long JOBS_MILLIS = 10_000;

  private final ParsecConfig config;
  private final String metricsRegistry;
  /** Each check's last result (1 passed, 0 failed; NaN before the first). */
  private final Map<String, Double> checks = new ConcurrentHashMap<>();
  private volatile double ready = Double.NaN;
  private Pool pool;
  private Redis redis;
  private EventLoopDelay delay;
  private boolean readinessOut;
  private boolean jobsOut;

  public NodeGaugesVerticle(ParsecConfig config, String metricsRegistry) {
    this.config = config;
    this.metricsRegistry = metricsRegistry;
  }

  @Override
  public Future<?> start() {
    MeterRegistry registry = BackendRegistries.getNow(metricsRegistry);
    delay = EventLoopDelay.start(vertx, registry);
    pool = Database.pool(vertx, config.databaseUrl().orElseThrow(), 1, "pg-gauges", config.databasePreparedStatements());
    redis = config.redis().map(settings -> RedisClients.create(vertx, settings, "redis-readiness")).orElse(null);
    HealthChecks readiness = ReadinessChecks.of(vertx, pool, redis, config.clustered());
    Gauge.builder("parsec.ready", this, gauges -> gauges.ready)
        .description("1 when every check of /ready passes, 0 when one fails (sampled every 5 s)").register(registry);
    for (String check : ReadinessChecks.names(redis != null, config.clustered())) {
      checks.put(check, Double.NaN);
      Gauge.builder("parsec.ready.check", checks, all -> all.get(check))
          .description("1 when this check of /ready passes (postgresql, cluster; redis: when Redis answers, which never fails /ready), 0 when not (sampled every 5 s)")
          .tag("check", check).register(registry);
    }
    JobQueueMetrics jobs = JobQueueMetrics.register(registry);
    sampleReadiness(readiness);
    sampleJobs(jobs);
    vertx.setPeriodic(READY_MILLIS, id -> sampleReadiness(readiness));
    vertx.setPeriodic(JOBS_MILLIS, id -> sampleJobs(jobs));
    return Future.succeededFuture();
  }

  private void sampleReadiness(HealthChecks readiness) {
    if (readinessOut) {
      return;
    }
    readinessOut = true;
    readiness.checkStatus().onComplete(done -> {
      readinessOut = false;
      CheckResult result = done.succeeded() ? done.result() : null;
      ready = result != null && CheckResult.isUp(result) ? 1 : 0;
      Map<String, Double> passed = new HashMap<>();
      if (result != null && result.getChecks() != null) {
        result.getChecks().forEach(each -> passed.put(each.getId(), ReadinessChecks.passed(each) ? 1.0 : 0.0));
      }
      checks.replaceAll((name, was) -> passed.getOrDefault(name, 0.0));
    });
  }

  private void sampleJobs(JobQueueMetrics jobs) {
    if (jobsOut) {
      return;
    }
    jobsOut = true;
    jobs.sample(pool).onComplete(done -> jobsOut = false);
  }

  @Override
  public Future<?> stop() {
    delay.stop();
    Future<Void> closed = pool.close();
    if (redis != null) {
      redis.close();
    }
    return closed;
  }
}
