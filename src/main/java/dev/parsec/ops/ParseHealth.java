package dev.parsec.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {mount}/health as Parse Server answers it (the SDKs and Parse Server's own start check call it): 200
 * {"status":"ok"} while the node serves; 503 {"status":"starting"} with Retry-After: 1 until its HTTP
 * server has started, and 503 {"status":"stopping"} once it is shutting down, so that a balancer probing
 * this path stops sending it requests. No application id is needed, as with Parse Server. The operators'
 * /health, /ready and /metrics stay as they are.
 */
public final class ParseHealth implements Handler<RoutingContext> {

  public enum State {
    STARTING, OK, STOPPING;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Read on the event loop, set from the verticle's start and stop (also on its event loop). */
  private volatile State state = State.STARTING;

  /** Answers any method at mount/health, as Parse Server's (an Express use()) does. */
  public static ParseHealth mount(Router router, String mount) {
    ParseHealth health = new ParseHealth();
    router.route(mount + "/health").handler(health);
    return health;
  }

  public void set(State state) {
    this.state = state;
  }

  @Override
  public void handle(RoutingContext ctx) {
    State now = state;
    if (now == State.STARTING) {
      ctx.response().putHeader("Retry-After", "1");
    }
    ctx.response().setStatusCode(now == State.OK ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("status", now.word()).toBuffer());
  }
}
