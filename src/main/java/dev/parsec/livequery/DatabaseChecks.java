package dev.parsec.livequery;

import dev.parsec.access.Access;
import dev.parsec.livequery.QueryMatcher.DatabaseCheck;
import dev.parsec.query.FindQuery;
import dev.parsec.query.SqlParams;
import dev.parsec.query.WhereSql;
import dev.parsec.replicas.ReadRouting;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.security.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers a subscription's database operators for one object by asking PostgreSQL, as the subscriber
 * reads (so a sub-query never matches on what the subscriber may not read): $inQuery
 * whether the pointed object matches the inner query, $select whether an object of the inner query
 * has the same value, $relatedTo whether the object is in the relation, $text whether the value
 * matches the search as the SQL translation stems it. The answers are what the database holds when
 * the event is delivered, just after the write committed: with read replicas, a replica that has replayed
 * everything committed before the event reached this node, else the primary.
 */
final class DatabaseChecks {

  private final ReadRouting routing;
  private final ParseValues values;

  DatabaseChecks(ReadRouting routing, ParseValues values) {
    this.routing = routing;
    this.values = values;
  }

  /** The answers by argument node (identity), for {@link QueryMatcher#matches(JsonObject, JsonObject, Map)}. */
  Future<Map<JsonObject, Boolean>> answer(Map<String, ClassSchema> schemas, String className, JsonObject object,
                                          JsonObject where, Access access) {
    if (object == null) {
      return Future.succeededFuture(Map.of());
    }
    List<DatabaseCheck> checks = QueryMatcher.databaseChecks(object, where);
    if (checks.isEmpty()) {
      return Future.succeededFuture(new IdentityHashMap<>());
    }
    // now is after the event's write committed: it reached this node once committed
    long arrived = System.nanoTime();
    return routing.readAfter(arrived, db -> {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (DatabaseCheck check : checks) {
        answers.add(answer(db, schemas, className, check, access));
      }
      return Future.all(answers).map(done -> {
        Map<JsonObject, Boolean> byArg = new IdentityHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
          byArg.put(checks.get(i).arg(), answers.get(i).result());
        }
        return byArg;
      });
    });
  }

  private Future<Boolean> answer(SqlClient db, Map<String, ClassSchema> schemas, String className, DatabaseCheck check,
                                 Access access) {
    JsonObject arg = check.arg();
    Object value = check.value();
    return switch (check.op()) {
      case "$inQuery", "$notInQuery" -> {
        JsonObject pointer = value instanceof JsonObject p && "Pointer".equals(p.getString("__type")) ? p : null;
        if (pointer == null || !pointer.getString("className", "").equals(arg.getString("className"))) {
          yield Future.succeededFuture(check.op().equals("$notInQuery"));
        }
        yield exists(db, schemas, pointer.getString("className"),
            new JsonObject().put("objectId", pointer.getString("objectId")), arg.getValue("where"), access)
            .map(found -> found != check.op().equals("$notInQuery"));
      }
      case "$select", "$dontSelect" -> {
        JsonObject query = arg.getJsonObject("query", new JsonObject());
        if (value == null || !(arg.getValue("key") instanceof String key)) {
          yield Future.succeededFuture(check.op().equals("$dontSelect"));
        }
        yield exists(db, schemas, query.getString("className"), new JsonObject().put(key, value), query.getValue("where"), access)
            .map(found -> found != check.op().equals("$dontSelect"));
      }
      case "$text" -> {
        if (!(value instanceof String text)) {
          yield Future.succeededFuture(false);
        }
        SqlParams params = new SqlParams();
        String sql = WhereSql.textMatch(params, text, arg);
        yield db.preparedQuery("SELECT " + sql).execute(params.tuple()).map(rows -> rows.iterator().next().getBoolean(0));
      }
      default -> value == null ? Future.succeededFuture(false)
          : exists(db, schemas, className, new JsonObject().put("objectId", value), new JsonObject().put("$relatedTo", arg), access);
    };
  }

  /**
   * Whether an object of the class matches both conditions, as the subscriber reads (the read path's
   * rules: a class it may not find fails the check, and the event is not sent).
   */
  private Future<Boolean> exists(SqlClient db, Map<String, ClassSchema> schemas, String className, JsonObject condition, Object where,
                                 Access access) {
    ClassSchema schema = className == null ? null : schemas.get(className);
    if (schema == null) {
      return Future.succeededFuture(false);
    }
    JsonObject both = new JsonObject().put("$and", new JsonArray().add(condition).add(FindQuery.where(where)));
    FindQuery find;
    try {
      find = new FindQuery(schemas, values, schema, new JsonObject().put("where", both).put("limit", 1), access, Operation.FIND);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return db.preparedQuery("SELECT EXISTS (" + find.selectSql() + ")").execute(find.params())
        .map(rows -> rows.iterator().next().getBoolean(0));
  }
}
