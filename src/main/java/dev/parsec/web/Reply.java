package dev.parsec.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status, a JSON body (an object, or an array for a batch), for creations a
 * Location, and any headers of its own (like X-Parse-Push-Status-Id).
 */
public record Reply(int status, Object body, String location, Map<String, String> headers) {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json; charset=utf-8");

  public Reply(int status, Object body, String location) {
    this(status, body, location, Map.of());
  }

  public static Reply ok(JsonObject body) {
    return new Reply(200, body, null);
  }

  public static Reply ok(JsonArray body) {
    return new Reply(200, body, null);
  }

  public static Reply created(JsonObject body, String location) {
    return new Reply(201, body, location);
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, location, Map.copyOf(more));
  }

  public void send(RoutingContext ctx) {
    var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    if (location != null) {
      response.putHeader(HttpHeaders.LOCATION, location);
    }
    headers.forEach(response::putHeader);
    Compression.end(ctx, body instanceof JsonArray array ? array.toBuffer() : ((JsonObject) body).toBuffer());
  }
}
