package dev.parsec.query;

import dev.parsec.access.Acl;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassPermissions;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A find on one class as one SQL statement: the where clause, the order, limit and skip, the keys
 * to return, and included pointers joined in (so include costs no extra round trip). Also decodes
 * the rows it selects back into Parse objects.
 */
public final class FindQuery {

  public static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMS = Set.of("where", "order", "limit", "skip", "count", "keys",
      "excludeKeys", "include", "readPreference", "includeReadPreference", "subqueryReadPreference", "hint",
      "explain", "includeAll");
  private static final Set<String> ALWAYS = Set.of("objectId", "createdAt", "updatedAt", "ACL");
  static final String MAIN = "t";

  private final Map<String, ClassSchema> schemas;
  private final ParseValues values;
  private final ClassSchema schema;
  private final SqlParams params = new SqlParams();
  private final String where;
  private final int whereParams;
  private final String order;
  private final int limit;
  private final int skip;
  private final boolean count;
  private final Set<String> keys;
  private final Set<String> excludeKeys;
  private final Set<String> indexCandidates = new LinkedHashSet<>();
  private final WhereSql readable;
  private final List<String> aclNames;
  /** Top-level Array fields whose pointers to include: their classes are only known from the values. */
  private final List<String> arrayIncludes = new ArrayList<>();
  private String selectSql;
  /** The selected tables: the class itself first, then each included pointer. */
  private final List<Source> sources = new ArrayList<>();

  /** One table in the statement and the columns selected from it. */
  private record Source(String alias, ClassSchema schema, List<String> fields, int parent, String pointerField, String path) {
  }

  /** A find by the master key: no ACL applies. */
  public FindQuery(Map<String, ClassSchema> schemas, ParseValues values, ClassSchema schema, JsonObject request) {
    this(schemas, values, schema, request, null);
  }

  /**
   * A find by a caller known in ACLs by aclNames (null: the master key). Objects the caller may not
   * read are neither returned, counted, included nor matched by sub-queries.
   */
  public FindQuery(Map<String, ClassSchema> schemas, ParseValues values, ClassSchema schema, JsonObject request,
                   List<String> aclNames) {
    this.schemas = schemas;
    this.values = values;
    this.schema = schema;
    for (String name : request.fieldNames()) {
      if (!PARAMS.contains(name)) {
        throw new ParseException(ParseException.INVALID_QUERY, "Invalid parameter for query: " + name);
      }
    }
    this.aclNames = aclNames;
    JsonObject filter = json(request.getValue("where"));
    if (aclNames != null) {
      ClassPermissions.refuseProtectedFilters(schema, filter, aclNames);
    }
    WhereSql whereSql = new WhereSql(schemas, values, params, aclNames);
    this.readable = whereSql;
    String condition = whereSql.translate(schema, MAIN, filter);
    String acl = whereSql.readable(MAIN);
    this.where = acl.isEmpty() ? condition : condition + " AND " + acl;
    this.whereParams = params.tuple().size();
    this.limit = intParam(request.getValue("limit"), DEFAULT_LIMIT, "limit");
    this.skip = intParam(request.getValue("skip"), 0, "skip");
    this.count = WhereSql.truthy(request.getValue("count"));
    this.keys = list(request.getValue("keys"));
    this.excludeKeys = list(request.getValue("excludeKeys"));
    this.order = order(request.getValue("order"), whereSql.nearest());
    indexCandidates.addAll(whereSql.filtered());
    sources.add(new Source(MAIN, schema, fields(schema, ""), -1, null, ""));
    includes(list(request.getValue("include")), WhereSql.truthy(request.getValue("includeAll")));
  }

  /** The fields this query filters or orders on that an index could serve. */
  public Set<String> indexCandidates() {
    return indexCandidates;
  }

  public List<String> arrayIncludes() {
    return arrayIncludes;
  }

  /**
   * The find of the objects with these ids in a class, as the same caller (so its ACL applies), for
   * replacing pointers inside arrays; null when the class does not exist.
   */
  public FindQuery byIds(String className, java.util.Collection<String> ids) {
    ClassSchema target = schemas.get(className);
    if (target == null) {
      return null;
    }
    JsonObject where = new JsonObject().put("objectId", new JsonObject().put("$in", new JsonArray(new ArrayList<>(ids))));
    return new FindQuery(schemas, values, target, new JsonObject().put("where", where).put("limit", ids.size()), aclNames);
  }

