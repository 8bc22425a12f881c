package dev.parsec.query;

import io.vertx.sqlclient.Tuple;

/** The bound values of one statement; each value added answers its placeholder. */
public final class SqlParams {

  private final Tuple tuple = Tuple.tuple();

  public String bind(Object value) {
    tuple.addValue(value);
    return "$" + tuple.size();
  }

  public Tuple tuple() {
    return tuple;
  }
}
