package dev.parsec.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node's push workers did, on /metrics: notifications by device type and outcome, and the
 * installations they hold in memory now and at most (one batch per push, whatever the push's size).
 */
final class PushMetrics {

  private final MeterRegistry registry;
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong mostHeld = new AtomicLong();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  PushMetrics(String registryName) {
    this.registry = BackendRegistries.getNow(registryName);
    if (registry != null) {
      Gauge.builder("parsec.push.installations.held", held, AtomicLong::get)
          .description("installations a node's push workers hold in memory").register(registry);
      Gauge.builder("parsec.push.installations.held.max", mostHeld, AtomicLong::get)
          .description("the most installations a node's push workers held in memory at once").register(registry);
    }
  }

  void loaded(int count) {
    mostHeld.accumulateAndGet(held.addAndGet(count), Math::max);
  }

  void released(int count) {
    held.addAndGet(-count);
  }

  void counted(String deviceType, Outcome outcome) {
    if (registry == null) {
      return;
    }
    String result = outcome.kind() == Outcome.Kind.SENT ? "sent" : "failed";
    counters.computeIfAbsent(deviceType + ":" + result, key -> Counter.builder("parsec.push.notifications")
        .description("notifications sent or failed, by device type")
        .tag("device_type", deviceType).tag("result", result).register(registry)).increment();
  }
}
