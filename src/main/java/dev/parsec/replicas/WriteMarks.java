package dev.parsec.replicas;

import dev.parsec.access.Access;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The primary's WAL position after each caller's latest write, kept where every node sees it: the
 * cluster's shared map (Hazelcast's, when clustered), written before the write is answered. A caller
 * is its user when signed in (so all of a user's sessions and devices read what any of them wrote),
 * else its installation id, else the master key as one caller; a request with none of these has no
 * mark and reads whatever replica is usable. An entry lives as long as database_replica_max_lag:
 * past it, every replica still used has replayed it.
 */
final class WriteMarks {

  private static final String MAP = "parsec.replicas.last-writes";

  private final Pool primary;
  private final Future<AsyncMap<String, Long>> marks;
  private final long ttlMillis;

  WriteMarks(Vertx vertx, Pool primary, Duration maxLag) {
    this.primary = primary;
    this.marks = vertx.sharedData().getAsyncMap(MAP);
    this.ttlMillis = maxLag.toMillis() + 1000;
  }

  /** The position this caller's reads must see, or -1 when it has written nothing lately (or has no key). */
  Future<Long> lastWrite(Access access) {
    String key = key(access);
    if (key == null) {
      return Future.succeededFuture(-1L);
    }
    return marks.compose(map -> map.get(key)).map(lsn -> lsn == null ? -1L : lsn);
  }

  /**
   * Marks the caller, and the user a login or sign-up answered a session for, as having written up to
   * the primary's present position (insert position: past the write's commit record, whatever the
   * server's synchronous_commit).
   */
  Future<Void> wrote(Access access, Object answer) {
    Set<String> keys = new LinkedHashSet<>();
    String caller = key(access);
    if (caller != null) {
      keys.add(caller);
    }
    String signedIn = userOfSession(answer);
    if (signedIn != null) {
      keys.add("u:" + signedIn);
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return primary.query("SELECT pg_current_wal_insert_lsn()::text").execute()
        .map(rows -> Lsn.parse(rows.iterator().next().getString(0)))
        .compose(lsn -> marks.compose(map -> {
          List<Future<Void>> puts = new ArrayList<>();
          for (String key : keys) {
            // a higher mark already there (the caller's other write, on another node) is not lowered; two
            // writes of one caller answered at the same instant on two nodes can still race here
            puts.add(map.get(key).compose(known -> known != null && known >= lsn ? Future.succeededFuture()
                : map.put(key, lsn, ttlMillis)));
          }
          return Future.all(puts).mapEmpty();
        }));
  }

  static String key(Access access) {
    if (access.userId() != null) {
      return "u:" + access.userId();
    }
    if (access.installationId() != null) {
      return "i:" + access.installationId();
    }
    return access.master() ? "m" : null;
  }

  /** The user of a session an answer hands out: a login or sign-up (the user), a session upgrade (its user pointer). */
  private static String userOfSession(Object answer) {
    if (!(answer instanceof JsonObject body) || !(body.getValue("sessionToken") instanceof String)) {
      return null;
    }
    if (body.getValue("user") instanceof JsonObject user && user.getValue("objectId") instanceof String id) {
      return id;
    }
    return body.getValue("objectId") instanceof String id ? id : null;
  }
}
