package dev.parsec.livequery;

import dev.parsec.roles.RoleNames;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Who a session token belongs to, for LiveQuery: its user and roles, or a failure when the token is not valid. */
public final class Identities {

  private final Function<String, Future<String>> userOf;
  private final RoleNames roles;

  /** @param userOf the user of a valid session token; fails for any other */
  public Identities(Function<String, Future<String>> userOf, RoleNames roles) {
    this.userOf = userOf;
    this.roles = roles;
  }

  /** As requests see it, through the node's caches. */
  Future<Identity> of(String sessionToken) {
    return userOf.apply(sessionToken).compose(userId -> roles.of(userId).map(roleNames -> identity(userId, roleNames)));
  }

  /** As PostgreSQL holds it now: after a role changed or a session ended (the session cache drops ended ones). */
  Future<Identity> fresh(String sessionToken) {
    return userOf.apply(sessionToken).compose(userId -> roles.fresh(userId).map(roleNames -> identity(userId, roleNames)));
  }

  private static Identity identity(String userId, List<String> roleNames) {
    List<String> names = new ArrayList<>(List.of("*", userId));
    names.addAll(roleNames);
    return new Identity(userId, List.copyOf(names));
  }
}
