package dev.parsec.cloud;

import dev.parsec.gateway.RateCounters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The rate limits of a worker's functions ({@link Validator#rateLimit}): each call counted, before it runs,
 * in the gateway's counters, which every node of the cluster shares, so a limit holds whichever worker a
 * call reaches. The master key is not counted, as in Parse Server.
 */
final class FunctionRateLimits {

  private final RateCounters counters;

  private FunctionRateLimits(RateCounters counters) {
    this.counters = counters;
  }

  /** The limits of a worker's validators, counting on the caller's context; no counters at all when none has a limit. */
  static FunctionRateLimits of(Vertx vertx, java.util.Collection<Validator> validators) {
    boolean limited = validators.stream().anyMatch(validator -> validator.rateLimitCount() > 0);
    return new FunctionRateLimits(limited ? RateCounters.of(vertx) : null);
  }

  /** Counts the call; fails with {@link CloudRefusal#TOO_MANY_REQUESTS} when it is over the function's limit. */
  Future<Void> admit(String function, Validator validator, JsonObject call) {
    if (counters == null || validator == null || validator.rateLimitCount() == 0 || call.getBoolean("master", false)) {
      return Future.succeededFuture();
    }
    long window = validator.rateLimitWindow().toMillis();
    long now = System.currentTimeMillis();
    String key = "function|" + function + "|" + subject(validator.rateZone(), call) + "|" + now / window;
    return counters.increment(key, window, validator.rateLimitCount()).compose(count -> count > validator.rateLimitCount()
        ? Future.failedFuture(new CloudRefusal(CloudRefusal.TOO_MANY_REQUESTS, "Too many requests."))
        : Future.succeededFuture());
  }

  private static String subject(Validator.RateZone zone, JsonObject call) {
    String address = "ip:" + call.getString("ip");
    JsonObject user = call.getJsonObject("user");
    return switch (zone) {
      case GLOBAL -> "all";
      case USER -> user != null ? "user:" + user.getString("objectId") : address;
      default -> address;
    };
  }
}
