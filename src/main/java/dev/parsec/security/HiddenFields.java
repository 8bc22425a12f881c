package dev.parsec.security;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a class one caller may not read (protectedFields, and a system class's secrets), and the
 * objects that show some of them after all: those whose "userField:F" entry names a field pointing to
 * the caller (that entry's fields are then all it hides), and, for a user reading itself, its own object.
 * A hidden field may not be filtered or sorted on, even where some objects show it: the answer would tell
 * its value in the others.
 *
 * @param fields every field hidden from the caller in general, secrets included
 * @param secrets the fields only the object's own user may see (when ownObjectShowsAll)
 * @param byUserField for each "userField:F" entry, the fields it hides
 */
public record HiddenFields(Set<String> fields, Set<String> secrets, Map<String, Set<String>> byUserField,
                           boolean ownObjectShowsAll) {

  public static final HiddenFields NONE = new HiddenFields(Set.of(), Set.of(), Map.of(), false);

  public boolean hides(String field) {
    return fields.contains(field);
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The owner fields that, pointing to the caller, show this hidden field after all. */
  public List<String> shownBy(String field) {
    List<String> owners = new ArrayList<>();
    if (!secrets.contains(field)) {
      byUserField.forEach((owner, hidden) -> {
        if (!hidden.contains(field)) {
          owners.add(owner);
        }
      });
    }
    return owners;
  }

  /** The fields this object hides from the user given (null: anonymous). */
  public Set<String> in(JsonObject object, String userId) {
    if (fields.isEmpty() || ownObjectShowsAll && userId != null && userId.equals(object.getValue("objectId"))) {
      return Set.of();
    }
    Set<String> hidden = new HashSet<>(fields);
    hidden.removeIf(field -> shownBy(field).stream().anyMatch(owner -> Grant.pointsTo(object.getValue(owner), userId)));
    return hidden;
  }
}
