package dev.parsec.hooks;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's copy of the hooks (a small table), shared by its verticles: keys "function NAME" and
 * "trigger CLASS TRIGGER" to URLs. Any change anywhere drops it on every node before it is answered;
 * a read of the table that raced with a drop is not kept.
 */
final class HookCache implements Shareable {

  private volatile Map<String, String> urls;
  private final AtomicLong drops = new AtomicLong();

  private HookCache() {
  }

  static HookCache of(Vertx vertx) {
    LocalMap<String, HookCache> holder = vertx.sharedData().getLocalMap("parsec.hooks");
    HookCache fresh = new HookCache();
    HookCache existing = holder.putIfAbsent("cache", fresh);
    return existing == null ? fresh : existing;
  }

  /** The hooks, or null when they must be read again. */
  Map<String, String> urls() {
    return urls;
  }

  long mark() {
    return drops.get();
  }

  void putUnlessDropped(Map<String, String> read, long mark) {
    if (drops.get() == mark) {
      urls = read;
    }
  }

  void drop(String ignored) {
    drops.incrementAndGet();
    urls = null;
  }

  static String function(String name) {
    return "function " + name;
  }

  static String trigger(String className, String triggerName) {
    return "trigger " + className + " " + triggerName;
  }
}
