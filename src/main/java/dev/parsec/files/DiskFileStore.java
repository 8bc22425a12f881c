package dev.parsec.files;

import dev.parsec.cluster.NodeCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Files in a directory of this node: data/NAME holds the bytes, meta/NAME.json the content type,
 * size, ETag and time. Both are written under tmp/ and moved into place once complete, data first:
 * a file exists once its metadata does, so a failed or half-done upload is never served.
 */
public final class DiskFileStore implements FileStore {

  private final FileSystem fs;
  /** The metadata of files served, so a download reads none: a stored file never changes, only a delete drops it. */
  private final NodeCache<FileInfo> cache;
  private final Path data;
  private final Path meta;
  private final Path tmp;
  private final Future<Void> ready;

  /** The store under root; its directories are created in the background, before the first save. */
  public DiskFileStore(Vertx vertx, Path root) {
    this.fs = vertx.fileSystem();
    this.cache = NodeCache.of(vertx, "files.info:" + root.toAbsolutePath(), 20_000);
    this.data = root.resolve("data");
    this.meta = root.resolve("meta");
    this.tmp = root.resolve("tmp");
    this.ready = fs.mkdirs(data.toString())
        .compose(v -> fs.mkdirs(meta.toString()))
        .compose(v -> fs.mkdirs(tmp.toString()));
  }

  @Override
  public Future<FileInfo> save(String name, String contentType, UploadStream upload) {
    String partial = tmp.resolve(name + "." + UUID.randomUUID()).toString();
    String partialMeta = partial + ".json";
    CopyOptions atomic = new CopyOptions().setAtomicMove(true).setReplaceExisting(true);
    return ready.compose(v -> fs.open(partial, new OpenOptions().setWrite(true).setCreateNew(true)))
        .compose(file -> upload.pipe().endOnFailure(false).to(file)
            .recover(failure -> file.close().transform(closed -> Future.failedFuture(failure))))
        .map(v -> new FileInfo(name, contentType, upload.size(), upload.md5(), Instant.now()))
        .compose(info -> fs.writeFile(partialMeta, toJson(info).toBuffer())
            .compose(v -> fs.move(partial, data.resolve(name).toString(), atomic))
            .compose(v -> fs.move(partialMeta, metaPath(name), atomic))
            .map(info))
        .recover(failure -> fs.delete(partial).transform(a -> fs.delete(partialMeta))
            .transform(b -> Future.failedFuture(failure)));
  }

  @Override
  public Future<FileInfo> stat(String name) {
    FileInfo cached = cache.get(name);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long mark = cache.mark();
    return fs.readFile(metaPath(name))
        .map(json -> {
          FileInfo info = fromJson(name, json.toJsonObject());
          cache.putUnlessDropped(name, info, mark);
          return info;
        })
        .recover(failure -> missing(failure) ? Future.succeededFuture(null) : Future.failedFuture(failure));
  }

  @Override
  public Optional<String> localPath(FileInfo file) {
    return Optional.of(data.resolve(file.name()).toString());
  }

  @Override
  public Future<ReadStream<Buffer>> read(FileInfo file, long start, long length) {
    return fs.open(data.resolve(file.name()).toString(), new OpenOptions().setRead(true))
        .map(opened -> {
          opened.pause();
          return opened.setReadPos(start).setReadLength(length);
        });
  }

  @Override
  public Future<Boolean> delete(String name) {
    cache.drop(name);
    return fs.delete(metaPath(name))
        .onComplete(deleted -> cache.drop(name))
        .compose(v -> fs.delete(data.resolve(name).toString()).otherwiseEmpty())
        .map(true)
        .recover(failure -> missing(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  private String metaPath(String name) {
    return meta.resolve(name + ".json").toString();
  }

  private static boolean missing(Throwable failure) {
    return failure instanceof FileSystemException && failure.getCause() instanceof NoSuchFileException;
  }

  private static JsonObject toJson(FileInfo info) {
    return new JsonObject().put("contentType", info.contentType()).put("size", info.size())
        .put("etag", info.etag()).put("lastModified", info.lastModified().toEpochMilli());
  }

  private static FileInfo fromJson(String name, JsonObject json) {
    return new FileInfo(name, json.getString("contentType"), json.getLong("size"), json.getString("etag"),
        Instant.ofEpochMilli(json.getLong("lastModified")));
  }
}
