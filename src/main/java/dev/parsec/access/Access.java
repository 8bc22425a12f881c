package dev.parsec.access;

import java.util.ArrayList;
import java.util.List;

/**
 * Who makes a call: whether it holds the master key (judged once, from where it came), its user and the
 * roles the user holds, the session and installation it came with. Made once for each REST call, batch,
 * upload, LiveQuery connection and subscription ({@link Identify}), and handed to every read and write
 * the call makes, sub-queries and includes included.
 */
public record Access(boolean master, String address, String sessionToken, String installationId, String userId,
                     List<String> roles) {

  /** Anyone, from nowhere in particular: what a subscriber whose session ended is. */
  public static final Access ANONYMOUS = new Access(false, null, null, null, null, List.of());
  /** The server itself acting with the master key (a worker, an internal read). */
  public static final Access MASTER = new Access(true, null, null, null, null, List.of());

  /** A call's credentials before its session token is resolved to a user. */
  public static Access unidentified(boolean master, String address, String sessionToken, String installationId) {
    return new Access(master, address, sessionToken, installationId, null, List.of());
  }

  /** The same call made by the session's user, who holds these roles ("role:Name"). */
  public Access as(String userId, List<String> roles) {
    return new Access(master, address, sessionToken, installationId, userId, List.copyOf(roles));
  }

  /** The same caller with no session (its token was not valid where that leaves a caller anonymous). */
  public Access withoutSession() {
    return new Access(master, address, null, installationId, null, List.of());
  }

  public boolean signedIn() {
    return userId != null;
  }

  /**
   * The names this caller is known by in ACLs and class-level permissions: "*", and once signed in the
   * user's objectId and "role:Name" for each role the user holds.
   */
  public List<String> aclNames() {
    if (userId == null) {
      return List.of("*");
    }
    List<String> names = new ArrayList<>(roles.size() + 2);
    names.add("*");
    names.add(userId);
    names.addAll(roles);
    return names;
  }
}
