package dev.parsec.files;

import dev.parsec.cloud.Triggers;
import dev.parsec.config.FileSettings;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Function;

/**
 * Saving, reading and deleting files as a caller, with the upload rules (who may upload which kinds of file)
 * and the file triggers: what POST and DELETE /files do once they read the call, and what cloud code's data
 * calls do. One per event loop.
 */
public final class FileService {

  private final FileStore store;
  private final UploadPolicy policy;
  private final long maxSize;
  private final String filesUrl;
  private final Triggers triggers;
  private final Function<String, Future<Boolean>> anonymousUser;

  /**
   * @param filesUrl the URL stored names are served under (server_url/files/appId/)
   * @param anonymousUser tells whether a user signed in anonymously (uploads have a rule of their own)
   */
  public FileService(FileStore store, FileSettings settings, String filesUrl, Triggers triggers,
                     Function<String, Future<Boolean>> anonymousUser) {
    this.store = store;
    this.policy = new UploadPolicy(settings);
    this.maxSize = settings.maxSize();
    this.filesUrl = filesUrl;
    this.triggers = triggers;
    this.anonymousUser = anonymousUser;
  }

  public FileStore store() {
    return store;
  }

  /** The URL a stored file is served at. */
  public String url(String storedName) {
    return filesUrl + storedName;
  }

  /**
   * Stores an upload of the caller's under a unique name made of fileName (or the name a beforeSaveFile trigger
   * chose), once the upload rules allow it; tells afterSaveFile.
   *
   * @param contentType the type the caller declared (null: from the name's extension)
   * @param length the bytes' length, -1 when not known ahead
   */
  public Future<FileInfo> save(ParseRequest request, String fileName, String contentType, ReadStream<Buffer> bytes, long length) {
    Future<Boolean> anonymous = request.master() || request.userId() == null
        ? Future.succeededFuture(false) : anonymousUser.apply(request.userId());
    return anonymous.compose(anonymousCaller -> {
      policy.checkCaller(request, anonymousCaller);
      FileNames.check(fileName);
      MediaType type = UploadContentType.of(contentType, fileName);
      String typeName = type.toString();
      policy.checkKind(request, fileName, typeName);
      policy.checkType(request, type);
      return triggers.beforeSaveFile(fileName, typeName, length, request).compose(name -> {
        FileNames.check(name);
        return store.save(FileNames.unique(name), typeName, new UploadStream(bytes, length, maxSize));
      }).onSuccess(saved -> triggers.afterSaveFile(saved.name(), saved.contentType(), saved.size(), url(saved.name()), request));
    });
  }

  /** Stores bytes held in memory (bytes streamed in slices on the context), as {@link #save} does. */
  public Future<FileInfo> save(ParseRequest request, String fileName, String contentType, Buffer bytes, Context context) {
    return save(request, fileName, contentType, new BufferStream(context, bytes), bytes.length());
  }

  /** A stored file's bytes, whole (101 when there is none). */
  public Future<Buffer> read(String name) {
    if (!FileNames.isStored(name)) {
      return Future.failedFuture(ParseException.objectNotFound());
    }
    return store.stat(name).compose(info -> {
      if (info == null) {
        return Future.failedFuture(ParseException.objectNotFound());
      }
      return store.read(info, 0, info.size()).compose(stream -> {
        Promise<Buffer> whole = Promise.promise();
        Buffer bytes = Buffer.buffer((int) Math.min(info.size(), Integer.MAX_VALUE));
        stream.handler(bytes::appendBuffer);
        stream.exceptionHandler(whole::tryFail);
        stream.endHandler(v -> whole.tryComplete(bytes));
        stream.resume();
        return whole.future();
      });
    });
  }

  /**
   * Deletes a stored file, for the master key only, asking beforeDeleteFile and telling afterDeleteFile; 153 when
   * there is no such file.
   */
  public Future<Void> delete(ParseRequest request, String name) {
    if (!request.master()) {
      return Future.failedFuture(ParseException.masterKeyRequired());
    }
    Future<Boolean> deleted = FileNames.isStored(name)
        ? triggers.beforeDeleteFile(name, request).compose(v -> store.delete(name)).onSuccess(done -> {
          if (done) {
            triggers.afterDeleteFile(name, request);
          }
        })
        : Future.succeededFuture(false);
    return deleted.compose(done -> done ? Future.succeededFuture()
        : Future.failedFuture(new ParseException(ParseException.FILE_DELETE_ERROR, "Could not delete file.")));
  }
}
