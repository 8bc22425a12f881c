package dev.parsec.query;

import dev.parsec.access.Access;
import dev.parsec.access.Acl;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import dev.parsec.security.Grant;
import dev.parsec.security.Operation;
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
 *
 * <p>The statement reads as its caller may ({@link Visibility}): rows its grant and ACL allow, fields not
 * hidden from it, at every table it touches. The class's own rows need the operation asked (get, find or
 * count; refused: the query fails); an included pointer needs get on its class, and stays a pointer where
 * that is refused or the object is not readable; a sub-query needs find on its class (refused: the query
 * fails, whatever the data). Filtering or sorting on a hidden field fails (119), and keys simply leave
 * hidden fields out.
 */
public final class FindQuery {

  public static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMS = Set.of("where", "order", "limit", "skip", "count", "keys",
      "excludeKeys", "include", "readPreference", "includeReadPreference", "subqueryReadPreference", "hint",
      "explain", "includeAll");
  private static final Set<String> ALWAYS = Set.of("objectId", "createdAt", "updatedAt", "ACL");
  private static final List<String> SYSTEM_COLUMNS = List.of("objectId", "createdAt", "updatedAt", "_rperm", "_wperm");
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
  private final Visibility visibility;
  private final Access access;
  /** Top-level Array fields whose pointers to include: their classes are only known from the values. */
  private final List<String> arrayIncludes = new ArrayList<>();
  private String selectSql;
  /** The selected tables: the class itself first, then each included pointer. */
  private final List<Source> sources = new ArrayList<>();

  /** One table in the statement and the columns selected from it, by field name. */
  private record Source(String alias, ClassSchema schema, Map<String, String> fields, int parent, String pointerField,
                        String path, Grant grant) {
  }

  /** A find by the master key, which reads everything. */
  public FindQuery(Map<String, ClassSchema> schemas, ParseValues values, ClassSchema schema, JsonObject request) {
    this(schemas, values, schema, request, Access.MASTER, Operation.FIND);
  }

  /**
   * A find by the caller, for the operation on the class (get, find or count); fails when the caller may
   * not perform it, or asks what it may not see.
   */
  public FindQuery(Map<String, ClassSchema> schemas, ParseValues values, ClassSchema schema, JsonObject request,
                   Access access, Operation operation) {
    this.schemas = schemas;
    this.values = values;
    this.schema = schema;
    for (String name : request.fieldNames()) {
      if (!PARAMS.contains(name)) {
        throw new ParseException(ParseException.INVALID_QUERY, "Invalid parameter for query: " + name);
      }
    }
    this.access = access;
    this.visibility = new Visibility(access, params);
    Grant grant = visibility.grant(schema, operation);
    JsonObject filter = json(request.getValue("where"));
    if (access.signedIn() && filter.size() == 1 && access.userId().equals(filter.getValue("objectId"))) {
      visibility.ownRow(MAIN);
    }
    WhereSql whereSql = new WhereSql(schemas, values, params, visibility);
    String condition = whereSql.translate(schema, MAIN, filter);
    String rows = visibility.rows(MAIN, schema, grant);
    this.where = rows.isEmpty() ? condition : condition + " AND " + rows;
    this.whereParams = params.tuple().size();
    this.limit = intParam(request.getValue("limit"), DEFAULT_LIMIT, "limit");
    this.skip = intParam(request.getValue("skip"), 0, "skip");
    this.count = WhereSql.truthy(request.getValue("count"));
    this.keys = list(request.getValue("keys"));
    this.excludeKeys = list(request.getValue("excludeKeys"));
    this.order = order(request.getValue("order"), whereSql.nearest());
    indexCandidates.addAll(whereSql.filtered());
    sources.add(new Source(MAIN, schema, fields(MAIN, schema, ""), -1, null, "", grant));
    includes(list(request.getValue("include")), WhereSql.truthy(request.getValue("includeAll")));
  }

  /** What a find with these parameters asks of the class: a count alone (limit 0) is a count, else a find. */
  public static Operation operation(JsonObject params) {
    return WhereSql.truthy(params.getValue("count")) && intParam(params.getValue("limit"), DEFAULT_LIMIT, "limit") == 0
        ? Operation.COUNT : Operation.FIND;
  }