  public ClassSchema schema() {
    return schema;
  }

  public boolean count() {
    return count;
  }

  public int limit() {
    return limit;
  }

  public Tuple params() {
    return params.tuple();
  }

  public String selectSql() {
    if (selectSql == null) {
      selectSql = buildSelectSql();
    }
    return selectSql;
  }

  private String buildSelectSql() {
    StringBuilder sql = new StringBuilder(schema.sqlTag()).append("SELECT ");
    boolean first = true;
    for (Source source : sources) {
      for (String column : columns(source)) {
        sql.append(first ? "" : ", ").append(source.alias()).append('.').append(Names.quote(column));
        first = false;
      }
    }
    sql.append(" FROM ").append(Names.quote(schema.className())).append(' ').append(MAIN);
    for (Source source : sources.subList(1, sources.size())) {
      Source parent = sources.get(source.parent());
      sql.append(" LEFT JOIN ").append(Names.quote(source.schema().className())).append(' ').append(source.alias())
          .append(" ON ").append(source.alias()).append(".\"objectId\" = ").append(parent.alias()).append('.')
          .append(Names.quote(source.pointerField()));
      String acl = readable.readable(source.alias());
      if (!acl.isEmpty()) {
        // an included object the caller may not read stays a pointer
        sql.append(" AND ").append(acl);
      }
    }
    sql.append(" WHERE ").append(where).append(order).append(" LIMIT ").append(limit);
    if (skip > 0) {
      sql.append(" OFFSET ").append(skip);
    }
    return sql.toString();
  }

  public String countSql() {
    return "SELECT count(*) FROM " + Names.quote(schema.className()) + " " + MAIN + " WHERE " + where;
  }

  /** The values of the count statement: the where clause's only (the order may bind more). */
  public Tuple countParams() {
    Tuple tuple = Tuple.tuple();
    for (int i = 0; i < whereParams; i++) {
      tuple.addValue(params.tuple().getValue(i));
    }
    return tuple;
  }

  /** A row of {@link #selectSql()} as the Parse object, with included pointers replaced by their objects. */
  public JsonObject decode(Row row) {
    List<JsonObject> objects = new ArrayList<>();
    int index = 0;
    for (Source source : sources) {
      List<String> columns = columns(source);
      JsonObject object = decodeColumns(source.schema(), row, index, columns);
      index += columns.size();
      objects.add(object);
      if (source.parent() >= 0) {
        JsonObject parent = objects.get(source.parent());
        if (parent != null && object != null && parent.getValue(source.pointerField()) instanceof JsonObject) {
          parent.put(source.pointerField(), object.put("__type", "Object").put("className", source.schema().className()));
        }
      }
    }
    return objects.get(0);
  }

