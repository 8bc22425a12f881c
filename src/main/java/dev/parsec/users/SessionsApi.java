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
import io.vertx.sqlclient.Pool;

/**
 * /sessions and /upgradeToRevocableSession: a user sees, starts, changes and ends their own sessions; the
 * master key any (the rules are _Session's part in the write path, {@link SessionWriter}).
 */
final class SessionsApi {

  private final Reads reads;
  private final Writes writes;
  private final SessionStore sessions;
  private final Pool pool;
  private final String serverUrl;

  SessionsApi(Reads reads, Writes writes, SessionStore sessions, Pool pool, String serverUrl) {
    this.reads = reads;
    this.writes = writes;
    this.sessions = sessions;
    this.pool = pool;
    this.serverUrl = serverUrl;
  }

  public void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/sessions", this::find)
        .on(Method.POST, "/sessions", this::create)
        .on(Method.GET, "/sessions/me", this::me)
        .on(Method.GET, "/sessions/:objectId", this::get)
        .on(Method.PUT, "/sessions/:objectId", this::update)
        .on(Method.DELETE, "/sessions/:objectId", this::delete)
        .on(Method.GET, "/classes/_Session", this::find)
        .on(Method.POST, "/classes/_Session", this::create)
        .on(Method.GET, "/classes/_Session/:objectId", this::get)
        .on(Method.PUT, "/classes/_Session/:objectId", this::update)
        .on(Method.DELETE, "/classes/_Session/:objectId", this::delete)
        .on(Method.POST, "/upgradeToRevocableSession", this::upgrade);
  }

  /** A new session of the caller's user (the master key's: of the user it names), answered with its token. */
  private Future<Reply> create(ParseRequest request) {
    return writes.save(request, "_Session", null, request.body()).map(created ->
        Reply.created(created, serverUrl + "/sessions/" + created.getString("objectId")));
  }

  private Future<Reply> update(ParseRequest request) {
    return writes.save(request, "_Session", request.path("objectId"), request.body()).map(Reply::ok);
  }

  /**
   * Parse Server's upgrade of a legacy session token to a revocable session. Parsec has only revocable
   * sessions, so a caller always has one already: as Parse Server does then, it starts another session of
   * the caller's user (createdWith {"action":"upgrade"}; on an installation it replaces the user's earlier
   * sessions there) and answers it; the caller's session stays valid. Without a session, 101.
   */
  private Future<Reply> upgrade(ParseRequest request) {
    if (request.userId() == null) {
      throw new ParseException(ParseException.OBJECT_NOT_FOUND, "invalid session");
    }
    return sessions.start(pool, request.userId(), "upgrade", null, request.installationId())
        .compose(started -> (request.installationId() == null ? Future.<Void>succeededFuture() : sessions.forget(request.userId()))
            .map(v -> Reply.ok(started.answer())));
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
