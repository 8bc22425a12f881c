package dev.parsec.users;

import dev.parsec.error.ParseException;
import dev.parsec.objects.ObjectStore;
import dev.parsec.web.ApiRoutes;
import dev.parsec.web.ApiRoutes.Method;
import dev.parsec.web.ParseRequest;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** /sessions: a user sees and ends their own sessions; the master key sees and ends any. */
public final class SessionsApi {

  private final UserReader reader;
  private final SessionStore sessions;
  private final ObjectStore store;
  private final Pool pool;

  public SessionsApi(UserReader reader, SessionStore sessions, ObjectStore store, Pool pool) {
    this.reader = reader;
    this.sessions = sessions;
    this.store = store;
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
    return reader.first(pool, "_Session", new JsonObject().put("sessionToken", request.sessionToken())).map(session -> {
      if (session == null) {
        throw new ParseException(ParseException.INVALID_SESSION_TOKEN, "Session token not found.");
      }
      return Reply.ok(session);
    });
  }

  private Future<Reply> find(ParseRequest request) {
    JsonObject params = request.params().copy();
    if (!request.master()) {
      JsonObject mine = new JsonObject().put("user", owner(request));
      Object where = params.getValue("where");
      if (where instanceof String text) {
        where = new JsonObject(text);
      }
      params.put("where", where == null ? mine : new JsonObject().put("$and", new JsonArray().add(where).add(mine)));
    }
    return reader.query("_Session", params).compose(query -> store.find(pool, query)).map(Reply::ok);
  }

  private Future<Reply> get(ParseRequest request) {
    JsonObject where = new JsonObject().put("objectId", request.path("objectId"));
    if (!request.master()) {
      where.put("user", owner(request));
    }
    return reader.first(pool, "_Session", where).map(session -> {
      if (session == null) {
        throw ParseException.objectNotFound();
      }
      return Reply.ok(session);
    });
  }

  private Future<Reply> delete(ParseRequest request) {
    if (!request.master()) {
      owner(request);
    }
    return sessions.delete(pool, request.path("objectId"), request.master(), request.userId()).map(deleted -> {
      if (!deleted) {
        throw ParseException.objectNotFound();
      }
      return Reply.ok(new JsonObject());
    });
  }

  /** The pointer to the signed-in caller; sessions are only ever shown to their user (or the master key). */
  private static JsonObject owner(ParseRequest request) {
    if (request.userId() == null) {
      throw new ParseException(ParseException.INVALID_SESSION_TOKEN, "Invalid session token");
    }
    return new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", request.userId());
  }
}