  private JsonObject decodeColumns(ClassSchema schema, Row row, int start, List<String> columns) {
    if (row.getValue(start + columns.indexOf("objectId")) == null) {
      return null;
    }
    JsonObject object = new JsonObject();
    String[] read = null;
    String[] write = null;
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      Object value = row.getValue(start + i);
      switch (column) {
        case "_rperm" -> read = (String[]) value;
        case "_wperm" -> write = (String[]) value;
        case "createdAt", "updatedAt" -> object.put(column, ParseValues.formatDate(((java.time.OffsetDateTime) value).toInstant()));
        default -> {
          if (value != null) {
            object.put(column, values.fromSql(schema.field(column), value));
          }
        }
      }
    }
    JsonObject acl = Acl.toJson(read, write);
    if (acl != null) {
      object.put("ACL", acl);
    }
    schema.fields().forEach((name, type) -> {
      if (type.type().equals("Relation") && (keys.isEmpty() || keys.contains(name)) && !excludeKeys.contains(name)) {
        object.put(name, new JsonObject().put("__type", "Relation").put("className", type.targetClass()));
      }
    });
    return object;
  }

  /** The table's columns to select: the system ones, then the fields asked for. */
  private static List<String> columns(Source source) {
    List<String> columns = new ArrayList<>(List.of("objectId", "createdAt", "updatedAt", "_rperm", "_wperm"));
    columns.addAll(source.fields());
    return columns;
  }

  /** The stored fields of a class that the keys and excludeKeys for this include path leave. */
  private List<String> fields(ClassSchema target, String path) {
    Set<String> wanted = null;
    if (!keys.isEmpty()) {
      wanted = new LinkedHashSet<>();
      for (String key : keys) {
        if (path.isEmpty() || key.startsWith(path + ".")) {
          String rest = path.isEmpty() ? key : key.substring(path.length() + 1);
          wanted.add(rest.split("\\.")[0]);
        }
      }
      if (!path.isEmpty() && wanted.isEmpty()) {
        wanted = null; // nothing asked of the included object: all of it
      }
    }
    Set<String> hidden = aclNames == null ? Set.of() : ClassPermissions.protectedFields(target, aclNames);
    List<String> fields = new ArrayList<>();
    for (Map.Entry<String, FieldType> field : target.fields().entrySet()) {
      String name = field.getKey();
      if (field.getValue().sqlType() == null || ALWAYS.contains(name) || hidden.contains(name)) {
        continue;
      }
      if (wanted != null && !wanted.contains(name)) {
        continue;
      }
      if (path.isEmpty() && excludeKeys.contains(name)) {
        continue;
      }
      fields.add(name);
    }
    return fields;
  }

  private void includes(Set<String> paths, boolean all) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String path : paths) {
      if (path.equals("*")) {
        all = true;
      } else {
        // "a.b.c" includes a, a.b and a.b.c
        String[] parts = path.split("\\.");
        for (int i = 1; i <= parts.length; i++) {
          wanted.add(String.join(".", java.util.Arrays.copyOf(parts, i)));
        }
      }
    }
    if (all) {
      schema.fields().forEach((name, type) -> {
        if (type.type().equals("Pointer")) {
          wanted.add(name);
        }
      });
    }
    Map<String, Integer> byPath = new HashMap<>();
    byPath.put("", 0);
    wanted.stream().sorted((a, b) -> Integer.compare(a.split("\\.").length, b.split("\\.").length)).forEach(path -> {
      int dot = path.lastIndexOf('.');
      String parentPath = dot < 0 ? "" : path.substring(0, dot);
      String field = dot < 0 ? path : path.substring(dot + 1);
      Integer parent = byPath.get(parentPath);
      if (parent == null || !field.matches("[A-Za-z][A-Za-z0-9_]*")) {
        return;
      }
      FieldType type = sources.get(parent).schema().field(field);
      if (type == null || !sources.get(parent).fields().contains(field)) {
        return;
      }
      if (type.type().equals("Array") && parent == 0) {
        arrayIncludes.add(field);
        return;
      }
      if (!type.type().equals("Pointer")) {
        return;
      }
      ClassSchema target = schemas.get(type.targetClass());
      if (target == null) {
        return;
      }
      byPath.put(path, sources.size());
      sources.add(new Source("i" + sources.size(), target, fields(target, path), parent, field, path));
    });
  }

  private String order(Object order, String nearest) {
    List<String> terms = new ArrayList<>();
    for (String key : list(order)) {
      boolean descending = key.startsWith("-");
      String field = descending ? key.substring(1) : key;
      String direction = descending ? " DESC" : " ASC";
      int dot = field.indexOf('.');
      if (dot > 0) {
        String top = Names.checkField(field.substring(0, dot));
        FieldType type = schema.field(top);
        if (type != null && type.type().equals("Object")) {
          terms.add("(" + MAIN + "." + Names.quote(top) + " #> " + params.bind(field.substring(dot + 1).split("\\.")) + "::text[])" + direction);
        }
        continue;
      }
      if (field.equals("$score")) {
        continue;
      }
      Names.checkField(field);
      FieldType type = schema.field(field);
      if (type != null && type.sqlType() != null) {
        terms.add(MAIN + "." + Names.quote(field) + direction);
        if (IndexAdvisor.indexable(type)) {
          indexCandidates.add(field);
        }
      }
    }
    if (terms.isEmpty() && nearest != null) {
      terms.add(nearest + " ASC");
    }
    return terms.isEmpty() ? "" : " ORDER BY " + String.join(", ", terms);
  }

  private static Set<String> list(Object value) {
    Set<String> items = new LinkedHashSet<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> items.add(String.valueOf(item)));
    } else if (value != null) {
      for (String item : String.valueOf(value).split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  /** A where parameter as given (JSON text in a query string, an object in a body) as an object. */
  public static JsonObject where(Object where) {
    return json(where);
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
    } catch (DecodeException | ClassCastException e) {
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
}
