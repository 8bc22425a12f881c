package dev.parsec.livequery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's LiveQuery on /metrics, one for all its event loops: connections and subscriptions open now, events
 * sent, and connections closed because they read too slowly (their events were dropped).
 */
final class LiveQueryMetrics implements Shareable {

  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong subscriptions = new AtomicLong();
  final Counter eventsSent;
  private final Counter slowDropped;

  private LiveQueryMetrics(MeterRegistry registry) {
    Gauge.builder("parsec.livequery.connections", connections, AtomicLong::get)
        .description("LiveQuery WebSocket connections open on this node").register(registry);
    Gauge.builder("parsec.livequery.subscriptions", subscriptions, AtomicLong::get)
        .description("LiveQuery subscriptions on this node's connections").register(registry);
    eventsSent = Counter.builder("parsec.livequery.events.sent")
        .description("LiveQuery events (create, enter, update, leave, delete) written to subscribers").register(registry);
    slowDropped = Counter.builder("parsec.livequery.slow.consumers.dropped")
        .description("LiveQuery connections closed (1008) because they fell more than 1 MB behind: their events were dropped")
        .register(registry);
  }

  /** The node's metrics (one per Vert.x instance, made by the first event loop that asks). */
  static LiveQueryMetrics of(Vertx vertx, MeterRegistry registry) {
    return vertx.sharedData().<String, LiveQueryMetrics>getLocalMap("parsec.livequery.metrics")
        .computeIfAbsent("metrics", key -> new LiveQueryMetrics(registry));
  }

  void opened() {
    connections.incrementAndGet();
  }

  void closed() {
    connections.decrementAndGet();
  }

  void subscribed() {
    subscriptions.incrementAndGet();
  }

  void unsubscribed() {
    subscriptions.decrementAndGet();
  }

  void droppedSlow() {
    slowDropped.increment();
  }
}
