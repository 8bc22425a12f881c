package dev.parsec.web;

import dev.parsec.error.ParseException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * An idempotent request's write that records its own answer: the write is one statement whose answer
 * is known before it runs, and the record of the request is written by that same statement (the
 * gateway's idempotency implements it).
 */
public interface RecordedWrite {

  /**
   * Runs a write's statement (one with RETURNING) together with the insert of the request's answer,
   * made only if the write returned a row.
   */
  Future<RowSet<Row>> write(String sql, Tuple params, int status, JsonObject body, String location);

  /** A write that cannot record its answer itself though the request was found able to (the class changed meanwhile). */
  static ParseException changedMeanwhile() {
    return new ParseException(ParseException.INTERNAL_SERVER_ERROR, "The class changed while saving; retry.");
  }
}
