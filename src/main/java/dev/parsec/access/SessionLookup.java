package dev.parsec.access;

import io.vertx.core.Future;

/** Who a session token belongs to (the users feature keeps the sessions). */
public interface SessionLookup {

  /**
   * Where each node tells its own LiveQuery servers that sessions ended, once no node accepts them: a
   * {"token"} or a {"userId"} (every session of the user).
   */
  String ENDED_ADDRESS = "parsec.sessions.ended";

  /** The user id behind a session token; fails with 209 for a token that is unknown or expired. */
  Future<String> userOf(String sessionToken);
}
