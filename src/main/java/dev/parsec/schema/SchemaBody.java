package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;

/**
 * The parts of a POST or PUT /schemas body: fields, classLevelPermissions and indexes, each as
 * given. Permissions may be set to null, which restores Parse's open defaults.
 */
record SchemaBody(JsonObject fields, boolean setsPermissions, Object permissions, JsonObject indexes) {

  static SchemaBody of(JsonObject body) {
    return new SchemaBody(object(body, "fields"), body.containsKey("classLevelPermissions"),
        body.getValue("classLevelPermissions"), body.getValue("indexes") == null ? null : object(body, "indexes"));
  }

  private static JsonObject object(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject object)) {
      throw new ParseException(ParseException.INVALID_JSON, "invalid JSON: " + key + " must be an object");
    }
    return object;
  }
}
