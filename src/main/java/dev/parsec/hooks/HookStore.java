package dev.parsec.hooks;

import dev.parsec.cluster.NodeCache;
import dev.parsec.cluster.NodeDrops;
import dev.parsec.db.ObjectIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hooks in _Hooks, and this node's copy of them for the calls that look one up (every function
 * call and every save or delete of an object). A change is answered once every node dropped its copy.
 */
public final class HookStore {

  private static final String FILE = "@File";
  private static final String CONNECT = "@Connect";
  private static final Set<String> FILE_TRIGGERS = Set.of("beforeSave", "afterSave", "beforeDelete", "afterDelete");

  private static final String SELECT = "SELECT \"functionName\", \"className\", \"triggerName\", \"url\" FROM \"_Hooks\"";
  private static final String INSERT = "INSERT INTO \"_Hooks\" (\"objectId\", \"createdAt\", \"updatedAt\", \"functionName\","
      + " \"className\", \"triggerName\", \"url\") VALUES ($1, $2, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
  private static final String UPDATE_FUNCTION = "UPDATE \"_Hooks\" SET \"url\" = $2, \"updatedAt\" = now() WHERE \"functionName\" = $1";
  private static final String UPDATE_TRIGGER = "UPDATE \"_Hooks\" SET \"url\" = $3, \"updatedAt\" = now()"
      + " WHERE \"className\" = $1 AND \"triggerName\" = $2";
  private static final String DELETE_FUNCTION = "DELETE FROM \"_Hooks\" WHERE \"functionName\" = $1";
  private static final String DELETE_TRIGGER = "DELETE FROM \"_Hooks\" WHERE \"className\" = $1 AND \"triggerName\" = $2";

  private final Pool pool;
  /** Every hook, one entry ("all"): keys "function NAME" and "trigger CLASS TRIGGER" to URLs. */
  private final NodeCache<Map<String, String>> cache;
  private final NodeDrops drops;

  public HookStore(Vertx vertx, Pool pool) {
    this.pool = pool;
    this.cache = NodeCache.of(vertx, "hooks", 1);
    this.drops = new NodeDrops(vertx, "hooks", key -> cache.dropAll());
  }

  /** Answers the other nodes' changes; completes once listening. */
  public Future<Void> listen() {
    return drops.listen();
  }

  /** The URL of the function's hook, or null. */
  public Future<String> functionUrl(String name) {
    return urls().map(urls -> urls.get("function " + name));
  }

  /** The URL of the class's hook for the trigger, or null. */
  public Future<String> triggerUrl(String className, String triggerName) {
    return urls().map(urls -> urls.get(trigger(className, triggerName)));
  }

  /**
   * Whether a class takes the trigger: files take saves and deletes, connections only beforeConnect, and sessions
   * none (as in Parse Server: a session's token would be sent along; a logout's hook is _User's afterLogout).
   */
  static boolean fits(String className, String trigger) {
    if (className.equals("_Session")) {
      return false;
    }
    if (className.equals(FILE)) {
      return FILE_TRIGGERS.contains(trigger);
    }
    return className.equals(CONNECT) == trigger.equals("beforeConnect");
  }

  private Future<Map<String, String>> urls() {
    Map<String, String> cached = cache.get("all");
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long mark = cache.mark();
    return pool.query(SELECT).execute().map(rows -> {
      Map<String, String> read = new HashMap<>();
      for (Row row : rows) {
        if (row.getString(0) != null) {
          read.put("function " + row.getString(0), row.getString(3));
        } else if (fits(row.getString(1), row.getString(2))) {
          // a hook stored before its class stopped taking it (a _Session one) is never called
          read.put(trigger(row.getString(1), row.getString(2)), row.getString(3));
        }
      }
      Map<String, String> frozen = Map.copyOf(read);
      cache.putUnlessDropped("all", frozen, mark);
      return frozen;
    });
  }

  /** Every function hook ({functionName, url}) or every trigger hook ({className, triggerName, url}). */
  Future<JsonArray> list(boolean functions) {
    return pool.query(SELECT + (functions ? " WHERE \"functionName\" IS NOT NULL ORDER BY 1"
        : " WHERE \"triggerName\" IS NOT NULL ORDER BY 2, 3")).execute()
        .map(rows -> {
          JsonArray hooks = new JsonArray();
          rows.forEach(row -> hooks.add(toJson(row)));
          return hooks;
        });
  }

  /** The hook's JSON, or null when there is none. */
  Future<JsonObject> find(String functionName, String className, String triggerName) {
    String where = functionName != null ? " WHERE \"functionName\" = $1" : " WHERE \"className\" = $1 AND \"triggerName\" = $2";
    Tuple args = functionName != null ? Tuple.of(functionName) : Tuple.of(className, triggerName);
    return pool.preparedQuery(SELECT + where).execute(args)
        .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /** Adds the hook; false when its function, or its class and trigger, already has one. */
  Future<Boolean> create(String functionName, String className, String triggerName, String url) {
    return changed(pool.preparedQuery(INSERT).execute(Tuple.of(ObjectIds.next(), OffsetDateTime.now(ZoneOffset.UTC),
        functionName, className, triggerName, url)));
  }

  /** Points the hook at url; false when there is no such hook. */
  Future<Boolean> update(String functionName, String className, String triggerName, String url) {
    return changed(functionName != null
        ? pool.preparedQuery(UPDATE_FUNCTION).execute(Tuple.of(functionName, url))
        : pool.preparedQuery(UPDATE_TRIGGER).execute(Tuple.of(className, triggerName, url)));
  }

  Future<Boolean> delete(String functionName, String className, String triggerName) {
    return changed(functionName != null
        ? pool.preparedQuery(DELETE_FUNCTION).execute(Tuple.of(functionName))
        : pool.preparedQuery(DELETE_TRIGGER).execute(Tuple.of(className, triggerName)));
  }

  private Future<Boolean> changed(Future<RowSet<Row>> write) {
    return write.compose(rows -> drops.announce("all").map(rows.rowCount() > 0));
  }

  private static String trigger(String className, String triggerName) {
    return "trigger " + className + " " + triggerName;
  }

  private static JsonObject toJson(Row row) {
    JsonObject hook = new JsonObject();
    if (row.getString(0) != null) {
      hook.put("functionName", row.getString(0));
    } else {
      hook.put("className", row.getString(1)).put("triggerName", row.getString(2));
    }
    return hook.put("url", row.getString(3));
  }
}
