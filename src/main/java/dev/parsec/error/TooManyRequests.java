package dev.parsec.error;

import java.util.Map;

/**
 * A client over a rate limit: 429 with Parse Server's body ({"code":100,"error":"Too many requests."}), and
 * the headers that tell when to try again (Retry-After, RateLimit).
 */
public final class TooManyRequests extends ParseException {

  private final transient Map<String, String> headers;

  public TooManyRequests(Map<String, String> headers) {
    super(CONNECTION_FAILED, "Too many requests.", 429);
    this.headers = Map.copyOf(headers);
  }

  public Map<String, String> headers() {
    return headers;
  }
}
