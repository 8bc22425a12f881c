package dev.parsec.livequery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One change's messages to one event loop's subscribers, written a slice at a time. Between slices the
 * loop reads its sockets (requests, and the replies of PostgreSQL and Redis that requests wait for), so a
 * change for thousands of subscribers does not hold up the requests the loop serves, among them the
 * write that made the change.
 */
final class FanOut {

  private static final int SLICE = 512;

  private final List<List<Subscription>> audiences = new ArrayList<>();
  private final List<byte[]> heads = new ArrayList<>();
  private int audience;
  private int next;

  /** Adds an audience's subscriptions and the part of its message they share. */
  void add(List<Subscription> subscriptions, byte[] head) {
    audiences.add(subscriptions);
    heads.add(head);
  }

  /** Writes every message, one slice per turn of the loop; completes once the last one is written. */
  Future<Void> run(ContextInternal loop, FrameWriter frames) {
    Promise<Void> done = Promise.promise();
    slice(loop, frames, done);
    return done.future();
  }

  private void slice(ContextInternal loop, FrameWriter frames, Promise<Void> done) {
    try {
      int sent = 0;
      for (; audience < audiences.size(); audience++, next = 0) {
        List<Subscription> subscriptions = audiences.get(audience);
        for (; next < subscriptions.size(); next++) {
          if (sent++ == SLICE) {
            // a task scheduled now runs after the loop's next poll of its sockets, unlike one queued now
            loop.nettyEventLoop().schedule(() -> loop.dispatch(v -> slice(loop, frames, done)), 0, TimeUnit.NANOSECONDS);
            return;
          }
          subscriptions.get(next).send(frames, heads.get(audience));
        }
      }
      done.complete();
    } catch (RuntimeException e) {
      done.fail(e);
    }
  }
}
