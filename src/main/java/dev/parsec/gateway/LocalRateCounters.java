package dev.parsec.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A single node's counters, shared by its verticles; windows past their end are purged as it goes. */
final class LocalRateCounters implements RateCounters, Shareable {

  private record Window(long endsAt, long count) {
  }

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private long nextPurge;

  static LocalRateCounters of(Vertx vertx) {
    LocalMap<String, LocalRateCounters> holder = vertx.sharedData().getLocalMap("parsec.rate.counters");
    LocalRateCounters fresh = new LocalRateCounters();
    LocalRateCounters existing = holder.putIfAbsent("counters", fresh);
    return existing == null ? fresh : existing;
  }

  @Override
  public Future<Long> increment(String key, long windowMillis, long limit) {
    long now = System.currentTimeMillis();
    if (now > nextPurge) {
      nextPurge = now + 10_000;
      windows.values().removeIf(window -> window.endsAt() < now);
    }
    Window counted = windows.compute(key, (k, window) -> window == null || window.endsAt() < now
        ? new Window(now + windowMillis, 1) : new Window(window.endsAt(), window.count() + 1));
    return Future.succeededFuture(counted.count());
  }
}
