package dev.parsec.error;

/** A request without a valid application id, or needing the master key: 403 {"error": "unauthorized..."} as Parse Server sends it. */
public class Unauthorized extends RuntimeException {
  public Unauthorized(String message) {
    super(message, null, false, false);
  }
}
