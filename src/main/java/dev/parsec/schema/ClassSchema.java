package dev.parsec.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A class's fields and permissions, as stored in _SCHEMA and served by /schemas: the fields' types,
 * their options (required, defaultValue) by field, the class-level permissions as set, and the
 * indexes as Parse lists them (null until any was set).
 */
public record ClassSchema(String className, Map<String, FieldType> fields, JsonObject classLevelPermissions,
                          JsonObject indexes, Map<String, JsonObject> fieldOptions) {

  private static final String INDEX_KEY_ORDER = "indexKeyOrder";

  public ClassSchema(String className, Map<String, FieldType> fields, JsonObject classLevelPermissions) {
    this(className, fields, classLevelPermissions, null, Map.of());
  }

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
    return clp.put("protectedFields", new JsonObject().put("*", new JsonArray()));
  }

  public static ClassSchema fromJson(JsonObject json) {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    Map<String, JsonObject> options = new LinkedHashMap<>();
    json.getJsonObject("fields", new JsonObject()).forEach(e -> {
      JsonObject field = (JsonObject) e.getValue();
      fields.put(e.getKey(), FieldType.fromJson(field));
      JsonObject extra = field.copy();
      extra.remove("type");
      extra.remove("targetClass");
      if (!extra.isEmpty()) {
        options.put(e.getKey(), extra);
      }
    });
    return new ClassSchema(json.getString("className"), Collections.unmodifiableMap(fields),
        json.getJsonObject("classLevelPermissions", openPermissions()),
        inKeyOrder(json.getJsonObject("indexes"), json.getJsonObject(INDEX_KEY_ORDER, new JsonObject())),
        Collections.unmodifiableMap(options));
  }

  /** The form stored in _SCHEMA. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("className", className).put("fields", fieldsJson(fields))
        .put("classLevelPermissions", classLevelPermissions);
    if (indexes != null) {
      JsonObject keyOrder = new JsonObject();
      indexes.forEach(index -> {
        if (index.getValue() instanceof JsonObject keys && keys.size() > 1) {
          keyOrder.put(index.getKey(), new JsonArray(List.copyOf(keys.fieldNames())));
        }
      });
      json.put("indexes", indexes).put(INDEX_KEY_ORDER, keyOrder);
    }
    return json;
  }

  /** A compound index's keys in the order of its columns, which jsonb does not keep. */
  private static JsonObject inKeyOrder(JsonObject indexes, JsonObject keyOrder) {
    if (indexes == null) {
      return null;
    }
    JsonObject ordered = new JsonObject();
    indexes.forEach(index -> {
      JsonArray order = keyOrder.getJsonArray(index.getKey());
      if (order == null || !(index.getValue() instanceof JsonObject keys)) {
        ordered.put(index.getKey(), index.getValue());
        return;
      }
      JsonObject sorted = new JsonObject();
      order.forEach(key -> sorted.put((String) key, keys.getValue((String) key)));
      ordered.put(index.getKey(), sorted.mergeIn(keys));
    });
    return ordered;
  }

  /**
   * The form /schemas answers, as Parse Server shows it: the default fields first, every permission
   * key present, and indexes only once some were set.
   */
  public JsonObject toApiJson() {
    Map<String, FieldType> all = defaultFields();
    all.putAll(fields);
    JsonObject json = new JsonObject().put("className", className).put("fields", fieldsJson(all))
        .put("classLevelPermissions", ClassPermissions.answer(classLevelPermissions));
    if (indexes != null && !indexes.isEmpty()) {
      json.put("indexes", indexes);
    }
    return json;
  }

  /** The same class with other fields; options of fields no longer there are dropped. */
  public ClassSchema withFields(Map<String, FieldType> newFields) {
    Map<String, JsonObject> options = new LinkedHashMap<>(fieldOptions);
    options.keySet().retainAll(newFields.keySet());
    return new ClassSchema(className, Collections.unmodifiableMap(new LinkedHashMap<>(newFields)),
        classLevelPermissions, indexes, Collections.unmodifiableMap(options));
  }

  /** The same class with other class-level permissions (as a write saw them). */
  public ClassSchema withPermissions(JsonObject permissions) {
    return new ClassSchema(className, fields, permissions, indexes, fieldOptions);
  }

  public FieldType field(String name) {
    return fields.get(name);
  }

  /**
   * A comment naming this version of the class's columns, put before every statement built from it.
   * The PostgreSQL client caches prepared statements by their text: without it, a field deleted and
   * added again with another type would reuse a statement prepared for the old type.
   */
  public String sqlTag() {
    return "/*" + Integer.toHexString(fields.hashCode()) + "*/ ";
  }

  private JsonObject fieldsJson(Map<String, FieldType> types) {
    JsonObject json = new JsonObject();
    types.forEach((name, type) -> {
      JsonObject field = type.toJson();
      JsonObject options = fieldOptions.get(name);
      if (options != null) {
        field.mergeIn(options);
      }
      json.put(name, field);
    });
    return json;
  }
}
