package dev.parsec.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** What a route answers: a status, a JSON body (an object, or an array for a batch) and, for creations, a Location. */
public record Reply(int status, Object body, String location) {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");

  public static Reply ok(JsonObject body) {
    return new Reply(200, body, null);
  }

  public static Reply ok(JsonArray body) {
    return new Reply(200, body, null);
  }

  public static Reply created(JsonObject body, String location) {
    return new Reply(201, body, location);
  }

  public void send(RoutingContext ctx) {
    var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    if (location != null) {
      response.putHeader(HttpHeaders.LOCATION, location);
    }
    response.end(body instanceof JsonArray array ? array.toBuffer() : ((JsonObject) body).toBuffer());
  }
}
