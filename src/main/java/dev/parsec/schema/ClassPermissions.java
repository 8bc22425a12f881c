package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Class-level permissions as Parse Server accepts and shows them: which callers may find, get, count,
 * create, update, delete and add fields, pointer permissions (readUserFields, writeUserFields,
 * pointerFields), and protectedFields. {@code security.Permissions} enforces them.
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
