package dev.parsec.livequery;

import dev.parsec.error.ParseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides in memory whether an object (in Parse's JSON encoding) matches a where clause, with the
 * semantics of the SQL translation ({@link dev.parsec.query.WhereSql}): both run the same table of
 * cases (src/test/resources/query-cases.json). Operators that reach into another class ($inQuery,
 * $notInQuery, $select, $dontSelect, $relatedTo) and $text need the database: {@link #databaseChecks}
 * lists them for an object, {@link DatabaseChecks} answers them, and the matcher takes the answers.
 */
public final class QueryMatcher {

  private static final double EARTH_RADIUS_MILES = 3958.8;
  private static final double EARTH_RADIUS_KM = 6371.0;
  /** Operators answered by PostgreSQL: those that reach into another class, and $text (its stemming is PostgreSQL's). */
  private static final java.util.Set<String> DATABASE = java.util.Set.of("$inQuery", "$notInQuery", "$select", "$dontSelect", "$text");

  private QueryMatcher() {
  }

  /** Whether the where clause uses an operator that PostgreSQL answers. */
  public static boolean needsDatabase(JsonObject where) {
    for (Map.Entry<String, Object> entry : where) {
      if (entry.getKey().equals("$relatedTo")) {
        return true;
      }
      if (entry.getValue() instanceof JsonArray clauses && entry.getKey().startsWith("$")) {
        for (Object clause : clauses) {
          if (clause instanceof JsonObject nested && needsDatabase(nested)) {
            return true;
          }
        }
      } else if (entry.getValue() instanceof JsonObject ops) {
        for (String op : ops.fieldNames()) {
          if (DATABASE.contains(op)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * One operator of a where clause that PostgreSQL answers, for one object: the operator,
   * its argument (the where clause's own node, which identifies the check) and the object's value it
   * tests (for $relatedTo, the object's id).
   */
  public record DatabaseCheck(String op, JsonObject arg, Object value) {
  }

  /** The database operators the where clause applies to the object, with the values they test. */
  public static List<DatabaseCheck> databaseChecks(JsonObject object, JsonObject where) {
    List<DatabaseCheck> checks = new ArrayList<>();
    collect(object, where, checks);
    return checks;
  }

  private static void collect(JsonObject object, JsonObject where, List<DatabaseCheck> checks) {
    for (Map.Entry<String, Object> entry : where) {
      String key = entry.getKey();
      if (key.equals("$relatedTo") && entry.getValue() instanceof JsonObject arg) {
        checks.add(new DatabaseCheck(key, arg, object.getValue("objectId")));
      } else if (key.equals("$or") || key.equals("$and") || key.equals("$nor")) {
        clauses(key, entry.getValue()).forEach(clause -> collect(object, clause, checks));
      } else if (entry.getValue() instanceof JsonObject ops) {
        for (String op : ops.fieldNames()) {
          if (DATABASE.contains(op) && ops.getValue(op) instanceof JsonObject arg) {
            checks.add(new DatabaseCheck(op, arg, valueAt(object, key)));
          }
        }
      }
    }
  }

  public static boolean matches(JsonObject object, JsonObject where) {
    return matches(object, where, Map.of());
  }

  /** Matches with the answers of the object's database checks, by the check's argument node. */
  public static boolean matches(JsonObject object, JsonObject where, Map<JsonObject, Boolean> answers) {
    for (Map.Entry<String, Object> entry : where) {
      String key = entry.getKey();
      Object constraint = entry.getValue();
      boolean ok = switch (key) {
        case "$or" -> clauses(key, constraint).stream().anyMatch(c -> matches(object, c, answers));
        case "$and" -> clauses(key, constraint).stream().allMatch(c -> matches(object, c, answers));
        case "$nor" -> clauses(key, constraint).stream().noneMatch(c -> matches(object, c, answers));
        case "$relatedTo" -> answer(answers, key, constraint);
        default -> {
          if (key.startsWith("$")) {
            throw new ParseException(ParseException.INVALID_QUERY, "Invalid key name: " + key);
          }
          yield field(object, key, constraint, answers);
        }
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static List<JsonObject> clauses(String op, Object value) {
    if (!(value instanceof JsonArray list) || list.isEmpty()) {
      throw new ParseException(ParseException.INVALID_QUERY, "Bad " + op + " format - use an array value.");
    }
    List<JsonObject> clauses = new ArrayList<>();
    for (Object clause : list) {
      if (!(clause instanceof JsonObject where)) {
        throw new ParseException(ParseException.INVALID_QUERY, "Bad " + op + " format - use an array of objects.");
      }
      clauses.add(where);
    }
    return clauses;
  }

  private static boolean answer(Map<JsonObject, Boolean> answers, String op, Object arg) {
    Boolean answer = arg instanceof JsonObject node ? answers.get(node) : null;
    if (answer == null) {
      throw new ParseException(ParseException.INVALID_QUERY, op + " needs the database");
    }
    return answer;
  }

  private static boolean field(JsonObject object, String key, Object constraint, Map<JsonObject, Boolean> answers) {
    Object value = valueAt(object, key);
    JsonObject ops = operators(constraint);
    for (Map.Entry<String, Object> op : ops) {
      boolean ok = DATABASE.contains(op.getKey()) ? answer(answers, op.getKey(), op.getValue())
          : operator(value, op.getKey(), op.getValue(), ops);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Object valueAt(JsonObject object, String key) {
    Object value = object;
    for (String part : key.split("\\.")) {
      if (!(value instanceof JsonObject current)) {
        return null;
      }
      value = current.getValue(part);
    }
    return value;
  }

  private static JsonObject operators(Object constraint) {
    if (constraint instanceof JsonObject object && !object.isEmpty() && !object.containsKey("__type")
        && object.fieldNames().stream().allMatch(name -> name.startsWith("$"))) {
      return object;
    }
    JsonObject eq = new JsonObject();
    eq.put("$eq", constraint);
    return eq;
  }

  private static boolean operator(Object value, String op, Object arg, JsonObject all) {
    switch (op) {
      case "$eq":
        if (arg == null) {
          return value == null;
        }
        if (value instanceof JsonArray items && !(arg instanceof JsonArray)) {
          return items.stream().anyMatch(item -> same(item, arg));
        }
        return value != null && same(value, arg);
      case "$ne":
        return !operator(value, "$eq", arg, all);
      case "$exists":
        return truthy(arg) == (value != null);
      case "$in":
        return list(op, arg).stream().anyMatch(item -> operator(value, "$eq", item, all));
      case "$nin":
        return list(op, arg).stream().noneMatch(item -> operator(value, "$eq", item, all));
      case "$all":
        return value instanceof JsonArray items && list(op, arg).stream().allMatch(need -> items.stream().anyMatch(item -> same(item, need)));
      case "$containedBy":
        return value instanceof JsonArray items && items.stream().allMatch(item -> list(op, arg).stream().anyMatch(ok -> same(item, ok)));
      case "$lt":
      case "$lte":
      case "$gt":
      case "$gte": {
        Integer order = compare(value, arg);
        if (order == null) {
          return false;
        }
        return switch (op) {
          case "$lt" -> order < 0;
          case "$lte" -> order <= 0;
          case "$gt" -> order > 0;
          default -> order >= 0;
        };
      }
      case "$regex": {
        Pattern pattern = Regexes.compile(arg, all.getValue("$options")); // checked even when there is no text
        return value instanceof String text && Regexes.find(pattern, text);
      }
      case "$options":
        return true;
      case "$nearSphere":
        return value != null && (maxDistance(all) == null || distance(value, arg) <= maxDistance(all));
      case "$maxDistance":
      case "$maxDistanceInRadians":
      case "$maxDistanceInMiles":
      case "$maxDistanceInKilometers":
        return true;
      case "$within":
        return value != null && inBox(value, ((JsonObject) arg).getJsonArray("$box"));
      case "$geoWithin":
        return value != null && geoWithin(value, (JsonObject) arg);
      case "$geoIntersects":
        return value instanceof JsonObject polygon && contains(polygon.getJsonArray("coordinates"),
            ((JsonObject) arg).getJsonObject("$point"));
      default:
        throw new ParseException(ParseException.INVALID_QUERY, "bad constraint: " + op);
    }
  }

  /** Equality as Parse means it: pointers by class and id, dates by instant, numbers by value, the rest deeply. */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      String type = x.getString("__type");
      if ("Pointer".equals(type) || "Object".equals(type)) {
        return Objects.equals(x.getString("className"), y.getString("className"))
            && Objects.equals(x.getString("objectId"), y.getString("objectId"));
      }
      if ("Date".equals(type)) {
        return compare(x, y) == 0;
      }
    }
    return Objects.equals(a, b);
  }

  private static Integer compare(Object value, Object arg) {
    if (value instanceof Number x && arg instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    OffsetDateTime left = date(value);
    OffsetDateTime right = date(arg);
    if (left != null && right != null) {
      return left.compareTo(right);
    }
    if (value instanceof String x && arg instanceof String y) {
      return x.compareTo(y);
    }
    return null;
  }

  private static OffsetDateTime date(Object value) {
    try {
      if (value instanceof JsonObject json && "Date".equals(json.getString("__type"))) {
        return OffsetDateTime.parse(json.getString("iso"));
      }
      if (value instanceof String text && text.length() >= 20 && text.charAt(10) == 'T') {
        return OffsetDateTime.parse(text);
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Word search, case-insensitive, each term matching a word's start (an approximation of PostgreSQL's stemming). */
  private static Double maxDistance(JsonObject ops) {
    for (Map.Entry<String, Object> op : ops) {
      if (op.getKey().startsWith("$maxDistance") && op.getValue() instanceof Number n) {
        return switch (op.getKey()) {
          case "$maxDistanceInMiles" -> n.doubleValue() / EARTH_RADIUS_MILES;
          case "$maxDistanceInKilometers" -> n.doubleValue() / EARTH_RADIUS_KM;
          default -> n.doubleValue();
        };
      }
    }
    return null;
  }

  /** Great-circle distance in radians, the same haversine as the SQL. */
  private static double distance(Object point, Object center) {
    double lat1 = Math.toRadians(lat(point));
    double lat2 = Math.toRadians(lat(center));
    double dLat = lat2 - lat1;
    double dLng = Math.toRadians(lng(center) - lng(point));
    double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * Math.asin(Math.sqrt(Math.min(1, h)));
  }

  private static double lat(Object point) {
    return point instanceof JsonArray lngLat ? ((Number) lngLat.getValue(1)).doubleValue()
        : ((JsonObject) point).getDouble("latitude");
  }

  private static double lng(Object point) {
    return point instanceof JsonArray lngLat ? ((Number) lngLat.getValue(0)).doubleValue()
        : ((JsonObject) point).getDouble("longitude");
  }

  private static boolean inBox(Object point, JsonArray box) {
    double lat = lat(point);
    double lng = lng(point);
    return lat >= lat(box.getValue(0)) && lat <= lat(box.getValue(1)) && lng >= lng(box.getValue(0)) && lng <= lng(box.getValue(1));
  }

  private static boolean geoWithin(Object point, JsonObject within) {
    if (within.getValue("$centerSphere") instanceof JsonArray sphere) {
      return distance(point, sphere.getValue(0)) <= ((Number) sphere.getValue(1)).doubleValue();
    }
    Object polygon = within.getValue("$polygon");
    JsonArray ring = new JsonArray();
    if (polygon instanceof JsonObject parsePolygon) {
      ring = parsePolygon.getJsonArray("coordinates");
    } else if (polygon instanceof JsonArray points) {
      for (Object p : points) {
        ring.add(new JsonArray().add(lat(p)).add(lng(p)));
      }
    }
    return contains(ring, (JsonObject) point);
  }

  /** Whether a ring of [lat, lng] pairs holds the point (ray casting, planar like PostgreSQL's polygon). */
  private static boolean contains(JsonArray ring, JsonObject point) {
    double x = point.getDouble("longitude");
    double y = point.getDouble("latitude");
    boolean inside = false;
    for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      double xi = ((Number) ring.getJsonArray(i).getValue(1)).doubleValue();
      double yi = ((Number) ring.getJsonArray(i).getValue(0)).doubleValue();
      double xj = ((Number) ring.getJsonArray(j).getValue(1)).doubleValue();
      double yj = ((Number) ring.getJsonArray(j).getValue(0)).doubleValue();
      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  private static JsonArray list(String op, Object value) {
    if (!(value instanceof JsonArray list)) {
      throw new ParseException(ParseException.INVALID_JSON, "bad " + op + " value");
    }
    return list;
  }

  private static boolean truthy(Object value) {
    return value != null && !Boolean.FALSE.equals(value) && !"false".equals(String.valueOf(value));
  }
}
