package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A field's Parse type, with the target class for Pointer and Relation. */
public record FieldType(String type, String targetClass) {

  public static final Set<String> TYPES = Set.of("String", "Number", "Boolean", "Date", "Object", "Array",
      "Pointer", "Relation", "File", "GeoPoint", "Polygon", "Bytes", "ACL");

  public static final FieldType STRING = of("String");
  public static final FieldType NUMBER = of("Number");
  public static final FieldType BOOLEAN = of("Boolean");
  public static final FieldType DATE = of("Date");
  public static final FieldType OBJECT = of("Object");
  public static final FieldType ARRAY = of("Array");
  public static final FieldType FILE = of("File");
  public static final FieldType GEOPOINT = of("GeoPoint");
  public static final FieldType POLYGON = of("Polygon");
  public static final FieldType BYTES = of("Bytes");
  public static final FieldType ACL = of("ACL");

  public static FieldType of(String type) {
    return new FieldType(type, null);
  }

  /** The type a JSON value (in Parse's encoding) gives a new field, or null for null (which gives no type). */
  public static FieldType ofValue(String field, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof Number) {
      return NUMBER;
    }
    if (value instanceof Boolean) {
      return BOOLEAN;
    }
    if (value instanceof JsonArray) {
      return ARRAY;
    }
    JsonObject object = (JsonObject) value;
    Object kind = object.getValue("__type");
    if (kind == null) {
      return OBJECT;
    }
    return switch (String.valueOf(kind)) {
      case "Date" -> DATE;
      case "Pointer" -> new FieldType("Pointer", Names.checkClass(object.getString("className")));
      case "File" -> FILE;
      case "GeoPoint" -> GEOPOINT;
      case "Polygon" -> POLYGON;
      case "Bytes" -> BYTES;
      case "Relation" -> new FieldType("Relation", Names.checkClass(object.getString("className")));
      default -> throw new ParseException(ParseException.INCORRECT_TYPE, "invalid type for key " + field + ": " + kind);
    };
  }

  public static FieldType fromJson(JsonObject json) {
    return new FieldType(json.getString("type"), json.getString("targetClass"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type);
    if (targetClass != null) {
      json.put("targetClass", targetClass);
    }
    return json;
  }

  /** The PostgreSQL column type; Relation has no column (it lives in a join table). */
  public String sqlType() {
    return switch (type) {
      case "String", "Pointer", "File" -> "text";
      case "Number" -> "double precision";
      case "Boolean" -> "boolean";
      case "Date" -> "timestamp with time zone";
      case "Object", "Array", "Bytes" -> "jsonb";
      case "GeoPoint" -> "point";
      case "Polygon" -> "polygon";
      default -> null;
    };
  }

  @Override
  public String toString() {
    return targetClass == null ? type : type + "<" + targetClass + ">";
  }
}
