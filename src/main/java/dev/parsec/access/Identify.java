package dev.parsec.access;

import io.vertx.core.Future;

/**
 * Makes a call's {@link Access} out of its credentials: the session token's user (209 when the token is not
 * valid) and the roles the user holds. The one piece of code every entry point identifies callers with.
 * One per event loop (its role cache is the loop's).
 */
public final class Identify {

  private final SessionLookup sessions;
  private final RoleNames roles;

  public Identify(SessionLookup sessions, RoleNames roles) {
    this.sessions = sessions;
    this.roles = roles;
  }

  /** The call as made by its session's user, with the user's roles; as given when it has no token. */
  public Future<Access> of(Access call) {
    if (call.sessionToken() == null) {
      return Future.succeededFuture(call);
    }
    return sessions.userOf(call.sessionToken()).compose(userId -> roles.of(userId).map(names -> call.as(userId, names)));
  }

  /** The roles of these users as PostgreSQL holds them now, bypassing the cache (after a role changed). */
  public RoleNames roles() {
    return roles;
  }
}
