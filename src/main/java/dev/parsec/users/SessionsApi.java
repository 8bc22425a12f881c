package dev.parsec.users;

import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import dev.parsec.writes.Writes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** /sessions: a user sees and ends their own sessions; the master key sees and ends any. */
final class SessionsApi {

  private final Reads reads;
  private final Writes writes;

  SessionsApi(Reads reads, Writes writes) {
    this.reads = reads;
    this.writes = writes;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/sessions", this::find)
        .on(Method.GET, "/sessions/me", this::me)
        .on(Method.GET, "/sessions/:objectId", this::get)
        .on(Method.DELETE, "/sessions/:objectId", this::delete)
        .on(Method.GET, "/classes/_Session", this::find)
        .on(Method.GET, "/classes/_Session/:objectId", this::get)
        .on(Method.DELETE, "/classes/_Session/:objectId", this::delete);
  }

  private Future<Reply> me(ParseRequest request) {
    if (request.sessionToken() == null) {
      throw new ParseException(ParseException.INVALID_SESSION_TOKEN, "Session token required.");
    }
    JsonObject byToken = new JsonObject().put("where", new JsonObject().put("sessionToken", request.sessionToken())).put("limit", 1);
    return reads.find(request.withParams(byToken), "_Session").map(found -> {
      if (found.getJsonArray("results").isEmpty()) {
        throw new ParseException(ParseException.INVALID_SESSION_TOKEN, "Session token not found.");
      }
      return Reply.ok(found.getJsonArray("results").getJsonObject(0));
    });
  }

  /** A client's own sessions only (the class's rules), the master key's any. */
  private Future<Reply> find(ParseRequest request) {
    return reads.find(request, "_Session").map(Reply::ok);
  }

  private Future<Reply> get(ParseRequest request) {
    return reads.get(request, "_Session", request.path("objectId")).map(Reply::ok);
  }

  /** A client's own sessions only (the class's rules), the master key's any. */
  private Future<Reply> delete(ParseRequest request) {
    return writes.delete(request, "_Session", request.path("objectId")).map(v -> Reply.ok(new JsonObject()));
  }
}
