package dev.parsec.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Counts requests per key within a window, for every node alike. */
public interface RateCounters {

  /**
   * Counters shared by every node of the cluster (a single node's when not clustered), for the verticle
   * whose context calls this: their futures complete on it.
   */
  static RateCounters of(Vertx vertx) {
    return vertx instanceof VertxInternal internal && internal.clusterManager() instanceof HazelcastClusterManager hazelcast
        ? new ClusterRateCounters(hazelcast.getHazelcastInstance(), vertx.getOrCreateContext())
        : LocalRateCounters.of(vertx);
  }

  /** Adds one request to the key's window and answers its count so far (limit: what the rule allows in it). */
  Future<Long> increment(String key, long windowMillis, long limit);
}
