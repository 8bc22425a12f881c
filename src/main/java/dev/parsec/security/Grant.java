package dev.parsec.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A client's permission to perform one operation on a class: on every object its ACL lets it reach, or
 * only on the objects whose owner fields point to it: the field a class's rules require (every one of its
 * objects a client reaches must point to it) and, under pointer permissions, any of the fields listed.
 */
public record Grant(String requiredOwner, List<String> anyOwner) {

  /** Every object the caller's ACL lets it reach (and everything, for the master key). */
  public static final Grant ALL = new Grant(null, List.of());

  /** Whether the grant reaches only objects pointing to the caller. */
  public boolean restricted() {
    return requiredOwner != null || !anyOwner.isEmpty();
  }

  /** Whether the grant reaches this object (Parse's JSON form), for the user given. */
  public boolean reaches(JsonObject object, String userId) {
    if (requiredOwner != null && !pointsTo(object.getValue(requiredOwner), userId)) {
      return false;
    }
    return anyOwner.isEmpty() || anyOwner.stream().anyMatch(field -> pointsTo(object.getValue(field), userId));
  }

  /** Whether a field's value is a pointer to the user, or an array holding one. */
  static boolean pointsTo(Object value, String userId) {
    if (userId == null) {
      return false;
    }
    if (value instanceof JsonArray items) {
      return items.stream().anyMatch(item -> pointsTo(item, userId));
    }
    return value instanceof JsonObject pointer && userId.equals(pointer.getValue("objectId"))
        && "_User".equals(pointer.getValue("className"));
  }
}
