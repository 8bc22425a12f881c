package dev.parsec.files;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;

/**
 * A byte range of a file read back chunk by chunk: the next chunk is queried only once the reader
 * wants more, so a slow client holds at most one chunk in memory.
 */
final class ChunkReader implements ReadStream<Buffer> {

  private final Pool pool;
  private final String name;
  private int seq;
  private int skip;
  private long remaining;
  private long demand = Long.MAX_VALUE;
  private boolean querying;
  private boolean ended;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  ChunkReader(Pool pool, String name, long start, long length) {
    this.pool = pool;
    this.name = name;
    this.seq = (int) (start / FileSql.CHUNK);
    this.skip = (int) (start % FileSql.CHUNK);
    this.remaining = length;
  }

  @Override
  public ChunkReader handler(Handler<Buffer> handler) {
    this.handler = handler;
    next();
    return this;
  }

  @Override
  public ChunkReader endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ChunkReader exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ChunkReader pause() {
    demand = 0;
    return this;
  }

  @Override
  public ChunkReader resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ChunkReader fetch(long amount) {
    demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
    next();
    return this;
  }

  private void next() {
    if (querying || ended || handler == null || demand == 0) {
      return;
    }
    if (remaining == 0) {
      ended = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    querying = true;
    pool.preparedQuery(FileSql.SELECT_CHUNK).execute(Tuple.of(name, seq)).onComplete(result -> {
      querying = false;
      if (result.failed()) {
        fail(result.cause());
        return;
      }
      RowIterator<Row> rows = result.result().iterator();
      if (!rows.hasNext()) {
        fail(new IllegalStateException("file " + name + " lacks chunk " + seq));
        return;
      }
      Buffer chunk = rows.next().getBuffer(0);
      int end = (int) Math.min(chunk.length(), skip + remaining);
      Buffer slice = chunk.slice(skip, end);
      remaining -= end - skip;
      skip = 0;
      seq++;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      if (handler != null) {
        handler.handle(slice);
      }
      next();
    });
  }

  private void fail(Throwable failure) {
    ended = true;
    if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    }
  }
}
