package dev.parsec.writes;

import dev.parsec.db.ObjectIds;
import dev.parsec.error.ParseException;
import dev.parsec.schema.ClassSchema;
import dev.parsec.security.Grant;
import dev.parsec.schema.FieldType;
import dev.parsec.schema.Names;
import dev.parsec.schema.ParseValues;
import dev.parsec.web.RecordedWrite;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads and writes objects of class tables. Every statement is built here from checked names and
 * bound values. A write that also changes relations runs in one transaction with them.
 */
public final class ObjectStore {


  private final Pool pool;
  private final ParseValues values;
  private final InsertBatches inserts;

  /**
   * The store of the calling event loop's pool. Creates are batched only with prepared statements: without them
   * (PgBouncer in transaction mode) a batch is not known to go in one implicit transaction, and the rows sent
   * again after a refused batch could find some of theirs committed.
   */
  public ObjectStore(Pool pool, ParseValues values, boolean preparedStatements) {
    this.pool = pool;
    this.values = values;
    this.inserts = preparedStatements ? new InsertBatches(pool) : null;
  }


  /** A new object's INSERT statement, not run yet, and what creating it answers (objectId and createdAt). */
  public record Insert(String sql, Tuple params, JsonObject created) {
  }

  /** Inserts a new object; answers its objectId and createdAt. */
  public Future<JsonObject> create(SqlClient db, ClassSchema schema, WriteBody write) {
    Insert insert = insert(schema, write);
    if (inserts != null && db == pool && !write.changesRelations()) {
      return inserts.insert(insert.sql(), insert.params()).map(v -> insert.created());
    }
    String objectId = insert.created().getString("objectId");
    return atomically(db, write, tx -> tx.preparedQuery(insert.sql()).execute(insert.params())
        .compose(rows -> relations(tx, schema, objectId, write))
        .map(v -> insert.created()));
  }

  /** The statement that creates a new object with no relations (these take statements of their own). */
  public Insert insert(ClassSchema schema, WriteBody write) {
    String objectId = write.objectId() != null ? write.objectId() : ObjectIds.next();
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
    StringBuilder sql = new StringBuilder(schema.sqlTag()).append("INSERT INTO ").append(Names.quote(schema.className()))
        .append(" (").append(String.join(", ", columns)).append(") VALUES (");
    for (int i = 1; i <= columns.size(); i++) {
      sql.append(i > 1 ? ", $" : "$").append(i);
    }
    sql.append(')');
    JsonObject created = new JsonObject().put("objectId", objectId).put("createdAt", ParseValues.formatDate(now.toInstant()));
    return new Insert(sql.toString(), params, created);
  }

  public Future<JsonObject> update(SqlClient db, ClassSchema schema, String objectId, WriteBody write, WriteAccess access) {
    return update(db, schema, objectId, write, access, null);
  }

