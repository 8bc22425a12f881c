package dev.parsec.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node's push workers did, on /metrics: notifications by device type and outcome, and the
 * installations they hold in memory now and at most (one batch per push, whatever the push's size).
 * The counters are registered at start for the device types Parse knows; any other type (a client sets it)
 * counts as other, so no client can add series.
 */
final class PushMetrics {

  static final List<String> DEVICE_TYPES = List.of("ios", "osx", "tvos", "watchos", "android", "web", "win", "embedded");
  private static final String OTHER = "other";

  private final AtomicLong held = new AtomicLong();
  private final AtomicLong mostHeld = new AtomicLong();
  /** Sent and failed counters by device type. */
  private final Map<String, Counter> sent = new HashMap<>();
  private final Map<String, Counter> failed = new HashMap<>();

  PushMetrics(String registryName) {
    MeterRegistry registry = BackendRegistries.getNow(registryName);
    Gauge.builder("parsec.push.installations.held", held, AtomicLong::get)
        .description("installations a node's push workers hold in memory").register(registry);
    Gauge.builder("parsec.push.installations.held.max", mostHeld, AtomicLong::get)
        .description("the most installations a node's push workers held in memory at once").register(registry);
    List<String> types = new ArrayList<>(DEVICE_TYPES);
    types.add(OTHER);
    for (String type : types) {
      sent.put(type, counter(registry, type, "sent"));
      failed.put(type, counter(registry, type, "failed"));
    }
  }

  private static Counter counter(MeterRegistry registry, String deviceType, String result) {
    return Counter.builder("parsec.push.notifications").description("notifications sent or failed, by device type")
        .tag("device_type", deviceType).tag("result", result).register(registry);
  }

  void loaded(int count) {
    mostHeld.accumulateAndGet(held.addAndGet(count), Math::max);
  }

  void released(int count) {
    held.addAndGet(-count);
  }

  void counted(String deviceType, Outcome outcome) {
    Map<String, Counter> counters = outcome.kind() == Outcome.Kind.SENT ? sent : failed;
    Counter counter = counters.get(deviceType);
    (counter != null ? counter : counters.get(OTHER)).increment();
  }
}
