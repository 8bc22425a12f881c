package dev.parsec.livequery;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Steps (a loop's changes, a connection's messages, or its events checked by PostgreSQL) run one after another,
 * each once the one before it completed (failed or not). A step that completes at once lets the next run in the same pass, not
 * inside the completion of the one before: a chain of futures would nest one completion per step waiting, so
 * thousands of changes queued behind one slow step (a schema read while PostgreSQL or its pool is away for seconds)
 * overflowed the loop's stack when it ended, which broke the chain and left that loop's subscribers without events
 * for good, though connected.
 */
final class InOrder {

  private final Queue<Supplier<Future<?>>> waiting = new ArrayDeque<>();
  private boolean running;

  /** Runs the step once every step added before it completed; called on the loop's own thread. */
  void add(Supplier<Future<?>> step) {
    waiting.add(step);
    if (!running) {
      run();
    }
  }

  private void run() {
    running = true;
    Supplier<Future<?>> step;
    while ((step = waiting.poll()) != null) {
      Future<?> done;
      try {
        done = step.get();
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      if (!done.isComplete()) {
        done.onComplete(ended -> run());
        return;
      }
    }
    running = false;
  }
}
