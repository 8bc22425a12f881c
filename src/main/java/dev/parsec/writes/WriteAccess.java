package dev.parsec.writes;

import dev.parsec.access.Access;
import dev.parsec.security.Grant;
import java.util.List;

/**
 * Who may change an object, as the statement checks it: the caller's ACL names (null: no ACL applies, for
 * the master key or a user writing itself) and its grant's owner fields, which must point to the user.
 */
public record WriteAccess(List<String> acl, Grant grant, String userId) {

  /** No condition: the master key's writes. */
  public static final WriteAccess ANY = new WriteAccess(null, Grant.ALL, null);

  /** The access of a caller under a grant; a user writing its own object is not refused by its ACL. */
  static WriteAccess of(Access access, Grant grant, boolean ownObject) {
    if (access.master()) {
      return ANY;
    }
    return new WriteAccess(ownObject ? null : access.aclNames(), grant, access.userId());
  }
}
