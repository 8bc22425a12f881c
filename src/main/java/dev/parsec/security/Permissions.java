package dev.parsec.security;

import dev.parsec.access.Access;
import dev.parsec.access.Acl;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassPermissions;
import dev.parsec.schema.ClassSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The access decision: what a caller may do with a class, by the class's rules ({@link ClassRules}) and
 * its class-level permissions as stored, and which of its fields the caller may not read. The master key
 * may do everything. Every read and write asks here, for every class it touches.
 */
public final class Permissions {

  private Permissions() {
  }

  /**
   * The caller's grant for the operation on the class; fails with 119 when refused, 101 when only a
   * signed-in caller may (requiresAuthentication, pointer permissions), 209 for a class that serves only
   * its own objects to a signed-in caller.
   */
  public static Grant grant(ClassSchema schema, Operation operation, Access access) {
    if (access.master()) {
      return Grant.ALL;
    }
    String className = schema.className();
    ClassRules rules = ClassRules.of(className);
    if (rules.masterOnly().contains(operation)) {
      // a count is a find, as Parse Server names it in this refusal
      String named = operation == Operation.COUNT ? Operation.FIND.key() : operation.key();
      throw new ParseException(ParseException.OPERATION_FORBIDDEN,
          "Clients aren't allowed to perform the " + named + " operation on the " + rules.collection() + " collection.");
    }
    if (rules.ownerField() != null && !access.signedIn()) {
      throw new ParseException(ParseException.INVALID_SESSION_TOKEN, "Invalid session token");
    }
    return new Grant(rules.ownerField(), permitted(schema, operation, access));
  }

  /**
   * Checks the stored class-level permissions: the operation must name "*", the user or one of its roles,
   * or ask only that the caller be signed in; else pointer permissions grant a signed-in user the objects
   * pointing to it, whose fields are answered. An empty answer: no restriction.
   */
  private static List<String> permitted(ClassSchema schema, Operation operation, Access access) {
    JsonObject clp = ClassPermissions.answer(schema.classLevelPermissions());
    JsonObject perms = clp.getJsonObject(operation.key(), new JsonObject());
    for (String name : access.aclNames()) {
      if (Boolean.TRUE.equals(perms.getValue(name))) {
        return List.of();
      }
    }
    if (Boolean.TRUE.equals(perms.getValue("requiresAuthentication"))) {
      if (access.signedIn()) {
        return List.of();
      }
      throw authenticationRequired();
    }
    Set<String> owners = new LinkedHashSet<>();
    if (perms.getValue("pointerFields") instanceof JsonArray fields) {
      fields.forEach(field -> owners.add(String.valueOf(field)));
    }
    String userFields = switch (operation) {
      case FIND, GET, COUNT -> "readUserFields";
      case UPDATE, DELETE -> "writeUserFields";
      default -> null;
    };
    if (userFields != null && clp.getValue(userFields) instanceof JsonArray fields) {
      fields.forEach(field -> owners.add(String.valueOf(field)));
    }
    if (!owners.isEmpty() && operation != Operation.CREATE && operation != Operation.ADD_FIELD) {
      if (!access.signedIn()) {
        throw authenticationRequired();
      }
      return List.copyOf(owners);
    }
    throw new ParseException(ParseException.OPERATION_FORBIDDEN,
        "Permission denied for action " + operation.key() + " on class " + schema.className() + ".");
  }

  private static ParseException authenticationRequired() {
    return new ParseException(ParseException.OBJECT_NOT_FOUND, "Permission denied, user needs to be authenticated.");
  }

  /**
   * The fields the caller may not read. protectedFields applies each entry that names the caller: "*",
   * "authenticated" once signed in, each of its roles and its user id; a caller named by several is hidden
   * only what all of them hide (as in Parse Server). "userField:F" entries show objects whose F points
   * to the caller with only their own fields hidden. A class's secret fields are hidden from every client.
   */
  public static HiddenFields hidden(ClassSchema schema, Access access) {
    if (access.master()) {
      return HiddenFields.NONE;
    }
    ClassRules rules = ClassRules.of(schema.className());
    JsonObject stored = schema.classLevelPermissions() == null ? null
        : schema.classLevelPermissions().getJsonObject("protectedFields");
    Set<String> hidden = null;
    Map<String, Set<String>> byUserField = new LinkedHashMap<>();
    if (stored != null) {
      for (String name : stored.fieldNames()) {
        if (!(stored.getValue(name) instanceof JsonArray listed)) {
          continue;
        }
        Set<String> fields = new HashSet<>();
        listed.forEach(field -> fields.add(String.valueOf(field)));
        if (name.startsWith("userField:")) {
          byUserField.put(name.substring("userField:".length()), fields);
        } else if (applies(name, access)) {
          if (hidden == null) {
            hidden = fields;
          } else {
            hidden.retainAll(fields);
          }
        }
      }
    }
    Set<String> all = new HashSet<>(hidden == null ? Set.of() : hidden);
    all.addAll(rules.secretFields());
    if (all.isEmpty()) {
      return HiddenFields.NONE;
    }
    return new HiddenFields(Set.copyOf(all), rules.secretFields(), Map.copyOf(byUserField), rules.ownObjectShowsAll());
  }

  private static boolean applies(String name, Access access) {
    return name.equals("*") || access.signedIn() && (name.equals("authenticated") || name.equals(access.userId())
        || access.roles().contains(name));
  }

  /**
   * Fails unless the caller may filter or sort on the field (of the class): not on a field hidden from it,
   * or the answers would tell its values. Parse Server checks the top level of a where only.
   */
  public static void checkFilter(ClassSchema schema, HiddenFields hidden, String key) {
    String field = key.split("\\.", 2)[0];
    if (hidden.hides(field)) {
      throw new ParseException(ParseException.OPERATION_FORBIDDEN,
          "This user is not allowed to query " + key + " on class " + schema.className());
    }
  }

  /**
   * Whether the caller may read this object (Parse's JSON form, as the master key reads it) under the
   * grant: its ACL names the caller and it is one the grant reaches. For reads decided in memory (the
   * object cache, LiveQuery events), as the SQL decides them.
   */
  public static boolean readable(JsonObject object, Access access, Grant grant) {
    return access.master() || Acl.readableBy(object.getJsonObject("ACL"), access.aclNames())
        && (!grant.restricted() || grant.reaches(object, access.userId()));
  }

  /** The object without the fields it hides from the caller (the same instance when it hides none). */
  public static JsonObject shown(JsonObject object, Access access, HiddenFields hidden) {
    Set<String> fields = hidden.in(object, access.userId());
    if (fields.isEmpty()) {
      return object;
    }
    JsonObject seen = object.copy();
    fields.forEach(seen::remove);
    return seen;
  }
}
