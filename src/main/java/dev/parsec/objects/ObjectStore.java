package dev.parsec.objects;

import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes objects of one class table. Every statement is built here from checked names and bound values. */
public final class ObjectStore {

  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final ParseValues values;

  public ObjectStore(Pool pool, ParseValues values) {
    this.pool = pool;
    this.values = values;
  }

  public static String newObjectId() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }

  /** Inserts a new object; answers its objectId and createdAt. */
  public Future<JsonObject> create(ClassSchema schema, WriteBody write) {
    String objectId = newObjectId();
    OffsetDateTime now = now();
    List<String> columns = new ArrayList<>(List.of("\"objectId\"", "\"createdAt\"", "\"updatedAt\"", "\"_rperm\"", "\"_wperm\""));
    Tuple params = Tuple.of(objectId, now, now,
        write.acl() == null ? null : write.acl().read(), write.acl() == null ? null : write.acl().write());
    for (FieldChange change : write.changes()) {
      FieldType type = schema.field(change.field());
      if (type == null || type.sqlType() == null) {
        continue;
      }
      columns.add(Names.quote(change.field()));
      params.addValue(initialValue(change, type));
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(Names.quote(schema.className()))
        .append(" (").append(String.join(", ", columns)).append(") VALUES (");
    for (int i = 1; i <= columns.size(); i++) {
      sql.append(i > 1 ? ", $" : "$").append(i);
    }
    sql.append(')');
    return pool.preparedQuery(sql.toString()).execute(params).map(rows -> new JsonObject()
        .put("objectId", objectId)
        .put("createdAt", ParseValues.formatDate(now.toInstant())));
  }

  public Future<JsonObject> get(ClassSchema schema, String objectId) {
    String sql = "SELECT " + columns(schema) + " FROM " + Names.quote(schema.className()) + " WHERE \"objectId\" = $1";
    return pool.preparedQuery(sql).execute(Tuple.of(objectId)).map(rows -> {
      if (rows.size() == 0) {
        throw ParseException.objectNotFound();
      }
      return decode(schema, rows.iterator().next());
    });
  }

  /** Applies the changes atomically in one statement; answers updatedAt and the results of operations. */
  public Future<JsonObject> update(ClassSchema schema, String objectId, WriteBody write) {
    OffsetDateTime now = now();
    Tuple params = Tuple.of(objectId, now);
    StringBuilder set = new StringBuilder("\"updatedAt\" = $2");
    List<FieldChange> reported = new ArrayList<>();
    if (write.acl() != null) {
      params.addValue(write.acl().read()).addValue(write.acl().write());
      set.append(", \"_rperm\" = $3, \"_wperm\" = $4");
    }
    for (FieldChange change : write.changes()) {
      FieldType type = schema.field(change.field());
      if (type == null || type.sqlType() == null) {
        continue;
      }
      String column = Names.quote(change.field());
      set.append(", ").append(column).append(" = ");
      if (change.op() == FieldChange.Op.DELETE) {
        set.append("NULL");
        continue;
      }
      params.addValue(change.op() == FieldChange.Op.SET ? values.toSql(change.field(), type, change.value()) : change.value());
      String p = "$" + params.size();
      set.append(switch (change.op()) {
        case INCREMENT -> "COALESCE(" + column + ", 0) + " + p;
        case ADD -> "COALESCE(" + column + ", '[]'::jsonb) || " + p + "::jsonb";
        case ADD_UNIQUE -> ObjectSql.addUnique(column, p);
        case REMOVE -> ObjectSql.remove(column, p);
        default -> p;
      });
      if (change.reportsResult()) {
        reported.add(change);
      }
    }
    StringBuilder sql = new StringBuilder("UPDATE ").append(Names.quote(schema.className()))
        .append(" SET ").append(set).append(" WHERE \"objectId\" = $1 RETURNING \"updatedAt\"");
    for (FieldChange change : reported) {
      sql.append(", ").append(Names.quote(change.field()));
    }
    return pool.preparedQuery(sql.toString()).execute(params).map(rows -> {
      if (rows.size() == 0) {
        throw ParseException.objectNotFound();
      }
      Row row = rows.iterator().next();
      JsonObject result = new JsonObject().put("updatedAt", ParseValues.formatDate(now.toInstant()));
      for (FieldChange change : reported) {
        result.put(change.field(), values.fromSql(schema.field(change.field()), row.getValue(change.field())));
      }
      return result;
    });
  }

  public Future<Void> delete(ClassSchema schema, String objectId) {
    String sql = "DELETE FROM " + Names.quote(schema.className()) + " WHERE \"objectId\" = $1";
    return pool.preparedQuery(sql).execute(Tuple.of(objectId)).map(rows -> {
      if (rows.rowCount() == 0) {
        throw ParseException.objectNotFound();
      }
      return null;
    });
  }

  /** Runs a translated query; answers the objects and, when asked, the count of all matches. */
  public Future<JsonObject> find(ClassSchema schema, Query query) {
    String table = Names.quote(schema.className());
    Future<JsonArray> results = query.limit() == 0 ? Future.succeededFuture(new JsonArray())
        : pool.preparedQuery("SELECT " + columns(schema) + " FROM " + table + query.whereSql() + query.orderSql()
            + " LIMIT " + query.limit() + (query.skip() > 0 ? " OFFSET " + query.skip() : ""))
            .execute(query.params()).map(rows -> decodeAll(schema, rows, query));
    Future<Long> count = !query.count() ? Future.succeededFuture(null)
        : pool.preparedQuery("SELECT count(*) FROM " + table + query.whereSql())
            .execute(query.params()).map(rows -> rows.iterator().next().getLong(0));
    return Future.all(results, count).map(v -> {
      JsonObject answer = new JsonObject().put("results", results.result());
      if (query.count()) {
        answer.put("count", count.result());
      }
      return answer;
    });
  }

  /**
   * The class's columns by name: a statement naming them keeps its result type when another node
   * adds a column, where SELECT * would fail its cached plan.
   */
  private static String columns(ClassSchema schema) {
    StringBuilder sql = new StringBuilder("\"_rperm\", \"_wperm\"");
    schema.fields().forEach((name, type) -> {
      if (type.sqlType() != null) {
        sql.append(", ").append(Names.quote(name));
      }
    });
    return sql.toString();
  }

  private JsonArray decodeAll(ClassSchema schema, RowSet<Row> rows, Query query) {
    JsonArray out = new JsonArray();
    for (Row row : rows) {
      out.add(query.project(decode(schema, row)));
    }
    return out;
  }

  private JsonObject decode(ClassSchema schema, Row row) {
    JsonObject object = new JsonObject();
    object.put("objectId", row.getString("objectId"));
    object.put("createdAt", ParseValues.formatDate(row.getOffsetDateTime("createdAt").toInstant()));
    object.put("updatedAt", ParseValues.formatDate(row.getOffsetDateTime("updatedAt").toInstant()));
    for (int i = 0; i < row.size(); i++) {
      String column = row.getColumnName(i);
      FieldType type = schema.field(column);
      if (type == null || column.equals("objectId") || column.equals("createdAt") || column.equals("updatedAt")) {
        continue;
      }
      Object value = row.getValue(i);
      if (value != null) {
        object.put(column, values.fromSql(type, value));
      }
    }
    JsonObject acl = Acl.toJson(row.getArrayOfStrings("_rperm"), row.getArrayOfStrings("_wperm"));
    if (acl != null) {
      object.put("ACL", acl);
    }
    return object;
  }

  private Object initialValue(FieldChange change, FieldType type) {
    return switch (change.op()) {
      case SET -> values.toSql(change.field(), type, change.value());
      case INCREMENT -> ((Number) change.value()).doubleValue();
      case ADD -> change.value();
      case ADD_UNIQUE -> distinct((JsonArray) change.value());
      case REMOVE -> new JsonArray();
      case DELETE -> null;
    };
  }

  private static JsonArray distinct(JsonArray items) {
    JsonArray out = new JsonArray();
    for (Object item : items) {
      if (!out.contains(item)) {
        out.add(item);
      }
    }
    return out;
  }

  private static OffsetDateTime now() {
    // PostgreSQL keeps microseconds; Parse dates carry milliseconds, so store what we answer
    long millis = System.currentTimeMillis();
    return OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
