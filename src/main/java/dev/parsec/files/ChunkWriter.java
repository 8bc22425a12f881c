package dev.parsec.files;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Writes a stream into chunk rows on one connection (inside the caller's transaction). At most two
 * inserts are in flight: beyond that the queue is full and the upload waits (back-pressure).
 */
final class ChunkWriter implements WriteStream<Buffer> {

  private static final int MAX_IN_FLIGHT = 2;

  private final SqlConnection connection;
  private final String name;
  private Buffer pending = Buffer.buffer(FileSql.CHUNK);
  private int seq;
  private int inFlight;
  private Future<Void> last = Future.succeededFuture();
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;

  ChunkWriter(SqlConnection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  @Override
  public Future<Void> write(Buffer data) {
    pending.appendBuffer(data);
    Future<Void> written = Future.succeededFuture();
    while (pending.length() >= FileSql.CHUNK) {
      Buffer chunk = pending.getBuffer(0, FileSql.CHUNK);
      pending = pending.getBuffer(FileSql.CHUNK, pending.length());
      written = insert(chunk);
    }
    return written;
  }

  @Override
  public Future<Void> end() {
    if (pending.length() > 0) {
      insert(pending);
      pending = Buffer.buffer();
    }
    // one connection answers in order: the last insert completes after all the others
    return last;
  }

  private Future<Void> insert(Buffer chunk) {
    inFlight++;
    Future<Void> done = connection.preparedQuery(FileSql.INSERT_CHUNK).execute(Tuple.of(name, seq++, chunk)).mapEmpty();
    done.onComplete(result -> {
      inFlight--;
      if (result.failed() && exceptionHandler != null) {
        exceptionHandler.handle(result.cause());
      } else if (inFlight < MAX_IN_FLIGHT && drainHandler != null) {
        Handler<Void> drain = drainHandler;
        drainHandler = null;
        drain.handle(null);
      }
    });
    last = last.compose(v -> done);
    return done;
  }

  @Override
  public boolean writeQueueFull() {
    return inFlight >= MAX_IN_FLIGHT;
  }

  @Override
  public ChunkWriter drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public ChunkWriter exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ChunkWriter setWriteQueueMaxSize(int maxSize) {
    return this;
  }
}
