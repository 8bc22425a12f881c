package dev.parsec.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a class allows beyond its stored class-level permissions: Parse's rules for its system classes,
 * given as data. Every read and write of the class applies them, in every position a request reaches it
 * (a get, a find, an include, a sub-query, a batch, a LiveQuery event).
 *
 * @param masterOnly operations only the master key may perform, whatever the permissions say
 * @param ownerField a field that must point to the caller for any client read or write (clients see only
 *     their own objects; without a session a client is refused with 209)
 * @param secretFields fields shown to no one but the master key and, with ownObjectShowsAll, the object's own user
 * @param ownObjectShowsAll whether a user reading its own object (a _User) sees every field of it
 * @param collection what refusals call the class ("installation", as Parse Server's say)
 */
public record ClassRules(Set<Operation> masterOnly, String ownerField, Set<String> secretFields, boolean ownObjectShowsAll,
                         String collection) {

  private static final ClassRules NONE = new ClassRules(Set.of(), null, Set.of(), false, null);

  private static final Map<String, ClassRules> SYSTEM = Map.of(
      // users are read by their class-level permissions and ACLs (a new user's ACL names only itself);
      // a provider's token is its user's alone
      "_User", new ClassRules(Set.of(), null, Set.of("authData"), true, null),
      // a client reaches only its own sessions, as Parse Server restricts every _Session query
      "_Session", new ClassRules(Set.of(), "user", Set.of(), false, null),
      // devices are found and deleted by the server only (Parse Server's rule for clients)
      "_Installation", new ClassRules(EnumSet.of(Operation.FIND, Operation.COUNT, Operation.DELETE), null, Set.of(), false,
          "installation"),
      "_Role", NONE);

  /** The rules of a class: its system rules, master-only for any other system class, none for an app's classes. */
  public static ClassRules of(String className) {
    ClassRules rules = SYSTEM.get(className);
    if (rules != null) {
      return rules;
    }
    return className.startsWith("_") ? new ClassRules(EnumSet.allOf(Operation.class), null, Set.of(), false, className) : NONE;
  }
}
