package dev.parsec.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node-wide cache shared by the node's verticles, whose entries are dropped (here, or on every
 * node through {@link NodeDrops}) when what they hold changes. A value read from storage is kept
 * only if nothing was dropped since the read began: a read that raced with a change never caches
 * what it saw before the change.
 */
public final class NodeCache<V> implements Shareable {

  private final Map<String, V> entries = new ConcurrentHashMap<>();
  private final AtomicLong drops = new AtomicLong();
  private final int maxEntries;

  private NodeCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The node's cache of that name, made by whichever verticle asks first; emptied when it would pass maxEntries. */
  @SuppressWarnings("unchecked")
  public static <V> NodeCache<V> of(Vertx vertx, String name, int maxEntries) {
    LocalMap<String, NodeCache<?>> holder = vertx.sharedData().getLocalMap("parsec.node.caches");
    NodeCache<V> fresh = new NodeCache<>(maxEntries);
    NodeCache<?> existing = holder.putIfAbsent(name, fresh);
    return existing == null ? fresh : (NodeCache<V>) existing;
  }

  public V get(String key) {
    return entries.get(key);
  }

  /** A number to give back to {@link #putUnlessDropped}, taken before the read begins. */
  public long mark() {
    return drops.get();
  }

  public void putUnlessDropped(String key, V value, long mark) {
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    if (drops.get() == mark) {
      entries.put(key, value);
    }
  }

  public void drop(String key) {
    drops.incrementAndGet();
    entries.remove(key);
  }

  public void dropAll() {
    drops.incrementAndGet();
    entries.clear();
  }
}
