package dev.parsec.schema;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A class's fields and permissions, as stored in _SCHEMA and served by /schemas. */
public record ClassSchema(String className, Map<String, FieldType> fields, JsonObject classLevelPermissions) {

  /** The fields every class has. */
  public static Map<String, FieldType> defaultFields() {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    fields.put("objectId", FieldType.STRING);
    fields.put("createdAt", FieldType.DATE);
    fields.put("updatedAt", FieldType.DATE);
    fields.put("ACL", FieldType.ACL);
    return fields;
  }

  public static JsonObject openPermissions() {
    JsonObject everyone = new JsonObject().put("*", true);
    JsonObject clp = new JsonObject();
    for (String op : new String[] {"find", "count", "get", "create", "update", "delete", "addField"}) {
      clp.put(op, everyone.copy());
    }
    return clp.put("protectedFields", new JsonObject().put("*", new io.vertx.core.json.JsonArray()));
  }

  public static ClassSchema fromJson(JsonObject json) {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    json.getJsonObject("fields", new JsonObject()).forEach(e ->
        fields.put(e.getKey(), FieldType.fromJson((JsonObject) e.getValue())));
    return new ClassSchema(json.getString("className"), Collections.unmodifiableMap(fields),
        json.getJsonObject("classLevelPermissions", openPermissions()));
  }

  public JsonObject toJson() {
    JsonObject f = new JsonObject();
    fields.forEach((name, type) -> f.put(name, type.toJson()));
    return new JsonObject().put("className", className).put("fields", f)
        .put("classLevelPermissions", classLevelPermissions);
  }

  public FieldType field(String name) {
    return fields.get(name);
  }
}
