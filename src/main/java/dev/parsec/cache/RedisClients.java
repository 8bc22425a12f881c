package dev.parsec.cache;

import dev.parsec.config.RedisSettings;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/** The Redis client redis_mode asks for: one server, the master its Sentinels name, or a cluster. */
public final class RedisClients {

  private RedisClients() {
  }

  /**
   * A client whose pool is named {@code name} on /metrics (pool_name): the default is a random UUID, which added
   * new series at every restart.
   */
  public static Redis create(Vertx vertx, RedisSettings settings, String name) {
    RedisOptions options = new RedisOptions().setPoolName(name).setType(switch (settings.mode()) {
      case STANDALONE -> RedisClientType.STANDALONE;
      case SENTINEL -> RedisClientType.SENTINEL;
      case CLUSTER -> RedisClientType.CLUSTER;
    });
    settings.urls().forEach(options::addConnectionString);
    if (settings.mode() == RedisSettings.Mode.SENTINEL) {
      // writes (fences, evictions) must reach the master
      options.setMasterName(settings.masterName()).setRole(RedisRole.MASTER);
    }
    return Redis.createClient(vertx, options);
  }
}
