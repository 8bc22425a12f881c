package dev.parsec.writes;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the single-row INSERTs that requests make on one event loop in one turn of it and sends those of
 * one statement as one pipelined batch: PostgreSQL runs the batch in one implicit transaction, so many rows
 * share one commit (one WAL flush) instead of each waiting for its own. A request waits for nothing it would
 * not have waited for alone: the batch leaves at the end of the loop's turn, and a lone insert goes by itself.
 * When PostgreSQL refuses a batch (one row's unique violation rolls back all of them), each row is sent again
 * by itself, so each request gets its own answer. Each request is answered only after its row is committed.
 */
final class InsertBatches {

  private static final int MOST_ROWS = 64;

  private final Pool pool;
  private final ContextInternal loop;
  private final Map<String, List<Pending>> waiting = new HashMap<>();

  /** A row waiting for its batch, with the context of the request that made it (its trace, its callbacks). */
  private record Pending(Tuple params, ContextInternal caller, Promise<Void> done) {
  }

  /** Batches for the calling event loop's pool; used from another thread, each insert goes alone. */
  InsertBatches(Pool pool) {
    this.pool = pool;
    ContextInternal current = ContextInternal.current();
    this.loop = current == null || !current.isEventLoopContext() ? null : current.unwrap();
  }

  /** Runs the insert, batched with those of the same statement made on this loop in the same turn. */
  Future<Void> insert(String sql, Tuple params) {
    ContextInternal caller = ContextInternal.current();
    if (loop == null || caller == null || caller.unwrap() != loop) {
      return pool.preparedQuery(sql).execute(params).mapEmpty();
    }
    List<Pending> queue = waiting.computeIfAbsent(sql, s -> new ArrayList<>());
    if (queue.isEmpty()) {
      loop.runOnContext(v -> send(sql));
    }
    Pending pending = new Pending(params, caller, caller.promise());
    queue.add(pending);
    if (queue.size() == MOST_ROWS) {
      send(sql);
    }
    return pending.done().future();
  }

  private void send(String sql) {
    List<Pending> batch = waiting.remove(sql);
    if (batch == null) {
      // already sent, full, before the end of the turn
      return;
    }
    if (batch.size() == 1) {
      alone(sql, batch.get(0));
      return;
    }
    List<Tuple> rows = new ArrayList<>(batch.size());
    batch.forEach(pending -> rows.add(pending.params()));
    batch.get(0).caller().emit(v -> pool.preparedQuery(sql).executeBatch(rows).onComplete(result -> {
      if (result.succeeded()) {
        batch.forEach(pending -> pending.done().complete());
      } else if (result.cause() instanceof PgException) {
        // refused, so nothing of it was committed: each row alone tells its own request what was wrong
        batch.forEach(pending -> alone(sql, pending));
      } else {
        // the connection failed: whether the batch committed is unknown, as it would be for each row alone
        batch.forEach(pending -> pending.done().fail(result.cause()));
      }
    }));
  }

  private void alone(String sql, Pending pending) {
    pending.caller().emit(v -> pool.preparedQuery(sql).execute(pending.params()).<Void>mapEmpty().onComplete(pending.done()));
  }
}
