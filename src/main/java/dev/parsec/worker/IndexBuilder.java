package dev.parsec.worker;

import dev.parsec.schema.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the indexes {@link dev.parsec.query.IndexAdvisor} asks for: only on tables with enough rows
 * to need one, only where no index starts with the field, with CREATE INDEX CONCURRENTLY so writes
 * go on meanwhile, one at a time, and never on a table another node is indexing (advisory lock).
 */
final class IndexBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);
  private static final String MISSING = "SELECT NOT EXISTS (SELECT 1 FROM pg_index i"
      + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
      + " WHERE i.indrelid = c.oid AND a.attname = $2)"
      + " AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $2 AND NOT a.attisdropped)"
      + " FROM pg_class c WHERE c.oid = to_regclass(quote_ident($1))";

  private final Pool pool;
  private final long minRows;
  private Future<Boolean> queue = Future.succeededFuture(false);

  IndexBuilder(Pool pool, long minRows) {
    this.pool = pool;
    this.minRows = minRows;
  }

  Future<Boolean> build(JsonObject request) {
    String className = request.getString("className");
    String field = request.getString("field");
    if (!Names.isClass(className) || !Names.isField(field)) {
      // refused, as a failure the caller logs, rather than thrown out of the event bus consumer
      return Future.failedFuture("not a class and field name: " + className + "." + field);
    }
    // builds wait for every other open transaction, so a session waiting on a lock would deadlock
    // one: builds queue up here, and another node's build on the same table makes this one skip
    queue = queue.transform(previous -> build(className, field));
    return queue;
  }

  private Future<Boolean> build(String className, String field) {
    String lockKey = "index:" + className;
    return pool.withConnection(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock(hashtext($1))").execute(Tuple.of(lockKey))
        .compose(locked -> {
          if (!locked.iterator().next().getBoolean(0)) {
            return Future.succeededFuture(false);
          }
          // the count stops at minRows, so it stays cheap however big the table
          String bigEnough = "SELECT count(*) >= $1 FROM (SELECT 1 FROM " + Names.quote(className) + " LIMIT $1) s";
          return conn.preparedQuery(MISSING).execute(Tuple.of(className, field))
              .compose(rows -> rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0))
                  ? conn.preparedQuery(bigEnough).execute(Tuple.of(minRows)).map(count -> count.iterator().next().getBoolean(0))
                  : Future.succeededFuture(false))
              .compose(needed -> {
                if (!needed) {
                  return Future.succeededFuture(false);
                }
                String name = indexName(className, field);
                String sql = "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + Names.quote(name) + " ON "
                    + Names.quote(className) + " (" + Names.quote(field) + ")";
                // the column's statistics first: on a table never analyzed (autovacuum off, or not come round yet)
                // the planner guesses a range's rows and may scan and sort thousands of rows rather than walk the
                // index to a LIMIT. First, because the index invalidates the plans of statements that connections
                // have prepared, and they are planned again then; an ANALYZE after it may not, and a plan made in
                // between, without statistics, would be kept however big the table grows.
                return conn.query("ANALYZE " + Names.quote(className)).execute()
                    .compose(v -> conn.query(sql).execute())
                    .map(v -> {
                      LOG.info("built index {} on {}.{}, which queries filter or order on", name, className, field);
                      return true;
                    });
              })
              .eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock(hashtext($1))").execute(Tuple.of(lockKey)));
        }));
  }

  /** PostgreSQL names are at most 63 bytes; a hash keeps long ones unique. */
  static String indexName(String className, String field) {
    String name = "_auto_" + className + "_" + field;
    if (name.length() <= 63) {
      return name;
    }
    return name.substring(0, 54) + "_" + Integer.toHexString((className + "." + field).hashCode());
  }
}
