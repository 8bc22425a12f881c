package dev.parsec.query;

import dev.parsec.access.Access;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import dev.parsec.security.Grant;
import dev.parsec.security.Operation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a Parse where clause into a SQL condition on one class. Values are always bound;
 * class and field names are checked against the schemas before they are quoted. Operators that
 * reach into another class ($inQuery, $select, $relatedTo) become sub-queries, so a query is one
 * round trip to PostgreSQL.
 */
public final class WhereSql {

  private static final Map<String, String> COMPARISONS = Map.of("$lt", "<", "$lte", "<=", "$gt", ">", "$gte", ">=");
  private static final Set<String> LANGUAGES = Set.of("simple", "arabic", "armenian", "basque", "catalan", "danish",
      "dutch", "english", "finnish", "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish",
      "italian", "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian", "spanish",
      "swedish", "tamil", "turkish", "yiddish");
  private static final double EARTH_RADIUS_MILES = 3958.8;
  private static final double EARTH_RADIUS_KM = 6371.0;

  private final Map<String, ClassSchema> schemas;
  private final ParseValues values;
  private final SqlParams params;
  private int aliases;
  private String nearest;
  private final Set<String> filtered = new java.util.LinkedHashSet<>();
  private final Visibility visibility;

  /** A translator for the master key, which reads everything. */
  public WhereSql(Map<String, ClassSchema> schemas, ParseValues values, SqlParams params) {
    this(schemas, values, params, new Visibility(Access.MASTER, params));
  }

  WhereSql(Map<String, ClassSchema> schemas, ParseValues values, SqlParams params, Visibility visibility) {
    this.schemas = schemas;
    this.values = values;
    this.params = params;
    this.visibility = visibility;
  }

  /** " AND " and the condition that the caller may read the sub-query's row aliased alias under the grant, or nothing. */
  private String andReadable(String alias, ClassSchema schema, Grant grant) {
    String rows = visibility.rows(alias, schema, grant);
    return rows.isEmpty() ? "" : " AND " + rows;
  }

  /**
   * The class a sub-query reads, or null when it has no objects. A system class that is no queryable class
   * (_Hooks, _PushStatus...) is the master key's only: a client is refused, as its own classes' rules say.
   */
  private ClassSchema subQueryClass(String className) {
    if (!visibility.master() && className != null && className.matches("_[A-Za-z]+") && !schemas.containsKey(className)) {
      searchable(new ClassSchema(className, ClassSchema.defaultFields(), null));
    }
    return schemas.get(Names.checkClass(className));
  }

  /** The caller's grant to find in a sub-query's class; fails, and with it the whole query, when refused. */
  private Grant searchable(ClassSchema target) {
    return visibility.grant(target, Operation.FIND);
  }

  /** The distance expression of the query's $nearSphere, by which results are ordered when no order is given. */
  public String nearest() {
    return nearest;
  }

  /** Fields of the main class the query filters on with an operator an index serves. */
  public Set<String> filtered() {
    return filtered;
  }

