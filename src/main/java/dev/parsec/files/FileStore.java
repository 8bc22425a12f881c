package dev.parsec.files;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.Optional;

/**
 * Where file bytes live. Every operation streams: nothing holds a whole file in memory. A save that
 * fails (the upload is cut, too large, or storage fails) leaves nothing behind.
 */
public interface FileStore {

  /** Stores the upload under the name, which no other file has; completes once it is durable. */
  Future<FileInfo> save(String name, String contentType, UploadStream upload);

  /** The file's metadata, or null when there is no such file. */
  Future<FileInfo> stat(String name);

  /** The file's bytes from start, length of them, paused until the caller pipes them. */
  Future<ReadStream<Buffer>> read(FileInfo file, long start, long length);

  /**
   * The file on this node's disk, when the store keeps it there: a download then goes from the file
   * to the socket by the kernel (sendfile), without passing through Parsec's memory.
   */
  default Optional<String> localPath(FileInfo file) {
    return Optional.empty();
  }

  /** Deletes the file; false when there was no such file. */
  Future<Boolean> delete(String name);
}
