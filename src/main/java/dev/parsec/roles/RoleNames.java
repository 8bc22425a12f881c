package dev.parsec.roles;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles a user holds: those whose users relation names the user, and, up the hierarchy, every
 * role whose roles relation names one of those (child roles inherit their parents' permissions).
 * One recursive query; answers are kept a few seconds per event loop, and dropped on every node as
 * soon as any role is written, so a change of roles applies to the next request.
 */
public final class RoleNames {

  private static final String ROLES_OF_USER = "WITH RECURSIVE held(id) AS ("
      + " SELECT \"owningId\" FROM \"_Join:users:_Role\" WHERE \"relatedId\" = $1"
      + " UNION SELECT j.\"owningId\" FROM \"_Join:roles:_Role\" j JOIN held ON j.\"relatedId\" = held.id)"
      + " SELECT r.\"name\" FROM \"_Role\" r JOIN held ON r.\"objectId\" = held.id WHERE r.\"name\" IS NOT NULL";
  private static final long TTL_MILLIS = 5_000;
  private static final int MAX_CACHED = 10_000;

  private record Cached(List<String> names, long expires) {
  }

  public static final String CHANGED_ADDRESS = "parsec.roles.changed";

  private final Pool pool;
  private final Map<String, Cached> cache = new HashMap<>();

  public RoleNames(Pool pool) {
    this.pool = pool;
  }

  /** Drops the cache whenever a role is written on any node; completes once listening. */
  public Future<Void> listen(io.vertx.core.Vertx vertx) {
    return vertx.eventBus().consumer(CHANGED_ADDRESS, message -> cache.clear()).completion();
  }

  /** The ACL names of the user's roles ("role:Name"); called on one event loop only. */
  public Future<List<String>> of(String userId) {
    Cached cached = cache.get(userId);
    if (cached != null && cached.expires() > System.currentTimeMillis()) {
      return Future.succeededFuture(cached.names());
    }
    return fresh(userId);
  }

  /** The ACL names of the user's roles as PostgreSQL holds them now, whatever is cached. */
  public Future<List<String>> fresh(String userId) {
    long now = System.currentTimeMillis();
    return pool.preparedQuery(ROLES_OF_USER).execute(Tuple.of(userId)).map(rows -> {
      List<String> names = new ArrayList<>();
      for (Row row : rows) {
        names.add("role:" + row.getString(0));
      }
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(userId, new Cached(List.copyOf(names), now + TTL_MILLIS));
      return names;
    });
  }
}