  /** The fields this query filters or orders on that an index could serve. */
  public Set<String> indexCandidates() {
    return indexCandidates;
  }

  public List<String> arrayIncludes() {
    return arrayIncludes;
  }

  /**
   * The get of the objects with these ids in a class, as the same caller (so its permissions apply), for
   * replacing pointers inside arrays; null when the class does not exist or the caller may not get from it.
   */
  public FindQuery byIds(String className, java.util.Collection<String> ids) {
    ClassSchema target = schemas.get(className);
    if (target == null) {
      return null;
    }
    JsonObject where = new JsonObject().put("objectId", new JsonObject().put("$in", new JsonArray(new ArrayList<>(ids))));
    try {
      return new FindQuery(schemas, values, target, new JsonObject().put("where", where).put("limit", ids.size()), access,
          Operation.GET);
    } catch (ParseException refused) {
      return null;
    }
  }

  /** Whether the statement binds the caller's user id, so that it cannot serve another caller as it is. */
  public boolean bindsUser() {
    selectSql();
    return visibility.bindsUser();
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
      for (String column : SYSTEM_COLUMNS) {
        sql.append(first ? "" : ", ").append(source.alias()).append('.').append(Names.quote(column));
        first = false;
      }
      for (String selected : source.fields().values()) {
        sql.append(", ").append(selected);
      }
    }
    sql.append(" FROM ").append(Names.quote(schema.className())).append(' ').append(MAIN);
    for (Source source : sources.subList(1, sources.size())) {
      Source parent = sources.get(source.parent());
      sql.append(" LEFT JOIN ").append(Names.quote(source.schema().className())).append(' ').append(source.alias())
          .append(" ON ").append(source.alias()).append(".\"objectId\" = ").append(parent.alias()).append('.')
          .append(Names.quote(source.pointerField()));
      String rows = visibility.rows(source.alias(), source.schema(), source.grant());
      if (!rows.isEmpty()) {
        // an included object the caller may not read stays a pointer
        sql.append(" AND ").append(rows);
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
      if (value == null) {
        // left out, as Parse Server does; createdAt and updatedAt too, null in rows an import or SQL wrote
        continue;
      }
      switch (column) {
        case "_rperm" -> read = (String[]) value;
        case "_wperm" -> write = (String[]) value;
        case "createdAt", "updatedAt" -> object.put(column, ParseValues.formatDate(((java.time.OffsetDateTime) value).toInstant()));
        default -> object.put(column, values.fromSql(schema.field(column), value));
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
    List<String> columns = new ArrayList<>(SYSTEM_COLUMNS);
    columns.addAll(source.fields().keySet());
    return columns;
  }

  /**
   * The stored fields of a class that the keys and excludeKeys for this include path leave, and what to
   * select for each: the caller's hidden fields are left out, or shown only on the rows that show them.
   */
  private Map<String, String> fields(String alias, ClassSchema target, String path) {
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
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, FieldType> field : target.fields().entrySet()) {
      String name = field.getKey();
      if (field.getValue().sqlType() == null || ALWAYS.contains(name)) {
        continue;
      }
      if (wanted != null && !wanted.contains(name)) {
        continue;
      }
      if (path.isEmpty() && excludeKeys.contains(name)) {
        continue;
      }
      String selected = visibility.column(alias, target, name);
      if (selected != null) {
        fields.put(name, selected);
      }
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
      if (type == null || !sources.get(parent).fields().containsKey(field)) {
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
      Grant grant = target == null ? null : includable(target);
      if (grant == null) {
        return; // the pointers stay pointers
      }
      byPath.put(path, sources.size());
      String alias = "i" + sources.size();
      sources.add(new Source(alias, target, fields(alias, target, path), parent, field, path, grant));
    });
  }

  /** The caller's grant to get objects of an included pointer's class, or null when refused. */
  private Grant includable(ClassSchema target) {
    try {
      return visibility.grant(target, Operation.GET);
    } catch (ParseException refused) {
      return null;
    }
  }

  private String order(Object order, String nearest) {
    List<String> terms = new ArrayList<>();
    for (String key : list(order)) {
      boolean descending = key.startsWith("-");
      String field = descending ? key.substring(1) : key;
      String direction = descending ? " DESC" : " ASC";
      if (!field.equals("$score")) {
        visibility.checkFilter(schema, field);
      }
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
