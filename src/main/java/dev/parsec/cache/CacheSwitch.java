package dev.parsec.cache;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether this node may use the object cache, for all its verticles: suspended when any node
 * reports a write Redis missed, resumed once the generation moved on after the last suspension.
 */
final class CacheSwitch implements Shareable {

  private final AtomicLong suspensions = new AtomicLong();
  private volatile boolean suspended;

  static CacheSwitch of(Vertx vertx) {
    LocalMap<String, CacheSwitch> holder = vertx.sharedData().getLocalMap("parsec.cache.switch");
    CacheSwitch fresh = new CacheSwitch();
    CacheSwitch existing = holder.putIfAbsent("switch", fresh);
    return existing == null ? fresh : existing;
  }

  boolean usable() {
    return !suspended;
  }

  boolean suspended() {
    return suspended;
  }

  long suspensions() {
    return suspensions.get();
  }

  void suspend() {
    suspensions.incrementAndGet();
    suspended = true;
  }

  /** Resumes, unless another suspension came after the one the generation bump answered. */
  synchronized boolean resume(long seen) {
    if (suspended && suspensions.get() == seen) {
      suspended = false;
      return true;
    }
    return false;
  }
}
