package dev.parsec.users;

import dev.parsec.access.SessionLookup;
import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Resolves the session token of every API request (and LiveQuery connection) to its user: an
 * unknown or expired token is refused with 209, a valid one makes the request the user's.
 */
public final class SessionCheck implements SessionLookup {

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
  public Future<String> userOf(String sessionToken) {
    return sessions.find(pool, sessionToken).map(session -> {
      if (session == null) {
        throw invalidToken();
      }
      return session.userId();
    });
  }
}
