package dev.parsec.schema;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node's cached class schemas, shared by all its verticles, so that dropping a class from it
 * once drops it for every request the node serves next.
 */
final class SchemaCache implements Shareable {

  private final Map<String, ClassSchema> schemas = new ConcurrentHashMap<>();
  /** Counts dropped entries, so that a read which raced with a change does not cache what it read. */
  private final AtomicLong drops = new AtomicLong();
  /** Whether every class is cached (queries reaching into other classes need them all). */
  private volatile boolean complete;

  private SchemaCache() {
  }

  /** The node's cache, made by whichever verticle asks first. */
  static SchemaCache of(Vertx vertx) {
    LocalMap<String, SchemaCache> holder = vertx.sharedData().getLocalMap("parsec.schema.cache");
    SchemaCache fresh = new SchemaCache();
    SchemaCache existing = holder.putIfAbsent("cache", fresh);
    return existing == null ? fresh : existing;
  }

  ClassSchema get(String className) {
    return schemas.get(className);
  }

  /** A mark to give {@link #putUnlessDropped} for a schema read after it. */
  long mark() {
    return drops.get();
  }

  void putUnlessDropped(String className, ClassSchema schema, long mark) {
    if (drops.get() == mark) {
      schemas.put(className, schema);
    }
  }

  void drop(String className) {
    drops.incrementAndGet();
    complete = false;
    schemas.remove(className);
  }

  /** Every class, when all of them are cached; else null. */
  Map<String, ClassSchema> allIfComplete() {
    return complete ? schemas : null;
  }

  /** Replaces the cache with every class read after the mark, unless a change came in between. */
  Map<String, ClassSchema> putAllUnlessDropped(java.util.List<ClassSchema> all, long mark) {
    Map<String, ClassSchema> read = new java.util.HashMap<>();
    all.forEach(schema -> read.put(schema.className(), schema));
    if (drops.get() == mark) {
      schemas.keySet().retainAll(read.keySet());
      schemas.putAll(read);
      complete = drops.get() == mark;
    }
    return read;
  }
}
