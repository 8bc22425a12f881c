package dev.parsec.writes;

import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A class's required fields and default values (the /schemas field options Parse Dashboard's "Add a new
 * column" sets) applied to a save after beforeSave, as Parse Server's RestWrite applies them: a create gets
 * the defaultValue of each field it leaves out (absent, or a Delete), and is refused with 142 "F is required"
 * when a required field has no value (absent, null, "" or a Delete); an update is refused when it sets a
 * required field to null, "" or a Delete. The fields a create got by default are answered with it.
 *
 * @param body the body to save, defaults filled in
 * @param filled the fields given their default value, with it
 */
record FieldOptions(JsonObject body, JsonObject filled) {

  static FieldOptions apply(ClassSchema schema, JsonObject body, boolean create) {
    Map<String, JsonObject> options = schema.fieldOptions();
    if (options.isEmpty()) {
      return new FieldOptions(body, new JsonObject());
    }
    JsonObject result = body;
    JsonObject filled = new JsonObject();
    for (Map.Entry<String, JsonObject> entry : options.entrySet()) {
      String field = entry.getKey();
      if (!create && !body.containsKey(field)) {
        continue;
      }
      Object value = body.getValue(field);
      boolean deleted = value instanceof JsonObject op && "Delete".equals(op.getValue("__op"));
      if (!(value == null || "".equals(value) || deleted)) {
        continue;
      }
      Object defaultValue = entry.getValue().getValue("defaultValue");
      if (create && defaultValue != null && (!body.containsKey(field) || deleted)) {
        if (result == body) {
          result = body.copy();
        }
        result.put(field, defaultValue);
        filled.put(field, defaultValue);
      } else if (Boolean.TRUE.equals(entry.getValue().getValue("required"))) {
        throw new ParseException(ParseException.VALIDATION_ERROR, field + " is required");
      }
    }
    return new FieldOptions(result, filled);
  }

  static boolean hasDefaults(ClassSchema schema) {
    return schema.fieldOptions().values().stream().anyMatch(options -> options.getValue("defaultValue") != null);
  }

  /** A create's answer with the fields it got by default, as Parse Server answers them. */
  JsonObject answer(JsonObject answer) {
    return filled.isEmpty() ? answer : answer.copy().mergeIn(filled);
  }
}
