package dev.parsec.files.s3;

import dev.parsec.config.S3Settings;
import dev.parsec.error.ParseException;
import dev.parsec.files.FileInfo;
import dev.parsec.files.FileStore;
import dev.parsec.files.UploadStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files as objects of an S3 bucket, which every node shares. An upload whose length is declared
 * streams straight to S3 in one PUT; one sent chunked, with no length, is first spooled to this
 * node's disk, since a PUT must state its length. S3 stores an object whole or not at all.
 */
public final class S3FileStore implements FileStore {

  private static final Logger LOG = LoggerFactory.getLogger(S3FileStore.class);

  private final S3Bucket bucket;
  private final String prefix;
  private final FileSystem fs;
  private final Path spool;

  /** The store on the bucket; spool is the directory for uploads of unknown length. */
  public S3FileStore(Vertx vertx, S3Settings settings, Path spool) {
    this.bucket = new S3Bucket(vertx, settings);
    this.prefix = settings.prefix();
    this.fs = vertx.fileSystem();
    this.spool = spool;
  }

  @Override
  public Future<FileInfo> save(String name, String contentType, UploadStream upload) {
    Future<String> stored = upload.declaredSize() >= 0
        ? bucket.put(prefix + name, contentType, upload.declaredSize(), upload)
        : spoolThenPut(name, contentType, upload);
    return stored
        .map(etag -> new FileInfo(name, contentType, upload.size(), etag == null ? upload.md5() : etag, Instant.now()))
        .recover(failure -> Future.failedFuture(failure instanceof S3Failure ? couldNotStore(failure) : failure));
  }

  private Future<String> spoolThenPut(String name, String contentType, UploadStream upload) {
    String path = spool.resolve(name + "." + UUID.randomUUID()).toString();
    return fs.mkdirs(spool.toString())
        .compose(v -> fs.open(path, new OpenOptions().setWrite(true).setCreateNew(true)))
        .compose(file -> upload.pipe().endOnFailure(false).to(file)
            .recover(failure -> file.close().transform(closed -> Future.failedFuture(failure))))
        .compose(written -> fs.open(path, new OpenOptions().setRead(true)))
        .compose(file -> bucket.put(prefix + name, contentType, upload.size(), file)
            .eventually(() -> file.close().otherwiseEmpty()))
        .eventually(() -> fs.delete(path).otherwiseEmpty());
  }

  private static ParseException couldNotStore(Throwable failure) {
    LOG.warn("S3 refused a file: {}", failure.getMessage());
    return new ParseException(ParseException.FILE_SAVE_ERROR, "Could not store file.");
  }

  @Override
  public Future<FileInfo> stat(String name) {
    return bucket.head(prefix + name, name);
  }

  @Override
  public Future<ReadStream<Buffer>> read(FileInfo file, long start, long length) {
    return bucket.get(prefix + file.name(), start, length, file.size());
  }

  @Override
  public Future<Boolean> delete(String name) {
    return stat(name).compose(found -> found == null
        ? Future.succeededFuture(false)
        : bucket.delete(prefix + name).map(true));
  }
}
