package dev.parsec.cache;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of a node's object cache on /metrics, one for all its event loops: how many of its Redis circuit
 * breakers (one per event loop) are closed, open or half open, and whether the cache is suspended.
 */
final class CacheMetrics implements Shareable {

  private final List<CircuitBreaker> breakers = new CopyOnWriteArrayList<>();

  private CacheMetrics(MeterRegistry registry, CacheSwitch state) {
    for (CircuitBreakerState each : CircuitBreakerState.values()) {
      Gauge.builder("parsec.redis.circuit.breakers", breakers, all -> all.stream().filter(b -> b.state() == each).count())
          .description("the object cache's Redis circuit breakers (one per event loop) in each state: open means Redis"
              + " failed or was slow and reads go to PostgreSQL")
          .tag("state", each.name().toLowerCase(Locale.ROOT)).register(registry);
    }
    Gauge.builder("parsec.cache.suspended", state, s -> s.suspended() ? 1 : 0)
        .description("1 while the object cache is suspended: a write could not reach Redis, until the generation moves on")
        .register(registry);
  }

  /** The node's cache metrics, made by the first event loop that asks; the breaker is counted from now on. */
  static void watch(Vertx vertx, MeterRegistry registry, CacheSwitch state, CircuitBreaker breaker) {
    vertx.sharedData().<String, CacheMetrics>getLocalMap("parsec.cache.metrics")
        .computeIfAbsent("metrics", key -> new CacheMetrics(registry, state)).breakers.add(breaker);
  }
}
