package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Class-level permissions as Parse Server accepts, shows and enforces them: which callers may find,
 * get, count, create, update, delete and add fields, pointer permissions (readUserFields,
 * writeUserFields, pointerFields), and protectedFields (applied by the reads).
 */
public final class ClassPermissions {

  private static final List<String> OPERATIONS = List.of("find", "get", "count", "create", "update", "delete", "addField");
  private static final List<String> USER_FIELD_LISTS = List.of("readUserFields", "writeUserFields");
  private static final Pattern ROLE = Pattern.compile("role:.*");
  /** Object ids as Parsec makes them (custom object ids are not supported). */
  private static final Pattern USER_ID = Pattern.compile("[a-zA-Z0-9]+");

  private ClassPermissions() {
  }

  /**
   * What Parse answers for stored permissions: every operation present (an absent one as {}, which
   * lets only the master key through), or the open defaults when none were ever set.
   */
  public static JsonObject answer(JsonObject stored) {
    if (stored == null) {
      return ClassSchema.openPermissions();
    }
    JsonObject answer = new JsonObject();
    for (String op : OPERATIONS) {
      answer.put(op, new JsonObject());
    }
    answer.put("protectedFields", new JsonObject());
    return answer.mergeIn(stored);
  }

  /**
   * Fails unless the caller may perform the operation on the class: the master key always may;
   * otherwise the operation's permissions must name "*", the user or one of its roles, or ask only
   * that the caller be signed in (requiresAuthentication, 101 when not). Pointer permissions grant a
   * signed-in user the objects whose listed pointer fields point to it: the answer is then those
   * fields, which the operation must restrict itself by; an empty answer means no restriction.
   */
  public static List<String> require(ClassSchema schema, String operation, boolean master, String userId, List<String> aclNames) {
    if (master) {
      return List.of();
    }
    JsonObject clp = answer(schema.classLevelPermissions());
    JsonObject perms = clp.getJsonObject(operation, new JsonObject());
    for (String name : aclNames) {
      if (Boolean.TRUE.equals(perms.getValue(name))) {
        return List.of();
      }
    }
    if (Boolean.TRUE.equals(perms.getValue("requiresAuthentication"))) {
      if (userId != null) {
        return List.of();
      }
      throw new ParseException(ParseException.OBJECT_NOT_FOUND, "Permission denied, user needs to be authenticated.");
    }
    Set<String> pointerFields = new java.util.LinkedHashSet<>();
    if (perms.getValue("pointerFields") instanceof JsonArray fields) {
      fields.forEach(field -> pointerFields.add(String.valueOf(field)));
    }
    String userFields = switch (operation) {
      case "find", "get", "count" -> "readUserFields";
      case "update", "delete" -> "writeUserFields";
      default -> null;
    };
    if (userFields != null && clp.getValue(userFields) instanceof JsonArray fields) {
      fields.forEach(field -> pointerFields.add(String.valueOf(field)));
    }
    if (!pointerFields.isEmpty()) {
      if (userId == null) {
        throw new ParseException(ParseException.OBJECT_NOT_FOUND, "Permission denied, user needs to be authenticated.");
      }
      return List.copyOf(pointerFields);
    }
    throw new ParseException(ParseException.OPERATION_FORBIDDEN,
        "Permission denied for action " + operation + " on class " + schema.className() + ".");
  }

  /** The clause pointer permissions add: one of the owner fields points to the user (or lists it). */
  public static JsonObject ownedBy(List<String> owners, String userId) {
    JsonObject user = new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", userId);
    JsonArray any = new JsonArray();
    owners.forEach(field -> any.add(new JsonObject().put(field, user)));
    return new JsonObject().put("$or", any);
  }

  /**
   * The fields a caller may not read: for each of the caller's names ("*", the user, its roles) that
   * protectedFields lists, its fields; a caller known by several names is spared what any of them is
   * spared (the intersection), as in Parse Server; and a user's authData.
   */
  public static Set<String> protectedFields(ClassSchema schema, List<String> aclNames) {
    JsonObject stored = schema.classLevelPermissions() == null ? null : schema.classLevelPermissions().getJsonObject("protectedFields");
    boolean users = schema.className().equals("_User");
    if (stored == null || stored.isEmpty()) {
      return users ? USER_SECRETS : Set.of();
    }
    Set<String> hidden = null;
    for (String name : aclNames) {
      if (stored.getValue(name) instanceof JsonArray fields) {
        Set<String> these = new HashSet<>();
        fields.forEach(field -> these.add(String.valueOf(field)));
        if (hidden == null) {
          hidden = these;
        } else {
          hidden.retainAll(these);
        }
      }
    }
    if (users) {
      hidden = hidden == null ? new HashSet<>() : hidden;
      hidden.addAll(USER_SECRETS);
    }
    return hidden == null ? Set.of() : hidden;
  }

  /** A user's providers' tokens are the user's alone: no read but the master key's sees or filters on them. */
  private static final Set<String> USER_SECRETS = Set.of("authData");

