package dev.parsec.cloud;

import dev.parsec.error.ParseException;
import dev.parsec.error.TooManyRequests;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Map;

/**
 * What a worker's failure of a function or trigger is for the caller: the code it failed with (a validator's or rate
 * limit's {@link CloudRefusal}, a {@link ParseError}'s own), or 141.
 */
final class CloudFailures {

  private CloudFailures() {
  }

  /** @param timedOut the message of 124 when the worker did not answer in time */
  static Throwable refused(String timedOut, Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return failure;
    }
    if (reply.failureType() == ReplyFailure.TIMEOUT) {
      return new ParseException(124, timedOut);
    }
    return switch (reply.failureCode()) {
      case CloudRefusal.VALIDATION_ERROR -> new ParseException(CloudRefusal.VALIDATION_ERROR, reply.getMessage());
      case CloudRefusal.TOO_MANY_REQUESTS -> new TooManyRequests(Map.of());
      default -> new ParseException(reply.failureCode() > 0 ? reply.failureCode() : FunctionRunner.SCRIPT_FAILED, reply.getMessage());
    };
  }
}
