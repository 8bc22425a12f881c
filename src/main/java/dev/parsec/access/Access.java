package dev.parsec.access;

import dev.parsec.error.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who makes a call: whether it holds the master key (judged once, from where it came), its user and the
 * roles the user holds, the session and installation it came with. Made once for each REST call, batch,
 * upload, LiveQuery connection and subscription ({@link Identify}), and handed to every read and write
 * the call makes, sub-queries and includes included.
 *
 * <p>{@code master} is whether the call passes ACLs and class-level permissions as the master key does; {@code key}
 * says which key gave it that: the master key, the read-only master key (reads only) or the maintenance key (data
 * routes only). {@link #forCall} is the one place that decides what each may call.
 */
public record Access(boolean master, String address, String sessionToken, String installationId, String userId,
                     List<String> roles, Key key) {

  /** The key a call holds beyond the application id and client keys. */
  public enum Key {
    NONE, MASTER, READ_ONLY_MASTER, MAINTENANCE
  }

  /** The routes where the maintenance key acts as the master key: data, as in Parse Server (not schemas, hooks, push...). */
  private static final Pattern MAINTENANCE_ROUTES = Pattern.compile("/(classes|users|sessions|installations|roles)(/.*)?|/batch");

  /** The one read route that writes: a login by GET starts a session. */
  private static final Pattern SIGN_IN = Pattern.compile("/login/?");

  public Access {
    if (key == null) {
      key = master ? Key.MASTER : Key.NONE;
    }
    if (master != (key != Key.NONE)) {
      throw new IllegalArgumentException("master is " + master + " with key " + key);
    }
  }

  public Access(boolean master, String address, String sessionToken, String installationId, String userId, List<String> roles) {
    this(master, address, sessionToken, installationId, userId, roles, master ? Key.MASTER : Key.NONE);
  }

  /** Anyone, from nowhere in particular: what a subscriber whose session ended is. */
  public static final Access ANONYMOUS = new Access(false, null, null, null, null, List.of());
  /** The server itself acting with the master key (a worker, an internal read). */
  public static final Access MASTER = new Access(true, null, null, null, null, List.of());

  /** A call's credentials before its session token is resolved to a user. */
  public static Access unidentified(boolean master, String address, String sessionToken, String installationId) {
    return new Access(master, address, sessionToken, installationId, null, List.of());
  }

  /** A call's credentials, holding this key, before its session token is resolved to a user. */
  public static Access unidentified(Key key, String address, String sessionToken, String installationId) {
    return new Access(key != Key.NONE, address, sessionToken, installationId, null, List.of(), key);
  }

  /** The same call made by the session's user, who holds these roles ("role:Name"). */
  public Access as(String userId, List<String> roles) {
    return new Access(master, address, sessionToken, installationId, userId, List.copyOf(roles), key);
  }

  /** The same caller with no session (its token was not valid where that leaves a caller anonymous). */
  public Access withoutSession() {
    return new Access(master, address, null, installationId, null, List.of(), key);
  }

  /**
   * The one decision what a key may call, for each call by its effective method and its path below the mount
   * path (a REST call, each of a batch's sub-requests, a file upload or delete): the read-only master key may
   * only read (GET, but for a login by GET, which starts a session; a batch is judged by its sub-requests),
   * anything else is refused with 119 as Parse Server
   * refuses it; the maintenance key acts as the master key on data routes and as no key elsewhere.
   *
   * @throws ParseException 119 for the read-only master key on a call that is not a read
   */
  public Access forCall(String method, String path) {
    if (key == Key.READ_ONLY_MASTER) {
      boolean signIn = path != null && SIGN_IN.matcher(path).matches();
      if (!"GET".equalsIgnoreCase(method) && !"/batch".equals(path) || signIn) {
        throw readOnlyRefused(signIn ? "login" : method);
      }
    }
    if (key == Key.MAINTENANCE && (path == null || !MAINTENANCE_ROUTES.matcher(path).matches())) {
      return new Access(false, address, sessionToken, installationId, userId, roles, Key.NONE);
    }
    return this;
  }

  /** Refuses a write to the read-only master key (the write path asks it too, whatever route led there). */
  public void checkWrite(String operation) {
    if (key == Key.READ_ONLY_MASTER) {
      throw readOnlyRefused(operation);
    }
  }

  private static ParseException readOnlyRefused(String operation) {
    String name = switch (operation.toUpperCase(java.util.Locale.ROOT)) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "DELETE" -> "delete";
      default -> operation.toLowerCase(java.util.Locale.ROOT);
    };
    return new ParseException(ParseException.OPERATION_FORBIDDEN, "read-only masterKey isn't allowed to perform the " + name + " operation.");
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
