package dev.parsec.ops;

import dev.parsec.cache.RedisClients;
import dev.parsec.config.ParsecConfig;
import dev.parsec.db.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/**
 * The admin listener (admin_port): /health, /ready and /metrics on a port of their own, and nothing else, so
 * that the public port can be exposed alone while probes and Prometheus reach this one on a private network.
 * Deployed on every node that sets admin_port, whatever its roles (a worker node has no public port to probe).
 */
public final class AdminVerticle extends VerticleBase {

  private final ParsecConfig config;
  private final String metricsRegistry;
  private Pool pool;
  private Redis redis;
  private HttpServer server;

  public AdminVerticle(ParsecConfig config, String metricsRegistry) {
    this.config = config;
    this.metricsRegistry = metricsRegistry;
  }

  @Override
  public Future<?> start() {
    // /ready asks one SELECT 1 at a time: one connection is enough
    pool = Database.pool(vertx, config.databaseUrl().orElseThrow(), 1, "pg-admin", config.databasePreparedStatements());
    redis = config.redis().map(settings -> RedisClients.create(vertx, settings, "redis-readiness")).orElse(null);
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, vertx, pool, redis, config.clustered(), metricsRegistry);
    // HTTP/1.1 only: probes and Prometheus speak it, and an h2c upgrade offered on a HEAD came back garbled to
    // the JDK's client now and then
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.adminPort().orElseThrow())
            .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> pool.close()).eventually(() -> {
      if (redis != null) {
        redis.close();
      }
      return Future.succeededFuture();
    });
  }
}
