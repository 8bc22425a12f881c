package dev.parsec.writes;

import dev.parsec.access.Access;
import dev.parsec.security.Grant;
import dev.parsec.security.HiddenFields;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Who may change an object, as the statement checks it: the caller's ACL names (null: no ACL applies, for
 * the master key or a user writing itself) and its grant's owner fields, which must point to the user;
 * and what of the object the caller may read back (an operation's result): its names in the read ACL, and
 * the fields hidden from it.
 */
public record WriteAccess(List<String> acl, Grant grant, String userId, List<String> readers, Set<String> hidden) {

  /** No condition: the master key's writes. */
  public static final WriteAccess ANY = new WriteAccess(null, Grant.ALL, null, null, Set.of());

  /** The access of a caller under a grant; a user writing its own object is not refused by its ACL, nor hidden its fields. */
  static WriteAccess of(Access access, Grant grant, boolean ownObject, HiddenFields hidden) {
    if (access.master()) {
      return ANY;
    }
    return ownObject ? new WriteAccess(null, grant, access.userId(), null, Set.of())
        : new WriteAccess(access.aclNames(), grant, access.userId(), access.aclNames(), hidden.fields());
  }

  /** Whether the caller may read an object with this read ACL (null: public). */
  boolean readable(String[] rperm) {
    return readers == null || rperm == null || Arrays.stream(rperm).anyMatch(readers::contains);
  }
}
