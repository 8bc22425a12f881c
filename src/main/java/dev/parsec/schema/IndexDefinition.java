package dev.parsec.schema;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One index as Parse writes it, {"name": {"field": 1, "other": -1}}, turned into the PostgreSQL
 * index that serves it: a btree in the given directions; {"field": "text"} a GIN index on the text's
 * tsvector (for $text); a GeoPoint or Polygon a GiST index (btree has no order for them).
 */
final class IndexDefinition {

  /** The entry Parse lists for the primary key; it has no index of its own to create or drop. */
  static final String PRIMARY = "_id_";
  private static final Set<String> GEO_TYPES = Set.of("GeoPoint", "Polygon");
  private static final Set<String> UNINDEXABLE_TYPES = Set.of("Relation", "ACL");

  private IndexDefinition() {
  }

  /** The CREATE INDEX statement for a new index of the class, checked against the class's fields. */
  static String createSql(String className, String name, Object spec, Map<String, FieldType> fields) {
    if (!(spec instanceof JsonObject keys) || keys.isEmpty()) {
      throw invalid("Index " + name + " must name its fields, like {\"" + name + "\": {\"field\": 1}}.");
    }
    for (String field : keys.fieldNames()) {
      if (!fields.containsKey(field)) {
        throw invalid("Field " + field + " does not exist, cannot add index.");
      }
    }
    if (!Names.isIndex(name)) {
      throw invalid("Invalid index name: " + name + ". Index names can have up to " + Names.MAX_IDENTIFIER
          + " letters, digits, _ and -.");
    }
    String kind = null;
    List<String> columns = new ArrayList<>();
    for (Map.Entry<String, Object> key : keys) {
      FieldType type = fields.get(key.getKey());
      String keyKind = kind(name, key.getKey(), type, key.getValue());
      if (kind != null && !kind.equals(keyKind)) {
        throw invalid("Index " + name + " mixes " + kind + " and " + keyKind + " keys; PostgreSQL needs separate indexes for them.");
      }
      kind = keyKind;
      String column = Names.quote(key.getKey());
      columns.add(switch (keyKind) {
        case "text" -> SchemaSql.textSearchVector(column);
        case "btree" -> column + (((Number) key.getValue()).intValue() < 0 ? " DESC" : " ASC");
        default -> column;
      });
    }
    if (kind.equals("gist") && columns.size() > 1) {
      throw invalid("Index " + name + " on a GeoPoint or Polygon must have that one field only.");
    }
    String method = kind.equals("text") ? "gin" : kind;
    return SchemaSql.createIndex(Names.quote(name), Names.quote(className), method, columns);
  }

  /** btree, text (a GIN index) or gist, by the field's type and the key's value. */
  private static String kind(String name, String field, FieldType type, Object value) {
    if (UNINDEXABLE_TYPES.contains(type.type())) {
      throw invalid("Field " + field + " of type " + type.type() + " cannot be indexed.");
    }
    boolean direction = value instanceof Number n && Math.abs(n.doubleValue()) == 1;
    if (GEO_TYPES.contains(type.type()) && (direction || "2d".equals(value) || "2dsphere".equals(value))) {
      return "gist";
    }
    if (direction) {
      return "btree";
    }
    if ("text".equals(value)) {
      if (!type.type().equals("String")) {
        throw invalid("Field " + field + " is a " + type.type() + "; a text index needs String fields.");
      }
      return "text";
    }
    throw invalid("Index " + name + " has " + field + ": " + JsText.of(value)
        + "; use 1 or -1, \"text\" for a String or \"2dsphere\" for a GeoPoint or Polygon.");
  }

  static ParseException invalid(String message) {
    return new ParseException(ParseException.INVALID_QUERY, message);
  }
}
