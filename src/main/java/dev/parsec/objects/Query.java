package dev.parsec.objects;

import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A find translated to SQL: the where clause with bound values, the order, limit, skip, count and
 * the keys to return. Identifiers are checked against the class schema before they are quoted.
 */
public final class Query {

  public static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMS = Set.of("where", "order", "limit", "skip", "count", "keys",
      "excludeKeys", "include", "readPreference", "includeReadPreference", "subqueryReadPreference", "hint",
      "explain", "_method");
  private static final Map<String, String> COMPARISONS = Map.of(
      "$lt", "<", "$lte", "<=", "$gt", ">", "$gte", ">=");

  private final ClassSchema schema;
  private final ParseValues values;
  private final Tuple params = Tuple.tuple();
  private final String whereSql;
  private final String orderSql;
  private final int limit;
  private final int skip;
  private final boolean count;
  private final Set<String> keys;

  public Query(ClassSchema schema, ParseValues values, JsonObject request) {
    this.schema = schema;
    this.values = values;
    for (String name : request.fieldNames()) {
      if (!PARAMS.contains(name)) {
        throw new ParseException(ParseException.INVALID_QUERY, "Invalid parameter for query: " + name);
      }
    }
    JsonObject where = json(request.getValue("where"));
    String condition = condition(where);
    this.whereSql = condition.isEmpty() ? "" : " WHERE " + condition;
    this.orderSql = order(request.getValue("order"));
    this.limit = intParam(request.getValue("limit"), DEFAULT_LIMIT, "limit");
    this.skip = intParam(request.getValue("skip"), 0, "skip");
    this.count = truthy(request.getValue("count"));
    Object keyList = request.getValue("keys");
    this.keys = keyList == null ? null : Set.of(String.valueOf(keyList).split(","));
  }

  public String whereSql() {
    return whereSql;
  }

  public String orderSql() {
    return orderSql;
  }

  public Tuple params() {
    return params;
  }

  public int limit() {
    return limit;
  }

  public int skip() {
    return skip;
  }

  public boolean count() {
    return count;
  }

  /** The object reduced to the requested keys (objectId, createdAt, updatedAt and ACL always stay). */
  public JsonObject project(JsonObject object) {
    if (keys == null) {
      return object;
    }
    object.fieldNames().removeIf(name -> !keys.contains(name) && !Set.of("objectId", "createdAt", "updatedAt", "ACL").contains(name));
    return object;
  }

  private String condition(JsonObject where) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> entry : where) {
      String field = entry.getKey();
      Object constraint = entry.getValue();
      if (field.startsWith("$")) {
        throw new ParseException(ParseException.INVALID_QUERY, "bad top level operator: " + field);
      }
      Names.checkField(field);
      FieldType type = schema.field(field);
      if (constraint instanceof JsonObject ops && isOperatorObject(ops)) {
        for (Map.Entry<String, Object> op : ops) {
          parts.add(operator(field, type, op.getKey(), op.getValue()));
        }
      } else {
        parts.add(operator(field, type, "$eq", constraint));
      }
    }
    return String.join(" AND ", parts);
  }

  private String operator(String field, FieldType type, String op, Object value) {
    if (type == null || type.sqlType() == null) {
      // a field the class does not have: nothing equals anything there, and everything differs
      return switch (op) {
        case "$exists" -> truthy(value) ? "FALSE" : "TRUE";
        case "$ne", "$nin" -> "TRUE";
        default -> "FALSE";
      };
    }
    String column = Names.quote(field);
    switch (op) {
      case "$eq":
        return value == null ? column + " IS NULL" : column + " = " + bind(field, type, value);
      case "$ne":
        return value == null ? column + " IS NOT NULL" : column + " IS DISTINCT FROM " + bind(field, type, value);
      case "$exists":
        return column + (truthy(value) ? " IS NOT NULL" : " IS NULL");
      case "$in":
      case "$nin":
        if (!(value instanceof JsonArray list)) {
          throw new ParseException(ParseException.INVALID_QUERY, "bad " + op + " value for " + field);
        }
        List<String> items = new ArrayList<>();
        for (Object item : list) {
          items.add(bind(field, type, item));
        }
        if (items.isEmpty()) {
          return op.equals("$in") ? "FALSE" : "TRUE";
        }
        String in = column + " IN (" + String.join(", ", items) + ")";
        return op.equals("$in") ? in : "(" + column + " IS NULL OR NOT " + in + ")";
      default:
        String comparison = COMPARISONS.get(op);
        if (comparison == null) {
          throw new ParseException(ParseException.INVALID_QUERY, "bad constraint: " + op);
        }
        return column + " " + comparison + " " + bind(field, type, value);
    }
  }

  private String bind(String field, FieldType type, Object value) {
    params.addValue(values.toSql(field, type, value));
    return "$" + params.size();
  }

  private String order(Object order) {
    if (order == null || String.valueOf(order).isBlank()) {
      return "";
    }
    List<String> terms = new ArrayList<>();
    for (String key : String.valueOf(order).split(",")) {
      key = key.trim();
      boolean descending = key.startsWith("-");
      String field = descending ? key.substring(1) : key;
      Names.checkField(field);
      FieldType type = schema.field(field);
      if (type != null && type.sqlType() != null) {
        terms.add(Names.quote(field) + (descending ? " DESC" : " ASC"));
      }
    }
    return terms.isEmpty() ? "" : " ORDER BY " + String.join(", ", terms);
  }

  private static boolean isOperatorObject(JsonObject object) {
    for (String name : object.fieldNames()) {
      if (!name.startsWith("$")) {
        return false;
      }
    }
    return !object.isEmpty();
  }

  private static JsonObject json(Object where) {
    if (where == null) {
      return new JsonObject();
    }
    if (where instanceof JsonObject object) {
      return object;
    }
    try {
      return new JsonObject(String.valueOf(where));
    } catch (DecodeException e) {
      throw new ParseException(ParseException.INVALID_JSON, "where must be a JSON object");
    }
  }

  private static int intParam(Object value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    try {
      int n = value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ParseException(ParseException.INVALID_QUERY, name + " must be a non-negative integer");
    }
  }

  private static boolean truthy(Object value) {
    return value != null && !Boolean.FALSE.equals(value) && !"0".equals(String.valueOf(value))
        && !"false".equals(String.valueOf(value)) && !Integer.valueOf(0).equals(value);
  }
}
