package dev.parsec.gateway;

import dev.parsec.web.RecordedWrite;
import dev.parsec.web.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * An idempotent request whose write is one statement with an answer known before it runs (a plain
 * create, update or delete): the request's record is inserted by a CTE of that statement, so the
 * write and its record commit together in one statement, where {@link Idempotency}'s transaction
 * takes five. A key already recorded fails the statement on the record's primary key, which undoes
 * the write with it; the request is then answered as a retry ({@link Replayed}). A concurrent copy
 * waits on the key's index entry until the first commits, then is answered the first's answer.
 */
public final class IdempotentWrite implements RecordedWrite {

  private static final String KEY_CONSTRAINT = "_parsec_idempotency_pkey";
  private static final String DROP_EXPIRED = "DELETE FROM \"_parsec_idempotency\" WHERE \"key\" = $1 AND \"expires_at\" < now()";

  /** The answer to a retry, in place of the write's: the action fails with it and Idempotency answers it. */
  public static final class Replayed extends RuntimeException {
    final transient Reply reply;

    Replayed(Reply reply) {
      super(null, null, false, false);
      this.reply = reply;
    }
  }

  private final Idempotency idempotency;
  private final Pool pool;
  private final String key;
  private final String hash;

  IdempotentWrite(Idempotency idempotency, Pool pool, String key, String hash) {
    this.idempotency = idempotency;
    this.pool = pool;
    this.key = key;
    this.hash = hash;
  }

  /** {@inheritDoc} Fails with Replayed for a retry. */
  @Override
  public Future<RowSet<Row>> write(String sql, Tuple params, int status, JsonObject body, String location) {
    int n = params.size();
    String recorded = "WITH \"_parsec_write\" AS (" + sql + "), \"_parsec_answer\" AS (INSERT INTO \"_parsec_idempotency\""
        + " (\"key\", \"request_hash\", \"status\", \"response\", \"location\", \"expires_at\") SELECT $" + (n + 1) + ", $" + (n + 2)
        + ", $" + (n + 3) + ", $" + (n + 4) + ", $" + (n + 5) + ", now() + make_interval(secs => $" + (n + 6) + ")"
        + " FROM \"_parsec_write\" LIMIT 1) SELECT * FROM \"_parsec_write\"";
    params.addValue(key).addValue(hash).addValue(status).addValue(body.encode()).addValue(location)
        .addValue((double) idempotency.ttl().toSeconds());
    return execute(recorded, params, true);
  }


  private Future<RowSet<Row>> execute(String sql, Tuple params, boolean first) {
    return pool.preparedQuery(sql).execute(params)
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : nothingWritten(rows))
        .recover(failure -> failure instanceof PgException pg && KEY_CONSTRAINT.equals(pg.getConstraint())
            ? keyTaken(sql, params, first) : Future.failedFuture(failure));
  }

  /** No row to write (so no record): the first call of this request may be what deleted or changed it. */
  private Future<RowSet<Row>> nothingWritten(RowSet<Row> rows) {
    return idempotency.recorded(pool, key, hash).compose(reply -> {
      if (reply == null) {
        return Future.succeededFuture(rows);
      }
      idempotency.replayed();
      return Future.failedFuture(new Replayed(reply));
    });
  }

  /** The record's key is taken: an expired record not purged yet is taken over; any other answers this retry. */
  private Future<RowSet<Row>> keyTaken(String sql, Tuple params, boolean first) {
    Future<Integer> dropped = first ? pool.preparedQuery(DROP_EXPIRED).execute(Tuple.of(key)).map(RowSet::rowCount)
        : Future.succeededFuture(0);
    return dropped.compose(count -> count > 0 ? execute(sql, params, false)
        : idempotency.earlier(pool, key, hash).compose(reply -> Future.failedFuture(new Replayed(reply))));
  }
}
