package dev.parsec.cloud;

import dev.parsec.schema.Names;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;

/**
 * The whole objects triggers are shown, and what a beforeSave's answer means for the save: the object a
 * save makes (the stored object with the client's changes applied, as Parse Server's request.object), and
 * the body to save made of a trigger's answer (see {@link Cloud.BeforeSave}).
 */
final class TriggerObjects {

  /** Fields the server sets, which an answer cannot change. */
  /** A user's fields no trigger or hook is shown: its credentials. */
  private static final Set<String> USER_SECRETS = Set.of("authData", "sessionToken", "password", "_hashed_password",
      "_password_history", "_email_verify_token", "_perishable_token");

  private TriggerObjects() {
  }

  /** The object as this save leaves it: the original (null for a create) with the body's fields and operations applied. */
  static JsonObject applied(JsonObject original, JsonObject body) {
    JsonObject object = original == null ? new JsonObject() : original.copy();
    for (String key : body.fieldNames()) {
      Object change = body.getValue(key);
      int dot = key.indexOf('.');
      if (dot > 0) {
        // a nested field ("stats.score"): its parent object with the field set
        String parent = key.substring(0, dot);
        JsonObject nested = object.getValue(parent) instanceof JsonObject found ? found.copy() : new JsonObject();
        put(nested, key.substring(dot + 1), change);
        object.put(parent, nested);
      } else {
        put(object, key, change);
      }
    }
    return object;
  }

  private static void put(JsonObject object, String key, Object change) {
    if (change == null) {
      // a null is stored as no value: the field is read back absent
      object.remove(key);
      return;
    }
    if (!(change instanceof JsonObject op) || !(op.getValue("__op") instanceof String name)) {
      object.put(key, change);
      return;
    }
    Object current = object.getValue(key);
    switch (name) {
      case "Delete" -> object.remove(key);
      case "Increment" -> object.put(key, sum(current, op.getValue("amount")));
      case "Add", "AddUnique", "Remove" -> {
        JsonArray items = current instanceof JsonArray array ? array.copy() : new JsonArray();
        for (Object item : op.getJsonArray("objects", new JsonArray())) {
          if (name.equals("Remove")) {
            while (items.remove(item)) {
              // every copy goes
            }
          } else if (name.equals("Add") || !items.contains(item)) {
            items.add(item);
          }
        }
        object.put(key, items);
      }
      case "AddRelation", "RemoveRelation", "Batch" -> object.put(key, current instanceof JsonObject relation ? relation
          : new JsonObject().put("__type", "Relation").put("className", relationTarget(op)));
      default -> object.put(key, change);
    }
  }

  private static Object sum(Object current, Object amount) {
    Number base = current instanceof Number number ? number : 0;
    Number by = amount instanceof Number number ? number : 0;
    if (isWhole(base) && isWhole(by)) {
      return base.longValue() + by.longValue();
    }
    return base.doubleValue() + by.doubleValue();
  }

  private static boolean isWhole(Number number) {
    return number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte;
  }

  private static String relationTarget(JsonObject op) {
    JsonArray objects = op.getJsonArray("objects");
    if (objects == null && op.getJsonArray("ops") != null && !op.getJsonArray("ops").isEmpty()) {
      objects = op.getJsonArray("ops").getJsonObject(0).getJsonArray("objects");
    }
    return objects == null || objects.isEmpty() ? null : objects.getJsonObject(0).getString("className");
  }

  /**
   * The body to save after a beforeSave answered: a field it added or changed, with its new value; a field it
   * left as given, what the client sent for it (operations stay operations); a field it removed, nothing. A
   * field the trigger was not shown (a client's Delete of a field the object lacks) keeps the client's change.
   */
  static JsonObject changes(JsonObject body, JsonObject given, JsonObject answered) {
    JsonObject save = new JsonObject();
    for (String field : answered.fieldNames()) {
      if (Names.SERVER_FIELDS.contains(field)) {
        continue;
      }
      if (given.containsKey(field) && Objects.equals(given.getValue(field), answered.getValue(field))) {
        for (String key : body.fieldNames()) {
          if (top(key).equals(field)) {
            save.put(key, body.getValue(key));
          }
        }
      } else {
        save.put(field, answered.getValue(field));
      }
    }
    for (String key : body.fieldNames()) {
      if (!given.containsKey(top(key)) && !answered.containsKey(top(key))) {
        save.put(key, body.getValue(key));
      }
    }
    return save;
  }

  private static String top(String key) {
    int dot = key.indexOf('.');
    return dot > 0 ? key.substring(0, dot) : key;
  }

  /** The object as cloud code is shown it: a user's record without its credentials (the same instance otherwise). */
  static JsonObject shown(String className, JsonObject object) {
    if (object == null || !"_User".equals(className) || USER_SECRETS.stream().noneMatch(object::containsKey)) {
      return object;
    }
    JsonObject copy = object.copy();
    USER_SECRETS.forEach(copy::remove);
    return copy;
  }
}
