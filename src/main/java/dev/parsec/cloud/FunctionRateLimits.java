package dev.parsec.cloud;

import dev.parsec.gateway.RateCounters;
import dev.parsec.gateway.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The rate limits of a worker's functions ({@link Validator#rateLimit}): each call counted, before it runs,
 * in the gateway's counters, which every node of the cluster shares, so a limit holds whichever worker a
 * call reaches. The master key is not counted, as in Parse Server.
 */
final class FunctionRateLimits {

  private final RateCounters counters;
  /** The refusals of each function that has a limit, by its name. */
  private final Map<String, Counter> refusals;

  private FunctionRateLimits(RateCounters counters, Map<String, Counter> refusals) {
    this.counters = counters;
    this.refusals = refusals;
  }

  /**
   * The limits of a worker's validators (by kind: function.NAME and the triggers'), counting on the caller's
   * context; no counters at all when no function has a limit.
   */
  static FunctionRateLimits of(Vertx vertx, Map<String, Validator> validators, MeterRegistry meters) {
    Map<String, Counter> refusals = new HashMap<>();
    validators.forEach((kind, validator) -> {
      if (kind.startsWith(Cloud.FUNCTION) && validator.rateLimitCount() > 0) {
        String function = kind.substring(Cloud.FUNCTION.length());
        refusals.put(function, RateLimiter.refusalCounter(meters, "function", function));
      }
    });
    return new FunctionRateLimits(refusals.isEmpty() ? null : RateCounters.of(vertx), refusals);
  }

  /** Counts the call; fails with {@link CloudRefusal#TOO_MANY_REQUESTS} when it is over the function's limit. */
  Future<Void> admit(String function, Validator validator, JsonObject call) {
    if (counters == null || validator == null || validator.rateLimitCount() == 0 || call.getBoolean("master", false)) {
      return Future.succeededFuture();
    }
    long window = validator.rateLimitWindow().toMillis();
    long now = System.currentTimeMillis();
    String key = "function|" + function + "|" + subject(validator.rateZone(), call) + "|" + now / window;
    return counters.increment(key, window, validator.rateLimitCount()).compose(count -> {
      if (count <= validator.rateLimitCount()) {
        return Future.succeededFuture();
      }
      refusals.get(function).increment();
      return Future.failedFuture(new CloudRefusal(CloudRefusal.TOO_MANY_REQUESTS, "Too many requests."));
    });
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
