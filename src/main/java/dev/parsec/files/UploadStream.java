package dev.parsec.files;

import dev.parsec.error.ParseException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload's bytes as they arrive: counted, hashed for the ETag, and failed (so that the store
 * discards what it wrote) once beyond the size limit, or at the end when empty.
 */
public final class UploadStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private final long maxSize;
  private final long declaredSize;
  private final MessageDigest md5;
  private long size;
  private boolean failed;
  private String digest;
  private Handler<Throwable> exceptionHandler;

  /** The upload of declaredSize bytes (-1 when the client did not say) from source. */
  public UploadStream(ReadStream<Buffer> source, long declaredSize, long maxSize) {
    this.source = source;
    this.declaredSize = declaredSize;
    this.maxSize = maxSize;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The length the client declared, -1 when it sent the bytes chunked without one. */
  public long declaredSize() {
    return declaredSize;
  }

  /** The bytes seen so far. */
  public long size() {
    return size;
  }

  /** The hex MD5 of the bytes: to be asked once the stream ended (asking ends the hashing). */
  public String md5() {
    if (digest == null) {
      digest = HexFormat.of().formatHex(md5.digest());
    }
    return digest;
  }

  @Override
  public UploadStream handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : buffer -> {
      if (failed) {
        return;
      }
      size += buffer.length();
      if (size > maxSize) {
        fail(new FileTooLarge(maxSize));
        return;
      }
      md5.update(buffer.getBytes());
      handler.handle(buffer);
    });
    return this;
  }

  @Override
  public UploadStream endHandler(Handler<Void> handler) {
    source.endHandler(handler == null ? null : v -> {
      if (failed) {
        return;
      }
      if (size == 0) {
        fail(new ParseException(ParseException.FILE_SAVE_ERROR, "Invalid file upload."));
        return;
      }
      handler.handle(null);
    });
    return this;
  }

  @Override
  public UploadStream exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    source.exceptionHandler(handler == null ? null : this::fail);
    return this;
  }

  private void fail(Throwable failure) {
    if (!failed) {
      failed = true;
      source.pause();
      if (exceptionHandler != null) {
        exceptionHandler.handle(failure);
      }
    }
  }

  @Override
  public UploadStream pause() {
    source.pause();
    return this;
  }

  @Override
  public UploadStream resume() {
    source.resume();
    return this;
  }

  @Override
  public UploadStream fetch(long amount) {
    source.fetch(amount);
    return this;
  }
}
