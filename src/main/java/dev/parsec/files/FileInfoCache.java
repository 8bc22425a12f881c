package dev.parsec.files;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metadata of files a node's disk store has served, shared by its verticles, so that a download
 * needs no metadata read. A stored file never changes, so an entry is only ever removed by a delete;
 * a read that raced with a delete is not cached.
 */
final class FileInfoCache implements Shareable {

  private static final int MAX_ENTRIES = 20_000;

  private final Map<String, FileInfo> byName = new ConcurrentHashMap<>();
  private final AtomicLong drops = new AtomicLong();

  private FileInfoCache() {
  }

  /** The cache of the store under root on this node. */
  static FileInfoCache of(Vertx vertx, String root) {
    LocalMap<String, FileInfoCache> holder = vertx.sharedData().getLocalMap("parsec.files.info");
    FileInfoCache fresh = new FileInfoCache();
    FileInfoCache existing = holder.putIfAbsent(root, fresh);
    return existing == null ? fresh : existing;
  }

  FileInfo get(String name) {
    return byName.get(name);
  }

  /** A number to give back to putUnlessDropped, taken before reading the metadata. */
  long mark() {
    return drops.get();
  }

  void putUnlessDropped(FileInfo info, long mark) {
    if (byName.size() >= MAX_ENTRIES) {
      byName.clear();
    }
    if (drops.get() == mark) {
      byName.put(info.name(), info);
    }
  }

  void drop(String name) {
    drops.incrementAndGet();
    byName.remove(name);
  }
}
