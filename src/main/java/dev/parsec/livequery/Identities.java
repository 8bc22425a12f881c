package dev.parsec.livequery;

import dev.parsec.access.RoleNames;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** As requests see it, through the node's caches (an ended session is dropped from them at once). */
  Future<Identity> of(String sessionToken) {
    return userOf.apply(sessionToken).compose(userId -> roles.of(userId).map(roleNames -> identity(userId, roleNames)));
  }

  /** The users' identities with their roles as PostgreSQL holds them now, in one query: after a role changed. */
  Future<Map<String, Identity>> withFreshRoles(Collection<String> userIds) {
    return roles.fresh(userIds).map(byUser -> {
      Map<String, Identity> identities = new HashMap<>();
      byUser.forEach((userId, roleNames) -> identities.put(userId, identity(userId, roleNames)));
      return identities;
    });
  }

  private static Identity identity(String userId, List<String> roleNames) {
    List<String> names = new ArrayList<>(List.of("*", userId));
    names.addAll(roleNames);
    return new Identity(userId, List.copyOf(names));
  }
}
