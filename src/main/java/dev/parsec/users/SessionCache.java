package dev.parsec.users;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's valid session tokens and their users, shared by its verticles, so most requests with a
 * token need no query. A revocation drops the token (or all of a user's) on every node before it is
 * acknowledged ({@link dev.parsec.cluster.NodeDrops}); a lookup that raced with a drop is not cached.
 */
final class SessionCache implements Shareable {

  private static final int MAX_ENTRIES = 200_000;

  record Entry(String objectId, String userId, long expiresAtMillis) {
  }

  private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
  private final AtomicLong drops = new AtomicLong();
  /** Tokens whose extension (extend_session_on_use) is under way on this node. */
  private final java.util.Set<String> extending = ConcurrentHashMap.newKeySet();

  private SessionCache() {
  }

  static SessionCache of(Vertx vertx) {
    LocalMap<String, SessionCache> holder = vertx.sharedData().getLocalMap("parsec.session.cache");
    SessionCache fresh = new SessionCache();
    SessionCache existing = holder.putIfAbsent("cache", fresh);
    return existing == null ? fresh : existing;
  }

  /** The token's session, unless unknown here or expired. */
  Entry get(String token) {
    Entry entry = byToken.get(token);
    if (entry != null && entry.expiresAtMillis() <= System.currentTimeMillis()) {
      byToken.remove(token);
      return null;
    }
    return entry;
  }

  long mark() {
    return drops.get();
  }

  void putUnlessDropped(String token, Entry entry, long mark) {
    if (byToken.size() >= MAX_ENTRIES) {
      byToken.clear();
    }
    if (drops.get() == mark) {
      byToken.put(token, entry);
    }
  }

  /** Whether this caller may extend the token's session now (no other extension of it under way here). */
  boolean startExtending(String token) {
    return extending.add(token);
  }

  void doneExtending(String token) {
    extending.remove(token);
  }

  /** Forgets a token here only, so that its next use reads it again (not a revocation). */
  void evict(String token) {
    byToken.remove(token);
  }

  /** Drops "token:T" (one session) or "user:U" (every session of a user). */
  void drop(String key) {
    drops.incrementAndGet();
    if (key.startsWith("token:")) {
      byToken.remove(key.substring(6));
    } else if (key.startsWith("user:")) {
      String userId = key.substring(5);
      byToken.values().removeIf(entry -> entry.userId().equals(userId));
    }
  }

  /** What a dropped key revoked, as LiveQuery is told: {"token": T} or {"userId": U}. */
  static JsonObject revoked(String key) {
    return key.startsWith("token:") ? new JsonObject().put("token", key.substring(6))
        : new JsonObject().put("userId", key.substring(5));
  }

  static String token(String token) {
    return "token:" + token;
  }

  static String user(String userId) {
    return "user:" + userId;
  }
}