  /**
   * Applies the changes in one statement (atomic operations included); answers updatedAt and the
   * results of operations. With recorded (an idempotent request), that statement also records the
   * answer, which must then be known before it runs: no operation reporting a result, no relation.
   */
  public Future<JsonObject> update(SqlClient db, ClassSchema schema, String objectId, WriteBody write, WriteAccess access,
                                   RecordedWrite recorded) {
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
    StringBuilder sql = new StringBuilder(schema.sqlTag()).append("UPDATE ").append(Names.quote(schema.className()))
        .append(" SET ").append(set).append(" WHERE \"objectId\" = $1").append(writable(schema, params, access))
        .append(" RETURNING \"updatedAt\", \"_rperm\"");
    for (FieldChange change : reported) {
      sql.append(", ").append(Names.quote(change.field()));
    }
    JsonObject answer = new JsonObject().put("updatedAt", ParseValues.formatDate(now.toInstant()));
    if (recorded != null) {
      if (!reported.isEmpty() || write.changesRelations()) {
        return Future.failedFuture(RecordedWrite.changedMeanwhile());
      }
      return recorded.write(sql.toString(), params, 200, answer, null).map(rows -> {
        if (rows.size() == 0) {
          throw ParseException.objectNotFound();
        }
        return answer;
      });
    }
    return atomically(db, write, tx -> tx.preparedQuery(sql.toString()).execute(params).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ParseException.objectNotFound());
      }
      Row row = rows.iterator().next();
      JsonObject result = answer.copy();
      // an operation's result is answered only where the caller may read it: no hidden value comes back
      boolean readable = access.readable((String[]) row.getValue("_rperm"));
      for (FieldChange change : reported) {
        if (readable && !access.hidden().contains(change.field())) {
          result.put(change.field(), values.fromSql(schema.field(change.field()), row.getValue(change.field())));
        }
      }
      return relations(tx, schema, objectId, write).map(v -> result);
    }));
  }

  public Future<Void> delete(SqlClient db, ClassSchema schema, String objectId, WriteAccess access) {
    return delete(db, schema, objectId, access, null);
  }

  /** Deletes the object; with recorded (an idempotent request), the statement also records the answer. */
  public Future<Void> delete(SqlClient db, ClassSchema schema, String objectId, WriteAccess access, RecordedWrite recorded) {
    Tuple params = Tuple.of(objectId);
    String sql = "DELETE FROM " + Names.quote(schema.className()) + " WHERE \"objectId\" = $1" + writable(schema, params, access);
    Future<RowSet<Row>> deleted = recorded == null ? db.preparedQuery(sql).execute(params)
        : recorded.write(sql + " RETURNING \"objectId\"", params, 200, new JsonObject(), null);
    return deleted.map(rows -> {
      if (rows.rowCount() == 0) {
        throw ParseException.objectNotFound();
      }
      return null;
    });
  }

  /** The objectIds of the class after one (null: from the first), in order, at most limit of them. */
  public Future<List<String>> ids(SqlClient db, ClassSchema schema, String after, int limit) {
    String sql = "SELECT \"objectId\" FROM " + Names.quote(schema.className())
        + (after == null ? "" : " WHERE \"objectId\" > $2") + " ORDER BY \"objectId\" LIMIT $1";
    Tuple params = after == null ? Tuple.of(limit) : Tuple.of(limit, after);
    return db.preparedQuery(sql).execute(params).map(rows -> {
      List<String> ids = new ArrayList<>(rows.size());
      rows.forEach(row -> ids.add(row.getString(0)));
      return ids;
    });
  }

  /** Deletes these objects of the class, whoever may write them (a purge by the master key). */
  public Future<Void> deleteAll(SqlClient db, ClassSchema schema, List<String> objectIds) {
    return db.preparedQuery("DELETE FROM " + Names.quote(schema.className()) + " WHERE \"objectId\" = ANY($1)")
        .execute(Tuple.of(objectIds.toArray(String[]::new))).mapEmpty();
  }

  /**
   * The condition that the caller may write the object: it has no ACL, or its write list names the
   * caller; and under pointer permissions (or a class that serves a client its own objects only) it points
   * to the caller. An object the caller may not write is, to the caller, not found (101), as in Parse Server.
   */
  private static String writable(ClassSchema schema, Tuple params, WriteAccess access) {
    if (access.acl() == null) {
      return "";
    }
    params.addValue(access.acl().toArray(String[]::new));
    StringBuilder sql = new StringBuilder(" AND (\"_wperm\" IS NULL OR \"_wperm\" && $").append(params.size()).append("::text[])");
    Grant grant = access.grant();
    if (grant.requiredOwner() != null) {
      sql.append(" AND ").append(pointsTo(schema, params, grant.requiredOwner(), access.userId()));
    }
    if (!grant.anyOwner().isEmpty()) {
      List<String> any = new ArrayList<>();
      grant.anyOwner().forEach(field -> any.add(pointsTo(schema, params, field, access.userId())));
      sql.append(" AND (").append(String.join(" OR ", any)).append(')');
    }
    return sql.toString();
  }

  /** The condition that a field (a pointer to a user, or an array of them) points to the user. */
  private static String pointsTo(ClassSchema schema, Tuple params, String field, String userId) {
    FieldType type = schema.field(field);
    if (type != null && type.type().equals("Pointer")) {
      params.addValue(userId);
      return Names.quote(field) + " = $" + params.size();
    }
    if (type != null && type.type().equals("Array")) {
      params.addValue(new JsonArray().add(new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", userId)));
      return Names.quote(field) + " @> $" + params.size() + "::jsonb";
    }
    return "FALSE";
  }

  private Future<JsonObject> atomically(SqlClient db, WriteBody write, Function<SqlClient, Future<JsonObject>> work) {
    if (!write.changesRelations() || db != pool) {
      return work.apply(db);
    }
    return pool.withTransaction(work::apply);
  }

  private Future<Void> relations(SqlClient tx, ClassSchema schema, String objectId, WriteBody write) {
    Future<Void> done = Future.succeededFuture();
    for (FieldChange change : write.changes()) {
      if (!change.onRelation()) {
        continue;
      }
      String join = Names.quote(Names.joinTable(schema.className(), change.field()));
      List<Tuple> batch = new ArrayList<>();
      for (Object item : (JsonArray) change.value()) {
        batch.add(Tuple.of(((JsonObject) item).getString("objectId"), objectId));
      }
      String sql = change.op() == FieldChange.Op.ADD_RELATION
          ? "INSERT INTO " + join + " (\"relatedId\", \"owningId\") VALUES ($1, $2) ON CONFLICT DO NOTHING"
          : "DELETE FROM " + join + " WHERE \"relatedId\" = $1 AND \"owningId\" = $2";
      done = done.compose(v -> tx.preparedQuery(sql).executeBatch(batch).mapEmpty());
    }
    return done;
  }

  private Object initialValue(FieldChange change, FieldType type) {
    return switch (change.op()) {
      case SET -> values.toSql(change.field(), type, change.value());
      case INCREMENT -> ((Number) change.value()).doubleValue();
      case ADD -> change.value();
      case ADD_UNIQUE -> distinct((JsonArray) change.value());
      case REMOVE -> new JsonArray();
      default -> null;
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
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis()), ZoneOffset.UTC);
  }
}
