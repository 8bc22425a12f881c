package dev.parsec.users;

import dev.parsec.access.SessionLookup;
import dev.parsec.cluster.NodeDrops;
import dev.parsec.config.SessionSettings;
import dev.parsec.db.ObjectIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** _Session rows: tokens made, looked up and revoked. */
public final class SessionStore {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionStore.class);


  /** A session token's owner, when the token is known and not expired. */
  public record Session(String objectId, String userId) {
  }

  private final Duration length;
  private final SessionSettings settings;
  /** Where sessions in use are extended, off the request path; null: never. */
  private final Pool pool;
  private final SessionCache cache;
  private final NodeDrops drops;

  SessionStore(Vertx vertx, Duration length, SessionSettings settings, Pool pool) {
    this.length = length;
    this.settings = settings;
    this.pool = settings.extendSessionOnUse() ? pool : null;
    this.cache = SessionCache.of(vertx);
    this.drops = new NodeDrops(vertx, "session", key -> {
      cache.drop(key);
      vertx.eventBus().publish(SessionLookup.ENDED_ADDRESS, SessionCache.revoked(key), new DeliveryOptions().setLocalOnly(true));
    });
  }

  /** Answers other nodes' revocations; completes once listening. */
  Future<Void> listen() {
    return drops.listen();
  }

  /**
   * Drops every cached session of the user on every node; call it once a revocation has committed
   * and before answering, so no node accepts a revoked token afterwards.
   */
  Future<Void> forget(String userId) {
    return drops.announce(SessionCache.user(userId));
  }

  /**
   * Inside the transaction that sets a new password (a reset, or an update): ends every session of the user
   * with revoke_session_on_password_reset (the default); the caller calls {@link #forgetAfterNewPassword} once
   * it commits.
   */
  Future<Void> revokeForNewPassword(SqlClient db, String userId) {
    return settings.revokeSessionOnPasswordReset() ? revokeAll(db, userId) : Future.succeededFuture();
  }

  /** After a new password committed: the revoked sessions dropped on every node (nothing to drop if none were). */
  Future<Void> forgetAfterNewPassword(String userId) {
    return settings.revokeSessionOnPasswordReset() ? forget(userId) : Future.succeededFuture();
  }

  /** "r:" and 32 random bytes in hex: 256 bits, where Parse Server's tokens carry 128. */
  static String newToken() {
    return "r:" + SecretTokens.newToken();
  }

  /** Starts a session for the user; answers its token. */
  public Future<String> create(SqlClient db, String userId, String action, String installationId) {
    return create(db, userId, action, action.equals("upgrade") ? null : "password", installationId);
  }

  /** Starts a session for a user who proved who they are with authProvider (null: none, as for an upgrade). */
  public Future<String> create(SqlClient db, String userId, String action, String authProvider, String installationId) {
    return start(db, userId, action, authProvider, installationId).map(Started::sessionToken);
  }

  /**
   * A session just started, as Parse Server answers one it made for an upgrade: its token, user,
   * createdWith, expiresAt and installationId (when there is one).
   */
  public record Started(String objectId, String sessionToken, JsonObject answer) {
  }

  /** Starts a session (see {@link #create}); answers what it made. */
  Future<Started> start(SqlClient db, String userId, String action, String authProvider, String installationId) {
    String token = newToken();
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.ofEpochMilli(System.currentTimeMillis()), ZoneOffset.UTC);
    JsonObject createdWith = new JsonObject().put("action", action);
    if (authProvider != null) {
      createdWith.put("authProvider", authProvider);
    }
    String objectId = ObjectIds.next();
    OffsetDateTime expires = expiry(now);
    Tuple row = Tuple.of(objectId, now, new String[] {userId}, token, userId, expires)
        .addValue(createdWith).addValue(installationId);
    Future<?> replaced = installationId == null ? Future.succeededFuture()
        : db.preparedQuery(UserSql.DELETE_INSTALLATION_SESSIONS).execute(Tuple.of(userId, installationId));
    JsonObject answer = new JsonObject().put("sessionToken", token).put("user", userPointer(userId))
        .put("createdWith", createdWith);
    if (expires != null) {
      answer.put("expiresAt", date(expires));
    }
    if (installationId != null) {
      answer.put("installationId", installationId);
    }
    return replaced.compose(v -> db.preparedQuery(UserSql.INSERT_SESSION).execute(row)).map(new Started(objectId, token, answer));
  }

  /**
   * When a session started at that moment ends; null without expire_inactive_sessions (it lasts until it is
   * revoked, as in Parse Server).
   */
  OffsetDateTime expiry(OffsetDateTime start) {
    return settings.expireInactiveSessions() ? start.plus(length) : null;
  }

  static JsonObject userPointer(String userId) {
    return new JsonObject().put("__type", "Pointer").put("className", "_User").put("objectId", userId);
  }

  static JsonObject date(OffsetDateTime at) {
    return new JsonObject().put("__type", "Date")
        .put("iso", dev.parsec.schema.ParseValues.formatDate(at.toInstant()));
  }

  /** The session of a token, or null when the token is unknown or expired. */
  public Future<Session> find(SqlClient db, String token) {
    SessionCache.Entry cached = cache.get(token);
    if (cached != null) {
      extendIfDue(token, cached.expiresAtMillis());
      return Future.succeededFuture(new Session(cached.objectId(), cached.userId()));
    }
    long mark = cache.mark();
    return db.preparedQuery(UserSql.SESSION_BY_TOKEN).execute(Tuple.of(token)).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      OffsetDateTime expires = row.getOffsetDateTime("expiresAt");
      String user = row.getString("user");
      if (user == null || (expires != null && !expires.toInstant().isAfter(Instant.now()))) {
        return null;
      }
      long expiresAt = expires == null ? Long.MAX_VALUE : expires.toInstant().toEpochMilli();
      cache.putUnlessDropped(token, new SessionCache.Entry(row.getString("objectId"), user, expiresAt), mark);
      extendIfDue(token, expiresAt);
      return new Session(row.getString("objectId"), user);
    });
  }

  /**
   * With extend_session_on_use, a session in use whose second half has begun is extended by session_length, as
   * Parse Server extends it: one UPDATE per session per half length (not per request), started here and not
   * awaited, one at a time per token on this node; of several nodes only the first finds it still due.
   */
  private void extendIfDue(String token, long expiresAtMillis) {
    long now = System.currentTimeMillis();
    long half = length.toMillis() / 2;
    if (pool == null || expiresAtMillis == Long.MAX_VALUE || expiresAtMillis - now > half || !cache.startExtending(token)) {
      return;
    }
    long mark = cache.mark();
    OffsetDateTime at = OffsetDateTime.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
    pool.preparedQuery(UserSql.EXTEND_SESSION).execute(Tuple.of(token, at.plus(length), at, at.plusNanos(half * 1_000_000)))
        .onComplete(done -> {
          cache.doneExtending(token);
          if (done.failed()) {
            LOG.warn("could not extend a session: {}", done.cause().toString());
            return;
          }
          if (done.result().size() == 0) {
            // revoked, or extended by another node meanwhile: the next use reads it again
            cache.evict(token);
            return;
          }
          Row row = done.result().iterator().next();
          cache.putUnlessDropped(token, new SessionCache.Entry(row.getString("objectId"), row.getString("user"),
              row.getOffsetDateTime("expiresAt").toInstant().toEpochMilli()), mark);
        });
  }

  /** Ends one session (its own statement, committed at once) and drops it on every node. */
  public Future<Void> revoke(SqlClient db, String token) {
    return db.preparedQuery(UserSql.DELETE_SESSION_BY_TOKEN).execute(Tuple.of(token))
        .compose(v -> drops.announce(SessionCache.token(token)));
  }

  /** Ends every session of the user, inside the caller's transaction: the caller {@link #forget}s them once it commits. */
  public Future<Void> revokeAll(SqlClient db, String userId) {
    return db.preparedQuery(UserSql.DELETE_USER_SESSIONS).execute(Tuple.of(userId)).mapEmpty();
  }
}
