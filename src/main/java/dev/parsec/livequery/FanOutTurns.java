package dev.parsec.livequery;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Turns a node's event loops take to fan a change out to many sockets: at most one loop fewer than
 * the node has (and at least one) write a change's events at once, so that a change with thousands of
 * subscribers never holds every loop, and every core: one stays free for requests, for the event bus
 * and, when subscribers share the machine, for them to read. A loop waits for its turn without
 * blocking; the loop that ends its turn hands it to the next in line, on that loop's own thread.
 */
final class FanOutTurns implements Shareable {

  private record Waiting(Context context, Promise<Void> turn) {
  }

  private final int width;
  private final Queue<Waiting> waiting = new ArrayDeque<>();
  private int taken;

  private FanOutTurns(int width) {
    this.width = width;
  }

  /** The node's turns, made by whichever of its loops asks first. */
  static FanOutTurns of(Vertx vertx, int loops) {
    LocalMap<String, FanOutTurns> holder = vertx.sharedData().getLocalMap("parsec.livequery.turns");
    FanOutTurns fresh = new FanOutTurns(Math.max(1, loops - 1));
    FanOutTurns existing = holder.putIfAbsent("turns", fresh);
    return existing == null ? fresh : existing;
  }

  /** Completes on the given loop's context once it holds a turn; {@link #end} gives it back. */
  Future<Void> take(Context context) {
    synchronized (this) {
      if (taken < width) {
        taken++;
        return Future.succeededFuture();
      }
      Promise<Void> turn = Promise.promise();
      waiting.add(new Waiting(context, turn));
      return turn.future();
    }
  }

  void end() {
    Waiting next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        taken--;
        return;
      }
    }
    next.context().runOnContext(v -> next.turn().complete());
  }
}
