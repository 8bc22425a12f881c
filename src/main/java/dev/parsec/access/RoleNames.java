package dev.parsec.access;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The roles a user holds: those whose users relation names the user, and, up the hierarchy, every
 * role whose roles relation names one of those (child roles inherit their parents' permissions).
 * One recursive query, for one user or many; answers are kept a few seconds per event loop, and dropped
 * on every node as soon as any role is written, so a change of roles applies to the next request.
 */
public final class RoleNames {

  /** Each user's roles, direct and inherited, for a list of users. */
  private static final String ROLES_OF_USERS = "WITH RECURSIVE held(uid, id) AS ("
      + " SELECT \"relatedId\", \"owningId\" FROM \"_Join:users:_Role\" WHERE \"relatedId\" = ANY($1::text[])"
      + " UNION SELECT held.uid, j.\"owningId\" FROM \"_Join:roles:_Role\" j JOIN held ON j.\"relatedId\" = held.id)"
      + " SELECT held.uid, r.\"name\" FROM \"_Role\" r JOIN held ON r.\"objectId\" = held.id WHERE r.\"name\" IS NOT NULL";
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
    return read(userId);
  }

  private Future<List<String>> read(String userId) {
    long now = System.currentTimeMillis();
    return fresh(List.of(userId)).map(byUser -> {
      List<String> names = byUser.get(userId);
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(userId, new Cached(names, now + TTL_MILLIS));
      return names;
    });
  }

  /** The ACL names of each user's roles as PostgreSQL holds them now, in one query; every user asked has an entry. */
  public Future<Map<String, List<String>>> fresh(Collection<String> userIds) {
    return pool.preparedQuery(ROLES_OF_USERS).execute(Tuple.tuple().addArrayOfString(userIds.toArray(String[]::new))).map(rows -> {
      Map<String, List<String>> byUser = new HashMap<>();
      userIds.forEach(userId -> byUser.put(userId, new ArrayList<>()));
      for (Row row : rows) {
        byUser.get(row.getString(0)).add("role:" + row.getString(1));
      }
      byUser.replaceAll((userId, names) -> List.copyOf(names));
      return byUser;
    });
  }
}
