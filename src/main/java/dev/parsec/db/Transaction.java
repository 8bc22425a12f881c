package dev.parsec.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A PostgreSQL transaction that several writes share (a transactional batch, an idempotent request),
 * with what must happen only once it committed: LiveQuery events, cache invalidations, afterSave
 * triggers. Nothing registered runs if the transaction rolls back.
 */
public final class Transaction implements SqlClient {

  private final SqlConnection connection;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Future<?>> unawaited = new ArrayList<>();

  private Transaction(SqlConnection connection) {
    this.connection = connection;
  }

  /**
   * Runs work in one transaction, then what it registered to run after the commit. BEGIN is not
   * awaited: the work's first statement follows it on the connection at once (pipelined), which
   * spares a round trip to PostgreSQL; so does COMMIT, sent behind the statements given to
   * {@link #beforeCommit}.
   */
  public static <T> Future<T> run(Pool pool, Function<Transaction, Future<T>> work) {
    TransactionSlots slots = TransactionSlots.of(pool);
    if (slots == null) {
      return inConnection(pool, work);
    }
    return slots.take().compose(turn -> inConnection(pool, work).onComplete(done -> slots.give()));
  }

  /**
   * Keeps one of the pool's connections for statements made outside transactions: at most size - 1 transactions
   * hold its connections at once, the next wait for one to end ({@link TransactionSlots}).
   */
  public static void keepOneOutside(Pool pool, int size) {
    TransactionSlots.limit(pool, size - 1);
  }

  private static <T> Future<T> inConnection(Pool pool, Function<Transaction, Future<T>> work) {
    return pool.getConnection().compose(connection -> {
      Transaction tx = new Transaction(connection);
      // a BEGIN that failed fails the connection's next statements too: the connection is gone
      tx.unawaited.add(connection.query("BEGIN").execute());
      return started(work, tx)
          .compose(result -> tx.commit().map(result),
              failure -> connection.query("ROLLBACK").execute().transform(v -> Future.<T>failedFuture(failure)))
          .onComplete(done -> connection.close())
          .onSuccess(result -> tx.afterCommit.forEach(Runnable::run));
    });
  }

  /** The work's Future; work that throws instead of failing it fails it, so its connection is still rolled back and closed. */
  private static <T> Future<T> started(Function<Transaction, Future<T>> work, Transaction tx) {
    try {
      return work.apply(tx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A statement of this transaction the work need not wait for: COMMIT is sent right behind it, and
   * if it failed the transaction rolls back (PostgreSQL ends a failed transaction's COMMIT with a
   * rollback) and the work fails with its error.
   */
  public void beforeCommit(Future<?> statement) {
    unawaited.add(statement);
  }

  private Future<Void> commit() {
    Future<?> commit = connection.query("COMMIT").execute();
    List<Future<?>> all = new ArrayList<>(unawaited);
    all.add(commit);
    return Future.join(all).transform(done -> {
      for (Future<?> statement : all) {
        if (statement.failed()) {
          return Future.failedFuture(statement.cause());
        }
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Runs work in the caller's transaction when it has one (a transactional batch, an idempotent
   * request), else in a transaction of its own.
   */
  public static <T> Future<T> within(Pool pool, SqlClient given, Function<SqlClient, Future<T>> work) {
    return given != null ? work.apply(given) : run(pool, work::apply);
  }

  /**
   * Runs action once db's writes are committed: at once when db is not a shared transaction (the
   * caller's own write has committed by then), else when the transaction commits.
   */
  public static void afterCommit(SqlClient db, Runnable action) {
    if (db instanceof Transaction tx) {
      tx.afterCommit.add(action);
    } else {
      action.run();
    }
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return connection.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return connection.preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return connection.preparedQuery(sql, options);
  }

  /** The transaction's connection is closed by {@link #run}, never by a write that shares it. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
