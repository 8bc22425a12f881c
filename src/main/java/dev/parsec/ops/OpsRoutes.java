package dev.parsec.ops;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.Set;

/** /health (the process serves), /ready (its dependencies answer) and /metrics (Prometheus). */
public final class OpsRoutes {

  /** The paths of these routes (probed every few seconds by load balancers and Prometheus: not traced). */
  public static final Set<String> PATHS = Set.of("/health", "/ready", "/metrics");

  private OpsRoutes() {
  }

  public static void mount(Router router, Vertx vertx, Pool pool, Redis redis, boolean clustered, String registryName) {
    // HEAD too, as Parse Server's Express answers it: uptime monitors often probe with HEAD
    router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end("{\"status\":\"UP\"}"));

    HealthChecks checks = ReadinessChecks.of(vertx, pool, redis, clustered);
    router.route("/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(HealthCheckHandler.createWithHealthChecks(checks));
    router.route("/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(PrometheusScrapingHandler.create(registryName));
  }
}
