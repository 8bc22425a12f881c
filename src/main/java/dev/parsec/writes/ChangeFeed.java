package dev.parsec.writes;

import dev.parsec.db.Transaction;
import dev.parsec.query.FindQuery;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Set;

/**
 * The change events of writes to LiveQuery classes: inside the write's transaction, the object is read
 * (and locked) before the write and read again after it, so the pair is exactly what the write changed;
 * once the transaction committed, the pair is published once on the clustered event bus, with the class's
 * permissions as the write saw them (events are judged by the permissions in force when their write
 * committed, not by a change made after it). Every node's LiveQuery matches it against its own subscribers.
 */
public final class ChangeFeed {

  public static final String ADDRESS = "parsec.livequery.change";

  private final Vertx vertx;
  private final ParseValues values;
  private final Set<String> classes;

  /** @param classes the LiveQuery classes; "*" for all */
  public ChangeFeed(Vertx vertx, ParseValues values, Set<String> classes) {
    this.vertx = vertx;
    this.values = values;
    this.classes = classes;
  }

  public boolean enabled(String className) {
    return classes.contains(className) || classes.contains("*");
  }

  /** The object as the transaction holds it before the write, locked until it ends; null for a new one. */
  Future<JsonObject> before(SqlClient tx, Map<String, ClassSchema> all, ClassSchema schema, String objectId) {
    return objectId == null ? Future.succeededFuture() : read(tx, all, schema, objectId, " FOR UPDATE");
  }

  /** The event of a write of the object (op: create, update or delete), the object read again after it. */
  Future<JsonObject> event(SqlClient tx, Map<String, ClassSchema> all, ClassSchema schema, String objectId, String op,
                           JsonObject before) {
    Future<JsonObject> after = op.equals("delete") ? Future.succeededFuture() : read(tx, all, schema, objectId, "");
    return after.map(now -> new JsonObject().put("className", schema.className()).put("op", op)
        .put("object", now != null ? now : before).put("original", before)
        .put("permissions", schema.classLevelPermissions()));
  }

  /** Publishes an event once db's writes committed (at once outside a shared transaction). */
  void publish(SqlClient db, JsonObject event) {
    Transaction.afterCommit(db, () -> vertx.eventBus().publish(ADDRESS, event));
  }

  private Future<JsonObject> read(SqlClient tx, Map<String, ClassSchema> all, ClassSchema schema, String objectId, String lock) {
    FindQuery read = new FindQuery(all, values, schema,
        new JsonObject().put("where", new JsonObject().put("objectId", "")).put("limit", 1));
    return tx.preparedQuery(read.selectSql() + lock).execute(Tuple.of(objectId))
        .map(rows -> rows.size() == 0 ? null : read.decode(rows.iterator().next()));
  }
}
