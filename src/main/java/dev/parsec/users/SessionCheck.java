package dev.parsec.users;

import dev.parsec.api.ParseRequest;
import dev.parsec.error.ParseException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Resolves the session token of every API request to its user, after the request was read: an
 * unknown or expired token is refused with 209, a valid one makes the request the user's.
 */
public final class SessionCheck implements Handler<RoutingContext> {

  private final Pool pool;
  private final SessionStore sessions;

  public SessionCheck(Pool pool, SessionStore sessions) {
    this.pool = pool;
    this.sessions = sessions;
  }

  public static ParseException invalidToken() {
    return new ParseException(ParseException.INVALID_SESSION_TOKEN, "Invalid session token");
  }

  @Override
  public void handle(RoutingContext ctx) {
    ParseRequest request = ctx.get(ParseRequest.KEY);
    if (request.sessionToken() == null) {
      ctx.next();
      return;
    }
    sessions.find(pool, request.sessionToken()).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result() == null) {
        ctx.fail(invalidToken());
      } else {
        ctx.put(ParseRequest.KEY, request.withUser(found.result().userId()));
        ctx.next();
      }
    });
  }
}