  /** The condition for objects of the class, aliased in the statement as alias; TRUE for an empty where. */
  public String translate(ClassSchema schema, String alias, JsonObject where) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> entry : where) {
      String key = entry.getKey();
      Object value = entry.getValue();
      switch (key) {
        case "$or" -> parts.add(combine(schema, alias, key, value, " OR ", ""));
        case "$and" -> parts.add(combine(schema, alias, key, value, " AND ", ""));
        case "$nor" -> parts.add(combine(schema, alias, key, value, " OR ", "NOT "));
        case "$relatedTo" -> parts.add(relatedTo(schema, alias, value));
        default -> {
          if (key.startsWith("$")) {
            throw new ParseException(ParseException.INVALID_QUERY, "Invalid key name: " + key);
          }
          if (key.equals("ACL")) {
            throw new ParseException(ParseException.INVALID_QUERY, "Cannot query on ACL.");
          }
          visibility.checkFilter(schema, key);
          parts.add(field(schema, alias, key, value));
        }
      }
    }
    return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
  }

  private String combine(ClassSchema schema, String alias, String op, Object clauses, String joiner, String negate) {
    if (!(clauses instanceof JsonArray list) || list.isEmpty()) {
      throw new ParseException(ParseException.INVALID_QUERY, "Bad " + op + " format - use an array value.");
    }
    List<String> parts = new ArrayList<>();
    for (Object clause : list) {
      if (!(clause instanceof JsonObject where)) {
        throw new ParseException(ParseException.INVALID_QUERY, "Bad " + op + " format - use an array of objects.");
      }
      parts.add("(" + translate(schema, alias, where) + ")");
    }
    return negate + "(" + String.join(joiner, parts) + ")";
  }

  private String field(ClassSchema schema, String alias, String key, Object constraint) {
    int dot = key.indexOf('.');
    if (dot > 0) {
      return nested(schema, alias, key.substring(0, dot), key.substring(dot + 1).split("\\."), constraint);
    }
    Names.checkField(key);
    FieldType type = schema.field(key);
    Map<String, Object> ops = operators(constraint);
    if (type == null) {
      checkSubQueries(ops);
      return absentField(ops);
    }
    String column = alias + "." + Names.quote(key);
    if (alias.equals(FindQuery.MAIN) && IndexAdvisor.indexable(type)) {
      filtered.add(key);
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> op : ops.entrySet()) {
      String part = switch (type.type()) {
        case "Relation" -> relationOp(schema, alias, key, type, op.getKey(), op.getValue());
        case "Array" -> arrayOp(column, key, op.getKey(), op.getValue());
        case "GeoPoint" -> geoPointOp(column, key, type, op.getKey(), op.getValue(), ops);
        case "Polygon" -> polygonOp(column, key, type, op.getKey(), op.getValue());
        case "Object", "Bytes" -> jsonOp(column, key, op.getKey(), op.getValue());
        default -> scalarOp(column, key, type, op.getKey(), op.getValue(), ops);
      };
      if (part != null) {
        parts.add(part);
      }
    }
    return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
  }

  /** A constraint as operator → value: a plain value (or a Parse-encoded one) means equality. */
  private static Map<String, Object> operators(Object constraint) {
    if (constraint instanceof JsonObject object && !object.isEmpty() && !object.containsKey("__type")) {
      boolean allOps = true;
      for (String name : object.fieldNames()) {
        allOps &= name.startsWith("$");
      }
      if (allOps) {
        // iterating the JsonObject (not its map) wraps nested values as JsonObject and JsonArray
        Map<String, Object> ops = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> op : object) {
          ops.put(op.getKey(), op.getValue());
        }
        return ops;
      }
    }
    Map<String, Object> eq = new java.util.LinkedHashMap<>();
    eq.put("$eq", constraint);
    return eq;
  }

  /**
   * Checks the sub-queries of a field the class does not have, which match nothing yet: a query (a LiveQuery
   * subscription, say) is refused alike whether or not the field exists.
   */
  private void checkSubQueries(Map<String, Object> ops) {
    WhereSql scratch = new WhereSql(schemas, values, new SqlParams(), visibility.elsewhere(new SqlParams()));
    for (Map.Entry<String, Object> op : ops.entrySet()) {
      switch (op.getKey()) {
        case "$inQuery", "$notInQuery" -> scratch.inQuery(op.getValue(), "objectId");
        case "$select", "$dontSelect" -> scratch.select("t.x", FieldType.STRING, op.getValue());
        default -> {
          // no other class is reached
        }
      }
    }
  }

  /** A field the class does not have holds nothing: it equals nothing and differs from everything. */
  private static String absentField(Map<String, Object> ops) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> op : ops.entrySet()) {
      parts.add(switch (op.getKey()) {
        case "$exists" -> truthy(op.getValue()) ? "FALSE" : "TRUE";
        case "$eq" -> op.getValue() == null ? "TRUE" : "FALSE";
        case "$ne" -> op.getValue() == null ? "FALSE" : "TRUE";
        case "$nin", "$notInQuery", "$dontSelect" -> "TRUE";
        default -> "FALSE";
      });
    }
    return String.join(" AND ", parts);
  }

  private String scalarOp(String column, String field, FieldType type, String op, Object value, Map<String, Object> all) {
    switch (op) {
      case "$eq":
        return value == null ? column + " IS NULL" : column + " = " + bindValue(field, type, value);
      case "$ne":
        return value == null ? column + " IS NOT NULL" : column + " IS DISTINCT FROM " + bindValue(field, type, value);
      case "$exists":
        return column + (truthy(value) ? " IS NOT NULL" : " IS NULL");
      case "$in":
      case "$nin": {
        JsonArray list = array(op, value);
        List<String> items = new ArrayList<>();
        boolean withNull = false;
        for (Object item : list) {
          if (item == null) {
            withNull = true;
          } else {
            items.add(bindValue(field, type, item));
          }
        }
        String in = items.isEmpty() ? "FALSE" : column + " IN (" + String.join(", ", items) + ")";
        if (withNull) {
          in = "(" + in + " OR " + column + " IS NULL)";
        }
        return op.equals("$in") ? in : "NOT COALESCE(" + in + ", FALSE)";
      }
      case "$regex":
        return column + " ~ " + params.bind(Regexes.toPostgres(value, all.get("$options")));
      case "$options":
        if (!all.containsKey("$regex")) {
          throw new ParseException(ParseException.INVALID_QUERY, "$options needs a $regex");
        }
        return null;
      case "$text":
        return text(column, value);
      case "$inQuery":
      case "$notInQuery": {
        String sub = inQuery(value, "objectId");
        return op.equals("$inQuery") ? column + " IN " + sub : "(" + column + " IS NULL OR " + column + " NOT IN " + sub + ")";
      }
      case "$select":
      case "$dontSelect": {
        String sub = select(column, type, value);
        return op.equals("$select") ? sub : "NOT COALESCE(" + sub + ", FALSE)";
      }
      default: {
        String comparison = COMPARISONS.get(op);
        if (comparison == null) {
          throw new ParseException(ParseException.INVALID_QUERY, "bad constraint: " + op);
        }
        return column + " " + comparison + " " + bindValue(field, type, value);
      }
    }
  }

  private String arrayOp(String column, String field, String op, Object value) {
    switch (op) {
      case "$eq":
        if (value == null) {
          return column + " IS NULL";
        }
        // equality on an array field means "contains", or exact equality for an array value
        return value instanceof JsonArray ? column + " = " + params.bind(value) + "::jsonb" : contains(column, value);
      case "$ne":
        return value == null ? column + " IS NOT NULL" : "NOT COALESCE(" + contains(column, value) + ", FALSE)";
      case "$exists":
        return column + (truthy(value) ? " IS NOT NULL" : " IS NULL");
      case "$in":
      case "$nin": {
        List<String> any = new ArrayList<>();
        for (Object item : array(op, value)) {
          any.add(contains(column, item));
        }
        String in = any.isEmpty() ? "FALSE" : "(" + String.join(" OR ", any) + ")";
        return op.equals("$in") ? in : "NOT COALESCE(" + in + ", FALSE)";
      }
      case "$all":
        return column + " @> " + params.bind(array(op, value)) + "::jsonb";
      case "$containedBy":
        return column + " <@ " + params.bind(array(op, value)) + "::jsonb";
      case "$inQuery":
      case "$notInQuery": {
        JsonObject query = subQuery(op, value);
        String className = query.getString("className");
        ClassSchema target = subQueryClass(className);
        if (target == null) {
          return op.equals("$inQuery") ? "FALSE" : "TRUE";
        }
        Grant grant = searchable(target);
        String s = nextAlias();
        String exists = "EXISTS (SELECT 1 FROM " + Names.quote(className) + " " + s + " WHERE "
            + translate(target, s, query.getJsonObject("where", new JsonObject())) + andReadable(s, target, grant) + " AND " + column
            + " @> jsonb_build_array(jsonb_build_object('__type', 'Pointer', 'className', " + params.bind(className)
            + "::text, 'objectId', " + s + ".\"objectId\")))";
        return op.equals("$inQuery") ? exists : "NOT " + exists;
      }
      default:
        throw new ParseException(ParseException.INVALID_QUERY, "bad constraint on array field " + field + ": " + op);
    }
  }

  private String contains(String column, Object item) {
    return column + " @> " + params.bind(new JsonArray().add(item)) + "::jsonb";
  }

  private String jsonOp(String column, String field, String op, Object value) {
    return switch (op) {
      case "$eq" -> value == null ? column + " IS NULL" : column + " = " + params.bind(value) + "::jsonb";
      case "$ne" -> value == null ? column + " IS NOT NULL" : column + " IS DISTINCT FROM " + params.bind(value) + "::jsonb";
      case "$exists" -> column + (truthy(value) ? " IS NOT NULL" : " IS NULL");
      default -> throw new ParseException(ParseException.INVALID_QUERY, "bad constraint on object field " + field + ": " + op);
    };
  }

  /** A condition on a key inside an Object field, like "address.city". */
  private String nested(ClassSchema schema, String alias, String top, String[] path, Object constraint) {
    Names.checkField(top);
    for (String part : path) {
      if (!part.matches("[A-Za-z0-9_]+")) {
        throw new ParseException(ParseException.INVALID_KEY_NAME, "Invalid field name: " + top + "." + String.join(".", path));
      }
    }
    FieldType type = schema.field(top);
    Map<String, Object> ops = operators(constraint);
    if (type == null) {
      return absentField(ops);
    }
    if (!type.type().equals("Object")) {
      throw new ParseException(ParseException.INVALID_QUERY, "dot notation needs an Object field; " + top + " is " + type);
    }
    String column = alias + "." + Names.quote(top);
    String json = "(" + column + " #> " + params.bind(path) + "::text[])";
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> op : ops.entrySet()) {
      Object value = op.getValue();
      String target = json;
      if (value instanceof JsonObject date && "Date".equals(date.getString("__type")) && COMPARISONS.containsKey(op.getKey())) {
        String[] isoPath = java.util.Arrays.copyOf(path, path.length + 1);
        isoPath[path.length] = "iso";
        target = "(" + column + " #> " + params.bind(isoPath) + "::text[])";
        value = date.getString("iso");
      }
      parts.add(switch (op.getKey()) {
        case "$eq" -> value == null ? json + " IS NULL" : json + " = " + params.bind(value) + "::jsonb";
        case "$ne" -> value == null ? json + " IS NOT NULL" : json + " IS DISTINCT FROM " + params.bind(value) + "::jsonb";
        case "$exists" -> json + (truthy(value) ? " IS NOT NULL" : " IS NULL");
        case "$in", "$nin" -> {
          List<String> any = new ArrayList<>();
          for (Object item : array(op.getKey(), value)) {
            any.add(json + " = " + params.bind(item) + "::jsonb");
          }
          String in = any.isEmpty() ? "FALSE" : "(" + String.join(" OR ", any) + ")";
          yield op.getKey().equals("$in") ? in : "NOT COALESCE(" + in + ", FALSE)";
        }
        case "$regex" -> "(" + column + " #>> " + params.bind(path) + "::text[]) ~ "
            + params.bind(Regexes.toPostgres(value, ops.get("$options")));
        case "$options" -> "TRUE";
        default -> {
          String comparison = COMPARISONS.get(op.getKey());
          if (comparison == null) {
            throw new ParseException(ParseException.INVALID_QUERY, "bad constraint: " + op.getKey());
          }
          yield target + " " + comparison + " " + params.bind(value) + "::jsonb";
        }
      });
    }
    return String.join(" AND ", parts);
  }

  private String relationOp(ClassSchema schema, String alias, String field, FieldType type, String op, Object value) {
    String id = alias + ".\"objectId\"";
    return switch (op) {
      case "$eq" -> {
        if (!(value instanceof JsonObject pointer) || !"Pointer".equals(pointer.getString("__type"))) {
          throw new ParseException(ParseException.INVALID_QUERY, "a relation field can only be compared with a pointer");
        }
        String related = params.bind(pointer.getString("objectId"));
        yield id + " IN " + owners(schema, field, type, s -> s + ".\"objectId\" = " + related);
      }
      case "$in", "$nin" -> {
        List<String> ids = new ArrayList<>();
        for (Object item : array(op, value)) {
          if (item instanceof JsonObject pointer) {
            ids.add(params.bind(pointer.getString("objectId")));
          }
        }
        String in = ids.isEmpty() ? "FALSE"
            : id + " IN " + owners(schema, field, type, s -> s + ".\"objectId\" IN (" + String.join(", ", ids) + ")");
        yield op.equals("$in") ? in : "NOT " + in;
      }
      case "$inQuery", "$notInQuery" -> {
        String in = id + " IN (SELECT \"owningId\" FROM " + Names.quote(Names.joinTable(schema.className(), field))
            + " WHERE \"relatedId\" IN " + inQuery(value, "objectId") + ")";
        yield op.equals("$inQuery") ? in : "NOT " + in;
      }
      case "$exists" -> {
        String any = id + " IN " + owners(schema, field, type, s -> "TRUE");
        yield truthy(value) ? any : "NOT " + any;
      }
      default -> throw new ParseException(ParseException.INVALID_QUERY, "bad constraint on relation field " + field + ": " + op);
    };
  }

  /**
   * (SELECT the owners of a relation field) whose related objects meet the condition (given the alias of
   * the related class's table) and are objects the caller may find.
   */
  private String owners(ClassSchema schema, String field, FieldType type, java.util.function.UnaryOperator<String> condition) {
    String join = Names.quote(Names.joinTable(schema.className(), field));
    ClassSchema target = schemas.get(type.targetClass());
    if (target == null) {
      return "(SELECT NULL::text WHERE FALSE)";
    }
    Grant grant = searchable(target);
    String s = nextAlias();
    return "(SELECT j.\"owningId\" FROM " + join + " j JOIN " + Names.quote(target.className()) + " " + s + " ON " + s
        + ".\"objectId\" = j.\"relatedId\" WHERE " + condition.apply(s) + andReadable(s, target, grant) + ")";
  }

  /**
   * Objects in the relation key of one object: {"object": pointer to the owner, "key": the relation field}.
   * The owner must be an object the caller may get, with the key not hidden from it; else the relation is empty.
   */
  private String relatedTo(ClassSchema schema, String alias, Object value) {
    if (!(value instanceof JsonObject related) || !(related.getValue("object") instanceof JsonObject owner)
        || !(related.getValue("key") instanceof String key)) {
      throw new ParseException(ParseException.INVALID_QUERY, "bad $relatedTo: needs an object pointer and a key");
    }
    String ownerClass = Names.checkClass(owner.getString("className"));
    Names.checkField(key);
    ClassSchema ownerSchema = schemas.get(ownerClass);
    if (ownerSchema == null || ownerSchema.field(key) == null || !"Relation".equals(ownerSchema.field(key).type())
        || visibility.hidden(ownerSchema).hides(key)) {
      return "FALSE";
    }
    Grant grant;
    try {
      grant = visibility.grant(ownerSchema, Operation.GET);
    } catch (ParseException refused) {
      return "FALSE";
    }
    String ownerId = params.bind(owner.getString("objectId"));
    String o = nextAlias();
    String readableOwner = visibility.master() ? ""
        : " AND EXISTS (SELECT 1 FROM " + Names.quote(ownerClass) + " " + o + " WHERE " + o + ".\"objectId\" = " + ownerId
        + andReadable(o, ownerSchema, grant) + ")";
    return alias + ".\"objectId\" IN (SELECT \"relatedId\" FROM " + Names.quote(Names.joinTable(ownerClass, key))
        + " WHERE \"owningId\" = " + ownerId + readableOwner + ")";
  }

  /** (SELECT key FROM class WHERE ...) for $inQuery's {"className", "where"}. */
  private String inQuery(Object value, String key) {
    JsonObject query = subQuery("$inQuery", value);
    String className = query.getString("className");
    ClassSchema target = subQueryClass(className);
    if (target == null) {
      return "(SELECT NULL::text WHERE FALSE)";
    }
    Grant grant = searchable(target);
    String s = nextAlias();
    return "(SELECT " + s + "." + Names.quote(key) + " FROM " + Names.quote(className) + " " + s + " WHERE "
        + translate(target, s, query.getJsonObject("where", new JsonObject())) + andReadable(s, target, grant) + ")";
  }

  /** $select: {"query": {"className", "where"}, "key"}: the column's value is the key's value in a matching object. */
  private String select(String column, FieldType type, Object value) {
    if (!(value instanceof JsonObject select) || !(select.getValue("query") instanceof JsonObject query)
        || !(select.getValue("key") instanceof String key)) {
      throw new ParseException(ParseException.INVALID_QUERY, "improper usage of $select");
    }
    String className = query.getString("className");
    Names.checkField(key);
    ClassSchema target = subQueryClass(className);
    FieldType keyType = target == null ? null : target.field(key);
    if (keyType == null || keyType.sqlType() == null) {
      return "FALSE";
    }
    Grant grant = searchable(target);
    visibility.checkFilter(target, key);
    String s = nextAlias();
    boolean sameType = keyType.sqlType().equals(type.sqlType());
    String inner = s + "." + Names.quote(key) + (sameType ? "" : "::text");
    return (sameType ? column : column + "::text") + " IN (SELECT " + inner + " FROM " + Names.quote(className) + " " + s
        + " WHERE " + translate(target, s, query.getJsonObject("where", new JsonObject())) + andReadable(s, target, grant) + ")";
  }

  private String geoPointOp(String column, String field, FieldType type, String op, Object value, Map<String, Object> all) {
    switch (op) {
      case "$eq":
        return value == null ? column + " IS NULL" : column + " ~= " + bindValue(field, type, value) + "::point";
      case "$exists":
        return column + (truthy(value) ? " IS NOT NULL" : " IS NULL");
      case "$nearSphere": {
        Point center = (Point) values.toSql(field, type, value);
        String distance = distance(column, center);
        if (nearest == null) {
          nearest = distance;
        }
        Double max = maxDistance(all);
        return max == null ? column + " IS NOT NULL" : distance + " <= " + params.bind(max);
      }
      case "$maxDistance":
      case "$maxDistanceInRadians":
      case "$maxDistanceInMiles":
      case "$maxDistanceInKilometers":
        if (!all.containsKey("$nearSphere")) {
          throw new ParseException(ParseException.INVALID_QUERY, op + " needs $nearSphere");
        }
        return null;
      case "$within": {
        JsonArray box = value instanceof JsonObject within ? within.getJsonArray("$box") : null;
        if (box == null || box.size() != 2) {
          throw new ParseException(ParseException.INVALID_JSON, "malformatted $within arg");
        }
        Point sw = (Point) values.toSql(field, type, box.getValue(0));
        Point ne = (Point) values.toSql(field, type, box.getValue(1));
        return column + " <@ box(" + params.bind(sw) + "::point, " + params.bind(ne) + "::point)";
      }
      case "$geoWithin": {
        if (!(value instanceof JsonObject within)) {
          throw new ParseException(ParseException.INVALID_JSON, "bad $geoWithin value");
        }
        if (within.containsKey("$centerSphere")) {
          JsonArray sphere = within.getJsonArray("$centerSphere");
          if (sphere == null || sphere.size() != 2 || !(sphere.getValue(1) instanceof Number radius)) {
            throw new ParseException(ParseException.INVALID_JSON, "bad $geoWithin value; $centerSphere should be [point, radius]");
          }
          Object center = sphere.getValue(0);
          if (center instanceof JsonArray lngLat && lngLat.size() == 2) {
            center = new JsonObject().put("__type", "GeoPoint").put("longitude", lngLat.getValue(0)).put("latitude", lngLat.getValue(1));
          }
          return distance(column, (Point) values.toSql(field, type, center)) + " <= " + params.bind(radius.doubleValue());
        }
        return column + " <@ " + params.bind(polygon(field, within.getValue("$polygon"))) + "::polygon";
      }
      default:
        throw new ParseException(ParseException.INVALID_QUERY, "bad constraint on GeoPoint field " + field + ": " + op);
    }
  }

  private String polygonOp(String column, String field, FieldType type, String op, Object value) {
    return switch (op) {
      case "$exists" -> column + (truthy(value) ? " IS NOT NULL" : " IS NULL");
      case "$eq" -> value == null ? column + " IS NULL" : column + " ~= " + bindValue(field, type, value) + "::polygon";
      case "$geoIntersects" -> {
        Object point = value instanceof JsonObject intersects ? intersects.getValue("$point") : null;
        if (point == null) {
          throw new ParseException(ParseException.INVALID_JSON, "bad $geoIntersect value; $point should be GeoPoint");
        }
        yield column + " @> " + params.bind(values.toSql(field, FieldType.GEOPOINT, point)) + "::point";
      }
      default -> throw new ParseException(ParseException.INVALID_QUERY, "bad constraint on Polygon field " + field + ": " + op);
    };
  }

  private Polygon polygon(String field, Object value) {
    if (value instanceof JsonObject polygon && "Polygon".equals(polygon.getString("__type"))) {
      return (Polygon) values.toSql(field, FieldType.POLYGON, polygon);
    }
    if (!(value instanceof JsonArray points) || points.size() < 3) {
      throw new ParseException(ParseException.INVALID_JSON, "bad $geoWithin value; $polygon should contain at least 3 GeoPoints");
    }
    List<Point> vertices = new ArrayList<>();
    for (Object point : points) {
      vertices.add((Point) values.toSql(field, FieldType.GEOPOINT, point));
    }
    return new Polygon(vertices);
  }

  /** Great-circle distance in radians between a point column and a point (haversine; no PostGIS needed). */
  private String distance(String column, Point center) {
    String lng = params.bind(center.getX());
    String lat = params.bind(center.getY());
    return "(2 * asin(sqrt(LEAST(1, power(sin(radians((" + column + ")[1] - " + lat + ") / 2), 2) + cos(radians(" + lat
        + ")) * cos(radians((" + column + ")[1])) * power(sin(radians((" + column + ")[0] - " + lng + ") / 2), 2)))))";
  }

  private static Double maxDistance(Map<String, Object> ops) {
    for (Map.Entry<String, Object> op : ops.entrySet()) {
      if (!op.getKey().startsWith("$maxDistance")) {
        continue;
      }
      if (!(op.getValue() instanceof Number n)) {
        throw new ParseException(ParseException.INVALID_QUERY, op.getKey() + " must be a number");
      }
      return switch (op.getKey()) {
        case "$maxDistanceInMiles" -> n.doubleValue() / EARTH_RADIUS_MILES;
        case "$maxDistanceInKilometers" -> n.doubleValue() / EARTH_RADIUS_KM;
        default -> n.doubleValue();
      };
    }
    return null;
  }

  /** An SQL condition true when the text matches a $text search, exactly as a where clause matches a column. */
  public static String textMatch(SqlParams params, String text, Object search) {
    return new WhereSql(Map.of(), null, params).text(params.bind(text) + "::text", search);
  }

  private String text(String column, Object value) {
    JsonObject search = value instanceof JsonObject text ? text.getJsonObject("$search") : null;
    if (search == null || !(search.getValue("$term") instanceof String term)) {
      throw new ParseException(ParseException.INVALID_JSON, "bad $text: $search should be an object with a $term string");
    }
    String language = search.getString("$language", "english").toLowerCase(java.util.Locale.ROOT);
    if (!LANGUAGES.contains(language)) {
      throw new ParseException(ParseException.INVALID_JSON, "bad $text: $language not supported: " + language);
    }
    // the language passed the allow-list above, so it may stand in the statement as a literal
    String config = "'" + language + "'::regconfig";
    return "to_tsvector(" + config + ", " + column + ") @@ plainto_tsquery(" + config + ", " + params.bind(term) + ")";
  }

  private String bindValue(String field, FieldType type, Object value) {
    if (type.type().equals("Pointer") && value instanceof String id) {
      return params.bind(id);
    }
    if (type.type().equals("Date") && value instanceof String iso) {
      return params.bind(ParseValues.parseDate(iso));
    }
    return params.bind(values.toSql(field, type, value));
  }

  private static JsonObject subQuery(String op, Object value) {
    if (!(value instanceof JsonObject query) || !(query.getValue("className") instanceof String)) {
      throw new ParseException(ParseException.INVALID_QUERY, "improper usage of " + op);
    }
    if (query.getValue("where") != null && !(query.getValue("where") instanceof JsonObject)) {
      throw new ParseException(ParseException.INVALID_QUERY, "improper usage of " + op);
    }
    return query;
  }

  private static JsonArray array(String op, Object value) {
    if (!(value instanceof JsonArray list)) {
      throw new ParseException(ParseException.INVALID_JSON, "bad " + op + " value");
    }
    return list;
  }

  private String nextAlias() {
    return "s" + (++aliases);
  }

  static boolean truthy(Object value) {
    return value != null && !Boolean.FALSE.equals(value) && !"false".equals(String.valueOf(value))
        && !"0".equals(String.valueOf(value));
  }
}