  /**
   * A caller may not filter on a field hidden from it, or matches would reveal its values. Parse Server
   * checks the top level of the where only; this checks inside $or, $and and $nor too.
   */
  public static void refuseProtectedFilters(ClassSchema schema, JsonObject where, List<String> aclNames) {
    refuseProtected(schema, where, protectedFields(schema, aclNames));
  }

  private static void refuseProtected(ClassSchema schema, JsonObject where, Set<String> hidden) {
    if (hidden.isEmpty() || where == null) {
      return;
    }
    for (String key : where.fieldNames()) {
      if ((key.equals("$or") || key.equals("$and") || key.equals("$nor")) && where.getValue(key) instanceof JsonArray clauses) {
        for (Object clause : clauses) {
          refuseProtected(schema, clause instanceof JsonObject object ? object : null, hidden);
        }
      } else if (hidden.contains(key.split("\\.")[0])) {
        throw new ParseException(ParseException.OPERATION_FORBIDDEN,
            "This user is not allowed to query " + key + " on class " + schema.className());
      }
    }
  }

  /** Checks permissions against the class's fields; fails with code 107 and Parse's message. */
  public static JsonObject check(Object given, Map<String, FieldType> fields) {
    if (!(given instanceof JsonObject perms)) {
      throw invalid("classLevelPermissions must be an object");
    }
    for (Map.Entry<String, Object> entry : perms) {
      String op = entry.getKey();
      Object value = entry.getValue();
      if (USER_FIELD_LISTS.contains(op)) {
        if (!(value instanceof JsonArray names)) {
          throw invalid("'" + JsText.of(value) + "' is not a valid value for class level permissions " + op + " - must be an array");
        }
        names.forEach(name -> checkUserPointer(name, fields, op));
      } else if (op.equals("protectedFields")) {
        checkProtectedFields(requireObject(op, value), fields);
      } else if (OPERATIONS.contains(op)) {
        checkOperation(op, requireObject(op, value), fields);
      } else {
        throw invalid(op + " is not a valid operation for class level permissions");
      }
    }
    return perms;
  }

  private static JsonObject requireObject(String op, Object value) {
    if (!(value instanceof JsonObject object)) {
      throw invalid("'" + JsText.of(value) + "' is not a valid value for class level permissions " + op + " - must be an object");
    }
    return object;
  }

  private static void checkOperation(String op, JsonObject entities, Map<String, FieldType> fields) {
    for (Map.Entry<String, Object> entity : entities) {
      String who = entity.getKey();
      if (who.equals("pointerFields")) {
        if (!(entity.getValue() instanceof JsonArray names)) {
          throw invalid("'" + JsText.of(entity.getValue()) + "' is not a valid value for " + op + "[" + who + "] - expected an array.");
        }
        names.forEach(name -> checkUserPointer(name, fields, op));
        continue;
      }
      if (!(who.equals("*") || who.equals("requiresAuthentication") || ROLE.matcher(who).matches()
          || USER_ID.matcher(who).matches())) {
        throw invalidKey(who);
      }
      if (!Boolean.TRUE.equals(entity.getValue())) {
        String permit = JsText.of(entity.getValue());
        throw invalid("'" + permit + "' is not a valid value for class level permissions " + op + ":" + who + ":" + permit);
      }
    }
  }

  private static void checkProtectedFields(JsonObject entities, Map<String, FieldType> fields) {
    for (Map.Entry<String, Object> entity : entities) {
      String who = entity.getKey();
      if (!(who.equals("*") || who.equals("authenticated") || who.startsWith("userField:") || ROLE.matcher(who).matches()
          || USER_ID.matcher(who).matches())) {
        throw invalidKey(who);
      }
      if (!(entity.getValue() instanceof JsonArray protectedFields)) {
        throw invalid("'" + JsText.of(entity.getValue()) + "' is not a valid value for protectedFields[" + who + "] - expected an array.");
      }
      for (Object field : protectedFields) {
        if (ClassSchema.defaultFields().containsKey(field)) {
          throw invalid("Default field '" + field + "' can not be protected");
        }
        if (!(field instanceof String name) || !fields.containsKey(name)) {
          throw invalid("Field '" + JsText.of(field) + "' in protectedFields:" + who + " does not exist");
        }
      }
    }
  }

  /** Pointer permissions name fields holding users: a Pointer to _User, or an Array of them. */
  private static void checkUserPointer(Object name, Map<String, FieldType> fields, String op) {
    FieldType type = name instanceof String field ? fields.get(field) : null;
    boolean userPointer = type != null && (type.type().equals("Array")
        || type.type().equals("Pointer") && "_User".equals(type.targetClass()));
    if (!userPointer) {
      throw invalid("'" + JsText.of(name) + "' is not a valid column for class level pointer permissions " + op);
    }
  }

  private static ParseException invalidKey(String key) {
    return invalid("'" + key + "' is not a valid key for class level permissions");
  }

  private static ParseException invalid(String message) {
    return new ParseException(ParseException.INVALID_JSON, message);
  }
}
