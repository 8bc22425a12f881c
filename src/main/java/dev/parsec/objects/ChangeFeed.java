package dev.parsec.objects;

import dev.parsec.db.Transaction;
import dev.parsec.query.FindQuery;
import dev.parsec.schema.ClassSchema;
import dev.parsec.schema.ParseValues;
import dev.parsec.schema.SchemaStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Publishes every committed write to a LiveQuery class once, on the clustered event bus, with the
 * whole object before and after it: every node's LiveQuery then matches it against its own
 * subscribers. The write runs in one transaction between a locking read of the object before and a
 * read after, so the pair is exactly what the write changed. Inside a shared transaction (a
 * transactional batch) the event waits for its commit.
 */
public final class ChangeFeed {

  public static final String ADDRESS = "parsec.livequery.change";

  private final Vertx vertx;
  private final SchemaStore schemas;
  private final ParseValues values;
  private final Pool pool;
  private final Set<String> classes;

  /** @param classes the LiveQuery classes; "*" for all */
  public ChangeFeed(Vertx vertx, SchemaStore schemas, ParseValues values, Pool pool, Set<String> classes) {
    this.vertx = vertx;
    this.schemas = schemas;
    this.values = values;
    this.pool = pool;
    this.classes = classes;
  }

  public boolean enabled(String className) {
    return classes.contains(className) || classes.contains("*");
  }

  /**
   * Runs a write of one object (objectId null for a creation, found by idOf from its result) and
   * publishes it once committed; for other classes, just runs it.
   */
  public <T> Future<T> around(SqlClient db, String className, String objectId, String op,
                              Function<SqlClient, Future<T>> write, Function<T, String> idOf) {
    if (!enabled(className)) {
      return write.apply(db);
    }
    AtomicReference<JsonObject> event = new AtomicReference<>();
    return schemas.all().compose(all -> {
      ClassSchema schema = all.get(className);
      FindQuery read = new FindQuery(all, values, schema,
          new JsonObject().put("where", new JsonObject().put("objectId", "")).put("limit", 1));
      Function<SqlClient, Future<T>> work = tx -> one(tx, read, read.selectSql() + " FOR UPDATE", objectId)
          .compose(before -> write.apply(tx).compose(result -> {
            String id = objectId != null ? objectId : idOf.apply(result);
            Future<JsonObject> after = op.equals("delete") ? Future.succeededFuture() : one(tx, read, read.selectSql(), id);
            return after.map(now -> {
              event.set(new JsonObject().put("className", className).put("op", op)
                  .put("object", now != null ? now : before).put("original", before));
              return result;
            });
          }));
      return db == pool ? pool.withTransaction(work::apply) : work.apply(db);
    }).onSuccess(result -> Transaction.afterCommit(db, () -> vertx.eventBus().publish(ADDRESS, event.get())));
  }

  private static Future<JsonObject> one(SqlClient db, FindQuery read, String sql, String objectId) {
    if (objectId == null) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(sql).execute(Tuple.of(objectId))
        .map(rows -> rows.size() == 0 ? null : read.decode(rows.iterator().next()));
  }
}
