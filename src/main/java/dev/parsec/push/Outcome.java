package dev.parsec.push;

/**
 * What a push service answered for one device: sent; failed; failed because the token is dead (the
 * installation loses it); or worth another try (429, 5xx, a broken connection), after retryAfterMillis
 * when the service said how long (Retry-After), else after the usual backoff (-1).
 */
record Outcome(Kind kind, String reason, long retryAfterMillis) {

  enum Kind { SENT, FAILED, DEAD_TOKEN, RETRY }

  static final Outcome SENT = new Outcome(Kind.SENT, null, -1);

  static Outcome failed(String reason) {
    return new Outcome(Kind.FAILED, reason, -1);
  }

  static Outcome deadToken(String reason) {
    return new Outcome(Kind.DEAD_TOKEN, reason, -1);
  }

  static Outcome retry(String reason, long retryAfterMillis) {
    return new Outcome(Kind.RETRY, reason, retryAfterMillis);
  }

  /** Retry-After in seconds (the services send seconds; an HTTP date is taken as no advice). */
  static long retryAfter(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
