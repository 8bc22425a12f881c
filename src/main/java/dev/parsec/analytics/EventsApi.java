package dev.parsec.analytics;

import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * /events/:name, where the SDKs send Parse.Analytics.track and AppOpened: accepted from any client with
 * the application id and answered {} as Parse Server answers, and counted on /metrics by event name. The
 * names a client sends are not trusted to stay few: past {@link #MAX_NAMES} distinct names on a node, or
 * for a name longer than {@link #MAX_NAME_LENGTH}, an event counts as "other". The dimensions are not kept.
 */
public final class EventsApi {

  public static final String METER = "parsec.analytics.events";
  static final int MAX_NAMES = 100;
  static final int MAX_NAME_LENGTH = 64;
  static final String OTHER = "other";

  private final MeterRegistry registry;

  /** Counts into the registry; none (null) counts nothing. */
  public EventsApi(MeterRegistry registry) {
    this.registry = registry;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/events/:eventName", this::track);
  }

  private Future<Reply> track(ParseRequest request) {
    if (registry != null) {
      counter(request.path("eventName")).increment();
    }
    return Future.succeededFuture(Reply.ok(new JsonObject()));
  }

  /**
   * The event's counter, registered on its first use while fewer than MAX_NAMES exist on the node (its
   * verticles share one registry, so the check and the registration are made under the registry's lock).
   */
  private Counter counter(String name) {
    String tag = name == null || name.length() > MAX_NAME_LENGTH ? OTHER : name;
    Counter existing = registry.find(METER).tag("event", tag).counter();
    if (existing != null) {
      return existing;
    }
    synchronized (registry) {
      existing = registry.find(METER).tag("event", tag).counter();
      if (existing == null && registry.find(METER).counters().size() >= MAX_NAMES) {
        tag = OTHER;
      }
      return Counter.builder(METER).description("analytics events the SDKs sent (Parse.Analytics.track, AppOpened), by name")
          .tag("event", tag).register(registry);
    }
  }
}
