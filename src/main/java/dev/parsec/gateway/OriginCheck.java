package dev.parsec.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * With cors_origins restricted, answers a browser call from another origin 403 with a plain error. Vert.x's
 * CORS handler would fail the route instead, which answered 500 and logged an error line for every such call:
 * any client could fill the log ring and the 5xx counts.
 */
final class OriginCheck implements Handler<RoutingContext> {

  private final Set<String> allowed;

  OriginCheck(List<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null || allowed.contains(origin)) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(new JsonObject().put("error", "origin not allowed (cors_origins)").toBuffer());
  }
}
