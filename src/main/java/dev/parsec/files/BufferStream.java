package dev.parsec.files;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Bytes already in memory (the JS SDK's base64 upload) as a stream, in slices, honouring demand:
 * the stores take every upload the same way.
 */
final class BufferStream implements ReadStream<Buffer> {

  private static final int SLICE = 64 * 1024;

  private final Context context;
  private final Buffer data;
  private int position;
  private long demand = Long.MAX_VALUE;
  private boolean ended;
  private boolean emitting;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;

  BufferStream(Context context, Buffer data) {
    this.context = context;
    this.data = data;
  }

  @Override
  public BufferStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    schedule();
    return this;
  }

  @Override
  public BufferStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public BufferStream exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public BufferStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public BufferStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public BufferStream fetch(long amount) {
    demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
    schedule();
    return this;
  }

  // emits from a fresh task, never inside the caller's handler call
  private void schedule() {
    if (!emitting && !ended && handler != null && demand > 0) {
      emitting = true;
      context.runOnContext(v -> emit());
    }
  }

  private void emit() {
    emitting = false;
    while (!ended && handler != null && demand > 0) {
      if (position >= data.length()) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
        return;
      }
      int end = Math.min(position + SLICE, data.length());
      Buffer slice = data.slice(position, end);
      position = end;
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      handler.handle(slice);
    }
  }
}
