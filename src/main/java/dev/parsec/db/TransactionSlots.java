package dev.parsec.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Map;
import java.util.Queue;
import java.util.WeakHashMap;

/**
 * How many transactions may hold connections of a pool at once: one fewer than its connections, so that the
 * statements a transaction's work makes outside it (a schema, hook or session read on a cache miss) always find a
 * connection. Without it, as many transactions as connections each waited for a connection none of them freed, until
 * the pool gave up (30 s). Transactions beyond the limit wait their turn, first come first served.
 */
final class TransactionSlots {

  private static final Map<Pool, TransactionSlots> BY_POOL = Collections.synchronizedMap(new WeakHashMap<>());

  private final int slots;
  private final Queue<Promise<Void>> waiting = new ArrayDeque<>();
  private int taken;

  private TransactionSlots(int slots) {
    this.slots = slots;
  }

  /** Limits the pool's transactions to slots at once. */
  static void limit(Pool pool, int slots) {
    BY_POOL.put(pool, new TransactionSlots(slots));
  }

  /** The pool's limit, or null when it has none. */
  static TransactionSlots of(Pool pool) {
    return BY_POOL.get(pool);
  }

  /** Completes once the caller holds a slot; {@link #give} returns it. */
  synchronized Future<Void> take() {
    if (taken < slots) {
      taken++;
      return Future.succeededFuture();
    }
    Promise<Void> turn = Promise.promise();
    waiting.add(turn);
    return turn.future();
  }

  void give() {
    Promise<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        taken--;
        return;
      }
    }
    next.complete();
  }
}
