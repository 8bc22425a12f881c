package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * One field as a /schemas body defines it, {"type": ..., "targetClass": ..., "required": ...,
 * "defaultValue": ...}, checked as Parse Server checks it. The options are stored and answered, and the
 * write path applies them to saves (writes.FieldOptions).
 */
record FieldDefinition(FieldType type, JsonObject options) {

  /** The types a field may be given; ACL belongs to every class and cannot be added. */
  private static final Set<String> PLAIN_TYPES = Set.of("Number", "String", "Boolean", "Date", "Object", "Array",
      "GeoPoint", "File", "Bytes", "Polygon");

  static boolean isDelete(Object definition) {
    return definition instanceof JsonObject json && "Delete".equals(json.getValue("__op"));
  }

  /** The type name a definition gives, or null when it gives none. */
  static String typeName(Object definition) {
    return definition instanceof JsonObject json && json.getValue("type") instanceof String type ? type : null;
  }

  static FieldDefinition parse(String className, String field, Object definition) {
    if (!(definition instanceof JsonObject json)) {
      throw new ParseException(ParseException.INVALID_JSON, "invalid JSON: field " + field + " needs a type");
    }
    FieldType type = type(field, json);
    JsonObject options = new JsonObject();
    Object required = json.getValue("required");
    if (required != null) {
      if (!(required instanceof Boolean)) {
        throw new ParseException(ParseException.INVALID_JSON, "invalid JSON: required of field " + field + " must be true or false");
      }
      options.put("required", required);
    }
    Object defaultValue = json.getValue("defaultValue");
    boolean relation = type.type().equals("Relation");
    if (defaultValue != null) {
      if (relation) {
        throw new ParseException(ParseException.INCORRECT_TYPE, "The 'default value' option is not applicable for " + type);
      }
      FieldType given = typeOfValue(defaultValue);
      if (!given.equals(type)) {
        throw new ParseException(ParseException.INCORRECT_TYPE, "schema mismatch for " + className + "." + field
            + " default value; expected " + type + " but got " + given);
      }
      options.put("defaultValue", defaultValue);
    } else if (Boolean.TRUE.equals(required) && relation) {
      throw new ParseException(ParseException.INCORRECT_TYPE, "The 'required' option is not applicable for " + type);
    }
    return new FieldDefinition(type, options);
  }

  private static FieldType type(String field, JsonObject json) {
    Object type = json.getValue("type");
    if ("Pointer".equals(type) || "Relation".equals(type)) {
      Object target = json.getValue("targetClass");
      if (target == null || "".equals(target)) {
        throw new ParseException(ParseException.CLASS_NAME_REQUIRED, "type " + type + " needs a class name");
      }
      if (!(target instanceof String targetClass)) {
        throw new ParseException(ParseException.INVALID_JSON, "invalid JSON: targetClass of field " + field + " must be a string");
      }
      if (!Names.isClass(targetClass)) {
        throw new ParseException(ParseException.INVALID_CLASS_NAME, Names.invalidClassMessage(targetClass));
      }
      return new FieldType((String) type, targetClass);
    }
    if (!(type instanceof String name)) {
      throw new ParseException(ParseException.INVALID_JSON, "invalid JSON: field " + field + " needs a type");
    }
    if (!PLAIN_TYPES.contains(name)) {
      throw new ParseException(ParseException.INCORRECT_TYPE, "invalid field type: " + name);
    }
    return FieldType.of(name);
  }

  /** The type a default value has, read from its JSON form as Parse encodes values, checked whole. */
  private static FieldType typeOfValue(Object value) {
    if (value instanceof JsonObject object && object.getValue("__type") != null && !whole(object)) {
      throw new ParseException(ParseException.INCORRECT_TYPE, "This is not a valid " + object.getValue("__type"));
    }
    return FieldType.ofValue("defaultValue", value);
  }

  private static boolean whole(JsonObject object) {
    return switch (String.valueOf(object.getValue("__type"))) {
      case "Pointer", "Relation" -> object.getValue("className") instanceof String target && !target.isEmpty();
      case "File" -> object.getValue("name") != null;
      case "Date" -> object.getValue("iso") != null;
      case "GeoPoint" -> object.getValue("latitude") != null && object.getValue("longitude") != null;
      case "Bytes" -> object.getValue("base64") != null;
      case "Polygon" -> object.getValue("coordinates") != null;
      default -> false;
    };
  }
}
