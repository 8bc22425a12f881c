package dev.parsec.cloud;

/**
 * A call refused on the worker before its code ran, with the Parse error code the caller gets: 142 from a
 * validator, {@link #TOO_MANY_REQUESTS} from a function's rate limit. It crosses the event bus as the
 * failure code of the reply ({@link CloudFailures} turns it back into the caller's error).
 */
final class CloudRefusal extends RuntimeException {

  /** Parse's VALIDATION_ERROR. */
  static final int VALIDATION_ERROR = 142;
  /** Not a Parse code: the failure code a rate-limited call crosses the event bus with (answered 429 with Parse's 100). */
  static final int TOO_MANY_REQUESTS = 429;

  private final int code;

  CloudRefusal(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
