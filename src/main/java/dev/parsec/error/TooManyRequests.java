package dev.parsec.error;

/** A client over a rate limit: 429 with Parse Server's body ({"code":100,"error":"Too many requests."}). */
public final class TooManyRequests extends ParseException {

  public TooManyRequests() {
    super(CONNECTION_FAILED, "Too many requests.", 429);
  }
}
