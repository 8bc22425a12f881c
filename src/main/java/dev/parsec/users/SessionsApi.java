package dev.parsec.users;

import dev.parsec.error.ParseException;
import dev.parsec.reads.Reads;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** /sessions: a user sees and ends their own sessions; the master key sees and ends any. */
public final class SessionsApi {

  private final Reads reads;
  private final SessionStore sessions;
  private final Pool pool;

  public SessionsApi(Reads reads, SessionStore sessions, Pool pool) {
    this.reads = reads;
    this.sessions = sessions;
    this.pool = pool;
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

  private Future<Reply> delete(ParseRequest request) {
    if (!request.master() && request.userId() == null) {
      throw SessionCheck.invalidToken();
    }
    return sessions.delete(pool, request.path("objectId"), request.master(), request.userId()).map(deleted -> {
      if (!deleted) {
        throw ParseException.objectNotFound();
      }
      return Reply.ok(new JsonObject());
    });
  }
}
