package dev.parsec.gateway;

import dev.parsec.api.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * An idempotent request whose write is one statement with an answer known before it runs (a plain
 * create): the request's record is inserted by a CTE of that statement, so the write and its record
 * commit together in one statement and one round trip, where {@link Idempotency}'s transaction takes
 * five. A key already recorded fails the statement on the record's primary key, which undoes the
 * write with it; the request is then answered as a retry ({@link Replayed}). A concurrent copy waits
 * on the key's index entry until the first commits, then is answered the first's answer.
 */
public final class IdempotentWrite {

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

  /** Runs the write's statement with the insert of this request's answer; fails with Replayed for a retry. */
  public Future<RowSet<Row>> write(String sql, Tuple params, Reply answer) {
    int n = params.size();
    String recorded = "WITH \"_parsec_answer\" AS (INSERT INTO \"_parsec_idempotency\" (\"key\", \"request_hash\", \"status\","
        + " \"response\", \"location\", \"expires_at\") VALUES ($" + (n + 1) + ", $" + (n + 2) + ", $" + (n + 3) + ", $" + (n + 4)
        + ", $" + (n + 5) + ", now() + make_interval(secs => $" + (n + 6) + "))) " + sql;
    params.addValue(key).addValue(hash).addValue(answer.status()).addValue(Json.encode(answer.body()))
        .addValue(answer.location()).addValue((double) idempotency.ttl().toSeconds());
    return execute(recorded, params, true);
  }

  private Future<RowSet<Row>> execute(String sql, Tuple params, boolean first) {
    return pool.preparedQuery(sql).execute(params).recover(failure -> {
      if (!(failure instanceof PgException pg && KEY_CONSTRAINT.equals(pg.getConstraint()))) {
        return Future.failedFuture(failure);
      }
      // an expired record not purged yet is taken over; any other is the answer to this retry
      Future<Integer> dropped = first ? pool.preparedQuery(DROP_EXPIRED).execute(Tuple.of(key)).map(RowSet::rowCount)
          : Future.succeededFuture(0);
      return dropped.compose(count -> count > 0 ? execute(sql, params, false)
          : idempotency.earlier(pool, key, hash).compose(reply -> Future.failedFuture(new Replayed(reply))));
    });
  }
}
