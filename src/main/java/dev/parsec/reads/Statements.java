package dev.parsec.reads;

import dev.parsec.error.ParseException;
import dev.parsec.query.FindQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs a {@link FindQuery}'s statements and turns their rows into Parse objects. */
final class Statements {

  private Statements() {
  }

  /** Runs a find; answers {"results": [...]} and, when asked, the exact "count" of all matches. */
  static Future<JsonObject> find(SqlClient db, FindQuery query) {
    Future<JsonArray> results = query.limit() == 0 ? Future.succeededFuture(new JsonArray())
        : db.preparedQuery(query.selectSql()).execute(query.params()).map(rows -> {
          JsonArray out = new JsonArray();
          for (Row row : rows) {
            out.add(query.decode(row));
          }
          return out;
        }).compose(out -> includeArrays(db, query, out));
    Future<Long> count = !query.count() ? Future.succeededFuture()
        : db.preparedQuery(query.countSql()).execute(query.countParams()).map(rows -> rows.iterator().next().getLong(0));
    return Future.all(results, count).map(v -> {
      JsonObject answer = new JsonObject().put("results", results.result());
      if (query.count()) {
        answer.put("count", count.result());
      }
      return answer;
    });
  }

  /** The one object a find by objectId selects (its where clause binds only the id), or 101. */
  static Future<JsonObject> first(SqlClient db, FindQuery query, Tuple objectId) {
    return db.preparedQuery(query.selectSql()).execute(objectId).map(rows -> {
      if (rows.size() == 0) {
        throw ParseException.objectNotFound();
      }
      return query.decode(rows.iterator().next());
    }).compose(object -> includeArrays(db, query, new JsonArray().add(object)).map(one -> one.getJsonObject(0)));
  }

  /**
   * Replaces the pointers inside included Array fields by their objects. An array may point into
   * several classes, which only its values tell, so this costs one query per class pointed into
   * (not per object); pointers the caller may not read stay pointers.
   */
  private static Future<JsonArray> includeArrays(SqlClient db, FindQuery query, JsonArray results) {
    if (query.arrayIncludes().isEmpty() || results.isEmpty()) {
      return Future.succeededFuture(results);
    }
    Map<String, Set<String>> idsByClass = new HashMap<>();
    for (Object result : results) {
      for (String field : query.arrayIncludes()) {
        if (((JsonObject) result).getValue(field) instanceof JsonArray items) {
          for (Object item : items) {
            if (item instanceof JsonObject pointer && "Pointer".equals(pointer.getString("__type"))
                && pointer.getValue("className") instanceof String className && pointer.getValue("objectId") instanceof String id) {
              idsByClass.computeIfAbsent(className, c -> new HashSet<>()).add(id);
            }
          }
        }
      }
    }
    Map<String, JsonObject> found = new HashMap<>();
    List<Future<?>> lookups = new ArrayList<>();
    idsByClass.forEach((className, ids) -> {
      FindQuery byIds = query.byIds(className, ids);
      if (byIds != null) {
        lookups.add(db.preparedQuery(byIds.selectSql()).execute(byIds.params()).onSuccess(rows -> {
          for (Row row : rows) {
            JsonObject object = byIds.decode(row);
            found.put(className + ":" + object.getString("objectId"), object.put("__type", "Object").put("className", className));
          }
        }));
      }
    });
    return Future.all(lookups).map(v -> {
      for (Object result : results) {
        for (String field : query.arrayIncludes()) {
          if (((JsonObject) result).getValue(field) instanceof JsonArray items) {
            JsonArray replaced = new JsonArray();
            for (Object item : items) {
              JsonObject object = item instanceof JsonObject pointer && "Pointer".equals(pointer.getString("__type"))
                  ? found.get(pointer.getString("className") + ":" + pointer.getString("objectId")) : null;
              replaced.add(object != null ? object.copy() : item);
            }
            ((JsonObject) result).put(field, replaced);
          }
        }
      }
      return results;
    });
  }

}
