package dev.parsec.gateway;

import io.vertx.core.Future;

/** Counts requests per key within a window, for every node alike. */
interface RateCounters {

  /** Adds one request to the key's window and answers its count so far (limit: what the rule allows in it). */
  Future<Long> increment(String key, long windowMillis, long limit);
}
